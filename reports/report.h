/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_REPORT_H
#define HVB_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <jansson.h>
#include "hist_stats.h"
#include "rundir.h"
#include "hvbench/results.h"

/* exit codes: what is wrong with the input vs what went wrong here */
#define EXIT_BAD_INPUT	2
#define EXIT_FAILED	1

#define REPORT_MAX_SNAPS	64	/* htab.json snapshots read (hvbench writes at most 40) */
#define REPORT_MAX_RESIZES	64	/* meta.json run.hpt_resize entries read (hvbench writes at most 16) */

/* meta.json: a missing field is shown as missing, a wrong one is an error */
struct meta_info {
	const char *host, *pvr, *cpu, *release;	/* NULL: missing */
	uint64_t tb_hz;				/* 0: missing */
	int hpt_order;				/* -1: missing */
	const char *mode;			/* run.mode (rm, vm, user); NULL: missing (rm before 2026-12) */
	int vcpus;				/* run.vcpus: the SMT width; -1: missing */
	long long iterations;			/* run.iterations (-n); -1: missing */
	long long guest_mem_mib;		/* run.guest_mem_mib; -1: missing */
	const char *qemu;			/* emulator.qemu: the emulated host's QEMU; NULL: hardware or missing */
	int icount;				/* emulator.icount: guest time counts instructions */
	const char *date;			/* when the run started, ISO 8601 UTC; NULL: missing */
	/* run.calibration: the collectors' probe effect on null_rm, measured first */
	int calib;				/* 0: none */
	const char *calib_mode;
	long long calib_without, calib_with;	/* p50, timebase ticks */
};

/* one results.json record, checked */
struct record {
	char name[RUNDIR_MAX_NAME + 1];		/* as the run directory spells it */
	char req[RUNDIR_MAX_NAME + 1];
	char status[RUNDIR_MAX_NAME + 1];
	char file[RUNDIR_MAX_NAME + 96];	/* sanitised, unique: FILE.png, FILE.csv (a matrix cell's: CELL-FILE) */
	unsigned int thread;
	uint64_t pteg_full;			/* rc.pteg_full: H_PTEG_FULL answers (h_enter_fill), 0 if none */
	struct hvb_hist hist;
	struct hvb_summary s;
	/* a ceding thread's (h_cede, h_cede_busy, h_prod's): 0 count if none */
	struct hvb_summary wake;		/* wake_latency: decrementer expiry to its handler */
	int has_early;
	uint64_t early_wakes;			/* cedes that returned before the decrementer */
	size_t nraw;				/* results.json raw (--raw K): the first samples, in order */
	uint64_t raw[HVB_RAW_MAX];
};

/* one "hcalls" entry of a collector, checked (req points into j) */
struct col_hcall {
	const char *req;
	int rm;			/* real mode, else virtual mode */
	int ticks;		/* p50 in timebase ticks (real mode, kmod's batches), else ns */
	long long vcpu;		/* -1: any */
	long long count, p50;
	long long half_drains, half_ticks;	/* kmod's half-ring drains in its samples (collect v3) */
};

struct collector {
	json_t *j;		/* collect_bpf.json or collect_perf.json, or NULL */
	const char *file;
	struct col_hcall *hc;	/* its "hcalls", checked once */
	size_t nhc;
};

/* one htab.json snapshot: the guest's HPT as the VMM read it */
struct htab_snap {
	char bench[RUNDIR_MAX_NAME + 1];
	char phase[8];				/* boot, after, filled */
	uint64_t entries, valid, full_ptegs;	/* full: PTEGs holding 8 valid entries */
	uint64_t read_ns;			/* the VMM's full read pass */
};

/* one meta.json run.hpt_resize entry */
struct resize_rec {
	int from, to;
	uint64_t prepare_ns, commit_ns, prepares;
	int64_t entries, preserved;		/* valid entries before / after, -1: not counted */
	int ok;					/* "error" empty */
	char error[RUNDIR_MAX_NAME + 1];
};

/* the BPF collector's cede statistics (collect_bpf.json "cede"), SMT > 1 */
#define REPORT_NAP_THREADS	9	/* naps by threads napping at once: 0..8 */
#define REPORT_WAKE_REASONS	16	/* (SRR1 & 0x3c0000) >> 18 */
struct cede_info {
	int have;
	uint64_t naps, to_host;
	uint64_t by_napping[REPORT_NAP_THREADS];
	uint64_t wake[REPORT_WAKE_REASONS];
};

/* a run directory read, checked and summarised (nothing written yet) */
struct report {
	json_t *meta, *res;
	struct meta_info m;
	struct record *recs;
	size_t nrec;
	struct collector col;
	struct htab_snap snaps[REPORT_MAX_SNAPS];
	size_t nsnap;
	struct resize_rec resizes[REPORT_MAX_RESIZES];
	size_t nresize;
	struct cede_info cede;
	char *text;		/* summary.txt */
	size_t tlen;
};

/* 0, or the exit code (EXIT_*) after a one-line message on stderr */
int report_read(const char *rundir, struct report *rep);
void report_free(struct report *rep);
/* 0 if DIR/results.json exists (a cell that failed early has none), else -errno */
int report_has_results(const char *dir);
/*
 * The host handler's p50 for a record from the run's collector, in
 * timebase ticks (1 found, 0 none); mode gets "rm" or "vm".
 */
int report_host_p50(const struct report *rep, const struct record *r, double *p50_ticks,
		    const char **mode);

/* a cell of a run as report and compare see it: where it sits in the matrix */
struct report_cell {
	const char *run;		/* the run directory */
	const struct rundir_cell *c;	/* its index entry */
	const char *dir;		/* the cell's directory */
	const char *mode;		/* rm, vm, user */
	int order, smt;
	unsigned int rep;
	int matrix;
};
/*
 * Every cell of a run (either layout) that left results (a cell the
 * watchdog stopped may have), read with
 * report_read() and handed to fn, which returns 0 or an exit code.  A
 * single-boot run of before 2026-12 may lack run.mode or run.vcpus: those
 * hvbench versions ran rm unless kmod's --mode vm (which wrote the mode),
 * on one vcpu unless --smt (which wrote vcpus); the cell says so.
 */
typedef int (*report_cell_fn)(void *arg, const struct report_cell *cell, struct report *rep);
int report_walk(const char *run, const struct rundir_index *ix, report_cell_fn fn, void *arg);

/* the statistic compare and trend judge (--metric), one value per record */
enum report_metric { M_P50, M_P90, M_P99, M_MEAN, NR_METRICS };
extern const char *const report_metric_names[NR_METRICS];
/* --metric NAME: its index, or -1 */
int report_metric_parse(const char *name);
double report_metric_value(const struct hvb_summary *s, unsigned int metric);

/* s for XML and HTML text and attributes: & < > " ' escaped, non-printable bytes as '?' */
void report_xml_escape(FILE *f, const char *s);

void report_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* snprintf for paths: a path too long is an error (after a message), not a truncation */
int report_pathf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
