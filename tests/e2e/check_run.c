// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of what the emulated POWER8 host sent back:
 *   check_run run RUNDIR N     a successful h_enter run of N iterations
 *   check_run png FILE         FILE is a well-formed PNG (chunk CRCs, IHDR..IEND)
 *   check_run benches RUNDIR N every bench answered as PAPR says, N calls each
 *   check_run fault RUNDIR N   a fault bench left a failure record
 *   check_run fill RUNDIR N full|nofull  h_enter_fill did (not) meet H_PTEG_FULL
 *   check_run bpf|perf RUNDIR N REQ rm|vm|none  that collector saw exactly N REQ
 *   check_run both RUNDIR N REQ rm|vm  the two collectors agree
 *   check_run smt RUNDIR N T   h_cede, h_cede_busy, h_prod across T threads
 *   check_run pseries LOG N SKIPS  guest-bench's console results under QEMU
 *                              pseries: every record ok with N calls, except
 *                              the comma-separated SKIPS, which may be skipped
 *   check_run pseries-fault LOG N  the fault bench's failure record on the console
 *   check_run matrix RUNDIR N CELLS STATUSES  a matrix run read by the one
 *                              reader: CELLS cells, interleaved (reps in
 *                              order), each cell's meta agreeing with its
 *                              index entry; cells whose status is ok hold
 *                              records of N calls, all as expected.
 *                              STATUSES: "ok" (all ok) or e.g.
 *                              "ok=1,watchdog=1"
 *   check_run matrix-benches RUNDIR COUNT  COUNT distinct benches over all
 *                              cells, every record's status ok
 *   check_run htab RUNDIR filled|-  every cell's HPT snapshots (htab.json) add up:
 *                              occupancy sums, boot = VRMA entries, each
 *                              bench leaves the HPT as it found it, the
 *                              filled h_enter_fill holds exactly its
 *                              H_SUCCESS entries more
 *   check_run reset RUNDIR same|other  an --hpt-reset matrix (with at
 *                              least one reset to the same / another order): the first cell of each
 *                              (benches, mode, SMT) a fresh VM, the others
 *                              reused, each reset leaving 0 valid entries at
 *                              the cell's order, every htab_busy try EBUSY
 *   check_run partial RUNDIR   an interrupted matrix run: partial, some
 *                              cells ok, the rest not_run, all readable
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <zlib.h>
#include "hist_stats.h"
#include "meta.h"
#include "results.h"
#include "rundir.h"
#include "../unit/test.h"

static json_t *load(const char *dir, const char *name)
{
	char err[8400];
	json_t *j = rundir_read_json(dir, name, RUNDIR_MAX_JSON_BYTES, err, sizeof(err));

	report(j != NULL, "%s parses as JSON%s%s", name, j ? "" : ": ", j ? "" : err);
	return j;
}

static int check_run(const char *dir, long long n)
{
	json_t *meta = load(dir, "meta.json"), *res = load(dir, "results.json"), *b;
	const char *pvr = "", *status = "", *host = "", *release = "", *rev = "";
	json_int_t iters = -1, tb = 0, ok = -1, other = -1, giters = -1, order = 0;
	struct hvb_hist *h = calloc(1, sizeof(*h));
	char err[256] = "";
	int power8 = 0;

	if (!meta || !res || !h)
		return 1;
	json_unpack(meta, "{s:s, s:b, s:s, s:I, s:s, s:{s:s}, s:{s:I, s:s, s:I}}",
		    "pvr", &pvr, "power8", &power8, "host", &host, "timebase_hz", &tb,
		    "hvbench_revision", &rev, "kernel", "release", &release,
		    "run", "iterations", &iters, "status", &status, "hpt_order", &order);
	report(power8 && hvb_pvr_is_power8((uint32_t)strtoul(pvr, NULL, 16)),
	       "meta names a POWER8 PVR (%s)", pvr);
	report(tb > 0 && release[0] && rev[0] && (!strcmp(host, "emulated") || !strcmp(host, "hardware")),
	       "meta has timebase %lld Hz, kernel %s, revision %s, host %s", (long long)tb,
	       release, rev, host);
	report(iters == n && !strcmp(status, "ok") && order >= 18, "meta: run of %lld iterations, status %s, HPT order %lld",
	       (long long)iters, status, (long long)order);

	b = json_array_get(json_object_get(res, "benches"), 0);
	json_unpack(b, "{s:I, s:{s:I, s:I}}", "iterations", &giters, "rc", "expected", &ok,
		    "other", &other);
	report(b && !strcmp(json_string_value(json_object_get(b, "req")) ?: "", "H_ENTER"),
	       "results: the timed hcall is H_ENTER");
	report(giters == n, "guest ran exactly %lld iterations (%lld)", n, (long long)giters);
	report(ok == n && other == 0, "every H_ENTER returned H_SUCCESS (%lld ok, %lld other)",
	       (long long)ok, (long long)other);
	report(!hvb_hist_from_json(json_object_get(b, "hist"), h, err, sizeof(err)) &&
	       h->count == (uint64_t)n, "histogram holds exactly %lld samples (%llu)%s%s", n,
	       (unsigned long long)h->count, err[0] ? ": " : "", err);
	report(h->min > 0 && h->min <= h->max, "round trips are positive: min %llu max %llu ticks",
	       (unsigned long long)h->min, (unsigned long long)h->max);
	free(h);
	json_decref(meta);
	json_decref(res);
	return 0;
}

/* every bench of a run answered as PAPR says, N timed calls each */
static int check_benches(const char *dir, long long n)
{
	json_t *res = load(dir, "results.json"), *meta = load(dir, "meta.json"), *b;
	json_int_t mmio_exits = -1;
	size_t i;

	if (!res || !meta)
		return 1;
	json_unpack(meta, "{s:{s?I}}", "run", "mmio_exits", &mmio_exits);
	json_array_foreach(json_object_get(res, "benches"), i, b) {
		const char *name = "?", *status = "?", *exp = "?";
		json_int_t iters = -1, ok = -1, other = -1, pair = -1, check = -1, wake = -1;

		json_unpack(b, "{s:s, s:s, s:s, s:I, s:{s:I, s:I}, s:I, s:I, s?{s:I}}",
			    "bench", &name, "status", &status, "expected_rc", &exp,
			    "iterations", &iters, "rc", "expected", &ok, "other", &other,
			    "pair_errors", &pair, "check_errors", &check,
			    "wake_latency", "count", &wake);
		report(!strcmp(status, "ok") && iters == n && ok == n && other == 0 &&
		       pair == 0 && check == 0,
		       "%s: %lld calls, all %s, no partner or check error (%s, %lld/%lld, %lld, %lld)",
		       name, n, exp, status, (long long)ok, (long long)iters, (long long)pair,
		       (long long)check);
		if (!strcmp(name, "h_cede"))
			report(wake == n, "h_cede: every cede woken by the decrementer (%lld wake latencies)",
			       (long long)wake);
		if (!strcmp(name, "mmio"))
			report(mmio_exits == n, "mmio: %lld loads, %lld KVM_EXIT_MMIO at the VMM",
			       n, (long long)mmio_exits);
	}
	report(i > 0, "%s holds %zu benches", dir, i);
	json_decref(res);
	json_decref(meta);
	return 0;
}

static json_t *find_record(json_t *res, const char *bench, json_int_t thread)
{
	json_t *b;
	size_t i;

	json_array_foreach(json_object_get(res, "benches"), i, b) {
		const char *name = json_string_value(json_object_get(b, "bench"));

		if (name && !strcmp(name, bench) &&
		    json_integer_value(json_object_get(b, "thread")) == thread)
			return b;
	}
	return NULL;
}

/* one result record: status ok, every call as expected, no check error */
static json_int_t record_ok(json_t *res, const char *bench, json_int_t thread,
			    json_int_t *early, json_int_t *second)
{
	json_t *b = find_record(res, bench, thread);
	const char *status = "missing";
	json_int_t iters = -1, ok = -1, other = -1, check = -1;

	*early = *second = 0;
	json_unpack(b, "{s:s, s:I, s:{s:I, s:I}, s:I, s?I, s?{s:I}, s?{s:I}}", "status", &status,
		    "iterations", &iters, "rc", "expected", &ok, "other", &other,
		    "check_errors", &check, "early_wakes", early, "wake_latency", "count", second,
		    "ping_pong", "count", second);
	report(b && !strcmp(status, "ok") && ok == iters && other == 0 && check == 0,
	       "%s thread %lld: %s, %lld calls all as expected, no check error", bench,
	       (long long)thread, status, (long long)iters);
	return iters;
}

/*
 * An SMT vcore: every thread ran guest code; h_cede woke by the decrementer
 * (or, with siblings, returned early, counted); h_cede_busy's siblings kept
 * making hcalls while thread 0 ceded; h_prod's prods woke the ceded thread
 * every round and the ping-pong came back every round.
 */
static int check_smt(const char *dir, long long n, long long threads)
{
	json_t *res = load(dir, "results.json"), *meta = load(dir, "meta.json");
	json_int_t vcpus = -1, iters, early, second, e2, s2;
	const char *status = "";
	long long t;

	if (!res || !meta)
		return 1;
	json_unpack(meta, "{s:{s:I, s:s}}", "run", "vcpus", &vcpus, "status", &status);
	report(vcpus == threads && !strcmp(status, "ok"), "meta: %lld vcpus in the vcore, status %s",
	       (long long)vcpus, status);

	iters = record_ok(res, "h_cede", 0, &early, &second);
	report(iters == n && second + early == n,
	       "h_cede, siblings idle: %lld cedes, %lld woken by the decrementer, %lld early", n,
	       (long long)second, (long long)early);
	iters = record_ok(res, "h_cede_busy", 0, &early, &second);
	report(iters == n && second + early == n && second > 0,
	       "h_cede_busy: %lld cedes, %lld woken by the decrementer, %lld early", n,
	       (long long)second, (long long)early);
	for (t = 1; t < threads; t++) {
		iters = record_ok(res, "h_cede_busy", t, &e2, &s2);
		report(iters > 0, "h_cede_busy: sibling %lld kept running, %lld null hcalls", t,
		       (long long)iters);
	}
	iters = record_ok(res, "h_prod", 0, &early, &second);
	report(iters == n && second == n, "h_prod: %lld prods, %lld ping-pongs came back", n,
	       (long long)second);
	iters = record_ok(res, "h_prod", 1, &early, &second);
	report(iters == n, "h_prod: the ceded thread resumed after each of the %lld prods (%lld; %lld early returns)",
	       n, (long long)iters, (long long)early);
	json_decref(res);
	json_decref(meta);
	return 0;
}

/* the value of " key=" in a console line, as a string (static) or a number */
static const char *kv(const char *line, const char *key)
{
	static char val[256];
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	if (!p)
		return "";
	p += strlen(pat);
	n = strcspn(p, " \n");
	if (n >= sizeof(val))
		n = sizeof(val) - 1;
	memcpy(val, p, n);
	val[n] = 0;
	return val;
}

static long long kvn(const char *line, const char *key)
{
	const char *v = kv(line, key);

	return *v ? strtoll(v, NULL, 0) : -1;
}

static int in_list(const char *name, const char *list)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * guest-bench under QEMU pseries prints HVB-RESULT/HVB-HIST lines
 * (format: hvbench/results.h): every record as PAPR says, counts exact,
 * each histogram holding every timed call.
 */
static int check_pseries(const char *log, long long n, const char *skips)
{
	FILE *f = fopen(log, "r");
	char line[65536], bench[64] = "", hb[64];
	long long records = 0, end_records = -1, iters = -1, thread = -1;
	int smp = 0, threads = 0;

	report(f != NULL, "%s readable", log);
	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "PASS smp: "))
			smp = 1;
		if (!strncmp(line, "HVB-END ", 8))
			end_records = kvn(line, "records");
		if (!strncmp(line, "HVB-HIST ", 9) && kvn(line, "hist") == 1 && iters != -2) {
			snprintf(hb, sizeof(hb), "%s", kv(line, "bench"));
			report(!strcmp(hb, bench) && kvn(line, "thread") == thread &&
			       kvn(line, "count") == iters,
			       "%s[%lld]: histogram holds all %lld calls (%lld)", bench,
			       thread, iters, kvn(line, "count"));
		}
		if (strncmp(line, "HVB-RESULT ", 11))
			continue;
		records++;
		snprintf(bench, sizeof(bench), "%s", kv(line, "bench"));
		thread = kvn(line, "thread");
		iters = kvn(line, "iterations");
		threads |= thread > 0;
		if (!strcmp(kv(line, "status"), "skipped")) {
			/* a platform gap is a skip, not a pass; an unexpected one fails */
			if (in_list(bench, skips))
				printf("SKIP: pseries: %s: a platform gap of QEMU pseries (no such hcall, DABR or hvbench device; first rc %s)\n",
				       bench, kv(line, "first_bad_rc"));
			else
				report(0, "%s: skipped, which this platform should not", bench);
			iters = -2;	/* no histogram check */
			continue;
		}
		report(!strcmp(kv(line, "status"), "ok") &&
		       kvn(line, "rc_expected") == iters && kvn(line, "rc_other") == 0 &&
		       kvn(line, "pair_errors") == 0 && kvn(line, "check_errors") == 0,
		       "%s[%lld]: %s, all %lld calls answered %lld, no partner or check error",
		       bench, thread, kv(line, "status"), iters, kvn(line, "expected_rc"));
		if (!strcmp(bench, "h_cede_busy") && thread > 0)
			report(iters > 0, "%s[%lld]: the sibling kept running (%lld hcalls)", bench,
			       thread, iters);
		else
			report(iters == n, "%s[%lld]: exactly %lld timed calls (%lld)", bench, thread,
			       n, iters);
	}
	fclose(f);
	report(records > 0 && records == end_records, "%s: %lld result records, HVB-END says %lld",
	       log, records, end_records);
	if (threads)
		report(smp, "every thread started by RTAS start-cpu ran guest code");
	return 0;
}

static int check_pseries_fault(const char *log, long long n)
{
	FILE *f = fopen(log, "r");
	char line[65536];
	int failure = 0, loop = 0;

	report(f != NULL, "%s readable", log);
	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "HVB-FAILURE ", 12))
			failure = !strcmp(kv(line, "vector"), "0x700") &&
				  !strcmp(kv(line, "bench"), "fault");
		if (!strncmp(line, "HVB-RESULT ", 11) && !strcmp(kv(line, "bench"), "loop"))
			loop = !strcmp(kv(line, "status"), "ok") && kvn(line, "iterations") == n;
	}
	fclose(f);
	report(failure, "pseries: the fault bench left HVB-FAILURE vector=0x700 bench=fault");
	report(loop, "pseries: the bench before the fault kept its %lld samples", n);
	return 0;
}

/* the fault bench ended in a failure record, the bench before it kept its results */
static int check_fault(const char *dir, long long n)
{
	json_t *res = load(dir, "results.json"), *meta = load(dir, "meta.json"), *b;
	const char *vec = "", *bench = "", *status = "", *name = "";
	json_int_t iters = -1;

	if (!res || !meta)
		return 1;
	json_unpack(res, "{s:{s:s, s:s}}", "failure", "vector", &vec, "bench", &bench);
	report(!strcmp(vec, "0x700") && !strcmp(bench, "fault"),
	       "failure record: vector %s (program check) in bench %s", vec, bench);
	b = json_array_get(json_object_get(res, "benches"), 0);
	json_unpack(b, "{s:s, s:s, s:I}", "bench", &name, "status", &status, "iterations", &iters);
	report(!strcmp(name, "loop") && !strcmp(status, "ok") && iters == n,
	       "the bench before the fault kept its %lld samples (%s %s)", (long long)iters, name, status);
	json_unpack(meta, "{s:{s:s}}", "run", "status", &status);
	report(!strcmp(status, "failed"), "the run is marked failed (%s)", status);
	json_decref(res);
	json_decref(meta);
	return 0;
}

/* h_enter_fill: N entries into an HPT of the run's order */
static int check_fill(const char *dir, long long n, int want_full)
{
	json_t *res = load(dir, "results.json"), *meta = load(dir, "meta.json");
	json_int_t iters = -1, ok = -1, full = -1, order = 0;

	if (!res || !meta)
		return 1;
	json_unpack(meta, "{s:{s:I}}", "run", "hpt_order", &order);
	json_unpack(json_array_get(json_object_get(res, "benches"), 0), "{s:I, s:{s:I, s:I}}",
		    "iterations", &iters, "rc", "expected", &ok, "pteg_full", &full);
	report(iters == n && ok + full == n && (want_full ? full > 0 : full == 0),
	       "HPT order %lld: %lld H_ENTERs, %lld H_SUCCESS, %lld H_PTEG_FULL", (long long)order,
	       (long long)iters, (long long)ok, (long long)full);
	json_decref(res);
	json_decref(meta);
	return 0;
}

/*
 * --collect bpf: the host-side histogram of (req, mode) holds exactly the
 * guest's calls, nothing was lost; mode "none" checks the stock-kernel
 * report instead (real mode not visible, never zero)
 */
static int check_collector(const char *dir, const char *file, long long n, const char *req,
			   const char *mode)
{
	json_t *c = load(dir, file), *h;
	json_int_t found = -1, unpaired = -1, lost_enter = -1, full = -1, rm_lost = 0;
	int visible = -1;
	const char *why = "";
	size_t i;

	if (!c)
		return 1;
	json_int_t perf_lost = 0, decode_err = 0;

	json_unpack(c, "{s:{s?I, s?I}}", "lost", "perf_lost_records", &perf_lost,
		    "decode_errors", &decode_err);
	json_unpack(c, "{s:{s:I, s:I, s:I}, s:{s:b, s?s, s?I}}", "lost",
		    "vm_exit_unpaired", &unpaired, "vm_enter_without_exit", &lost_enter,
		    "map_full", &full, "real_mode", "visible", &visible, "why", &why,
		    "records_lost", &rm_lost);
	if (!strcmp(mode, "none")) {
		report(visible == 0 && strstr(why, "not visible on this kernel"),
		       "%s on the stock kernel: real mode reported as '%s', not as zero", file, why);
		json_decref(c);
		return 0;
	}
	json_array_foreach(json_object_get(c, "hcalls"), i, h) {
		const char *r = "", *m = "";
		json_int_t cnt = 0;

		json_unpack(h, "{s:s, s:s, s:{s:I}}", "req", &r, "mode", &m, "hist", "count", &cnt);
		if (!strcmp(r, req) && !strcmp(m, mode))
			found = (found < 0 ? 0 : found) + cnt;
	}
	report(found == n, "%s: %lld %s events in mode %s, the guest made %lld", file,
	       (long long)found, req, mode, n);
	report(unpaired == 0 && lost_enter == 0 && full == 0 && rm_lost == 0 && visible == 1 &&
	       perf_lost == 0 && decode_err == 0,
	       "%s: nothing lost (unpaired %lld, enters without exit %lld, map full %lld, rm records lost %lld, perf lost %lld, decode errors %lld)",
	       file, (long long)unpaired, (long long)lost_enter, (long long)full, (long long)rm_lost,
	       (long long)perf_lost, (long long)decode_err);
	json_decref(c);
	return 0;
}

/*
 * A virtual-mode p50 in ns: kmod's batched records stamp the timebase
 * (unit timebase_ticks), the kvm_hcall_enter/exit pairs read a clock in ns
 */
static json_int_t p50_ns(const char *dir, json_t *h, json_int_t p50)
{
	const char *unit = json_string_value(json_object_get(h, "unit"));
	json_t *meta;
	json_int_t hz = 0;

	if (!unit || strcmp(unit, "timebase_ticks") || !strcmp(json_string_value(json_object_get(h, "mode")) ?: "", "rm"))
		return p50;
	meta = load(dir, "meta.json");
	if (meta)
		json_unpack(meta, "{s:I}", "timebase_hz", &hz);
	json_decref(meta);
	return hz > 0 ? (json_int_t)((double)p50 * 1e9 / (double)hz) : -1;
}

/* --collect both: the two collectors saw the same events, same real-mode times */
static int check_both(const char *dir, long long n, const char *req, const char *mode)
{
	json_t *b = load(dir, "collect_bpf.json"), *p = load(dir, "collect_perf.json"), *h;
	json_int_t bc = -1, pc = -1, bp50 = -1, pp50 = -2;
	size_t i;

	if (!b || !p)
		return 1;
	check_collector(dir, "collect_bpf.json", n, req, mode);
	check_collector(dir, "collect_perf.json", n, req, mode);
	json_array_foreach(json_object_get(b, "hcalls"), i, h)
		if (!strcmp(json_string_value(json_object_get(h, "req")) ?: "", req) &&
		    !strcmp(json_string_value(json_object_get(h, "mode")) ?: "", mode)) {
			json_unpack(h, "{s:{s:I, s:I}}", "hist", "count", &bc, "p50", &bp50);
			bp50 = p50_ns(dir, h, bp50);
		}
	json_array_foreach(json_object_get(p, "hcalls"), i, h)
		if (!strcmp(json_string_value(json_object_get(h, "req")) ?: "", req) &&
		    !strcmp(json_string_value(json_object_get(h, "mode")) ?: "", mode)) {
			json_unpack(h, "{s:{s:I, s:I}}", "hist", "count", &pc, "p50", &pp50);
			pp50 = p50_ns(dir, h, pp50);
		}
	report(bc == pc && bc == n, "both collectors: %lld %s/%s events each (bpf %lld, perf %lld)",
	       n, req, mode, (long long)bc, (long long)pc);
	if (!strcmp(mode, "rm"))
		report(bp50 == pp50, "both collectors: same real-mode p50 from the same timebase stamps (%lld, %lld ticks)",
		       (long long)bp50, (long long)pp50);
	else	/* two clocks read at different points of the same events */
		report(bp50 > 0 && pp50 > 0 && llabs(bp50 - pp50) * 5 <= pp50,
		       "both collectors: virtual-mode p50s agree within 20 %% (bpf %lld ns, perf %lld ns)",
		       (long long)bp50, (long long)pp50);
	json_decref(b);
	json_decref(p);
	return 0;
}

/*
 * --collect bpf: the variant the loader chose (attach starts with kind) and
 * the collectors that ran; with exits and vcore, every guest hcall (trap
 * 0xc00) was counted and every vcore entry had a runnable thread
 */
static int check_bpf_attach(const char *dir, const char *kind, const char *list)
{
	json_t *c = load(dir, "collect_bpf.json"), *e;
	const char *attach = "";
	char got[64] = "";
	json_int_t sc = 0, entries = 0, zero = -1;
	size_t i;

	if (!c)
		return 1;
	json_unpack(c, "{s:s}", "attach", &attach);
	json_array_foreach(json_object_get(c, "collectors"), i, e)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "",
			 json_string_value(e) ?: "?");
	report(!strncmp(attach, kind, strlen(kind)) && !strcmp(got, list),
	       "collect_bpf.json: attached as '%s', collectors %s (want %s..., %s)", attach, got,
	       kind, list);
	if (strstr(list, "exits")) {
		json_array_foreach(json_object_get(c, "exits"), i, e)
			if (!strcmp(json_string_value(json_object_get(e, "trap")) ?: "", "0xc00"))
				sc = json_integer_value(json_object_get(e, "count"));
		report(sc > 0, "exits collector: %lld hcall exits (trap 0xc00)", (long long)sc);
	} else {
		report(!json_object_get(c, "exits"), "exits collector not run: no 'exits' in the file");
	}
	if (strstr(list, "vcore")) {
		json_array_foreach(json_object_get(c, "vcore_entries_by_runnable_threads"), i, e) {
			if (!i)
				zero = json_integer_value(e);
			entries += json_integer_value(e);
		}
		report(entries > 0 && zero == 0,
		       "vcore collector: %lld vcore entries, none with 0 runnable threads",
		       (long long)entries);
	}
	json_decref(c);
	return 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int check_png(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char *buf = NULL;
	size_t len = 0, off = 8;
	int chunks = 0, crc_ok = 1, ihdr_first = 0, iend = 0;
	uint32_t w = 0, hgt = 0;
	FILE *f = fopen(path, "rb");

	if (f) {
		fseek(f, 0, SEEK_END);
		len = (size_t)ftell(f);
		rewind(f);
		buf = malloc(len ? len : 1);
		if (buf && fread(buf, 1, len, f) != len)
			len = 0;
		fclose(f);
	}
	report(buf && len > 8 && !memcmp(buf, sig, 8), "%s has the PNG signature", path);
	while (buf && off + 12 <= len && !iend) {
		uint32_t clen = be32(buf + off);

		if (clen > len - off - 12) {
			crc_ok = 0;
			break;
		}
		if (crc32(0, buf + off + 4, clen + 4) != be32(buf + off + 8 + clen))
			crc_ok = 0;
		if (!chunks && !memcmp(buf + off + 4, "IHDR", 4) && clen == 13) {
			ihdr_first = 1;
			w = be32(buf + off + 8);
			hgt = be32(buf + off + 12);
		}
		if (!memcmp(buf + off + 4, "IEND", 4))
			iend = 1;
		chunks++;
		off += clen + 12;
	}
	report(crc_ok && ihdr_first && iend && w > 0 && hgt > 0,
	       "%s is a valid PNG: %d chunks, CRCs good, %ux%u, IHDR..IEND", path, chunks, w, hgt);
	free(buf);
	return 0;
}

/* the cell's meta.json says what the index says: order, mode, SMT, benches */
static int cell_meta_agrees(const char *cdir, const struct rundir_cell *c, long long n)
{
	json_t *meta = load(cdir, "meta.json"), *res = NULL, *b;
	const char *mode = "", *bench = "";
	json_int_t order = -1, vcpus = -1, iters = -1;
	size_t i, nrec = 0, good = 0;

	json_int_t to_user = -1;

	json_unpack(meta, "{s:{s:I, s:s, s:I, s:s, s:I, s:I}}", "run", "hpt_order", &order, "mode", &mode,
		    "vcpus", &vcpus, "bench", &bench, "iterations", &iters, "user_hcalls", &to_user);
	report(order == c->hpt_order && !strcmp(mode, c->mode) && vcpus == c->smt &&
	       !strcmp(bench, c->benches) && iters == n,
	       "%s: meta.json agrees with run.json (HPT order %lld, mode %s, %lld vcpus, %s, -n %lld)",
	       c->dir, (long long)order, mode, (long long)vcpus, bench, (long long)iters);
	if (!strcmp(c->status, "ok")) {
		res = load(cdir, "results.json");
		json_array_foreach(json_object_get(res, "benches"), i, b) {
			const char *st = "";
			json_int_t it = -1, ok = -1, other = -1;

			json_unpack(b, "{s:s, s:I, s:{s:I, s:I}}", "status", &st, "iterations", &it,
				    "rc", "expected", &ok, "other", &other);
			nrec++;
			good += !strcmp(st, "ok") && it == n && ok == n && other == 0;
		}
		report(nrec && good == nrec, "%s: %zu of %zu records ok with exactly %lld calls as expected",
		       c->dir, good, nrec, n);
		/* user mode: every timed call was answered by the VMM */
		if (!strcmp(c->mode, "user"))
			report(to_user >= (json_int_t)nrec * n,
			       "%s: user mode: the VMM carried out %lld hcalls, at least the %lld timed ones",
			       c->dir, (long long)to_user, (long long)nrec * n);
		else
			report(to_user == 0, "%s: %s mode: the kernel answered every PAPR hcall (%lld carried out by the VMM)",
			       c->dir, c->mode, (long long)to_user);
	}
	json_decref(res);
	json_decref(meta);
	return 0;
}

static int check_matrix(const char *dir, long long n, long long ncells, const char *statuses)
{
	struct rundir_index ix;
	char err[512], cdir[8400], want[256], got[256];
	unsigned int counts[4] = { 0 };
	static const char *const st[] = { "not_run", "ok", "failed", "watchdog" };
	size_t i, k;
	int interleaved = 1;

	report(!rundir_index_read(dir, &ix, err, sizeof(err)), "%s: run.json read by the one reader%s%s",
	       dir, ix.n ? "" : ": ", ix.n ? "" : err);
	report(ix.matrix && !ix.partial && (long long)ix.n == ncells,
	       "%s: a complete matrix of %lld cells (%zu, partial %d)", dir, ncells, ix.n, ix.partial);
	for (i = 0; i < ix.n; i++) {
		const struct rundir_cell *c = &ix.cells[i];

		for (k = 0; k < 4; k++)
			counts[k] += !strcmp(c->status, st[k]);
		if (i && c->rep < ix.cells[i - 1].rep)
			interleaved = 0;
		if (c->seq != i)
			interleaved = 0;
		snprintf(cdir, sizeof(cdir), "%s/%s", dir, c->dir);
		if (c->have_dir && strcmp(c->status, "not_run"))
			cell_meta_agrees(cdir, c, n);
	}
	report(interleaved, "%s: cells in run order, every repetition before the next", dir);
	/* each repetition runs the same cells: (benches, mode, order, smt) sorted, equal across reps */
	{
		unsigned int reps = ix.n ? ix.cells[ix.n - 1].rep + 1 : 0, r;
		size_t per = reps ? ix.n / reps : 0, j;
		char (*keys)[600] = calloc(ix.n ? ix.n : 1, sizeof(*keys));
		int same = keys && reps && per * reps == ix.n;

		for (i = 0; same && i < ix.n; i++) {
			const struct rundir_cell *c = &ix.cells[i];

			snprintf(keys[i], sizeof(keys[i]), "%s/%s/%d/%d", c->benches, c->mode,
				 c->hpt_order, c->smt);
			if (c->rep != i / per)
				same = 0;
		}
		for (r = 0; same && r < reps; r++)
			qsort(keys[r * per], per, sizeof(*keys), (int (*)(const void *, const void *))strcmp);
		for (r = 1; same && r < reps; r++)
			for (j = 0; j < per; j++)
				if (strcmp(keys[j], keys[r * per + j]))
					same = 0;
		report(same, "%s: each of the %u repetitions runs the same %zu cells, each once", dir, reps, per);
		free(keys);
	}
	if (!strcmp(statuses, "ok"))
		snprintf(want, sizeof(want), "ok=%lld", ncells);
	else
		snprintf(want, sizeof(want), "%s", statuses);
	got[0] = 0;
	for (k = 0; k < 4; k++)
		if (counts[k])
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s=%u",
				 got[0] ? "," : "", st[k], counts[k]);
	report(!strcmp(want, got), "%s: cell statuses %s (want %s)", dir, got, want);
	rundir_index_free(&ix);
	return 0;
}

static int check_matrix_benches(const char *dir, long long count)
{
	char err[512], cdir[8400], names[64][RUNDIR_MAX_NAME + 1];
	struct rundir_index ix;
	size_t i, k, n = 0, bad = 0;
	json_t *res, *b;

	report(!rundir_index_read(dir, &ix, err, sizeof(err)), "%s: run.json reads", dir);
	for (i = 0; i < ix.n; i++) {
		snprintf(cdir, sizeof(cdir), "%s/%s", dir, ix.cells[i].dir);
		res = load(cdir, "results.json");
		json_array_foreach(json_object_get(res, "benches"), k, b) {
			const char *name = json_string_value(json_object_get(b, "bench"));
			const char *st = json_string_value(json_object_get(b, "status"));
			size_t j;

			if (!name || !st || strcmp(st, "ok")) {
				printf("%s: record %s status %s\n", cdir, name ? name : "?", st ? st : "?");
				bad++;
				continue;
			}
			for (j = 0; j < n; j++)
				if (!strcmp(names[j], name))
					break;
			if (j == n && n < 64)
				snprintf(names[n++], sizeof(names[0]), "%s", name);
		}
		json_decref(res);
	}
	report((long long)n == count && !bad, "%s: %zu distinct benches over %zu cells (want %lld), %zu records not ok",
	       dir, n, ix.n, count, bad);
	rundir_index_free(&ix);
	return 0;
}

/*
 * meta.json run.hpt_resize of an h_resize cell: every resize counted the
 * table before it (the first: the filled snapshot's count) and after it,
 * and kept every entry (the guest's and the VRMA's are all bolted)
 */
static void check_resizes(const char *cdir, json_int_t filled)
{
	json_t *meta = load(cdir, "meta.json"), *rs = NULL, *z;
	size_t k;

	json_unpack(meta, "{s:{s:o}}", "run", "hpt_resize", &rs);
	report(json_array_size(rs) == 4, "%s: h_resize made 4 resizes (%zu recorded)", cdir,
	       json_array_size(rs));
	json_array_foreach(rs, k, z) {
		json_int_t entries = -1, kept = -1, from = -1, to = -1;

		json_unpack(z, "{s:I, s:I, s?I, s?I}", "from", &from, "to", &to,
			    "entries", &entries, "preserved", &kept);
		report(entries == filled && kept == filled,
		       "%s: resize %zu (order %lld to %lld): %lld valid entries before, %lld after, %lld filled",
		       cdir, k, (long long)from, (long long)to, (long long)entries, (long long)kept,
		       (long long)filled);
	}
	json_decref(meta);
}

static int check_htab(const char *dir, int want_fill)
{
	char err[512], cdir[8400];
	struct rundir_index ix;
	size_t i, k, nsnap = 0, nfill = 0;

	report(!rundir_index_read(dir, &ix, err, sizeof(err)), "%s: run.json reads", dir);
	for (i = 0; i < ix.n; i++) {
		json_t *h, *res, *snaps, *sn, *fill;
		json_int_t boot_valid = -1, fill_ok = -1, order = -1;

		snprintf(cdir, sizeof(cdir), "%s/%s", dir, ix.cells[i].dir);
		h = load(cdir, "htab.json");
		res = load(cdir, "results.json");
		fill = find_record(res, "h_enter_fill", 0);
		if (fill)
			json_unpack(fill, "{s:{s:I}}", "rc", "expected", &fill_ok);
		json_unpack(h, "{s:I, s:o}", "hpt_order", &order, "snapshots", &snaps);
		/* a single-boot directory's index has no order: meta.json's is the guest's */
		report(ix.cells[i].hpt_order < 0 ? order >= 18 : order == ix.cells[i].hpt_order,
		       "%s: htab.json of HPT order %lld", cdir, (long long)order);
		json_array_foreach(snaps, k, sn) {
			const char *bench = "", *phase = "";
			json_int_t entries = -1, valid = -1, vrma = -1, tv = -1;
			json_t *occ = NULL, *o;
			json_int_t groups = 0, held = 0;
			size_t q;

			json_unpack(sn, "{s:s, s:s, s:I, s:I, s:I, s:o, s?I}", "bench", &bench,
				    "phase", &phase, "entries", &entries, "valid", &valid, "vrma", &vrma,
				    "pteg_occupancy", &occ, "touched_valid", &tv);
			json_array_foreach(occ, q, o) {
				groups += json_integer_value(o);
				held += (json_int_t)q * json_integer_value(o);
			}
			nsnap++;
			report(json_array_size(occ) == 9 && groups * 8 == entries && held == valid &&
			       entries == 1LL << (order - 4),
			       "%s %s/%s: %lld PTEGs of the 2^%lld-byte HPT, holding %lld valid entries as counted",
			       cdir, bench, phase, (long long)groups, (long long)order, (long long)valid);
			if (!strcmp(phase, "boot")) {
				boot_valid = valid;
				report(valid == vrma && vrma > 0, "%s: at boot only the VRMA entries (%lld of %lld)",
				       cdir, (long long)vrma, (long long)valid);
			} else if (!strcmp(phase, "after")) {
				report(valid == boot_valid, "%s: after %s the HPT holds what it held at boot (%lld, boot %lld)",
				       cdir, bench, (long long)valid, (long long)boot_valid);
			} else if (!strcmp(phase, "filled") && !strcmp(bench, "h_resize")) {
				/* guest-bench/resize.c: at least RESIZE_MIN (64) bolted entries */
				report(valid >= boot_valid + 64,
				       "%s: h_resize holds its bolted entries (at least 64) before resizing (%lld valid, boot %lld)",
				       cdir, (long long)valid, (long long)boot_valid);
				check_resizes(cdir, valid);
			} else if (!strcmp(phase, "filled")) {
				nfill++;
				/* touched: every entry the kernel marked modified since, which can be more than the fill's own */
				report(valid == boot_valid + fill_ok && tv >= fill_ok,
				       "%s: filled: %lld valid = %lld at boot + %lld H_SUCCESS H_ENTERs; %lld valid entries touched since the last snapshot",
				       cdir, (long long)valid, (long long)boot_valid, (long long)fill_ok,
				       (long long)tv);
			}
		}
		json_decref(h);
		json_decref(res);
	}
	report(nsnap > 0 && (nfill > 0) == want_fill, "%s: %zu snapshots checked, %zu of a filled HPT",
	       dir, nsnap, nfill);
	rundir_index_free(&ix);
	return 0;
}

static int check_reset(const char *dir, const char *want)
{
	char err[512], cdir[8400], seen[64][600];
	size_t i, nseen = 0, fresh = 0, reused = 0, same = 0, other = 0, bad = 0;
	json_int_t tries_all = 0, ebusy_all = 0;
	struct rundir_index ix;

	report(!rundir_index_read(dir, &ix, err, sizeof(err)), "%s: run.json reads", dir);
	for (i = 0; i < ix.n; i++) {
		const struct rundir_cell *c = &ix.cells[i];
		const char *vm = "";
		json_int_t from = -1, to = -1, left = -1, tries = 0, ebusy = 0;
		char key[600];
		size_t k;
		json_t *meta;
		int first;

		snprintf(cdir, sizeof(cdir), "%s/%s", dir, c->dir);
		meta = load(cdir, "meta.json");
		json_unpack(meta, "{s:{s:s, s?{s:I, s:I, s:I}, s?{s:I, s:I}}}", "run", "vm", &vm,
			    "htab_reset", "from_order", &from, "to_order", &to, "valid_after", &left,
			    "alloc_htab_while_running", "tries", &tries, "ebusy", &ebusy);
		snprintf(key, sizeof(key), "%s/%s/%d", c->benches, c->mode, c->smt);
		for (k = 0; k < nseen; k++)
			if (!strcmp(seen[k], key))
				break;
		first = k == nseen;
		if (first && nseen < 64)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", key);
		if (first && !strcmp(vm, "fresh")) {
			fresh++;
		} else if (!first && !strcmp(vm, "reused") && to == c->hpt_order && left == 0) {
			reused++;
			same += from == to;
			other += from != to;
		} else {
			bad++;
			printf("%s: vm %s, reset %lld -> %lld leaving %lld\n", cdir, vm, (long long)from,
			       (long long)to, (long long)left);
		}
		tries_all += tries;
		ebusy_all += ebusy;
		json_decref(meta);
	}
	report(!bad && fresh == nseen && reused == ix.n - nseen,
	       "%s: %zu fresh VMs (one per benches/mode/SMT), %zu cells in a reused VM, each reset leaving 0 valid entries",
	       dir, fresh, reused);
	report(tries_all > 0 && ebusy_all == tries_all,
	       "%s: KVM_PPC_ALLOCATE_HTAB while the guest ran: %lld tries, %lld EBUSY", dir,
	       (long long)tries_all, (long long)ebusy_all);
	report(!strcmp(want, "same") ? same > 0 : other > 0,
	       "%s: %zu resets to the same order (the HPT cleared), %zu to another (reallocated)",
	       dir, same, other);
	rundir_index_free(&ix);
	return 0;
}

static int check_partial(const char *dir)
{
	struct rundir_index ix;
	char err[512];
	size_t i, first, ok = 0, not_run = 0;

	report(!rundir_index_read(dir, &ix, err, sizeof(err)), "%s: an interrupted run's run.json reads%s%s",
	       dir, ix.n ? "" : ": ", ix.n ? "" : err);
	/* the cells that ran come first (any status), then only not_run */
	for (i = 0; i < ix.n && strcmp(ix.cells[i].status, "not_run"); i++)
		ok += !strcmp(ix.cells[i].status, "ok");
	first = i;
	for (; i < ix.n; i++)
		not_run += !strcmp(ix.cells[i].status, "not_run");
	report(ix.matrix && ix.partial && ok >= 1 && not_run >= 1 && not_run == ix.n - first,
	       "%s: partial, %zu cell(s) ok, then %zu not run, of %zu", dir, ok, not_run, ix.n);
	rundir_index_free(&ix);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "run"))
		check_run(argv[2], atoll(argv[3]));
	else if (argc == 3 && !strcmp(argv[1], "png"))
		check_png(argv[2]);
	else if (argc == 4 && !strcmp(argv[1], "benches"))
		check_benches(argv[2], atoll(argv[3]));
	else if (argc == 4 && !strcmp(argv[1], "fault"))
		check_fault(argv[2], atoll(argv[3]));
	else if (argc == 6 && !strcmp(argv[1], "bpf"))
		check_collector(argv[2], "collect_bpf.json", atoll(argv[3]), argv[4], argv[5]);
	else if (argc == 5 && !strcmp(argv[1], "bpf-attach"))
		check_bpf_attach(argv[2], argv[3], argv[4]);
	else if (argc == 6 && !strcmp(argv[1], "perf"))
		check_collector(argv[2], "collect_perf.json", atoll(argv[3]), argv[4], argv[5]);
	else if (argc == 6 && !strcmp(argv[1], "both"))
		check_both(argv[2], atoll(argv[3]), argv[4], argv[5]);
	else if (argc == 5 && !strcmp(argv[1], "pseries"))
		check_pseries(argv[2], atoll(argv[3]), argv[4]);
	else if (argc == 4 && !strcmp(argv[1], "pseries-fault"))
		check_pseries_fault(argv[2], atoll(argv[3]));
	else if (argc == 5 && !strcmp(argv[1], "smt"))
		check_smt(argv[2], atoll(argv[3]), atoll(argv[4]));
	else if (argc == 6 && !strcmp(argv[1], "matrix"))
		check_matrix(argv[2], atoll(argv[3]), atoll(argv[4]), argv[5]);
	else if (argc == 4 && !strcmp(argv[1], "matrix-benches"))
		check_matrix_benches(argv[2], atoll(argv[3]));
	else if (argc == 4 && !strcmp(argv[1], "htab"))
		check_htab(argv[2], !strcmp(argv[3], "filled"));
	else if (argc == 4 && !strcmp(argv[1], "reset"))
		check_reset(argv[2], argv[3]);
	else if (argc == 3 && !strcmp(argv[1], "partial"))
		check_partial(argv[2]);
	else if (argc == 5 && !strcmp(argv[1], "fill"))
		check_fill(argv[2], atoll(argv[3]), !strcmp(argv[4], "full"));
	else {
		/* a FAIL line, so tests/run.sh counts a check that did not run */
		printf("FAIL: check_run %s: unknown command or wrong arguments (see the top of tests/e2e/check_run.c)\n",
		       argc > 1 ? argv[1] : "");
		return 2;
	}
	return test_failed ? 1 : 0;
}
