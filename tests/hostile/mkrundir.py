#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a run directory for hvbench report, valid or hostile.

    mkrundir.py CASE DIR

CASE 'valid' is a well-formed run (three records: h_enter, h_remove, a
faulted record with no samples); every other case is that run with one
hostile or broken change (see CASES).  tests/hostile/rundirs.sh runs
hvbench report on each and checks what it did and did not do.
"""
import json
import os
import sys

TB_HZ = 512000000


def hist(values):
    """A histogram in results.json form; values < 256 land in exact buckets."""
    counts = {}
    for v in values:
        assert v < 256
        counts[v] = counts.get(v, 0) + 1
    return {
        "unit": "timebase_ticks", "sub_bits": 7, "max_log2": 40,
        "count": len(values), "sum": sum(values),
        "min": min(values) if values else 0, "max": max(values) if values else 0,
        "overflow": 0, "columns": "bucket,lo,hi,count",
        "buckets": [[b, b, b, n] for b, n in sorted(counts.items())],
    }


def record(name, req, values, status="ok", thread=0):
    return {"bench": name, "req": req, "status": status, "thread": thread,
            "side": "guest_round_trip", "hist": hist(values)}


def base():
    meta = {"format": "hvbench-meta", "version": 1, "host": "emulated",
            "pvr": "0x004d0200", "kernel": {"release": "6.12.117-hvbench"},
            "timebase_hz": TB_HZ, "run": {"hpt_order": 24}}
    res = {"format": "hvbench-results", "version": 3, "benches": [
        record("h_enter", "H_ENTER", [100 + i % 50 for i in range(1000)]),
        record("h_remove", "H_REMOVE", [80 + i % 30 for i in range(1000)]),
        record("fault", "none", [], status="fault"),
    ]}
    return meta, res


INJECT = "x'; system(\"touch PWNED\"); a='"


def mutate(case, meta, res, d):
    b = res["benches"]
    extra = {}
    if case in ("quote_bench", "quote_req", "quote_host", "traversal", "dot", "slash",
                "same_file"):
        b.pop()  # no fault record: these cases test names, not empty records
    if case == "valid":
        pass
    elif case == "quote_bench":
        b[0]["bench"] = INJECT
    elif case == "quote_req":
        b[0]["req"] = INJECT
    elif case == "quote_host":
        meta["host"] = INJECT
    elif case == "traversal":
        b[0]["bench"] = "../../../x"
    elif case == "dot":
        b[0]["bench"] = "."
        b[1]["bench"] = ".."
    elif case == "empty_name":
        b[0]["bench"] = ""
    elif case == "slash":
        b[0]["bench"] = "a/b"
    elif case == "long_name":
        b[0]["bench"] = "n" * 300
    elif case == "ctrl_name":
        b[0]["bench"] = "h_enter\x1b[2J"
    elif case == "same_file":
        b[0]["bench"] = "a/b"
        b[1]["bench"] = "a_b"
    elif case == "meta_array":
        meta = []
    elif case == "meta_no_kernel":
        del meta["kernel"]
    elif case == "ctrl_host":
        meta["host"] = "\x1b]0;pwned\x07\x1b[2J"
    elif case == "ctrl_release":
        meta["kernel"]["release"] = "x\r\nhvbench: report in /etc"
    elif case == "tb_zero":
        meta["timebase_hz"] = 0
    elif case == "tb_string":
        meta["timebase_hz"] = "512000000"
    elif case == "tb_huge":
        meta["timebase_hz"] = 1e300
    elif case == "tb_negative":
        meta["timebase_hz"] = -1
    elif case == "bucket_2_32":
        b[0]["hist"]["buckets"][0][3] = 2**32 + 2
    elif case == "min_max_negative":
        b[2]["hist"]["min"] = -1
        b[2]["hist"]["max"] = -1
    elif case == "too_many_records":
        res["benches"] = [record("r%d" % i, "H_ENTER", [100]) for i in range(600)]
    elif case == "collector_malformed":
        extra["collect_bpf.json"] = '{"collector": "bpf", "hcalls": [ {"req": '
    elif case == "collector_p50_huge":
        extra["collect_bpf.json"] = json.dumps({"collector": "bpf", "hcalls": [
            {"req": "H_ENTER", "mode": "rm", "vcpu": 0, "hist": {"count": 10, "p50": 2**63 - 1}}]})
    elif case == "collector_ok":
        extra["collect_bpf.json"] = json.dumps({"collector": "bpf", "hcalls": [
            {"req": "H_ENTER", "mode": "rm", "vcpu": 0, "hist": {"count": 1000, "p50": 60}}]})
    elif case == "collector_unit_bad":
        extra["collect_bpf.json"] = json.dumps({"collector": "bpf", "hcalls": [
            {"req": "H_ENTER", "mode": "vm", "unit": "furlongs", "vcpu": 0,
             "hist": {"count": 1000, "p50": 60}}]})
    elif case == "collector_vm_ticks":
        # version 2: kmod's batches stamp virtual mode in timebase ticks
        extra["collect_bpf.json"] = json.dumps({"format": "hvbench-collect", "version": 2,
            "collector": "bpf", "source": "kvm_hcall_batch", "complete": True, "hcalls": [
            {"req": "H_ENTER", "mode": "vm", "unit": "timebase_ticks", "vcpu": 0, "drained": 1,
             "to_user": 0, "complete": True, "hist": {"count": 1000, "p50": 60}}]})
    elif case in ("collector_half_drains", "collector_half_drains_bad"):
        # version 3: half-ring drains charged to the histogram whose samples hold them
        extra["collect_bpf.json"] = json.dumps({"format": "hvbench-collect", "version": 3,
            "collector": "bpf", "source": "kvm_hcall_batch", "complete": True,
            "drains": {"count": 3, "half": 2, "half_ticks": 9000}, "hcalls": [
            {"req": "H_ENTER", "mode": "vm", "unit": "timebase_ticks", "vcpu": 0, "drained": 2,
             "to_user": 0, "half_drains": 2 if case == "collector_half_drains" else 2001,
             "half_drain_ticks": 9000, "complete": True, "hist": {"count": 1000, "p50": 60}}]})
    elif case == "resize_entries_string":
        meta["run"]["hpt_resize"] = [{"from": 18, "to": 20, "prepare_ns": 1, "commit_ns": 2,
                                      "prepares": 1, "error": "", "entries": "2112"}]
    elif case == "resize_error_ctrl":
        meta["run"]["hpt_resize"] = [{"from": 18, "to": 20, "prepare_ns": 1, "commit_ns": 2,
                                      "error": "\x1b[2Jgone", "preserved": 5}]
    elif case == "resize_ok":
        meta["run"]["hpt_resize"] = [{"from": 18, "to": 20, "prepare_ns": 1000000, "commit_ns": 2000000,
                                      "prepares": 3, "error": "", "entries": 2112, "preserved": 2112},
                                     {"from": 20, "to": 99, "prepare_ns": 1, "commit_ns": 0,
                                      "error": "Invalid argument"}]
    else:
        sys.exit("mkrundir.py: unknown case '%s'" % case)
    return meta, res, extra


def main():
    case, d = sys.argv[1], sys.argv[2]
    meta, res = base()
    meta, res, extra = mutate(case, meta, res, d)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(res, f)
    for name, text in extra.items():
        with open(os.path.join(d, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
