/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include "hvbench/results.h"
#include "lib/hcall.h"

/* The spec, as guest-bench parsed it from the device tree (lib/fdt.c). */
struct hvb_spec {
	uint32_t hpt_order;	/* log2 of the HPT size in bytes (ibm,pft-size) */
	uint32_t nr_benches;
	uint32_t bench[HVB_MAX_BENCHES];	/* enum hvb_bench_id, run in order */
	uint64_t iterations;	/* timed calls per bench */
	uint32_t liobn;		/* TCE benches: the TCE table ... */
	uint32_t tce_entries;	/* ... and its window, in 4 KiB IOMMU pages */
	uint64_t cede_ticks;	/* h_cede: decrementer programmed before each cede */
	uint64_t mmio_gpa;	/* mmio: a guest-physical address outside every memslot */
	uint64_t mem_size;	/* guest memory, bytes, at GPA 0 */
	uint64_t timebase_hz;
	uint32_t nr_threads;	/* threads of the vcore taking part */
	uint32_t server[HVB_MAX_THREADS];	/* their vcpu ids (H_PROD, start-cpu) */
	uint32_t raw;		/* raw samples to keep per record */
	uint32_t hostile;	/* HVB_HOSTILE_* acts after the hand-off */
	uint64_t seed;		/* hcall_fuzz */
	uint32_t hang_order;	/* hvbench.hang_order: hang instead of handing over (testing) */
	int pseries;		/* QEMU pseries: no HVB_H_* hcalls, RTAS starts threads */
	uint32_t rtas_start_cpu;	/* RTAS tokens */
	uint32_t rtas_power_off;
};

/* hvbench.hostile: misbehave towards the host on purpose (hostile.c) */
void hostile_acts(uint32_t mask, struct hvb_results *results);
void hostile_first(uint32_t mask, struct hvb_results *results);
void hostile_hang(void) __attribute__((noreturn));

/* parse the device tree at fdt into *spec; 0, or -1 with the reason printed */
int spec_from_fdt(const void *fdt, struct hvb_spec *spec);
/* the HPT order ibm,pft-size says now (the VMM follows resizes), 0 if none */
uint32_t fdt_hpt_order(void);

/* a bench fills *r; bench_end() says whether everything answered as PAPR says */
typedef void (*bench_fn)(const struct hvb_spec *spec, struct hvb_bench_result *r);

void bench_begin(struct hvb_bench_result *r, uint32_t id);
void bench_sample(struct hvb_bench_result *r, uint64_t dt, long rc);

/* one timed hcall: a[0] = opcode, a[1..] = arguments; returns its rc */
static inline long timed(struct hvb_bench_result *r, unsigned long ret[8],
			 const unsigned long a[10])
{
	uint64_t dt;
	long rc = __hcall_timed(&dt, ret, a);

	bench_sample(r, dt, rc);
	return rc;
}

/* HPT helpers (untimed): an entry for the bench's own page, and its removal */
unsigned long hpte_pteh(uint64_t tag);
unsigned long hpte_ptel(void);
long hpte_insert(uint64_t pteg, uint64_t tag, unsigned long *index);
long hpte_remove(unsigned long index);
uint64_t hpte_groups(const struct hvb_spec *spec);
uint64_t hpte_spread(uint64_t i, const struct hvb_spec *spec);

extern volatile uint32_t hvb_current_bench;
/* the VMM snapshots the HPT through the HTAB fd (no-op under QEMU pseries) */
void htab_snapshot(uint32_t bench, uint32_t phase);

/* another record, for a thread other than 0 in an SMT bench; NULL if full */
struct hvb_bench_result *bench_record(uint32_t id, uint32_t thread);
/* H_CEDE with the decrementer programmed: h_cede and h_cede_busy */
void cede_loop(const struct hvb_spec *spec, struct hvb_bench_result *r, int strict);

/* bench_FN() of every row of HVB_BENCH_LIST (include/hvbench/results.h) */
#define BENCH_DECLARE(e, id, name, fn, req, rc, h2, wt, thr, recs, fl, us) \
	void bench_##fn(const struct hvb_spec *spec, struct hvb_bench_result *r);
HVB_BENCH_LIST(BENCH_DECLARE)
#undef BENCH_DECLARE

#endif
