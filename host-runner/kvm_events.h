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
	KEV_MAX,
};

extern const char *const kvm_ev_names[KEV_MAX];

struct kvm_ev {
	enum kvm_ev_kind kind;
	int vcpu;
	uint64_t req;
	int64_t rc;
	uint64_t tb_enter, tb_exit;	/* kvm_rm_hcall */
	uint64_t lost;			/* kvm_rm_lost */
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

#endif
