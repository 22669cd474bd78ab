#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench compare on matrix run directories of known latencies
# (tests/compare/mkmatrix.py): verdicts, exit codes, formats, bad input.
#   tests/compare/compare.sh HVBENCH
set -uo pipefail
hvb=$1
here=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
ok() { if [ "$1" = 0 ]; then echo "PASS: compare: $2"; else echo "FAIL: compare: $2"; fi; }
mk() { python3 "$here/mkmatrix.py" "$d/$1" "${@:2}"; }

mk base 100,102,99,101,100,101
mk same 101,99,100,102,100,100
mk slow 120,123,119,121,122,120
mk fast 80,81,79,80,82,81
mk noisy 90,130,95,125,100,110
mk five_slow 120,123,119,121,122
mk five_base 100,102,99,101,100
mk one 100
mk one_slow 120
mk other_n 100,102,99 -n 500
mk other_kernel 100,101,99 --release 6.12.118-hvbench
mk other_order 100,101 --order 20
mk collected 100,101,99,102,100,101 --collect

out=$("$hvb" compare "$d/base" "$d/same"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "^h_enter rm hpt24 smt1 .* 6/6 *unchanged" && echo "$out" | grep -q "0 regressed, 0 improved, 1 unchanged"
ok $? "the same latency again (1 % wobble over 6 reps): unchanged, exit $rc"
out=$("$hvb" compare "$d/base" "$d/slow"); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q " 1.2[0-9][0-9] .* regressed" && echo "$out" | grep -q "1 regressed"
ok $? "20 % slower over 6 reps: regressed, exit $rc ($(echo "$out" | sed -n 2p | tr -s ' '))"
out=$("$hvb" compare "$d/base" "$d/fast"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "improved"
ok $? "20 % faster: improved, exit $rc"
out=$("$hvb" compare "$d/base" "$d/noisy"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "unchanged"
ok $? "a mean 8 % slower but repetitions spread -10 %..+30 %: the interval straddles the threshold, unchanged ($(echo "$out" | sed -n 2p | tr -s ' '))"
out=$("$hvb" compare "$d/five_base" "$d/five_slow"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "unchanged" && echo "$out" | grep -q "cannot reach 99.5 % confidence"
ok $? "5 reps a side: too few for 99.5 %, 20 % is not called a change and compare says why (exit $rc)"
out=$("$hvb" compare --threshold 25 "$d/base" "$d/slow"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "unchanged"
ok $? "--threshold 25: a 20 % change is unchanged, exit $rc"
out=$("$hvb" compare --noise-floor 50 "$d/base" "$d/slow"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "unchanged"
ok $? "--noise-floor 50 ticks: a 20-tick change is below it, exit $rc"
out=$("$hvb" compare "$d/one" "$d/one_slow"); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "single repetition .* cannot separate a change from run-to-run noise"
ok $? "one repetition a side: judged on the threshold, and says it cannot separate change from noise (exit $rc)"
out=$("$hvb" compare --metric p99 "$d/base" "$d/slow"); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "p99 in timebase ticks"
ok $? "--metric p99 judges p99 (exit $rc)"

out=$("$hvb" compare --format json "$d/base" "$d/slow"); rc=$?
[ $rc = 1 ] && echo "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j["format"]=="hvbench-compare" and j["regressed"]==1 and j["cells"][0]["verdict"]=="regressed" and j["cells"][0]["ci_low"]>1.1 and j["cells"][0]["test"]=="ranks" and not j["cells"][0]["untestable"]'
ok $? "--format json: parses, one regressed cell with its interval, tested on ranks"
out=$("$hvb" compare --format junit "$d/base" "$d/slow"); rc=$?
[ $rc = 1 ] && echo "$out" | python3 -c 'import sys, xml.etree.ElementTree as E; t=E.fromstring(sys.stdin.read()); assert t.tag=="testsuite" and t.get("failures")=="1" and t.find("testcase/failure") is not None'
ok $? "--format junit: well-formed XML, one test case per cell, the regression a failure"
out=$("$hvb" compare --format markdown "$d/base" "$d/same"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "^| cell | base p50 |" && echo "$out" | grep -q "^| h_enter rm hpt24 smt1 |"
ok $? "--format markdown: a table"

out=$("$hvb" compare "$d/base" "$d/other_kernel"); rc=$?
echo "$out" | grep -q "warning: kernel release differs: 6.12.117-hvbench (base) vs 6.12.118-hvbench (candidate)"
ok $? "a different kernel release is named in a warning (exit $rc)"
out=$("$hvb" compare "$d/base" "$d/collected"); rc=$?
echo "$out" | grep -q "warning: the collector set (its probe effect is in the latencies) differs: none (base) vs bpf (candidate)"
ok $? "collectors that differ between the sides are named in a warning (exit $rc)"
mkdir -p "$d/twosmt/cells"
python3 "$here/mkmatrix.py" "$d/smt4" 100,101 --smt 4 > /dev/null && cp -r "$d/smt4/cells/"* "$d/twosmt/cells/" &&
	cp -r "$d/base/cells/"* "$d/twosmt/cells/" &&
	python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); a['cells']+=b['cells']; json.dump(a, open(sys.argv[3], 'w'))" \
		"$d/base/run.json" "$d/smt4/run.json" "$d/twosmt/run.json"
out=$("$hvb" compare "$d/twosmt" "$d/same"); rc=$?
echo "$out" | grep -q "warning: cells not compared: 1 only in the base (e.g. h_enter rm hpt24 smt4), 0 only in the candidate"
ok $? "cells of one side only (an SMT width the other lacks) are named in a warning, the common ones compared (exit $rc)"
msg=$("$hvb" compare "$d/base" "$d/other_n" 2>&1); rc=$?
[ $rc = 2 ] && echo "$msg" | grep -q "ran with -n 1000 in the base and -n 500 in the candidate"
ok $? "cells run with other bench parameters (-n) are refused, exit 2 ($msg)"
msg=$("$hvb" compare "$d/base" "$d/other_order" 2>&1); rc=$?
[ $rc = 2 ] && echo "$msg" | grep -q "no cell in common"
ok $? "no cell in common: exit 2 ($msg)"
msg=$("$hvb" compare "$d/base" 2>&1); rc=$?
[ $rc = 2 ]
ok $? "one run directory: exit 2 ($msg)"
msg=$("$hvb" compare "$d/base" /nonexistent 2>&1); rc=$?
[ $rc = 2 ] && [ "$(echo "$msg" | wc -l)" = 1 ]
ok $? "a missing run directory: one line, exit 2 ($msg)"
msg=$("$hvb" compare --format xml "$d/base" "$d/same" 2>&1); rc=$?
[ $rc = 2 ]
ok $? "--format xml: exit 2 ($msg)"
# the single-boot layout too (a cell of its own)
out=$("$hvb" compare "$d/base/cells/000-rm-h24-s1-r0-g0" "$d/slow"); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "1/6"
ok $? "a single-boot run directory against a matrix: its cell compares (1/6 reps, exit $rc)"
# a run directory recorded by an earlier hvbench on the emulated host (results v3, meta v1)
fx=$here/../fixtures/rundir/v3-fault
out=$("$hvb" compare "$fx" "$fx"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "^loop rm hpt24 smt1 .* unchanged"
ok $? "a run directory recorded by an earlier version (tests/fixtures/rundir/v3-fault) compares with itself: unchanged, exit $rc"

# -icount runs (the emulated host's guest time counts instructions): exact
mk ic_base 100,100,100 --icount
mk ic_plus3 103,103,103 --icount
mk ic_plus1 101,101,101 --icount
mk ic_minus4 96,96,96 --icount
mk ic_wobbly 103,110,103 --icount
mk tcg_plus3 103,103,103
out=$("$hvb" compare "$d/ic_base" "$d/ic_plus3"); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "regressed" && echo "$out" | grep -q "^exact: both sides ran under -icount" &&
	echo "$out" | grep -q "h_enter rm hpt24 smt1: +3.0 ticks$"
ok $? "-icount on both sides: +3 ticks is a regression, judged exactly, no percentage threshold (exit $rc)"
out=$("$hvb" compare "$d/ic_base" "$d/ic_plus1"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "unchanged"
ok $? "-icount: +1 tick is within the noise floor (the timebase's resolution), unchanged (exit $rc)"
out=$("$hvb" compare "$d/ic_base" "$d/ic_minus4"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "improved"
ok $? "-icount: -4 ticks is an improvement (exit $rc)"
out=$("$hvb" compare "$d/ic_base" "$d/ic_wobbly"); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "nondeterministic: its repetitions differ" && echo "$out" | grep -q "unchanged"
ok $? "-icount: repetitions that differ are named nondeterministic and judged as noisy runs, not exactly (unchanged, exit $rc)"
out=$("$hvb" compare "$d/ic_base" "$d/tcg_plus3"); rc=$?
[ $rc = 0 ] && ! echo "$out" | grep -q "^exact:" && echo "$out" | grep -q "unchanged" &&
	echo "$out" | grep -q "warning: -icount differs: 3 of 3 base cells, 0 of 3 candidate cells"
ok $? "-icount on one side only: not exact, a warning that the ticks are not comparable, 3 reps too few to call +3 % (exit $rc)"
out=$("$hvb" compare --format json "$d/ic_base" "$d/ic_plus3")
echo "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j['exact'] and j['cells'][0]['delta_ticks'] == 3"
ok $? "-icount: JSON says exact and delta_ticks 3"
