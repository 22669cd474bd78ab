# SPDX-License-Identifier: GPL-2.0
# make bench, inside the emulated POWER8 host with kmod's kernel: the
# guest-seen round trip of a virtual-mode hcall (null_vm) and of a
# real-mode one (h_enter) with no collector, --collect bpf (all three
# collectors, and hcall alone), --collect perf
# and `perf record` of the same tracepoints (Debian's ppc64le perf,
# testbed/perf-cpio.sh), alternated so drift hits all alike.
N=${HVB_BENCH_N:-5000}
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
for round in 1 2 3; do
	for c in none bpf perf; do
		./hvbench run -q -n $N -b null_vm,h_enter --collect $c -o /out/$c-$round || exit 1
	done
	./hvbench run -q -n $N -b null_vm,h_enter --collect bpf --bpf hcall -o /out/bpfhcall-$round || exit 1
	/usr/bin/perf record -q -a -o /tmp/perf.data \
		-e kvm_hv:kvm_hcall_enter -e kvm_hv:kvm_hcall_exit -e kvm_hv:kvm_rm_hcall \
		-e kvm_hv:kvm_rm_lost -e kvm_hv:kvm_guest_enter -e kvm_hv:kvm_guest_exit \
		-e kvm_hv:kvmppc_run_core -e kvm_hv:kvmppc_vcore_blocked \
		-e kvm_hv:kvmppc_vcore_wakeup -e kvm_hv:kvm_rm_cede \
		-- ./hvbench run -q -n $N -b null_vm,h_enter -o /out/perfrec-$round || exit 1
	/usr/bin/perf script -i /tmp/perf.data 2>/dev/null | grep -c "kvm_hcall_enter:" > /out/perfrec-$round/perf-events.txt
	rm -f /tmp/perf.data
	# the tracepoints --bpf hcall attaches to, for its like-for-like ratio
	/usr/bin/perf record -q -a -o /tmp/perf.data \
		-e kvm_hv:kvm_hcall_enter -e kvm_hv:kvm_hcall_exit -e kvm_hv:kvm_rm_hcall \
		-e kvm_hv:kvm_rm_lost \
		-- ./hvbench run -q -n $N -b null_vm,h_enter -o /out/perfrechcall-$round || exit 1
	rm -f /tmp/perf.data
done
./hvbench run -q -n 500000 -b h_enter --collect both --timeout 900 -o /out/big || exit 1
rm -f /out/*/events.txt
