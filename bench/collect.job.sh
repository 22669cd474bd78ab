# SPDX-License-Identifier: GPL-2.0
# The collector comparison, run by bench/native.sh on a POWER8 host and, in
# make bench, inside the emulated POWER8 host with kmod's kernel (HVB_BIN,
# HVB_JOB_OUT, HVB_PERF from there): the guest-seen round trip of a
# virtual-mode hcall (null_vm) and of a real-mode one (h_enter) with no
# collector, --collect bpf (all three collectors, and hcall alone),
# --collect perf and `perf record` of the same tracepoints, alternated so
# drift hits all alike; then 10^6 back-to-back hcalls with both collectors,
# real mode, and (kmod) half of them in virtual mode.
N=${HVB_BENCH_N:-5000}
o=${HVB_JOB_OUT:-/out}
perf=${HVB_PERF:-/usr/bin/perf}
cd "${HVB_BIN:-/hvb}" || exit 1
# -e for each kvm_hv tracepoint named that this kernel has (a stock kernel
# has no kmod tracepoints)
evs() {
	for t in "$@"; do
		[ -d /sys/kernel/tracing/events/kvm_hv/$t ] && printf -- '-e kvm_hv:%s ' $t
	done
}
if [ ! -e /dev/kvm ]; then
	if [ -e /lib/modules/kvm-hv.ko ]; then	# the testbed's initramfs
		insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
	else
		modprobe kvm-hv || exit 1
	fi
fi
for round in $(seq ${HVB_BENCH_ROUNDS:-3}); do
	for c in none bpf perf; do
		./hvbench run -q -n $N -b null_vm,h_enter --collect $c -o $o/$c-$round || exit 1
	done
	./hvbench run -q -n $N -b null_vm,h_enter --collect bpf --bpf hcall -o $o/bpfhcall-$round || exit 1
	# shellcheck disable=SC2046
	"$perf" record -q -a -o $o/perf.data $(evs kvm_hcall_enter kvm_hcall_exit kvm_rm_hcall \
		kvm_rm_lost kvm_guest_enter kvm_guest_exit kvmppc_run_core kvmppc_vcore_blocked \
		kvmppc_vcore_wakeup kvm_rm_cede) \
		-- ./hvbench run -q -n $N -b null_vm,h_enter -o $o/perfrec-$round || exit 1
	"$perf" script -i $o/perf.data 2>/dev/null | grep -c "kvm_hcall_enter:" > $o/perfrec-$round/perf-events.txt
	rm -f $o/perf.data
	# the tracepoints --bpf hcall attaches to, for its like-for-like ratio
	# shellcheck disable=SC2046
	"$perf" record -q -a -o $o/perf.data $(evs kvm_hcall_enter kvm_hcall_exit kvm_rm_hcall kvm_rm_lost) \
		-- ./hvbench run -q -n $N -b null_vm,h_enter -o $o/perfrechcall-$round || exit 1
	rm -f $o/perf.data
done
./hvbench run -q -n 500000 -b h_enter --collect both --timeout 900 -o $o/big || exit 1
# the same with H_ENTER left to virtual mode (kmod's rm_punt; a stock kernel skips it)
if [ -e /sys/module/kvm_hv/parameters/rm_punt ]; then
	./hvbench run -q -n 500000 -b h_enter --mode vm --collect both --timeout 900 -o $o/bigvm || exit 1
fi
rm -f $o/*/events.txt
