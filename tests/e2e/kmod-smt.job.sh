# SPDX-License-Identifier: GPL-2.0
# Runs inside the emulated POWER8 host booted with kmod's kernel (sourced by
# /init), in a boot of its own: an SMT4 vcore whose thread 0 cedes while its
# siblings are busy.  Its own boot because after SMT vcores the emulated
# host has been seen to slow down or hang later on (testbed/qemu/README.md),
# which must not take the other kmod tests with it.
C=${HVB_C:-20}
cd /hvb
T=/sys/kernel/tracing
step() { if [ "$1" = 0 ]; then echo "PASS: kmod: $2"; else echo "FAIL: kmod: $2"; fi; }
count() { grep -c "$1" /tmp/trace.txt; }
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko
echo 1 > $T/events/kvm_hv/kvm_rm_cede/enable
echo 1 > $T/events/kvm_hv/kvm_rm_hcall/enable
# H_CEDE with busy siblings (SMT4 vcore, siblings making null hcalls):
# real mode naps the thread instead of handing the vcore to the host, and
# kvm_rm_cede shows the nap and its wake reason.  Every cede of thread 0
# leaves a record: kvm_rm_cede if it napped or exited, kvm_rm_hcall if it
# returned at once (decrementer already pending, or prodded).
# (only thread 0's kvm_rm_hcall: the siblings' null hcalls would overrun the buffer)
echo 'vcpu_id == 0' > $T/events/kvm_hv/kvm_rm_hcall/filter
echo > $T/trace
./hvbench run -q --smt 4 -n $C -b h_cede_busy --mode rm -o /out/cedebusy
step $? "hvbench run --smt 4 -b h_cede_busy -n $C"
echo 0 > $T/tracing_on
cat $T/trace > /tmp/trace.txt
overrun=$(grep -h overrun $T/per_cpu/cpu*/stats | awk '{s += $2} END {print s + 0}')
cede=$(count "kvm_rm_cede: VCPU 0: ")
cede_ret=$(count "kvm_rm_hcall: VCPU 0: hcall=H_CEDE ")
nap=$(grep "kvm_rm_cede: VCPU 0: " /tmp/trace.txt | grep -v " napped=0 " |
	grep -c -E " wake=(decrementer|external|doorbell|hv_doorbell) ")
echo "cede busy: kvm_rm_cede $cede (napped, wake reason named: $nap), kvm_rm_hcall H_CEDE $cede_ret, trace overrun $overrun"
grep -m2 "kvm_rm_cede: VCPU 0: .* napped=[1-9]" /tmp/trace.txt
[ $((cede + cede_ret)) = $C ] && [ "$nap" -gt 0 ]
step $? "cede with busy siblings: thread 0's $C cedes all recorded, $nap napped with a wake reason"

! dmesg | grep -E "Oops|WARNING:|BUG:|machine check"
step $? "no oops, warning or machine check in the host's dmesg"

# rm_ring_records flipped (0, 1, 16384, max) while SMT4 vcores are created
# and torn down, tracepoints on and off: the ring a vcpu got is the ring it
# uses and frees
RUNS=6 /job/ring-race.sh sh -c 'rm -rf /tmp/rr; ./hvbench run -q --smt 4 -n 200 -b h_enter -o /tmp/rr'
true
