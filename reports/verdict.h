/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict on one cell of hvbench compare: a base's and a candidate's
 * repetitions (one value of one statistic each) -> regressed, improved or
 * unchanged.  Its own file so the statistics can be shown right by a unit
 * test (tests/unit/test_verdict.c) on synthetic pairs.
 */
#ifndef HVB_VERDICT_H
#define HVB_VERDICT_H

enum verdict_kind { VERDICT_UNCHANGED, VERDICT_REGRESSED, VERDICT_IMPROVED };

/* how the verdict was reached */
enum verdict_method {
	VERDICT_EXACT,		/* both sides deterministic (-icount): ticks against the floor */
	VERDICT_RANKS,		/* >= 2 repetitions a side: a rank test over per-repetition logs */
	VERDICT_THRESHOLD,	/* a side with one repetition: the threshold alone */
};

struct verdict_opts {
	double threshold;	/* relative, 0.02 = 2 %: smaller changes are "unchanged" */
	double floor;		/* ticks: smaller absolute changes are "unchanged" */
	double confidence;	/* two-sided, e.g. 0.99 */
	int exact;		/* both sides under -icount: judge exactly when reruns agree */
};

/* defaults of hvbench compare */
#define VERDICT_THRESHOLD_PCT	2
#define VERDICT_FLOOR_TICKS	2
#define VERDICT_CONFIDENCE	0.995

struct verdict {
	double base, cand;	/* means over repetitions */
	double ratio;		/* cand over base (Hodges-Lehmann when tested) */
	double lo, hi;		/* its confidence interval (= ratio when not tested) */
	enum verdict_kind kind;
	enum verdict_method method;
	int nondeterministic;	/* exact asked for, but a side's repetitions differ */
	int untestable;		/* too few repetitions to reach the confidence: unchanged */
};

void verdict_defaults(struct verdict_opts *o);
void verdict_judge(const double *b, unsigned int nb, const double *c, unsigned int nc,
		   const struct verdict_opts *o, struct verdict *v);
const char *verdict_name(enum verdict_kind k);
const char *verdict_method_name(enum verdict_method m);	/* exact, ranks, threshold */

/* the fewest repetitions a side with which the default confidence can be reached */
#define VERDICT_MIN_REPS	6

/* Mann-Whitney: the largest u with P(U <= u) <= tail for samples of m and n, or -1 */
long verdict_u_critical(unsigned int m, unsigned int n, double tail);

#endif
