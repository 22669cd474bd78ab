// SPDX-License-Identifier: GPL-2.0
/*
 * guest-bench: runs the bench the host asked for, prints PASS/FAIL lines and
 * a SUMMARY, and hands the results block to the host with HVB_H_RESULTS.
 */
#include "bench.h"
#include "lib/console.h"
#include "lib/hcall.h"

static struct hvb_results results __attribute__((aligned(4096)));

static const char *bench_name(uint32_t id)
{
	switch (id) {
	case HVB_BENCH_H_ENTER:
		return "h_enter";
	case HVB_BENCH_H_PUT_TCE:
		return "h_put_tce";
	}
	return "unknown";
}

int main(const struct hvb_spec *spec)
{
	struct hvb_bench_result *r = &results.bench[0];
	int failed = 0, rc;

	printf("guest-bench: spec at %p\n", spec);
	if (spec->magic != HVB_SPEC_MAGIC || spec->version != HVB_SPEC_VERSION ||
	    spec->hpt_order < 18 || spec->hpt_order > 46) {
		printf("FAIL: bad bench spec (magic %x version %u hpt_order %u)\n",
		       spec->magic, spec->version, spec->hpt_order);
		r->status = HVB_STATUS_BAD_SPEC;
		results.nr_benches = 1;
		failed = 1;
		goto out;
	}

	switch (spec->bench) {
	case HVB_BENCH_H_ENTER:
		rc = bench_h_enter(spec, r);
		break;
	case HVB_BENCH_H_PUT_TCE:
		rc = bench_h_put_tce(spec, r);
		break;
	default:
		printf("SKIP: bench %u unknown to this guest-bench\n", spec->bench);
		rc = -1;
		r->status = HVB_STATUS_BAD_SPEC;
	}
	results.nr_benches = 1;
	printf("%s %s: %lu iterations, %lu H_SUCCESS, %lu other (first %ld), %lu pair errors, min %lu max %lu ticks\n",
	       rc ? "FAIL" : "PASS", bench_name(spec->bench), r->iterations,
	       r->rc_success, r->rc_other, r->first_bad_rc, r->pair_errors,
	       r->hist.count ? r->hist.min : 0, r->hist.max);
	failed += rc ? 1 : 0;
out:
	printf("SUMMARY: %u tests, %d unexpected failures\n", results.nr_benches, failed);
	hvb_results_seal(&results);
	__hcall(HVB_H_RESULTS, (unsigned long)&results, (unsigned long)results.length);
	return failed;
}
