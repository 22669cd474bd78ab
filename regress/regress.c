// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench regress BASE CAND: does a kvm-hv change make a fast path longer,
 * instruction for instruction?  Each kernel is made ready (regress/
 * kernel.sh: Debian's linux-source-6.12 with a patch series, a source tree
 * of the user's, or a built vmlinux), booted twice as the emulated POWER8
 * host under -icount with a 1 GHz timebase, where a timebase tick the
 * guest measures is one instruction (regress/boot.sh), the fast-path
 * benches run in each boot, and the four run directories are judged
 * (judge.c).  Everything that can be told from the arguments is checked
 * before anything is built or booted.
 */
#include <argp.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "regress.h"
#include "cmd.h"
#include "emulated.h"
#include "results.h"
#include "rundir.h"

enum kind { K_SERIES, K_TREE, K_VMLINUX };
static const char *const kind_names[] = { "series", "tree", "vmlinux" };

struct kernel {
	const char *spec;	/* as given */
	enum kind kind;
	char path[PATH_MAX];	/* the patch (file or directory), tree or vmlinux; "" for none */
	int kmod;		/* series: kmod's series under the patches */
	char dir[PATH_MAX];	/* regress/kernel.sh's result */
	char boot[2][PATH_MAX + 48];	/* regress/boot.sh's, per boot */
};

static struct env {
	const char *args[RG_NR_RUNS];
	int nargs;
	int judge_only;		/* --runs: four run directories given */
	const char *benches;
	long n;
	int kmod[2];
	double threshold;
	int format;
	const char *output;
	unsigned int timeout;
	int verbose;
} env = {
	.benches = RG_DEFAULT_BENCHES, .n = RG_DEFAULT_N, .kmod = { 1, 1 }, .threshold = -1,
	.timeout = 900,
};

static const char doc[] =
"Is a kvm-hv change making an hcall fast path longer?  Boots the base and the\n"
"candidate kernel, each twice, as the emulated POWER8 host under -icount (a\n"
"timebase tick is one instruction there), runs the fast-path benches in rm\n"
"and vm mode (vm where kmod's switch is in the kernel), and prints per hcall\n"
"and mode the instructions of each kernel and their difference.  Exit 1 if\n"
"a path got longer than --threshold (or a bench failed in the candidate),\n"
"0 if not, 2 on bad input, 3 if the two boots of a kernel disagreed (no\n"
"verdict; the rows say what differed).\n"
"\n"
"BASE and CAND are each: a kernel source tree (built as it is); a patch or\n"
"a directory of *.patch applied to Debian's linux-source-6.12 (with kmod's\n"
"series first unless --kmod off); linux-source (no patch); or a built\n"
"ppc64le vmlinux with kvm.ko and kvm-hv.ko beside it.  Kernels and boots\n"
"already made are reused (out/regress/): a warm run rebuilds and boots\n"
"only what changed.\n"
"\n"
"EXAMPLES:\n"
"    hvbench regress linux-source my-fix.patch         # kmod's series, with and without the patch\n"
"    hvbench regress --kmod off,on linux-source linux-source   # what kmod's series costs\n"
"    hvbench regress -f junit -o ci/regress linux-source patches/   # CI: JUnit on stdout, every format in ci/regress\n"
"    hvbench regress ~/linux-base ~/linux                # two source trees\n"
"    hvbench regress --runs B1 B2 C1 C2                  # judge four run directories made before\n"
"    make regress CAND=~/linux                           # the same, from the source tree";

enum { OPT_KMOD = 0x100, OPT_THRESHOLD, OPT_RUNS, OPT_TIMEOUT };
static const struct argp_option opts[] = {
	{ "bench", 'b', "LIST", 0, "Benches to judge (default: " RG_DEFAULT_BENCHES ")", 0 },
	{ "iterations", 'n', "N", 0, "Timed calls per bench, every one kept and judged (default 1024, at most 1024)", 0 },
	{ "kmod", OPT_KMOD, "on|off|BASE,CAND", 0, "Apply kmod's series under a patch or linux-source (default on for both)", 0 },
	{ "threshold", OPT_THRESHOLD, "INSNS", 0, "Regressed when a path is longer by more than this many instructions (default: beyond one timebase tick: 0.5 at the testbed's 1 GHz)", 0 },
	{ "format", 'f', "table|markdown|json|junit", 0, "Output format (default table)", 0 },
	{ "output", 'o', "DIR", 0, "Also write the verdict in every format to DIR (regress.txt, .md, .json, .xml)", 0 },
	{ "runs", OPT_RUNS, NULL, 0, "Judge four run directories (BASE1 BASE2 CAND1 CAND2) instead of booting", 0 },
	{ "timeout", OPT_TIMEOUT, "SEC", 0, "Watchdog of each boot (default 900)", 0 },
	{ "verbose", 'v', NULL, 0, "Show the kernel builds and boots as they go", 0 },
	{},
};

static int parse_kmod(const char *arg)
{
	const char *comma = strchr(arg, ',');
	char a[8], b[8];
	size_t la = comma ? (size_t)(comma - arg) : strlen(arg);

	if (la >= sizeof(a) || (comma && strlen(comma + 1) >= sizeof(b)))
		return -1;
	memcpy(a, arg, la);
	a[la] = 0;
	snprintf(b, sizeof(b), "%s", comma ? comma + 1 : a);
	if ((strcmp(a, "on") && strcmp(a, "off")) || (strcmp(b, "on") && strcmp(b, "off")))
		return -1;
	env.kmod[0] = !strcmp(a, "on");
	env.kmod[1] = !strcmp(b, "on");
	return 0;
}

/* every name of a comma-separated list is a bench: 0, or -1 naming it */
static int check_benches(const char *list, char *bad, size_t len)
{
	char buf[1024], *save = NULL, *t;

	if (strlen(list) >= sizeof(buf) || !*list) {
		snprintf(bad, len, "%s", *list ? "(too long)" : "(empty)");
		return -1;
	}
	strcpy(buf, list);
	for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!hvb_bench_id(t)) {
			snprintf(bad, len, "%s", t);
			return -1;
		}
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	char *end, bad[80];

	switch (key) {
	case 'b':
		if (check_benches(arg, bad, sizeof(bad)))
			argp_failure(state, 2, 0, "--bench: unknown bench '%s' (see 'hvbench run --help' for the list)", bad);
		env.benches = arg;
		break;
	case 'n':
		errno = 0;
		env.n = strtol(arg, &end, 10);
		if (errno || *end || env.n < 64 || env.n > HVB_RAW_MAX)
			argp_failure(state, 2, 0, "invalid -n '%.16s': 64..%d (every sample is kept and judged)", arg,
				     HVB_RAW_MAX);
		break;
	case OPT_KMOD:
		if (parse_kmod(arg))
			argp_failure(state, 2, 0, "invalid --kmod '%.16s': on, off, or BASE,CAND (e.g. off,on)", arg);
		break;
	case OPT_THRESHOLD:
		errno = 0;
		env.threshold = strtod(arg, &end);
		if (errno || *end || end == arg || !(env.threshold >= 0 && env.threshold < 1e9))
			argp_failure(state, 2, 0, "invalid --threshold '%.16s': instructions, 0 or more", arg);
		break;
	case 'f':
		env.format = !strcmp(arg, "table") ? RG_FMT_TABLE : !strcmp(arg, "markdown") ? RG_FMT_MARKDOWN :
			     !strcmp(arg, "json") ? RG_FMT_JSON : !strcmp(arg, "junit") ? RG_FMT_JUNIT : -1;
		if (env.format < 0)
			argp_failure(state, 2, 0, "invalid --format '%.16s': table, markdown, json or junit", arg);
		break;
	case 'o':
		env.output = arg;
		break;
	case OPT_RUNS:
		env.judge_only = 1;
		break;
	case OPT_TIMEOUT:
		errno = 0;
		env.timeout = (unsigned int)strtoul(arg, &end, 10);
		if (errno || *end || env.timeout < 30 || env.timeout > 86400)
			argp_failure(state, 2, 0, "invalid --timeout '%.16s': seconds, 30..86400", arg);
		break;
	case 'v':
		env.verbose = 1;
		break;
	case ARGP_KEY_ARG:
		if (env.nargs == RG_NR_RUNS)
			argp_failure(state, 2, 0, "too many arguments: BASE CAND (or four run directories with --runs)");
		env.args[env.nargs++] = arg;
		break;
	case ARGP_KEY_END:
		if (env.nargs != (env.judge_only ? RG_NR_RUNS : 2))
			argp_failure(state, 2, 0, env.judge_only ? "--runs takes four run directories: BASE1 BASE2 CAND1 CAND2" :
				     "give a base and a candidate kernel: hvbench regress BASE CAND");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/* a built ppc64le vmlinux (ELF64, little-endian, PowerPC64, executable): 0, or -1 after a message */
static int check_vmlinux(const char *what, const char *path)
{
	char dir[PATH_MAX], m[PATH_MAX + 40];
	const char *mods[] = { "kvm.ko", "kvm-hv.ko" };
	GElf_Ehdr eh = { 0 };
	Elf *e = NULL;
	int fd, ok = 0;
	size_t i;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		e = elf_begin(fd, ELF_C_READ, NULL);
	if (e && elf_kind(e) == ELF_K_ELF && gelf_getehdr(e, &eh))
		ok = eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_ident[EI_DATA] == ELFDATA2LSB &&
		     eh.e_machine == EM_PPC64 && eh.e_type == ET_EXEC;
	if (!ok)
		fprintf(stderr, "hvbench: error: %s '%s' is not a ppc64le vmlinux (%s): give the vmlinux of a POWER little-endian kernel build\n",
			what, path, !e || elf_kind(e) != ELF_K_ELF ? "not an ELF file" :
			eh.e_machine != EM_PPC64 ? "another machine" :
			eh.e_ident[EI_DATA] != ELFDATA2LSB ? "big-endian" : "not an executable");
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	if (!ok)
		return -1;
	/* the modules' directory: the vmlinux's ("/" for /vmlinux, "." for a bare name) */
	snprintf(dir, sizeof(dir), "%s", path);
	if (!strrchr(dir, '/'))
		strcpy(dir, ".");
	else if (strrchr(dir, '/') == dir)
		strcpy(dir, "/");
	else
		*strrchr(dir, '/') = 0;
	for (i = 0; i < 2; i++) {
		const char *fmt[] = { "%s/%s", "%s/arch/powerpc/kvm/%s", "%s/%s.xz", "%s/arch/powerpc/kvm/%s.xz" };
		size_t f;

		for (f = 0; f < 4; f++) {
			snprintf(m, sizeof(m), fmt[f], dir, mods[i]);
			if (is_file(m))
				break;
		}
		if (f == 4) {
			fprintf(stderr, "hvbench: error: %s '%s': no %s beside it (nor in arch/powerpc/kvm/ there): the emulated host loads kvm-hv as a module\n",
				what, path, mods[i]);
			return -1;
		}
	}
	return 0;
}

/* does the file hold a unified diff (a "--- " line followed by a "+++ " line)? */
static int looks_like_patch(const char *path)
{
	char line[512], prev[512] = "";
	FILE *f = fopen(path, "r");
	int found = 0, lines = 0;

	if (!f)
		return 0;
	while (!found && lines++ < 200000 && fgets(line, sizeof(line), f)) {
		found = !strncmp(prev, "--- ", 4) && !strncmp(line, "+++ ", 4);
		snprintf(prev, sizeof(prev), "%s", line);
	}
	fclose(f);
	return found;
}

/* BASE or CAND into a kernel to make: 0, or -1 after a one-line message */
static int classify(struct kernel *k, const char *what, const char *spec, int kmod)
{
	char p[PATH_MAX + 32];
	unsigned char magic[4] = { 0 };
	FILE *f;

	k->spec = spec;
	k->kmod = kmod;
	k->path[0] = 0;
	if (!strcmp(spec, "linux-source")) {
		k->kind = K_SERIES;
		return 0;
	}
	if (!realpath(spec, k->path)) {
		fprintf(stderr, "hvbench: error: %s '%s': %s; give a kernel source tree, a patch or a directory of patches, a ppc64le vmlinux, or linux-source\n",
			what, spec, strerror(errno));
		return -1;
	}
	if (is_dir(k->path)) {
		snprintf(p, sizeof(p), "%s/arch/powerpc/kvm/book3s_hv.c", k->path);
		if (is_file(p)) {
			snprintf(p, sizeof(p), "%s/Makefile", k->path);
			k->kind = K_TREE;
			if (is_file(p))
				return 0;
		}
		snprintf(p, sizeof(p), "%s/vmlinux", k->path);
		if (is_file(p)) {
			k->kind = K_VMLINUX;
			if (strlen(p) >= sizeof(k->path)) {
				fprintf(stderr, "hvbench: error: %s '%s': path too long\n", what, spec);
				return -1;
			}
			memcpy(k->path, p, strlen(p) + 1);
			return check_vmlinux(what, k->path);
		}
		{
			/* a series: *.patch files, each a unified diff */
			DIR *d = opendir(k->path);
			struct dirent *de;
			int n = 0;

			k->kind = K_SERIES;
			while (d && (de = readdir(d))) {
				size_t l = strlen(de->d_name);

				if (l <= 6 || strcmp(de->d_name + l - 6, ".patch"))
					continue;
				snprintf(p, sizeof(p), "%s/%s", k->path, de->d_name);
				if (!looks_like_patch(p)) {
					fprintf(stderr, "hvbench: error: %s: %s holds no unified diff: not a patch\n",
						what, p);
					closedir(d);
					return -1;
				}
				n++;
			}
			if (d)
				closedir(d);
			if (n)
				return 0;
		}
		fprintf(stderr, "hvbench: error: %s '%s' is not a kernel tree (no arch/powerpc/kvm/book3s_hv.c and Makefile), holds no *.patch and no vmlinux\n",
			what, spec);
		return -1;
	}
	f = fopen(k->path, "rb");
	if (f) {
		if (fread(magic, 1, 4, f) != 4)
			magic[0] = 0;
		fclose(f);
	}
	if (!memcmp(magic, "\177ELF", 4)) {
		k->kind = K_VMLINUX;
		return check_vmlinux(what, k->path);
	}
	if (looks_like_patch(k->path)) {
		k->kind = K_SERIES;
		return 0;
	}
	fprintf(stderr, "hvbench: error: %s '%s' is neither a patch (no unified diff in it) nor a vmlinux nor a kernel tree\n",
		what, spec);
	return -1;
}

/*
 * Run a script of the project's; its output goes to stderr (all of it with
 * -v, else the lines that say what it is doing) and the last line starting
 * with tag into got.  Its exit status, or -1.
 */
static int script(const char *const *argv, const char *tag, char *got, size_t len)
{
	char line[4096];
	int pfd[2], status;
	FILE *f;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (!pid) {
		dup2(pfd[1], 1);
		if (!env.verbose)
			dup2(pfd[1], 2);
		close(pfd[0]);
		close(pfd[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	if (!f)
		close(pfd[0]);	/* the child then gets EPIPE, not a full pipe */
	if (got)
		got[0] = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (tag && !strncmp(line, tag, strlen(tag))) {
			line[strcspn(line, "\n")] = 0;
			snprintf(got, len, "%s", line + strlen(tag));
			continue;
		}
		if (env.verbose || !strncmp(line, "regress: ", 9) || !strncmp(line, "testbed: ", 9) ||
		    !strncmp(line, "kmod: ", 6))
			fputs(line, stderr);
	}
	if (f)
		fclose(f);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int kernel_script(struct kernel *k, const char *what, const char *step)
{
	char sh[PATH_MAX], got[PATH_MAX + 40], km[4];
	const char *argv[] = { sh, step, kind_names[k->kind], k->path, km, NULL };
	int rc;

	snprintf(sh, sizeof(sh), "%s/regress/kernel.sh", emulated_src_dir());
	snprintf(km, sizeof(km), "%d", k->kmod);
	if (!strcmp(step, "build"))
		fprintf(stderr, "hvbench: regress: making the %s kernel (%s %s%s)\n", what, kind_names[k->kind],
			k->path[0] ? k->path : "linux-source", k->kind == K_SERIES ? (k->kmod ? ", kmod's series under it" : ", no kmod series") : "");
	rc = script(argv, "HVB-KERNEL ", got, sizeof(got));
	if (rc == 2)
		return RG_EXIT_BAD_INPUT;	/* its one line is out: a patch that does not apply */
	if (rc) {
		fprintf(stderr, "hvbench: error: %s kernel: regress/kernel.sh %s failed (exit %d); run with -v to see the build\n",
			what, step, rc);
		return RG_EXIT_NO_VERDICT;
	}
	if (!strcmp(step, "build")) {
		if (sscanf(got, "%4095s", k->dir) != 1) {
			fprintf(stderr, "hvbench: error: %s kernel: regress/kernel.sh named no kernel\n", what);
			return RG_EXIT_NO_VERDICT;
		}
	}
	return 0;
}

static int boot(struct kernel *k, const char *what, const char *args, int n)
{
	char sh[PATH_MAX], got[PATH_MAX + 40], bn[4], tmo[16];
	const char *argv[] = { sh, k->dir, args, bn, tmo, NULL };
	int rc;

	snprintf(sh, sizeof(sh), "%s/regress/boot.sh", emulated_src_dir());
	snprintf(bn, sizeof(bn), "%d", n + 1);
	snprintf(tmo, sizeof(tmo), "%u", env.timeout);
	fprintf(stderr, "hvbench: regress: booting the %s kernel (%d of 2) under -icount\n", what, n + 1);
	rc = script(argv, "HVB-BOOT ", got, sizeof(got));
	if (rc || !got[0]) {
		fprintf(stderr, "hvbench: error: %s kernel, boot %d: regress/boot.sh failed (exit %d)\n", what, n + 1, rc);
		return RG_EXIT_NO_VERDICT;
	}
	snprintf(k->boot[n], sizeof(k->boot[n]), "%s/run", got);
	return 0;
}

/* the verdict in every format into -o DIR */
static int write_outputs(const struct regress_opts *base)
{
	static const char *const names[] = { "regress.txt", "regress.md", "regress.json", "regress.xml" };
	struct regress_opts o = *base;
	char path[PATH_MAX + 32];
	int fmt, rc = 0;

	if (mkdir(env.output, 0755) && errno != EEXIST) {
		fprintf(stderr, "hvbench: error: cannot create %s: %s\n", env.output, strerror(errno));
		return RG_EXIT_NO_VERDICT;
	}
	for (fmt = 0; fmt < 4; fmt++) {
		char *buf = NULL;
		size_t len = 0;

		o.format = fmt;
		o.out = open_memstream(&buf, &len);
		if (!o.out)
			return RG_EXIT_NO_VERDICT;
		rc = regress_judge(&o);
		fclose(o.out);
		snprintf(path, sizeof(path), "%s/%s", env.output, names[fmt]);
		if (rc != RG_EXIT_BAD_INPUT && write_file_atomic(path, buf, len)) {
			fprintf(stderr, "hvbench: error: cannot write %s: %s\n", path, strerror(errno));
			rc = RG_EXIT_NO_VERDICT;
		}
		free(buf);
		if (rc == RG_EXIT_BAD_INPUT || rc == RG_EXIT_NO_VERDICT)
			break;
	}
	return rc;
}

int cmd_regress(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_opt, "BASE CAND", doc, NULL, NULL, NULL };
	struct kernel k[2];
	struct regress_opts o = { .format = RG_FMT_TABLE, .out = stdout };
	char args[PATH_MAX], need[PATH_MAX + 64], text[1200];
	const char *what[2] = { "base", "candidate" };
	time_t t0 = time(NULL);
	int i, b, rc;

	memset(k, 0, sizeof(k));

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return RG_EXIT_BAD_INPUT;
	o.threshold = env.threshold;
	o.format = env.format;
	if (env.judge_only) {
		for (i = 0; i < RG_NR_RUNS; i++)
			o.runs[i] = env.args[i];
		o.label[0] = env.args[RG_BASE1];
		o.label[1] = env.args[RG_CAND1];
		goto judge;
	}
	/* init: everything the arguments can tell, before any build or boot */
	for (i = 0; i < 2; i++)
		if (classify(&k[i], what[i], env.args[i], env.kmod[i]))
			return RG_EXIT_BAD_INPUT;
	{
		const char *files[] = { "out/ppc64le/hvbench", "out/ppc64le/guest-bench.elf",
					"out/qemu/qemu-system-ppc64", "regress/kernel.sh" };

		for (i = 0; i < 4; i++) {
			snprintf(need, sizeof(need), "%s/%s", emulated_src_dir(), files[i]);
			if (access(need, R_OK)) {
				fprintf(stderr, "hvbench: error: regress needs the testbed built (%s missing): run 'make' in %s (or set HVBENCH_SRC)\n",
					need, emulated_src_dir());
				return RG_EXIT_BAD_INPUT;
			}
		}
	}
	for (i = 0; i < 2; i++)
		if (k[i].kind == K_SERIES && (rc = kernel_script(&k[i], what[i], "check")))
			return rc;
	/* work: the kernels, then two boots of each */
	for (i = 0; i < 2; i++)
		if ((rc = kernel_script(&k[i], what[i], "build")))
			return rc;
	/* the testbed copies job files under their own name: regress.args, in a directory of this run's */
	snprintf(args, sizeof(args), "%s/out/regress/job-%d", emulated_src_dir(), (int)getpid());
	if (mkdir(args, 0755) && errno != EEXIST) {
		fprintf(stderr, "hvbench: error: cannot create %s: %s\n", args, strerror(errno));
		return RG_EXIT_NO_VERDICT;
	}
	if (strlen(args) + sizeof("/regress.args") > sizeof(args)) {
		fprintf(stderr, "hvbench: error: %s: path too long\n", args);
		return RG_EXIT_NO_VERDICT;
	}
	memcpy(args + strlen(args), "/regress.args", sizeof("/regress.args"));
	snprintf(text, sizeof(text), "# hvbench regress: the bench set (regress/regress.job.sh)\nBENCHES=%s\nMODES=auto\nN=%ld\n",
		 env.benches, env.n);
	if (write_file_atomic(args, text, strlen(text))) {
		fprintf(stderr, "hvbench: error: cannot write %s: %s\n", args, strerror(errno));
		return RG_EXIT_NO_VERDICT;
	}
	for (i = 0, rc = 0; i < 2 && !rc; i++)
		for (b = 0; b < 2 && !rc; b++)
			rc = boot(&k[i], what[i], args, b);
	unlink(args);
	*strrchr(args, '/') = 0;
	rmdir(args);
	if (rc)
		return rc;
	for (i = 0; i < 2; i++) {
		o.runs[2 * i] = k[i].boot[0];
		o.runs[2 * i + 1] = k[i].boot[1];
	}
	o.label[0] = env.args[0];
	o.label[1] = env.args[1];
	o.kernel[0] = k[0].dir;
	o.kernel[1] = k[1].dir;
	fprintf(stderr, "hvbench: regress: 4 boots ready in %ld s\n", (long)(time(NULL) - t0));
judge:
	/* exit: the verdict on stdout, and in every format with -o */
	rc = regress_judge(&o);
	if (env.output && rc != RG_EXIT_BAD_INPUT) {
		int wrc = write_outputs(&o);

		if (wrc == RG_EXIT_NO_VERDICT)
			rc = wrc;
	}
	return rc;
}
