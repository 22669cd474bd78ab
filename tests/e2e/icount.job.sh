# SPDX-License-Identifier: GPL-2.0
# make check, inside the emulated POWER8 host booted under -icount (one
# instruction = 1 ns, guest time counts instructions): the real-mode fast
# paths twice (two run directories), for hvbench compare on the x86 side:
# the two runs of one kernel must compare as unchanged, kmod's kernel
# against the same kernel without the series as regressed, exactly.
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
for r in a b; do
	./hvbench run -q -b null_rm,h_enter,h_read -n 1000 -H 20 --reps 2 --seed 3 -o /out/$r > /tmp/$r.log 2>&1
	echo "icount run $r: exit $?"
	tail -1 /tmp/$r.log
done
true
