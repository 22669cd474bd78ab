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
 * long __hcall_timed(uint64_t *ticks, unsigned long ret[2], opcode, a1 ... a5)
 * Timebase before and after "sc 1" with nothing else in between.
 */
	.globl	__hcall_timed
__hcall_timed:
	std	r3, -8(r1)
	std	r4, -16(r1)
	std	r31, -24(r1)
	mr	r3, r5
	mr	r4, r6
	mr	r5, r7
	mr	r6, r8
	mr	r7, r9
	mr	r8, r10
	mftb	r31
	sc	1
	mftb	r0
	subf	r0, r31, r0
	ld	r12, -8(r1)
	std	r0, 0(r12)
	ld	r12, -16(r1)
	std	r4, 0(r12)
	std	r5, 8(r12)
	ld	r31, -24(r1)
	blr
