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
#include "hvbench/results.h"
#include "lib/smp.h"

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
	 * Decrementer: stamp the timebase for h_cede in this thread's struct
	 * guest_cpu (SPRG1), push the decrementer far away and return with
	 * MSR[EE] clear.  r9/r10 are saved in SPRG0/SPRG2: the interrupted
	 * code is right after an "sc 1".
	 */
	. = 0x900
	mtsprg0	r9
	mtsprg2	r10
	mfsprg1	r10
	mftb	r9
	std	r9, GCPU_DEC_WAKE_TB(r10)
	lis	r9, 0x7fff
	mtdec	r9
	mfsrr1	r9
	rldicl	r9, r9, 48, 1		/* clear MSR_EE (0x8000) */
	rotldi	r9, r9, 16
	mtsrr1	r9
	mfsprg2	r10
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
	mfsprg1	r7
	ld	r1, GCPU_FAULT_STACK(r7)
	LOAD_IMM64(r2, .TOC.)
	li	r0, 0
	stdu	r0, -32(r1)
	bl	guest_fault
	nop
1:	b	1b

	.text
	.globl	_start
_start:
	/* r3 = device tree GPA, r4 = thread number: refuse one we have no room for */
	cmpldi	r4, HVB_MAX_THREADS
	blt	1f
	li	r3, 0
	ori	r3, r3, HVB_H_EXIT
	li	r4, -1
	sc	1
	b	.
1:	LOAD_IMM64(r5, guest_cpus)
	sldi	r6, r4, 6		/* GCPU_SIZE */
	add	r5, r5, r6
	mtsprg1	r5
	std	r4, GCPU_ID(r5)
	LOAD_IMM64(r1, fault_stack_top)
	sldi	r6, r4, 12		/* GUEST_FAULT_STACK_SIZE */
	subf	r1, r6, r1
	std	r1, GCPU_FAULT_STACK(r5)
	LOAD_IMM64(r1, stack_top)
	sldi	r6, r4, 15		/* GUEST_STACK_SIZE */
	subf	r1, r6, r1
	LOAD_IMM64(r2, .TOC.)
	li	r0, 0
	stdu	r0, -32(r1)		/* terminate the back chain */
	lis	r9, 0x7fff
	mtdec	r9
	cmpdi	r4, 0
	bne	2f
	bl	main
	nop
	mr	r4, r3
	b	3f
2:	bl	smp_secondary		/* (fdt, thread) */
	nop
	li	r4, 0
3:	li	r3, 0
	ori	r3, r3, HVB_H_EXIT
	sc	1
	b	.
