// SPDX-License-Identifier: GPL-2.0
/*
 * libtraceevent decoding of kvm_hv records against the real format files
 * of the ppc64le kernel (tests/fixtures/tracefs), and malformed records
 * rejected with a clear error and no out-of-bounds read (ASan).
 */
#include <stdlib.h>
#include <string.h>
#include "kvm_events.h"
#include "hvbench/papr.h"
#include "test.h"

#define FMT "tests/fixtures/tracefs/kvm_hv/%s.format"

static void put(unsigned char *rec, int off, uint64_t v, int size)
{
	memcpy(rec + off, &v, size);	/* little-endian host and target */
}

int main(void)
{
	struct kvm_events k;
	struct kvm_ev ev;
	unsigned char rec[64], *small;
	char err[256] = "";
	int e;

	e = kvm_events_load(&k, FMT, err, sizeof(err));
	report(!e, "format files of kvm_hcall_enter/exit, kvm_rm_hcall, kvm_rm_lost parse (%s)",
	       e ? err : "ok");
	if (e)
		return report_summary("test_kvm_events");
	report(k.id[KEV_RM_HCALL] > 0 && k.id[KEV_HCALL_ENTER] > 0,
	       "tracepoint ids from the format files: kvm_hcall_enter %d, kvm_rm_hcall %d",
	       k.id[KEV_HCALL_ENTER], k.id[KEV_RM_HCALL]);

	/* kvm_rm_hcall: vcpu_id@8, req@16, hcall_rc@24, tb_enter@32, tb_exit@40 */
	memset(rec, 0, sizeof(rec));
	put(rec, 0, (uint64_t)k.id[KEV_RM_HCALL], 2);
	put(rec, 8, 3, 4);
	put(rec, 16, H_ENTER, 8);
	put(rec, 24, (uint64_t)H_PTEG_FULL, 8);
	put(rec, 32, 1000, 8);
	put(rec, 40, 1723, 8);
	e = kvm_events_decode(&k, rec, 56, &ev, err, sizeof(err));
	report(!e && ev.kind == KEV_RM_HCALL && ev.vcpu == 3 && ev.req == H_ENTER &&
	       ev.rc == H_PTEG_FULL && ev.tb_exit - ev.tb_enter == 723,
	       "kvm_rm_hcall decoded: vcpu 3, H_ENTER, H_PTEG_FULL, 723 ticks");

	memset(rec, 0, sizeof(rec));
	put(rec, 0, (uint64_t)k.id[KEV_HCALL_ENTER], 2);
	put(rec, 8, 1, 4);
	put(rec, 16, H_PUT_TCE, 8);
	e = kvm_events_decode(&k, rec, 56, &ev, err, sizeof(err));
	report(!e && ev.kind == KEV_HCALL_ENTER && ev.vcpu == 1 && ev.req == H_PUT_TCE,
	       "kvm_hcall_enter decoded: vcpu 1, H_PUT_TCE");

	memset(rec, 0, sizeof(rec));
	put(rec, 0, (uint64_t)k.id[KEV_HCALL_EXIT], 2);
	put(rec, 24, (uint64_t)H_PARAMETER, 8);
	e = kvm_events_decode(&k, rec, 32, &ev, err, sizeof(err));
	report(!e && ev.kind == KEV_HCALL_EXIT && ev.rc == H_PARAMETER,
	       "kvm_hcall_exit decoded: H_PARAMETER");

	/* malformed: exactly sized heap buffers so ASan catches any overread */
	small = malloc(44);
	memcpy(small, rec, 8);
	put(small, 0, (uint64_t)k.id[KEV_RM_HCALL], 2);
	e = kvm_events_decode(&k, small, 44, &ev, err, sizeof(err));
	report(e && strstr(err, "truncated"), "truncated kvm_rm_hcall rejected: %s", err);
	e = kvm_events_decode(&k, small, 4, &ev, err, sizeof(err));
	report(e && strstr(err, "shorter"), "4-byte record rejected: %s", err);
	put(small, 0, 0xfffe, 2);
	e = kvm_events_decode(&k, small, 44, &ev, err, sizeof(err));
	report(e && strstr(err, "unknown event"), "unknown event id rejected: %s", err);
	free(small);

	kvm_events_free(&k);
	e = kvm_events_load(&k, "/nonexistent/%s/format", err, sizeof(err));
	report(e && strstr(err, "kvm-hv loaded"), "no format files: %s", err);
	return report_summary("test_kvm_events");
}
