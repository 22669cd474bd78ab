/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_VM_H
#define HVB_VM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>
#include <pthread.h>
#include "hvbench/results.h"
#include "console.h"

struct vm {
	int kvm_fd;
	int fd;
	void *mem;
	size_t mem_size;
	uint32_t hpt_order;	/* as allocated by the kernel */
	int smt;		/* KVM_CAP_PPC_SMT */
	int smt_mode;		/* set with KVM_ENABLE_CAP(KVM_CAP_PPC_SMT), 0: the default */
	int tce_fd;		/* KVM_CREATE_SPAPR_TCE_64, -1 if none */
	int nr_vcpus;		/* created so far: ids 0..nr_vcpus-1 */
	/* --mode user (vm_user.c): the VMM answers the hcalls it took from the kernel */
	int user_mode;
	uint64_t *user_tce;	/* the VMM's TCE table, or NULL */
	uint32_t user_tce_liobn, user_tce_entries;
	int htab_wfd;		/* KVM_PPC_GET_HTAB_FD for writing, -1 until needed */
	int htab_changed_fd;	/* read fd past its first pass: changed entries (snapshots) */
	int64_t hpt_valid;	/* valid entries at the last count through the HTAB fd, -1: none since the table changed */
	uint64_t pft_gpa;	/* ibm,pft-size's value in the guest's device tree, 0: none (it follows resizes) */
	pthread_t probe;	/* htab_busy: KVM_PPC_ALLOCATE_HTAB from another thread */
	int probe_running;
	int probe_errno;
	pthread_mutex_t lock;	/* user-space hcalls of all vcpus */
	volatile int abort;	/* a vcpu failed or the run is over: all stop */
	pthread_t main_thread;	/* runs vcpu 0 and takes SIGALRM/SIGINT/SIGTERM */
};

struct vcpu {
	struct vm *vm;
	int id;
	int fd;
	void *run;		/* struct kvm_run, mapped */
	size_t run_size;
	int exited;		/* HVB_H_EXIT or HVB_H_FAULT from this vcpu */
	int err;		/* how its run loop ended */
	pthread_t thread;
	struct vm_outcome *out;
};

/* the HPT as the VMM read it when guest-bench asked (HVB_H_SNAPSHOT, vm_htab.c) */
#define VM_MAX_SNAPS	40
struct vm_htab_snap {
	uint32_t bench;			/* 0: boot */
	uint32_t phase;			/* HVB_SNAP_* */
	uint64_t entries;		/* the HPT's */
	uint64_t valid, bolted, vrma;
	uint64_t pteg_occupancy[HPTES_PER_GROUP + 1];	/* PTEGs holding 0..8 valid entries */
	int have_touched;		/* not for the first snapshot */
	uint64_t touched, touched_valid;	/* entries changed since the last snapshot */
	uint64_t read_ns;		/* the full first-pass read, in the VMM */
};

/* an HPT resize the guest asked for (h_resize, vm_htab.c) */
#define VM_MAX_RESIZES	16
struct vm_resize {
	uint32_t from, to;
	uint64_t prepare_start, prepare_ns;	/* first PREPARE to the one that said ready */
	uint64_t polls;				/* PREPAREs made */
	uint64_t commit_ns;
	int err;				/* the failed prepare's or the commit's errno, 0 */
	int64_t entries;			/* valid entries before it (the last count), -1: unknown */
	int64_t preserved;			/* valid entries in the new table (HVB_SNAP_RESIZED), -1 */
};

/* what the guest told the VMM while it ran */
struct vm_outcome {
	int exited;			/* HVB_H_EXIT seen from vcpu 0 */
	long exit_status;
	int have_results;
	struct hvb_results results;
	char error[512];		/* first error: fault, bad results, watchdog */
	uint64_t hcalls_to_user;	/* every hcall KVM left to the VMM (console, results...) */
	uint64_t user_hcalls;		/* --mode user: the PAPR hcalls the VMM carried out itself */
	uint64_t mmio_exits;
	struct console_sink console;	/* console.log and the terminal */
	struct vm_htab_snap snaps[VM_MAX_SNAPS];
	unsigned int nr_snaps;
	uint64_t probes, probes_ebusy;	/* htab_busy: ALLOCATE_HTAB tries while running, EBUSY answers */
	struct vm_resize resizes[VM_MAX_RESIZES];	/* the first ones */
	unsigned int nr_resizes;
	uint64_t resizes_made;		/* every resize the guest asked for, ended by commit or error */
	uint64_t run_busy;		/* KVM_RUN EBUSY answers retried (vcore threads not grabbed) */
	unsigned int commit_rec;	/* 1 + the record of the last commit that succeeded, 0: none to count */
};

extern volatile sig_atomic_t vm_stop_reason;	/* SIGALRM/SIGINT/SIGTERM: stop the vcpus */
extern volatile sig_atomic_t vm_stop_requested;	/* SIGINT/SIGTERM: sticky, the run ends */
extern volatile sig_atomic_t vm_watchdog_fired;	/* SIGALRM: this guest overran --timeout */
void vm_stop_signal(int sig);

/* what host-runner's device tree tells guest-bench (vm_fdt.c) */
struct vm_fdt {
	const char *bootargs;
	uint64_t timebase_hz;
	uint32_t hpt_order;
	uint32_t threads;
	uint64_t mem_size;
};
int vm_build_fdt(void *buf, size_t size, const struct vm_fdt *f);
/* where ibm,pft-size's value lies in a tree just built, or -1 */
long vm_fdt_pft_offset(const void *fdt);
/* ibm,pft-size rewritten at vm->pft_gpa (an HPT resize committed): 0 or -errno */
int vm_fdt_set_hpt_order(struct vm *vm, uint32_t order);

int vm_create(struct vm *vm, const char *kvm_dev, size_t mem_size, uint32_t hpt_order);
int vm_load_elf(struct vm *vm, const char *path, uint64_t *entry, uint64_t *end);
void vm_destroy(struct vm *vm);
int vm_create_tce_table(struct vm *vm, uint32_t liobn, uint32_t entries);
int vm_enable_hpt_hcalls(struct vm *vm);
int vm_set_smt(struct vm *vm, unsigned int threads);
int vcpu_create(struct vm *vm, struct vcpu *vcpu, int id);
int vm_set_ile(struct vcpu *vcpu);	/* after the last vcpu_create */
int vcpu_set_entry(struct vcpu *vcpu, uint64_t pc, uint64_t r3, uint64_t r4);
int vcpu_flush_pending(struct vcpu *vcpu);	/* before vcpu_set_entry on a vcpu that ran */
/* run vcpus[0] here and the others on threads of their own, all to the end */
int vm_run(struct vm *vm, struct vcpu *vcpus, int nr, struct vm_outcome *out);
void vcpu_destroy(struct vcpu *vcpu);
/* the first error of a run, kept: later ones are consequences */
void vm_set_error(struct vm_outcome *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* the HPT through the HTAB fd (vm_htab.c) */
int vm_htab_read(struct vm *vm, uint64_t index, unsigned int n, uint64_t (*hpte)[2]);
int vm_htab_write(struct vm *vm, uint64_t index, uint64_t v, uint64_t r);
int vm_htab_snapshot(struct vm *vm, struct vm_outcome *out, uint32_t bench, uint32_t phase);
long vm_htab_read_pass(struct vm *vm, struct vm_outcome *out, uint64_t *args);
void vm_htab_close(struct vm *vm);
long vm_htab_probe(struct vm *vm, struct vm_outcome *out, uint64_t *args);
long vm_htab_resize_prepare(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args);
long vm_htab_resize_commit(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args);
/* --hpt-reset: KVM_PPC_ALLOCATE_HTAB on the existing VM; the valid entries left after it */
int vm_htab_reset(struct vm *vm, uint32_t order, uint64_t *ns, uint64_t *valid_after);

/* --mode user (vm_user.c) */
int vm_user_disable_hcall(struct vm *vm, uint32_t hcall);
int vm_user_tce_table(struct vm *vm, uint32_t liobn, uint32_t entries);
void vm_user_destroy(struct vm *vm);
long vm_user_hcall(struct vcpu *vcpu, struct vm_outcome *out, uint64_t nr, uint64_t *args,
		   int *handled);

#endif
