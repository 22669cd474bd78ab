/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records of the kvm_hv tracepoints as the tracefs format files describe
 * them (tests/fixtures/tracefs/kvm_hv/), for BPF tracepoint programs:
 * no kernel BTF needed.  Offsets are checked against the fixtures in
 * make check (tests/unit/test_bpf.c).
 */
#ifndef HVB_KVM_HV_TP_H
#define HVB_KVM_HV_TP_H

struct tp_common {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
};

struct tp_kvm_hcall_enter {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 pad;
	__u64 req, gpr4, gpr5, gpr6, gpr7;
};

struct tp_kvm_hcall_exit {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 pad;
	__u64 ret;
	__u64 hcall_rc;
};

struct tp_kvm_rm_hcall {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 pad;
	__u64 req;
	__s64 hcall_rc;
	__u64 tb_enter;
	__u64 tb_exit;
	__s32 pcpu;
	__u32 flags;
};

struct tp_kvm_hcall_batch {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 n;
	__u64 tb_offset;
	__u32 recs;		/* __data_loc: offset | length << 16 */
};

struct tp_kvm_hcall_drain {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 n;
	__u64 lost;
	__u32 why;
	__u32 pad;
	__u64 tb_start;
	__u64 tb_end;
};

struct tp_kvm_rm_lost {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 pad;
	__u64 lost;
	__u64 total;
};

struct tp_kvm_rm_cede {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 pad;
	__u64 tb_cede, tb_nap_enter, tb_nap_exit, tb_done, wake_srr1;
	__u32 napping;
	__s32 exited;
};

struct tp_kvm_guest_exit {
	struct tp_common c;
	__s32 vcpu_id;
	__s32 trap;
	__u64 pc;
	__u64 msr;
	__u8 ceded;
};

struct tp_kvm_guest_enter {
	struct tp_common c;
	__s32 vcpu_id;
	__u32 pad;
	__u64 pc;
	__u64 pending_exceptions;
	__u8 ceded;
};

struct tp_kvmppc_vcore {		/* kvmppc_run_core, kvmppc_vcore_blocked */
	struct tp_common c;
	__s32 n_runnable;
	__s32 runner_vcpu;
	__s32 where;		/* 0 enter, 1 exit */
	__s32 tgid;
};

struct tp_kvmppc_vcore_wakeup {
	struct tp_common c;
	__u64 ns;
	__s32 waited;
	__s32 tgid;
};

#endif
