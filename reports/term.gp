# SPDX-License-Identifier: GPL-2.0
# The terminal and the common frame of every hvbench chart, loaded by each
# template (gnuplot finds it through GNUPLOT_LIB, which hvbench report
# sets to the templates' directory).  The template sets fmt (svg, png or
# pdf, from hvbench, never from a run directory), w and h (pixels), foot
# (the provenance line: kernel, CPU, emulated or hardware) and title.
# No "set output": gnuplot writes to its stdout, a file hvbench created.
if (fmt eq "svg") {
	set terminal svg size w, h font "sans,11" noenhanced background rgb "white"
} else {
	if (fmt eq "pdf") {
		set terminal pdfcairo size w / 96.0, h / 96.0 font "sans,8" noenhanced
	} else {
		set terminal pngcairo size w, h font "sans,10" noenhanced
	}
}
set datafile separator comma
set datafile missing "?"
set title title noenhanced
set label 99 foot at screen 0.01, screen 0.02 noenhanced font ",8" tc rgb "#555555"
set bmargin 5
set grid xtics ytics lc rgb "#dddddd"
set key noenhanced
