# SPDX-License-Identifier: GPL-2.0
# make bench, inside the emulated POWER8 host booted with -icount (one
# thread, 1 instruction = 1 ns): the guest-seen round trip of a
# virtual-mode hcall (null_vm) with no collector and with each BPF
# collector, the trace-record variant, the raw collector and `perf
# record` of the same tracepoints, so each inflation is an instruction
# count, the same in every run.
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
run() { # name, hvbench args...
	n=$1; shift
	./hvbench run -q -n ${N:-2000} --raw 1024 -b null_vm "$@" -o /out/ic-$n || exit 1
}
run none --collect none
run hcall --collect bpf --bpf hcall
# the kvm_hcall_enter/exit pairs a stock kernel needs, on this kernel
HVB_PAIRS=1 run pairs --collect bpf --bpf hcall
# 20000 back-to-back hcalls: the ring hvbench sizes (--hcall-ring auto,
# 65536 records) drains after the timed loop; at the kernel's default of
# 16384, two half-ring drains (8192 records) land in it
N=20000 run long-none --collect none
N=20000 run long-hcall --collect bpf --bpf hcall
N=20000 run long-default --collect bpf
N=20000 run long-perf --collect perf
N=20000 run long16k-none --collect none --hcall-ring 16384
N=20000 run long16k-hcall --collect bpf --bpf hcall --hcall-ring 16384
N=20000 run long16k-perf --collect perf --hcall-ring 16384
run exits --collect bpf --bpf exits
run vcore --collect bpf --bpf vcore
run default --collect bpf
run all --collect bpf --bpf hcall,exits,vcore
HVB_BPF_TRACEPOINTS=1 run hcall-tp --collect bpf --bpf hcall
run perf --collect perf
# perf record of the same tracepoints (all three collectors', hcall's)
for t in all hcall; do
	ev="-e kvm_hv:kvm_hcall_enter -e kvm_hv:kvm_hcall_exit -e kvm_hv:kvm_rm_hcall -e kvm_hv:kvm_rm_lost"
	[ $t = all ] && ev="$ev -e kvm_hv:kvm_guest_enter -e kvm_hv:kvm_guest_exit -e kvm_hv:kvmppc_run_core -e kvm_hv:kvmppc_vcore_blocked -e kvm_hv:kvmppc_vcore_wakeup -e kvm_hv:kvm_rm_cede"
	# shellcheck disable=SC2086
	/usr/bin/perf record -q -a -o /tmp/perf.data $ev -- \
		./hvbench run -q -n 2000 --raw 1024 -b null_vm -o /out/ic-perfrec-$t || exit 1
	rm -f /tmp/perf.data
done
rm -f /out/*/events.txt
