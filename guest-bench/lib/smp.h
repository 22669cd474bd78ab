/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The threads of the vcore.  Every vcpu starts at _start with r4 = its
 * thread number; cstart64.S gives each its own stack and points SPRG1 at
 * its struct guest_cpu, which the decrementer and fault vectors use (they
 * have no other way to tell which thread they interrupted).  Thread 0 runs
 * the benches; the others wait in smp_secondary() for orders that thread 0
 * writes to memory, and H_PRODs them to.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

/* struct guest_cpu offsets, for cstart64.S */
#define GCPU_DEC_WAKE_TB	0
#define GCPU_FAULT_STACK	8
#define GCPU_ID			16
#define GCPU_SIZE		64

#define GUEST_STACK_SIZE	0x8000
#define GUEST_FAULT_STACK_SIZE	0x1000

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "hvbench/results.h"

struct guest_cpu {
	volatile uint64_t dec_wake_tb;	/* set by the decrementer vector */
	uint64_t fault_stack;
	uint64_t id;
	uint64_t pad[5];
};

_Static_assert(__builtin_offsetof(struct guest_cpu, dec_wake_tb) == GCPU_DEC_WAKE_TB, "GCPU_DEC_WAKE_TB");
_Static_assert(__builtin_offsetof(struct guest_cpu, fault_stack) == GCPU_FAULT_STACK, "GCPU_FAULT_STACK");
_Static_assert(__builtin_offsetof(struct guest_cpu, id) == GCPU_ID, "GCPU_ID");
_Static_assert(sizeof(struct guest_cpu) == GCPU_SIZE, "GCPU_SIZE");

static inline struct guest_cpu *this_cpu(void)
{
	struct guest_cpu *c;

	asm volatile("mfsprg1 %0" : "=r"(c));
	return c;
}

/* what a secondary thread does until told otherwise */
enum smp_order {
	SMP_IDLE = 0,	/* H_CEDE, again and again (the idle-sibling case) */
	SMP_BUSY,	/* null hcalls (H_SET_DABR) in a loop, timed into a record */
	SMP_PROD_PARTNER,	/* h_prod: cede, get prodded, prod thread 0 back */
	SMP_EXIT,	/* HVB_H_EXIT: this vcpu is done */
};

struct smp_ctl {
	volatile uint32_t order;
	volatile uint64_t seq;		/* bumped with every new order */
	volatile uint64_t ack[HVB_MAX_THREADS];	/* seq of the order each thread follows */
	struct hvb_bench_result *volatile rec[HVB_MAX_THREADS];	/* where its samples go */
	volatile uint64_t iterations;	/* SMP_PROD_PARTNER: rounds */
	/* h_prod handshake, one round at a time */
	volatile uint64_t round_ready;	/* partner is about to cede for this round */
	volatile uint64_t round_go;	/* thread 0 prodded for this round */
	volatile uint64_t round_back;	/* partner prodded thread 0 back */
	volatile uint64_t prod_tb;	/* thread 0's timebase just before H_PROD */
};

extern struct smp_ctl smp;
extern uint32_t smp_nr_threads;
extern uint32_t smp_server[HVB_MAX_THREADS];	/* vcpu id of each thread: H_PROD's target */

void smp_secondary(const void *fdt, uint32_t id);
/* give every secondary an order, prod it, and wait until all follow it */
int smp_order_all(uint32_t order);
/* a secondary that does not answer within this many ticks (~4 s at 512 MHz) is lost */
#define SMP_TIMEOUT	(1ULL << 31)

/*
 * A waiting thread cedes with the decrementer this far out (~33 ms at
 * 512 MHz), so that a wake-up the hypervisor loses costs a bounded delay,
 * not a 4 s decrementer wrap; such returns are counted, never hidden.
 */
#define SMP_CEDE_DEC	(1U << 24)

/* H_CEDE with the decrementer at SMP_CEDE_DEC */
long smp_cede(void);

/* spin until *p == v; 0, or -1 after about 'ticks' timebase ticks */
int smp_wait_eq(volatile uint64_t *p, uint64_t v, uint64_t ticks);
#endif

#endif
