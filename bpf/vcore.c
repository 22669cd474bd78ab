// SPDX-License-Identifier: GPL-2.0
/*
 * Loader of vcore.bpf.c: vcore entries by runnable threads, blocked and
 * wake-up times, and (kmod's kernel) real-mode H_CEDE naps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "loader.h"
#include "collect_bpf.h"
#include "vcore.h"
#include "vcore.skel.h"

struct vcore {
	struct hvb_bpf_collector bc;
	struct vcore_bpf_skel *skel;
};

int vcore_start(struct vcore **out, unsigned int tgid, char *err, size_t errlen)
{
	struct vcore *c = calloc(1, sizeof(*c));
	int e;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	c->skel = vcore_bpf_skel__open();
	if (c->skel)
		c->skel->rodata->targ_tgid = tgid;
	e = hvb_bpf_collector_start(&c->bc, c->skel, c->skel ? c->skel->skeleton : NULL, "vcore",
				    NULL, err, errlen);
	if (e)
		free(c);
	else
		*out = c;
	return e;
}

static const char *what_name(__u32 what)
{
	switch (what) {
	case VCORE_BLOCKED: return "vcore_blocked";
	case VCORE_WAKEUP_WAITED: return "vcore_wakeup_waited";
	case VCORE_WAKEUP_POLLED: return "vcore_wakeup_polled";
	case VCORE_CEDE_NAP: return "cede_nap";
	}
	return "unknown";
}

static json_t *dump_hists(struct vcore *c)
{
	int fd = bpf_map__fd(c->skel->maps.hists);
	struct vcore_key key, next, *prev = NULL;
	struct hvb_hist *h = malloc(sizeof(*h));
	json_t *arr = json_array();

	while (h && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, h))
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:o}",
			"what", what_name(key.what),
			"unit", key.what == VCORE_CEDE_NAP ? "timebase_ticks" : "ns",
			"vcpu", (int)key.vcpu, "hist", hvb_bpf_hist_json(h)));
	}
	free(h);
	return arr;
}

void vcore_stop(struct vcore *c, json_t *j)
{
	struct bpf_map *cnt = c->skel->maps.counters;

	hvb_bpf_detach(&c->bc.links);
	json_object_set_new(j, "vcore", dump_hists(c));
	json_object_set_new(j, "vcore_entries_by_runnable_threads",
			    hvb_bpf_percpu_array(c->skel->maps.runnable, HVB_MAX_THREADS + 1));
	json_object_set_new(json_object_get(j, "lost"), "vcore_map_full",
			    json_integer((json_int_t)hvb_bpf_percpu_sum(cnt, VCNT_MAP_FULL)));
	if (hvb_bpf_attached(&c->bc.links, "kvm_rm_cede"))
		json_object_set_new(j, "cede", json_pack("{s:I, s:I, s:o, s:o, s:s}",
			"naps", (json_int_t)hvb_bpf_percpu_sum(cnt, VCNT_CEDE_NAPS),
			"vcore_to_host", (json_int_t)hvb_bpf_percpu_sum(cnt, VCNT_CEDE_EXITS),
			"by_napping_threads", hvb_bpf_percpu_array(c->skel->maps.napping, HVB_MAX_THREADS + 1),
			"wake_reasons", hvb_bpf_percpu_array(c->skel->maps.wake_reasons, HVB_WAKE_REASONS),
			"wake_reason_index", "(SRR1 & 0x3c0000) >> 18: 8 external, 6 decrementer, 5 doorbell, 3 hv doorbell, 10 hmi"));
	else
		json_object_set_new(j, "cede", json_string("not visible on this kernel (no kvm_hv:kvm_rm_cede)"));
	hvb_bpf_collector_free(&c->bc);
	free(c);
}
