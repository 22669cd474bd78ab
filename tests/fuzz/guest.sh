#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fuzz, guest side: long runs of the hcall fuzzer (guest-bench/fuzz.c)
# on the emulated POWER8 host, kmod's kernel (rm and vm) and Debian's stock
# one, N hcalls each (HVB_GUEST_FUZZ_N, default 200000; on kmod once more
# with the HPT resized under the fuzzer), with the seed
# printed so a failure replays (--guest-args hvbench.seed=S).
#   tests/fuzz/guest.sh OUT
set -uo pipefail
out=$1
n=${HVB_GUEST_FUZZ_N:-200000}
job=$(mktemp)
trap 'rm -f "$job"' EXIT
for kernel in kmod stock; do
	{
		echo 'cd /hvb'
		echo '. /job/fuzz.sh'
		echo 'insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko'
		echo "fuzz_run $kernel-rm rm $n"
		[ $kernel = kmod ] && echo "fuzz_run $kernel-vm vm $n" &&
			echo "fuzz_run $kernel-resize rm $n 0 hvbench.hostile=16"
		echo 'true'
	} > "$job"
	dest=$out/fuzz/guest-$kernel
	rm -rf "$dest"
	start=$(date +%s)
	HVB_TESTBED=$kernel HVB_JOB_FILES=tests/e2e/fuzz.sh testbed/run.sh "$job" "$dest" 7200 \
		> "$out/fuzz/guest-$kernel.log" 2>&1
	rc=$?
	tr -d '\r' < "$dest/console.log" 2>/dev/null | grep -E '^(PASS|FAIL|SKIP): '
	if [ $rc = 0 ]; then
		echo "PASS: fuzz guest: $kernel kernel booted, fuzzed and returned in $(( $(date +%s) - start ))s"
	else
		echo "FAIL: fuzz guest: $kernel kernel run ended with rc $rc (see $out/fuzz/guest-$kernel.log)"
	fi
done
