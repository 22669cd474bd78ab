#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench regress: one kernel made ready to boot as the emulated POWER8 host.
#
#   regress/kernel.sh check|build KIND PATH KMOD
#
# KIND  series: Debian's linux-source-6.12 with kmod's series if KMOD=1 and
#               then PATH's patches (a patch file, a directory of *.patch in
#               name order, or "" for none), built in kmod's shared tree
#       tree:   PATH, a kernel source tree, built as it is in an object tree
#               of its own (out/regress/obj-*)
#       vmlinux: PATH, a built ppc64le vmlinux; kvm.ko and kvm-hv.ko beside
#               it or under arch/powerpc/kvm/ beside it
# check: for a series, that every patch applies (one line and exit 2 if
# not); nothing is built.  build: the kernel in out/regress/kernels/ID/
# (vmlinux.strip, System.map, arch/powerpc/kvm/kvm{,-hv}.ko), ID being the
# sha256 of the three; the last line printed is "HVB-KERNEL DIR ID".  A
# series already built (same patches, kmod setting, source and config) is
# not built again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "${HVB_OUT:-$here/../out}" && pwd)
what=$1 kind=$2 path=$3 kmod=$4
kernels=$out/regress/kernels
if [ "$(uname -m)" = ppc64le ]; then cross=; else cross=powerpc64le-linux-gnu-; fi
die() { echo "regress: $*" >&2; exit 2; }

patches=()
if [ "$kind" = series ] && [ -n "$path" ]; then
	if [ -d "$path" ]; then
		for p in "$path"/*.patch; do [ -e "$p" ] && patches+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"); done
		[ ${#patches[@]} -gt 0 ] || die "$path holds no *.patch"
	else
		patches=("$(cd "$(dirname "$path")" && pwd)/$(basename "$path")")
	fi
fi

# a finished kernel directory: its ID from what boots, in $id
finish() { # STAGE
	local st=$1 sum
	sum=$(cat "$st/vmlinux.strip" "$st/arch/powerpc/kvm/kvm.ko" "$st/arch/powerpc/kvm/kvm-hv.ko" | sha256sum)
	id=${sum:0:16}
	if [ -d "$kernels/$id" ]; then rm -rf "$st"; else mv "$st" "$kernels/$id"; fi
	[ -d "$kernels/$id" ]
	echo "HVB-KERNEL $kernels/$id $id"
}
st=
trap '[ -n "$st" ] && rm -rf "$st"' EXIT

mkdir -p "$kernels"
case "$kind" in
series)
	if [ "$what" = check ]; then
		HVB_CHECK_ONLY=1 HVB_KMOD_SERIES=$kmod HVB_EXTRA_PATCHES="${patches[*]:-}" \
			"$here/../kmod/build.sh" custom "$kernels/.unused" > "$out/regress/check.log" 2>&1 ||
			{ rc=$?; grep -m1 "does not apply\|cannot be read" "$out/regress/check.log" >&2 ||
				tail -1 "$out/regress/check.log" >&2; exit $rc; }
		exit 0
	fi
	# the same patches, kmod setting, source, build recipe and toolchain
	# (other code generation is other instruction counts): built before
	key=$( (echo "kmod=$kmod"; cat "${patches[@]}" /dev/null;
		dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null;
		cat "$here/../kmod/build.sh" "$here/../kmod/hvbench.config"
		${cross}gcc --version; ${cross}ld --version
		[ "$kmod" = 1 ] && cat "$here"/../kmod/patches/*.patch; true) | sha256sum | cut -c1-16)
	mkdir -p "$out/regress/keys"
	id=$(cat "$out/regress/keys/$key" 2>/dev/null || true)
	if [ -n "$id" ] && [ -d "$kernels/$id" ]; then
		echo "regress: this series was built before: $kernels/$id"
		echo "HVB-KERNEL $kernels/$id $id"
		exit 0
	fi
	st=$kernels/.stage-$$
	rm -rf "$st"
	HVB_KMOD_SERIES=$kmod HVB_EXTRA_PATCHES="${patches[*]:-}" "$here/../kmod/build.sh" custom "$st"
	finish "$st"
	st=
	echo "$id" > "$out/regress/keys/$key"
	;;
tree)
	[ "$what" = check ] && exit 0
	st=$kernels/.stage-$$
	rm -rf "$st"
	"$here/../kmod/build.sh" tree "$path" "$st"
	finish "$st"
	st=
	;;
vmlinux)
	[ "$what" = check ] && exit 0
	d=$(dirname "$path")
	st=$kernels/.stage-$$
	rm -rf "$st"
	mkdir -p "$st/arch/powerpc/kvm"
	# QEMU's powernv takes -kernel as a raw blob of at most 256 MiB: no DWARF
	${cross}objcopy --strip-debug "$path" "$st/vmlinux.strip"
	[ -e "$d/System.map" ] && cp "$d/System.map" "$st/"
	for m in kvm kvm-hv; do
		for f in "$d/$m.ko" "$d/arch/powerpc/kvm/$m.ko" "$d/$m.ko.xz" "$d/arch/powerpc/kvm/$m.ko.xz"; do
			[ -e "$f" ] || continue
			case "$f" in *.xz) xz -dc "$f" > "$st/arch/powerpc/kvm/$m.ko" ;; *) cp "$f" "$st/arch/powerpc/kvm/" ;; esac
			break
		done
	done
	finish "$st"
	st=
	;;
*) die "unknown kind '$kind'" ;;
esac
