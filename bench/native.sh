#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/native.sh [BIN [DEST]]: make bench's collector comparison on a POWER8
# host itself, where the wall-clock figures are the real ones and the
# targets are judged on them (BPF <= 3 % of a virtual-mode hcall round trip
# and <= a third of `perf record` of the same tracepoints; no lost events).
# The same job as the emulated run (bench/collect.job.sh), 10 alternated
# rounds by default (HVB_BENCH_ROUNDS, HVB_BENCH_N; HVB_PERF: perf binary).
# make bench runs this very script inside the emulated POWER8 host, so it is
# POSIX sh (busybox there).
#   BIN   hvbench and guest-bench.elf (default out/ppc64le: `make ppc guest`,
#         or copied from an x86 build)
#   DEST  run directories, replaced only when the job completes
#         (default out/bench-native)
set -eu
bin=${1:-out/ppc64le}
dest=${2:-out/bench-native}
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "bench/native.sh: $*" >&2; exit 2; }
[ "$(uname -m)" = ppc64le ] ||
	die "this machine is $(uname -m), not a POWER host: run 'make bench' here (emulated POWER8) or this script on POWER8"
if [ ! -x "$bin/hvbench" ] || [ ! -e "$bin/guest-bench.elf" ]; then
	die "no $bin/hvbench or $bin/guest-bench.elf: build them with 'make ppc guest' or copy out/ppc64le from an x86 build"
fi
[ "$(id -u)" = 0 ] || die "needs root (/dev/kvm, BPF, perf record -a): run it with sudo"
perf=${HVB_PERF:-$(command -v perf || true)}
[ -x "$perf" ] || die "no perf (PATH or HVB_PERF): apt-get install linux-perf"

# an interrupted or failed job leaves its runs in $tmp and DEST as it was
tmp=$dest.tmp.$$
mkdir -p "$tmp"
echo "bench/native.sh: $(grep -m1 '^cpu' /proc/cpuinfo | sed 's/^[^:]*: *//'), kernel $(uname -r); runs in $tmp"
HVB_BIN=$(realpath "$bin") HVB_JOB_OUT=$(realpath "$tmp") HVB_PERF=$perf \
	HVB_BENCH_ROUNDS=${HVB_BENCH_ROUNDS:-10} sh "$here/collect.job.sh" ||
	die "the job failed; its run directories are in $tmp"
rm -rf "$dest"
mv "$tmp" "$dest"
if command -v python3 > /dev/null; then
	"$here/collect-summary.py" "$dest" --native
else
	echo "bench/native.sh: no python3 here: run bench/collect-summary.py $dest --native where there is one"
fi
