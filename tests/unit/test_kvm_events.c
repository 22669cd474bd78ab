// SPDX-License-Identifier: GPL-2.0
/*
 * libtraceevent decoding of kvm_hv records against the real format files
 * of the ppc64le kernel (tests/fixtures/tracefs), and malformed records
 * rejected with a clear error and no out-of-bounds read (ASan).
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "kvm_events.h"
#include "hvbench/kmod.h"
#include "hvbench/papr.h"
#include "test.h"

#define FMT "tests/fixtures/tracefs/kvm_hv/%s.format"

static void put(unsigned char *rec, int off, uint64_t v, int size)
{
	memcpy(rec + off, &v, size);	/* little-endian host and target */
}

/* a kvm_hcall_batch record of n kmod records at offset 32, in an exact heap buffer */
static unsigned char *batch_rec(const struct kvm_events *k, const struct hcall_rec *r, unsigned int n,
				unsigned int claim, size_t *size)
{
	unsigned char *b;

	*size = 32 + n * sizeof(*r);
	b = calloc(1, *size);
	if (!b)
		abort();
	put(b, 0, (uint64_t)k->id[KEV_HCALL_BATCH], 2);
	put(b, 8, 2, 4);				/* vcpu_id */
	put(b, 12, claim, 4);				/* n */
	put(b, 16, 100, 8);				/* tb_offset */
	put(b, 24, 32 | (uint64_t)(claim * sizeof(*r)) << 16, 4);	/* __data_loc recs */
	memcpy(b + 32, r, n * sizeof(*r));
	return b;
}

/* kmod's kvm_hcall_batch: records decoded, real mode converted, bad ones refused */
static void test_batch(struct kvm_events *k)
{
	struct hcall_rec r[3] = {
		{ .tb_enter = 1000, .tb_exit = 1300, .req = H_ENTER, .flags = HCALL_REC_VIRT },
		{ .tb_enter = 2100, .tb_exit = 2150, .req = H_REMOVE | 3, .hcall_rc = H_NOT_FOUND,
		  .flags = HCALL_REC_DRAINED },
		{ .req = H_READ, .flags = 0x40 },
	};
	struct kvm_ev ev, a, b, c;
	unsigned char *rec;
	char err[256] = "";
	size_t size;
	int e;

	report(k->id[KEV_HCALL_BATCH] > 0 && k->id[KEV_HCALL_DRAIN] > 0,
	       "kvm_hcall_batch (%d) and kvm_hcall_drain (%d) formats parse", k->id[KEV_HCALL_BATCH],
	       k->id[KEV_HCALL_DRAIN]);
	rec = batch_rec(k, r, 3, 3, &size);
	e = kvm_events_decode(k, rec, size, &ev, err, sizeof(err));
	report(!e && ev.kind == KEV_HCALL_BATCH && ev.vcpu == 2 && ev.n == 3 && ev.tb_offset == 100,
	       "kvm_hcall_batch of 3 records on vcpu 2 decodes (%s)", e ? err : "ok");
	e = e ? e : kvm_events_batch_rec(&ev, 0, &a) || kvm_events_batch_rec(&ev, 1, &b);
	report(!e && a.flags == HCALL_REC_VIRT && a.req == H_ENTER && a.tb_exit - a.tb_enter == 300 &&
	       a.tb_enter == 1000 && b.req == H_REMOVE && b.rc == H_NOT_FOUND && b.tb_enter == 2000 &&
	       b.tb_exit == 2050,
	       "batch records: virtual mode as stamped, real mode in host timebase (tb - tb_offset) with r3's low bits dropped");
	report(kvm_events_batch_rec(&ev, 2, &c) == -EINVAL && kvm_events_batch_rec(&ev, 3, &c) == -EINVAL,
	       "batch records: unknown flags and an index past n refused");
	free(rec);
	/* kvm_hcall_drain: vcpu_id@8, n@12, lost@16, why@24, tb_start@32, tb_end@40 */
	rec = calloc(1, 48);
	if (!rec)
		abort();
	put(rec, 0, (uint64_t)k->id[KEV_HCALL_DRAIN], 2);
	put(rec, 8, 2, 4);
	put(rec, 12, 8192, 4);
	put(rec, 16, 3, 8);
	put(rec, 24, HCALL_DRAIN_HALF, 4);
	put(rec, 32, 5000, 8);
	put(rec, 40, 9000, 8);
	e = kvm_events_decode(k, rec, 48, &ev, err, sizeof(err));
	report(!e && ev.kind == KEV_HCALL_DRAIN && ev.vcpu == 2 && ev.n == 8192 && ev.lost == 3 &&
	       ev.why == HCALL_DRAIN_HALF && ev.tb_exit - ev.tb_enter == 4000,
	       "kvm_hcall_drain decoded: vcpu 2, 8192 records, 3 lost, half a ring, 4000 ticks (%s)", e ? err : "ok");
	e = kvm_events_decode(k, rec, 44, &ev, err, sizeof(err));
	report(e && strstr(err, "truncated"), "truncated kvm_hcall_drain rejected: %s", err);
	free(rec);
	/* claims 3 records, carries 2: the data_loc runs past the record */
	rec = batch_rec(k, r, 2, 3, &size);
	e = kvm_events_decode(k, rec, size, &ev, err, sizeof(err));
	report(e && strstr(err, "do not fit"), "kvm_hcall_batch claiming more records than it holds rejected: %s", err);
	free(rec);
	/* more records than kmod ever sends */
	rec = batch_rec(k, r, 0, HCALL_BATCH_MAX + 1, &size);
	e = kvm_events_decode(k, rec, size, &ev, err, sizeof(err));
	report(e, "kvm_hcall_batch of %d records rejected: %s", HCALL_BATCH_MAX + 1, err);
	free(rec);
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

	test_batch(&k);

	kvm_events_free(&k);
	e = kvm_events_load(&k, "/nonexistent/%s/format", err, sizeof(err));
	report(e && strstr(err, "kvm-hv loaded"), "no format files: %s", err);
	return report_summary("test_kvm_events");
}
