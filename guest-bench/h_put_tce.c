// SPDX-License-Identifier: GPL-2.0
/*
 * h_put_tce: N H_PUT_TCEs into the TCE table the host created (spec->liobn),
 * cycling over its window; each is read back with an untimed H_GET_TCE
 * that must return exactly what was written.
 */
#include "bench.h"
#include "lib/hcall.h"

static char dma_page[4096] __attribute__((aligned(4096)));

int bench_h_put_tce(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[4];
	uint64_t i, dt;

	r->bench = HVB_BENCH_H_PUT_TCE;
	r->req = H_PUT_TCE;
	hvb_hist_init(&r->hist);
	if (!spec->tce_entries)
		return -1;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long ioba = (i % spec->tce_entries) << 12;
		/* vary the permission so a stale entry cannot pass the check */
		unsigned long tce = (unsigned long)dma_page | (i & 1 ? TCE_PCI_READ : TCE_PCI_WRITE);
		long rc;

		rc = __hcall_timed(&dt, ret, H_PUT_TCE, (unsigned long)spec->liobn, ioba, tce);
		hvb_hist_record(&r->hist, dt);
		if (rc != H_SUCCESS) {
			if (!r->rc_other++)
				r->first_bad_rc = rc;
			continue;
		}
		r->rc_success++;
		if (__hcall_ret(ret, H_GET_TCE, (unsigned long)spec->liobn, ioba) != H_SUCCESS ||
		    ret[0] != tce)
			r->pair_errors++;
	}
	r->iterations = i;
	r->status = (r->rc_other || r->pair_errors) ? HVB_STATUS_BAD_RC : HVB_STATUS_OK;
	return r->status == HVB_STATUS_OK ? 0 : -1;
}
