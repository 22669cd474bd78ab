// SPDX-License-Identifier: GPL-2.0
/*
 * Secondary threads: they follow the orders thread 0 writes to 'smp' and
 * are woken to read them with H_PROD.  The order is written before its
 * sequence number, and read after it, so a thread that sees a new seq
 * sees its order.  No hcall-clobbered register is live across a cede.
 */
#include "lib/hcall.h"
#include "lib/smp.h"
#include "bench.h"

struct smp_ctl smp;
uint32_t smp_nr_threads = 1;
uint32_t smp_server[HVB_MAX_THREADS];
struct guest_cpu guest_cpus[HVB_MAX_THREADS];

int smp_wait_eq(volatile uint64_t *p, uint64_t v, uint64_t ticks)
{
	uint64_t t0 = mftb();

	while (*p != v)
		if (mftb() - t0 > ticks)
			return -1;
	return 0;
}

int smp_order_all(uint32_t order)
{
	uint64_t seq = smp.seq + 1;
	uint32_t t;
	int err = 0;

	smp.order = order;
	__sync_synchronize();
	smp.seq = seq;
	__sync_synchronize();
	for (t = 1; t < smp_nr_threads; t++)
		__hcall(H_PROD, (unsigned long)smp_server[t]);
	for (t = 1; t < smp_nr_threads; t++)
		if (smp_wait_eq(&smp.ack[t], seq, SMP_TIMEOUT))
			err = -1;
	return err;
}

long smp_cede(void)
{
	mtdec(SMP_CEDE_DEC);
	return __hcall(H_CEDE);
}

static void smp_idle(uint64_t seq)
{
	while (smp.seq == seq)
		smp_cede();
}

static void smp_busy(uint32_t id, uint64_t seq)
{
	struct hvb_bench_result *r = smp.rec[id];
	unsigned long ret[8];

	while (smp.seq == seq) {
		unsigned long a[10] = { H_SET_DABR, 0 };

		if (r)
			timed(r, ret, a);
		else
			__hcall(H_SET_DABR, 0UL);
	}
}

/* h_prod's partner (thread 1): cede, get prodded, prod thread 0 back */
static void smp_prod_partner(uint32_t id, uint64_t seq)
{
	struct hvb_bench_result *r = smp.rec[id];
	uint64_t i;

	if (id != 1 || !r) {
		smp_idle(seq);
		return;
	}
	for (i = 1; i <= smp.iterations && smp.seq == seq; i++) {
		uint64_t t1;
		long rc;

		smp.round_ready = i;
		__sync_synchronize();
		rc = smp_cede();
		while (smp.round_go != i && smp.seq == seq) {
			r->early_wakes++;	/* not (yet) prodded */
			rc = smp_cede();
		}
		t1 = mftb();
		if (smp.round_go != i)
			break;
		bench_sample(r, t1 - smp.prod_tb, rc);
		smp.round_back = i;
		__sync_synchronize();
		__hcall(H_PROD, (unsigned long)smp_server[0]);
	}
	smp_idle(seq);
}

void smp_secondary(const void *fdt, uint32_t id)
{
	(void)fdt;	/* thread 0 parsed it; orders come through 'smp' */
	for (;;) {
		uint64_t seq = smp.seq;
		uint32_t order;

		__sync_synchronize();
		order = smp.order;
		smp.ack[id] = seq;
		switch (order) {
		case SMP_IDLE:
			smp_idle(seq);
			break;
		case SMP_BUSY:
			smp_busy(id, seq);
			break;
		case SMP_PROD_PARTNER:
			smp_prod_partner(id, seq);
			break;
		case SMP_EXIT:
			return;
		default:
			smp_idle(seq);
		}
	}
}
