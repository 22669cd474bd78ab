/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map keys and values of hcall_lat.bpf.c, shared with its loader
 * (hcall_lat.c) and the tests: __u32/__u64 only.  The histogram value
 * is struct hvb_hist from include/hvbench/hist.h.
 */
#ifndef HVB_HCALL_LAT_H
#define HVB_HCALL_LAT_H

#define HCALL_LAT_MAX_KEYS	256
#define HCALL_LAT_MAX_VCPUS	1024

enum hcall_mode {
	HCALL_MODE_RM = 0,	/* real mode, kvm_rm_hcall (kmod), timebase ticks */
	HCALL_MODE_VM = 1,	/* virtual mode, kvm_hcall_enter/exit pairs, ns */
};

struct hcall_key {
	__u32 req;
	__u32 mode;		/* enum hcall_mode */
	__u32 vcpu;
	__u32 pad;
};

struct hcall_rc_key {
	__u32 req;
	__u32 mode;
	__s64 rc;
};

/* a virtual-mode hcall (or a guest exit) in flight on one vcpu */
struct hcall_start {
	__u64 ts;
	__u32 req;		/* or the exit's trap */
	__u32 pending;
};

/* exits are counted by trap / 32 (interrupt vectors are 32-byte aligned) */
#define HVB_EXIT_SLOTS		256

/* indexes into the counters array */
enum hcall_lat_counter {
	CNT_EXIT_UNPAIRED,	/* kvm_hcall_exit with no enter (attached mid-hcall) */
	CNT_ENTER_LOST,		/* kvm_hcall_enter whose exit never came */
	CNT_MAP_FULL,		/* samples dropped: histogram map full */
	CNT_RM_LOST,		/* kmod's kvm_rm_lost: real-mode records lost */
	CNT_RM_EVENTS,
	CNT_VM_EVENTS,
	CNT_CEDE_NAPS,		/* kvm_rm_cede that napped */
	CNT_CEDE_EXITS,		/* kvm_rm_cede that handed the vcore to the host */
	CNT_MAX,
};

/*
 * Pseudo request numbers: histograms that are not of one hcall, kept in
 * the same map (all in ns but cede naps, in timebase ticks)
 */
#define HVB_PSEUDO_VCORE_BLOCKED	0x10000	/* kvmppc_vcore_blocked enter -> exit */
#define HVB_PSEUDO_VCORE_WAIT		0x10001	/* kvmppc_vcore_wakeup, waited */
#define HVB_PSEUDO_VCORE_POLL		0x10002	/* kvmppc_vcore_wakeup, polled */
#define HVB_PSEUDO_CEDE_NAP		0x10003	/* kvm_rm_cede nap (ticks) */
#define HVB_MAX_THREADS			8	/* runnable/napping histograms */
#define HVB_WAKE_REASONS		16	/* (SRR1 & WAKEMASK_P8) >> 18 */

/* trap numbers of kvm_guest_exit are keys of the exits map */
struct exit_val {
	__u64 count;
	__u64 outside_ns;	/* time until the vcpu's next kvm_guest_enter */
};

#endif
