// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the guest's results block, as HVB_H_RESULTS hands it over.
 * Byte 0 picks the mode: even = the bytes as they are (magic, checksum and
 * all: the path a hostile guest takes), odd = the bytes sealed first (a
 * valid checksum, so the fuzzer gets to the per-record checks and to
 * results.json).  Accepted blocks are converted to JSON and back.
 */
#include <stdlib.h>
#include <string.h>
#include "results.h"
#include "hist_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hvb_results held, in;
	char err[512];
	int have = 0;

	if (!size)
		return 0;
	memset(&in, 0, sizeof(in));
	memcpy(&in, data + 1, size - 1 < sizeof(in) ? size - 1 : sizeof(in));
	if (data[0] & 1) {
		if (in.nr_benches > HVB_MAX_RECORDS)
			in.nr_benches %= HVB_MAX_RECORDS + 1;
		hvb_results_seal(&in);
	}
	/* sealed: the whole block (zero-padded past the input), every record reached */
	if (!hvb_results_accept(&held, &have, &in,
				(data[0] & 1) ? in.length : (size - 1 < sizeof(in) ? size - 1 : sizeof(in)),
				err, sizeof(err))) {
		json_t *j = hvb_results_to_json(&held), *b;
		struct hvb_hist *h = malloc(sizeof(*h));
		size_t i;

		json_array_foreach(json_object_get(j, "benches"), i, b)
			if (h && hvb_hist_from_json(json_object_get(b, "hist"), h, err, sizeof(err)))
				abort();	/* what we wrote, we must read back */
		free(h);
		json_decref(j);
		/* a second hand-off never replaces the first */
		if (!hvb_results_accept(&held, &have, &in, in.length, err, sizeof(err)))
			abort();
	}
	return 0;
}
