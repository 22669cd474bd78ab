# SPDX-License-Identifier: GPL-2.0
# make bench, inside the emulated POWER8 host with kmod's kernel: the
# guest-seen round trip of a virtual-mode hcall (null_vm) and of a
# real-mode one (h_enter) with no collector, --collect bpf and --collect perf,
# alternated so drift hits both alike.
N=${HVB_BENCH_N:-5000}
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
for round in 1 2 3; do
	for c in none bpf perf; do
		./hvbench run -q -n $N -b null_vm,h_enter --collect $c -o /out/$c-$round || exit 1
	done
done
./hvbench run -q -n 500000 -b h_enter --collect both --timeout 900 -o /out/big || exit 1
rm -f /out/*/events.txt
