# SPDX-License-Identifier: GPL-2.0
# rm / vm / user (and run against run) side by side: per bench, the mean of
# the repetitions' p50 with its 95 % confidence interval.
#   gnuplot -c modes.gp FMT DATA.csv TITLE FOOT NCOLS > FILE.FMT
# DATA.csv: a header row (bench, then LABEL,lo,hi per column) and a row
# per bench: its name, then value,lo,hi per column ("?" where none).
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
ncols = int(ARG5 + 0)
w = 1100
h = 600
load "term.gp"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 10
set yrange [*:*]
set ylabel "p50 round trip (timebase ticks, log scale), bars: 95 % CI over repetitions"
set xtics rotate by -30 noenhanced
set key top left
plot for [k=0:ncols-1] datafile using (column(2 + 3 * k)):(column(3 + 3 * k)):(column(4 + 3 * k)):xtic(1) title columnheader(2 + 3 * k)
