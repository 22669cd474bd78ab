/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_KVM_EVENTS_H
#define HVB_KVM_EVENTS_H

#include <stddef.h>
#include <stdint.h>

/* the kvm_hv events the raw collector reads */
enum kvm_ev_kind {
	KEV_HCALL_ENTER,
	KEV_HCALL_EXIT,
	KEV_RM_HCALL,	/* kmod */
	KEV_RM_LOST,	/* kmod */
	KEV_HCALL_BATCH,	/* kmod: up to HCALL_BATCH_MAX records (kvm_events_batch_rec) */
	KEV_HCALL_DRAIN,	/* kmod */
	KEV_MAX,
	KEV_BATCH_REC = KEV_MAX,	/* one record of a batch, not a tracepoint */
};

extern const char *const kvm_ev_names[KEV_MAX + 1];

struct kvm_ev {
	enum kvm_ev_kind kind;
	int vcpu;
	uint64_t req;
	int64_t rc;
	uint64_t tb_enter, tb_exit;	/* kvm_rm_hcall, a batch record (host timebase);
					 * kvm_hcall_drain: tb_start, tb_end */
	uint64_t lost;			/* kvm_rm_lost, kvm_hcall_drain */
	uint32_t n;			/* kvm_hcall_batch, kvm_hcall_drain: records */
	uint32_t flags;			/* a batch record: HCALL_REC_* */
	uint32_t why;			/* kvm_hcall_drain: enum hcall_drain_why */
	uint64_t tb_offset;		/* kvm_hcall_batch */
	const void *recs;		/* kvm_hcall_batch: n records inside the raw record */
};

struct tep_handle;

struct kvm_events {
	struct tep_handle *tep;
	int id[KEV_MAX];	/* tracepoint ids, -1: this kernel does not have it */
};

/*
 * Parse the tracefs format files with libtraceevent.  fmt is the path of
 * one, with %s for the event name: "/sys/kernel/tracing/events/kvm_hv/%s/format"
 * on a host, "tests/fixtures/tracefs/kvm_hv/%s.format" in the tests.
 */
int kvm_events_load(struct kvm_events *k, const char *fmt, char *err, size_t errlen);
void kvm_events_free(struct kvm_events *k);
/* decode one raw tracepoint record (PERF_SAMPLE_RAW); 0 or -errno + err */
int kvm_events_decode(struct kvm_events *k, const void *raw, size_t size,
		      struct kvm_ev *out, char *err, size_t errlen);
/*
 * Record i < batch->n of a decoded kvm_hcall_batch (whose raw record must
 * still be there), as a KEV_BATCH_REC: real-mode stamps converted to the
 * host timebase, req as real mode dispatched it.  -EINVAL for flags no
 * kmod record has (counted by the caller, never guessed at).
 */
int kvm_events_batch_rec(const struct kvm_ev *batch, unsigned int i, struct kvm_ev *out);

#endif
