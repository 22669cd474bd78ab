// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench report RUN...: from one or more run directories (single-boot or
 * matrix), a plain-text summary, gnuplot charts (SVG, PNG, PDF, each from
 * a CSV kept beside it: a histogram per record, latency CDFs, rm / vm /
 * user side by side with confidence intervals, HPT-order sweeps, the HPT's
 * life-cycle costs) and an offline HTML page with all of it.  Runs
 * anywhere the run directories can be copied to, without root.
 *
 * Reading and checking is read.c's (a run directory is untrusted), the
 * data model series.c's, drawing charts.c's, the page html.c's.  The
 * summary is written before any chart, so a run whose charts fail (or
 * whose guest faulted) is still readable.
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmd.h"
#include "charts.h"
#include "html.h"
#include "plan.h"
#include "results.h"
#include "series.h"

#ifndef HVB_REPORTS_DIR
#define HVB_REPORTS_DIR "reports"
#endif

#define MARGIN_DEFAULT	10	/* percent: the HPT advice's p99 margin over the best order */

static struct report_env {
	const char *runs[SERIES_MAX_RUNS];
	unsigned int nruns;
	const char *outdir;
	const char *templates;
	unsigned int margin;
} env = { .margin = MARGIN_DEFAULT };

static const char doc[] =
"Write the summary, the charts (SVG, PNG and PDF, each with its data as CSV)\n"
"and an HTML page (index.html, readable offline) of one or more run\n"
"directories, single-boot or matrix.  Several runs share one page and one\n"
"chart per bench (kernel A against kernel B).\n"
"\n"
"EXAMPLES:\n"
"    hvbench report runs/h_enter-24          # writes runs/h_enter-24/report/\n"
"    hvbench report -o /tmp/r runs/matrix\n"
"    hvbench report -o /tmp/ab runs/stock runs/kmod   # two kernels on one page\n";

static const struct argp_option opts[] = {
	{ "output", 'o', "DIR", 0, "Report directory (default RUNDIR/report; required with several runs)", 0 },
	{ "templates", 'T', "DIR", 0, "gnuplot templates (default: the source tree's reports/)", 0 },
	{ "hpt-margin", 'M', "PCT", 0, "HPT advice: the advised order's p99 within PCT % of the best order's (default 10)", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	unsigned long long v;

	switch (key) {
	case 'o':
		if (!arg[0])
			argp_failure(state, EXIT_BAD_INPUT, 0, "--output needs a directory name");
		env.outdir = arg;
		break;
	case 'T':
		env.templates = arg;
		break;
	case 'M':
		if (hvb_parse_decimal(arg, 0, 1000, &v))
			argp_failure(state, EXIT_BAD_INPUT, 0, "invalid --hpt-margin '%.16s': a whole percentage, 0..1000", arg);
		env.margin = (unsigned int)v;
		break;
	case ARGP_KEY_ARG:
		if (env.nruns == SERIES_MAX_RUNS)
			argp_failure(state, EXIT_BAD_INPUT, 0, "at most %d run directories on one report ('%s' is extra)",
				     SERIES_MAX_RUNS, arg);
		env.runs[env.nruns++] = arg;
		break;
	case ARGP_KEY_END:
		if (!env.nruns)
			argp_failure(state, EXIT_BAD_INPUT, 0, "which run directory? usage: hvbench report RUNDIR...");
		if (env.nruns > 1 && !env.outdir)
			argp_failure(state, EXIT_BAD_INPUT, 0, "%u run directories: name the report directory with -o DIR",
				     env.nruns);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* an executable gnuplot on PATH, so its absence is one clear message */
static int have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	while (path && *path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);

		if (snprintf(buf, sizeof(buf), "%.*s/gnuplot", (int)len, len ? path : ".") < (int)sizeof(buf) &&
		    !access(buf, X_OK))
			return 1;
		path = end ? end + 1 : NULL;
	}
	return 0;
}

/* the report directory: made here or an existing real directory, never a symlink */
static int open_outdir(const char *outdir)
{
	struct stat st;
	int fd;

	if (mkdir(outdir, 0755) && errno != EEXIST) {
		report_err("cannot create %s: %s", outdir, strerror(errno));
		return -1;
	}
	if (lstat(outdir, &st) || !S_ISDIR(st.st_mode)) {
		report_err("%s exists and is not a directory (a symlink or a file): remove it or pass -o DIR",
			   outdir);
		return -1;
	}
	fd = open(outdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		report_err("cannot open %s: %s", outdir, strerror(errno));
	return fd;
}

/* the templates' absolute directory (gnuplot runs in the chart directory) into buf[PATH_MAX] */
static const char *template_dir(char *buf)
{
	const char *dir = env.templates ? env.templates :
			  getenv("HVBENCH_REPORTS") ? getenv("HVBENCH_REPORTS") : HVB_REPORTS_DIR;
	char probe[PATH_MAX];

	if (!realpath(dir, buf) || report_pathf(probe, sizeof(probe), "%s/hist.gp", buf) ||
	    access(probe, R_OK)) {
		report_err("gnuplot templates not found in %s (pass --templates DIR)", dir);
		return NULL;
	}
	return buf;
}

/* ---- reading every run: the summary text and the series ---- */

struct pass {
	unsigned int run;
	const struct rundir_index *ix;
	FILE *text;			/* pass 1: the summary */
	struct series_set *ss;		/* pass 1: the series */
	struct charts *charts;		/* pass 2: the histograms */
	size_t next;			/* the next cell whose summary header is due */
	size_t records;
};

/* the headers of the cells before idx that left nothing to read, then idx's */
static void cell_headers(struct pass *p, size_t upto)
{
	const struct rundir_index *ix = p->ix;

	for (; p->next < upto && p->next < ix->n; p->next++) {
		const struct rundir_cell *c = &ix->cells[p->next];

		if (!ix->matrix)
			continue;
		fprintf(p->text, "== cell %s: %s, mode %s, HPT order %d, SMT %d, rep %u: %s (%.1f s)%s%s\n",
			c->dir, c->benches, c->mode, c->hpt_order, c->smt, c->rep, c->status, c->seconds,
			c->error[0] ? ": " : "", c->error);
		if (p->next + 1 < upto && c->have_dir && strcmp(c->status, "not_run"))
			fprintf(p->text, "no results.json: nothing to chart\n\n");
	}
}

static int read_cell(void *arg, const struct report_cell *cell, struct report *rep)
{
	struct pass *p = arg;

	cell_headers(p, (size_t)(cell->c - p->ix->cells) + 1);
	/* a bound on the whole report, not only on each cell */
	p->records += rep->nrec;
	if (p->records > RUNDIR_MAX_REPORT_RECORDS) {
		report_err("%s: the cells hold more than %d records in all; a run directory may hold at most that",
			   cell->run, RUNDIR_MAX_REPORT_RECORDS);
		return EXIT_BAD_INPUT;
	}
	fwrite(rep->text, 1, rep->tlen, p->text);
	if (p->ix->matrix)
		fputc('\n', p->text);
	return series_add(p->ss, p->run, cell, rep);
}

static int chart_cell(void *arg, const struct report_cell *cell, struct report *rep)
{
	struct pass *p = arg;
	const struct run_info *ri = &p->ss->runs[p->run];
	char file[sizeof(((struct chart *)0)->name)];
	size_t k;
	int rc;

	for (k = 0; k < rep->nrec; k++) {
		const struct record *r = &rep->recs[k];

		if (!r->s.count)
			continue;
		/* '.' joins the parts: no sanitised name holds one, so none collide */
		snprintf(file, sizeof(file), "%s%s%.63s%s%.90s", env.nruns > 1 ? ri->label : "",
			 env.nruns > 1 ? "." : "", cell->matrix ? cell->c->dir + strlen("cells/") : "",
			 cell->matrix ? "-" : "", r->file);
		rc = charts_hist(p->charts, r, &rep->m, file, (int)p->run);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_runs(const struct rundir_index *ixs, struct series_set *ss, FILE *text)
{
	unsigned int i;
	int rc;

	for (i = 0; i < env.nruns; i++) {
		const struct rundir_index *ix = &ixs[i];
		struct run_info *ri = &ss->runs[i];
		struct pass p = { .run = i, .ix = ix, .text = text, .ss = ss };

		ri->path = env.runs[i];
		series_run_label(ss, i);
		ri->matrix = ix->matrix;
		ri->partial = ix->partial;
		ri->cells = ix->n;
		snprintf(ri->seed, sizeof(ri->seed), "%s", ix->matrix ? ix->seed : "-");
		ss->nruns = i + 1;
		if (env.nruns > 1)
			fprintf(text, "#### run %s: %s\n\n", ri->label, env.runs[i]);
		if (ix->matrix)
			fprintf(text, "hvbench report of the matrix run %s: %zu cells%s, seed %s\n\n", env.runs[i],
				ix->n, ix->partial ? " (partial: interrupted)" : "", ix->seed);
		rc = report_walk(env.runs[i], ix, read_cell, &p);
		if (rc)
			return rc;
		cell_headers(&p, ix->n + 1);	/* the last cell is not the current one */
		if (env.nruns > 1)
			fputc('\n', text);
	}
	series_finish(ss);
	return 0;
}

/*
 * The histograms come from a second walk, each cell read again: keeping
 * every record of the first would cost 17 KB a record (up to 65536 of them),
 * and the summary must be written before the first chart.
 */
static int chart_runs(const struct rundir_index *ixs, struct series_set *ss, struct charts *c)
{
	unsigned int i;
	int rc;

	for (i = 0; i < env.nruns; i++) {
		struct pass p = { .run = i, .ix = &ixs[i], .ss = ss, .charts = c };

		rc = report_walk(env.runs[i], &ixs[i], chart_cell, &p);
		if (rc)
			return rc;
	}
	return charts_summary(c, ss);
}

int cmd_report(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, "RUNDIR...", doc, NULL, NULL, NULL };
	char outdir[PATH_MAX], tdir[PATH_MAX], err[512], *text = NULL;
	struct rundir_index ixs[SERIES_MAX_RUNS];
	struct series_set *ss = NULL;
	struct charts charts = { .workfd = -1 };
	size_t tlen = 0;
	unsigned int i, nix = 0;
	int rc = EXIT_FAILED, e, outfd = -1;
	FILE *t = NULL;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return EXIT_BAD_INPUT;
	memset(ixs, 0, sizeof(ixs));
	for (i = 0; i < env.nruns; i++, nix++)
		if (rundir_index_read(env.runs[i], &ixs[i], err, sizeof(err))) {
			report_err("%s", err);
			nix++;
			rc = EXIT_BAD_INPUT;
			goto cleanup;
		}
	ss = calloc(1, sizeof(*ss));
	t = open_memstream(&text, &tlen);
	if (!ss || !t) {
		report_err("out of memory");
		goto cleanup;
	}
	rc = read_runs(ixs, ss, t);
	if (fclose(t)) {
		t = NULL;
		rc = EXIT_FAILED;
	}
	t = NULL;
	if (rc)
		goto cleanup;

	/* the summary first: a run whose charts fail is still readable */
	rc = EXIT_FAILED;
	if (env.outdir ? report_pathf(outdir, sizeof(outdir), "%s", env.outdir) :
			 report_pathf(outdir, sizeof(outdir), "%s/report", env.runs[0]))
		goto cleanup;
	outfd = open_outdir(outdir);
	if (outfd < 0)
		goto cleanup;
	e = write_file_atomic_at(outfd, "summary.txt", text, tlen);
	if (e) {
		report_err("cannot write %s/summary.txt: %s", outdir, strerror(-e));
		goto cleanup;
	}
	fwrite(text, 1, tlen, stdout);
	if (!template_dir(tdir))
		goto cleanup;
	if (!have_gnuplot()) {
		report_err("gnuplot is not on PATH: no charts drawn, summary in %s/summary.txt (apt-get install gnuplot-nox)",
			   outdir);
		goto cleanup;
	}
	if (charts_begin(&charts, outfd, outdir, tdir))
		goto cleanup;
	rc = chart_runs(ixs, ss, &charts);
	charts_end(&charts);
	if (!rc)
		rc = html_write(outfd, outdir, ss, &charts, env.margin / 100.0);
	if (!rc && ss->left_out)
		fprintf(stderr, "hvbench: note: %llu records past the first %d groups are in summary.txt only, not charted\n",
			(unsigned long long)ss->left_out, SERIES_MAX);
	if (!rc)
		printf("hvbench: report in %s: %zu charts, open %s/index.html\n", outdir, charts.n, outdir);
cleanup:
	if (t)
		fclose(t);
	free(text);
	charts_free(&charts);
	if (outfd >= 0)
		close(outfd);
	if (ss)
		series_free(ss);
	free(ss);
	for (i = 0; i < nix && i < SERIES_MAX_RUNS; i++)
		rundir_index_free(&ixs[i]);
	return rc;
}
