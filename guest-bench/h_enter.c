// SPDX-License-Identifier: GPL-2.0
/*
 * h_enter: N pairs of H_ENTER + H_REMOVE.  Only H_ENTER's round trip is
 * timed; H_REMOVE puts the HPT back in its start state so that every
 * H_ENTER finds the same occupancy.  PTEG indexes are spread over the whole
 * HPT (a multiplicative hash of the iteration) so that the HPT order decides
 * how much of the table the bench walks.
 */
#include "bench.h"
#include "lib/console.h"
#include "lib/hcall.h"

/* the guest-physical page the HPTEs point at */
static char target_page[4096] __attribute__((aligned(4096)));

int bench_h_enter(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t npteg = 1UL << (spec->hpt_order - 7);	/* 128-byte groups */
	unsigned long ptel = (unsigned long)target_page | HPTE_R_M | HPTE_R_PP_RW;
	unsigned long ret[4];
	uint64_t i, dt;

	r->bench = HVB_BENCH_H_ENTER;
	r->req = H_ENTER;
	hvb_hist_init(&r->hist);

	for (i = 0; i < spec->iterations; i++) {
		uint64_t pteg = (i * 2654435761UL) & (npteg - 1);
		unsigned long pteh = ((i & 0xffffffUL) << HPTE_V_AVPN_SHIFT) | HPTE_V_VALID;
		long rc;

		rc = __hcall_timed(&dt, ret, H_ENTER, 0UL, pteg * HPTES_PER_GROUP, pteh, ptel);
		hvb_hist_record(&r->hist, dt);
		if (rc != H_SUCCESS) {
			if (!r->rc_other++)
				r->first_bad_rc = rc;
			continue;
		}
		r->rc_success++;
		if (__hcall_ret(ret, H_REMOVE, 0UL, ret[0], 0UL) != H_SUCCESS)
			r->pair_errors++;
	}
	r->iterations = i;
	r->status = (r->rc_other || r->pair_errors) ? HVB_STATUS_BAD_RC : HVB_STATUS_OK;
	return r->status == HVB_STATUS_OK ? 0 : -1;
}
