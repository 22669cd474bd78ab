#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# make check: hvbench regress's JSON verdict against what is known.
#   check.py VERDICT.json ROW=DELTA... [--others 0] [--only-modes rm]
# ROW is "bench mode"; each named row must be judged (not nondeterministic)
# with exactly that difference in instructions; with --others 0 every other
# judged row must read 0.  Every row counted by its most common value must
# have both boots of each kernel agree on it.  Prints what it found.
import json, sys

v = json.load(open(sys.argv[1]))
want, others = {}, None
args = sys.argv[2:]
i = 0
while i < len(args):
    if args[i] == "--others":
        others = float(args[i + 1]); i += 2; continue
    row, d = args[i].rsplit("=", 1)
    want[row] = float(d); i += 1
bad = []
seen = set()
for r in v["rows"]:
    name = "%s%s %s" % (r["bench"], "/t%d" % r["thread"] if r["thread"] else "", r["mode"])
    if r["verdict"] in ("nondeterministic", "failed"):
        bad.append("%s: %s (%s)" % (name, r["verdict"], r.get("why", "")))
        continue
    for side in ("base", "cand"):
        s = r.get(side, {})
        if r.get("counted_by") == "most_common" and "most_common" in s and s["most_common"][0] != s["most_common"][1]:
            bad.append("%s: the %s's boots disagree %s" % (name, side, s["most_common"]))
    if "delta_insns" not in r:
        continue
    d = r["delta_insns"]
    if name in want:
        seen.add(name)
        if abs(d - want[name]) > 0.05:
            bad.append("%s: %+.2f instructions, want %+g" % (name, d, want[name]))
    elif others is not None and abs(d - others) > 0.5:
        bad.append("%s: %+.2f instructions, want %+g" % (name, d, others))
for w in want:
    if w not in seen:
        bad.append("%s: no such judged row" % w)
print("; ".join("%s %+.0f" % (w, want[w]) for w in want), "| regressed %d, unchanged %d, nondeterministic %d, failed %d"
      % (v["regressed"], v["unchanged"], v["nondeterministic"], v["failed"]))
for b in bad:
    print("wrong:", b)
sys.exit(1 if bad else 0)
