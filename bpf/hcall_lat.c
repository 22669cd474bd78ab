// SPDX-License-Identifier: GPL-2.0
/*
 * Loader of hcall_lat.bpf.c for hvbench run --collect bpf: attaches to the
 * kvm_hv tracepoints before the guest's first hcall and reads the maps
 * after its last.  Tracepoints this kernel does not have (kmod's real-mode
 * ones on a stock kernel) are reported as not visible, never as zero.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "hvbench/papr.h"
#include "hist_stats.h"
#include "results.h"
#include "hcall_lat.h"
#include "hcall_lat_collect.h"
#include "hcall_lat.skel.h"

struct hcall_lat_bpf {
	struct hcall_lat_bpf_skel *skel;
	struct bpf_link *links[16];
	int nr_links;
	int rm_visible;
	int vm_visible;
	int cede_visible;
};

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* an absent tracepoint is expected on stock kernels: keep quiet */
	if (!getenv("HVB_BPF_DEBUG") || (level == LIBBPF_DEBUG && strcmp(getenv("HVB_BPF_DEBUG"), "2")))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int attach(struct hcall_lat_bpf *c, struct bpf_program *prog, const char *tp)
{
	struct bpf_link *l = bpf_program__attach_tracepoint(prog, "kvm_hv", tp);

	if (!l)
		return -errno;
	c->links[c->nr_links++] = l;
	return 0;
}

int hcall_lat_start(struct hcall_lat_bpf **out, char *err, size_t errlen)
{
	struct hcall_lat_bpf *c = calloc(1, sizeof(*c));
	struct hcall_lat_bpf_skel *s;
	int e;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	libbpf_set_print(quiet_print);
	s = c->skel = hcall_lat_bpf_skel__open();
	if (!s) {
		snprintf(err, errlen, "failed to open the hcall_lat BPF object: %s", strerror(errno));
		free(c);
		return -errno;
	}
	/* the test_* entry points are for BPF_PROG_TEST_RUN only */
	bpf_program__set_autoload(s->progs.test_vm_enter, false);
	bpf_program__set_autoload(s->progs.test_vm_exit, false);
	bpf_program__set_autoload(s->progs.test_rm, false);
	bpf_program__set_autoload(s->progs.test_guest_exit, false);
	bpf_program__set_autoload(s->progs.test_guest_enter, false);
	bpf_program__set_autoload(s->progs.test_cede, false);
	bpf_program__set_autoload(s->progs.test_vcore, false);
	e = hcall_lat_bpf_skel__load(s);
	if (e) {
		snprintf(err, errlen, "failed to load the hcall_lat BPF programs: %s (needs root and CONFIG_BPF_SYSCALL)",
			 strerror(-e));
		goto fail;
	}
	e = attach(c, s->progs.kvm_hcall_enter, "kvm_hcall_enter");
	if (!e)
		e = attach(c, s->progs.kvm_hcall_exit, "kvm_hcall_exit");
	if (e) {
		snprintf(err, errlen, "failed to attach kvm_hv:kvm_hcall_enter/exit: %s (is kvm-hv loaded, tracefs/perf events enabled?)",
			 strerror(-e));
		goto fail;
	}
	c->vm_visible = 1;
	if (!attach(c, s->progs.kvm_guest_exit, "kvm_guest_exit"))
		attach(c, s->progs.kvm_guest_enter, "kvm_guest_enter");
	/* vcore / SMT: stock POWER8 tracepoints */
	attach(c, s->progs.kvmppc_run_core, "kvmppc_run_core");
	attach(c, s->progs.kvmppc_vcore_blocked, "kvmppc_vcore_blocked");
	attach(c, s->progs.kvmppc_vcore_wakeup, "kvmppc_vcore_wakeup");
	/* kmod's tracepoints */
	c->rm_visible = !attach(c, s->progs.kvm_rm_hcall, "kvm_rm_hcall");
	if (c->rm_visible)
		attach(c, s->progs.kvm_rm_lost, "kvm_rm_lost");
	c->cede_visible = !attach(c, s->progs.kvm_rm_cede, "kvm_rm_cede");
	*out = c;
	return 0;
fail:
	hcall_lat_bpf_skel__destroy(s);
	free(c);
	return e;
}

static json_t *hist_json(const struct hvb_hist *h)
{
	struct hvb_summary s;
	json_t *b = json_array();
	uint32_t i;

	hvb_hist_summary(h, &s);
	for (i = 0; i < HVB_HIST_BUCKETS; i++)
		if (h->buckets[i])
			json_array_append_new(b, json_pack("[I,I,I]", (json_int_t)i,
				(json_int_t)hvb_hist_bucket_lo(i), (json_int_t)h->buckets[i]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "count", (json_int_t)s.count, "min", (json_int_t)s.min,
			 "max", (json_int_t)s.max, "sum", (json_int_t)h->sum,
			 "p50", (json_int_t)s.p50, "p90", (json_int_t)s.p90,
			 "p99", (json_int_t)s.p99, "buckets", b);
}

/* sum a per-CPU histogram over the CPUs */
static void hist_add(struct hvb_hist *dst, const struct hvb_hist *src)
{
	uint32_t i;

	if (!src->count)
		return;
	dst->count += src->count;
	dst->sum += src->sum;
	dst->overflow += src->overflow;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	for (i = 0; i < HVB_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
}

static const char *pseudo_name(__u32 req)
{
	switch (req) {
	case HVB_PSEUDO_VCORE_BLOCKED: return "vcore_blocked";
	case HVB_PSEUDO_VCORE_WAIT: return "vcore_wakeup_waited";
	case HVB_PSEUDO_VCORE_POLL: return "vcore_wakeup_polled";
	case HVB_PSEUDO_CEDE_NAP: return "cede_nap";
	}
	return "unknown";
}

static json_t *dump_hists(struct hcall_lat_bpf *c, json_t *vcore)
{
	int fd = bpf_map__fd(c->skel->maps.hists), ncpu = libbpf_num_possible_cpus(), i;
	size_t vsz = (sizeof(struct hvb_hist) + 7) & ~7UL;
	struct hcall_key key, next, *prev = NULL;
	struct hvb_hist *vals = calloc(ncpu, vsz), *sum = malloc(sizeof(*sum));
	json_t *arr = json_array();

	if (!vals || !sum)
		goto out;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue;
		hvb_hist_init(sum);
		for (i = 0; i < ncpu; i++)
			hist_add(sum, (struct hvb_hist *)((char *)vals + i * vsz));
		if (key.req >= HVB_PSEUDO_VCORE_BLOCKED) {
			json_array_append_new(vcore, json_pack("{s:s, s:s, s:i, s:o}",
				"what", pseudo_name(key.req),
				"unit", key.req == HVB_PSEUDO_CEDE_NAP ? "timebase_ticks" : "ns",
				"vcpu", (int)key.vcpu, "hist", hist_json(sum)));
			continue;
		}
		json_array_append_new(arr, json_pack("{s:s, s:i, s:s, s:s, s:i, s:o}",
			"req", hvb_hcall_name(key.req), "req_nr", (int)key.req,
			"mode", key.mode == HCALL_MODE_RM ? "rm" : "vm",
			"unit", key.mode == HCALL_MODE_RM ? "timebase_ticks" : "ns",
			"vcpu", (int)key.vcpu, "hist", hist_json(sum)));
	}
out:
	free(vals);
	free(sum);
	return arr;
}

static json_t *dump_rcs(struct hcall_lat_bpf *c)
{
	int fd = bpf_map__fd(c->skel->maps.rcs);
	struct hcall_rc_key key, next, *prev = NULL;
	json_t *arr = json_array();
	__u64 n;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &n))
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:I}",
			"req", hvb_hcall_name(key.req), "mode", key.mode == HCALL_MODE_RM ? "rm" : "vm",
			"rc", hvb_rc_name(key.rc), "rc_nr", (json_int_t)key.rc, "count", (json_int_t)n));
	}
	return arr;
}

static json_t *dump_exits(struct hcall_lat_bpf *c)
{
	int fd = bpf_map__fd(c->skel->maps.exits);
	__u32 key, next, *prev = NULL;
	json_t *arr = json_array();
	struct exit_val v;
	char trap[16];

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &v))
			continue;
		snprintf(trap, sizeof(trap), "0x%x", key);
		json_array_append_new(arr, json_pack("{s:s, s:I, s:I}", "trap", trap,
			"count", (json_int_t)v.count, "outside_guest_ns", (json_int_t)v.outside_ns));
	}
	return arr;
}

static json_t *dump_array(struct bpf_map *m, __u32 n)
{
	json_t *arr = json_array();
	__u32 i;
	__u64 v;

	for (i = 0; i < n; i++) {
		v = 0;
		bpf_map_lookup_elem(bpf_map__fd(m), &i, &v);
		json_array_append_new(arr, json_integer((json_int_t)v));
	}
	return arr;
}

static __u64 counter(struct hcall_lat_bpf *c, __u32 idx)
{
	__u64 v = 0;

	bpf_map_lookup_elem(bpf_map__fd(c->skel->maps.counters), &idx, &v);
	return v;
}

json_t *hcall_lat_stop(struct hcall_lat_bpf *c)
{
	json_t *j, *vcore, *hcalls;
	int i;

	for (i = 0; i < c->nr_links; i++)
		bpf_link__destroy(c->links[i]);
	vcore = json_array();
	hcalls = dump_hists(c, vcore);
	j = json_pack("{s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I}}",
		      "collector", "bpf", "vm_visible", c->vm_visible,
		      "hcalls", hcalls, "rc", dump_rcs(c), "exits", dump_exits(c),
		      "vcore", vcore,
		      "vcore_entries_by_runnable_threads", dump_array(c->skel->maps.runnable, HVB_MAX_THREADS + 1),
		      "lost", "vm_exit_unpaired", (json_int_t)counter(c, CNT_EXIT_UNPAIRED),
			      "vm_enter_without_exit", (json_int_t)counter(c, CNT_ENTER_LOST),
			      "map_full", (json_int_t)counter(c, CNT_MAP_FULL));
	if (c->rm_visible) {
		json_object_set_new(j, "real_mode", json_pack("{s:b, s:I, s:I}", "visible", 1,
			"events", (json_int_t)counter(c, CNT_RM_EVENTS),
			"records_lost", (json_int_t)counter(c, CNT_RM_LOST)));
	} else {
		json_object_set_new(j, "real_mode", json_pack("{s:b, s:s}", "visible", 0,
			"why", "not visible on this kernel (no kvm_hv:kvm_rm_hcall; boot kmod's kernel)"));
	}
	if (c->cede_visible)
		json_object_set_new(j, "cede", json_pack("{s:I, s:I, s:o, s:o, s:s}",
			"naps", (json_int_t)counter(c, CNT_CEDE_NAPS),
			"vcore_to_host", (json_int_t)counter(c, CNT_CEDE_EXITS),
			"by_napping_threads", dump_array(c->skel->maps.napping, HVB_MAX_THREADS + 1),
			"wake_reasons", dump_array(c->skel->maps.wake_reasons, HVB_WAKE_REASONS),
			"wake_reason_index", "(SRR1 & 0x3c0000) >> 18: 8 external, 6 decrementer, 5 doorbell, 3 hv doorbell, 10 hmi"));
	else
		json_object_set_new(j, "cede", json_string("not visible on this kernel (no kvm_hv:kvm_rm_cede)"));
	hcall_lat_bpf_skel__destroy(c->skel);
	free(c);
	return j;
}
