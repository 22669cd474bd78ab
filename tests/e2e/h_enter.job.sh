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

! dmesg | grep -E "Oops|WARNING:|BUG:|machine check" 
step $? "no oops, warning or machine check in the host's dmesg"
true
