# SPDX-License-Identifier: GPL-2.0
# The guest-side hcall fuzzer (guest-bench/fuzz.c) against the kernel this
# emulated POWER8 host booted: sourced by the jobs of every testbed kernel
# (stock, kmod, base) with kvm-hv loaded; defines fuzz_run.
#   fuzz_run LABEL MODE N [SEED [GUEST_ARGS]]   N random/edge hcalls in rm or vm mode
#   (GUEST_ARGS: more of them, e.g. hvbench.hostile=16 to resize the HPT too)
# PASS when hvbench was not killed (the VMM survives), the fuzzer's record
# came back ok (no H_TOO_HARD leaked, the guest's canaries intact) and the
# host's dmesg has no Oops, BUG, WARNING or machine check.
fuzz_step() { if [ "$1" = 0 ]; then echo "PASS: fuzz: $2"; else echo "FAIL: fuzz: $2"; fi; }
fuzz_run() {
	label=$1 mode=$2 n=$3 seed=${4:-0} more=${5:-}
	dmesg -c > /dev/null 2>&1
	start=$(date +%s)
	/hvb/hvbench run -q -n "$n" -b hcall_fuzz --mode "$mode" --timeout 1800 \
		--guest-args "hvbench.seed=$seed${more:+ $more}" -o "/out/fuzz-$label" > /tmp/fuzz.log 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	cat /tmp/fuzz.log
	calls=$(sed -n 's/.*"iterations": \([0-9]*\),*/\1/p' "/out/fuzz-$label/results.json" 2>/dev/null | head -1)
	used=$(grep -o 'seed [0-9]*' "/out/fuzz-$label/console.log" 2>/dev/null | head -1)
	resized=$(grep -o '[0-9]* HPT resizes committed.*' "/out/fuzz-$label/console.log" 2>/dev/null)
	made=$(sed -n 's/.*"hpt_resizes_made": \([0-9]*\).*/\1/p' "/out/fuzz-$label/meta.json" 2>/dev/null)
	[ -n "$more" ] && used="$used, $more, ${made:-0} resizes ended${resized:+, $resized}"
	[ $rc = 0 ] && [ -n "$calls" ]
	fuzz_step $? "$label ($mode): ${calls:-no} random hcalls in ${secs}s, $used, hvbench exit $rc"
	case "$more" in *hostile=16*)
		[ "${made:-0}" -gt 0 ]
		fuzz_step $? "$label ($mode): the guest's HPT resizes reached the kernel (${made:-0} ended)";;
	esac
	if dmesg | grep -E "Oops|BUG:|WARNING:|Unable to handle|[Mm]achine check|Call Trace|KASAN" > /tmp/fuzz-dmesg.txt; then
		head -20 /tmp/fuzz-dmesg.txt
		fuzz_step 1 "$label ($mode): the host's dmesg has an Oops/BUG/WARNING"
	else
		fuzz_step 0 "$label ($mode): the host's dmesg is clean"
	fi
}
