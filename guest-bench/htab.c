// SPDX-License-Identifier: GPL-2.0
/*
 * htab_read: what a full HTAB-fd read pass (migration's first pass) costs
 * the VMM against the HPT order and the valid entries in the table.  The
 * guest enters -n entries spread over the table (at most HTAB_READ_FILL;
 * H_PTEG_FULL ends the fill), then asks the VMM HTAB_READ_PASSES times
 * for a pass over a new fd (HVB_H_HTAB_READ), each timed in the VMM and
 * recorded here converted to timebase ticks.  Every pass must see at least
 * the entries the guest holds.
 *
 * htab_busy: the HPT cannot be reset or reallocated under a running guest.
 * KVM_PPC_ALLOCATE_HTAB fails with EBUSY while any vcpu is in KVM_RUN
 * (seed 000: vcpus_running).  The guest asks the VMM to try it from another
 * thread (HVB_H_PROBE start), stays in the guest spinning on the timebase
 * well past the moment the VMM tries, then asks for the VMM's answer
 * (HVB_H_PROBE result): the errno, which must be EBUSY.  A sample is one
 * such window; at most HTAB_BUSY_MAX probes whatever -n says.
 */
#include "bench.h"
#include "lib/console.h"

#define HTAB_BUSY_MAX	4
#define EBUSY		16
#define HTAB_READ_FILL	32768
#define HTAB_READ_PASSES 8

static unsigned long read_held[HTAB_READ_FILL];

void bench_htab_read(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t i, n = 0, fill = spec->iterations < HTAB_READ_FILL ? spec->iterations : HTAB_READ_FILL;
	unsigned long ret[8];

	if (spec->pseries) {
		r->status = HVB_STATUS_SKIP;
		printf("SKIP htab_read: no VMM of hvbench to read the HTAB fd under QEMU pseries\n");
		return;
	}
	for (i = 0; i < fill; i++) {
		long rc = hpte_insert(hpte_spread(i, spec), 0x7000 + i, &read_held[n]);

		if (rc == H_PTEG_FULL)
			break;
		if (rc != H_SUCCESS) {
			r->pair_errors++;
			break;
		}
		n++;
	}
	htab_snapshot(HVB_BENCH_HTAB_READ, HVB_SNAP_FILLED);
	for (i = 0; i < HTAB_READ_PASSES; i++) {
		long rc = __hcall_ret(ret, HVB_H_HTAB_READ);

		/* the VMM's ns as timebase ticks, the unit of every record (no overflow: per MHz) */
		uint64_t mhz = spec->timebase_hz / 1000000;

		bench_sample(r, rc == H_SUCCESS ? ret[0] / 1000 * mhz + ret[0] % 1000 * mhz / 1000 : 0, rc);
		if (rc == H_SUCCESS && ret[1] < n) {
			printf("FAIL htab_read: a read pass saw %lu valid entries; the guest holds %lu\n", ret[1], n);
			r->check_errors++;
		}
	}
	printf("guest-bench: htab_read: %lu entries entered, %d read passes\n", n, HTAB_READ_PASSES);
	while (n--)
		if (hpte_remove(read_held[n]) != H_SUCCESS)
			r->pair_errors++;
}

void bench_htab_busy(const struct hvb_spec *spec, struct hvb_bench_result *r)
{
	uint64_t i, n = spec->iterations < HTAB_BUSY_MAX ? spec->iterations : HTAB_BUSY_MAX;
	uint64_t window = spec->timebase_hz / 5;	/* 200 ms: the VMM tries after 20 */
	unsigned long ret[8];

	if (spec->pseries) {
		r->status = HVB_STATUS_SKIP;
		printf("SKIP htab_busy: no VMM of hvbench to try KVM_PPC_ALLOCATE_HTAB under QEMU pseries\n");
		return;
	}
	for (i = 0; i < n; i++) {
		uint64_t t0;
		long rc = __hcall(HVB_H_PROBE, (unsigned long)HVB_PROBE_START);

		if (rc != H_SUCCESS) {
			bench_sample(r, 0, rc);
			continue;
		}
		t0 = mftb();
		while (mftb() - t0 < window)
			;
		rc = __hcall_ret(ret, HVB_H_PROBE, (unsigned long)HVB_PROBE_RESULT);
		bench_sample(r, mftb() - t0, rc);
		if (rc == H_SUCCESS && ret[0] != EBUSY) {
			printf("FAIL htab_busy: KVM_PPC_ALLOCATE_HTAB while this vcpu ran answered errno %lu, not EBUSY\n",
			       ret[0]);
			r->check_errors++;
		}
	}
}
