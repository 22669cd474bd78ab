#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install hvbench's build and testbed dependencies from Debian packages.
# Idempotent: does nothing when everything is present.
set -euo pipefail

STAMP_DIR=${HVB_OUT:-$(dirname "$0")/../out}
NATIVE_PKGS="gcc make git flex bison bc libssl-dev libelf-dev zlib1g-dev libzstd-dev
	libjansson-dev libfdt-dev libtraceevent-dev libtracefs-dev pkg-config
	gnuplot-nox cpio xz-utils python3 dwarves clang llvm libclang-rt-14-dev
	ninja-build python3-venv libglib2.0-dev libpixman-1-dev patch chromium"
# chromium: make check opens hvbench report's HTML page in it (headless)
# meson and pycotap: QEMU 10's build (scripts/qemu.sh) needs meson >= 1.5
BPO_PKGS="qemu-system-ppc libbpf-dev bpftool meson python3-pycotap"
# linux-source-6.12 is installed below at the exact version of the stock
# ppc64le kernel image the testbed boots: kmod must be that kernel plus its
# series, so a fix Debian ships (e.g. 6.12.117's iommu_tce_check_ioba npages
# check) is in both or neither.
# gcc-powerpc-linux-gnu: kmod/compile-test.sh builds the series for Book3S-32 too
CROSS_PKGS="gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu libc6-dev-ppc64el-cross
	linux-libc-dev-ppc64el-cross gcc-powerpc-linux-gnu binutils-powerpc-linux-gnu"
# ppc64el static libraries for the ppc64le hvbench: unpacked into a sysroot
# (out/ppc-sysroot) rather than installed through multiarch, so that a
# skew between the amd64 and ppc64el indexes of a mirror (Multi-Arch: same
# needs equal versions) cannot break the build machine's package state.
PPC_DEV_PKGS="libelf-dev libelf1 zlib1g-dev libzstd-dev libjansson-dev libfdt-dev libtraceevent-dev"
PPC_BPO_DEV_PKGS="libbpf-dev"

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

if [ ! -r /etc/debian_version ] || ! command -v apt-get >/dev/null; then
	die "not a Debian system; hvbench needs Debian bookworm (+ bookworm-backports, ppc64el multiarch) with: $NATIVE_PKGS $BPO_PKGS $CROSS_PKGS $PPC_DEV_PKGS busybox-static:ppc64el linux-image-6.12 (ppc64el)"
fi
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi

missing() {
	local p out=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || out="$out $p"
	done
	echo "$out"
}

host_arch=$(dpkg --print-architecture)
add_backports() { # file, types: a deb822 source for bookworm-backports
	say "adding bookworm-backports ($2) to /etc/apt/sources.list.d/$1"
	printf 'Types: %s\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$2" | $SUDO tee "/etc/apt/sources.list.d/$1" >/dev/null
}
need_update=0
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
	add_backports hvbench-backports.sources "deb deb-src"
	need_update=1
fi
# scripts/qemu.sh fetches QEMU's source: it needs the backports deb-src index
if ! grep -rqsE "^(Types:.*deb-src|deb-src .*bookworm-backports)" /etc/apt/sources.list /etc/apt/sources.list.d/ ||
   ! ls /var/lib/apt/lists/ 2>/dev/null | grep -q 'bookworm-backports.*Sources'; then
	grep -rqsE "deb-src" /etc/apt/sources.list.d/hvbench-backports*.sources ||
		add_backports hvbench-backports-src.sources deb-src
	need_update=1
fi
if [ "$host_arch" != ppc64el ] && ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
	say "adding the ppc64el architecture"
	$SUDO dpkg --add-architecture ppc64el
	need_update=1
fi

if [ "$host_arch" = ppc64el ]; then
	CROSS_PKGS=""
	NATIVE_PKGS="$NATIVE_PKGS $(echo "$PPC_DEV_PKGS" | sed 's/libelf1//')"
	PPC_DEV_PKGS=""
	PPC_BPO_DEV_PKGS=""
fi
# strip a native pkg list of :ppc64el on ppc64el hosts happens above
want_main=$(missing $NATIVE_PKGS $CROSS_PKGS)
want_bpo=$(missing $BPO_PKGS)
if [ $need_update = 1 ] || { [ -n "$want_main$want_bpo" ] &&
   { [ ! -e /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm-backports_InRelease ] ||
     { ! ls /var/lib/apt/lists/ | grep -q 'bookworm-backports.*ppc64el' && [ "$host_arch" != ppc64el ]; }; }; }; then
	say "apt-get update"
	$SUDO apt-get update -q ||
		say "warning: apt-get update reported errors (mirror sync?); continuing with the indexes it fetched"
fi
if [ -n "$want_main$want_bpo" ]; then
	export DEBIAN_FRONTEND=noninteractive
	if [ -n "$want_main" ]; then
		say "installing:$want_main"
		$SUDO apt-get install -y -q --no-install-recommends $want_main
	fi
	if [ -n "$want_bpo" ]; then
		say "installing from bookworm-backports:$want_bpo"
		$SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports $want_bpo
	fi
fi

# qemu 10 is needed for powernv8 with kvm-hv in TCG
qv=$(dpkg-query -W -f='${Version}' qemu-system-ppc 2>/dev/null || true)
qmajor=${qv#*:}; qmajor=${qmajor%%.*}
case "$qmajor" in
[1-9][0-9]) ;;
*) say "upgrading qemu-system-ppc ($qv) from bookworm-backports"
   $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -t bookworm-backports qemu-system-ppc ;;
esac

# Whole ppc64el programs and kernels are unpacked, not installed.
mkdir -p "$STAMP_DIR/debs"
STAMP_DIR=$(cd "$STAMP_DIR" && pwd)
fetch_unpack() { # pkg-pattern dest
	local pkg=$1 dest=$2
	[ "$(cat "$dest/.unpacked" 2>/dev/null)" = "$pkg" ] && return 0
	say "downloading $pkg and unpacking into $dest"
	rm -rf "$dest"; mkdir -p "$dest"
	( cd "$STAMP_DIR/debs" && apt-get download "$pkg" )
	dpkg-deb -x "$(ls -t "$STAMP_DIR"/debs/"${pkg%%[:=]*}"_*.deb | head -1)" "$dest"
	echo "$pkg" > "$dest/.unpacked"
}
# The newest Debian 6.12 ppc64le kernel (bookworm-security or backports):
# the testbed's stock kernel, and the version kmod is built from.
kpkg=$(apt-cache search --names-only '^linux-image-6\.12\..*-powerpc64le$' 2>/dev/null |
	awk '{print $1}' | grep -v -- -dbg | sort -V | tail -1)
[ -n "$kpkg" ] || die "no linux-image-6.12.*-powerpc64le in Debian's indexes; run 'apt-get update' and check the ppc64el architecture is added"
kver=$(apt-cache show --no-all-versions "$kpkg:ppc64el" 2>/dev/null | sed -n 's/^Version: //p' | head -1)
[ -n "$kver" ] || die "cannot read the version of $kpkg:ppc64el; run 'apt-get update'"
fetch_unpack busybox-static:ppc64el "$STAMP_DIR/ppc-rootfs/busybox"
fetch_unpack "$kpkg:ppc64el=$kver" "$STAMP_DIR/ppc-rootfs/kernel"
have_src=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
if [ "$have_src" != "$kver" ]; then
	say "installing linux-source-6.12=$kver (the stock kernel's version; had ${have_src:-none})"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		--allow-downgrades "linux-source-6.12=$kver" ||
		die "linux-source-6.12 $kver (the version of $kpkg) is not installable; run 'apt-get update' so both come from the same index"
fi
sysroot_want="$PPC_DEV_PKGS / $PPC_BPO_DEV_PKGS"
if [ -n "$PPC_DEV_PKGS" ] && [ "$(cat "$STAMP_DIR/ppc-sysroot/.unpacked" 2>/dev/null)" != "$sysroot_want" ]; then
	say "unpacking ppc64el libraries into $STAMP_DIR/ppc-sysroot"
	rm -rf "$STAMP_DIR/ppc-sysroot"; mkdir -p "$STAMP_DIR/ppc-sysroot"
	for p in $PPC_DEV_PKGS; do
		( cd "$STAMP_DIR/debs" && apt-get download "$p:ppc64el" )
		dpkg-deb -x "$(ls -t "$STAMP_DIR"/debs/"$p"_*_ppc64el.deb | head -1)" "$STAMP_DIR/ppc-sysroot"
	done
	for p in $PPC_BPO_DEV_PKGS; do
		( cd "$STAMP_DIR/debs" && apt-get download -t bookworm-backports "$p:ppc64el" )
		dpkg-deb -x "$(ls -t "$STAMP_DIR"/debs/"$p"_*bpo*_ppc64el.deb | head -1)" "$STAMP_DIR/ppc-sysroot"
	done
	echo "$sysroot_want" > "$STAMP_DIR/ppc-sysroot/.unpacked"
fi
# Linux 6.12 source (Debian's linux-source-6.12): kmod patches it, and its
# tools/lib/perf is libperf, which Debian does not package.
ksrc=$STAMP_DIR/src/linux-source-6.12
if [ "$(cat "$ksrc/.unpacked" 2>/dev/null)" != "$kver" ]; then
	tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -1)
	[ -n "$tarball" ] || die "/usr/src/linux-source-6.12.tar.* missing; apt-get install linux-source-6.12=$kver"
	say "unpacking $tarball ($kver) into $STAMP_DIR/src"
	rm -rf "$ksrc" "$STAMP_DIR/libperf"; mkdir -p "$STAMP_DIR/src"
	tar -C "$STAMP_DIR/src" -xf "$tarball"
	echo "$kver" > "$ksrc/.unpacked"
fi
build_libperf() { # name make-args...
	local name=$1; shift
	local dest=$STAMP_DIR/libperf/$name
	[ -e "$dest/.built" ] && return 0
	say "building libperf ($name) from $ksrc/tools/lib/perf"
	rm -rf "$dest"; mkdir -p "$dest/build"
	make -s -C "$ksrc/tools/lib/perf" "$@" OUTPUT="$dest/build/" DESTDIR="$dest" \
		prefix=/ libdir=/lib install_lib install_headers >/dev/null
	touch "$dest/.built"
}
if [ "$host_arch" = ppc64el ]; then
	build_libperf ppc64le
else
	build_libperf ppc64le ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu-
	build_libperf host
fi
say "all dependencies present"
