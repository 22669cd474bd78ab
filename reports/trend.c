// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench trend RUN...: a CI history of run directories, oldest first (by
 * meta.json's date, or as given), and per cell (bench, thread, mode, HPT
 * order, SMT) the change points of its latency by E-divisive means
 * (edivisive.c): the first run after each change, its size and the runs
 * either side; a chart per cell with the changes marked; table, markdown
 * or JSON.  Exit 1 when the newest run lies after a regression (the last
 * change of some cell made it slower), 0 otherwise, 2 on bad input.
 *
 * A run's value for a cell is the mean over its repetitions of the chosen
 * statistic (p50 by default), as in hvbench compare.
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "charts.h"
#include "cmd.h"
#include "edivisive.h"
#include "plan.h"
#include "report.h"

#ifndef HVB_REPORTS_DIR
#define HVB_REPORTS_DIR "reports"
#endif

#define TREND_MAX_RUNS	EDIV_MAX_N
#define TREND_MAX_KEYS	4096
#define TREND_MAX_CHARTS 64
#define EXIT_OWN	3	/* trend's own failure: 1 means regressed */

enum { FMT_TABLE, FMT_MARKDOWN, FMT_JSON };

static struct {
	const char **runs;
	size_t nruns;
	unsigned int metric, format, given_order;
	double threshold;		/* relative: a change smaller than this is not a regression */
	const char *outdir;		/* charts */
	const char *templates;
	struct ediv_opts ediv;
} tenv = { .metric = M_P50 };

struct run {
	const char *path;
	char date[RUNDIR_MAX_NAME + 1];	/* "" if missing */
	char release[RUNDIR_MAX_NAME + 1];
	size_t given;
};

struct key {
	char bench[RUNDIR_MAX_NAME + 1], mode[9];
	unsigned int thread;
	int order, smt;
	double *sum;			/* per run: the statistic summed over repetitions ... */
	unsigned int *n;		/* ... and their count */
	struct ediv_cp cp[EDIV_MAX_CP];
	int ncp;
	int regressed;
};

static struct run *runs;
static struct key *keys;
static size_t nkeys, keys_cap;

static const char tdoc[] =
"Change points of every cell's latency over a history of run directories\n"
"(a CI's runs), by E-divisive means with a permutation test: the first run\n"
"after each change, its size and the runs either side.  Runs are taken\n"
"oldest first by meta.json's date (--order given: as listed, e.g. by\n"
"revision).  Exit 1 when the newest run lies after a regression, 0\n"
"otherwise, 2 on bad input.\n"
"\n"
"EXAMPLES:\n"
"    hvbench trend ci/runs/*\n"
"    hvbench trend --order given --format markdown $(git log --format=%h | tac | sed 's|^|ci/|')\n"
"    hvbench trend -o /tmp/trend --significance 1 ci/runs/*   # charts, p < 0.001\n"
"\n"
"A significance below the default takes more permutations (4 / p), so that\n"
"a p-value that small can be reached at all.\n";

static const struct argp_option topts[] = {
	{ "metric", 'm', "p50|p90|p99|mean", 0, "The statistic followed (default p50)", 0 },
	{ "significance", 's', "PERMILLE", 0, "A change is kept if its permutation p-value is below PERMILLE / 1000 (default 5: 0.005)", 0 },
	{ "threshold", 't', "PCT", 0, "Smallest slowdown, percent, that counts as a regression for the exit status (default 0)", 0 },
	{ "order", 'O', "time|given", 0, "Order of the runs: by meta.json date (default) or as listed", 0 },
	{ "format", 'f', "table|markdown|json", 0, "Output format (default table)", 0 },
	{ "output", 'o', "DIR", 0, "Draw a chart per cell with a change (SVG, PNG, PDF, CSV) into DIR", 0 },
	{ "templates", 'T', "DIR", 0, "gnuplot templates (default: the source tree's reports/)", 0 },
	{},
};

static error_t tparse(int key, char *arg, struct argp_state *state)
{
	unsigned long long v;
	int m;

	switch (key) {
	case 'm':
		m = report_metric_parse(arg);
		if (m < 0)
			argp_failure(state, 2, 0, "invalid --metric '%.16s': p50, p90, p99 or mean", arg);
		tenv.metric = (unsigned int)m;
		return 0;
	case 's':
		if (hvb_parse_decimal(arg, 1, 500, &v))
			argp_failure(state, 2, 0, "invalid --significance '%.16s': a p-value in thousandths, 1..500", arg);
		tenv.ediv.significance = (double)v / 1000;
		/* the smallest p a permutation test gives is 1 / (R + 1): let it reach 1/4 of the level */
		if (tenv.ediv.permutations + 1 < (unsigned int)(4 / tenv.ediv.significance))
			tenv.ediv.permutations = (unsigned int)(4 / tenv.ediv.significance) - 1;
		return 0;
	case 't':
		if (hvb_parse_decimal(arg, 0, 1000, &v))
			argp_failure(state, 2, 0, "invalid --threshold '%.16s': a whole percentage, 0..1000", arg);
		tenv.threshold = (double)v / 100;
		return 0;
	case 'O':
		if (strcmp(arg, "time") && strcmp(arg, "given"))
			argp_failure(state, 2, 0, "invalid --order '%.16s': time or given", arg);
		tenv.given_order = !strcmp(arg, "given");
		return 0;
	case 'f':
		tenv.format = !strcmp(arg, "table") ? FMT_TABLE : !strcmp(arg, "markdown") ? FMT_MARKDOWN :
			      !strcmp(arg, "json") ? FMT_JSON : 99;
		if (tenv.format == 99)
			argp_failure(state, 2, 0, "invalid --format '%.16s': table, markdown or json", arg);
		return 0;
	case 'o':
		if (!arg[0])
			argp_failure(state, 2, 0, "--output needs a directory name");
		tenv.outdir = arg;
		return 0;
	case 'T':
		tenv.templates = arg;
		return 0;
	case ARGP_KEY_ARGS:
		tenv.runs = (const char **)state->argv + state->next;
		tenv.nruns = (size_t)(state->argc - state->next);
		return 0;
	case ARGP_KEY_END:
		if (tenv.nruns < 2 * (size_t)tenv.ediv.min_size)
			argp_failure(state, 2, 0, "trend needs at least %u run directories (%u on each side of a change); got %zu",
				     2 * tenv.ediv.min_size, tenv.ediv.min_size, tenv.nruns);
		if (tenv.nruns > TREND_MAX_RUNS)
			argp_failure(state, 2, 0, "at most %d run directories in one trend; got %zu", TREND_MAX_RUNS,
				     tenv.nruns);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static struct key *key_get(const char *bench, unsigned int thread, const char *mode, int order, int smt)
{
	struct key *k;
	size_t i;

	for (i = 0; i < nkeys; i++)
		if (keys[i].thread == thread && keys[i].order == order && keys[i].smt == smt &&
		    !strcmp(keys[i].bench, bench) && !strcmp(keys[i].mode, mode))
			return &keys[i];
	if (nkeys == TREND_MAX_KEYS)
		return NULL;
	if (nkeys == keys_cap) {
		size_t cap = keys_cap ? keys_cap * 2 : 16;

		k = realloc(keys, cap * sizeof(*keys));
		if (!k)
			return NULL;
		keys = k;
		keys_cap = cap;
	}
	k = &keys[nkeys];
	memset(k, 0, sizeof(*k));
	k->sum = calloc(tenv.nruns, sizeof(*k->sum));
	k->n = calloc(tenv.nruns, sizeof(*k->n));
	if (!k->sum || !k->n) {
		free(k->sum);
		free(k->n);
		return NULL;
	}
	snprintf(k->bench, sizeof(k->bench), "%s", bench);
	snprintf(k->mode, sizeof(k->mode), "%s", mode);
	k->thread = thread;
	k->order = order;
	k->smt = smt;
	nkeys++;
	return k;
}

struct walk {
	size_t run;		/* its place in time order */
	struct run *r;
	int have_meta;
};

static int load_cell(void *arg, const struct report_cell *cell, struct report *rep)
{
	struct walk *w = arg;
	size_t i;

	if (strcmp(cell->c->status, "ok") && strcmp(cell->c->status, "failed"))
		return 0;	/* what a stopped cell left is no measurement */
	if (!w->have_meta) {
		w->have_meta = 1;
		snprintf(w->r->release, sizeof(w->r->release), "%s", rep->m.release ? rep->m.release : "missing");
	}
	for (i = 0; i < rep->nrec; i++) {
		const struct record *r = &rep->recs[i];
		struct key *k;

		if (!r->s.count || strcmp(r->status, "ok"))
			continue;
		k = key_get(r->name, r->thread, cell->mode, cell->order, cell->smt);
		if (!k) {
			fprintf(stderr, "hvbench: error: %s: more than %d distinct cells, or out of memory\n",
				cell->run, TREND_MAX_KEYS);
			return nkeys == TREND_MAX_KEYS ? 2 : EXIT_OWN;
		}
		k->sum[w->run] += report_metric_value(&r->s, tenv.metric);
		k->n[w->run]++;
	}
	return 0;
}

#define WALK_FOUND	100	/* first_date's "stop the walk": no exit code */

/* YYYY-MM-DDTHH:MM:SSZ, what hvbench writes: compared as a string, so checked */
static int iso_date(const char *d)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != shape[i])
			return 0;
	return !d[i];
}

/* meta.json's date of a run: the first cell's (a matrix's cells share the run) */
static int first_date(void *arg, const struct report_cell *cell, struct report *rep)
{
	struct run *r = arg;

	if (!rep->m.date)
		return 0;
	if (!iso_date(rep->m.date)) {
		fprintf(stderr, "hvbench: error: %s/meta.json: 'date' is '%s', not YYYY-MM-DDTHH:MM:SSZ\n",
			cell->dir, rep->m.date);
		return 2;
	}
	snprintf(r->date, sizeof(r->date), "%s", rep->m.date);
	return WALK_FOUND;
}

static int by_date(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	int d = strcmp(x->date, y->date);

	return d ? d : (x->given < y->given ? -1 : x->given > y->given);
}

/* the runs in time order; 0 or an exit code */
static int order_runs(void)
{
	size_t i;

	for (i = 0; i < tenv.nruns; i++) {
		struct rundir_index ix;
		char err[512];
		int rc;

		runs[i].path = tenv.runs[i];
		runs[i].given = i;
		if (tenv.given_order)
			continue;
		if (rundir_index_read(tenv.runs[i], &ix, err, sizeof(err))) {
			fprintf(stderr, "hvbench: error: %s\n", err);
			rundir_index_free(&ix);
			return 2;
		}
		rc = report_walk(tenv.runs[i], &ix, first_date, &runs[i]);
		rundir_index_free(&ix);
		if (rc != 0 && rc != WALK_FOUND)
			return rc == EXIT_FAILED ? EXIT_OWN : rc;
		if (!runs[i].date[0]) {
			fprintf(stderr, "hvbench: error: %s: no meta.json date to order it by; pass --order given and list the runs oldest first\n",
				tenv.runs[i]);
			return 2;
		}
	}
	if (!tenv.given_order)
		qsort(runs, tenv.nruns, sizeof(*runs), by_date);
	return 0;
}

static int load_runs(void)
{
	size_t i;
	int rc;

	for (i = 0; i < tenv.nruns; i++) {
		struct rundir_index ix;
		struct walk w = { .run = i, .r = &runs[i] };
		char err[512];

		if (rundir_index_read(runs[i].path, &ix, err, sizeof(err))) {
			fprintf(stderr, "hvbench: error: %s\n", err);
			rundir_index_free(&ix);
			return 2;
		}
		rc = report_walk(runs[i].path, &ix, load_cell, &w);
		rundir_index_free(&ix);
		if (rc)
			return rc == EXIT_FAILED ? EXIT_OWN : rc;
	}
	return 0;
}

/* the value series of a key: runs without the cell are left out (x[] gets its runs' indexes) */
static size_t series_of(const struct key *k, double *y, size_t *at)
{
	size_t i, n = 0;

	for (i = 0; i < tenv.nruns; i++)
		if (k->n[i]) {
			y[n] = k->sum[i] / k->n[i];
			at[n++] = i;
		}
	return n;
}

static void key_label(const struct key *k, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%.0u %s h%d s%d", k->bench, k->thread ? "/t" : "", k->thread, k->mode, k->order,
		 k->smt);
}

static int analyse(void)
{
	double *y = malloc(tenv.nruns * sizeof(*y));
	size_t *at = malloc(tenv.nruns * sizeof(*at)), i;
	int j;

	if (!y || !at) {
		free(y);
		free(at);
		fprintf(stderr, "hvbench: error: out of memory\n");
		return EXIT_OWN;
	}
	for (i = 0; i < nkeys; i++) {
		struct key *k = &keys[i];
		size_t n = series_of(k, y, at);

		k->ncp = ediv_find(y, n, &tenv.ediv, k->cp, EDIV_MAX_CP);
		if (k->ncp < 0) {
			free(y);
			free(at);
			fprintf(stderr, "hvbench: error: out of memory for a series of %zu runs\n", n);
			return EXIT_OWN;
		}
		/* indexes into the series back to indexes of runs */
		for (j = 0; j < k->ncp; j++)
			k->cp[j].index = at[k->cp[j].index];
		/* the newest run lies after the last change: a regression if it slowed */
		if (k->ncp && n && at[n - 1] == tenv.nruns - 1) {
			const struct ediv_cp *c = &k->cp[k->ncp - 1];

			k->regressed = c->after > c->before * (1 + tenv.threshold);
		}
	}
	free(y);
	free(at);
	return 0;
}

/* the run of the series just before run index r (the last one holding the cell) */
static size_t run_before(const struct key *k, size_t r)
{
	while (r > 0 && !k->n[r - 1])
		r--;
	return r ? r - 1 : 0;
}

/* a markdown table cell: '|' and backquotes from a run directory kept as text */
static void md_cell(const char *s)
{
	for (; *s; s++)
		if (*s == '|' || *s == '`' || *s == '[' || *s == ']' || *s == '!' || *s == '<')
			printf("\\%c", *s);
		else
			putchar(*s);
}

static void print_text(int markdown)
{
	size_t i, changes = 0, regressed = 0;
	int j;

	if (markdown)
		printf("| cell | first run after the change | change | p | %s before | %s after | runs either side | verdict |\n"
		       "| --- | --- | --- | --- | --- | --- | --- | --- |\n",
		       report_metric_names[tenv.metric], report_metric_names[tenv.metric]);
	else
		printf("%-36s %-6s %9s %7s %12s %12s  %s\n", "cell", "run", "change", "p", "before", "after",
		       "first run after the change (the run before it)");
	for (i = 0; i < nkeys; i++) {
		const struct key *k = &keys[i];
		char label[160];

		key_label(k, label, sizeof(label));
		for (j = 0; j < k->ncp; j++) {
			const struct ediv_cp *c = &k->cp[j];
			double pct = c->before > 0 ? (c->after / c->before - 1) * 100 : 0;
			const char *v = j == k->ncp - 1 && k->regressed ? "regression (newest run after it)" :
					c->after > c->before ? "slower" : "faster";

			changes++;
			if (markdown) {
				printf("| ");
				md_cell(label);
				printf(" | ");
				md_cell(runs[c->index].path);
				printf(" (#%zu) | %+.1f %% | %.4f | %.1f | %.1f | ", c->index, pct, c->p, c->before,
				       c->after);
				md_cell(runs[run_before(k, c->index)].path);
				printf(", ");
				md_cell(runs[c->index].path);
				printf(" | %s |\n", v);
			}
			else
				printf("%-36s %-6zu %+8.1f%% %7.4f %12.1f %12.1f  %s (%s): %s\n", label, c->index, pct,
				       c->p, c->before, c->after, runs[c->index].path,
				       runs[run_before(k, c->index)].path, v);
		}
		regressed += k->regressed;
	}
	printf("%s%zu runs, %zu cells, %zu change points (E-divisive means, alpha %.1f, p < %.3f, %u permutations); %zu cell%s regressed at the newest run\n",
	       markdown ? "\n" : "", tenv.nruns, nkeys, changes, tenv.ediv.alpha, tenv.ediv.significance,
	       tenv.ediv.permutations, regressed, regressed == 1 ? "" : "s");
}

static int print_json(void)
{
	json_t *root = json_object(), *cells = json_array(), *rl = json_array();
	size_t i;
	int j, rc = 0;

	for (i = 0; i < tenv.nruns; i++)
		json_array_append_new(rl, json_pack("{s:s, s:s, s:s}", "path", runs[i].path, "date", runs[i].date,
						    "kernel", runs[i].release));
	if (json_array_size(rl) != tenv.nruns) {
		/* a path jansson refuses (not UTF-8): nothing half-written */
		fprintf(stderr, "hvbench: error: the trend cannot be written as JSON (a run directory path that is not UTF-8?)\n");
		json_decref(root);
		json_decref(cells);
		json_decref(rl);
		return 2;
	}
	for (i = 0; i < nkeys; i++) {
		const struct key *k = &keys[i];
		json_t *cps = json_array();

		for (j = 0; j < k->ncp; j++) {
			const struct ediv_cp *c = &k->cp[j];

			json_array_append_new(cps, json_pack("{s:I, s:s, s:s, s:f, s:f, s:f}",
				"run", (json_int_t)c->index, "first_after", runs[c->index].path,
				"before_run", runs[run_before(k, c->index)].path, "p", c->p, "before", c->before,
				"after", c->after));
		}
		json_array_append_new(cells, json_pack("{s:s, s:i, s:s, s:i, s:i, s:o, s:b}", "bench", k->bench,
			"thread", (int)k->thread, "mode", k->mode, "hpt_order", k->order, "smt", k->smt,
			"changes", cps, "regressed", k->regressed));
	}
	json_object_set_new(root, "format", json_string("hvbench-trend"));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "metric", json_string(report_metric_names[tenv.metric]));
	json_object_set_new(root, "method", json_pack("{s:s, s:f, s:f, s:i, s:i}", "name", "e-divisive means",
		"alpha", tenv.ediv.alpha, "significance", tenv.ediv.significance,
		"permutations", (int)tenv.ediv.permutations, "min_size", (int)tenv.ediv.min_size));
	json_object_set_new(root, "runs", rl);
	json_object_set_new(root, "cells", cells);
	if (json_dumpf(root, stdout, JSON_INDENT(1) | JSON_SORT_KEYS))
		rc = EXIT_OWN;
	putchar('\n');
	json_decref(root);
	return rc;
}

/* a chart per cell with a change (at most TREND_MAX_CHARTS), into -o DIR */
static int draw(void)
{
	char tdir[PATH_MAX], probe[PATH_MAX + 16], title[300], label[160], foot[300], ylab[80];
	const char *dir = tenv.templates ? tenv.templates :
			  getenv("HVBENCH_REPORTS") ? getenv("HVBENCH_REPORTS") : HVB_REPORTS_DIR;
	struct charts c;
	double *y;
	size_t i, drawn = 0, ch[EDIV_MAX_CP];
	int fd, rc = 0, j;

	if (!realpath(dir, tdir) || snprintf(probe, sizeof(probe), "%s/trend.gp", tdir) >= (int)sizeof(probe) ||
	    access(probe, R_OK)) {
		fprintf(stderr, "hvbench: error: gnuplot templates not found in %s (pass --templates DIR)\n", dir);
		return EXIT_OWN;
	}
	if (mkdir(tenv.outdir, 0755) && errno != EEXIST) {
		fprintf(stderr, "hvbench: error: cannot create %s: %s\n", tenv.outdir, strerror(errno));
		return EXIT_OWN;
	}
	fd = open(tenv.outdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "hvbench: error: %s is not a directory (or a symlink): %s\n", tenv.outdir, strerror(errno));
		return EXIT_OWN;
	}
	y = malloc(tenv.nruns * sizeof(*y));
	if (!y || charts_begin(&c, fd, tenv.outdir, tdir)) {
		free(y);
		close(fd);
		return EXIT_OWN;
	}
	snprintf(foot, sizeof(foot), "%zu runs, oldest %s, newest %s; E-divisive means, p < %.3f", tenv.nruns,
		 runs[0].path, runs[tenv.nruns - 1].path, tenv.ediv.significance);
	snprintf(ylab, sizeof(ylab), "%s round trip (timebase ticks)", report_metric_names[tenv.metric]);
	for (i = 0; i < nkeys && !rc && drawn < TREND_MAX_CHARTS; i++) {
		const struct key *k = &keys[i];
		size_t r;

		if (!k->ncp)
			continue;
		for (r = 0; r < tenv.nruns; r++)
			y[r] = k->n[r] ? k->sum[r] / k->n[r] : NAN;
		for (j = 0; j < k->ncp; j++)
			ch[j] = k->cp[j].index;
		key_label(k, label, sizeof(label));
		snprintf(title, sizeof(title), "%s: %d change point%s%s", label, k->ncp, k->ncp == 1 ? "" : "s",
			 k->regressed ? ", the newest run after a regression" : "");
		rc = charts_trend(&c, label, title, foot, ylab, y, tenv.nruns, ch, (size_t)k->ncp);
		drawn++;
	}
	charts_free(&c);
	free(y);
	close(fd);
	if (!rc)
		fprintf(stderr, "hvbench: %zu trend chart%s in %s\n", drawn, drawn == 1 ? "" : "s", tenv.outdir);
	return rc ? EXIT_OWN : 0;
}

int cmd_trend(int argc, char **argv)
{
	static const struct argp argp = { topts, tparse, "RUNDIR...", tdoc, NULL, NULL, NULL };
	size_t i;
	int rc;

	ediv_defaults(&tenv.ediv);
	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	runs = calloc(tenv.nruns, sizeof(*runs));
	if (!runs) {
		fprintf(stderr, "hvbench: error: out of memory\n");
		return EXIT_OWN;
	}
	rc = order_runs();
	if (!rc)
		rc = load_runs();
	if (!rc && !nkeys) {
		fprintf(stderr, "hvbench: error: no cell with results in these %zu run directories\n", tenv.nruns);
		rc = 2;
	}
	if (!rc)
		rc = analyse();
	if (!rc && tenv.outdir)
		rc = draw();
	if (!rc) {
		if (tenv.format == FMT_JSON)
			rc = print_json();
		else
			print_text(tenv.format == FMT_MARKDOWN);
	}
	if (!rc)
		for (i = 0; i < nkeys; i++)
			if (keys[i].regressed)
				rc = 1;
	for (i = 0; i < nkeys; i++) {
		free(keys[i].sum);
		free(keys[i].n);
	}
	free(keys);
	free(runs);
	return rc;
}
