/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the loaders of the kvm_hv BPF collectors (hcall_lat.c, exits.c,
 * vcore.c) share: choosing each program's variant, attaching, reading
 * per-CPU maps, histograms as JSON.
 */
#ifndef HVB_BPF_LOADER_H
#define HVB_BPF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include <bpf/libbpf.h>
#include "hvbench/hist.h"

#define HVB_BPF_MAX_LINKS	8

struct hvb_bpf_links {
	struct bpf_link *link[HVB_BPF_MAX_LINKS];
	const char *tp[HVB_BPF_MAX_LINKS];	/* kvm_hv tracepoint of link[i] */
	int n;
	bool btf;				/* tp_btf variants, else tracepoint */
};

/* one collector: its generated skeleton and what the loader attached */
struct hvb_bpf_collector {
	void *skel;
	struct bpf_object_skeleton *sk;
	struct hvb_bpf_links links;
};

/*
 * skel was just opened (NULL: the open failed, errno says why) and its
 * rodata knobs set.  Enable the tp_btf variant of every program where the
 * kernel has BTF for kvm_hv (and HVB_BPF_TRACEPOINTS is not set), else the
 * tracepoint variant, only for tracepoints this kernel has; load (need_tp
 * must exist unless NULL); attach every loaded program.  On failure:
 * -errno, a one-line err, and the skeleton freed.
 */
int hvb_bpf_collector_start(struct hvb_bpf_collector *c, void *skel,
			    struct bpf_object_skeleton *sk, const char *name,
			    const char *need_tp, char *err, size_t errlen);
/* detach, keeping what was attached for hvb_bpf_attached() */
void hvb_bpf_detach(struct hvb_bpf_links *l);
/* detach and free the skeleton */
void hvb_bpf_collector_free(struct hvb_bpf_collector *c);
bool hvb_bpf_attached(const struct hvb_bpf_links *l, const char *tp);
const char *hvb_bpf_attach_kind(const struct hvb_bpf_links *l);

/* a u64 per-CPU array element summed over the CPUs */
unsigned long long hvb_bpf_percpu_sum(struct bpf_map *m, unsigned int idx);
/* ... and the largest of the per-CPU values */
unsigned long long hvb_bpf_percpu_max(struct bpf_map *m, unsigned int idx);
/* n elements of a u64 per-CPU array, each summed, as a JSON array */
json_t *hvb_bpf_percpu_array(struct bpf_map *m, unsigned int n);
json_t *hvb_bpf_hist_json(const struct hvb_hist *h);

#endif
