// SPDX-License-Identifier: GPL-2.0
/*
 * h_resize: the HPT resized under the guest (PAPR H_RESIZE_HPT_PREPARE /
 * H_RESIZE_HPT_COMMIT, carried out by the VMM with KVM_PPC_RESIZE_HPT_*).
 * The guest holds -n bolted entries (at least RESIZE_MIN, at most
 * RESIZE_MAX; H_PTEG_FULL ends the fill early), each at its hash's PTEG
 * (pteg_of), resizes from its order to order + 2 and back RESIZE_ROUNDS
 * times, and after every commit finds each of its entries again by reading
 * the whole new table: KVM rehashes bolted entries into the new HPT and
 * drops the others.  The VMM then counts the new table's valid entries
 * (HVB_SNAP_RESIZED) into its record of the resize, next to the entries
 * the table held before it: the resize's cost against the entries it moved.
 *
 * hist: the commit as the guest sees it (every vcpu is stopped for it);
 * hist2 ("prepare"): from the first H_RESIZE_HPT_PREPARE to the one that
 * says the new table is ready (the guest runs meanwhile, retrying on
 * H_LONG_BUSY).
 */
#include "bench.h"
#include "lib/console.h"

#define RESIZE_MIN	64	/* hvbench.hostile=16 needs that many to collide */
#define RESIZE_MAX	8192
#define RESIZE_ROUNDS	2
#define RESIZE_TAG	0xa00000UL
#define HPTE_V_AVPN	0x3fffffffffffff80UL
#define H_READ_4	(1UL << (63 - 26))
#define PREPARE_TRIES	100000

/*
 * Where entry k belongs in a table of 2^order bytes: its primary hash
 * (256 MiB segment, 4 KiB page).  The AVPN holds the VSID (tag >> 5) and
 * offset bits 23-27 (tag & 0x1f); bits 12-22 are the entry's to choose
 * (low, below 2^11), and the rehash recovers them from the PTEG.  An entry
 * anywhere else makes KVM's rehash collide while the table grows, which
 * 6.12 answers with BUG_ON(new->order >= old->order) in
 * resize_hpt_rehash_hpte: a host crash (seen on the emulated host).
 */
static uint64_t pteg_of(unsigned int k, uint64_t low, uint32_t order)
{
	unsigned long tag = RESIZE_TAG + k;

	return ((tag >> 5) ^ ((tag & 0x1f) << 11) ^ low) & ((1UL << (order - 7)) - 1);
}

static unsigned long held[RESIZE_MAX];	/* where each entry is now */
static unsigned int nheld;		/* entries 0..nheld-1 were entered */
#define H_AVPN		(1UL << (63 - 32))

static int ours(unsigned long v)
{
	unsigned long tag = (v & HPTE_V_AVPN) >> HPTE_V_AVPN_SHIFT;

	return (v & HPTE_V_VALID) && (v & HPTE_V_BOLTED) &&
	       tag >= RESIZE_TAG && tag < RESIZE_TAG + nheld;
}

/* read the whole table of 2^order bytes: where is each of our entries? */
static uint64_t spec_tb_hz;

static unsigned int find_all(uint32_t order)
{
	uint64_t i, n = 1UL << (order - 4);
	unsigned int found = 0, k;
	unsigned long ret[8];

	for (i = 0; i < n; i += 4) {
		if (__hcall_ret(ret, H_READ, H_READ_4, i) != H_SUCCESS)
			return 0;
		for (k = 0; k < 4; k++)
			if (ours(ret[2 * k])) {
				held[((ret[2 * k] & HPTE_V_AVPN) >> HPTE_V_AVPN_SHIFT) - RESIZE_TAG] = i + k;
				found++;
			}
	}
	return found;
}

/* prepare (retrying while the host builds the table), then the timed commit */
static long resize_to(uint32_t order, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t t0 = mftb();
	long rc, k;
	int tries = 0;

	for (;;) {
		uint64_t wait, w0;

		rc = __hcall(H_RESIZE_HPT_PREPARE, 0UL, (unsigned long)order);
		if (rc < H_LONG_BUSY_ORDER_1_MSEC || rc > H_LONG_BUSY_ORDER_1_MSEC + 5 ||
		    ++tries >= PREPARE_TRIES)
			break;
		/* PAPR's hint: wait 10^k ms before asking again (at most 100 ms here) */
		wait = spec_tb_hz / 1000;
		for (k = 0; k < rc - H_LONG_BUSY_ORDER_1_MSEC && k < 2; k++)
			wait *= 10;
		w0 = mftb();
		while (mftb() - w0 < wait)
			;
	}
	hvb_hist_record(&r->hist2, mftb() - t0);
	if (rc != H_SUCCESS) {
		printf("FAIL h_resize: H_RESIZE_HPT_PREPARE to order %u answered %ld\n", order, rc);
		bench_sample(r, 0, rc);
		return rc;
	}
	{
		unsigned long a[10] = { H_RESIZE_HPT_COMMIT, 0, order };

		return timed(r, ret, a);
	}
}

void bench_h_resize(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint32_t from = spec->hpt_order, to = from + 2 <= 46 ? from + 2 : from - 2;
	uint32_t orders[2] = { to, from };
	uint64_t n = spec->iterations < RESIZE_MIN ? RESIZE_MIN :
		     spec->iterations > RESIZE_MAX ? RESIZE_MAX : spec->iterations;
	unsigned long ret[4];
	unsigned int k, j, i, found;
	long rc;

	if (spec->pseries) {
		r->status = HVB_STATUS_SKIP;
		printf("SKIP h_resize: hvbench's VMM carries out the resize; QEMU pseries is not it\n");
		return;
	}
	spec_tb_hz = spec->timebase_hz;
	nheld = 0;
	for (k = 0; k < n; k++) {
		/*
		 * hvbench.hostile=16: what a hostile guest may do, entries in
		 * PTEGs that are not their hash's (H_ENTER takes any): the
		 * rehash into the bigger table then collides, and the host
		 * must survive it (kmod 0007; stock 6.12 hits a BUG_ON)
		 */
		uint64_t pteg = (spec->hostile & HVB_HOSTILE_RESIZE) ?
				(k * ((1UL << (from - 7)) / RESIZE_MIN)) & ((1UL << (from - 7)) - 1) :
				pteg_of(k, k % 2048, from);

		/* not H_EXACT: the kernel takes a free slot of the PTEG */
		rc = __hcall_ret(ret, H_ENTER, 0UL, pteg * HPTES_PER_GROUP,
				 hpte_pteh(RESIZE_TAG + k) | HPTE_V_BOLTED, hpte_ptel());
		if (rc == H_PTEG_FULL && k >= RESIZE_MIN)
			break;
		if (rc != H_SUCCESS) {
			r->pair_errors++;
			break;
		}
		held[k] = ret[0];
		nheld = k + 1;
	}
	htab_snapshot(HVB_BENCH_H_RESIZE, HVB_SNAP_FILLED);
	printf("guest-bench: h_resize: %u bolted entries, orders %u -> %u -> %u, %d rounds\n",
	       nheld, from, to, from, RESIZE_ROUNDS);
	for (i = 0; i < RESIZE_ROUNDS && !r->pair_errors; i++)
		for (j = 0; j < 2; j++) {
			if (resize_to(orders[j], r) != H_SUCCESS)
				goto out;
			found = find_all(orders[j]);
			htab_snapshot(HVB_BENCH_H_RESIZE, HVB_SNAP_RESIZED);
			/* the device tree follows the table (ibm,pft-size, as QEMU updates it) */
			if (fdt_hpt_order() != orders[j]) {
				printf("FAIL h_resize: after the commit to order %u, ibm,pft-size says %u\n",
				       orders[j], fdt_hpt_order());
				r->check_errors++;
			}
			if (found != nheld) {
				printf("FAIL h_resize: after the commit to order %u, %u of %u bolted entries found\n",
				       orders[j], found, nheld);
				r->check_errors++;
			}
		}
out:
	/* by AVPN: only the entry with our tag goes, wherever the last resize left it */
	for (k = 0; k < nheld; k++)
		if (__hcall_ret(ret, H_REMOVE, H_AVPN, held[k],
				hpte_pteh(RESIZE_TAG + k) & ~0x7fUL) != H_SUCCESS)
			r->pair_errors++;
}
