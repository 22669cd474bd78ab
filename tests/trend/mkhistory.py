#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a CI history for hvbench trend: one matrix run directory per value.

    mkhistory.py DIR P50S [--no-date K]

P50S: comma-separated p50s (timebase ticks, 30..200), one per run, oldest
first; run i is DIR/run-NNN with meta.json date 2026-01-01 + i hours and
one cell (h_enter, rm, order 24, SMT 1) whose samples sit evenly around
its p50 (p50-20 .. p50+20).  --no-date K leaves run K's date out.
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
    ap.add_argument("--no-date", type=int, default=-1)
    a = ap.parse_args()
    n = 400
    for i, p in enumerate(int(x) for x in a.p50s.split(",")):
        run = os.path.join(a.dir, "run-%03d" % i)
        d = os.path.join(run, "cells", "000-rm-h24-s1-r0-g0")
        os.makedirs(d)
        meta, res = mkrundir.base()
        if i != a.no_date:
            meta["date"] = "2026-01-%02dT%02d:00:00Z" % (1 + i // 24, i % 24)
        meta["run"] = {"hpt_order": 24, "mode": "rm", "vcpus": 1, "iterations": n, "bench": "h_enter"}
        res["benches"] = [mkrundir.record("h_enter", "H_ENTER", [p - 20 + (k * 41) // n for k in range(n)])]
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f)
        with open(os.path.join(d, "results.json"), "w") as f:
            json.dump(res, f)
        with open(os.path.join(run, "run.json"), "w") as f:
            json.dump({"format": "hvbench-run", "version": 1, "partial": False, "plan": {"seed": "1"},
                       "cells": [{"seq": 0, "dir": "000-rm-h24-s1-r0-g0", "benches": "h_enter", "mode": "rm",
                                  "hpt_order": 24, "smt": 1, "rep": 0, "status": "ok", "seconds": 1.0}]}, f)


if __name__ == "__main__":
    main()
