/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_CHARTS_H
#define HVB_CHARTS_H

#include <limits.h>
#include "report.h"
#include "series.h"

enum { CHART_HIST, CHART_CDF, CHART_MODES, CHART_SPLIT, CHART_SWEEP, CHART_HPT, CHART_NAP, CHART_WAKE, CHART_PROBE, CHART_TREND, NR_CHART_KINDS };
extern const char *const chart_kind_names[NR_CHART_KINDS];

/* every chart is NAME.svg, NAME.png and NAME.pdf, drawn from NAME.csv beside them */
extern const char *const chart_formats[3];

struct chart {
	char name[RUNDIR_MAX_NAME + 120];
	char caption[600];		/* printable ASCII, from checked values */
	int kind;
	int run;			/* the run it belongs to, -1 for all */
};

struct charts {
	int outfd, workfd;
	const char *outdir;
	char work[PATH_MAX];
	char tmpl_dir[PATH_MAX];
	struct chart *list;
	size_t n, cap;
};

/* a private chart directory in outdir; 0, or an exit code after a message */
int charts_begin(struct charts *c, int outfd, const char *outdir, const char *tmpl_dir);
/* one record's histogram as FILE.*; run: its run's index */
int charts_hist(struct charts *c, const struct record *r, const struct meta_info *m,
		const char *file, int run);
/* the charts over every run: CDFs, modes side by side, handler/transition splits, HPT sweeps, HPT costs */
int charts_summary(struct charts *c, const struct series_set *ss);
/*
 * hvbench trend: one cell's value per run (NaN: the run lacks the cell)
 * with its change points (the first run of each new segment) and the
 * segments' means, as trend.NAME.*
 */
int charts_trend(struct charts *c, const char *name, const char *title, const char *foot,
		 const char *ylabel, const double *y, size_t n, const size_t *changes, size_t nchanges);
/* the chart directory removed; the list stays for the HTML page */
void charts_end(struct charts *c);
void charts_free(struct charts *c);
/* "kernel K, CPU C (PVR P), emulated POWER8 (QEMU Q, TCG[, -icount])" or "... hardware" */
void charts_provenance(const struct run_info *ri, char *buf, size_t len);

#endif
