#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every libFuzzer target for SECONDS each from its seed corpus
# (tests/fuzz/corpus/NAME, grown in out/fuzz/corpus-NAME) and print a
# PASS/FAIL line per target with the executions done.
#   tests/fuzz/run.sh OUT SECONDS
set -uo pipefail
out=$1 secs=$2
for f in "$out"/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	name=$(basename "$f")
	corpus=$out/fuzz/corpus-$name
	mkdir -p "$corpus"
	log=$out/fuzz/$name.log
	"$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/fuzz/$name-" "$corpus" "tests/fuzz/corpus/$name" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc = 0 ] && [ -n "$execs" ]; then
		echo "PASS: fuzz $name: ${execs} inputs in ${secs}s, no crash, leak or sanitizer report"
	else
		echo "FAIL: fuzz $name (rc $rc): $(grep -m1 -E 'ERROR|SUMMARY|deadly' "$log")"
		ls "$out/fuzz/$name-"* 2>/dev/null | head -3
	fi
done
