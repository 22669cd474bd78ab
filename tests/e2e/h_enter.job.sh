# SPDX-License-Identifier: GPL-2.0
# Runs inside the emulated POWER8 host (sourced by /init).  Each step prints
# a PASS/FAIL line; /out/run comes back to tests/run.sh for the checks that
# need the x86 side (JSON, report, PNG).
N=${HVB_N:-2000}
cd /hvb
step() { if [ "$1" = 0 ]; then echo "PASS: ppc: $2"; else echo "FAIL: ppc: $2"; fi; }

# before kvm-hv is loaded there is no /dev/kvm
msg=$(./hvbench run -n 10 -o /out/nokvm 2>&1); rc=$?
echo "$msg"
[ $rc != 0 ] && echo "$msg" | grep -q "kvm-hv is not loaded" && [ ! -e /out/nokvm ]
step $? "no /dev/kvm: refused, names kvm-hv as not loaded, no run directory"

for o in 17 47; do
	msg=$(./hvbench run --hpt-order $o -o /out/bad$o 2>&1); rc=$?
	echo "$msg"
	[ $rc = 2 ] && echo "$msg" | grep -q "18..46" && [ ! -e /out/bad$o ]
	step $? "--hpt-order $o refused with the valid range"
done

insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko && [ -c /dev/kvm ]
step $? "kvm-hv loaded, /dev/kvm present"

./hvbench run -n "$N" --hpt-order 20 -o /out/run
step $? "hvbench run -n $N h_enter in a KVM-HV guest"

# watchdog: a guest that runs past --timeout is stopped, nothing is left
msg=$(./hvbench run -q -n 4000000000 --timeout 2 -o /out/wd 2>&1); rc=$?
echo "$msg"
[ $rc != 0 ] && echo "$msg" | grep -q "watchdog" && [ ! -e /out/wd ] && ! ls -d /out/wd.tmp-* 2>/dev/null
step $? "watchdog stops a guest that overruns --timeout, leaves no run directory"

# ^C: torn down cleanly, nothing half-written
./hvbench run -q -n 4000000000 -o /out/int > /tmp/int.log 2>&1 &
pid=$!
sleep 2
kill -INT $pid
wait $pid; rc=$?
cat /tmp/int.log
[ $rc != 0 ] && grep -q "interrupted" /tmp/int.log && [ ! -e /out/int ] && ! ls -d /out/int.tmp-* 2>/dev/null
step $? "SIGINT stops the guest, leaves no run directory"

# a run directory is never overwritten
msg=$(./hvbench run -n 10 -o /out/run 2>&1); rc=$?
echo "$msg"
[ $rc != 0 ] && echo "$msg" | grep -q "never overwritten"
step $? "an existing run directory is refused"

./hvbench run -q -n 100 --collect both --bpf hcall,exits,vcore -o /out/bpfstock
step $? "hvbench run --collect both on the stock kernel"
rm -f /out/bpfstock/events.txt

# every bench as a KVM-HV guest: results come back for the x86-side checks
B=${HVB_BN:-200}
./hvbench run -q -n $B -b h_enter,h_enter_exact,h_enter_full,h_remove,h_read,h_protect,h_bulk_remove,h_clear_ref -o /out/hpt
step $? "benches of the HPT family ran"
./hvbench run -q -n $B -b h_clear_mod,null_rm,null_vm,loop,h_put_tce,h_get_tce,h_stuff_tce,h_put_tce_indirect -o /out/tce
step $? "null, loop and TCE benches ran"
./hvbench run -q -n 20 -b h_cede,h_confer,mmio -o /out/cede
step $? "h_cede, h_confer and mmio ran"
./hvbench run -q -n 20 -b loop,fault,null_rm -o /out/fault
[ $? != 0 ] && [ -e /out/fault/results.json ]
step $? "a faulting bench fails the run but leaves its run directory"
for o in 18 24; do
	./hvbench run -q -n 20000 --hpt-order $o -b h_enter_fill -o /out/fill$o
	step $? "h_enter_fill at HPT order $o"
done
# numbers on the command line are decimal: -n 010 is ten calls
./hvbench run -q -n 010 -b loop -o /out/dec
grep -q '"iterations": 10,' /out/dec/meta.json
step $? "-n 010 makes 10 calls, not 8 ($(grep -o '"iterations": [0-9]*' /out/dec/meta.json))"

# a hostile guest (hvbench.hostile, results.h): after its real results it
# hands over a block claiming 0xffffffff records (then 17, room for 16) and
# writes terminal escapes.  hvbench keeps the first block, names the second,
# is not killed, and shows the escapes as \xHH (console.log keeps the bytes).
esc=$(printf '\033')
for h in 5 2; do
	./hvbench run -n 10 -b loop --guest-args "hvbench.hostile=$h" -o /out/hostile$h > /tmp/hostile$h.log 2>&1
	rc=$?
	cat /tmp/hostile$h.log
	[ $rc = 1 ] && grep -q "second results block; the first is kept" /tmp/hostile$h.log &&
		grep -q '"bench": "loop"' /out/hostile$h/results.json
	step $? "hostile guest ($h): a second, lying results block is refused, the first kept, hvbench exits 1 (rc $rc)"
done
./hvbench run -q -n 10 -b loop --guest-args "hvbench.hostile=8" -o /out/hostile8 > /tmp/hostile8.log 2>&1
rc=$?
cat /tmp/hostile8.log
[ $rc = 1 ] && grep -q "results block claims 4294967295 records, at most 16 fit" /tmp/hostile8.log &&
	grep -q '"bench": "loop"' /out/hostile8/results.json
step $? "hostile guest (8): a lying first block is validated and refused, the honest one after it kept (rc $rc)"
! grep -q "$esc" /tmp/hostile5.log 2>/dev/null; a=$?
grep -q 'hostile: \\x1b\]0;hvbench-pwned\\x07\\x1b\[2J' /tmp/hostile5.log; b=$?
grep -q "$esc" /out/hostile5/console.log; c=$?
[ $a = 0 ] && [ $b = 0 ] && [ $c = 0 ]
step $? "the guest's terminal escapes are shown as \\xHH, console.log keeps the bytes ($a $b $c)"

# a finished run is never thrown away: a directory that appears at -o while
# the guest runs (even an empty one, which rename(2) would replace) is left
# alone and the run is kept under its temporary name, which hvbench names
for kind in empty full; do
	./hvbench run -q -n 4000 -b h_cede -o /out/race$kind > /tmp/race.log 2>&1 &
	pid=$!
	sleep 1
	mkdir -p /out/race$kind
	[ $kind = full ] && echo theirs > /out/race$kind/file
	wait $pid; rc=$?
	cat /tmp/race.log
	kept=$(ls -d /out/race$kind.tmp-* 2>/dev/null | head -1)
	[ $rc = 1 ] && grep -q "the run is kept in /out/race$kind.tmp-" /tmp/race.log &&
		[ -n "$kept" ] && [ -e "$kept/results.json" ] && [ -z "$(ls /out/race$kind | grep -v file)" ]
	step $? "a $kind directory appearing at -o during the run: left alone, the run kept in ${kept:-nothing}"
done

# the hcall fuzzer against Debian's stock kernel (real mode: no rm_punt here)
. /job/fuzz.sh
fuzz_run stock-rm rm ${HVB_FUZZ_N:-5000}

# SMT last: after SMT vcores the emulated host has been seen to slow down or
# hang (testbed/qemu/README.md).  Every thread of a 4-thread vcore runs guest
# code (needs the testbed's patched QEMU, testbed/qemu/); cede with siblings
# idle and busy, prod
msg=$(./hvbench run -q -b h_prod -o /out/noprod 2>&1); rc=$?
echo "$msg"
[ $rc = 2 ] && echo "$msg" | grep -q -- "--smt 2" && [ ! -e /out/noprod ]
step $? "h_prod without sibling threads refused, names --smt"
msg=$(./hvbench run -q --smt 9 -o /out/smt9 2>&1); rc=$?
echo "$msg"
[ $rc = 2 ] && echo "$msg" | grep -q "1..8" && [ ! -e /out/smt9 ]
step $? "--smt 9 refused with the valid range"
# once more if it fails: SMT vcores under TCG now and then stall for minutes
# (stalls.txt; the root cause, an offline thread looping after SMT vcores,
# is open in issue 15): the first attempt is kept as /out/smt4-first, and
# the step says that it took two
again=""
if ! ./hvbench run -q --smt 4 -n 50 -b h_cede,h_cede_busy,h_prod -o /out/smt4; then
	echo "SMT4: the first attempt failed; kept as /out/smt4-first, running it once more"
	mv /out/smt4 /out/smt4-first 2>/dev/null
	again=" (the second attempt: the first failed, see smt4-first)"
	./hvbench run -q --smt 4 -n 50 -b h_cede,h_cede_busy,h_prod -o /out/smt4
fi
step $? "SMT4 vcore: h_cede, h_cede_busy and h_prod ran$again"

! dmesg | grep -E "Oops|WARNING:|BUG:|machine check" 
step $? "no oops, warning or machine check in the host's dmesg"
true
