#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvbench report on hostile and broken run directories (tests/run.sh runs
# it with the ASan/UBSan build): each case says what report must do, and
# every case checks that it wrote nothing outside its report directory, ran
# nothing, and failed, if it failed, with one line and exit 1 or 2.
#   tests/hostile/rundirs.sh HVBENCH
set -uo pipefail
hvb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d /tmp/hvb-hostile.XXXXXX)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
mk() { python3 "$here/mkrundir.py" "$1" "$2"; }
ok() { if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; fi; }

# report CASE-DIR [args...]: runs report from inside $root/cwd (a gnuplot
# "system" would land there), with a 30 s cap (a hang is a failure);
# sets rc, err (stderr), lines (its line count)
report() {
	local d=$1; shift
	mkdir -p "$root/cwd"
	touch "$root/stamp"; sleep 0.01
	(cd "$root/cwd" && timeout 30 "$hvb" report "$@" "$d" > "$root/out" 2> "$root/err")
	rc=$?
	err=$(cat "$root/err")
	lines=$(grep -vc '^Warning: ' "$root/err")
}
# nothing outside DIR/report (and the run files) changed, nothing ran
clean_outside() { # DIR
	local d=$1
	[ -z "$(find "$root" -name PWNED)" ] &&
	[ -z "$(find "$root" -newer "$root/stamp" -not -path "$d/report*" -not -path "$root/cwd" \
		-not -path "$d" -not -path "$root/out" -not -path "$root/err" -not -path "$root")" ]
}
fails_with() { # DIR CODE NEEDLE DESCRIPTION
	[ "$rc" = "$2" ] && [ "$lines" = 1 ] && echo "$err" | grep -q -- "$3" && clean_outside "$1"
	ok $? "report $4: exit $2, one line naming it ($(head -1 "$root/err" | cut -c1-150))"
}

# --- injection and traversal: values are data, names are sanitised ---
for c in quote_bench quote_req quote_host; do
	d=$root/$c; mk $c "$d"; report "$d"
	[ $rc = 0 ] && [ -s "$d/report/summary.txt" ] && clean_outside "$d" &&
		[ "$(ls "$d"/report/*.png | grep -Ec '/[^./]+\.png$')" = 2 ]
	ok $? "report $c: a ' and system() in a name are data, not gnuplot code (rc $rc; no PWNED file, no file outside report/)"
done
d="$root/it's a run"; mk valid "$d"; report "$d"
[ $rc = 0 ] && [ -s "$d/report/h_enter.png" ]
ok $? "report of a RUNDIR path with a ' in it draws its charts (rc $rc)"
d=$root/traversal; mk traversal "$d"; report "$d"
[ $rc = 0 ] && [ -s "$d/report/_________x.png" ] && clean_outside "$d" && [ ! -e "$root/x.png" ]
ok $? "report: bench '../../../x' writes report/_________x.png, nothing outside report/"
d=$root/dot; mk dot "$d"; report "$d"
[ $rc = 0 ] && [ -s "$d/report/_.png" ] && [ -s "$d/report/__.png" ] && [ -z "$(ls -A "$d/report" | grep '^\.')" ]
ok $? "report: benches '.' and '..' make _.png and __.png, no hidden files"
d=$root/same; mk same_file "$d"; report "$d"
[ $rc = 0 ] && [ -s "$d/report/a_b.png" ] && [ -s "$d/report/a_b-2.png" ]
ok $? "report: 'a/b' and 'a_b' get files of their own (a_b, a_b-2)"
d=$root/slash; mk slash "$d"; report "$d"
[ $rc = 0 ] && [ -s "$d/report/a_b.png" ] && grep -q "^a/b " "$d/report/summary.txt"
ok $? "report: bench 'a/b' is charted as a_b.png and named a/b in the summary"
d=$root/empty; mk empty_name "$d"; report "$d"; fails_with "$d" 2 "'bench' is 0 bytes" "of an empty bench name"
d=$root/long; mk long_name "$d"; report "$d"; fails_with "$d" 2 "300 bytes long" "of a 300-character bench name"
d=$root/ctrl; mk ctrl_name "$d"; report "$d"; fails_with "$d" 2 "0x1b" "of a bench name with an escape byte"

# --- symlinks and special files ---
d=$root/sym; mk valid "$d"; mkdir "$d/report"; echo victim > "$root/victim"
ln -s "$root/victim" "$d/report/h_enter.png"; ln -s "$root/victim" "$d/report/h_enter.png.tmp"
ln -s "$root/victim" "$d/report/summary.txt"
report "$d"
[ $rc = 0 ] && [ "$(cat "$root/victim")" = victim ] && [ -f "$d/report/h_enter.png" ] &&
	[ ! -L "$d/report/h_enter.png" ] && [ ! -L "$d/report/summary.txt" ]
ok $? "report: symlinks planted in report/ are replaced, their target untouched"
d=$root/symdir; mk valid "$d"; mkdir "$root/elsewhere"; ln -s "$root/elsewhere" "$d/report"
report "$d"; fails_with "$d" 1 "not a directory" "when report/ is a symlink"
[ -z "$(ls -A "$root/elsewhere")" ]
ok $? "report: nothing written through a report/ symlink"
for f in meta.json results.json collect_bpf.json; do
	d=$root/fifo-$f; mk valid "$d"; rm -f "$d/$f"; mkfifo "$d/$f"
	report "$d"; fails_with "$d" 2 "not a regular file" "with a FIFO as $f (no hang)"
done
d=$root/symmeta; mk valid "$d"; mv "$d/meta.json" "$root/meta.json"; ln -s "$root/meta.json" "$d/meta.json"
report "$d"; fails_with "$d" 2 "symbolic link" "with meta.json a symlink"

# --- limits ---
d=$root/big; mk valid "$d"; head -c $((17 << 20)) /dev/zero | tr '\0' ' ' >> "$d/results.json"
report "$d"; fails_with "$d" 2 "more than the 16777216" "of a 17 MiB results.json"
d=$root/many; mk too_many_records "$d"; report "$d"; fails_with "$d" 2 "at most 512" "of 600 records"

# --- faults, skips and missing fields are reported, not fatal ---
d=$root/fault; mk valid "$d"; report "$d"
[ $rc = 0 ] && grep -q "^fault .*no samples (status fault)" "$d/report/summary.txt" &&
	[ ! -e "$d/report/fault.png" ] && [ -s "$d/report/h_enter.png" ] &&
	[ -z "$(find "$d/report" -name '*.tmp*' -o -name '.charts-*')" ]
ok $? "report: a record with no samples is named in the summary, the others are charted, no temporaries left"
d=$root/nokernel; mk meta_no_kernel "$d"; report "$d"
[ $rc = 0 ] && grep -q "host: emulated, pvr 0x004d0200, kernel missing, timebase 512000000 Hz, HPT order 24" "$d/report/summary.txt"
ok $? "report: meta.json without kernel shows kernel missing and every other field ($(sed -n 2p "$d/report/summary.txt"))"
d=$root/marr; mk meta_array "$d"; report "$d"; fails_with "$d" 2 "not a JSON object" "of meta.json []"
for c in ctrl_host ctrl_release; do
	d=$root/$c; mk $c "$d"; report "$d"; fails_with "$d" 2 "not printable ASCII" "of meta.json with $c (terminal escapes)"
done
d=$root/tb0; mk tb_zero "$d"; report "$d"
[ $rc = 0 ] && grep -q "timebase missing (no ns figures)" "$d/report/summary.txt" && [ -s "$d/report/h_enter.png" ]
ok $? "report: timebase_hz 0 (hvbench run could not read it) is shown as missing, not an error"
for c in tb_string tb_huge tb_negative; do
	d=$root/$c; mk $c "$d"; report "$d"; fails_with "$d" 2 "timebase_hz" "of $c"
done
d=$root/b32; mk bucket_2_32 "$d"; report "$d"; fails_with "$d" 2 "not in 1..4294967295" "of a bucket count of 2^32+2"
d=$root/mm; mk min_max_negative "$d"; report "$d"; fails_with "$d" 2 "out of range" "of min = max = -1"
d=$root/cm; mk collector_malformed "$d"; report "$d"; fails_with "$d" 2 "collect_bpf.json" "of a malformed collect_bpf.json"
d=$root/rz1; mk resize_entries_string "$d"; report "$d"; fails_with "$d" 2 "hpt_resize entry 0: 'entries' must be an integer" "of a resize whose entry count is a string"
d=$root/rz2; mk resize_error_ctrl "$d"; report "$d"; fails_with "$d" 2 "hpt_resize entry 0: 'error' holds a byte 0x1b" "of a resize whose error holds a terminal escape"
d=$root/rz3; mk resize_ok "$d"; report "$d"
[ $rc = 0 ] && grep -qE "^ +18 +20 +2112 +2112 +3 +1.000 +2.000  ok$" "$d/report/summary.txt" &&
	grep -qE "^ +20 +bad +- +- +0 .* Invalid argument$" "$d/report/summary.txt" && clean_outside "$d"
ok $? "report of a run with two resizes (one refused, of an order no kernel takes): the summary lists both, counts and error"
d=$root/cp; mk collector_p50_huge "$d"; report "$d"; fails_with "$d" 2 "out of range" "of a collector p50 of 2^63"
d=$root/cu; mk collector_unit_bad "$d"; report "$d"; fails_with "$d" 2 "unit 'furlongs' is neither ns nor timebase_ticks" "of a collector histogram in furlongs"
d=$root/cvt; mk collector_vm_ticks "$d"; report "$d"
[ $rc = 0 ] && grep -q "host handler p50 60 ticks (vm), transition p50 64 ticks = 51.6 % of the round trip" "$d/report/summary.txt"
ok $? "report: a virtual-mode histogram in timebase ticks (collector version 2, kmod's batches) is not converted from ns ($(grep -m1 split "$d/report/summary.txt" | tr -s ' '))"
d=$root/chd; mk collector_half_drains "$d"; report "$d"
[ $rc = 0 ] && grep -q "2 sample(s) held a drain of half kmod's hcall ring: 9000 ticks" "$d/report/summary.txt"
ok $? "report: half-ring drains (collector version 3) flagged on the bench whose samples hold them ($(grep -m1 'drains ' "$d/report/summary.txt" | tr -s ' '))"
d=$root/chb; mk collector_half_drains_bad "$d"; report "$d"; fails_with "$d" 2 "half_drains 2001 / half_drain_ticks 9000 out of range" "of more half-ring drains than samples"
d=$root/cok; mk collector_ok "$d"; report "$d"
[ $rc = 0 ] && grep -q "host handler p50 60 ticks (rm), transition p50 64 ticks = 51.6 % of the round trip" "$d/report/summary.txt"
ok $? "report: a sane collector gives the split ($(grep -m1 split "$d/report/summary.txt" | tr -s ' '))"

# --- a run recorded on the emulated POWER8 host (results v3, meta v1) stays readable ---
d=$root/recorded; cp -r "$here/../fixtures/rundir/v3-fault" "$d"; report "$d"
[ $rc = 0 ] && grep -q "^loop .* ticks  *20 " "$d/report/summary.txt" &&
	grep -q "^fault .*no samples (status fault)" "$d/report/summary.txt" && [ -s "$d/report/loop.png" ]
ok $? "report of a recorded run directory (tests/fixtures/rundir/v3-fault, results v3): summary and chart"

# --- matrix run directories (run.json + cells/): the index is untrusted too ---
# mx DIR 'CELLS-JSON' [seed]: a matrix whose cells c0, c1 are valid single-boot runs
mx() {
	mkdir -p "$1/cells"
	mk valid "$1/cells/c0"; mk valid "$1/cells/c1"
	printf '{"format":"hvbench-run","version":1,"partial":false,"plan":{"seed":"%s"},"cells":%s}' \
		"${3:-7}" "$2" > "$1/run.json"
}
cell() { # DIR STATUS [extra]
	printf '{"seq":0,"dir":"%s","benches":"h_enter","mode":"rm","hpt_order":24,"smt":1,"rep":0,"status":"%s","seconds":1.5%s}' "$1" "$2" "${3:-}"
}
# a mode that is not rm/vm/user would reach file names and CSV headers
d=$root/mx-mode; mx "$d" "[$(cell c0 ok | sed 's/"mode":"rm"/"mode":"a\/b"/')]"; report "$d"
fails_with "$d" 2 "mode 'a/b' is not rm, vm or user" "of a matrix cell whose mode is 'a/b'"
d=$root/meta-mode; mk valid "$d"
python3 -c "import json,sys; p=sys.argv[1]; m=json.load(open(p)); m['run']['mode']='r,m'; json.dump(m, open(p,'w'))" "$d/meta.json"
report "$d"; fails_with "$d" 2 "'run.mode' is 'r,m', not rm, vm or user" "of a meta.json whose run.mode is 'r,m'"
# cell a with record b-c and cell a-b with record c would both be a-b-c
d=$root/mx-collide; mkdir -p "$d/cells"; mk valid "$d/cells/a"; mk valid "$d/cells/a-b"
python3 -c "
import json,sys
for c, b in (('a', 'b-c'), ('a-b', 'c')):
    p = sys.argv[1] + '/cells/' + c + '/results.json'; r = json.load(open(p))
    r['benches'] = [dict(r['benches'][0], bench=b)]; json.dump(r, open(p, 'w'))
" "$d"
printf '{"format":"hvbench-run","version":1,"partial":false,"plan":{"seed":"7"},"cells":[%s,%s]}' \
	"$(cell a ok)" "$(cell a-b ok | sed 's/"seq":0/"seq":1/')" > "$d/run.json"
report "$d"
[ $rc = 0 ] && [ -s "$d/report/a-b-c.png" ] && [ -s "$d/report/a-b-c-2.png" ]
ok $? "report: cell a's record b-c and cell a-b's record c do not share a chart (a-b-c, a-b-c-2; rc $rc)"
# every sample 0 ticks: the log axes still draw
d=$root/zero; mk valid "$d"
python3 -c "
import json,sys
p = sys.argv[1]; r = json.load(open(p)); b = r['benches'][0]
b['hist'].update(count=10, sum=0, min=0, max=0, buckets=[[0, 0, 0, 10]]); r['benches'] = [b]; json.dump(r, open(p, 'w'))
" "$d/results.json"
report "$d"
[ $rc = 0 ] && [ -s "$d/report/index.html" ] && [ -s "$d/report/cdf.h_enter.s1.png" ]
ok $? "report: a record whose samples are all 0 ticks still gets its charts and page (rc $rc)"
d=$root/mx-ok; mx "$d" "[$(cell c0 ok),$(cell c1 watchdog ',"error":"watchdog: x"')]"; report "$d"
[ $rc = 0 ] && [ -s "$d/report/c0-h_enter.png" ] && [ -s "$d/report/c1-h_enter.png" ] &&
	grep -q "^== cell cells/c1: .*watchdog" "$d/report/summary.txt" && clean_outside "$d"
ok $? "report of a matrix: cells charted as CELL-NAME.png, statuses in the summary (rc $rc)"
d=$root/mx-dotdot; mx "$d" "[$(cell ..  ok)]"; report "$d"
fails_with "$d" 2 "cell directory name '..'" "of a matrix whose cell dir is '..'"
d=$root/mx-slash; mx "$d" "[$(cell ../../etc ok)]"; report "$d"
fails_with "$d" 2 "is not \[A-Za-z0-9_.-\]" "of a matrix whose cell dir is '../../etc'"
d=$root/mx-link; mx "$d" "[$(cell c9 ok)]"; ln -s "$root/mx-ok/cells/c0" "$d/cells/c9"; report "$d"
fails_with "$d" 2 "not a directory (no symbolic links)" "of a matrix whose cell dir is a symlink"
d=$root/mx-cellslink; mkdir -p "$d"; mk valid "$root/mx-target/c0"
ln -s "$root/mx-target" "$d/cells"
printf '{"format":"hvbench-run","version":1,"cells":[%s]}' "$(cell c0 ok)" > "$d/run.json"; report "$d"
fails_with "$d" 2 "not a directory (no symbolic links)" "of a matrix whose cells/ is a symlink"
d=$root/mx-dup; mx "$d" "[$(cell c0 ok),$(cell c0 ok)]"; report "$d"
fails_with "$d" 2 "listed twice" "of a matrix listing one cell directory twice"
d=$root/mx-status; mx "$d" "[$(cell c0 pwned)]"; report "$d"
fails_with "$d" 2 "not one of not_run, ok, failed, watchdog" "of a matrix with an unknown cell status"
d=$root/mx-seed; mx "$d" "[$(cell c0 ok)]" '\u001b[31mRED'; report "$d"
fails_with "$d" 2 "plan.seed is not a decimal string" "of a matrix whose seed carries terminal escapes"
d=$root/mx-esc; mx "$d" "[$(cell c0 ok ',"error":"\u001b]0;pwned\u0007"')]"; report "$d"
fails_with "$d" 2 "not printable ASCII" "of a matrix whose cell error carries terminal escapes"
d=$root/mx-order; mx "$d" "[$(cell c0 ok | sed 's/"hpt_order":24/"hpt_order":99/')]"; report "$d"
fails_with "$d" 2 "out of range" "of a matrix with HPT order 99"
d=$root/mx-version; mx "$d" "[$(cell c0 ok)]"; sed -i 's/"version":1/"version":99/' "$d/run.json"; report "$d"
fails_with "$d" 2 "version 99; this hvbench reads 1..1" "of a matrix index of a newer format"
d=$root/mx-empty; mx "$d" "[]"; report "$d"
fails_with "$d" 2 "array of 1..20000 cells" "of a matrix with no cells"
d=$root/mx-notrun; mx "$d" "[$(cell c0 ok),$(cell c7 not_run)]"; report "$d"
[ $rc = 0 ] && grep -q "^== cell cells/c7: .*not_run" "$d/report/summary.txt"
ok $? "report of a partial matrix: a not_run cell without a directory is listed, not an error (rc $rc)"

# --- where the report goes, and what it needs ---
d=$root/file; mk valid "$d"; echo x > "$d/report"
report "$d"; fails_with "$d" 1 "not a directory" "when RUNDIR/report is a file"
d=$root/null; mk valid "$d"; report "$d" -o /dev/null; fails_with "$d" 1 "not a directory" "-o /dev/null"
d=$root/ro; mk valid "$d"; mkdir -m 555 "$d/report"; chmod -R a+rX "$root"
(cd / && touch "$root/stamp" && timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$hvb" report "$d" > "$root/out" 2> "$root/err")
rc=$?; err=$(cat "$root/err"); lines=$(wc -l < "$root/err")
fails_with "$d" 1 "Permission denied" "into a read-only report/ (as nobody)"
d=$root/tmpl; mk valid "$d"; report "$d" -T "$root/none"
fails_with "$d" 1 "templates not found" "with the templates missing"
[ -s "$d/report/summary.txt" ]
ok $? "report: the summary is written even when the charts cannot be"
d=$root/nognuplot; mk valid "$d"
(cd "$root/cwd" && touch "$root/stamp" && timeout 30 env PATH=/nonexistent "$hvb" report "$d" > "$root/out" 2> "$root/err")
rc=$?; err=$(cat "$root/err"); lines=$(wc -l < "$root/err")
fails_with "$d" 1 "gnuplot is not on PATH" "without gnuplot on PATH"
exit 0
