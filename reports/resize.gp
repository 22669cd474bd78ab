# SPDX-License-Identifier: GPL-2.0
# HPT resize commit in the VMM (KVM_PPC_RESIZE_HPT_COMMIT: every bolted
# entry rehashed while the guest is stopped) against the valid entries the
# table held, one series per (from, to) order pair.
#   gnuplot -c resize.gp FMT DATA.csv TITLE FOOT > FILE.FMT
# DATA.csv: one block per order pair, each starting with its label, rows
# "entries,milliseconds" by entries.
fmt = ARG1
datafile = ARG2
title = ARG3
foot = ARG4
w = 1000
h = 600
load "term.gp"
set logscale x 2
set xlabel "valid entries in the HPT before the resize (VRMA included, log scale)"
set logscale y 10
set ylabel "commit time in the VMM (ms, log scale)"
set key top left
plot for [i=0:*] datafile index i using 1:2 with points pt (5 + 2 * (i % 6)) ps 1.5 title columnheader(1)
