/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_HCALL_LAT_COLLECT_H
#define HVB_HCALL_LAT_COLLECT_H

#include <stddef.h>
#include <jansson.h>

struct hcall_lat_bpf;

/* load and attach; real-mode events are optional (stock kernels lack them) */
int hcall_lat_start(struct hcall_lat_bpf **out, char *err, size_t errlen);
/* detach, read every map into JSON, free */
json_t *hcall_lat_stop(struct hcall_lat_bpf *c);

#endif
