// SPDX-License-Identifier: GPL-2.0
/*
 * The bench spec from the device tree (format: include/hvbench/results.h),
 * read with libfdt (the kernel's copy, scripts/dtc/libfdt, built into the
 * guest).  The same code serves host-runner's tree and QEMU pseries' one.
 */
#include <libfdt.h>
#include "bench.h"
#include "lib/console.h"

static uint64_t parse_num(const char *s, const char *end, int *bad)
{
	uint64_t v = 0;
	unsigned int base = 10;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (s == end)
		*bad = 1;
	for (; s < end; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else {
			*bad = 1;
			return 0;
		}
		v = v * base + d;
	}
	return v;
}

static int parse_benches(const char *s, const char *end, struct hvb_spec *spec)
{
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t len = (size_t)((comma ? comma : end) - s);
		uint32_t id;

		for (id = 1; id < HVB_NR_BENCH_IDS; id++)
			if (hvb_bench_info[id].name && strlen(hvb_bench_info[id].name) == len &&
			    !memcmp(hvb_bench_info[id].name, s, len))
				break;
		if (id == HVB_NR_BENCH_IDS) {
			printf("FAIL: bootargs: unknown bench '%.*s'\n", (int)len, s);
			return -1;
		}
		if (spec->nr_benches == HVB_MAX_BENCHES) {
			printf("FAIL: bootargs: more than %u benches\n", HVB_MAX_BENCHES);
			return -1;
		}
		spec->bench[spec->nr_benches++] = id;
		s += len + (comma ? 1 : 0);
	}
	return 0;
}

static int parse_bootargs(const char *args, int len, struct hvb_spec *spec, uint64_t *cede_us)
{
	const char *s = args, *end = args + strnlen(args, (size_t)len);
	const size_t plen = sizeof(HVB_ARG_PREFIX) - 1;

	while (s < end) {
		const char *w = s, *we, *eq;
		int bad = 0;
		uint64_t v;

		while (w < end && *w == ' ')
			w++;
		we = memchr(w, ' ', (size_t)(end - w));
		we = we ? we : end;
		s = we;
		if ((size_t)(we - w) <= plen || memcmp(w, HVB_ARG_PREFIX, plen))
			continue;
		w += plen;
		eq = memchr(w, '=', (size_t)(we - w));
		if (!eq) {
			printf("FAIL: bootargs: '%.*s' has no value\n", (int)(we - w), w);
			return -1;
		}
#define KEY(k) ((size_t)(eq - w) == sizeof(k) - 1 && !memcmp(w, k, sizeof(k) - 1))
		if (KEY(HVB_ARG_BENCH)) {
			if (parse_benches(eq + 1, we, spec))
				return -1;
			continue;
		}
		v = parse_num(eq + 1, we, &bad);
		if (bad) {
			printf("FAIL: bootargs: '%.*s' is not a number\n", (int)(we - w), w);
			return -1;
		}
		if (KEY(HVB_ARG_ITERATIONS))
			spec->iterations = v;
		else if (KEY(HVB_ARG_THREADS))
			spec->nr_threads = (uint32_t)v;
		else if (KEY(HVB_ARG_LIOBN))
			spec->liobn = (uint32_t)v;
		else if (KEY(HVB_ARG_TCE_ENTRIES))
			spec->tce_entries = (uint32_t)v;
		else if (KEY(HVB_ARG_CEDE_US))
			*cede_us = v;
		else if (KEY(HVB_ARG_MMIO_GPA))
			spec->mmio_gpa = v;
		else if (KEY(HVB_ARG_RAW))
			spec->raw = (uint32_t)(v > HVB_RAW_MAX ? HVB_RAW_MAX : v);
		else if (KEY(HVB_ARG_SEED))
			spec->seed = v;
		else if (KEY(HVB_ARG_HOSTILE))
			spec->hostile = (uint32_t)v;
		else if (KEY(HVB_ARG_HANG_ORDER))
			spec->hang_order = (uint32_t)v;
		else
			printf("guest-bench: bootargs: ignoring unknown '%.*s'\n", (int)(we - w), w);
#undef KEY
	}
	return 0;
}

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* the first node under /cpus with a timebase-frequency: the boot thread's core */
static int cpu_node(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	if (cpus < 0)
		return cpus;
	fdt_for_each_subnode(node, fdt, cpus)
		if (fdt_getprop(fdt, node, "timebase-frequency", NULL))
			return node;
	return -FDT_ERR_NOTFOUND;
}

static const void *spec_fdt;	/* the device tree the guest started with */

/*
 * The HPT order the device tree says now (ibm,pft-size): the VMM rewrites
 * it in place when it commits an HPT resize.  0 if there is none.
 */
uint32_t fdt_hpt_order(void)
{
	const fdt32_t *p;
	int node, len;

	node = spec_fdt ? cpu_node(spec_fdt) : -1;
	p = node >= 0 ? fdt_getprop(spec_fdt, node, "ibm,pft-size", &len) : NULL;
	return p && len == 8 ? fdt32_to_cpu(p[1]) : 0;
}

int spec_from_fdt(const void *fdt, struct hvb_spec *spec)
{
	const fdt32_t *p;
	const char *args;
	uint64_t cede_us = 500;
	int len, node, i, n;

	memset(spec, 0, sizeof(*spec));
	spec->iterations = 10000;
	spec->nr_threads = 1;
	if (fdt_check_header(fdt)) {
		printf("FAIL: no device tree at %p (r3): %s\n", fdt, fdt_strerror(fdt_check_header(fdt)));
		return -1;
	}
	spec->pseries = !fdt_node_check_compatible(fdt, 0, "qemu,pseries");
	/* first: a pseries guest that fails below still needs power-off */
	node = fdt_path_offset(fdt, "/rtas");
	p = node >= 0 ? fdt_getprop(fdt, node, "start-cpu", &len) : NULL;
	if (p && len == 4)
		spec->rtas_start_cpu = fdt32_to_cpu(*p);
	p = node >= 0 ? fdt_getprop(fdt, node, "power-off", &len) : NULL;
	if (p && len == 4)
		spec->rtas_power_off = fdt32_to_cpu(*p);

	node = cpu_node(fdt);
	p = node >= 0 ? fdt_getprop(fdt, node, "timebase-frequency", &len) : NULL;
	if (!p || len < 4) {
		printf("FAIL: device tree: no /cpus/<cpu>/timebase-frequency\n");
		return -1;
	}
	spec->timebase_hz = cells(p, len / 4 > 2 ? 2 : len / 4);
	p = fdt_getprop(fdt, node, "ibm,pft-size", &len);
	if (!p || len != 8) {
		printf("FAIL: device tree: no ibm,pft-size in the cpu node (an HPT guest needs one)\n");
		return -1;
	}
	spec->hpt_order = fdt32_to_cpu(p[1]);
	spec_fdt = fdt;
	p = fdt_getprop(fdt, node, "ibm,ppc-interrupt-server#s", &len);
	n = p ? len / 4 : 0;
	for (i = 0; i < n && i < HVB_MAX_THREADS; i++)
		spec->server[i] = fdt32_to_cpu(p[i]);
	if (!n)
		spec->server[0] = 0;

	node = fdt_path_offset(fdt, "/memory@0");
	p = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;
	if (!p || len != 16) {
		printf("FAIL: device tree: no /memory@0 reg of 2+2 cells\n");
		return -1;
	}
	spec->mem_size = cells(p + 2, 2);

	node = fdt_path_offset(fdt, "/chosen");
	args = node >= 0 ? fdt_getprop(fdt, node, "bootargs", &len) : NULL;
	if (!args) {
		printf("FAIL: device tree: no /chosen/bootargs (the spec: %sbench=... %sn=...)\n",
		       HVB_ARG_PREFIX, HVB_ARG_PREFIX);
		return -1;
	}
	if (parse_bootargs(args, len, spec, &cede_us))
		return -1;
	spec->cede_ticks = spec->timebase_hz / 1000000 * cede_us;
	if (!spec->nr_benches)
		spec->bench[spec->nr_benches++] = HVB_BENCH_H_ENTER;
	if (spec->nr_threads < 1 || spec->nr_threads > HVB_MAX_THREADS ||
	    spec->nr_threads > (uint32_t)(n ? n : 1)) {
		printf("FAIL: bootargs: %s%s=%u, the vcore has %d thread(s) (at most %u)\n",
		       HVB_ARG_PREFIX, HVB_ARG_THREADS, spec->nr_threads, n ? n : 1,
		       HVB_MAX_THREADS);
		return -1;
	}
	if (spec->hpt_order < 18 || spec->hpt_order > 46) {
		printf("FAIL: device tree: HPT order %u outside 18..46\n", spec->hpt_order);
		return -1;
	}
	return 0;
}
