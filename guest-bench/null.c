// SPDX-License-Identifier: GPL-2.0
/*
 * The transition costs, with as little handler as possible:
 *
 * null_rm: H_SET_DABR(0).  Its real-mode handler (kvmppc_h_set_dabr) is a
 *   few instructions of assembly and always succeeds: the round trip is
 *   guest -> real-mode hcall path -> guest.
 * null_vm: H_PROD of a vcpu that does not exist.  Not in the real-mode
 *   table, so it goes through the full exit to virtual mode, where
 *   kvmppc_pseries_do_hcall() fails the vcpu lookup at once (H_PARAMETER)
 *   without touching any state.
 * loop: the measurement itself, a nop where "sc 1" would be.
 */
#include "bench.h"

void bench_null_rm(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_SET_DABR, 0 };

		timed(r, ret, a);
	}
}

void bench_null_vm(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	unsigned long ret[8];
	uint64_t i;

	for (i = 0; i < spec->iterations; i++) {
		unsigned long a[10] = { H_PROD, 0x7fffffffUL };

		timed(r, ret, a);
	}
}

void bench_loop(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t i, dt;

	for (i = 0; i < spec->iterations; i++) {
		__timed_nop(&dt);
		bench_sample(r, dt, 0);
	}
}
