// SPDX-License-Identifier: GPL-2.0
/*
 * The run matrix (plan.h): dimensions parsed from the command line or a run
 * file, benches packed into guest boots, cells in a seeded interleaved order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"
#include "results.h"


int hvb_parse_decimal(const char *arg, unsigned long long min, unsigned long long max,
		      unsigned long long *val)
{
	char *end;

	*val = 0;
	if (!(*arg >= '0' && *arg <= '9'))
		return -EINVAL;
	errno = 0;
	*val = strtoull(arg, &end, 10);
	if (errno || *end || *val < min || *val > max)
		return -EINVAL;
	return 0;
}

void hvb_plan_defaults(struct hvb_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->benches[p->nr_benches++] = HVB_BENCH_H_ENTER;
	p->modes[p->nr_modes++] = HVB_MODE_RM;
	p->orders[p->nr_orders++] = 24;
	p->smts[p->nr_smts++] = 1;
	p->reps = 0;	/* the run resolves it: HVB_PLAN_DEFAULT_REPS or _EMULATED */
	p->iterations = HVB_PLAN_DEFAULT_ITERATIONS;
}

int hvb_plan_listed(const struct hvb_plan *p, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < p->nr_benches; i++)
		if (p->benches[i] == id)
			return 1;
	return 0;
}

static void list_benches(char *buf, size_t len)
{
	uint32_t id;
	size_t n = 0;

	buf[0] = 0;
	for (id = 1; id <= hvb_bench_max_id() && n < len; id++)
		if (hvb_bench_name(id))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
					      hvb_bench_name(id));
}

/* "h_enter,h_remove", or "all": every bench of the table marked HVB_BF_ALL */
int hvb_plan_parse_benches(struct hvb_plan *p, const char *arg, char *err, size_t errlen)
{
	char names[1024], *buf, *tok, *save = NULL;
	int ret = -EINVAL;
	uint32_t id;

	p->nr_benches = 0;
	p->all = !strcmp(arg, "all");
	if (p->all) {
		for (id = 1; id <= hvb_bench_max_id(); id++)
			if (hvb_bench_name(id) && (hvb_bench_info[id].flags & HVB_BF_ALL))
				p->benches[p->nr_benches++] = id;
		return 0;
	}
	buf = strdup(arg);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		id = hvb_bench_id(tok);
		if (!id) {
			list_benches(names, sizeof(names));
			snprintf(err, errlen, "unknown bench '%.64s': benches are %s, or all", tok, names);
			goto out;
		}
		if (hvb_plan_listed(p, id)) {
			snprintf(err, errlen, "bench %s is listed twice in --bench", tok);
			goto out;
		}
		p->benches[p->nr_benches++] = id;
	}
	if (!p->nr_benches) {
		snprintf(err, errlen, "--bench needs at least one bench name");
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/*
 * A comma-separated list of decimal values or LO..HI ranges, each in
 * min..max, none twice: --hpt-order 18..26 or 18,20,24, --smt 1,2,4.
 */
static int parse_list(const char *what, const char *arg, unsigned int min, unsigned int max,
		      uint32_t *vals, uint32_t *nr, uint32_t cap, char *err, size_t errlen)
{
	char *buf, *tok, *save = NULL, *dots;
	unsigned long long lo, hi, v;
	uint32_t i;
	int ret = -EINVAL;

	*nr = 0;
	buf = strdup(arg);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		dots = strstr(tok, "..");
		if (dots)
			*dots = 0;
		if (hvb_parse_decimal(tok, min, max, &lo) ||
		    hvb_parse_decimal(dots ? dots + 2 : tok, min, max, &hi) || hi < lo) {
			if (dots)
				*dots = '.';
			snprintf(err, errlen, "invalid %s '%.64s': must be a decimal integer in %u..%u, or a LO..HI range; comma-separated",
				 what, tok, min, max);
			goto out;
		}
		for (v = lo; v <= hi; v++) {
			for (i = 0; i < *nr; i++)
				if (vals[i] == v)
					break;
			if (i < *nr) {
				snprintf(err, errlen, "%s %llu is listed twice", what, v);
				goto out;
			}
			if (*nr == cap) {
				snprintf(err, errlen, "too many %s values (at most %u)", what, cap);
				goto out;
			}
			vals[(*nr)++] = (uint32_t)v;
		}
	}
	if (!*nr) {
		snprintf(err, errlen, "%s needs at least one value", what);
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

int hvb_plan_parse_orders(struct hvb_plan *p, const char *arg, char *err, size_t errlen)
{
	return parse_list("--hpt-order", arg, HVB_HPT_ORDER_MIN, HVB_HPT_ORDER_MAX, p->orders,
			  &p->nr_orders, sizeof(p->orders) / sizeof(p->orders[0]), err, errlen);
}

int hvb_plan_parse_smts(struct hvb_plan *p, const char *arg, char *err, size_t errlen)
{
	return parse_list("--smt", arg, 1, HVB_MAX_THREADS, p->smts, &p->nr_smts,
			  HVB_MAX_THREADS, err, errlen);
}

int hvb_plan_parse_modes(struct hvb_plan *p, const char *arg, char *err, size_t errlen)
{
	char *buf, *tok, *save = NULL;
	uint32_t m, i;
	int ret = -EINVAL;

	p->nr_modes = 0;
	buf = strdup(arg);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (m = 0; m < HVB_NR_MODES; m++)
			if (!strcmp(tok, hvb_mode_names[m]))
				break;
		if (m == HVB_NR_MODES) {
			snprintf(err, errlen, "invalid --mode '%.32s': rm (real mode), vm (virtual mode) or user (the VMM), comma-separated",
				 tok);
			goto out;
		}
		for (i = 0; i < p->nr_modes; i++)
			if (p->modes[i] == m) {
				snprintf(err, errlen, "mode %s is listed twice in --mode", tok);
				goto out;
			}
		p->modes[p->nr_modes++] = m;
	}
	if (!p->nr_modes) {
		snprintf(err, errlen, "--mode needs at least one of rm, vm, user");
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

uint64_t hvb_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t bench_records(uint32_t id, uint32_t smt)
{
	uint32_t r = hvb_bench_info[id].records;

	return r == HVB_RECS_PER_THREAD ? smt : r;
}

uint32_t hvb_group_records(const struct hvb_group *g, uint32_t smt)
{
	uint32_t i, n = 0;

	for (i = 0; i < g->nr; i++)
		n += bench_records(g->bench[i], smt);
	return n;
}

const char *hvb_group_names(const struct hvb_group *g, char *buf, size_t len)
{
	size_t n = 0;
	uint32_t i;

	buf[0] = 0;
	for (i = 0; i < g->nr && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? "," : "",
				      hvb_bench_name(g->bench[i]));
	return buf;
}

static void left_out(struct hvb_plan *p, const char *what)
{
	size_t n = strlen(p->left_out);

	if (strstr(p->left_out, what))
		return;
	snprintf(p->left_out + n, sizeof(p->left_out) - n, "%s%s", n ? "," : "", what);
}

/*
 * First fit in the order asked for: a boot holds at most HVB_MAX_BENCHES
 * benches and HVB_MAX_RECORDS records.  Benches that need more threads
 * than smt, or (user mode) whose hcall the VMM does not answer, are left
 * out of those cells and named.
 */
static void pack_groups(struct hvb_plan *p, uint32_t kind, uint32_t smt)
{
	struct hvb_group *gs = p->groups[kind][smt - 1];
	uint32_t *nr = &p->nr_groups[kind][smt - 1];
	char what[64];
	uint32_t i, g;

	*nr = 0;
	for (i = 0; i < p->nr_benches; i++) {
		uint32_t id = p->benches[i], recs = bench_records(id, smt);

		if (hvb_bench_info[id].min_threads > smt) {
			snprintf(what, sizeof(what), "%s@smt%u", hvb_bench_name(id), smt);
			left_out(p, what);
			continue;
		}
		if (kind == HVB_KIND_USER && !(hvb_bench_info[id].flags & HVB_BF_USER)) {
			snprintf(what, sizeof(what), "%s@user", hvb_bench_name(id));
			left_out(p, what);
			continue;
		}
		if (kind == HVB_KIND_USER && smt > 1 && (hvb_bench_info[id].flags & HVB_BF_USER_SMT1)) {
			snprintf(what, sizeof(what), "%s@user-smt%u", hvb_bench_name(id), smt);
			left_out(p, what);
			continue;
		}
		for (g = 0; g < *nr; g++)
			if (gs[g].nr < HVB_MAX_BENCHES &&
			    hvb_group_records(&gs[g], smt) + recs <= HVB_MAX_RECORDS &&
			    !(hvb_bench_info[id].flags & HVB_BF_ALONE) &&
			    !(hvb_bench_info[gs[g].bench[0]].flags & HVB_BF_ALONE))
				break;
		if (g == *nr)
			gs[(*nr)++].nr = 0;
		gs[g].bench[gs[g].nr++] = id;
	}
}

static int kind_asked(const struct hvb_plan *p, uint32_t kind)
{
	uint32_t m;

	for (m = 0; m < p->nr_modes; m++)
		if (hvb_mode_kind(p->modes[m]) == kind)
			return 1;
	return 0;
}

/* a bench named on the command line that no cell would run is an error */
static int check_listed(const struct hvb_plan *p, char *err, size_t errlen)
{
	uint32_t i, k, s, g, b, seen;

	if (p->all)
		return 0;
	for (i = 0; i < p->nr_benches; i++) {
		uint32_t id = p->benches[i];

		seen = 0;
		for (k = 0; k < HVB_NR_KINDS; k++)
			for (s = 0; s < p->nr_smts; s++)
				for (g = 0; g < p->nr_groups[k][p->smts[s] - 1]; g++)
					for (b = 0; b < p->groups[k][p->smts[s] - 1][g].nr; b++)
						seen += p->groups[k][p->smts[s] - 1][g].bench[b] == id;
		if (seen)
			continue;
		if (hvb_bench_info[id].min_threads > 1) {
			for (s = 0; s < p->nr_smts; s++)
				if (hvb_bench_info[id].min_threads <= p->smts[s])
					break;
			if (s == p->nr_smts) {
				snprintf(err, errlen, "bench %s needs sibling threads: add --smt %u (or up to %d)",
					 hvb_bench_name(id), hvb_bench_info[id].min_threads, HVB_MAX_THREADS);
				return -EINVAL;
			}
		}
		snprintf(err, errlen, "bench %s has no user-mode handler in hvbench (user mode answers %s); add --mode rm or vm",
			 hvb_bench_name(id), HVB_USER_BENCHES);
		return -EINVAL;
	}
	return 0;
}

int hvb_plan_build(struct hvb_plan *p, char *err, size_t errlen)
{
	uint32_t s, g, m, o, r, i, k, per_rep = 0;
	uint64_t total, rng = p->seed;
	struct hvb_cell *c;

	hvb_plan_free(p);
	p->left_out[0] = 0;
	memset(p->nr_groups, 0, sizeof(p->nr_groups));
	for (k = 0; k < HVB_NR_KINDS; k++)
		if (kind_asked(p, k))
			for (s = 0; s < p->nr_smts; s++)
				pack_groups(p, k, p->smts[s]);
	if (check_listed(p, err, errlen))
		return -EINVAL;
	for (m = 0; m < p->nr_modes; m++)
		for (s = 0; s < p->nr_smts; s++)
			per_rep += p->nr_groups[hvb_mode_kind(p->modes[m])][p->smts[s] - 1];
	total = (uint64_t)per_rep * p->nr_orders * p->reps;
	if (!total || total > HVB_PLAN_MAX_CELLS) {
		snprintf(err, errlen, "the matrix has %llu cells; at most %d (fewer --reps, orders or SMT widths)",
			 (unsigned long long)total, HVB_PLAN_MAX_CELLS);
		return -EINVAL;
	}
	p->cells = calloc(total, sizeof(*p->cells));
	if (!p->cells) {
		snprintf(err, errlen, "out of memory for %llu cells", (unsigned long long)total);
		return -ENOMEM;
	}
	p->nr_cells = (uint32_t)total;
	per_rep = (uint32_t)(total / p->reps);
	c = p->cells;
	for (r = 0; r < p->reps; r++) {
		struct hvb_cell *first = c;

		for (s = 0; s < p->nr_smts; s++)
			for (m = 0; m < p->nr_modes; m++)
				for (g = 0; g < p->nr_groups[hvb_mode_kind(p->modes[m])][p->smts[s] - 1]; g++)
					for (o = 0; o < p->nr_orders; o++, c++) {
						c->group = g;
						c->mode = p->modes[m];
						c->hpt_order = p->orders[o];
						c->smt = p->smts[s];
						c->rep = r;
					}
		/* Fisher-Yates over this repetition */
		for (i = per_rep - 1; i > 0; i--) {
			struct hvb_cell t;

			k = (uint32_t)(hvb_rand_next(&rng) % (i + 1));
			t = first[i];
			first[i] = first[k];
			first[k] = t;
		}
	}
	for (i = 0; i < p->nr_cells; i++) {
		c = &p->cells[i];
		c->seq = i;
		snprintf(c->dir, sizeof(c->dir), "%03u-%s-h%u-s%u-r%u-g%u", i,
			 hvb_mode_names[c->mode], c->hpt_order, c->smt, c->rep, c->group);
	}
	return 0;
}

void hvb_plan_free(struct hvb_plan *p)
{
	free(p->cells);
	p->cells = NULL;
	p->nr_cells = 0;
}

const struct hvb_group *hvb_cell_group(const struct hvb_plan *p, const struct hvb_cell *c)
{
	return &p->groups[hvb_mode_kind(c->mode)][c->smt - 1][c->group];
}

double hvb_cell_estimate(const struct hvb_plan *p, const struct hvb_cell *c)
{
	const struct hvb_group *g = hvb_cell_group(p, c);
	double us = 0;
	uint32_t i;

	for (i = 0; i < g->nr; i++) {
		double per = hvb_bench_info[g->bench[i]].cost_us;

		if (c->smt > 1 && hvb_bench_info[g->bench[i]].req)
			per += c->mode == HVB_MODE_RM ? HVB_SMT_RM_CALL_US : HVB_SMT_EXIT_CALL_US;
		us += (double)p->iterations * per;
	}
	return HVB_CELL_FIXED_SECONDS + us / 1e6;
}

void hvb_plan_print(const struct hvb_plan *p, FILE *f)
{
	static const char *const kinds[HVB_NR_KINDS] = { "", " (user mode)" };
	char names[HVB_MAX_BENCHES * 32];
	double total = 0, est;
	uint32_t i, s, g, k, nb = 0;

	for (k = 0; k < HVB_NR_KINDS; k++)
		for (s = 0; s < p->nr_smts; s++)
			nb += p->nr_groups[k][p->smts[s] - 1];
	fprintf(f, "plan: %u cell(s): %u kind(s) of guest boot x %u HPT order(s) x %u rep(s), modes %u; -n %llu; seed %llu\n",
		p->nr_cells, nb, p->nr_orders, p->reps, p->nr_modes,
		(unsigned long long)p->iterations, (unsigned long long)p->seed);
	for (k = 0; k < HVB_NR_KINDS; k++)
		for (s = 0; s < p->nr_smts; s++)
			for (g = 0; g < p->nr_groups[k][p->smts[s] - 1]; g++) {
				const struct hvb_group *gr = &p->groups[k][p->smts[s] - 1][g];

				fprintf(f, "  smt %u boot g%u%s: %s (%u records)\n", p->smts[s], g, kinds[k],
					hvb_group_names(gr, names, sizeof(names)),
					hvb_group_records(gr, p->smts[s]));
			}
	if (p->left_out[0])
		fprintf(f, "  left out: %s (@smtN: needs more threads; @user: no user-mode handler; @user-smtN: user mode at SMT 1 only)\n",
			p->left_out);
	fprintf(f, "  %-5s %-5s %-4s %-5s %-3s %-9s %s\n", "seq", "mode", "hpt", "smt", "rep", "est(s)",
		"benches");
	for (i = 0; i < p->nr_cells; i++) {
		const struct hvb_cell *c = &p->cells[i];

		est = hvb_cell_estimate(p, c);
		total += est;
		fprintf(f, "  %-5u %-5s %-4u %-5u %-3u %-9.1f %s\n", c->seq, hvb_mode_names[c->mode],
			c->hpt_order, c->smt, c->rep, est,
			hvb_group_names(hvb_cell_group(p, c), names, sizeof(names)));
	}
	fprintf(f, "estimate: %.0f s on the emulated POWER8 host (%.1f s a boot + -n x the bench table's cost per call, more at SMT > 1); POWER8 hardware runs faster\n",
		total, HVB_CELL_FIXED_SECONDS);
}

static json_t *u32_array(const uint32_t *v, uint32_t n)
{
	json_t *a = json_array();
	uint32_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

json_t *hvb_plan_json(const struct hvb_plan *p)
{
	json_t *j = json_object(), *b = json_array(), *m = json_array();
	uint32_t i;

	for (i = 0; i < p->nr_benches; i++)
		json_array_append_new(b, json_string(hvb_bench_name(p->benches[i])));
	for (i = 0; i < p->nr_modes; i++)
		json_array_append_new(m, json_string(hvb_mode_names[p->modes[i]]));
	json_object_set_new(j, "benches", b);
	json_object_set_new(j, "modes", m);
	json_object_set_new(j, "hpt_orders", u32_array(p->orders, p->nr_orders));
	json_object_set_new(j, "smt", u32_array(p->smts, p->nr_smts));
	json_object_set_new(j, "reps", json_integer(p->reps));
	json_object_set_new(j, "iterations", json_integer((json_int_t)p->iterations));
	/* a string: JSON readers lose 64-bit integers above 2^53 */
	json_object_set_new(j, "seed", json_sprintf("%llu", (unsigned long long)p->seed));
	if (p->left_out[0])
		json_object_set_new(j, "left_out", json_string(p->left_out));
	return j;
}

json_t *hvb_cell_json(const struct hvb_plan *p, const struct hvb_cell *c)
{
	char names[HVB_MAX_BENCHES * 32];
	json_error_t je;
	json_t *j;


	j = json_pack_ex(&je, 0, "{s:i, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:f}",
		      "seq", (int)c->seq, "dir", c->dir,
		      "benches", hvb_group_names(hvb_cell_group(p, c), names, sizeof(names)),
		      "mode", hvb_mode_names[c->mode], "hpt_order", (int)c->hpt_order,
		      "smt", (int)c->smt, "rep", (int)c->rep,
		      "status", hvb_cell_status_names[c->status], "seconds", c->seconds);
	if (!j)
		fprintf(stderr, "hvbench: cell %u: %s\n", c->seq, je.text);
	/* where a cell's time went: milliseconds, integers */
	if (j && c->status != HVB_CELL_NOT_RUN)
		json_object_set_new(j, "stages_ms", json_pack("{s:I, s:I, s:I, s:I}",
			"setup", (json_int_t)(c->stage_ns[0] / 1000000),
			"run", (json_int_t)(c->stage_ns[1] / 1000000),
			"write", (json_int_t)(c->stage_ns[2] / 1000000),
			"teardown", (json_int_t)(c->stage_ns[3] / 1000000)));
	if (j && c->error[0])
		json_object_set_new(j, "error", json_string(c->error));
	return j;
}
