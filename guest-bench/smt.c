// SPDX-License-Identifier: GPL-2.0
/*
 * Benches across the threads of the vcore (spec->nr_threads >= 2).
 *
 * h_prod: thread 1 cedes; thread 0 waits until it has announced the cede,
 * lets it get into the hypervisor, then H_PRODs it (timed: thread 0's
 * record).  Thread 1's record holds prod-to-resume: thread 0's timebase
 * just before H_PROD to thread 1's right after H_CEDE returns.  Thread 1
 * then prods thread 0, which has ceded meanwhile: thread 0's hist2 is the
 * ping-pong round trip.  Thread 1's early_wakes counts its cedes that
 * returned before the prod (decrementer, or a vcore re-entry).
 *
 * h_cede_busy: thread 0 cedes with the decrementer programmed, as h_cede,
 * while every sibling makes null hcalls (H_SET_DABR) in a loop: the
 * real-mode H_CEDE of POWER8 then naps the thread instead of leaving the
 * guest.  Each sibling's calls are a record; a sibling that made none
 * while thread 0 ceded is a check error.
 */
#include "bench.h"
#include "lib/console.h"
#include "lib/smp.h"

static int need_threads(struct hvb_bench_result *r, uint32_t n)
{
	if (smp_nr_threads >= n)
		return 0;
	printf("FAIL %s: needs %u threads, the spec gives %u (hvbench run --smt %u)\n",
	       hvb_bench_info[r->bench].name, n, smp_nr_threads, n);
	r->status = HVB_STATUS_BAD_SPEC;
	return -1;
}

void bench_h_prod(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	struct hvb_bench_result *p;
	unsigned long ret[8];
	uint64_t i, delay = spec->cede_ticks / 10;

	if (need_threads(r, 2))
		return;
	p = bench_record(HVB_BENCH_H_PROD, 1);
	if (!p) {
		r->check_errors++;
		return;
	}
	p->req = H_CEDE;
	smp.rec[1] = p;
	smp.iterations = spec->iterations;
	smp.round_ready = smp.round_go = smp.round_back = 0;
	if (smp_order_all(SMP_PROD_PARTNER)) {
		r->check_errors++;
		return;
	}
	for (i = 1; i <= spec->iterations; i++) {
		unsigned long a[10] = { H_PROD, smp_server[1] };
		uint64_t t0;

		if (smp_wait_eq(&smp.round_ready, i, SMP_TIMEOUT)) {
			r->check_errors++;	/* the partner stopped answering */
			break;
		}
		/* give the partner time to get into H_CEDE */
		t0 = mftb();
		while (mftb() - t0 < delay)
			;
		smp.prod_tb = mftb();
		smp.round_go = i;
		__sync_synchronize();
		timed(r, ret, a);
		t0 = mftb();
		while (smp.round_back != i && mftb() - t0 < SMP_TIMEOUT)
			smp_cede();
		if (smp.round_back != i) {
			r->check_errors++;
			break;
		}
		hvb_hist_record(&r->hist2, mftb() - smp.prod_tb);
	}
	if (smp_order_all(SMP_IDLE))
		r->check_errors++;
	smp.rec[1] = NULL;
	/* every round's prod reached the partner */
	if (p->iterations != r->iterations)
		p->check_errors++;
	mtdec(0x7fffffff);
}

void bench_h_cede_busy(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	struct hvb_bench_result *sib[HVB_MAX_THREADS] = { 0 };
	uint64_t before[HVB_MAX_THREADS] = { 0 };
	uint32_t t;

	if (need_threads(r, 2))
		return;
	for (t = 1; t < smp_nr_threads; t++) {
		sib[t] = bench_record(HVB_BENCH_H_CEDE_BUSY, t);
		if (!sib[t]) {
			r->check_errors++;
			return;
		}
		sib[t]->req = H_SET_DABR;
		/* PAPR: H_HARDWARE where there is no DABR (QEMU's POWER8) */
		sib[t]->expected_rc = spec->pseries ? H_HARDWARE : H_SUCCESS;
		smp.rec[t] = sib[t];
	}
	if (smp_order_all(SMP_BUSY)) {
		r->check_errors++;
		goto out;
	}
	for (t = 1; t < smp_nr_threads; t++)
		before[t] = *(volatile uint64_t *)&sib[t]->iterations;
	cede_loop(spec, r, 0);
	/* the siblings kept running while thread 0 ceded */
	for (t = 1; t < smp_nr_threads; t++)
		if (*(volatile uint64_t *)&sib[t]->iterations == before[t])
			sib[t]->check_errors++;
out:
	if (smp_order_all(SMP_IDLE))
		r->check_errors++;
	for (t = 1; t < smp_nr_threads; t++)
		smp.rec[t] = NULL;
}
