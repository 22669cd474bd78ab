// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench compare BASE CAND: per cell (bench, thread, mode, HPT order, SMT)
 * the ratio of a latency statistic, candidate over base, and a verdict.
 *
 * The unit of variance is the repetition, not the sample: with 10^4
 * samples a cell, any per-sample test calls every run-to-run wobble
 * significant (8 alternated emulated runs of one configuration differed by
 * -12 % .. +77 %).  So each repetition contributes one value (its p50, say)
 * and the confidence interval of the ratio comes from a bootstrap over
 * repetitions (resampled on each side, ratio of means, 2000 rounds, a
 * fixed seed: the same inputs give the same interval).  With a single
 * repetition a side, compare says it cannot separate a change from noise
 * and judges on the threshold alone.
 *
 * Both run directories are untrusted: read through rundir_index_read() and
 * report_read(), which check everything.
 */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "plan.h"
#include "report.h"

#define CMP_MAX_KEYS	4096
#define CMP_MAX_REPS	1000
#define CMP_BOOTSTRAP	2000
#define EXIT_OWN	3	/* compare's own failure: 1 means regressed */

enum { FMT_TABLE, FMT_MARKDOWN, FMT_JSON, FMT_JUNIT };

static struct {
	const char *dir[2];
	int ndirs;
	unsigned int metric;
	double threshold;	/* relative, e.g. 0.05 */
	double floor;		/* ticks */
	unsigned int format;
} cenv = { .metric = M_P50, .threshold = 0.05, .floor = 2 };

/* one cell of the matrix on one side: its repetitions' statistics */
struct side {
	unsigned int n;
	double v[NR_METRICS][CMP_MAX_REPS];
	long long iterations;
};

struct key {
	char bench[RUNDIR_MAX_NAME + 1];
	unsigned int thread;
	char mode[9];
	int order, smt;
	struct side s[2];
	/* the verdict */
	double base, cand, ratio, lo, hi;
	const char *verdict;
	int nondeterministic;	/* exact: a side's repetitions differ */
};

static struct key *keys;
static size_t nkeys;

/* what the two sides' hosts were, for the warnings */
struct host {
	char release[128], pvr[24], host[24];
	unsigned long long tb_hz;
	int have;
	unsigned int cells, icount_cells;	/* cells read, cells run under -icount */
};
static int exact;	/* both sides entirely under -icount: compared in ticks, exactly */
static struct host hosts[2];

static const char cdoc[] =
"Compare two run directories cell by cell (bench, thread, mode, HPT order,\n"
"SMT): the candidate's latency over the base's, with a confidence interval\n"
"from a bootstrap over repetitions, and a verdict.  Exit 1 if any cell\n"
"regressed, 0 otherwise, 2 on bad input.\n"
"\n"
"EXAMPLES:\n"
"    hvbench compare runs/base runs/patched\n"
"    hvbench compare --threshold 2 --format junit runs/base runs/cand > compare.xml\n"
"    hvbench compare --metric p99 --format markdown runs/base runs/cand\n";

static const struct argp_option copts[] = {
	{ "metric", 'm', "p50|p90|p99|mean", 0, "The statistic judged (default p50); all four are shown", 0 },
	{ "threshold", 't', "PCT", 0, "Smallest relative change called a regression or an improvement, percent (default 5)", 0 },
	{ "noise-floor", 'F', "TICKS", 0, "Smallest absolute change in timebase ticks that counts (default 2: the timebase's resolution)", 0 },
	{ "format", 'f', "table|markdown|json|junit", 0, "Output format (default table)", 0 },
	{},
};

static error_t cparse(int key, char *arg, struct argp_state *state)
{
	unsigned long long v;
	int m;

	switch (key) {
	case 'm':
		m = report_metric_parse(arg);
		if (m < 0)
			argp_failure(state, 2, 0, "invalid --metric '%.16s': p50, p90, p99 or mean", arg);
		cenv.metric = (unsigned int)m;
		return 0;
	case 't':
		if (hvb_parse_decimal(arg, 0, 1000, &v))
			argp_failure(state, 2, 0, "invalid --threshold '%.16s': a whole percentage, 0..1000", arg);
		cenv.threshold = (double)v / 100;
		return 0;
	case 'F':
		if (hvb_parse_decimal(arg, 0, 1ULL << 40, &v))
			argp_failure(state, 2, 0, "invalid --noise-floor '%.16s': timebase ticks, a decimal integer", arg);
		cenv.floor = (double)v;
		return 0;
	case 'f':
		cenv.format = !strcmp(arg, "table") ? FMT_TABLE : !strcmp(arg, "markdown") ? FMT_MARKDOWN :
			      !strcmp(arg, "json") ? FMT_JSON : !strcmp(arg, "junit") ? FMT_JUNIT : 99;
		if (cenv.format == 99)
			argp_failure(state, 2, 0, "invalid --format '%.16s': table, markdown, json or junit", arg);
		return 0;
	case ARGP_KEY_ARG:
		if (cenv.ndirs == 2)
			argp_failure(state, 2, 0, "compare takes two run directories, BASE and CAND");
		cenv.dir[cenv.ndirs++] = arg;
		return 0;
	case ARGP_KEY_END:
		if (cenv.ndirs != 2)
			argp_failure(state, 2, 0, "compare needs two run directories: BASE CAND");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static size_t keys_cap;

static struct key *key_get(const char *bench, unsigned int thread, const char *mode, int order, int smt)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		if (keys[i].thread == thread && keys[i].order == order && keys[i].smt == smt &&
		    !strcmp(keys[i].bench, bench) && !strcmp(keys[i].mode, mode))
			return &keys[i];
	if (nkeys == CMP_MAX_KEYS)
		return NULL;
	if (nkeys == keys_cap) {
		size_t cap = keys_cap ? keys_cap * 2 : 16;
		struct key *k = realloc(keys, cap * sizeof(*keys));

		if (!k)
			return NULL;
		keys = k;
		keys_cap = cap;
	}
	memset(&keys[nkeys], 0, sizeof(keys[nkeys]));
	snprintf(keys[nkeys].bench, sizeof(keys[nkeys].bench), "%s", bench);
	snprintf(keys[nkeys].mode, sizeof(keys[nkeys].mode), "%s", mode);
	keys[nkeys].thread = thread;
	keys[nkeys].order = order;
	keys[nkeys].smt = smt;
	return &keys[nkeys++];
}

static void host_note(struct host *h, const struct meta_info *m)
{
	h->cells++;
	h->icount_cells += !!m->icount;
	if (h->have)
		return;
	h->have = 1;
	snprintf(h->release, sizeof(h->release), "%s", m->release ? m->release : "missing");
	snprintf(h->pvr, sizeof(h->pvr), "%s", m->pvr ? m->pvr : "missing");
	snprintf(h->host, sizeof(h->host), "%s", m->host ? m->host : "missing");
	h->tb_hz = m->tb_hz;
}

/* one cell of one side: its records into keys[].s[side] */
static int load_cell(void *arg, const struct report_cell *cell, struct report *rep)
{
	int side = *(int *)arg;
	unsigned int m;
	size_t r;

	if (strcmp(cell->c->status, "ok") && strcmp(cell->c->status, "failed"))
		return 0;	/* what a stopped cell left is no measurement to judge */
	host_note(&hosts[side], &rep->m);
	for (r = 0; r < rep->nrec; r++) {
		const struct record *rec = &rep->recs[r];
		struct key *k;
		struct side *s;

		if (!rec->s.count || strcmp(rec->status, "ok"))
			continue;	/* a failed bench is not a latency */
		k = key_get(rec->name, rec->thread, cell->mode, cell->order, cell->smt);
		if (!k) {
			fprintf(stderr, "hvbench: error: %s: more than %d distinct cells, or out of memory\n",
				cell->run, CMP_MAX_KEYS);
			return nkeys == CMP_MAX_KEYS ? 2 : EXIT_OWN;
		}
		s = &k->s[side];
		if (s->n && s->iterations != rep->m.iterations) {
			fprintf(stderr, "hvbench: error: %s: %s (thread %u, %s, order %d, SMT %d) ran with -n %lld and -n %lld in one run directory\n",
				cell->run, k->bench, k->thread, k->mode, k->order, k->smt, s->iterations,
				rep->m.iterations);
			return 2;
		}
		if (s->n == CMP_MAX_REPS)
			continue;
		s->iterations = rep->m.iterations;
		for (m = 0; m < NR_METRICS; m++)
			s->v[m][s->n] = report_metric_value(&rec->s, m);
		s->n++;
	}
	return 0;
}

/* every cell of one side with results into keys[].s[side]; 0 or an exit code */
static int load_side(int side)
{
	struct rundir_index ix;
	char err[512];
	int rc;

	if (rundir_index_read(cenv.dir[side], &ix, err, sizeof(err))) {
		fprintf(stderr, "hvbench: error: %s\n", err);
		rundir_index_free(&ix);
		return 2;
	}
	rc = report_walk(cenv.dir[side], &ix, load_cell, &side);
	/* report's own failure (1) must not read as "regressed" */
	if (rc == EXIT_FAILED)
		rc = EXIT_OWN;
	rundir_index_free(&ix);
	return rc;
}

static double mean_of(const double *v, unsigned int n)
{
	double sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += v[i];
	return n ? sum / n : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the ratio of means, cand over base, and its 95 % bootstrap interval over repetitions */
static void bootstrap(const struct side *b, const struct side *c, unsigned int m, double *lo, double *hi)
{
	static double ratios[CMP_BOOTSTRAP];
	uint64_t rng = 0x68766265;	/* fixed: the same inputs give the same interval */
	unsigned int i, j;

	for (i = 0; i < CMP_BOOTSTRAP; i++) {
		double sb = 0, sc = 0;

		for (j = 0; j < b->n; j++)
			sb += b->v[m][hvb_rand_next(&rng) % b->n];
		for (j = 0; j < c->n; j++)
			sc += c->v[m][hvb_rand_next(&rng) % c->n];
		ratios[i] = sb > 0 ? (sc / c->n) / (sb / b->n) : 1;
	}
	qsort(ratios, CMP_BOOTSTRAP, sizeof(ratios[0]), cmp_double);
	*lo = ratios[CMP_BOOTSTRAP * 25 / 1000];
	*hi = ratios[CMP_BOOTSTRAP * 975 / 1000 - 1];
}

static double spread(const struct side *s, unsigned int m)
{
	double lo = s->v[m][0], hi = s->v[m][0];
	unsigned int i;

	for (i = 1; i < s->n; i++) {
		lo = s->v[m][i] < lo ? s->v[m][i] : lo;
		hi = s->v[m][i] > hi ? s->v[m][i] : hi;
	}
	return hi - lo;
}

static void judge(struct key *k)
{
	const struct side *b = &k->s[0], *c = &k->s[1];
	unsigned int m = cenv.metric;
	int big;

	k->base = mean_of(b->v[m], b->n);
	k->cand = mean_of(c->v[m], c->n);
	k->ratio = k->base > 0 ? k->cand / k->base : 1;
	big = fabs(k->cand - k->base) > cenv.floor;
	if (exact)
		k->nondeterministic = spread(b, m) > cenv.floor || spread(c, m) > cenv.floor;
	if (exact && !k->nondeterministic) {
		/*
		 * -icount: guest time counts instructions, reruns repeat; the
		 * difference in ticks is one in instructions, judged against the
		 * noise floor (the timebase's resolution) alone, not a percentage.
		 * Repetitions that differ are not that: judged as noise below.
		 */
		k->lo = k->hi = k->ratio;
		k->verdict = big && k->cand > k->base ? "regressed" : big ? "improved" : "unchanged";
		return;
	}
	if (b->n >= 2 && c->n >= 2) {
		bootstrap(b, c, m, &k->lo, &k->hi);
		k->verdict = big && k->lo > 1 + cenv.threshold ? "regressed" :
			     big && k->hi < 1 - cenv.threshold ? "improved" : "unchanged";
	} else {
		/* one repetition: no interval, the threshold alone */
		k->lo = k->hi = k->ratio;
		k->verdict = big && k->ratio > 1 + cenv.threshold ? "regressed" :
			     big && k->ratio < 1 - cenv.threshold ? "improved" : "unchanged";
	}
}

static void key_label(const struct key *k, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%.0u %s hpt%d smt%d", k->bench, k->thread ? "/t" : "",
		 k->thread, k->mode, k->order, k->smt);
}

static int print_results(FILE *f, size_t *order, size_t n, unsigned int counts[3], int one_rep,
			 const char *const *warn, unsigned int nwarn)
{
	const char *mn = report_metric_names[cenv.metric];
	char label[256];
	size_t i;

	if (cenv.format == FMT_JSON) {
		json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:f, s:f, s:i, s:i, s:i}",
				      "format", "hvbench-compare", "version", 1, "base", cenv.dir[0],
				      "cand", cenv.dir[1], "metric", mn,
				      "threshold_pct", cenv.threshold * 100, "noise_floor_ticks", cenv.floor,
				      "regressed", counts[0], "improved", counts[1], "unchanged", counts[2]);
		json_t *cells = json_array(), *w = json_array();
		char *s;

		for (i = 0; i < n; i++) {
			const struct key *k = &keys[order[i]];

			json_array_append_new(cells, json_pack("{s:s, s:i, s:s, s:i, s:i, s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:s}",
				"bench", k->bench, "thread", (int)k->thread, "mode", k->mode,
				"hpt_order", k->order, "smt", k->smt, "base", k->base, "cand", k->cand,
				"ratio", k->ratio, "ci_low", k->lo, "ci_high", k->hi,
				"base_reps", (int)k->s[0].n, "cand_reps", (int)k->s[1].n,
				"verdict", k->verdict));
			if (exact)
				json_object_set_new(json_array_get(cells, json_array_size(cells) - 1),
						    "delta_ticks", json_real(k->cand - k->base));
		}
		for (i = 0; i < nwarn; i++)
			json_array_append_new(w, json_string(warn[i]));
		if (json_array_size(cells) != n || !j) {
			/* a name jansson refuses (not UTF-8): nothing half-written */
			fprintf(stderr, "hvbench: error: the comparison cannot be written as JSON (a run directory name or cell that is not UTF-8?)\n");
			json_decref(j);
			json_decref(cells);
			json_decref(w);
			return -EINVAL;
		}
		json_object_set_new(j, "exact", json_boolean(exact));
		json_object_set_new(j, "cells", cells);
		json_object_set_new(j, "warnings", w);
		s = json_dumps(j, JSON_INDENT(1));
		if (s)
			fprintf(f, "%s\n", s);
		free(s);
		json_decref(j);
		return s ? 0 : -ENOMEM;
	}
	if (cenv.format == FMT_JUNIT) {
		fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"hvbench compare\" tests=\"%zu\" failures=\"%u\">\n",
			n, counts[0]);
		for (i = 0; i < n; i++) {
			const struct key *k = &keys[order[i]];

			key_label(k, label, sizeof(label));
			fprintf(f, "  <testcase classname=\"hvbench.compare\" name=\"");
			report_xml_escape(f, label);
			fprintf(f, "\">");
			if (!strcmp(k->verdict, "regressed")) {
				fprintf(f, "<failure message=\"%s %.0f -&gt; %.0f ticks (x%.3f, 95%% CI %.3f..%.3f)\"/>",
					mn, k->base, k->cand, k->ratio, k->lo, k->hi);
			}
			fprintf(f, "</testcase>\n");
		}
		fprintf(f, "</testsuite>\n");
		return 0;
	}
	if (cenv.format == FMT_MARKDOWN)
		fprintf(f, "| cell | base %s | cand %s | ratio | 95 %% CI | reps | verdict |\n| --- | --- | --- | --- | --- | --- | --- |\n",
			mn, mn);
	else
		fprintf(f, "%-40s %12s %12s %8s %17s %7s  %s\n", "cell", "base", "cand", "ratio",
			"95% CI", "reps", "verdict");
	for (i = 0; i < n; i++) {
		const struct key *k = &keys[order[i]];

		key_label(k, label, sizeof(label));
		if (cenv.format == FMT_MARKDOWN)
			fprintf(f, "| %s | %.0f | %.0f | %.3f | %.3f..%.3f | %u/%u | %s |\n", label, k->base,
				k->cand, k->ratio, k->lo, k->hi, k->s[0].n, k->s[1].n, k->verdict);
		else
			fprintf(f, "%-40s %12.0f %12.0f %8.3f %8.3f..%-7.3f %3u/%-3u  %s\n", label, k->base,
				k->cand, k->ratio, k->lo, k->hi, k->s[0].n, k->s[1].n, k->verdict);
	}
	fprintf(f, "%s%u regressed, %u improved, %u unchanged (%s in timebase ticks, threshold %.0f %%, noise floor %.0f ticks)\n",
		cenv.format == FMT_MARKDOWN ? "\n" : "", counts[0], counts[1], counts[2], mn,
		cenv.threshold * 100, cenv.floor);
	if (exact) {
		fprintf(f, "exact: both sides ran under -icount (guest time counts instructions): judged on the difference in ticks against the noise floor, no percentage threshold; a tick is %.2f instructions at 1 ns each\n",
			hosts[0].tb_hz ? 1e9 / (double)hosts[0].tb_hz : 0);
		for (i = 0; i < n; i++) {
			const struct key *k = &keys[order[i]];

			key_label(k, label, sizeof(label));
			if (k->cand != k->base)
				fprintf(f, "  %s: %+.1f ticks%s\n", label, k->cand - k->base,
					k->nondeterministic ? " (nondeterministic: its repetitions differ by more than the noise floor; judged as noisy runs)" : "");
		}
	} else if (one_rep)
		fprintf(f, "note: cells with a single repetition on a side cannot separate a change from run-to-run noise: judged on the threshold alone (run with --reps 3 or more)\n");
	for (i = 0; i < nwarn; i++)
		fprintf(f, "warning: %s\n", warn[i]);
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	static const struct argp argp = { copts, cparse, "BASE CAND", cdoc, NULL, NULL, NULL };
	unsigned int counts[3] = { 0 }, nwarn = 0;
	char warnbuf[4][400];
	const char *warn[4];
	size_t *order = NULL, n = 0, i;
	int rc, one_rep = 0;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	order = calloc(CMP_MAX_KEYS, sizeof(*order));
	if (!order) {
		fprintf(stderr, "hvbench: error: out of memory\n");
		rc = EXIT_OWN;
		goto cleanup;
	}
	rc = load_side(0);
	if (!rc)
		rc = load_side(1);
	if (rc)
		goto cleanup;
	exact = hosts[0].cells && hosts[0].icount_cells == hosts[0].cells &&
		hosts[1].cells && hosts[1].icount_cells == hosts[1].cells;
	for (i = 0; i < nkeys; i++) {
		struct key *k = &keys[i];

		if (!k->s[0].n || !k->s[1].n)
			continue;
		if (k->s[0].iterations != k->s[1].iterations) {
			fprintf(stderr, "hvbench: error: %s (thread %u, %s, order %d, SMT %d) ran with -n %lld in the base and -n %lld in the candidate: not the same bench\n",
				k->bench, k->thread, k->mode, k->order, k->smt, k->s[0].iterations,
				k->s[1].iterations);
			rc = 2;
			goto cleanup;
		}
		judge(k);
		counts[!strcmp(k->verdict, "regressed") ? 0 : !strcmp(k->verdict, "improved") ? 1 : 2]++;
		one_rep |= k->s[0].n < 2 || k->s[1].n < 2;
		order[n++] = i;
	}
	if (!n) {
		fprintf(stderr, "hvbench: error: %s and %s have no cell in common (bench, thread, mode, HPT order, SMT)\n",
			cenv.dir[0], cenv.dir[1]);
		rc = 2;
		goto cleanup;
	}
#define WARN_DIFF(field, what) \
	if (strcmp(hosts[0].field, hosts[1].field) && nwarn < 4) { \
		snprintf(warnbuf[nwarn], sizeof(warnbuf[0]), "%s differs: %s (base) vs %s (candidate)", \
			 what, hosts[0].field, hosts[1].field); \
		warn[nwarn] = warnbuf[nwarn]; \
		nwarn++; \
	}
	WARN_DIFF(release, "kernel release");
	WARN_DIFF(pvr, "processor (PVR)");
	WARN_DIFF(host, "emulated or hardware");
#undef WARN_DIFF
	if (!exact && (hosts[0].icount_cells || hosts[1].icount_cells) && nwarn < 4) {
		snprintf(warnbuf[nwarn], sizeof(warnbuf[0]), "-icount differs: %u of %u base cells, %u of %u candidate cells ran under -icount: instruction-count ticks and real-time ticks are not comparable",
			 hosts[0].icount_cells, hosts[0].cells, hosts[1].icount_cells, hosts[1].cells);
		warn[nwarn] = warnbuf[nwarn];
		nwarn++;
	}
	if (hosts[0].tb_hz != hosts[1].tb_hz && nwarn < 4) {
		snprintf(warnbuf[nwarn], sizeof(warnbuf[0]), "timebase differs: %llu Hz vs %llu Hz: ticks are not comparable",
			 hosts[0].tb_hz, hosts[1].tb_hz);
		warn[nwarn] = warnbuf[nwarn];
		nwarn++;
	}
	if (print_results(stdout, order, n, counts, one_rep, warn, nwarn)) {
		rc = 2;
		goto cleanup;
	}
	rc = counts[0] ? 1 : 0;
cleanup:
	free(keys);
	free(order);
	return rc;
}
