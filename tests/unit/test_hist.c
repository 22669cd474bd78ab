// SPDX-License-Identifier: GPL-2.0
/* Histogram recording and percentile extraction against known distributions */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hist_stats.h"
#include "test.h"

static struct hvb_hist h;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* the exact nearest-rank percentile of a sorted sample */
static uint64_t exact_pct(const uint64_t *v, size_t n, double pct)
{
	size_t rank = (size_t)ceil(pct / 100.0 * (double)n);

	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void check_distribution(const char *name, uint64_t *v, size_t n)
{
	static const double pcts[] = { 1, 10, 50, 90, 99, 99.9, 100 };
	double worst = 0;
	uint64_t sum = 0;
	size_t i;

	hvb_hist_init(&h);
	for (i = 0; i < n; i++) {
		hvb_hist_record(&h, v[i]);
		sum += v[i];
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	report(h.count == n && h.sum == sum && h.min == v[0] && h.max == v[n - 1],
	       "%s: count %llu, sum, min %llu, max %llu exact", name,
	       (unsigned long long)h.count, (unsigned long long)h.min, (unsigned long long)h.max);
	for (i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		uint64_t want = exact_pct(v, n, pcts[i]);
		uint64_t got = hvb_hist_percentile(&h, pcts[i]);
		double rel = want ? fabs((double)got - (double)want) / (double)want : (double)got;

		if (rel > worst)
			worst = rel;
	}
	report(worst <= 0.01, "%s: percentiles within 1 %% of the exact ones (worst %.4f %%)",
	       name, worst * 100);
}

int main(void)
{
	static uint64_t v[200000];
	char err[128];
	uint32_t b;
	size_t i;
	int ok;

	/* bucket layout: every value lands in a bucket whose bounds hold it,
	 * buckets are contiguous, and each is at most 1 % of its value wide */
	ok = 1;
	for (b = 0; b + 1 < HVB_HIST_BUCKETS && ok; b++) {
		uint64_t lo = hvb_hist_bucket_lo(b), hi = hvb_hist_bucket_hi(b);

		ok = hvb_hist_bucket(lo) == b && hvb_hist_bucket(hi) == b &&
		     hvb_hist_bucket_lo(b + 1) == hi + 1 &&
		     (lo < 2 * HVB_HIST_SUB ? hi == lo : (double)(hi - lo + 1) / (double)lo <= 0.01);
		if (!ok)
			printf("bucket %u: lo %llu hi %llu\n", b, (unsigned long long)lo,
			       (unsigned long long)hi);
	}
	report(ok, "bucket edges contiguous, self-consistent, <= 1 %% wide (%u buckets)",
	       HVB_HIST_BUCKETS);
	report(hvb_hist_bucket(255) == 255 && hvb_hist_bucket(256) == 256 &&
	       hvb_hist_bucket(257) == 256 && hvb_hist_bucket(258) == 257,
	       "edge at 2*SUB: 255, 256, 257, 258 -> 255, 256, 256, 257");
	report(hvb_hist_bucket(1ULL << HVB_HIST_MAX_LOG2) == HVB_HIST_BUCKETS - 1 &&
	       hvb_hist_bucket(UINT64_MAX) == HVB_HIST_BUCKETS - 1,
	       "values of 2^%d and above land in the last bucket", HVB_HIST_MAX_LOG2);

	hvb_hist_init(&h);
	hvb_hist_record(&h, UINT64_MAX / 2);
	hvb_hist_record(&h, 5);
	report(h.overflow == 1 && h.buckets[HVB_HIST_BUCKETS - 1] == 1 &&
	       hvb_hist_percentile(&h, 100) == UINT64_MAX / 2,
	       "overflow counted, p100 is the recorded max");

	hvb_hist_init(&h);
	report(hvb_hist_percentile(&h, 50) == 0 && !hvb_hist_check(&h, err, sizeof(err)),
	       "empty histogram: percentile 0, consistent");

	/* constant: every percentile is the constant itself */
	for (i = 0; i < 1000; i++)
		v[i] = 723;
	hvb_hist_init(&h);
	for (i = 0; i < 1000; i++)
		hvb_hist_record(&h, v[i]);
	report(hvb_hist_percentile(&h, 1) == 723 && hvb_hist_percentile(&h, 99.9) == 723,
	       "constant 723: p1 = p99.9 = 723");

	/* small values are exact */
	for (i = 0; i < 256; i++)
		v[i] = i;
	hvb_hist_init(&h);
	for (i = 0; i < 256; i++)
		hvb_hist_record(&h, v[i]);
	report(hvb_hist_percentile(&h, 50) == 127 && hvb_hist_percentile(&h, 100) == 255,
	       "0..255 uniform: p50 = 127, p100 = 255 exactly");

	for (i = 0; i < 200000; i++)
		v[i] = 1000 + xorshift() % 1000000;
	check_distribution("uniform 1e3..1e6", v, 200000);

	for (i = 0; i < 200000; i++)
		v[i] = 300 + (uint64_t)(-log((double)(xorshift() % 1000000 + 1) / 1e6) * 5000.0);
	check_distribution("exponential mean 5000", v, 200000);

	/* bimodal: a fast path and a slow path 40x apart, like rm vs user */
	for (i = 0; i < 200000; i++)
		v[i] = (i % 10 ? 700 : 28000) + xorshift() % 50;
	check_distribution("bimodal 700/28000", v, 200000);

	/* consistency check catches buckets that do not add up */
	hvb_hist_init(&h);
	hvb_hist_record(&h, 4000);
	h.buckets[10]++;
	report(hvb_hist_check(&h, err, sizeof(err)) && strstr(err, "add up"),
	       "tampered histogram rejected: %s", err);
	return report_summary("test_hist");
}
