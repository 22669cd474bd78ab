/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire formats between host-runner and guest-bench: the bench spec the
 * host writes into guest memory before the first instruction, and the
 * results block the guest hands back with HVB_H_RESULTS.  Both sides
 * include this header; nothing else defines these layouts.
 *
 * All fields are little-endian (guest-bench runs LE, hosts are ppc64le or,
 * for reports, x86-64) and naturally aligned, so the layout is the same for
 * the freestanding guest, the ppc64le host and the x86-64 tests.
 */
#ifndef HVBENCH_RESULTS_H
#define HVBENCH_RESULTS_H

#include <stdint.h>
#include "hist.h"

#define HVB_SPEC_MAGIC		0x43505348U	/* "HSPC" */
#define HVB_SPEC_VERSION	1

#define HVB_RESULTS_MAGIC	0x52425648U	/* "HVBR" */
#define HVB_RESULTS_VERSION	1

#define HVB_MAX_BENCHES		8

enum hvb_bench_id {
	HVB_BENCH_H_ENTER = 1,	/* H_ENTER timed, each paired with an untimed H_REMOVE */
	HVB_BENCH_H_PUT_TCE = 2, /* H_PUT_TCE timed, each checked by an untimed H_GET_TCE */
};

/* Written by the host at the GPA it passes to the guest in r3. */
struct hvb_spec {
	uint32_t magic;
	uint32_t version;
	uint32_t bench;		/* enum hvb_bench_id */
	uint32_t hpt_order;	/* log2 of the HPT size in bytes, as allocated */
	uint64_t iterations;
	uint32_t liobn;		/* h_put_tce: the TCE table the host created */
	uint32_t tce_entries;	/* ... and its window, in 4 KiB IOMMU pages */
};

enum hvb_status {
	HVB_STATUS_OK = 0,
	HVB_STATUS_BAD_RC = 1,	/* an hcall returned something the bench did not expect */
	HVB_STATUS_BAD_SPEC = 2,
};

struct hvb_bench_result {
	uint32_t bench;		/* enum hvb_bench_id */
	uint32_t status;	/* enum hvb_status */
	uint32_t req;		/* the timed hcall's opcode */
	uint32_t pad;
	uint64_t iterations;	/* iterations the guest ran */
	uint64_t rc_success;	/* timed hcalls that returned H_SUCCESS */
	uint64_t rc_other;	/* ... and anything else */
	int64_t first_bad_rc;	/* the first unexpected return code, if rc_other */
	uint64_t pair_errors;	/* failures of the untimed partner call (H_REMOVE, H_GET_TCE) */
	struct hvb_hist hist;	/* round trip of the timed hcall, timebase ticks */
};

struct hvb_results {
	uint32_t magic;
	uint32_t version;
	uint32_t length;	/* bytes, this header included */
	uint32_t nr_benches;
	uint64_t checksum;	/* hvb_checksum() of 'length' bytes with this field 0 */
	struct hvb_bench_result bench[HVB_MAX_BENCHES];
};

#define HVB_RESULTS_LEN(n) \
	((uint32_t)(__builtin_offsetof(struct hvb_results, bench) + \
		    (n) * sizeof(struct hvb_bench_result)))

/* FNV-1a, 64 bit: enough to catch a torn or stale block, cheap in a guest */
static inline uint64_t hvb_checksum(const void *buf, uint64_t len, uint64_t skip_off)
{
	const unsigned char *p = buf;
	uint64_t h = 0xcbf29ce484222325ULL;
	uint64_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (i >= skip_off && i < skip_off + sizeof(uint64_t))
			c = 0;
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return h;
}

static inline void hvb_results_seal(struct hvb_results *r)
{
	r->magic = HVB_RESULTS_MAGIC;
	r->version = HVB_RESULTS_VERSION;
	r->length = HVB_RESULTS_LEN(r->nr_benches);
	r->checksum = 0;
	r->checksum = hvb_checksum(r, r->length,
				   __builtin_offsetof(struct hvb_results, checksum));
}

#endif /* HVBENCH_RESULTS_H */
