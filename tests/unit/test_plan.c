// SPDX-License-Identifier: GPL-2.0
/* The run matrix: parsing its dimensions, packing benches into boots, the seeded order */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"
#include "results.h"
#include "test.h"

static struct hvb_plan p;
static char err[1024];

static int build(const char *benches, const char *modes, const char *orders, const char *smts,
		 uint32_t reps, uint64_t seed)
{
	hvb_plan_free(&p);
	hvb_plan_defaults(&p);
	err[0] = 0;
	if ((benches && hvb_plan_parse_benches(&p, benches, err, sizeof(err))) ||
	    (modes && hvb_plan_parse_modes(&p, modes, err, sizeof(err))) ||
	    (orders && hvb_plan_parse_orders(&p, orders, err, sizeof(err))) ||
	    (smts && hvb_plan_parse_smts(&p, smts, err, sizeof(err))))
		return -EINVAL;
	p.reps = reps;
	p.seed = seed;
	return hvb_plan_build(&p, err, sizeof(err));
}

/* every bench of -b all is in exactly one boot per SMT width it can run at */
static void check_all(uint32_t smt)
{
	uint32_t id, g, i, seen, total = 0, nall = 0, bad = 0;
	char smts[8];

	snprintf(smts, sizeof(smts), "%u", smt);
	report(!build("all", NULL, NULL, smts, 1, 1), "-b all at smt %u builds (%s)", smt, err);
	for (id = 1; id <= hvb_bench_max_id(); id++) {
		if (!(hvb_bench_info[id].flags & HVB_BF_ALL))
			continue;
		nall++;
		seen = 0;
		for (g = 0; g < p.nr_groups[HVB_KIND_KERNEL][smt - 1]; g++)
			for (i = 0; i < p.groups[HVB_KIND_KERNEL][smt - 1][g].nr; i++)
				seen += p.groups[HVB_KIND_KERNEL][smt - 1][g].bench[i] == id;
		if (hvb_bench_info[id].min_threads > smt ? seen != 0 : seen != 1)
			bad++;
		total += seen;
	}
	for (g = 0; g < p.nr_groups[HVB_KIND_KERNEL][smt - 1]; g++)
		if (p.groups[HVB_KIND_KERNEL][smt - 1][g].nr > HVB_MAX_BENCHES ||
		    hvb_group_records(&p.groups[HVB_KIND_KERNEL][smt - 1][g], smt) > HVB_MAX_RECORDS)
			bad++;
	report(!bad && total >= nall - 2 && nall >= 22,
	       "-b all at smt %u: %u of %u benches, each once, in %u boots within %d benches / %d records",
	       smt, total, nall, p.nr_groups[HVB_KIND_KERNEL][smt - 1], HVB_MAX_BENCHES, HVB_MAX_RECORDS);
	report(p.nr_cells == p.nr_groups[HVB_KIND_KERNEL][smt - 1], "-b all at smt %u: one cell per boot (%u)", smt,
	       p.nr_cells);
}

static int same_cell(const struct hvb_cell *a, const struct hvb_cell *b)
{
	return a->group == b->group && a->mode == b->mode && a->hpt_order == b->hpt_order &&
	       a->smt == b->smt;
}

int main(void)
{
	uint32_t i, k, r, n;
	struct hvb_cell *saved;
	int ok;

	check_all(1);
	report(strstr(p.left_out, "h_prod@smt1") && strstr(p.left_out, "h_cede_busy@smt1"),
	       "-b all at smt 1 names what it leaves out (%s)", p.left_out);
	check_all(4);
	check_all(8);
	report(build("h_prod", NULL, NULL, "1", 1, 1) == -EINVAL && strstr(err, "--smt 2"),
	       "h_prod alone at smt 1 is refused and names --smt 2 (%s)", err);

	/* the dimensions */
	report(!build("h_enter,null_rm", "rm,vm", "18..20,24", "1,4", 3, 42) &&
	       p.nr_orders == 4 && p.orders[0] == 18 && p.orders[2] == 20 && p.orders[3] == 24,
	       "--hpt-order 18..20,24 is 18,19,20,24");
	report(p.nr_cells == 1 * 2 * 4 * 2 * 3, "2 benches (one boot) x 2 modes x 4 orders x 2 SMT x 3 reps = %u cells",
	       p.nr_cells);
	/* interleaved: each rep holds every cell once, reps in order */
	n = p.nr_cells / 3;
	ok = 1;
	for (r = 0; r < 3; r++)
		for (i = 0; i < n; i++) {
			const struct hvb_cell *c = &p.cells[r * n + i];

			if (c->rep != r || c->seq != r * n + i)
				ok = 0;
			for (k = 0; k < n; k++)
				if (k != i && same_cell(c, &p.cells[r * n + k]))
					ok = 0;
		}
	report(ok, "every repetition runs every cell once before the next repetition starts");
	/* randomised: two reps in different orders; the same seed, the same order */
	ok = 0;
	for (i = 0; i < n; i++)
		if (!same_cell(&p.cells[i], &p.cells[n + i]))
			ok = 1;
	report(ok, "repetitions run in different orders");
	saved = malloc(p.nr_cells * sizeof(*saved));
	memcpy(saved, p.cells, p.nr_cells * sizeof(*saved));
	build("h_enter,null_rm", "rm,vm", "18..20,24", "1,4", 3, 42);
	report(!memcmp(saved, p.cells, p.nr_cells * sizeof(*saved)), "--seed 42 twice: the same order");
	build("h_enter,null_rm", "rm,vm", "18..20,24", "1,4", 3, 43);
	report(memcmp(saved, p.cells, p.nr_cells * sizeof(*saved)), "another seed: another order");
	free(saved);
	/* the generator is fixed: these values are its definition (splitmix64) */
	{
		uint64_t st = 0;

		report(hvb_rand_next(&st) == 0xe220a8397b1dcdafULL, "splitmix64(0) first value");
	}

	/* bad input: one message naming what is wrong */
	report(build(NULL, NULL, "17", NULL, 1, 1) == -EINVAL && strstr(err, "18..46"),
	       "--hpt-order 17 refused, names 18..46 (%s)", err);
	report(build(NULL, NULL, "20..18", NULL, 1, 1) == -EINVAL, "--hpt-order 20..18 refused (%s)", err);
	report(build(NULL, NULL, "18,18", NULL, 1, 1) == -EINVAL && strstr(err, "twice"),
	       "--hpt-order 18,18 refused (%s)", err);
	report(build(NULL, NULL, "18..", NULL, 1, 1) == -EINVAL, "--hpt-order 18.. refused (%s)", err);
	report(build(NULL, NULL, "0x12", NULL, 1, 1) == -EINVAL, "--hpt-order 0x12 refused (%s)", err);
	report(build(NULL, NULL, NULL, "9", 1, 1) == -EINVAL && strstr(err, "1..8"),
	       "--smt 9 refused (%s)", err);
	report(build(NULL, "rm,xm", NULL, NULL, 1, 1) == -EINVAL && strstr(err, "'xm'"),
	       "--mode xm refused, named (%s)", err);
	report(build(NULL, "vm,vm", NULL, NULL, 1, 1) == -EINVAL, "--mode vm,vm refused (%s)", err);
	report(build(",", NULL, NULL, NULL, 1, 1) == -EINVAL, "--bench , refused (%s)", err);
	report(build("all", "rm,vm", "18..46", "1..8", 1000, 1) == -EINVAL && strstr(err, "cells"),
	       "a matrix over the cell limit refused (%s)", err);
	/* user mode: only the benches whose hcall the VMM answers, in boots of their own */
	report(!build("h_enter,h_cede,null_rm", "rm,user", NULL, NULL, 1, 1) &&
	       p.nr_groups[HVB_KIND_KERNEL][0] == 1 && p.groups[HVB_KIND_KERNEL][0][0].nr == 3 &&
	       p.nr_groups[HVB_KIND_USER][0] == 1 && p.groups[HVB_KIND_USER][0][0].nr == 2 &&
	       p.nr_cells == 2 && strstr(p.left_out, "h_cede@user"),
	       "rm,user: h_enter,h_cede,null_rm in rm; h_enter,null_rm in user; h_cede@user left out (%s)",
	       p.left_out);
	report(build("h_cede", "user", NULL, NULL, 1, 1) == -EINVAL && strstr(err, "user-mode handler"),
	       "h_cede in user mode only: refused (%s)", err);
	report(!build("all", "user", NULL, NULL, 1, 1) && p.nr_cells == 2,
	       "-b all --mode user: the 12 user-capable benches in %u boots", p.nr_cells);
	/* hcall_fuzz punts every hcall of its boot: a boot of its own */
	report(!build("h_enter,hcall_fuzz,null_rm", NULL, NULL, NULL, 1, 1) &&
	       p.nr_groups[HVB_KIND_KERNEL][0] == 2 && p.groups[HVB_KIND_KERNEL][0][0].nr == 2 &&
	       p.groups[HVB_KIND_KERNEL][0][1].nr == 1 &&
	       p.groups[HVB_KIND_KERNEL][0][1].bench[0] == HVB_BENCH_HCALL_FUZZ,
	       "h_enter,hcall_fuzz,null_rm: h_enter+null_rm in one boot, hcall_fuzz alone (%u boots)",
	       p.nr_groups[HVB_KIND_KERNEL][0]);
	/* user mode takes null_vm's H_PROD from the kernel: siblings need it to wake */
	report(!build("null_vm,null_rm", "user", NULL, "1,4", 1, 1) &&
	       p.groups[HVB_KIND_USER][0][0].nr == 2 && p.groups[HVB_KIND_USER][3][0].nr == 1 &&
	       strstr(p.left_out, "null_vm@user-smt4"),
	       "null_vm in user mode runs at SMT 1 only (%s)", p.left_out);
	hvb_plan_free(&p);
	return report_summary("plan");
}
