// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench report's charts: gnuplot templates (the .gp files of reports/) drawn as SVG,
 * PNG and PDF from CSV data files kept beside them.
 *
 * Everything a chart shows comes from a run directory, which is untrusted:
 * values reach gnuplot only as call arguments (string variables in the
 * template, never code) and as data in the CSV; gnuplot opens no output
 * path (each image is its stdout, a file made here with O_EXCL |
 * O_NOFOLLOW in a private mkdtemp directory, entered by its descriptor),
 * and finished files are renamed into the report directory (a planted
 * symlink is replaced, never followed).  File names are made from
 * sanitised names ([A-Za-z0-9_-]) joined with '.', which a record's file
 * name never holds, so a summary chart cannot take a histogram's name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hvbench/papr.h"
#include "charts.h"

#define CDF_MAX_LINES	16	/* lines on one CDF: more are left out (the caption says so) */
#define MODES_MAX_COLS	12	/* bars per bench */
#define MODES_MAX_ROWS	64	/* benches on one side-by-side chart */
#define SWEEP_MAX_ORDERS (RUNDIR_HPT_ORDER_MAX - RUNDIR_HPT_ORDER_MIN + 1)
#define EDIV_CHANGES_TEXT 1024	/* the change points as text for trend.gp */
#define WAKE_MAX_LINES	12	/* ceding records on one wake chart */
#define WAKE_MAX_SMT	8

const char *const chart_kind_names[NR_CHART_KINDS] = { "hist", "cdf", "modes", "split", "sweep", "hpt", "nap", "wake", "probe", "trend" };
const char *const chart_formats[3] = { "svg", "png", "pdf" };

void charts_provenance(const struct run_info *ri, char *buf, size_t len)
{
	if (ri->qemu[0] || !strcmp(ri->host, "emulated"))
		snprintf(buf, len, "kernel %s, %s (PVR %s), emulated POWER8 (QEMU %s, TCG%s): compare ratios, not absolute times",
			 ri->release, ri->cpu, ri->pvr, ri->qemu[0] ? ri->qemu : "version missing",
			 ri->icount ? ", -icount: ticks count instructions" : "");
	else
		snprintf(buf, len, "kernel %s, %s (PVR %s), %s host", ri->release, ri->cpu, ri->pvr,
			 ri->host);
}

/* every run's provenance on one line (a chart over several runs) */
static void provenance_all(const struct series_set *ss, int run, char *buf, size_t len)
{
	unsigned int i;
	size_t used = 0;

	buf[0] = 0;
	for (i = 0; i < ss->nruns && used < len; i++) {
		char one[400];

		if (run >= 0 && (unsigned int)run != i)
			continue;
		charts_provenance(&ss->runs[i], one, sizeof(one));
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s", used ? " | " : "",
					 ss->nruns > 1 ? ss->runs[i].label : "", ss->nruns > 1 ? ": " : "", one);
	}
}

static void sanitise(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = (src[i] >= 'a' && src[i] <= 'z') || (src[i] >= 'A' && src[i] <= 'Z') ||
			 (src[i] >= '0' && src[i] <= '9') || src[i] == '_' || src[i] == '-' ? src[i] : '_';
	dst[i] = 0;
}

/* a name for a new chart: unique among those drawn (-2, -3 ... if taken) */
static void chart_name(const struct charts *c, char *name, size_t len, const char *base)
{
	unsigned int dup = 1;
	size_t i;

	snprintf(name, len, "%s", base);
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->list[i].name, name)) {
			snprintf(name, len, "%.150s-%u", base, ++dup);
			i = (size_t)-1;
		}
}

int charts_begin(struct charts *c, int outfd, const char *outdir, const char *tmpl_dir)
{
	memset(c, 0, sizeof(*c));
	c->outfd = outfd;
	c->workfd = -1;
	c->outdir = outdir;
	snprintf(c->tmpl_dir, sizeof(c->tmpl_dir), "%s", tmpl_dir);
	if (report_pathf(c->work, sizeof(c->work), "%s/.charts-XXXXXX", outdir))
		return EXIT_FAILED;
	if (!mkdtemp(c->work)) {
		report_err("cannot create a chart directory in %s: %s", outdir, strerror(errno));
		c->work[0] = 0;
		return EXIT_FAILED;
	}
	c->workfd = open(c->work, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c->workfd < 0) {
		report_err("cannot open %s: %s", c->work, strerror(errno));
		rmdir(c->work);
		c->work[0] = 0;
		return EXIT_FAILED;
	}
	return 0;
}

static void unlink_chart(const struct charts *c, const char *name)
{
	char f[sizeof(c->list->name) + 8];
	unsigned int k;

	snprintf(f, sizeof(f), "%s.csv", name);
	unlinkat(c->workfd, f, 0);
	for (k = 0; k < 3; k++) {
		snprintf(f, sizeof(f), "%s.%s", name, chart_formats[k]);
		unlinkat(c->workfd, f, 0);
	}
}

void charts_end(struct charts *c)
{
	if (c->workfd >= 0) {
		unlinkat(c->workfd, "gnuplot.err", 0);
		close(c->workfd);
		c->workfd = -1;
	}
	if (c->work[0] && rmdir(c->work))
		report_err("cannot remove %s: %s", c->work, strerror(errno));
	c->work[0] = 0;
}

void charts_free(struct charts *c)
{
	charts_end(c);
	free(c->list);
	c->list = NULL;
	c->n = c->cap = 0;
}

static FILE *csv_open(struct charts *c, const char *name)
{
	char f[sizeof(c->list->name) + 8];
	FILE *fp;
	int fd;

	snprintf(f, sizeof(f), "%s.csv", name);
	fd = openat(c->workfd, f, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		report_err("cannot create %s/%s: %s", c->work, f, strerror(errno));
		return NULL;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		report_err("out of memory for %s", f);
		close(fd);
	}
	return fp;
}

static int csv_close(FILE *fp, const char *name)
{
	int err = ferror(fp);

	if (fclose(fp) || err) {
		report_err("cannot write %s.csv", name);
		return EXIT_FAILED;
	}
	return 0;
}

/* gnuplot's complaint, its last line (the one that says what is wrong), for the one-line error */
static void gnuplot_err(const struct charts *c, char *buf, size_t len)
{
	char all[4096], *line;
	int fd = openat(c->workfd, "gnuplot.err", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, all, sizeof(all) - 1) : 0;

	if (fd >= 0)
		close(fd);
	n = n > 0 ? n : 0;
	all[n] = 0;
	while (n && (all[n - 1] == '\n' || all[n - 1] == ' '))
		all[--n] = 0;
	line = strrchr(all, '\n');
	snprintf(buf, len, "%s", line ? line + 1 : all);
	for (line = buf; *line; line++)
		if (*line < ' ' || *line > '~')
			*line = '?';
}

/*
 * gnuplot -c TEMPLATE FMT NAME.csv ARGS...: once per format, its stdout
 * the image.  Then the CSV and the images are moved into the report
 * directory and the chart joins the list.
 */
static int plot(struct charts *c, const char *tmpl, const char *name, int kind, int run,
		const char *caption, const char *const *args, int nargs)
{
	char tpath[PATH_MAX], csv[sizeof(c->list->name) + 8], img[sizeof(c->list->name) + 8];
	const char *argv[16];
	unsigned int k;
	int i, fd, efd, status;
	pid_t pid;

	if (report_pathf(tpath, sizeof(tpath), "%s/%s", c->tmpl_dir, tmpl))
		return EXIT_FAILED;
	snprintf(csv, sizeof(csv), "%s.csv", name);
	for (k = 0; k < 3; k++) {
		snprintf(img, sizeof(img), "%s.%s", name, chart_formats[k]);
		fd = openat(c->workfd, img, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		efd = openat(c->workfd, "gnuplot.err", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 || efd < 0) {
			report_err("cannot create %s/%s: %s", c->work, img, strerror(errno));
			if (fd >= 0)
				close(fd);
			if (efd >= 0)
				close(efd);
			return EXIT_FAILED;
		}
		argv[0] = "gnuplot";
		argv[1] = "-c";
		argv[2] = tpath;
		argv[3] = chart_formats[k];
		argv[4] = csv;
		for (i = 0; i < nargs && i < 10; i++)
			argv[5 + i] = args[i];
		argv[5 + i] = NULL;
		pid = fork();
		if (pid < 0) {
			close(fd);
			close(efd);
			report_err("cannot run gnuplot: %s", strerror(errno));
			return EXIT_FAILED;
		}
		if (!pid) {
			if (fchdir(c->workfd) || dup2(fd, STDOUT_FILENO) < 0 || dup2(efd, STDERR_FILENO) < 0 ||
			    setenv("GNUPLOT_LIB", c->tmpl_dir, 1))
				_exit(126);
			execvp("gnuplot", (char *const *)argv);
			_exit(127);
		}
		close(fd);
		close(efd);
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			char why[200];

			gnuplot_err(c, why, sizeof(why));
			report_err("gnuplot failed drawing %s (template %s): %s", img, tpath,
				   why[0] ? why : "no message");
			return EXIT_FAILED;
		}
	}
	for (k = 0; k < 4; k++) {
		if (k < 3)
			snprintf(img, sizeof(img), "%s.%s", name, chart_formats[k]);
		else
			snprintf(img, sizeof(img), "%s", csv);
		/* renameat replaces whatever sits at the name (a symlink too) without following it */
		if (renameat(c->workfd, img, c->outfd, img)) {
			report_err("cannot move %s into %s: %s", img, c->outdir, strerror(errno));
			return EXIT_FAILED;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct chart *l = realloc(c->list, cap * sizeof(*l));

		if (!l) {
			report_err("out of memory for the chart list");
			return EXIT_FAILED;
		}
		c->list = l;
		c->cap = cap;
	}
	memset(&c->list[c->n], 0, sizeof(c->list[c->n]));
	snprintf(c->list[c->n].name, sizeof(c->list[c->n].name), "%s", name);
	snprintf(c->list[c->n].caption, sizeof(c->list[c->n].caption), "%s", caption);
	c->list[c->n].kind = kind;
	c->list[c->n].run = run;
	c->n++;
	return 0;
}

/* ---- one record's histogram ---- */

int charts_hist(struct charts *c, const struct record *r, const struct meta_info *m,
		const char *file, int run)
{
	char title[512], foot[400], p50[24], p99[24], tb[24], name[sizeof(c->list->name)];
	struct run_info ri = { 0 };
	const char *args[5];
	uint32_t b;
	FILE *fp;
	int rc;

	/* two cells' names joined with '-' may meet: -2, -3... */
	chart_name(c, name, sizeof(name), file);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	fprintf(fp, "# bucket_lo,bucket_hi,count (timebase ticks)\n");
	for (b = 0; b < HVB_HIST_BUCKETS; b++)
		if (r->hist.buckets[b])
			fprintf(fp, "%llu,%llu,%u\n", (unsigned long long)hvb_hist_bucket_lo(b),
				(unsigned long long)(b == HVB_HIST_BUCKETS - 1 ? r->hist.max : hvb_hist_bucket_hi(b)),
				r->hist.buckets[b]);
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "%s%s%.0u round trip seen by the guest (HPT order %s%.0d, %s, n=%llu)",
		 r->name, r->thread ? " thread " : "", r->thread, m->hpt_order >= 0 ? "" : "unknown",
		 m->hpt_order >= 0 ? m->hpt_order : 0, m->mode ? m->mode : "rm",
		 (unsigned long long)r->s.count);
	snprintf(ri.release, sizeof(ri.release), "%s", m->release ? m->release : "missing");
	snprintf(ri.cpu, sizeof(ri.cpu), "%s", m->cpu ? m->cpu : "missing");
	snprintf(ri.pvr, sizeof(ri.pvr), "%s", m->pvr ? m->pvr : "missing");
	snprintf(ri.host, sizeof(ri.host), "%s", m->host ? m->host : "missing");
	snprintf(ri.qemu, sizeof(ri.qemu), "%s", m->qemu ? m->qemu : "");
	ri.icount = m->icount;
	charts_provenance(&ri, foot, sizeof(foot));
	snprintf(p50, sizeof(p50), "%llu", (unsigned long long)r->s.p50);
	snprintf(p99, sizeof(p99), "%llu", (unsigned long long)r->s.p99);
	snprintf(tb, sizeof(tb), "%llu", (unsigned long long)m->tb_hz);
	args[0] = title;
	args[1] = foot;
	args[2] = r->req;
	args[3] = p50;
	args[4] = p99;
	{
		const char *all[6] = { args[0], args[1], args[2], args[3], args[4], tb };

		rc = plot(c, "hist.gp", name, CHART_HIST, run, title, all, 6);
	}
	if (!rc)
		printf("hvbench: wrote %s/%s.{svg,png,pdf,csv}\n", c->outdir, name);
out:
	unlink_chart(c, name);
	return rc;
}

/* ---- charts over every run ---- */

/* which dimensions vary among the series picked (so labels name only those) */
struct vary {
	int run, mode, order, smt;
};

static void vary_of(const struct series_set *ss, const size_t *pick, size_t n, struct vary *v)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 1; i < n; i++) {
		const struct series *a = &ss->s[pick[0]], *b = &ss->s[pick[i]];

		v->run |= a->run != b->run;
		v->mode |= strcmp(a->mode, b->mode) != 0;
		v->order |= a->order != b->order;
		v->smt |= a->smt != b->smt;
	}
}

static void series_label(const struct series_set *ss, const struct series *s, const struct vary *v,
			 int with_mode, char *buf, size_t len)
{
	size_t u = 0;

	buf[0] = 0;
	if (v->run)
		u += (size_t)snprintf(buf + u, len - u, "%s ", ss->runs[s->run].label);
	if (with_mode && (v->mode || !(v->run || v->order || v->smt)))
		u += (size_t)snprintf(buf + u, len - u, "%s ", s->mode);
	if (v->order && u < len)
		u += (size_t)snprintf(buf + u, len - u, "order %d ", s->order);
	if (v->smt && u < len)
		u += (size_t)snprintf(buf + u, len - u, "SMT %d ", s->smt);
	if (u && u <= len && buf[u - 1] == ' ')
		buf[u - 1] = 0;
	/* a CSV field and a gnuplot string: no comma, no quote */
	for (u = 0; buf[u]; u++)
		if (buf[u] == ',' || buf[u] == '"' || buf[u] == '\\')
			buf[u] = '_';
}

static const struct series_set *sort_ss;	/* qsort has no context argument */

static int by_run_mode_order(const void *a, const void *b)
{
	const struct series *x = &sort_ss->s[*(const size_t *)a], *y = &sort_ss->s[*(const size_t *)b];

	if (x->run != y->run)
		return x->run < y->run ? -1 : 1;
	if (series_mode_rank(x->mode) != series_mode_rank(y->mode))
		return series_mode_rank(x->mode) - series_mode_rank(y->mode);
	return x->order - y->order;
}

static int cdf_chart(struct charts *c, const struct series_set *ss, size_t first, char *done)
{
	const struct series *s0 = &ss->s[first];
	size_t pick[CDF_MAX_LINES], n = 0, i, left = 0;
	char base[RUNDIR_MAX_NAME + 40], name[sizeof(c->list->name)], title[300], foot[1200];
	char cap[600], tb[24], label[200];
	struct vary v;
	FILE *fp;
	int rc;

	for (i = first; i < ss->n; i++) {
		const struct series *s = &ss->s[i];

		if (done[i] || s->thread != s0->thread || s->smt != s0->smt || strcmp(s->bench, s0->bench))
			continue;
		done[i] = 1;
		if (n < CDF_MAX_LINES)
			pick[n++] = i;
		else
			left++;
	}
	sort_ss = ss;
	qsort(pick, n, sizeof(pick[0]), by_run_mode_order);
	vary_of(ss, pick, n, &v);
	sanitise(label, sizeof(label), s0->bench);
	snprintf(base, sizeof(base), "cdf.%.64s%s%.0u.s%d", label, s0->thread ? "-t" : "", s0->thread, s0->smt);
	chart_name(c, name, sizeof(name), base);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	for (i = 0; i < n; i++) {
		const struct series *s = &ss->s[pick[i]];
		uint64_t cum = 0;
		uint32_t b;

		series_label(ss, s, &v, 1, label, sizeof(label));
		fprintf(fp, "%s%s\n", i ? "\n\n" : "", label);
		/* a log axis: 0 ticks is drawn at 1 */
		fprintf(fp, "%llu,0\n", (unsigned long long)(s->hist.min ? s->hist.min : 1));
		for (b = 0; b < HVB_HIST_BUCKETS; b++) {
			uint64_t x;

			if (!s->hist.buckets[b])
				continue;
			cum += s->hist.buckets[b];
			x = b == HVB_HIST_BUCKETS - 1 || hvb_hist_bucket_hi(b) > s->hist.max ? s->hist.max :
			    hvb_hist_bucket_hi(b);
			fprintf(fp, "%llu,%.6f\n", (unsigned long long)(x ? x : 1),
				(double)cum / (double)s->hist.count);
		}
	}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "%s%s%.0u (%s) at SMT %d: latency CDF, repetitions merged", s0->bench,
		 s0->thread ? " thread " : "", s0->thread, s0->req, s0->smt);
	provenance_all(ss, v.run ? -1 : (int)s0->run, foot, sizeof(foot));
	snprintf(tb, sizeof(tb), "%llu", (unsigned long long)ss->runs[s0->run].tb_hz);
	snprintf(cap, sizeof(cap), "%s: %zu line%s%s", title, n, n == 1 ? "" : "s",
		 left ? " (more groups left out: at most 16 a chart)" : "");
	{
		const char *args[3] = { title, foot, tb };

		rc = plot(c, "cdf.gp", name, CHART_CDF, v.run ? -1 : (int)s0->run, cap, args, 3);
	}
out:
	unlink_chart(c, name);
	return rc;
}

/* rm / vm / user (and run against run) at one (HPT order, SMT) */
static int modes_chart(struct charts *c, const struct series_set *ss, size_t first, char *done)
{
	const struct series *s0 = &ss->s[first];
	struct { unsigned int run; char mode[9]; } cols[MODES_MAX_COLS];
	struct { char bench[RUNDIR_MAX_NAME + 1]; unsigned int thread; } rows[MODES_MAX_ROWS];
	size_t ncol = 0, nrow = 0, i, j, k, pick[2] = { first, first };
	char name[sizeof(c->list->name)], base[120], title[300], foot[1200], cap[600], nc[8];
	char label[200];
	struct vary v = { 0 };
	FILE *fp;
	int rc, left = 0;

	for (i = first; i < ss->n; i++) {
		const struct series *s = &ss->s[i];

		if (done[i] || s->order != s0->order || s->smt != s0->smt)
			continue;
		done[i] = 1;
		for (j = 0; j < ncol && (cols[j].run != s->run || strcmp(cols[j].mode, s->mode)); j++)
			;
		if (j == ncol && ncol < MODES_MAX_COLS) {
			cols[ncol].run = s->run;
			snprintf(cols[ncol].mode, sizeof(cols[ncol].mode), "%s", s->mode);
			ncol++;
		} else if (j == ncol) {
			left = 1;
		}
		for (k = 0; k < nrow && (rows[k].thread != s->thread || strcmp(rows[k].bench, s->bench)); k++)
			;
		if (k == nrow && nrow < MODES_MAX_ROWS) {
			snprintf(rows[nrow].bench, sizeof(rows[nrow].bench), "%s", s->bench);
			rows[nrow].thread = s->thread;
			nrow++;
		} else if (k == nrow) {
			left = 1;
		}
		if (s->run != s0->run)
			pick[1] = i;
	}
	for (i = 1; i < ncol; i++)	/* by run, then rm, vm, user */
		for (j = i; j > 0 && (cols[j].run < cols[j - 1].run ||
				      (cols[j].run == cols[j - 1].run &&
				       series_mode_rank(cols[j].mode) < series_mode_rank(cols[j - 1].mode))); j--) {
			unsigned int r = cols[j].run;
			char m[9];

			memcpy(m, cols[j].mode, sizeof(m));
			cols[j] = cols[j - 1];
			cols[j - 1].run = r;
			memcpy(cols[j - 1].mode, m, sizeof(m));
		}
	vary_of(ss, pick, 2, &v);
	snprintf(base, sizeof(base), "modes.%s.h%d.s%d", v.run ? "all" : ss->runs[s0->run].label,
		 s0->order, s0->smt);
	chart_name(c, name, sizeof(name), base);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	fprintf(fp, "bench");
	for (j = 0; j < ncol; j++) {
		snprintf(label, sizeof(label), "%s%s%s", v.run ? ss->runs[cols[j].run].label : "",
			 v.run ? " " : "", cols[j].mode);
		fprintf(fp, ",%s,lo,hi", label);
	}
	fputc('\n', fp);
	for (k = 0; k < nrow; k++) {
		sanitise(label, sizeof(label), rows[k].bench);
		fprintf(fp, "%s%s%.0u", label, rows[k].thread ? "-t" : "", rows[k].thread);
		for (j = 0; j < ncol; j++) {
			for (i = 0; i < ss->n; i++) {
				const struct series *s = &ss->s[i];

				if (s->run == cols[j].run && !strcmp(s->mode, cols[j].mode) &&
				    s->order == s0->order && s->smt == s0->smt && s->thread == rows[k].thread &&
				    !strcmp(s->bench, rows[k].bench))
					break;
			}
			if (i < ss->n) {
				double mean, lo, hi;

				series_p50_ci(&ss->s[i], &mean, &lo, &hi);
				/* a log axis: an interval reaching 0 is drawn from 1 tick */
				fprintf(fp, ",%.1f,%.1f,%.1f", mean >= 1 ? mean : 1, lo >= 1 ? lo : 1, hi >= 1 ? hi : 1);
			} else {
				fprintf(fp, ",?,?,?");
			}
		}
		fputc('\n', fp);
	}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "p50 round trip by mode%s, HPT order %d, SMT %d", v.run ? " and run" : "",
		 s0->order, s0->smt);
	provenance_all(ss, v.run ? -1 : (int)s0->run, foot, sizeof(foot));
	snprintf(cap, sizeof(cap), "%s: %zu benches, %zu bars each%s", title, nrow, ncol,
		 left ? " (more left out: at most 64 benches, 12 bars)" : "");
	snprintf(nc, sizeof(nc), "%zu", ncol);
	{
		const char *args[3] = { title, foot, nc };

		rc = plot(c, "modes.gp", name, CHART_MODES, v.run ? -1 : (int)s0->run, cap, args, 3);
	}
out:
	unlink_chart(c, name);
	return rc;
}

/* one run's records of one mode with a collector: handler and transition stacked */
static int split_chart(struct charts *c, const struct series_set *ss, size_t first, char *done)
{
	const struct series *s0 = &ss->s[first];
	const struct run_info *ri = &ss->runs[s0->run];
	char name[sizeof(c->list->name)], base[120], title[300], foot[600], cap[600];
	char label[RUNDIR_MAX_NAME + 1];
	size_t i, n = 0;
	FILE *fp;
	int rc;

	if (!s0->host_n)
		return 0;
	snprintf(base, sizeof(base), "split.%s.%s", ri->label, s0->mode);
	chart_name(c, name, sizeof(name), base);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	fprintf(fp, "group,handler,transition\n");
	for (i = first; i < ss->n; i++) {
		const struct series *s = &ss->s[i];
		double hp;

		if (done[i] || !s->host_n || s->run != s0->run || strcmp(s->mode, s0->mode))
			continue;
		done[i] = 1;
		hp = s->host_p50_sum / s->host_n;
		if (hp > (double)s->sum.p50)
			hp = (double)s->sum.p50;	/* the guest's round trip bounds the handler */
		sanitise(label, sizeof(label), s->bench);
		fprintf(fp, "%s%s%.0u h%d s%d,%.1f,%.1f\n", label, s->thread ? "-t" : "", s->thread, s->order,
			s->smt, hp, (double)s->sum.p50 - hp);
		n++;
	}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "Round trip = host handler + transition, %s mode%s%s (p50s)", s0->mode,
		 ss->nruns > 1 ? ", " : "", ss->nruns > 1 ? ri->label : "");
	provenance_all(ss, (int)s0->run, foot, sizeof(foot));
	snprintf(cap, sizeof(cap), "%s: %zu groups (hN: HPT order, sN: SMT); the handler from the run's collector",
		 title, n);
	{
		const char *args[2] = { title, foot };

		rc = plot(c, "split.gp", name, CHART_SPLIT, (int)s0->run, cap, args, 2);
	}
out:
	unlink_chart(c, name);
	return rc;
}

/* one bench's latency, H_PTEG_FULL rate and full PTEGs against the HPT order */
static int sweep_chart(struct charts *c, const struct series_set *ss, size_t first, char *done)
{
	const struct series *s0 = &ss->s[first];
	const struct series *at[SWEEP_MAX_ORDERS] = { 0 };
	const struct run_info *ri = &ss->runs[s0->run];
	char name[sizeof(c->list->name)], base[RUNDIR_MAX_NAME + 80], title[300], foot[600];
	char cap[600], qo[8], po[8], label[RUNDIR_MAX_NAME + 1];
	size_t i, norders = 0;
	int o, rc, fills = 0;
	FILE *fp;

	for (i = first; i < ss->n; i++) {
		const struct series *s = &ss->s[i];

		if (done[i] || s->run != s0->run || s->thread != s0->thread || s->smt != s0->smt ||
		    strcmp(s->mode, s0->mode) || strcmp(s->bench, s0->bench) ||
		    s->order < RUNDIR_HPT_ORDER_MIN || s->order > RUNDIR_HPT_ORDER_MAX)
			continue;
		done[i] = 1;
		if (!at[s->order - RUNDIR_HPT_ORDER_MIN])
			norders++;
		at[s->order - RUNDIR_HPT_ORDER_MIN] = s;
		fills |= series_fills(s);
	}
	if (norders < 2)
		return 0;	/* one order is no sweep */
	sanitise(label, sizeof(label), s0->bench);
	snprintf(base, sizeof(base), "sweep.%s%s%.0u.%s.s%d%s%s", label, s0->thread ? "-t" : "", s0->thread,
		 s0->mode, s0->smt, ss->nruns > 1 ? "." : "", ss->nruns > 1 ? ri->label : "");
	chart_name(c, name, sizeof(name), base);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	fprintf(fp, "order,p50,p99,pteg_full_pct,full_ptegs_pct\n");
	for (o = 0; o < SWEEP_MAX_ORDERS; o++) {
		const struct series *s = at[o];

		if (!s)
			continue;
		fprintf(fp, "%d,%llu,%llu", s->order, (unsigned long long)(s->sum.p50 ? s->sum.p50 : 1),
			(unsigned long long)(s->sum.p99 ? s->sum.p99 : 1));
		if (fills && s->calls)
			fprintf(fp, ",%.3f", (double)s->pteg_full * 100.0 / (double)s->calls);
		else
			fprintf(fp, ",?");
		if (s->nfill && s->fill_entries >= HPTES_PER_GROUP)
			fprintf(fp, ",%.3f\n", (double)s->fill_full * 100.0 * HPTES_PER_GROUP / (double)s->fill_entries);
		else
			fprintf(fp, ",?\n");
	}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "%s%s%.0u (%s, %s, SMT %d%s%s) against the HPT order", s0->bench,
		 s0->thread ? " thread " : "", s0->thread, s0->req, s0->mode, s0->smt,
		 ss->nruns > 1 ? ", " : "", ss->nruns > 1 ? ri->label : "");
	provenance_all(ss, (int)s0->run, foot, sizeof(foot));
	snprintf(qo, sizeof(qo), "%d", series_qemu_order(ri->mem_mib) > 0 ? series_qemu_order(ri->mem_mib) : 0);
	snprintf(po, sizeof(po), "%d", series_papr_order(ri->mem_mib) > 0 ? series_papr_order(ri->mem_mib) : 0);
	snprintf(cap, sizeof(cap), "%s: %zu orders%s", title, norders,
		 ri->mem_mib > 0 ? ", QEMU's and PAPR's orders for the guest's RAM marked" : "");
	{
		const char *args[5] = { title, foot, qo, po, fills ? "1" : "0" };

		rc = plot(c, "sweep.gp", name, CHART_SWEEP, (int)s0->run, cap, args, 5);
	}
out:
	unlink_chart(c, name);
	return rc;
}

static int hpt_chart(struct charts *c, const struct series_set *ss)
{
	static const char *const kinds[NR_HPT_PT] = { "resize commit", "resize prepare", "HTAB-fd read pass" };
	char name[sizeof(c->list->name)], title[200], foot[1200], cap[400];
	unsigned int run, kind, blocks = 0;
	size_t i, n;
	FILE *fp;
	int rc;

	if (!ss->npts)
		return 0;
	chart_name(c, name, sizeof(name), "hpt.cost");
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	for (run = 0; run < ss->nruns; run++)
		for (kind = 0; kind < NR_HPT_PT; kind++) {
			for (i = n = 0; i < ss->npts; i++) {
				const struct hpt_point *p = &ss->pts[i];

				if (p->run != run || (unsigned int)p->kind != kind || p->order < 0)
					continue;
				if (!n++)
					fprintf(fp, "%s%s%s%s\n", blocks++ ? "\n\n" : "",
						ss->nruns > 1 ? ss->runs[run].label : "", ss->nruns > 1 ? " " : "",
						kinds[kind]);
				fprintf(fp, "%d,%.4f\n", p->order, p->ms > 0 ? p->ms : 0.0001);
			}
		}
	rc = csv_close(fp, name);
	if (rc || !blocks)
		goto out;
	snprintf(title, sizeof(title), "The HPT's life cycle: resize and HTAB-fd read cost against the order");
	provenance_all(ss, -1, foot, sizeof(foot));
	snprintf(cap, sizeof(cap), "%s (%zu points)", title, ss->npts);
	{
		const char *args[2] = { title, foot };

		rc = plot(c, "hpt.gp", name, CHART_HPT, -1, cap, args, 2);
	}
out:
	unlink_chart(c, name);
	return rc;
}

/*
 * The resize's commit against the entries it moved (KVM rehashes every
 * bolted entry while the guest is stopped): one series per (from, to)
 * order pair, over all runs, by entries.  Drawn when the entries differ
 * (several runs of h_resize with other -n, or other orders).
 */
static int resize_pt(const struct hpt_point *p)
{
	return p->kind == HPT_PT_COMMIT && p->entries >= 0 && p->order >= 0;
}

static int resize_cmp(const void *a, const void *b)
{
	const struct hpt_point *x = a, *y = b;

	if (x->from != y->from)
		return x->from - y->from;
	if (x->order != y->order)
		return x->order - y->order;
	return x->entries < y->entries ? -1 : x->entries > y->entries;
}

static int resize_chart(struct charts *c, const struct series_set *ss)
{
	char name[sizeof(c->list->name)], title[200], foot[1200], cap[400];
	struct hpt_point *v;
	size_t i, n = 0, blocks = 0;
	int distinct = 0, rc;
	FILE *fp;

	v = calloc(ss->npts + 1, sizeof(*v));
	if (!v) {
		report_err("out of memory for %zu resize points", ss->npts);
		return EXIT_FAILED;
	}
	for (i = 0; i < ss->npts; i++)
		if (resize_pt(&ss->pts[i])) {
			v[n] = ss->pts[i];
			distinct |= n && v[n].entries != v[0].entries;
			n++;
		}
	rc = 0;
	if (!distinct)
		goto done;
	qsort(v, n, sizeof(*v), resize_cmp);
	chart_name(c, name, sizeof(name), "hpt.resize");
	fp = csv_open(c, name);
	if (!fp) {
		rc = EXIT_FAILED;
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (!i || v[i].from != v[i - 1].from || v[i].order != v[i - 1].order)
			fprintf(fp, "%sorder %d to %d\n", blocks++ ? "\n\n" : "", v[i].from, v[i].order);
		fprintf(fp, "%lld,%.4f\n", (long long)v[i].entries, v[i].ms > 0 ? v[i].ms : 0.0001);
	}
	rc = csv_close(fp, name);
	if (!rc) {
		snprintf(title, sizeof(title), "HPT resize: the commit against the valid entries it rehashed");
		provenance_all(ss, -1, foot, sizeof(foot));
		snprintf(cap, sizeof(cap), "%s (%zu commits, %zu order pairs)", title, n, blocks);
		{
			const char *args[2] = { title, foot };

			rc = plot(c, "resize.gp", name, CHART_HPT, -1, cap, args, 2);
		}
	}
	unlink_chart(c, name);
done:
	free(v);
	return rc;
}

/* kmod's kvm_rm_cede wake codes: (SRR1 & 0x3c0000) >> 18 (collect_bpf.json wake_reason_index) */
static const char *wake_name(unsigned int code)
{
	switch (code) {
	case 3: return "hv doorbell";
	case 5: return "doorbell";
	case 6: return "decrementer";
	case 8: return "external";
	case 10: return "hmi";
	default: return NULL;
	}
}

/* SMT naps of one (run, mode, SMT width): naps by napping siblings, wake reasons */
static int nap_chart(struct charts *c, const struct series_set *ss, const struct nap_group *g)
{
	const struct run_info *ri = &ss->runs[g->run];
	char name[sizeof(c->list->name)], base[120], title[300], foot[600], cap[600];
	unsigned int k;
	FILE *fp;
	int rc;

	snprintf(base, sizeof(base), "nap.%s.%s.s%d", ri->label, g->mode, g->smt);
	chart_name(c, name, sizeof(name), base);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	/* the collector counts by threads napping after the cede, its own included: 1..SMT */
	fprintf(fp, "napping,naps\n");
	for (k = 1; k < REPORT_NAP_THREADS && k <= (unsigned int)g->smt; k++)
		fprintf(fp, "%u,%llu\n", k - 1, (unsigned long long)g->c.by_napping[k]);
	fprintf(fp, "\n\nreason,wakes\n");
	for (k = 0; k < REPORT_WAKE_REASONS; k++)
		if (g->c.wake[k] || wake_name(k)) {
			if (wake_name(k))
				fprintf(fp, "%s,%llu\n", wake_name(k), (unsigned long long)g->c.wake[k]);
			else
				fprintf(fp, "code %u,%llu\n", k, (unsigned long long)g->c.wake[k]);
		}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "SMT %d vcore, %s mode%s%s: %llu naps, %llu vcore exits to the host", g->smt,
		 g->mode, ss->nruns > 1 ? ", " : "", ss->nruns > 1 ? ri->label : "",
		 (unsigned long long)g->c.naps, (unsigned long long)g->c.to_host);
	provenance_all(ss, (int)g->run, foot, sizeof(foot));
	snprintf(cap, sizeof(cap), "%s (%u cells; kmod's kvm_rm_cede through the BPF collector)", title, g->cells);
	{
		const char *args[2] = { title, foot };

		rc = plot(c, "nap.gp", name, CHART_NAP, (int)g->run, cap, args, 2);
	}
out:
	unlink_chart(c, name);
	return rc;
}

/* does this group have a ceding thread's figures? */
static int ceding(const struct series *s)
{
	return s->wake_n || s->early_cedes;
}

/*
 * Waking from H_CEDE against the vcore's width, one (run, mode): per ceding
 * record (h_cede, whose siblings cede too, so SMT - 1 of them nap beside
 * it; h_cede_busy, whose siblings are busy; h_prod's ceder) the wake
 * latency's p50 and p99 (the guest's decrementer handler minus the
 * decrementer's expiry, mean over repetitions and HPT orders) and the
 * early wakes (cedes that returned before the decrementer) per 100 cedes.
 */
static int wake_chart(struct charts *c, const struct series_set *ss, size_t first, char *done)
{
	const struct series *f = &ss->s[first];
	struct {
		char label[RUNDIR_MAX_NAME + 8];
		double p50[WAKE_MAX_SMT + 1], p99[WAKE_MAX_SMT + 1];
		unsigned int n[WAKE_MAX_SMT + 1];
		uint64_t early[WAKE_MAX_SMT + 1], cedes[WAKE_MAX_SMT + 1];
	} line[WAKE_MAX_LINES];
	char name[sizeof(c->list->name)], base[120], title[300], foot[600], names[WAKE_MAX_LINES * (RUNDIR_MAX_NAME + 9)];
	unsigned int nl = 0, k, w, left = 0;
	size_t i, used = 0;
	FILE *fp;
	int rc;

	memset(line, 0, sizeof(line));
	for (i = first; i < ss->n; i++) {
		const struct series *s = &ss->s[i];
		char label[sizeof(line[0].label)];

		if (done[i] || !ceding(s) || s->run != f->run || strcmp(s->mode, f->mode))
			continue;
		done[i] = 1;
		if (s->smt < 1 || s->smt > WAKE_MAX_SMT)
			continue;
		snprintf(label, sizeof(label), "%s%s%.0u", s->bench, s->thread ? "/t" : "", s->thread);
		for (k = 0; k < nl && strcmp(line[k].label, label); k++)
			;
		if (k == nl) {
			if (nl == WAKE_MAX_LINES) {
				left++;
				continue;
			}
			snprintf(line[nl++].label, sizeof(line[0].label), "%s", label);
		}
		w = (unsigned int)s->smt;
		line[k].p50[w] += s->wake_p50_sum;
		line[k].p99[w] += s->wake_p99_sum;
		line[k].n[w] += s->wake_n;
		line[k].early[w] += s->early_wakes;
		line[k].cedes[w] += s->early_cedes;
	}
	if (!nl)
		return 0;
	snprintf(base, sizeof(base), "wake.%s.%s", ss->runs[f->run].label, f->mode);
	chart_name(c, name, sizeof(name), base);
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	names[0] = 0;
	for (k = 0; k < nl; k++) {
		fprintf(fp, "%s%s\nsmt,wake_p50,wake_p99,early_per_100_cedes\n", k ? "\n\n" : "", line[k].label);
		for (w = 1; w <= WAKE_MAX_SMT; w++) {
			if (!line[k].n[w] && !line[k].cedes[w])
				continue;
			fprintf(fp, "%u,", w);
			if (line[k].n[w])
				fprintf(fp, "%.1f,%.1f,", line[k].p50[w] / line[k].n[w], line[k].p99[w] / line[k].n[w]);
			else
				fprintf(fp, "NaN,NaN,");
			if (line[k].cedes[w])
				fprintf(fp, "%.3f\n", (double)line[k].early[w] * 100 / (double)line[k].cedes[w]);
			else
				fprintf(fp, "NaN\n");
		}
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", k ? " " : "", line[k].label);
	}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "Waking from H_CEDE against the vcore's threads, %s mode%s%s%s", f->mode,
		 ss->nruns > 1 ? ", " : "", ss->nruns > 1 ? ss->runs[f->run].label : "",
		 left ? " (more ceding records left out)" : "");
	provenance_all(ss, (int)f->run, foot, sizeof(foot));
	{
		int has_wake = 0, has_early = 0;
		const char *args[5] = { title, foot, names, NULL, NULL };

		for (k = 0; k < nl; k++)
			for (w = 1; w <= WAKE_MAX_SMT; w++) {
				has_wake |= !!line[k].n[w];
				has_early |= !!line[k].cedes[w];
			}
		/* gnuplot refuses a panel whose every point is missing: the template says so instead */
		args[3] = has_wake ? "1" : "0";
		args[4] = has_early ? "1" : "0";
		rc = plot(c, "wake.gp", name, CHART_WAKE, (int)f->run, title, args, 5);
	}
out:
	unlink_chart(c, name);
	return rc;
}

/* the collectors' probe effect of every run that measured it (hvbench run's calibration pair) */
static int probe_chart(struct charts *c, const struct series_set *ss)
{
	char name[sizeof(c->list->name)], title[200], foot[1200], cap[400];
	unsigned int i, n = 0;
	FILE *fp;
	int rc;

	for (i = 0; i < ss->nruns; i++)
		n += ss->runs[i].calib;
	if (!n)
		return 0;
	chart_name(c, name, sizeof(name), "probe.effect");
	fp = csv_open(c, name);
	if (!fp)
		return EXIT_FAILED;
	fprintf(fp, "run,without,with,inflation_pct\n");
	for (i = 0; i < ss->nruns; i++) {
		const struct run_info *ri = &ss->runs[i];

		if (ri->calib)
			fprintf(fp, "%s %s,%lld,%lld,%.2f\n", ri->label, ri->calib_mode, ri->calib_without,
				ri->calib_with, ((double)ri->calib_with / (double)ri->calib_without - 1) * 100);
	}
	rc = csv_close(fp, name);
	if (rc)
		goto out;
	snprintf(title, sizeof(title), "The collectors' probe effect on a null hcall (calibration pair, p50)");
	provenance_all(ss, -1, foot, sizeof(foot));
	snprintf(cap, sizeof(cap), "%s: %u run%s measured it", title, n, n == 1 ? "" : "s");
	{
		const char *args[2] = { title, foot };

		rc = plot(c, "probe.gp", name, CHART_PROBE, -1, cap, args, 2);
	}
out:
	unlink_chart(c, name);
	return rc;
}

int charts_trend(struct charts *c, const char *name, const char *title, const char *foot,
		 const char *ylabel, const double *y, size_t n, const size_t *changes, size_t nchanges)
{
	char base[sizeof(c->list->name)], cname[sizeof(c->list->name)], cps[EDIV_CHANGES_TEXT];
	size_t i, k, used = 0;
	FILE *fp;
	int rc;

	sanitise(cname, sizeof(cname), name);
	snprintf(base, sizeof(base), "trend.%.150s", cname);
	chart_name(c, cname, sizeof(cname), base);
	fp = csv_open(c, cname);
	if (!fp)
		return EXIT_FAILED;
	fprintf(fp, "run,value\n");
	for (i = 0; i < n; i++)
		if (!isnan(y[i]))
			fprintf(fp, "%zu,%.3f\n", i, y[i]);
	fprintf(fp, "\n\nx,y\n");
	cps[0] = 0;
	for (k = 0; k <= nchanges; k++) {
		size_t lo = k ? changes[k - 1] : 0, hi = k < nchanges ? changes[k] : n, m = 0;
		double sum = 0;

		for (i = lo; i < hi; i++)
			if (!isnan(y[i])) {
				sum += y[i];
				m++;
			}
		if (m)
			fprintf(fp, "%.1f,%.3f\n%.1f,%.3f\n\n", lo - 0.5, sum / m, hi - 0.5, sum / m);
		if (k < nchanges && used < sizeof(cps))
			used += (size_t)snprintf(cps + used, sizeof(cps) - used, "%s%zu", k ? " " : "", changes[k]);
	}
	rc = csv_close(fp, cname);
	if (!rc) {
		const char *args[4] = { title, foot, cps, ylabel };

		rc = plot(c, "trend.gp", cname, CHART_TREND, -1, title, args, 4);
	}
	unlink_chart(c, cname);
	return rc;
}

int charts_summary(struct charts *c, const struct series_set *ss)
{
	char *done = calloc(ss->n + 1, 5);
	size_t i;
	int rc = 0;

	if (!done) {
		report_err("out of memory for %zu chart groups", ss->n);
		return EXIT_FAILED;
	}
	for (i = 0; i < ss->n && !rc; i++)
		if (!done[i])
			rc = cdf_chart(c, ss, i, done);
	for (i = 0; i < ss->n && !rc; i++)
		if (!done[ss->n + i])
			rc = modes_chart(c, ss, i, done + ss->n);
	for (i = 0; i < ss->n && !rc; i++)
		if (!done[2 * ss->n + i])
			rc = split_chart(c, ss, i, done + 2 * ss->n);
	for (i = 0; i < ss->n && !rc; i++)
		if (!done[3 * ss->n + i])
			rc = sweep_chart(c, ss, i, done + 3 * ss->n);
	if (!rc)
		rc = hpt_chart(c, ss);
	if (!rc)
		rc = resize_chart(c, ss);
	for (i = 0; i < ss->nnaps && !rc; i++)
		rc = nap_chart(c, ss, &ss->naps[i]);
	for (i = 0; i < ss->n && !rc; i++)
		if (!done[4 * ss->n + i] && ceding(&ss->s[i]))
			rc = wake_chart(c, ss, i, done + 4 * ss->n);
	if (!rc)
		rc = probe_chart(c, ss);
	free(done);
	return rc;
}
