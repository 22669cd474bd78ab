// SPDX-License-Identifier: GPL-2.0
/*
 * hvbench run --emulated [stock|kmod] on a machine that is not a POWER host:
 * the same run, inside the emulated POWER8 host (the project's QEMU
 * powernv8, Debian's stock kernel or kmod's).  The options travel as a run
 * file (the parsed options, written back out: one format, one parser), the
 * testbed boots, runs 'hvbench run -f' there, and its run directory comes
 * back to -o.  The testbed's timeout is the watchdog.
 */
#define _GNU_SOURCE	/* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "emulated.h"

#ifndef HVB_SRC_DIR
#define HVB_SRC_DIR "."
#endif

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wx");

	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

const char *emulated_src_dir(void)
{
	const char *s = getenv("HVBENCH_SRC");

	return s && *s ? s : HVB_SRC_DIR;
}

int emulated_run(const struct emulated_run *e)
{
	char dir[PATH_MAX], job[PATH_MAX + 16], rf[PATH_MAX + 16], runsh[PATH_MAX];
	char kernel[PATH_MAX], got[PATH_MAX + 16], log[PATH_MAX + 32], keep[PATH_MAX + 32];
	char out[PATH_MAX + 16], tmo[32];
	int status, err, rc;
	struct stat st;
	pid_t pid;

	snprintf(runsh, sizeof(runsh), "%s/testbed/run.sh", emulated_src_dir());
	snprintf(out, sizeof(out), "%s/out", emulated_src_dir());
	snprintf(kernel, sizeof(kernel), "%s/out/testbed/initramfs%s.cpio.gz", emulated_src_dir(),
		 strcmp(e->kernel, "kmod") ? "" : "-kmod");
	if (access(runsh, X_OK) || access(kernel, R_OK)) {
		fprintf(stderr, "hvbench: error: --emulated %s needs the testbed built in %s (%s): run 'make%s' there (or set HVBENCH_SRC)\n",
			e->kernel, emulated_src_dir(), access(runsh, X_OK) ? runsh : kernel,
			strcmp(e->kernel, "kmod") ? "" : " kmod");
		return 2;
	}
	/* the testbed takes its job files as a whitespace-separated list */
	if (strpbrk(e->output, " \t\n")) {
		fprintf(stderr, "hvbench: error: --emulated: -o '%s' has whitespace in it, which the testbed's file list cannot carry: choose another -o\n",
			e->output);
		return 2;
	}
	if (!lstat(e->output, &st)) {
		fprintf(stderr, "hvbench: error: %s exists (choose another -o; runs are never overwritten)\n",
			e->output);
		return 1;
	}
	/* work beside -o: the run directory is renamed into place, never copied */
	if (snprintf(dir, sizeof(dir), "%s.emulated-XXXXXX", e->output) >= (int)sizeof(dir) ||
	    !mkdtemp(dir)) {
		fprintf(stderr, "hvbench: error: cannot create a directory beside %s: %s\n", e->output,
			strerror(errno));
		return 1;
	}
	snprintf(job, sizeof(job), "%s/job.sh", dir);
	snprintf(rf, sizeof(rf), "%s/hvbench.run", dir);
	err = write_text(rf, e->run_file);
	if (!err)
		err = write_text(job,
			"# written by hvbench run --emulated: the same run inside the emulated host\n"
			"cd /hvb\n"
			"insmod /lib/modules/kvm.ko && insmod /lib/modules/kvm-hv.ko\n"
			"./hvbench run -f /job/hvbench.run -o /out/run\n");
	if (err) {
		fprintf(stderr, "hvbench: error: cannot write the testbed job in %s: %s\n", dir,
			strerror(-err));
		return 1;
	}
	snprintf(tmo, sizeof(tmo), "%u", e->timeout);
	fprintf(stderr, "hvbench: booting the emulated POWER8 host (%s kernel) for this run; watchdog %s s\n",
		e->kernel, tmo);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		setenv("HVB_TESTBED", e->kernel, 1);
		setenv("HVB_OUT", out, 1);
		setenv("HVB_JOB_FILES", rf, 1);
		execl("/bin/bash", "bash", runsh, job, dir, tmo, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	snprintf(got, sizeof(got), "%s/run", dir);
	snprintf(log, sizeof(log), "%s/console.log", dir);
	if (lstat(got, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hvbench: error: the emulated host returned no run directory (exit %d); its console: %s\n",
			rc, log);
		return rc ? rc : 1;
	}
	/* the emulated host's console goes with the run, for the record */
	snprintf(keep, sizeof(keep), "%s/run/testbed-console.log", dir);
	rename(log, keep);
	if (renameat2(AT_FDCWD, got, AT_FDCWD, e->output, RENAME_NOREPLACE)) {
		fprintf(stderr, "hvbench: error: cannot rename %s to %s: %s; the run is kept there\n",
			got, e->output, strerror(errno));
		return 1;
	}
	unlink(job);
	unlink(rf);
	rmdir(dir);
	printf("hvbench: run directory %s (emulated POWER8 host, %s kernel, exit %d)\n", e->output,
	       e->kernel, rc);
	return rc;
}
