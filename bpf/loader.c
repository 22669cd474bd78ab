// SPDX-License-Identifier: GPL-2.0
/*
 * Shared by the loaders of the kvm_hv BPF collectors.
 *
 * Variant choice: tp_btf programs read the tracepoint's arguments
 * directly (CO-RE relocated loads), no trace record is assembled: the
 * cheapest way in, measured in make bench.  They need BTF for the kvm_hv
 * module (CONFIG_DEBUG_INFO_BTF_MODULES).  Without it the tracepoint
 * variants read the record, whose layout kvm_hv_tp.h keeps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "hvbench/kmod.h"
#include "hist_stats.h"
#include "loader.h"

#define TP_BTF "tp_btf/"
#define TP_REC "tracepoint/kvm_hv/"

/* the kvm_hv tracepoint a program attaches to, NULL for test entries */
static const char *prog_tp(const struct bpf_program *p)
{
	const char *sec = bpf_program__section_name(p);

	if (!strncmp(sec, TP_BTF, strlen(TP_BTF)))
		return sec + strlen(TP_BTF);
	if (!strncmp(sec, TP_REC, strlen(TP_REC)))
		return sec + strlen(TP_REC);
	return NULL;
}

static bool tp_exists(const char *tp)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/kvm_hv/%s", roots[i], tp);
		if (!access(path, F_OK))
			return true;
	}
	return false;
}

/*
 * kmod's batched hcall records (kvm_hcall_batch, kvm_hcall_drain) carry
 * what the per-hcall tracepoints below carry, off the guest's round trips:
 * where the kernel has them (and vcpus get a ring), programs on those are
 * not loaded.  HVB_PAIRS=1 (make bench's reference) loads the per-hcall
 * ones instead.
 */
static const char *const batch_tps[] = { HVB_BATCH_TP, "kvm_hcall_drain", NULL };
static const char *const per_hcall_tps[] = { "kvm_hcall_enter", "kvm_hcall_exit", "kvm_rm_hcall",
					     NULL };

static bool tp_in(const char *tp, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(tp, *set))
			return true;
	return false;
}

static void select_variants(struct bpf_object *obj, struct hvb_bpf_links *l)
{
	bool batch = tp_exists(HVB_BATCH_TP) && hvb_kmod_batches_wanted();
	struct bpf_program *p;

	l->btf = !getenv("HVB_BPF_TRACEPOINTS") && !access("/sys/kernel/btf/kvm_hv", F_OK);
	bpf_object__for_each_program(p, obj) {
		const char *tp = prog_tp(p);
		bool btf = !strncmp(bpf_program__section_name(p), TP_BTF, strlen(TP_BTF));
		bool want = tp && btf == l->btf && tp_exists(tp);

		if (want && tp_in(tp, batch ? per_hcall_tps : batch_tps))
			want = false;
		bpf_program__set_autoload(p, want);
	}
}

static int attach(struct bpf_object *obj, struct hvb_bpf_links *l, char *err, size_t errlen)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj) {
		struct bpf_link *link;

		if (!bpf_program__autoload(p))
			continue;
		if (l->n == HVB_BPF_MAX_LINKS) {
			snprintf(err, errlen, "too many programs (raise HVB_BPF_MAX_LINKS)");
			return -E2BIG;
		}
		link = bpf_program__attach(p);
		if (!link) {
			int e = -errno;

			snprintf(err, errlen, "failed to attach %s: %s", bpf_program__section_name(p),
				 strerror(-e));
			return e;
		}
		l->link[l->n] = link;
		l->tp[l->n++] = prog_tp(p);
	}
	return 0;
}

int hvb_bpf_collector_start(struct hvb_bpf_collector *c, void *skel,
			    struct bpf_object_skeleton *sk, const char *name,
			    const char *need_tp, char *err, size_t errlen)
{
	int e;

	if (!skel) {
		e = -errno;
		snprintf(err, errlen, "failed to open the %s BPF object: %s", name, strerror(-e));
		return e;
	}
	c->skel = skel;
	c->sk = sk;
	select_variants(*sk->obj, &c->links);
	if (need_tp && !tp_exists(need_tp)) {
		e = -ENOENT;
		snprintf(err, errlen, "no kvm_hv:%s tracepoint (is kvm-hv loaded and tracefs mounted?)",
			 need_tp);
		goto cleanup;
	}
	e = bpf_object__load_skeleton(sk);
	if (e) {
		snprintf(err, errlen, "failed to load the %s BPF programs: %s (needs root and CONFIG_BPF_SYSCALL)",
			 name, strerror(-e));
		goto cleanup;
	}
	e = attach(*sk->obj, &c->links, err, errlen);
	if (!e)
		return 0;
cleanup:
	hvb_bpf_collector_free(c);
	return e;
}

void hvb_bpf_collector_free(struct hvb_bpf_collector *c)
{
	hvb_bpf_detach(&c->links);
	if (c->sk)
		bpf_object__destroy_skeleton(c->sk);
	free(c->skel);	/* as the generated __destroy() does */
	c->sk = NULL;
	c->skel = NULL;
}

bool hvb_bpf_attached(const struct hvb_bpf_links *l, const char *tp)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->tp[i], tp))
			return true;
	return false;
}

/* the names stay: hvb_bpf_attached() still answers after detaching */
void hvb_bpf_detach(struct hvb_bpf_links *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		bpf_link__destroy(l->link[i]);
		l->link[i] = NULL;
	}
}

const char *hvb_bpf_attach_kind(const struct hvb_bpf_links *l)
{
	return l->btf ? "tp_btf (CO-RE, kernel BTF)" : "tracepoint (no kvm_hv BTF)";
}

/* the per-CPU values of a u64 array element, summed or their maximum */
static unsigned long long percpu_reduce(struct bpf_map *m, unsigned int idx, bool max)
{
	int ncpu = libbpf_num_possible_cpus(), i;
	unsigned long long *v, r = 0;

	if (ncpu <= 0 || !(v = calloc(ncpu, sizeof(*v))))
		return 0;
	if (!bpf_map_lookup_elem(bpf_map__fd(m), &idx, v))
		for (i = 0; i < ncpu; i++)
			r = max ? (v[i] > r ? v[i] : r) : r + v[i];
	free(v);
	return r;
}

unsigned long long hvb_bpf_percpu_sum(struct bpf_map *m, unsigned int idx)
{
	return percpu_reduce(m, idx, false);
}

unsigned long long hvb_bpf_percpu_max(struct bpf_map *m, unsigned int idx)
{
	return percpu_reduce(m, idx, true);
}

json_t *hvb_bpf_percpu_array(struct bpf_map *m, unsigned int n)
{
	json_t *arr = json_array();
	unsigned int i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_integer((json_int_t)hvb_bpf_percpu_sum(m, i)));
	return arr;
}

json_t *hvb_bpf_hist_json(const struct hvb_hist *h)
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
