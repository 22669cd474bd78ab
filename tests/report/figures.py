#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Recompute, from the recorded run directories alone, what hvbench report
drew from them, and compare: exit 0 if every figure agrees.

    figures.py FIXTURES REPORT

- modes side by side: per (mode, order) of modes-kmod, the mean of the
  repetitions' p50 (results.json summary) and its 95 % t interval;
- the h_enter_fill sweep of fill-kmod: per order the H_PTEG_FULL share of
  the calls (rc.pteg_full) and the share of full PTEGs (htab.json, the
  'filled' snapshot);
- the HPT advice: the smallest order with no H_PTEG_FULL and a p99 within
  10 % of the best order's, and QEMU's order for 64 MiB of guest RAM.
"""
import csv
import glob
import json
import math
import os
import re
import sys

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571}
bad = []


def check(what, got, want, tol=0.11):
    if got is None or abs(got - want) > tol:
        bad.append("%s: report says %s, the run directory says %.3f" % (what, got, want))


def cells(run):
    idx = json.load(open(os.path.join(run, "run.json")))
    for c in idx["cells"]:
        d = os.path.join(run, "cells", c["dir"])
        yield c, json.load(open(os.path.join(d, "results.json"))), d


def main():
    fx, rep = sys.argv[1], sys.argv[2]
    # --- modes: mean and t interval of the repetitions' p50 ---
    p50s = {}
    for c, res, _ in cells(os.path.join(fx, "modes-kmod")):
        for b in res["benches"]:
            p50s.setdefault((b["bench"], c["mode"], c["hpt_order"]), []).append(b["summary"]["p50"])
    n = 0
    for path in glob.glob(os.path.join(rep, "modes.*.h*.s1.csv")):
        order = int(re.search(r"\.h(\d+)\.s1\.csv$", path).group(1))
        rows = list(csv.reader(open(path)))
        head = rows[0]
        for row in rows[1:]:
            for k in range(1, len(head), 3):
                label = head[k]
                if not label.startswith("modes-kmod ") and label not in ("rm", "vm", "user"):
                    continue
                mode = label.split()[-1]
                v = p50s.get((row[0], mode, order))
                if not v:
                    continue
                mean = sum(v) / len(v)
                half = T95[len(v) - 1] * math.sqrt(sum((x - mean) ** 2 for x in v) / (len(v) - 1)) / math.sqrt(len(v)) if len(v) > 1 else 0
                check("%s %s order %d mean" % (row[0], mode, order), float(row[k]), mean)
                check("%s %s order %d CI low" % (row[0], mode, order), float(row[k + 1]), max(mean - half, 1))
                check("%s %s order %d CI high" % (row[0], mode, order), float(row[k + 2]), mean + half)
                n += 1
    if n < 12:
        bad.append("only %d side-by-side bars checked (want 3 benches x 3 modes x 2 orders)" % n)
    # --- the fill sweep ---
    want = {}
    for c, res, d in cells(os.path.join(fx, "fill-kmod")):
        b = res["benches"][0]
        snap = [s for s in json.load(open(os.path.join(d, "htab.json")))["snapshots"]
                if s["bench"] == "h_enter_fill" and s["phase"] == "filled"][0]
        want[c["hpt_order"]] = (b["rc"]["pteg_full"] * 100.0 / b["summary"]["count"],
                                snap["pteg_occupancy"][8] * 100.0 * 8 / snap["entries"],
                                b["summary"]["p99"])
    rows = list(csv.reader(open(glob.glob(os.path.join(rep, "sweep.h_enter_fill.rm.s1*.csv"))[0])))
    for row in rows[1:]:
        o = int(row[0])
        check("sweep order %d H_PTEG_FULL %%" % o, float(row[3]), want[o][0], 0.01)
        check("sweep order %d full PTEGs %%" % o, float(row[4]), want[o][1], 0.01)
    if len(rows) - 1 != len(want):
        bad.append("sweep has %d orders, the run %d" % (len(rows) - 1, len(want)))
    best = min(v[2] for v in want.values() if v[0] == 0)
    advised = min(o for o, v in want.items() if v[0] == 0 and v[2] <= best * 1.1)
    page = open(os.path.join(rep, "index.html")).read()
    m = re.search(r'fill-kmod</td><td class="l">h_enter_fill \(.*?class="advised">(\d+)<.*?<td>(\d+)</td>', page)
    if not m:
        bad.append("no HPT advice row for fill-kmod's h_enter_fill")
    else:
        check("advised order", int(m.group(1)), advised, 0)
        check("QEMU's order for 64 MiB", int(m.group(2)), 19, 0)
    # --- SMT naps: the collector's cede counts of smt4-kmod ---
    cede = json.load(open(os.path.join(fx, "smt4-kmod", "collect_bpf.json")))["cede"]
    rows = list(csv.reader(open(os.path.join(rep, "nap.smt4-kmod.rm.s4.csv"))))
    # the collector counts by threads napping after the cede (1..SMT); the chart by those before it
    naps = [int(r[1]) for r in rows[1:] if r and r[0].isdigit()]
    if naps != cede["by_napping_threads"][1:5] or len(naps) != 4:
        bad.append("nap chart: naps by napping threads %s, the collector says %s" % (naps, cede["by_napping_threads"]))
    wakes = dict((r[0], int(r[1])) for r in rows if len(r) == 2 and not r[0].isdigit() and r[1].isdigit())
    if wakes.get("hv doorbell") != cede["wake_reasons"][3] or wakes.get("decrementer") != cede["wake_reasons"][6]:
        bad.append("nap chart: wake reasons %s, the collector says %s" % (wakes, cede["wake_reasons"]))
    # --- waking from H_CEDE: smt4-kmod's ceding records, from results.json ---
    res = json.load(open(os.path.join(fx, "smt4-kmod", "results.json")))["benches"]
    text = open(os.path.join(rep, "wake.smt4-kmod.rm.csv")).read().split("\n\n\n")
    got = {}
    for block in text:
        lines = block.strip().split("\n")
        if len(lines) >= 3:
            got[lines[0]] = lines[2].split(",")
    nw = 0
    for b in res:
        if "early_wakes" not in b:
            continue
        label = b["bench"] + ("/t%d" % b["thread"] if b["thread"] else "")
        row = got.get(label)
        if not row or row[0] != "4":
            bad.append("wake chart: no SMT 4 row for %s (%s)" % (label, sorted(got)))
            continue
        check("early wakes per 100 cedes of " + label, float(row[3]),
              b["early_wakes"] * 100.0 / b["summary"]["count"], 0.001)
        if "wake_latency" in b:
            # the record's wake_latency p50 from its histogram buckets (bucket lo of the median sample)
            h = b["wake_latency"]
            half, seen = (h["count"] + 1) // 2, 0
            for bk in h["buckets"]:
                seen += bk[3]
                if seen >= half:
                    break
            if not (bk[1] <= float(row[1]) <= bk[2]):
                bad.append("wake chart: %s p50 %s not in the median's bucket %d..%d" % (label, row[1], bk[1], bk[2]))
        nw += 1
    if nw < 2:
        bad.append("wake chart: %d ceding records checked, smt4-kmod has 2" % nw)
    for b in bad:
        print(b)
    print("figures.py: %d side-by-side bars, %d sweep orders, advice order %d checked" % (n, len(want), advised))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
