/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_HOST_RESULTS_H
#define HVB_HOST_RESULTS_H

#include <stddef.h>
#include <jansson.h>
#include "hvbench/results.h"

int hvb_results_validate(const void *buf, size_t len, char *err, size_t errlen);
int hvb_results_accept(struct hvb_results *held, int *have, const void *guest, size_t len,
		       char *err, size_t errlen);
const char *hvb_bench_name(uint32_t id);
uint32_t hvb_bench_id(const char *name);
uint32_t hvb_bench_req(uint32_t id);
uint32_t hvb_bench_max_id(void);
const char *hvb_hcall_name(uint32_t req);
const char *hvb_rc_name(long rc);
json_t *hvb_results_to_json(const struct hvb_results *r);
int hvb_hist_from_json(json_t *jhist, struct hvb_hist *h, char *err, size_t errlen);

#endif
