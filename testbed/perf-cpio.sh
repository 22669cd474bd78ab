#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: Debian's ppc64le `perf` (linux-perf, bookworm-backports) for
# the emulated POWER8 host, as an extra initramfs archive that
# testbed/run.sh appends when HVB_WITH_PERF=1.  perf is dynamically linked:
# its package and its library closure are downloaded and unpacked (not
# installed), and only the shared objects it needs go into the archive.
#
#   testbed/perf-cpio.sh OUT.cpio.gz
set -euo pipefail
out=${HVB_OUT:-out}
dest=$1
mkdir -p "$out/ppc-rootfs"
work=$(cd "$out/ppc-rootfs" && pwd)/perf
say() { echo "perf-cpio: $*"; }

if [ ! -e "$work/.unpacked" ]; then
	rm -rf "$work"; mkdir -p "$work/debs" "$work/root"
	say "resolving linux-perf:ppc64el's dependencies"
	pkgs=$(apt-cache depends -t bookworm-backports --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances --no-pre-depends linux-perf:ppc64el 2>/dev/null |
		grep -v '^[ <]' | grep ':ppc64el$' | grep -E '^(lib|zlib|linux-perf)' |
		grep -vE 'stdlib|minimal|-dev:' | sort -u)
	[ -n "$pkgs" ] || { echo "perf-cpio: error: no linux-perf:ppc64el in the indexes (make deps adds bookworm-backports and ppc64el)" >&2; exit 1; }
	say "downloading $(echo "$pkgs" | wc -l) packages"
	# shellcheck disable=SC2086
	# perf itself from backports, as the 6.12 kernel it traces
	pkgs=$(echo "$pkgs" | sed 's|^linux-perf:ppc64el$|linux-perf:ppc64el/bookworm-backports|')
	(cd "$work/debs" && apt-get download -q $pkgs > "$work/download.log" 2>&1 || true)
	for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$work/root"; done
	[ -x "$work/root/usr/bin/perf" ] || { echo "perf-cpio: error: linux-perf:ppc64el did not unpack a perf binary" >&2; exit 1; }
	touch "$work/.unpacked"
fi

# the shared objects perf needs, transitively, by their DT_NEEDED names
root=$work/root
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/usr/bin" "$stage/lib/powerpc64le-linux-gnu" "$stage/lib64"
cp "$root/usr/bin/perf" "$stage/usr/bin/perf"
cp -L "$root/lib/powerpc64le-linux-gnu/ld64.so.2" "$stage/lib64/ld64.so.2"
todo=$(readelf -d "$root/usr/bin/perf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
seen=" "
while [ -n "$todo" ]; do
	next=
	for so in $todo; do
		case "$seen" in *" $so "*) continue ;; esac
		seen="$seen$so "
		f=$(ls "$root"/lib/powerpc64le-linux-gnu/"$so" "$root"/usr/lib/powerpc64le-linux-gnu/"$so" 2>/dev/null | head -1 || true)
		[ -n "$f" ] || { echo "perf-cpio: error: $so (needed by perf) not found in the unpacked packages" >&2; exit 1; }
		cp -L "$f" "$stage/lib/powerpc64le-linux-gnu/$so"
		next="$next $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
	done
	todo=$next
done
mkdir -p "$(dirname "$dest")"
(cd "$stage" && find . | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$dest.tmp"
mv "$dest.tmp" "$dest"
say "$dest ($(du -h "$dest" | cut -f1), $(echo $seen | wc -w) libraries)"
