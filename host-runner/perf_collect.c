// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench run --collect perf: the same per-(hcall, mode, vcpu) histograms
 * as the BPF collector, built in user space from every raw record.  It is
 * the fallback where BPF or BTF is missing and the cross-check of the BPF
 * numbers; it also keeps every event for timelines.
 */
#include <errno.h>
#include <stdarg.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/event.h>
#include <perf/mmap.h>
#include <perf/threadmap.h>
#include "hvbench/kmod.h"
#include "hist_stats.h"
#include "kvm_events.h"
#include "perf_collect.h"
#include "results.h"

#define TRACEFS_FMT	"/sys/kernel/tracing/events/kvm_hv/%s/format"
#define MAX_HISTS	256
#define MAX_VCPUS	1024
#define RING_PAGES	2048	/* 8 MiB a CPU: real-mode records arrive in bursts of a time slice */
#define EVENTS_MAX	100000	/* lines of events.txt; the rest are counted */

/* one decoded event, kept in memory and written out after the run */
struct ev_rec {
	uint64_t ts;
	uint32_t cpu;
	struct kvm_ev ev;
};

struct hist_slot {
	uint32_t req, mode, vcpu, used;
	struct hvb_hist *h;
	/* batches: as hcall_lat's struct hcall_val */
	uint64_t drained, to_user, half_drains, half_drain_ticks;
};

struct perf_collect {
	struct perf_evlist *evlist;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	struct kvm_events ev;
	pthread_t reader;
	volatile int stop;
	char *events_path;
	struct ev_rec *events;	/* EVENTS_MAX of them, if events_path */
	uint64_t nr_events;
	struct hist_slot slots[MAX_HISTS];
	struct { uint64_t ts; uint64_t req; int pending; } start[MAX_VCPUS];
	/* per vcpu, as hcall_lat's struct hcall_drain_state */
	struct { struct hist_slot *slot; int rm; uint64_t pending; } dr[MAX_VCPUS];
	uint64_t perf_lost, decode_errors, unpaired, enter_lost, full, rm_lost, records;
	char first_decode_error[160];
	uint64_t types[32], drains, inits, events_dropped;
	int batch;		/* kmod's kvm_hcall_batch, not the per-hcall tracepoints */
	uint64_t batches, batch_recs, bad_recs, kdrains, kdrain_recs, kdrain_ticks, kdrain_max;
	uint64_t kdrain_lost, kdrain_half, kdrain_half_ticks;
};

static struct hist_slot *slot_of(struct perf_collect *c, uint32_t req, uint32_t mode, uint32_t vcpu)
{
	int i;

	for (i = 0; i < MAX_HISTS; i++) {
		struct hist_slot *s = &c->slots[i];

		if (s->used && s->req == req && s->mode == mode && s->vcpu == vcpu)
			return s;
		if (!s->used) {
			s->h = malloc(sizeof(*s->h));
			if (!s->h)
				break;
			hvb_hist_init(s->h);
			s->used = 1;
			s->req = req;
			s->mode = mode;
			s->vcpu = vcpu;
			return s;
		}
	}
	c->full++;
	return NULL;
}

static struct hvb_hist *slot(struct perf_collect *c, uint32_t req, uint32_t mode, uint32_t vcpu)
{
	struct hist_slot *s = slot_of(c, req, mode, vcpu);

	return s ? s->h : NULL;
}

static void keep(struct perf_collect *c, uint64_t ts, uint32_t cpu, const struct kvm_ev *ev)
{
	if (c->events && c->nr_events == EVENTS_MAX)
		c->events_dropped++;
	else if (c->events)
		c->events[c->nr_events++] = (struct ev_rec){ .ts = ts, .cpu = cpu, .ev = *ev };
}

/* kmod's kvm_hcall_batch: each record as the per-hcall events would give it */
static void batch(struct perf_collect *c, const struct kvm_ev *b, uint64_t ts, uint32_t cpu)
{
	struct hist_slot *s;
	struct kvm_ev r;
	unsigned int i;

	c->batches++;
	c->batch_recs += b->n;
	for (i = 0; i < b->n; i++) {
		if (kvm_events_batch_rec(b, i, &r)) {
			c->bad_recs++;
			continue;
		}
		if (r.flags & HCALL_REC_CEDE) {	/* an H_CEDE nap record: the vcore collector's */
			/* a real-mode cede: a drain after it is the next record's */
			if ((r.flags & HCALL_REC_DRAINED) && r.vcpu >= 0 && r.vcpu < MAX_VCPUS) {
				c->dr[r.vcpu].slot = NULL;
				c->dr[r.vcpu].rm = 1;
			}
			continue;
		}
		keep(c, ts, cpu, &r);
		if (r.vcpu < 0 || r.vcpu >= MAX_VCPUS)
			continue;
		s = slot_of(c, (uint32_t)r.req, !!(r.flags & HCALL_REC_VIRT), r.vcpu);
		if (!s)
			continue;
		hvb_hist_record(s->h, r.tb_exit >= r.tb_enter ? r.tb_exit - r.tb_enter : 0);
		s->to_user += !!(r.flags & HCALL_REC_USER);
		/* a real-mode record's half-ring drain ran in this one's sample */
		if (c->dr[r.vcpu].pending) {
			s->half_drains++;
			s->half_drain_ticks += c->dr[r.vcpu].pending;
			c->dr[r.vcpu].pending = 0;
		}
		if (r.flags & HCALL_REC_DRAINED) {
			s->drained++;
			c->dr[r.vcpu].slot = s;		/* kvm_hcall_drain follows */
			c->dr[r.vcpu].rm = !(r.flags & HCALL_REC_VIRT);
		}
	}
}

/*
 * The drain after a batch; a half-ring one is charged where it landed: in
 * the round trip of a virtual-mode record flagged drained, or, after a
 * real-mode one (drained at the next exit), in the vcpu's next record's.
 * The per-CPU rings are read one after another: that a vcpu's batches and
 * drains come in order holds while its thread stays on one CPU (the
 * emulated host has one online); the BPF collector sees them in order.
 */
static void drained(struct perf_collect *c, const struct kvm_ev *ev)
{
	uint64_t t = ev->tb_exit >= ev->tb_enter ? ev->tb_exit - ev->tb_enter : 0;
	struct hist_slot *s = c->dr[ev->vcpu].slot;
	int rm;

	c->kdrains++;
	c->kdrain_recs += ev->n;
	c->kdrain_lost += ev->lost;
	c->kdrain_ticks += t;
	if (t > c->kdrain_max)
		c->kdrain_max = t;
	rm = c->dr[ev->vcpu].rm;
	c->dr[ev->vcpu].slot = NULL;
	c->dr[ev->vcpu].rm = 0;
	if (ev->why != HCALL_DRAIN_HALF)
		return;
	c->kdrain_half++;
	c->kdrain_half_ticks += t;
	if (rm)
		c->dr[ev->vcpu].pending += t;
	else if (s) {
		s->half_drains++;
		s->half_drain_ticks += t;
	}
}

/* one PERF_RECORD_SAMPLE: u64 time; u32 cpu, res; u32 size; raw[size] */
static void sample(struct perf_collect *c, const union perf_event *e)
{
	const unsigned char *p = (const unsigned char *)e->sample.array;
	const unsigned char *end = (const unsigned char *)e + e->header.size;
	uint64_t ts;
	uint32_t cpu, size;
	struct kvm_ev ev;
	struct hvb_hist *h;
	char err[160];

	if (p + 20 > end) {
		c->decode_errors++;
		return;
	}
	memcpy(&ts, p, 8);
	memcpy(&cpu, p + 8, 4);
	memcpy(&size, p + 16, 4);
	if (p + 20 + size > end) {
		c->decode_errors++;
		return;
	}
	if (kvm_events_decode(&c->ev, p + 20, size, &ev, err, sizeof(err))) {
		if (!c->decode_errors++)
			snprintf(c->first_decode_error, sizeof(c->first_decode_error), "%s", err);
		return;
	}
	c->records++;
	if (ev.kind == KEV_HCALL_BATCH) {
		batch(c, &ev, ts, cpu);
		return;
	}
	/* no formatting here: this thread competes with the vcpu it watches */
	keep(c, ts, cpu, &ev);
	if (ev.vcpu < 0 || ev.vcpu >= MAX_VCPUS)
		return;
	switch (ev.kind) {
	case KEV_HCALL_ENTER:
		if (c->start[ev.vcpu].pending)
			c->enter_lost++;
		c->start[ev.vcpu].ts = ts;
		c->start[ev.vcpu].req = ev.req;
		c->start[ev.vcpu].pending = 1;
		break;
	case KEV_HCALL_EXIT:
		if (!c->start[ev.vcpu].pending || ts < c->start[ev.vcpu].ts) {
			c->unpaired++;
			break;
		}
		h = slot(c, (uint32_t)c->start[ev.vcpu].req, 1, ev.vcpu);
		if (h)
			hvb_hist_record(h, ts - c->start[ev.vcpu].ts);
		c->start[ev.vcpu].pending = 0;
		break;
	case KEV_RM_HCALL:
		h = slot(c, (uint32_t)ev.req, 0, ev.vcpu);
		if (h)
			hvb_hist_record(h, ev.tb_exit >= ev.tb_enter ? ev.tb_exit - ev.tb_enter : 0);
		break;
	case KEV_RM_LOST:
		c->rm_lost += ev.lost;
		break;
	case KEV_HCALL_DRAIN:
		drained(c, &ev);
		break;
	default:
		break;
	}
}

static void drain(struct perf_collect *c)
{
	struct perf_mmap *map;
	union perf_event *e;

	perf_evlist__for_each_mmap(c->evlist, map, false) {
		c->drains++;
		if (perf_mmap__read_init(map) < 0)
			continue;
		c->inits++;
		while ((e = perf_mmap__read_event(map)) != NULL) {
			if (e->header.type < 32)
				c->types[e->header.type]++;
			if (e->header.type == PERF_RECORD_SAMPLE)
				sample(c, e);
			else if (e->header.type == PERF_RECORD_LOST)
				c->perf_lost += e->lost.lost;
			perf_mmap__consume(map);
		}
		perf_mmap__read_done(map);
	}
}

/* events.txt, after the run; in the run directory's temporary name */
static void write_events(struct perf_collect *c)
{
	FILE *f = fopen(c->events_path, "w");
	uint64_t i;

	if (!f) {
		fprintf(stderr, "hvbench: warning: cannot write %s: %s\n", c->events_path, strerror(errno));
		return;
	}
	for (i = 0; i < c->nr_events; i++) {
		const struct ev_rec *r = &c->events[i];

		fprintf(f, "%llu %u %s vcpu=%d req=0x%llx rc=%lld tb_enter=%llu tb_exit=%llu lost=%llu\n",
			(unsigned long long)r->ts, r->cpu, kvm_ev_names[r->ev.kind], r->ev.vcpu,
			(unsigned long long)r->ev.req, (long long)r->ev.rc,
			(unsigned long long)r->ev.tb_enter, (unsigned long long)r->ev.tb_exit,
			(unsigned long long)r->ev.lost);
	}
	if (fclose(f))
		fprintf(stderr, "hvbench: warning: writing %s: %s\n", c->events_path, strerror(errno));
}

static void *reader(void *arg)
{
	struct perf_collect *c = arg;

	while (!c->stop) {
		perf_evlist__poll(c->evlist, 100);
		drain(c);
	}
	return NULL;
}

static int libperf_quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBPERF_ERR ? vfprintf(stderr, fmt, ap) : 0;
}

int perf_collect_start(struct perf_collect **out, const char *events_path,
		       char *err, size_t errlen)
{
	struct perf_collect *c = calloc(1, sizeof(*c));
	int i, e;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	libperf_init(libperf_quiet);	/* sets libperf's page size too */
	e = kvm_events_load(&c->ev, TRACEFS_FMT, err, errlen);
	if (e) {
		free(c);
		return e;
	}
	c->cpus = perf_cpu_map__new_online_cpus();
	c->threads = perf_thread_map__new_dummy();
	c->evlist = perf_evlist__new();
	if (!c->cpus || !c->threads || !c->evlist) {
		snprintf(err, errlen, "libperf: out of memory");
		e = -ENOMEM;
		goto fail;
	}
	perf_thread_map__set_pid(c->threads, 0, -1);
	/* as the BPF collector (bpf/loader.c): kmod's batches where they exist */
	c->batch = c->ev.id[KEV_HCALL_BATCH] >= 0 && hvb_kmod_batches_wanted();
	for (i = 0; i < KEV_MAX; i++) {
		struct perf_event_attr attr = {
			.type = PERF_TYPE_TRACEPOINT,
			.size = sizeof(attr),
			.config = (uint64_t)c->ev.id[i],
			.sample_period = 1,
			.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW,
			.disabled = 1,
			.wakeup_events = 64,
		};

		if (c->ev.id[i] < 0)
			continue;	/* not on this kernel: reported, not zero */
		if (c->batch ? i == KEV_HCALL_ENTER || i == KEV_HCALL_EXIT || i == KEV_RM_HCALL :
			       i == KEV_HCALL_BATCH || i == KEV_HCALL_DRAIN)
			continue;
		perf_evlist__add(c->evlist, perf_evsel__new(&attr));
	}
	perf_evlist__set_maps(c->evlist, c->cpus, c->threads);
	errno = 0;
	e = perf_evlist__open(c->evlist);
	if (e) {
		e = errno ? -errno : e;
		snprintf(err, errlen, "failed to open the kvm_hv tracepoints with perf_event_open: %s (root? perf_event_paranoid?)",
			 strerror(-e));
		goto fail;
	}
	errno = 0;
	e = perf_evlist__mmap(c->evlist, RING_PAGES);
	if (e) {
		e = errno ? -errno : -EINVAL;
		snprintf(err, errlen, "failed to mmap the perf rings (%d pages a CPU): %s",
			 RING_PAGES, strerror(-e));
		perf_evlist__close(c->evlist);
		goto fail;
	}
	if (events_path) {
		c->events_path = strdup(events_path);
		c->events = malloc(EVENTS_MAX * sizeof(*c->events));
		if (!c->events_path || !c->events) {
			free(c->events_path);
			free(c->events);
			c->events_path = NULL;
			c->events = NULL;
		} else {
			/*
			 * Fault its pages in now, before the guest runs: the
			 * reader thread shares the host's CPUs with the vcpu
			 * (half a percent of 20000 null_vm round trips' mean
			 * under -icount, make bench).
			 */
			memset(c->events, 0, EVENTS_MAX * sizeof(*c->events));
		}
	}
	perf_evlist__enable(c->evlist);
	if (pthread_create(&c->reader, NULL, reader, c)) {
		snprintf(err, errlen, "cannot start the perf reader thread");
		e = -EAGAIN;
		perf_evlist__disable(c->evlist);
		perf_evlist__munmap(c->evlist);
		perf_evlist__close(c->evlist);
		free(c->events);
		free(c->events_path);
		goto fail;
	}
	*out = c;
	return 0;
fail:
	if (c->evlist)
		perf_evlist__delete(c->evlist);
	perf_cpu_map__put(c->cpus);
	perf_thread_map__put(c->threads);
	kvm_events_free(&c->ev);
	free(c);
	return e;
}

json_t *perf_collect_stop(struct perf_collect *c)
{
	json_t *arr = json_array(), *j, *e;
	int i;

	perf_evlist__disable(c->evlist);
	c->stop = 1;
	pthread_join(c->reader, NULL);
	drain(c);		/* whatever the reader had not seen yet */
	for (i = 0; i < MAX_HISTS && c->slots[i].used; i++) {
		struct hist_slot *s = &c->slots[i];
		struct hvb_summary sum;

		hvb_hist_summary(s->h, &sum);
		e = json_pack("{s:s, s:i, s:s, s:s, s:i, s:{s:I, s:I, s:I, s:I, s:I, s:I}}",
			"req", hvb_hcall_name(s->req), "req_nr", (int)s->req,
			"mode", s->mode ? "vm" : "rm",
			"unit", s->mode && !c->batch ? "ns" : "timebase_ticks",
			"vcpu", (int)s->vcpu, "hist", "count", (json_int_t)sum.count,
			"min", (json_int_t)sum.min, "max", (json_int_t)sum.max,
			"p50", (json_int_t)sum.p50, "p90", (json_int_t)sum.p90,
			"p99", (json_int_t)sum.p99);
		if (c->batch) {	/* what kmod's records add, as hcall_lat writes it */
			json_object_set_new(e, "drained", json_integer((json_int_t)s->drained));
			json_object_set_new(e, "to_user", json_integer((json_int_t)s->to_user));
			json_object_set_new(e, "half_drains", json_integer((json_int_t)s->half_drains));
			json_object_set_new(e, "half_drain_ticks", json_integer((json_int_t)s->half_drain_ticks));
		}
		json_array_append_new(arr, e);
		free(s->h);
	}
	j = json_pack("{s:s, s:o, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:s}",
		      "collector", "perf", "hcalls", arr, "records", (json_int_t)c->records,
		      "lost", "perf_lost_records", (json_int_t)c->perf_lost,
			      "decode_errors", (json_int_t)c->decode_errors,
			      "vm_exit_unpaired", (json_int_t)c->unpaired,
			      "vm_enter_without_exit", (json_int_t)c->enter_lost,
			      "map_full", (json_int_t)c->full,
		      "events_file", c->events ? "events.txt" : "");
	json_object_set_new(j, "format", json_string("hvbench-collect"));
	json_object_set_new(j, "version", json_integer(HVB_COLLECT_VERSION));
	json_object_set_new(j, "events_not_written", json_integer((json_int_t)c->events_dropped));
	{	/* anything lost or refused: the histograms miss some hcalls */
		int complete = !(c->perf_lost || c->decode_errors || c->unpaired || c->enter_lost ||
				 c->full || c->rm_lost || c->bad_recs || c->kdrain_lost);
		json_t *h;
		size_t k;

		json_object_set_new(j, "complete", json_boolean(complete));
		json_array_foreach(arr, k, h)
			json_object_set_new(h, "complete", json_boolean(complete));
	}
	if (c->decode_errors)
		json_object_set_new(j, "first_decode_error", json_string(c->first_decode_error));
	if (getenv("HVB_PERF_DEBUG"))
		fprintf(stderr, "perf: drains %llu inits %llu samples %llu lost %llu other %llu\n",
			(unsigned long long)c->drains, (unsigned long long)c->inits,
			(unsigned long long)c->types[PERF_RECORD_SAMPLE],
			(unsigned long long)c->types[PERF_RECORD_LOST],
			(unsigned long long)c->types[PERF_RECORD_THROTTLE]);
	if (c->batch) {
		json_object_set_new(j, "source", json_string("kvm_hcall_batch"));
		json_object_set_new(j, "batches", json_pack("{s:I, s:I, s:I}",
			"events", (json_int_t)c->batches, "records", (json_int_t)c->batch_recs,
			"bad_records", (json_int_t)c->bad_recs));
		json_object_set_new(j, "drains", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			"count", (json_int_t)c->kdrains, "records", (json_int_t)c->kdrain_recs,
			"half", (json_int_t)c->kdrain_half, "half_ticks", (json_int_t)c->kdrain_half_ticks,
			"ticks", (json_int_t)c->kdrain_ticks, "max_ticks", (json_int_t)c->kdrain_max,
			"lost", (json_int_t)c->kdrain_lost));
	} else {
		json_object_set_new(j, "source", json_string("kvm_hcall_enter/exit pairs"));
	}
	if (c->ev.id[KEV_RM_HCALL] >= 0)
		json_object_set_new(j, "real_mode", json_pack("{s:b, s:I}", "visible", 1,
			"records_lost", (json_int_t)c->rm_lost));
	else
		json_object_set_new(j, "real_mode", json_pack("{s:b, s:s}", "visible", 0,
			"why", "not visible on this kernel (no kvm_hv:kvm_rm_hcall; boot kmod's kernel)"));
	if (c->events)
		write_events(c);
	free(c->events);
	free(c->events_path);
	perf_evlist__munmap(c->evlist);
	perf_evlist__close(c->evlist);
	perf_evlist__delete(c->evlist);
	perf_cpu_map__put(c->cpus);
	perf_thread_map__put(c->threads);
	kvm_events_free(&c->ev);
	free(c);
	return j;
}
