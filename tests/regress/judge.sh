#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench regress --runs on run directories of known samples (mkruns.py):
# each verdict the judge can reach, with its exit status.
#   tests/regress/judge.sh HVBENCH
set -uo pipefail
hvb=$1
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d /tmp/hvb-regress.XXXXXX)
trap 'rm -rf "$t"' EXIT
ok() { if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; fi; }
mk() { python3 "$here/mkruns.py" "$@"; }
# judge NAME WANT_RC NEEDLE B1 B2 C1 C2: exit WANT_RC and a line matching NEEDLE
judge() {
	local name=$1 want=$2 needle=$3 msg rc
	shift 3
	msg=$("$hvb" regress --runs "$@" 2>&1); rc=$?
	echo "$msg" > "$t/$name.out"
	[ $rc = "$want" ] && echo "$msg" | grep -qE -- "$needle"
	ok $? "regress --runs, $name: exit $rc (want $want), '$needle'"
}
# null_rm: 100 instructions, 2 interrupt hits at 240; h_enter: two paths, 150 and 158, about half each
row_b="null_rm:rm:ok:100x1000+240x2 h_enter:rm:ok:150x500+158x524 null_rm:vm:ok:120x1024"
mk "$t/b1" $row_b
mk "$t/b2" null_rm:rm:ok:240x1+100x1001 h_enter:rm:ok:158x524+150x500 null_rm:vm:ok:120x1024
judge same 0 "^0 regressed, 0 improved, 3 unchanged" "$t/b1" "$t/b2" "$t/b1" "$t/b2"
mk "$t/c3" null_rm:rm:ok:103x1002 h_enter:rm:ok:150x500+158x524 null_rm:vm:ok:120x1024
judge "+3 on one row" 1 "^null_rm rm .* 100\.0 +103\.0 +\+3 .*regressed$" "$t/b1" "$t/b2" "$t/c3" "$t/c3"
mk "$t/cm" null_rm:rm:ok:100x1002 h_enter:rm:ok:151x500+159x524 null_rm:vm:ok:120x1024
judge "+1 on two paths, by the core's mean" 1 "^h_enter rm .* ~\+1\.0 .*regressed$" "$t/b1" "$t/b2" "$t/cm" "$t/cm"
mk "$t/bx" null_rm:rm:ok:101x1002 h_enter:rm:ok:150x500+158x524 null_rm:vm:ok:120x1024
judge "two base boots disagree" 3 "^nondeterministic: null_rm rm: the base's two boots disagree: 100.00 vs 101.00" "$t/b1" "$t/bx" "$t/b1" "$t/b1"
mk "$t/ch" null_rm:rm:ok:100x900+180x102 h_enter:rm:ok:150x500+158x524 null_rm:vm:ok:120x1024
judge "a path 80 longer on 10 % of the calls" 1 "^regressed: null_rm rm: 102 of 1002 samples more than 64 instructions above the count in the candidate, at most 2 in the base" "$t/b1" "$t/b2" "$t/ch" "$t/ch"
mk "$t/cf" null_rm:rm:failed:100x10 h_enter:rm:ok:150x500+158x524 null_rm:vm:ok:120x1024
judge "a bench failed in the candidate" 1 "^failed: null_rm rm: the bench failed in the candidate's boot 1 and 2" "$t/b1" "$t/b2" "$t/cf" "$t/cf"
judge "a bench failed in both kernels" 3 "^failed in both: null_rm rm" "$t/cf" "$t/cf" "$t/cf" "$t/cf"
mk "$t/cd" null_rm:rm:ok:100x1002 h_enter:rm:ok:150x500+158x524 --dead vm
judge "the candidate's vm cell died in one boot" 1 "^failed: null_rm vm: no samples in the candidate's boot 2, which ran mode vm" "$t/b1" "$t/b2" "$t/b1" "$t/cd"
mk "$t/cr" null_rm:rm:ok:100x1002 h_enter:rm:ok:150x500+158x524
judge "a candidate without vm mode (no kmod)" 0 "^not run: null_rm vm: mode vm not run on the candidate" "$t/b1" "$t/b2" "$t/cr" "$t/cr"
mk "$t/ni" $row_b --no-icount
judge "a run not under -icount" 2 "was not run under -icount" "$t/b1" "$t/b2" "$t/ni" "$t/ni"
judge "a missing run directory" 2 "cannot read" "$t/b1" "$t/b2" "$t/nonexistent" "$t/b1"
# JSON and JUnit of the +3 case
"$hvb" regress --runs -f json "$t/b1" "$t/b2" "$t/c3" "$t/c3" > "$t/c3.json"
python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
r = {(x["bench"], x["mode"]): x for x in v["rows"]}
sys.exit(0 if v["format"] == "hvbench-regress" and v["regressed"] == 1 and r[("null_rm", "rm")]["delta_insns"] == 3
         and r[("null_rm", "rm")]["base"]["outliers"] == [2, 1] and r[("h_enter", "rm")]["counted_by"] == "core_mean" else 1)' "$t/c3.json"
ok $? "regress --runs -f json: the +3 row, per-boot interrupt hits, how each row was counted"
"$hvb" regress --runs -f junit "$t/b1" "$t/b2" "$t/cf" "$t/cf" > "$t/cf.xml"
python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
sys.exit(0 if t.get("failures") == "1" and t.get("tests") == "3" else 1)' "$t/cf.xml"
ok $? "regress --runs -f junit: one failure (the failed bench) of three test cases"
