// SPDX-License-Identifier: GPL-2.0
/*
 * Loader of hcall_lat.bpf.c: hcall latency histograms per (hcall, mode,
 * vcpu) and return codes.  Real mode needs kmod's kvm_rm_hcall: on a
 * kernel without it, real mode is reported as not visible, never as zero.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "hvbench/papr.h"
#include "results.h"
#include "loader.h"
#include "collect_bpf.h"
#include "hcall_lat.h"
#include "hcall_lat.skel.h"

struct hcall_lat {
	struct hvb_bpf_collector bc;
	struct hcall_lat_bpf_skel *skel;
};

int hcall_lat_start(struct hcall_lat **out, unsigned int tgid, char *err, size_t errlen)
{
	struct hcall_lat *c = calloc(1, sizeof(*c));
	int e;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	c->skel = hcall_lat_bpf_skel__open();
	if (c->skel)
		c->skel->rodata->targ_tgid = tgid;
	e = hvb_bpf_collector_start(&c->bc, c->skel, c->skel ? c->skel->skeleton : NULL, "hcall_lat",
				    "kvm_hcall_enter", err, errlen);
	if (e)
		free(c);
	else
		*out = c;
	return e;
}

/* the unit of a mode's histograms: batches and kvm_rm_hcall stamp the timebase */
static const char *mode_unit(const struct hcall_lat *c, __u32 mode)
{
	if (mode == HCALL_MODE_RM || hvb_bpf_attached(&c->bc.links, "kvm_hcall_batch"))
		return "timebase_ticks";
	return "ns";
}

/* every key of slots, with the histogram and in-value rc counts of its slot */
static void dump_hists(struct hcall_lat *c, json_t *hcalls, json_t *rcs)
{
	int sfd = bpf_map__fd(c->skel->maps.slots), hfd = bpf_map__fd(c->skel->maps.hists), r;
	struct hcall_key key, next, *prev = NULL;
	struct hcall_val *v = malloc(sizeof(*v));
	__u32 slot;

	while (v && !bpf_map_get_next_key(sfd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(sfd, &key, &slot) || !slot--)
			continue;
		if (bpf_map_lookup_elem(hfd, &slot, v))
			continue;
		json_array_append_new(hcalls, json_pack("{s:s, s:i, s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:o}",
			"req", hvb_hcall_name(key.req), "req_nr", (int)key.req,
			"mode", key.mode == HCALL_MODE_RM ? "rm" : "vm",
			"unit", mode_unit(c, key.mode), "vcpu", (int)key.vcpu,
			"drained", (json_int_t)v->drained, "to_user", (json_int_t)v->to_user,
			"half_drains", (json_int_t)v->half_drains,
			"half_drain_ticks", (json_int_t)v->half_drain_ticks,
			"hist", hvb_bpf_hist_json(&v->hist)));
		for (r = 0; r < HCALL_RC_SLOTS; r++)
			if (v->rc[r])
				json_array_append_new(rcs, json_pack("{s:s, s:s, s:i, s:s, s:I, s:I}",
					"req", hvb_hcall_name(key.req),
					"mode", key.mode == HCALL_MODE_RM ? "rm" : "vm",
					"vcpu", (int)key.vcpu, "rc", hvb_rc_name(r + HCALL_RC_MIN),
					"rc_nr", (json_int_t)(r + HCALL_RC_MIN),
					"count", (json_int_t)v->rc[r]));
	}
	free(v);
}

/* return codes outside the in-value range */
static void dump_rcs(struct hcall_lat *c, json_t *rcs)
{
	int fd = bpf_map__fd(c->skel->maps.rcs);
	struct hcall_rc_key key, next, *prev = NULL;
	__u64 n;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &n))
			continue;
		json_array_append_new(rcs, json_pack("{s:s, s:s, s:s, s:I, s:I}",
			"req", hvb_hcall_name(key.req), "mode", key.mode == HCALL_MODE_RM ? "rm" : "vm",
			"rc", hvb_rc_name(key.rc), "rc_nr", (json_int_t)key.rc, "count", (json_int_t)n));
	}
}

/* anything lost, dropped or refused: the histograms miss some hcalls */
static bool lost_any(struct bpf_map *cnt)
{
	static const int losses[] = { CNT_EXIT_UNPAIRED, CNT_ENTER_LOST, CNT_MAP_FULL, CNT_RM_LOST,
				      CNT_BAD_REC, CNT_BAD_VCPU, CNT_BAD_BATCH, CNT_DRAIN_LOST };
	size_t i;

	for (i = 0; i < sizeof(losses) / sizeof(losses[0]); i++)
		if (hvb_bpf_percpu_sum(cnt, losses[i]))
			return true;
	return false;
}

void hcall_lat_stop(struct hcall_lat *c, json_t *j)
{
	struct bpf_map *cnt = c->skel->maps.counters;
	json_t *hcalls = json_array(), *rcs = json_array(), *lost = json_object_get(j, "lost"), *h;
	bool complete;
	size_t i;

	hvb_bpf_detach(&c->bc.links);
	complete = !lost_any(cnt);
	dump_hists(c, hcalls, rcs);
	json_array_foreach(hcalls, i, h)
		json_object_set_new(h, "complete", json_boolean(complete));
	json_object_set_new(j, "complete", json_boolean(complete));
	dump_rcs(c, rcs);
	json_object_set_new(j, "attach", json_string(hvb_bpf_attach_kind(&c->bc.links)));
	json_object_set_new(j, "vm_visible", json_true());
	json_object_set_new(j, "hcalls", hcalls);
	json_object_set_new(j, "rc", rcs);
	json_object_set_new(lost, "vm_exit_unpaired",
			    json_integer((json_int_t)hvb_bpf_percpu_sum(cnt, CNT_EXIT_UNPAIRED)));
	json_object_set_new(lost, "vm_enter_without_exit",
			    json_integer((json_int_t)hvb_bpf_percpu_sum(cnt, CNT_ENTER_LOST)));
	json_object_set_new(lost, "map_full",
			    json_integer((json_int_t)hvb_bpf_percpu_sum(cnt, CNT_MAP_FULL)));
	if (hvb_bpf_attached(&c->bc.links, "kvm_hcall_batch")) {
		json_object_set_new(j, "source", json_string("kvm_hcall_batch"));
		json_object_set_new(j, "batches", json_pack("{s:I, s:I, s:I, s:I, s:I}",
			"events", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_BATCHES),
			"records", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_BATCH_RECS),
			"bad_records", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_BAD_REC),
			"bad_vcpu", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_BAD_VCPU),
			"bad_batches", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_BAD_BATCH)));
		json_object_set_new(j, "drains", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			"count", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_DRAINS),
			"half", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_DRAIN_HALF),
			"half_ticks", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_DRAIN_HALF_TICKS),
			"records", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_DRAIN_RECS),
			"ticks", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_DRAIN_TICKS),
			"max_ticks", (json_int_t)hvb_bpf_percpu_max(cnt, CNT_DRAIN_MAX),
			"lost", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_DRAIN_LOST)));
	} else {
		json_object_set_new(j, "source", json_string("kvm_hcall_enter/exit pairs"));
		json_object_set_new(j, "expensive", json_string(
			"two tracepoints and two clock reads inside every virtual-mode round trip (make bench measures the inflation)"));
	}
	if (hvb_bpf_attached(&c->bc.links, "kvm_rm_hcall") ||
	    hvb_bpf_attached(&c->bc.links, "kvm_hcall_batch"))
		json_object_set_new(j, "real_mode", json_pack("{s:b, s:I, s:I}", "visible", 1,
			"events", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_RM_EVENTS),
			"records_lost", (json_int_t)hvb_bpf_percpu_sum(cnt, CNT_RM_LOST)));
	else
		json_object_set_new(j, "real_mode", json_pack("{s:b, s:s}", "visible", 0,
			"why", "not visible on this kernel (no kvm_hv:kvm_rm_hcall; boot kmod's kernel)"));
	hvb_bpf_collector_free(&c->bc);
	free(c);
}
