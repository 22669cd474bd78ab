/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include "hvbench/results.h"

/* each bench fills *r and returns 0 when every hcall answered as PAPR says */
int bench_h_enter(const struct hvb_spec *spec, struct hvb_bench_result *r);
int bench_h_put_tce(const struct hvb_spec *spec, struct hvb_bench_result *r);

#endif
