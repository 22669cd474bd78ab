# SPDX-License-Identifier: GPL-2.0
# Sourced by the testbed's /init (so it never exits): hvbench regress, inside the emulated POWER8 host booted under -icount
# (1 instruction = 1 ns of guest time): the fast-path bench set, one run
# directory.  /job/regress.args (written by hvbench regress) sets
# BENCHES, MODES and N; -n and --raw are equal so that every sample is
# kept (the verdict counts instructions from the samples themselves).
cd /hvb
BENCHES= MODES= N=
[ -r /job/regress.args ] && . /job/regress.args
# auto: vm mode where kmod's switch is in the kernel (its rm_punt)
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko
if [ "$MODES" = auto ]; then
	MODES=rm
	[ -e /sys/module/kvm_hv/parameters/rm_punt ] && MODES=rm,vm
fi
[ -n "$BENCHES" ] && [ -n "$N" ] || echo "regress: no bench set in /job/regress.args"
./hvbench run -q -b "$BENCHES" --mode "$MODES" -n "$N" --raw "$N" -H 20 --reps 1 --seed 1 \
	-o /out/run > /tmp/regress.log 2>&1
rc=$?
tail -3 /tmp/regress.log
echo "regress run: exit $rc"
