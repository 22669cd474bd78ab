# SPDX-License-Identifier: GPL-2.0
# An HPT-order sweep of one bench: p50 and p99 against the order, and where
# the bench fills the table, the H_PTEG_FULL rate and the full PTEGs.
#   gnuplot -c sweep.gp FMT DATA.csv TITLE FOOT QEMU_ORDER PAPR_ORDER FILLS > FILE.FMT
# DATA.csv: "order,p50,p99,pteg_full_pct,full_ptegs_pct" ("?" where none).
# QEMU_ORDER / PAPR_ORDER: the guest RAM's 1/128 and 1/64 (0: unknown);
# FILLS: 1 if the bench fills the table (the right axis is drawn).
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
qo = int(ARG5 + 0)
po = int(ARG6 + 0)
fills = int(ARG7 + 0)
w = 1000
h = 600
load "term.gp"
stats datafile using 1 nooutput
set xrange [STATS_min - 0.5 : STATS_max + 0.5]
set xtics 1
set xlabel "HPT order (log2 of the table in bytes)"
set logscale y 10
set ylabel "round trip seen by the guest (timebase ticks, log scale)"
if (fills) {
	set y2range [0:105]
	set y2tics 10
	set y2label "% of calls answered H_PTEG_FULL, % of PTEGs full"
}
set key top left opaque box
if (qo > 0) {
	set arrow 1 from qo, graph 0 to qo, graph 1 nohead lc rgb "#1b7837" dt 2 lw 2
	set label 1 sprintf("QEMU: RAM/128 = order %d", qo) at qo, graph 0.96 offset 0.5,0 tc rgb "#1b7837"
}
if (po > 0) {
	set arrow 2 from po, graph 0 to po, graph 1 nohead lc rgb "#762a83" dt 3 lw 2
	set label 2 sprintf("PAPR: RAM/64 = order %d", po) at po, graph 0.90 offset 0.5,0 tc rgb "#762a83"
}
if (fills) {
	plot datafile using 1:2 with linespoints lw 2 pt 7 title "p50", \
	     datafile using 1:3 with linespoints lw 2 pt 5 title "p99", \
	     datafile using 1:4 axes x1y2 with linespoints dt 2 pt 9 title "H_PTEG_FULL (% of calls)", \
	     datafile using 1:5 axes x1y2 with linespoints dt 3 pt 11 title "full PTEGs (%)"
} else {
	plot datafile using 1:2 with linespoints lw 2 pt 7 title "p50", \
	     datafile using 1:3 with linespoints lw 2 pt 5 title "p99"
}
