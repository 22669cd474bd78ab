#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench trend on synthetic CI histories (tests/trend/mkhistory.py): a
# step found at its run and called a regression (exit 1), an improvement
# (exit 0), a flat history (no change, exit 0), runs ordered by their date
# whatever the order given, charts valid, JSON and markdown well formed,
# bad input refused (exit 2), and the time on 100 runs.
#   tests/trend/trend.sh HVBENCH CHECK_RUN OUT
set -uo pipefail
hvb=$1 check_run=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
ok() { if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; fi; }
rm -rf "$out"
mkdir -p "$out"
mk() { python3 "$here/mkhistory.py" "$@"; }
# values: a base with a small wobble, a step at run 12 of 20
wobble() { # BASE STEP_AT STEP N -> comma list
	python3 -c "import sys; b,a,s,n=map(int,sys.argv[1:]); print(','.join(str(b+(s if i>=a else 0)+(i*7)%3-1) for i in range(n)))" "$@"
}

mk "$out/step" "$(wobble 100 12 6 20)"
"$hvb" trend "$out"/step/run-* > "$out/step.txt" 2>&1
rc=$?
cat "$out/step.txt" | tail -3
[ $rc = 1 ] && grep -q "run-012 (.*run-011): regression" "$out/step.txt"
ok $? "trend: a +6 % step at run 12 of 20 found there, called a regression of the newest run, exit $rc"

mk "$out/better" "$(wobble 106 12 -6 20)"
"$hvb" trend "$out"/better/run-* > "$out/better.txt" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "run-012 (.*run-011): faster" "$out/better.txt"
ok $? "trend: a -6 % step (an improvement) found at run 12, exit $rc"

mk "$out/flat" "$(wobble 100 99 0 20)"
"$hvb" trend "$out"/flat/run-* > "$out/flat.txt" 2>&1
rc=$?
[ $rc = 0 ] && grep -q " 0 change points" "$out/flat.txt"
ok $? "trend: a flat history has no change point, exit $rc"

# the runs listed newest first: ordered by date all the same
"$hvb" trend $(ls -d "$out"/step/run-* | sort -r) > "$out/rev.txt" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "run-012 (.*run-011): regression" "$out/rev.txt"
ok $? "trend: runs listed newest first are ordered by their meta.json date (exit $rc)"
"$hvb" trend --order given $(ls -d "$out"/step/run-* | sort -r) > "$out/given.txt" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "faster" "$out/given.txt"
ok $? "trend --order given: the order listed is the order used (newest first, the step reads as faster; exit $rc)"

"$hvb" trend --format json "$out"/step/run-* > "$out/step.json" 2>/dev/null
python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
c = j['cells'][0]
assert j['format'] == 'hvbench-trend' and len(j['runs']) == 20
assert c['regressed'] and [x['run'] for x in c['changes']] == [12], c
" "$out/step.json"
ok $? "trend --format json: hvbench-trend v1, the change at run 12, regressed"
"$hvb" trend --format markdown "$out"/step/run-* > "$out/step.md" 2>/dev/null
grep -q '^| h_enter rm h24 s1 | .*run-012 (#12) | +' "$out/step.md"
ok $? "trend --format markdown: a table row for the change"

"$hvb" trend -o "$out/charts" "$out"/step/run-* > /dev/null 2>&1
f=$(ls "$out"/charts/trend.*.svg 2>/dev/null | head -1)
[ -n "$f" ] && python3 "$here/../report/valid.py" svg "$f" && "$check_run" png "${f%.svg}.png" > /dev/null &&
	python3 "$here/../report/valid.py" pdf "${f%.svg}.pdf" && python3 "$here/../report/valid.py" csv "${f%.svg}.csv"
ok $? "trend -o: a chart of the cell with its change marked, valid SVG, PNG, PDF and CSV"

# a stricter significance takes more permutations: p < 0.001 can be reached
mk "$out/strict" "100,101,99,100,100,101,99,100,100,101,150,151,149,150,150,151,149,150,150,151"
"$hvb" trend --significance 1 "$out"/strict/run-* > "$out/strict.txt" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "run-010 (.*run-009): regression" "$out/strict.txt" && grep -q "p < 0.001, 3999 permutations" "$out/strict.txt"
ok $? "trend --significance 1 (p < 0.001): 3999 permutations, the step at run 10 found (exit $rc)"

# bad input: one line, exit 2
bad() { # DESCRIPTION NEEDLE ARGS...
	local what=$1 needle=$2 msg rc
	shift 2
	msg=$("$hvb" trend "$@" 2>&1 > /dev/null); rc=$?
	[ $rc = 2 ] && [ "$(echo "$msg" | grep -vc '^Try\|^Usage')" = 1 ] && echo "$msg" | grep -q -- "$needle"
	ok $? "trend $what: exit 2, one line ($(echo "$msg" | head -1 | cut -c1-120))"
}
bad "of 5 runs" "at least 6" $(ls -d "$out"/step/run-* | head -5)
mk "$out/nodate" "$(wobble 100 99 0 8)" --no-date 3
bad "of a run without a date" "no meta.json date" "$out"/nodate/run-*
bad "--significance 0" "invalid --significance" --significance 0 "$out"/step/run-*
bad "of a missing run directory" "nonexistent" "$out"/step/run-00[0-6] /nonexistent

# 100 runs: the time
mk "$out/h100" "$(wobble 100 70 5 100)"
start=$(date +%s%N)
"$hvb" trend "$out"/h100/run-* > "$out/h100.txt" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $rc = 1 ] && grep -q "run-070" "$out/h100.txt"
ok $? "trend of 100 runs: the step at run 70 found in $ms ms (exit $rc)"
start=$(date +%s%N)
"$hvb" compare "$out/h100/run-000" "$out/h100/run-099" > /dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "trend.sh: compare of two runs of that history took $ms ms"
true
