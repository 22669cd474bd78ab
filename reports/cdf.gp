# SPDX-License-Identifier: GPL-2.0
# Latency CDFs of one bench: a line per (run, mode, HPT order, SMT) group.
#   gnuplot -c cdf.gp FMT DATA.csv TITLE FOOT TB_HZ > FILE.FMT
# DATA.csv holds one block per line, blocks split by two blank lines, each
# starting with its label: "ticks,fraction" rows (the fraction of calls at
# or below).  Arguments are values only (see hist.gp).
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
tb_hz = ARG5 + 0.0
w = 1000
h = 600
load "term.gp"
stats datafile using 1 nooutput
lo = STATS_min > 0 ? STATS_min * 0.8 : 1
hi = STATS_max * 1.25
set logscale x 10
set xrange [lo:hi]
set xlabel "round trip seen by the guest (timebase ticks, log scale)"
if (tb_hz > 0) {
	set logscale x2 10
	set x2range [lo * 1e9 / tb_hz : hi * 1e9 / tb_hz]
	set x2tics
	set x2label "ns"
}
set ylabel "fraction of calls at or below"
set yrange [0:1.02]
set key bottom right
# 8 colours, then dashes: 16 lines stay apart
plot for [i=0:*] datafile index i using 1:2 with steps lw 2 lc i % 8 + 1 dt i / 8 + 1 title columnheader(1)
