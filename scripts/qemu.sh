#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the testbed's qemu-system-ppc64: QEMU's source as Debian ships it
# (bookworm-backports, the version of the installed qemu-system-ppc) with
# testbed/qemu/*.patch applied.  Why: QEMU 10.0 keeps SDR1 per thread on a
# POWER8 core, so only the primary thread of an SMT vcore runs guest code
# (see testbed/qemu/README.md).  Incremental: rebuilds only when a patch
# changes.  Output: out/qemu/qemu-system-ppc64 (testbed/run.sh prefers it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${HVB_OUT:-$root/out}
mkdir -p "$out/qemu"
out=$(cd "$out" && pwd)
dest=$out/qemu
say() { echo "qemu: $*"; }
die() { echo "qemu: error: $*" >&2; exit 1; }

shopt -s nullglob
patches=("$root"/testbed/qemu/*.patch)
stamp=$( (cat "${patches[@]}"; cat "$0") | sha256sum | cut -c1-16)
if [ -x "$dest/qemu-system-ppc64" ] && [ "$(cat "$dest/.stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

# The upstream tarball from Debian's source package.  The .dsc and the
# Debian packaging of the backport may be missing from the mirror; only the
# orig tarball is needed, so apt-get's complaint about them is not fatal.
mkdir -p "$dest/dl"
origs=("$dest"/dl/qemu_10.*.orig.tar.xz)
if [ ${#origs[@]} = 0 ]; then
	say "fetching QEMU's source (apt-get source --download-only qemu)"
	(cd "$dest/dl" && apt-get source -q --download-only qemu 2>&1 | grep -v '^W:' || true)
	origs=("$dest"/dl/qemu_10.*.orig.tar.xz)
	[ ${#origs[@]} != 0 ] || die "no qemu_10.*.orig.tar.xz: is there a deb-src line for bookworm-backports (make deps adds one)?"
fi
orig=${origs[0]}

say "unpacking $(basename "$orig") and applying ${#patches[@]} patch(es)"
rm -rf "$dest/src" "$dest/build"
mkdir -p "$dest/src" "$dest/build"
tar -C "$dest/src" --strip-components=1 -xf "$orig"
for p in "${patches[@]}"; do
	patch -d "$dest/src" -p1 -s < "$p" || die "$(basename "$p") does not apply to $(basename "$orig")"
done

# One target, TCG only, no optional features: about 4 minutes on 2 cores.
# Debian's python3 has the meson and pycotap QEMU's configure wants (the
# +ds tarball carries no wheels); firmware comes from qemu-system-data.
say "building qemu-system-ppc64 (log: $dest/build/build.log)"
(
	cd "$dest/build"
	"$dest/src/configure" --python=/usr/bin/python3 --target-list=ppc64-softmmu \
		--without-default-features --enable-fdt=system --enable-tcg \
		--disable-docs --disable-werror --disable-install-blobs
	ninja -j"$(nproc)" qemu-system-ppc64
) > "$dest/build/build.log" 2>&1 || { tail -30 "$dest/build/build.log" >&2; die "QEMU build failed"; }
cp "$dest/build/qemu-system-ppc64" "$dest/qemu-system-ppc64.tmp"
mv "$dest/qemu-system-ppc64.tmp" "$dest/qemu-system-ppc64"
echo "$stamp" > "$dest/.stamp"
say "built $dest/qemu-system-ppc64"
