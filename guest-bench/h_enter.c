// SPDX-License-Identifier: GPL-2.0
/*
 * The H_ENTER family.  Only the H_ENTER named by the bench is timed; the
 * untimed H_REMOVEs put the HPT back in its start state.  PTEG indexes are
 * spread over the whole HPT (a multiplicative hash of the iteration) so the
 * HPT order decides how much of the table a bench walks.
 */
#include "bench.h"

/* the guest-physical page every HPTE of the benches points at */
static char target_page[4096] __attribute__((aligned(4096)));

unsigned long hpte_pteh(uint64_t tag)
{
	return ((tag & 0xffffffUL) << HPTE_V_AVPN_SHIFT) | HPTE_V_VALID;
}

unsigned long hpte_ptel(void)
{
	return (unsigned long)target_page | HPTE_R_M | HPTE_R_PP_RW;
}

uint64_t hpte_groups(const struct hvb_spec *spec)
{
	return 1UL << (spec->hpt_order - 7);	/* 128-byte groups */
}

uint64_t hpte_spread(uint64_t i, const struct hvb_spec *spec)
{
	return (i * 2654435761UL) & (hpte_groups(spec) - 1);
}

long hpte_insert(uint64_t pteg, uint64_t tag, unsigned long *index)
{
	unsigned long ret[4];
	long rc = __hcall_ret(ret, H_ENTER, 0UL, pteg * HPTES_PER_GROUP,
			      hpte_pteh(tag), hpte_ptel());

	*index = ret[0];
	return rc;
}

long hpte_remove(unsigned long index)
{
	unsigned long ret[4];

	return __hcall_ret(ret, H_REMOVE, 0UL, index, 0UL);
}

/* into an empty (or nearly empty) PTEG, the common case */
void bench_h_enter(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_ENTER, 0, hpte_spread(i, spec) * HPTES_PER_GROUP,
					hpte_pteh(i), hpte_ptel() };

		if (timed(r, ret, a) == H_SUCCESS && hpte_remove(ret[0]) != H_SUCCESS)
			r->pair_errors++;
	}
}

/* H_EXACT into a slot known to be free */
void bench_h_enter_exact(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8], slot;
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_ENTER, H_EXACT, 0, hpte_pteh(i), hpte_ptel() };

		if (hpte_insert(hpte_spread(i, spec), i, &slot) != H_SUCCESS ||
		    hpte_remove(slot) != H_SUCCESS) {
			r->pair_errors++;
			continue;
		}
		a[2] = slot;
		if (timed(r, ret, a) != H_SUCCESS)
			continue;
		if (ret[0] != slot)
			r->check_errors++;
		if (hpte_remove(ret[0]) != H_SUCCESS)
			r->pair_errors++;
	}
}

/* into a PTEG that is full: PAPR says H_PTEG_FULL */
void bench_h_enter_full(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t pteg = hpte_spread(12345, spec), i;
	unsigned long ret[8], held[HPTES_PER_GROUP];
	int n = 0;
	long rc;

	/* fill it (VRMA entries may already hold some slots) */
	while (n < HPTES_PER_GROUP &&
	       (rc = hpte_insert(pteg, 0x800000 + n, &held[n])) == H_SUCCESS)
		n++;
	if (hpte_insert(pteg, 0x8000ff, &ret[0]) != H_PTEG_FULL)
		r->check_errors++;	/* the group never filled up */

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_ENTER, 0, pteg * HPTES_PER_GROUP,
					hpte_pteh(i), hpte_ptel() };

		timed(r, ret, a);
	}
	while (n--)
		if (hpte_remove(held[n]) != H_SUCCESS)
			r->pair_errors++;
}

/*
 * N entries spread over the whole HPT, none removed until the end: how
 * soon PTEGs fill up depends on the HPT order.  H_PTEG_FULL is counted in
 * alt_rc and is no error here.
 */
#define FILL_MAX 32768
static unsigned long fill_held[FILL_MAX];

void bench_h_enter_fill(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t i, n = 0, iters = spec->iterations;
	unsigned long ret[8];

	if (iters > FILL_MAX)
		iters = FILL_MAX;
	for (i = 0; i < iters; i++) {
		unsigned long a[10] = { H_ENTER, 0, hpte_spread(i, spec) * HPTES_PER_GROUP,
					hpte_pteh(i), hpte_ptel() };
		uint64_t dt;
		long rc = __hcall_timed(&dt, ret, a);

		if (rc == H_PTEG_FULL) {
			hvb_hist_record(&r->hist, dt);
			r->iterations++;
			r->alt_rc++;
			continue;
		}
		bench_sample(r, dt, rc);
		if (rc == H_SUCCESS)
			fill_held[n++] = ret[0];
	}
	/* the host counts what the fill holds: VRMA entries + n */
	htab_snapshot(HVB_BENCH_H_ENTER_FILL, HVB_SNAP_FILLED);
	while (n--)
		if (hpte_remove(fill_held[n]) != H_SUCCESS)
			r->pair_errors++;
}
