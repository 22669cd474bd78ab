/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod's hcall record (struct kvmppc_rm_hcall_rec in kmod/patches 0001,
 * 0006, 0008, 0009) as kvm_hcall_batch carries up to HCALL_BATCH_MAX of
 * them: the one definition for the BPF collector (bpf/hcall_lat.bpf.c),
 * the raw collector (host-runner/kvm_events.c) and the tests.  Plain
 * fixed-width fields, so BPF and the host share it.
 */
#ifndef HVBENCH_KMOD_H
#define HVBENCH_KMOD_H

#include <linux/types.h>

struct hcall_rec {
	__u64 tb_enter;		/* real mode: guest timebase; virtual mode: host */
	__u64 tb_exit;
	__u32 req;		/* guest r3; real mode ignores bits 0-1 */
	__s32 hcall_rc;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	__u16 flags, pcpu;
#else
	__u16 pcpu, flags;	/* HCALL_REC_* */
#endif
	__u32 napping;
	__u64 tb_nap_enter, tb_nap_exit, wake_srr1, pad;
};

#define HCALL_REC_CEDE		0x1	/* an H_CEDE record (kvm_rm_cede's) */
#define HCALL_REC_NAPPED	0x2
#define HCALL_REC_EXITED	0x4
#define HCALL_REC_DRAINED	0x8	/* the drain ran in this hcall's round trip */
#define HCALL_REC_VIRT		0x10	/* handled in virtual mode */
#define HCALL_REC_USER		0x20	/* ... and went on to user space */
#define HCALL_REC_KNOWN		0x3f
#define HCALL_BATCH_MAX		32	/* kmod's KVMPPC_HCALL_BATCH */
#define HCALL_RING_MAX		65536	/* kmod's KVMPPC_RM_RING_MAX: records a vcpu's ring holds */

/* flags no kmod record has: counted by the collectors, never guessed at */
static inline int hcall_rec_flags_bad(unsigned int f)
{
	if (f & ~HCALL_REC_KNOWN)
		return 1;
	if ((f & HCALL_REC_USER) && !(f & HCALL_REC_VIRT))
		return 1;
	return (f & HCALL_REC_CEDE) && (f & HCALL_REC_VIRT);
}

/* kvm_hcall_drain's why */
enum hcall_drain_why { HCALL_DRAIN_USER, HCALL_DRAIN_HALF, HCALL_DRAIN_TEARDOWN, HCALL_DRAIN_WHYS };

/*
 * HVB_PAIRS=1: both collectors read the per-hcall tracepoints
 * (kvm_hcall_enter/exit, kvm_rm_hcall) even where kvm_hcall_batch exists
 * (make bench's reference for what batching saves).
 */
#define HVB_BATCH_TP	"kvm_hcall_batch"

#ifndef __bpf__
#include <stdio.h>
#include <stdlib.h>
/*
 * Whether the collectors take kmod's batches where the kernel has
 * kvm_hcall_batch (the caller checks that): vcpus must get a ring
 * (rm_ring_records > 0, read when a vcpu is created: set it before the
 * run), else no hcall would be seen at all, and HVB_PAIRS must not be
 * set.  A kernel with patch 0008 but not 0009 records no virtual-mode
 * hcall in its ring: not a series kmod ships, and not detected.
 */
static inline int hvb_kmod_batches_wanted(void)
{
	unsigned int n = 0;
	FILE *f;

	if (getenv("HVB_PAIRS"))
		return 0;
	f = fopen("/sys/module/kvm_hv/parameters/rm_ring_records", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%u", &n) != 1)
		n = 0;
	fclose(f);
	return n > 0;
}
#endif

/*
 * collect_bpf.json / collect_perf.json ("format": "hvbench-collect"):
 * version 2 (2026-12) added "source", "batches", "drains", "complete" and
 * per-histogram "drained", "to_user", "complete", and virtual-mode
 * histograms in "timebase_ticks" where they come from kmod's batches.
 * Version 3 (2026-12) added "drains" "half" and "half_ticks" and per
 * histogram "half_drains" and "half_drain_ticks" (the raw collector also
 * "drained" and "to_user").  Files without a version are version 1:
 * virtual mode in ns.
 */
#define HVB_COLLECT_VERSION	3

#endif
