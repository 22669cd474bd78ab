// SPDX-License-Identifier: GPL-2.0
/*
 * hcall_fuzz: N hcalls with random and edge arguments to every hcall the
 * POWER8 real-mode table and kmod handle (the HPT family, H_PAGE_INIT,
 * DABR, cede/confer/prod, XICS, the TCE family), so a host kernel that
 * trusts a guest argument Oopses here and not in production.
 *
 * The guest protects itself from what it asks for, and only from that:
 *  - HPT entries it creates carry a marker in their AVPN (FUZZ_TAG) and a
 *    256 MB segment, so they can never alias the VRMA entries KVM made for
 *    the guest's real-mode accesses; H_REMOVE, H_PROTECT, H_BULK_REMOVE and
 *    H_CLEAR_REF/MOD on a valid entry that is not its own are skipped (read
 *    first with H_READ) - counted in alt_rc;
 *  - H_PAGE_INIT writes only into its scratch pages (or addresses outside
 *    guest memory, which KVM must refuse); canary pages around the scratch
 *    area must be intact at the end (check_errors otherwise);
 *  - DABRs point above guest memory, and are cleared at the end;
 *  - H_CEDE runs with the decrementer a few ticks away.
 * Anything a guest could pass is still passed: bad flags, huge and
 * unaligned indexes, addresses past memory, counts past every window.
 *
 * With hvbench.hostile=16 (HVB_HOSTILE_RESIZE) it also resizes the HPT
 * under its own entries (H_RESIZE_HPT_PREPARE / _COMMIT, which the VMM
 * passes to KVM_PPC_RESIZE_HPT_* unchecked): any order, flags, a commit
 * with nothing or something else prepared, polls until ready, grow and
 * shrink.  Its entries sit in PTEGs that are not their hash's, and it
 * enters bolted twins that the rehash must send to one slot (see
 * bolted_twin): a kernel without kmod's 0007 BUGs on that collision when
 * the table grows (stock 6.12.117 does), which is why it is asked for and
 * not the default.
 *
 * The record: iterations = hcalls made, hist = their round trips (mixed),
 * rc_expected = answered with a PAPR return code, rc_other = answered with
 * one no guest may ever see (H_TOO_HARD leaking out of the host), alt_rc =
 * calls skipped to protect the guest.  hvbench.seed=S replays a run.
 */
#include "bench.h"
#include "lib/console.h"
#include "lib/smp.h"

#define H_XIRR_X		0x2fc
#define H_AVPN			(1UL << (63 - 32))
#define H_ANDCOND		(1UL << (63 - 33))
#define H_READ_4		(1UL << (63 - 26))
#define H_ICACHE_INVALIDATE	(1UL << (63 - 40))
#define H_ICACHE_SYNCHRONIZE	(1UL << (63 - 41))
#define H_ZERO_PAGE		(1UL << (63 - 48))
#define H_COPY_PAGE		(1UL << (63 - 49))
#define HPTE_V_LARGE		0x4UL
#define HPTE_V_SSIZE_SHIFT	62

#define FUZZ_TAG		0x800000UL	/* AVPN marker of the fuzzer's own entries */
#define SCRATCH_PAGES		4
#define PAGE			4096UL

static struct {
	char canary_lo[PAGE];
	char scratch[SCRATCH_PAGES * PAGE];
	char canary_hi[PAGE];
} pages __attribute__((aligned(4096)));
static uint64_t tce_list[512] __attribute__((aligned(4096)));

static uint64_t rng;
static struct hvb_spec cur;	/* the spec, with the HPT order resizes leave */
static unsigned long resize_pending;	/* the order of the last prepare that took */
static uint64_t resize_done, resize_full;	/* commits that switched tables, that collided */

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static uint64_t pick(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* half the time an edge value around the limit that matters, else random */
static uint64_t edge(uint64_t limit)
{
	static const uint64_t fixed[] = { 0, 1, 0x7fffffffUL, 0x80000000UL, 0xffffffffUL,
					  0x100000000UL, 1UL << 63, ~0UL, 4095, 4096 };

	switch (pick(8)) {
	case 0: return fixed[pick(sizeof(fixed) / sizeof(fixed[0]))];
	case 1: return limit;
	case 2: return limit - 1;
	case 3: return limit + 1 + pick(4096);
	case 4: return limit ? pick(limit) : 0;
	default: return rnd();
	}
}

static int is_ours(unsigned long v)
{
	return ((v >> HPTE_V_AVPN_SHIFT) & FUZZ_TAG) && !(v >> HPTE_V_SSIZE_SHIFT);
}

/* may the fuzzer touch HPT entry index? (invalid, out of range, or its own) */
static int may_touch(unsigned long index)
{
	unsigned long ret[4];

	if (__hcall_ret(ret, H_READ, 0UL, index) != H_SUCCESS)
		return 1;	/* KVM refuses the index: it refuses the real call too */
	return !(ret[0] & HPTE_V_VALID) || is_ours(ret[0]);
}

static unsigned long hpte_index(const struct hvb_spec *spec)
{
	uint64_t n = hpte_groups(spec) * HPTES_PER_GROUP;

	return pick(4) ? pick(n) : edge(n);
}

static unsigned long fuzz_pteh(void)
{
	unsigned long v = rnd() & ((1UL << HPTE_V_SSIZE_SHIFT) - 1);	/* 256 MB segment */

	return v | (FUZZ_TAG << HPTE_V_AVPN_SHIFT) | (pick(8) ? HPTE_V_VALID : 0);
}

static unsigned long fuzz_ptel(const struct hvb_spec *spec)
{
	unsigned long rpn = pick(2) ? pick(spec->mem_size) : edge(spec->mem_size);

	return (rpn & ~(PAGE - 1)) | (rnd() & 0x1ff);
}

/* an address to write: the scratch pages, or outside guest memory */
static unsigned long write_target(const struct hvb_spec *spec)
{
	if (pick(4))
		return (unsigned long)pages.scratch + pick(SCRATCH_PAGES) * PAGE + (pick(8) ? 0 : pick(PAGE));
	return spec->mem_size + edge(1UL << 40);
}

static unsigned long tce_value(const struct hvb_spec *spec)
{
	unsigned long gpa = pick(2) ? pick(spec->mem_size) : edge(spec->mem_size);

	return (pick(4) ? (gpa & ~(PAGE - 1)) : gpa) | pick(4);
}

static unsigned long fuzz_liobn(const struct hvb_spec *spec)
{
	return pick(8) ? spec->liobn : edge(spec->liobn);
}

static unsigned long fuzz_ioba(const struct hvb_spec *spec)
{
	uint64_t win = (uint64_t)spec->tce_entries << 12;

	return pick(2) ? (pick(win ? win : 1) & ~(PAGE - 1)) : edge(win);
}

/* an HPT order to resize to: the kernel's limits, or near the current one */
static unsigned long resize_order(void)
{
	static const unsigned long fixed[] = { 0, 1, 17, 18, 46, 47, 64, 1UL << 32 };

	if (!pick(4))
		return fixed[pick(sizeof(fixed) / sizeof(fixed[0]))];
	if (!pick(8))
		return edge(47);
	/* grow and shrink by up to 2, within 18..24 (16 MiB) so most prepares can allocate */
	return cur.hpt_order + 1 < 20 ? 18 + pick(5) : cur.hpt_order > 22 ? 20 + pick(5) :
	       cur.hpt_order - 2 + pick(5);
}

/* poll a pending prepare until the kernel has built the table (or gave up) */
static void resize_ready(unsigned long order)
{
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		long rc = __hcall(H_RESIZE_HPT_PREPARE, 0UL, order);
		uint64_t w0 = mftb();

		if (rc < H_LONG_BUSY_ORDER_1_MSEC || rc > H_LONG_BUSY_ORDER_1_MSEC + 5)
			return;
		while (mftb() - w0 < cur.timebase_hz / 1000)
			;
	}
}

/*
 * Two bolted entries the rehash of a resize sends to one slot.  For a 4 KiB
 * page in a 256 MiB segment KVM rebuilds the page offset from the AVPN's
 * low 5 bits (offset bits 23-27) OR-ed with (VSID ^ PTEG) << 12
 * (resize_hpt_rehash_hpte): with those 5 bits all ones, PTEGs p and
 * p ^ (1 << 11) give the same hash, so the same slot of any new table.
 * The first goes in here, the second is the timed H_ENTER.
 */
static unsigned long twin[2], twin_v;	/* the pair in the table, while twin_v */

static int bolted_twin(const struct hvb_spec *spec, unsigned long a[10])
{
	unsigned long tag = FUZZ_TAG | ((rnd() & 0x3ffffUL) << 5) | 0x1f;
	unsigned long v = (tag << HPTE_V_AVPN_SHIFT) | HPTE_V_BOLTED | HPTE_V_VALID;
	uint64_t groups = hpte_groups(spec), p = pick(groups), slot = pick(HPTES_PER_GROUP);
	unsigned long ptel = fuzz_ptel(spec), ret[4];

	if (twin_v) {
		/*
		 * the pair goes again, so that resizes between pairs can
		 * succeed (H_AVPN: only if the entry at that index is still
		 * ours; a commit forgets the pair, see resize_seen)
		 */
		__hcall_ret(ret, H_REMOVE, H_AVPN, twin[0], twin_v & ~0x7fUL);
		a[0] = H_REMOVE;
		a[1] = H_AVPN;
		a[2] = twin[1];
		a[3] = twin_v & ~0x7fUL;
		twin_v = 0;
		return 1;
	}
	if (groups <= (1UL << 11))
		return 0;	/* order 18: bit 11 is not a PTEG bit */
	if (__hcall_ret(ret, H_ENTER, H_EXACT, p * HPTES_PER_GROUP + slot, v, ptel) != H_SUCCESS)
		return 0;
	twin[0] = ret[0];
	twin[1] = (p ^ (1UL << 11)) * HPTES_PER_GROUP + slot;
	twin_v = v;
	a[0] = H_ENTER;
	a[1] = H_EXACT;
	a[2] = twin[1];
	a[3] = v;
	a[4] = ptel;
	return 1;
}

/* one random hcall into a[]; 0 if self-protection says skip it */
static int fuzz_one(const struct hvb_spec *spec, unsigned long a[10])
{
	unsigned long flags = rnd();
	int j;

	switch (pick((spec->hostile & HVB_HOSTILE_RESIZE) ? 25 : 21)) {
	case 0:
		a[0] = H_ENTER;
		a[1] = pick(2) ? (flags & (H_EXACT | H_ZERO_PAGE)) : flags;
		a[2] = hpte_index(spec);
		a[3] = fuzz_pteh();
		a[4] = fuzz_ptel(spec);
		return 1;
	case 1:
	case 2:
		a[0] = H_REMOVE;
		a[1] = pick(2) ? (flags & (H_AVPN | H_ANDCOND)) : flags;
		a[2] = hpte_index(spec);
		a[3] = pick(2) ? (FUZZ_TAG << HPTE_V_AVPN_SHIFT) : rnd();
		return may_touch(a[2]);
	case 3:
		a[0] = H_READ;
		a[1] = pick(2) ? (flags & H_READ_4) : flags;
		a[2] = hpte_index(spec);
		return 1;
	case 4:
		a[0] = pick(2) ? H_CLEAR_REF : H_CLEAR_MOD;
		a[1] = pick(4) ? 0 : flags;
		a[2] = hpte_index(spec);
		return may_touch(a[2]);
	case 5:
		a[0] = H_PROTECT;
		a[1] = pick(2) ? (flags & (H_AVPN | 0x3fUL)) : flags;
		a[2] = hpte_index(spec);
		a[3] = pick(2) ? (FUZZ_TAG << HPTE_V_AVPN_SHIFT) : rnd();
		return may_touch(a[2]);
	case 6:
		a[0] = H_BULK_REMOVE;
		for (j = 0; j < 4; j++) {
			/* the index as the request word carries it: 56 bits */
			unsigned long idx = hpte_index(spec) & ((1UL << 56) - 1);
			unsigned long type = pick(4);	/* 0 unused, 1 request, 2 response, 3 end */

			if (!may_touch(idx))
				type = 3;
			a[1 + 2 * j] = (type << 62) | ((rnd() & 3UL) << 56) | idx;
			a[2 + 2 * j] = pick(2) ? (FUZZ_TAG << HPTE_V_AVPN_SHIFT) : rnd();
		}
		return 1;
	case 7:
		a[0] = H_PAGE_INIT;
		a[1] = pick(2) ? (flags & (H_ZERO_PAGE | H_COPY_PAGE | H_ICACHE_INVALIDATE |
					   H_ICACHE_SYNCHRONIZE)) : flags;
		a[2] = write_target(spec);
		a[3] = pick(2) ? pick(spec->mem_size) & ~(PAGE - 1) : edge(spec->mem_size);
		/* a random flag word may hold a copy or zero bit: the target is still ours */
		return 1;
	case 8:
		a[0] = H_SET_DABR;
		a[1] = spec->mem_size + edge(1UL << 40);
		return 1;
	case 9:
		a[0] = H_SET_XDABR;
		a[1] = spec->mem_size + edge(1UL << 40);
		a[2] = pick(2) ? pick(16) : rnd();
		return 1;
	case 10:
		/* a short nap: the decrementer wakes it */
		mtdec((uint32_t)(1 + pick(2000)));
		a[0] = H_CEDE;
		return 1;
	case 11:
		a[0] = H_CONFER;
		a[1] = pick(2) ? (unsigned long)-1 : edge(HVB_MAX_THREADS);
		a[2] = edge(1000);
		return 1;
	case 12:
		a[0] = H_PROD;
		a[1] = pick(2) ? smp_server[pick(smp_nr_threads)] : edge(HVB_MAX_THREADS);
		return 1;
	case 13: {
		static const unsigned long xics[] = { H_XIRR, H_XIRR_X, H_CPPR, H_EOI, H_IPI, H_IPOLL };

		a[0] = xics[pick(sizeof(xics) / sizeof(xics[0]))];
		a[1] = edge(256);
		a[2] = edge(256);
		return 1;
	}
	case 14:
	case 15:
		a[0] = H_PUT_TCE;
		a[1] = fuzz_liobn(spec);
		a[2] = fuzz_ioba(spec);
		a[3] = tce_value(spec);
		return 1;
	case 16:
		a[0] = H_GET_TCE;
		a[1] = fuzz_liobn(spec);
		a[2] = fuzz_ioba(spec);
		return 1;
	case 17:
	case 18:
		a[0] = H_STUFF_TCE;
		a[1] = fuzz_liobn(spec);
		a[2] = fuzz_ioba(spec);
		a[3] = pick(2) ? 0 : tce_value(spec);
		a[4] = edge(spec->tce_entries);
		return 1;
	case 21:
		a[0] = H_RESIZE_HPT_PREPARE;
		a[1] = pick(8) ? 0 : flags;
		a[2] = resize_order();
		return 1;
	case 22:
	case 23:
		if (resize_pending && pick(2))
			resize_ready(resize_pending);
		a[0] = H_RESIZE_HPT_COMMIT;
		a[1] = pick(8) ? 0 : flags;
		a[2] = resize_pending && pick(4) ? resize_pending : resize_order();
		return 1;
	case 24:
		return bolted_twin(spec, a);
	case 19:
	case 20:
		a[0] = H_PUT_TCE_INDIRECT;
		a[1] = fuzz_liobn(spec);
		a[2] = fuzz_ioba(spec);
		for (j = 0; j < 512; j++)
			tce_list[j] = tce_value(spec);
		a[3] = pick(4) ? (unsigned long)tce_list : edge(spec->mem_size);
		a[4] = edge(512);
		return 1;
	default:
		return 0;
	}
}

/* what a resize the kernel carried out changes for the calls after it */
static void resize_seen(const unsigned long a[10], long rc)
{
	if (a[0] == H_RESIZE_HPT_PREPARE)
		resize_pending = rc == H_SUCCESS ||
				 (rc >= H_LONG_BUSY_ORDER_1_MSEC && rc <= H_LONG_BUSY_ORDER_1_MSEC + 5) ?
				 a[2] : 0;
	else if (a[0] == H_RESIZE_HPT_COMMIT && rc == H_SUCCESS) {
		cur.hpt_order = (uint32_t)a[2];
		resize_pending = 0;
		resize_done++;
		/* a twin left alone (its sibling removed) moved with the rehash: forget it */
		twin_v = 0;
	} else if (a[0] == H_RESIZE_HPT_COMMIT && rc == H_PTEG_FULL) {
		resize_full++;
	}
}

static uint64_t sum(const char *p, unsigned long len)
{
	return hvb_checksum(p, len, len);
}

void bench_hcall_fuzz(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t i, lo, hi;

	cur = *spec;
	resize_pending = resize_done = resize_full = twin_v = 0;
	rng = spec->seed ? spec->seed : (mftb() | 1);
	printf("guest-bench: hcall_fuzz: seed %lu (replay with --guest-args hvbench.seed=%lu)\n",
	       rng, rng);
	memset(pages.canary_lo, 0x5a, PAGE);
	memset(pages.canary_hi, 0xa5, PAGE);
	lo = sum(pages.canary_lo, PAGE);
	hi = sum(pages.canary_hi, PAGE);
	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { 0 }, ret[8];
		uint64_t dt;
		long rc;

		if (!fuzz_one(&cur, a)) {
			r->alt_rc++;
			continue;
		}
		rc = __hcall_timed(&dt, ret, a);
		hvb_hist_record(&r->hist, dt);
		r->iterations++;
		if (rc == H_TOO_HARD) {
			if (!r->rc_other++)
				r->first_bad_rc = rc;
			printf("FAIL hcall_fuzz: hcall 0x%lx(0x%lx, 0x%lx, 0x%lx, 0x%lx) returned H_TOO_HARD to the guest\n",
			       a[0], a[1], a[2], a[3], a[4]);
		} else {
			r->rc_expected++;
		}
		if (a[0] == H_CEDE)
			mtdec(0x7fffffff);
		resize_seen(a, rc);
	}
	__hcall(H_SET_DABR, 0UL);
	if (resize_pending)	/* order 0 cancels it */
		__hcall(H_RESIZE_HPT_PREPARE, 0UL, 0UL);
	if (spec->hostile & HVB_HOSTILE_RESIZE)
		printf("guest-bench: hcall_fuzz: %lu HPT resizes committed, %lu refused for a bolted collision, order %u -> %u\n",
		       resize_done, resize_full, spec->hpt_order, cur.hpt_order);
	if (sum(pages.canary_lo, PAGE) != lo || sum(pages.canary_hi, PAGE) != hi) {
		printf("FAIL hcall_fuzz: guest memory around the H_PAGE_INIT scratch pages changed\n");
		r->check_errors++;
	}
	printf("guest-bench: hcall_fuzz: %lu hcalls, %lu skipped to protect the guest\n",
	       r->iterations, r->alt_rc);
}
