/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map values of exits.bpf.c, shared with its loader (exits.c) and the
 * tests: __u32/__u64 only.
 */
#ifndef HVB_EXITS_H
#define HVB_EXITS_H

#define EXITS_MAX_VCPUS		1024
/* exits are counted by trap / 32 (interrupt vectors are 32-byte aligned) */
#define HVB_EXIT_SLOTS		256

/* the last guest exit of one vcpu */
struct exit_start {
	__u64 ts;
	__u32 slot;
	__u32 pending;
};

struct exit_val {
	__u64 count;
	__u64 outside_ns;	/* time until the vcpu's next kvm_guest_enter */
};

#endif
