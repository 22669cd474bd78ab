/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest-bench entry and exception vectors.  The host starts us at _start in
 * real mode (MSR = SF|ME|LE, through the VRMA) with r3 = GPA of the bench
 * spec.  Any interrupt the guest takes is unexpected in a bench: the vector
 * stubs report it to the host (HVB_H_FAULT) instead of looping forever.
 */
#include "hvbench/papr.h"

#define LOAD_IMM64(r, x)		\
	lis	r, (x)@highest;		\
	ori	r, r, (x)@higher;	\
	rldicr	r, r, 32, 31;		\
	oris	r, r, (x)@h;		\
	ori	r, r, (x)@l

	.section .head, "ax"
	.globl	__vectors
__vectors:
	b	_start

	.macro	VEC addr
	. = \addr
	li	r4, \addr
	b	fault_common
	.endm

	.irp	v, 0x100, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, \
		   0x700, 0x800, 0x900, 0x980, 0xa00, 0xb00, 0xc00, 0xd00, \
		   0xe00, 0xe20, 0xe40, 0xe60, 0xe80, 0xea0, 0xf00, 0xf20, \
		   0xf40, 0xf60, 0xf80, 0x1000, 0x1100, 0x1200, 0x1300, \
		   0x1400, 0x1500, 0x1600, 0x1700, 0x1800
	VEC	\v
	.endr

	. = 0x1c00
fault_common:
	mfsrr0	r5
	mfsrr1	r6
	li	r3, 0
	ori	r3, r3, HVB_H_FAULT
	sc	1
1:	b	1b

	.text
	.globl	_start
_start:
	LOAD_IMM64(r1, stack_top)
	LOAD_IMM64(r2, .TOC.)
	li	r0, 0
	stdu	r0, -32(r1)		/* terminate the back chain */
	bl	main
	nop
	mr	r4, r3
	li	r3, 0
	ori	r3, r3, HVB_H_EXIT
	sc	1
1:	b	1b
