# SPDX-License-Identifier: GPL-2.0
# SMT and nap: on a vcore of more than one thread, how many threads were
# napping when one more ceded, and what woke the nappers (kmod's
# kvm_rm_cede records, summed by the BPF collector over the run's cells).
#   gnuplot -c nap.gp FMT DATA.csv TITLE FOOT > FILE.FMT
# DATA.csv: block 0 "napping,naps" (threads already napping 0..8), block 1
# "reason,wakes" (the wake reason's name, its count).
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
w = 1100
h = 520
load "term.gp"
set multiplot layout 1, 2 title title noenhanced
unset title
set style fill solid 0.85 border -1
set boxwidth 0.7
set yrange [0:*]
set bmargin 7
set xlabel "threads of the vcore already napping when one more ceded"
set ylabel "naps"
set xtics 1
set xrange [-0.6:*]
unset key
plot datafile index 0 using 1:2 with boxes lc rgb "#2166ac"
set xlabel "what woke a napping thread (SRR1 wake reason)"
set ylabel "wake-ups"
set xtics rotate by -30
plot datafile index 1 using 0:2:xtic(1) with boxes lc rgb "#b2182b"
unset multiplot
