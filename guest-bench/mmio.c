// SPDX-License-Identifier: GPL-2.0
/*
 * mmio: a load from a guest-physical address outside every memslot, which
 * KVM emulates by exiting to the VMM (KVM_EXIT_MMIO); host-runner answers
 * with bytes of HVB_MMIO_BYTE.  Timed like an hcall, checked by value.
 *
 * KVM-HV reflects a real-mode access outside the VRMA back to the guest as
 * a DSI, so the load is made with data relocation on: one SLB entry and one
 * HPTE (entered with H_ENTER, which marks an address with no memslot as
 * emulated MMIO) map MMIO_EA to spec->mmio_gpa; only the timed load runs
 * with MSR[DR] set.
 */
#include "bench.h"
#include "lib/console.h"

#define MMIO_EA		0x10000000UL	/* segment 1, page 0 */
#define MMIO_VSID	0x1234567UL
#define SLB_ESID_V	0x08000000UL
#define HPTE_R_I	0x20UL
#define HPTE_R_G	0x08UL

uint64_t __timed_load_dr(uint64_t *ticks, uint64_t ea);

void bench_mmio(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	/* 256 MiB segment, 4 KiB page: primary hash = VSID ^ page index */
	uint64_t pteg = (MMIO_VSID ^ ((MMIO_EA & 0x0fffffffUL) >> 12)) & (hpte_groups(spec) - 1);
	uint64_t va = (MMIO_VSID << 28) | (MMIO_EA & 0x0fffffffUL);
	unsigned long pteh = ((va >> 23) << HPTE_V_AVPN_SHIFT) | HPTE_V_VALID;
	unsigned long ptel = spec->mmio_gpa | HPTE_R_I | HPTE_R_G | HPTE_R_PP_RW;
	unsigned long ret[4];
	uint64_t i, dt, v;

	if (!spec->mmio_gpa) {
		printf("SKIP mmio: the spec names no MMIO address (QEMU pseries has no hvbench device)\n");
		r->status = HVB_STATUS_SKIP;
		return;
	}

	if (__hcall_ret(ret, H_ENTER, 0UL, pteg * HPTES_PER_GROUP, pteh, ptel) != H_SUCCESS) {
		r->pair_errors++;
		return;
	}
	asm volatile("slbmte %0, %1; isync" : :
		     "r"(MMIO_VSID << 12), "r"(MMIO_EA | SLB_ESID_V | 1) : "memory");

	for (i = 0; i < spec->iterations; i++) {
		v = __timed_load_dr(&dt, MMIO_EA);
		bench_sample(r, dt, 0);
		if (v != HVB_MMIO_BYTE * 0x0101010101010101ULL)
			r->check_errors++;
	}

	asm volatile("slbie %0; isync" : : "r"(MMIO_EA) : "memory");
	if (hpte_remove(ret[0]) != H_SUCCESS)
		r->pair_errors++;
}

/* not a bench to run for numbers: proves a fault ends in a failure record */
void bench_fault(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	(void)spec;
	(void)r;
	asm volatile(".long 0");	/* illegal instruction: program check */
}
