// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF programs and links loaded in the kernel, counted: what bpftool
 * prog/link list would show, for the emulated host's initramfs, which has
 * no bpftool (Debian's is dynamic).  make check's matrix job counts before
 * hvbench runs with collectors and after it is interrupted: none may stay.
 *
 *   bpf_objects        prints "progs N links M", exit 0; 1 if the kernel refuses
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>

static int count(int (*next)(__u32, __u32 *), const char *what, unsigned int *n)
{
	__u32 id = 0;

	*n = 0;
	while (!next(id, &id))
		(*n)++;
	if (errno != ENOENT) {
		fprintf(stderr, "bpf_objects: %s: %s\n", what, strerror(errno));
		return 1;
	}
	return 0;
}

int main(void)
{
	unsigned int progs, links;

	if (count(bpf_prog_get_next_id, "BPF_PROG_GET_NEXT_ID", &progs) ||
	    count(bpf_link_get_next_id, "BPF_LINK_GET_NEXT_ID", &links))
		return 1;
	printf("progs %u links %u\n", progs, links);
	return 0;
}
