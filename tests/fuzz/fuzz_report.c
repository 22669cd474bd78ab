// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: hvbench report's reading of a run directory.  A valid run
 * directory is made once; each input replaces one of its files (byte 0:
 * 0 meta.json, 1 results.json, 2 collect_bpf.json, 3 run.json, 4 htab.json) and
 * report_read() (or, for run.json, rundir_index_read(), the one reader of
 * the matrix index) must accept it or refuse it with a message, never
 * crash, leak or read out of bounds.  Nothing is drawn: charts are gnuplot's job, and what gnuplot is
 * given is tested in tests/hostile/rundirs.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "report.h"

static char dir[64];

static const char meta[] =
	"{\"format\":\"hvbench-meta\",\"version\":1,\"host\":\"emulated\",\"pvr\":\"0x004d0200\","
	"\"cpu\":\"POWER8\",\"emulator\":{\"qemu\":\"10.0.2\",\"icount\":false},"
	"\"kernel\":{\"release\":\"6.12.117\"},\"timebase_hz\":512000000,\"run\":{\"hpt_order\":24,"
	"\"guest_mem_mib\":64,\"hpt_resize\":[{\"from\":20,\"to\":22,\"prepare_ns\":1200000,"
	"\"prepares\":3,\"commit_ns\":1500000,\"error\":\"\",\"entries\":2112,\"preserved\":2112}]}}";
static const char results[] =
	"{\"format\":\"hvbench-results\",\"version\":3,\"benches\":[{\"bench\":\"h_enter\","
	"\"req\":\"H_ENTER\",\"status\":\"ok\",\"thread\":0,\"hist\":{\"count\":3,\"sum\":300,"
	"\"min\":99,\"max\":101,\"overflow\":0,\"buckets\":[[99,99,99,1],[100,100,100,1],[101,101,101,1]]},"
	"\"raw\":[101,99,100]}]}";
static const char collector[] =
	"{\"collector\":\"bpf\",\"hcalls\":[{\"req\":\"H_ENTER\",\"mode\":\"rm\",\"vcpu\":0,"
	"\"hist\":{\"count\":3,\"p50\":40}}],\"cede\":{\"naps\":5,\"vcore_to_host\":1,"
	"\"by_napping_threads\":[0,3,2,0],\"wake_reasons\":[0,0,0,4,0,0,1,0,0,0,0,0,0,0,0,0]}}";
static const char runidx[] =
	"{\"format\":\"hvbench-run\",\"version\":1,\"partial\":false,\"plan\":{\"seed\":\"7\"},"
	"\"cells\":[{\"seq\":0,\"dir\":\"c0\",\"benches\":\"h_enter\",\"mode\":\"rm\","
	"\"hpt_order\":24,\"smt\":1,\"rep\":0,\"status\":\"ok\",\"seconds\":1.5},"
	"{\"seq\":1,\"dir\":\"c1\",\"benches\":\"h_enter\",\"mode\":\"vm\","
	"\"hpt_order\":18,\"smt\":4,\"rep\":0,\"status\":\"not_run\"}]}";
static const char htab[] =
	"{\"format\":\"hvbench-htab\",\"version\":1,\"hpt_order\":18,\"snapshots\":[{\"bench\":\"h_enter\","
	"\"phase\":\"filled\",\"entries\":16384,\"valid\":16384,\"bolted\":2048,\"vrma\":2048,"
	"\"pteg_occupancy\":[0,0,0,0,0,0,0,0,2048],\"read_ns\":4000000,\"load_ppm\":1000000}]}";
static const char *const names[] = { "meta.json", "results.json", "collect_bpf.json", "run.json", "htab.json" };
static const char *const base[] = { meta, results, collector, runidx, htab };
#define NR_FILES 5

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
	for (i = 0; i < NR_FILES; i++)
		put(names[i], base[i], strlen(base[i]));
	{
		char cells[128];

		snprintf(cells, sizeof(cells), "%s/cells", dir);
		mkdir(cells, 0755);
		snprintf(cells, sizeof(cells), "%s/cells/c0", dir);
		mkdir(cells, 0755);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report rep;
	struct rundir_index ix;
	unsigned int which;
	char err[512];

	if (!size)
		return 0;
	which = data[0] % NR_FILES;
	put(names[which], data + 1, size - 1);
	if (which == 3) {
		rundir_index_read(dir, &ix, err, sizeof(err));
		rundir_index_free(&ix);
	} else {
		report_read(dir, &rep);
		report_free(&rep);
	}
	put(names[which], base[which], strlen(base[which]));
	return 0;
}
