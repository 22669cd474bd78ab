// SPDX-License-Identifier: GPL-2.0
/*
 * hcall latency on a kvm-hv host, per (hcall, mode, vcpu), plus the
 * return-code distribution and lost-event counters.  Two ways in:
 *
 * - kmod's kvm_hcall_batch (kmod/patches 0008, 0009): the hcall records
 *   of both modes, timebase ticks stamped by the kernel, drained off the
 *   guest's round trips (user-space return, half-full ring, teardown) up
 *   to HCALL_BATCH_MAX a time.  The batch is copied out once and walked
 *   with bpf_loop: nothing runs per hcall but kmod's own stamps, and the
 *   drain's cost lands in the one round trip its last record flags
 *   (HCALL_REC_DRAINED, counted per histogram as "drained").
 * - a stock kernel: kvm_hcall_enter -> kvm_hcall_exit of the same vcpu
 *   (ns), inside the round trip it measures (two tracepoint dispatches,
 *   two clock reads, the histogram: make bench measures the inflation),
 *   and kmod's kvm_rm_hcall (ticks) where there is no batch event.
 *   HVB_PAIRS=1 takes this way on kmod's kernel too.
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

/* by vcpu id: the record a drain follows, a drain waiting for the next record */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HCALL_LAT_MAX_VCPUS);
	__type(key, __u32);
	__type(value, struct hcall_drain_state);
} drains SEC(".maps");

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

/* a return code outside the in-value range */
static __always_inline void count_rc(__u32 req, __u32 mode, __s64 rc)
{
	struct hcall_rc_key rkey = { .req = req, .mode = mode, .rc = rc };
	__u64 one = 1, *n = bpf_map_lookup_elem(&rcs, &rkey);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&rcs, &rkey, &one, BPF_NOEXIST);
}

static __always_inline struct hcall_val *record(__u32 req, __u32 mode, __u32 vcpu, __u64 v,
						__s64 rc)
{
	struct hcall_val *h = hist_of(req, mode, vcpu);
	__u64 slot = (__u64)(rc - HCALL_RC_MIN);

	if (!h) {
		add(&counters, CNT_MAP_FULL, 1);
		return NULL;
	}
	hvb_hist_record(&h->hist, v);
	if (slot < HCALL_RC_SLOTS)
		h->rc[slot]++;
	else
		count_rc(req, mode, rc);
	return h;
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

/* the batch being walked, per CPU: a vcpu's events are serialized */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hcall_batch);
} batch SEC(".maps");

/* what BPF_PROG_TEST_RUN's test_batch walks: the tests write it */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hcall_batch);
} test_recs SEC(".maps");

/*
 * What the walk keeps from one record to the next: consecutive records
 * are mostly of one hcall and one bucket, so the histogram's slot and the
 * bucket's bounds are reused and the common record costs a few compares,
 * one array lookup, the histogram update and its return code.  bpf_loop
 * verifies the callback once.
 */
struct walk_ctx {
	struct hcall_batch *b;
	struct hcall_drain_state *ds;	/* the vcpu's */
	__u64 lo, hi, rm;
	__u32 vcpu, bk;
	__u32 req, mode, slot;	/* the last record's key and its hists slot + 1 */
};

/* bpf_loop callback: record i of the batch */
static long walk_rec(__u64 i, struct walk_ctx *w)
{
	struct hcall_drain_state *ds;
	struct hcall_slot_cache *c;
	__u32 f, mode, req, slot, ci;
	struct hcall_val *h;
	struct hcall_rec *r;
	__u64 v, rc;

	if (i >= HCALL_BATCH_MAX)
		return 1;
	r = &w->b->rec[i];
	f = r->flags;
	if (hcall_rec_flags_bad(f)) {
		add(&counters, CNT_BAD_REC, 1);
		return 0;
	}
	if (f & HCALL_REC_CEDE) {	/* the vcore collector's (kvm_rm_cede) */
		ds = w->ds;
		/* a real-mode cede: a drain after it is the next record's */
		if (ds && (f & HCALL_REC_DRAINED)) {
			ds->slot = 0;
			ds->rm = 1;
		}
		return 0;
	}
	/* real mode dispatched r3 without its low two bits */
	mode = f & HCALL_REC_VIRT ? HCALL_MODE_VM : HCALL_MODE_RM;
	req = mode == HCALL_MODE_RM ? r->req & ~3U : r->req;
	w->rm += mode == HCALL_MODE_RM;
	if (w->slot && req == w->req && mode == w->mode) {
		slot = w->slot - 1;
		h = bpf_map_lookup_elem(&hists, &slot);
	} else {
		h = hist_of(req, mode, w->vcpu);
		w->req = req;
		w->mode = mode;
		/* hist_of just cached the slot for (vcpu, mode) */
		ci = w->vcpu * 2 + mode;
		c = bpf_map_lookup_elem(&last_slot, &ci);
		w->slot = h && c ? c->slot : 0;
	}
	if (!h) {
		add(&counters, CNT_MAP_FULL, 1);
		return 0;
	}
	v = r->tb_exit >= r->tb_enter ? r->tb_exit - r->tb_enter : 0;
	if (v < w->lo || v > w->hi) {
		w->bk = hvb_hist_bucket(v);
		w->lo = hvb_hist_bucket_lo(w->bk);
		w->hi = hvb_hist_bucket_hi(w->bk);
	}
	hvb_hist_add(&h->hist, v, w->bk);
	/* one that went on to user space has no return code yet */
	rc = (__u64)((__s64)r->hcall_rc - HCALL_RC_MIN);
	if (f & HCALL_REC_USER)
		;
	else if (rc < HCALL_RC_SLOTS)
		h->rc[rc]++;
	else
		count_rc(req, mode, r->hcall_rc);
	ds = w->ds;
	/* a real-mode record's half-ring drain ran in this one's sample */
	if (ds && ds->pending) {
		h->half_drains++;
		h->half_drain_ticks += ds->pending;
		ds->pending = 0;
	}
	if (f & HCALL_REC_DRAINED) {
		h->drained++;
		if (ds) {	/* kvm_hcall_drain follows: it says where it lands */
			ds->slot = w->slot;
			ds->rm = mode == HCALL_MODE_RM;
		}
	}
	if (f & HCALL_REC_USER)
		h->to_user++;
	return 0;
}

/* n records of vcpu at recs (kernel memory): copy them out, then walk */
static __always_inline int on_batch(__u32 vcpu, const void *recs, __u32 n)
{
	struct walk_ctx w = { .lo = 1 };
	struct hcall_batch *b;
	__u32 z = 0;

	if (!tgid_wanted() || (targ_vcpu != (__u32)-1 && targ_vcpu != vcpu))
		return 0;
	add(&counters, CNT_BATCHES, 1);
	if (vcpu >= HCALL_LAT_MAX_VCPUS) {
		add(&counters, CNT_BAD_VCPU, 1);
		return 0;
	}
	b = bpf_map_lookup_elem(&batch, &z);
	if (!b)
		return 0;
	if (n > HCALL_BATCH_MAX ||
	    bpf_probe_read_kernel(b->rec, n * sizeof(struct hcall_rec), recs)) {
		add(&counters, CNT_BAD_BATCH, 1);
		return 0;
	}
	add(&counters, CNT_BATCH_RECS, n);
	w.b = b;
	w.vcpu = vcpu;
	w.ds = bpf_map_lookup_elem(&drains, &vcpu);
	bpf_loop(n, walk_rec, &w, 0);
	if (w.rm)
		add(&counters, CNT_RM_EVENTS, w.rm);
	return 0;
}

/*
 * The drain after a batch: counted, and a half-ring one (inside a timed
 * sample) charged to the histogram whose sample holds it, so the results
 * say which bench's samples hold the drains and what they cost: a
 * virtual-mode record's (kmod drains right after stamping it), or, after a
 * real-mode record (drained at the next exit), the vcpu's next record.
 */
static __always_inline int on_drain(__u32 vcpu, __u32 n, __u64 lost, __u32 why,
				    __u64 tb_start, __u64 tb_end)
{
	__u32 i = CNT_DRAIN_MAX, slot, rm;
	__u64 t = tb_end >= tb_start ? tb_end - tb_start : 0, *m;
	struct hcall_drain_state *ds;
	struct hcall_val *h;

	if (!vcpu_wanted(vcpu))
		return 0;
	add(&counters, CNT_DRAINS, 1);
	add(&counters, CNT_DRAIN_RECS, n);
	add(&counters, CNT_DRAIN_TICKS, t);
	add(&counters, CNT_DRAIN_LOST, lost);
	m = bpf_map_lookup_elem(&counters, &i);
	if (m && t > *m)
		*m = t;
	ds = bpf_map_lookup_elem(&drains, &vcpu);
	if (!ds)
		return 0;
	slot = ds->slot;
	rm = ds->rm;
	ds->slot = 0;
	ds->rm = 0;
	if (why != HCALL_DRAIN_HALF)
		return 0;
	add(&counters, CNT_DRAIN_HALF, 1);
	add(&counters, CNT_DRAIN_HALF_TICKS, t);
	if (rm) {
		ds->pending += t;
		return 0;
	}
	if (!slot--)
		return 0;
	h = bpf_map_lookup_elem(&hists, &slot);
	if (h) {
		h->half_drains++;
		h->half_drain_ticks += t;
	}
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

SEC("tp_btf/kvm_hcall_batch")
int BPF_PROG(hcall_batch_btf, int vcpu_id, const void *recs, unsigned int n)
{
	return on_batch(vcpu_id, recs, n);
}

SEC("tp_btf/kvm_hcall_drain")
int BPF_PROG(hcall_drain_btf, int vcpu_id, unsigned int n, __u64 lost, unsigned int why,
	     __u64 tb_start, __u64 tb_end)
{
	return on_drain(vcpu_id, n, lost, why, tb_start, tb_end);
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

SEC("tracepoint/kvm_hv/kvm_hcall_batch")
int hcall_batch_tp(struct tp_kvm_hcall_batch *ctx)
{
	/* __data_loc: offset in the low 16 bits, length in the high */
	on_batch(ctx->vcpu_id, (void *)ctx + (ctx->recs & 0xffff), ctx->n);
	return 1;
}

SEC("tracepoint/kvm_hv/kvm_hcall_drain")
int hcall_drain_tp(struct tp_kvm_hcall_drain *ctx)
{
	on_drain(ctx->vcpu_id, ctx->n, ctx->lost, ctx->why, ctx->tb_start, ctx->tb_end);
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

/* ctx: vcpu, n; the records are test_recs' */
SEC("raw_tp")
int test_batch(__u64 *ctx)
{
	__u32 z = 0;
	struct hcall_batch *t = bpf_map_lookup_elem(&test_recs, &z);

	if (!t)
		return 0;
	return on_batch((__u32)ctx[0], t->rec, (__u32)ctx[1]);
}

/* ctx: vcpu, n, lost, why, tb_start, tb_end (kvm_hcall_drain's order) */
SEC("raw_tp")
int test_drain(__u64 *ctx)
{
	return on_drain((__u32)ctx[0], (__u32)ctx[1], ctx[2], (__u32)ctx[3], ctx[4], ctx[5]);
}

char LICENSE[] SEC("license") = "GPL";
