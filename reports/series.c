// SPDX-License-Identifier: GPL-2.0
/*
 * The report's data model: records grouped by (run, bench, thread, mode,
 * HPT order, SMT), repetitions merged into one histogram for the CDFs and
 * kept apart (their p50s) for the confidence intervals, plus the HPT's
 * life cycle (resizes, HTAB-fd read passes) as points.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "series.h"

static void copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "missing");
}

void series_run_label(struct series_set *ss, unsigned int run)
{
	struct run_info *ri = &ss->runs[run];
	const char *p = ri->path, *base;
	size_t len, i;
	unsigned int k, dup = 1;
	char tmp[sizeof(ri->label)];

	/* the last path component that is not empty, "." or "report" */
	len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		len--;
	for (base = p + len; base > p && base[-1] != '/'; base--)
		;
	len = (size_t)(p + len - base);
	if (len > sizeof(tmp) - 8)
		len = sizeof(tmp) - 8;
	for (i = 0; i < len; i++) {
		char c = base[i];

		tmp[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '-' ? c : '_';
	}
	tmp[i] = 0;
	if (!i || !strcmp(tmp, "_") || !strcmp(tmp, "__"))
		snprintf(tmp, sizeof(tmp), "run%u", run + 1);
	snprintf(ri->label, sizeof(ri->label), "%s", tmp);
	for (k = 0; k < run; k++)
		if (!strcmp(ss->runs[k].label, ri->label)) {
			snprintf(ri->label, sizeof(ri->label), "%.30s-%u", tmp, ++dup);
			k = (unsigned int)-1;	/* again from the first */
		}
}

static void run_meta(struct run_info *ri, const struct report *rep)
{
	const struct meta_info *m = &rep->m;

	if (ri->have_meta)
		return;
	ri->have_meta = 1;
	copy_str(ri->host, sizeof(ri->host), m->host);
	copy_str(ri->pvr, sizeof(ri->pvr), m->pvr);
	copy_str(ri->cpu, sizeof(ri->cpu), m->cpu);
	copy_str(ri->release, sizeof(ri->release), m->release);
	snprintf(ri->qemu, sizeof(ri->qemu), "%s", m->qemu ? m->qemu : "");
	ri->icount = m->icount;
	ri->tb_hz = m->tb_hz;
	ri->mem_mib = m->guest_mem_mib;
	if (m->calib) {
		ri->calib = 1;
		snprintf(ri->calib_mode, sizeof(ri->calib_mode), "%s", m->calib_mode);
		ri->calib_without = m->calib_without;
		ri->calib_with = m->calib_with;
	}
}

static struct series *series_get(struct series_set *ss, unsigned int run, const struct record *r,
				 const struct report_cell *cell)
{
	struct series *s;
	size_t i;

	for (i = 0; i < ss->n; i++) {
		s = &ss->s[i];
		if (s->run == run && s->thread == r->thread && s->order == cell->order &&
		    s->smt == cell->smt && !strcmp(s->bench, r->name) && !strcmp(s->mode, cell->mode))
			return s;
	}
	if (ss->n == SERIES_MAX)
		return NULL;
	if (ss->n == ss->cap) {
		size_t cap = ss->cap ? ss->cap * 2 : 16;
		struct series *n = realloc(ss->s, cap * sizeof(*n));

		if (!n)
			return NULL;
		ss->s = n;
		ss->cap = cap;
	}
	s = &ss->s[ss->n++];
	memset(s, 0, sizeof(*s));
	s->run = run;
	s->thread = r->thread;
	s->order = cell->order;
	s->smt = cell->smt;
	snprintf(s->bench, sizeof(s->bench), "%s", r->name);
	snprintf(s->req, sizeof(s->req), "%s", r->req);
	snprintf(s->mode, sizeof(s->mode), "%s", cell->mode);
	return s;
}

/* two checked histograms summed; a bucket saturates rather than wraps */
static void hist_merge(struct hvb_hist *to, const struct hvb_hist *from)
{
	uint32_t b;

	if (!from->count)
		return;
	if (!to->count || from->min < to->min)
		to->min = from->min;
	if (from->max > to->max)
		to->max = from->max;
	to->count += from->count;
	to->sum += from->sum;
	to->overflow += from->overflow;
	for (b = 0; b < HVB_HIST_BUCKETS; b++)
		to->buckets[b] = from->buckets[b] > UINT32_MAX - to->buckets[b] ? UINT32_MAX :
				 to->buckets[b] + from->buckets[b];
}

static int point_add(struct series_set *ss, unsigned int run, int kind, int from, int order,
		     double ms, int64_t entries)
{
	if (ss->npts == SERIES_MAX_POINTS)
		return 0;	/* the chart shows the first ones; the summary has them all */
	if (!ss->pts) {
		ss->pts = calloc(SERIES_MAX_POINTS, sizeof(*ss->pts));
		if (!ss->pts)
			return -ENOMEM;
	}
	ss->pts[ss->npts++] = (struct hpt_point){ .run = run, .kind = kind, .from = from,
						  .order = order, .ms = ms, .entries = entries };
	return 0;
}

static int order_of(uint64_t entries)
{
	int o = 4;	/* 16 bytes an entry */

	while (entries > 1 && o < 64) {
		entries >>= 1;
		o++;
	}
	return o;
}

int series_add(struct series_set *ss, unsigned int run, const struct report_cell *cell,
	       const struct report *rep)
{
	size_t i, k;

	run_meta(&ss->runs[run], rep);
	ss->runs[run].cells_read++;
	for (i = 0; i < rep->nrec; i++) {
		const struct record *r = &rep->recs[i];
		struct series *s;
		const char *hm = NULL;
		double hp;

		if (!r->s.count || strcmp(r->status, "ok"))
			continue;	/* a failed bench is not a latency */
		s = series_get(ss, run, r, cell);
		if (!s && ss->n == SERIES_MAX) {
			/* the summary has them all; the charts and the page the first ones */
			ss->left_out++;
			continue;
		}
		if (!s) {
			report_err("out of memory for %zu chart groups", ss->n);
			return EXIT_FAILED;
		}
		hist_merge(&s->hist, &r->hist);
		if (s->nrep < SERIES_MAX_REPS)
			s->p50[s->nrep] = (double)r->s.p50;
		s->nrep++;
		/* in user mode the handler is the VMM: the kernel's collector sees only its dispatch */
		if (strcmp(cell->mode, "user") && report_host_p50(rep, r, &hp, &hm)) {
			s->host_p50_sum += hp;
			s->host_n++;
			s->host_mode = !strcmp(hm, "rm") ? "rm" : "vm";
		}
		s->calls += r->s.count;
		s->pteg_full += r->pteg_full;
		if (r->wake.count) {
			s->wake_p50_sum += (double)r->wake.p50;
			s->wake_p99_sum += (double)r->wake.p99;
			s->wake_n++;
		}
		if (r->has_early) {
			s->early_wakes += r->early_wakes;
			s->early_cedes += r->s.count;
		}
		for (k = 0; k < rep->nsnap; k++) {
			const struct htab_snap *h = &rep->snaps[k];

			if (strcmp(h->bench, r->name) || strcmp(h->phase, "filled"))
				continue;
			s->fill_entries += h->entries;
			s->fill_valid += h->valid;
			s->fill_full += h->full_ptegs;
			s->nfill++;
			break;
		}
	}
	if (rep->cede.have && cell->smt > 1) {
		struct nap_group *g = NULL;

		for (k = 0; k < ss->nnaps && !g; k++)
			if (ss->naps[k].run == run && ss->naps[k].smt == cell->smt &&
			    !strcmp(ss->naps[k].mode, cell->mode))
				g = &ss->naps[k];
		if (!g && ss->nnaps < SERIES_MAX_NAPS) {
			g = &ss->naps[ss->nnaps++];
			memset(g, 0, sizeof(*g));
			g->run = run;
			g->smt = cell->smt;
			snprintf(g->mode, sizeof(g->mode), "%s", cell->mode);
		}
		if (g) {
			g->cells++;
			g->c.have = 1;
			g->c.naps += rep->cede.naps;
			g->c.to_host += rep->cede.to_host;
			for (k = 0; k < REPORT_NAP_THREADS; k++)
				g->c.by_napping[k] += rep->cede.by_napping[k];
			for (k = 0; k < REPORT_WAKE_REASONS; k++)
				g->c.wake[k] += rep->cede.wake[k];
		}
	}
	for (k = 0; k < rep->nresize; k++) {
		const struct resize_rec *z = &rep->resizes[k];

		if (!z->ok)
			continue;	/* refused: no cost to chart */
		if (point_add(ss, run, HPT_PT_COMMIT, z->from, z->to, (double)z->commit_ns / 1e6, z->entries) ||
		    point_add(ss, run, HPT_PT_PREPARE, z->from, z->to, (double)z->prepare_ns / 1e6, z->entries))
			return EXIT_FAILED;
	}
	for (k = 0; k < rep->nsnap; k++)
		if (rep->snaps[k].read_ns &&
		    point_add(ss, run, HPT_PT_READ, -1, order_of(rep->snaps[k].entries),
			      (double)rep->snaps[k].read_ns / 1e6, (int64_t)rep->snaps[k].valid))
			return EXIT_FAILED;
	return 0;
}

static int mode_rank(const char *m)
{
	return !strcmp(m, "rm") ? 0 : !strcmp(m, "vm") ? 1 : !strcmp(m, "user") ? 2 : 3;
}

static int series_cmp(const void *a, const void *b)
{
	const struct series *x = a, *y = b;
	int d;

	if (x->run != y->run)
		return x->run < y->run ? -1 : 1;
	d = strcmp(x->bench, y->bench);
	if (d)
		return d;
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	if (x->smt != y->smt)
		return x->smt - y->smt;
	if (x->order != y->order)
		return x->order - y->order;
	return mode_rank(x->mode) - mode_rank(y->mode);
}

int series_fills(const struct series *s)
{
	return !strcmp(s->req, "H_ENTER") && (s->pteg_full || s->nfill);
}

void series_finish(struct series_set *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		hvb_hist_summary(&ss->s[i].hist, &ss->s[i].sum);
	if (ss->n)
		qsort(ss->s, ss->n, sizeof(ss->s[0]), series_cmp);
}

int series_mode_rank(const char *mode)
{
	return mode_rank(mode);
}

void series_free(struct series_set *ss)
{
	free(ss->s);
	free(ss->pts);
	ss->s = NULL;
	ss->pts = NULL;
	ss->n = ss->cap = ss->npts = 0;
}

/* Student's t, two-sided 95 %, for df = 1..30; beyond, the normal's 1.96 */
static double t95(unsigned int df)
{
	static const double t[] = { 0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
				    2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110,
				    2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
				    2.052, 2.048, 2.045, 2.042 };

	return df < sizeof(t) / sizeof(t[0]) ? t[df] : 1.96;
}

void series_p50_ci(const struct series *s, double *mean, double *lo, double *hi)
{
	unsigned int n = s->nrep < SERIES_MAX_REPS ? s->nrep : SERIES_MAX_REPS, i;
	double sum = 0, ss = 0, half;

	for (i = 0; i < n; i++)
		sum += s->p50[i];
	*mean = n ? sum / n : 0;
	if (n < 2) {
		*lo = *hi = *mean;
		return;
	}
	for (i = 0; i < n; i++)
		ss += (s->p50[i] - *mean) * (s->p50[i] - *mean);
	half = t95(n - 1) * sqrt(ss / (n - 1)) / sqrt((double)n);
	*lo = *mean - half > 0 ? *mean - half : 0;
	*hi = *mean + half;
}

/* hw/ppc/spapr.c: ctz64(pow2ceil(ramsize)) - 7, clamped to 18..46 */
static int hpt_shift(long long mem_mib, int denominator_log2)
{
	unsigned long long bytes;
	int shift = 0;

	if (mem_mib <= 0)
		return -1;
	bytes = (unsigned long long)mem_mib << 20;
	while (shift < 63 && (1ULL << shift) < bytes)
		shift++;
	shift -= denominator_log2;
	return shift < 18 ? 18 : shift > 46 ? 46 : shift;
}

int series_qemu_order(long long mem_mib)
{
	return hpt_shift(mem_mib, 7);
}

int series_papr_order(long long mem_mib)
{
	return hpt_shift(mem_mib, 6);
}
