/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest-bench entry and exception vectors.  The host starts us at _start in
 * real mode (MSR = SF|ME|LE, through the VRMA) with r3 = GPA of the bench
 * spec.  The decrementer is the one interrupt a bench expects (h_cede);
 * any other is a failure: the vector stubs hand it to guest_fault(), which
 * records {vector, SRR0, SRR1, bench}, hands the results over and tells
 * the host (HVB_H_FAULT) instead of looping forever.
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
		   0x700, 0x800
	VEC	\v
	.endr

	/*
	 * Decrementer: stamp the timebase for h_cede, push the decrementer
	 * far away and return with MSR[EE] clear.  Only r9 is used, saved in
	 * SPRG0: the interrupted code is right after an "sc 1".
	 */
	. = 0x900
	mtsprg0	r9
	mftb	r9
	std	r9, dec_wake_tb@l(0)
	lis	r9, 0x7fff
	mtdec	r9
	mfsrr1	r9
	rldicl	r9, r9, 48, 1		/* clear MSR_EE (0x8000) */
	rotldi	r9, r9, 16
	mtsrr1	r9
	mfsprg0	r9
	rfid

	.irp	v, 0x980, 0xa00, 0xb00, 0xc00, 0xd00, \
		   0xe00, 0xe20, 0xe40, 0xe60, 0xe80, 0xea0, 0xf00, 0xf20, \
		   0xf40, 0xf60, 0xf80, 0x1000, 0x1100, 0x1200, 0x1300, \
		   0x1400, 0x1500, 0x1600, 0x1700, 0x1800
	VEC	\v
	.endr

	. = 0x1c00
fault_common:
	mfsrr0	r5
	mfsrr1	r6
	mr	r3, r4
	mr	r4, r5
	mr	r5, r6
	/* the faulting code's r1/r2 may be what faulted: use our own */
	LOAD_IMM64(r1, fault_stack_top)
	LOAD_IMM64(r2, .TOC.)
	li	r0, 0
	stdu	r0, -32(r1)
	bl	guest_fault
	nop
1:	b	1b

	/* below 32 KiB, so the handler can address it absolutely */
	. = 0x1f00
	.globl	dec_wake_tb
dec_wake_tb:
	.quad	0

	.text
	.globl	_start
_start:
	LOAD_IMM64(r1, stack_top)
	LOAD_IMM64(r2, .TOC.)
	li	r0, 0
	stdu	r0, -32(r1)		/* terminate the back chain */
	lis	r9, 0x7fff
	mtdec	r9
	bl	main
	nop
	mr	r4, r3
	li	r3, 0
	ori	r3, r3, HVB_H_EXIT
	sc	1
1:	b	1b
