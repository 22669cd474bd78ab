// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a run directory for report and compare: meta.json, results.json,
 * the collector's JSON and htab.json, every value checked before use (a run
 * directory comes from CI artifacts and other people's machines), and the
 * plain-text summary.  Nothing here writes a file or runs a program: the
 * fuzzer (tests/fuzz/fuzz_report.c) drives it alone.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>
#include "hvbench/papr.h"
#include "results.h"
#include "rundir.h"
#include "report.h"

#define TB_HZ_MAX	(1ULL << 40)	/* a timebase beyond 1 THz is not a timebase */
#define HPT_ORDER_MIN	RUNDIR_HPT_ORDER_MIN
#define HPT_ORDER_MAX	RUNDIR_HPT_ORDER_MAX
#define THREAD_MAX	255
#define NS_MAX		(1LL << 50)	/* 13 days: no ioctl or read pass takes longer */

void report_err(const char *fmt, ...)
{
	va_list ap;

	fputs("hvbench: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* snprintf for paths; a path too long to hold is an error, not a truncation */
int report_pathf(char *buf, size_t len, const char *fmt, ...)
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

/* ---- shared by report, compare and trend ---- */

const char *const report_metric_names[NR_METRICS] = { "p50", "p90", "p99", "mean" };

int report_metric_parse(const char *name)
{
	int i;

	for (i = 0; i < NR_METRICS; i++)
		if (!strcmp(name, report_metric_names[i]))
			return i;
	return -1;
}

double report_metric_value(const struct hvb_summary *s, unsigned int metric)
{
	switch (metric) {
	case M_P90: return (double)s->p90;
	case M_P99: return (double)s->p99;
	case M_MEAN: return s->mean;
	default: return (double)s->p50;
	}
}

void report_xml_escape(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			fputc(*s >= ' ' && *s <= '~' ? *s : '?', f);
		}
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
	long long tb = 0, order = -1, vcpus = -1, iters = -1, mem = -1, icount = 0;
	json_t *emu;

	memset(m, 0, sizeof(*m));
	m->hpt_order = -1;
	m->guest_mem_mib = -1;
	if (!json_is_object(meta)) {
		snprintf(err, errlen, "it is not a JSON object");
		return -EINVAL;
	}
	kernel = json_object_get(meta, "kernel");
	run = json_object_get(meta, "run");
	emu = json_object_get(meta, "emulator");
	if ((kernel && !json_is_object(kernel)) || (run && !json_is_object(run)) ||
	    (emu && !json_is_object(emu))) {
		snprintf(err, errlen, "'%s' is not an object", kernel && !json_is_object(kernel) ? "kernel" :
			 run && !json_is_object(run) ? "run" : "emulator");
		return -EINVAL;
	}
	if (meta_string(meta, "host", &m->host, err, errlen) ||
	    meta_string(meta, "pvr", &m->pvr, err, errlen) ||
	    meta_string(meta, "cpu", &m->cpu, err, errlen) ||
	    meta_string(meta, "date", &m->date, err, errlen) ||
	    (emu && meta_string(emu, "qemu", &m->qemu, err, errlen)) ||
	    (run && meta_int(run, "guest_mem_mib", 1, 1LL << 26, &mem, err, errlen)) ||
	    (kernel && meta_string(kernel, "release", &m->release, err, errlen)) ||
	    meta_int(meta, "timebase_hz", 0, (long long)TB_HZ_MAX, &tb, err, errlen) ||
	    (run && meta_int(run, "hpt_order", HPT_ORDER_MIN, HPT_ORDER_MAX, &order, err, errlen)) ||
	    (run && meta_int(run, "vcpus", 1, HVB_MAX_THREADS, &vcpus, err, errlen)) ||
	    (run && meta_int(run, "iterations", 0, 1LL << 40, &iters, err, errlen)) ||
	    (run && meta_string(run, "mode", &m->mode, err, errlen)))
		return -EINVAL;
	if (m->mode && !rundir_mode_valid(m->mode)) {
		snprintf(err, errlen, "'run.mode' is '%s', not rm, vm or user", m->mode);
		return -EINVAL;
	}
	m->tb_hz = (uint64_t)tb;
	m->hpt_order = (int)order;
	m->vcpus = (int)vcpus;
	m->iterations = iters;
	m->guest_mem_mib = mem;
	{
		json_t *cal = run ? json_object_get(run, "calibration") : NULL;

		if (cal && (!json_is_object(cal) ||
			    meta_string(cal, "mode", &m->calib_mode, err, errlen) || !m->calib_mode ||
			    !rundir_mode_valid(m->calib_mode) ||
			    meta_int(cal, "p50_without", 1, 1LL << HVB_HIST_MAX_LOG2, &m->calib_without, err, errlen) ||
			    meta_int(cal, "p50_with", 1, 1LL << HVB_HIST_MAX_LOG2, &m->calib_with, err, errlen) ||
			    !m->calib_without || !m->calib_with)) {
			snprintf(err, errlen, "'run.calibration' must hold mode (rm, vm, user), p50_without and p50_with (ticks, 1..2^%d)",
				 HVB_HIST_MAX_LOG2);
			return -EINVAL;
		}
		m->calib = cal != NULL;
	}
	icount = emu ? (long long)json_is_true(json_object_get(emu, "icount")) : 0;
	if (emu && json_object_get(emu, "icount") && !json_is_boolean(json_object_get(emu, "icount"))) {
		snprintf(err, errlen, "'emulator.icount' must be true or false");
		return -EINVAL;
	}
	m->icount = (int)icount;
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

/*
 * 'raw' (optional, hvbench run --raw K): the first timed samples in order,
 * at most HVB_RAW_MAX, each within the histogram's min..max, no more than
 * it counted.  hvbench regress judges instruction counts from them.
 */
static int record_raw_parse(json_t *jb, struct record *r, char *err, size_t errlen)
{
	json_t *raw = json_object_get(jb, "raw"), *v;
	size_t i;

	r->nraw = 0;
	if (!raw)
		return 0;
	if (!json_is_array(raw) || json_array_size(raw) > HVB_RAW_MAX ||
	    json_array_size(raw) > r->hist.count) {
		snprintf(err, errlen, "'raw' must be an array of at most %d samples and no more than the histogram counts",
			 HVB_RAW_MAX);
		return -EINVAL;
	}
	json_array_foreach(raw, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < (json_int_t)r->hist.min ||
		    json_integer_value(v) > (json_int_t)r->hist.max) {
			snprintf(err, errlen, "'raw'[%zu] must be an integer within the histogram's min..max", i);
			return -EINVAL;
		}
		r->raw[i] = (uint64_t)json_integer_value(v);
	}
	r->nraw = json_array_size(raw);
	/* every sample kept: the summary exactly, not from the buckets */
	if (r->nraw == r->hist.count)
		hvb_raw_summary(r->raw, r->nraw, &r->s);
	return 0;
}

/* a ceding thread's wake latency and early wakes (optional, results v3+) */
static int record_cede_parse(json_t *jb, struct record *r, char *err, size_t errlen)
{
	json_t *early = json_object_get(jb, "early_wakes"), *wl = json_object_get(jb, "wake_latency");
	char herr[200];

	memset(&r->wake, 0, sizeof(r->wake));
	r->has_early = !!early;
	r->early_wakes = 0;
	if (early) {
		if (!json_is_integer(early) || json_integer_value(early) < 0 ||
		    json_integer_value(early) > (1LL << 40)) {
			snprintf(err, errlen, "'early_wakes' must be an integer in 0..2^40");
			return -EINVAL;
		}
		r->early_wakes = (uint64_t)json_integer_value(early);
	}
	if (wl) {
		struct hvb_hist *h = malloc(sizeof(*h));
		int bad;

		if (!h) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		bad = hvb_hist_from_json(wl, h, herr, sizeof(herr));
		if (bad)
			snprintf(err, errlen, "'wake_latency': %s", herr);
		else
			hvb_hist_summary(h, &r->wake);
		free(h);
		if (bad)
			return -EINVAL;
	}
	return 0;
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
	{
		json_t *rc = json_object_get(jb, "rc"), *full = rc ? json_object_get(rc, "pteg_full") : NULL;

		if (full && (!json_is_integer(full) || json_integer_value(full) < 0 ||
			     json_integer_value(full) > (1LL << 40))) {
			snprintf(err, errlen, "'rc.pteg_full' must be an integer in 0..2^40");
			return -EINVAL;
		}
		r->pteg_full = full ? (uint64_t)json_integer_value(full) : 0;
	}
	if (hvb_hist_from_json(json_object_get(jb, "hist"), &r->hist, herr, sizeof(herr))) {
		snprintf(err, errlen, "%s", herr);
		return -EINVAL;
	}
	hvb_hist_summary(&r->hist, &r->s);
	if (record_cede_parse(jb, r, err, errlen) || record_raw_parse(jb, r, err, errlen))
		return -EINVAL;
	record_file(recs, n);
	return 0;
}

/* ---- the host side of a record, from a collector ---- */


/* the collector's "hcalls" checked once into c->hc; 0 or -EINVAL with err */
static int collector_parse(struct collector *c, char *err, size_t errlen)
{
	json_t *hcalls = json_object_get(c->j, "hcalls"), *h;
	size_t i;

	if (!hcalls)
		return 0;
	if (!json_is_array(hcalls) || json_array_size(hcalls) > RUNDIR_MAX_RECORDS * 64) {
		snprintf(err, errlen, "'hcalls' is not an array of at most %d entries", RUNDIR_MAX_RECORDS * 64);
		return -EINVAL;
	}
	c->hc = calloc(json_array_size(hcalls) + 1, sizeof(*c->hc));
	if (!c->hc) {
		snprintf(err, errlen, "out of memory for %zu hcalls entries", json_array_size(hcalls));
		return -ENOMEM;
	}
	json_array_foreach(hcalls, i, h) {
		const char *req = NULL, *m = NULL, *unit = NULL;
		json_int_t p50 = -1, cnt = -1, vcpu = -1, hd = 0, ht = 0;
		json_error_t jerr;

		if (json_unpack_ex(h, &jerr, 0, "{s:s, s:s, s?I, s?s, s?I, s?I, s:{s:I, s:I}}", "req", &req,
				   "mode", &m, "vcpu", &vcpu, "unit", &unit, "half_drains", &hd,
				   "half_drain_ticks", &ht, "hist", "count", &cnt, "p50", &p50)) {
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
		/* a record may hold a drain after the one before it and its own */
		if (hd < 0 || hd > 2 * cnt || ht < 0) {
			snprintf(err, errlen, "hcalls entry %zu: half_drains %lld / half_drain_ticks %lld out of range (0..2 x count, >= 0)",
				 i, (long long)hd, (long long)ht);
			return -EINVAL;
		}
		if (unit && strcmp(unit, "ns") && strcmp(unit, "timebase_ticks")) {
			snprintf(err, errlen, "hcalls entry %zu: unit '%.16s' is neither ns nor timebase_ticks",
				 i, unit);
			return -EINVAL;
		}
		/* kmod's batched records stamp virtual mode in ticks too; the pairs in ns */
		c->hc[c->nhc++] = (struct col_hcall){ .req = req, .rm = !strcmp(m, "rm"), .vcpu = vcpu,
						      .count = cnt, .p50 = p50,
						      .half_drains = hd, .half_ticks = ht,
						      .ticks = unit ? !strcmp(unit, "timebase_ticks") :
							      !strcmp(m, "rm") };
	}
	return 0;
}

/*
 * The collector's hcall histogram entry for req with the most calls (on the
 * record's vcpu where the collector says), NULL if none; one in ns needs
 * the timebase to be compared.
 */
static const struct col_hcall *host_entry(const struct collector *c, const struct record *r,
					  uint64_t tb_hz)
{
	const struct col_hcall *found = NULL;
	long long best = 0;
	size_t i;

	for (i = 0; i < c->nhc; i++) {
		const struct col_hcall *h = &c->hc[i];

		if (strcmp(h->req, r->req) || !h->count || (h->vcpu >= 0 && h->vcpu != (long long)r->thread))
			continue;
		if (!h->ticks && !tb_hz)
			continue;	/* ns without a timebase: no split */
		/* the path most of the calls took (a few may have been punted) */
		if (h->count <= best)
			continue;
		best = h->count;
		found = h;
	}
	return found;
}

/* its p50 in timebase ticks: real mode as recorded, virtual mode converted from ns */
static double entry_p50_ticks(const struct col_hcall *h, uint64_t tb_hz)
{
	return h->ticks ? (double)h->p50 : (double)h->p50 * (double)tb_hz / 1e9;
}

/* host_entry's p50 and mode; 1 found, 0 none */
static int host_p50_ticks(const struct collector *c, const struct record *r, uint64_t tb_hz,
			  double *p50_ticks, const char **mode)
{
	const struct col_hcall *h = host_entry(c, r, tb_hz);

	if (!h)
		return 0;
	*mode = h->rm ? "rm" : "vm";
	*p50_ticks = entry_p50_ticks(h, tb_hz);
	return 1;
}

/* ---- the summary ---- */

/* meta.json run.hpt_resize: each resize's cost against the orders and the entries it moved */
static void write_resizes(FILE *t, const struct report *rep)
{
	size_t i;

	if (!rep->nresize)
		return;
	fprintf(t, "\nHPT resizes, in the VMM (KVM_PPC_RESIZE_HPT_PREPARE until ready, then _COMMIT):\n");
	fprintf(t, "%5s %5s %9s %9s %8s %12s %12s  %s\n", "from", "to", "entries", "preserved",
		"prepares", "prepare ms", "commit ms", "result");
	for (i = 0; i < rep->nresize; i++) {
		const struct resize_rec *z = &rep->resizes[i];
		char to[12], ent[24], kept[24];

		snprintf(to, sizeof(to), z->to < 0 ? "bad" : "%d", z->to);
		snprintf(ent, sizeof(ent), z->entries < 0 ? "-" : "%lld", (long long)z->entries);
		snprintf(kept, sizeof(kept), z->preserved < 0 ? "-" : "%lld", (long long)z->preserved);
		fprintf(t, "%5d %5s %9s %9s %8llu %12.3f %12.3f  %s\n", z->from, to, ent, kept,
			(unsigned long long)z->prepares, (double)z->prepare_ns / 1e6,
			(double)z->commit_ns / 1e6, z->ok ? (z->entries >= 0 && z->preserved >= 0 &&
			z->preserved != z->entries ? "ok, entries lost" : "ok") : z->error);
	}
}

static double to_ns(uint64_t ticks, uint64_t tb_hz)
{
	return (double)ticks * 1e9 / (double)tb_hz;
}

static void write_summary(FILE *t, const char *rundir, const struct meta_info *m,
			  const struct record *recs, size_t nrec, const struct collector *col)
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
			const struct col_hcall *h = host_entry(col, r, m->tb_hz);
			double hp = h ? entry_p50_ticks(h, m->tb_hz) : 0;

			if (h)
				fprintf(t, "%-10s %-9s %-6s host handler p50 %.0f ticks (%s), transition p50 %.0f ticks = %.1f %% of the round trip\n",
					"", "", "split", hp, h->rm ? "rm" : "vm", (double)s->p50 - hp,
					((double)s->p50 - hp) * 100.0 / (double)s->p50);
			/* the collector's cost that lands in a few samples, not in p50 */
			if (h && h->half_drains)
				fprintf(t, "%-10s %-9s %-6s %lld sample(s) held a drain of half kmod's hcall ring: %lld ticks, +%.1f ticks on the mean (a larger --hcall-ring moves it between benches)\n",
					"", "", "drains", h->half_drains, h->half_ticks,
					(double)h->half_ticks / (double)s->count);
		}
	}
}

/* ---- htab.json and run.hpt_resize: the HPT's life cycle ---- */

static int json_uint(json_t *obj, const char *key, long long max, uint64_t *val, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max) {
		snprintf(err, errlen, "'%s' must be an integer in 0..%lld", key, max);
		return -EINVAL;
	}
	*val = (uint64_t)json_integer_value(v);
	return 0;
}

/* htab.json (optional): the snapshots, checked; 0 or -EINVAL with err */
static int htab_parse(json_t *h, struct report *rep, char *err, size_t errlen)
{
	json_t *snaps = json_object_get(h, "snapshots"), *s, *occ;
	const char *fmt = json_string_value(json_object_get(h, "format"));
	size_t i;

	if (!json_is_object(h) || !fmt || strcmp(fmt, "hvbench-htab") ||
	    !json_is_integer(json_object_get(h, "version"))) {
		snprintf(err, errlen, "not an hvbench-htab file (format, version)");
		return -EINVAL;
	}
	if (json_integer_value(json_object_get(h, "version")) != 1) {
		snprintf(err, errlen, "version %lld: this hvbench reads version 1; a newer hvbench wrote it",
			 (long long)json_integer_value(json_object_get(h, "version")));
		return -EINVAL;
	}
	if (!json_is_array(snaps) || json_array_size(snaps) > REPORT_MAX_SNAPS) {
		snprintf(err, errlen, "'snapshots' must be an array of at most %d", REPORT_MAX_SNAPS);
		return -EINVAL;
	}
	json_array_foreach(snaps, i, s) {
		struct htab_snap *p = &rep->snaps[i];
		const char *phase;
		char e[200];

		if (!json_is_object(s) ||
		    record_name(s, "bench", 1, p->bench, e, sizeof(e)) ||
		    json_uint(s, "entries", 1LL << 42, &p->entries, e, sizeof(e)) ||
		    json_uint(s, "valid", 1LL << 42, &p->valid, e, sizeof(e)) ||
		    json_uint(s, "read_ns", NS_MAX, &p->read_ns, e, sizeof(e))) {
			snprintf(err, errlen, "snapshot %zu: %s", i, json_is_object(s) ? e : "not an object");
			return -EINVAL;
		}
		phase = json_string_value(json_object_get(s, "phase"));
		if (!phase || (strcmp(phase, "boot") && strcmp(phase, "after") && strcmp(phase, "filled"))) {
			snprintf(err, errlen, "snapshot %zu: 'phase' must be boot, after or filled", i);
			return -EINVAL;
		}
		strcpy(p->phase, phase);
		occ = json_object_get(s, "pteg_occupancy");
		if (!json_is_array(occ) || json_array_size(occ) != HPTES_PER_GROUP + 1 ||
		    !json_is_integer(json_array_get(occ, HPTES_PER_GROUP)) ||
		    json_integer_value(json_array_get(occ, HPTES_PER_GROUP)) < 0) {
			snprintf(err, errlen, "snapshot %zu: 'pteg_occupancy' must be %d counts", i,
				 HPTES_PER_GROUP + 1);
			return -EINVAL;
		}
		p->full_ptegs = (uint64_t)json_integer_value(json_array_get(occ, HPTES_PER_GROUP));
		if (p->valid > p->entries || p->full_ptegs > p->entries / HPTES_PER_GROUP) {
			snprintf(err, errlen, "snapshot %zu: %llu valid / %llu full PTEGs in %llu entries", i,
				 (unsigned long long)p->valid, (unsigned long long)p->full_ptegs,
				 (unsigned long long)p->entries);
			return -EINVAL;
		}
		rep->nsnap++;
	}
	return 0;
}

/* an array of at most max counts 0..2^40 into v[] */
static int counts(json_t *a, const char *key, uint64_t *v, size_t max, char *err, size_t errlen)
{
	json_t *x;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) > max) {
		snprintf(err, errlen, "'%s' must be an array of at most %zu counts", key, max);
		return -EINVAL;
	}
	json_array_foreach(a, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > (1LL << 40)) {
			snprintf(err, errlen, "'%s'[%zu] must be an integer in 0..2^40", key, i);
			return -EINVAL;
		}
		v[i] = (uint64_t)json_integer_value(x);
	}
	return 0;
}

/* collect_bpf.json "cede" (optional): naps by napping threads, wake reasons */
static int cede_parse(json_t *col, struct cede_info *c, char *err, size_t errlen)
{
	json_t *cede = col ? json_object_get(col, "cede") : NULL;

	if (!cede)
		return 0;
	if (!json_is_object(cede)) {
		snprintf(err, errlen, "'cede' is not an object");
		return -EINVAL;
	}
	/* each field optional: what an older collector did not write is zero */
	if ((json_object_get(cede, "naps") && json_uint(cede, "naps", 1LL << 40, &c->naps, err, errlen)) ||
	    (json_object_get(cede, "vcore_to_host") &&
	     json_uint(cede, "vcore_to_host", 1LL << 40, &c->to_host, err, errlen)) ||
	    (json_object_get(cede, "by_napping_threads") &&
	     counts(json_object_get(cede, "by_napping_threads"), "by_napping_threads", c->by_napping,
		    REPORT_NAP_THREADS, err, errlen)) ||
	    (json_object_get(cede, "wake_reasons") &&
	     counts(json_object_get(cede, "wake_reasons"), "wake_reasons", c->wake, REPORT_WAKE_REASONS,
		    err, errlen)))
		return -EINVAL;
	c->have = 1;
	return 0;
}

/* meta.json run.hpt_resize (optional): what each resize took in the VMM */
static int resize_parse(json_t *run, struct report *rep, char *err, size_t errlen)
{
	json_t *rs = run ? json_object_get(run, "hpt_resize") : NULL, *z;
	size_t i;

	if (!rs)
		return 0;
	if (!json_is_array(rs) || json_array_size(rs) > REPORT_MAX_RESIZES) {
		snprintf(err, errlen, "'run.hpt_resize' must be an array of at most %d", REPORT_MAX_RESIZES);
		return -EINVAL;
	}
	json_array_foreach(rs, i, z) {
		struct resize_rec *p = &rep->resizes[i];
		uint64_t from, to;
		json_t *e = json_object_get(z, "error");
		char m[200];

		if (!json_is_object(z) || json_uint(z, "from", 64, &from, m, sizeof(m)) ||
		    json_uint(z, "to", 1LL << 32, &to, m, sizeof(m)) ||
		    json_uint(z, "prepare_ns", NS_MAX, &p->prepare_ns, m, sizeof(m)) ||
		    json_uint(z, "commit_ns", NS_MAX, &p->commit_ns, m, sizeof(m)) || !json_is_string(e)) {
			snprintf(err, errlen, "run.hpt_resize entry %zu: %s", i,
				 json_is_object(z) && !json_is_string(e) ? "'error' is not a string" :
				 json_is_object(z) ? m : "not an object");
			return -EINVAL;
		}
		p->from = (int)from;
		p->to = to > 64 ? -1 : (int)to;	/* a guest may ask for any order; the kernel refused those */
		p->ok = !json_string_length(e);
		if (json_string_length(e) && printable_string(e, "error", m, sizeof(m))) {
			snprintf(err, errlen, "run.hpt_resize entry %zu: %s", i, m);
			return -EINVAL;
		}
		snprintf(p->error, sizeof(p->error), "%s", json_string_value(e));
		/* optional (meta.json of hvbench before the counts): -1 */
		p->prepares = 0;
		p->entries = p->preserved = -1;
		if ((json_object_get(z, "prepares") &&
		     json_uint(z, "prepares", 1LL << 40, &p->prepares, m, sizeof(m))) ||
		    (json_object_get(z, "entries") &&
		     json_uint(z, "entries", 1LL << 42, (uint64_t *)&p->entries, m, sizeof(m))) ||
		    (json_object_get(z, "preserved") &&
		     json_uint(z, "preserved", 1LL << 42, (uint64_t *)&p->preserved, m, sizeof(m)))) {
			snprintf(err, errlen, "run.hpt_resize entry %zu: %s", i, m);
			return -EINVAL;
		}
		rep->nresize++;
	}
	return 0;
}

/* ---- reading ---- */

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
	if ((rep->col.j && collector_parse(&rep->col, err, sizeof(err))) ||
	    cede_parse(rep->col.j, &rep->cede, err, sizeof(err))) {
		report_err("%s/%s: %s", rundir, rep->col.file, err);
		return EXIT_BAD_INPUT;
	}
	if (resize_parse(json_object_get(rep->meta, "run"), rep, err, sizeof(err))) {
		report_err("%s/meta.json: %s", rundir, err);
		return EXIT_BAD_INPUT;
	}
	{
		json_t *h = load_json(rundir, "htab.json", RUNDIR_MAX_META_BYTES, 1, &rc);
		int bad = h && htab_parse(h, rep, err, sizeof(err));

		json_decref(h);
		if (rc)
			return rc;
		if (bad) {
			report_err("%s/htab.json: %s", rundir, err);
			return EXIT_BAD_INPUT;
		}
	}
	t = open_memstream(&rep->text, &rep->tlen);
	if (!t)
		return EXIT_FAILED;
	write_summary(t, rundir, &rep->m, rep->recs, rep->nrec, &rep->col);
	write_resizes(t, rep);
	return fclose(t) ? EXIT_FAILED : 0;
}

void report_free(struct report *rep)
{
	free(rep->text);
	free(rep->recs);
	free(rep->col.hc);
	json_decref(rep->col.j);
	json_decref(rep->meta);
	json_decref(rep->res);
	memset(rep, 0, sizeof(*rep));
}


int report_host_p50(const struct report *rep, const struct record *r, double *p50_ticks,
		    const char **mode)
{
	if (!rep->col.j || !r->s.p50)
		return 0;
	return host_p50_ticks(&rep->col, r, rep->m.tb_hz, p50_ticks, mode);
}

int report_walk(const char *run, const struct rundir_index *ix, report_cell_fn fn, void *arg)
{
	char cdir[PATH_MAX];
	size_t i;
	int rc = 0;

	for (i = 0; i < ix->n && !rc; i++) {
		const struct rundir_cell *c = &ix->cells[i];
		struct report_cell cell = { .run = run, .c = c, .dir = cdir, .rep = c->rep, .matrix = ix->matrix };
		struct report rep;

		if (!c->have_dir || !strcmp(c->status, "not_run"))
			continue;
		if (report_pathf(cdir, sizeof(cdir), "%s/%s", run, c->dir))
			return EXIT_FAILED;
		if (ix->matrix && report_has_results(cdir))
			continue;	/* failed before the guest handed over results */
		rc = report_read(cdir, &rep);
		if (!rc) {
			cell.mode = ix->matrix ? c->mode : rep.m.mode ? rep.m.mode : "rm";
			cell.order = ix->matrix ? c->hpt_order : rep.m.hpt_order;
			cell.smt = ix->matrix ? c->smt : rep.m.vcpus > 0 ? rep.m.vcpus : 1;
			rc = fn(arg, &cell, &rep);
		}
		report_free(&rep);
	}
	return rc;
}

/* a cell that failed before the guest handed over results has no results.json */
int report_has_results(const char *cdir)
{
	char path[PATH_MAX];
	struct stat st;

	if (report_pathf(path, sizeof(path), "%s/results.json", cdir))
		return -ENAMETOOLONG;
	return lstat(path, &st) ? -errno : 0;
}

