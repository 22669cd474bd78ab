// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exits by trap (kvm_guest_exit) and the time each kept the vcpu
 * out of the guest (until its next kvm_guest_enter).
 */
#include "kvm_hv.bpf.h"
#include "exits.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, EXITS_MAX_VCPUS);
	__type(key, __u32);
	__type(value, struct exit_start);
} exit_ts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, HVB_EXIT_SLOTS);
	__type(key, __u32);
	__type(value, struct exit_val);
} exits SEC(".maps");

static __always_inline int on_guest_exit(__u32 vcpu, __u32 trap, __u64 ts)
{
	__u32 slot = (trap >> 5) & (HVB_EXIT_SLOTS - 1);
	struct exit_val *e;
	struct exit_start *t;

	if (!tgid_wanted())
		return 0;
	e = bpf_map_lookup_elem(&exits, &slot);
	t = bpf_map_lookup_elem(&exit_ts, &vcpu);
	if (e)
		e->count++;
	if (t) {
		t->ts = ts;
		t->slot = slot;
		t->pending = 1;
	}
	return 0;
}

/* back in the guest: the time outside goes to the trap that took it out */
static __always_inline int on_guest_enter(__u32 vcpu, __u64 ts)
{
	struct exit_start *t = bpf_map_lookup_elem(&exit_ts, &vcpu);
	struct exit_val *e;
	__u32 slot;

	if (!t || !t->pending)
		return 0;
	t->pending = 0;
	slot = t->slot & (HVB_EXIT_SLOTS - 1);
	e = bpf_map_lookup_elem(&exits, &slot);
	if (e && ts >= t->ts)
		e->outside_ns += ts - t->ts;
	return 0;
}

SEC("tp_btf/kvm_guest_exit")
int BPF_PROG(guest_exit_btf, struct kvm_vcpu___hvb *vcpu)
{
	if (!vcpu)
		return 0;
	return on_guest_exit(vcpu->vcpu_id, vcpu->arch.trap, bpf_ktime_get_ns());
}

SEC("tp_btf/kvm_guest_enter")
int BPF_PROG(guest_enter_btf, struct kvm_vcpu___hvb *vcpu)
{
	if (!vcpu)
		return 0;
	return on_guest_enter(vcpu->vcpu_id, bpf_ktime_get_ns());
}

/* trace records (no BTF); return 1 so perf consumers see the event too */
SEC("tracepoint/kvm_hv/kvm_guest_exit")
int guest_exit_tp(struct tp_kvm_guest_exit *ctx)
{
	on_guest_exit(ctx->vcpu_id, ctx->trap, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_guest_enter")
int guest_enter_tp(struct tp_kvm_guest_enter *ctx)
{
	on_guest_enter(ctx->vcpu_id, bpf_ktime_get_ns());
	return 1;
}

/* BPF_PROG_TEST_RUN entry points: ctx is the u64 argument array */
SEC("raw_tp")
int test_guest_exit(__u64 *ctx)
{
	return on_guest_exit((__u32)ctx[0], (__u32)ctx[1], ctx[2]);
}

SEC("raw_tp")
int test_guest_enter(__u64 *ctx)
{
	return on_guest_enter((__u32)ctx[0], ctx[1]);
}

char LICENSE[] SEC("license") = "GPL";
