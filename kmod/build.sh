#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the instrumented kvm-hv: Linux 6.12 (Debian's linux-source-6.12) with
# kmod/patches/*.patch applied, configured by powernv_defconfig minus every
# modular driver plus kmod/hvbench.config.  Cross on x86, native on ppc64le.
# Incremental: the patched tree and the object tree persist under out/kmod.
#
#   kmod/build.sh            -> out/kmod/build-kmod/{vmlinux, arch/powerpc/kvm/kvm.ko, kvm-hv.ko}
#   kmod/build.sh base       -> out/kmod/build-base/...: the same kernel, same
#                               config, without the series (make bench's
#                               baseline, make check's fuzzer target)
#   kmod/build.sh custom DEST -> DEST/...: the same kernel and config with the
#                               series if HVB_KMOD_SERIES=1 (the default) and
#                               then the patches HVB_EXTRA_PATCHES names, in
#                               order (hvbench regress).  A patch that does
#                               not apply: one line, exit 2.  HVB_CHECK_ONLY=1
#                               stops once every patch applied (no build).
#   kmod/build.sh tree SRC DEST -> DEST/...: a kernel source tree of the
#                               user's, built as it is (nothing applied) with
#                               the same config, in an object tree of its own
#                               (out/regress/obj-*, incremental)
#
# Both flavours share one source tree (out/kmod/linux) and one object tree
# (out/kmod/build): base reverts the series, builds incrementally (only what
# depends on the files the series touches rebuilds: a few hundred objects
# instead of ~1800) and copies its vmlinux and modules to out/kmod/build-base.
# The tree is then left without the series: the next kmod build re-applies
# it (the Makefile builds base first, so out/kmod/build ends up as kmod).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "${HVB_OUT:-$here/../out}" && pwd)
flavor=${1:-kmod}
src=$out/kmod/linux
obj=$out/kmod/build
dist=$out/kmod/build-base
# an object tree of base's own (builds before 2026-12-02): gigabytes, unused now
if [ -d "$out/kmod/build-base/include/generated" ] || [ -d "$out/kmod/linux-base" ]; then
	echo "kmod: removing the old separate base trees"
	rm -rf "$dist" "$out/kmod/linux-base" "$out/kmod/.built-base"
fi
# the shared tree is about to hold this flavour: the other one's make
# stamp no longer describes it (make rebuilds kmod after a base build)
if [ "$flavor" = base ] || [ "$flavor" = custom ]; then rm -f "$out/kmod/.built"; fi
case "$flavor" in
kmod) dist=$out/kmod/build-kmod ;;
base) ;;
custom)
	[ -n "${2:-}" ] || { echo "kmod: custom needs a destination directory" >&2; exit 2; }
	dist=$2 ;;
tree)
	[ -n "${2:-}" ] && [ -n "${3:-}" ] || { echo "kmod: tree needs a source tree and a destination" >&2; exit 2; }
	src=$(cd "$2" && pwd) dist=$3
	obj=$out/regress/obj-$(echo "$src" | sha256sum | cut -c1-12) ;;
*) echo "kmod: unknown flavour '$flavor' (kmod, base, custom DEST or tree SRC DEST)" >&2; exit 2 ;;
esac
# what goes on the tree, in order: the series (not for base; for custom as
# HVB_KMOD_SERIES says), then custom's own patches
series=()
if [ "$flavor" = kmod ] || { [ "$flavor" = custom ] && [ "${HVB_KMOD_SERIES:-1}" = 1 ]; }; then
	for p in "$here"/patches/*.patch; do [ -e "$p" ] && series+=("$p"); done
fi
extra=()
[ "$flavor" = custom ] && for p in ${HVB_EXTRA_PATCHES:-}; do
	[ -r "$p" ] || { echo "kmod: patch $p cannot be read" >&2; exit 2; }
	extra+=("$p")
done
# one build at a time in the shared tree (make, hvbench regress, a second
# make in another shell): the next waits (the lock is inherited by the exec
# that re-unpacks the source)
mkdir -p "$out/kmod"
exec 9> "$out/kmod/.lock"
if ! flock -n 9; then
	echo "kmod: another build holds $out/kmod/.lock: waiting"
	flock 9
fi
jobs=${JOBS:-$(nproc)}
if [ "$(uname -m)" = ppc64le ]; then cross=; else cross=powerpc64le-linux-gnu-; fi
kmake() { make -s -C "$src" O="$obj" ARCH=powerpc CROSS_COMPILE=$cross "$@"; }

# the shared tree of Debian's source and its patches (a user's tree: as it is)
if [ "$flavor" != tree ]; then
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -1)
[ -n "$tarball" ] || { echo "kmod: linux-source-6.12 missing; run 'make deps'" >&2; exit 1; }
# The Debian package version of the source: make deps keeps it equal to the
# stock ppc64le kernel's, and a new one (Debian's updates) starts afresh.
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
if [ "$(cat "$src/.unpacked" 2>/dev/null)" != "$srcver" ]; then
	echo "kmod: unpacking $tarball (linux-source-6.12 $srcver)"
	rm -rf "$src" "$obj"; mkdir -p "$out/kmod"
	rm -rf "$out/kmod/linux-source-6.12"
	tar -C "$out/kmod" -xf "$tarball"
	mv "$out/kmod/linux-source-6.12" "$src"
	echo "$srcver" > "$src/.unpacked"
	mkdir -p "$src/.hvb-applied"
fi
kver=$(make -s -C "$src" kernelversion)
echo "kmod: Linux $kver from Debian linux-source-6.12 $srcver ($flavor)"

# Re-apply the series when it changed: reverse what is applied, apply anew.
want=none
if [ $(( ${#series[@]} + ${#extra[@]} )) -gt 0 ]; then
	want=$(cat "${series[@]}" "${extra[@]}" | sha256sum | cut -d" " -f1)
fi
have=$(cat "$src/.hvb-applied/series.sha" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
	# an interrupted switch must not look finished: the sha goes first and
	# is written last, and each patch is recorded before it is applied
	# (a half-applied one then reverts with the rest next time)
	rm -f "$src/.hvb-applied/series.sha"
	# what is applied and what is wanted, by name under .hvb-applied: the
	# series' own names sort first, custom's keep their order after it
	names=()
	i=0
	for p in "${series[@]}" "${extra[@]}"; do
		name=$(basename "$p")
		if [ $i -ge ${#series[@]} ]; then name=x$(printf %03d $i)-$name; fi
		names+=("$name")
		i=$((i + 1))
	done
	applied=()
	for p in $(ls "$src"/.hvb-applied/*.patch 2>/dev/null || true); do applied+=("$p"); done
	# keep the common prefix (same name, same text): switching between
	# series that share it touches only the files of the patches after it.
	# Not after an interrupted switch (no series.sha on a patched tree): a
	# record may then describe a patch half applied or half reverted, so
	# everything is reverted, each revert checked first
	keep=0
	while [ -n "$have" ] && [ $keep -lt ${#applied[@]} ] && [ $keep -lt ${#names[@]} ] &&
		[ "$(basename "${applied[$keep]}")" = "${names[$keep]}" ]; do
		all=("${series[@]}" "${extra[@]}")
		cmp -s "${applied[$keep]}" "${all[$keep]}" || break
		keep=$((keep + 1))
	done
	for ((k = ${#applied[@]} - 1; k >= keep; k--)); do
		p=${applied[$k]}
		echo "kmod: reverting $(basename "$p")"
		if ! patch -s -R -p1 -d "$src" --dry-run < "$p" >/dev/null 2>&1; then
			# a switch was interrupted half-way: start from the tarball
			echo "kmod: $(basename "$p") does not revert cleanly (an interrupted build?): unpacking the source afresh" >&2
			rm -f "$src/.unpacked"
			exec "$0" "$@"
		fi
		patch -s -R -p1 -d "$src" --no-backup-if-mismatch < "$p"
		rm "$p"
	done
	i=0
	for p in "${series[@]}" "${extra[@]}"; do
		name=${names[$i]}
		i=$((i + 1))
		[ $i -gt $keep ] || continue
		echo "kmod: applying $(basename "$p")"
		if ! patch -s -p1 -d "$src" --dry-run < "$p" >/dev/null 2>&1; then
			if [ $i -gt ${#series[@]} ]; then
				echo "kmod: patch $p does not apply to Linux $kver (linux-source-6.12 $srcver$([ ${#series[@]} -gt 0 ] && echo ", after kmod's series")): rebase it, or check that it is a kernel patch (-p1)" >&2
				exit 2
			fi
			echo "kmod: $(basename "$p") does not apply to Linux $kver (linux-source-6.12 $srcver): rebase kmod/patches on it" >&2
			exit 1
		fi
		cp "$p" "$src/.hvb-applied/$name"
		patch -s -p1 -d "$src" --no-backup-if-mismatch < "$p"
	done
	echo "$want" > "$src/.hvb-applied/series.sha"
fi

else
	kver=$(make -s -C "$src" kernelversion)
	srcver=tree want=tree
	echo "kmod: Linux $kver from the tree $src"
fi
# The series' version in the kernel itself: uname -v reads "#kmod-series-
# <first 12 hex of the sha256 of kmod/patches/*.patch> SMP ..." ("none" for
# base), and hvbench run records it as meta.json kernel.kmod_series.  Only
# init/version.o depends on it.
export KBUILD_BUILD_VERSION="kmod-series-${want:0:12}"
echo "kmod: series $KBUILD_BUILD_VERSION"
if [ "${HVB_CHECK_ONLY:-0}" = 1 ]; then
	echo "kmod: every patch applies"
	exit 0
fi
mkdir -p "$obj"
cfgsum=$( (cat "$here/hvbench.config" "$0"; echo "$flavor"; [ "$flavor" = custom ] && echo "$want"; true) |
	sha256sum | cut -d' ' -f1)
# only LOCALVERSION differs between the flavours: kbuild rebuilds just what
# depends on it (utsrelease, module vermagic)
if [ ! -e "$obj/.config" ] || [ "$(cat "$obj/.hvb-config.sha" 2>/dev/null)" != "$cfgsum" ]; then
	echo "kmod: configuring (powernv_defconfig - modular drivers + hvbench.config)"
	kmake powernv_defconfig
	sed -i 's/^\(CONFIG_[A-Za-z0-9_]*\)=m$/# \1 is not set/' "$obj/.config"
	(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$here/hvbench.config" >/dev/null)
	# the release names the flavour: meta.json's kernel.release says which
	# kernel a run measured (6.12.117-hvbench, 6.12.117-hvbench-base)
	lv=-hvbench; [ "$flavor" = base ] && lv=-hvbench-base
	[ "$flavor" = custom ] && lv=-hvbench-r${want:0:8}
	[ "$flavor" = tree ] && lv=-hvbench-tree
	"$src/scripts/config" --file "$obj/.config" --set-str LOCALVERSION "$lv" --disable LOCALVERSION_AUTO
	kmake olddefconfig
	for c in KVM_BOOK3S_64_HV=m DEBUG_INFO_BTF=y BPF_SYSCALL=y HVC_OPAL=y BLK_DEV_INITRD=y; do
		grep -q "^CONFIG_$c\$" "$obj/.config" || { echo "kmod: config lost CONFIG_$c" >&2; exit 1; }
	done
	echo "$cfgsum" > "$obj/.hvb-config.sha"
fi
start=$(date +%s)
kmake -j"$jobs" vmlinux modules
# QEMU's powernv loads -kernel as a raw blob of at most 256 MiB: drop the
# DWARF (BTF is an allocated section and stays)
${cross}objcopy --strip-debug "$obj/vmlinux" "$obj/vmlinux.strip.tmp"
mv "$obj/vmlinux.strip.tmp" "$obj/vmlinux.strip"
# every flavour's kernel is copied out of the shared object tree, which the
# next flavour's build changes (hvbench regress switches it often)
mkdir -p "$dist/arch/powerpc/kvm"
for f in vmlinux vmlinux.strip System.map .config arch/powerpc/kvm/kvm.ko arch/powerpc/kvm/kvm-hv.ko; do
	cp "$obj/$f" "$dist/$f.tmp" && mv "$dist/$f.tmp" "$dist/$f"
done
obj=$dist
echo "kmod: built $obj/vmlinux and $(cd "$obj" && ls arch/powerpc/kvm/*.ko | tr '\n' ' ')in $(( $(date +%s) - start ))s"
