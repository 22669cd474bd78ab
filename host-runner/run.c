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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cmd.h"
#include "meta.h"
#include "results.h"
#include "rundir.h"
#include "collect_bpf.h"
#include "plan.h"
#include "emulated.h"
#ifdef __powerpc64__
#include "vm.h"
#include "perf_collect.h"
#include "hist_stats.h"
#endif
#include "hvbench/kmod.h"

#define HCALL_RING_AUTO		(-1LL)
/*
 * hcalls a bench iteration makes, timed or not, at most among the benches
 * -n counts: h_bulk_remove's 5 (four H_ENTER, the timed H_BULK_REMOVE)
 */
#define HCALL_RING_PER_ITER	5
/* records beyond a bench's iterations: its PASS line, setup, the odd H_CEDE */
#define HCALL_RING_SLACK	1024

static struct run_env {
	struct hvb_plan plan;
	int seed_given;
	int dry_run;
	int hpt_reset;		/* --hpt-reset: reuse VMs, KVM_PPC_ALLOCATE_HTAB per cell */
	const char *guest;
	const char *output;
	unsigned int timeout;
	const char *kvm_dev;
	unsigned int mem_mib;
	int quiet;
	int collect_bpf;
	unsigned int bpf_collectors;	/* COLLECT_BPF_* */
	int collect_perf;
	unsigned int raw;	/* raw samples kept per record */
	const char *guest_args;	/* --guest-args: appended to bootargs */
	long long hcall_ring;	/* --hcall-ring: records, HCALL_RING_AUTO sized per cell */
	char *run_file_text;	/* --run-file, kept for the run directory */
	char *run_file_parsed;	/* its parsed copy: values point into it */
	const char *run_file;
	const char *emulated;	/* --emulated: "stock" or "kmod", NULL: here */
	int emulated_bare;	/* --emulated without '=': the next word may name the kernel */
	int argc;
	char **argv;
} env = {
	.bpf_collectors = COLLECT_BPF_HCALL,	/* the others when asked for: their cost is per exit */
	.timeout = 120,
	.kvm_dev = "/dev/kvm",
	.mem_mib = 64,
	.hcall_ring = HCALL_RING_AUTO,
};

/* what one guest boot (a cell of the matrix) runs */
struct cell_spec {
	const struct hvb_group *group;
	uint32_t mode;		/* enum hvb_mode */
	uint32_t hpt_order;
	uint32_t smt;
};

static const char doc[] =
"Run hcall benchmarks in KVM-HV guests on this POWER host: one guest boot, or\n"
"a matrix of benches x modes x HPT orders x SMT widths x repetitions run in an\n"
"interleaved, seeded random order into one run directory.\n"
"\n"
"EXAMPLES:\n"
"    hvbench run                         # 10000 H_ENTER round trips, HPT order 24\n"
"    hvbench run -n 100000 --hpt-order 18 -o runs/small-hpt\n"
"    hvbench run --mode vm -o runs/vm    # H_ENTER punted to virtual mode (kmod)\n"
"    hvbench run -b h_enter,h_put_tce,null_rm --mode rm,vm --reps 5 -o runs/ci\n"
"    hvbench run -b h_enter,h_enter_fill --hpt-order 18..26 -o runs/hpt-sweep\n"
"    hvbench run -b all --dry-run        # the plan and its estimated time, anywhere\n"
"    hvbench run -f examples/ci.run      # the matrix from a run file\n"
"    hvbench run --emulated kmod -b h_enter --mode rm,vm -o runs/x86   # from an x86 box\n"
"    hvbench run --smt 4 -b h_cede,h_cede_busy,h_prod   # cede with siblings idle/busy, prod\n"
"    hvbench run -b null_vm --collect bpf --bpf hcall    # hcall latency only: least overhead\n"
"    hvbench report runs/small-hpt       # summary + histogram PNG\n";

/* the --bench line of --help is made from the bench table (bench_help) */
static struct argp_option opts[] = {
	{ "bench", 'b', "NAMES", 0, NULL, 0 },
	{ "iterations", 'n', "N", 0, "Timed hcalls per bench (default 10000)", 0 },
	{ "hpt-order", 'H', "ORDERS", 0, "log2 of the guest HPT size in bytes, 18..46: one, a list (18,20,24) or a range (18..26) (default 24)", 0 },
	{ "mode", 'M', "MODES", 0, "Host path of the timed hcall, comma-separated: rm = real mode (default), vm = virtual mode (needs kmod's kvm-hv)", 0 },
	{ "smt", 'S', "WIDTHS", 0, "Threads of the guest's vcore, 1..8, one or a list (default 1; at most what KVM_CAP_PPC_SMT allows); h_prod and h_cede_busy need 2 or more", 0 },
	{ "reps", 'r', "N", 0, "Repetitions of every cell, 1..1000 (default 16 on POWER hardware, enough for compare to find a 5 % change; 1 on the emulated host, where -icount is the instrument)", 0 },
	{ "seed", 's', "SEED", 0, "Seed of the cells' random order (default: from the clock; recorded in the run directory, so --seed replays an order)", 0 },
	{ "hpt-reset", 'P', NULL, 0, "Reuse one VM per benches, mode and SMT width across cells: KVM_PPC_ALLOCATE_HTAB resets its HPT to each cell's order (the same order clears it, another reallocates it); meta.json says which cells reused a VM and what the reset cost", 0 },
	{ "dry-run", 'D', NULL, 0, "Print the plan (boots, cells in order, estimated time) and exit; works on any machine", 0 },
	{ "run-file", 'f', "FILE", 0, "Read options from FILE: one 'option = value' a line (long option names, '#' comments); the command line's later options override it (README: run files)", 0 },
	{ "emulated", 'E', "KERNEL", OPTION_ARG_OPTIONAL, "Not on a POWER host: run in the emulated POWER8 host (the project's QEMU powernv8) booting KERNEL, stock (Debian's) or kmod (default); the run directory comes back to -o", 0 },
	{ "guest", 'g', "ELF", 0, "guest-bench image (default: guest-bench.elf beside hvbench)", 0 },
	{ "output", 'o', "DIR", 0, "Run directory to create (default hvbench-run-DATE)", 0 },
	{ "timeout", 't', "SEC", 0, "Watchdog per guest boot: stop the guest after SEC seconds (default 120); in a matrix the run goes on with the next cell", 0 },
	{ "kvm-dev", 'K', "PATH", 0, "KVM device (default /dev/kvm)", 0 },
	{ "mem", 'm', "MIB", 0, "Guest memory in MiB (default 64)", 0 },
	{ "quiet", 'q', NULL, 0, "Do not echo the guest console or show progress", 0 },
	{ "collect", 'C', "bpf|perf|both|none", 0, "Host-side collectors: bpf = BPF histograms on the kvm_hv tracepoints (collect_bpf.json), perf = libperf rings + libtraceevent (collect_perf.json, events.txt), both, none (default)", 0 },
	{ "bpf", 'B', "LIST", 0, "BPF collectors for --collect bpf|both, comma-separated: hcall (latency, return codes), exits (by trap, time outside the guest), vcore (runnable threads, blocking, cede naps); default hcall, the cheap one (exits and vcore each add a program to every guest exit: make bench measures them)", 0 },
	{ "raw", 'R', "K", 0, "Also keep the first K samples of every bench raw, in order (results.json 'raw'), for exact CDFs; 0..1024 (default 0)", 0 },
	{ "hcall-ring", 'G', "N|auto", 0, "Records in each vcpu's hcall ring (kmod's rm_ring_records, 0..65536) for this run, put back afterwards; auto (default): room for twice a bench's hcalls (5 an iteration, at most), so the ring drains between benches rather than inside a timed sample (README: collectors)", 0 },
	{ "guest-args", 'A', "WORDS", 0, "Extra words for the guest's bootargs (hvbench.KEY=VALUE ...), after hvbench's own; for testing guest-bench", 0 },
	{},
};

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

/*
 * Numbers are decimal: strtoull(..., 0) would read "010" as 8 and "0x10"
 * as 16, and refuse "08".
 */
static int number(const char *arg, const char *what, unsigned long long min,
		  unsigned long long max, unsigned long long *val, char *err, size_t errlen)
{
	if (!hvb_parse_decimal(arg, min, max, val))
		return 0;
	snprintf(err, errlen, "invalid %s '%.64s': must be a decimal integer in %llu..%llu",
		 what, arg, min, max);
	return -EINVAL;
}

static int read_run_file(const char *path, char *err, size_t errlen);

/*
 * One option, from the command line or a run file: 0, or -EINVAL with a
 * message in err.  Values are kept by pointer: argv and the run file's
 * text live as long as the run.
 */
static int apply_option(int key, char *arg, char *err, size_t errlen)
{
	struct hvb_plan *p = &env.plan;
	unsigned long long v;

	switch (key) {
	case 'b':
		return hvb_plan_parse_benches(p, arg, err, errlen);
	case 'n':
		if (number(arg, "--iterations", 1, UINT32_MAX, &v, err, errlen))
			return -EINVAL;
		p->iterations = v;
		return 0;
	case 'H':
		return hvb_plan_parse_orders(p, arg, err, errlen);
	case 'S':
		return hvb_plan_parse_smts(p, arg, err, errlen);
	case 'M':
		return hvb_plan_parse_modes(p, arg, err, errlen);
	case 'r':
		if (number(arg, "--reps", 1, HVB_PLAN_MAX_REPS, &v, err, errlen))
			return -EINVAL;
		p->reps = (uint32_t)v;
		return 0;
	case 's':
		if (number(arg, "--seed", 0, UINT64_MAX, &v, err, errlen))
			return -EINVAL;
		p->seed = v;
		env.seed_given = 1;
		return 0;
	case 'D':
		env.dry_run = 1;
		return 0;
	case 'P':
		env.hpt_reset = 1;
		return 0;
	case 'f':
		if (env.run_file) {
			snprintf(err, errlen, "one --run-file per run (%s already read)", env.run_file);
			return -EINVAL;
		}
		return read_run_file(arg, err, errlen);
	case 'E':
		env.emulated_bare = !arg;
		if (arg && strcmp(arg, "stock") && strcmp(arg, "kmod")) {
			snprintf(err, errlen, "invalid --emulated '%.32s': stock (Debian's kernel) or kmod (the instrumented one)",
				 arg);
			return -EINVAL;
		}
		env.emulated = arg ? arg : "kmod";
		return 0;
	case 'g':
		env.guest = arg;
		return 0;
	case 'o':
		if (!arg[0]) {
			snprintf(err, errlen, "--output needs a directory name");
			return -EINVAL;
		}
		env.output = arg;
		return 0;
	case 'A':
		if (guest_args_check(arg)) {
			snprintf(err, errlen, "invalid --guest-args '%.64s': space-separated %sKEY=VALUE words of printable characters, at most %d bytes",
				 arg, HVB_ARG_PREFIX, GUEST_ARGS_MAX);
			return -EINVAL;
		}
		env.guest_args = arg;
		return 0;
	case 't':
		if (number(arg, "--timeout", 1, 86400, &v, err, errlen))
			return -EINVAL;
		env.timeout = (unsigned int)v;
		return 0;
	case 'K':
		env.kvm_dev = arg;
		return 0;
	case 'm':
		if (number(arg, "--mem", 16, 65536, &v, err, errlen))
			return -EINVAL;
		env.mem_mib = (unsigned int)v;
		return 0;
	case 'q':
		env.quiet = 1;
		return 0;
	case 'G':
		if (!strcmp(arg, "auto")) {
			env.hcall_ring = HCALL_RING_AUTO;
			return 0;
		}
		if (hvb_parse_decimal(arg, 0, HCALL_RING_MAX, &v)) {
			snprintf(err, errlen, "invalid --hcall-ring '%.32s': must be a decimal integer in 0..%d (records a vcpu), or auto",
				 arg, HCALL_RING_MAX);
			return -EINVAL;
		}
		env.hcall_ring = (long long)v;
		return 0;
	case 'C':
		env.collect_bpf = !strcmp(arg, "bpf") || !strcmp(arg, "both");
		env.collect_perf = !strcmp(arg, "perf") || !strcmp(arg, "both");
		if (!env.collect_bpf && !env.collect_perf && strcmp(arg, "none")) {
			snprintf(err, errlen, "invalid --collect '%.32s': bpf, perf, both or none", arg);
			return -EINVAL;
		}
		return 0;
	case 'B': {
		char perr[128];

		if (collect_bpf_parse(arg, &env.bpf_collectors, perr, sizeof(perr))) {
			snprintf(err, errlen, "invalid --bpf '%.32s': %s", arg, perr);
			return -EINVAL;
		}
		return 0;
	}
	case 'R':
		if (number(arg, "--raw", 0, HVB_RAW_MAX, &v, err, errlen))
			return -EINVAL;
		env.raw = (unsigned int)v;
		return 0;
	}
	snprintf(err, errlen, "unknown option");
	return -EINVAL;
}

/*
 * A run file: "option = value" (or "option value") a line, long option
 * names as on the command line, flags alone ("quiet"), '#' starts a
 * comment.  Errors name the file and line.  Bounded: a run file is small.
 */
#define RUN_FILE_MAX	(64u << 10)

static int read_run_file(const char *path, char *err, size_t errlen)
{
	char msg[512], *line, *next, *key, *val, *end;
	const struct argp_option *o;
	unsigned int lineno = 0;
	struct stat st;
	size_t len = 0;
	FILE *f;
	int c;

	f = fopen(path, "r");
	if (!f || fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read run file %.256s: %s", path,
			 f ? "not a regular file" : strerror(errno));
		if (f)
			fclose(f);
		return -EINVAL;
	}
	env.run_file_text = calloc(1, RUN_FILE_MAX + 1);
	if (!env.run_file_text) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	while ((c = fgetc(f)) != EOF && len <= RUN_FILE_MAX) {
		if (!c || (c < ' ' && c != '\n' && c != '\t' && c != '\r') || c > '~') {
			fclose(f);
			snprintf(err, errlen, "%.256s: not a run file (byte 0x%02x at offset %zu: printable ASCII lines only)",
				 path, (unsigned int)(unsigned char)c, len);
			return -EINVAL;
		}
		env.run_file_text[len++] = (char)c;
	}
	if (ferror(f)) {
		fclose(f);
		snprintf(err, errlen, "cannot read run file %.256s: %s", path, strerror(errno));
		return -EINVAL;
	}
	fclose(f);
	if (len > RUN_FILE_MAX) {
		snprintf(err, errlen, "%.256s: larger than %u KiB; a run file holds options, not data",
			 path, RUN_FILE_MAX >> 10);
		return -EINVAL;
	}
	env.run_file = path;
	/* parse a copy: values are kept by pointer into it, the text is kept as written */
	line = env.run_file_parsed = strdup(env.run_file_text);
	if (!line) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (; line; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		end = strchr(line, '#');
		if (end)
			*end = 0;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = 0;
		key = line + strspn(line, " \t");
		if (!*key)
			continue;
		val = key + strcspn(key, " \t=");
		if (*val) {
			*val++ = 0;
			val += strspn(val, " \t");
			if (*val == '=')
				val++;
			val += strspn(val, " \t");
		}
		for (o = opts; o->name; o++)
			if (!strcmp(o->name, key))
				break;
		if (!o->name || o->key == 'f') {
			snprintf(err, errlen, "%.256s:%u: unknown option '%.32s' (run files take the long options of 'hvbench run --help' but run-file)",
				 path, lineno, key);
			return -EINVAL;
		}
		if (!o->arg != !*val) {
			snprintf(err, errlen, "%.256s:%u: option '%s' %s", path, lineno, o->name,
				 o->arg ? "needs a value ('option = value')" : "takes no value");
			return -EINVAL;
		}
		if (apply_option(o->key, val, msg, sizeof(msg))) {
			snprintf(err, errlen, "%.256s:%u: %s", path, lineno, msg);
			return -EINVAL;
		}
	}
	return 0;
}

/* the whole command line checked: the plan is built here, before any VM */
static int options_end(char *err, size_t errlen)
{
	struct hvb_plan *p = &env.plan;
	uint32_t i, s;

	if (!env.seed_given) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		p->seed = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
		p->seed ^= (uint64_t)getpid() << 32;
	}
	if (!p->reps) {
		struct hvb_platform plat;

		memset(&plat, 0, sizeof(plat));
		hvb_platform_read(&plat, "/proc/cpuinfo", "/proc/device-tree/compatible");
		p->reps = env.emulated || plat.emulated ? HVB_PLAN_DEFAULT_REPS_EMULATED : HVB_PLAN_DEFAULT_REPS;
	}
	if (hvb_plan_build(p, err, errlen))
		return -EINVAL;
	/* seed 000: the HTAB fd is writable only while no vcpu is in KVM_RUN */
	for (i = 0; i < p->nr_modes; i++)
		if (p->modes[i] == HVB_MODE_USER)
			for (s = 0; s < p->nr_smts; s++)
				if (p->smts[s] > 1 && (hvb_plan_listed(p, HVB_BENCH_H_ENTER) ||
						       hvb_plan_listed(p, HVB_BENCH_H_REMOVE) ||
						       hvb_plan_listed(p, HVB_BENCH_H_ENTER_EXACT) ||
						       hvb_plan_listed(p, HVB_BENCH_H_ENTER_FILL) ||
						       hvb_plan_listed(p, HVB_BENCH_H_ENTER_FULL))) {
					fprintf(stderr, "hvbench: warning: --mode user at --smt %u: user-mode H_ENTER/H_REMOVE write the HTAB fd, which the kernel refuses (EBUSY) while a sibling vcpu is in KVM_RUN: those cells will fail with that answer\n",
						p->smts[s]);
					i = p->nr_modes;
					break;
				}
	if (p->left_out[0] && !env.dry_run)
		fprintf(stderr, "hvbench: warning: not run: %s (bench@smtN: needs more vcore threads, add --smt 2 or more; bench@user: no user-mode handler; bench@user-smtN: user mode at SMT 1 only)\n",
			p->left_out);
	/* kmod/README.md: a punted cede at SMT > 1 is not a virtual-mode cede */
	for (i = 0; i < p->nr_modes; i++) {
		if (p->modes[i] != HVB_MODE_VM)
			continue;
		for (s = 0; s < p->nr_smts; s++) {
			if (p->smts[s] < 2)
				continue;
			if (hvb_plan_listed(p, HVB_BENCH_H_CEDE) || hvb_plan_listed(p, HVB_BENCH_H_CEDE_BUSY))
				fprintf(stderr, "hvbench: warning: --mode vm with %s at --smt %u: on POWER8 every virtual-mode hcall takes the whole vcore out and a runnable sibling brings it straight back, so the cede does not idle; compare rm and vm cedes at --smt 1\n",
					hvb_plan_listed(p, HVB_BENCH_H_CEDE) ? "h_cede" : "h_cede_busy",
					p->smts[s]);
			break;
		}
	}
	return 0;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	const struct argp_option *o;
	char err[1024];

	switch (key) {
	case ARGP_KEY_INIT:
		hvb_plan_defaults(&env.plan);
		return 0;
	case ARGP_KEY_ARG:
		/* "--emulated kmod": argp gives an optional value only with '=' */
		if (env.emulated_bare && (!strcmp(arg, "stock") || !strcmp(arg, "kmod"))) {
			env.emulated = !strcmp(arg, "stock") ? "stock" : "kmod";
			env.emulated_bare = 0;
			return 0;
		}
		argp_failure(state, 2, 0, "unexpected argument '%s'", arg);
		return 0;
	case ARGP_KEY_END:
		if (options_end(err, sizeof(err)))
			argp_failure(state, 2, 0, "%s", err);
		return 0;
	}
	/* every key of opts[] is apply_option's: the table is the one list */
	for (o = opts; o->name; o++) {
		if (o->key != key)
			continue;
		if (apply_option(key, arg, err, sizeof(err)))
			argp_failure(state, 2, 0, "%s", err);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

#ifdef __powerpc64__
/* the cell's benches, comma-separated: bootargs and meta.json say the same */
static const char *selected_benches(const struct cell_spec *cs)
{
	static char buf[HVB_MAX_BENCHES * 32];

	return hvb_group_names(cs->group, buf, sizeof(buf));
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

/* one emulated PCI host bridge's DMA window: 4096 x 4 KiB from bus 0 */
#define HVB_LIOBN	0x80000000U
#define HVB_TCE_ENTRIES	4096U
#define HVB_MMIO_OFFSET	0x10000000ULL
#define HVB_FDT_SIZE	0x4000
#define HVB_CEDE_US	500U

static int group_has(const struct hvb_group *g, uint32_t flag, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < g->nr; i++)
		if ((hvb_bench_info[g->bench[i]].flags & flag) || g->bench[i] == id)
			return 1;
	return 0;
}

/* --mode vm: rm_punt gets the timed hcalls of every bench of the cell */
static const char *timed_hcalls(const struct cell_spec *cs)
{
	static char buf[256];
	size_t n = 0;
	uint32_t i;

	buf[0] = 0;
	/* the fuzzer makes every hcall: in virtual mode, all of them */
	if (group_has(cs->group, 0, HVB_BENCH_HCALL_FUZZ))
		return "all";
	for (i = 0; i < cs->group->nr; i++) {
		uint32_t req = hvb_bench_req(cs->group->bench[i]);

		if (req && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s0x%x", n ? "," : "", req);
	}
	return buf;
}

/*
 * The rm/vm switch of kmod's kvm-hv is global: set it for this cell and put
 * the previous value back afterwards, whatever happens.
 */
static int mode_apply(const struct hvb_kvm_hv *k, const struct cell_spec *cs)
{
	if (!k->instrumented) {
		if (cs->mode != HVB_MODE_VM)
			return 0;
		fprintf(stderr, "hvbench: error: --mode vm needs kmod's instrumented kvm-hv (no rm_punt parameter in %s); boot the kernel built by kmod/build.sh\n",
			HVB_KVM_HV_PARAMS);
		return -EOPNOTSUPP;
	}
	if (hvb_kvm_hv_set(HVB_KVM_HV_PARAMS, "rm_punt", cs->mode == HVB_MODE_VM ? timed_hcalls(cs) : "")) {
		fprintf(stderr, "hvbench: error: cannot write %s/rm_punt: %s (run as root)\n",
			HVB_KVM_HV_PARAMS, strerror(errno));
		return -EPERM;
	}
	return 0;
}

/* one guest boot: the VM, its vcpus and what it told us */
struct guest {
	struct vm vm;
	struct vcpu vcpus[HVB_MAX_THREADS];
	unsigned int nr_vcpus;
	int have_vm;
	uint64_t entry, fdt_gpa;
	uint64_t cede_ticks;
	long long ring;			/* rm_ring_records when the vcpus were made, -1 unknown */
	int ring_set;			/* this cell wrote rm_ring_records: put it back */
	/* --hpt-reset */
	int reused;			/* this cell runs in the VM of an earlier one */
	uint32_t reset_from;		/* the order before KVM_PPC_ALLOCATE_HTAB */
	uint64_t reset_ns, reset_left;	/* its time in the VMM; valid entries after it */
	char bootargs[1024];
	struct vm_outcome out;
};

/*
 * kmod drains a vcpu's hcall ring when the vcpu returns to user space and
 * when the ring is half full.  A half-ring drain runs inside the timed
 * sample whose exit found the ring half full, and walking its records is
 * the collectors' cost (make bench: ~317 instructions a record for --bpf
 * hcall): spread over the bench, +5.9 % on null_vm's mean.  guest-bench
 * returns to user space after every bench (its PASS line), so a ring with
 * room for twice a bench's hcalls drains between benches: every hcall
 * goes into the ring, timed or not, so HCALL_RING_PER_ITER an iteration
 * (the bench table does not say; reading a bench's loop does).  Sized with
 * or without a collector, so a run and its calibration pair see the same
 * kernel path; never made smaller than it is (0, no ring, stays 0); at most
 * HCALL_RING_MAX (4 MiB a vcpu).
 */
static long long ring_wanted(long long now)
{
	uint64_t want;

	if (env.hcall_ring != HCALL_RING_AUTO)
		return env.hcall_ring;
	if (now <= 0)
		return now;
	/* the benches of a cell run one after the other: -n sizes each */
	want = 2 * HCALL_RING_PER_ITER * env.plan.iterations + HCALL_RING_SLACK;
	want = want < HCALL_RING_MAX ? want : HCALL_RING_MAX;
	return (long long)want > now ? (long long)want : now;
}

/* before the vcpus exist: kvm-hv reads rm_ring_records when it makes one */
static int ring_apply(struct guest *g, const struct hvb_kvm_hv *k)
{
	long long want;
	char val[32];

	g->ring = k->instrumented ? k->rm_ring_records : -1;
	if (!k->instrumented) {
		if (env.hcall_ring == HCALL_RING_AUTO)
			return 0;
		fprintf(stderr, "hvbench: error: --hcall-ring needs kmod's instrumented kvm-hv (no rm_ring_records parameter in %s); boot the kernel built by kmod/build.sh, or leave --hcall-ring out\n",
			HVB_KVM_HV_PARAMS);
		return -EOPNOTSUPP;
	}
	if (k->rm_ring_records < 0) {
		if (env.hcall_ring == HCALL_RING_AUTO)
			return 0;
		fprintf(stderr, "hvbench: error: --hcall-ring: cannot read %s/rm_ring_records, so it could not be put back; leave --hcall-ring out\n",
			HVB_KVM_HV_PARAMS);
		return -EIO;
	}
	want = ring_wanted(k->rm_ring_records);
	if (want == k->rm_ring_records)
		return 0;
	snprintf(val, sizeof(val), "%lld", want);
	if (hvb_kvm_hv_set(HVB_KVM_HV_PARAMS, "rm_ring_records", val)) {
		fprintf(stderr, "hvbench: error: cannot write %s/rm_ring_records: %s (run as root)\n",
			HVB_KVM_HV_PARAMS, strerror(errno));
		return -EPERM;
	}
	g->ring_set = 1;
	g->ring = want;
	return 0;
}

/* the bench spec in the guest's bootargs */
static int guest_bootargs(struct guest *g, const struct cell_spec *cs)
{
	char *b = g->bootargs;
	size_t len = sizeof(g->bootargs), n;

	n = (size_t)snprintf(b, len, "%s%s=%s", HVB_ARG_PREFIX, HVB_ARG_BENCH, selected_benches(cs));
	if (n < len)
		n += (size_t)snprintf(b + n, len - n,
		      " %s%s=%llu %s%s=%u %s%s=%u %s%s=0x%llx %s%s=%u",
		      HVB_ARG_PREFIX, HVB_ARG_ITERATIONS, (unsigned long long)env.plan.iterations,
		      HVB_ARG_PREFIX, HVB_ARG_THREADS, cs->smt,
		      HVB_ARG_PREFIX, HVB_ARG_CEDE_US, HVB_CEDE_US,
		      /* an address above guest memory that no memslot covers */
		      HVB_ARG_PREFIX, HVB_ARG_MMIO_GPA,
		      (unsigned long long)(g->vm.mem_size + HVB_MMIO_OFFSET),
		      HVB_ARG_PREFIX, HVB_ARG_RAW, env.raw);
	if (group_has(cs->group, HVB_BF_TCE, 0) && n < len)
		n += (size_t)snprintf(b + n, len - n, " %s%s=0x%x %s%s=%u",
			      HVB_ARG_PREFIX, HVB_ARG_LIOBN, HVB_LIOBN,
			      HVB_ARG_PREFIX, HVB_ARG_TCE_ENTRIES, HVB_TCE_ENTRIES);
	/* the user's words come last: a guest reads the last value of a key */
	if (env.guest_args && n < len)
		n += (size_t)snprintf(b + n, len - n, " %s", env.guest_args);
	if (n >= len) {
		fprintf(stderr, "hvbench: error: the guest's bootargs exceed %zu bytes; shorten --guest-args\n",
			len - 1);
		return -E2BIG;
	}
	return 0;
}

/*
 * --mode user: the timed hcall of every bench of the cell is taken from the
 * kernel, and the TCE benches get a table of the VMM's own (no in-kernel
 * table: the kernel leaves that LIOBN's hcalls to the VMM too)
 */
static int user_mode_setup(struct vm *vm, const struct cell_spec *cs)
{
	uint32_t i;
	int err;

	vm->user_mode = 1;
	for (i = 0; i < cs->group->nr; i++) {
		uint32_t req = hvb_bench_req(cs->group->bench[i]);

		if (req) {
			err = vm_user_disable_hcall(vm, req);
			if (err)
				return err;
		}
	}
	if (group_has(cs->group, HVB_BF_TCE, 0))
		return vm_user_tce_table(vm, HVB_LIOBN, HVB_TCE_ENTRIES);
	return 0;
}

/* the guest's memory image: guest-bench, its bootargs, the device tree */
static int guest_image(struct guest *g, const struct hvb_platform *plat, const struct cell_spec *cs)
{
	uint64_t end, tb_hz;
	struct vm_fdt fdt;
	int err;

	err = vm_load_elf(&g->vm, env.guest ? env.guest : default_guest(), &g->entry, &end);
	if (err)
		return err;
	g->fdt_gpa = (end + 0xffff) & ~0xffffULL;
	if (g->fdt_gpa + HVB_FDT_SIZE > g->vm.mem_size) {
		fprintf(stderr, "hvbench: error: guest image leaves no room for the device tree; raise --mem\n");
		return -E2BIG;
	}
	/* h_cede sleeps 500 us a call */
	tb_hz = plat->timebase_hz ? plat->timebase_hz : 512000000;
	g->cede_ticks = tb_hz / 1000000 * HVB_CEDE_US;
	err = guest_bootargs(g, cs);
	if (err)
		return err;
	fdt.bootargs = g->bootargs;
	fdt.timebase_hz = tb_hz;
	fdt.hpt_order = g->vm.hpt_order;
	fdt.threads = cs->smt;
	fdt.mem_size = g->vm.mem_size;
	err = vm_build_fdt((char *)g->vm.mem + g->fdt_gpa, HVB_FDT_SIZE, &fdt);
	if (!err) {
		long off = vm_fdt_pft_offset((char *)g->vm.mem + g->fdt_gpa);

		g->vm.pft_gpa = off > 0 ? g->fdt_gpa + (uint64_t)off : 0;
	}
	return err;
}

/* stage 1: VM, HPT, TCE table, memory image, vcpus */
static int guest_setup(struct guest *g, const struct hvb_platform *plat,
		       const struct cell_spec *cs, struct hvb_kvm_hv *khv)
{
	unsigned int i;
	int err;

	err = vm_create(&g->vm, env.kvm_dev, (size_t)env.mem_mib << 20, cs->hpt_order);
	if (err)
		return err;
	g->have_vm = 1;
	/* kvm-hv is loaded once a VM exists (autoloaded): its parameters are readable */
	if (!khv->instrumented)
		hvb_kvm_hv_read(khv, HVB_KVM_HV_PARAMS);
	err = mode_apply(khv, cs);
	if (!err)
		err = ring_apply(g, khv);
	if (err)
		return err;
	err = vm_enable_hpt_hcalls(&g->vm);
	if (err)
		return err;
	if (cs->mode == HVB_MODE_USER) {
		err = user_mode_setup(&g->vm, cs);
		if (err)
			return err;
	} else if (group_has(cs->group, HVB_BF_TCE, 0)) {
		err = vm_create_tce_table(&g->vm, HVB_LIOBN, HVB_TCE_ENTRIES);
		if (err)
			return err;
	}
	err = guest_image(g, plat, cs);
	if (err)
		return err;

	/* vcpu ids 0..smt-1 are the threads of vcore 0 */
	if ((int)cs->smt > (g->vm.smt > 0 ? g->vm.smt : 1)) {
		fprintf(stderr, "hvbench: error: --smt %u: this host's vcores have %d thread(s) (KVM_CAP_PPC_SMT); on POWER8 offline the secondary threads (ppc64_cpu --smt=off) and use at most %d\n",
			cs->smt, g->vm.smt, g->vm.smt > 0 ? g->vm.smt : 1);
		return -EINVAL;
	}
	err = vm_set_smt(&g->vm, cs->smt);
	if (err)
		return err;
	for (i = 0; i < cs->smt; i++) {
		err = vcpu_create(&g->vm, &g->vcpus[i], (int)i);
		if (err)
			return err;
		g->nr_vcpus++;
		err = vcpu_set_entry(&g->vcpus[i], g->entry, g->fdt_gpa, i);
		if (err)
			return err;
	}
	return vm_set_ile(&g->vcpus[0]);
}

/*
 * --hpt-reset: the VM of an earlier cell with the same benches, mode and
 * SMT width, its HPT reset to this cell's order with KVM_PPC_ALLOCATE_HTAB
 * (the same order clears the table, another reallocates it: seed 004),
 * memory and vcpus put back to the start.
 */
static int guest_reuse(struct guest *g, const struct hvb_platform *plat,
		       const struct cell_spec *cs, const struct hvb_kvm_hv *khv)
{
	unsigned int i;
	int err;

	g->reset_from = g->vm.hpt_order;
	err = vm_htab_reset(&g->vm, cs->hpt_order, &g->reset_ns, &g->reset_left);
	if (err) {
		fprintf(stderr, "hvbench: error: KVM_PPC_ALLOCATE_HTAB(order %u) on the VM of an earlier cell: the kernel answered %s\n",
			cs->hpt_order, strerror(-err));
		return err;
	}
	g->reused = 1;
	err = mode_apply(khv, cs);
	if (err)
		return err;
	memset(g->vm.mem, 0, g->vm.mem_size);
	if (g->vm.user_tce)
		memset(g->vm.user_tce, 0, g->vm.user_tce_entries * sizeof(*g->vm.user_tce));
	memset(&g->out, 0, sizeof(g->out));
	err = guest_image(g, plat, cs);
	for (i = 0; !err && i < g->nr_vcpus; i++) {
		g->vcpus[i].exited = 0;
		err = vcpu_flush_pending(&g->vcpus[i]);
		if (!err)
			err = vcpu_set_entry(&g->vcpus[i], g->entry, g->fdt_gpa, i);
	}
	return err;
}

/* --hpt-reset's VMs, one per (benches, mode, SMT width) */
#define GUEST_CACHE_MAX	64
static struct guest_slot {
	const struct hvb_group *group;
	uint32_t mode, smt;
	struct guest *g;
} guest_cache[GUEST_CACHE_MAX];

static struct guest_slot *cache_slot(const struct cell_spec *cs, int take_free)
{
	unsigned int i;

	for (i = 0; i < GUEST_CACHE_MAX; i++)
		if (guest_cache[i].g && guest_cache[i].group == cs->group &&
		    guest_cache[i].mode == cs->mode && guest_cache[i].smt == cs->smt)
			return &guest_cache[i];
	for (i = 0; take_free && i < GUEST_CACHE_MAX; i++)
		if (!guest_cache[i].g)
			return &guest_cache[i];
	return NULL;
}

/* stage 2: collectors on, the guest run to its end (or the watchdog), collectors off */
static int guest_run(struct guest *g, struct rundir *rd, json_t **bpf_json, json_t **perf_json)
{
	struct collect_bpf *bpfc = NULL;
	struct perf_collect *perfc = NULL;
	char cpath[8200], cerr[256];
	FILE *console_log;
	int err;

	/* collectors start before the guest's first hcall */
	if (env.collect_bpf) {
		err = collect_bpf_start(&bpfc, env.bpf_collectors, (unsigned int)getpid(),
					 cerr, sizeof(cerr));
		if (err) {
			fprintf(stderr, "hvbench: error: --collect bpf: %s\n", cerr);
			return err;
		}
	}
	if (env.collect_perf) {
		snprintf(cpath, sizeof(cpath), "%s/events.txt", rd->tmp);
		err = perf_collect_start(&perfc, cpath, cerr, sizeof(cerr));
		if (err) {
			fprintf(stderr, "hvbench: error: --collect perf: %s\n", cerr);
			goto out;
		}
		rd->nfiles++;
	}
	snprintf(cpath, sizeof(cpath), "%s/console.log", rd->tmp);
	console_log = fopen(cpath, "wx");
	if (!console_log) {
		err = -errno;
		fprintf(stderr, "hvbench: error: cannot create %s: %s\n", cpath, strerror(-err));
		goto out;
	}
	rd->nfiles++;
	console_init(&g->out.console, console_log, env.quiet ? NULL : stdout);
	alarm(env.timeout);
	err = vm_run(&g->vm, g->vcpus, (int)g->nr_vcpus, &g->out);
	alarm(0);
	console_finish(&g->out.console);
	fclose(console_log);
out:
	/* ... and drain after its last: the vcpus are out of the guest now */
	if (bpfc)
		*bpf_json = collect_bpf_stop(bpfc);
	if (perfc)
		*perf_json = perf_collect_stop(perfc);
	return err;
}

/* htab.json: the HPT snapshots guest-bench asked for (vm_htab.c; README) */
static json_t *htab_json(const struct vm_outcome *out, uint32_t hpt_order)
{
	static const char *const phases[] = { "boot", "after", "filled" };
	json_t *snaps = json_array();
	unsigned int i, k;

	for (i = 0; i < out->nr_snaps; i++) {
		const struct vm_htab_snap *s = &out->snaps[i];
		json_t *occ = json_array(), *j;

		for (k = 0; k <= HPTES_PER_GROUP; k++)
			json_array_append_new(occ, json_integer((json_int_t)s->pteg_occupancy[k]));
		j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:I}",
			      "bench", s->bench ? (hvb_bench_name(s->bench) ? hvb_bench_name(s->bench) : "?") : "boot",
			      "phase", s->phase < 3 ? phases[s->phase] : "?",
			      "entries", (json_int_t)s->entries, "valid", (json_int_t)s->valid,
			      "bolted", (json_int_t)s->bolted, "vrma", (json_int_t)s->vrma,
			      "pteg_occupancy", occ, "read_ns", (json_int_t)s->read_ns);
		/* load factor in parts per million: an integer (see now_ns) */
		json_object_set_new(j, "load_ppm",
				    json_integer((json_int_t)(s->valid * 1000000 / (s->entries ? s->entries : 1))));
		if (s->have_touched) {
			json_object_set_new(j, "touched", json_integer((json_int_t)s->touched));
			json_object_set_new(j, "touched_valid", json_integer((json_int_t)s->touched_valid));
		}
		json_array_append_new(snaps, j);
	}
	return json_pack("{s:s, s:i, s:i, s:o}", "format", "hvbench-htab", "version", 1,
			 "hpt_order", (int)hpt_order, "snapshots", snaps);
}

/* stage 3: meta.json, results.json and the collectors' files */
/*
 * The probe effect of the collectors asked for: before the run, the same
 * short null hcall cell without them and with them (calibrate()); the
 * inflation goes into run.json and every cell's meta.json (run.calibration).
 */
#define CALIB_N		2000	/* hcalls a side, at most -n */
static struct {
	int done;
	uint32_t mode;
	uint64_t n, p50[2];	/* timebase ticks, without and with the collectors */
	double mean[2];
} calib;

static json_t *calib_json(void)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:f}", "bench",
			 hvb_bench_name(HVB_BENCH_NULL_RM),
			 "mode", hvb_mode_names[calib.mode], "iterations", (json_int_t)calib.n,
			 "p50_without", (json_int_t)calib.p50[0], "p50_with", (json_int_t)calib.p50[1],
			 "inflation_pct", calib.p50[0] ?
			 ((double)calib.p50[1] / (double)calib.p50[0] - 1) * 100 : 0.0,
			 "mean_without", calib.mean[0], "mean_with", calib.mean[1],
			 "mean_inflation_pct", calib.mean[0] > 0 ?
			 (calib.mean[1] / calib.mean[0] - 1) * 100 : 0.0);
}

static int guest_write(struct guest *g, const struct hvb_platform *plat, const struct cell_spec *cs,
		       struct rundir *rd, int err, json_t *bpf_json, json_t *perf_json)
{
	struct hvb_kvm_hv khv_after;
	json_t *meta, *run, *res;

	meta = hvb_meta_collect(plat);
	hvb_kvm_hv_read(&khv_after, HVB_KVM_HV_PARAMS);
	json_object_set_new(meta, "kvm_hv", hvb_kvm_hv_json(&khv_after));
	run = json_pack("{s:s, s:I, s:i, s:i, s:i, s:i, s:i, s:I, s:s, s:i}",
		"bench", selected_benches(cs), "iterations", (json_int_t)env.plan.iterations,
		"hpt_order_requested", (int)cs->hpt_order,
		"hpt_order", g->have_vm ? (int)g->vm.hpt_order : 0,
		"vcpus", (int)cs->smt, "smt_cap", g->vm.smt, "guest_mem_mib", (int)env.mem_mib,
		"hcalls_to_user", (json_int_t)g->out.hcalls_to_user,
		"status", err ? "failed" : "ok", "guest_exit_status", (int)g->out.exit_status);
	json_object_set_new(run, "mode", json_string(hvb_mode_names[cs->mode]));
	json_object_set_new(run, "mmio_exits", json_integer((json_int_t)g->out.mmio_exits));
	json_object_set_new(run, "user_hcalls", json_integer((json_int_t)g->out.user_hcalls));
	json_object_set_new(run, "vm", json_string(g->reused ? "reused" : "fresh"));
	if (g->ring >= 0)
		json_object_set_new(run, "hcall_ring", json_integer((json_int_t)g->ring));
	json_object_set_new(run, "smt_mode", g->vm.smt_mode ? json_integer(g->vm.smt_mode) :
			    json_string("default"));
	if (g->reused)
		json_object_set_new(run, "htab_reset", json_pack("{s:i, s:i, s:I, s:I}",
			"from_order", (int)g->reset_from, "to_order", (int)g->vm.hpt_order,
			"ns", (json_int_t)g->reset_ns, "valid_after", (json_int_t)g->reset_left));
	if (g->out.nr_resizes) {
		json_t *rs = json_array();
		unsigned int i;

		for (i = 0; i < g->out.nr_resizes; i++) {
			const struct vm_resize *z = &g->out.resizes[i];

			json_t *jz = json_pack("{s:i, s:i, s:I, s:I, s:I, s:s}",
				"from", (int)z->from, "to", (int)z->to,
				"prepare_ns", (json_int_t)z->prepare_ns, "prepares", (json_int_t)z->polls,
				"commit_ns", (json_int_t)z->commit_ns, "error", z->err ? strerror(z->err) : "");

			/* counted through the HTAB fd before and after: absent if not */
			if (z->entries >= 0)
				json_object_set_new(jz, "entries", json_integer(z->entries));
			if (z->preserved >= 0)
				json_object_set_new(jz, "preserved", json_integer(z->preserved));
			json_array_append_new(rs, jz);
		}
		json_object_set_new(run, "hpt_resize", rs);
		json_object_set_new(run, "hpt_resizes_made", json_integer((json_int_t)g->out.resizes_made));
	}
	if (g->out.run_busy)	/* KVM_RUN's EBUSY retried: the vcore's threads were not grabbed at once */
		json_object_set_new(run, "kvm_run_busy", json_integer((json_int_t)g->out.run_busy));
	if (calib.done)
		json_object_set_new(run, "calibration", calib_json());
	if (g->out.probes)
		json_object_set_new(run, "alloc_htab_while_running", json_pack("{s:I, s:I}",
			"tries", (json_int_t)g->out.probes, "ebusy", (json_int_t)g->out.probes_ebusy));
	json_object_set_new(run, "cede_ticks", json_integer((json_int_t)g->cede_ticks));
	json_object_set_new(run, "bootargs", json_string(g->bootargs));
	json_object_set_new(meta, "run", run);
	if (g->out.error[0])
		json_object_set_new(meta, "error", json_string(g->out.error));
	if (rundir_write_json(rd, "meta.json", meta))
		err = err ? err : -EIO;
	json_decref(meta);
	if (bpf_json && rundir_write_json(rd, "collect_bpf.json", bpf_json))
		err = err ? err : -EIO;
	if (perf_json && rundir_write_json(rd, "collect_perf.json", perf_json))
		err = err ? err : -EIO;
	if (g->out.nr_snaps) {
		json_t *h = htab_json(&g->out, g->vm.hpt_order);

		if (!h || rundir_write_json(rd, "htab.json", h))
			err = err ? err : -EIO;
		json_decref(h);
	}
	if (g->out.have_results) {
		res = hvb_results_to_json(&g->out.results);
		if (rundir_write_json(rd, "results.json", res))
			err = err ? err : -EIO;
		json_decref(res);
	}
	return err;
}

static void guest_destroy(struct guest *g)
{
	unsigned int i;

	for (i = 0; i < g->nr_vcpus; i++)
		vcpu_destroy(&g->vcpus[i]);
	if (g->have_vm)
		vm_destroy(&g->vm);
}

/*
 * One guest boot into rd: set up, run, write.  0, -EINTR when a signal
 * stopped it (vm_stop_reason says which; SIGALRM is the watchdog), or
 * another -errno with the reason in why.
 */
static uint64_t now_ns(void);

static int run_guest(const struct hvb_platform *plat, struct rundir *rd,
		     const struct cell_spec *cs, char *why, size_t whylen, uint64_t stage_ns[4])
{
	uint64_t t = now_ns();
	json_t *bpf_json = NULL, *perf_json = NULL;
	struct guest_slot *slot;
	struct hvb_kvm_hv khv;
	struct guest *g;
	int err;

	why[0] = 0;
	hvb_kvm_hv_read(&khv, HVB_KVM_HV_PARAMS);
	slot = env.hpt_reset ? cache_slot(cs, 1) : NULL;
	if (slot && slot->g) {
		g = slot->g;
		err = guest_reuse(g, plat, cs, &khv);
	} else {
		g = calloc(1, sizeof(*g));
		if (!g)
			return -ENOMEM;
		g->vm.tce_fd = -1;
		err = guest_setup(g, plat, cs, &khv);
	}
	stage_ns[0] = now_ns() - t;
	t = now_ns();
	if (err) {
		snprintf(why, whylen, "setting up the VM failed: %s", strerror(-err));
		goto cleanup;
	}
	err = guest_run(g, rd, &bpf_json, &perf_json);
	stage_ns[1] = now_ns() - t;
	t = now_ns();
	if (vm_stop_requested)
		snprintf(why, whylen, "interrupted by signal %d", (int)vm_stop_requested);
	else if (vm_watchdog_fired)
		snprintf(why, whylen, "watchdog: the guest did not finish within %u s; stopped it (raise --timeout for long runs)",
			 env.timeout);
	if (vm_stop_requested || vm_watchdog_fired)
		err = -EINTR;
	else if (g->out.error[0]) {
		snprintf(why, whylen, "%s", g->out.error);
		err = err ? err : -EIO;
	} else if (!g->out.have_results) {
		snprintf(why, whylen, "the guest exited (status %ld) without handing over results",
			 g->out.exit_status);
		err = -EIO;
	}
	err = guest_write(g, plat, cs, rd, err, bpf_json, perf_json);
	stage_ns[2] = now_ns() - t;
	if (!err && g->out.exit_status) {
		snprintf(why, whylen, "guest-bench reported %ld failed bench(es); see results.json",
			 g->out.exit_status);
		err = -EIO;
	}
cleanup:
	json_decref(bpf_json);
	json_decref(perf_json);
	if (khv.instrumented)
		hvb_kvm_hv_set(HVB_KVM_HV_PARAMS, "rm_punt", khv.rm_punt);
	if (g->ring_set) {	/* only ever set where kmod's parameter was read */
		char old[32];

		snprintf(old, sizeof(old), "%lld", khv.rm_ring_records);
		if (hvb_kvm_hv_set(HVB_KVM_HV_PARAMS, "rm_ring_records", old))
			fprintf(stderr, "hvbench: warning: cannot put %s/rm_ring_records back to %s: %s; write it by hand\n",
				HVB_KVM_HV_PARAMS, old, strerror(errno));
	}
	/* a VM whose cell went wrong is not reused: its state is unknown */
	if (slot && !err && g->have_vm) {
		slot->g = g;
		slot->group = cs->group;
		slot->mode = cs->mode;
		slot->smt = cs->smt;
		return err;
	}
	if (slot)
		slot->g = NULL;
	t = now_ns();
	guest_destroy(g);
	free(g);
	stage_ns[3] = now_ns() - t;
	return err;
}

static void guest_cache_destroy(void)
{
	unsigned int i;

	for (i = 0; i < GUEST_CACHE_MAX; i++)
		if (guest_cache[i].g) {
			guest_destroy(guest_cache[i].g);
			free(guest_cache[i].g);
			guest_cache[i].g = NULL;
		}
}

static void install_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vm_stop_signal;	/* no SA_RESTART: KVM_RUN must return */
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void cell_spec_of(struct cell_spec *cs, const struct hvb_cell *c)
{
	cs->group = hvb_cell_group(&env.plan, c);
	cs->mode = c->mode;
	cs->hpt_order = c->hpt_order;
	cs->smt = c->smt;
}

/*
 * The calibration pair: null_rm (H_SET_DABR: real mode, punted to virtual
 * mode in vm, the VMM's in user) in vm mode if the run has it, else its
 * first mode, at its first HPT order and SMT 1, min(-n, CALIB_N) calls, once without the collectors and once with
 * them, each a single-boot run directory under RUN/calibration/.  Its
 * failure is said and the run goes on without the figure.
 */
static void calibrate(const struct hvb_platform *plat, struct rundir *rd)
{
	struct hvb_group grp = { .bench = { HVB_BENCH_NULL_RM }, .nr = 1 };
	struct cell_spec cs = { .group = &grp, .mode = env.plan.modes[0], .hpt_order = env.plan.orders[0],
				.smt = 1 };
	uint32_t m;
	uint64_t saved_n = env.plan.iterations, stage[4];
	int saved_bpf = env.collect_bpf, saved_perf = env.collect_perf, saved_reset = env.hpt_reset;
	char path[8200], why[512];
	static struct hvb_hist hist;
	struct rundir crd;
	json_t *res;
	int i, err = 0;

	if (!env.collect_bpf && !env.collect_perf)
		return;
	/* virtual mode if the run has it: there the collectors' cost shows (real mode's records are kmod's) */
	for (m = 0; m < env.plan.nr_modes; m++)
		if (env.plan.modes[m] == HVB_MODE_VM)
			cs.mode = HVB_MODE_VM;
	snprintf(path, sizeof(path), "%s/calibration", rd->tmp);
	if (mkdir(path, 0755)) {
		fprintf(stderr, "hvbench: warning: no calibration pair: cannot create %s: %s\n", path, strerror(errno));
		return;
	}
	env.plan.iterations = saved_n < CALIB_N ? saved_n : CALIB_N;
	env.hpt_reset = 0;	/* its VM is not one of the run's */
	for (i = 0; i < 2 && !err; i++) {
		memset(&crd, 0, sizeof(crd));
		if (snprintf(crd.tmp, sizeof(crd.tmp), "%.4000s/%s", path, i ? "with" : "without") >=
		    (int)sizeof(crd.tmp)) {
			err = -ENAMETOOLONG;
			break;
		}
		env.collect_bpf = i ? saved_bpf : 0;
		env.collect_perf = i ? saved_perf : 0;
		vm_watchdog_fired = 0;
		err = mkdir(crd.tmp, 0755) ? -errno : run_guest(plat, &crd, &cs, why, sizeof(why), stage);
		if (err) {
			fprintf(stderr, "hvbench: warning: the calibration pair failed (%s collectors): %s; the run goes on without it\n",
				i ? "with" : "without", why[0] ? why : strerror(-err));
			break;
		}
		/* the guest's own record of it, as the run directory has it */
		res = rundir_read_json(crd.tmp, "results.json", RUNDIR_MAX_JSON_BYTES, why, sizeof(why));
		if (!res || hvb_hist_from_json(json_object_get(json_array_get(json_object_get(res, "benches"), 0), "hist"),
					       &hist, why, sizeof(why)) || !hist.count)
			err = -EIO;
		else
		{
			calib.p50[i] = hvb_hist_percentile(&hist, 50);
			calib.mean[i] = (double)hist.sum / (double)hist.count;
		}
		json_decref(res);
	}
	env.plan.iterations = saved_n;
	env.collect_bpf = saved_bpf;
	env.collect_perf = saved_perf;
	env.hpt_reset = saved_reset;
	vm_watchdog_fired = 0;
	vm_stop_reason = vm_stop_requested;
	if (err == -EIO)
		fprintf(stderr, "hvbench: warning: the calibration pair left no null_rm record: %s\n", why);
	if (err || vm_stop_requested)
		return;
	calib.done = 1;
	calib.mode = cs.mode;
	calib.n = saved_n < CALIB_N ? saved_n : CALIB_N;
	if (!env.quiet)
		printf("hvbench: the collectors' probe effect: %s in %s mode, p50 %llu ticks without, %llu with (%+.1f %%)\n",
		       hvb_bench_name(HVB_BENCH_NULL_RM), hvb_mode_names[cs.mode],
		       (unsigned long long)calib.p50[0], (unsigned long long)calib.p50[1],
		       calib.p50[0] ? ((double)calib.p50[1] / (double)calib.p50[0] - 1) * 100 : 0.0);
}

/* the single-boot run directory (format of README: meta.json, results.json...) */
static int run_one(const struct hvb_platform *plat, struct rundir *rd)
{
	uint64_t stage[4];
	struct cell_spec cs;
	char why[512];
	int err;

	cell_spec_of(&cs, &env.plan.cells[0]);
	err = run_guest(plat, rd, &cs, why, sizeof(why), stage);
	if (err == -EINTR) {
		if (!vm_stop_requested)
			fprintf(stderr, "hvbench: error: %s\n", why);
		else
			fprintf(stderr, "hvbench: interrupted by signal %d; guest stopped, nothing written\n",
				(int)vm_stop_requested);
	} else if (why[0]) {
		fprintf(stderr, "hvbench: error: %s\n", why);
	}
	return err;
}

/* run.json: the matrix's index, rewritten (atomically) after every cell */
static int write_run_index(struct rundir *rd, const struct hvb_platform *plat, int partial,
			   double elapsed)
{
	json_t *j, *cells, *argv, *c;
	json_error_t je;
	uint32_t i;
	int err;

	cells = json_array();
	for (i = 0; i < env.plan.nr_cells; i++) {
		c = hvb_cell_json(&env.plan, &env.plan.cells[i]);
		if (!c || json_array_append_new(cells, c)) {
			fprintf(stderr, "hvbench: error: cell %u of run.json could not be built\n", i);
			json_decref(cells);
			return -ENOMEM;
		}
	}
	argv = json_array();
	for (i = 0; i < (uint32_t)env.argc; i++)
		json_array_append_new(argv, json_string(env.argv[i]));
	j = json_pack_ex(&je, 0, "{s:s, s:i, s:b, s:f, s:o, s:o, s:o, s:o}",
			 "format", "hvbench-run", "version", HVB_RUN_INDEX_VERSION,
			 "partial", partial, "seconds", elapsed,
			 "plan", hvb_plan_json(&env.plan), "cells", cells,
			 "command", argv, "host", hvb_meta_collect(plat));
	if (!j) {
		fprintf(stderr, "hvbench: error: run.json could not be built: %s (%s)\n", je.text,
			je.source);
		return -ENOMEM;
	}
	if (env.run_file_text)
		json_object_set_new(j, "run_file", json_pack("{s:s, s:s}", "path", env.run_file,
							      "text", env.run_file_text));
	if (calib.done)
		json_object_set_new(j, "calibration", calib_json());
	err = rundir_write_json(rd, "run.json", j);
	json_decref(j);
	return err;
}

/*
 * Times are integer nanoseconds while a guest runs: on the emulated POWER8
 * host a double kept in a callee-saved FP register across KVM_RUN came back
 * as NaN (seen with QEMU 10.0.2 powernv8 TCG, Debian 6.12.117): nothing of
 * the VMM's own floating-point state is trusted across a guest run.
 */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static double since(uint64_t t0)
{
	return (double)(now_ns() - t0) / 1e9;
}

/* the plan's estimate for cells k.. in milliseconds (an integer: see now_ns) */
static uint64_t estimate_ms(uint32_t k)
{
	uint64_t ms = 0;

	for (; k < env.plan.nr_cells; k++)
		ms += (uint64_t)(hvb_cell_estimate(&env.plan, &env.plan.cells[k]) * 1000);
	return ms;
}

/* cell k of n, its parameters, elapsed, estimated remaining: on a terminal only */
static void progress(uint32_t k, double elapsed, uint64_t est_left_ms)
{
	const struct hvb_cell *c = &env.plan.cells[k];
	char names[HVB_MAX_BENCHES * 32];

	if (env.quiet || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "hvbench: cell %u/%u: %s %s hpt %u smt %u rep %u; %.0f s elapsed, ~%.0f s left\n",
		k + 1, env.plan.nr_cells,
		hvb_group_names(hvb_cell_group(&env.plan, c), names, sizeof(names)),
		hvb_mode_names[c->mode], c->hpt_order, c->smt, c->rep, elapsed,
		(double)est_left_ms / 1000);
}

/*
 * The matrix: every cell in its own directory under cells/, run.json
 * rewritten after each.  A failed or hung cell is recorded and the run goes
 * on in a new VM; ^C or SIGTERM stops it, marks the rest not_run and keeps
 * what finished (run.json says partial).
 */
static int run_matrix(const struct hvb_platform *plat, struct rundir *rd, int *failed)
{
	uint64_t start = now_ns(), t0, last_index = 0;
	struct rundir crd;
	struct cell_spec cs;
	char path[8200];
	uint32_t k;
	int err, partial = 0;

	*failed = 0;
	snprintf(path, sizeof(path), "%s/cells", rd->tmp);
	if (mkdir(path, 0755))
		return -errno;
	err = write_run_index(rd, plat, 1, 0);
	for (k = 0; k < env.plan.nr_cells && !err; k++) {
		struct hvb_cell *c = &env.plan.cells[k];

		if (vm_stop_requested)
			break;
		/* the watchdog is per cell; a ^C is for good */
		vm_watchdog_fired = 0;
		vm_stop_reason = 0;
		if (vm_stop_requested)
			vm_stop_reason = vm_stop_requested;
		progress(k, since(start), estimate_ms(k));
		memset(&crd, 0, sizeof(crd));
		if (snprintf(crd.tmp, sizeof(crd.tmp), "%s/cells/%s", rd->tmp, c->dir) >=
		    (int)sizeof(crd.tmp)) {
			err = -ENAMETOOLONG;
			break;
		}
		if (mkdir(crd.tmp, 0755)) {
			err = -errno;
			break;
		}
		cell_spec_of(&cs, c);
		t0 = now_ns();
		err = run_guest(plat, &crd, &cs, c->error, sizeof(c->error), c->stage_ns);
		c->seconds = since(t0);
		if (err == -EINTR && !vm_watchdog_fired) {
			/* ^C: this cell did not finish either */
			c->status = HVB_CELL_NOT_RUN;
			err = 0;
			break;
		}
		c->status = !err ? HVB_CELL_OK : err == -EINTR ? HVB_CELL_WATCHDOG : HVB_CELL_FAILED;
		if (err) {
			(*failed)++;
			fprintf(stderr, "hvbench: cell %s %s: %s\n", c->dir, hvb_cell_status_names[c->status],
				c->error);
		}
		/* the cell's failure is its own: the run goes on */
		err = 0;
		/* the index at most every 10 s while cells run: O(cells) a write */
		if (now_ns() - last_index > 10000000000ULL) {
			err = write_run_index(rd, plat, 1, since(start));
			last_index = now_ns();
		}
	}
	partial = k < env.plan.nr_cells;
	if (partial && vm_stop_requested)
		fprintf(stderr, "hvbench: interrupted by signal %d: %u of %u cells run; the run directory says partial\n",
			(int)vm_stop_requested, k, env.plan.nr_cells);
	else if (partial)
		fprintf(stderr, "hvbench: %u of %u cells run before the error below; the run directory says partial\n",
			k, env.plan.nr_cells);
	if (!err)
		err = write_run_index(rd, plat, partial, since(start));
	return err ? err : partial ? -EINTR : 0;
}

/* --mode vm needs kmod's switch: refused before any VM is created */
static int modes_supported(void)
{
	struct hvb_kvm_hv khv;
	uint32_t i;

	hvb_kvm_hv_read(&khv, HVB_KVM_HV_PARAMS);
	for (i = 0; i < env.plan.nr_modes; i++)
		if (env.plan.modes[i] == HVB_MODE_VM && !khv.instrumented) {
			fprintf(stderr, "hvbench: error: --mode vm needs kmod's instrumented kvm-hv (no rm_punt parameter in %s): boot the kernel built by kmod/build.sh, or use --mode rm,user\n",
				HVB_KVM_HV_PARAMS);
			return 2;
		}
	return 0;
}
#endif

/* -o's default: hvbench-run-DATE in the current directory */
static const char *default_output(void)
{
	static char out[64];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, sizeof(out), "hvbench-run-%Y%m%d-%H%M%S", &tm);
	return out;
}

#ifndef __powerpc64__
/*
 * The parsed options as a run file (README: run files): what --emulated
 * hands to the hvbench inside the emulated host.  The seed is the plan's,
 * so the order there is the order --dry-run shows here.
 */
static char *run_file_of_env(void)
{
	const struct hvb_plan *p = &env.plan;
	char *text = NULL;
	size_t len = 0;
	uint32_t i;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fprintf(f, "# hvbench run --emulated %s\nbench = ", env.emulated);
	if (p->all)
		fprintf(f, "all");
	for (i = 0; !p->all && i < p->nr_benches; i++)
		fprintf(f, "%s%s", i ? "," : "", hvb_bench_name(p->benches[i]));
	fprintf(f, "\nmode = ");
	for (i = 0; i < p->nr_modes; i++)
		fprintf(f, "%s%s", i ? "," : "", hvb_mode_names[p->modes[i]]);
	fprintf(f, "\nhpt-order = ");
	for (i = 0; i < p->nr_orders; i++)
		fprintf(f, "%s%u", i ? "," : "", p->orders[i]);
	fprintf(f, "\nsmt = ");
	for (i = 0; i < p->nr_smts; i++)
		fprintf(f, "%s%u", i ? "," : "", p->smts[i]);
	fprintf(f, "\nreps = %u\niterations = %llu\nseed = %llu\ntimeout = %u\nmem = %u\nraw = %u\n",
		p->reps, (unsigned long long)p->iterations, (unsigned long long)p->seed, env.timeout,
		env.mem_mib, env.raw);
	fprintf(f, "collect = %s\n", env.collect_bpf && env.collect_perf ? "both" :
		env.collect_bpf ? "bpf" : env.collect_perf ? "perf" : "none");
	if (env.collect_bpf) {
		const char *sep = "";

		fprintf(f, "bpf = ");
		for (i = 0; i < 32; i++)
			if (env.bpf_collectors & (1u << i)) {
				fprintf(f, "%s%s", sep, collect_bpf_name(1u << i));
				sep = ",";
			}
		fprintf(f, "\n");
	}
	if (env.guest_args)
		fprintf(f, "guest-args = %s\n", env.guest_args);
	if (env.quiet)
		fprintf(f, "quiet\n");
	if (env.hpt_reset)
		fprintf(f, "hpt-reset\n");
	if (env.hcall_ring == HCALL_RING_AUTO)
		fprintf(f, "hcall-ring = auto\n");
	else
		fprintf(f, "hcall-ring = %lld\n", env.hcall_ring);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

static int run_emulated(void)
{
	struct emulated_run e = { .kernel = env.emulated };
	uint64_t secs = 180;	/* boot, module load, shutdown */
	uint32_t i;
	int rc;

	if (env.guest || strcmp(env.kvm_dev, "/dev/kvm") ||
	    (env.guest_args && strchr(env.guest_args, '#'))) {
		fprintf(stderr, "hvbench: error: --emulated runs the project's guest-bench and /dev/kvm in the emulated host: drop --guest and --kvm-dev (and '#' in --guest-args)\n");
		return 2;
	}
	for (i = 0; i < env.plan.nr_cells; i++) {
		double est = hvb_cell_estimate(&env.plan, &env.plan.cells[i]) * 4 + 30;

		secs += est < env.timeout ? (uint64_t)est : env.timeout;
	}
	e.timeout = secs > 86400 ? 86400 : (unsigned int)secs;
	if (!env.output)
		env.output = default_output();
	e.output = env.output;
	e.run_file = run_file_of_env();
	if (!e.run_file)
		return 1;
	rc = emulated_run(&e);
	free((char *)e.run_file);
	return rc;
}
#endif

/* --bench's help: the table's names, the latency benches first */
static void bench_help(void)
{
	static char doc[2048];
	size_t n;
	uint32_t id, pass;

	n = (size_t)snprintf(doc, sizeof(doc), "Benches to run, comma-separated, or 'all' (every latency bench). As many as asked: they are split over guest boots. Latency benches: ");
	for (pass = 0; pass < 2; pass++) {
		int first = 1;

		if (pass == 1)
			n += (size_t)snprintf(doc + n, n < sizeof(doc) ? sizeof(doc) - n : 0, ". Not in 'all': ");
		for (id = 1; id <= hvb_bench_max_id() && n < sizeof(doc); id++) {
			int in_all = !!(hvb_bench_info[id].flags & HVB_BF_ALL);

			if (!hvb_bench_name(id) || in_all == (int)pass)
				continue;
			n += (size_t)snprintf(doc + n, sizeof(doc) - n, "%s%s%s", first ? "" : ", ",
					      hvb_bench_name(id), id == HVB_BENCH_H_ENTER ? " (default)" : "");
			first = 0;
		}
	}
	if (n < sizeof(doc))
		snprintf(doc + n, sizeof(doc) - n, " (README: benches)");
	opts[0].doc = doc;
}

int cmd_run(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, NULL, doc, NULL, NULL, NULL };
#ifdef __powerpc64__
	struct hvb_platform plat;
	struct rundir rd = { .tmp = "" };
	int cerr, failed = 0;
#endif
	int err;

	env.argc = argc;
	env.argv = argv;
	bench_help();
	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 2;
	if (env.dry_run) {
		hvb_plan_print(&env.plan, stdout);
		return 0;
	}
#ifndef __powerpc64__
	if (env.emulated)
		return run_emulated();
	fprintf(stderr, "hvbench: error: 'hvbench run' needs a POWER host with kvm-hv; this is an %s machine. Add --emulated [stock|kmod] to run it in the emulated POWER8 host ('make demo' shows one); --dry-run prints the plan here.\n",
#if defined(__x86_64__)
		"x86-64"
#else
		"non-POWER"
#endif
		);
	return 1;
#else
	if (env.emulated) {
		fprintf(stderr, "hvbench: error: --emulated is for machines that are not POWER hosts; this one is: drop it\n");
		return 2;
	}
	if (access(env.kvm_dev, F_OK)) {
		fprintf(stderr, "hvbench: error: %s does not exist: kvm-hv is not loaded (on a POWER8 host: modprobe kvm-hv; elsewhere: make demo)\n",
			env.kvm_dev);
		return 1;
	}
	hvb_platform_read(&plat, "/proc/cpuinfo", "/proc/device-tree/compatible");
	err = modes_supported();
	if (err)
		return err;
	if (!env.output)
		env.output = default_output();
	err = rundir_begin(&rd, env.output);
	if (err) {
		fprintf(stderr, "hvbench: error: cannot create run directory %s: %s%s\n", env.output,
			strerror(-err), err == -EEXIST ? " (choose another -o; runs are never overwritten)" : "");
		return 1;
	}
	install_stop_signals();
	calibrate(&plat, &rd);
	if (env.plan.nr_cells == 1) {
		err = run_one(&plat, &rd);
		guest_cache_destroy();
		/* nothing worth keeping unless the guest ran */
		if (err == -EINTR || !rd.nfiles) {
			rundir_abort(&rd);
			return 1;
		}
	} else {
		err = run_matrix(&plat, &rd, &failed);
		guest_cache_destroy();
		if (err && err != -EINTR) {
			fprintf(stderr, "hvbench: error: writing the run directory %s: %s\n", rd.tmp,
				strerror(-err));
		}
	}
	cerr = rundir_commit(&rd);
	if (cerr) {
		/* a finished run is never thrown away: say where it is */
		fprintf(stderr, "hvbench: error: cannot rename the run directory to %s: %s; the run is kept in %s\n",
			env.output, strerror(-cerr), rd.tmp);
		return 1;
	}
	if (env.plan.nr_cells > 1 && failed)
		fprintf(stderr, "hvbench: %d of %u cells failed; see %s/run.json\n", failed,
			env.plan.nr_cells, env.output);
	printf("hvbench: run directory %s (%s)\n", env.output,
	       err == -EINTR ? "partial" : err || failed ? "failed" : "ok");
	return err || failed ? 1 : 0;
#endif
}
