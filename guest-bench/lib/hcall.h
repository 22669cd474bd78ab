/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_HCALL_H
#define GUEST_HCALL_H

#include <stdint.h>
#include "hvbench/papr.h"

long __hcall(unsigned long opcode, ...);
long __hcall_ret(unsigned long ret[4], unsigned long opcode, ...);
long __hcall_timed(uint64_t *ticks, unsigned long ret[8], const unsigned long a[10]);
long __timed_nop(uint64_t *ticks);

static inline uint64_t mftb(void)
{
	uint64_t tb;

	asm volatile("mftb %0" : "=r"(tb));
	return tb;
}

static inline void mtdec(uint32_t v)
{
	asm volatile("mtdec %0" : : "r"((unsigned long)v));
}

#endif
