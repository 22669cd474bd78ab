/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_PERF_COLLECT_H
#define HVB_PERF_COLLECT_H

#include <stddef.h>
#include <jansson.h>

struct perf_collect;

/*
 * The raw collector: libperf opens the kvm_hv tracepoints on every CPU
 * with mmap rings, a reader thread drains them while the guest runs, and
 * libtraceevent decodes each record.  Every event is also written, one line
 * each, to events_path (the run's events.txt).
 */
int perf_collect_start(struct perf_collect **out, const char *events_path,
		       char *err, size_t errlen);
json_t *perf_collect_stop(struct perf_collect *c);

#endif
