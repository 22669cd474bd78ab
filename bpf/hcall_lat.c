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
#include <bpf/btf.h>
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
	int raw;		/* raw_tp programs (kernel BTF) instead of tracepoints */
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
	struct bpf_link *l;

	/* the raw_tp twin of the program, when the offsets were found */
	if (c->raw) {
		struct bpf_program *p;

		bpf_object__for_each_program(p, c->skel->obj)
			if (bpf_program__autoload(p) &&
			    !strncmp(bpf_program__section_name(p), "raw_tp/", 7) &&
			    !strcmp(bpf_program__section_name(p) + 7, tp))
				prog = p;
		l = bpf_program__attach_raw_tracepoint(prog, tp);
	} else {
		l = bpf_program__attach_tracepoint(prog, "kvm_hv", tp);
	}

	if (!l)
		return -errno;
	c->links[c->nr_links++] = l;
	return 0;
}

/*
 * Byte offset of a member path ("arch.regs.gpr") in a struct of the
 * kernel's BTF, descending into anonymous structs and unions.
 */
static int member_off(const struct btf *btf, __u32 id, const char *path, __u32 *off)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const struct btf_member *m;
	char name[64];
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	int i;

	if (!t || (!btf_is_struct(t) && !btf_is_union(t)) || len >= sizeof(name))
		return -ENOENT;
	memcpy(name, path, len);
	name[len] = 0;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);
		__u32 sub;

		if (mn && *mn && !strcmp(mn, name)) {
			*off = btf_member_bit_offset(t, i) / 8;
			if (!dot)
				return 0;
			if (member_off(btf, m->type, dot + 1, &sub))
				return -ENOENT;
			*off += sub;
			return 0;
		}
		if ((!mn || !*mn) && !member_off(btf, m->type, path, &sub)) {
			*off = btf_member_bit_offset(t, i) / 8 + sub;
			return 0;
		}
	}
	return -ENOENT;
}

static int kernel_offsets(struct hcall_lat_bpf_skel *s)
{
	struct btf *btf = btf__load_vmlinux_btf();
	__s32 vcpu, vcore;
	__u32 id = 0, gpr = 0, trap = 0, nr = 0;
	int e = -ENOENT;

	if (!btf)
		return -ENOENT;
	vcpu = btf__find_by_name_kind(btf, "kvm_vcpu", BTF_KIND_STRUCT);
	vcore = btf__find_by_name_kind(btf, "kvmppc_vcore", BTF_KIND_STRUCT);
	if (vcpu > 0 && vcore > 0 &&
	    !member_off(btf, vcpu, "vcpu_id", &id) &&
	    !member_off(btf, vcpu, "arch.regs.gpr", &gpr) &&
	    !member_off(btf, vcpu, "arch.trap", &trap) &&
	    !member_off(btf, vcore, "n_runnable", &nr)) {
		s->rodata->targ_off_vcpu_id = id;
		s->rodata->targ_off_gpr3 = gpr + 3 * 8;
		s->rodata->targ_off_trap = trap;
		s->rodata->targ_off_n_runnable = nr;
		e = 0;
	}
	btf__free(btf);
	return e;
}

static void use_raw_tp(struct hcall_lat_bpf_skel *s, bool raw)
{
	struct bpf_program *tp[] = {
		s->progs.kvm_hcall_enter, s->progs.kvm_hcall_exit, s->progs.kvm_rm_hcall,
		s->progs.kvm_rm_lost, s->progs.kvm_rm_cede, s->progs.kvm_guest_exit,
		s->progs.kvm_guest_enter, s->progs.kvmppc_run_core,
		s->progs.kvmppc_vcore_blocked, s->progs.kvmppc_vcore_wakeup,
	}, *rtp[] = {
		s->progs.raw_hcall_enter, s->progs.raw_hcall_exit, s->progs.raw_rm_hcall,
		s->progs.raw_rm_lost, s->progs.raw_rm_cede, s->progs.raw_guest_exit,
		s->progs.raw_guest_enter, s->progs.raw_run_core,
		s->progs.raw_vcore_blocked, s->progs.raw_vcore_wakeup,
	};
	size_t i;

	for (i = 0; i < sizeof(tp) / sizeof(tp[0]); i++) {
		bpf_program__set_autoload(tp[i], !raw);
		bpf_program__set_autoload(rtp[i], raw);
	}
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
	/* raw tracepoints where the kernel's BTF gives the struct offsets */
	c->raw = !getenv("HVB_BPF_TRACEPOINTS") && !kernel_offsets(s);
	use_raw_tp(s, c->raw);
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
	json_t *arr = json_array();
	struct exit_val v;
	char trap[16];
	__u32 key;

	for (key = 0; key < HVB_EXIT_SLOTS; key++) {
		if (bpf_map_lookup_elem(fd, &key, &v) || !v.count)
			continue;
		snprintf(trap, sizeof(trap), "0x%x", key << 5);
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
	j = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I}}",
		      "collector", "bpf",
		      "attach", c->raw ? "raw_tp (offsets from kernel BTF)" : "tracepoint (no BTF)",
		      "vm_visible", c->vm_visible,
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
