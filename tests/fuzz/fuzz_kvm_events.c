// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: a raw tracepoint record from the perf ring, decoded with
 * libtraceevent against the ppc64le kernel's kvm_hv format files
 * (tests/fixtures/tracefs; run from the source tree).  Byte 0..1 of the
 * input is replaced by one of the known event ids half of the time, so
 * the fuzzer reaches every decoder and not only "unknown event"; a batch
 * that decodes has each of its records decoded too.
 */
#include <stdlib.h>
#include <string.h>
#include "kvm_events.h"

static struct kvm_events k;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	if (kvm_events_load(&k, "tests/fixtures/tracefs/kvm_hv/%s.format", err, sizeof(err)))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *rec;
	struct kvm_ev ev;
	char err[256];

	if (!size)
		return 0;
	/* an exactly sized heap copy: ASan sees any read past the record */
	rec = malloc(size - 1 ? size - 1 : 1);
	if (!rec)
		return 0;
	memcpy(rec, data + 1, size - 1);
	if ((data[0] & 1) && size - 1 >= 2) {
		uint16_t id = (uint16_t)k.id[(data[0] >> 1) % KEV_MAX];

		memcpy(rec, &id, 2);
	}
	if (!kvm_events_decode(&k, rec, size - 1, &ev, err, sizeof(err)) &&
	    ev.kind == KEV_HCALL_BATCH) {
		struct kvm_ev r;
		unsigned int i;

		for (i = 0; i < ev.n + 1; i++)	/* one past the end: refused */
			kvm_events_batch_rec(&ev, i, &r);
	}
	free(rec);
	return 0;
}
