#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench report on recorded run directories (tests/fixtures/rundir: a
# matrix over rm/vm/user with the BPF collector, an h_enter_fill HPT-order
# sweep, an HPT resize and an SMT4 run with the collector's cede statistics,
# recorded on the emulated POWER8 host with kmod's kernel, and a single-boot
# run of an older hvbench), on synthetic runs of
# two kernels, and on whatever fresh emulated runs are given: every chart
# type drawn, every file valid SVG / PNG / PDF / CSV, the figures checked
# against the run directories' own numbers, the HTML page opened in
# headless Chromium (no console error, every image loaded, a screenshot
# kept), bad input refused.
#   tests/report/report.sh HVBENCH CHECK_RUN OUT [FRESH_RUN...]
set -uo pipefail
hvb=$1 check_run=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
fx=$here/../fixtures/rundir
ok() { if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; fi; }
rm -rf "$out"
mkdir -p "$out"

# every chart of a report directory: valid files of every format
valid_charts() { # DIR -> 0 if every NAME.svg has a valid .svg, .png, .pdf and .csv
	local d=$1 bad=0 n=0 f b
	for f in "$d"/*.svg; do
		b=${f%.svg}
		n=$((n + 1))
		python3 "$here/valid.py" svg "$f" && "$check_run" png "$b.png" > /dev/null &&
			python3 "$here/valid.py" pdf "$b.pdf" && python3 "$here/valid.py" csv "$b.csv" || {
			echo "invalid chart files: $b.*"
			bad=1
		}
	done
	[ $n -gt 0 ] && [ $bad = 0 ]
}

# the HTML page in headless Chromium: images loaded N/N, no console error, a screenshot
browser() { # DIR LABEL
	local d label=$2 imgs loaded
	d=$(cd "$1" && pwd)	# a file:// URL needs an absolute path
	if ! command -v chromium > /dev/null; then
		echo "SKIP: report $label: no chromium (make deps installs Debian's chromium)"
		return
	fi
	imgs=$(grep -o '<img ' "$d/index.html" | wc -l)
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
		--virtual-time-budget=20000 --dump-dom "file://$d/index.html" \
		> "$out/$label-dom.html" 2> "$out/$label-chromium.log"
	loaded=$(sed -n 's/.*id="hvb-images">\([0-9]*\/[0-9]*\)<.*/\1/p' "$out/$label-dom.html")
	[ "$loaded" = "$imgs/$imgs" ] && [ "$imgs" -gt 0 ] && ! grep -q "CONSOLE" "$out/$label-chromium.log"
	ok $? "report $label: index.html in headless Chromium: images loaded $loaded (of $imgs), no console error"
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,3000 \
		--virtual-time-budget=20000 --screenshot="$out/$label-screenshot.png" "file://$d/index.html" \
		> /dev/null 2>&1
	"$check_run" png "$out/$label-screenshot.png" > /dev/null
	ok $? "report $label: a screenshot of the page kept in $out/$label-screenshot.png"
}

# --- the recorded runs: all chart types, three runs on one page ---
r=$out/fixtures
start=$(date +%s%N)
"$hvb" report -o "$r" "$fx/modes-kmod" "$fx/fill-kmod" "$fx/resize-kmod" "$fx/smt4-kmod" "$fx/v3-fault" \
	> "$out/fixtures.log" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
n=$(ls "$r"/*.svg 2>/dev/null | wc -l)
[ $rc = 0 ] && [ -s "$r/index.html" ] && [ -s "$r/summary.txt" ]
ok $? "report of 5 recorded run directories (3 matrix, 2 single-boot, one of them v3 of an earlier hvbench): exit $rc, $n charts in $ms ms"
kinds=""
for k in cdf modes split sweep hpt nap wake; do
	ls "$r/$k".*.svg > /dev/null 2>&1 || kinds="$kinds $k"
done
ls "$r"/modes-kmod.*-h_enter.svg > /dev/null 2>&1 || kinds="$kinds hist"
[ -z "$kinds" ]
ok $? "report: every chart type drawn (histogram, CDF, modes side by side, handler/transition split, HPT sweep, HPT cost, SMT naps, waking from H_CEDE)${kinds:+; missing:$kinds}"
valid_charts "$r"
ok $? "report: every chart is valid SVG (XML), PNG (chunk CRCs), PDF (header, xref, EOF) and CSV, $n of them"
grep -q "rc/vm/user" "$r/index.html" 2> /dev/null; true
for k in modes-kmod fill-kmod resize-kmod smt4-kmod v3-fault; do grep -q ">$k<" "$r/index.html" || echo "no run $k"; done | grep -q . && rc=1 || rc=0
ok $rc "report: the page names all five runs with their provenance"

# the figures are the run directories' own: CIs and the HPT advice recomputed here
python3 "$here/figures.py" "$fx" "$r"
ok $? "report: side-by-side means and 95 % intervals, sweep points, the HPT advice, the SMT nap counts, early wakes and wake latencies equal what the run directories say"
browser "$r" fixtures

# --- kernel A against kernel B: one page, one chart ---
a=$out/kernA b=$out/kernB
python3 "$here/../compare/mkmatrix.py" "$a" 100,102,101 --release 6.12.117-a --calib 400,460 > /dev/null &&
	python3 "$here/../compare/mkmatrix.py" "$b" 120,121,119 --release 6.12.117-b > /dev/null
"$hvb" report -o "$out/ab" "$a" "$b" > "$out/ab.log" 2>&1
rc=$?
[ $rc = 0 ] && [ "$(grep -c '^kern[AB]$' "$out/ab/cdf.h_enter.s1.csv")" = 2 ] &&
	head -1 "$out/ab/modes.all.h24.s1.csv" | grep -q "kernA rm,lo,hi,kernB rm,lo,hi" &&
	grep -q "6.12.117-a" "$out/ab/index.html" && grep -q "6.12.117-b" "$out/ab/index.html"
ok $? "report of two kernels: one CDF with a line per kernel, one side-by-side chart, both kernels on the page (exit $rc)"
grep -q '^kernA rm,400,460,15.00$' "$out/ab/probe.effect.csv" 2>/dev/null && grep -q '+15.0 % (null_rm, rm: 400' "$out/ab/index.html" &&
	python3 "$here/valid.py" svg "$out/ab/probe.effect.svg"
ok $? "report: the collectors' probe effect (hvbench run's calibration pair) charted and on the page: kernA +15.0 %, kernB none"

# --- fresh emulated runs (make check's own), if given ---
if [ $# -gt 0 ]; then
	"$hvb" report -o "$out/fresh" "$@" > "$out/fresh.log" 2>&1
	rc=$?
	n=$(ls "$out/fresh"/*.svg 2>/dev/null | wc -l)
	[ $rc = 0 ] && valid_charts "$out/fresh"
	ok $? "report of $# fresh emulated run(s): exit $rc, $n valid charts"
	browser "$out/fresh" fresh
	# the resize cost against the entries moved: the chart's points are meta.json's
	want=$(python3 -c 'import sys, json, glob
pts = set()
for d in sys.argv[1:]:
    for f in glob.glob(d + "/cells/*/meta.json") + glob.glob(d + "/meta.json"):
        for z in json.load(open(f)).get("run", {}).get("hpt_resize", []):
            if "entries" in z and not z["error"]:
                pts.add("%d,%.4f" % (z["entries"], max(z["commit_ns"] / 1e6, 0.0001)))
print(" ".join(sorted(pts)))' "$@")
	if [ -n "$want" ] || printf '%s\n' "$@" | grep -q '/resize$'; then
		got=$(grep -h '^[0-9]' "$out/fresh/hpt.resize.csv" 2>/dev/null | sort -u | tr '\n' ' ')
		for p in $want; do echo "$got" | grep -qw -- "$p" || echo "missing $p"; done > "$out/resize-points.txt"
		[ -n "$want" ] && [ ! -s "$out/resize-points.txt" ] && grep -q "^HPT resizes, in the VMM" "$out/fresh/summary.txt" &&
			grep -qE "^ +18 +20 +[0-9]+ +[0-9]+ " "$out/fresh/summary.txt"
		ok $? "report: the HPT resize chart (the commit against the entries it rehashed) holds every resize of the fresh runs' meta.json ($(echo $want | wc -w) commits), and the summary lists them"
	fi
else
	echo "SKIP: report of fresh emulated runs: none given (the kmod matrix boot did not run)"
fi

# --- bad input: one line, exit 2 ---
bad() { # DESCRIPTION NEEDLE ARGS...
	local what=$1 needle=$2 msg rc
	shift 2
	msg=$("$hvb" report "$@" 2>&1 > /dev/null); rc=$?
	[ $rc = 2 ] && [ "$(echo "$msg" | grep -vc '^Try\|^Usage')" = 1 ] && echo "$msg" | grep -q -- "$needle"
	ok $? "report $what: exit 2, one line ($(echo "$msg" | head -1 | cut -c1-120))"
}
bad "of two runs without -o" "name the report directory with -o" "$a" "$b"
bad "--hpt-margin x" "invalid --hpt-margin" --hpt-margin x "$a"
bad "of a missing run directory" "nonexistent" -o "$out/x" "$a" /nonexistent
args=()
for i in $(seq 17); do args+=("$a"); done
bad "of 17 run directories" "at most 16" -o "$out/x" "${args[@]}"
true
