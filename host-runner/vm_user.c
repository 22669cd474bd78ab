// SPDX-License-Identifier: GPL-2.0
/*
 * --mode user: the VMM answers the timed hcall itself.  KVM_CAP_PPC_ENABLE_HCALL
 * takes it away from the kernel (the real-mode entry and
 * kvmppc_pseries_do_hcall both test kvm->arch.enabled_hcalls), so it exits
 * as KVM_EXIT_PAPR_HCALL and lands here:
 *   - the TCE family on a table of the VMM's own (a LIOBN with no in-kernel
 *     table, as QEMU did before in-kernel TCE acceleration);
 *   - H_ENTER, H_REMOVE, H_READ carried out through reads and writes of the
 *     HTAB fd (KVM_PPC_GET_HTAB_FD): the kernel updates its reverse map on a
 *     write, exactly as for its own H_ENTER (kvm_htab_write);
 *   - the null hcalls: H_SET_DABR through KVM_SET_ONE_REG, H_PROD of a vcpu
 *     that does not exist.
 * The kernel's refusals are the cell's failure, with the kernel's answer.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "hvbench/papr.h"
#include "vm.h"

#define H_AVPN		(1UL << (63 - 32))
#define H_ANDCOND	(1UL << (63 - 33))
#define H_READ_4	(1UL << (63 - 26))
#define HPTE_V_HVLOCK	0x40ULL		/* the kernel's lock bit: never shown to a guest */
#define HPTE_V_ABSENT	0x20ULL
#define TCE_PAGE_SHIFT	12
#define TCE_LIST_MAX	512	/* H_PUT_TCE_INDIRECT: one 4 KiB page of TCEs */

int vm_user_disable_hcall(struct vm *vm, uint32_t hcall)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_PPC_ENABLE_HCALL,
		.args = { hcall, 0 },
	};

	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap)) {
		int err = -errno;

		fprintf(stderr, "hvbench: error: --mode user: the kernel refuses to leave hcall 0x%x to the VMM (KVM_CAP_PPC_ENABLE_HCALL): %s\n",
			hcall, strerror(-err));
		return err;
	}
	return 0;
}

int vm_user_tce_table(struct vm *vm, uint32_t liobn, uint32_t entries)
{
	vm->user_tce = calloc(entries, sizeof(*vm->user_tce));
	if (!vm->user_tce)
		return -ENOMEM;
	vm->user_tce_liobn = liobn;
	vm->user_tce_entries = entries;
	return 0;
}

void vm_user_destroy(struct vm *vm)
{
	free(vm->user_tce);
	vm->user_tce = NULL;
}

/* ---- the HPT through the HTAB fd (vm_htab.c) ---- */

static uint64_t hpt_entries(const struct vm *vm)
{
	return 1ULL << (vm->hpt_order - 4);	/* 16-byte entries */
}

static long htab_failed(struct vm_outcome *out, const char *hcall, int err)
{
	vm_set_error(out, "--mode user: %s through the HTAB fd: the kernel answered %s%s", hcall,
		     strerror(-err), err == -EBUSY ?
		     " (the HPT can be written only while no vcpu is in KVM_RUN: run HPT benches in user mode at --smt 1)" : "");
	return H_HARDWARE;
}

static long user_h_enter(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t flags = args[0], ptex = args[1], pteh = args[2], ptel = args[3];
	uint64_t group[HPTES_PER_GROUP][2], base;
	struct vm *vm = vcpu->vm;
	unsigned int i;
	int err;

	if (ptex >= hpt_entries(vm))
		return H_PARAMETER;
	/* as kvmppc_do_h_enter: the hypervisor's bits are its own, valid is implied */
	pteh = (pteh & ~(HPTE_V_HVLOCK | HPTE_V_ABSENT)) | HPTE_V_VALID;
	base = (flags & H_EXACT) ? ptex : ptex & ~(uint64_t)(HPTES_PER_GROUP - 1);
	err = vm_htab_read(vm, base, (flags & H_EXACT) ? 1 : HPTES_PER_GROUP, group);
	if (err)
		return htab_failed(out, "H_ENTER (read)", err);
	for (i = 0; i < ((flags & H_EXACT) ? 1 : HPTES_PER_GROUP); i++)
		if (!(group[i][0] & HPTE_V_VALID))
			break;
	if (i == ((flags & H_EXACT) ? 1u : HPTES_PER_GROUP))
		return H_PTEG_FULL;
	err = vm_htab_write(vm, base + i, pteh, ptel);
	/* the kernel's own H_ENTER refused the entry (kvmppc_virtmode_do_h_enter) */
	if (err == -EIO || err == -EINVAL)
		return H_PARAMETER;
	if (err)
		return htab_failed(out, "H_ENTER (write)", err);
	args[0] = base + i;
	return H_SUCCESS;
}

static long user_h_remove(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t flags = args[0], ptex = args[1], avpn = args[2], e[1][2];
	struct vm *vm = vcpu->vm;
	int err;

	if (ptex >= hpt_entries(vm))
		return H_PARAMETER;
	err = vm_htab_read(vm, ptex, 1, e);
	if (err)
		return htab_failed(out, "H_REMOVE (read)", err);
	e[0][0] &= ~HPTE_V_HVLOCK;
	/* kvmppc_do_h_remove's tests, word for word */
	if (!(e[0][0] & HPTE_V_VALID) ||
	    ((flags & H_AVPN) && (e[0][0] & ~0x7fULL) != avpn) ||
	    ((flags & H_ANDCOND) && (e[0][0] & avpn)))
		return H_NOT_FOUND;
	err = vm_htab_write(vm, ptex, 0, 0);
	if (err)
		return htab_failed(out, "H_REMOVE (write)", err);
	args[0] = e[0][0];
	args[1] = e[0][1];
	return H_SUCCESS;
}

static long user_h_read(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t flags = args[0], ptex = args[1], e[4][2];
	unsigned int n = (flags & H_READ_4) ? 4 : 1, i;
	struct vm *vm = vcpu->vm;
	int err;

	if (ptex >= hpt_entries(vm))
		return H_PARAMETER;
	if (n == 4)
		ptex &= ~3ULL;
	err = vm_htab_read(vm, ptex, n, e);
	if (err)
		return htab_failed(out, "H_READ", err);
	/*
	 * The HTAB fd tells the contents of valid entries only: an invalid
	 * one reads as 0/0 here, where the kernel's H_READ returns its raw words.
	 */
	for (i = 0; i < n; i++) {
		args[2 * i] = e[i][0] & ~HPTE_V_HVLOCK;
		args[2 * i + 1] = e[i][1];
	}
	return H_SUCCESS;
}

/* ---- the VMM's TCE table ---- */

/*
 * kvmppc_tce_validate for a 4 KiB IOMMU page: a TCE without permission
 * bits is accepted as it is (a guest may poison its table); one with them
 * must name an aligned page of guest memory.
 */
static int tce_ok(const struct vm *vm, uint64_t tce)
{
	uint64_t gpa = tce & ~(uint64_t)(TCE_PCI_READ | TCE_PCI_WRITE);

	if (!(tce & (TCE_PCI_READ | TCE_PCI_WRITE)))
		return 1;
	return !(gpa & ((1ULL << TCE_PAGE_SHIFT) - 1)) && gpa < vm->mem_size;
}

/* the entry of (liobn, ioba) and up to npages after it, or NULL */
static uint64_t *tce_slot(struct vm *vm, uint64_t liobn, uint64_t ioba, uint64_t npages)
{
	uint64_t idx = ioba >> TCE_PAGE_SHIFT;

	if (!vm->user_tce || liobn != vm->user_tce_liobn ||
	    (ioba & ((1ULL << TCE_PAGE_SHIFT) - 1)) || !npages ||
	    idx >= vm->user_tce_entries || npages > vm->user_tce_entries - idx)
		return NULL;
	return &vm->user_tce[idx];
}

static long user_h_put_tce(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t *slot = tce_slot(vcpu->vm, args[0], args[1], 1);

	(void)out;
	if (!slot || !tce_ok(vcpu->vm, args[2]))
		return H_PARAMETER;
	*slot = args[2];
	return H_SUCCESS;
}

static long user_h_get_tce(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t *slot = tce_slot(vcpu->vm, args[0], args[1], 1);

	(void)out;
	if (!slot)
		return H_PARAMETER;
	args[0] = *slot;
	return H_SUCCESS;
}

static long user_h_stuff_tce(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t *slot = tce_slot(vcpu->vm, args[0], args[1], args[3]), i;

	(void)out;
	/* kvmppc_h_stuff_tce: a value with permissions is not a stuffing value */
	if (!slot || !tce_ok(vcpu->vm, args[2]) || (args[2] & (TCE_PCI_READ | TCE_PCI_WRITE)))
		return H_PARAMETER;
	for (i = 0; i < args[3]; i++)
		slot[i] = args[2];
	return H_SUCCESS;
}

/* the list is a page of big-endian TCEs in guest memory (PAPR) */
static long user_h_put_tce_indirect(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t list = args[2], npages = args[3], i, copy[TCE_LIST_MAX];
	struct vm *vm = vcpu->vm;
	uint64_t *slot;

	(void)out;
	if (npages > TCE_LIST_MAX || (list & ((1ULL << TCE_PAGE_SHIFT) - 1)) ||
	    list >= vm->mem_size || npages * 8 > vm->mem_size - list)
		return H_PARAMETER;
	slot = tce_slot(vm, args[0], args[1], npages);
	if (!slot)
		return H_PARAMETER;
	/* one copy, checked and stored from: a sibling vcpu may change the list meanwhile */
	memcpy(copy, (char *)vm->mem + list, npages * 8);
	for (i = 0; i < npages; i++)
		if (!tce_ok(vm, be64toh(copy[i])))
			return H_PARAMETER;
	for (i = 0; i < npages; i++)
		slot[i] = be64toh(copy[i]);
	return H_SUCCESS;
}

/* ---- null hcalls ---- */

/*
 * H_SET_DABR as the kernel carries it out on POWER8 (kvmppc_h_set_dabr,
 * book3s_hv_rmhandlers.S): there is no DABR, the watchpoint goes to
 * DAWR0 and DAWRX0 (read/write from DABR bits 0/1, translation from bit 2,
 * user and kernel always).  Earlier CPUs take KVM_REG_PPC_DABR.
 */
#define DABRX_USER_KERNEL	0x3ULL
#define DAWRX_WT		(1ULL << 4)
#define DAWRX_DR		(1ULL << 5)
#define DAWRX_DW		(1ULL << 6)

static int set_one_reg(struct vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	return ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg) ? -errno : 0;
}

static long user_h_set_dabr(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t dabr = args[0];
	uint64_t dawrx = DABRX_USER_KERNEL | ((dabr & 1) ? DAWRX_DR : 0) |
			 ((dabr & 2) ? DAWRX_DW : 0) | ((dabr & 4) ? DAWRX_WT : 0);
	int err;

	err = set_one_reg(vcpu, KVM_REG_PPC_DAWR, dabr & ~7ULL);
	if (!err)
		err = set_one_reg(vcpu, KVM_REG_PPC_DAWRX, dawrx);
	if (err == -EINVAL || err == -ENOENT)	/* no DAWR: a CPU before POWER8 */
		err = set_one_reg(vcpu, KVM_REG_PPC_DABR, dabr);
	if (err) {
		vm_set_error(out, "--mode user: H_SET_DABR through KVM_SET_ONE_REG: the kernel answered %s",
			     strerror(-err));
		return H_HARDWARE;
	}
	return H_SUCCESS;
}

static long user_h_prod(struct vcpu *vcpu, struct vm_outcome *out, uint64_t *args)
{
	uint64_t target = args[0];

	if (target >= (uint64_t)vcpu->vm->nr_vcpus)
		return H_PARAMETER;
	/* a ceded vcpu sleeps inside KVM_RUN: only the kernel can wake it */
	vm_set_error(out, "--mode user: H_PROD of vcpu %llu: hvbench's VMM cannot wake a ceded vcpu (only null_vm, an absent target, runs in user mode)",
		     (unsigned long long)target);
	return H_HARDWARE;
}

long vm_user_hcall(struct vcpu *vcpu, struct vm_outcome *out, uint64_t nr, uint64_t *args,
		   int *handled)
{
	*handled = 1;
	switch (nr) {
	case H_ENTER:
		return user_h_enter(vcpu, out, args);
	case H_REMOVE:
		return user_h_remove(vcpu, out, args);
	case H_READ:
		return user_h_read(vcpu, out, args);
	case H_PUT_TCE:
		return user_h_put_tce(vcpu, out, args);
	case H_GET_TCE:
		return user_h_get_tce(vcpu, out, args);
	case H_STUFF_TCE:
		return user_h_stuff_tce(vcpu, out, args);
	case H_PUT_TCE_INDIRECT:
		return user_h_put_tce_indirect(vcpu, out, args);
	case H_SET_DABR:
		return user_h_set_dabr(vcpu, out, args);
	case H_PROD:
		return user_h_prod(vcpu, out, args);
	}
	*handled = 0;
	return H_FUNCTION;
}
