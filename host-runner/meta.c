// SPDX-License-Identifier: GPL-2.0
/* Environment metadata of a run: what machine, kernel and tool measured it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include "meta.h"

#ifndef HVB_REVISION
#define HVB_REVISION "unknown"
#endif

static void copy_value(char *dst, size_t len, const char *line)
{
	const char *v = strchr(line, ':');
	size_t n;

	if (!v)
		return;
	v++;
	while (*v == ' ' || *v == '\t')
		v++;
	snprintf(dst, len, "%s", v);
	n = strlen(dst);
	while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
		dst[--n] = 0;
}

/* cpuinfo of powerpc: "cpu : POWER8 (raw)", "revision : 2.0 (pvr 004d 0200)",
 * "timebase : 512000000", "platform : PowerNV", "model : ..." */
int hvb_platform_read(struct hvb_platform *p, const char *cpuinfo, const char *dt_compatible)
{
	char line[512];
	FILE *f;

	memset(p, 0, sizeof(*p));
	f = fopen(cpuinfo, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *pv;

		if (!strncmp(line, "cpu\t", 4) && !p->cpu[0])
			copy_value(p->cpu, sizeof(p->cpu), line);
		else if (!strncmp(line, "timebase", 8) && !p->timebase_hz)
			p->timebase_hz = strtoull(strchr(line, ':') ? strchr(line, ':') + 1 : "0", NULL, 10);
		else if (!strncmp(line, "platform", 8))
			copy_value(p->platform, sizeof(p->platform), line);
		else if (!strncmp(line, "model", 5))
			copy_value(p->model, sizeof(p->model), line);
		else if (!strncmp(line, "revision", 8) && !p->pvr && (pv = strstr(line, "(pvr "))) {
			unsigned int hi, lo;

			if (sscanf(pv, "(pvr %x %x)", &hi, &lo) == 2)
				p->pvr = (hi << 16) | lo;
		}
	}
	fclose(f);

	f = dt_compatible ? fopen(dt_compatible, "r") : NULL;
	if (f) {
		char buf[512];
		size_t n = fread(buf, 1, sizeof(buf) - 1, f), i;

		fclose(f);
		/* a NUL-separated string list */
		for (i = 0; i < n; i += strlen(buf + i) + 1) {
			buf[n] = 0;
			if (!strncmp(buf + i, "qemu,", 5))
				p->emulated = 1;
		}
	}
	if (strstr(p->model, "emulated by qemu"))
		p->emulated = 1;
	return 0;
}

int hvb_pvr_is_power8(uint32_t pvr)
{
	switch (pvr >> 16) {
	case 0x004b:	/* POWER8E */
	case 0x004c:	/* POWER8NVL */
	case 0x004d:	/* POWER8 */
		return 1;
	}
	return 0;
}

json_t *hvb_meta_collect(const struct hvb_platform *p)
{
	struct utsname u;
	char pvr[16], date[64];
	time_t now = time(NULL);
	struct tm tm;

	uname(&u);
	snprintf(pvr, sizeof(pvr), "0x%08x", p->pvr);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_pack("{s:s, s:i, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:b, s:s, s:s, s:s, s:I, s:s}",
			 "format", "hvbench-meta", "version", 1,
			 "hvbench_revision", HVB_REVISION,
			 "kernel", "release", u.release, "version", u.version, "machine", u.machine,
			 "cpu", p->cpu, "pvr", pvr, "power8", hvb_pvr_is_power8(p->pvr),
			 "platform", p->platform, "model", p->model,
			 "host", p->emulated ? "emulated" : "hardware",
			 "timebase_hz", (json_int_t)p->timebase_hz, "date", date);
}
