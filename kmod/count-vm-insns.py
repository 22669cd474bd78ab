#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions on the virtual-mode hcall path of kvm-hv, by disassembly.

    kmod/count-vm-insns.py KVM_HV_KO [KVM_HV_KO...]

Counts, in kvmppc_vcpu_run_hv of each kvm-hv.ko, the instructions a
virtual-mode hcall that returns to the guest (RESUME_GUEST) executes
between the check before it (MSR_PR) and the call of
kvmppc_core_prepare_to_enter(), the handler kvmppc_pseries_do_hcall()
itself counted as its one call: the stock loop, or kmod's with the
record of patch 0009 (the opcode and the timebase before, the record
stored after).  The path is walked as it runs for such an hcall with a
ring that is neither full nor half full: a compare of a register with 0
is the handler's return code (RESUME_GUEST = 0: beq taken, bne not); an
unsigned compare of two registers is the ring's index against its size
or half (bge, bgt not taken).  Any other conditional branch on the path
stops the count with an error rather than guess.  Prints "N KO" a line;
the difference between two kernels is what the change adds, which make
check holds against the -icount measurement (hvbench regress).
"""
import re
import subprocess
import sys

CROSS = "" if subprocess.run(["uname", "-m"], capture_output=True, text=True).stdout.strip() == "ppc64le" \
    else "powerpc64le-linux-gnu-"
INSN = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
RELOC = re.compile(r"^\s*([0-9a-f]+):\s+R_PPC64_REL24\s+(\S+)")


def function(ko, name):
    out = subprocess.run([CROSS + "objdump", "-dr", "--no-show-raw-insn", ko], capture_output=True,
                         text=True, check=True).stdout
    insns, relocs, inside = [], {}, False
    for line in out.splitlines():
        if line.endswith("<%s>:" % name):
            inside = True
            continue
        if inside and not line.strip():
            break
        if not inside:
            continue
        m = RELOC.match(line)
        if m:
            relocs[int(m.group(1), 16)] = m.group(2)
            continue
        m = INSN.match(line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2), m.group(3).split("<")[0].strip()))
    if not insns:
        sys.exit("count-vm-insns: no %s in %s" % (name, ko))
    return insns, relocs


def count(ko):
    insns, relocs = function(ko, "kvmppc_vcpu_run_hv")
    at = {a: i for i, (a, _, _) in enumerate(insns)}
    calls = [i for i, (a, op, _) in enumerate(insns) if op == "bl" and relocs.get(a) == "kvmppc_pseries_do_hcall"]
    if len(calls) != 1:
        sys.exit("count-vm-insns: %d calls of kvmppc_pseries_do_hcall in %s" % (len(calls), ko))
    # back to the conditional branch before the call (the MSR_PR check)
    i = calls[0]
    while i > 0 and (not insns[i - 1][1].startswith("b") or insns[i - 1][1] == "bl"):
        i -= 1
    n, last_cmp = 0, None
    while True:
        a, op, args = insns[i]
        if op == "bl" and relocs.get(a) == "kvmppc_core_prepare_to_enter":
            return n
        n += 1
        if n > 400:
            sys.exit("count-vm-insns: no call of kvmppc_core_prepare_to_enter on the path in %s" % ko)
        if op.startswith("cmp"):
            last_cmp = (op, args)
        if op == "b":
            i = at[int(args.split()[0], 16)]
            continue
        if op in ("beq", "bne", "bge", "bgt", "blt", "ble") or op.startswith(("beq", "bne", "bge")):
            if last_cmp is None:
                sys.exit("count-vm-insns: %s at %x with no compare before it in %s" % (op, a, ko))
            cop, cargs = last_cmp
            if cop in ("cmpwi", "cmpdi") and cargs.endswith(",0"):
                taken = op.startswith("beq")
            elif cop in ("cmplw", "cmpld") and op.startswith(("bge", "bgt")):
                taken = False
            else:
                sys.exit("count-vm-insns: %s after %s %s at %x: not a branch this walk knows (%s)"
                         % (op, cop, cargs, a, ko))
            if taken:
                i = at[int(args.split(",")[-1].split()[0], 16)]
                continue
        i += 1


for ko in sys.argv[1:]:
    print("%d %s" % (count(ko), ko))
