/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_RUNDIR_H
#define HVB_RUNDIR_H

#include <stddef.h>
#include <jansson.h>

/*
 * A run directory is built under a temporary name beside its final one and
 * renamed into place only when complete: a reader never sees half a run.
 */
/*
 * What a run directory may claim.  Run directories come from CI artifacts
 * and other people's machines: a reader refuses more than this, with a
 * message, instead of spending gigabytes or hours on it.
 */
#define RUNDIR_MAX_JSON_BYTES	(16u << 20)	/* results.json, collect_*.json */
#define RUNDIR_MAX_META_BYTES	(1u << 20)	/* meta.json */
#define RUNDIR_MAX_RECORDS	512		/* records in results.json */
#define RUNDIR_MAX_NAME		64		/* bench and hcall names, bytes */
#define RUNDIR_HPT_ORDER_MIN	18		/* KVM_PPC_ALLOCATE_HTAB: 256 KiB ... */
#define RUNDIR_HPT_ORDER_MAX	46		/* ... 64 TiB */
#define RUNDIR_MAX_SMT		8		/* threads of a POWER8 vcore */
#define RUNDIR_MAX_CELLS	20000		/* cells of a matrix run (run.json: ~270 bytes each) */
#define RUNDIR_MAX_REPORT_RECORDS 65536	/* records over all cells that report reads */

/*
 * A matrix run: run.json ("format": "hvbench-run") indexes cells/DIR/, each
 * a single-boot run directory (meta.json, results.json, console.log...).
 */
#define HVB_RUN_INDEX_VERSION	1

struct rundir {
	char final[4096];
	char tmp[4096];
	int nfiles;	/* written so far */
};

int rundir_begin(struct rundir *rd, const char *path);
int rundir_write(struct rundir *rd, const char *name, const void *buf, size_t len);
int rundir_write_json(struct rundir *rd, const char *name, json_t *j);
int rundir_commit(struct rundir *rd);
void rundir_abort(struct rundir *rd);
int write_file_atomic(const char *path, const void *buf, size_t len);
int write_file_atomic_at(int dirfd, const char *name, const void *buf, size_t len);
/*
 * DIR/NAME parsed as JSON: a regular file (no FIFO, device or symlink) of
 * at most max bytes.  NULL with err = file and what is wrong, and errno
 * ENOENT when the file does not exist (optional files).
 */
json_t *rundir_read_json(const char *dir, const char *name, size_t max, char *err, size_t errlen);


/*
 * The one reader of both layouts: a matrix run's cells from run.json, or a
 * single-boot run directory as one cell whose dir is ".".  Everything is
 * checked as untrusted input; 0, or -errno with err naming file and field.
 */
struct rundir_cell {
	char dir[80];		/* relative to the run directory: "." or "cells/NAME" */
	int have_dir;		/* a cell that never started may have none */
	unsigned int seq, rep;
	int hpt_order, smt;	/* -1: not in the index (single-boot: see meta.json) */
	char benches[512];
	char mode[9];
	char status[16];	/* not_run, ok, failed, watchdog */
	char error[256];
	double seconds;
};

struct rundir_index {
	int matrix;		/* run.json present */
	char seed[24];		/* plan.seed, checked: decimal digits, or "missing" */
	int version, partial;
	struct rundir_cell *cells;
	size_t n;
	json_t *j;		/* run.json, or NULL */
};

int rundir_index_read(const char *run, struct rundir_index *ix, char *err, size_t errlen);
/* the modes a run directory may name, in enum hvb_mode order (plan.h) */
#define RUNDIR_NR_MODES		3
extern const char *const rundir_mode_names[RUNDIR_NR_MODES];
/* 1 if mode is one of them */
int rundir_mode_valid(const char *mode);
/* run.json's cell status values, in enum hvb_cell_status order (plan.h) */
extern const char *const rundir_cell_status[4];
void rundir_index_free(struct rundir_index *ix);

#endif
