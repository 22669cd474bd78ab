// SPDX-License-Identifier: GPL-2.0
/*
 * hcall_lat.bpf.c on this machine's kernel: every program loads, and its
 * logic runs through BPF_PROG_TEST_RUN with synthetic tracepoint
 * arguments (pairing, out-of-order and missing exits, histogram bucket
 * edges, map-full behaviour); the tracepoint record layouts it assumes are
 * checked against real kvm_hv format files from the ppc64le kernel.
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
#include "kvm_hv_tp.h"
#include "hcall_lat.skel.h"
#include "test.h"

static struct hcall_lat_bpf_skel *skel;
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

/* the per-CPU histogram of a key, summed; count 0 if absent */
static void hist_of(__u32 req, __u32 mode, __u32 vcpu, struct hvb_hist *out)
{
	struct hcall_key k = { .req = req, .mode = mode, .vcpu = vcpu };
	size_t vsz = (sizeof(struct hvb_hist) + 7) & ~7UL;
	char *vals = calloc(ncpu, vsz);
	int i;
	uint32_t b;

	hvb_hist_init(out);
	if (vals && !bpf_map_lookup_elem(bpf_map__fd(skel->maps.hists), &k, vals)) {
		for (i = 0; i < ncpu; i++) {
			struct hvb_hist *h = (struct hvb_hist *)(vals + i * vsz);

			if (!h->count)
				continue;
			out->count += h->count;
			out->sum += h->sum;
			out->overflow += h->overflow;
			out->min = h->min < out->min ? h->min : out->min;
			out->max = h->max > out->max ? h->max : out->max;
			for (b = 0; b < HVB_HIST_BUCKETS; b++)
				out->buckets[b] += h->buckets[b];
		}
	}
	free(vals);
}

static __u64 counter(__u32 idx)
{
	__u64 v = 0;

	bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &idx, &v);
	return v;
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

int main(void)
{
	struct hvb_hist *h = malloc(sizeof(*h));
	static const __u64 edges[] = { 1, 255, 256, 257, 258, 383, 384, 100000, 1ULL << 41 };
	int err, i, ok;
	__u32 b;

	LAYOUT(kvm_hcall_enter, tp_kvm_hcall_enter, vcpu_id);
	LAYOUT(kvm_hcall_enter, tp_kvm_hcall_enter, req);
	LAYOUT(kvm_hcall_exit, tp_kvm_hcall_exit, hcall_rc);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, req);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, hcall_rc);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, tb_enter);
	LAYOUT(kvm_rm_hcall, tp_kvm_rm_hcall, tb_exit);
	LAYOUT(kvm_rm_lost, tp_kvm_rm_lost, lost);
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
	skel = hcall_lat_bpf_skel__open_and_load();
	report(skel != NULL, "hcall_lat.bpf.o: every program loads and verifies (%s)",
	       skel ? "ok" : strerror(errno));
	if (!skel || !h) {
		free(h);
		return report_summary("test_bpf");
	}

	/* pairing: enter at t=1000, exit at t=1723 -> one 723 ns sample */
	run(skel->progs.test_vm_enter, 1, H_ENTER, 1000, 0, 0);
	err = run(skel->progs.test_vm_exit, 1, H_SUCCESS, 1723, 0, 0);
	hist_of(H_ENTER, HCALL_MODE_VM, 1, h);
	report(!err && h->count == 1 && h->min == 723 && h->max == 723 &&
	       h->buckets[hvb_hist_bucket(723)] == 1,
	       "vm pairing: enter+exit on vcpu 1 gives one 723 ns H_ENTER sample (count %llu)",
	       (unsigned long long)h->count);
	{
		struct hcall_rc_key k = { .req = H_ENTER, .mode = HCALL_MODE_VM, .rc = H_SUCCESS };
		__u64 n = 0;

		bpf_map_lookup_elem(bpf_map__fd(skel->maps.rcs), &k, &n);
		report(n == 1, "return codes: H_ENTER/vm/H_SUCCESS counted once (%llu)",
		       (unsigned long long)n);
	}

	/* an exit with no enter (collector attached mid-hcall) */
	run(skel->progs.test_vm_exit, 2, H_SUCCESS, 5000, 0, 0);
	report(counter(CNT_EXIT_UNPAIRED) == 1, "exit without enter counted as unpaired, no sample");
	/* an exit older than its enter (out of order) */
	run(skel->progs.test_vm_enter, 2, H_ENTER, 9000, 0, 0);
	run(skel->progs.test_vm_exit, 2, H_SUCCESS, 8000, 0, 0);
	hist_of(H_ENTER, HCALL_MODE_VM, 2, h);
	report(counter(CNT_EXIT_UNPAIRED) == 2 && h->count == 0,
	       "out-of-order exit rejected, counted unpaired");
	/* a missing exit: the second enter replaces the first */
	run(skel->progs.test_vm_enter, 3, H_PROTECT, 100, 0, 0);
	run(skel->progs.test_vm_enter, 3, H_READ, 200, 0, 0);
	run(skel->progs.test_vm_exit, 3, H_SUCCESS, 250, 0, 0);
	hist_of(H_READ, HCALL_MODE_VM, 3, h);
	report(counter(CNT_ENTER_LOST) == 1 && h->count == 1 && h->min == 50,
	       "missing exit: lost enter counted, the next pair still measured (50)");
	hist_of(H_PROTECT, HCALL_MODE_VM, 3, h);
	report(h->count == 0, "missing exit: no sample invented for the lost enter");

	/* real mode: tb_exit - tb_enter, bucket edges as the host computes them */
	for (i = 0; i < (int)(sizeof(edges) / sizeof(edges[0])); i++)
		run(skel->progs.test_rm, 0, H_REMOVE, H_SUCCESS, 10, 10 + edges[i]);
	hist_of(H_REMOVE, HCALL_MODE_RM, 0, h);
	ok = h->count == sizeof(edges) / sizeof(edges[0]);
	for (i = 0; i < (int)(sizeof(edges) / sizeof(edges[0])); i++) {
		b = hvb_hist_bucket(edges[i]);
		if (!h->buckets[b])
			ok = 0;
	}
	report(ok && h->min == 1 && h->max == (1ULL << 41) && h->overflow == 1,
	       "real-mode records: BPF buckets of 1, 255..258, 383, 384, 1e5, 2^41 match the host's");
	report(counter(CNT_RM_EVENTS) == sizeof(edges) / sizeof(edges[0]), "real-mode events counted");

	/* exits by trap and time outside the guest */
	run(skel->progs.test_guest_exit, 0, 0xc00, 1000, 0, 0);
	run(skel->progs.test_guest_enter, 0, 1600, 0, 0, 0);
	{
		__u32 trap = 0xc00 >> 5;
		struct exit_val v = { 0 };

		bpf_map_lookup_elem(bpf_map__fd(skel->maps.exits), &trap, &v);
		report(v.count == 1 && v.outside_ns == 600,
		       "guest exit 0xc00 counted, 600 ns outside the guest (%llu, %llu)",
		       (unsigned long long)v.count, (unsigned long long)v.outside_ns);
	}

	/* cede: one nap woken by the decrementer with 2 of 4 threads napping */
	run6(skel->progs.test_cede, 1, 1000, 1500, 0x00180000 | 0x1, 0x3, 0);
	{
		__u32 idx = 6, two = 2;
		__u64 wake = 0, nap2 = 0;

		bpf_map_lookup_elem(bpf_map__fd(skel->maps.wake_reasons), &idx, &wake);
		bpf_map_lookup_elem(bpf_map__fd(skel->maps.napping), &two, &nap2);
		hist_of(HVB_PSEUDO_CEDE_NAP, HCALL_MODE_RM, 1, h);
		report(counter(CNT_CEDE_NAPS) == 1 && wake == 1 && nap2 == 1 && h->count == 1 &&
		       h->min == 500, "cede nap: 500 ticks, woken by the decrementer, 2 threads napping");
	}
	/* vcore: entered with 3 runnable, blocked 400 ns */
	{
		__u64 args[5] = { 3, 0, 2, 77, 100 };
		__u32 three = 3;
		__u64 n3 = 0;

		run(skel->progs.test_vcore, args[0], args[1], args[2], args[3], args[4]);
		run(skel->progs.test_vcore, 3, 1, 2, 77, 500);
		bpf_map_lookup_elem(bpf_map__fd(skel->maps.runnable), &three, &n3);
		hist_of(HVB_PSEUDO_VCORE_BLOCKED, HCALL_MODE_VM, 2, h);
		report(n3 == 1 && h->count == 1 && h->min == 400,
		       "vcore: one entry with 3 runnable threads, blocked 400 ns");
	}

	/* map full: more (req, vcpu) keys than the map holds */
	for (i = 0; i < HCALL_LAT_MAX_KEYS + 20; i++)
		run(skel->progs.test_rm, 100 + i, H_ENTER, H_SUCCESS, 0, 5);
	report(counter(CNT_MAP_FULL) >= 20,
	       "histogram map full: %llu samples counted as dropped, none lost silently",
	       (unsigned long long)counter(CNT_MAP_FULL));

	hcall_lat_bpf_skel__destroy(skel);
	free(h);
	return report_summary("test_bpf");
}
