// SPDX-License-Identifier: GPL-2.0
/*
 * The kvm_hv BPF collectors (hcall_lat, exits, vcore) on this machine's
 * kernel: every tracepoint and test program loads, and the logic runs
 * through BPF_PROG_TEST_RUN with synthetic tracepoint arguments (pairing,
 * out-of-order and missing exits, return codes in and out of the in-value
 * range, histogram bucket edges, the per-vcpu slot cache, map-full, the
 * tgid filter); the record layouts of the tracepoint variants are checked
 * against real kvm_hv format files from the ppc64le kernel.  The tp_btf
 * variants need the kvm_hv module's BTF: they load and run on the
 * emulated POWER8 host (make check's e2e runs).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "hvbench/papr.h"
#include "hist_stats.h"
#include "hcall_lat.h"
#include "exits.h"
#include "vcore.h"
#include "kvm_hv_tp.h"
#include "hcall_lat.skel.h"
#include "exits.skel.h"
#include "vcore.skel.h"
#include "test.h"

static int ncpu;

static int run6(struct bpf_program *p, __u64 a0, __u64 a1, __u64 a2, __u64 a3, __u64 a4,
		__u64 a5)
{
	__u64 args[6] = { a0, a1, a2, a3, a4, a5 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));

	return bpf_prog_test_run_opts(bpf_program__fd(p), &o) ? -errno : (int)o.retval;
}

static int run(struct bpf_program *p, __u64 a0, __u64 a1, __u64 a2, __u64 a3, __u64 a4)
{
	return run6(p, a0, a1, a2, a3, a4, 0);
}

/* no kvm_hv BTF on this kernel: load the tracepoint and test variants */
static void no_tp_btf(struct bpf_object *obj)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj)
		if (!strncmp(bpf_program__section_name(p), "tp_btf/", 7))
			bpf_program__set_autoload(p, false);
}

/* a u64 per-CPU array element, summed */
static __u64 percpu(struct bpf_map *m, __u32 idx)
{
	__u64 *v = calloc(ncpu, sizeof(*v)), sum = 0;
	int i;

	if (v && !bpf_map_lookup_elem(bpf_map__fd(m), &idx, v))
		for (i = 0; i < ncpu; i++)
			sum += v[i];
	free(v);
	return sum;
}

/* hcall_lat's value of a key (slots -> hists); count 0 if absent */
static void hcall_val(struct hcall_lat_bpf_skel *s, __u32 req, __u32 mode, __u32 vcpu,
		      struct hcall_val *out)
{
	struct hcall_key k = { .req = req, .mode = mode, .vcpu = vcpu };
	__u32 slot = 0;

	memset(out, 0, sizeof(*out));
	if (bpf_map_lookup_elem(bpf_map__fd(s->maps.slots), &k, &slot) || !slot--)
		return;
	bpf_map_lookup_elem(bpf_map__fd(s->maps.hists), &slot, out);
}

/* vcore's histogram of a key; count 0 if absent */
static void vcore_hist(struct vcore_bpf_skel *s, __u32 what, __u32 vcpu, struct hvb_hist *out)
{
	struct vcore_key k = { .what = what, .vcpu = vcpu };

	hvb_hist_init(out);
	bpf_map_lookup_elem(bpf_map__fd(s->maps.hists), &k, out);
}

/* "field:int vcpu_id;\toffset:8;..." from a fixture format file */
static int field_offset(const char *event, const char *field)
{
	char path[512], line[512], pat[128];
	FILE *f;
	int off = -1;

	snprintf(path, sizeof(path), "tests/fixtures/tracefs/kvm_hv/%s.format", event);
	snprintf(pat, sizeof(pat), " %s;", field);
	f = fopen(path, "r");
	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "field:") && strstr(line, pat)) {
			char *o = strstr(line, "offset:");

			if (o)
				off = atoi(o + 7);
			break;
		}
	fclose(f);
	return off;
}

#define LAYOUT(ev, st, fld)	\
	report(field_offset(#ev, #fld) == (int)offsetof(struct st, fld), \
	       "layout: %s.%s at offset %d (format file %d)", #ev, #fld, \
	       (int)offsetof(struct st, fld), field_offset(#ev, #fld))

static void test_hcall_lat(struct hcall_val *v)
{
	static const __u64 edges[] = { 1, 255, 256, 257, 258, 383, 384, 100000, 1ULL << 41 };
	struct hcall_lat_bpf_skel *s = hcall_lat_bpf_skel__open();
	struct hvb_hist *h = &v->hist;
	struct bpf_map *cnt;
	int err = -1, i, ok;
	__u32 b;

	if (s) {
		no_tp_btf(s->obj);
		err = hcall_lat_bpf_skel__load(s);
	}
	report(s && !err, "hcall_lat.bpf.o: every tracepoint and test program loads and verifies (%s)",
	       s && !err ? "ok" : strerror(errno));
	if (!s || err)
		goto cleanup;
	cnt = s->maps.counters;

	/* pairing: enter at t=1000, exit at t=1723 -> one 723 ns sample */
	run(s->progs.test_vm_enter, 1, H_ENTER, 1000, 0, 0);
	err = run(s->progs.test_vm_exit, 1, H_SUCCESS, 1723, 0, 0);
	hcall_val(s, H_ENTER, HCALL_MODE_VM, 1, v);
	report(!err && h->count == 1 && h->min == 723 && h->max == 723 &&
	       h->buckets[hvb_hist_bucket(723)] == 1,
	       "vm pairing: enter+exit on vcpu 1 gives one 723 ns H_ENTER sample (count %llu)",
	       (unsigned long long)h->count);
	report(v->rc[H_SUCCESS - HCALL_RC_MIN] == 1,
	       "return codes: H_ENTER/vm/H_SUCCESS counted once in the value (%llu)",
	       (unsigned long long)v->rc[H_SUCCESS - HCALL_RC_MIN]);
	/* a return code outside the in-value range goes to the rcs hash */
	run(s->progs.test_vm_enter, 1, H_ENTER, 2000, 0, 0);
	run(s->progs.test_vm_exit, 1, H_LONG_BUSY_ORDER_1_MSEC, 2100, 0, 0);
	{
		struct hcall_rc_key k = { .req = H_ENTER, .mode = HCALL_MODE_VM,
					  .rc = H_LONG_BUSY_ORDER_1_MSEC };
		__u64 n = 0;

		bpf_map_lookup_elem(bpf_map__fd(s->maps.rcs), &k, &n);
		hcall_val(s, H_ENTER, HCALL_MODE_VM, 1, v);
		report(n == 1 && h->count == 2, "return codes: H_LONG_BUSY_ORDER_1_MSEC (%d) counted in the rcs hash (%llu)",
		       H_LONG_BUSY_ORDER_1_MSEC, (unsigned long long)n);
	}
	/* the per-vcpu slot cache: A, B, A on one vcpu lands in two histograms */
	run(s->progs.test_vm_enter, 4, H_READ, 0, 0, 0);
	run(s->progs.test_vm_exit, 4, H_SUCCESS, 10, 0, 0);
	run(s->progs.test_vm_enter, 4, H_PROTECT, 20, 0, 0);
	run(s->progs.test_vm_exit, 4, H_SUCCESS, 50, 0, 0);
	run(s->progs.test_vm_enter, 4, H_READ, 60, 0, 0);
	run(s->progs.test_vm_exit, 4, H_NOT_FOUND, 80, 0, 0);
	hcall_val(s, H_READ, HCALL_MODE_VM, 4, v);
	ok = h->count == 2 && h->min == 10 && h->max == 20 &&
	     v->rc[H_NOT_FOUND - HCALL_RC_MIN] == 1;
	hcall_val(s, H_PROTECT, HCALL_MODE_VM, 4, v);
	report(ok && h->count == 1 && h->min == 30,
	       "slot cache: H_READ, H_PROTECT, H_READ on vcpu 4 -> 2 H_READ samples (10, 20), 1 H_PROTECT (30)");

	/* an exit with no enter (collector attached mid-hcall) */
	run(s->progs.test_vm_exit, 2, H_SUCCESS, 5000, 0, 0);
	report(percpu(cnt, CNT_EXIT_UNPAIRED) == 1, "exit without enter counted as unpaired, no sample");
	/* an exit older than its enter (out of order) */
	run(s->progs.test_vm_enter, 2, H_ENTER, 9000, 0, 0);
	run(s->progs.test_vm_exit, 2, H_SUCCESS, 8000, 0, 0);
	hcall_val(s, H_ENTER, HCALL_MODE_VM, 2, v);
	report(percpu(cnt, CNT_EXIT_UNPAIRED) == 2 && h->count == 0,
	       "out-of-order exit rejected, counted unpaired");
	/* a missing exit: the second enter replaces the first */
	run(s->progs.test_vm_enter, 3, H_PROTECT, 100, 0, 0);
	run(s->progs.test_vm_enter, 3, H_READ, 200, 0, 0);
	run(s->progs.test_vm_exit, 3, H_SUCCESS, 250, 0, 0);
	hcall_val(s, H_READ, HCALL_MODE_VM, 3, v);
	report(percpu(cnt, CNT_ENTER_LOST) == 1 && h->count == 1 && h->min == 50,
	       "missing exit: lost enter counted, the next pair still measured (50)");
	hcall_val(s, H_PROTECT, HCALL_MODE_VM, 3, v);
	report(h->count == 0, "missing exit: no sample invented for the lost enter");

	/* real mode: tb_exit - tb_enter, bucket edges as the host computes them */
	for (i = 0; i < (int)(sizeof(edges) / sizeof(edges[0])); i++)
		run(s->progs.test_rm, 0, H_REMOVE, H_SUCCESS, 10, 10 + edges[i]);
	hcall_val(s, H_REMOVE, HCALL_MODE_RM, 0, v);
	ok = h->count == sizeof(edges) / sizeof(edges[0]);
	for (i = 0; i < (int)(sizeof(edges) / sizeof(edges[0])); i++) {
		b = hvb_hist_bucket(edges[i]);
		if (!h->buckets[b])
			ok = 0;
	}
	report(ok && h->min == 1 && h->max == (1ULL << 41) && h->overflow == 1,
	       "real-mode records: BPF buckets of 1, 255..258, 383, 384, 1e5, 2^41 match the host's");
	report(percpu(cnt, CNT_RM_EVENTS) == sizeof(edges) / sizeof(edges[0]), "real-mode events counted");

	/* a vcpu id beyond the per-vcpu arrays: dropped, and counted */
	run(s->progs.test_rm, HCALL_LAT_MAX_VCPUS, H_ENTER, H_SUCCESS, 0, 5);
	run(s->progs.test_rm, 0x80000000u, H_REMOVE, H_SUCCESS, 0, 5);	/* 2 * id wraps to 0 */
	report(percpu(cnt, CNT_MAP_FULL) == 2,
	       "vcpu ids %d and 0x80000000 (beyond the arrays): samples counted as dropped",
	       HCALL_LAT_MAX_VCPUS);
	/* map full: more (req, vcpu) keys than the map holds */
	for (i = 0; i < HCALL_LAT_MAX_KEYS + 20; i++)
		run(s->progs.test_rm, 100 + i, H_ENTER, H_SUCCESS, 0, 5);
	report(percpu(cnt, CNT_MAP_FULL) >= 22,
	       "histogram slots full: %llu samples counted as dropped, none lost silently",
	       (unsigned long long)percpu(cnt, CNT_MAP_FULL));
cleanup:
	hcall_lat_bpf_skel__destroy(s);
}

/* write test_recs' records and walk n of them as vcpu's batch */
static int batch(struct hcall_lat_bpf_skel *s, __u32 vcpu, const struct hcall_rec *r, __u32 n)
{
	static struct hcall_batch b;
	__u32 z = 0;

	memset(&b, 0, sizeof(b));
	memcpy(b.rec, r, (n > HCALL_BATCH_MAX ? HCALL_BATCH_MAX : n) * sizeof(*r));
	if (bpf_map_update_elem(bpf_map__fd(s->maps.test_recs), &z, &b, BPF_ANY))
		return -errno;
	return run(s->progs.test_batch, vcpu, n, 0, 0, 0);
}

static struct hcall_rec rec(__u32 req, __u64 tb, __u64 ticks, __s32 rc, __u16 flags)
{
	struct hcall_rec r = { .tb_enter = tb, .tb_exit = tb + ticks, .req = req, .hcall_rc = rc,
			       .flags = flags };

	return r;
}

/*
 * kmod's batched records (kvm_hcall_batch) walked by bpf_loop: what the
 * issue asks of the walker, plus the drain statistics.
 */
static void test_hcall_batch(struct hcall_val *v)
{
	struct hcall_lat_bpf_skel *s = hcall_lat_bpf_skel__open();
	struct hcall_rec r[HCALL_BATCH_MAX];
	struct hvb_hist *h = &v->hist;
	struct bpf_map *cnt;
	int err = -1, i, ok;

	if (s) {
		no_tp_btf(s->obj);
		err = hcall_lat_bpf_skel__load(s);
	}
	report(s && !err, "hcall_lat.bpf.o (batch walker) loads (%s)", s && !err ? "ok" : strerror(errno));
	if (!s || err)
		goto cleanup;
	cnt = s->maps.counters;

	err = batch(s, 1, r, 0);
	report(!err && percpu(cnt, CNT_BATCHES) == 1 && percpu(cnt, CNT_BATCH_RECS) == 0 &&
	       percpu(cnt, CNT_RM_EVENTS) == 0, "batch: an empty batch is counted, records nothing");

	/* a full batch: 16 virtual-mode H_ENTER, 16 real-mode H_REMOVE with r3's low bits set */
	for (i = 0; i < HCALL_BATCH_MAX; i++)
		r[i] = i < 16 ? rec(H_ENTER, 1000 * i, 100 + i, H_SUCCESS, HCALL_REC_VIRT) :
				rec(H_REMOVE | 3, 1000 * i, 50, H_NOT_FOUND, 0);
	r[HCALL_BATCH_MAX - 1].flags |= HCALL_REC_DRAINED;
	err = batch(s, 1, r, HCALL_BATCH_MAX);
	hcall_val(s, H_ENTER, HCALL_MODE_VM, 1, v);
	ok = !err && h->count == 16 && h->min == 100 && h->max == 115 &&
	     v->rc[H_SUCCESS - HCALL_RC_MIN] == 16 && v->drained == 0;
	hcall_val(s, H_REMOVE, HCALL_MODE_RM, 1, v);
	report(ok && h->count == 16 && h->min == 50 && h->max == 50 &&
	       v->rc[H_NOT_FOUND - HCALL_RC_MIN] == 16 && v->drained == 1 &&
	       percpu(cnt, CNT_BATCH_RECS) == HCALL_BATCH_MAX && percpu(cnt, CNT_RM_EVENTS) == 16,
	       "batch: a full batch of %d gives 16 vm H_ENTER (100..115) and 16 rm H_REMOVE (low r3 bits dropped), the drained one flagged",
	       HCALL_BATCH_MAX);

	/* records of several vcpus, one batch each, and an hcall that went to user space */
	r[0] = rec(H_PUT_TCE, 0, 300, H_SUCCESS, HCALL_REC_VIRT);
	r[1] = rec(H_PUT_TCE, 0, 400, 0, HCALL_REC_VIRT | HCALL_REC_USER);
	batch(s, 2, r, 2);
	r[0] = rec(H_PUT_TCE, 0, 700, H_SUCCESS, HCALL_REC_VIRT);
	batch(s, 3, r, 1);
	hcall_val(s, H_PUT_TCE, HCALL_MODE_VM, 2, v);
	ok = h->count == 2 && h->max == 400 && v->to_user == 1 && v->rc[H_SUCCESS - HCALL_RC_MIN] == 1;
	hcall_val(s, H_PUT_TCE, HCALL_MODE_VM, 3, v);
	report(ok && h->count == 1 && h->min == 700 && v->to_user == 0,
	       "batch: records of vcpus 2 and 3 land in their own histograms; a user-space one is counted, with no return code");

	/* an out-of-range vcpu id: the batch is dropped and counted */
	err = batch(s, HCALL_LAT_MAX_VCPUS, r, 1);
	hcall_val(s, H_PUT_TCE, HCALL_MODE_VM, HCALL_LAT_MAX_VCPUS, v);
	report(!err && percpu(cnt, CNT_BAD_VCPU) == 1 && h->count == 0,
	       "batch: vcpu id %d (beyond the arrays) counted as bad, nothing recorded", HCALL_LAT_MAX_VCPUS);

	/* records with a bad mode flag: counted, skipped; the good one beside them kept */
	r[0] = rec(H_READ, 0, 10, H_SUCCESS, 0x40);
	r[1] = rec(H_READ, 0, 10, H_SUCCESS, HCALL_REC_USER);
	r[2] = rec(H_READ, 0, 10, H_SUCCESS, HCALL_REC_CEDE | HCALL_REC_VIRT);
	r[3] = rec(H_READ, 0, 20, H_SUCCESS, HCALL_REC_VIRT);
	r[4] = rec(H_CEDE, 0, 5000, H_SUCCESS, HCALL_REC_CEDE | HCALL_REC_NAPPED);
	batch(s, 4, r, 5);
	hcall_val(s, H_READ, HCALL_MODE_VM, 4, v);
	ok = h->count == 1 && h->min == 20;
	hcall_val(s, H_READ, HCALL_MODE_RM, 4, v);
	ok = ok && h->count == 0;
	hcall_val(s, H_CEDE, HCALL_MODE_RM, 4, v);
	report(ok && h->count == 0 && percpu(cnt, CNT_BAD_REC) == 3,
	       "batch: 3 records with bad mode flags counted and skipped, the good one kept, the H_CEDE record left to the vcore collector");

	/* more records than a batch holds */
	err = batch(s, 5, r, HCALL_BATCH_MAX + 1);
	report(!err && percpu(cnt, CNT_BAD_BATCH) == 1, "batch: %d records (more than kmod sends) refused and counted",
	       HCALL_BATCH_MAX + 1);

	/*
	 * drains: count, records, ticks, the longest, lost, and where a
	 * half-ring one lands.  Vcpu 1's last record was a real-mode H_REMOVE
	 * flagged drained: its drain ran at the next exit, so the vcpu's next
	 * record (a virtual-mode H_ENTER) holds it.  A user-space drain lands
	 * nowhere; a half-ring one after no flagged record is counted only.
	 */
	run6(s->progs.test_drain, 1, 8192, 0, HCALL_DRAIN_HALF, 1000, 51000);
	run6(s->progs.test_drain, 1, 10, 3, HCALL_DRAIN_USER, 2000, 2500);
	run6(s->progs.test_drain, 2, 5, 0, HCALL_DRAIN_HALF, 0, 700);
	report(percpu(cnt, CNT_DRAINS) == 3 && percpu(cnt, CNT_DRAIN_RECS) == 8207 &&
	       percpu(cnt, CNT_DRAIN_TICKS) == 51200 && percpu(cnt, CNT_DRAIN_LOST) == 3 &&
	       percpu(cnt, CNT_DRAIN_HALF) == 2 && percpu(cnt, CNT_DRAIN_HALF_TICKS) == 50700,
	       "drains: 3 drains of 8207 records, 51200 ticks, 3 lost; 2 of a half ring, 50700 ticks");
	r[0] = rec(H_ENTER, 0, 100, H_SUCCESS, HCALL_REC_VIRT);
	r[1] = rec(H_ENTER, 0, 100, H_SUCCESS, HCALL_REC_VIRT);
	batch(s, 1, r, 2);
	hcall_val(s, H_REMOVE, HCALL_MODE_RM, 1, v);
	ok = v->half_drains == 0;
	hcall_val(s, H_ENTER, HCALL_MODE_VM, 1, v);
	ok = ok && v->half_drains == 1 && v->half_drain_ticks == 50000;
	hcall_val(s, H_PUT_TCE, HCALL_MODE_VM, 2, v);
	report(ok && v->half_drains == 0,
	       "drains: after a real-mode record, the half-ring drain (50000 ticks) is charged to the vcpu's next record, vm H_ENTER, once; none to vcpu 2's");
	/* a virtual-mode record flagged drained holds its own drain */
	r[0] = rec(H_GET_TCE, 0, 100, H_SUCCESS, HCALL_REC_VIRT | HCALL_REC_DRAINED);
	batch(s, 6, r, 1);
	run6(s->progs.test_drain, 6, 8192, 0, HCALL_DRAIN_HALF, 0, 7000);
	hcall_val(s, H_GET_TCE, HCALL_MODE_VM, 6, v);
	report(v->half_drains == 1 && v->half_drain_ticks == 7000 && v->drained == 1,
	       "drains: a virtual-mode record flagged drained holds its own half-ring drain (7000 ticks)");
	/* after a real-mode H_CEDE record (the vcore collector's), the next record holds it */
	r[0] = rec(H_CEDE, 0, 5000, H_SUCCESS, HCALL_REC_CEDE | HCALL_REC_NAPPED | HCALL_REC_DRAINED);
	batch(s, 7, r, 1);
	run6(s->progs.test_drain, 7, 8192, 0, HCALL_DRAIN_HALF, 0, 3000);
	r[0] = rec(H_CONFER, 0, 100, H_SUCCESS, HCALL_REC_VIRT);
	batch(s, 7, r, 1);
	hcall_val(s, H_CONFER, HCALL_MODE_VM, 7, v);
	report(v->half_drains == 1 && v->half_drain_ticks == 3000,
	       "drains: after a real-mode H_CEDE record, the half-ring drain (3000 ticks) is the next record's, vm H_CONFER");
	{
		__u64 *m = calloc(ncpu, sizeof(*m)), mx = 0;
		__u32 k = CNT_DRAIN_MAX;

		if (m && !bpf_map_lookup_elem(bpf_map__fd(cnt), &k, m))
			for (i = 0; i < ncpu; i++)
				mx = m[i] > mx ? m[i] : mx;
		free(m);
		report(mx == 50000, "drains: the longest is 50000 ticks (%llu)", (unsigned long long)mx);
	}
cleanup:
	hcall_lat_bpf_skel__destroy(s);
}

/* targ_tgid: events of another process are ignored, of this one counted */
static void test_tgid(void)
{
	struct hcall_lat_bpf_skel *s;
	__u64 seen[2];
	int i;

	for (i = 0; i < 2; i++) {
		seen[i] = ~0ULL;
		s = hcall_lat_bpf_skel__open();
		if (!s)
			break;
		s->rodata->targ_tgid = i ? (__u32)getpid() : (__u32)getpid() + 1;
		no_tp_btf(s->obj);
		if (!hcall_lat_bpf_skel__load(s)) {
			run(s->progs.test_rm, 0, H_ENTER, H_SUCCESS, 0, 5);
			seen[i] = percpu(s->maps.counters, CNT_RM_EVENTS);
		}
		hcall_lat_bpf_skel__destroy(s);
	}
	report(seen[0] == 0 && seen[1] == 1,
	       "tgid filter: another process's event ignored (%llu), this process's counted (%llu)",
	       (unsigned long long)seen[0], (unsigned long long)seen[1]);
}

static void test_exits(void)
{
	struct exits_bpf_skel *s = exits_bpf_skel__open();
	struct exit_val *v = calloc(ncpu, sizeof(*v)), sum = { 0 };
	__u32 trap = 0xc00 >> 5;
	int err = -1, i;

	if (s) {
		no_tp_btf(s->obj);
		err = exits_bpf_skel__load(s);
	}
	report(s && !err, "exits.bpf.o: every tracepoint and test program loads and verifies");
	if (!s || err || !v)
		goto cleanup;
	run(s->progs.test_guest_exit, 0, 0xc00, 1000, 0, 0);
	run(s->progs.test_guest_enter, 0, 1600, 0, 0, 0);
	run(s->progs.test_guest_enter, 0, 1900, 0, 0, 0);	/* no exit pending: ignored */
	if (!bpf_map_lookup_elem(bpf_map__fd(s->maps.exits), &trap, v))
		for (i = 0; i < ncpu; i++) {
			sum.count += v[i].count;
			sum.outside_ns += v[i].outside_ns;
		}
	report(sum.count == 1 && sum.outside_ns == 600,
	       "guest exit 0xc00 counted, 600 ns outside the guest (%llu, %llu)",
	       (unsigned long long)sum.count, (unsigned long long)sum.outside_ns);
cleanup:
	free(v);
	exits_bpf_skel__destroy(s);
}

static void test_vcore(struct hvb_hist *h)
{
	struct vcore_bpf_skel *s = vcore_bpf_skel__open();
	int err = -1;

	if (s) {
		no_tp_btf(s->obj);
		err = vcore_bpf_skel__load(s);
	}
	report(s && !err, "vcore.bpf.o: every tracepoint and test program loads and verifies");
	if (!s || err)
		goto cleanup;
	/* cede: one nap woken by the decrementer with 2 of 4 threads napping */
	run6(s->progs.test_cede, 1, 1000, 1500, 0x00180000 | 0x1, 0x3, 0);
	vcore_hist(s, VCORE_CEDE_NAP, 1, h);
	report(percpu(s->maps.counters, VCNT_CEDE_NAPS) == 1 && percpu(s->maps.wake_reasons, 6) == 1 &&
	       percpu(s->maps.napping, 2) == 1 && h->count == 1 && h->min == 500,
	       "cede nap: 500 ticks, woken by the decrementer, 2 threads napping");
	/* a cede that found another thread exiting: no nap, counted as such */
	run6(s->progs.test_cede, 1, 0, 0, 0, 0x1, 1);
	vcore_hist(s, VCORE_CEDE_NAP, 1, h);
	report(percpu(s->maps.counters, VCNT_CEDE_EXITS) == 1 && h->count == 1,
	       "cede without nap (vcore exiting): counted, no nap sample");
	/* vcore: entered with 3 runnable, blocked 400 ns */
	run(s->progs.test_vcore, 3, 0, 2, 77, 100);
	run(s->progs.test_vcore, 3, 1, 2, 77, 500);
	vcore_hist(s, VCORE_BLOCKED, 2, h);
	report(percpu(s->maps.runnable, 3) == 1 && h->count == 1 && h->min == 400,
	       "vcore: one entry with 3 runnable threads, blocked 400 ns");
	/* wake-ups: slept vs polled */
	run(s->progs.test_wakeup, 1, 7000, 0, 0, 0);
	run(s->progs.test_wakeup, 0, 300, 0, 0, 0);
	vcore_hist(s, VCORE_WAKEUP_WAITED, 0, h);
	err = !(h->count == 1 && h->min == 7000);
	vcore_hist(s, VCORE_WAKEUP_POLLED, 0, h);
	report(!err && h->count == 1 && h->min == 300, "vcore wake-ups: 7000 ns slept, 300 ns polled");
cleanup:
	vcore_bpf_skel__destroy(s);
}

int main(void)
{
	struct hcall_val *v = malloc(sizeof(*v));

	LAYOUT(kvm_hcall_enter, tp_kvm_hcall_enter, vcpu_id);
	LAYOUT(kvm_hcall_enter, tp_kvm_hcall_enter, req);
	LAYOUT(kvm_hcall_exit, tp_kvm_hcall_exit, hcall_rc);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, req);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, hcall_rc);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, tb_enter);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, tb_exit);
	LAYOUT(kvm_rm_lost, tp_kvm_rm_lost, lost);
	LAYOUT(kvm_hcall_batch, tp_kvm_hcall_batch, n);
	LAYOUT(kvm_hcall_batch, tp_kvm_hcall_batch, tb_offset);
	LAYOUT(kvm_hcall_batch, tp_kvm_hcall_batch, recs);
	LAYOUT(kvm_hcall_drain, tp_kvm_hcall_drain, lost);
	LAYOUT(kvm_hcall_drain, tp_kvm_hcall_drain, why);
	LAYOUT(kvm_hcall_drain, tp_kvm_hcall_drain, tb_start);
	LAYOUT(kvm_hcall_drain, tp_kvm_hcall_drain, tb_end);
	LAYOUT(kvm_rm_cede, tp_kvm_rm_cede, tb_nap_exit);
	LAYOUT(kvm_rm_cede, tp_kvm_rm_cede, exited);
	LAYOUT(kvm_guest_exit, tp_kvm_guest_exit, trap);
	LAYOUT(kvm_guest_enter, tp_kvm_guest_enter, vcpu_id);
	LAYOUT(kvmppc_run_core, tp_kvmppc_vcore, n_runnable);
	LAYOUT(kvmppc_vcore_blocked, tp_kvmppc_vcore, where);
	LAYOUT(kvmppc_vcore_blocked, tp_kvmppc_vcore, tgid);
	LAYOUT(kvmppc_vcore_wakeup, tp_kvmppc_vcore_wakeup, ns);
	LAYOUT(kvmppc_vcore_wakeup, tp_kvmppc_vcore_wakeup, waited);

	ncpu = libbpf_num_possible_cpus();
	if (!v)
		return 1;
	test_hcall_lat(v);
	test_hcall_batch(v);
	test_tgid();
	test_exits();
	test_vcore(&v->hist);
	free(v);
	return report_summary("test_bpf");
}
