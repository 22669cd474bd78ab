#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise bench/collect.job.sh's run directories: the guest-seen p50 of
null_vm and h_enter with each collector, summed over the alternated rounds,
as inflation over no collector; perf record's event count; the 10^6-hcall
loss check.

usage: collect-summary.py DIR [--native]

Under TCG the timebase follows the host clock and moves ~10 % between
identical runs, so make bench judges the targets on instruction counts
instead.  --native (bench/native.sh, a POWER8 host) judges them here:
on hardware these are the real figures."""
import glob
import json
import os
import sys

CONFIGS = ("none", "bpf", "bpfhcall", "perf", "perfrec", "perfrechcall")


def load(path):
    with open(path) as f:
        return json.load(f)


def p50s(d, run):
    """{bench: p50} of one run directory"""
    r = load("%s/%s/results.json" % (d, run))
    return {b["bench"]: b["summary"]["p50"] for b in r["benches"]}


def main():
    d = sys.argv[1]
    native = "--native" in sys.argv[2:]
    rounds = sorted(int(p.rsplit("-", 1)[1]) for p in glob.glob(d + "/none-*"))
    if not rounds:
        sys.exit("collect-summary: no %s/none-N run directories: did bench/collect.job.sh run?" % d)
    clock = "POWER8" if native else "TCG"
    runs = {(c, i): p50s(d, "%s-%d" % (c, i)) for c in CONFIGS for i in rounds}
    for bench in ("null_vm", "h_enter"):
        s = {c: sum(runs[c, i][bench] for i in rounds) for c in CONFIGS}
        pct = {c: (s[c] / s["none"] - 1) * 100 for c in CONFIGS}
        print("bench: %s %-8s p50 sums of %d rounds: none %d; bpf %+.1f %%, bpf hcall %+.1f %%, "
              "raw collector %+.1f %%, perf record %+.1f %%, perf record of the hcall tracepoints %+.1f %%"
              % (clock, bench, len(rounds), s["none"], pct["bpf"], pct["bpfhcall"], pct["perf"],
                 pct["perfrec"], pct["perfrechcall"]))
        if native and bench == "null_vm":
            for c, rec in (("bpfhcall", "perfrechcall"), ("bpf", "perfrec")):
                print("bench: POWER8 null_vm %-9s %+.1f %%: target <= 3 %%: %s; <= a third of perf record "
                      "of the same tracepoints (%+.1f %%): %s"
                      % (c, pct[c], "OK" if pct[c] <= 3 else "OVER", pct[rec],
                         "OK" if pct[rec] > 0 and pct[c] <= pct[rec] / 3 else "OVER"))
    n = 0
    for i in rounds:
        with open("%s/perfrec-%d/perf-events.txt" % (d, i)) as f:
            n += int(f.read().split()[0])
    print("bench: perf record saw %d kvm_hcall_enter events over the %d rounds" % (n, len(rounds)))
    for run, what in (("big", "real-mode"), ("bigvm", "H_ENTER virtual-mode + H_REMOVE real-mode")):
        if not os.path.isdir("%s/%s" % (d, run)):
            continue	# bigvm: a kernel without kmod's rm_punt
        for col in ("bpf", "perf"):
            c = load("%s/%s/collect_%s.json" % (d, run, col))
            rm, lost = c["real_mode"], c["lost"]
            if not rm.get("visible"):
                print("bench: 10^6 back-to-back %s hcalls, %s collector: %s"
                      % (what, col, rm.get("why", "real mode not visible")))
                continue
            n = sum(h["hist"]["count"] for h in c["hcalls"] if h["req"] in ("H_ENTER", "H_REMOVE"))
            print("bench: 10^6 back-to-back %s hcalls, %s collector: %d events, lost: kmod ring %d, "
                  "perf %d, map full %d, complete %s (target 0 lost)"
                  % (what, col, n, rm["records_lost"], lost.get("perf_lost_records", 0), lost["map_full"],
                     c.get("complete", "?")))


if __name__ == "__main__":
    main()
