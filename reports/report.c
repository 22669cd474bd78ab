// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench report: from a run directory, a plain-text summary (count, min,
 * p50, p90, p99, max in timebase ticks and ns) and one gnuplot histogram
 * PNG per record.  Runs anywhere the run directory can be copied to.
 *
 * A run directory is untrusted input (CI artifacts, other people's
 * machines): every value is checked before use, names never become code or
 * paths (gnuplot gets them as call arguments, files get sanitised names),
 * charts are drawn in a fresh private directory and renamed into place, and
 * the summary is written before any chart so a run whose guest faulted is
 * still readable.
 */
#define _GNU_SOURCE	/* renameat2 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "report.h"

#ifndef HVB_REPORTS_DIR
#define HVB_REPORTS_DIR "reports"
#endif


#define TB_HZ_MAX	(1ULL << 40)	/* a timebase beyond 1 THz is not a timebase */
#define HPT_ORDER_MIN	18
#define HPT_ORDER_MAX	46
#define THREAD_MAX	255

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
		if (!arg[0])
			argp_failure(state, EXIT_BAD_INPUT, 0, "--output needs a directory name");
		env.outdir = arg;
		break;
	case 'T':
		env.templates = arg;
		break;
	case ARGP_KEY_ARG:
		if (env.rundir)
			argp_failure(state, EXIT_BAD_INPUT, 0, "one run directory at a time ('%s' is extra)", arg);
		env.rundir = arg;
		break;
	case ARGP_KEY_END:
		if (!env.rundir)
			argp_failure(state, EXIT_BAD_INPUT, 0, "which run directory? usage: hvbench report RUNDIR");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static void report_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void report_err(const char *fmt, ...)
{
	va_list ap;

	fputs("hvbench: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
		report_err("path too long: %.64s...", buf);
		return -ENAMETOOLONG;
	}
	return 0;
}

/* ---- meta.json: a missing field is shown as missing, a wrong one is an error ---- */


/*
 * A string fit for a summary line, a terminal and a chart title: 1..
 * RUNDIR_MAX_NAME printable ASCII bytes (no escape sequence, no NUL, no
 * line break can come through).
 */
static int printable_string(json_t *v, const char *key, char *err, size_t errlen)
{
	const char *p;

	if (!json_is_string(v)) {
		snprintf(err, errlen, "'%s' %s", key, v ? "is not a string" : "is missing");
		return -EINVAL;
	}
	if (!json_string_length(v) || json_string_length(v) > RUNDIR_MAX_NAME) {
		snprintf(err, errlen, "'%s' is %zu bytes long: it must be 1..%d", key,
			 json_string_length(v), RUNDIR_MAX_NAME);
		return -EINVAL;
	}
	for (p = json_string_value(v); *p; p++)
		if (*p < ' ' || *p > '~') {
			snprintf(err, errlen, "'%s' holds a byte 0x%02x that is not printable ASCII",
				 key, (unsigned char)*p);
			return -EINVAL;
		}
	if ((size_t)(p - json_string_value(v)) != json_string_length(v)) {
		snprintf(err, errlen, "'%s' holds a NUL byte", key);
		return -EINVAL;
	}
	return 0;
}

static int meta_string(json_t *obj, const char *key, const char **val, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	*val = NULL;
	if (!v)
		return 0;
	if (printable_string(v, key, err, errlen))
		return -EINVAL;
	*val = json_string_value(v);
	return 0;
}

static int meta_int(json_t *obj, const char *key, long long min, long long max,
		    long long *val, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		snprintf(err, errlen, "'%s' must be an integer in %lld..%lld", key, min, max);
		return -EINVAL;
	}
	*val = json_integer_value(v);
	return 0;
}

static int meta_parse(json_t *meta, struct meta_info *m, char *err, size_t errlen)
{
	json_t *kernel, *run;
	long long tb = 0, order = -1, vcpus = -1, iters = -1;

	memset(m, 0, sizeof(*m));
	m->hpt_order = -1;
	if (!json_is_object(meta)) {
		snprintf(err, errlen, "it is not a JSON object");
		return -EINVAL;
	}
	kernel = json_object_get(meta, "kernel");
	run = json_object_get(meta, "run");
	if ((kernel && !json_is_object(kernel)) || (run && !json_is_object(run))) {
		snprintf(err, errlen, "'%s' is not an object", kernel && !json_is_object(kernel) ? "kernel" : "run");
		return -EINVAL;
	}
	if (meta_string(meta, "host", &m->host, err, errlen) ||
	    meta_string(meta, "pvr", &m->pvr, err, errlen) ||
	    (kernel && meta_string(kernel, "release", &m->release, err, errlen)) ||
	    meta_int(meta, "timebase_hz", 0, (long long)TB_HZ_MAX, &tb, err, errlen) ||
	    (run && meta_int(run, "hpt_order", HPT_ORDER_MIN, HPT_ORDER_MAX, &order, err, errlen)) ||
	    (run && meta_int(run, "vcpus", 1, HVB_MAX_THREADS, &vcpus, err, errlen)) ||
	    (run && meta_int(run, "iterations", 0, 1LL << 40, &iters, err, errlen)) ||
	    (run && meta_string(run, "mode", &m->mode, err, errlen)))
		return -EINVAL;
	if (m->mode && strlen(m->mode) > 8) {
		snprintf(err, errlen, "'run.mode' is longer than a mode name");
		return -EINVAL;
	}
	m->tb_hz = (uint64_t)tb;
	m->hpt_order = (int)order;
	m->vcpus = (int)vcpus;
	m->iterations = iters;
	return 0;
}

/* ---- results.json records ---- */


static int record_name(json_t *jb, const char *key, int required, char *dst,
		       char *err, size_t errlen)
{
	json_t *v = json_object_get(jb, key);

	if (!v && !required) {
		strcpy(dst, "?");
		return 0;
	}
	if (printable_string(v, key, err, errlen))
		return -EINVAL;
	strcpy(dst, json_string_value(v));
	return 0;
}

/*
 * Output file names come from the name, never are it: [A-Za-z0-9_-] kept,
 * everything else (/, ., quotes) becomes '_', thread > 0 adds -tN, and a
 * name two records would share gets -2, -3...  No name can leave the
 * report directory or hide in it.
 */
static void record_file(struct record *recs, size_t n)
{
	struct record *r = &recs[n];
	char base[sizeof(r->file)];
	unsigned int k, dup = 1;
	size_t i;
	char *p;

	snprintf(base, sizeof(base), "%s", r->name);
	for (p = base; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			*p = '_';
	if (r->thread)
		snprintf(base + strlen(base), sizeof(base) - strlen(base), "-t%u", r->thread);
	snprintf(r->file, sizeof(r->file), "%s", base);
	/*
	 * The suffix starts past the records already named from this base,
	 * so a run of same-named records costs one pass each, not one per
	 * earlier record; names planted to collide only push it further.
	 */
	for (i = 0; i < n; i++) {
		size_t bl = strlen(base);
		const char *f = recs[i].file;

		/* base itself, or base-N */
		if (!strncmp(f, base, bl) &&
		    (!f[bl] || (f[bl] == '-' && f[bl + 1] && strspn(f + bl + 1, "0123456789") == strlen(f + bl + 1))))
			dup++;
	}
	if (dup > 1)
		snprintf(r->file, sizeof(r->file), "%.140s-%u", base, dup);
	for (k = 0; k < n + 1; k++) {
		for (i = 0; i < n; i++)
			if (!strcmp(recs[i].file, r->file))
				break;
		if (i == n)
			return;
		snprintf(r->file, sizeof(r->file), "%.140s-%u", base, ++dup);
	}
}

static int record_parse(json_t *jb, struct record *recs, size_t n, char *err, size_t errlen)
{
	struct record *r = &recs[n];
	json_t *th = json_object_get(jb, "thread");
	char herr[200];

	if (!json_is_object(jb)) {
		snprintf(err, errlen, "it is not an object");
		return -EINVAL;
	}
	if (record_name(jb, "bench", 1, r->name, err, errlen) ||
	    record_name(jb, "req", 0, r->req, err, errlen) ||
	    record_name(jb, "status", 0, r->status, err, errlen))
		return -EINVAL;
	if (th && (!json_is_integer(th) || json_integer_value(th) < 0 ||
		   json_integer_value(th) > THREAD_MAX)) {
		snprintf(err, errlen, "'thread' must be an integer in 0..%d", THREAD_MAX);
		return -EINVAL;
	}
	r->thread = th ? (unsigned int)json_integer_value(th) : 0;
	if (hvb_hist_from_json(json_object_get(jb, "hist"), &r->hist, herr, sizeof(herr))) {
		snprintf(err, errlen, "%s", herr);
		return -EINVAL;
	}
	hvb_hist_summary(&r->hist, &r->s);
	record_file(recs, n);
	return 0;
}

/* ---- the host side of a record, from a collector ---- */


/*
 * A collector's hcall histogram entry for req (on the record's vcpu where
 * the collector says): p50 in timebase ticks, real mode as recorded, virtual
 * mode converted from ns.  1 found, 0 none, -EINVAL malformed.
 */
static int host_p50_ticks(const struct collector *c, const struct record *r, uint64_t tb_hz,
			  double *p50_ticks, const char **mode, char *err, size_t errlen)
{
	json_t *hcalls = json_object_get(c->j, "hcalls"), *h;
	size_t i;

	if (!hcalls)
		return 0;
	if (!json_is_array(hcalls) || json_array_size(hcalls) > RUNDIR_MAX_RECORDS * 64) {
		snprintf(err, errlen, "'hcalls' is not an array of at most %d entries", RUNDIR_MAX_RECORDS * 64);
		return -EINVAL;
	}
	json_array_foreach(hcalls, i, h) {
		const char *req = NULL, *m = NULL;
		json_int_t p50 = -1, cnt = -1, vcpu = -1;
		json_error_t jerr;

		if (json_unpack_ex(h, &jerr, 0, "{s:s, s:s, s?I, s:{s:I, s:I}}", "req", &req,
				   "mode", &m, "vcpu", &vcpu, "hist", "count", &cnt, "p50", &p50)) {
			snprintf(err, errlen, "hcalls entry %zu: %s", i, jerr.text);
			return -EINVAL;
		}
		if (strcmp(m, "rm") && strcmp(m, "vm")) {
			snprintf(err, errlen, "hcalls entry %zu: mode '%.16s' is neither rm nor vm", i, m);
			return -EINVAL;
		}
		if (cnt < 0 || p50 < 0 || p50 > (json_int_t)(1ULL << HVB_HIST_MAX_LOG2)) {
			snprintf(err, errlen, "hcalls entry %zu: count %lld / p50 %lld out of range (p50 0..2^%d)",
				 i, (long long)cnt, (long long)p50, HVB_HIST_MAX_LOG2);
			return -EINVAL;
		}
		if (strcmp(req, r->req) || !cnt || (vcpu >= 0 && vcpu != (json_int_t)r->thread))
			continue;
		if (strcmp(m, "rm") && !tb_hz)
			continue;	/* ns without a timebase: no split */
		*mode = !strcmp(m, "rm") ? "rm" : "vm";
		*p50_ticks = !strcmp(m, "rm") ? (double)p50 : (double)p50 * (double)tb_hz / 1e9;
		return 1;
	}
	return 0;
}

/* ---- the summary ---- */

static double to_ns(uint64_t ticks, uint64_t tb_hz)
{
	return (double)ticks * 1e9 / (double)tb_hz;
}

static int write_summary(FILE *t, const char *rundir, const struct meta_info *m,
			 const struct record *recs, size_t nrec, const struct collector *col,
			 char *err, size_t errlen)
{
	size_t i;

	fprintf(t, "hvbench report of %s\n", rundir);
	fprintf(t, "host: %s, pvr %s, kernel %s, timebase ", m->host ? m->host : "missing",
		m->pvr ? m->pvr : "missing", m->release ? m->release : "missing");
	if (m->tb_hz)
		fprintf(t, "%llu Hz", (unsigned long long)m->tb_hz);
	else
		fprintf(t, "missing (no ns figures)");
	if (m->hpt_order >= 0)
		fprintf(t, ", HPT order %d\n", m->hpt_order);
	else
		fprintf(t, ", HPT order missing\n");
	if (m->host && !strcmp(m->host, "emulated"))
		fprintf(t, "note: emulated host (QEMU TCG): compare ratios, not absolute times\n");
	fprintf(t, "\n%-10s %-9s %-6s %10s %10s %10s %10s %10s %10s\n",
		"bench", "hcall", "unit", "count", "min", "p50", "p90", "p99", "max");
	for (i = 0; i < nrec; i++) {
		const struct record *r = &recs[i];
		const struct hvb_summary *s = &r->s;
		char label[RUNDIR_MAX_NAME + 16];

		snprintf(label, sizeof(label), r->thread ? "%s/t%u" : "%s", r->name, r->thread);
		if (!s->count) {
			fprintf(t, "%-10s %-9s no samples (status %s): no chart\n", label, r->req, r->status);
			continue;
		}
		fprintf(t, "%-10s %-9s %-6s %10llu %10llu %10llu %10llu %10llu %10llu\n",
			label, r->req, "ticks", (unsigned long long)s->count, (unsigned long long)s->min,
			(unsigned long long)s->p50, (unsigned long long)s->p90,
			(unsigned long long)s->p99, (unsigned long long)s->max);
		if (m->tb_hz)
			fprintf(t, "%-10s %-9s %-6s %10llu %10.1f %10.1f %10.1f %10.1f %10.1f\n",
				"", "", "ns", (unsigned long long)s->count, to_ns(s->min, m->tb_hz),
				to_ns(s->p50, m->tb_hz), to_ns(s->p90, m->tb_hz),
				to_ns(s->p99, m->tb_hz), to_ns(s->max, m->tb_hz));
		if (col->j && s->p50) {
			const char *mode = "";
			double hp = 0;
			int found = host_p50_ticks(col, r, m->tb_hz, &hp, &mode, err, errlen);

			if (found < 0)
				return found;
			if (found)
				fprintf(t, "%-10s %-9s %-6s host handler p50 %.0f ticks (%s), transition p50 %.0f ticks = %.1f %% of the round trip\n",
					"", "", "split", hp, mode, (double)s->p50 - hp,
					((double)s->p50 - hp) * 100.0 / (double)s->p50);
		}
	}
	return 0;
}

/* ---- charts ---- */

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

static int write_dat(int dirfd, const char *name, const struct hvb_hist *h)
{
	FILE *f;
	uint32_t b;
	int fd, err = 0;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	fprintf(f, "# bucket_lo bucket_hi count (timebase ticks)\n");
	for (b = 0; b < HVB_HIST_BUCKETS; b++)
		if (h->buckets[b])
			fprintf(f, "%llu %llu %u\n", (unsigned long long)hvb_hist_bucket_lo(b),
				(unsigned long long)(b == HVB_HIST_BUCKETS - 1 ? h->max : hvb_hist_bucket_hi(b)),
				h->buckets[b]);
	if (ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/*
 * gnuplot -c TEMPLATE ARG1..ARG6: every value is a call argument (a string
 * variable in the template), never text pasted into gnuplot code.  gnuplot
 * opens no output path: it writes the PNG to its stdout, a file created
 * here with O_EXCL | O_NOFOLLOW in the private chart directory, and reads
 * the data file relative to that directory, entered by its descriptor.
 */
static int run_gnuplot(int workfd, const char *tmpl, const char *file,
		       const struct record *r, const struct meta_info *m)
{
	char dat[sizeof(r->file) + 8], png[sizeof(r->file) + 8], title[512];
	char p50[24], p99[24], tb[24];
	pid_t pid;
	int status, fd;

	snprintf(dat, sizeof(dat), "%s.dat", file);
	snprintf(png, sizeof(png), "%s.png", file);
	snprintf(title, sizeof(title), "%s%s%.0u round trip seen by the guest (%s host, HPT order %s%.0d, n=%llu)",
		 r->name, r->thread ? " thread " : "", r->thread, m->host ? m->host : "unknown",
		 m->hpt_order >= 0 ? "" : "unknown", m->hpt_order >= 0 ? m->hpt_order : 0,
		 (unsigned long long)r->s.count);
	snprintf(p50, sizeof(p50), "%llu", (unsigned long long)r->s.p50);
	snprintf(p99, sizeof(p99), "%llu", (unsigned long long)r->s.p99);
	snprintf(tb, sizeof(tb), "%llu", (unsigned long long)m->tb_hz);
	fd = openat(workfd, png, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fd);
		return -errno;
	}
	if (!pid) {
		if (fchdir(workfd) || dup2(fd, STDOUT_FILENO) < 0)
			_exit(126);
		execlp("gnuplot", "gnuplot", "-c", tmpl, dat, title, r->req, p50, p99, tb,
		       (char *)NULL);
		_exit(127);
	}
	close(fd);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -EIO;
	return 0;
}

static int move_into(int fromfd, int tofd, const char *name)
{
	/* renameat replaces whatever sits at the name (a symlink too) without following it */
	return renameat(fromfd, name, tofd, name) ? -errno : 0;
}

static int draw_charts(int outfd, const char *outdir, const char *tmpl,
		       const struct record *recs, size_t nrec, const struct meta_info *m)
{
	char work[PATH_MAX], name[sizeof(recs->file) + 8];
	int workfd, err = 0;
	size_t i;

	if (pathf(work, sizeof(work), "%s/.charts-XXXXXX", outdir))
		return -ENAMETOOLONG;
	if (!mkdtemp(work)) {
		err = -errno;
		report_err("cannot create a chart directory in %s: %s", outdir, strerror(-err));
		return err;
	}
	workfd = open(work, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (workfd < 0) {
		err = -errno;
		report_err("cannot open %s: %s", work, strerror(-err));
		rmdir(work);
		return err;
	}
	for (i = 0; i < nrec && !err; i++) {
		const struct record *r = &recs[i];

		if (!r->s.count)
			continue;
		snprintf(name, sizeof(name), "%s.dat", r->file);
		err = write_dat(workfd, name, &r->hist);
		if (err) {
			report_err("cannot write %s/%s: %s", work, name, strerror(-err));
			break;
		}
		err = run_gnuplot(workfd, tmpl, r->file, r, m);
		if (err) {
			report_err("gnuplot failed on %s for record %s (template %s)", name, r->file, tmpl);
			break;
		}
		err = move_into(workfd, outfd, name);
		snprintf(name, sizeof(name), "%s.png", r->file);
		if (!err)
			err = move_into(workfd, outfd, name);
		if (err) {
			report_err("cannot move %s into %s: %s", name, outdir, strerror(-err));
			break;
		}
		printf("hvbench: wrote %s/%s\n", outdir, name);
	}
	/* whatever a failure left in the private directory goes with it */
	for (i = 0; i < nrec; i++) {
		snprintf(name, sizeof(name), "%s.dat", recs[i].file);
		unlinkat(workfd, name, 0);
		snprintf(name, sizeof(name), "%s.png", recs[i].file);
		unlinkat(workfd, name, 0);
	}
	close(workfd);
	if (rmdir(work) && !err)
		report_err("cannot remove %s: %s", work, strerror(errno));
	return err;
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

static json_t *load_json(const char *rundir, const char *name, size_t max, int optional, int *rc)
{
	char err[8400];
	json_t *j = rundir_read_json(rundir, name, max, err, sizeof(err));

	if (!j && !(optional && errno == ENOENT)) {
		report_err("%s%s", err, optional ? "" : "; is it an hvbench run directory?");
		*rc = EXIT_BAD_INPUT;
	}
	return j;
}

static int load_collector(const char *rundir, struct collector *c, int *rc)
{
	static const char *const files[] = { "collect_bpf.json", "collect_perf.json" };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		c->j = load_json(rundir, files[i], RUNDIR_MAX_JSON_BYTES, 1, rc);
		if (*rc)
			return -EINVAL;
		if (!c->j)
			continue;
		c->file = files[i];
		if (!json_is_object(c->j)) {
			report_err("%s/%s is not a JSON object", rundir, files[i]);
			*rc = EXIT_BAD_INPUT;
			return -EINVAL;
		}
		return 0;
	}
	return 0;
}

int report_read(const char *rundir, struct report *rep)
{
	json_t *benches, *jb;
	char err[256];
	FILE *t = NULL;
	size_t i;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	rep->meta = load_json(rundir, "meta.json", RUNDIR_MAX_META_BYTES, 0, &rc);
	rep->res = rep->meta ? load_json(rundir, "results.json", RUNDIR_MAX_JSON_BYTES, 0, &rc) : NULL;
	if (!rep->res)
		return rc;
	if (meta_parse(rep->meta, &rep->m, err, sizeof(err))) {
		report_err("%s/meta.json: %s", rundir, err);
		return EXIT_BAD_INPUT;
	}
	benches = json_object_get(rep->res, "benches");
	if (!json_is_array(benches)) {
		report_err("%s/results.json has no 'benches' array", rundir);
		return EXIT_BAD_INPUT;
	}
	rep->nrec = json_array_size(benches);
	if (rep->nrec > RUNDIR_MAX_RECORDS) {
		report_err("%s/results.json holds %zu records; a run directory may hold at most %d",
			   rundir, rep->nrec, RUNDIR_MAX_RECORDS);
		return EXIT_BAD_INPUT;
	}
	rep->recs = calloc(rep->nrec ? rep->nrec : 1, sizeof(*rep->recs));
	if (!rep->recs) {
		report_err("out of memory for %zu records", rep->nrec);
		return EXIT_FAILED;
	}
	json_array_foreach(benches, i, jb) {
		if (record_parse(jb, rep->recs, i, err, sizeof(err))) {
			report_err("%s/results.json record %zu: %s", rundir, i, err);
			return EXIT_BAD_INPUT;
		}
	}
	if (load_collector(rundir, &rep->col, &rc))
		return rc;
	t = open_memstream(&rep->text, &rep->tlen);
	if (!t)
		return EXIT_FAILED;
	if (write_summary(t, rundir, &rep->m, rep->recs, rep->nrec, &rep->col, err, sizeof(err))) {
		fclose(t);
		report_err("%s/%s: %s", rundir, rep->col.file, err);
		return EXIT_BAD_INPUT;
	}
	return fclose(t) ? EXIT_FAILED : 0;
}

void report_free(struct report *rep)
{
	free(rep->text);
	free(rep->recs);
	json_decref(rep->col.j);
	json_decref(rep->meta);
	json_decref(rep->res);
	memset(rep, 0, sizeof(*rep));
}

/* the template's absolute path (gnuplot runs in the chart directory) into buf[PATH_MAX] */
static const char *template_path(char *buf)
{
	const char *dir = env.templates ? env.templates :
			  getenv("HVBENCH_REPORTS") ? getenv("HVBENCH_REPORTS") : HVB_REPORTS_DIR;
	char rel[PATH_MAX];

	if (pathf(rel, sizeof(rel), "%s/hist.gp", dir))
		return NULL;
	if (!realpath(rel, buf) || access(buf, R_OK)) {
		report_err("gnuplot template %s not found (pass --templates DIR)", rel);
		return NULL;
	}
	return buf;
}

/* a cell that failed before the guest handed over results has no results.json */
int report_has_results(const char *cdir)
{
	char path[PATH_MAX];
	struct stat st;

	if (pathf(path, sizeof(path), "%s/results.json", cdir))
		return -ENAMETOOLONG;
	return lstat(path, &st) ? -errno : 0;
}

/* -o, or RUNDIR/report, opened (outdir[PATH_MAX] gets its path); -1 after a message */
static int report_outdir(char *outdir)
{
	if (env.outdir ? pathf(outdir, PATH_MAX, "%s", env.outdir) :
			 pathf(outdir, PATH_MAX, "%s/report", env.rundir))
		return -1;
	return open_outdir(outdir);
}

/*
 * A matrix run: each cell read as the single-boot run directory it is, its
 * summary under a header naming the cell, its charts as CELL-NAME.png.
 * Cells that did not run or left no results are listed with their status.
 */
static int report_matrix(const struct rundir_index *ix, int outfd, const char *outdir,
			 const char *tmpl, int charts)
{
	char cdir[PATH_MAX], *text = NULL;
	struct report rep;
	size_t tlen = 0, i, k, records = 0;
	FILE *t;
	int rc = 0, e;

	t = open_memstream(&text, &tlen);
	if (!t)
		return EXIT_FAILED;
	fprintf(t, "hvbench report of the matrix run %s: %zu cells%s, seed %s\n\n", env.rundir, ix->n,
		ix->partial ? " (partial: interrupted)" : "", ix->seed);
	for (i = 0; i < ix->n && !rc; i++) {
		const struct rundir_cell *c = &ix->cells[i];

		fprintf(t, "== cell %s: %s, mode %s, HPT order %d, SMT %d, rep %u: %s (%.1f s)%s%s\n",
			c->dir, c->benches, c->mode, c->hpt_order, c->smt, c->rep, c->status, c->seconds,
			c->error[0] ? ": " : "", c->error);
		if (!c->have_dir || !strcmp(c->status, "not_run"))
			continue;
		if (pathf(cdir, sizeof(cdir), "%s/%s", env.rundir, c->dir)) {
			rc = EXIT_FAILED;
			break;
		}
		e = report_has_results(cdir);
		if (e) {
			fprintf(t, "no results.json: nothing to chart\n\n");
			continue;
		}
		rc = report_read(cdir, &rep);
		if (rc) {
			report_free(&rep);
			break;
		}
		/* a bound on the whole report, not only on each cell */
		records += rep.nrec;
		if (records > RUNDIR_MAX_REPORT_RECORDS) {
			report_err("%s: the cells hold more than %d records in all; a run directory may hold at most that",
				   env.rundir, RUNDIR_MAX_REPORT_RECORDS);
			report_free(&rep);
			rc = EXIT_BAD_INPUT;
			break;
		}
		fwrite(rep.text, 1, rep.tlen, t);
		fputc('\n', t);
		for (k = 0; k < rep.nrec; k++) {
			char f[sizeof(rep.recs[k].file)];

			snprintf(f, sizeof(f), "%s", rep.recs[k].file);
			snprintf(rep.recs[k].file, sizeof(rep.recs[k].file), "%.63s-%.90s",
				 c->dir + strlen("cells/"), f);
		}
		if (charts && draw_charts(outfd, outdir, tmpl, rep.recs, rep.nrec, &rep.m))
			rc = EXIT_FAILED;
		report_free(&rep);
	}
	if (fclose(t)) {
		free(text);
		return EXIT_FAILED;
	}
	if (!rc) {
		e = write_file_atomic_at(outfd, "summary.txt", text, tlen);
		if (e) {
			report_err("cannot write %s/summary.txt: %s", outdir, strerror(-e));
			rc = EXIT_FAILED;
		} else {
			fputs(text, stdout);
		}
	}
	free(text);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, "RUNDIR", doc, NULL, NULL, NULL };
	char outdir[PATH_MAX], spath[PATH_MAX + 16], tmpl[PATH_MAX], err[512];
	struct rundir_index ix;
	struct report rep;
	const char *tp;
	int rc, e, outfd = -1;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return EXIT_BAD_INPUT;
	memset(&rep, 0, sizeof(rep));
	if (rundir_index_read(env.rundir, &ix, err, sizeof(err))) {
		report_err("%s", err);
		rundir_index_free(&ix);
		return EXIT_BAD_INPUT;
	}
	if (ix.matrix) {
		rc = EXIT_FAILED;
		outfd = report_outdir(outdir);
		if (outfd < 0)
			goto cleanup;
		tp = template_path(tmpl);
		if (!tp)
			goto cleanup;
		e = have_gnuplot();
		rc = report_matrix(&ix, outfd, outdir, tp, e);
		if (!rc && !e) {
			report_err("gnuplot is not on PATH: no charts drawn, summary in %s/summary.txt (apt-get install gnuplot-nox)",
				   outdir);
			rc = EXIT_FAILED;
		}
		if (!rc)
			printf("hvbench: report in %s\n", outdir);
		goto cleanup;
	}
	rc = report_read(env.rundir, &rep);
	if (rc)
		goto cleanup;

	/* the summary first: a run whose charts fail is still readable */
	rc = EXIT_FAILED;
	outfd = report_outdir(outdir);
	if (outfd < 0)
		goto cleanup;
	if (pathf(spath, sizeof(spath), "%s/summary.txt", outdir))
		goto cleanup;
	e = write_file_atomic_at(outfd, "summary.txt", rep.text, rep.tlen);
	if (e) {
		report_err("cannot write %s: %s", spath, strerror(-e));
		goto cleanup;
	}
	fputs(rep.text, stdout);
	tp = template_path(tmpl);
	if (!tp)
		goto cleanup;
	if (!have_gnuplot()) {
		report_err("gnuplot is not on PATH: no charts drawn, summary in %s (apt-get install gnuplot-nox)",
			   spath);
		goto cleanup;
	}
	if (draw_charts(outfd, outdir, tp, rep.recs, rep.nrec, &rep.m))
		goto cleanup;
	printf("hvbench: report in %s\n", outdir);
	rc = 0;
cleanup:
	if (outfd >= 0)
		close(outfd);
	report_free(&rep);
	rundir_index_free(&ix);
	return rc;
}
