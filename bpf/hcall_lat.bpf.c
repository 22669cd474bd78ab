// SPDX-License-Identifier: GPL-2.0
/*
 * hcall latency on a kvm-hv host, per (hcall, mode, vcpu):
 *   virtual mode: kvm_hcall_enter -> kvm_hcall_exit of the same vcpu (ns)
 *   real mode:    kmod's kvm_rm_hcall, tb_exit - tb_enter (timebase ticks)
 * plus the return-code distribution, guest exits by trap with the time
 * spent outside the guest, real-mode H_CEDE naps, and lost-event counters.
 * The tracepoint programs are thin: each calls an __always_inline function
 * that the raw_tp "test_*" programs also call with synthetic arguments
 * through BPF_PROG_TEST_RUN (tests/unit/test_bpf.c).
 *
 * A tracepoint program's return value filters the event for every perf
 * consumer of that tracepoint, so they return 1: the raw collector
 * (--collect both) must see what BPF sees.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "hvbench/hist.h"
#include "hcall_lat.h"
#include "kvm_hv_tp.h"

const volatile __u32 targ_vcpu = (__u32)-1;	/* only this vcpu; -1 = all */
/*
 * Offsets into struct kvm_vcpu / kvmppc_vcore for the raw_tp programs,
 * found by the loader in this kernel's BTF (CO-RE without vmlinux.h)
 */
const volatile __u32 targ_off_vcpu_id;
const volatile __u32 targ_off_gpr3;
const volatile __u32 targ_off_trap;
const volatile __u32 targ_off_n_runnable;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, HCALL_LAT_MAX_KEYS);
	__type(key, struct hcall_key);
	__type(value, struct hvb_hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, HCALL_LAT_MAX_KEYS);
	__type(key, struct hcall_rc_key);
	__type(value, __u64);
} rcs SEC(".maps");

/* arrays indexed by vcpu id / trap: no hashing, no element allocation */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HCALL_LAT_MAX_VCPUS);
	__type(key, __u32);
	__type(value, struct hcall_start);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HCALL_LAT_MAX_VCPUS);
	__type(key, __u32);
	__type(value, struct hcall_start);	/* ts, trap in .req */
} exit_ts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HVB_EXIT_SLOTS);
	__type(key, __u32);
	__type(value, struct exit_val);
} exits SEC(".maps");

/* vcore entries by runnable threads, cede naps by napping threads */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HVB_MAX_THREADS + 1);
	__type(key, __u32);
	__type(value, __u64);
} runnable SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HVB_MAX_THREADS + 1);
	__type(key, __u32);
	__type(value, __u64);
} napping SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HVB_WAKE_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} wake_reasons SEC(".maps");

/* kvmppc_vcore_blocked enter time, by the runner's tgid */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, HCALL_LAT_MAX_VCPUS);
	__type(key, __u32);
	__type(value, __u64);
} blocked_ts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* a zeroed histogram to start new keys from (too big for the stack) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hvb_hist);
} zero SEC(".maps");

static __always_inline void count(__u32 idx, __u64 n)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &idx);

	if (c)
		__sync_fetch_and_add(c, n);
}

static __always_inline void record(__u32 req, __u32 mode, __u32 vcpu, __u64 v, __s64 rc)
{
	struct hcall_key key = { .req = req, .mode = mode, .vcpu = vcpu };
	struct hcall_rc_key rkey = { .req = req, .mode = mode, .rc = rc };
	struct hvb_hist *h;
	__u64 one = 1, *n;
	__u32 z = 0;

	h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		struct hvb_hist *init = bpf_map_lookup_elem(&zero, &z);

		if (!init)
			return;
		init->min = ~0ULL;
		bpf_map_update_elem(&hists, &key, init, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h) {
			count(CNT_MAP_FULL, 1);
			return;
		}
	}
	hvb_hist_record(h, v);

	n = bpf_map_lookup_elem(&rcs, &rkey);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&rcs, &rkey, &one, BPF_NOEXIST);
}

static __always_inline void bump(void *map, __u32 idx)
{
	__u64 *c = bpf_map_lookup_elem(map, &idx);

	if (c)
		__sync_fetch_and_add(c, 1);
}

static __always_inline int on_run_core(__s32 n_runnable, __s32 where)
{
	if (where == 0)
		bump(&runnable, n_runnable < 0 ? 0 :
		     n_runnable > HVB_MAX_THREADS ? HVB_MAX_THREADS : n_runnable);
	return 0;
}

static __always_inline int on_vcore_blocked(__u32 runner, __s32 where, __u32 tgid, __u64 ts)
{
	__u64 *t;

	if (where == 0) {
		bpf_map_update_elem(&blocked_ts, &tgid, &ts, BPF_ANY);
		return 0;
	}
	t = bpf_map_lookup_elem(&blocked_ts, &tgid);
	if (t && ts >= *t)
		record(HVB_PSEUDO_VCORE_BLOCKED, HCALL_MODE_VM, runner, ts - *t, 0);
	bpf_map_delete_elem(&blocked_ts, &tgid);
	return 0;
}

static __always_inline int on_cede(__u32 vcpu, __u64 nap_enter, __u64 nap_exit,
				   __u64 srr1, __u32 napping_mask, __s32 exited)
{
	if (nap_enter) {
		count(CNT_CEDE_NAPS, 1);
		record(HVB_PSEUDO_CEDE_NAP, HCALL_MODE_RM, vcpu,
		       nap_exit >= nap_enter ? nap_exit - nap_enter : 0, 0);
		bump(&wake_reasons, (__u32)((srr1 & 0x003c0000) >> 18));
	}
	bump(&napping, (__u32)__builtin_popcount(napping_mask) > HVB_MAX_THREADS ?
	     HVB_MAX_THREADS : (__u32)__builtin_popcount(napping_mask));
	if (exited)
		count(CNT_CEDE_EXITS, 1);
	return 0;
}

static __always_inline int vcpu_wanted(__u32 vcpu)
{
	return targ_vcpu == (__u32)-1 || targ_vcpu == vcpu;
}

static __always_inline int on_vm_enter(__u32 vcpu, __u64 req, __u64 ts)
{
	struct hcall_start *s;

	if (!vcpu_wanted(vcpu))
		return 0;
	count(CNT_VM_EVENTS, 1);
	s = bpf_map_lookup_elem(&starts, &vcpu);
	if (!s) {
		count(CNT_MAP_FULL, 1);	/* vcpu id beyond the array */
		return 0;
	}
	/* an enter already pending means its exit never came */
	if (s->pending)
		count(CNT_ENTER_LOST, 1);
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
		count(CNT_EXIT_UNPAIRED, 1);
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
	count(CNT_RM_EVENTS, 1);
	record((__u32)req, HCALL_MODE_RM, vcpu, tb_exit >= tb_enter ? tb_exit - tb_enter : 0, rc);
	return 0;
}

static __always_inline int on_guest_exit(__u32 vcpu, __u32 trap, __u64 ts)
{
	__u32 slot = (trap >> 5) & (HVB_EXIT_SLOTS - 1);
	struct exit_val *e = bpf_map_lookup_elem(&exits, &slot);
	struct hcall_start *t = bpf_map_lookup_elem(&exit_ts, &vcpu);

	if (e)
		__sync_fetch_and_add(&e->count, 1);
	if (t) {
		t->ts = ts;
		t->req = slot;
		t->pending = 1;
	}
	return 0;
}

/* back in the guest: the time outside goes to the trap that took it out */
static __always_inline int on_guest_enter(__u32 vcpu, __u64 ts)
{
	struct hcall_start *t = bpf_map_lookup_elem(&exit_ts, &vcpu);
	struct exit_val *e;
	__u32 slot;

	if (!t || !t->pending)
		return 0;
	t->pending = 0;
	slot = t->req & (HVB_EXIT_SLOTS - 1);
	e = bpf_map_lookup_elem(&exits, &slot);
	if (e && ts >= t->ts)
		__sync_fetch_and_add(&e->outside_ns, ts - t->ts);
	return 0;
}

SEC("tracepoint/kvm_hv/kvm_hcall_enter")
int kvm_hcall_enter(struct tp_kvm_hcall_enter *ctx)
{
	on_vm_enter(ctx->vcpu_id, ctx->req, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_hcall_exit")
int kvm_hcall_exit(struct tp_kvm_hcall_exit *ctx)
{
	on_vm_exit(ctx->vcpu_id, (__s64)ctx->hcall_rc, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_rm_hcall")
int kvm_rm_hcall(struct tp_kvm_rm_hcall *ctx)
{
	on_rm(ctx->vcpu_id, ctx->req, ctx->hcall_rc, ctx->tb_enter, ctx->tb_exit);
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_rm_lost")
int kvm_rm_lost(struct tp_kvm_rm_lost *ctx)
{
	count(CNT_RM_LOST, ctx->lost);
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_rm_cede")
int kvm_rm_cede(struct tp_kvm_rm_cede *ctx)
{
	on_cede(ctx->vcpu_id, ctx->tb_nap_enter, ctx->tb_nap_exit, ctx->wake_srr1,
		ctx->napping, ctx->exited);
	return 1;
}

SEC("tracepoint/kvm_hv/kvmppc_run_core")
int kvmppc_run_core(struct tp_kvmppc_vcore *ctx)
{
	on_run_core(ctx->n_runnable, ctx->where);
	return 1;
}

SEC("tracepoint/kvm_hv/kvmppc_vcore_blocked")
int kvmppc_vcore_blocked(struct tp_kvmppc_vcore *ctx)
{
	on_vcore_blocked(ctx->runner_vcpu, ctx->where, ctx->tgid, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvmppc_vcore_wakeup")
int kvmppc_vcore_wakeup(struct tp_kvmppc_vcore_wakeup *ctx)
{
	record(ctx->waited ? HVB_PSEUDO_VCORE_WAIT : HVB_PSEUDO_VCORE_POLL, HCALL_MODE_VM,
	       0, ctx->ns, 0);
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_guest_exit")
int kvm_guest_exit(struct tp_kvm_guest_exit *ctx)
{
	on_guest_exit(ctx->vcpu_id, ctx->trap, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_guest_enter")
int kvm_guest_enter(struct tp_kvm_guest_enter *ctx)
{
	on_guest_enter(ctx->vcpu_id, bpf_ktime_get_ns());
	return 1;
}

/*
 * Raw tracepoints: no trace record is assembled, which is most of the cost
 * of the tracepoint programs above; used when the loader found the struct
 * offsets in the kernel's BTF.
 */
static __always_inline __s32 vcpu_id_of(const char *vcpu)
{
	__s32 id = -1;

	bpf_probe_read_kernel(&id, sizeof(id), vcpu + targ_off_vcpu_id);
	return id;
}

static __always_inline __u64 gpr3_of(const char *vcpu)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), vcpu + targ_off_gpr3);
	return v;
}

SEC("raw_tp/kvm_hcall_enter")
int raw_hcall_enter(__u64 *ctx)
{
	const char *vcpu = (const char *)ctx[0];

	return on_vm_enter(vcpu_id_of(vcpu), gpr3_of(vcpu), bpf_ktime_get_ns());
}

SEC("raw_tp/kvm_hcall_exit")
int raw_hcall_exit(__u64 *ctx)
{
	const char *vcpu = (const char *)ctx[0];

	return on_vm_exit(vcpu_id_of(vcpu), (__s64)gpr3_of(vcpu), bpf_ktime_get_ns());
}

SEC("raw_tp/kvm_guest_exit")
int raw_guest_exit(__u64 *ctx)
{
	const char *vcpu = (const char *)ctx[0];
	__u32 trap = 0;

	bpf_probe_read_kernel(&trap, sizeof(trap), vcpu + targ_off_trap);
	return on_guest_exit(vcpu_id_of(vcpu), trap, bpf_ktime_get_ns());
}

SEC("raw_tp/kvm_guest_enter")
int raw_guest_enter(__u64 *ctx)
{
	return on_guest_enter(vcpu_id_of((const char *)ctx[0]), bpf_ktime_get_ns());
}

SEC("raw_tp/kvm_rm_hcall")
int raw_rm_hcall(__u64 *ctx)
{
	return on_rm((__u32)ctx[0], ctx[1], (__s64)ctx[2], ctx[3], ctx[4]);
}

SEC("raw_tp/kvm_rm_lost")
int raw_rm_lost(__u64 *ctx)
{
	count(CNT_RM_LOST, ctx[1]);
	return 0;
}

SEC("raw_tp/kvm_rm_cede")
int raw_rm_cede(__u64 *ctx)
{
	return on_cede((__u32)ctx[0], ctx[2], ctx[3], ctx[5], (__u32)ctx[6], (__s32)ctx[7]);
}

SEC("raw_tp/kvmppc_run_core")
int raw_run_core(__u64 *ctx)
{
	__s32 n = 0;

	bpf_probe_read_kernel(&n, sizeof(n), (const char *)ctx[0] + targ_off_n_runnable);
	return on_run_core(n, (__s32)ctx[1]);
}

SEC("raw_tp/kvmppc_vcore_blocked")
int raw_vcore_blocked(__u64 *ctx)
{
	return on_vcore_blocked(vcpu_id_of((const char *)ctx[0]), (__s32)ctx[1],
				(__u32)(bpf_get_current_pid_tgid() >> 32), bpf_ktime_get_ns());
}

SEC("raw_tp/kvmppc_vcore_wakeup")
int raw_vcore_wakeup(__u64 *ctx)
{
	record(ctx[0] ? HVB_PSEUDO_VCORE_WAIT : HVB_PSEUDO_VCORE_POLL, HCALL_MODE_VM, 0, ctx[1], 0);
	return 0;
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

SEC("raw_tp")
int test_guest_exit(__u64 *ctx)
{
	return on_guest_exit((__u32)ctx[0], (__u32)ctx[1], ctx[2]);
}

SEC("raw_tp")
int test_cede(__u64 *ctx)
{
	return on_cede((__u32)ctx[0], ctx[1], ctx[2], ctx[3], (__u32)ctx[4], (__s32)ctx[5]);
}

SEC("raw_tp")
int test_vcore(__u64 *ctx)
{
	on_run_core((__s32)ctx[0], (__s32)ctx[1]);
	return on_vcore_blocked((__u32)ctx[2], (__s32)ctx[1], (__u32)ctx[3], ctx[4]);
}

SEC("raw_tp")
int test_guest_enter(__u64 *ctx)
{
	return on_guest_enter((__u32)ctx[0], ctx[1]);
}

char LICENSE[] SEC("license") = "GPL";
