// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: hvbench report's reading of a run directory.  A valid run
 * directory is made once; each input replaces one of its files (byte 0:
 * 0 meta.json, 1 results.json, 2 collect_bpf.json) and report_read() must
 * accept it or refuse it with a message, never crash, leak or read out of
 * bounds.  Nothing is drawn: charts are gnuplot's job, and what gnuplot is
 * given is tested in tests/hostile/rundirs.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "report.h"

static char dir[64];

static const char meta[] =
	"{\"format\":\"hvbench-meta\",\"version\":1,\"host\":\"emulated\",\"pvr\":\"0x004d0200\","
	"\"kernel\":{\"release\":\"6.12.117\"},\"timebase_hz\":512000000,\"run\":{\"hpt_order\":24}}";
static const char results[] =
	"{\"format\":\"hvbench-results\",\"version\":3,\"benches\":[{\"bench\":\"h_enter\","
	"\"req\":\"H_ENTER\",\"status\":\"ok\",\"thread\":0,\"hist\":{\"count\":3,\"sum\":300,"
	"\"min\":99,\"max\":101,\"overflow\":0,\"buckets\":[[99,99,99,1],[100,100,100,1],[101,101,101,1]]}}]}";
static const char collector[] =
	"{\"collector\":\"bpf\",\"hcalls\":[{\"req\":\"H_ENTER\",\"mode\":\"rm\",\"vcpu\":0,"
	"\"hist\":{\"count\":3,\"p50\":40}}]}";
static const char *const names[] = { "meta.json", "results.json", "collect_bpf.json" };
static const char *const base[] = { meta, results, collector };

static void put(const char *name, const void *buf, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(buf, 1, len, f) != len)
		abort();
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/hvb-fuzz-report.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	for (i = 0; i < 3; i++)
		put(names[i], base[i], strlen(base[i]));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report rep;
	unsigned int which;

	if (!size)
		return 0;
	which = data[0] % 3;
	put(names[which], data + 1, size - 1);
	report_read(dir, &rep);
	report_free(&rep);
	put(names[which], base[which], strlen(base[which]));
	return 0;
}
