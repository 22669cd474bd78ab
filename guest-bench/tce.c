// SPDX-License-Identifier: GPL-2.0
/*
 * The TCE family on the table the host created (spec->liobn): H_PUT_TCE,
 * H_GET_TCE, H_STUFF_TCE and H_PUT_TCE_INDIRECT (512 TCEs a call), each
 * checked by reading entries back with H_GET_TCE.
 */
#include "bench.h"

static char dma_page[4096] __attribute__((aligned(4096)));
static uint64_t tce_list[512] __attribute__((aligned(4096)));

static unsigned long tce_of(uint64_t i)
{
	/* vary the permission so a stale entry cannot pass a check */
	return (unsigned long)dma_page | ((i & 1) ? TCE_PCI_READ : TCE_PCI_WRITE);
}

static int tce_reads(const struct hvb_spec *spec, unsigned long ioba, unsigned long want)
{
	unsigned long ret[4];

	return __hcall_ret(ret, H_GET_TCE, (unsigned long)spec->liobn, ioba) == H_SUCCESS &&
	       ret[0] == want;
}

void bench_h_put_tce(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long ioba = (i % spec->tce_entries) << 12;
		unsigned long a[10] = { H_PUT_TCE, spec->liobn, ioba, tce_of(i) };

		if (timed(r, ret, a) == H_SUCCESS && !tce_reads(spec, ioba, tce_of(i)))
			r->check_errors++;
	}
	/* an I/O address past the window is a bad parameter */
	if (__hcall(H_PUT_TCE, (unsigned long)spec->liobn, (unsigned long)spec->tce_entries << 12,
		    tce_of(0)) != H_PARAMETER)
		r->check_errors++;
}

void bench_h_get_tce(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	if (__hcall(H_PUT_TCE, (unsigned long)spec->liobn, 0UL, tce_of(1)) != H_SUCCESS)
		r->pair_errors++;
	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_GET_TCE, spec->liobn, 0 };

		if (timed(r, ret, a) == H_SUCCESS && ret[0] != tce_of(1))
			r->check_errors++;
	}
}

void bench_h_stuff_tce(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long npages = spec->tce_entries < 512 ? spec->tce_entries : 512;
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		/*
		 * KVM only stuffs values without permission bits (clearing, or
		 * poisoning for debug): anything else is H_PARAMETER
		 */
		unsigned long v = (i & 1) ? (i << 12) : 0;
		unsigned long a[10] = { H_STUFF_TCE, spec->liobn, 0, v, npages };

		if (timed(r, ret, a) == H_SUCCESS &&
		    (!tce_reads(spec, 0, v) || !tce_reads(spec, (npages - 1) << 12, v)))
			r->check_errors++;
	}
}

void bench_h_put_tce_ind(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;
	int j;

	if (spec->tce_entries < 512) {
		r->check_errors++;
		return;
	}
	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_PUT_TCE_INDIRECT, spec->liobn, 0,
					(unsigned long)tce_list, 512 };

		/* the TCE list is big-endian, whatever the guest's endianness */
		for (j = 0; j < 512; j++)
			tce_list[j] = __builtin_bswap64(tce_of(i + j));
		if (timed(r, ret, a) == H_SUCCESS &&
		    (!tce_reads(spec, 0, tce_of(i)) || !tce_reads(spec, 511 << 12, tce_of(i + 511))))
			r->check_errors++;
	}
}
