// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench run --collect bpf [--bpf hcall,exits,vcore]: starts the chosen
 * collectors before the guest's first hcall, and after its last merges
 * what each saw into collect_bpf.json.
 *
 * Each collector adds programs to the round trip it observes (make bench
 * measures each): hcall alone is the cheapest way to watch hcalls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "hvbench/kmod.h"
#include "collect_bpf.h"

struct collect_bpf {
	unsigned int mask;
	struct hcall_lat *hcall;
	struct exits *exits;
	struct vcore *vcore;
};

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!getenv("HVB_BPF_DEBUG") || (level == LIBBPF_DEBUG && strcmp(getenv("HVB_BPF_DEBUG"), "2")))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int collect_bpf_start(struct collect_bpf **out, unsigned int mask, unsigned int tgid,
		      char *err, size_t errlen)
{
	struct collect_bpf *c = calloc(1, sizeof(*c));
	int e = 0;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	libbpf_set_print(quiet_print);
	c->mask = mask;
	if (mask & COLLECT_BPF_HCALL)
		e = hcall_lat_start(&c->hcall, tgid, err, errlen);
	if (!e && (mask & COLLECT_BPF_EXITS))
		e = exits_start(&c->exits, tgid, err, errlen);
	if (!e && (mask & COLLECT_BPF_VCORE))
		e = vcore_start(&c->vcore, tgid, err, errlen);
	if (e) {
		json_decref(collect_bpf_stop(c));
		return e;
	}
	*out = c;
	return 0;
}

json_t *collect_bpf_stop(struct collect_bpf *c)
{
	json_t *j = json_pack("{s:s, s:i, s:s, s:[], s:{}}", "format", "hvbench-collect",
			      "version", HVB_COLLECT_VERSION, "collector", "bpf", "collectors", "lost");
	unsigned int i;

	for (i = 0; i < 3; i++)
		if (c->mask & (1U << i))
			json_array_append_new(json_object_get(j, "collectors"),
					      json_string(collect_bpf_name(1U << i)));
	if (c->hcall)
		hcall_lat_stop(c->hcall, j);
	if (c->exits)
		exits_stop(c->exits, j);
	if (c->vcore)
		vcore_stop(c->vcore, j);
	free(c);
	return j;
}
