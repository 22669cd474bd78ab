#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Per-sample overhead of guest-bench, by disassembly: the instructions
# between the two timebase reads of each timed stub.  Prints one line per
# stub: "NAME N" with N the instructions strictly between the mftb pair.
set -e
prefix=$1 elf=$2
for fn in __hcall_timed __timed_nop __timed_load_dr; do
	${prefix}objdump -d --no-show-raw-insn "$elf" |
	awk -v fn="$fn" '
		$0 ~ "<" fn ">:$" { in_fn = 1; next }
		in_fn && /^$/ { exit }
		in_fn && /mftb/ { if (seen) { print fn, n, body; exit } seen = 1; n = 0; next }
		in_fn && seen && /^ *[0-9a-f]+:/ { n++; body = body " " $2 }'
done
