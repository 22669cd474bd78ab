#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench doctor against made-up /proc and /sys trees of POWER hosts (--root):
# each broken host must fail the right check and print its fix.
#   tests/doctor/doctor.sh HVBENCH
set -uo pipefail
hvb=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
ok() { if [ "$1" = 0 ]; then echo "PASS: doctor: $2"; else echo "FAIL: doctor: $2"; fi; }

# host ROOT [cpuinfo model] : a POWER8 host as the emulated testbed reports it,
# kmod's kvm-hv loaded, secondaries offline, tracefs, BTF, 512 MiB CMA free
host() {
	local r=$1 pvr=${2:-004d 0200}
	mkdir -p "$r/proc/device-tree" "$r/proc/sys/kernel" "$r/sys/module/kvm_hv/parameters" \
		"$r/sys/kernel/tracing/events/kvm_hv" "$r/sys/kernel/btf" "$r/dev"
	printf 'processor\t: 0\ncpu\t\t: POWER8, altivec supported\nclock\t\t: 1000.000000MHz\nrevision\t: 2.0 (pvr %s)\n\ntimebase\t: 512000000\nplatform\t: PowerNV\nmodel\t\t: IBM PowerNV (emulated by qemu)\n' "$pvr" > "$r/proc/cpuinfo"
	printf 'MemTotal:        2000000 kB\nCmaTotal:         600000 kB\nCmaFree:          524288 kB\n' > "$r/proc/meminfo"
	printf 'qemu,powernv8\0ibm,powernv\0' > "$r/proc/device-tree/compatible"
	echo 6.12.117-hvbench > "$r/proc/sys/kernel/osrelease"
	echo 1 > "$r/sys/module/kvm_hv/parameters/dynamic_mt_modes"
	echo 16384 > "$r/sys/module/kvm_hv/parameters/rm_ring_records"
	echo 0 > "$r/sys/module/kvm_hv/parameters/rm_records_lost"
	echo > "$r/sys/module/kvm_hv/parameters/rm_punt"
	touch "$r/sys/kernel/btf/vmlinux" "$r/sys/kernel/btf/kvm_hv" "$r/dev/kvm"
	for c in 0 1 2 3 4 5 6 7; do
		mkdir -p "$r/sys/devices/system/cpu/cpu$c"
		[ $c = 0 ] || echo 0 > "$r/sys/devices/system/cpu/cpu$c/online"
	done
}

# case NAME EXIT 'grep pattern' [doctor options]: after breaking $d/NAME
check() {
	local name=$1 want=$2 pat=$3; shift 3
	msg=$("$hvb" doctor --root "$d/$name" "$@" 2>&1); rc=$?
	[ $rc = "$want" ] && echo "$msg" | grep -q -- "$pat"
	ok $? "$name: exit $rc (want $want), says '$pat' ($(echo "$msg" | grep -m1 -E '^(FAIL|warn)' | cut -c1-100))"
}

host "$d/good"
check good 0 "hvbench run can work here: 0 failed, 0 warning"

host "$d/smt"; echo 1 > "$d/smt/sys/devices/system/cpu/cpu3/online"
check smt 1 "fix: ppc64_cpu --smt=off (online: CPU 3)"

# a core's first thread offline and its second online: still a secondary
host "$d/core1"; for c in 8 9 10 11; do mkdir -p "$d/core1/sys/devices/system/cpu/cpu$c"; echo 0 > "$d/core1/sys/devices/system/cpu/cpu$c/online"; done
echo 1 > "$d/core1/sys/devices/system/cpu/cpu9/online"
check core1 1 "online: CPU 9"

# 4 threads a core in the device tree (QEMU -smp 4,threads=4): CPU 4 is a primary
host "$d/tpc4"; mkdir -p "$d/tpc4/proc/device-tree/cpus/PowerPC,POWER8@0"
printf '\0\0\0\0\0\0\0\1\0\0\0\2\0\0\0\3' > "$d/tpc4/proc/device-tree/cpus/PowerPC,POWER8@0/ibm,ppc-interrupt-server#s"
echo 1 > "$d/tpc4/sys/devices/system/cpu/cpu4/online"
check tpc4 0 "hvbench run can work here"

host "$d/nokvm"; rm -rf "$d/nokvm/sys/module/kvm_hv" "$d/nokvm/dev/kvm"
check nokvm 1 "fix: modprobe kvm-hv"

host "$d/stock"; rm "$d/stock/sys/module/kvm_hv/parameters"/rm_*
check stock 0 "stock kvm-hv: --mode rm only"

host "$d/p9" "004e 1202"
check p9 0 "POWER9 or later: every hcall is handled in virtual mode"

host "$d/cma"
check cma 1 "an order-30 HPT needs 1024 MiB of CMA, 512 MiB free" --hpt-order 30

host "$d/nobtf"; rm "$d/nobtf/sys/kernel/btf/kvm_hv"
check nobtf 0 "warn  BTF of vmlinux and kvm_hv"

host "$d/lpar"; sed -i 's/PowerNV/pSeries/' "$d/lpar/proc/cpuinfo"
check lpar 1 "kvm-hv needs a bare-metal (PowerNV) host"

msg=$("$hvb" doctor --hpt-order 50 2>&1); rc=$?
[ $rc = 2 ] && echo "$msg" | grep -q "18..46"
ok $? "doctor --hpt-order 50: exit 2 ($msg)"
if [ "$(uname -m)" != ppc64le ]; then
	msg=$("$hvb" doctor 2>&1); rc=$?
	[ $rc = 1 ] && echo "$msg" | grep -q "make demo"
	ok $? "doctor on $(uname -m): says what this machine is and points to make demo (exit $rc)"
fi
