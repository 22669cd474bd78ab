/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log-linear latency histogram, recorded by the guest in its memory and read
 * by the host: the one definition of its layout.
 *
 * Values below 2 * HVB_HIST_SUB are counted exactly.  Above, each power of
 * two [2^e, 2^(e+1)) is split into HVB_HIST_SUB equal buckets, so a bucket
 * is at most 1/HVB_HIST_SUB = 0.78 % of its lower bound wide and a value
 * reported as its bucket's midpoint is within 0.39 % of the truth.  Values
 * of 2^HVB_HIST_MAX_LOG2 ticks and more (minutes of timebase) land in the
 * last bucket and are counted in 'overflow'.
 *
 * Recording is header-only and freestanding so that guest-bench, the BPF
 * collectors (the map value is a struct hvb_hist) and the host-side tests
 * run exactly the same code.
 */
#ifndef HVBENCH_HIST_H
#define HVBENCH_HIST_H

#ifdef __bpf__
#include <linux/types.h>
typedef __u64 uint64_t;
typedef __u32 uint32_t;
#define UINT64_MAX (~0ULL)
#else
#include <stdint.h>
#endif

#define HVB_HIST_SUB_BITS	7
#define HVB_HIST_SUB		(1U << HVB_HIST_SUB_BITS)
#define HVB_HIST_MAX_LOG2	40
#define HVB_HIST_BUCKETS	(2 * HVB_HIST_SUB + \
				 (HVB_HIST_MAX_LOG2 - HVB_HIST_SUB_BITS - 1) * HVB_HIST_SUB)

struct hvb_hist {
	uint64_t count;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint64_t overflow;
	uint32_t buckets[HVB_HIST_BUCKETS];
};

/* floor(log2(v)), v > 0; BPF has no count-leading-zeros (bits.bpf.h style) */
static inline unsigned int hvb_log2(uint64_t v)
{
#ifdef __bpf__
	unsigned int r = 0, s;

	s = (v > 0xffffffffULL) << 5; v >>= s; r |= s;
	s = (v > 0xffffULL) << 4; v >>= s; r |= s;
	s = (v > 0xffULL) << 3; v >>= s; r |= s;
	s = (v > 0xfULL) << 2; v >>= s; r |= s;
	s = (v > 0x3ULL) << 1; v >>= s; r |= s;
	return r | (unsigned int)(v >> 1);
#else
	return 63 - __builtin_clzll(v);
#endif
}

static inline uint32_t hvb_hist_bucket(uint64_t v)
{
	unsigned int e;

	if (v < 2 * HVB_HIST_SUB)
		return (uint32_t)v;
	if (v >> HVB_HIST_MAX_LOG2)
		return HVB_HIST_BUCKETS - 1;
	e = hvb_log2(v);
	return 2 * HVB_HIST_SUB + (e - HVB_HIST_SUB_BITS - 1) * HVB_HIST_SUB +
	       (uint32_t)((v >> (e - HVB_HIST_SUB_BITS)) - HVB_HIST_SUB);
}

/* smallest value that falls into bucket b */
static inline uint64_t hvb_hist_bucket_lo(uint32_t b)
{
	unsigned int e;

	if (b < 2 * HVB_HIST_SUB)
		return b;
	e = (b - 2 * HVB_HIST_SUB) / HVB_HIST_SUB + HVB_HIST_SUB_BITS + 1;
	return (uint64_t)(HVB_HIST_SUB + (b % HVB_HIST_SUB)) << (e - HVB_HIST_SUB_BITS);
}

/* largest value that falls into bucket b (the last bucket is open-ended) */
static inline uint64_t hvb_hist_bucket_hi(uint32_t b)
{
	if (b >= HVB_HIST_BUCKETS - 1)
		return UINT64_MAX;
	return hvb_hist_bucket_lo(b + 1) - 1;
}

static inline void hvb_hist_init(struct hvb_hist *h)
{
	uint32_t i;

	h->count = h->sum = h->max = h->overflow = 0;
	h->min = UINT64_MAX;
	for (i = 0; i < HVB_HIST_BUCKETS; i++)
		h->buckets[i] = 0;
}

/* count v, whose bucket b the caller has computed (a walker caches it) */
static inline void hvb_hist_add(struct hvb_hist *h, uint64_t v, uint32_t b)
{
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	if (v >> HVB_HIST_MAX_LOG2)
		h->overflow++;
#ifdef __bpf__
	/* the verifier must see the bound on the copy used as the index */
	asm volatile("" : "+r"(b));
	if (b >= HVB_HIST_BUCKETS)
		return;
#endif
	h->buckets[b]++;
}

static inline void hvb_hist_record(struct hvb_hist *h, uint64_t v)
{
	hvb_hist_add(h, v, hvb_hist_bucket(v));
}

#endif /* HVBENCH_HIST_H */
