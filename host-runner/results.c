// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's results block: validated before anything in it is trusted,
 * then turned into results.json.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hvbench/papr.h"
#include "hist_stats.h"
#include "results.h"

int hvb_results_validate(const void *buf, size_t len, char *err, size_t errlen)
{
	const size_t hdr = HVB_RESULTS_LEN(0);
	struct hvb_results r;
	uint64_t sum;
	uint32_t i;

	if (len < hdr) {
		snprintf(err, errlen, "results block truncated: %zu bytes, the header alone is %zu",
			 len, hdr);
		return -EINVAL;
	}
	memset(&r, 0, sizeof(r));
	memcpy(&r, buf, len < sizeof(r) ? len : sizeof(r));
	if (r.magic != HVB_RESULTS_MAGIC) {
		snprintf(err, errlen, "results block has magic 0x%08x, expected 0x%08x: the guest did not write it (is guest-bench from this build?)",
			 r.magic, HVB_RESULTS_MAGIC);
		return -EINVAL;
	}
	if (r.version != HVB_RESULTS_VERSION) {
		snprintf(err, errlen, "results block version %u, this hvbench reads %u: rebuild guest-bench and hvbench together",
			 r.version, HVB_RESULTS_VERSION);
		return -EINVAL;
	}
	if (r.nr_benches > HVB_MAX_RECORDS) {
		snprintf(err, errlen, "results block claims %u records, at most %u fit",
			 r.nr_benches, HVB_MAX_RECORDS);
		return -EINVAL;
	}
	if (r.length != HVB_RESULTS_LEN(r.nr_benches)) {
		snprintf(err, errlen, "results block length %u does not match its %u benches (%u bytes)",
			 r.length, r.nr_benches, HVB_RESULTS_LEN(r.nr_benches));
		return -EINVAL;
	}
	if (r.length > len) {
		snprintf(err, errlen, "results block truncated: header says %u bytes, %zu arrived",
			 r.length, len);
		return -EINVAL;
	}
	sum = hvb_checksum(buf, r.length, offsetof(struct hvb_results, checksum));
	if (sum != r.checksum) {
		snprintf(err, errlen, "results block checksum 0x%016llx, computed 0x%016llx: the block is torn or corrupt",
			 (unsigned long long)r.checksum, (unsigned long long)sum);
		return -EBADMSG;
	}
	for (i = 0; i < r.nr_benches; i++) {
		char herr[128];

		if (r.bench[i].thread >= HVB_MAX_THREADS) {
			snprintf(err, errlen, "results block bench %u: thread %u, at most %u threads",
				 i, r.bench[i].thread, HVB_MAX_THREADS);
			return -EBADMSG;
		}
		if (r.bench[i].raw_n > HVB_RAW_MAX) {
			snprintf(err, errlen, "results block bench %u: %llu raw samples, at most %u fit",
				 i, (unsigned long long)r.bench[i].raw_n, HVB_RAW_MAX);
			return -EBADMSG;
		}
		if (hvb_hist_check(&r.bench[i].hist, herr, sizeof(herr)) ||
		    hvb_hist_check(&r.bench[i].hist2, herr, sizeof(herr))) {
			snprintf(err, errlen, "results block bench %u: %s", i, herr);
			return -EBADMSG;
		}
	}
	return 0;
}

/*
 * HVB_H_RESULTS: the guest hands over its block once.  It is copied out of
 * guest memory (which the guest may still write) into a staging copy and
 * validated there; only a valid block replaces nothing, and a second
 * hand-off, valid or not, is refused: what was accepted stays as it was.
 */
int hvb_results_accept(struct hvb_results *held, int *have, const void *guest, size_t len,
		       char *err, size_t errlen)
{
	struct hvb_results *stage;
	int ret;

	if (*have) {
		snprintf(err, errlen, "the guest handed over a second results block; the first is kept");
		return -EALREADY;
	}
	if (len > sizeof(*stage)) {
		snprintf(err, errlen, "guest results block of %zu bytes exceeds %zu", len, sizeof(*stage));
		return -E2BIG;
	}
	stage = calloc(1, sizeof(*stage));
	if (!stage) {
		snprintf(err, errlen, "out of memory for the results block");
		return -ENOMEM;
	}
	memcpy(stage, guest, len);
	ret = hvb_results_validate(stage, len, err, errlen);
	if (!ret) {
		memcpy(held, stage, sizeof(*held));
		*have = 1;
	}
	free(stage);
	return ret;
}

#define bench_table hvb_bench_info
#define NR_BENCH_IDS HVB_NR_BENCH_IDS

const char *hvb_bench_name(uint32_t id)
{
	return id < NR_BENCH_IDS ? bench_table[id].name : NULL;
}

uint32_t hvb_bench_id(const char *name)
{
	uint32_t id;

	for (id = 1; id < NR_BENCH_IDS; id++)
		if (bench_table[id].name && !strcmp(bench_table[id].name, name))
			return id;
	return 0;
}

uint32_t hvb_bench_req(uint32_t id)
{
	return id < NR_BENCH_IDS ? bench_table[id].req : 0;
}

uint32_t hvb_bench_max_id(void)
{
	return NR_BENCH_IDS - 1;
}

const char *hvb_hcall_name(uint32_t req)
{
	switch (req) {
	case 0: return "none";
	case H_REMOVE: return "H_REMOVE";
	case H_ENTER: return "H_ENTER";
	case H_READ: return "H_READ";
	case H_CLEAR_MOD: return "H_CLEAR_MOD";
	case H_CLEAR_REF: return "H_CLEAR_REF";
	case H_PROTECT: return "H_PROTECT";
	case H_GET_TCE: return "H_GET_TCE";
	case H_PUT_TCE: return "H_PUT_TCE";
	case H_SET_DABR: return "H_SET_DABR";
	case H_PUT_TERM_CHAR: return "H_PUT_TERM_CHAR";
	case H_CEDE: return "H_CEDE";
	case H_CONFER: return "H_CONFER";
	case H_PROD: return "H_PROD";
	case H_BULK_REMOVE: return "H_BULK_REMOVE";
	case H_STUFF_TCE: return "H_STUFF_TCE";
	case H_PUT_TCE_INDIRECT: return "H_PUT_TCE_INDIRECT";
	case H_RESIZE_HPT_PREPARE: return "H_RESIZE_HPT_PREPARE";
	case H_RESIZE_HPT_COMMIT: return "H_RESIZE_HPT_COMMIT";
	case HVB_H_RESULTS: return "HVB_H_RESULTS";
	case HVB_H_FAULT: return "HVB_H_FAULT";
	case HVB_H_EXIT: return "HVB_H_EXIT";
	}
	return "unknown";
}

const char *hvb_rc_name(long rc)
{
	switch (rc) {
	case H_SUCCESS: return "H_SUCCESS";
	case H_BUSY: return "H_BUSY";
	case H_LONG_BUSY_ORDER_1_MSEC: return "H_LONG_BUSY_ORDER_1_MSEC";
	case H_HARDWARE: return "H_HARDWARE";
	case H_FUNCTION: return "H_FUNCTION";
	case H_PRIVILEGE: return "H_PRIVILEGE";
	case H_PARAMETER: return "H_PARAMETER";
	case H_BAD_MODE: return "H_BAD_MODE";
	case H_PTEG_FULL: return "H_PTEG_FULL";
	case H_NOT_FOUND: return "H_NOT_FOUND";
	case H_NO_MEM: return "H_NO_MEM";
	case H_TOO_HARD: return "H_TOO_HARD";
	}
	return "other";
}

static const char *status_name(uint32_t s)
{
	switch (s) {
	case HVB_STATUS_OK: return "ok";
	case HVB_STATUS_BAD_RC: return "bad_rc";
	case HVB_STATUS_BAD_SPEC: return "bad_spec";
	case HVB_STATUS_CHECK: return "check_failed";
	case HVB_STATUS_FAULT: return "fault";
	case HVB_STATUS_SKIP: return "skipped";
	}
	return "unknown";
}

static json_t *hist_to_json(const struct hvb_hist *h)
{
	json_t *buckets = json_array();
	uint32_t b;

	for (b = 0; b < HVB_HIST_BUCKETS; b++) {
		if (!h->buckets[b])
			continue;
		json_array_append_new(buckets, json_pack("[I,I,I,I]", (json_int_t)b,
			(json_int_t)hvb_hist_bucket_lo(b),
			(json_int_t)(b == HVB_HIST_BUCKETS - 1 ? -1 : (json_int_t)hvb_hist_bucket_hi(b)),
			(json_int_t)h->buckets[b]));
	}
	return json_pack("{s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:s, s:o}",
			 "unit", "timebase_ticks", "sub_bits", HVB_HIST_SUB_BITS,
			 "max_log2", HVB_HIST_MAX_LOG2,
			 "count", (json_int_t)h->count, "sum", (json_int_t)h->sum,
			 "min", (json_int_t)(h->count ? h->min : 0), "max", (json_int_t)h->max,
			 "overflow", (json_int_t)h->overflow,
			 "columns", "bucket,lo,hi,count", "buckets", buckets);
}

json_t *hvb_results_to_json(const struct hvb_results *r)
{
	json_t *benches = json_array(), *top;
	uint32_t i;

	/* validated already; bounded again so no caller can read past bench[] */
	for (i = 0; i < r->nr_benches && i < HVB_MAX_RECORDS; i++) {
		const struct hvb_bench_result *b = &r->bench[i];
		const char *name = hvb_bench_name(b->bench);
		const struct hvb_bench_info *info = name ? &bench_table[b->bench] : NULL;
		struct hvb_summary s;
		json_t *jb;

		hvb_hist_summary(&b->hist, &s);
		jb = json_pack(
			"{s:s, s:s, s:i, s:s, s:s, s:I, s:s, s:{s:I, s:I, s:I, s:s, s:I}, s:I, s:I, s:{s:I, s:I, s:I, s:f, s:I, s:I, s:I, s:I}, s:o}",
			"bench", name ? name : "unknown",
			"req", hvb_hcall_name(b->req), "req_nr", (int)b->req,
			"side", "guest_round_trip",
			"status", status_name(b->status),
			"iterations", (json_int_t)b->iterations,
			"expected_rc", hvb_rc_name(b->expected_rc),
			"rc", "expected", (json_int_t)b->rc_expected,
			      "other", (json_int_t)b->rc_other,
			      "first_bad", (json_int_t)b->first_bad_rc,
			      "first_bad_name", b->rc_other ? hvb_rc_name(b->first_bad_rc) : "",
			      "pteg_full", (json_int_t)b->alt_rc,
			"pair_errors", (json_int_t)b->pair_errors,
			"check_errors", (json_int_t)b->check_errors,
			"summary", "count", (json_int_t)s.count, "min", (json_int_t)s.min,
				   "max", (json_int_t)s.max, "mean", s.mean,
				   "p50", (json_int_t)s.p50, "p90", (json_int_t)s.p90,
				   "p99", (json_int_t)s.p99, "p99.9", (json_int_t)s.p999,
			"hist", hist_to_json(&b->hist));
		json_object_set_new(jb, "thread", json_integer(b->thread));
		if (b->raw_n) {
			json_t *raw = json_array();
			uint64_t k;

			for (k = 0; k < b->raw_n && k < HVB_RAW_MAX; k++)
				json_array_append_new(raw, json_integer((json_int_t)b->raw[k]));
			json_object_set_new(jb, "raw", raw);
		}
		if (info && info->wake_thread == (int)b->thread)
			json_object_set_new(jb, "early_wakes", json_integer((json_int_t)b->early_wakes));
		if (info && info->hist2 && b->hist2.count)
			json_object_set_new(jb, info->hist2, hist_to_json(&b->hist2));
		json_array_append_new(benches, jb);
	}
	top = json_pack("{s:s, s:i, s:o}", "format", "hvbench-results",
			"version", HVB_RESULTS_VERSION, "benches", benches);
	if (r->failure.valid) {
		const char *fb = hvb_bench_name(r->failure.bench);
		char vec[24], srr0[24], srr1[24];

		snprintf(vec, sizeof(vec), "0x%llx", (unsigned long long)r->failure.vector);
		snprintf(srr0, sizeof(srr0), "0x%llx", (unsigned long long)r->failure.srr0);
		snprintf(srr1, sizeof(srr1), "0x%llx", (unsigned long long)r->failure.srr1);
		json_object_set_new(top, "failure", json_pack("{s:s, s:s, s:s, s:s}",
			"vector", vec, "srr0", srr0, "srr1", srr1,
			"bench", fb ? fb : "none"));
	}
	return top;
}

/*
 * A histogram from a run directory: every number in range (no negative
 * counts, no bucket count past 32 bits, no values past the layout's top),
 * each bucket once, and the whole adding up (hvb_hist_check).
 */
int hvb_hist_from_json(json_t *jh, struct hvb_hist *h, char *err, size_t errlen)
{
	const json_int_t vmax = (json_int_t)1 << 62;
	json_int_t count, sum, min, max, overflow;
	json_t *buckets, *row;
	json_error_t jerr;
	size_t i;

	hvb_hist_init(h);
	if (json_unpack_ex(jh, &jerr, 0, "{s:I, s:I, s:I, s:I, s:I, s:o}", "count", &count,
			   "sum", &sum, "min", &min, "max", &max, "overflow", &overflow,
			   "buckets", &buckets) || !json_is_array(buckets)) {
		snprintf(err, errlen, "histogram malformed: %s", jh ? jerr.text : "missing");
		return -EINVAL;
	}
	if (count < 0 || count > UINT32_MAX * (json_int_t)HVB_HIST_BUCKETS || sum < 0 || min < 0 ||
	    max < 0 || max > vmax || overflow < 0 || overflow > count) {
		snprintf(err, errlen, "histogram count %lld, sum %lld, min %lld, max %lld, overflow %lld: out of range",
			 (long long)count, (long long)sum, (long long)min, (long long)max, (long long)overflow);
		return -EINVAL;
	}
	if (json_array_size(buckets) > HVB_HIST_BUCKETS) {
		snprintf(err, errlen, "histogram has %zu bucket rows; the layout has %u buckets",
			 json_array_size(buckets), HVB_HIST_BUCKETS);
		return -EINVAL;
	}
	json_array_foreach(buckets, i, row) {
		json_int_t b, lo, hi, n;

		if (json_unpack(row, "[I,I,I,I!]", &b, &lo, &hi, &n) || b < 0 ||
		    b >= HVB_HIST_BUCKETS || lo < 0 || (uint64_t)lo != hvb_hist_bucket_lo((uint32_t)b)) {
			snprintf(err, errlen, "histogram bucket row %zu malformed or from another bucket layout", i);
			return -EINVAL;
		}
		if (n <= 0 || n > UINT32_MAX) {
			snprintf(err, errlen, "histogram bucket row %zu: count %lld is not in 1..%u",
				 i, (long long)n, UINT32_MAX);
			return -EINVAL;
		}
		if (h->buckets[b]) {
			snprintf(err, errlen, "histogram bucket %lld appears twice", (long long)b);
			return -EINVAL;
		}
		h->buckets[b] = (uint32_t)n;
	}
	if (!count && (sum || max || overflow)) {
		snprintf(err, errlen, "histogram has no samples but sum %lld, max %lld", (long long)sum,
			 (long long)max);
		return -EINVAL;
	}
	h->count = (uint64_t)count;
	h->sum = (uint64_t)sum;
	h->min = count ? (uint64_t)min : UINT64_MAX;
	h->max = (uint64_t)max;
	h->overflow = (uint64_t)overflow;
	return hvb_hist_check(h, err, errlen) ? -EINVAL : 0;
}
