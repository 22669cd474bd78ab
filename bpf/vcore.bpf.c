// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual cores, SMT and nap: vcore entries by runnable threads
 * (kvmppc_run_core), blocked and wake-up durations (kvmppc_vcore_blocked,
 * kvmppc_vcore_wakeup) and kmod's real-mode H_CEDE naps (kvm_rm_cede:
 * nap time, wake reason, napping threads).
 */
#include "kvm_hv.bpf.h"
#include "vcore.h"

/*
 * Not per-CPU (17 KiB a key, times up to 160 possible CPUs on POWER8) and
 * preallocated (no allocation to fail in a tracepoint): a key's writer is
 * its vcpu, or the vcore runner for wake-ups (hvbench runs one vcore).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VCORE_MAX_KEYS);
	__type(key, struct vcore_key);
	__type(value, struct hvb_hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hvb_hist);
} zero SEC(".maps");

HVB_COUNTERS(runnable, HVB_MAX_THREADS + 1);	/* vcore entries by runnable threads */
HVB_COUNTERS(napping, HVB_MAX_THREADS + 1);	/* cedes by threads napping after it */
HVB_COUNTERS(wake_reasons, HVB_WAKE_REASONS);
HVB_COUNTERS(counters, VCNT_MAX);

/* kvmppc_vcore_blocked enter time, by the runner's tgid */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VCORE_MAX_TGIDS);
	__type(key, __u32);
	__type(value, __u64);
} blocked_ts SEC(".maps");

static __always_inline void record(__u32 what, __u32 vcpu, __u64 v)
{
	struct vcore_key key = { .what = what, .vcpu = vcpu };
	struct hvb_hist *h = hist_get(&hists, &key, &zero);

	if (h)
		hvb_hist_record(h, v);
	else
		add(&counters, VCNT_MAP_FULL, 1);
}

static __always_inline __u32 threads(__s64 n)
{
	return n < 0 ? 0 : n > HVB_MAX_THREADS ? HVB_MAX_THREADS : (__u32)n;
}

static __always_inline int on_run_core(__s32 n_runnable, __s32 where)
{
	if (where == 0 && tgid_wanted())
		add(&runnable, threads(n_runnable), 1);
	return 0;
}

static __always_inline int on_vcore_blocked(__u32 runner, __s32 where, __u32 tgid, __u64 ts)
{
	__u64 *t;

	if (targ_tgid && tgid != targ_tgid)
		return 0;
	if (where == 0) {
		bpf_map_update_elem(&blocked_ts, &tgid, &ts, BPF_ANY);
		return 0;
	}
	t = bpf_map_lookup_elem(&blocked_ts, &tgid);
	if (t && ts >= *t)
		record(VCORE_BLOCKED, runner, ts - *t);
	bpf_map_delete_elem(&blocked_ts, &tgid);
	return 0;
}

static __always_inline int on_wakeup(__s32 waited, __u64 ns)
{
	if (tgid_wanted())
		record(waited ? VCORE_WAKEUP_WAITED : VCORE_WAKEUP_POLLED, 0, ns);
	return 0;
}

static __always_inline int on_cede(__u32 vcpu, __u64 nap_enter, __u64 nap_exit,
				   __u64 srr1, __u32 napping_mask, __s32 exited)
{
	if (!tgid_wanted())
		return 0;
	if (nap_enter) {
		add(&counters, VCNT_CEDE_NAPS, 1);
		record(VCORE_CEDE_NAP, vcpu, nap_exit >= nap_enter ? nap_exit - nap_enter : 0);
		add(&wake_reasons, (__u32)((srr1 & 0x003c0000) >> 18), 1);
	}
	add(&napping, threads(__builtin_popcount(napping_mask)), 1);
	if (exited)
		add(&counters, VCNT_CEDE_EXITS, 1);
	return 0;
}

SEC("tp_btf/kvmppc_run_core")
int BPF_PROG(run_core_btf, struct kvmppc_vcore___hvb *vc, int where)
{
	if (!vc)
		return 0;
	return on_run_core(vc->n_runnable, where);
}

SEC("tp_btf/kvmppc_vcore_blocked")
int BPF_PROG(vcore_blocked_btf, struct kvm_vcpu___hvb *vcpu, int where)
{
	if (!vcpu)
		return 0;
	return on_vcore_blocked(vcpu->vcpu_id, where, (__u32)(bpf_get_current_pid_tgid() >> 32),
				bpf_ktime_get_ns());
}

SEC("tp_btf/kvmppc_vcore_wakeup")
int BPF_PROG(vcore_wakeup_btf, int do_sleep, __u64 ns)
{
	return on_wakeup(do_sleep, ns);
}

SEC("tp_btf/kvm_rm_cede")
int BPF_PROG(rm_cede_btf, int vcpu_id, __u64 tb_cede, __u64 tb_nap_enter, __u64 tb_nap_exit,
	     __u64 tb_done, __u64 wake_srr1, unsigned int napping, int exited)
{
	return on_cede(vcpu_id, tb_nap_enter, tb_nap_exit, wake_srr1, napping, exited);
}

/* trace records (no BTF); return 1 so perf consumers see the event too */
SEC("tracepoint/kvm_hv/kvmppc_run_core")
int run_core_tp(struct tp_kvmppc_vcore *ctx)
{
	on_run_core(ctx->n_runnable, ctx->where);
	return 1;
}

SEC("tracepoint/kvm_hv/kvmppc_vcore_blocked")
int vcore_blocked_tp(struct tp_kvmppc_vcore *ctx)
{
	on_vcore_blocked(ctx->runner_vcpu, ctx->where, ctx->tgid, bpf_ktime_get_ns());
	return 1;
}

SEC("tracepoint/kvm_hv/kvmppc_vcore_wakeup")
int vcore_wakeup_tp(struct tp_kvmppc_vcore_wakeup *ctx)
{
	on_wakeup(ctx->waited, ctx->ns);
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_rm_cede")
int rm_cede_tp(struct tp_kvm_rm_cede *ctx)
{
	on_cede(ctx->vcpu_id, ctx->tb_nap_enter, ctx->tb_nap_exit, ctx->wake_srr1,
		ctx->napping, ctx->exited);
	return 1;
}

/* BPF_PROG_TEST_RUN entry points: ctx is the u64 argument array */
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
int test_wakeup(__u64 *ctx)
{
	return on_wakeup((__s32)ctx[0], ctx[1]);
}

char LICENSE[] SEC("license") = "GPL";
