#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: collector overhead as the guest sees it, on the emulated
# POWER8 host (TCG: ratios, not absolute times).  Prints one line per
# figure and the target each is held to.
set -euo pipefail
out=${HVB_OUT:-out}
dest=$out/bench
rm -rf "$dest"
HVB_TESTBED=kmod testbed/run.sh bench/collect.job.sh "$dest" 1200 > "$out/bench.log" 2>&1 ||
	{ tail -5 "$out/bench.log"; exit 1; }
p50() { # run-dir bench -> p50 ticks of the guest round trip
	python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1] + "/results.json"))
print([b for b in r["benches"] if b["bench"] == sys.argv[2]][0]["summary"]["p50"])
PY
}
for b in null_vm h_enter; do
	none=0; bpf=0; perf=0
	for r in 1 2 3; do
		none=$((none + $(p50 "$dest/none-$r" $b)))
		bpf=$((bpf + $(p50 "$dest/bpf-$r" $b)))
		perf=$((perf + $(p50 "$dest/perf-$r" $b)))
	done
	awk -v b=$b -v n=$none -v x=$bpf -v p=$perf 'BEGIN {
		r = (x / n - 1) * 100; q = (p / n - 1) * 100;
		printf "bench: %-8s guest round trip p50, sum of 3 runs: none %d, bpf %d, perf %d ticks: bpf %+.2f %% (target <= 3 %%: %s), raw collector %+.2f %%\n",
			b, n, x, p, r, (r <= 3 ? "OK" : "OVER"), q }'
done
python3 - "$dest/big" <<'PY'
import json, sys
for col in ("bpf", "perf"):
    c = json.load(open(sys.argv[1] + "/collect_%s.json" % col))
    n = sum(h["hist"]["count"] for h in c["hcalls"] if h["req"] in ("H_ENTER", "H_REMOVE") and h["mode"] == "rm")
    lost = c["lost"]; rm = c["real_mode"]
    print("bench: 10^6 back-to-back real-mode hcalls, %s collector: %d events, lost: kmod ring %d, perf %d, map full %d (target 0)"
          % (col, n, rm["records_lost"], lost.get("perf_lost_records", 0), lost["map_full"]))
PY
