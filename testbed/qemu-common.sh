# SPDX-License-Identifier: GPL-2.0
# Sourced by testbed/run.sh and testbed/pseries.sh.

# The QEMU to run: HVB_QEMU, else the one scripts/qemu.sh built (POWER8
# threads share SDR1, see testbed/qemu/), else the system's.
hvb_qemu() {
	local out=$1

	if [ -n "${HVB_QEMU:-}" ]; then
		echo "$HVB_QEMU"
	elif [ -x "$out/qemu/qemu-system-ppc64" ]; then
		echo "$out/qemu/qemu-system-ppc64"
	else
		echo qemu-system-ppc64
	fi
}

# After QEMU exits: a timeout, or a console without the end marker, is an
# error that names the console log.  who rc tmo log marker
hvb_qemu_ended() {
	local who=$1 rc=$2 tmo=$3 log=$4 marker=$5

	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "$who: error: the emulated machine did not finish within ${tmo}s (hung guest or host); stopped it. Console: $log" >&2
		return 124
	fi
	if ! grep -q "^$marker" "$log"; then
		echo "$who: error: QEMU stopped (rc=$rc) before the job finished ($marker missing). Console: $log" >&2
		tail -20 "$log" >&2
		return 1
	fi
	return 0
}
