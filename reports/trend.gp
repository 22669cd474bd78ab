# SPDX-License-Identifier: GPL-2.0
# A cell's latency over a CI history, oldest run first, with the change
# points hvbench trend found (E-divisive means) and each segment's mean.
#   gnuplot -c trend.gp FMT DATA.csv TITLE FOOT CHANGES YLABEL > FILE.FMT
# DATA.csv: block 0 "run,value" (one row per run), block 1 the segment
# means as "x,y" pairs, a blank line between segments.  CHANGES: the runs
# that start a new segment, space-separated integers made by hvbench.
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
changes = ARG5
ylab = ARG6
w = 1100
h = 560
load "term.gp"
set xlabel "run (oldest first)"
set ylabel ylab noenhanced
set key top left
set xrange [-1:*]
do for [i = 1:words(changes)] {
	c = word(changes, i) + 0
	set arrow i from c - 0.5, graph 0 to c - 0.5, graph 1 nohead lc rgb "#b2182b" dt 2 lw 2
	set label i sprintf("change at run %d", c) at c - 0.5, graph 0.96 offset 0.5, 0 tc rgb "#b2182b"
}
plot datafile index 0 using 1:2 with linespoints pt 7 ps 0.6 lc rgb "#2166ac" title "run", \
     datafile index 1 using 1:2 with lines lw 3 lc rgb "#1b7837" title "segment mean"
