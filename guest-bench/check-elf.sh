#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# guest-bench runs where it is linked, with nothing to relocate it: refuse an
# image with dynamic sections or relocations, or one not linked at 0.
set -e
prefix=$1 elf=$2
if ${prefix}readelf -S "$elf" | grep -Eq '\.(rela?\.|dynamic|interp|plt)'; then
	echo "check-elf: $elf has dynamic/relocation sections:" >&2
	${prefix}readelf -S "$elf" | grep -E '\.(rela?\.|dynamic|interp|plt)' >&2
	exit 1
fi
if ${prefix}readelf -r "$elf" | grep -q 'Relocation section'; then
	echo "check-elf: $elf has relocations" >&2
	exit 1
fi
entry=$(${prefix}readelf -h "$elf" | awk '/Entry point/ {print $4}')
first=$(${prefix}readelf -l "$elf" | awk '$1 == "LOAD" {print $4; exit}')
if [ "$((first))" != 0 ]; then
	echo "check-elf: $elf: first LOAD segment at $first, expected physical 0 (vectors)" >&2
	exit 1
fi
echo "check-elf: $elf ok (entry $entry, no relocations)"
