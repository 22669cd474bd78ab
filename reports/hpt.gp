# SPDX-License-Identifier: GPL-2.0
# The HPT's life-cycle costs in the VMM: resize prepare and commit
# (KVM_PPC_RESIZE_HPT_*) against the target order, and a full HTAB-fd read
# pass against the table's order.
#   gnuplot -c hpt.gp FMT DATA.csv TITLE FOOT > FILE.FMT
# DATA.csv: one block per series, each starting with its label, rows
# "order,milliseconds".
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
w = 1000
h = 600
load "term.gp"
stats datafile using 1 nooutput
set xrange [STATS_min - 0.5 : STATS_max + 0.5]
set xtics 1
set xlabel "HPT order (log2 of the table in bytes)"
set logscale y 10
set ylabel "time in the VMM (ms, log scale)"
set key top left
plot for [i=0:*] datafile index i using 1:2 with points pt (5 + 2 * i) ps 1.3 title columnheader(1)
