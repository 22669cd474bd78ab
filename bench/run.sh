#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: collector overhead as the guest sees it, on the emulated
# POWER8 host (TCG: ratios, not absolute times).  Prints one line per
# figure and the target each is held to.
set -euo pipefail
out=${HVB_OUT:-out}
dest=$out/bench
rm -rf "$dest"
testbed/perf-cpio.sh "$out/testbed/perf.cpio.gz" > "$out/bench.log" 2>&1 || { tail -5 "$out/bench.log"; exit 1; }
HVB_WITH_PERF=1 HVB_TESTBED=kmod \
	HVB_JOB_FILES="bench/native.sh bench/collect.job.sh" \
	testbed/run.sh bench/native-testbed.job.sh "$dest" 1200 >> "$out/bench.log" 2>&1 ||
	{ tail -5 "$out/bench.log"; exit 1; }
# TCG (wall-clock timebase): sums of the p50s of 3 alternated runs.  Seen
# to move by 10 % between runs with nothing changed, so the targets are
# judged on the instruction counts further down (on POWER8 hardware,
# bench/native.sh judges them on these).
bench/collect-summary.py "$dest/collect"

# The collectors' cost as instructions: the null_vm round trip under
# -icount (1 instruction = 1 ns; the timebase ticks at 1 GHz there), median of
# 1024 raw samples, same figure in every run.
HVB_WITH_PERF=1 HVB_TESTBED=kmod HVB_ICOUNT=1 testbed/run.sh bench/icount-collect.job.sh "$dest/icount-collect" 900 \
	>> "$out/bench.log" 2>&1 || { tail -5 "$out/bench.log"; exit 1; }
python3 - "$dest/icount-collect" <<'PY'
import json, sys
d = sys.argv[1]
def med(n):
    r = json.load(open("%s/ic-%s/results.json" % (d, n)))
    raw = sorted(r["benches"][0]["raw"])
    return raw[len(raw) // 2]
def mean(n):  # every sample, from the histogram's sum
    h = json.load(open("%s/ic-%s/results.json" % (d, n)))["benches"][0]["hist"]
    return h["sum"] / h["count"]
tb = json.load(open(d + "/ic-none/meta.json"))["timebase_hz"]
none = med("none")
pct = lambda n: (med(n) / none - 1) * 100
mpct = lambda n, base="none": (mean(n) / mean(base) - 1) * 100
for n, base, what in (("hcall", "none", "2000 calls"), ("long-hcall", "long-none", "20000 calls")):
    c = json.load(open("%s/ic-%s/collect_bpf.json" % (d, n)))
    dr = c.get("drains", {})
    print("bench: icount null_vm bpf hcall (%s, %s): p50 %+.2f %%, mean %+.2f %%: target <= 1 %%: %s; drains %d (%d records, longest %d ticks = %.0f instructions a record)"
          % (c.get("source", "?"), what, pct(n) if base == "none" else (med(n) / med(base) - 1) * 100,
             mpct(n, base), "OK" if max(pct(n) if base == "none" else 0, mpct(n, base)) <= 1 else "OVER",
             dr.get("count", 0), dr.get("records", 0), dr.get("max_ticks", 0),
             dr.get("max_ticks", 0) * 1e9 / tb / max(1, min(8192, dr.get("records", 1)))))
print("bench: icount null_vm bpf hcall on kvm_hcall_enter/exit pairs (HVB_PAIRS=1, a stock kernel's way): p50 %+.1f %%, mean %+.1f %%"
      % (pct("pairs"), mpct("pairs")))
for n, what in (("hcall", "bpf hcall (tp_btf)"), ("exits", "bpf exits (tp_btf)"),
                ("vcore", "bpf vcore (tp_btf)"), ("all", "bpf all three (tp_btf)"),
                ("hcall-tp", "bpf hcall (trace records)"), ("perf", "raw collector"),
                ("perfrec-hcall", "perf record, hcall tps"), ("perfrec-all", "perf record, all tps")):
    m = med(n)
    print("bench: icount null_vm %-26s %d ticks vs %d: %+5d ticks = %+5.0f instructions = %+.1f %%"
          % (what, m, none, m - none, (m - none) * 1e9 / tb, pct(n)))
for n, rec in (("hcall", "perfrec-hcall"), ("all", "perfrec-all")):
    print("bench: icount null_vm bpf %-5s %+.1f %%: target <= 3 %%: %s; <= a third of perf record of the same tracepoints (%+.1f %%): %s"
          % (n, pct(n), "OK" if pct(n) <= 3 else "OVER", pct(rec),
             "OK" if pct(rec) > 0 and pct(n) <= pct(rec) / 3 else "OVER"))
PY

# The cost of kmod's recording as instructions, measured: the same real-mode
# hcalls under an instruction-counting emulator (-icount shift=0: 1 ns per
# instruction), on kmod's kernel and on the same kernel built without the
# series (kmod/build.sh base); median of 1024 raw samples each.
for k in base kmod; do
	HVB_TESTBED=$k HVB_ICOUNT=1 testbed/run.sh bench/icount.job.sh "$dest/icount-$k" 900 \
		>> "$out/bench.log" 2>&1 || { tail -5 "$out/bench.log"; exit 1; }
done
python3 - "$dest/icount-base/icount" "$dest/icount-kmod/icount" <<'PY'
import json, sys
def medians(d):
    r = json.load(open(d + "/results.json"))
    tb = json.load(open(d + "/meta.json"))["timebase_hz"]
    out = {}
    for b in r["benches"]:
        raw = sorted(b["raw"])
        out[b["bench"]] = (raw[len(raw) // 2], len(raw))
    return out, tb
base, tb = medians(sys.argv[1])
kmod, _ = medians(sys.argv[2])
ns_per_tick = 1e9 / tb
for b in base:
    d = kmod[b][0] - base[b][0]
    print("bench: icount %-8s median round trip %d ticks without the series, %d with: +%d ticks = %+.0f instructions (kmod's recording + rm_punt check; goal <= 20 + 9)"
          % (b, base[b][0], kmod[b][0], d, d * ns_per_tick))
PY
