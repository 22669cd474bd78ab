// SPDX-License-Identifier: GPL-2.0
/* Percentiles and summaries of a log-linear histogram (host side only). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hist_stats.h"

/*
 * Nearest-rank percentile.  Exact below 2 * HVB_HIST_SUB; above, the middle
 * of the bucket holding that rank, clamped to the recorded min and max so a
 * percentile never lies outside what was measured.
 */
uint64_t hvb_hist_percentile(const struct hvb_hist *h, double pct)
{
	uint64_t rank, cum = 0, v;
	uint32_t b;

	if (!h->count)
		return 0;
	rank = (uint64_t)ceil(pct / 100.0 * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (b = 0; b < HVB_HIST_BUCKETS; b++) {
		cum += h->buckets[b];
		if (cum >= rank)
			break;
	}
	if (b >= HVB_HIST_BUCKETS - 1)
		return h->max;
	v = hvb_hist_bucket_lo(b) + (hvb_hist_bucket_hi(b) - hvb_hist_bucket_lo(b)) / 2;
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

void hvb_hist_summary(const struct hvb_hist *h, struct hvb_summary *s)
{
	s->count = h->count;
	s->min = h->count ? h->min : 0;
	s->max = h->max;
	s->mean = h->count ? (double)h->sum / (double)h->count : 0;
	s->p50 = hvb_hist_percentile(h, 50);
	s->p90 = hvb_hist_percentile(h, 90);
	s->p99 = hvb_hist_percentile(h, 99);
	s->p999 = hvb_hist_percentile(h, 99.9);
}

int hvb_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The same summary, exactly, from every sample (hvbench run --raw K with K
 * at least -n): nearest-rank percentiles as above, without the buckets'
 * 0.78 % width.  n at most HVB_RAW_MAX.
 */
void hvb_raw_summary(const uint64_t *raw, size_t n, struct hvb_summary *s)
{
	uint64_t v[HVB_RAW_MAX];
	const double pct[4] = { 50, 90, 99, 99.9 };
	uint64_t *out[4] = { &s->p50, &s->p90, &s->p99, &s->p999 };
	double sum = 0;
	size_t i;

	if (!n || n > HVB_RAW_MAX)
		return;
	memcpy(v, raw, n * sizeof(*v));
	qsort(v, n, sizeof(*v), hvb_u64_cmp);
	for (i = 0; i < n; i++)
		sum += (double)v[i];
	s->count = n;
	s->min = v[0];
	s->max = v[n - 1];
	s->mean = sum / (double)n;
	for (i = 0; i < 4; i++) {
		uint64_t rank = (uint64_t)ceil(pct[i] / 100.0 * (double)n);

		*out[i] = v[(rank < 1 ? 1 : rank > n ? n : rank) - 1];
	}
}

/*
 * A histogram from another machine (the guest, a run directory) is only
 * trusted if it adds up and every number is in range: values stay below
 * 2^62 (they must survive JSON's signed 64-bit integers), and an empty one
 * is empty.  The guest's block and results.json share this check, so what
 * hvbench run accepts, hvbench report reads.
 */
int hvb_hist_check(const struct hvb_hist *h, char *err, size_t errlen)
{
	const uint64_t vmax = 1ULL << 62;
	uint64_t total = 0;
	uint32_t b;

	if (h->sum >= vmax || h->max >= vmax || h->overflow > h->count ||
	    (!h->count && (h->sum || h->max || h->overflow))) {
		snprintf(err, errlen, "histogram count %llu, sum %llu, max %llu, overflow %llu: out of range",
			 (unsigned long long)h->count, (unsigned long long)h->sum,
			 (unsigned long long)h->max, (unsigned long long)h->overflow);
		return -1;
	}

	for (b = 0; b < HVB_HIST_BUCKETS; b++)
		total += h->buckets[b];
	if (total != h->count) {
		snprintf(err, errlen, "histogram buckets add up to %llu but count is %llu",
			 (unsigned long long)total, (unsigned long long)h->count);
		return -1;
	}
	if (h->count && (h->min > h->max || hvb_hist_bucket(h->min) >= HVB_HIST_BUCKETS ||
			 !h->buckets[hvb_hist_bucket(h->min)] || !h->buckets[hvb_hist_bucket(h->max)])) {
		snprintf(err, errlen, "histogram min %llu / max %llu disagree with its buckets",
			 (unsigned long long)h->min, (unsigned long long)h->max);
		return -1;
	}
	return 0;
}
