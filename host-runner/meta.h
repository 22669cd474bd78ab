/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_META_H
#define HVB_META_H

#include <stdint.h>
#include <jansson.h>

struct hvb_platform {
	char cpu[128];		/* /proc/cpuinfo "cpu" of the first processor */
	char platform[64];	/* "PowerNV", "pSeries" */
	char model[128];
	uint32_t pvr;		/* 0 if not found */
	uint64_t timebase_hz;	/* 0 if not found */
	int emulated;		/* the machine says it is QEMU */
};

int hvb_platform_read(struct hvb_platform *p, const char *cpuinfo, const char *dt_compatible);
int hvb_pvr_is_power8(uint32_t pvr);
json_t *hvb_meta_collect(const struct hvb_platform *p);

#endif
