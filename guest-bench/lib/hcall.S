/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hcall stubs.  An hcall clobbers r0, r3-r12, CTR, XER and CR, so nothing is
 * kept there across "sc 1"; what must survive sits in the ELFv2 red zone
 * below r1 (the hypervisor does not touch guest memory to make the call).
 */
	.text

/* long __hcall(unsigned long opcode, unsigned long a1, ... a7) */
	.globl	__hcall
__hcall:
	sc	1
	blr

/* long __hcall_ret(unsigned long ret[4], unsigned long opcode, a1 ... a6) */
	.globl	__hcall_ret
__hcall_ret:
	std	r3, -8(r1)
	mr	r3, r4
	mr	r4, r5
	mr	r5, r6
	mr	r6, r7
	mr	r7, r8
	mr	r8, r9
	mr	r9, r10
	sc	1
	ld	r12, -8(r1)
	std	r4, 0(r12)
	std	r5, 8(r12)
	std	r6, 16(r12)
	std	r7, 24(r12)
	blr

/*
 * long __hcall_timed(uint64_t *ticks, unsigned long ret[8], const unsigned long a[10])
 * a[0] is the opcode, a[1..9] go to r4..r12.  All loads happen before the
 * first mftb: between the two timebase reads there is only "sc 1".
 * ret[] receives r4..r11 as the hcall left them.
 */
	.globl	__hcall_timed
__hcall_timed:
	std	r3, -8(r1)
	std	r4, -16(r1)
	std	r31, -24(r1)
	mr	r31, r5
	ld	r3, 0(r31)
	ld	r4, 8(r31)
	ld	r5, 16(r31)
	ld	r6, 24(r31)
	ld	r7, 32(r31)
	ld	r8, 40(r31)
	ld	r9, 48(r31)
	ld	r10, 56(r31)
	ld	r11, 64(r31)
	ld	r12, 72(r31)
	mftb	r31
	sc	1
	mftb	r0
	subf	r0, r31, r0
	ld	r12, -8(r1)
	std	r0, 0(r12)
	ld	r12, -16(r1)
	std	r4, 0(r12)
	std	r5, 8(r12)
	std	r6, 16(r12)
	std	r7, 24(r12)
	std	r8, 32(r12)
	std	r9, 40(r12)
	std	r10, 48(r12)
	std	r11, 56(r12)
	ld	r31, -24(r1)
	blr

/*
 * long __timed_nop(uint64_t *ticks): the same timebase pair as
 * __hcall_timed with a nop where "sc 1" is: the loop bench's sample.
 */
	.globl	__timed_nop
__timed_nop:
	std	r31, -24(r1)
	mftb	r31
	nop
	mftb	r0
	subf	r0, r31, r0
	std	r0, 0(r3)
	ld	r31, -24(r1)
	li	r3, 0
	blr

/*
 * uint64_t __timed_load_dr(uint64_t *ticks, uint64_t ea): one 8-byte load
 * with data relocation on, between the timebase reads (the mmio bench).
 * Nothing else touches memory while MSR[DR] is set.
 */
	.globl	__timed_load_dr
__timed_load_dr:
	std	r31, -24(r1)
	mfmsr	r5
	ori	r6, r5, 0x10		/* MSR_DR */
	mtmsrd	r6
	isync
	mftb	r31
	ld	r4, 0(r4)
	mftb	r0
	mtmsrd	r5
	isync
	subf	r0, r31, r0
	std	r0, 0(r3)
	mr	r3, r4
	ld	r31, -24(r1)
	blr
