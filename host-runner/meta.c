// SPDX-License-Identifier: GPL-2.0
/* Environment metadata of a run: what machine, kernel and tool measured it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <zlib.h>
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

static int read_param(const char *dir, const char *name, char *buf, size_t len)
{
	char path[512];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/* kmod's kvm-hv is recognised by its parameters, not by a version string */
int hvb_kvm_hv_read(struct hvb_kvm_hv *k, const char *dir)
{
	char buf[64];

	memset(k, 0, sizeof(*k));
	k->rm_ring_records = k->rm_records_lost = -1;
	if (read_param(dir, "dynamic_mt_modes", buf, sizeof(buf)))
		return 0;
	k->loaded = 1;
	if (read_param(dir, "rm_punt", k->rm_punt, sizeof(k->rm_punt)))
		return 0;
	k->instrumented = 1;
	if (!read_param(dir, "rm_ring_records", buf, sizeof(buf)))
		k->rm_ring_records = atoll(buf);
	if (!read_param(dir, "rm_records_lost", buf, sizeof(buf)))
		k->rm_records_lost = atoll(buf);
	return 0;
}

int hvb_kvm_hv_set(const char *dir, const char *name, const char *val)
{
	char path[512];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	/* the kernel wants something to parse; a lone newline clears rm_punt's set */
	if (fprintf(f, "%s\n", val) < 0)
		err = -1;
	if (fclose(f))
		err = -1;
	return err;
}

json_t *hvb_kvm_hv_json(const struct hvb_kvm_hv *k)
{
	return json_pack("{s:b, s:b, s:I, s:I, s:s}", "loaded", k->loaded,
			 "instrumented", k->instrumented,
			 "rm_ring_records", (json_int_t)k->rm_ring_records,
			 "rm_records_lost", (json_int_t)k->rm_records_lost,
			 "rm_punt", k->rm_punt);
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

/* a printable first line of a small file, or NULL */
static const char *first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char *c;

	if (!f)
		return NULL;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	for (c = buf; *c; c++)
		if (*c < ' ' || *c > '~')
			*c = '?';
	return buf;
}

/*
 * What the emulated host's testbed put on the kernel command line
 * (testbed/run.sh): hvbench.qemu=VERSION hvbench.icount=0|1.  NULL on
 * hardware.
 */
static json_t *emulator_json(void)
{
	char cmdline[4096], *w, *save = NULL;
	json_t *j = NULL;

	if (!first_line("/proc/cmdline", cmdline, sizeof(cmdline)))
		return NULL;
	for (w = strtok_r(cmdline, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (strncmp(w, "hvbench.qemu=", 13) && strncmp(w, "hvbench.icount=", 15))
			continue;
		if (!j)
			j = json_object();
		if (!strncmp(w, "hvbench.qemu=", 13))
			json_object_set_new(j, "qemu", json_string(w + 13));
		else
			/* -icount: guest time counts instructions, runs repeat exactly */
			json_object_set_new(j, "icount", json_boolean(!strcmp(w + 15, "1")));
	}
	return j;
}

/*
 * The running kernel's configuration, as a fingerprint: zlib's CRC-32 of
 * its text (/proc/config.gz with CONFIG_IKCONFIG_PROC, as kmod's kernel has,
 * else /boot/config-RELEASE) and where it came from.  zlib reads both
 * (gzread passes a plain file through).  Two runs with different CRCs ran
 * different configurations; equal CRCs almost surely the same one.
 */
static json_t *config_json(const char *release)
{
	char path[300], buf[65536];
	unsigned long crc = crc32(0L, Z_NULL, 0);
	long long bytes = 0;
	gzFile gz;
	int n;

	snprintf(path, sizeof(path), "/proc/config.gz");
	gz = gzopen(path, "rb");
	if (!gz) {
		snprintf(path, sizeof(path), "/boot/config-%s", release);
		gz = gzopen(path, "rb");
	}
	if (!gz)
		return NULL;
	while ((n = gzread(gz, buf, sizeof(buf))) > 0) {
		crc = crc32(crc, (const Bytef *)buf, (uInt)n);
		bytes += n;
	}
	gzclose(gz);
	if (n < 0 || !bytes)
		return NULL;
	snprintf(buf, sizeof(buf), "%08lx", crc);
	return json_pack("{s:s, s:s, s:I}", "crc32", buf, "source", path, "bytes", (json_int_t)bytes);
}

json_t *hvb_meta_collect(const struct hvb_platform *p)
{
	struct utsname u;
	char pvr[16], date[64], online[256];
	time_t now = time(NULL);
	struct tm tm;
	json_t *j, *emu;

	uname(&u);
	snprintf(pvr, sizeof(pvr), "0x%08x", p->pvr);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	j = json_pack("{s:s, s:i, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:b, s:s, s:s, s:s, s:I, s:s}",
			 "format", "hvbench-meta", "version", 1,
			 "hvbench_revision", HVB_REVISION,
			 "kernel", "release", u.release, "version", u.version, "machine", u.machine,
			 "cpu", p->cpu, "pvr", pvr, "power8", hvb_pvr_is_power8(p->pvr),
			 "platform", p->platform, "model", p->model,
			 "host", p->emulated ? "emulated" : "hardware",
			 "timebase_hz", (json_int_t)p->timebase_hz, "date", date);
	if (j) {
		json_t *cfg = config_json(u.release);
		const char *ks = strstr(u.version, "kmod-series-");

		if (cfg)
			json_object_set_new(json_object_get(j, "kernel"), "config", cfg);
		/* kmod/build.sh's KBUILD_BUILD_VERSION: which version of the series this kernel carries */
		if (ks) {
			char series[16];
			size_t n = strspn(ks + 12, "0123456789abcdefnoe");

			snprintf(series, sizeof(series), "%.*s", (int)(n < 12 ? n : 12), ks + 12);
			json_object_set_new(json_object_get(j, "kernel"), "kmod_series", json_string(series));
		}
	}
	/* the host's SMT state: a POWER8 KVM-HV host runs with its secondaries offline */
	if (j && first_line("/sys/devices/system/cpu/online", online, sizeof(online)))
		json_object_set_new(j, "cpus_online", json_string(online));
	emu = emulator_json();
	if (j && emu)
		json_object_set_new(j, "emulator", emu);
	else
		json_decref(emu);
	return j;
}
