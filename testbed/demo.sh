#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: what hvbench is for, on an emulated POWER8 host running kmod's
# kernel: H_ENTER, H_PUT_TCE and the null hcall handled in real mode, in
# virtual mode and by the VMM (user), with the BPF collector splitting
# each round trip into host handler and transition; H_CEDE with busy
# siblings and H_PROD on an SMT4 vcore; then the report (charts and an
# HTML page) under reports/out/.
set -euo pipefail
out=${HVB_OUT:-out}
N=${HVB_DEMO_N:-2000}
stamp=$(date +%Y%m%d-%H%M%S)
dest=reports/out/demo-$stamp
job=$(mktemp)
trap 'rm -f "$job"' EXIT
cat > "$job" <<JOB
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
./hvbench run -q -b h_enter,h_put_tce,null_rm --mode rm,vm,user --hpt-order 20 --reps 2 -n $N \\
	--collect bpf -o /out/modes
./hvbench run -q -b h_cede_busy,h_prod --smt 4 -n 200 --collect bpf --bpf hcall,vcore -o /out/smt4
true
JOB
start=$(date +%s)
echo "demo: booting an emulated POWER8 host (QEMU powernv8, TCG) with kmod's kvm-hv: H_ENTER, H_PUT_TCE"
echo "demo: and the null hcall in real mode, virtual mode and user space ($N calls, 2 repetitions),"
echo "demo: then H_CEDE with busy siblings and H_PROD on an SMT4 vcore"
HVB_TESTBED=kmod testbed/run.sh "$job" "$dest" 600
"$out/host/hvbench" report -o "$dest/report" "$dest/modes" "$dest/smt4" > "$dest/report.log"
echo
echo "demo: p50 round trip seen by the guest, timebase ticks (mean of 2 repetitions [95 % CI]):"
column -s, -t < "$dest/report/modes.modes.h20.s1.csv" | sed 's/^/    /'
echo
echo "demo: where a real-mode round trip goes (p50 ticks): kmod's handler stamps against the guest's"
column -s, -t < "$dest/report/split.modes.rm.csv" | sed 's/^/    /'
echo
echo "demo: SMT4 vcore: H_CEDE with busy siblings, H_PROD (ticks; full table in summary.txt):"
sed -n '/^#### run smt4/,$p' "$dest/report/summary.txt" | grep -E "^(bench |h_cede_busy |h_prod )" | sed 's/^/    /'
echo
echo "demo: emulated host (TCG): compare ratios, not absolute times; done in $(( $(date +%s) - start )) s"
echo "demo: report: $dest/report/index.html (every chart as SVG, PNG, PDF and CSV beside it)"
echo "demo: run directories: $dest/modes (a matrix of 12 cells) and $dest/smt4"
