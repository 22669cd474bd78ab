/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_REPORT_H
#define HVB_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "hist_stats.h"
#include "rundir.h"

/* exit codes: what is wrong with the input vs what went wrong here */
#define EXIT_BAD_INPUT	2
#define EXIT_FAILED	1

/* meta.json: a missing field is shown as missing, a wrong one is an error */
struct meta_info {
	const char *host, *pvr, *release;	/* NULL: missing */
	uint64_t tb_hz;				/* 0: missing */
	int hpt_order;				/* -1: missing */
	const char *mode;			/* run.mode (rm, vm, user); NULL: missing (rm before 2026-12) */
	int vcpus;				/* run.vcpus: the SMT width; -1: missing */
	long long iterations;			/* run.iterations (-n); -1: missing */
};

/* one results.json record, checked */
struct record {
	char name[RUNDIR_MAX_NAME + 1];		/* as the run directory spells it */
	char req[RUNDIR_MAX_NAME + 1];
	char status[RUNDIR_MAX_NAME + 1];
	char file[RUNDIR_MAX_NAME + 96];	/* sanitised, unique: FILE.png, FILE.dat (a matrix cell's: CELL-FILE) */
	unsigned int thread;
	struct hvb_hist hist;
	struct hvb_summary s;
};

struct collector {
	json_t *j;		/* collect_bpf.json or collect_perf.json, or NULL */
	const char *file;
};

/* a run directory read, checked and summarised (nothing written yet) */
struct report {
	json_t *meta, *res;
	struct meta_info m;
	struct record *recs;
	size_t nrec;
	struct collector col;
	char *text;		/* summary.txt */
	size_t tlen;
};

/* 0, or the exit code (EXIT_*) after a one-line message on stderr */
int report_read(const char *rundir, struct report *rep);
void report_free(struct report *rep);
/* 0 if DIR/results.json exists (a cell that failed early has none), else -errno */
int report_has_results(const char *dir);

#endif
