// SPDX-License-Identifier: GPL-2.0
/* Results block: encode (seal), validate, and reject damaged blocks clearly */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "results.h"
#include "test.h"

static struct hvb_results r, bad;

static void make_block(void)
{
	uint64_t i;

	memset(&r, 0, sizeof(r));
	r.nr_benches = 1;
	r.bench[0].bench = HVB_BENCH_H_ENTER;
	r.bench[0].req = 0x08;
	hvb_hist_init(&r.bench[0].hist);
	for (i = 0; i < 1000; i++)
		hvb_hist_record(&r.bench[0].hist, 700 + i % 37);
	r.bench[0].iterations = 1000;
	r.bench[0].rc_expected = 1000;
	hvb_results_seal(&r);
}

static int rejects(const void *buf, size_t len, const char *needle, char *err, size_t errlen)
{
	err[0] = 0;
	return hvb_results_validate(buf, len, err, errlen) < 0 && strstr(err, needle);
}

int main(void)
{
	char err[512];
	json_t *j, *b;
	json_int_t count = 0;

	make_block();
	report(r.length == HVB_RESULTS_LEN(1) && r.magic == HVB_RESULTS_MAGIC,
	       "seal sets magic, version, length (%u bytes)", r.length);
	report(!hvb_results_validate(&r, r.length, err, sizeof(err)), "sealed block validates");

	report(rejects(&r, 10, "truncated", err, sizeof(err)), "10-byte block: %s", err);
	report(rejects(&r, r.length - 1, "truncated", err, sizeof(err)),
	       "block one byte short: %s", err);

	bad = r;
	bad.magic = 0xdeadbeef;
	report(rejects(&bad, bad.length, "magic", err, sizeof(err)), "wrong magic: %s", err);

	bad = r;
	bad.version = 99;
	report(rejects(&bad, bad.length, "version", err, sizeof(err)), "wrong version: %s", err);

	bad = r;
	bad.bench[0].hist.buckets[600] ^= 1;
	report(rejects(&bad, bad.length, "checksum", err, sizeof(err)),
	       "one flipped bit in a bucket: %s", err);

	bad = r;
	bad.nr_benches = 2;
	report(rejects(&bad, bad.length, "does not match", err, sizeof(err)),
	       "bench count disagrees with length: %s", err);

	bad = r;
	bad.nr_benches = 1000;
	report(rejects(&bad, sizeof(bad), "at most", err, sizeof(err)), "absurd bench count: %s", err);

	/* self-consistent checksum but buckets that do not add up */
	bad = r;
	bad.bench[0].hist.count++;
	hvb_results_seal(&bad);
	report(rejects(&bad, bad.length, "add up", err, sizeof(err)),
	       "resealed block with inconsistent histogram: %s", err);

	/* to JSON and back */
	j = hvb_results_to_json(&r);
	b = json_array_get(json_object_get(j, "benches"), 0);
	json_unpack(b, "{s:{s:I}}", "summary", "count", &count);
	report(count == 1000 && !strcmp(json_string_value(json_object_get(b, "req")), "H_ENTER"),
	       "results.json: H_ENTER bench with 1000 samples");
	{
		struct hvb_hist *h = malloc(sizeof(*h));

		report(h && !hvb_hist_from_json(json_object_get(b, "hist"), h, err, sizeof(err)) &&
		       !memcmp(h, &r.bench[0].hist, sizeof(*h)),
		       "histogram survives the JSON round trip bit for bit");
		json_array_set_new(json_object_get(json_object_get(b, "hist"), "buckets"), 0,
				   json_pack("[i,i,i,i]", 5, 99, 99, 1));
		report(h && hvb_hist_from_json(json_object_get(b, "hist"), h, err, sizeof(err)) &&
		       strstr(err, "bucket"), "bucket row from another layout rejected: %s", err);
		free(h);
	}
	json_decref(j);

	/* what hvbench run accepts, hvbench report must read: the same ranges */
	bad = r;
	bad.nr_benches = 2;
	hvb_hist_init(&bad.bench[1].hist);
	hvb_hist_init(&bad.bench[1].hist2);
	bad.bench[1].hist.sum = 1;
	hvb_results_seal(&bad);
	report(rejects(&bad, bad.length, "out of range", err, sizeof(err)),
	       "a record with no samples but a sum is refused: %s", err);
	bad = r;
	bad.bench[0].thread = HVB_MAX_THREADS;
	hvb_results_seal(&bad);
	report(rejects(&bad, bad.length, "thread", err, sizeof(err)),
	       "a record of thread %u is refused: %s", HVB_MAX_THREADS, err);

	/* HVB_H_RESULTS: validated before it replaces anything, once only */
	{
		static struct hvb_results held, evil;
		int have = 0;

		make_block();
		memset(&held, 0, sizeof(held));
		bad = r;
		bad.magic = 0;
		report(hvb_results_accept(&held, &have, &bad, bad.length, err, sizeof(err)) && !have &&
		       held.magic == 0, "accept: a corrupt first block is refused and copies nothing: %s", err);
		report(!hvb_results_accept(&held, &have, &r, r.length, err, sizeof(err)) && have &&
		       !memcmp(&held, &r, r.length), "accept: a valid block is kept");
		evil = r;
		evil.nr_benches = 0xffffffffU;
		report(hvb_results_accept(&held, &have, &evil, sizeof(evil), err, sizeof(err)) == -EALREADY &&
		       held.nr_benches == 1 && !memcmp(&held, &r, r.length),
		       "accept: a second block claiming 0xffffffff records is refused, the first kept: %s", err);
		evil.nr_benches = HVB_MAX_RECORDS + 1;
		report(hvb_results_accept(&held, &have, &evil, sizeof(evil), err, sizeof(err)) == -EALREADY &&
		       held.nr_benches == 1, "accept: a second block claiming 17 records is refused: %s", err);
		report(hvb_results_accept(&held, &have, &r, r.length, err, sizeof(err)) == -EALREADY,
		       "accept: even a valid second block is refused: %s", err);
		have = 0;
		report(hvb_results_accept(&held, &have, &evil, sizeof(evil) + 1, err, sizeof(err)) && !have,
		       "accept: a block longer than the struct is refused: %s", err);
		j = hvb_results_to_json(&held);
		report(json_array_size(json_object_get(j, "benches")) == 1, "the kept block converts to JSON");
		json_decref(j);
	}

	/* a run directory's histogram: every number in range */
	{
		static const struct { const char *json, *needle, *what; } bad_hist[] = {
			{ "{\"count\":2,\"sum\":2,\"min\":1,\"max\":1,\"overflow\":0,\"buckets\":[[1,1,1,4294967298]]}",
			  "not in 1..4294967295", "a bucket count of 2^32+2" },
			{ "{\"count\":0,\"sum\":0,\"min\":-1,\"max\":-1,\"overflow\":0,\"buckets\":[]}",
			  "out of range", "min = max = -1" },
			{ "{\"count\":-5,\"sum\":0,\"min\":0,\"max\":0,\"overflow\":0,\"buckets\":[]}",
			  "out of range", "a negative count" },
			{ "{\"count\":2,\"sum\":2,\"min\":1,\"max\":1,\"overflow\":0,\"buckets\":[[1,1,1,1],[1,1,1,1]]}",
			  "twice", "one bucket twice" },
			{ "{\"count\":1,\"sum\":1,\"min\":1,\"max\":1,\"overflow\":0,\"buckets\":[[1,1,1,0],[1,1,1,1]]}",
			  "not in 1..", "an empty bucket row" },
			{ "{\"count\":0,\"sum\":7,\"min\":0,\"max\":9,\"overflow\":0,\"buckets\":[]}",
			  "no samples but", "no samples with a max" },
			{ "{\"count\":1,\"sum\":1,\"min\":1,\"max\":1,\"overflow\":0,\"buckets\":[[1,1,1,1,9]]}",
			  "malformed", "a bucket row of five numbers" },
		};
		struct hvb_hist *h = malloc(sizeof(*h));
		size_t k;

		for (k = 0; h && k < sizeof(bad_hist) / sizeof(bad_hist[0]); k++) {
			json_t *jh = json_loads(bad_hist[k].json, 0, NULL);

			err[0] = 0;
			report(jh && hvb_hist_from_json(jh, h, err, sizeof(err)) && strstr(err, bad_hist[k].needle),
			       "histogram with %s rejected: %s", bad_hist[k].what, err);
			json_decref(jh);
		}
		free(h);
	}

	/* SKIP is a status of its own in results.json */
	memset(&r, 0, sizeof(r));
	r.nr_benches = 1;
	r.bench[0].bench = HVB_BENCH_NULL_RM;
	r.bench[0].status = HVB_STATUS_SKIP;
	hvb_hist_init(&r.bench[0].hist);
	hvb_hist_init(&r.bench[0].hist2);
	j = hvb_results_to_json(&r);
	b = json_array_get(json_object_get(j, "benches"), 0);
	report(!strcmp(json_string_value(json_object_get(b, "status")), "skipped"),
	       "a skipped record has status \"skipped\" (got %s)", json_string_value(json_object_get(b, "status")));
	json_decref(j);

	/* the bench table says which records carry early wakes and a second histogram */
	{
		static const struct { uint32_t bench, thread; const char *h2; int wakes; } want[] = {
			{ HVB_BENCH_H_PROD, 0, "ping_pong", 0 },
			{ HVB_BENCH_H_PROD, 1, NULL, 1 },
			{ HVB_BENCH_H_CEDE, 0, "wake_latency", 1 },
			{ HVB_BENCH_NULL_VM, 0, NULL, 0 },
		};
		size_t i, n = sizeof(want) / sizeof(want[0]);
		int ok = 1;

		memset(&r, 0, sizeof(r));
		r.nr_benches = (uint32_t)n;
		for (i = 0; i < n; i++) {
			r.bench[i].bench = want[i].bench;
			r.bench[i].thread = want[i].thread;
			r.bench[i].early_wakes = 3;
			hvb_hist_init(&r.bench[i].hist);
			hvb_hist_init(&r.bench[i].hist2);
			/* as the guest does, but null_vm's too: the table decides */
			if (want[i].h2 || want[i].bench == HVB_BENCH_NULL_VM)
				hvb_hist_record(&r.bench[i].hist2, 50);
		}
		j = hvb_results_to_json(&r);
		for (i = 0; i < n; i++) {
			b = json_array_get(json_object_get(j, "benches"), i);
			if (!!json_object_get(b, "early_wakes") != want[i].wakes ||
			    !!json_object_get(b, "ping_pong") != (want[i].h2 && !strcmp(want[i].h2, "ping_pong")) ||
			    !!json_object_get(b, "wake_latency") != (want[i].h2 && !strcmp(want[i].h2, "wake_latency")))
				ok = 0;
		}
		report(ok, "results.json: early_wakes on h_prod thread 1 and h_cede thread 0, ping_pong / wake_latency as the bench table says, neither on null_vm");
		json_decref(j);
	}
	return report_summary("test_results");
}
