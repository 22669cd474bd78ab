#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile tests of kmod/patches in kernel configurations other than the
# project's (kvm_hv as a module): the series must build wherever upstream
# builds.  For each configuration, only what proves it: the generated
# headers (make prepare, which includes asm-offsets) and arch/powerpc/kvm/.
#
#   kmod/compile-test.sh SRC OBJROOT
#
# SRC: a patched kernel tree (not configured in place); OBJROOT: object
# directories, one per configuration, kept for incremental reruns.  Prints
# one PASS:/FAIL: line per configuration; the exit status is 1 if any
# failed.  A warning in a file the series touches is a failure.
#   a) pr:        ppc64le, KVM-PR only (KVM_BOOK3S_64_PR=m, no KVM_BOOK3S_64_HV)
#   b) hv-builtin: ppc64le, KVM=y, KVM_BOOK3S_64=y, KVM_BOOK3S_64_HV=y
#   c) book3s32:  32-bit BE, pmac32_defconfig + KVM_BOOK3S_32=m; needs
#                 powerpc-linux-gnu-gcc (Debian: gcc-powerpc-linux-gnu)
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SRC OBJROOT" >&2; exit 2; }
src=$(cd "$1" && pwd)
mkdir -p "$2"
objroot=$(cd "$2" && pwd)
jobs=${JOBS:-2}
# files of the series: a warning there fails the configuration
touched='(asm-offsets\.c|kvm_host\.h|kvm_book3s\.h|book3s_hv\.c|book3s_hv_builtin\.c|book3s_hv_rmhandlers\.S|book3s_64_vio\.c|trace_hv\.h)'
failed=0

# run NAME CROSS DEFCONFIG "scripts/config options" "expected .config lines"
run() {
	local name=$1 cross=$2 defconfig=$3 opts=$4 want=$5
	local obj=$objroot/$name log=$objroot/$name.log start line
	start=$(date +%s)
	if ! command -v "${cross}gcc" >/dev/null 2>&1; then
		echo "FAIL: $name: ${cross}gcc not found"
		failed=1
		return
	fi
	mkdir -p "$obj"
	kmake() {
		make -s -C "$src" O="$obj" ARCH=powerpc CROSS_COMPILE="$cross" "$@"
	}
	# shellcheck disable=SC2086 # opts is a list of options
	{
		kmake "$defconfig" &&
		"$src/scripts/config" --file "$obj/.config" $opts &&
		kmake olddefconfig
	} >"$log" 2>&1 || {
		echo "FAIL: $name: configuring (see $log)"
		failed=1
		return
	}
	# "+" stands for a space; a leading "!" for "must not be there"
	for line in $want; do
		line=${line//+/ }
		if [ "${line#!}" != "$line" ]; then
			if grep -qx -- "${line#!}" "$obj/.config"; then
				echo "FAIL: $name: .config has '${line#!}'"
				failed=1
				return
			fi
		elif ! grep -qx -- "$line" "$obj/.config"; then
			echo "FAIL: $name: .config lacks '$line'"
			failed=1
			return
		fi
	done
	if ! { kmake -j"$jobs" prepare &&
	       kmake -j"$jobs" arch/powerpc/kernel/asm-offsets.s \
			arch/powerpc/kvm/; } >>"$log" 2>&1; then
		echo "FAIL: $name: build error ($(grep -m1 -E 'error' "$log" || echo "see $log"))"
		failed=1
		return
	fi
	if grep -E "$touched.*warning:" "$log" >/dev/null; then
		echo "FAIL: $name: warning: $(grep -m1 -E "$touched.*warning:" "$log")"
		failed=1
		return
	fi
	echo "PASS: $name ($defconfig, $(( $(date +%s) - start ))s)"
}

run pr powerpc64le-linux-gnu- powernv_defconfig \
	"--enable VIRTUALIZATION --module KVM_BOOK3S_64 --disable KVM_BOOK3S_64_HV
	 --module KVM_BOOK3S_64_PR --disable CONTEXT_TRACKING_USER_FORCE
	 --disable NO_HZ_FULL" \
	"CONFIG_KVM_BOOK3S_64=m CONFIG_KVM_BOOK3S_64_PR=m
	 #+CONFIG_KVM_BOOK3S_64_HV+is+not+set !CONFIG_KVM_BOOK3S_HV_POSSIBLE=y"
run hv-builtin powerpc64le-linux-gnu- powernv_defconfig \
	"--enable VIRTUALIZATION --enable KVM_BOOK3S_64 --enable KVM_BOOK3S_64_HV" \
	"CONFIG_KVM=y CONFIG_KVM_BOOK3S_64=y CONFIG_KVM_BOOK3S_64_HV=y"
run book3s32 powerpc-linux-gnu- pmac32_defconfig \
	"--enable VIRTUALIZATION --disable SMP --module KVM_BOOK3S_32" \
	"CONFIG_KVM=y CONFIG_KVM_BOOK3S_32=m"
exit $failed
