/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_PLAN_H
#define HVB_PLAN_H

/*
 * The run matrix: benches x modes x HPT orders x SMT widths x repetitions.
 * Benches are packed into guest boots ("groups") as the results block
 * allows; a cell is one guest boot: a group in one mode, HPT order and SMT
 * width, once.  Cells run interleaved and shuffled: every cell once in a
 * seeded random order, then every cell again in another, and so on, so a
 * slow drift of the host spreads over all cells instead of biasing the last.
 * Pure logic: builds and prints on any machine (hvbench run --dry-run).
 */
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "hvbench/results.h"
#include "rundir.h"

#define HVB_HPT_ORDER_MIN	RUNDIR_HPT_ORDER_MIN
#define HVB_HPT_ORDER_MAX	RUNDIR_HPT_ORDER_MAX
#define HVB_PLAN_MAX_REPS	1000
/*
 * hvbench run's defaults.  Repetitions: on hardware enough for compare to
 * find a 5 % change in >= 95 % of pairs and call an unchanged one changed
 * in <= 1 % (tests/unit/test_verdict.c); on the emulated host one, since
 * no sensible number of repetitions beats TCG's run-to-run noise (-icount
 * is the instrument there).  0 in a plan: not given, resolved by the run.
 */
#define HVB_PLAN_DEFAULT_REPS		16
#define HVB_PLAN_DEFAULT_REPS_EMULATED	1
#define HVB_PLAN_DEFAULT_ITERATIONS	10000
#define HVB_PLAN_MAX_CELLS	RUNDIR_MAX_CELLS	/* what a reader accepts */
#define HVB_PLAN_MAX_GROUPS	HVB_NR_BENCH_IDS

enum hvb_mode { HVB_MODE_RM, HVB_MODE_VM, HVB_MODE_USER, HVB_NR_MODES };
/* the mode names are the run directory's: one table, rundir.c's */
#define hvb_mode_names rundir_mode_names

/* which benches a guest boot of the mode can hold */
enum hvb_kind { HVB_KIND_KERNEL, HVB_KIND_USER, HVB_NR_KINDS };
static inline uint32_t hvb_mode_kind(uint32_t mode)
{
	return mode == HVB_MODE_USER ? HVB_KIND_USER : HVB_KIND_KERNEL;
}

/* the benches of one guest boot */
struct hvb_group {
	uint32_t bench[HVB_MAX_BENCHES];
	uint32_t nr;
};

enum hvb_cell_status {
	HVB_CELL_NOT_RUN,	/* not reached (interrupted run) */
	HVB_CELL_OK,
	HVB_CELL_FAILED,	/* the guest or a bench failed: see error */
	HVB_CELL_WATCHDOG,	/* stopped by --timeout */
};
#define hvb_cell_status_names rundir_cell_status

struct hvb_cell {
	uint32_t seq;		/* position in the run order, from 0 */
	uint32_t group;		/* index into plan->groups[kind][smt - 1] */
	uint32_t mode;		/* enum hvb_mode */
	uint32_t hpt_order;
	uint32_t smt;
	uint32_t rep;		/* from 0 */
	/* filled in as the run goes */
	uint32_t status;	/* enum hvb_cell_status */
	double seconds;
	uint64_t stage_ns[4];	/* set-up (or reset), guest run, writing, teardown */
	char error[256];
	char dir[64];		/* under cells/ */
};

struct hvb_plan {
	/* the dimensions, as asked for */
	uint32_t benches[HVB_NR_BENCH_IDS];
	uint32_t nr_benches;
	int all;		/* -b all: benches no SMT width can run are left out, not refused */
	uint32_t modes[HVB_NR_MODES];
	uint32_t nr_modes;
	uint32_t orders[HVB_HPT_ORDER_MAX - HVB_HPT_ORDER_MIN + 1];
	uint32_t nr_orders;
	uint32_t smts[HVB_MAX_THREADS];
	uint32_t nr_smts;
	uint32_t reps;
	uint64_t iterations;
	uint64_t seed;
	/*
	 * derived by hvb_plan_build(): groups per kind (the kernel's modes rm
	 * and vm, or user mode, which runs only the benches whose hcalls the
	 * VMM answers) and SMT width; cells in run order
	 */
	struct hvb_group groups[HVB_NR_KINDS][HVB_MAX_THREADS][HVB_PLAN_MAX_GROUPS];
	uint32_t nr_groups[HVB_NR_KINDS][HVB_MAX_THREADS];
	struct hvb_cell *cells;
	uint32_t nr_cells;
	char left_out[512];	/* bench@smtN (needs more threads), bench@user (no user handler) */
};

/* parsers of one dimension's value; 0 or -EINVAL with err set */
int hvb_plan_parse_benches(struct hvb_plan *p, const char *arg, char *err, size_t errlen);
int hvb_plan_parse_modes(struct hvb_plan *p, const char *arg, char *err, size_t errlen);
int hvb_plan_parse_orders(struct hvb_plan *p, const char *arg, char *err, size_t errlen);
int hvb_plan_parse_smts(struct hvb_plan *p, const char *arg, char *err, size_t errlen);
/* a decimal integer in min..max, nothing else (no sign, space, 0x) */
int hvb_parse_decimal(const char *arg, unsigned long long min, unsigned long long max,
		      unsigned long long *val);

void hvb_plan_defaults(struct hvb_plan *p);
int hvb_plan_listed(const struct hvb_plan *p, uint32_t id);
/* groups and cells; 0 or -EINVAL/-ENOMEM with err set */
int hvb_plan_build(struct hvb_plan *p, char *err, size_t errlen);
void hvb_plan_free(struct hvb_plan *p);
const struct hvb_group *hvb_cell_group(const struct hvb_plan *p, const struct hvb_cell *c);
/* the group's benches, comma-separated, into buf */
const char *hvb_group_names(const struct hvb_group *g, char *buf, size_t len);
/* records the group writes at smt threads */
uint32_t hvb_group_records(const struct hvb_group *g, uint32_t smt);
/* estimated seconds of a cell on the emulated host: boot + iterations x cost */
double hvb_cell_estimate(const struct hvb_plan *p, const struct hvb_cell *c);
/*
 * The emulated host (QEMU TCG on a 2-core x86), measured in make check's
 * matrix (2026-12-02): a cell at SMT 1 takes 0.1-0.5 s besides its calls;
 * at SMT > 1 every timed call that leaves the guest costs about 5 ms in
 * real mode and 50 ms in virtual or user mode (the whole vcore goes out).
 */
#define HVB_CELL_FIXED_SECONDS	0.3
#define HVB_SMT_RM_CALL_US	5000
#define HVB_SMT_EXIT_CALL_US	50000

void hvb_plan_print(const struct hvb_plan *p, FILE *f);
json_t *hvb_plan_json(const struct hvb_plan *p);
json_t *hvb_cell_json(const struct hvb_plan *p, const struct hvb_cell *c);

/* splitmix64: the same sequence on every machine, so --seed replays */
uint64_t hvb_rand_next(uint64_t *state);

#endif
