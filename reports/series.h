/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_SERIES_H
#define HVB_SERIES_H

/*
 * What the report's charts and HTML page are drawn from: the records of
 * every run given, grouped by (run, bench, thread, mode, HPT order, SMT)
 * with their repetitions merged, and the HPT life-cycle points (resizes,
 * HTAB-fd reads).  Built from checked reports only (report_read()).
 */
#include <limits.h>
#include "report.h"

#define SERIES_MAX_RUNS		16	/* run directories on one report */
#define SERIES_MAX		1024	/* groups a report draws */
#define SERIES_MAX_REPS		256	/* repetitions kept per group for the intervals */
#define SERIES_MAX_POINTS	4096	/* resize and HTAB-read points */

struct series {
	unsigned int run;
	char bench[RUNDIR_MAX_NAME + 1], req[RUNDIR_MAX_NAME + 1], mode[9];
	unsigned int thread;
	int order, smt;
	struct hvb_hist hist;		/* the repetitions' samples merged ... */
	struct hvb_summary sum;		/* ... and their percentiles (series_finish) */
	unsigned int nrep;		/* repetitions seen (p50[] holds the first SERIES_MAX_REPS) */
	double p50[SERIES_MAX_REPS];
	double host_p50_sum;		/* the collector's handler p50, ticks, summed over ... */
	unsigned int host_n;		/* ... the repetitions that had one */
	const char *host_mode;
	uint64_t calls, pteg_full;	/* h_enter_fill: H_PTEG_FULL answers among the calls */
	uint64_t fill_entries, fill_valid, fill_full;	/* its 'filled' htab.json snapshot */
	unsigned int nfill;
	/* a ceding thread: wake latency p50/p99 summed over the repetitions that had one */
	double wake_p50_sum, wake_p99_sum;
	unsigned int wake_n;
	uint64_t early_wakes, early_cedes;	/* early wakes among the cedes of records that count them */
};

/* what the report says about each run: provenance, copied out of meta.json */
struct run_info {
	const char *path;
	char label[40];			/* [A-Za-z0-9_.-], unique on the report */
	char host[RUNDIR_MAX_NAME + 1], pvr[RUNDIR_MAX_NAME + 1], cpu[RUNDIR_MAX_NAME + 1];
	char release[RUNDIR_MAX_NAME + 1], qemu[RUNDIR_MAX_NAME + 1];
	int icount;
	uint64_t tb_hz;
	long long mem_mib;		/* guest RAM, -1 unknown */
	int matrix, partial;
	char seed[24];
	size_t cells, cells_read;
	int have_meta;
	int calib;			/* the collectors' probe effect, measured first by hvbench run */
	char calib_mode[9];
	long long calib_without, calib_with;
};

struct hpt_point {
	unsigned int run;
	int order;			/* resize: the target order; read: the table's */
	int from;			/* resize: the order before */
	double ms;
	int64_t entries;		/* valid entries (resize: before it), -1: not counted */
	int kind;			/* HPT_PT_* */
};
enum { HPT_PT_COMMIT, HPT_PT_PREPARE, HPT_PT_READ, NR_HPT_PT };

/* cede statistics summed over a run's cells of one mode and SMT width (> 1) */
#define SERIES_MAX_NAPS		64
struct nap_group {
	unsigned int run;
	char mode[9];
	int smt;
	unsigned int cells;
	struct cede_info c;
};

struct series_set {
	struct run_info runs[SERIES_MAX_RUNS];
	unsigned int nruns;
	struct series *s;
	size_t n, cap;
	struct hpt_point *pts;
	size_t npts;
	struct nap_group naps[SERIES_MAX_NAPS];
	size_t nnaps;
	uint64_t left_out;		/* records past SERIES_MAX groups: in summary.txt, not charted */
};

/* a run's label from its path, made unique among those before it */
void series_run_label(struct series_set *ss, unsigned int run);
/* one cell's records into the set: 0, or an exit code after a message */
int series_add(struct series_set *ss, unsigned int run, const struct report_cell *cell,
	       const struct report *rep);
void series_free(struct series_set *ss);
/*
 * Does this group load the HPT (an H_ENTER bench that fills it, whose
 * H_PTEG_FULL rate and full PTEGs mean something against the order)?  Not
 * h_resize or htab_read, which snapshot a filled table for other reasons.
 */
int series_fills(const struct series *s);
/*
 * Once every cell is in: each group's percentiles, and the groups sorted by
 * run, bench, thread, SMT, order, then rm, vm, user (the order tables and
 * charts show)
 */
void series_finish(struct series_set *ss);
int series_mode_rank(const char *mode);

/* the mean of a group's repetitions' p50 and its 95 % interval (t); lo = hi with one */
void series_p50_ci(const struct series *s, double *mean, double *lo, double *hi);
/* QEMU's HPT order for a guest's RAM (1/128 of it, spapr_hpt_shift_for_ramsize), PAPR's 1/64 */
int series_qemu_order(long long mem_mib);
int series_papr_order(long long mem_mib);

#endif
