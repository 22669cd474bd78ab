/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map keys and values of hcall_lat.bpf.c, shared with its loader
 * (hcall_lat.c) and the tests: __u32/__u64 only.  The histogram is
 * struct hvb_hist from include/hvbench/hist.h.
 */
#ifndef HVB_HCALL_LAT_H
#define HVB_HCALL_LAT_H

#include "hvbench/kmod.h"

#define HCALL_LAT_MAX_KEYS	256
#define HCALL_LAT_MAX_VCPUS	1024

enum hcall_mode {
	HCALL_MODE_RM = 0,	/* real mode, kvm_rm_hcall or a batch (kmod), timebase ticks */
	HCALL_MODE_VM = 1,	/* virtual mode: kvm_hcall_enter/exit pairs (ns) or a batch (ticks) */
};




struct hcall_key {
	__u32 req;
	__u32 mode;		/* enum hcall_mode */
	__u32 vcpu;
	__u32 pad;
};

/*
 * Return codes from HCALL_RC_MIN to HCALL_RC_MAX (all of PAPR's but the
 * H_LONG_BUSY hints) are counted in the histogram's value, the rest in
 * the rcs hash: one map lookup per sample instead of two.
 */
#define HCALL_RC_MIN		(-96)
#define HCALL_RC_SLOTS		128
#define HCALL_RC_MAX		(HCALL_RC_MIN + HCALL_RC_SLOTS - 1)

struct hcall_val {
	struct hvb_hist hist;
	__u64 rc[HCALL_RC_SLOTS];	/* [rc - HCALL_RC_MIN] */
	__u64 drained;		/* records after which the ring was drained: a virtual-mode
				 * one's round trip holds the drain, a real-mode one's
				 * does not (the drain is in the exit that followed it) */
	__u64 to_user;		/* virtual-mode hcalls that went on to user space (no rc) */
	__u64 half_drains;	/* half-ring drains inside a sample of this histogram: a
				 * virtual-mode record's own round trip holds its drain; a
				 * real-mode record's drain runs at the next exit, charged
				 * to the vcpu's next record (the hcall in flight there) */
	__u64 half_drain_ticks;	/* what they took (kvm_hcall_drain's tb_end - tb_start) */
};

/* per vcpu: where the next kvm_hcall_drain lands */
struct hcall_drain_state {
	__u32 slot;		/* hists slot + 1 of the record flagged drained, 0 none */
	__u32 rm;		/* ... a real-mode one: the drain is the next record's */
	__u64 pending;		/* ticks of a half-ring drain for the vcpu's next record */
};

/* a batch copied out of the kernel, walked by bpf_loop */
struct hcall_batch {
	struct hcall_rec rec[HCALL_BATCH_MAX];
	__u32 n;
	__u32 vcpu;
};

struct hcall_rc_key {
	__u32 req;
	__u32 mode;
	__s64 rc;
};

/* the last key of one (vcpu, mode): its req and its hists slot + 1 */
struct hcall_slot_cache {
	__u32 req;
	__u32 slot;
};

/* a virtual-mode hcall in flight on one vcpu */
struct hcall_start {
	__u64 ts;
	__u32 req;
	__u32 pending;
};

/* indexes into the counters array */
enum hcall_lat_counter {
	CNT_EXIT_UNPAIRED,	/* kvm_hcall_exit with no enter (attached mid-hcall) */
	CNT_ENTER_LOST,		/* kvm_hcall_enter whose exit never came */
	CNT_MAP_FULL,		/* samples dropped: histogram map full */
	CNT_RM_LOST,		/* kmod's kvm_rm_lost: real-mode records lost */
	CNT_RM_EVENTS,
	CNT_BATCHES,		/* kvm_hcall_batch events */
	CNT_BATCH_RECS,		/* records in them (H_CEDE ones included) */
	CNT_BAD_REC,		/* records with flags this collector does not know */
	CNT_BAD_VCPU,		/* batches of a vcpu id beyond HCALL_LAT_MAX_VCPUS */
	CNT_BAD_BATCH,		/* batches of more than HCALL_BATCH_MAX records */
	CNT_DRAINS,		/* kvm_hcall_drain events */
	CNT_DRAIN_RECS,		/* records they drained */
	CNT_DRAIN_TICKS,	/* timebase ticks they took */
	CNT_DRAIN_MAX,		/* the longest one, ticks (per CPU: the loader takes the max) */
	CNT_DRAIN_LOST,		/* records lost, as the drains counted them */
	CNT_DRAIN_HALF,		/* drains of a half-full ring: inside a timed sample */
	CNT_DRAIN_HALF_TICKS,	/* their ticks */
	CNT_MAX,
};

#endif
