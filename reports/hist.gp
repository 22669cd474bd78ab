# SPDX-License-Identifier: GPL-2.0
# Latency histogram of one record.  hvbench report runs
#   gnuplot -c hist.gp FMT DATA.csv TITLE FOOT HCALL P50 P99 TB_HZ > FILE.FMT
# (P50, P99 in timebase ticks, TB_HZ 0 if unknown).  The arguments arrive
# as strings (ARG1..ARG8) and are only ever used as values, never as code:
# a run directory is untrusted input.
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
hcall = ARG5
p50 = int(ARG6 + 0)
p99 = int(ARG7 + 0)
tb_hz = ARG8 + 0.0
w = 1000
h = 560
load "term.gp"
set xlabel sprintf("%s round trip (timebase ticks, log scale)", hcall) noenhanced
set ylabel "samples per bucket (bucket width <= 0.78 %)"
set logscale x 2
set yrange [0:*]
set format x "%.0f"
set key top right
set style fill solid 0.8 noborder
ns(t) = tb_hz > 0 ? sprintf(" = %.0f ns", t * 1e9 / tb_hz) : ""
set arrow 1 from p50, graph 0 to p50, graph 1 nohead lc rgb "#1b7837" dt 2 lw 2
set arrow 2 from p99, graph 0 to p99, graph 1 nohead lc rgb "#b2182b" dt 2 lw 2
set label 1 sprintf("p50 %d%s", p50, ns(p50)) at p50, graph 0.95 offset 0.5,0 tc rgb "#1b7837"
set label 2 sprintf("p99 %d%s", p99, ns(p99)) at p99, graph 0.88 offset 0.5,0 tc rgb "#b2182b"
plot datafile using (($1 + $2 + 1) / 2):3:($2 - $1 + 1) with boxes lc rgb "#2166ac" title "samples"
