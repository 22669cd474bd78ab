/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the kvm_hv BPF collectors (hcall_lat, exits, vcore), in the
 * style of libbpf-tools' bits.bpf.h: CO-RE views of the few kernel fields
 * the tp_btf programs read, per-CPU counters, histogram maps.
 *
 * Every collector has each program three times: "tp_btf/" (BTF-typed
 * arguments, direct loads: the cheapest, used where the kernel has BTF for
 * kvm_hv), "tracepoint/kvm_hv/" (the assembled trace record, kvm_hv_tp.h:
 * kernels without BTF) and a "raw_tp" test_* entry that takes the same
 * values as a u64 array for BPF_PROG_TEST_RUN.  All three call one
 * __always_inline on_* function, so the tests exercise what runs.
 */
#ifndef HVB_KVM_HV_BPF_H
#define HVB_KVM_HV_BPF_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hvbench/hist.h"
#include "kvm_hv_tp.h"

/*
 * The kernel's struct kvm_vcpu and struct kvmppc_vcore as far as we read
 * them; libbpf relocates the offsets against the running kernel's BTF
 * (the ___hvb flavour is ignored when matching names).
 */
struct pt_regs___hvb {
	unsigned long gpr[32];
} __attribute__((preserve_access_index));

struct kvm_vcpu_arch___hvb {
	struct pt_regs___hvb regs;
	int trap;
} __attribute__((preserve_access_index));

struct kvm_vcpu___hvb {
	int vcpu_id;
	struct kvm_vcpu_arch___hvb arch;
} __attribute__((preserve_access_index));

struct kvmppc_vcore___hvb {
	int n_runnable;
} __attribute__((preserve_access_index));

/* only this process's vcpus (the VMM that runs the benchmark); 0 = all */
const volatile __u32 targ_tgid = 0;

static __always_inline int tgid_wanted(void)
{
	return !targ_tgid || (__u32)(bpf_get_current_pid_tgid() >> 32) == targ_tgid;
}

/* per-CPU counters: no atomics on the hot path, the loader sums them */
#define HVB_COUNTERS(name, n)					\
	struct {						\
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);	\
		__uint(max_entries, n);				\
		__type(key, __u32);				\
		__type(value, __u64);				\
	} name SEC(".maps")

static __always_inline void add(void *map, __u32 idx, __u64 n)
{
	__u64 *c = bpf_map_lookup_elem(map, &idx);

	if (c)
		*c += n;
}

/*
 * The value of key in a per-CPU hash of histograms (value starts with a
 * struct hvb_hist), created from zero_map's zeroed value on first use;
 * NULL when the map is full.
 */
static __always_inline void *hist_get(void *map, const void *key, void *zero_map)
{
	struct hvb_hist *h = bpf_map_lookup_elem(map, key), *init;
	__u32 z = 0;

	if (h)
		return h;
	init = bpf_map_lookup_elem(zero_map, &z);
	if (!init)
		return NULL;
	init->min = ~0ULL;
	bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	return bpf_map_lookup_elem(map, key);
}

#endif
