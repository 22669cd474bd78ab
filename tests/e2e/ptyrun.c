// SPDX-License-Identifier: GPL-2.0
/*
 * Run a command with its stdout and stderr on a new pseudo-terminal and
 * copy what it writes to our stdout: a terminal for hvbench run's progress
 * line (drawn only on one) in the emulated host's initramfs, whose busybox
 * has no script(1).  Exit status: the command's.
 *
 *   ptyrun COMMAND [ARG...]
 */
#include <pty.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	int master, status;
	ssize_t n;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: ptyrun COMMAND [ARG...]\n");
		return 2;
	}
	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid < 0) {
		perror("ptyrun: forkpty");
		return 2;
	}
	if (!pid) {
		execvp(argv[1], argv + 1);
		perror("ptyrun: exec");
		_exit(127);
	}
	/* EIO when the child side is closed: the command ended */
	while ((n = read(master, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			break;
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
