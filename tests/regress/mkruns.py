#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a matrix run directory of regress's shape with known samples.

    mkruns.py DIR ROW... [--no-icount] [--dead MODE]

ROW is BENCH:MODE:STATUS:SAMPLES, SAMPLES being VALUExCOUNT joined by '+'
(timebase ticks at 1 GHz, < 256: one instruction each), kept in order as
results.json's raw samples.  One cell per mode, as hvbench regress's job
makes them.  --dead MODE adds a cell of that mode that failed before
writing results (run.json status "failed", no results.json).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hostile"))
import mkrundir  # noqa: E402


def samples(spec):
    out = []
    for part in spec.split("+"):
        v, n = part.split("x")
        out += [int(v)] * int(n)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("rows", nargs="+")
    ap.add_argument("--no-icount", action="store_true")
    ap.add_argument("--dead")
    a = ap.parse_args()
    modes = {}
    for r in a.rows:
        bench, mode, status, spec = r.split(":")
        modes.setdefault(mode, []).append((bench, status, samples(spec)))
    if a.dead:
        modes.setdefault(a.dead, None)
    cells = []
    for seq, (mode, rows) in enumerate(sorted(modes.items(), key=lambda m: m[0])):
        name = "%03d-%s-h20-s1-r0-g0" % (seq, mode)
        d = os.path.join(a.dir, "cells", name)
        os.makedirs(d)
        meta, res = mkrundir.base()
        meta["timebase_hz"] = 1000000000
        if not a.no_icount:
            meta["emulator"] = {"qemu": "10.0.2", "icount": True}
        meta["run"] = {"hpt_order": 20, "mode": mode, "vcpus": 1, "iterations": 1024}
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f)
        if rows is not None:
            res["benches"] = []
            for bench, status, vals in rows:
                rec = mkrundir.record(bench, bench.upper(), vals, status=status)
                rec["raw"] = vals
                res["benches"].append(rec)
            with open(os.path.join(d, "results.json"), "w") as f:
                json.dump(res, f)
        cells.append({"seq": seq, "dir": name, "benches": ",".join(r[0] for r in rows or []) or "null_rm",
                      "mode": mode, "hpt_order": 20, "smt": 1, "rep": 0,
                      "status": "ok" if rows is not None else "failed", "seconds": 1.0})
    with open(os.path.join(a.dir, "run.json"), "w") as f:
        json.dump({"format": "hvbench-run", "version": 1, "partial": False,
                   "plan": {"seed": "1"}, "cells": cells}, f)


if __name__ == "__main__":
    main()
