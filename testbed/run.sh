#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the emulated POWER8 host (QEMU powernv8, TCG), run a job script in it
# and bring its /out back.
#
#   testbed/run.sh JOB.sh DESTDIR [TIMEOUT_SEC]
#
# Route back: the host's /init prints /out as a gzipped tar in base64
# between "HVB-TGZ" and "HVB-TGZ-END" on the console (hvc0), which QEMU
# writes to DESTDIR/console.log; this script unpacks it into DESTDIR.
# Nothing else is shared between the two sides, so the route works the same
# under CI, with no network and no disk image.
set -euo pipefail
out=${HVB_OUT:-out}
job=$1 dest=$2 tmo=${3:-300}
# HVB_TESTBED=kmod boots kmod's instrumented kernel, stock (default) Debian's
# HVB_TESTBED=base the same kernel without the series (make bench)
if [ "${HVB_TESTBED:-stock}" = kmod ]; then
	kernel=$out/kmod/build-kmod/vmlinux.strip
	base=$out/testbed/initramfs-kmod.cpio.gz
elif [ "${HVB_TESTBED:-stock}" = base ]; then
	kernel=$out/kmod/build-base/vmlinux.strip
	base=$out/testbed/initramfs-base.cpio.gz
else
	kernel=$(ls "$out"/ppc-rootfs/kernel/boot/vmlinux-* 2>/dev/null | head -1)
	base=$out/testbed/initramfs.cpio.gz
fi
# HVB_KERNEL / HVB_INITRD: any other kernel and its base initramfs (hvbench
# regress: kernels of its own, each with its kvm modules)
kernel=${HVB_KERNEL:-$kernel}
base=${HVB_INITRD:-$base}
. "$(dirname "$0")/qemu-common.sh"
qemu=$(hvb_qemu "$out")
[ -r "$kernel" ] || { echo "testbed: no ppc64le kernel; run 'make deps'" >&2; exit 1; }
[ -r "$base" ] || { echo "testbed: $base missing; run 'make'" >&2; exit 1; }

mkdir -p "$dest"
work=$(mktemp -d)
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "testbed: interrupted; emulated host stopped" >&2; exit 130' INT TERM

mkdir -p "$work/root/job"
cp "$job" "$work/root/job.sh"
# HVB_JOB_FILES: more files the job needs, in /job/ (make bench: bench/native.sh)
for f in ${HVB_JOB_FILES:-}; do cp "$f" "$work/root/job/"; done
(cd "$work/root" && find job.sh job | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$work/job.cpio.gz"
# HVB_WITH_PERF=1: also Debian's ppc64le perf (testbed/perf-cpio.sh, make bench)
extra=
if [ "${HVB_WITH_PERF:-0}" = 1 ]; then
	extra=$out/testbed/perf.cpio.gz
	[ -r "$extra" ] || { echo "testbed: $extra missing; run 'make bench'" >&2; exit 1; }
fi
cat "$base" $extra "$work/job.cpio.gz" > "$work/initrd"

log=$dest/console.log
# meta.json records which emulator ran the host, and whether under -icount
qver=$("$qemu" --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
start=$(date +%s)
# HVB_ICOUNT=1: one thread, instruction counting (1 instruction = 1 ns of
# virtual time), so guest-seen times measure instruction paths (make bench,
# hvbench regress); sleep=off: an idle machine's clock jumps to its next
# timer instead of following the wall clock, so H_CEDE is repeatable too
# (HVB_ICOUNT_SMT=1: the four threads too, one TCG thread round-robin:
# issue 15's SMT-under-icount investigation)
# Under -icount the timebase counts at 1 GHz (testbed/qemu/0003: the
# machine's tb-freq), so that a tick is one instruction: durations the
# guest measures are exact instruction counts (hvbench regress)
machine=powernv8
if [ "${HVB_ICOUNT:-0}" = 1 ]; then machine=powernv8,tb-freq=1000000000; fi
if [ "${HVB_ICOUNT:-0}" = 1 ] && [ "${HVB_ICOUNT_SMT:-0}" = 1 ]; then
	cpu="-smp 4,threads=4 -accel tcg,thread=single -icount shift=0,sleep=off -rtc base=2026-01-01T00:00:00,clock=vm -seed 1"
elif [ "${HVB_ICOUNT:-0}" = 1 ]; then
	cpu="-smp 1 -accel tcg,thread=single -icount shift=0,sleep=off -rtc base=2026-01-01T00:00:00,clock=vm -seed 1"
else
	cpu="-smp 4,threads=4 -accel tcg,thread=multi"
fi
# The monitor on two FIFOs (QEMU opens them read-write, so nothing blocks
# while nobody listens): on a hang the watchdog asks it where every thread is
mkfifo "$work/mon.in" "$work/mon.out"
# shellcheck disable=SC2086
"$qemu" -L /usr/share/qemu -M $machine -cpu POWER8 $cpu -m 2G \
	-kernel "$kernel" -initrd "$work/initrd" \
	-append "console=hvc0 quiet hvbench.qemu=$qver hvbench.icount=${HVB_ICOUNT:-0} ${HVB_APPEND:-}" -nographic -no-reboot \
	-monitor "pipe:$work/mon" < /dev/null > "$log" 2>&1 &
qpid=$!
set +e
hvb_qemu_watch "$qpid" "$tmo" "$log" HVB-JOB-DONE "$work/mon" "$dest/hang.txt" "$dest/stalls.txt"
rc=$?
set -e
qpid=
secs=$(( $(date +%s) - start ))
# name the addresses: kmod's build has System.map, Debian's System.map-VERSION
map=$(ls "$(dirname "$kernel")"/System.map* 2>/dev/null | head -1)
for f in "$dest/hang.txt" "$dest/stalls.txt"; do
	if [ -s "$f" ] && [ -n "$map" ]; then
		hvb_qemu_symbolize "$map" "$f" >> "$f"
	fi
done
hvb_qemu_ended testbed "$rc" "$tmo" "$log" HVB-JOB-DONE "$dest/hang.txt" || exit $?
# /out comes back as one gzipped tar between HVB-TGZ and HVB-TGZ-END
# (a kernel message printed meanwhile is no base64 line: left out)
if ! tr -d '\r' < "$log" | sed -n '/^HVB-TGZ$/,/^HVB-TGZ-END$/{/^HVB-TGZ/d;p}' |
	grep -E '^[A-Za-z0-9+/=]+$' | base64 -d |
	tar -C "$dest" -xzf - 2>"$work/untar.err"; then
	echo "testbed: error: the files sent back over the console do not unpack ($(head -1 "$work/untar.err")). Console: $log" >&2
	exit 1
fi
jobrc=$(tr -d '\r' < "$log" | sed -n 's/^HVB-JOB-DONE rc=//p')
echo "testbed: emulated POWER8 host ran $job in ${secs}s (job rc=$jobrc); files in $dest"
exit "$jobrc"
