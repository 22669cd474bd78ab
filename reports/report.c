// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench report: from a run directory, a plain-text summary (count, min,
 * p50, p90, p99, max in timebase ticks and ns) and one gnuplot histogram
 * PNG per bench.  Runs anywhere the run directory can be copied to.
 */
#include <argp.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <jansson.h>
#include "cmd.h"
#include "hist_stats.h"
#include "results.h"
#include "rundir.h"

#ifndef HVB_REPORTS_DIR
#define HVB_REPORTS_DIR "reports"
#endif

static struct report_env {
	const char *rundir;
	const char *outdir;
	const char *templates;
} env;

static const char doc[] =
"Write the summary and histogram charts of a run directory.\n"
"\n"
"EXAMPLES:\n"
"    hvbench report runs/h_enter-24          # writes runs/h_enter-24/report/\n"
"    hvbench report -o /tmp/r runs/h_enter-24\n";

static const struct argp_option opts[] = {
	{ "output", 'o', "DIR", 0, "Report directory (default RUNDIR/report)", 0 },
	{ "templates", 'T', "DIR", 0, "gnuplot templates (default: the source tree's reports/)", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'o':
		env.outdir = arg;
		break;
	case 'T':
		env.templates = arg;
		break;
	case ARGP_KEY_ARG:
		if (env.rundir)
			argp_failure(state, 2, 0, "one run directory at a time ('%s' is extra)", arg);
		env.rundir = arg;
		break;
	case ARGP_KEY_END:
		if (!env.rundir)
			argp_failure(state, 2, 0, "which run directory? usage: hvbench report RUNDIR");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static json_t *load_json(const char *dir, const char *name)
{
	char err[8400];
	json_t *j = rundir_read_json(dir, name, err, sizeof(err));

	if (!j)
		fprintf(stderr, "hvbench: error: %s; is %s an hvbench run directory?\n", err, dir);
	return j;
}

/* snprintf for paths; a path too long to hold is an error, not a truncation */
static int pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		fprintf(stderr, "hvbench: error: path too long: %.64s...\n", buf);
		return -ENAMETOOLONG;
	}
	return 0;
}

/*
 * The host side of a bench from a collector's JSON: p50 of the handler of
 * req in real mode (timebase ticks) or virtual mode (ns, converted), or -1.
 */
static double host_p50_ticks(json_t *col, const char *req, uint64_t tb_hz, const char **mode)
{
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(col, "hcalls"), i, h) {
		const char *r = "", *m = "";
		json_int_t p50 = -1, cnt = 0;

		json_unpack(h, "{s:s, s:s, s:{s:I, s:I}}", "req", &r, "mode", &m, "hist",
			    "count", &cnt, "p50", &p50);
		if (strcmp(r, req) || cnt <= 0)
			continue;
		*mode = m;
		if (!strcmp(m, "rm"))
			return (double)p50;
		return tb_hz ? (double)p50 * (double)tb_hz / 1e9 : -1;
	}
	return -1;
}

static double to_ns(uint64_t ticks, uint64_t tb_hz)
{
	return tb_hz ? (double)ticks * 1e9 / (double)tb_hz : 0;
}

static int plot(const char *outdir, const char *bench, const char *req, const struct hvb_hist *h,
		const struct hvb_summary *s, const char *title, uint64_t tb_hz)
{
	char dat[8200], png[8200], gp[8200], expr[16384], *buf = NULL;
	size_t len = 0;
	FILE *f;
	uint32_t b;
	pid_t pid;
	int status, err;

	/* data: lo hi count, one line per non-empty bucket */
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "# bucket_lo bucket_hi count (timebase ticks)\n");
	for (b = 0; b < HVB_HIST_BUCKETS; b++)
		if (h->buckets[b])
			fprintf(f, "%llu %llu %u\n", (unsigned long long)hvb_hist_bucket_lo(b),
				(unsigned long long)(b == HVB_HIST_BUCKETS - 1 ? h->max : hvb_hist_bucket_hi(b)),
				h->buckets[b]);
	fclose(f);
	err = pathf(dat, sizeof(dat), "%s/%s.dat", outdir, bench);
	if (!err)
		err = write_file_atomic(dat, buf, len);
	free(buf);
	if (err)
		return err;

	if (pathf(png, sizeof(png), "%s/%s.png", outdir, bench) ||
	    pathf(gp, sizeof(gp), "%s/hist.gp", env.templates ? env.templates :
		 getenv("HVBENCH_REPORTS") ? getenv("HVBENCH_REPORTS") : HVB_REPORTS_DIR))
		return -ENAMETOOLONG;
	if (access(gp, R_OK)) {
		fprintf(stderr, "hvbench: error: gnuplot template %s not found (pass --templates DIR)\n", gp);
		return -ENOENT;
	}
	if (pathf(expr, sizeof(expr),
		 "datafile='%s'; outfile='%s.tmp'; plottitle='%s'; hcall='%s'; p50=%llu; p99=%llu; tb_hz=%llu.0",
		 dat, png, title, req, (unsigned long long)s->p50, (unsigned long long)s->p99,
		 (unsigned long long)tb_hz))
		return -ENAMETOOLONG;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		execlp("gnuplot", "gnuplot", "-e", expr, gp, (char *)NULL);
		fprintf(stderr, "hvbench: error: cannot run gnuplot: %s (apt-get install gnuplot-nox)\n",
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "hvbench: error: gnuplot failed on %s\n", gp);
		return -EIO;
	}
	if (pathf(dat, sizeof(dat), "%s.tmp", png) || rename(dat, png))
		return -errno;
	printf("hvbench: wrote %s\n", png);
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, "RUNDIR", doc, NULL, NULL, NULL };
	json_t *meta = NULL, *res = NULL, *benches, *jb, *col = NULL;
	char outdir[8200], err_msg[256], spath[8300], *text = NULL;
	const char *release = "?", *pvr = "?", *host = "?";
	json_int_t tb_hz = 0, order = 0;
	size_t tlen = 0, i;
	FILE *t = NULL;
	int err = 1;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	meta = load_json(env.rundir, "meta.json");
	res = meta ? load_json(env.rundir, "results.json") : NULL;
	if (!res)
		goto cleanup;
	json_unpack(meta, "{s:{s:s}, s:s, s:s, s:I, s?{s:I}}", "kernel", "release", &release,
		    "pvr", &pvr, "host", &host, "timebase_hz", &tb_hz, "run", "hpt_order", &order);
	benches = json_object_get(res, "benches");
	if (!json_is_array(benches)) {
		fprintf(stderr, "hvbench: error: %s/results.json has no 'benches' array\n", env.rundir);
		goto cleanup;
	}
	if (env.outdir ? pathf(outdir, sizeof(outdir), "%s", env.outdir) :
			 pathf(outdir, sizeof(outdir), "%s/report", env.rundir))
		goto cleanup;
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		fprintf(stderr, "hvbench: error: cannot create %s: %s\n", outdir, strerror(errno));
		goto cleanup;
	}

	t = open_memstream(&text, &tlen);
	if (!t)
		goto cleanup;
	fprintf(t, "hvbench report of %s\n", env.rundir);
	fprintf(t, "host: %s, pvr %s, kernel %s, timebase %lld Hz, HPT order %lld\n",
		host, pvr, release, (long long)tb_hz, (long long)order);
	if (!strcmp(host, "emulated"))
		fprintf(t, "note: emulated host (QEMU TCG): compare ratios, not absolute times\n");
	fprintf(t, "\n%-10s %-9s %-6s %10s %10s %10s %10s %10s %10s\n",
		"bench", "hcall", "unit", "count", "min", "p50", "p90", "p99", "max");
	/* guest round trip vs host handler: the difference is the transition */
	{
		char cpath[8300];
		json_error_t jerr;

		if (!pathf(cpath, sizeof(cpath), "%s/collect_bpf.json", env.rundir))
			col = json_load_file(cpath, 0, &jerr);
		if (!col && !pathf(cpath, sizeof(cpath), "%s/collect_perf.json", env.rundir))
			col = json_load_file(cpath, 0, &jerr);
	}
	json_array_foreach(benches, i, jb) {
		const char *name = "?", *req = "?";
		struct hvb_summary s;
		struct hvb_hist *h = malloc(sizeof(*h));
		char title[256];

		if (!h)
			goto cleanup;
		json_unpack(jb, "{s:s, s:s}", "bench", &name, "req", &req);
		if (hvb_hist_from_json(json_object_get(jb, "hist"), h, err_msg, sizeof(err_msg))) {
			fprintf(stderr, "hvbench: error: %s/results.json bench %s: %s\n",
				env.rundir, name, err_msg);
			free(h);
			goto cleanup;
		}
		hvb_hist_summary(h, &s);
		fprintf(t, "%-10s %-9s %-6s %10llu %10llu %10llu %10llu %10llu %10llu\n",
			name, req, "ticks", (unsigned long long)s.count, (unsigned long long)s.min,
			(unsigned long long)s.p50, (unsigned long long)s.p90,
			(unsigned long long)s.p99, (unsigned long long)s.max);
		if (tb_hz)
			fprintf(t, "%-10s %-9s %-6s %10llu %10.1f %10.1f %10.1f %10.1f %10.1f\n",
				"", "", "ns", (unsigned long long)s.count, to_ns(s.min, tb_hz),
				to_ns(s.p50, tb_hz), to_ns(s.p90, tb_hz), to_ns(s.p99, tb_hz),
				to_ns(s.max, tb_hz));
		if (col) {
			const char *mode = "";
			double hp = host_p50_ticks(col, req, (uint64_t)tb_hz, &mode);

			if (hp >= 0)
				fprintf(t, "%-10s %-9s %-6s host handler p50 %.0f ticks (%s), transition p50 %.0f ticks = %.1f %% of the round trip\n",
					"", "", "split", hp, mode, (double)s.p50 - hp,
					s.p50 ? ((double)s.p50 - hp) * 100.0 / (double)s.p50 : 0);
		}
		snprintf(title, sizeof(title), "%s round trip seen by the guest (%s host, HPT order %lld, n=%llu)",
			 req, host, (long long)order, (unsigned long long)s.count);
		err = plot(outdir, name, req, h, &s, title, (uint64_t)tb_hz);
		free(h);
		if (err)
			goto cleanup;
		err = 1;
	}
	fclose(t);
	t = NULL;
	if (pathf(spath, sizeof(spath), "%s/summary.txt", outdir))
		goto cleanup;
	if (write_file_atomic(spath, text, tlen)) {
		fprintf(stderr, "hvbench: error: cannot write %s\n", spath);
		goto cleanup;
	}
	fputs(text, stdout);
	printf("hvbench: report in %s\n", outdir);
	err = 0;
cleanup:
	if (t)
		fclose(t);
	free(text);
	json_decref(col);
	json_decref(meta);
	json_decref(res);
	return err;
}
