// SPDX-License-Identifier: GPL-2.0
/*
 * E-divisive means (see edivisive.h).  For a segment [lo, hi) and a split
 * t, with D(i, j) = |x_i - x_j|^alpha:
 *
 *   E(t) = 2/(n1 n2) sum_between D - 2/(n1 (n1-1)) sum_left_pairs D
 *                                   - 2/(n2 (n2-1)) sum_right_pairs D
 *   Q(t) = n1 n2 / (n1 + n2) * E(t)
 *
 * computed for every t from 2-D prefix sums of D (O(m^2) per segment).
 * The best split over all segments is tested by permutation: each segment
 * shuffled within itself, the best split over all of them compared with
 * the observed (p = (1 + #{permuted max >= observed}) / (1 + R)); if
 * significant it is kept and the search goes on, else it stops.  Written
 * here because no Debian package offers it in C (Otava is Python).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "edivisive.h"

void ediv_defaults(struct ediv_opts *o)
{
	o->significance = 0.005;
	/*
	 * Matteson & James allow any alpha in (0, 2); below 1 the distance
	 * weighs a few far outliers less, and latency p50s of runs have a heavy
	 * right tail (a disturbed run is 5-20 % slower): on the synthetic CI
	 * histories of tests/unit/test_edivisive.c alpha 0.5 finds 97-98 % of 5 %
	 * steps within +-2 runs, alpha 1 94 %, alpha 1.5 84 %.
	 */
	o->alpha = 0.5;
	o->permutations = 399;
	o->min_size = 3;
	o->seed = 0x656469760a;
}

static uint64_t rnd(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * S[a * (m + 1) + b] = sum over i < a, j < b of D(idx[i], idx[j]): the
 * segment's points in the order idx gives (a permutation shuffles idx,
 * never recomputes a distance).
 */
static void prefix(const double *D, size_t n, const size_t *idx, size_t m, double *S)
{
	size_t a, b, w = m + 1;

	for (b = 0; b <= m; b++)
		S[b] = 0;
	for (a = 1; a <= m; a++) {
		const double *row_d = D + idx[a - 1] * n;
		double row = 0;

		S[a * w] = 0;
		for (b = 1; b <= m; b++) {
			row += row_d[idx[b - 1]];
			S[a * w + b] = S[(a - 1) * w + b] + row;
		}
	}
}

static double block(const double *S, size_t w, size_t p, size_t q, size_t r, size_t s)
{
	return S[q * w + s] - S[p * w + s] - S[q * w + r] + S[p * w + r];
}

/* the best split of the m points idx[]: its Q, its offset in *t (0 if none fits) */
static double best_split(const double *D, size_t n, const size_t *idx, size_t m,
			 const struct ediv_opts *o, double *S, size_t *t)
{
	size_t w = m + 1, k, min_size = o->min_size;
	double best = 0;

	*t = 0;
	if (m < 2 * min_size || min_size < 2)
		return 0;
	prefix(D, n, idx, m, S);
	for (k = min_size; k + min_size <= m; k++) {
		double n1 = (double)k, n2 = (double)(m - k);
		double between = block(S, w, 0, k, k, m);
		double left = block(S, w, 0, k, 0, k) / 2, right = block(S, w, k, m, k, m) / 2;
		double e = 2 * between / (n1 * n2) - 2 * left / (n1 * (n1 - 1)) - 2 * right / (n2 * (n2 - 1));
		double q = n1 * n2 / (n1 + n2) * e;

		if (q > best + 1e-12 * (fabs(best) + 1)) {
			best = q;
			*t = k;
		}
	}
	return best;
}

static double mean(const double *x, size_t lo, size_t hi)
{
	double s = 0;
	size_t i;

	for (i = lo; i < hi; i++)
		s += x[i];
	return hi > lo ? s / (double)(hi - lo) : 0;
}

static int by_index(const void *a, const void *b)
{
	const struct ediv_cp *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

int ediv_find(const double *x, size_t n, const struct ediv_opts *o, struct ediv_cp *cp, size_t max)
{
	size_t bounds[EDIV_MAX_CP + 2], nb = 2, ncp = 0, i, j;
	double *S, *D;
	size_t *idx;
	uint64_t seed = o->seed;

	if (n > EDIV_MAX_N)
		return -1;
	if (n < 2 * (size_t)o->min_size)
		return 0;
	S = malloc((n + 1) * (n + 1) * sizeof(*S));
	D = malloc(n * n * sizeof(*D));
	idx = malloc(n * sizeof(*idx));
	if (!S || !D || !idx) {
		free(S);
		free(D);
		free(idx);
		return -1;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			D[i * n + j] = o->alpha == 1 ? fabs(x[i] - x[j]) : pow(fabs(x[i] - x[j]), o->alpha);
	bounds[0] = 0;
	bounds[1] = n;
	while (ncp < max && ncp < EDIV_MAX_CP) {
		size_t seg = 0, t = 0, bt, lo;
		double q = 0, bq;
		unsigned int r, hits = 0;

		/* the best split over every segment */
		for (j = 0; j < n; j++)
			idx[j] = j;
		for (i = 0; i + 1 < nb; i++) {
			bq = best_split(D, n, idx + bounds[i], bounds[i + 1] - bounds[i], o, S, &bt);
			if (bt && bq > q) {
				q = bq;
				t = bt;
				seg = i;
			}
		}
		if (!t || q <= 0)
			break;
		lo = bounds[seg];
		/*
		 * Is it more than shuffles would give?  As in Matteson & James
		 * (and R's ecp): every segment shuffled within itself, the best
		 * split over all of them against the one observed.
		 */
		for (r = 0; r < o->permutations; r++) {
			double pq = 0;

			for (i = 0; i + 1 < nb; i++) {
				size_t a = bounds[i], len = bounds[i + 1] - a, pt;

				for (j = len - 1; len && j > 0; j--) {
					size_t k = (size_t)(rnd(&seed) % (j + 1)), v = idx[a + j];

					idx[a + j] = idx[a + k];
					idx[a + k] = v;
				}
				bq = best_split(D, n, idx + a, len, o, S, &pt);
				if (pt && bq > pq)
					pq = bq;
			}
			if (pq >= q * (1 - 1e-12))
				hits++;
		}
		cp[ncp].p = (1.0 + hits) / (1.0 + o->permutations);
		if (cp[ncp].p >= o->significance)
			break;
		cp[ncp].index = lo + t;
		ncp++;
		/* the new bound, in order */
		for (i = nb; i > seg + 1; i--)
			bounds[i] = bounds[i - 1];
		bounds[seg + 1] = lo + t;
		nb++;
	}
	qsort(cp, ncp, sizeof(*cp), by_index);
	for (i = 0; i < ncp; i++) {
		size_t lo = i ? cp[i - 1].index : 0, hi = i + 1 < ncp ? cp[i + 1].index : n;

		cp[i].before = mean(x, lo, cp[i].index);
		cp[i].after = mean(x, cp[i].index, hi);
	}
	free(S);
	free(D);
	free(idx);
	return (int)ncp;
}
