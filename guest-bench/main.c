// SPDX-License-Identifier: GPL-2.0
/*
 * guest-bench: runs the benches the host asked for, in order, prints a
 * PASS/FAIL line each and a SUMMARY, and hands the results block to the
 * host with HVB_H_RESULTS.
 */
#include "bench.h"
#include "lib/console.h"
#include "lib/rtas.h"
#include "lib/smp.h"

static struct hvb_results results __attribute__((aligned(4096)));
static struct hvb_spec spec_parsed;
volatile uint32_t hvb_current_bench;
static uint32_t raw_keep;	/* spec->raw */
uint32_t pseries_booted __attribute__((section(".data")));	/* cstart64.S */

#define benches hvb_bench_info

static const bench_fn bench_fns[] = {
#define BENCH_FN(e, id, name, fn, req, rc, h2, wt, thr, recs, fl, us) [id] = bench_##fn,
	HVB_BENCH_LIST(BENCH_FN)
#undef BENCH_FN
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

struct hvb_bench_result *bench_record(uint32_t id, uint32_t thread)
{
	struct hvb_bench_result *r;

	if (results.nr_benches >= HVB_MAX_RECORDS) {
		printf("FAIL %s: no room for thread %u's results (%u records at most)\n",
		       benches[id].name ? benches[id].name : "guest-bench", thread, HVB_MAX_RECORDS);
		return NULL;
	}
	r = &results.bench[results.nr_benches++];
	bench_begin(r, id);
	r->thread = thread;
	return r;
}

void bench_sample(struct hvb_bench_result *r, uint64_t dt, long rc)
{
	hvb_hist_record(&r->hist, dt);
	if (r->raw_n < raw_keep)
		r->raw[r->raw_n++] = dt;
	r->iterations++;
	if (rc == r->expected_rc) {
		r->rc_expected++;
	} else if (!r->rc_other++) {
		r->first_bad_rc = rc;
	}
}

/* every timed call answered "not implemented here": a platform gap, not a failure */
static int not_implemented(const struct hvb_bench_result *r)
{
	return r->iterations && r->rc_other == r->iterations &&
	       (r->first_bad_rc == H_FUNCTION ||
		(r->req == H_SET_DABR && r->first_bad_rc == H_HARDWARE));
}

static int bench_end(struct hvb_bench_result *r)
{
	if (r->status == HVB_STATUS_SKIP)
		return 0;
	if (not_implemented(r)) {
		r->status = HVB_STATUS_SKIP;
		printf("SKIP %s: the hypervisor answers %ld to every %s (not implemented here)\n",
		       benches[r->bench].name, r->first_bad_rc, benches[r->bench].name);
		return 0;
	}
	if (r->rc_other)
		r->status = HVB_STATUS_BAD_RC;
	else if (r->pair_errors || r->check_errors)
		r->status = HVB_STATUS_CHECK;
	printf("%s %s", r->status ? "FAIL" : "PASS", benches[r->bench].name);
	if (r->thread)
		printf("[%u]", r->thread);
	printf(": %lu calls, %lu as expected (%ld), %lu other (first %ld), %lu partner errors, %lu check errors, min %lu max %lu ticks\n",
	       r->iterations,
	       r->rc_expected, r->expected_rc, r->rc_other, r->first_bad_rc,
	       r->pair_errors, r->check_errors, r->hist.count ? r->hist.min : 0, r->hist.max);
	return r->status ? 1 : 0;
}

static int on_pseries(void)
{
	return spec_parsed.pseries;
}

static void print_hist(const struct hvb_bench_result *r, int which, const struct hvb_hist *h)
{
	uint32_t b;

	if (!h->count)
		return;
	printf("HVB-HIST bench=%s thread=%u hist=%d count=%lu sum=%lu min=%lu max=%lu overflow=%lu buckets=",
	       benches[r->bench].name, r->thread, which, h->count, h->sum, h->min, h->max,
	       h->overflow);
	for (b = 0; b < HVB_HIST_BUCKETS; b++)
		if (h->buckets[b])
			printf("%u:%u,", b, h->buckets[b]);
	printf("\n");
}

/*
 * QEMU pseries has no HVB_H_RESULTS: the results go to the console, one
 * line per record and per histogram (format: hvbench/results.h).
 */
static void print_results(void)
{
	static const char *const status[] = { "ok", "bad_rc", "bad_spec", "check_failed",
					      "fault", "skipped" };
	uint32_t i;
	uint64_t k;

	for (i = 0; i < results.nr_benches; i++) {
		const struct hvb_bench_result *r = &results.bench[i];

		printf("HVB-RESULT bench=%s thread=%u status=%s req=0x%x iterations=%lu expected_rc=%ld rc_expected=%lu rc_other=%lu first_bad_rc=%ld pair_errors=%lu check_errors=%lu alt_rc=%lu early_wakes=%lu\n",
		       benches[r->bench].name ? benches[r->bench].name : "none", r->thread,
		       r->status < 6 ? status[r->status] : "unknown", r->req, r->iterations,
		       r->expected_rc, r->rc_expected, r->rc_other, r->first_bad_rc,
		       r->pair_errors, r->check_errors, r->alt_rc, r->early_wakes);
		print_hist(r, 1, &r->hist);
		print_hist(r, 2, &r->hist2);
		if (r->raw_n) {
			printf("HVB-RAW bench=%s thread=%u samples=", benches[r->bench].name, r->thread);
			for (k = 0; k < r->raw_n; k++)
				printf("%lu,", r->raw[k]);
			printf("\n");
		}
	}
	if (results.failure.valid)
		printf("HVB-FAILURE vector=0x%lx srr0=0x%lx srr1=0x%lx bench=%s\n",
		       results.failure.vector, results.failure.srr0, results.failure.srr1,
		       results.failure.bench < NR_IDS && benches[results.failure.bench].name ?
		       benches[results.failure.bench].name : "none");
	printf("HVB-END records=%u\n", results.nr_benches);
}

/* once: a fault after the hand-off is reported by HVB_H_FAULT alone */
static int handed_over;

void htab_snapshot(uint32_t bench, uint32_t phase)
{
	if (!on_pseries())
		__hcall(HVB_H_SNAPSHOT, (unsigned long)bench, (unsigned long)phase);
}

static void hand_over(void)
{
	if (handed_over++)
		return;
	if (on_pseries()) {
		print_results();
		return;
	}
	hvb_results_seal(&results);
	__hcall(HVB_H_RESULTS, (unsigned long)&results, (unsigned long)results.length);
}

/* pseries: nobody to HVB_H_EXIT to; switch the machine off */
static void pseries_power_off(void)
{
	if (on_pseries())
		rtas_call(spec_parsed.rtas_power_off, 2, 1, NULL, 0U, 0U);
}

/* pseries: the other threads start halted; RTAS start-cpu sends them to _start */
static int pseries_start_threads(const struct hvb_spec *spec)
{
	extern char __pseries_secondary[];
	uint32_t t;

	if (!spec->pseries || spec->nr_threads < 2)
		return 0;
	if (!spec->rtas_start_cpu) {
		printf("FAIL smp: no /rtas/start-cpu in the device tree\n");
		return -1;
	}
	for (t = 1; t < spec->nr_threads; t++) {
		int rc = rtas_call(spec->rtas_start_cpu, 3, 1, NULL, spec->server[t],
				   (uint32_t)(unsigned long)__pseries_secondary, t);

		if (rc) {
			printf("FAIL smp: RTAS start-cpu of thread %u (server %u): %d\n", t,
			       spec->server[t], rc);
			return -1;
		}
	}
	return 0;
}

/* from fault_common (cstart64.S), on our own stack; never returns */
void guest_fault(unsigned long vector, unsigned long srr0, unsigned long srr1)
{
	uint32_t id = hvb_current_bench;
	uint64_t thread = this_cpu()->id;
	uint32_t i;

	/*
	 * A secondary only tells the host, which stops the run: thread 0 may
	 * be writing the results block, so a copy now could be torn.
	 */
	if (thread) {
		if (on_pseries()) {
			printf("HVB-FAILURE vector=0x%lx srr0=0x%lx srr1=0x%lx thread=%lu\n",
			       vector, srr0, srr1, thread);
			pseries_power_off();
		}
		__hcall(HVB_H_FAULT, vector, srr0, srr1, (unsigned long)id, thread);
		for (;;)
			;
	}

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
	pseries_power_off();
	__hcall(HVB_H_FAULT, vector, srr0, srr1, (unsigned long)id, 0UL);
	for (;;)
		;
}

static void fail_spec(void)
{
	struct hvb_bench_result *r = bench_record(0, 0);

	r->status = HVB_STATUS_BAD_SPEC;
	hand_over();
}

int main(const void *fdt)
{
	const struct hvb_spec *spec = &spec_parsed;
	int failed = 0;
	uint32_t i, k;

	printf("guest-bench: device tree at %p\n", fdt);
	if (spec_from_fdt(fdt, &spec_parsed)) {
		fail_spec();
		pseries_power_off();
		return 1;
	}
	raw_keep = spec->raw;
	printf("guest-bench: %s, timebase %lu Hz, HPT order %u, %u thread(s)\n",
	       spec->pseries ? "QEMU pseries" : "KVM-HV guest of hvbench", spec->timebase_hz,
	       spec->hpt_order, spec->nr_threads);
	for (i = 0; i < HVB_MAX_THREADS; i++)
		smp_server[i] = spec->server[i];
	if (pseries_start_threads(spec)) {
		fail_spec();
		pseries_power_off();
		return 1;
	}
	/* every thread of the vcore must be running guest code */
	smp_nr_threads = spec->nr_threads;
	if (smp_order_all(SMP_IDLE)) {
		for (i = 1; i < smp_nr_threads; i++)
			if (smp.ack[i] != smp.seq)
				printf("FAIL smp: thread %u did not start\n", i);
		fail_spec();
		pseries_power_off();
		return 1;
	}
	if (smp_nr_threads > 1)
		printf("PASS smp: %u threads running\n", smp_nr_threads);

	htab_snapshot(0, HVB_SNAP_BOOT);
	for (i = 0; i < spec->nr_benches; i++) {
		uint32_t id = spec->bench[i];
		uint32_t first = results.nr_benches;
		struct hvb_bench_result *r;

		if (id >= NR_IDS || !bench_fns[id]) {
			printf("SKIP: bench %u unknown to this guest-bench\n", id);
			r = bench_record(0, 0);
			if (r) {
				r->bench = id;
				r->status = HVB_STATUS_BAD_SPEC;
			}
			failed++;
			continue;
		}
		r = bench_record(id, 0);
		if (!r) {
			failed++;
			break;
		}
		hvb_current_bench = id;
		bench_fns[id](spec, r);
		hvb_current_bench = 0;
		for (k = first; k < results.nr_benches; k++)
			failed += bench_end(&results.bench[k]);
		if (benches[id].flags & HVB_BF_HPT)
			htab_snapshot(id, HVB_SNAP_AFTER);
	}
	if (smp_order_all(SMP_EXIT)) {
		printf("FAIL smp: a thread did not stop\n");
		failed++;
	}
	printf("SUMMARY: %u tests, %d unexpected failures\n", results.nr_benches, failed);
	if (spec->hostile && !on_pseries())
		hostile_first(spec->hostile, &results);
	if (spec->hang_order && spec->hang_order == spec->hpt_order)
		hostile_hang();
	hand_over();
	if (spec->hostile && !on_pseries())
		hostile_acts(spec->hostile, &results);
	pseries_power_off();
	return failed;
}
