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

void bench_h_cede(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_CEDE };
		uint64_t expiry;

		dec_wake_tb = 0;
		mtdec((uint32_t)spec->cede_ticks);
		expiry = mftb() + spec->cede_ticks;
		if (timed(r, ret, a) != H_SUCCESS)
			continue;
		if (!dec_wake_tb) {
			r->check_errors++;	/* woke without the decrementer */
			continue;
		}
		hvb_hist_record(&r->hist2, dec_wake_tb > expiry ? dec_wake_tb - expiry : 0);
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
