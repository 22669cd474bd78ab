// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench doctor: can 'hvbench run' work on this machine, and if not, what
 * to do.  Every check reads files under --root (default /), so the checks
 * are tested on x86 against recorded /proc and /sys trees; only the KVM
 * ioctl check needs the real /dev/kvm of a POWER host.
 */
#include <argp.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "cmd.h"
#include "meta.h"
#include "plan.h"
#ifdef __powerpc64__
#include <sys/ioctl.h>
#include <linux/kvm.h>
#endif

static struct {
	const char *root;
	const char *kvm_dev;
	unsigned int hpt_order;	/* the largest order a run will ask for */
	unsigned int vms;	/* VMs that hold an HPT at once */
} denv = { .root = "", .kvm_dev = "/dev/kvm", .hpt_order = 24, .vms = 1 };

static const char ddoc[] =
"Check that 'hvbench run' can work here: POWER8 host, /dev/kvm of kvm-hv,\n"
"secondary threads offline, kmod's instrumented kvm-hv or the stock one,\n"
"tracepoints and BTF for the collectors, privileges, CMA room for the HPTs.\n"
"Each failed check prints its fix; exit 0 only if a run can work.\n"
"\n"
"EXAMPLES:\n"
"    sudo hvbench doctor\n"
"    sudo hvbench doctor --hpt-order 26      # room for an order-26 HPT?\n";

static const struct argp_option dopts[] = {
	{ "hpt-order", 'H', "ORDER", 0, "The largest HPT order the runs will use (default 24)", 0 },
	{ "root", 'r', "DIR", 0, "Read /proc and /sys under DIR (testing)", 0 },
	{ "kvm-dev", 'K', "PATH", 0, "KVM device (default /dev/kvm)", 0 },
	{},
};

static error_t dparse(int key, char *arg, struct argp_state *state)
{
	unsigned long long v;

	switch (key) {
	case 'H':
		if (hvb_parse_decimal(arg, HVB_HPT_ORDER_MIN, HVB_HPT_ORDER_MAX, &v))
			argp_failure(state, 2, 0, "invalid --hpt-order '%s': must be a decimal integer in %d..%d",
				     arg, HVB_HPT_ORDER_MIN, HVB_HPT_ORDER_MAX);
		denv.hpt_order = (unsigned int)v;
		return 0;
	case 'r':
		denv.root = arg;
		return 0;
	case 'K':
		denv.kvm_dev = arg;
		return 0;
	case ARGP_KEY_ARG:
		argp_failure(state, 2, 0, "unexpected argument '%s'", arg);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int failed, warned;

static void verdict(int ok, int fatal, const char *what, const char *fix, ...)
	__attribute__((format(printf, 4, 5)));
static void verdict(int ok, int fatal, const char *what, const char *fix, ...)
{
	va_list ap;

	printf("%-5s %s\n", ok ? "ok" : fatal ? "FAIL" : "warn", what);
	if (!ok && fix) {
		printf("      fix: ");
		va_start(ap, fix);
		vprintf(fix, ap);
		va_end(ap);
		printf("\n");
	}
	if (!ok && fatal)
		failed++;
	else if (!ok)
		warned++;
}

static const char *path(const char *p)
{
	static char buf[4][4096];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s%s", denv.root, p);
	return buf[i];
}

/* the first line of a small file, or -1 */
static int read_line(const char *p, char *buf, size_t len)
{
	FILE *f = fopen(p, "r");

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* "CmaFree:  123456 kB" from meminfo, in bytes; -1 if absent */
static long long meminfo(const char *key)
{
	char line[256];
	long long v = -1;
	FILE *f = fopen(path("/proc/meminfo"), "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = atoll(line + strlen(key) + 1) * 1024;
	fclose(f);
	return v;
}

/* threads per core: the interrupt servers of the first CPU node in the device tree */
static int threads_per_core(void)
{
	struct dirent *de;
	char p[512];
	struct stat st;
	int n = 0;
	DIR *d = opendir(path("/proc/device-tree/cpus"));

	while (d && (de = readdir(d)) && !n) {
		if (strncmp(de->d_name, "PowerPC,", 8))
			continue;
		snprintf(p, sizeof(p), "/proc/device-tree/cpus/%.200s/ibm,ppc-interrupt-server#s",
			 de->d_name);
		if (!stat(path(p), &st) && st.st_size >= 4)
			n = (int)(st.st_size / 4);
	}
	if (d)
		closedir(d);
	return n > 0 && n <= 8 ? n : 8;	/* POWER8: 8 */
}

/*
 * Online CPUs that are not the first thread of their core.  By number, not
 * by thread_siblings_list: that lists online threads only, so with a
 * core's first thread offline its second would pass for the primary.
 */
static int secondaries_online(int threads_per_core, char *which, size_t len)
{
	char p[128], v[16];
	int cpu, n = 0;
	size_t w = 0;

	which[0] = 0;
	for (cpu = 0; cpu < 4096; cpu++) {
		snprintf(p, sizeof(p), "/sys/devices/system/cpu/cpu%d", cpu);
		if (access(path(p), F_OK))
			break;
		snprintf(p, sizeof(p), "/sys/devices/system/cpu/cpu%d/online", cpu);
		if (read_line(path(p), v, sizeof(v)) || strcmp(v, "1"))
			continue;
		if (cpu % threads_per_core == 0)
			continue;
		n++;
		if (w < len)
			w += (size_t)snprintf(which + w, len - w, "%s%d", w ? "," : "", cpu);
	}
	return n;
}

int cmd_doctor(int argc, char **argv)
{
	static const struct argp argp = { dopts, dparse, NULL, ddoc, NULL, NULL, NULL };
	char buf[512], cpus[256];
	struct hvb_platform plat;
	struct hvb_kvm_hv khv;
	struct utsname u;
	long long cma, need;
	int n, power8;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	uname(&u);
	if (!denv.root[0] && strcmp(u.machine, "ppc64le") && strcmp(u.machine, "ppc64")) {
		printf("FAIL  this is an %s machine, not a POWER host\n", u.machine);
		printf("      fix: run hvbench on a POWER8 host with kvm-hv; here, 'make demo' runs it in an emulated POWER8 host (QEMU powernv8) and 'hvbench run --dry-run' prints a plan\n");
		return 1;
	}
	hvb_platform_read(&plat, path("/proc/cpuinfo"), path("/proc/device-tree/compatible"));
	power8 = hvb_pvr_is_power8(plat.pvr);
	verdict(plat.pvr != 0, 1, "processor known", "/proc/cpuinfo has no 'revision'/pvr line: is this POWER?");
	if (plat.pvr)
		verdict(power8, 0, power8 ? "POWER8 (or POWER7): real-mode hcall handling exists" :
			"POWER9 or later: every hcall is handled in virtual mode",
			"rm and vm measure the same path on POWER9+ (DESIGN.md); use a POWER8 host for real mode");
	printf("      %s, PVR 0x%08x, %s%s\n", plat.cpu, plat.pvr, plat.platform,
	       plat.emulated ? " (emulated by QEMU)" : "");
	verdict(!strcmp(plat.platform, "PowerNV"), 1, "bare-metal host (PowerNV)",
		"kvm-hv needs a bare-metal (PowerNV) host, not a pSeries LPAR");

	hvb_kvm_hv_read(&khv, path(HVB_KVM_HV_PARAMS));
	khv.loaded = !access(path("/sys/module/kvm_hv"), F_OK);
	verdict(khv.loaded, 1, "kvm-hv loaded", "modprobe kvm-hv (or insmod kvm.ko kvm-hv.ko of kmod's build)");
	verdict(!access(path(denv.kvm_dev), F_OK), 1, "/dev/kvm exists",
		"load kvm-hv; with udev, check that /dev/kvm is created");
	verdict(!access(path(denv.kvm_dev), R_OK | W_OK), 1, "/dev/kvm readable and writable",
		"run as root (or join the kvm group)");
#ifdef __powerpc64__
	if (!denv.root[0]) {
		int kfd = open(denv.kvm_dev, O_RDWR | O_CLOEXEC), vfd = -1, smt = 0;

		if (kfd >= 0) {
			vfd = ioctl(kfd, KVM_CREATE_VM, 1 /* KVM_VM_PPC_HV */);
			smt = ioctl(kfd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_SMT);
		}
		verdict(vfd >= 0, 1, "an HV VM can be created (KVM_CREATE_VM type KVM_VM_PPC_HV)",
			"kvm-hv is not usable here (kvm-pr only, or POWER9 with a nested host?): %s",
			strerror(errno));
		printf("      KVM_CAP_PPC_SMT: %d thread(s) per vcore\n", smt);
		if (vfd >= 0)
			close(vfd);
		if (kfd >= 0)
			close(kfd);
	}
#endif
	n = secondaries_online(threads_per_core(), cpus, sizeof(cpus));
	verdict(!power8 || !n, 1, "POWER8: host secondary threads offline",
		"ppc64_cpu --smt=off (online: CPU %s); a POWER8 KVM-HV host runs single-threaded", cpus);
	verdict(khv.instrumented, 0,
		khv.instrumented ? "kmod's instrumented kvm-hv: --mode rm and vm, real-mode records" :
		"stock kvm-hv: --mode rm only, real-mode hcalls invisible to the collectors",
		"boot the kernel built by kmod/build.sh for --mode vm and real-mode records");
	if (khv.instrumented)
		printf("      rm_ring_records %lld, rm_punt '%s'\n", khv.rm_ring_records, khv.rm_punt);
	verdict(!access(path("/sys/kernel/tracing/events/kvm_hv"), F_OK) ||
		!access(path("/sys/kernel/debug/tracing/events/kvm_hv"), F_OK), 0,
		"kvm_hv tracepoints (--collect)", "mount -t tracefs tracefs /sys/kernel/tracing");
	verdict(!access(path("/sys/kernel/btf/vmlinux"), F_OK) &&
		!access(path("/sys/kernel/btf/kvm_hv"), F_OK), 0,
		"BTF of vmlinux and kvm_hv (--collect bpf: tp_btf programs, the cheapest)",
		"a kernel with CONFIG_DEBUG_INFO_BTF(_MODULES); without it the collectors read trace records (dearer)");
	verdict(!denv.root[0] ? geteuid() == 0 : 1, 1, "root (rm_punt, tracefs, BPF, perf)",
		"run as root");
	cma = meminfo("CmaFree");
	need = (1LL << denv.hpt_order) * denv.vms;
	if (cma >= 0)
		verdict(cma >= need, 1, "CMA room for the HPT",
			"an order-%u HPT needs %lld MiB of CMA, %lld MiB free: boot with a larger cma= or use a smaller --hpt-order",
			denv.hpt_order, need >> 20, cma >> 20);
	else
		verdict(0, 0, "CMA room for the HPT", "no CmaFree in /proc/meminfo: HPTs come from the page allocator");
	if (cma >= 0)
		printf("      CmaFree %lld MiB, an order-%u HPT takes %lld MiB\n", cma >> 20,
		       denv.hpt_order, need >> 20);
	if (!read_line(path("/proc/sys/kernel/osrelease"), buf, sizeof(buf)))
		printf("      kernel %s\n", buf);
	printf("%s: %d failed, %d warning(s)\n", failed ? "hvbench run cannot work here" :
	       "hvbench run can work here", failed, warned);
	return failed ? 1 : 0;
}
