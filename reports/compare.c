// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench compare BASE CAND: per cell (bench, thread, mode, HPT order, SMT)
 * the ratio of a latency statistic, candidate over base, and a verdict.
 *
 * The verdict of a cell (reports/verdict.c): Welch's t over its
 * repetitions' values, the threshold alone with a single repetition a side,
 * the difference in ticks when both sides ran under -icount.
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
#include "verdict.h"

#define CMP_MAX_KEYS	4096
#define CMP_MAX_REPS	1000
#define EXIT_OWN	3	/* compare's own failure: 1 means regressed */
#define NWARN		8	/* warnings about the two sides' environments */

enum { FMT_TABLE, FMT_MARKDOWN, FMT_JSON, FMT_JUNIT };

static struct {
	const char *dir[2];
	int ndirs;
	unsigned int metric;
	struct verdict_opts vo;
	unsigned int format;
} cenv = { .metric = M_P50, .vo = { VERDICT_THRESHOLD_PCT / 100.0, VERDICT_FLOOR_TICKS, VERDICT_CONFIDENCE, 0 } };

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
	struct verdict v;
};

static struct key *keys;
static size_t nkeys;

/* what the two sides' hosts were, for the warnings */
struct host {
	char release[128], pvr[24], host[24];
	char collectors[8];		/* the first cell's: bpf, perf or none */
	unsigned long long tb_hz;
	int have;
	unsigned int cells, icount_cells;	/* cells read, cells run under -icount */
};
static int exact;	/* both sides entirely under -icount: compared in ticks, exactly */
static struct host hosts[2];

static const char cdoc[] =
"Compare two run directories cell by cell (bench, thread, mode, HPT order,\n"
"SMT): the candidate's latency over the base's, with a confidence interval\n"
"from Welch's t over repetitions, and a verdict.  Exit 1 if any cell\n"
"regressed, 0 otherwise, 2 on bad input.\n"
"\n"
"EXAMPLES:\n"
"    hvbench compare runs/base runs/patched\n"
"    hvbench compare --threshold 2 --format junit runs/base runs/cand > compare.xml\n"
"    hvbench compare --metric p99 --format markdown runs/base runs/cand\n";

static const struct argp_option copts[] = {
	{ "metric", 'm', "p50|p90|p99|mean", 0, "The statistic judged (default p50); all four are shown", 0 },
	{ "threshold", 't', "PCT", 0, "Smallest relative change called a regression or an improvement, percent (default 2; the change must also be significant at 99.5 %)", 0 },
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
		cenv.vo.threshold = (double)v / 100;
		return 0;
	case 'F':
		if (hvb_parse_decimal(arg, 0, 1ULL << 40, &v))
			argp_failure(state, 2, 0, "invalid --noise-floor '%.16s': timebase ticks, a decimal integer", arg);
		cenv.vo.floor = (double)v;
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

static void host_note(struct host *h, const struct report *rep)
{
	const struct meta_info *m = &rep->m;

	h->cells++;
	h->icount_cells += !!m->icount;
	if (h->have)
		return;
	h->have = 1;
	snprintf(h->collectors, sizeof(h->collectors), "%s",
		 !rep->col.j ? "none" : !strcmp(rep->col.file, "collect_bpf.json") ? "bpf" : "perf");
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
	host_note(&hosts[side], rep);
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
				      "threshold_pct", cenv.vo.threshold * 100, "noise_floor_ticks", cenv.vo.floor,
				      "regressed", counts[0], "improved", counts[1], "unchanged", counts[2]);
		json_t *cells = json_array(), *w = json_array();
		char *s;

		for (i = 0; i < n; i++) {
			const struct key *k = &keys[order[i]];

			json_array_append_new(cells, json_pack("{s:s, s:i, s:s, s:i, s:i, s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:s}",
				"bench", k->bench, "thread", (int)k->thread, "mode", k->mode,
				"hpt_order", k->order, "smt", k->smt, "base", k->v.base, "cand", k->v.cand,
				"ratio", k->v.ratio, "ci_low", k->v.lo, "ci_high", k->v.hi,
				"base_reps", (int)k->s[0].n, "cand_reps", (int)k->s[1].n,
				"verdict", verdict_name(k->v.kind)));
			if (json_array_size(cells) == i + 1) {
				json_t *jc = json_array_get(cells, i);

				/* how the verdict was reached (version 1 readers ignore it) */
				json_object_set_new(jc, "test", json_string(verdict_method_name(k->v.method)));
				json_object_set_new(jc, "untestable", json_boolean(k->v.untestable));
				if (exact)
					json_object_set_new(jc, "delta_ticks", json_real(k->v.cand - k->v.base));
			}
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
			if (k->v.kind == VERDICT_REGRESSED) {
				fprintf(f, "<failure message=\"%s %.0f -&gt; %.0f ticks (x%.3f, %.1f%% CI %.3f..%.3f)\"/>",
					mn, k->v.base, k->v.cand, k->v.ratio, cenv.vo.confidence * 100, k->v.lo, k->v.hi);
			}
			fprintf(f, "</testcase>\n");
		}
		fprintf(f, "</testsuite>\n");
		return 0;
	}
	if (cenv.format == FMT_MARKDOWN)
		fprintf(f, "| cell | base %s | cand %s | ratio | %.1f %% CI | reps | verdict |\n| --- | --- | --- | --- | --- | --- | --- |\n",
			mn, mn, cenv.vo.confidence * 100);
	else
		fprintf(f, "%-40s %12s %12s %8s %14.1f%% CI %7s  %s\n", "cell", "base", "cand", "ratio",
			cenv.vo.confidence * 100, "reps", "verdict");
	for (i = 0; i < n; i++) {
		const struct key *k = &keys[order[i]];

		key_label(k, label, sizeof(label));
		if (cenv.format == FMT_MARKDOWN)
			fprintf(f, "| %s | %.0f | %.0f | %.3f | %.3f..%.3f | %u/%u | %s |\n", label, k->v.base,
				k->v.cand, k->v.ratio, k->v.lo, k->v.hi, k->s[0].n, k->s[1].n, verdict_name(k->v.kind));
		else
			fprintf(f, "%-40s %12.0f %12.0f %8.3f %8.3f..%-7.3f %3u/%-3u  %s\n", label, k->v.base,
				k->v.cand, k->v.ratio, k->v.lo, k->v.hi, k->s[0].n, k->s[1].n, verdict_name(k->v.kind));
	}
	fprintf(f, "%s%u regressed, %u improved, %u unchanged (%s in timebase ticks, threshold %.0f %%, noise floor %.0f ticks)\n",
		cenv.format == FMT_MARKDOWN ? "\n" : "", counts[0], counts[1], counts[2], mn,
		cenv.vo.threshold * 100, cenv.vo.floor);
	if (exact) {
		fprintf(f, "exact: both sides ran under -icount (guest time counts instructions): judged on the difference in ticks against the noise floor, no percentage threshold; a tick is %.2f instructions at 1 ns each\n",
			hosts[0].tb_hz ? 1e9 / (double)hosts[0].tb_hz : 0);
		for (i = 0; i < n; i++) {
			const struct key *k = &keys[order[i]];

			key_label(k, label, sizeof(label));
			if (k->v.cand != k->v.base)
				fprintf(f, "  %s: %+.1f ticks%s\n", label, k->v.cand - k->v.base,
					k->v.nondeterministic ? " (nondeterministic: its repetitions differ by more than the noise floor; judged as noisy runs)" : "");
		}
	} else if (one_rep)
		fprintf(f, "note: cells with a single repetition on a side cannot separate a change from run-to-run noise: judged on the threshold alone (run with --reps %d or more)\n",
			VERDICT_MIN_REPS);
	for (i = 0; i < n; i++)
		if (keys[order[i]].v.untestable) {
			fprintf(f, "note: cells with 2..%d repetitions on a side cannot reach %.1f %% confidence: unchanged whatever the ratio (run with --reps %d or more; %d find a 5 %% change on hardware)\n",
				VERDICT_MIN_REPS - 1, cenv.vo.confidence * 100, VERDICT_MIN_REPS, HVB_PLAN_DEFAULT_REPS);
			break;
		}
	for (i = 0; i < nwarn; i++)
		fprintf(f, "warning: %s\n", warn[i]);
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	static const struct argp argp = { copts, cparse, "BASE CAND", cdoc, NULL, NULL, NULL };
	unsigned int counts[3] = { 0 }, nwarn = 0, only[2] = { 0 };
	char warnbuf[NWARN][600], only_label[2][200] = { "", "" };
	const char *warn[NWARN];
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
	cenv.vo.exact = exact;
	for (i = 0; i < nkeys; i++) {
		struct key *k = &keys[i];

		if (!k->s[0].n || !k->s[1].n) {
			/* a cell of one side only (another SMT width, order, mode, bench) */
			int side = !k->s[0].n;

			if (!only[side]++)
				key_label(k, only_label[side], sizeof(only_label[side]));
			continue;
		}
		if (k->s[0].iterations != k->s[1].iterations) {
			fprintf(stderr, "hvbench: error: %s (thread %u, %s, order %d, SMT %d) ran with -n %lld in the base and -n %lld in the candidate: not the same bench\n",
				k->bench, k->thread, k->mode, k->order, k->smt, k->s[0].iterations,
				k->s[1].iterations);
			rc = 2;
			goto cleanup;
		}
		verdict_judge(k->s[0].v[cenv.metric], k->s[0].n, k->s[1].v[cenv.metric], k->s[1].n,
			      &cenv.vo, &k->v);
		counts[k->v.kind == VERDICT_REGRESSED ? 0 : k->v.kind == VERDICT_IMPROVED ? 1 : 2]++;
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
	if (strcmp(hosts[0].field, hosts[1].field) && nwarn < NWARN) { \
		snprintf(warnbuf[nwarn], sizeof(warnbuf[0]), "%s differs: %s (base) vs %s (candidate)", \
			 what, hosts[0].field, hosts[1].field); \
		warn[nwarn] = warnbuf[nwarn]; \
		nwarn++; \
	}
	WARN_DIFF(release, "kernel release");
	WARN_DIFF(pvr, "processor (PVR)");
	WARN_DIFF(host, "emulated or hardware");
	WARN_DIFF(collectors, "the collector set (its probe effect is in the latencies)");
#undef WARN_DIFF
	if ((only[0] || only[1]) && nwarn < NWARN) {
		snprintf(warnbuf[nwarn], sizeof(warnbuf[0]), "cells not compared: %u only in the base%s%s%s, %u only in the candidate%s%s%s",
			 only[0], only[0] ? " (e.g. " : "", only_label[0], only[0] ? ")" : "",
			 only[1], only[1] ? " (e.g. " : "", only_label[1], only[1] ? ")" : "");
		warn[nwarn] = warnbuf[nwarn];
		nwarn++;
	}
	if (!exact && (hosts[0].icount_cells || hosts[1].icount_cells) && nwarn < NWARN) {
		snprintf(warnbuf[nwarn], sizeof(warnbuf[0]), "-icount differs: %u of %u base cells, %u of %u candidate cells ran under -icount: instruction-count ticks and real-time ticks are not comparable",
			 hosts[0].icount_cells, hosts[0].cells, hosts[1].icount_cells, hosts[1].cells);
		warn[nwarn] = warnbuf[nwarn];
		nwarn++;
	}
	if (hosts[0].tb_hz != hosts[1].tb_hz && nwarn < NWARN) {
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
