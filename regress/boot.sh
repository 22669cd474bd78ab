#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench regress: boot one kernel (a regress/kernel.sh directory) as the
# emulated POWER8 host under -icount and run the bench set once.
#
#   regress/boot.sh KERNELDIR ARGSFILE BOOT TIMEOUT
#
# The run directory lands in out/regress/boots/KERNEL-JOB/BOOT/run, JOB
# being the sha256 of everything else the boot's result depends on (the
# bench set, hvbench and guest-bench, the job, the testbed, QEMU): a boot
# already made with all of these is not made again (a warm regress boots
# only the kernel that changed).  The last line printed is "HVB-BOOT DIR".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
out=$(cd "${HVB_OUT:-$root/out}" && pwd)
kdir=$1 args=$2 boot=$3 tmo=$4
. "$root/testbed/qemu-common.sh"
qemu=$(command -v "$(hvb_qemu "$out")")
# (the testbed's own switches included: HVB_ICOUNT_SMT, HVB_APPEND change the boot)
job=$( (cat "$args" "$out/ppc64le/hvbench" "$out/ppc64le/guest-bench.elf" "$here/regress.job.sh" \
	"$root/testbed/run.sh" "$root/testbed/init" "$root/testbed/mkinitramfs.sh" \
	"$root/testbed/qemu-common.sh" "$qemu"; cat /usr/share/qemu/skiboot.lid 2>/dev/null
	echo "smt=${HVB_ICOUNT_SMT:-0} append=${HVB_APPEND:-}") | sha256sum | cut -c1-16)
base=$out/regress/boots/$(basename "$kdir")-$job
dest=$base/$boot
if [ -e "$dest/.done" ]; then
	echo "regress: boot $boot of $(basename "$kdir") was made before with this bench set, hvbench and testbed: $dest"
	echo "HVB-BOOT $dest"
	exit 0
fi
mkdir -p "$base"
if [ ! -e "$base/initramfs.cpio.gz" ]; then
	# mkinitramfs takes testbed/init and reports/hist.gp from the tree's root
	(cd "$root" && HVB_OUT=$out testbed/mkinitramfs.sh "$base/initramfs.cpio.gz" "dir:$kdir" > /dev/null)
fi
rm -rf "$dest"
rc=0
HVB_OUT=$out HVB_KERNEL=$kdir/vmlinux.strip HVB_INITRD=$base/initramfs.cpio.gz HVB_ICOUNT=1 \
	HVB_JOB_FILES=$args "$root/testbed/run.sh" "$here/regress.job.sh" "$dest" "$tmo" || rc=$?
# a run directory with failed benches is still a result (the verdict names them)
if [ ! -e "$dest/run/run.json" ]; then
	echo "regress: boot $boot of $(basename "$kdir") left no run directory (testbed exit $rc); console: $dest/console.log" >&2
	exit 1
fi
touch "$dest/.done"
echo "HVB-BOOT $dest"
