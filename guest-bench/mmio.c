// SPDX-License-Identifier: GPL-2.0
/*
 * mmio: a load from a guest-physical address outside every memslot, which
 * KVM emulates by exiting to the VMM (KVM_EXIT_MMIO); host-runner answers
 * with bytes of HVB_MMIO_BYTE.  Timed like an hcall, checked by value.
 */
#include "bench.h"

uint64_t __timed_load(uint64_t *ticks, uint64_t addr);

void bench_mmio(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t i, dt, v;

	for (i = 0; i < spec->iterations; i++) {
		v = __timed_load(&dt, spec->mmio_gpa);
		bench_sample(r, dt, 0);
		if (v != HVB_MMIO_BYTE * 0x0101010101010101ULL)
			r->check_errors++;
	}
}

/* not a bench to run for numbers: proves a fault ends in a failure record */
void bench_fault(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	(void)spec;
	(void)r;
	asm volatile(".long 0");	/* illegal instruction: program check */
}
