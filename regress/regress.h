/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvbench regress: a base and a candidate kernel, each booted twice as the
 * emulated POWER8 host under -icount, the fast-path benches run in each
 * boot (regress.c), and the verdict on the four run directories (judge.c).
 */
#ifndef HVB_REGRESS_H
#define HVB_REGRESS_H

#include <stdio.h>

/* the boots judged: two of each kernel */
enum { RG_BASE1, RG_BASE2, RG_CAND1, RG_CAND2, RG_NR_RUNS };

/* output formats, as compare's */
enum { RG_FMT_TABLE, RG_FMT_MARKDOWN, RG_FMT_JSON, RG_FMT_JUNIT };

/* exit codes */
#define RG_EXIT_OK		0	/* no hcall got longer than the threshold */
#define RG_EXIT_REGRESSED	1	/* one did (or a bench failed in the candidate) */
#define RG_EXIT_BAD_INPUT	2
#define RG_EXIT_NO_VERDICT	3	/* boots of one kernel disagree, or regress failed itself */

/*
 * The default bench set: the fast paths of issue 15, in rm and vm mode
 * (vm only where kmod's switch is there).  --bench overrides it.
 */
#define RG_DEFAULT_BENCHES "null_rm,null_vm,h_enter,h_remove,h_read,h_protect,h_bulk_remove," \
	"h_clear_ref,h_clear_mod,h_put_tce,h_get_tce,h_stuff_tce,h_cede,h_confer,mmio"
/* samples a bench keeps, every one of them (--raw): the verdict reads them all */
#define RG_DEFAULT_N		1024
/*
 * A sample more than this many instructions above its row's mode was hit
 * by an interrupt (the host's decrementer, an IPI): reported apart, never
 * judged.  The smallest such hit measured on the emulated host is ~600.
 */
#define RG_OUTLIER_INSNS	64

struct regress_opts {
	const char *runs[RG_NR_RUNS];	/* run directories */
	const char *label[2];		/* how base and candidate are named */
	const char *kernel[2];		/* the kernels booted (regress/kernel.sh's directories), or NULL */
	double threshold;		/* instructions: a longer path beyond this regressed */
	int format;
	FILE *out;
};

/*
 * Judge four run directories; prints the verdict in o->format on o->out
 * and returns an RG_EXIT_* code (bad input: one line on stderr, 2).
 */
int regress_judge(const struct regress_opts *o);

#endif
