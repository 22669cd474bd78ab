# SPDX-License-Identifier: GPL-2.0
# The collectors' probe effect: per run, the calibration pair hvbench run
# makes first (null_rm without and with the collectors asked for), p50s.
#   gnuplot -c probe.gp FMT DATA.csv TITLE FOOT > FILE.FMT
# DATA.csv: "run,without,with,inflation_pct" rows.
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
w = 900
h = 520
load "term.gp"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set ylabel "null_rm p50 round trip (timebase ticks)"
set xtics noenhanced
set key top left
plot datafile using 2:xtic(1) title "without collectors" lc rgb "#2166ac", \
     datafile using 3 title "with the run's collectors" lc rgb "#b2182b", \
     datafile using 0:3:(sprintf("%+.1f %%", $4)) with labels offset 1.5, 0.8 notitle
