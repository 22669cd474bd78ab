#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every test, PASS/FAIL/SKIP lines, then "N passed, N failed, N skipped".
# A SKIP names a platform gap that cannot be closed on this machine.
# Host tools run under ASan/UBSan (out/host-san).
set -uo pipefail
out=${HVB_OUT:-out}
san=$out/host-san
log=$out/check.log
: > "$log"
pass=0 fail=0 skip=0

count() { # read a test's output, echo it, tally PASS/FAIL lines
	local line
	while IFS= read -r line; do
		echo "$line" | tee -a "$log"
		case "$line" in
		PASS:*) pass=$((pass + 1)) ;;
		FAIL:*) fail=$((fail + 1)) ;;
		SKIP:*) skip=$((skip + 1)) ;;
		esac
	done
}
ok() { if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; fi; }

if [ "$(uname -m)" = ppc64le ]; then pfx=; else pfx=powerpc64le-linux-gnu-; fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1

echo "== unit"
for t in "$san"/test_*; do
	"$t" > "$out/unit.out" 2>&1
	rc=$?
	count < "$out/unit.out"
	[ $rc = 0 ] || echo "FAIL: $(basename "$t") exited $rc" > "$out/unit.out"
	[ $rc = 0 ] || count < "$out/unit.out"
done

echo "== command line (x86 build, ASan/UBSan)"
hvb=$san/hvbench
{
	for o in 17 47; do
		msg=$("$hvb" run --hpt-order $o 2>&1); rc=$?
		[ $rc = 2 ] && echo "$msg" | grep -q "18..46"
		ok $? "hvbench run --hpt-order $o: exit 2, names the valid range 18..46 ($msg)"
	done
	msg=$("$hvb" run -n 0 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "iterations"
	ok $? "hvbench run -n 0 refused ($msg)"
	msg=$("$hvb" run --collect bpf --bpf hcall,vcpu 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "unknown BPF collector 'vcpu': use hcall, exits, vcore"
	ok $? "unknown BPF collector refused, names the valid ones ($msg)"
	msg=$("$hvb" run --bench nosuch 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "unknown bench"
	ok $? "unknown bench refused ($msg)"
	if [ "$(uname -m)" != ppc64le ]; then
		msg=$("$hvb" run 2>&1); rc=$?
		[ $rc != 0 ] && echo "$msg" | grep -q "make demo" && echo "$msg" | grep -q -- "--dry-run"
		ok $? "hvbench run on $(uname -m) refuses and points to make demo and --dry-run ($msg)"
		msg=$(bench/native.sh 2>&1); rc=$?
		[ $rc = 2 ] && echo "$msg" | grep -q "$(uname -m), not a POWER host: run 'make bench'"
		ok $? "bench/native.sh on $(uname -m) refuses and points to make bench ($msg)"
	fi
	# numbers are decimal; options and benches are checked, not cut
	# (on x86 a valid command line gets as far as the "needs a POWER host" refusal, exit 1)
	for a in "-n 08" "-n 010" "-H 024" "-t 0010" "--hcall-ring 4096" "--hcall-ring auto"; do
		msg=$("$hvb" run $a 2>&1); rc=$?
		[ $rc = 1 ] && echo "$msg" | grep -q "needs a POWER host"
		ok $? "hvbench run $a: a decimal number, accepted ($msg)"
	done
	for a in "-n 0x10" "-t 0x10" "-n +5" "-n ' 5'" "-H 1e2" "--hcall-ring 65537" "--hcall-ring big"; do
		msg=$(eval "\"$hvb\" run $a" 2>&1); rc=$?
		[ $rc = 2 ] && echo "$msg" | grep -q "must be a decimal integer"
		ok $? "hvbench run $a: not a decimal number, exit 2 ($msg)"
	done
	# the matrix: planned on any machine
	msg=$("$hvb" run -b all --smt 4 --dry-run 2>&1); rc=$?
	nb=$(echo "$msg" | grep "^  smt 4 boot" | sed 's/.*: \(.*\) ([0-9]* records)/\1/' | tr ',' '\n' | sort -u | wc -l)
	[ $rc = 0 ] && [ "$nb" = 22 ]
	ok $? "hvbench run -b all --smt 4 --dry-run plans all 22 latency benches over $(echo "$msg" | grep -c '^  smt 4 boot') guest boots ($nb)"
	msg=$("$hvb" run -b all 2>&1); rc=$?
	[ $rc = 1 ] && echo "$msg" | grep -q "warning: not run: h_prod@smt1,h_cede_busy@smt1 (.*--smt 2"
	ok $? "hvbench run -b all at SMT 1 names the two benches that need siblings ($(echo "$msg" | head -1 | cut -c1-160))"
	msg=$("$hvb" run -b h_enter,null_rm --mode rm,vm -H 18..20 --smt 1,4 --reps 2 --seed 5 --dry-run 2>&1); rc=$?
	msg2=$("$hvb" run -b h_enter,null_rm --mode rm,vm -H 18..20 --smt 1,4 --reps 2 --seed 5 --dry-run 2>&1)
	msg3=$("$hvb" run -b h_enter,null_rm --mode rm,vm -H 18..20 --smt 1,4 --reps 2 --seed 6 --dry-run 2>&1)
	[ $rc = 0 ] && echo "$msg" | grep -q "^plan: 24 cell(s)" && echo "$msg" | grep -q "^estimate: [0-9]* s" &&
		[ "$msg" = "$msg2" ] && [ "$msg" != "$msg3" ]
	ok $? "--dry-run: 24 cells, an estimate, --seed 5 replays its order and --seed 6 changes it ($(echo "$msg" | tail -1 | cut -c1-80))"
	for f in examples/*.run; do
		msg=$("$hvb" run -f "$f" --dry-run 2>&1); rc=$?
		[ $rc = 0 ] && echo "$msg" | grep -q "^plan: "
		ok $? "example run file $f plans ($(echo "$msg" | head -1 | cut -c1-90))"
	done
	d=$(mktemp -d)
	printf 'bench = h_enter\n# comment\nmode = rm,xm\n' > "$d/bad.run"
	printf 'bench = h_enter\nfrobnicate = 1\n' > "$d/unknown.run"
	printf 'reps\n' > "$d/novalue.run"
	printf 'quiet = yes\n' > "$d/flagvalue.run"
	printf 'bench = h_enter\x01\n' > "$d/binary.run"
	for c in "bad.run:3: invalid --mode 'xm'" "unknown.run:2: unknown option 'frobnicate'" \
		 "novalue.run:1: option 'reps' needs a value" "flagvalue.run:1: option 'quiet' takes no value" \
		 "binary.run: not a run file"; do
		f=${c%%:*}; f=${f%% *}
		msg=$("$hvb" run -f "$d/$f" --dry-run 2>&1); rc=$?
		[ $rc = 2 ] && echo "$msg" | grep -qF "$d/$c" && [ "$(echo "$msg" | wc -l)" = 1 ]
		ok $? "run file $f: one line naming file and line, exit 2 ($msg)"
	done
	msg=$("$hvb" run -f "$d/none.run" 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "cannot read run file"
	ok $? "a missing run file: exit 2 ($msg)"
	printf 'bench = null_rm\nreps = 3\n' > "$d/ok.run"
	msg=$("$hvb" run -f "$d/ok.run" --reps 2 --dry-run 2>&1); rc=$?
	[ $rc = 0 ] && echo "$msg" | grep -q "x 2 rep(s)"
	ok $? "a command-line option after -f overrides the run file ($(echo "$msg" | head -1 | cut -c1-80))"
	rm -rf "$d"
	for a in "--mode user,user" "--reps 0" "--reps 1001" "-H 20..18" "--smt 0" "--mode rm,rm" "-b h_prod --smt 1"; do
		msg=$(eval "\"$hvb\" run $a --dry-run" 2>&1); rc=$?
		[ $rc = 2 ] && [ -n "$msg" ]
		ok $? "hvbench run $a: exit 2 before anything runs ($(echo "$msg" | head -1))"
	done
	msg=$("$hvb" run --smt 4 --mode vm -b h_cede 2>&1); rc=$?
	[ $rc = 1 ] && echo "$msg" | grep -q "warning: --mode vm with h_cede at --smt 4: .* the cede does not idle"
	ok $? "hvbench run --mode vm -b h_cede --smt 4 warns that a punted cede does not idle at SMT > 1"
	# --help's bench list comes from the bench table: every bench is in it
	help=$("$hvb" run --help 2>&1)
	names=$("$hvb" run -b nosuch 2>&1 | sed 's/.*benches are //; s/, or all$//' | tr -d ' ' | tr ',' ' ')
	miss=""
	for b in $names; do echo "$help" | tr -s ' \n' ' ' | grep -q "[ ,:]$b[ ,.(]" || miss="$miss $b"; done
	[ -n "$names" ] && [ -z "$miss" ]
	ok $? "hvbench run --help names every bench of the table ($(echo $names | wc -w) benches; missing:${miss:- none})"
	msg=$("$hvb" run -b h_enter,h_enter 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "listed twice"
	ok $? "hvbench run -b h_enter,h_enter refused ($msg)"
	long="h_enter,h_remove,h_read,h_protect$(printf ',%.0s' $(seq 250)),nosuch"
	msg=$("$hvb" run -b "$long" 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "unknown bench 'nosuch'"
	ok $? "hvbench run -b with a ${#long}-character list reads all of it ($msg)"
	for a in "--frobnicate" "-n" "--bench" "-o ''"; do
		msg=$(eval "\"$hvb\" run $a" 2>&1); rc=$?
		[ $rc = 2 ] && [ -n "$msg" ]
		ok $? "hvbench run $a: exit 2 with a message ($(echo "$msg" | head -1))"
	done
	msg=$("$hvb" report --frobnicate x 2>&1); rc=$?
	[ $rc = 2 ]
	ok $? "hvbench report --frobnicate: exit 2 ($(echo "$msg" | head -1))"
	msg=$("$hvb" run --guest-args 'hvbench.hostile=1 rm -rf' 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "KEY=VALUE"
	ok $? "hvbench run --guest-args takes only hvbench.KEY=VALUE words ($msg)"
	msg=$("$hvb" frobnicate 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "unknown command"
	ok $? "unknown command refused"
	msg=$("$hvb" report /nonexistent 2>&1); rc=$?
	[ $rc != 0 ] && echo "$msg" | grep -q "run directory"
	ok $? "report of a missing run directory: clear error"
	d=$(mktemp -d)
	echo '{"format":"hvbench-meta","pvr":"0x004d0200"' > "$d/meta.json"
	msg=$("$hvb" report "$d" 2>&1); rc=$?
	[ $rc = 2 ] && echo "$msg" | grep -q "meta.json"
	ok $? "report of a truncated meta.json: clear error, exit 2 (bad input), no crash ($msg)"
	rm -rf "$d"
} > "$out/cli.out" 2>&1
count < "$out/cli.out"

echo "== hvbench compare on run directories of known latencies"
tests/compare/compare.sh "$hvb" > "$out/compare.out" 2>&1
count < "$out/compare.out"

echo "== hvbench regress --runs on run directories of known samples (every verdict, ASan/UBSan)"
tests/regress/judge.sh "$hvb" > "$out/regress-judge.out" 2>&1
count < "$out/regress-judge.out"

echo "== hvbench trend on synthetic CI histories"
tests/trend/trend.sh "$hvb" "$out/host/check_run" "$out/trend" > "$out/trend.out" 2>&1
count < "$out/trend.out"

echo "== hvbench doctor on made-up POWER hosts (--root)"
tests/doctor/doctor.sh "$hvb" > "$out/doctor.out" 2>&1
count < "$out/doctor.out"

echo "== hostile run directories (hvbench report, ASan/UBSan)"
tests/hostile/rundirs.sh "$hvb" > "$out/hostile.out" 2>&1
count < "$out/hostile.out"

echo "== fuzz: results block, run directory, trace records (libFuzzer + ASan/UBSan, ${HVB_FUZZ_SECONDS:-15} s each; make fuzz runs longer)"
tests/fuzz/run.sh "$out" "${HVB_FUZZ_SECONDS:-15}" > "$out/fuzz.out" 2>&1
count < "$out/fuzz.out"

echo "== guest-bench image"
{
	scripts_rc=0
	guest-bench/check-elf.sh "$pfx" "$out/ppc64le/guest-bench.elf" >/dev/null || scripts_rc=1
	ok $scripts_rc "guest-bench.elf is linked at 0 with no relocations"
	samp=$(guest-bench/check-sample.sh "$pfx" "$out/ppc64le/guest-bench.elf")
	echo "$samp" | grep -qx "__hcall_timed 1  sc"
	ok $? "per-sample overhead: only 'sc 1' between the timebase reads of __hcall_timed ($(echo "$samp" | head -1))"
	echo "$samp" | grep -qx "__timed_nop 1  nop"
	ok $? "loop bench: only a nop between its timebase reads"
} > "$out/elf.out" 2>&1
count < "$out/elf.out"

echo "== end to end on the emulated POWER8 host (QEMU powernv8, KVM-HV guest)"
e2e=$out/e2e
rm -rf "$e2e"
N=2000
sed "s/^N=.*/N=$N/" tests/e2e/h_enter.job.sh > "$out/e2e.job.sh"
start=$(date +%s)
HVB_JOB_FILES=tests/e2e/fuzz.sh testbed/run.sh "$out/e2e.job.sh" "$e2e" 600 > "$out/e2e.out" 2>&1
rc=$?
tr -d '\r' < "$e2e/console.log" 2>/dev/null | grep -E '^(PASS|FAIL|SKIP): ' > "$out/ppc.out"
count < "$out/ppc.out"
tail -1 "$out/e2e.out"
{
	ok $rc "emulated host booted, ran the job and returned in $(( $(date +%s) - start ))s"
	if [ -d "$e2e/run" ]; then
		"$out/host/check_run" run "$e2e/run" $N
		"$hvb" report "$e2e/run" > "$out/report.out" 2>&1
		ok $? "hvbench report of the emulated run"
		grep -q "p99" "$e2e/run/report/summary.txt" 2>/dev/null
		ok $? "summary.txt has count/min/p50/p90/p99/max"
		"$out/host/check_run" png "$e2e/run/report/h_enter.png"
		"$out/host/check_run" benches "$e2e/hpt" 200
		"$out/host/check_run" benches "$e2e/tce" 200
		"$out/host/check_run" benches "$e2e/cede" 20
		"$out/host/check_run" fault "$e2e/fault" 20
		"$out/host/check_run" smt "$e2e/smt4" 50 4
		"$out/host/check_run" fill "$e2e/fill18" 20000 full
		"$out/host/check_run" fill "$e2e/fill24" 20000 nofull
		"$out/host/check_run" bpf "$e2e/bpfstock" 100 H_ENTER none
		"$out/host/check_run" bpf-attach "$e2e/bpfstock" tp_btf hcall,exits,vcore
		"$out/host/check_run" perf "$e2e/bpfstock" 100 H_ENTER none
	else
		ok 1 "run directory came back from the emulated host"
	fi
} > "$out/e2e-checks.out" 2>&1
count < "$out/e2e-checks.out"

echo "== hvbench run --emulated: the same command from this $(uname -m) machine"
{
	if [ "$(uname -m)" != ppc64le ]; then
		em=$out/emulated
		rm -rf "$em" "$em".emulated-*
		start=$(date +%s)
		msg=$(HVBENCH_SRC=$(pwd) "$hvb" run --emulated stock -q -b null_rm,h_put_tce --mode rm,user -n 50 --reps 2 -o "$em" 2>&1); rc=$?
		echo "$msg" | tail -3
		[ $rc = 0 ] && [ -e "$em/run.json" ] && [ -e "$em/testbed-console.log" ] &&
			grep -q '"text": "# hvbench run --emulated stock' "$em/run.json"
		ok $? "hvbench run --emulated stock: booted the emulated host, ran the 4-cell matrix there, run directory back in $em in $(( $(date +%s) - start ))s (exit $rc)"
		"$out/host/check_run" matrix "$em" 50 4 ok
		msg=$(HVBENCH_SRC=$(pwd) "$hvb" run --emulated stock -b null_rm -o "$em" 2>&1); rc=$?
		[ $rc = 1 ] && echo "$msg" | grep -q "exists"
		ok $? "--emulated into an existing run directory: refused before booting ($msg)"
		msg=$("$hvb" run --emulated stock --guest /bin/true 2>&1); rc=$?
		[ $rc = 2 ] && echo "$msg" | grep -q "drop --guest"
		ok $? "--emulated with --guest: exit 2 ($msg)"
		msg=$(HVBENCH_SRC=/nonexistent "$hvb" run --emulated kmod -o "$out/emu-none" 2>&1); rc=$?
		[ $rc = 2 ] && echo "$msg" | grep -q "needs the testbed built" && [ ! -e "$out/emu-none" ]
		ok $? "--emulated without a built testbed: exit 2, names make ($msg)"
	fi
} > "$out/emulated.out" 2>&1
count < "$out/emulated.out"

echo "== guest-bench under QEMU pseries (TCG, -smp 4,threads=4, no KVM)"
ps=$out/pseries
rm -rf "$ps"
{
	# the default PCI host bridge's DMA window: LIOBN 0x80000000, 1 GiB of 4 KiB TCEs
	A="hvbench.threads=4 hvbench.liobn=0x80000000 hvbench.tce_entries=262144"
	P=200
	testbed/pseries.sh "$ps/hpt.log" "hvbench.bench=h_enter,h_enter_exact,h_enter_full,h_enter_fill,h_remove,h_read,h_protect,h_bulk_remove hvbench.n=$P $A" 300
	ok $? "pseries: HPT benches ran"
	"$out/host/check_run" pseries "$ps/hpt.log" $P none
	# QEMU implements neither H_CLEAR_REF nor H_CLEAR_MOD (H_FUNCTION), and
	# its POWER8 has no DABR, so H_SET_DABR answers H_HARDWARE: those skip
	testbed/pseries.sh "$ps/tce.log" "hvbench.bench=h_clear_ref,h_clear_mod,null_rm,null_vm,loop,h_put_tce,h_get_tce,h_stuff_tce hvbench.n=$P $A" 300
	ok $? "pseries: null, loop and TCE benches ran"
	"$out/host/check_run" pseries "$ps/tce.log" $P h_clear_ref,h_clear_mod,null_rm
	# no hvbench MMIO device under pseries: mmio skips
	testbed/pseries.sh "$ps/smt.log" "hvbench.bench=h_put_tce_indirect,h_cede,h_confer,mmio,h_prod,h_cede_busy hvbench.n=50 $A" 300
	ok $? "pseries: TCE indirect, cede, confer, prod and cede with busy siblings ran"
	"$out/host/check_run" pseries "$ps/smt.log" 50 mmio
	testbed/pseries.sh "$ps/fault.log" "hvbench.bench=loop,fault,null_vm hvbench.n=20" 300
	ok $? "pseries: a faulting bench still ends the run (no hang)"
	"$out/host/check_run" pseries-fault "$ps/fault.log" 20
	testbed/pseries.sh "$ps/bad.log" "hvbench.bench=nosuch" 120 &&
		grep -q "FAIL: bootargs: unknown bench 'nosuch'" "$ps/bad.log"
	ok $? "pseries: a bad bench name in bootargs is named, and the machine still powers off"
} > "$out/pseries.out" 2>&1
count < "$out/pseries.out"

echo "== kmod: patch series"
{
	ksrc=$out/src/linux-source-6.12
	for p in kmod/patches/*.patch; do
		# an absolute path: checkpatch judges some relative ones as non-patches
		msg=$(perl "$ksrc/scripts/checkpatch.pl" --no-tree "$(pwd)/$p" 2>&1)
		echo "$msg" | grep -qE "^(ERROR|WARNING|CHECK):"
		[ $? != 0 ] && echo "$msg" | grep -q "has no obvious style problems"
		ok $? "checkpatch clean: $(basename "$p")"
		echo "$msg" | grep -E "^(ERROR|WARNING|CHECK):" | head -5
		head -5 "$p" | grep -q "^Subject: \[PATCH [0-9/ ]*\] KVM: PPC: Book3S HV: " && grep -q "^Signed-off-by: " "$p"
		ok $? "kernel-style subject and Signed-off-by: $(basename "$p")"
	done
	# the series builds where upstream builds: KVM-PR only, kvm_hv built in, Book3S-32
	start=$(date +%s)
	kmod/compile-test.sh "$out/kmod/linux" "$out/kmod/ct" | sed 's/^\(PASS\|FAIL\): /\1: kmod compile test: /'
	echo "kmod compile tests took $(( $(date +%s) - start ))s"
	stock=$(kmod/count-insns.sh "$out"/ppc-rootfs/kernel/boot/vmlinux-* | cut -d' ' -f1)
	kmodn=$(kmod/count-insns.sh "$out/kmod/build-kmod/vmlinux" | cut -d' ' -f1)
	echo "real-mode hcall fast path: $stock instructions stock, $kmodn with kmod"
	[ -n "$stock" ] && [ -n "$kmodn" ] && [ $((kmodn - stock)) -le 29 ] && [ $((kmodn - stock)) -gt 0 ]
	ok $? "kmod adds $((kmodn - stock)) instructions to the real-mode hcall path (<= 20 recording + 9 rm_punt check)"
} > "$out/kmod-static.out" 2>&1
count < "$out/kmod-static.out"

echo "== kmod on the emulated POWER8 host (instrumented kvm-hv)"
km=$out/e2e-kmod
rm -rf "$km"
start=$(date +%s)
HVB_TESTBED=kmod HVB_WITH_PERF=1 HVB_JOB_FILES=tests/e2e/fuzz.sh testbed/run.sh tests/e2e/kmod.job.sh "$km" 900 > "$out/kmod.out" 2>&1
rc=$?
tail -1 "$out/kmod.out"
tr -d '\r' < "$km/console.log" 2>/dev/null | grep -E '^(PASS|FAIL|SKIP): ' > "$out/kmod-ppc.out"
count < "$out/kmod-ppc.out"
{
	ok $rc "emulated host with kmod's kernel booted, ran the job and returned in $(( $(date +%s) - start ))s"
	"$out/host/check_run" bpf "$km/bpfrm" 1000 H_ENTER rm
	"$out/host/check_run" bpf "$km/bpfrm" 1000 H_REMOVE rm
	"$out/host/check_run" bpf "$km/bpfvm" 1000 H_ENTER vm
	"$out/host/check_run" bpf-attach "$km/bpfvm" tp_btf hcall,exits,vcore
	"$out/host/check_run" bpf "$km/bpfhcall" 1000 H_ENTER vm
	"$out/host/check_run" bpf-attach "$km/bpfhcall" tp_btf hcall
	"$out/host/check_run" both "$km/bothvmtp" 1000 H_ENTER vm
	"$out/host/check_run" bpf-attach "$km/bothvmtp" tracepoint hcall,exits,vcore
	"$out/host/check_run" both "$km/bothrm" 1000 H_ENTER rm
	"$out/host/check_run" both "$km/bothrm" 1000 H_REMOVE rm
	"$out/host/check_run" both "$km/bothvm" 1000 H_ENTER vm
	"$out/host-san/hvbench" report "$km/bothrm" > "$out/report-split.out" 2>&1
	grep -q "split .*host handler p50 .* ticks (rm), transition p50" "$km/bothrm/report/summary.txt"
	ok $? "report splits the guest round trip into host handler (rm) and transition ($(grep -m1 split "$km/bothrm/report/summary.txt" | tr -s ' '))"
	"$out/host/check_run" both "$km/bothbig" 500000 H_ENTER rm
	"$out/host/check_run" both "$km/bothbig" 500000 H_REMOVE rm
	"$out/host/check_run" both "$km/bothbigvm" 100000 H_ENTER vm
	"$out/host/check_run" both "$km/bothbigvm" 100000 H_REMOVE rm
	"$out/host/check_run" bpf "$km/bothpairs" 1000 H_ENTER vm
	# kmod's batches where the kernel has them (both collectors), the pairs when asked
	src=$(python3 -c "
import json, sys
d = sys.argv[1]
print(' '.join(json.load(open('%s/%s/%s' % (d, r, f))).get('source', '?')
               for r in ('bothvm', 'bothpairs') for f in ('collect_bpf.json', 'collect_perf.json')))" "$km" 2>/dev/null)
	[ "$src" = "kvm_hcall_batch kvm_hcall_batch kvm_hcall_enter/exit pairs kvm_hcall_enter/exit pairs" ]
	ok $? "both collectors read kmod's kvm_hcall_batch, and the kvm_hcall_enter/exit pairs with HVB_PAIRS=1 ($src)"
	# the handler never longer than the round trip: host p50 (batched stamps) < guest p50, per mode
	split=$(python3 -c "
import json, sys
d = sys.argv[1]
out = []
for run, req, mode in (('bothvm', 'H_ENTER', 'vm'), ('bothrm', 'H_ENTER', 'rm')):
    g = [b for b in json.load(open('%s/%s/results.json' % (d, run)))['benches'] if b['bench'] == 'h_enter']
    gp50 = g[0]['summary']['p50']
    for f in ('collect_bpf.json', 'collect_perf.json'):
        h = [h for h in json.load(open('%s/%s/%s' % (d, run, f)))['hcalls'] if h['req'] == req and h['mode'] == mode]
        hp50 = h[0]['hist']['p50']
        assert h[0]['unit'] == 'timebase_ticks' and 0 < hp50 < gp50, (run, f, hp50, gp50)
        out.append('%s %s %d < %d' % (mode, f.split('_')[1].split('.')[0], hp50, gp50))
print(', '.join(out))" "$km" 2>&1 | tail -1)
	case "$split" in *Error*|*error*|"") false ;; *) true ;; esac
	ok $? "host handler p50 below the guest's round trip p50 in both modes, both collectors, in ticks ($split)"
	# a ring sized to overflow: losses counted and reported, histograms marked incomplete
	inc=$(python3 -c "
import json, sys
d = sys.argv[1]
for f in ('collect_bpf.json', 'collect_perf.json'):
    j = json.load(open('%s/small/%s' % (d, f)))
    assert j['complete'] is False and j['real_mode']['records_lost'] > 0, f
    assert j['hcalls'] and all(h['complete'] is False for h in j['hcalls']), f
    k = json.load(open('%s/bothbig/%s' % (d, f)))
    assert k['complete'] is True, f
print('bpf lost %d, perf lost %d' % tuple(json.load(open('%s/small/%s' % (d, f)))['real_mode']['records_lost'] for f in ('collect_bpf.json', 'collect_perf.json')))" "$km" 2>&1 | tail -1)
	case "$inc" in bpf\ lost*) true ;; *) false ;; esac
	ok $? "16-record ring: both collectors count the lost records and mark every histogram incomplete ($inc); complete at the default ring"
	# where the drains land: none inside a timed sample with the ring hvbench sizes (auto),
	# every one charged to null_vm's histogram and counted alike by both collectors at 2048
	"$out/host/check_run" both "$km/ringauto" 10000 H_PROD vm
	"$out/host/check_run" both "$km/ringhalf" 10000 H_PROD vm
	rng=$(python3 -c "
import json, sys
d = sys.argv[1]
out = []
# auto: 2 x 5 hcalls an iteration + 1024, never below the kernel's 16384, at most 65536
for run, ring in (('bothrm', 16384), ('ringauto', 65536), ('ringhalf', 2048)):
    m = json.load(open('%s/%s/meta.json' % (d, run)))['run']
    assert m['hcall_ring'] == ring, (run, m.get('hcall_ring'))
    for f in ('collect_bpf.json', 'collect_perf.json'):
        j = json.load(open('%s/%s/%s' % (d, run, f)))
        assert j['format'] == 'hvbench-collect' and j['version'] == 3, f
        half = j['drains']['half']
        hs = [h for h in j['hcalls'] if h['req'] == 'H_PROD' and h['mode'] == 'vm']
        charged = sum(h['half_drains'] for h in j['hcalls'])
        if run == 'bothrm':
            continue
        if run == 'ringauto':
            assert half == 0 and charged == 0, (run, f, half, charged)
        else:
            # 10^4 records drained every 1024: 9 inside the bench (a few more from the calibration-free setup allowed)
            assert 9 <= half <= 12 and hs[0]['half_drains'] >= 9 and charged == half, (run, f, half, charged)
            assert hs[0]['half_drain_ticks'] > 0 and j['drains']['half_ticks'] >= hs[0]['half_drain_ticks'], f
        out.append('%s %s: ring %d, %d half-ring drains' % (run, f.split('_')[1].split('.')[0], ring, half))
# H_ENTER punted, H_REMOVE in real mode: a drain after a real-mode record runs at the
# next exit, the punted H_ENTER's, and both collectors charge it there
got = []
for f in ('collect_bpf.json', 'collect_perf.json'):
    j = json.load(open('%s/bothbigvm/%s' % (d, f)))
    by = dict(((h['req'], h['mode']), h['half_drains']) for h in j['hcalls'])
    assert j['drains']['half'] > 0 and by[('H_ENTER', 'vm')] == j['drains']['half'] and by[('H_REMOVE', 'rm')] == 0, (f, j['drains'], by)
    got.append(by[('H_ENTER', 'vm')])
assert got[0] == got[1], got
out.append('bothbigvm: %d half-ring drains in punted H_ENTER samples' % got[0])
print(', '.join(out))" "$km" 2>&1 | tail -1)
	case "$rng" in ringauto*) true ;; *) false ;; esac
	ok $? "drains: none in a timed sample with the ring hvbench sizes, each charged to the sample that holds it at --hcall-ring 2048 and in 2 x 10^5 mixed rm/vm hcalls ($rng)"
	"$out/host-san/hvbench" report "$km/ringhalf" > "$out/report-drains.out" 2>&1
	grep -q "drains .* sample(s) held a drain of half kmod's hcall ring" "$km/ringhalf/report/summary.txt"
	ok $? "report flags the samples that held a half-ring drain ($(grep -m1 'held a drain' "$km/ringhalf/report/summary.txt" | tr -s ' '))"
	# provenance: kmod's kernel has /proc/config.gz; its CRC-32 is the one of the config it was built with
	want=$(printf '%08x' "$(python3 -c "import zlib,sys; print(zlib.crc32(open(sys.argv[1],'rb').read()))" "$out/kmod/build-kmod/.config" 2>/dev/null || echo 0)")
	got=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['kernel']['config']['crc32'])" "$km/bothrm/meta.json" 2>/dev/null)
	[ -n "$got" ] && [ "$got" = "$want" ]
	ok $? "meta.json names the kernel's configuration: CRC-32 $got of /proc/config.gz = that of kmod's .config ($want)"
	# and the series' version, from uname -v (kmod/build.sh's KBUILD_BUILD_VERSION)
	want=$(cat kmod/patches/*.patch | sha256sum | cut -c1-12)
	got=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['kernel']['kmod_series'])" "$km/bothrm/meta.json" 2>/dev/null)
	[ -n "$got" ] && [ "$got" = "$want" ]
	ok $? "meta.json names the kmod series: $got, the sha256 of kmod/patches/*.patch ($want...)"
	# the collectors' probe effect: a calibration pair ran first (null_rm without and with them)
	cal=$(python3 -c "
import json, sys
c = json.load(open(sys.argv[1]))['run']['calibration']
assert c['bench'] == 'null_rm' and c['mode'] == 'rm' and c['p50_without'] > 0 and c['p50_with'] > 0
print('%d -> %d ticks, %+.1f %%' % (c['p50_without'], c['p50_with'], c['inflation_pct']))" "$km/bothrm/meta.json" 2>/dev/null)
	[ -n "$cal" ] && [ -e "$km/bothrm/calibration/without/results.json" ] && [ -e "$km/bothrm/calibration/with/collect_bpf.json" ]
	ok $? "a run with collectors measures their probe effect first (calibration/without, calibration/with): null_rm $cal"
} > "$out/kmod-rc.out" 2>&1
count < "$out/kmod-rc.out"

# boot NAME KERNEL JOB TIMEOUT WHAT: one boot of the emulated host, its
# PASS/FAIL/SKIP lines counted, and one for the boot itself
# boot NAME KERNEL JOB TIMEOUT WHAT [RETRY]: one emulated host boot running
# JOB.  RETRY=1: a boot that hangs (testbed exit 124) is booted once more,
# its registers and console kept in e2e-NAME-hung/ and the hang named in the
# result: the boots with SMT vcores, after which the emulated host now and
# then slows down for minutes (testbed/qemu/README.md), a bug still open.
boot() {
	local name=$1 kernel=$2 job=$3 tmo=$4 what=$5 retry=${6:-0} d=$out/e2e-$1 rc hung=
	rm -rf "$d" "$d-hung"
	HVB_TESTBED=$kernel HVB_JOB_FILES=${HVB_JOB_FILES:-tests/e2e/fuzz.sh} testbed/run.sh "$job" "$d" "$tmo" > "$out/$name.out" 2>&1
	rc=$?
	grep '^testbed: ' "$out/$name.out"
	if [ "$rc" = 124 ] && [ "$retry" = 1 ]; then
		hung=$(grep -o 'NIPs: .*' "$out/$name.out" | head -1)
		mv "$d" "$d-hung"
		mv "$out/$name.out" "$out/$name-hung.out"
		echo "testbed: booting once more after the hang (console and registers kept in $d-hung)"
		HVB_TESTBED=$kernel HVB_JOB_FILES=${HVB_JOB_FILES:-tests/e2e/fuzz.sh} testbed/run.sh "$job" "$d" "$tmo" > "$out/$name.out" 2>&1
		rc=$?
		grep '^testbed: ' "$out/$name.out"
	fi
	tr -d '\r' < "$d/console.log" 2>/dev/null | grep -E '^(PASS|FAIL|SKIP): ' > "$out/$name-ppc.out"
	ok $rc "emulated host with the $kernel kernel ran $what and returned${hung:+ (on a second boot: the first hung, $hung; see $d-hung)}" >> "$out/$name-ppc.out"
	count < "$out/$name-ppc.out"
}

echo "== kmod: SMT4 vcore, H_CEDE with busy siblings (a boot of its own)"
# The job takes 40-160 s; after SMT vcores the emulated host now and then
# stalls for minutes (testbed/qemu/README.md): 420 s, and one more boot if
# it hangs, with the hang named
HVB_JOB_FILES="tests/e2e/fuzz.sh tests/e2e/ring-race.sh" boot kmod-smt kmod tests/e2e/kmod-smt.job.sh 420 "the SMT job" 1

echo "== the run matrix on the emulated POWER8 host (kmod kernel, a boot of its own)"
boot matrix kmod tests/e2e/matrix.job.sh 600 "the matrix job" 1
{
	mx=$out/e2e-matrix
	"$out/host/check_run" matrix "$mx/matrix" 50 36 ok
	"$out/host/check_run" matrix "$mx/hpt3" 100 3 ok
	"$out/host/check_run" matrix "$mx/hang" 100 4 ok=2,watchdog=2
	"$out/host/check_run" htab "$mx/fill" filled
	"$out/host/check_run" htab "$mx/hpt3" -
	"$out/host/check_run" htab "$mx/resize" -
	"$out/host/check_run" htab "$mx/resize2k" -
	# h_resize makes 2 round trips, two commits each: its count is not -n
	"$out/host/check_run" matrix-benches "$mx/resize" 1
	"$out/host/check_run" reset "$mx/reset" other
	"$out/host/check_run" reset "$mx/reset19" same
	"$out/host/check_run" partial "$mx/sigint"
	"$out/host/check_run" matrix-benches "$mx/all" 22
	"$hvb" report "$mx/matrix" > "$out/report-matrix.out" 2>&1
	rc=$?
	n=$(ls "$mx/matrix/report/"*.png 2>/dev/null | grep -Ec '/[^./]+\.png$')
	[ $rc = 0 ] && [ "$n" = 72 ] && [ "$(grep -c '^== cell ' "$mx/matrix/report/summary.txt")" = 36 ]
	ok $? "hvbench report of the matrix: a section per cell, $n histograms (2 per cell)"
	"$hvb" report "$mx/hang" > "$out/report-hang.out" 2>&1
	rc=$?
	[ $rc = 0 ] && grep -q "watchdog" "$mx/hang/report/summary.txt"
	ok $? "hvbench report of a matrix with hung cells names them ($(grep -m1 watchdog "$mx/hang/report/summary.txt" | cut -c1-120))"
	"$hvb" report "$mx/sigint" > "$out/report-sigint.out" 2>&1
	rc=$?
	[ $rc = 0 ] && grep -q "partial" "$mx/sigint/report/summary.txt" && grep -q "not_run" "$mx/sigint/report/summary.txt"
	ok $? "hvbench report of an interrupted matrix says partial and lists the cells not run"
} > "$out/matrix-checks.out" 2>&1
count < "$out/matrix-checks.out"

echo "== hvbench regress: kvm-hv changes counted in instructions (the emulated POWER8 host under -icount, a 1 GHz timebase)"
# Last of the kmod boots: regress builds its kernels in kmod's shared tree
# (the base fuzz boot below uses the copy in out/kmod/build-base)
{
	rg=$out/regress-check
	rm -rf "$rg"
	mkdir -p "$rg"
	tp=tests/regress/0001-test-6-instructions-on-real-mode-h_set_dabr.patch
	nboots() { ls -d "$out"/regress/boots/*/*/ 2>/dev/null | wc -l; }
	# bad input: one line, exit 2, nothing booted
	before=$(nboots)
	rbad() { # DESCRIPTION NEEDLE ARGS...
		local what=$1 needle=$2 msg rc
		shift 2
		msg=$("$hvb" regress "$@" 2>&1 > /dev/null); rc=$?
		[ $rc = 2 ] && [ "$(echo "$msg" | grep -vc '^Try\|^Usage')" = 1 ] && echo "$msg" | grep -q -- "$needle" &&
			[ "$(nboots)" = "$before" ]
		ok $? "regress $what: exit 2, one line, nothing booted ($(echo "$msg" | head -1 | cut -c1-170))"
	}
	mkdir -p "$rg/notkernel"
	echo "all:" > "$rg/notkernel/Makefile"
	rbad "of a tree that is not a kernel" "is not a kernel tree" linux-source "$rg/notkernel"
	printf -- '--- a/arch/powerpc/kvm/no_such_file.c\n+++ b/arch/powerpc/kvm/no_such_file.c\n@@ -1,1 +1,1 @@\n-a\n+b\n' > "$rg/bad.patch"
	rbad "of a patch that does not apply" "does not apply" linux-source "$rg/bad.patch"
	rbad "of a vmlinux that is not ppc64le (an x86 ELF)" "is not a ppc64le vmlinux" linux-source "$out/host/hvbench"
	rbad "of a file that is neither patch nor vmlinux" "neither a patch" "$rg/notkernel/Makefile" linux-source
	rbad "with an unknown bench" "unknown bench 'h_nothing'" -b h_nothing linux-source "$tp"
	rbad "with --kmod maybe" "invalid --kmod" --kmod maybe linux-source "$tp"

	# a patch of known cost: exactly +6 on real-mode H_SET_DABR, 0 elsewhere
	start=$(date +%s)
	# base: kmod's kernel as a built vmlinux; candidate: the same source and
	# series with the test patch, built by regress in kmod's tree
	"$hvb" regress -f json -o "$rg/test" "$out/kmod/build-kmod/vmlinux" "$tp" > "$rg/test.json" 2> "$rg/test.log"
	rc=$?
	secs=$(( $(date +%s) - start ))
	msg=$(python3 tests/regress/check.py "$rg/test.json" "null_rm rm=6" --others 0)
	c=$?
	echo "$msg"
	[ $rc = 1 ] && [ $c = 0 ]
	ok $? "regress: a test patch adding 6 instructions to real-mode H_SET_DABR reads +6 on null_rm rm and 0 on every other hcall and mode, each kernel's two boots agreeing ($(echo "$msg" | head -1); exit $rc, ${secs}s)"
	python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
f = [c.get("name") for c in t if c.find("failure") is not None]
sys.exit(0 if t.tag == "testsuite" and f == ["null_rm rm"] and int(t.get("tests")) >= 20 else 1)' "$rg/test/regress.xml" &&
		grep -q "^| null_rm rm | H_SET_DABR | 906.0 | 912.0 | +6 |" "$rg/test/regress.md" 2>/dev/null ||
		grep -q "^| null_rm rm | H_SET_DABR | [0-9.]* | [0-9.]* | +6 |" "$rg/test/regress.md"
	ok $? "regress -o: JUnit (one failing test case, null_rm rm) and markdown written beside the JSON"

	# kmod's series against the same kernel without it: what kmod/count-insns.sh counts by disassembly
	# (both built by make: vmlinux inputs; the kmod kernel's boots are the test's above)
	"$hvb" regress -f json "$out/kmod/build-base/vmlinux" "$out/kmod/build-kmod/vmlinux" > "$rg/series.json" 2> "$rg/series.log"
	rc=$?
	nb=$(kmod/count-insns.sh "$out/kmod/build-base/vmlinux" 2>/dev/null | cut -d' ' -f1)
	nk=$(kmod/count-insns.sh "$out/kmod/build-kmod/vmlinux" 2>/dev/null | cut -d' ' -f1)
	d=$(( ${nk:-0} - ${nb:-0} ))
	msg=$(python3 tests/regress/check.py "$rg/series.json" "null_rm rm=$d" "h_enter rm=$d" "h_remove rm=$d" \
		"h_read rm=$d" "h_protect rm=$d" "h_bulk_remove rm=$d" "h_clear_ref rm=$d" "h_clear_mod rm=$d")
	c=$?
	echo "$msg"
	[ $rc = 1 ] && [ $c = 0 ] && [ -n "$nb" ] && [ -n "$nk" ] && [ $d -gt 0 ]
	ok $? "regress: kmod's series against the same kernel without it: +$d instructions on each real-mode hcall, what count-insns.sh reads in the disassembly ($nb -> $nk; exit $rc)"

	# patch 0009 (the virtual-mode record) alone: the series without it against the
	# series, as patch directories on linux-source; kmod/count-vm-insns.py counts
	# the record in the disassembly of kvmppc_vcpu_run_hv
	# (the candidate is kmod's own kernel, whose boots the test patch's run made)
	rm -rf "$rg/s8"; mkdir -p "$rg/s8"
	for p in kmod/patches/*.patch; do
		case $p in *0009-*) ;; *) cp "$p" "$rg/s8/" ;; esac
	done
	start=$(date +%s)
	"$hvb" regress --kmod off,off -f json "$rg/s8" "$out/kmod/build-kmod/vmlinux" > "$rg/vm.json" 2> "$rg/vm.log"
	rc=$?
	ko=$(python3 -c 'import json, sys; print(" ".join(k + "/arch/powerpc/kvm/kvm-hv.ko" for k in json.load(open(sys.argv[1]))["kernels"]))' "$rg/vm.json" 2>/dev/null)
	# shellcheck disable=SC2086
	cnt=$(kmod/count-vm-insns.py $ko 2>&1 | cut -d' ' -f1 | tr '\n' ' ')
	read -r vb vk <<< "$cnt"
	dv=$(( ${vk:-0} - ${vb:-0} ))
	msg=$(python3 tests/regress/check.py "$rg/vm.json" "null_vm rm=$dv" "null_vm vm=$dv" "h_enter vm=$dv" \
		"null_rm vm=$dv" "h_put_tce vm=$dv" "h_read vm=$dv" "h_remove vm=$dv" \
		"null_rm rm=0" "h_enter rm=0" "h_put_tce rm=0" "h_read rm=0" "h_remove rm=0" "mmio rm=0")
	c=$?
	echo "$msg"
	[ $rc = 1 ] && [ $c = 0 ] && [ -n "$vb" ] && [ -n "$vk" ] && [ $dv -gt 0 ]
	ok $? "regress: kmod's virtual-mode record (patch 0009) adds +$dv instructions to every virtual-mode hcall and 0 to real-mode ones, what count-vm-insns.py reads in kvmppc_vcpu_run_hv ($vb -> $vk; exit $rc, $(( $(date +%s) - start ))s)"

	# hvbench compare on regress's run directories: exact under -icount
	runs=$(python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["runs"]))' "$rg/series.json" 2>/dev/null)
	rr=($runs none none none none)
	# p50s: every row the same to the tick but H_CEDE's, whose median lies
	# among wake-ups the host's timer shifts (regress counts it by its mode)
	msg=$("$hvb" compare --noise-floor 100 "${rr[1]}" "${rr[0]}" 2>&1); rc=$?
	echo "$msg" > "$rg/compare-same.out"
	moved=$(echo "$msg" | sed -n '/^exact:/,$p' | grep '^  ' | grep -vc '^  h_cede ')
	[ $rc = 0 ] && echo "$msg" | grep -q "^exact:" && ! echo "$msg" | grep -qE "regressed$|improved$" && [ "$moved" = 0 ]
	ok $? "compare: two -icount boots of one kernel are unchanged, judged exactly: every p50 equal to the tick but H_CEDE's ($(echo "$msg" | grep '^  h_cede' | head -1 | sed 's/^ *//'); exit $rc)"
	msg=$("$hvb" compare "${rr[0]}" "${rr[2]}" 2>&1); rc=$?
	echo "$msg" > "$rg/compare-series.out"
	deltas=$(echo "$msg" | sed -n 's/^  \(null_rm rm\|h_read rm\)[^:]*: \([+-][0-9.]*\) ticks.*/\1 \2/p' | tr '\n' ';')
	[ $rc = 1 ] && echo "$msg" | grep -q "^exact:" && echo "$msg" | grep -qE "^null_rm rm .* regressed$" &&
		echo "$msg" | grep -qE "^h_read rm .* regressed$" && echo "$deltas" | grep -q "null_rm rm +$d.0;" &&
		echo "$deltas" | grep -q "h_read rm +$d.0;"
	ok $? "compare: kmod's kernel against the same kernel without the series under -icount: real-mode hcalls regressed by exactly $d ticks = $d instructions ($deltas exit $rc)"
} > "$out/regress-check.out" 2>&1
count < "$out/regress-check.out"

echo "== hvbench report: every chart type, SVG/PNG/PDF/CSV, the HTML page in headless Chromium"
fresh=()
for r in matrix fill resize resize2k hread; do
	[ -e "$out/e2e-matrix/$r/run.json" ] && fresh+=("$out/e2e-matrix/$r")
done
tests/report/report.sh "$hvb" "$out/host/check_run" "$out/report" "${fresh[@]}" > "$out/report-charts.out" 2>&1
count < "$out/report-charts.out"

echo "== the same kernel without the series (kmod/build.sh base): the hcall fuzzer"
boot base base tests/e2e/base.job.sh 300 "the fuzz job"

echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
