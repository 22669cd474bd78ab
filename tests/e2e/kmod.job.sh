# SPDX-License-Identifier: GPL-2.0
# Runs inside the emulated POWER8 host booted with kmod's kernel (sourced by
# /init): real-mode records, the rm/vm switch, lost records, dmesg.
N=${HVB_N:-1000}
BIG=${HVB_BIG:-1000000}
cd /hvb
T=/sys/kernel/tracing
P=/sys/module/kvm_hv/parameters
step() { if [ "$1" = 0 ]; then echo "PASS: kmod: $2"; else echo "FAIL: kmod: $2"; fi; }
ev() { echo "$2" > $T/events/kvm_hv/$1/enable; }
count() { grep -c "$1" /tmp/trace.txt; }
trace_run() { # name, hvbench args...
	local name=$1; shift
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo 1 > $T/tracing_on
	./hvbench run -q "$@" -o /out/$name
	local rc=$?
	echo 0 > $T/tracing_on
	cat $T/trace > /tmp/trace.txt
	overrun=$(grep -h overrun $T/per_cpu/cpu*/stats | awk '{s += $2} END {print s + 0}')
	return $rc
}

insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko
[ -e $P/rm_punt ] && [ -e $P/rm_ring_records ] && [ -e $T/events/kvm_hv/kvm_rm_hcall ] && [ -e $T/events/kvm_hv/kvm_rm_cede ] && [ -e $T/events/kvm_hv/kvm_rm_lost ]
step $? "instrumented kvm-hv: rm_punt, rm_ring_records, kvm_rm_hcall, kvm_rm_cede, kvm_rm_lost present"

echo 16384 > $T/buffer_size_kb
for e in kvm_rm_hcall kvm_rm_cede kvm_rm_lost kvm_hcall_enter kvm_hcall_exit; do ev $e 1; done

trace_run rm -n $N --mode rm
step $? "hvbench run --mode rm -n $N"
rm_enter=$(count "kvm_rm_hcall: VCPU 0: hcall=H_ENTER ret=H_SUCCESS")
rm_enter_all=$(count "kvm_rm_hcall: VCPU 0: hcall=H_ENTER ")
vm_enter=$(count "kvm_hcall_enter: VCPU 0: hcall=H_ENTER ")
rm_remove=$(count "kvm_rm_hcall: VCPU 0: hcall=H_REMOVE ret=H_SUCCESS")
echo "rm: kvm_rm_hcall H_ENTER $rm_enter_all ($rm_enter H_SUCCESS), H_REMOVE $rm_remove, kvm_hcall_enter H_ENTER $vm_enter, overrun $overrun"
[ "$rm_enter" = $N ] && [ "$rm_enter_all" = $N ] && [ "$overrun" = 0 ]
step $? "rm: $N H_ENTERs give exactly $N kvm_rm_hcall H_ENTER events, all H_SUCCESS as the guest saw ($rm_enter_all)"
[ "$vm_enter" = 0 ]
step $? "rm: no kvm_hcall_enter for H_ENTER ($vm_enter)"
[ "$rm_remove" = $N ]
step $? "rm: the paired H_REMOVEs are real-mode records too ($rm_remove)"
grep -m1 "kvm_rm_hcall: VCPU 0: hcall=H_ENTER" /tmp/trace.txt

trace_run vm -n $N --mode vm
step $? "hvbench run --mode vm -n $N"
rm_enter=$(count "kvm_rm_hcall: VCPU 0: hcall=H_ENTER ")
vm_enter=$(count "kvm_hcall_enter: VCPU 0: hcall=H_ENTER ")
vm_exit=$(grep -A1 "kvm_hcall_enter: VCPU 0: hcall=H_ENTER " /tmp/trace.txt | grep -c "kvm_hcall_exit: VCPU 0: ret=RESUME_GUEST hcall_rc=H_SUCCESS")
echo "vm: kvm_hcall_enter H_ENTER $vm_enter, exits paired $vm_exit, kvm_rm_hcall H_ENTER $rm_enter, overrun $overrun, rm_punt now '$(cat $P/rm_punt)'"
[ "$vm_enter" = $N ] && [ "$vm_exit" = $N ] && [ "$overrun" = 0 ]
step $? "vm: $N kvm_hcall_enter/exit pairs for H_ENTER ($vm_enter/$vm_exit)"
[ "$rm_enter" = 0 ]
step $? "vm: no real-mode records for H_ENTER ($rm_enter)"
[ -z "$(cat $P/rm_punt)" ]
step $? "rm_punt restored after the run"
grep -m1 "kvm_hcall_enter: VCPU 0: hcall=H_ENTER" /tmp/trace.txt

# real-mode H_PUT_TCE on an emulated TCE table, read back by H_GET_TCE
trace_run tce -n $N --bench h_put_tce --mode rm
step $? "hvbench run --bench h_put_tce -n $N: every H_PUT_TCE succeeded and H_GET_TCE read each entry back"
rm_put=$(count "kvm_rm_hcall: VCPU 0: hcall=H_PUT_TCE ret=H_SUCCESS")
punted=$(count "kvm_rm_hcall: VCPU 0: hcall=H_PUT_TCE ret=H_TOO_HARD")
rm_get=$(count "kvm_rm_hcall: VCPU 0: hcall=H_GET_TCE ret=H_SUCCESS")
vm_put=$(count "kvm_hcall_enter: VCPU 0: hcall=H_PUT_TCE ")
pages=$(( (N + 511) / 512 ))
echo "tce: kvm_rm_hcall H_PUT_TCE $rm_put ok + $punted punted (first touch of $pages table pages), H_GET_TCE $rm_get, kvm_hcall_enter H_PUT_TCE $vm_put"
# N timed calls + 1 past the window (real mode leaves errors to virtual
# mode, which answers H_PARAMETER)
[ $((rm_put + punted)) = $((N + 1)) ] && [ "$punted" = $((pages + 1)) ] && [ "$vm_put" = $((pages + 1)) ]
step $? "tce: real mode handled $rm_put of $N H_PUT_TCEs; only the $pages that had to allocate a table page and the one past the window went to virtual mode"
[ "$rm_get" = $N ]
step $? "tce: all $N H_GET_TCEs handled in real mode ($rm_get)"
grep -m1 "kvm_rm_hcall: VCPU 0: hcall=H_PUT_TCE ret=H_SUCCESS" /tmp/trace.txt

trace_run tcevm -n $N --bench h_put_tce --mode vm
step $? "hvbench run --bench h_put_tce --mode vm -n $N"
rm_put=$(count "kvm_rm_hcall: VCPU 0: hcall=H_PUT_TCE ")
vm_put=$(count "kvm_hcall_enter: VCPU 0: hcall=H_PUT_TCE ")
[ "$rm_put" = 0 ] && [ "$vm_put" = $((N + 1)) ]
step $? "tce vm: $vm_put kvm_hcall_enter H_PUT_TCE ($N timed + 1 past the window), $rm_put real-mode records"

# H_CEDE on a one-thread vcore: real mode sees every thread ceded and hands
# the vcore to the host (no nap); kvm_rm_cede records it
C=20
trace_run cede -n $C -b h_cede --mode rm
step $? "hvbench run -b h_cede -n $C: every cede woken by its decrementer"
cede=$(count "kvm_rm_cede: VCPU 0: ")
cede_exit=$(count "kvm_rm_cede: VCPU 0: .* napped=0 wake=none .* napping_threads=1/0x1 exited=1")
echo "cede: kvm_rm_cede $cede, of which exited without nap $cede_exit"
[ "$cede" = $C ] && [ "$cede_exit" = $C ]
step $? "cede: $C kvm_rm_cede events, each: all threads ceded, no nap, vcore to the host ($cede_exit)"
grep -m1 "kvm_rm_cede:" /tmp/trace.txt

trace_run cedevm -n $C -b h_cede --mode vm
step $? "hvbench run -b h_cede --mode vm"
cede=$(count "kvm_rm_cede: VCPU 0: ")
vm_cede=$(count "kvm_hcall_enter: VCPU 0: hcall=H_CEDE ")
[ "$cede" = 0 ] && [ "$vm_cede" = $C ]
step $? "cede vm: $vm_cede kvm_hcall_enter H_CEDE, $cede kvm_rm_cede"

# the BPF collector sees what the guest did, in both modes
./hvbench run -q -n $N --collect bpf --mode rm -o /out/bpfrm
step $? "hvbench run --collect bpf --mode rm"
./hvbench run -q -n $N --collect bpf --bpf hcall,exits,vcore --mode vm -o /out/bpfvm
step $? "hvbench run --collect bpf --mode vm"
./hvbench run -q -n $N --collect bpf --bpf hcall --mode vm -o /out/bpfhcall
step $? "hvbench run --collect bpf --bpf hcall --mode vm"
HVB_BPF_TRACEPOINTS=1 ./hvbench run -q -n $N --collect both --bpf hcall,exits,vcore --mode vm -o /out/bothvmtp
step $? "hvbench run --collect both --mode vm, BPF on trace records (HVB_BPF_TRACEPOINTS=1)"
./hvbench run -q -n $N --collect both --mode rm -o /out/bothrm
step $? "hvbench run --collect both --mode rm"
./hvbench run -q -n $N --collect both --mode vm -o /out/bothvm
step $? "hvbench run --collect both --mode vm"
[ "$(wc -l < /out/bothrm/events.txt)" -ge $((2 * N)) ]
step $? "the raw collector kept every event in events.txt ($(wc -l < /out/bothrm/events.txt) lines)"
./hvbench run -q -n 500000 -b h_enter --collect both --timeout 600 -o /out/bothbig
step $? "10^6 back-to-back real-mode hcalls (500000 H_ENTER + H_REMOVE) with both collectors"
# (make bench runs 10^6 of these; 2 x 10^5 here keeps make check's time)
./hvbench run -q -n 100000 -b h_enter --mode vm --collect both --timeout 600 -o /out/bothbigvm
step $? "2 x 10^5 back-to-back hcalls, H_ENTER in virtual mode (punted) + H_REMOVE in real mode, with both collectors"
# the per-hcall tracepoints on this kernel too (HVB_PAIRS=1): the stock kernel's way
HVB_PAIRS=1 ./hvbench run -q -n $N --collect both --mode vm -o /out/bothpairs
step $? "hvbench run --collect both --mode vm on kvm_hcall_enter/exit pairs (HVB_PAIRS=1)"
rm -f /out/*/events.txt

# 10^6 back-to-back real-mode hcalls (H_ENTER + H_REMOVE pairs): nothing lost
for e in kvm_rm_hcall kvm_hcall_enter kvm_hcall_exit; do ev $e 0; done
echo 1 > $T/tracing_on
lost0=$(cat $P/rm_records_lost)
./hvbench run -q -n $((BIG / 2)) --timeout 600 -o /out/big
rc=$?
lost1=$(cat $P/rm_records_lost)
lostev=$(cat $T/trace | grep -c "kvm_rm_lost:")
echo "big: $BIG hcalls, rm_records_lost $lost0 -> $lost1, kvm_rm_lost events $lostev"
[ $rc = 0 ] && [ "$lost1" = "$lost0" ] && [ "$lostev" = 0 ]
step $? "$BIG back-to-back real-mode hcalls: 0 records lost (the ring hvbench sizes: $(grep -o '"hcall_ring": *[0-9]*' /out/big/meta.json | grep -o '[0-9]*$'))"

# a ring too small for one time slice: losses are counted, never silent,
# and both collectors mark their histograms incomplete
echo > $T/trace
ring0=$(cat $P/rm_ring_records)
./hvbench run -q -n 20000 --collect both --hcall-ring 16 -o /out/small
rm -f /out/small/events.txt
lost2=$(cat $P/rm_records_lost)
lostev=$(cat $T/trace | grep -c "kvm_rm_lost:")
echo "small ring: rm_records_lost $lost1 -> $lost2, kvm_rm_lost events $lostev, rm_ring_records $ring0 -> $(cat $P/rm_ring_records)"
[ "$lost2" -gt "$lost1" ] && [ "$lostev" -gt 0 ]
step $? "16-record ring (--hcall-ring 16): lost records counted ($((lost2 - lost1))) and reported by kvm_rm_lost"
[ "$(cat $P/rm_ring_records)" = "$ring0" ]
step $? "--hcall-ring: rm_ring_records put back after the run ($ring0)"

# where the drains land: auto gives a bench's hcalls room (drains between
# benches); a ring of 2048 drains every 1024 records, inside timed samples
./hvbench run -q -n 10000 -b null_vm --collect both -o /out/ringauto
step $? "null_vm, 10^4 calls, both collectors, --hcall-ring auto"
./hvbench run -q -n 10000 -b null_vm --collect both --hcall-ring 2048 -o /out/ringhalf
step $? "null_vm, 10^4 calls, both collectors, --hcall-ring 2048"
rm -f /out/ringauto/events.txt /out/ringhalf/events.txt /out/*/calibration/*/events.txt

# Debian's perf (testbed/perf-cpio.sh) parses every kmod tracepoint's format:
# perf script reads the formats of all recorded events, used or not
if [ -x /usr/bin/perf ]; then
	/usr/bin/perf record -q -a -o /tmp/p.data -e kvm_hv:kvm_rm_hcall -e kvm_hv:kvm_rm_cede \
		-e kvm_hv:kvm_rm_lost -- ./hvbench run -q -n 20 -b h_enter,h_cede -o /out/perffmt > /dev/null 2>&1
	/usr/bin/perf script -i /tmp/p.data > /tmp/ps.txt 2> /tmp/ps.err
	rc=$?
	head -3 /tmp/ps.err
	grep -m1 kvm_rm_cede /tmp/ps.txt
	[ $rc = 0 ] && ! grep -qiE "warning|failed to parse|not defined" /tmp/ps.err /tmp/ps.txt &&
		grep -q "kvm_rm_hcall:" /tmp/ps.txt && grep -q "kvm_rm_cede:" /tmp/ps.txt
	step $? "perf script decodes kvm_rm_hcall, kvm_rm_cede and kvm_rm_lost with no format warning"
else
	echo "SKIP: kmod: no perf in this initramfs (HVB_WITH_PERF=1)"
fi

# the hcall fuzzer in both modes (fuzz.sh clears dmesg: its checks come first)
! dmesg | grep -E "Oops|WARNING:|BUG:|[Mm]achine check|Call Trace"
step $? "no oops, warning or machine check in the host's dmesg before the fuzzer"
. /job/fuzz.sh
fuzz_run kmod-rm rm ${HVB_FUZZ_N:-5000}
fuzz_run kmod-vm vm ${HVB_FUZZ_N:-5000}
# and with the HPT resized under the fuzzer (kmod 0007 keeps the host alive)
fuzz_run kmod-resize rm ${HVB_FUZZ_N:-5000} 0 hvbench.hostile=16

! dmesg | grep -E "Oops|WARNING:|BUG:|[Mm]achine check|Call Trace"
step $? "no oops, warning or machine check in the host's dmesg"
true
