// SPDX-License-Identifier: GPL-2.0
/*
 * hcall latency on a kvm-hv host, per (hcall, mode, vcpu):
 *   virtual mode: kvm_hcall_enter -> kvm_hcall_exit of the same vcpu (ns)
 *   real mode:    kmod's kvm_rm_hcall, tb_exit - tb_enter (timebase ticks)
 * plus the return-code distribution and lost-event counters.
 *
 * The pair runs on every virtual-mode hcall, inside the round trip it
 * measures: each does array lookups, one bpf_ktime_get_ns and (exit) one
 * histogram update, with no atomics and, while a vcpu repeats one hcall,
 * no hashing (make bench measures what is left).
 */
#include "kvm_hv.bpf.h"
#include "hcall_lat.h"

const volatile __u32 targ_vcpu = (__u32)-1;	/* only this vcpu; -1 = all */

/*
 * One histogram per (req, mode, vcpu) key, in an array: slots maps a key
 * to its index + 1, and each (vcpu, mode) remembers its last key, so the
 * hash lookup (a fifth of the pair's cost, measured under -icount) only
 * runs when a vcpu changes hcall.  Not per-CPU (18 KiB a key; POWER8
 * hosts have up to 160 possible CPUs) and preallocated: every key has
 * one writer at a time, as a key holds its vcpu and a vcpu's events are
 * serialized, and targ_tgid keeps other VMs' vcpus out.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HCALL_LAT_MAX_KEYS);
	__type(key, __u32);
	__type(value, struct hcall_val);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, HCALL_LAT_MAX_KEYS);
	__type(key, struct hcall_key);
	__type(value, __u32);
} slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HCALL_LAT_MAX_VCPUS * 2);
	__type(key, __u32);
	__type(value, struct hcall_slot_cache);
} last_slot SEC(".maps");

__u32 next_slot;

/* return codes outside [HCALL_RC_MIN, HCALL_RC_MAX] */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, HCALL_LAT_MAX_KEYS);
	__type(key, struct hcall_rc_key);
	__type(value, __u64);
} rcs SEC(".maps");

/* indexed by vcpu id: no hashing, no element allocation */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HCALL_LAT_MAX_VCPUS);
	__type(key, __u32);
	__type(value, struct hcall_start);
} starts SEC(".maps");

HVB_COUNTERS(counters, CNT_MAX);

/* the histogram of (req, mode, vcpu), NULL when out of slots */
static __always_inline struct hcall_val *hist_of(__u32 req, __u32 mode, __u32 vcpu)
{
	struct hcall_key key = { .req = req, .mode = mode, .vcpu = vcpu };
	__u32 ci = vcpu * 2 + mode, slot, *sp;
	struct hcall_slot_cache *c;
	struct hcall_val *h;

	if (vcpu >= HCALL_LAT_MAX_VCPUS)
		return NULL;
	c = bpf_map_lookup_elem(&last_slot, &ci);
	if (!c)
		return NULL;
	if (c->slot && c->req == req) {
		slot = c->slot - 1;
		return bpf_map_lookup_elem(&hists, &slot);
	}
	sp = bpf_map_lookup_elem(&slots, &key);
	if (sp) {
		slot = *sp - 1;
		h = bpf_map_lookup_elem(&hists, &slot);
	} else {
		slot = __sync_fetch_and_add(&next_slot, 1);
		h = bpf_map_lookup_elem(&hists, &slot);
		if (!h)
			return NULL;
		h->hist.min = ~0ULL;
		ci = slot + 1;
		if (bpf_map_update_elem(&slots, &key, &ci, BPF_NOEXIST))
			return NULL;
	}
	c->req = req;
	c->slot = slot + 1;
	return h;
}

static __always_inline void record(__u32 req, __u32 mode, __u32 vcpu, __u64 v, __s64 rc)
{
	struct hcall_val *h = hist_of(req, mode, vcpu);
	__u64 slot = (__u64)(rc - HCALL_RC_MIN);

	if (!h) {
		add(&counters, CNT_MAP_FULL, 1);
		return;
	}
	hvb_hist_record(&h->hist, v);
	if (slot < HCALL_RC_SLOTS) {
		h->rc[slot]++;
	} else {
		struct hcall_rc_key rkey = { .req = req, .mode = mode, .rc = rc };
		__u64 one = 1, *n = bpf_map_lookup_elem(&rcs, &rkey);

		if (n)
			__sync_fetch_and_add(n, 1);
		else
			bpf_map_update_elem(&rcs, &rkey, &one, BPF_NOEXIST);
	}
}

static __always_inline int vcpu_wanted(__u32 vcpu)
{
	return (targ_vcpu == (__u32)-1 || targ_vcpu == vcpu) && tgid_wanted();
}

static __always_inline int on_vm_enter(__u32 vcpu, __u64 req, __u64 ts)
{
	struct hcall_start *s;

	if (!vcpu_wanted(vcpu))
		return 0;
	s = bpf_map_lookup_elem(&starts, &vcpu);
	if (!s) {
		add(&counters, CNT_MAP_FULL, 1);	/* vcpu id beyond the array */
		return 0;
	}
	/* an enter already pending means its exit never came */
	if (s->pending)
		add(&counters, CNT_ENTER_LOST, 1);
	s->ts = ts;
	s->req = (__u32)req;
	s->pending = 1;
	return 0;
}

static __always_inline int on_vm_exit(__u32 vcpu, __s64 rc, __u64 ts)
{
	struct hcall_start *s;

	if (!vcpu_wanted(vcpu))
		return 0;
	s = bpf_map_lookup_elem(&starts, &vcpu);
	if (!s || !s->pending || ts < s->ts) {
		add(&counters, CNT_EXIT_UNPAIRED, 1);
		return 0;
	}
	s->pending = 0;
	record(s->req, HCALL_MODE_VM, vcpu, ts - s->ts, rc);
	return 0;
}

static __always_inline int on_rm(__u32 vcpu, __u64 req, __s64 rc, __u64 tb_enter, __u64 tb_exit)
{
	if (!vcpu_wanted(vcpu))
		return 0;
	add(&counters, CNT_RM_EVENTS, 1);
	record((__u32)req, HCALL_MODE_RM, vcpu, tb_exit >= tb_enter ? tb_exit - tb_enter : 0, rc);
	return 0;
}

/*
 * BTF-typed arguments: direct loads, relocated by CO-RE.  The verifier of
 * 6.12 types tracepoint pointer arguments as possibly NULL: check first.
 */
SEC("tp_btf/kvm_hcall_enter")
int BPF_PROG(hcall_enter_btf, struct kvm_vcpu___hvb *vcpu)
{
	if (!vcpu)
		return 0;
	return on_vm_enter(vcpu->vcpu_id, vcpu->arch.regs.gpr[3], bpf_ktime_get_ns());
}

SEC("tp_btf/kvm_hcall_exit")
int BPF_PROG(hcall_exit_btf, struct kvm_vcpu___hvb *vcpu, int ret)
{
	if (!vcpu)
		return 0;
	return on_vm_exit(vcpu->vcpu_id, (__s64)vcpu->arch.regs.gpr[3], bpf_ktime_get_ns());
}

SEC("tp_btf/kvm_rm_hcall")
int BPF_PROG(rm_hcall_btf, int vcpu_id, unsigned long req, long hcall_rc, __u64 tb_enter,
	     __u64 tb_exit)
{
	return on_rm(vcpu_id, req, hcall_rc, tb_enter, tb_exit);
}

SEC("tp_btf/kvm_rm_lost")
int BPF_PROG(rm_lost_btf, int vcpu_id, __u64 lost)
{
	add(&counters, CNT_RM_LOST, lost);
	return 0;
}

/*
 * Trace records, for kernels without BTF.  A tracepoint program's return
 * value filters the event for every perf consumer of the tracepoint, so
 * they return 1: the raw collector (--collect both) must see it too.
 */
SEC("tracepoint/kvm_hv/kvm_hcall_enter")
int hcall_enter_tp(struct tp_kvm_hcall_enter *ctx)
{
	on_vm_enter(ctx->vcpu_id, ctx->req, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_hcall_exit")
int hcall_exit_tp(struct tp_kvm_hcall_exit *ctx)
{
	on_vm_exit(ctx->vcpu_id, (__s64)ctx->hcall_rc, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_rm_hcall")
int rm_hcall_tp(struct tp_kvm_rm_hcall *ctx)
{
	on_rm(ctx->vcpu_id, ctx->req, ctx->hcall_rc, ctx->tb_enter, ctx->tb_exit);
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_rm_lost")
int rm_lost_tp(struct tp_kvm_rm_lost *ctx)
{
	add(&counters, CNT_RM_LOST, ctx->lost);
	return 1;
}

/* BPF_PROG_TEST_RUN entry points: ctx is the u64 argument array */
SEC("raw_tp")
int test_vm_enter(__u64 *ctx)
{
	return on_vm_enter((__u32)ctx[0], ctx[1], ctx[2]);
}

SEC("raw_tp")
int test_vm_exit(__u64 *ctx)
{
	return on_vm_exit((__u32)ctx[0], (__s64)ctx[1], ctx[2]);
}

SEC("raw_tp")
int test_rm(__u64 *ctx)
{
	return on_rm((__u32)ctx[0], ctx[1], (__s64)ctx[2], ctx[3], ctx[4]);
}

char LICENSE[] SEC("license") = "GPL";
