#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run guest-bench under QEMU pseries (TCG, no KVM, no host kernel): the
# guest is the firmware (-bios, raw image, entered at 0x100 with the device
# tree in r3) and -append carries the bench spec in /chosen/bootargs.  The
# ELF also goes in as -kernel, which QEMU requires for -append.  Results
# come back on the console as HVB-RESULT/HVB-HIST lines (hvbench/results.h).
#
#   testbed/pseries.sh CONSOLE_LOG "hvbench.bench=h_enter hvbench.n=1000 ..." [TIMEOUT_SEC]
#
# The emulated machine: POWER8, one core of 4 threads, 512 MiB, the default
# PCI host bridge (its DMA window: LIOBN 0x80000000, 1 GiB of 4 KiB TCEs).
set -euo pipefail
out=${HVB_OUT:-out}
log=$1 args=$2 tmo=${3:-300}
elf=$out/ppc64le/guest-bench.elf
bin=$out/ppc64le/guest-bench.bin
[ -r "$bin" ] || { echo "pseries: $bin missing; run 'make'" >&2; exit 1; }
. "$(dirname "$0")/qemu-common.sh"
qemu=$(hvb_qemu "$out")
mkdir -p "$(dirname "$log")"
rc=0
timeout -k 5 "$tmo" "$qemu" -L /usr/share/qemu -M pseries -cpu POWER8 -smp 4,threads=4 -m 512M \
	-accel tcg,thread=multi -nographic -no-reboot -vga none -nodefaults \
	-chardev stdio,id=con,signal=off -device spapr-vty,chardev=con \
	-bios "$bin" -kernel "$elf" -append "$args" < /dev/null > "$log" 2>&1 || rc=$?
hvb_qemu_ended pseries "$rc" "$tmo" "$log" HVB-END
