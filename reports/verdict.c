// SPDX-License-Identifier: GPL-2.0
/*
 * One cell's verdict for hvbench compare.
 *
 * The unit of variance is the repetition, not the sample: with 10^4
 * samples a cell, a per-sample test calls every run-to-run wobble
 * significant (8 alternated emulated runs of one configuration differed by
 * -12 % .. +77 %).  Each repetition contributes one value (its p50, say);
 * the within-repetition sampling noise is inside that value, so a test
 * over per-repetition values accounts for both levels.
 *
 * The test is Mann-Whitney's rank test on the logarithms, with the
 * Hodges-Lehmann ratio and its Moses interval (99.5 % by default): exact for
 * any distribution of the repetitions, and a disturbed repetition (a run
 * 20 % slower because something else ran) moves one rank, not the mean and
 * the variance as it would in a t-test.  Latencies are positive and their
 * run-to-run changes multiplicative, hence the logarithms.  Reaching 99.5 %
 * takes 6 repetitions a side (C(12, 6) = 924 > 800); with fewer the verdict
 * is "unchanged" and compare says why.
 *
 * Regressed: the interval lies above 1 (the change is real), the ratio is
 * above 1 + threshold (big enough to matter) and the means differ by more
 * than the noise floor in ticks (the timebase's resolution).  The threshold
 * is 2 % by default, below the 5 % a regression gate must catch: a true 5 %
 * change gives an estimate above 2 % in nearly every pair, above 5 % in
 * only half (tests/unit/test_verdict.c).
 *
 * A side with a single repetition has no variance: the threshold alone,
 * and compare says it cannot tell a change from noise.  Both sides under
 * -icount (guest time counts instructions, reruns repeat): the difference
 * in ticks against the floor, exactly, unless a side's repetitions differ
 * (then it is named nondeterministic and tested like any other).
 */
#include <math.h>
#include <stdlib.h>
#include "verdict.h"

void verdict_defaults(struct verdict_opts *o)
{
	o->threshold = VERDICT_THRESHOLD_PCT / 100.0;
	o->floor = VERDICT_FLOOR_TICKS;
	o->confidence = VERDICT_CONFIDENCE;
	o->exact = 0;
}

const char *verdict_name(enum verdict_kind k)
{
	return k == VERDICT_REGRESSED ? "regressed" : k == VERDICT_IMPROVED ? "improved" : "unchanged";
}

const char *verdict_method_name(enum verdict_method m)
{
	return m == VERDICT_EXACT ? "exact" : m == VERDICT_RANKS ? "ranks" : "threshold";
}

/* the standard normal's p-quantile, by bisection on erfc() */
static double normal_quantile(double p)
{
	double lo = -40, hi = 40;
	int i;

	for (i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (0.5 * erfc(-mid / M_SQRT2) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/*
 * Mann-Whitney's U under the null (all orders of the two samples equally
 * likely): the largest u with P(U <= u) <= tail, or -1 when even U = 0 is
 * likelier (too few repetitions for the confidence asked).  Exact for up
 * to VERDICT_EXACT_PAIRS pairs: N(i, j, u) = N(i-1, j, u-j) + N(i, j-1, u),
 * the arrangements of i and j values with U = u, counted in doubles
 * (C(m+n, m) <= C(100, 50) < 1e30, exact enough); beyond, the normal
 * approximation with a continuity correction.
 */
#define VERDICT_EXACT_PAIRS	2500
long verdict_u_critical(unsigned int m, unsigned int n, double tail)
{
	double *a, total = 0, cum = 0;
	size_t w = (size_t)m * n + 1, i, j, u;
	long crit = -1;

	if ((size_t)m * n > VERDICT_EXACT_PAIRS) {
		double mu = (double)m * n / 2, sd = sqrt((double)m * n * (m + n + 1) / 12);

		return (long)floor(mu - 0.5 + normal_quantile(tail) * sd);
	}
	/* a[j * w + u]: N(i, j, u) for the current i */
	a = calloc((n + 1) * w, sizeof(*a));
	if (!a)
		return -1;	/* untestable rather than wrong */
	for (j = 0; j <= n; j++)
		a[j * w] = 1;		/* i = 0: U = 0 only */
	for (i = 1; i <= m; i++)
		for (j = 1; j <= n; j++)	/* N(i, 0, u) = [u == 0] stays */
			for (u = w; u-- > 0;)
				a[j * w + u] = (u >= j ? a[j * w + u - j] : 0) + a[(j - 1) * w + u];
	for (u = 0; u < w; u++)
		total += a[n * w + u];
	for (u = 0; u < w; u++) {
		cum += a[n * w + u];
		if (cum / total > tail)
			break;
		crit = (long)u;
	}
	free(a);
	return crit;
}

static int cmp_double(const void *x, const void *y)
{
	double p = *(const double *)x, q = *(const double *)y;

	return p < q ? -1 : p > q;
}

static double mean(const double *v, unsigned int n)
{
	double s = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		s += v[i];
	return n ? s / n : 0;
}

static double spread(const double *v, unsigned int n)
{
	double lo = v[0], hi = v[0];
	unsigned int i;

	for (i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	return hi - lo;
}

/* a latency's logarithm; nothing below half a tick (the resolution) */
static double lg(double v)
{
	return log(v > 0.5 ? v : 0.5);
}

/*
 * The shift between the logarithms, Hodges-Lehmann (the median of all
 * candidate-minus-base differences), and its Moses interval: the
 * differences ranked C and mn + 1 - C, C - 1 Mann-Whitney's critical U.
 * The interval lies above 0 exactly when the rank test finds the
 * candidate slower, whatever the distribution of the repetitions.
 */
static void ranks(const double *b, unsigned int nb, const double *c, unsigned int nc,
		  double confidence, struct verdict *v)
{
	size_t np = (size_t)nb * nc, i, j, k = 0;
	double *d = malloc(np * sizeof(*d));
	long crit;

	if (!d) {	/* no interval rather than a wrong one */
		v->untestable = 1;
		return;
	}
	for (i = 0; i < nb; i++)
		for (j = 0; j < nc; j++)
			d[k++] = lg(c[j]) - lg(b[i]);
	qsort(d, np, sizeof(*d), cmp_double);
	v->ratio = exp(np % 2 ? d[np / 2] : (d[np / 2 - 1] + d[np / 2]) / 2);
	crit = verdict_u_critical(nb, nc, (1 - confidence) / 2);
	v->untestable = crit < 0;
	if (v->untestable) {
		v->lo = exp(d[0]);
		v->hi = exp(d[np - 1]);
	} else {
		v->lo = exp(d[crit]);
		v->hi = exp(d[np - 1 - crit]);
	}
	free(d);
}

void verdict_judge(const double *b, unsigned int nb, const double *c, unsigned int nc,
		   const struct verdict_opts *o, struct verdict *v)
{
	int big;

	v->base = mean(b, nb);
	v->cand = mean(c, nc);
	v->ratio = v->lo = v->hi = v->base > 0 ? v->cand / v->base : 1;
	v->kind = VERDICT_UNCHANGED;
	v->nondeterministic = v->untestable = 0;
	big = fabs(v->cand - v->base) > o->floor;
	if (o->exact) {
		v->nondeterministic = spread(b, nb) > o->floor || spread(c, nc) > o->floor;
		if (!v->nondeterministic) {
			/* the difference in ticks is one in instructions: the floor alone */
			v->method = VERDICT_EXACT;
			v->kind = !big ? VERDICT_UNCHANGED : v->cand > v->base ? VERDICT_REGRESSED : VERDICT_IMPROVED;
			return;
		}
	}
	if (nb >= 2 && nc >= 2) {
		v->method = VERDICT_RANKS;
		ranks(b, nb, c, nc, o->confidence, v);
		if (v->untestable)
			return;
		if (big && v->lo > 1 && v->ratio > 1 + o->threshold)
			v->kind = VERDICT_REGRESSED;
		else if (big && v->hi < 1 && v->ratio < 1 - o->threshold)
			v->kind = VERDICT_IMPROVED;
		return;
	}
	v->method = VERDICT_THRESHOLD;
	if (big && v->ratio > 1 + o->threshold)
		v->kind = VERDICT_REGRESSED;
	else if (big && v->ratio < 1 - o->threshold)
		v->kind = VERDICT_IMPROVED;
}
