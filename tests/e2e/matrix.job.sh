# SPDX-License-Identifier: GPL-2.0
# Runs inside the emulated POWER8 host booted with kmod's kernel (sourced by
# /init), in a boot of its own: the run matrix (issue 13).  tests/run.sh
# checks the run directories that come back (check_run matrix/partial).
cd /hvb
step() { if [ "$1" = 0 ]; then echo "PASS: matrix: $2"; else echo "FAIL: matrix: $2"; fi; }
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko
P=/sys/module/kvm_hv/parameters

./hvbench doctor > /tmp/d.log 2>&1
rc=$?
cat /tmp/d.log
[ $rc = 0 ] && grep -q "kmod's instrumented kvm-hv" /tmp/d.log && grep -q "^ok    an HV VM can be created" /tmp/d.log
step $? "hvbench doctor on the emulated POWER8 host with kmod: run can work (exit $rc)"
echo 1 > /sys/devices/system/cpu/cpu2/online
./hvbench doctor > /tmp/d.log 2>&1
rc=$?
echo 0 > /sys/devices/system/cpu/cpu2/online
grep -A1 "secondary" /tmp/d.log
[ $rc = 1 ] && grep -q "fix: ppc64_cpu --smt=off (online: CPU 2)" /tmp/d.log
step $? "hvbench doctor with CPU 2 online: fails the secondary-threads check and names the fix (exit $rc)"
# a vcore whose threads KVM cannot grab (here: one is online) answers
# KVM_RUN with EBUSY; the VMM retries (the emulated host's offline threads
# are now and then slow to nap), counts it, and fails the cell after 100
echo 1 > /sys/devices/system/cpu/cpu2/online
./hvbench run -q -b null_rm -n 10 -o /out/busy > /tmp/busy.log 2>&1
rc=$?
echo 0 > /sys/devices/system/cpu/cpu2/online
busy=$(sed -n 's/.*"kvm_run_busy": \([0-9]*\).*/\1/p' /out/busy/meta.json 2>/dev/null)
[ $rc = 1 ] && grep -q "Device or resource busy" /tmp/busy.log && [ "$busy" = 100 ]
step $? "KVM_RUN's EBUSY with a thread KVM cannot grab: retried and counted (run.kvm_run_busy $busy), then the cell fails (exit $rc)"
rm -rf /out/busy

# the 36-cell matrix (below): two benches x rm, vm, user x three HPT orders x SMT 1 and 4 x 2 reps
M="-b null_rm,h_put_tce --mode rm,vm,user --hpt-order 18,20,22 --smt 1,4 --reps 2 -n 50 --seed 7"

# H_ENTER, H_REMOVE, H_READ three ways in one command: real mode, virtual
# mode, and the VMM through the HTAB fd
./hvbench run -q -b h_enter,h_remove,h_read --mode rm,vm,user -n 100 --hpt-order 20 -o /out/hpt3 > /tmp/h3.log 2>&1
rc=$?
tail -2 /tmp/h3.log
[ $rc = 0 ]
step $? "h_enter,h_remove,h_read in rm, vm and user mode (HTAB fd), exit $rc"
# HPT snapshots through the HTAB fd: h_enter_fill fills order 18 (16384
# entries, 20000 asked for: H_PTEG_FULL) but not order 20
./hvbench run -q -b h_enter_fill,h_enter -H 18,20 -n 20000 -o /out/fill > /tmp/f.log 2>&1
rc=$?
tail -2 /tmp/f.log
[ $rc = 0 ] && [ -e /out/fill/cells/000-rm-h18-s1-r0-g0/htab.json -o -e /out/fill/cells/001-rm-h18-s1-r0-g0/htab.json ]
step $? "h_enter_fill at HPT orders 18 and 20 with HTAB-fd snapshots, exit $rc"

# the HPT's life cycle on one VM: --hpt-reset reuses it across cells and
# KVM_PPC_ALLOCATE_HTAB resets (same order) or reallocates (other order)
# the HPT; htab_busy tries it while the guest runs (must be EBUSY)
./hvbench run -q --hpt-reset -b h_enter,null_rm,htab_busy --mode rm,vm -H 18,20 -n 100 --reps 2 -o /out/reset > /tmp/r.log 2>&1
rc=$?
./hvbench run -q --hpt-reset -b h_enter_fill,htab_busy -H 19 --reps 3 -n 3000 -o /out/reset19 > /tmp/r19.log 2>&1
rc19=$?
tail -2 /tmp/r.log /tmp/r19.log
[ $rc = 0 ] && [ $rc19 = 0 ]
step $? "--hpt-reset matrices (orders 18/20 alternating; order 19 three times), exit $rc, $rc19"

# HPT resize (H_RESIZE_HPT_PREPARE/COMMIT carried out with
# KVM_PPC_RESIZE_HPT_*): 18 -> 20 -> 18 and 20 -> 22 -> 20 with 64 bolted
# entries, and 18 -> 20 -> 18 with 2000: every bolted entry found again
# after every commit (make check counts them in meta.json)
./hvbench run -q -b h_resize -H 18,20 -n 64 -o /out/resize > /tmp/z.log 2>&1
rc=$?
./hvbench run -q -b h_resize -H 18 -n 2000 -o /out/resize2k > /tmp/z2.log 2>&1
rc2=$?
tail -2 /tmp/z.log /tmp/z2.log
[ $rc = 0 ] && [ $rc2 = 0 ] && grep -q '"to": 20' /out/resize/cells/*/meta.json
step $? "h_resize at orders 18 and 20 with 64 entries and at 18 with 2000: resized up and back twice, every bolted entry preserved, exit $rc, $rc2"

# htab_read: a full HTAB-fd read pass (migration's first pass) timed in
# the VMM, 8 passes a cell, over tables of 2^18, 2^20 and 2^22 bytes holding
# 4000 guest entries: a 16 times bigger table must take longer to read
./hvbench run -q -b htab_read -H 18,20,22 -n 4000 -o /out/hread > /tmp/hr.log 2>&1
rc=$?
tail -2 /tmp/hr.log
p50() { sed -n 's/.*"p50": \([0-9]*\).*/\1/p' /out/hread/cells/*-h$1-*/results.json | head -1; }
iters=$(grep -ho '"iterations": [0-9]*' /out/hread/cells/*/results.json | sort -u | tr '\n' ' ')
[ $rc = 0 ] && [ "$iters" = '"iterations": 8 ' ] && [ -n "$(p50 18)" ] && [ -n "$(p50 22)" ] &&
	[ "$(p50 22)" -gt "$(p50 18)" ]
step $? "htab_read at orders 18, 20, 22: 8 read passes a cell, p50 $(p50 18) / $(p50 20) / $(p50 22) ticks (grows with the table), exit $rc"

# a hostile guest's resize: bolted entries in PTEGs that are not their
# hash's, then a bigger table.  Stock 6.12 hits BUG_ON in
# resize_hpt_rehash_hpte (a host crash); kmod's 0007 handles the collision
dmesg -c > /dev/null
./hvbench run -q -b h_resize -H 20 -n 1 --guest-args hvbench.hostile=16 -o /out/resize-hostile > /tmp/zh.log 2>&1
rc=$?
tail -2 /tmp/zh.log
[ $rc -le 2 ] && [ -e /out/resize-hostile/meta.json ] && ! dmesg | grep -E "BUG|Oops|WARNING"
step $? "a hostile guest's HPT resize (entries off their hash, order 20 -> 22): the host survives, hvbench exit $rc"

# one cell hangs (the guest spins at HPT order 19): the watchdog stops it,
# the cell is recorded as such and the next cell runs in a new VM
./hvbench run -q -b null_rm --hpt-order 19,18 --reps 2 -n 100 --timeout 5 \
	--guest-args hvbench.hang_order=19 -o /out/hang > /tmp/h.log 2>&1
rc=$?
cat /tmp/h.log
[ $rc = 1 ] && grep -q "watchdog" /tmp/h.log
step $? "a hanging cell: stopped by the watchdog, the run goes on, exit 1 ($rc)"

# ^C in the middle: what finished is kept, the rest marked not_run, no VM
# and no BPF program or link left (counted as bpftool would: test/bpf_objects)
bpf_before=$(test/bpf_objects)
./hvbench run -q -b h_enter --hpt-order 18..26 -n 5000 --collect bpf --bpf hcall -o /out/sigint > /tmp/s.log 2>&1 &
pid=$!
# the collectors attach for each cell: seen loaded while one runs
i=0
bpf_during=$bpf_before
while [ $i -lt 300 ] && [ "$bpf_during" = "$bpf_before" ]; do
	sleep 0.2; i=$((i + 1))
	bpf_during=$(test/bpf_objects)
done
i=0
while [ $i -lt 600 ] && ! ls /out/sigint.tmp-*/cells/*/results.json > /dev/null 2>&1; do
	sleep 0.2; i=$((i + 1))
done
kill -INT $pid
t0=$(date +%s)
wait $pid
rc=$?
bpf_after=$(test/bpf_objects)
cat /tmp/s.log
vms=$(ls /sys/kernel/debug/kvm 2>/dev/null | grep -c -- '-[0-9]')
[ $rc = 1 ] && [ $(( $(date +%s) - t0 )) -le 10 ] && [ -e /out/sigint/run.json ] && [ "$vms" = 0 ] &&
	grep -q "partial" /tmp/s.log
step $? "SIGINT mid-run: exit $rc within 10 s, run directory committed and partial, $vms VMs left in debugfs"
[ -n "$bpf_before" ] && [ "$bpf_after" = "$bpf_before" ] && [ "$bpf_during" != "$bpf_before" ]
step $? "SIGINT mid-run: no BPF program or link left (before: $bpf_before; running: $bpf_during; after: $bpf_after)"

# the progress line: on a terminal, one per cell with its parameters,
# elapsed and estimated remaining time; none with -q or off a terminal
test/ptyrun ./hvbench run -b null_rm --reps 3 -n 20 -o /out/progress > /tmp/p.log 2>&1
rc=$?
tr -d '\r' < /tmp/p.log | grep '^hvbench: cell ' > /tmp/p.lines
[ -s /tmp/p.lines ] || head -5 /tmp/p.log
n=$(grep -c -E '^hvbench: cell [1-3]/3: null_rm rm hpt 24 smt 1 rep [0-2]; [0-9]+ s elapsed, ~[0-9]+ s left$' /tmp/p.lines)
test/ptyrun ./hvbench run -q -b null_rm --reps 2 -n 20 -o /out/progress-q > /tmp/pq.log 2>&1
./hvbench run -b null_rm --reps 2 -n 20 -o /out/progress-pipe > /tmp/pp.log 2>&1
[ $rc = 0 ] && [ "$n" = 3 ] && [ "$(wc -l < /tmp/p.lines)" = 3 ] &&
	! grep -q '^hvbench: cell ' /tmp/pq.log && ! grep -q 'hvbench: cell ' /tmp/pp.log
step $? "progress line on a terminal: $n of 3 cells ($(head -1 /tmp/p.lines)); none with -q or into a pipe"
rm -rf /out/progress /out/progress-q /out/progress-pipe

# SMT vcores last: after them the emulated host's CPU 0 has been seen
# slowed down by an offline thread that loops in pnv_cpu_offline instead of
# napping (testbed/qemu/README.md)
# two benches x rm, vm, user x three HPT orders x SMT 1 and 4 x 2 reps = 36 cells
est=$(./hvbench run $M --dry-run | sed -n 's/^estimate: \([0-9]*\) s.*/\1/p')
start=$(date +%s)
./hvbench run -q $M -o /out/matrix > /tmp/m.log 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
tail -3 /tmp/m.log
[ $rc = 0 ] && [ -e /out/matrix/run.json ]
step $? "36-cell matrix (null_rm,h_put_tce x rm,vm,user x HPT 18,20,22 x SMT 1,4 x 2 reps) ran in ${secs}s (--dry-run estimated ${est}s), exit $rc"
[ -z "$(cat $P/rm_punt)" ]
step $? "rm_punt restored after a matrix that switched modes cell by cell"

# the same seed replays the same order
./hvbench run $M --dry-run | grep -E '^  [0-9]+ ' > /tmp/plan1
./hvbench run $M --dry-run | grep -E '^  [0-9]+ ' > /tmp/plan2
sed -n 's/.*"dir": "\([^"]*\)".*/\1/p' /out/matrix/run.json > /tmp/dirs
cmp -s /tmp/plan1 /tmp/plan2 && [ "$(wc -l < /tmp/plan1)" = 36 ] && [ "$(wc -l < /tmp/dirs)" = 36 ]
step $? "--seed 7 plans the same 36-cell order twice"

# user mode at SMT 2: the kernel refuses HTAB writes while a sibling runs; the cell says so
./hvbench run -q -b h_enter --mode user --smt 2 -n 20 -o /out/userbusy > /tmp/ub.log 2>&1
rc=$?
cat /tmp/ub.log
[ $rc = 1 ] && grep -q "the kernel answered Device or resource busy" /out/userbusy/meta.json
step $? "user-mode H_ENTER at SMT 2: fails with the kernel's answer (EBUSY), exit $rc"

# -b all runs every latency bench (22 at SMT 4), split over guest boots
./hvbench run -q -b all --smt 4 -n 20 -o /out/all > /tmp/a.log 2>&1
rc=$?
tail -2 /tmp/a.log
[ $rc = 0 ]
step $? "-b all --smt 4: every bench ran (exit $rc)"

! dmesg | grep -E "Oops|WARNING:|BUG:|machine check"
step $? "no oops, warning or machine check in the host's dmesg"
true
