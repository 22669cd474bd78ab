# SPDX-License-Identifier: GPL-2.0
# make bench, inside the emulated POWER8 host with kmod's kernel: the POWER8
# script itself (bench/native.sh and its job, put in /job/ by testbed/run.sh
# from HVB_JOB_FILES), 3 rounds.  There is no python3 there: bench/run.sh
# summarises on the x86 side.
HVB_BENCH_ROUNDS=3 HVB_PERF=/usr/bin/perf /job/native.sh /hvb /out/collect
