# SPDX-License-Identifier: GPL-2.0
# make bench, inside the emulated POWER8 host booted with -icount (one
# thread, 1 instruction = 1 ns): real-mode hcalls whose guest-seen round
# trip is then an instruction count of kvm-hv's real-mode path.
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko
./hvbench run -q -n 2000 --raw 1024 -b null_rm,h_enter,h_remove,h_read,null_vm -o /out/icount
