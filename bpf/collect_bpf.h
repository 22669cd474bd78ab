/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvbench run --collect bpf: the kvm_hv BPF collectors, each a
 * foo.bpf.c / foo.c / foo.h triplet, chosen with --bpf.
 */
#ifndef HVB_COLLECT_BPF_H
#define HVB_COLLECT_BPF_H

#include <stddef.h>
#include <jansson.h>

enum {
	COLLECT_BPF_HCALL = 1 << 0,	/* hcall_lat: hcall latency, rc distribution */
	COLLECT_BPF_EXITS = 1 << 1,	/* exits: guest exits by trap, time outside */
	COLLECT_BPF_VCORE = 1 << 2,	/* vcore: runnable threads, blocking, cede naps */
	COLLECT_BPF_ALL = 7,
};

struct collect_bpf;

/* "hcall,exits,vcore" -> mask; a one-line error naming the bad word */
int collect_bpf_parse(const char *list, unsigned int *mask, char *err, size_t errlen);
const char *collect_bpf_name(unsigned int bit);
/* load and attach the chosen collectors; only events of process tgid (0: all) */
int collect_bpf_start(struct collect_bpf **out, unsigned int mask, unsigned int tgid,
		      char *err, size_t errlen);
/* detach, read every map into one JSON object (collect_bpf.json), free */
json_t *collect_bpf_stop(struct collect_bpf *c);

/* one collector each: start loads and attaches, stop adds its part to j */
struct hcall_lat;
struct exits;
struct vcore;
int hcall_lat_start(struct hcall_lat **out, unsigned int tgid, char *err, size_t errlen);
void hcall_lat_stop(struct hcall_lat *c, json_t *j);
int exits_start(struct exits **out, unsigned int tgid, char *err, size_t errlen);
void exits_stop(struct exits *c, json_t *j);
int vcore_start(struct vcore **out, unsigned int tgid, char *err, size_t errlen);
void vcore_stop(struct vcore *c, json_t *j);

#endif
