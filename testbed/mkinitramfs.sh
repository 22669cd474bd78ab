#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the emulated POWER8 host's base initramfs: busybox-static:ppc64el,
# the kvm and kvm-hv modules of Debian's ppc64le 6.12 kernel (or of kmod's
# kernel once built), the static ppc64le hvbench and guest-bench.
set -euo pipefail
out=${HVB_OUT:-out}
dest=$1
flavor=${2:-stock}	# stock: Debian's kvm modules; kmod / base: kmod/build.sh's; dir:PATH: PATH/arch/powerpc/kvm's (hvbench regress)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

bb=$out/ppc-rootfs/busybox/bin/busybox
kdir=$out/ppc-rootfs/kernel
[ -x "$bb" ] || { echo "mkinitramfs: $bb missing; run 'make deps'" >&2; exit 1; }
if [ "$flavor" = kmod ] || [ "$flavor" = base ] || [ "${flavor#dir:}" != "$flavor" ]; then
	b=$out/kmod/build-kmod
	[ "$flavor" = base ] && b=$out/kmod/build-base
	[ "${flavor#dir:}" != "$flavor" ] && b=${flavor#dir:}
	kmods=$(ls "$b"/arch/powerpc/kvm/kvm.ko "$b"/arch/powerpc/kvm/kvm-hv.ko 2>/dev/null || true)
	[ -n "$kmods" ] || { echo "mkinitramfs: kmod's modules missing; run 'make kmod'" >&2; exit 1; }
else
	kmods=$(find "$kdir/lib/modules" -path '*arch/powerpc/kvm/*' -name 'kvm*.ko*')
	[ -n "$kmods" ] || { echo "mkinitramfs: no kvm modules under $kdir; run 'make deps'" >&2; exit 1; }
fi

mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,out,lib/modules,hvb}
cp "$bb" "$root/bin/busybox"
cp testbed/init "$root/init"
chmod +x "$root/init"
for m in $kmods; do
	case "$m" in
	*.xz) xz -dc "$m" > "$root/lib/modules/$(basename "$m" .xz)" ;;
	*) cp "$m" "$root/lib/modules/" ;;
	esac
done
cp "$out/ppc64le/hvbench" "$out/ppc64le/guest-bench.elf" "$root/hvb/"
# make check's helpers (tests/e2e/bpf_objects.c, ptyrun.c)
mkdir -p "$root/hvb/test"
cp "$out/ppc64le/bpf_objects" "$out/ppc64le/ptyrun" "$root/hvb/test/"
cp reports/hist.gp "$root/hvb/"
mkdir -p "$(dirname "$dest")"
(cd "$root" && find . | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "mkinitramfs: $dest ($(du -h "$dest" | cut -f1))"
