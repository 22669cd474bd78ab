#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a matrix run directory with known latencies, for hvbench compare.

    mkmatrix.py DIR P50S [-n N] [--release R] [--order O] [--icount] [--calib W,C]

P50S: comma-separated per-repetition p50s (timebase ticks, < 200) of one
cell (h_enter, rm, order O, SMT 1); each repetition's samples sit evenly
around its p50 (p50-20 .. p50+20), so p50, p90 and the mean follow it.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hostile"))
import mkrundir  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("p50s")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--release", default="6.12.117-hvbench")
    ap.add_argument("--order", type=int, default=24)
    ap.add_argument("--icount", action="store_true", help="the emulated host ran under -icount")
    ap.add_argument("--calib", help="WITHOUT,WITH: the collectors' calibration pair (run.calibration), p50 ticks")
    ap.add_argument("--smt", type=int, default=1, help="the cells' SMT width (run.vcpus)")
    ap.add_argument("--collect", action="store_true", help="the BPF collector ran (an empty collect_bpf.json)")
    a = ap.parse_args()
    p50s = [int(x) for x in a.p50s.split(",")]
    cells = []
    for rep, p in enumerate(p50s):
        name = "%03d-rm-h%d-s%d-r%d-g0" % (rep, a.order, a.smt, rep)
        d = os.path.join(a.dir, "cells", name)
        os.makedirs(d)
        meta, res = mkrundir.base()
        meta["kernel"]["release"] = a.release
        if a.icount:
            meta["emulator"] = {"qemu": "10.0.2", "icount": True}
        meta["run"] = {"hpt_order": a.order, "mode": "rm", "vcpus": a.smt, "iterations": a.n,
                       "bench": "h_enter"}
        if a.calib:
            w, c = (int(x) for x in a.calib.split(","))
            meta["run"]["calibration"] = {"bench": "null_rm", "mode": "rm", "iterations": 2000,
                                          "p50_without": w, "p50_with": c,
                                          "inflation_pct": (c / w - 1) * 100}
        vals = [p - 20 + (i * 41) // a.n for i in range(a.n)]
        res["benches"] = [mkrundir.record("h_enter", "H_ENTER", vals)]
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f)
        with open(os.path.join(d, "results.json"), "w") as f:
            json.dump(res, f)
        if a.collect:
            with open(os.path.join(d, "collect_bpf.json"), "w") as f:
                json.dump({"collector": "bpf"}, f)
        cells.append({"seq": rep, "dir": name, "benches": "h_enter", "mode": "rm",
                      "hpt_order": a.order, "smt": a.smt, "rep": rep, "status": "ok",
                      "seconds": 1.0})
    with open(os.path.join(a.dir, "run.json"), "w") as f:
        json.dump({"format": "hvbench-run", "version": 1, "partial": False,
                   "plan": {"seed": "1"}, "cells": cells}, f)


if __name__ == "__main__":
    main()
