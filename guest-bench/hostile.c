// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench.hostile: what a guest that is not guest-bench could do to the
 * VMM, done on purpose after the normal hand-off, so the host tool's
 * defences are tested by a real KVM-HV guest (tests/e2e/h_enter.job.sh).
 */
#include "bench.h"
#include "lib/console.h"

/* a hand-off of a block that lies about its size */
static void results_again(struct hvb_results *r, uint32_t nr)
{
	r->nr_benches = nr;
	r->length = HVB_RESULTS_LEN(nr < HVB_MAX_RECORDS ? nr : HVB_MAX_RECORDS);
	printf("guest-bench: hostile: a results block claiming %u records\n", nr);
	__hcall(HVB_H_RESULTS, (unsigned long)r, (unsigned long)sizeof(*r));
}

/* before the real hand-off: a lying first block, which must not stick */
void hostile_first(uint32_t mask, struct hvb_results *results)
{
	uint32_t nr = results->nr_benches;

	if (!(mask & HVB_HOSTILE_FIRST_LIE))
		return;
	hvb_results_seal(results);
	results_again(results, 0xffffffffU);
	results->nr_benches = nr;
}

void hostile_acts(uint32_t mask, struct hvb_results *results)
{
	if (mask & HVB_HOSTILE_CONSOLE)
		/* retitle the window, clear the screen, turn the text red */
		printf("guest-bench: hostile: \033]0;hvbench-pwned\007\033[2J\033[31m<-escapes\n");
	if (mask & HVB_HOSTILE_RESULTS_HUGE)
		results_again(results, 0xffffffffU);
	if (mask & HVB_HOSTILE_RESULTS_17)
		results_again(results, HVB_MAX_RECORDS + 1);
}

/*
 * hvbench.hang_order: a guest that stops making progress (no hcall, no
 * exit) for the host's per-cell watchdog; only the HPT order chooses the
 * cell, so one cell of a matrix hangs and the others do not.
 */
void hostile_hang(void)
{
	printf("guest-bench: hostile: hanging (hvbench.hang_order)\n");
	for (;;)
		asm volatile("" ::: "memory");
}
