// SPDX-License-Identifier: GPL-2.0
/*
 * The names of the BPF collectors for --bpf: apart from the loaders so
 * that option parsing builds (and is tested) on any host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect_bpf.h"

static const struct {
	const char *name;
	unsigned int bit;
} collectors[] = {
	{ "hcall", COLLECT_BPF_HCALL },
	{ "exits", COLLECT_BPF_EXITS },
	{ "vcore", COLLECT_BPF_VCORE },
};

#define NR_COLLECTORS (sizeof(collectors) / sizeof(collectors[0]))

const char *collect_bpf_name(unsigned int bit)
{
	size_t i;

	for (i = 0; i < NR_COLLECTORS; i++)
		if (collectors[i].bit == bit)
			return collectors[i].name;
	return "?";
}

int collect_bpf_parse(const char *list, unsigned int *mask, char *err, size_t errlen)
{
	char *dup = strdup(list), *save = NULL, *w;
	size_t i;

	if (!dup)
		return -ENOMEM;
	*mask = 0;
	for (w = strtok_r(dup, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NR_COLLECTORS; i++)
			if (!strcmp(w, collectors[i].name))
				break;
		if (i == NR_COLLECTORS) {
			snprintf(err, errlen, "unknown BPF collector '%s': use hcall, exits, vcore", w);
			free(dup);
			return -EINVAL;
		}
		*mask |= collectors[i].bit;
	}
	free(dup);
	if (!*mask) {
		snprintf(err, errlen, "no BPF collector named: use hcall, exits, vcore");
		return -EINVAL;
	}
	return 0;
}
