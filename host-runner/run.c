// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench run: build a KVM-HV guest, run guest-bench in it, and write the
 * run directory (meta.json, results.json, console.log) atomically.
 */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd.h"
#include "meta.h"
#include "results.h"
#include "rundir.h"
#include "collect_bpf.h"
#ifdef __powerpc64__
#include "vm.h"
#include "perf_collect.h"
#endif

#define HPT_ORDER_MIN	18	/* KVM_PPC_ALLOCATE_HTAB: 256 KiB ... */
#define HPT_ORDER_MAX	46	/* ... 64 TiB */

static struct run_env {
	uint32_t bench_ids[HVB_MAX_BENCHES];
	uint32_t nr_benches;
	unsigned long long iterations;
	unsigned int hpt_order;
	const char *guest;
	const char *output;
	unsigned int timeout;
	const char *kvm_dev;
	unsigned int mem_mib;
	int quiet;
	const char *mode;	/* "rm" or "vm" */
	int collect_bpf;
	unsigned int bpf_collectors;	/* COLLECT_BPF_* */
	int collect_perf;
	unsigned int smt;	/* vcpus of the one vcore */
	unsigned int raw;	/* raw samples kept per record */
	const char *guest_args;	/* --guest-args: appended to bootargs */
} env = {
	.smt = 1,
	.bpf_collectors = COLLECT_BPF_ALL,
	.mode = "rm",
	.iterations = 10000,
	.hpt_order = 24,
	.timeout = 120,
	.kvm_dev = "/dev/kvm",
	.mem_mib = 64,
};

static const char doc[] =
"Run hcall benchmarks in a KVM-HV guest on this POWER host.\n"
"\n"
"EXAMPLES:\n"
"    hvbench run                         # 10000 H_ENTER round trips, HPT order 24\n"
"    hvbench run -n 100000 --hpt-order 18 -o runs/small-hpt\n"
"    hvbench run --mode vm -o runs/vm    # H_ENTER punted to virtual mode (kmod)\n"
"    hvbench run --smt 4 -b h_cede,h_cede_busy,h_prod   # cede with siblings idle/busy, prod\n"
"    hvbench run -b null_vm --collect bpf --bpf hcall    # hcall latency only: least overhead\n"
"    hvbench report runs/small-hpt       # summary + histogram PNG\n";

static const struct argp_option opts[] = {
	{ "bench", 'b', "NAMES", 0, "Benches to run, comma-separated (at most 8), or 'all' (every bench but fault and hcall_fuzz, the first 8): h_enter (default), h_enter_exact, h_enter_full, h_enter_fill, h_remove, h_read, h_protect, h_bulk_remove, h_clear_ref, h_clear_mod, null_rm, null_vm, loop, h_put_tce, h_get_tce, h_stuff_tce, h_put_tce_indirect, h_cede, h_confer, mmio, h_cede_busy, h_prod, fault, hcall_fuzz (random and edge arguments to every real-mode hcall: a host kernel safety test)", 0 },
	{ "iterations", 'n', "N", 0, "Timed hcalls per bench (default 10000)", 0 },
	{ "hpt-order", 'H', "ORDER", 0, "log2 of the guest HPT size in bytes, 18..46 (default 24)", 0 },
	{ "guest", 'g', "ELF", 0, "guest-bench image (default: guest-bench.elf beside hvbench)", 0 },
	{ "output", 'o', "DIR", 0, "Run directory to create (default hvbench-run-DATE)", 0 },
	{ "timeout", 't', "SEC", 0, "Watchdog: stop the guest after SEC seconds (default 120)", 0 },
	{ "kvm-dev", 'K', "PATH", 0, "KVM device (default /dev/kvm)", 0 },
	{ "mem", 'm', "MIB", 0, "Guest memory in MiB (default 64)", 0 },
	{ "quiet", 'q', NULL, 0, "Do not echo the guest console", 0 },
	{ "collect", 'C', "bpf|perf|both|none", 0, "Host-side collectors: bpf = BPF histograms on the kvm_hv tracepoints (collect_bpf.json), perf = libperf rings + libtraceevent (collect_perf.json, events.txt), both, none (default)", 0 },
	{ "bpf", 'B', "LIST", 0, "BPF collectors for --collect bpf|both, comma-separated: hcall (latency, return codes), exits (by trap, time outside the guest), vcore (runnable threads, blocking, cede naps); default all three", 0 },
	{ "raw", 'R', "K", 0, "Also keep the first K samples of every bench raw, in order (results.json 'raw'), for exact CDFs; 0..1024 (default 0)", 0 },
	{ "smt", 'S', "N", 0, "Threads of the guest's vcore, 1..8 (default 1; at most what KVM_CAP_PPC_SMT allows); h_prod and h_cede_busy need 2 or more", 0 },
	{ "guest-args", 'A', "WORDS", 0, "Extra words for the guest's bootargs (hvbench.KEY=VALUE ...), after hvbench's own; for testing guest-bench", 0 },
	{ "mode", 'M', "rm|vm", 0, "Host path of the timed hcall: rm = real mode (default), vm = virtual mode (needs kmod's kvm-hv)", 0 },
	{},
};

/*
 * Numbers on the command line are decimal: strtoull(..., 0) would read
 * "010" as 8 and "0x10" as 16, and refuse "08".
 */
static int parse_ull(const char *arg, const char *what, unsigned long long min,
		     unsigned long long max, unsigned long long *val, struct argp_state *state)
{
	char *end;

	errno = 0;
	*val = 0;
	if (*arg >= '0' && *arg <= '9')
		*val = strtoull(arg, &end, 10);
	if (!(*arg >= '0' && *arg <= '9') || errno || *end || *val < min || *val > max) {
		argp_failure(state, 2, 0, "invalid %s '%s': must be a decimal integer in %llu..%llu",
			     what, arg, min, max);
		return -EINVAL;
	}
	return 0;
}

static void list_benches(char *buf, size_t len)
{
	uint32_t id;
	size_t n = 0;

	buf[0] = 0;
	for (id = 1; id <= hvb_bench_max_id() && n < len; id++)
		if (hvb_bench_name(id))
			n += snprintf(buf + n, len - n, "%s%s", n ? ", " : "", hvb_bench_name(id));
}

static int bench_listed(uint32_t id)
{
	uint32_t i;

	for (i = 0; i < env.nr_benches; i++)
		if (env.bench_ids[i] == id)
			return 1;
	return 0;
}

/* "all": every bench but fault, in table order, as many as one run holds */
static void parse_benches_all(void)
{
	char left[1024];
	uint32_t id, total = 0;
	size_t n = 0;

	left[0] = 0;
	for (id = 1; id <= hvb_bench_max_id(); id++) {
		/* not latency benches: one faults on purpose, one fuzzes the host */
		if (id == HVB_BENCH_FAULT || id == HVB_BENCH_HCALL_FUZZ || !hvb_bench_name(id))
			continue;
		total++;
		if (env.nr_benches < HVB_MAX_BENCHES)
			env.bench_ids[env.nr_benches++] = id;
		else if (n < sizeof(left))
			n += snprintf(left + n, sizeof(left) - n, "%s%s", n ? "," : "", hvb_bench_name(id));
	}
	if (left[0])
		fprintf(stderr, "hvbench: warning: -b all runs only the first %u of %u benches (at most %d per run); not run: %s (run them with -b)\n",
			env.nr_benches, total, HVB_MAX_BENCHES, left);
}

/* "h_enter,h_remove" or "all" (every bench but fault) */
static int parse_benches(const char *arg, struct argp_state *state)
{
	char names[1024], *buf, *tok, *save = NULL;
	int err = -EINVAL;
	uint32_t id;

	env.nr_benches = 0;
	if (!strcmp(arg, "all")) {
		parse_benches_all();
		return 0;
	}
	buf = strdup(arg);
	if (!buf) {
		argp_failure(state, 1, ENOMEM, "--bench");
		return -ENOMEM;
	}
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		id = hvb_bench_id(tok);
		if (!id) {
			list_benches(names, sizeof(names));
			argp_failure(state, 2, 0, "unknown bench '%.64s': benches are %s", tok, names);
			goto out;
		}
		if (bench_listed(id)) {
			argp_failure(state, 2, 0, "bench %s is listed twice in --bench", tok);
			goto out;
		}
		if (env.nr_benches == HVB_MAX_BENCHES) {
			argp_failure(state, 2, 0, "at most %d benches per run (split '%.256s' over several runs)",
				     HVB_MAX_BENCHES, arg);
			goto out;
		}
		env.bench_ids[env.nr_benches++] = id;
	}
	if (!env.nr_benches) {
		argp_failure(state, 2, 0, "--bench needs at least one bench name");
		goto out;
	}
	err = 0;
out:
	free(buf);
	return err;
}

#define GUEST_ARGS_MAX	128

/* printable words "hvbench.KEY=VALUE", each with its '=' */
static int guest_args_check(const char *a)
{
	const char *w = a;
	size_t len = strlen(a);

	if (!len || len > GUEST_ARGS_MAX)
		return -EINVAL;
	for (; *a; a++)
		if (*a < ' ' || *a > '~')
			return -EINVAL;
	while (*w) {
		const char *end = strchr(w, ' ');
		size_t wl = end ? (size_t)(end - w) : strlen(w);

		if (wl && (strncmp(w, HVB_ARG_PREFIX, strlen(HVB_ARG_PREFIX)) ||
			   !memchr(w, '=', wl)))
			return -EINVAL;
		w += wl + (end ? 1 : 0);
	}
	return 0;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	unsigned long long v;
	uint32_t i;

	switch (key) {
	case 'b':
		parse_benches(arg, state);
		break;
	case 'n':
		parse_ull(arg, "--iterations", 1, UINT32_MAX, &env.iterations, state);
		break;
	case 'H':
		parse_ull(arg, "--hpt-order", HPT_ORDER_MIN, HPT_ORDER_MAX, &v, state);
		env.hpt_order = (unsigned int)v;
		break;
	case 'g':
		env.guest = arg;
		break;
	case 'o':
		if (!arg[0])
			argp_failure(state, 2, 0, "--output needs a directory name");
		env.output = arg;
		break;
	case 'A':
		if (guest_args_check(arg))
			argp_failure(state, 2, 0, "invalid --guest-args '%.64s': space-separated %sKEY=VALUE words of printable characters, at most %d bytes",
				     arg, HVB_ARG_PREFIX, GUEST_ARGS_MAX);
		env.guest_args = arg;
		break;
	case 't':
		parse_ull(arg, "--timeout", 1, 86400, &v, state);
		env.timeout = (unsigned int)v;
		break;
	case 'K':
		env.kvm_dev = arg;
		break;
	case 'm':
		parse_ull(arg, "--mem", 16, 65536, &v, state);
		env.mem_mib = (unsigned int)v;
		break;
	case 'q':
		env.quiet = 1;
		break;
	case 'C':
		env.collect_bpf = !strcmp(arg, "bpf") || !strcmp(arg, "both");
		env.collect_perf = !strcmp(arg, "perf") || !strcmp(arg, "both");
		if (!env.collect_bpf && !env.collect_perf && strcmp(arg, "none"))
			argp_failure(state, 2, 0, "invalid --collect '%s': bpf, perf, both or none", arg);
		break;
	case 'B': {
		char perr[128];

		if (collect_bpf_parse(arg, &env.bpf_collectors, perr, sizeof(perr)))
			argp_failure(state, 2, 0, "invalid --bpf '%s': %s", arg, perr);
		break;
	}
	case 'M':
		if (strcmp(arg, "rm") && strcmp(arg, "vm"))
			argp_failure(state, 2, 0, "invalid --mode '%s': rm (real mode) or vm (virtual mode)", arg);
		env.mode = arg;
		break;
	case 'R':
		parse_ull(arg, "--raw", 0, HVB_RAW_MAX, &v, state);
		env.raw = (unsigned int)v;
		break;
	case 'S':
		parse_ull(arg, "--smt", 1, HVB_MAX_THREADS, &v, state);
		env.smt = (unsigned int)v;
		break;
	case ARGP_KEY_ARG:
		argp_failure(state, 2, 0, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_END:
		for (i = 0; i < env.nr_benches; i++) {
			uint32_t id = env.bench_ids[i];

			/* kmod/README.md: a punted cede at SMT > 1 is not a virtual-mode cede */
			if ((id == HVB_BENCH_H_CEDE || id == HVB_BENCH_H_CEDE_BUSY) && env.smt > 1 &&
			    !strcmp(env.mode, "vm"))
				fprintf(stderr, "hvbench: warning: --mode vm with %s at --smt %u: on POWER8 every virtual-mode hcall takes the whole vcore out and a runnable sibling brings it straight back, so the cede does not idle; compare rm and vm cedes at --smt 1\n",
					hvb_bench_name(id), env.smt);

			if ((id == HVB_BENCH_H_PROD || id == HVB_BENCH_H_CEDE_BUSY) && env.smt < 2)
				argp_failure(state, 2, 0, "bench %s needs sibling threads: add --smt 2 (or up to 8)",
					     hvb_bench_name(id));
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

#ifdef __powerpc64__
/* the selected benches, comma-separated: bootargs and meta.json say the same */
static const char *selected_benches(void)
{
	static char buf[HVB_MAX_BENCHES * 32];
	size_t n = 0;
	uint32_t i;

	buf[0] = 0;
	for (i = 0; i < env.nr_benches && n < sizeof(buf); i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "," : "",
			      hvb_bench_name(env.bench_ids[i]));
	return buf;
}

static const char *default_guest(void)
{
	static char path[PATH_MAX];
	char *slash;
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);

	if (n <= 0)
		return "guest-bench.elf";
	path[n] = 0;
	slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, "guest-bench.elf");
	return path;
}

/*
 * The rm/vm switch of kmod's kvm-hv is global: set it for this run and put
 * the previous value back afterwards, whatever happens.
 */
/* one emulated PCI host bridge's DMA window: 4096 x 4 KiB from bus 0 */
#define HVB_LIOBN	0x80000000U
#define HVB_TCE_ENTRIES	4096U
#define HVB_MMIO_OFFSET	0x10000000ULL
#define HVB_FDT_SIZE	0x4000
#define HVB_CEDE_US	500U

static int needs_tce_table(void)
{
	return bench_listed(HVB_BENCH_H_PUT_TCE) || bench_listed(HVB_BENCH_H_GET_TCE) ||
	       bench_listed(HVB_BENCH_HCALL_FUZZ) ||
	       bench_listed(HVB_BENCH_H_STUFF_TCE) || bench_listed(HVB_BENCH_H_PUT_TCE_IND);
}

/* --mode vm: rm_punt gets the timed hcalls of every selected bench */
static const char *timed_hcalls(void)
{
	static char buf[256];
	size_t n = 0;
	uint32_t i;

	buf[0] = 0;
	/* the fuzzer makes every hcall: in virtual mode, all of them */
	if (bench_listed(HVB_BENCH_HCALL_FUZZ))
		return "all";
	for (i = 0; i < env.nr_benches; i++) {
		uint32_t req = hvb_bench_req(env.bench_ids[i]);

		if (req)
			n += snprintf(buf + n, sizeof(buf) - n, "%s0x%x", n ? "," : "", req);
	}
	return buf;
}

static int mode_apply(const struct hvb_kvm_hv *k)
{
	if (!k->instrumented) {
		if (!strcmp(env.mode, "rm"))
			return 0;
		fprintf(stderr, "hvbench: error: --mode vm needs kmod's instrumented kvm-hv (no rm_punt parameter in %s); boot the kernel built by kmod/build.sh\n",
			HVB_KVM_HV_PARAMS);
		return -EOPNOTSUPP;
	}
	if (hvb_kvm_hv_set_punt(HVB_KVM_HV_PARAMS, strcmp(env.mode, "vm") ? "" : timed_hcalls())) {
		fprintf(stderr, "hvbench: error: cannot write %s/rm_punt: %s (run as root)\n",
			HVB_KVM_HV_PARAMS, strerror(errno));
		return -EPERM;
	}
	return 0;
}

static int run_guest(const struct hvb_platform *plat, struct rundir *rd)
{
	struct vm_outcome out;
	struct vm_fdt fdt;
	char bootargs[1024];
	uint64_t tb_hz, cede_ticks;
	size_t n;
	struct sigaction sa;
	struct vcpu vcpus[HVB_MAX_THREADS];
	unsigned int i, nr_vcpus = 0;
	struct vm vm;
	uint64_t entry, end, fdt_gpa;
	json_t *meta = NULL, *res = NULL;
	char cpath[8200];
	FILE *console_log = NULL;
	int err;

	struct hvb_kvm_hv khv, khv_after;
	struct collect_bpf *bpfc = NULL;
	struct perf_collect *perfc = NULL;
	json_t *collected = NULL, *collected_perf = NULL;

	memset(&out, 0, sizeof(out));
	hvb_kvm_hv_read(&khv, HVB_KVM_HV_PARAMS);
	err = vm_create(&vm, env.kvm_dev, (size_t)env.mem_mib << 20, env.hpt_order);
	if (err)
		return err;
	/* kvm-hv is loaded now (vm_create would have said otherwise) */
	hvb_kvm_hv_read(&khv, HVB_KVM_HV_PARAMS);
	err = mode_apply(&khv);
	if (err)
		goto cleanup;
	err = vm_load_elf(&vm, env.guest ? env.guest : default_guest(), &entry, &end);
	if (err)
		goto cleanup;
	fdt_gpa = (end + 0xffff) & ~0xffffULL;
	if (fdt_gpa + HVB_FDT_SIZE > vm.mem_size) {
		fprintf(stderr, "hvbench: error: guest image leaves no room for the device tree; raise --mem\n");
		err = -E2BIG;
		goto cleanup;
	}
	/* h_cede sleeps 500 us a call */
	tb_hz = plat->timebase_hz ? plat->timebase_hz : 512000000;
	cede_ticks = tb_hz / 1000000 * HVB_CEDE_US;
	err = vm_enable_hpt_hcalls(&vm);
	if (err)
		goto cleanup;
	n = (size_t)snprintf(bootargs, sizeof(bootargs), "%s%s=%s", HVB_ARG_PREFIX, HVB_ARG_BENCH,
			     selected_benches());
	n += (size_t)snprintf(bootargs + n, sizeof(bootargs) - n,
		      " %s%s=%llu %s%s=%u %s%s=%u %s%s=0x%llx %s%s=%u",
		      HVB_ARG_PREFIX, HVB_ARG_ITERATIONS, env.iterations,
		      HVB_ARG_PREFIX, HVB_ARG_THREADS, env.smt,
		      HVB_ARG_PREFIX, HVB_ARG_CEDE_US, HVB_CEDE_US,
		      /* an address above guest memory that no memslot covers */
		      HVB_ARG_PREFIX, HVB_ARG_MMIO_GPA,
		      (unsigned long long)(vm.mem_size + HVB_MMIO_OFFSET),
		      HVB_ARG_PREFIX, HVB_ARG_RAW, env.raw);
	if (needs_tce_table()) {
		err = vm_create_tce_table(&vm, HVB_LIOBN, HVB_TCE_ENTRIES);
		if (err)
			goto cleanup;
		n += (size_t)snprintf(bootargs + n, sizeof(bootargs) - n, " %s%s=0x%x %s%s=%u",
			      HVB_ARG_PREFIX, HVB_ARG_LIOBN, HVB_LIOBN,
			      HVB_ARG_PREFIX, HVB_ARG_TCE_ENTRIES, HVB_TCE_ENTRIES);
	}
	/* the user's words come last: a guest reads the last value of a key */
	if (env.guest_args)
		n += (size_t)snprintf(bootargs + n, sizeof(bootargs) - n, " %s", env.guest_args);
	if (n >= sizeof(bootargs)) {
		fprintf(stderr, "hvbench: error: the guest's bootargs exceed %zu bytes; shorten --guest-args\n",
			sizeof(bootargs) - 1);
		err = -E2BIG;
		goto cleanup;
	}
	fdt.bootargs = bootargs;
	fdt.timebase_hz = tb_hz;
	fdt.hpt_order = vm.hpt_order;
	fdt.threads = env.smt;
	fdt.mem_size = vm.mem_size;
	err = vm_build_fdt((char *)vm.mem + fdt_gpa, HVB_FDT_SIZE, &fdt);
	if (err)
		goto cleanup;

	/* vcpu ids 0..smt-1 are the threads of vcore 0 */
	if ((int)env.smt > (vm.smt > 0 ? vm.smt : 1)) {
		fprintf(stderr, "hvbench: error: --smt %u: this host's vcores have %d thread(s) (KVM_CAP_PPC_SMT); on POWER8 offline the secondary threads (ppc64_cpu --smt=off) and use at most %d\n",
			env.smt, vm.smt, vm.smt > 0 ? vm.smt : 1);
		err = -EINVAL;
		goto cleanup;
	}
	for (i = 0; i < env.smt; i++) {
		err = vcpu_create(&vm, &vcpus[i], (int)i);
		if (err)
			goto cleanup;
		nr_vcpus++;
		err = vcpu_set_entry(&vcpus[i], entry, fdt_gpa, i);
		if (err)
			goto cleanup;
	}
	err = vm_set_ile(&vcpus[0]);
	if (err)
		goto cleanup;

	/* collectors start before the guest's first hcall */
	if (env.collect_bpf) {
		char cerr[256];

		err = collect_bpf_start(&bpfc, env.bpf_collectors, (unsigned int)getpid(),
					 cerr, sizeof(cerr));
		if (err) {
			fprintf(stderr, "hvbench: error: --collect bpf: %s\n", cerr);
			goto cleanup;
		}
	}
	if (env.collect_perf) {
		char cerr[256], epath[8200];

		snprintf(epath, sizeof(epath), "%s/events.txt", rd->tmp);
		err = perf_collect_start(&perfc, epath, cerr, sizeof(cerr));
		if (err) {
			fprintf(stderr, "hvbench: error: --collect perf: %s\n", cerr);
			goto cleanup;
		}
		rd->nfiles++;
	}

	snprintf(cpath, sizeof(cpath), "%s/console.log", rd->tmp);
	console_log = fopen(cpath, "wx");
	if (!console_log) {
		err = -errno;
		fprintf(stderr, "hvbench: error: cannot create %s: %s\n", cpath, strerror(-err));
		goto cleanup;
	}
	console_init(&out.console, console_log, env.quiet ? NULL : stdout);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vm_stop_signal;	/* no SA_RESTART: KVM_RUN must return */
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	alarm(env.timeout);
	err = vm_run(&vm, vcpus, (int)nr_vcpus, &out);
	alarm(0);
	/* ... and drain after its last: the vcpu is out of the guest now */
	if (bpfc) {
		collected = collect_bpf_stop(bpfc);
		bpfc = NULL;
	}
	if (perfc) {
		collected_perf = perf_collect_stop(perfc);
		perfc = NULL;
	}
	console_finish(&out.console);
	fclose(console_log);
	console_log = NULL;

	if (vm_stop_reason == SIGALRM)
		fprintf(stderr, "hvbench: error: watchdog: the guest did not finish within %u s; stopped it (raise --timeout for long runs)\n",
			env.timeout);
	else if (vm_stop_reason)
		fprintf(stderr, "hvbench: interrupted by signal %d; guest stopped, nothing written\n",
			(int)vm_stop_reason);
	if (vm_stop_reason) {
		err = -EINTR;
		goto cleanup;
	}
	if (out.error[0]) {
		fprintf(stderr, "hvbench: error: %s\n", out.error);
		err = err ? err : -EIO;
	} else if (!out.have_results) {
		fprintf(stderr, "hvbench: error: the guest exited (status %ld) without handing over results\n",
			out.exit_status);
		err = -EIO;
	}

	meta = hvb_meta_collect(plat);
	hvb_kvm_hv_read(&khv_after, HVB_KVM_HV_PARAMS);
	json_object_set_new(meta, "kvm_hv", hvb_kvm_hv_json(&khv_after));
	json_object_set_new(meta, "run", json_pack("{s:s, s:I, s:i, s:i, s:i, s:i, s:i, s:I, s:s, s:i}",
		"bench", selected_benches(), "iterations", (json_int_t)env.iterations,
		"hpt_order_requested", (int)env.hpt_order, "hpt_order", (int)vm.hpt_order,
		"vcpus", (int)env.smt, "smt_cap", vm.smt, "guest_mem_mib", (int)env.mem_mib,
		"hcalls_to_user", (json_int_t)out.hcalls_to_user,
		"status", err ? "failed" : "ok", "guest_exit_status", (int)out.exit_status));
	json_object_set_new(json_object_get(meta, "run"), "mode", json_string(env.mode));
	json_object_set_new(json_object_get(meta, "run"), "mmio_exits", json_integer((json_int_t)out.mmio_exits));
	json_object_set_new(json_object_get(meta, "run"), "cede_ticks", json_integer((json_int_t)cede_ticks));
	json_object_set_new(json_object_get(meta, "run"), "bootargs", json_string(bootargs));
	if (out.error[0])
		json_object_set_new(meta, "error", json_string(out.error));
	if (rundir_write_json(rd, "meta.json", meta))
		err = err ? err : -EIO;
	if (collected && rundir_write_json(rd, "collect_bpf.json", collected))
		err = err ? err : -EIO;
	if (collected_perf && rundir_write_json(rd, "collect_perf.json", collected_perf))
		err = err ? err : -EIO;
	if (out.have_results) {
		res = hvb_results_to_json(&out.results);
		if (rundir_write_json(rd, "results.json", res))
			err = err ? err : -EIO;
	}
	if (!err && out.exit_status) {
		fprintf(stderr, "hvbench: error: guest-bench reported %ld failed bench(es); see results.json\n",
			out.exit_status);
		err = -EIO;
	}
cleanup:
	if (console_log)
		fclose(console_log);
	if (bpfc)
		json_decref(collect_bpf_stop(bpfc));
	if (perfc)
		json_decref(perf_collect_stop(perfc));
	json_decref(collected);
	json_decref(collected_perf);
	if (khv.instrumented)
		hvb_kvm_hv_set_punt(HVB_KVM_HV_PARAMS, khv.rm_punt);
	json_decref(meta);
	json_decref(res);
	for (i = 0; i < nr_vcpus; i++)
		vcpu_destroy(&vcpus[i]);
	vm_destroy(&vm);
	return err;
}
#endif

int cmd_run(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, NULL, doc, NULL, NULL, NULL };
	struct hvb_platform plat;
	struct rundir rd = { .tmp = "" };
	char defout[64];
	int err, cerr;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 2;
	if (!env.nr_benches)
		env.bench_ids[env.nr_benches++] = HVB_BENCH_H_ENTER;
#ifndef __powerpc64__
	(void)plat;
	(void)rd;
	(void)cerr;
	(void)defout;
	fprintf(stderr, "hvbench: error: 'hvbench run' needs a POWER host with kvm-hv; this is an %s machine. 'make demo' runs it in an emulated POWER8 host.\n",
#if defined(__x86_64__)
		"x86-64"
#else
		"non-POWER"
#endif
		);
	return 1;
#else
	if (access(env.kvm_dev, F_OK)) {
		fprintf(stderr, "hvbench: error: %s does not exist: kvm-hv is not loaded (on a POWER8 host: modprobe kvm-hv; elsewhere: make demo)\n",
			env.kvm_dev);
		return 1;
	}
	hvb_platform_read(&plat, "/proc/cpuinfo", "/proc/device-tree/compatible");
	if (!env.output) {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(defout, sizeof(defout), "hvbench-run-%Y%m%d-%H%M%S", &tm);
		env.output = defout;
	}
	err = rundir_begin(&rd, env.output);
	if (err) {
		fprintf(stderr, "hvbench: error: cannot create run directory %s: %s%s\n", env.output,
			strerror(-err), err == -EEXIST ? " (choose another -o; runs are never overwritten)" : "");
		return 1;
	}
	err = run_guest(&plat, &rd);
	/* nothing worth keeping unless the guest ran */
	if (err == -EINTR || !rd.nfiles) {
		rundir_abort(&rd);
		return 1;
	}
	cerr = rundir_commit(&rd);
	if (cerr) {
		/* a finished run is never thrown away: say where it is */
		fprintf(stderr, "hvbench: error: cannot rename the run directory to %s: %s; the run is kept in %s\n",
			env.output, strerror(-cerr), rd.tmp);
		return 1;
	}
	printf("hvbench: run directory %s (%s)\n", env.output, err ? "failed" : "ok");
	return err ? 1 : 0;
#endif
}
