// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of the HPT family: H_REMOVE, H_READ, H_PROTECT, H_BULK_REMOVE,
 * H_CLEAR_REF and H_CLEAR_MOD, each on entries the bench inserted itself.
 */
#include "bench.h"

void bench_h_remove(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8], index = 0;
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_REMOVE, 0, 0, 0 };

		if (hpte_insert(hpte_spread(i, spec), i, &index) != H_SUCCESS) {
			r->pair_errors++;
			continue;
		}
		a[2] = index;
		timed(r, ret, a);
	}
	/* removing it again finds nothing */
	if (spec->iterations && hpte_remove(index) != H_NOT_FOUND)
		r->check_errors++;
	/* an index past the end of the HPT is a bad parameter */
	if (hpte_remove(hpte_groups(spec) * 8) != H_PARAMETER)
		r->check_errors++;
}

/* one entry, read N times; H_READ returns it as the guest entered it */
void bench_h_read(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8], index;
	uint64_t i;

	if (hpte_insert(hpte_spread(7, spec), 0x4242, &index) != H_SUCCESS) {
		r->pair_errors++;
		return;
	}
	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_READ, 0, index };

		if (timed(r, ret, a) == H_SUCCESS &&
		    ((ret[0] & ~0x7fUL) != (hpte_pteh(0x4242) & ~0x7fUL) || !(ret[0] & HPTE_V_VALID)))
			r->check_errors++;
	}
	if (hpte_remove(index) != H_SUCCESS)
		r->pair_errors++;
}

/* flip the page protection N times; H_READ sees the last one */
void bench_h_protect(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8], index, pp = 0;
	uint64_t i;

	if (hpte_insert(hpte_spread(9, spec), 0x4343, &index) != H_SUCCESS) {
		r->pair_errors++;
		return;
	}
	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_PROTECT, 0, index, 0 };

		pp = (i & 1) ? 0x1 : 0x2;
		a[1] = pp;	/* the flags' low bits are the new PP */
		timed(r, ret, a);
	}
	if (spec->iterations && (__hcall_ret(ret, H_READ, 0UL, index) != H_SUCCESS ||
				 (ret[1] & 0x3) != pp))
		r->check_errors++;
	if (hpte_remove(index) != H_SUCCESS)
		r->pair_errors++;
}

/* four entries removed per call: request words in, response words out */
void bench_h_bulk_remove(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;
	int j;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_BULK_REMOVE }, index;
		int ok = 1;

		for (j = 0; j < 4; j++) {
			if (hpte_insert(hpte_spread(4 * i + j, spec), 4 * i + j, &index) != H_SUCCESS)
				ok = 0;
			a[1 + 2 * j] = (1UL << 62) | index;	/* request, absolute */
			a[2 + 2 * j] = 0;
		}
		if (!ok) {
			r->pair_errors++;
			continue;
		}
		if (timed(r, ret, a) != H_SUCCESS)
			continue;
		for (j = 0; j < 4; j++)
			if (((ret[2 * j] >> 56) & 0xf0) != 0x80)	/* response, success */
				r->check_errors++;
	}
}

static void clear_bits(const struct hvb_spec *spec, struct hvb_bench_result *r,
		       unsigned long op, uint64_t tag)
{
	unsigned long ret[8], index;
	uint64_t i;

	if (hpte_insert(hpte_spread(tag, spec), tag, &index) != H_SUCCESS) {
		r->pair_errors++;
		return;
	}
	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { op, 0, index };

		timed(r, ret, a);
	}
	if (hpte_remove(index) != H_SUCCESS)
		r->pair_errors++;
}

void bench_h_clear_ref(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	clear_bits(spec, r, H_CLEAR_REF, 0x4444);
}

void bench_h_clear_mod(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	clear_bits(spec, r, H_CLEAR_MOD, 0x4545);
}
