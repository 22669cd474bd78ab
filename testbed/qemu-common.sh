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
# error that names the console log (and HANG, hvb_qemu_watch's registers).
# who rc tmo log marker [hang]
hvb_qemu_ended() {
	local who=$1 rc=$2 tmo=$3 log=$4 marker=$5 hang=${6:-}

	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "$who: error: the emulated machine did not finish within ${tmo}s (hung guest or host); stopped it. Console: $log${hang:+, CPU registers: $hang}$(hvb_qemu_where_summary "$hang")" >&2
		return 124
	fi
	if [ "$rc" = 125 ]; then
		# the job ended and sent its files: what it found stands
		echo "$who: warning: the job ended but the emulated machine did not power off within 60 s; stopped it. Console: $log${hang:+, CPU registers: $hang}$(hvb_qemu_where_summary "$hang")" >&2
		return 0
	fi
	if ! grep -q "^$marker" "$log"; then
		echo "$who: error: QEMU stopped (rc=$rc) before the job finished ($marker missing). Console: $log" >&2
		tail -20 "$log" >&2
		return 1
	fi
	return 0
}

# Where every emulated CPU is, asked three times two seconds apart over the
# monitor FIFOs MON.in/MON.out: PCs that move say livelock or a slow loop,
# PCs that stay say a stuck thread.  mon
hvb_qemu_where() {
	local mon=$1 i reader

	timeout 8 cat "$mon.out" &
	reader=$!
	for i in 1 2 3; do
		echo "== info registers -a, sample $i, $(date +%T)"
		timeout 2 sh -c "printf 'info registers -a\n' > '$mon.in'"
		sleep 2
	done
	wait "$reader"
}

# Wait for QEMU, its own watchdog: pid tmo log marker mon hangfile stallfile
# - QEMU exits: its exit status;
# - TMO seconds pass: where the CPUs are goes to HANGFILE, QEMU is stopped,
#   124;
# - the console has MARKER (the job ended and sent its files) but the
#   machine has not powered off 60 s later: the same, but 125, so the
#   caller can tell a hang at power-off from a hang in the job;
# - the console is silent for 30 s: where the CPUs are goes to STALLFILE
#   (at most 3 times a boot) and the wait goes on: the emulated host has
#   been seen to stall for minutes after SMT vcores (testbed/qemu/README.md).
hvb_qemu_watch() {
	local pid=$1 tmo=$2 log=$3 marker=$4 mon=$5 hang=$6 stall=$7
	local end=$((SECONDS + tmo)) done_at= size=-1 quiet_since=$SECONDS stalls=0 now

	while kill -0 "$pid" 2>/dev/null; do
		now=$(stat -c %s "$log" 2>/dev/null || echo 0)
		if [ "$now" != "$size" ]; then
			size=$now
			quiet_since=$SECONDS
			# the marker can only have come with new output
			if [ -z "$done_at" ] && grep -q "^$marker" "$log"; then
				done_at=$SECONDS
			fi
		elif [ $((SECONDS - quiet_since)) -ge 30 ] && [ $stalls -lt 3 ]; then
			stalls=$((stalls + 1))
			{ echo "== stall $stalls: the console silent since $((SECONDS - quiet_since)) s, its last line: $(tail -c 300 "$log" | tr -d '\r' | tail -1)"
			  hvb_qemu_where "$mon"; } >> "$stall" 2>&1
			quiet_since=$SECONDS
		fi
		if [ $SECONDS -ge $end ] ||
		   { [ -n "$done_at" ] && [ $((SECONDS - done_at)) -ge 60 ]; }; then
			hvb_qemu_where "$mon" > "$hang" 2>&1
			kill "$pid" 2>/dev/null
			sleep 5
			kill -9 "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			[ -n "$done_at" ] && return 125
			return 124
		fi
		sleep 1
	done
	wait "$pid"
}

# "; NIPs: sym xN, ..." from a symbolized hang file, or nothing.  hangfile
hvb_qemu_where_summary() {
	[ -n "$1" ] && [ -s "$1" ] || return 0
	grep -E '^ +[0-9]+ x NIP ' "$1" | awk 'BEGIN { s = "" }
		{ s = s (s == "" ? "" : ", ") $5 " x" $1 } END { if (s != "") printf "; NIPs: %s", s }'
}

# The NIPs and LRs in a hang file named from a System.map (kernel text
# only; module addresses stay unnamed).  map hangfile
hvb_qemu_symbolize() {
	local map=$1 hang=$2

	[ -r "$map" ] || return 0
	echo "== symbols ($map)"
	grep -oE '(NIP|LR) [0-9a-f]{16}' "$hang" | sort | uniq -c |
	awk -v map="$map" '
		BEGIN { while ((getline l < map) > 0) { split(l, f, " ")
			if (f[2] ~ /^[tTwW]$/) { n++; a[n] = f[1]; s[n] = f[3] } } }
		{ best = ""; for (i = 1; i <= n; i++) if (a[i] <= $3 && a[i] > best) { best = a[i]; sym = s[i] }
		  printf "%6d x %-3s %s %s\n", $1, $2, $3, best == "" ? "?" : sym }'
}
