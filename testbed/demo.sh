#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: H_ENTER in a real KVM-HV guest on an emulated POWER8 host, and
# its report under reports/out/.
set -euo pipefail
out=${HVB_OUT:-out}
N=${HVB_DEMO_N:-10000}
ORDER=${HVB_DEMO_HPT_ORDER:-24}
stamp=$(date +%Y%m%d-%H%M%S)
dest=reports/out/demo-$stamp
job=$(mktemp)
trap 'rm -f "$job"' EXIT
cat > "$job" <<JOB
cd /hvb
insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko || exit 1
./hvbench run -n $N --hpt-order $ORDER -o /out/run
JOB
echo "demo: booting an emulated POWER8 host (QEMU powernv8, TCG) to run $N H_ENTERs in a KVM-HV guest"
testbed/run.sh "$job" "$dest" 300
"$out/host/hvbench" report "$dest/run"
echo
echo "demo: report: $dest/run/report/summary.txt and $dest/run/report/h_enter.png"
echo "demo: raw run directory: $dest/run (meta.json, results.json, console.log)"
