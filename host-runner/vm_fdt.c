// SPDX-License-Identifier: GPL-2.0
/*
 * The device tree host-runner starts guest-bench with: the few nodes a
 * PAPR guest reads (the layout QEMU pseries uses), so that one guest-bench
 * takes its spec the same way under KVM-HV and under QEMU pseries.  The
 * properties are documented with the bootargs keys in hvbench/results.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include "hvbench/results.h"
#include "vm.h"

#define FDT_TRY(x) do { err = (x); if (err) goto cleanup; } while (0)

int vm_build_fdt(void *buf, size_t size, const struct vm_fdt *f)
{
	fdt32_t servers[HVB_MAX_THREADS], pft[2], mem[4];
	uint32_t i;
	int err;

	if (f->threads > HVB_MAX_THREADS)
		return -EINVAL;
	FDT_TRY(fdt_create(buf, (int)size));
	FDT_TRY(fdt_finish_reservemap(buf));
	FDT_TRY(fdt_begin_node(buf, ""));
	FDT_TRY(fdt_property_string(buf, "compatible", HVB_FDT_COMPAT_KVM));
	FDT_TRY(fdt_property_u32(buf, "#address-cells", 2));
	FDT_TRY(fdt_property_u32(buf, "#size-cells", 2));

	FDT_TRY(fdt_begin_node(buf, "chosen"));
	FDT_TRY(fdt_property_string(buf, "bootargs", f->bootargs));
	FDT_TRY(fdt_end_node(buf));

	FDT_TRY(fdt_begin_node(buf, "cpus"));
	FDT_TRY(fdt_property_u32(buf, "#address-cells", 1));
	FDT_TRY(fdt_property_u32(buf, "#size-cells", 0));
	FDT_TRY(fdt_begin_node(buf, "PowerPC,POWER8@0"));
	FDT_TRY(fdt_property_string(buf, "device_type", "cpu"));
	FDT_TRY(fdt_property_u32(buf, "reg", 0));
	FDT_TRY(fdt_property_u64(buf, "timebase-frequency", f->timebase_hz));
	pft[0] = cpu_to_fdt32(0);
	pft[1] = cpu_to_fdt32(f->hpt_order);
	FDT_TRY(fdt_property(buf, "ibm,pft-size", pft, sizeof(pft)));
	/* vcpu ids 0..n-1: the threads of vcore 0 */
	for (i = 0; i < f->threads; i++)
		servers[i] = cpu_to_fdt32(i);
	FDT_TRY(fdt_property(buf, "ibm,ppc-interrupt-server#s", servers,
			     f->threads * sizeof(servers[0])));
	FDT_TRY(fdt_end_node(buf));
	FDT_TRY(fdt_end_node(buf));

	FDT_TRY(fdt_begin_node(buf, "memory@0"));
	FDT_TRY(fdt_property_string(buf, "device_type", "memory"));
	mem[0] = mem[1] = cpu_to_fdt32(0);
	mem[2] = cpu_to_fdt32((uint32_t)(f->mem_size >> 32));
	mem[3] = cpu_to_fdt32((uint32_t)f->mem_size);
	FDT_TRY(fdt_property(buf, "reg", mem, sizeof(mem)));
	FDT_TRY(fdt_end_node(buf));

	FDT_TRY(fdt_end_node(buf));
	FDT_TRY(fdt_finish(buf));
	return 0;
cleanup:
	fprintf(stderr, "hvbench: error: building the guest's device tree: %s\n", fdt_strerror(err));
	return -ENOSPC;
}

/*
 * Where ibm,pft-size's value lies in a device tree vm_build_fdt just built
 * (an offset into it), or -1.  Taken once, from the VMM's own tree: the
 * guest can rewrite its copy, so nothing is parsed from it later.
 */
long vm_fdt_pft_offset(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/cpus/PowerPC,POWER8@0"), len;
	const void *p = node >= 0 ? fdt_getprop(fdt, node, "ibm,pft-size", &len) : NULL;

	return p && len == 8 ? (long)((const char *)p - (const char *)fdt) : -1;
}

/* ibm,pft-size = <0 order>, 8 bytes at guest address gpa (vm->pft_gpa) */
int vm_fdt_set_hpt_order(struct vm *vm, uint32_t order)
{
	fdt32_t pft[2] = { cpu_to_fdt32(0), cpu_to_fdt32(order) };

	if (!vm->pft_gpa || vm->pft_gpa + sizeof(pft) > vm->mem_size)
		return -EINVAL;
	memcpy((char *)vm->mem + vm->pft_gpa, pft, sizeof(pft));
	return 0;
}
