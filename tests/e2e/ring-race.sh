#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Race kvm_hv's rm_ring_records against vcpu creation and teardown: flip the
# parameter between 0, 1, 16384 and the maximum in a background loop while
# COMMAND (e.g. "/hvb/hvbench run --smt 4 ...", which creates vcpus) runs
# RUNS times, with the real-mode tracepoints on for every other run (both
# drain paths); then look for kernel complaints.  POSIX sh (busybox), root,
# on the emulated POWER8 host with the instrumented kvm_hv loaded.
#
#   RUNS=6 tests/e2e/ring-race.sh COMMAND [ARG...]   (in the testbed: /job/ring-race.sh)
#
# Prints PASS:/FAIL: lines; exit status 1 if any FAIL.
set -u
param=/sys/module/kvm_hv/parameters/rm_ring_records
ev=/sys/kernel/tracing/events/kvm_hv
max=65536
runs=${RUNS:-6}
failed=0

pass() { echo "PASS: ring-race: $*"; }
fail() { echo "FAIL: ring-race: $*"; failed=1; }

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
[ -w "$param" ] || { fail "$param not writable (kvm_hv loaded? root?)"; exit 1; }
orig=$(cat "$param")

# the bound: a value above the maximum is refused and changes nothing
if echo $((max + 1)) > "$param" 2>/dev/null; then
	fail "rm_ring_records accepted $((max + 1))"
elif [ "$(cat "$param")" != "$orig" ]; then
	fail "a refused write changed rm_ring_records"
else
	pass "rm_ring_records refuses $((max + 1))"
fi

tracing() {	# tracing 0|1: the real-mode tracepoints off or on
	for e in kvm_rm_hcall kvm_rm_cede kvm_rm_lost; do
		[ -w "$ev/$e/enable" ] && echo "$1" > "$ev/$e/enable"
	done
}

flipper=
cleanup() {
	[ -n "$flipper" ] && kill "$flipper" 2>/dev/null && wait "$flipper" 2>/dev/null
	flipper=
	echo "$orig" > "$param"
	tracing 0
}
trap cleanup EXIT INT TERM

marker="kmod-ring-race: start $$"
echo "$marker" > /dev/kmsg

(
	while :; do
		for v in 0 1 16384 $max; do
			echo "$v" > "$param"
		done
	done
) &
flipper=$!

i=1
while [ "$i" -le "$runs" ]; do
	tracing $((i % 2))
	if "$@" > /dev/null 2>&1; then
		pass "run $i/$runs (tracepoints $((i % 2))): $*"
	else
		fail "run $i/$runs (tracepoints $((i % 2))): exit status $?: $*"
	fi
	i=$((i + 1))
done
cleanup

# kernel messages since the marker
log=$(dmesg | sed -n "/$marker/,\$p")
bad=$(echo "$log" | grep -E 'BUG|Oops|WARNING|KASAN|corrupt')
if [ -z "$log" ]; then
	fail "dmesg: start marker gone (log overflowed?), cannot check"
elif [ -n "$bad" ]; then
	fail "dmesg: $(echo "$bad" | head -n 1)"
else
	pass "dmesg has no BUG/Oops/WARNING/KASAN/corrupt"
fi
if [ "$(cat "$param")" = "$orig" ]; then
	pass "rm_ring_records restored to $orig"
else
	fail "rm_ring_records not restored"
fi
exit $failed
