# SPDX-License-Identifier: GPL-2.0
# Where a round trip goes: per bench (and HPT order, SMT), the host's time
# in the hcall handler (from the run's collector) and the rest, the
# transition (guest exit, dispatch, guest entry), stacked, p50s.
#   gnuplot -c split.gp FMT DATA.csv TITLE FOOT > FILE.FMT
# DATA.csv: "group,handler,transition" rows, in timebase ticks.
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
w = 1100
h = 600
load "term.gp"
set style data histogram
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.6
set yrange [0:*]
set ylabel "p50 (timebase ticks)"
set xtics rotate by -30 noenhanced
set key top left
plot datafile using 2:xtic(1) title "host handler" lc rgb "#1b7837", \
     datafile using 3 title "transition (exit, dispatch, entry)" lc rgb "#b2abd2"
