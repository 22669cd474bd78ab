// SPDX-License-Identifier: GPL-2.0
/*
 * h_cede: program the decrementer for spec->cede_ticks, H_CEDE, and time
 * both the cede round trip and the wake latency (the decrementer handler's
 * timebase minus the decrementer's expiry).  H_CEDE sets MSR[EE], so the
 * expired decrementer is delivered on the way back; the handler
 * (cstart64.S) stamps the timebase and returns with EE off again.
 *
 * h_confer: H_CONFER to any thread (-1): the real-mode handler spins up
 * to 10 us for the other threads of the vcore, then yields to the host.
 */
#include "bench.h"
#include "lib/smp.h"

/* h_cede with the sibling threads (if any) idle: ceded themselves */
void bench_h_cede(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	cede_loop(spec, r, smp_nr_threads == 1);
}

void cede_loop(const struct hvb_spec *spec, struct hvb_bench_result *r, int strict)
{
	struct guest_cpu *me = this_cpu();
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_CEDE };
		uint64_t expiry;

		me->dec_wake_tb = 0;
		mtdec((uint32_t)spec->cede_ticks);
		expiry = mftb() + spec->cede_ticks;
		if (timed(r, ret, a) != H_SUCCESS)
			continue;
		if (!me->dec_wake_tb) {
			/*
			 * Woke without the decrementer.  With siblings,
			 * POWER8 KVM may resume a ceded vcpu when the vcore
			 * re-enters the guest (fast_guest_return cancels the
			 * cede): PAPR allows it, count it.  A lone thread
			 * has nothing but the decrementer to wake it.
			 */
			if (strict)
				r->check_errors++;
			else
				r->early_wakes++;
			continue;
		}
		hvb_hist_record(&r->hist2, me->dec_wake_tb > expiry ? me->dec_wake_tb - expiry : 0);
	}
	mtdec(0x7fffffff);
}

void bench_h_confer(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_CONFER, (unsigned long)-1, 0 };

		timed(r, ret, a);
	}
}
