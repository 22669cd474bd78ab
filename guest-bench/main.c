// SPDX-License-Identifier: GPL-2.0
/*
 * guest-bench: runs the benches the host asked for, in order, prints a
 * PASS/FAIL line each and a SUMMARY, and hands the results block to the
 * host with HVB_H_RESULTS.
 */
#include "bench.h"
#include "lib/console.h"

static struct hvb_results results __attribute__((aligned(4096)));
volatile uint32_t hvb_current_bench;

#define benches hvb_bench_info

static const bench_fn bench_fns[] = {
	[HVB_BENCH_H_ENTER] = bench_h_enter,
	[HVB_BENCH_H_PUT_TCE] = bench_h_put_tce,
	[HVB_BENCH_H_REMOVE] = bench_h_remove,
	[HVB_BENCH_H_READ] = bench_h_read,
	[HVB_BENCH_H_PROTECT] = bench_h_protect,
	[HVB_BENCH_H_BULK_REMOVE] = bench_h_bulk_remove,
	[HVB_BENCH_H_CLEAR_REF] = bench_h_clear_ref,
	[HVB_BENCH_H_CLEAR_MOD] = bench_h_clear_mod,
	[HVB_BENCH_NULL_RM] = bench_null_rm,
	[HVB_BENCH_NULL_VM] = bench_null_vm,
	[HVB_BENCH_H_GET_TCE] = bench_h_get_tce,
	[HVB_BENCH_H_STUFF_TCE] = bench_h_stuff_tce,
	[HVB_BENCH_H_PUT_TCE_IND] = bench_h_put_tce_ind,
	[HVB_BENCH_H_CEDE] = bench_h_cede,
	[HVB_BENCH_H_CONFER] = bench_h_confer,
	[HVB_BENCH_MMIO] = bench_mmio,
	[HVB_BENCH_LOOP] = bench_loop,
	[HVB_BENCH_H_ENTER_FULL] = bench_h_enter_full,
	[HVB_BENCH_H_ENTER_EXACT] = bench_h_enter_exact,
	[HVB_BENCH_H_ENTER_FILL] = bench_h_enter_fill,
	[HVB_BENCH_FAULT] = bench_fault,
};

#define NR_IDS (sizeof(bench_fns) / sizeof(bench_fns[0]))

void bench_begin(struct hvb_bench_result *r, uint32_t id)
{
	memset(r, 0, sizeof(*r));
	r->bench = id;
	r->req = benches[id].req;
	r->expected_rc = benches[id].expected_rc;
	hvb_hist_init(&r->hist);
	hvb_hist_init(&r->hist2);
}

void bench_sample(struct hvb_bench_result *r, uint64_t dt, long rc)
{
	hvb_hist_record(&r->hist, dt);
	r->iterations++;
	if (rc == r->expected_rc) {
		r->rc_expected++;
	} else if (!r->rc_other++) {
		r->first_bad_rc = rc;
	}
}

static int bench_end(struct hvb_bench_result *r)
{
	if (r->rc_other)
		r->status = HVB_STATUS_BAD_RC;
	else if (r->pair_errors || r->check_errors)
		r->status = HVB_STATUS_CHECK;
	printf("%s %s: %lu calls, %lu as expected (%ld), %lu other (first %ld), %lu partner errors, %lu check errors, min %lu max %lu ticks\n",
	       r->status ? "FAIL" : "PASS", benches[r->bench].name, r->iterations,
	       r->rc_expected, r->expected_rc, r->rc_other, r->first_bad_rc,
	       r->pair_errors, r->check_errors, r->hist.count ? r->hist.min : 0, r->hist.max);
	return r->status ? 1 : 0;
}

static void hand_over(void)
{
	hvb_results_seal(&results);
	__hcall(HVB_H_RESULTS, (unsigned long)&results, (unsigned long)results.length);
}

/* from fault_common (cstart64.S), on our own stack; never returns */
void guest_fault(unsigned long vector, unsigned long srr0, unsigned long srr1)
{
	uint32_t id = hvb_current_bench;
	uint32_t i;

	results.failure.vector = vector;
	results.failure.srr0 = srr0;
	results.failure.srr1 = srr1;
	results.failure.bench = id;
	results.failure.valid = 1;
	for (i = 0; i < results.nr_benches; i++)
		if (results.bench[i].bench == id && !results.bench[i].status)
			results.bench[i].status = HVB_STATUS_FAULT;
	printf("FAIL %s: exception 0x%lx at 0x%lx (SRR1 0x%lx)\n",
	       id < NR_IDS && benches[id].name ? benches[id].name : "guest-bench",
	       vector, srr0, srr1);
	hand_over();
	__hcall(HVB_H_FAULT, vector, srr0, srr1, (unsigned long)id);
	for (;;)
		;
}

int main(const struct hvb_spec *spec)
{
	int failed = 0;
	uint32_t i;

	printf("guest-bench: spec at %p\n", spec);
	if (spec->magic != HVB_SPEC_MAGIC || spec->version != HVB_SPEC_VERSION ||
	    spec->hpt_order < 18 || spec->hpt_order > 46 ||
	    spec->nr_benches > HVB_MAX_BENCHES) {
		printf("FAIL: bad bench spec (magic %x version %u hpt_order %u benches %u)\n",
		       spec->magic, spec->version, spec->hpt_order, spec->nr_benches);
		results.nr_benches = 1;
		results.bench[0].status = HVB_STATUS_BAD_SPEC;
		hvb_hist_init(&results.bench[0].hist);
		hvb_hist_init(&results.bench[0].hist2);
		hand_over();
		return 1;
	}

	for (i = 0; i < spec->nr_benches; i++) {
		struct hvb_bench_result *r = &results.bench[i];
		uint32_t id = spec->bench[i];

		if (id >= NR_IDS || !bench_fns[id]) {
			printf("SKIP: bench %u unknown to this guest-bench\n", id);
			bench_begin(r, 0);
			r->bench = id;
			r->status = HVB_STATUS_BAD_SPEC;
			results.nr_benches = i + 1;
			failed++;
			continue;
		}
		bench_begin(r, id);
		results.nr_benches = i + 1;
		hvb_current_bench = id;
		bench_fns[id](spec, r);
		hvb_current_bench = 0;
		failed += bench_end(r);
	}
	printf("SUMMARY: %u tests, %d unexpected failures\n", results.nr_benches, failed);
	hand_over();
	return failed;
}
