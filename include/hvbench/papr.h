/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PAPR hypercall opcodes and return codes used by both the guest
 * (guest-bench) and the VMM (host-runner).  Values from the PAPR / LoPAPR
 * specification, as in Linux arch/powerpc/include/asm/hvcall.h, which cannot
 * be included on a non-powerpc build host.
 */
#ifndef HVBENCH_PAPR_H
#define HVBENCH_PAPR_H

#define H_SUCCESS		0
#define H_BUSY			1
#define H_CLOSED		2
#define H_LONG_BUSY_ORDER_1_MSEC	9900	/* retry hint: outside the BPF in-value rc range */
#define H_HARDWARE		(-1)
#define H_FUNCTION		(-2)
#define H_PRIVILEGE		(-3)
#define H_PARAMETER		(-4)
#define H_BAD_MODE		(-5)
#define H_PTEG_FULL		(-6)
#define H_NOT_FOUND		(-7)
#define H_RESERVED_DABR		(-8)
#define H_NO_MEM		(-9)
#define H_AUTHORITY		(-10)
#define H_PERMISSION		(-11)
#define H_DROPPED		(-12)
#define H_TOO_HARD		9999

#define H_REMOVE		0x04
#define H_ENTER			0x08
#define H_READ			0x0c
#define H_CLEAR_MOD		0x10
#define H_CLEAR_REF		0x14
#define H_PROTECT		0x18
#define H_GET_TCE		0x1c
#define H_PUT_TCE		0x20
#define H_SET_SPRG0		0x24
#define H_SET_DABR		0x28
#define H_PAGE_INIT		0x2c
#define H_SET_ASR		0x30
#define H_ASR_ON		0x34
#define H_ASR_OFF		0x38
#define H_LOGICAL_CI_LOAD	0x3c
#define H_LOGICAL_CI_STORE	0x40
#define H_LOGICAL_CACHE_LOAD	0x44
#define H_LOGICAL_CACHE_STORE	0x48
#define H_LOGICAL_ICBI		0x4c
#define H_LOGICAL_DCBF		0x50
#define H_GET_TERM_CHAR		0x54
#define H_PUT_TERM_CHAR		0x58
#define H_REAL_TO_LOGICAL	0x5c
#define H_HYPERVISOR_DATA	0x60
#define H_EOI			0x64
#define H_CPPR			0x68
#define H_IPI			0x6c
#define H_IPOLL			0x70
#define H_XIRR			0x74
#define H_PERFMON		0x7c
#define H_MIGRATE_DMA		0x78
#define H_REGISTER_VPA		0xdc
#define H_CEDE			0xe0
#define H_CONFER		0xe4
#define H_PROD			0xe8
#define H_GET_PPP		0xec
#define H_SET_PPP		0xf0
#define H_PURR			0xf4
#define H_PIC			0xf8
#define H_REG_CRQ		0xfc
#define H_BULK_REMOVE		0x124
#define H_SET_XDABR		0x134
#define H_STUFF_TCE		0x138
#define H_PUT_TCE_INDIRECT	0x13c
#define H_SET_MODE		0x31c
#define H_RESIZE_HPT_PREPARE	0x36c
#define H_RESIZE_HPT_COMMIT	0x370
#define H_SET_MODE_RESOURCE_LE	4	/* mflags 1: take interrupts little-endian */
#define H_RTAS			0xf000	/* QEMU/KVM: run an RTAS call, r4 = its args */
#define MAX_HCALL_OPCODE	0x450

/* hvbench's own calls from guest-bench to host-runner, outside PAPR's range */
#define HVB_H_RESULTS		0xf180	/* r4 = GPA of results block, r5 = length */
#define HVB_H_FAULT		0xf184	/* r4 = vector, r5 = SRR0, r6 = SRR1 */
#define HVB_H_EXIT		0xf188	/* r4 = exit status (0 = all benches passed) */
#define HVB_H_SNAPSHOT		0xf18c	/* r4 = bench id (0: boot), r5 = HVB_SNAP_*: the VMM snapshots the HPT */
#define HVB_SNAP_BOOT		0	/* before the first bench */
#define HVB_SNAP_AFTER		1	/* after an HPT bench cleaned up */
#define HVB_SNAP_FILLED		2	/* h_enter_fill, before it removes its entries */
#define HVB_SNAP_RESIZED	3	/* h_resize, after a commit: the VMM counts the new table's valid entries into its resize record (no htab.json snapshot) */
#define HVB_H_PROBE		0xf190	/* htab_busy: r4 = HVB_PROBE_*; the VMM tries KVM_PPC_ALLOCATE_HTAB from another thread */
#define HVB_PROBE_START		0	/* start the try (20 ms later); H_BUSY if one is under way */
#define HVB_PROBE_RESULT	1	/* r4 = its errno (0: it succeeded) */
#define HVB_H_HTAB_READ		0xf194	/* htab_read: the VMM reads the whole HPT through a new HTAB fd; r4 = ns, r5 = valid entries */

/* H_ENTER / H_REMOVE flags and HPTE bits (Power ISA, 4 KiB base page) */
#define H_EXACT			(1UL << (63 - 56))
#define HPTE_V_VALID		0x1UL
#define HPTE_V_BOLTED		0x10UL
#define HPTE_V_AVPN_SHIFT	7
#define HPTE_R_M		0x10UL
#define HPTE_R_PP_RW		0x2UL
#define HPTES_PER_GROUP		8

/* what host-runner answers to an MMIO load, every byte */
#define HVB_MMIO_BYTE		0xa5ULL

/* TCE permission bits */
#define TCE_PCI_READ		0x1UL
#define TCE_PCI_WRITE		0x2UL

#endif /* HVBENCH_PAPR_H */
