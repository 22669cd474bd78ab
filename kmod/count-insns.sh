#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Instructions on the real-mode hcall fast path of a POWER8 kvm-hv kernel:
# from hcall_try_real_mode to its "b fast_guest_return" (the handler itself
# not included), straight-line as the fast path is, by disassembly.
#
#   kmod/count-insns.sh VMLINUX [VMLINUX...]
set -euo pipefail
if [ "$(uname -m)" = ppc64le ]; then p=; else p=powerpc64le-linux-gnu-; fi
for v in "$@"; do
	start=$(${p}nm "$v" | awk '$3 == "hcall_try_real_mode" { print $1 }')
	[ -n "$start" ] || { echo "count-insns: no hcall_try_real_mode in $v" >&2; exit 1; }
	n=$(${p}objdump -d --no-show-raw-insn --start-address=0x$start \
		--stop-address=$(printf '0x%x' $((0x$start + 0x400))) "$v" |
		awk '/^ *[0-9a-f]+:/ { n++; if ($0 ~ /[ \t]b[ \t]+[0-9a-f]+ <fast_guest_return>/) { print n; exit } }')
	echo "$n $v"
done
