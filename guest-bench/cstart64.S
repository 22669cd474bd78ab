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

/*
 * QEMU pseries starts threads big-endian: an instruction sequence that is
 * a no-op branch in little-endian and, read big-endian, flips MSR[LE]
 * (the kernel's FIXUP_ENDIAN, arch/powerpc/include/asm/ppc_asm.h).
 */
#define FIXUP_ENDIAN						   \
	tdi   0,0,0x48;	  /* Reverse endian of b . + 8		*/ \
	b     191f;	  /* Skip trampoline if endian is good	*/ \
	.long 0xa600607d; /* mfmsr r11				*/ \
	.long 0x01006b69; /* xori r11,r11,1			*/ \
	.long 0x00004039; /* li r10,0				*/ \
	.long 0x6401417d; /* mtmsrd r10,1			*/ \
	.long 0x05009f42; /* bcl 20,31,$+4			*/ \
	.long 0xa602487d; /* mflr r10				*/ \
	.long 0x14004a39; /* addi r10,r10,20			*/ \
	.long 0xa6035a7d; /* mtsrr0 r10				*/ \
	.long 0xa6037b7d; /* mtsrr1 r11				*/ \
	.long 0x2400004c; /* rfid				*/ \
191:

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

	/*
	 * 0x100: system reset, and where QEMU pseries starts a -bios image
	 * (r3 = its device tree, big-endian, real mode).  The first time it
	 * is the pseries entry; later a system reset is a fault like others.
	 */
	. = 0x100
	FIXUP_ENDIAN
	b	__pseries_start

	.irp	v, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, \
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
/* QEMU pseries, boot thread: clear .bss, take interrupts little-endian */
__pseries_start:
	LOAD_IMM64(r5, pseries_booted)
	lwz	r6, 0(r5)
	cmpwi	r6, 0
	beq	1f
	li	r4, 0x100		/* a system reset after boot */
	b	fault_common
1:	mr	r31, r3
	LOAD_IMM64(r5, __bss_start)
	LOAD_IMM64(r6, image_end)
	li	r0, 0
2:	std	r0, 0(r5)
	addi	r5, r5, 8
	cmpld	r5, r6
	blt	2b
	LOAD_IMM64(r5, pseries_booted)
	li	r6, 1
	stw	r6, 0(r5)
	li	r3, H_SET_MODE
	li	r4, 1			/* mflags: little-endian */
	li	r5, H_SET_MODE_RESOURCE_LE
	li	r6, 0
	li	r7, 0
	sc	1
	mr	r3, r31
	li	r4, 0
	b	_start

/* QEMU pseries, other threads: RTAS start-cpu, r3 = thread number, big-endian */
	.globl	__pseries_secondary
__pseries_secondary:
	FIXUP_ENDIAN
	mr	r4, r3
	li	r3, 0
	b	_start

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
