/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map keys and values of vcore.bpf.c, shared with its loader (vcore.c)
 * and the tests: __u32/__u64 only.
 */
#ifndef HVB_VCORE_H
#define HVB_VCORE_H

#define VCORE_MAX_KEYS		64
#define VCORE_MAX_TGIDS		1024
#define HVB_MAX_THREADS		8	/* runnable/napping histograms */
#define HVB_WAKE_REASONS	16	/* (SRR1 & WAKEMASK_P8) >> 18 */

/* what a histogram of the vcore map measures */
enum vcore_what {
	VCORE_BLOCKED,		/* kvmppc_vcore_blocked enter -> exit, ns */
	VCORE_WAKEUP_WAITED,	/* kvmppc_vcore_wakeup, slept, ns */
	VCORE_WAKEUP_POLLED,	/* kvmppc_vcore_wakeup, polled, ns */
	VCORE_CEDE_NAP,		/* kmod's kvm_rm_cede nap, timebase ticks */
};

struct vcore_key {
	__u32 what;		/* enum vcore_what */
	__u32 vcpu;		/* the runner (blocked), the ceding vcpu (nap), else 0 */
};

enum vcore_counter {
	VCNT_MAP_FULL,
	VCNT_CEDE_NAPS,		/* kvm_rm_cede that napped */
	VCNT_CEDE_EXITS,	/* kvm_rm_cede that handed the vcore to the host */
	VCNT_MAX,
};

#endif
