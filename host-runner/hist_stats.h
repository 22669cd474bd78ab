/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_HIST_STATS_H
#define HVB_HIST_STATS_H

#include <stddef.h>
#include "hvbench/hist.h"
#include "hvbench/results.h"

struct hvb_summary {
	uint64_t count, min, max;
	double mean;
	uint64_t p50, p90, p99, p999;
};

uint64_t hvb_hist_percentile(const struct hvb_hist *h, double pct);
void hvb_hist_summary(const struct hvb_hist *h, struct hvb_summary *s);
void hvb_raw_summary(const uint64_t *raw, size_t n, struct hvb_summary *s);
/* qsort comparator of uint64_t, ascending */
int hvb_u64_cmp(const void *a, const void *b);
int hvb_hist_check(const struct hvb_hist *h, char *err, size_t errlen);

#endif
