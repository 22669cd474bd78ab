# SPDX-License-Identifier: GPL-2.0
# Waking from H_CEDE against the vcore's threads (SMT width): per ceding
# record, the wake latency's p50 and p99 (decrementer expiry to the guest's
# handler) and the early wakes (cedes returned before the decrementer).
#   gnuplot -c wake.gp FMT DATA.csv TITLE FOOT NAMES HAS_WAKE HAS_EARLY > FILE.FMT
# DATA.csv: one block per name in NAMES (space-separated), each a name line,
# a header, then "smt,wake_p50,wake_p99,early_per_100_cedes" rows.  A panel
# whose figures no record has (HAS_* 0) says so: gnuplot refuses to plot
# nothing but missing points.
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
names = ARG5
has_wake = ARG6 eq "1"
has_early = ARG7 eq "1"
w = 1100
h = 520
load "term.gp"
set datafile missing "NaN"
n = words(names)
set multiplot layout 1, 2 title title noenhanced
unset title
set key top left noenhanced
set bmargin 7
set xlabel "SMT width (h_cede: SMT-1 siblings nap beside it; h_cede_busy: siblings busy)" noenhanced
set xtics 1
set xrange [0.5:8.5]
set ylabel "wake latency, timebase ticks (p50, bar to p99)"
if (has_wake) {
	set logscale y
	plot for [i = 0:n - 1] datafile index i skip 2 using 1:2:2:3 with yerrorlines title word(names, i + 1)
	unset logscale y
} else {
	set label 1 "no cede woken by its decrementer" at graph 0.5, 0.5 center
	set yrange [0:1]
	plot -1 notitle
	unset label 1
}
set yrange [0:*]
set ylabel "early wakes per 100 cedes"
if (has_early) {
	plot for [i = 0:n - 1] datafile index i skip 2 using 1:4 with linespoints title word(names, i + 1)
} else {
	set label 1 "no early wakes counted (SMT 1, or no sibling to resume the vcore)" at graph 0.5, 0.5 center
	set yrange [0:1]
	plot -1 notitle
}
