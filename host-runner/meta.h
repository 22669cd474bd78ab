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

/* what the loaded kvm-hv offers; kmod's instrumented build adds rm_* */
struct hvb_kvm_hv {
	int loaded;
	int instrumented;	/* kmod: real-mode records + rm_punt switch */
	long long rm_ring_records;
	long long rm_records_lost;
	char rm_punt[256];
};

#define HVB_KVM_HV_PARAMS "/sys/module/kvm_hv/parameters"

int hvb_kvm_hv_read(struct hvb_kvm_hv *k, const char *params_dir);
/* write one of kvm-hv's parameters (rm_punt, rm_ring_records); 0 or -1 with errno */
int hvb_kvm_hv_set(const char *params_dir, const char *name, const char *val);
json_t *hvb_kvm_hv_json(const struct hvb_kvm_hv *k);
int hvb_platform_read(struct hvb_platform *p, const char *cpuinfo, const char *dt_compatible);
int hvb_pvr_is_power8(uint32_t pvr);
json_t *hvb_meta_collect(const struct hvb_platform *p);

#endif
