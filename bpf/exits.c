// SPDX-License-Identifier: GPL-2.0
/* Loader of exits.bpf.c: guest exits by trap and the time spent outside. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "loader.h"
#include "collect_bpf.h"
#include "exits.h"
#include "exits.skel.h"

struct exits {
	struct hvb_bpf_collector bc;
	struct exits_bpf_skel *skel;
};

int exits_start(struct exits **out, unsigned int tgid, char *err, size_t errlen)
{
	struct exits *c = calloc(1, sizeof(*c));
	int e;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	c->skel = exits_bpf_skel__open();
	if (c->skel)
		c->skel->rodata->targ_tgid = tgid;
	e = hvb_bpf_collector_start(&c->bc, c->skel, c->skel ? c->skel->skeleton : NULL, "exits",
				    NULL, err, errlen);
	if (e)
		free(c);
	else
		*out = c;
	return e;
}

void exits_stop(struct exits *c, json_t *j)
{
	int fd = bpf_map__fd(c->skel->maps.exits), ncpu = libbpf_num_possible_cpus(), i;
	struct exit_val *v = ncpu > 0 ? calloc(ncpu, sizeof(*v)) : NULL;
	json_t *arr = json_array();
	char trap[16];
	__u32 key;

	hvb_bpf_detach(&c->bc.links);
	for (key = 0; v && key < HVB_EXIT_SLOTS; key++) {
		struct exit_val sum = { 0 };

		if (bpf_map_lookup_elem(fd, &key, v))
			continue;
		for (i = 0; i < ncpu; i++) {
			sum.count += v[i].count;
			sum.outside_ns += v[i].outside_ns;
		}
		if (!sum.count)
			continue;
		snprintf(trap, sizeof(trap), "0x%x", key << 5);
		json_array_append_new(arr, json_pack("{s:s, s:I, s:I}", "trap", trap,
			"count", (json_int_t)sum.count, "outside_guest_ns", (json_int_t)sum.outside_ns));
	}
	free(v);
	json_object_set_new(j, "exits", arr);
	hvb_bpf_collector_free(&c->bc);
	free(c);
}
