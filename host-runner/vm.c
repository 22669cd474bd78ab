// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal VMM for Book3S HV: one HV VM, one memslot at GPA 0, an HPT of
 * the requested order, PAPR vcpus, and a KVM_RUN loop that answers the
 * hcalls the kernel leaves to user space through a table indexed by
 * opcode / 4 (H_FUNCTION for the unknown), kvmtool-style.
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <libelf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "hvbench/papr.h"
#include "results.h"
#include "vm.h"

volatile sig_atomic_t vm_stop_reason;
volatile sig_atomic_t vm_stop_requested;
volatile sig_atomic_t vm_watchdog_fired;
/* the kvm_run of the vcpu this thread runs, for the signal handlers */
static __thread struct kvm_run *volatile running;

/*
 * Watchdog (SIGALRM) and ^C: KVM_RUN returns EINTR when the signal lands
 * inside it; immediate_exit covers one that lands just before it.  Only
 * the thread of vcpu 0 takes them; it kicks the others with SIGUSR1.
 */
void vm_stop_signal(int sig)
{
	/* ^C is never taken back by a later watchdog, nor the other way round */
	if (sig == SIGALRM)
		vm_watchdog_fired = 1;
	else
		vm_stop_requested = sig;
	vm_stop_reason = sig;
	if (running)
		running->immediate_exit = 1;
}

static void vm_kick_signal(int sig)
{
	(void)sig;
	if (running)
		running->immediate_exit = 1;
}

#define LPCR_ILE	0x0000000002000000ULL
#define MSR_SF		(1ULL << 63)
#define MSR_ME		(1ULL << 12)
#define MSR_LE		(1ULL << 0)

int vm_create(struct vm *vm, const char *kvm_dev, size_t mem_size, uint32_t hpt_order)
{
	struct kvm_userspace_memory_region slot;
	uint32_t order = hpt_order;
	int err;

	memset(vm, 0, sizeof(*vm));
	pthread_mutex_init(&vm->lock, NULL);
	vm->fd = -1;
	vm->tce_fd = -1;
	vm->htab_wfd = vm->htab_changed_fd = -1;
	vm->hpt_valid = -1;
	vm->kvm_fd = open(kvm_dev, O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		err = -errno;
		if (err == -ENOENT || err == -ENODEV || err == -ENXIO)
			fprintf(stderr, "hvbench: error: cannot open %s: kvm-hv is not loaded (on a POWER8 host: modprobe kvm-hv)\n",
				kvm_dev);
		else
			fprintf(stderr, "hvbench: error: cannot open %s: %s (run as root, or give your user access to it)\n",
				kvm_dev, strerror(-err));
		return err;
	}
	vm->fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, KVM_VM_PPC_HV);
	if (vm->fd < 0) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_CREATE_VM(KVM_VM_PPC_HV) failed: %s: kvm-hv is not loaded or this host cannot run HV guests (load kvm-hv, not kvm-pr)\n",
			strerror(-err));
		goto fail;
	}
	vm->smt = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_SMT);

	vm->mem_size = mem_size;
	vm->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE, -1, 0);
	if (vm->mem == MAP_FAILED) {
		err = -errno;
		vm->mem = NULL;
		fprintf(stderr, "hvbench: error: cannot map %zu MiB of guest memory: %s\n",
			mem_size >> 20, strerror(-err));
		goto fail;
	}
	memset(&slot, 0, sizeof(slot));
	slot.slot = 0;
	slot.guest_phys_addr = 0;
	slot.memory_size = mem_size;
	slot.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &slot)) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_SET_USER_MEMORY_REGION: %s\n", strerror(-err));
		goto fail;
	}
	if (ioctl(vm->fd, KVM_PPC_ALLOCATE_HTAB, &order)) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_PPC_ALLOCATE_HTAB(order %u): %s (try a smaller --hpt-order; large HPTs need CMA, see kvm_cma_resv_ratio)\n",
			hpt_order, strerror(-err));
		goto fail;
	}
	vm->hpt_order = order;
	return 0;
fail:
	vm_destroy(vm);
	return err;
}

/*
 * An in-kernel TCE table with no IOMMU group behind it, as QEMU makes for
 * an emulated PCI host bridge: H_PUT_TCE to it is handled by KVM (in real
 * mode with kmod's kernel) instead of exiting to the VMM.
 */
static int vm_enable_hcall(struct vm *vm, unsigned long hcall)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_PPC_ENABLE_HCALL,
		.args = { hcall, 1 },
	};

	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap)) {
		int err = -errno;

		fprintf(stderr, "hvbench: error: KVM_CAP_PPC_ENABLE_HCALL(0x%lx): %s\n",
			hcall, strerror(-err));
		return err;
	}
	return 0;
}

/*
 * The VM's SMT mode: on POWER8 KVM packs smt_mode vcpus into each vcore
 * (kvmhv_set_smt_mode); a power of two up to the host's threads per core,
 * before the first vcpu runs.  Other widths keep the default (the host's
 * threads per core), which also puts vcpus 0..n-1 in one vcore.
 */
int vm_set_smt(struct vm *vm, unsigned int threads)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_PPC_SMT, .args = { threads, 0 } };

	vm->smt_mode = 0;
	if (threads & (threads - 1))
		return 0;
	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap)) {
		int err = -errno;

		fprintf(stderr, "hvbench: error: KVM_ENABLE_CAP(KVM_CAP_PPC_SMT, %u): %s (at most %d threads per vcore here)\n",
			threads, strerror(-err), vm->smt);
		return err;
	}
	vm->smt_mode = (int)threads;
	return 0;
}

/* hcalls with in-kernel handlers that KVM leaves off until the VMM asks */
int vm_enable_hpt_hcalls(struct vm *vm)
{
	int err = vm_enable_hcall(vm, H_CLEAR_REF);

	return err ? err : vm_enable_hcall(vm, H_CLEAR_MOD);
}

int vm_create_tce_table(struct vm *vm, uint32_t liobn, uint32_t entries)
{
	struct kvm_create_spapr_tce_64 args = {
		.liobn = liobn,
		.page_shift = 12,
		.offset = 0,
		.size = entries,
	};
	int err;

	vm->tce_fd = ioctl(vm->fd, KVM_CREATE_SPAPR_TCE_64, &args);
	if (vm->tce_fd < 0) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_CREATE_SPAPR_TCE_64(liobn 0x%x, %u entries): %s\n",
			liobn, entries, strerror(-err));
		return err;
	}
	/* in-kernel handling of these is off until the VMM asks, as QEMU does */
	err = vm_enable_hcall(vm, H_STUFF_TCE);
	if (!err)
		err = vm_enable_hcall(vm, H_PUT_TCE_INDIRECT);
	return err;
}

void vm_destroy(struct vm *vm)
{
	vm_user_destroy(vm);
	vm_htab_close(vm);
	if (vm->tce_fd >= 0)
		close(vm->tce_fd);
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	if (vm->fd >= 0)
		close(vm->fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->mem = NULL;
	vm->fd = vm->kvm_fd = vm->tce_fd = -1;
}

/* guest-bench is a freestanding ELF linked at its guest-physical address */
int vm_load_elf(struct vm *vm, const char *path, uint64_t *entry, uint64_t *end)
{
	Elf *elf = NULL;
	GElf_Ehdr eh;
	size_t nph, i, fsize;
	char *raw;
	int fd, err = -EINVAL;

	*end = 0;
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "hvbench: error: cannot open guest %s: %s (build it with 'make', or pass --guest)\n",
			path, strerror(-err));
		return err;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		fprintf(stderr, "hvbench: error: %s is not an ELF file\n", path);
		goto cleanup;
	}
	if (eh.e_machine != EM_PPC64 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		fprintf(stderr, "hvbench: error: %s is not a little-endian ppc64 ELF (guest-bench builds as one)\n",
			path);
		goto cleanup;
	}
	raw = elf_rawfile(elf, &fsize);
	if (!raw || elf_getphdrnum(elf, &nph)) {
		fprintf(stderr, "hvbench: error: %s: cannot read program headers: %s\n", path, elf_errmsg(-1));
		goto cleanup;
	}
	for (i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > fsize || ph.p_filesz > fsize - ph.p_offset ||
		    ph.p_paddr > vm->mem_size || ph.p_memsz > vm->mem_size - ph.p_paddr) {
			fprintf(stderr, "hvbench: error: %s: segment %zu (paddr 0x%llx, %llu bytes) does not fit %zu MiB of guest memory\n",
				path, i, (unsigned long long)ph.p_paddr,
				(unsigned long long)ph.p_memsz, vm->mem_size >> 20);
			goto cleanup;
		}
		memcpy((char *)vm->mem + ph.p_paddr, raw + ph.p_offset, ph.p_filesz);
		memset((char *)vm->mem + ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		if (ph.p_paddr + ph.p_memsz > *end)
			*end = ph.p_paddr + ph.p_memsz;
	}
	if (!*end || eh.e_entry >= *end) {
		fprintf(stderr, "hvbench: error: %s: no loadable segment holds the entry point\n", path);
		goto cleanup;
	}
	*entry = eh.e_entry;
	err = 0;
cleanup:
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

int vcpu_create(struct vm *vm, struct vcpu *vcpu, int id)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_PPC_PAPR };
	int err, sz;

	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = ioctl(vm->fd, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_CREATE_VCPU(%d): %s\n", id, strerror(-err));
		return err;
	}
	sz = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz <= 0) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_GET_VCPU_MMAP_SIZE: %s\n", strerror(-err));
		goto fail;
	}
	vcpu->run_size = (size_t)sz;
	vcpu->run = mmap(NULL, vcpu->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		err = -errno;
		vcpu->run = NULL;
		fprintf(stderr, "hvbench: error: cannot map kvm_run of vcpu %d: %s\n", id, strerror(-err));
		goto fail;
	}
	/* without PAPR mode KVM_RUN fails with EINVAL on HV */
	if (ioctl(vcpu->fd, KVM_ENABLE_CAP, &cap)) {
		err = -errno;
		fprintf(stderr, "hvbench: error: KVM_ENABLE_CAP(KVM_CAP_PPC_PAPR) on vcpu %d: %s\n",
			id, strerror(-err));
		goto fail;
	}
	vm->nr_vcpus = id + 1 > vm->nr_vcpus ? id + 1 : vm->nr_vcpus;
	return 0;
fail:
	vcpu_destroy(vcpu);
	return err;
}

/*
 * guest-bench is little-endian: interrupts must be taken little-endian too.
 * LPCR belongs to the vcore, and KVM updates the interrupt MSR of the
 * vcpus only when ILE changes, for the vcpus that exist then: so this comes
 * after the last vcpu is created, or the others would take KVM-injected
 * interrupts (a decrementer that expired while they were ceded) big-endian.
 */
int vm_set_ile(struct vcpu *vcpu)
{
	struct kvm_one_reg reg;
	uint64_t lpcr;

	reg.id = KVM_REG_PPC_LPCR_64;
	reg.addr = (uintptr_t)&lpcr;
	if (ioctl(vcpu->fd, KVM_GET_ONE_REG, &reg)) {
		int err = -errno;

		fprintf(stderr, "hvbench: error: KVM_GET_ONE_REG(LPCR): %s\n", strerror(-err));
		return err;
	}
	lpcr |= LPCR_ILE;
	if (ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg)) {
		int err = -errno;

		fprintf(stderr, "hvbench: error: KVM_SET_ONE_REG(LPCR|ILE): %s\n", strerror(-err));
		return err;
	}
	return 0;
}

void vcpu_destroy(struct vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->run = NULL;
	vcpu->fd = -1;
}

/*
 * A vcpu that last left KVM_RUN for an hcall the VMM answered has that
 * answer still to be written into r3..r12 at its next KVM_RUN
 * (hcall_needed), which would overwrite a new entry's registers.  A
 * KVM_RUN with immediate_exit completes it without entering the guest.
 */
int vcpu_flush_pending(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	int err = 0;

	run->immediate_exit = 1;
	if (!ioctl(vcpu->fd, KVM_RUN, 0) || errno != EINTR)
		err = -EIO;
	run->immediate_exit = 0;
	return err;
}

int vcpu_set_entry(struct vcpu *vcpu, uint64_t pc, uint64_t r3, uint64_t r4)
{
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs))
		return -errno;
	regs.pc = pc;
	regs.msr = MSR_SF | MSR_ME | MSR_LE;	/* real mode, through the VRMA */
	regs.gpr[3] = r3;
	regs.gpr[4] = r4;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs)) {
		int err = -errno;

		fprintf(stderr, "hvbench: error: KVM_SET_REGS: %s\n", strerror(err));
		return err;
	}
	return 0;
}

/* ---- hcalls that reach user space ---- */

typedef long (*hcall_fn)(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args);

void vm_set_error(struct vm_outcome *out, const char *fmt, ...)
{
	va_list ap;

	if (out->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(out->error, sizeof(out->error), fmt, ap);
	va_end(ap);
}

static long h_put_term_char(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t len = args[1];
	char c[16];
	uint64_t i;

	(void)vcpu;
	if (len > 16)
		return H_PARAMETER;
	for (i = 0; i < len; i++)
		c[i] = (char)(args[2 + i / 8] >> (56 - 8 * (i % 8)));
	console_put(&out->console, c, (size_t)len);
	return H_SUCCESS;
}

static const hcall_fn papr_hcalls[MAX_HCALL_OPCODE / 4 + 1] = {
	[H_PUT_TERM_CHAR / 4] = h_put_term_char,
	[H_RESIZE_HPT_PREPARE / 4] = vm_htab_resize_prepare,
	[H_RESIZE_HPT_COMMIT / 4] = vm_htab_resize_commit,
};

static long hvb_h_results(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t gpa = args[0], len = args[1];
	struct vm *vm = vcpu->vm;
	char err[256];

	if (len > sizeof(out->results) || gpa > vm->mem_size || len > vm->mem_size - gpa) {
		vm_set_error(out, "guest results block at 0x%llx (%llu bytes) lies outside guest memory or exceeds %zu bytes",
			  (unsigned long long)gpa, (unsigned long long)len, sizeof(out->results));
		return H_PARAMETER;
	}
	if (hvb_results_accept(&out->results, &out->have_results, (char *)vm->mem + gpa, len,
			       err, sizeof(err))) {
		vm_set_error(out, "%s", err);
		return H_PARAMETER;
	}
	return H_SUCCESS;
}

static long hvb_h_fault(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	const char *bench = hvb_bench_name((uint32_t)args[3]);

	vm_set_error(out, "guest vcpu %d took an unexpected exception in bench %s: vector 0x%llx, SRR0 0x%llx, SRR1 0x%llx",
		  vcpu->id, bench ? bench : "(none)", (unsigned long long)args[0],
		  (unsigned long long)args[1], (unsigned long long)args[2]);
	vcpu->exited = 1;
	out->exit_status = -1;
	vcpu->vm->abort = 1;	/* the others stop too */
	return H_SUCCESS;
}

static long hvb_h_exit(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	vcpu->exited = 1;
	if (vcpu->id == 0) {
		out->exited = 1;
		out->exit_status = (long)args[0];
	} else if (args[0]) {
		vm_set_error(out, "guest vcpu %d stopped with status %lld (more threads than guest-bench supports?)",
			  vcpu->id, (long long)args[0]);
		vcpu->vm->abort = 1;
	}
	return H_SUCCESS;
}

static long __vcpu_hcall(struct vcpu *vcpu, struct vm_outcome *out, uint64_t nr, uint64_t *args)
{
	out->hcalls_to_user++;
	if (vcpu->vm->user_mode) {
		int handled;
		long rc = vm_user_hcall(vcpu, out, nr, args, &handled);

		if (handled) {
			out->user_hcalls++;
			return rc;
		}
	}
	if (nr <= MAX_HCALL_OPCODE && !(nr & 3) && papr_hcalls[nr / 4])
		return papr_hcalls[nr / 4](vcpu, out, args);
	switch (nr) {
	case HVB_H_RESULTS:
		return hvb_h_results(vcpu, out, args);
	case HVB_H_FAULT:
		return hvb_h_fault(vcpu, out, args);
	case HVB_H_EXIT:
		return hvb_h_exit(vcpu, out, args);
	case HVB_H_PROBE:
		return vm_htab_probe(vcpu->vm, out, args);
	case HVB_H_HTAB_READ:
		return vm_htab_read_pass(vcpu->vm, out, args);
	case HVB_H_SNAPSHOT: {
		int err = vm_htab_snapshot(vcpu->vm, out, (uint32_t)args[0], (uint32_t)args[1]);

		/* a snapshot that cannot be taken is the run's failure, not the guest's */
		if (err && err != -ENOSPC)
			vm_set_error(out, "HPT snapshot through the HTAB fd: %s", strerror(-err));
		return H_SUCCESS;
	}
	}
	return H_FUNCTION;
}

/* the vcpus share the outcome and the console: one hcall at a time */
static long vcpu_hcall(struct vcpu *vcpu, struct vm_outcome *out, uint64_t nr, uint64_t *args)
{
	long rc;

	pthread_mutex_lock(&vcpu->vm->lock);
	rc = __vcpu_hcall(vcpu, out, nr, args);
	pthread_mutex_unlock(&vcpu->vm->lock);
	return rc;
}

static void vcpu_error(struct vcpu *vcpu, struct vm_outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void vcpu_error(struct vcpu *vcpu, struct vm_outcome *out, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&vcpu->vm->lock);
	vm_set_error(out, "%s", msg);
	pthread_mutex_unlock(&vcpu->vm->lock);
	vcpu->vm->abort = 1;
}

#define VM_RUN_BUSY_RETRIES	100	/* each costs the kernel's 10-ms grab when a thread is slow */

static int vcpu_run_until_exit(struct vcpu *vcpu, struct vm_outcome *out)
{
	struct kvm_run *run = vcpu->run;
	struct vm *vm = vcpu->vm;
	unsigned int busy_retries = 0;

	running = run;
	while (!vcpu->exited) {
		if (vm_stop_reason || vm->abort) {
			running = NULL;
			return -EINTR;
		}
		if (ioctl(vcpu->fd, KVM_RUN, 0)) {
			int err = -errno;

			if (err == -EINTR)
				continue;
			/*
			 * On POWER8 the vcore's runner grabs the core's offline
			 * threads; one that does not come back to nap within
			 * 10 ms fails the vcore's KVM_RUN with EBUSY ("KVM:
			 * couldn't grab cpu N").  The guest did not run: try
			 * again at once (every vcpu of the vcore got EBUSY and
			 * must be back together: h_cede_busy's siblings must run
			 * while thread 0 cedes), a bounded number of times,
			 * and count it.
			 */
			if (err == -EBUSY && vm->smt > 1 && busy_retries++ < VM_RUN_BUSY_RETRIES) {
				pthread_mutex_lock(&vm->lock);
				out->run_busy++;
				pthread_mutex_unlock(&vm->lock);
				sched_yield();
				continue;
			}
			running = NULL;
			vcpu_error(vcpu, out, "KVM_RUN on vcpu %d failed: %s", vcpu->id, strerror(-err));
			return err;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_PAPR_HCALL:
			run->papr_hcall.ret = vcpu_hcall(vcpu, out, run->papr_hcall.nr,
							 run->papr_hcall.args);
			break;
		case KVM_EXIT_INTR:
			break;
		case KVM_EXIT_MMIO:
			/* the mmio bench's device: every byte reads HVB_MMIO_BYTE */
			__atomic_fetch_add(&out->mmio_exits, 1, __ATOMIC_RELAXED);
			if (!run->mmio.is_write)
				memset(run->mmio.data, (int)HVB_MMIO_BYTE, sizeof(run->mmio.data));
			break;
		default:
			running = NULL;
			vcpu_error(vcpu, out, "vcpu %d: unexpected exit reason %u", vcpu->id,
				   run->exit_reason);
			return -EIO;
		}
	}
	running = NULL;
	return 0;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;

	vcpu->err = vcpu_run_until_exit(vcpu, vcpu->out);
	if (vcpu->vm->abort)	/* wake vcpu 0's thread: the run is over */
		pthread_kill(vcpu->vm->main_thread, SIGUSR1);
	return NULL;
}

int vm_run(struct vm *vm, struct vcpu *vcpus, int nr, struct vm_outcome *out)
{
	struct sigaction sa;
	sigset_t stop, old;
	int i, err, started = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vm_kick_signal;	/* no SA_RESTART: KVM_RUN must return */
	sigaction(SIGUSR1, &sa, NULL);
	vm->main_thread = pthread_self();
	vm->abort = 0;

	/* the secondaries leave the watchdog and ^C to this thread */
	sigemptyset(&stop);
	sigaddset(&stop, SIGALRM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	for (i = 1; i < nr; i++) {
		vcpus[i].out = out;
		err = pthread_create(&vcpus[i].thread, NULL, vcpu_thread, &vcpus[i]);
		if (err) {
			vm_set_error(out, "cannot start the thread of vcpu %d: %s", i, strerror(err));
			vm->abort = 1;
			break;
		}
		started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	vcpus[0].out = out;
	err = vm->abort ? -EAGAIN : vcpu_run_until_exit(&vcpus[0], out);
	if (err == -EINTR && !vm_stop_reason)
		err = -EIO;	/* stopped because another vcpu failed */
	/* vcpu 0 is done: whoever still runs stops now */
	vm->abort = 1;
	for (i = 1; i < started; i++) {
		pthread_kill(vcpus[i].thread, SIGUSR1);
		pthread_join(vcpus[i].thread, NULL);
		if (!err && vcpus[i].err && vcpus[i].err != -EINTR)
			err = vcpus[i].err;
	}
	return err;
}
