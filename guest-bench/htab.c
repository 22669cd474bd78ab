// SPDX-License-Identifier: GPL-2.0
/*
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
