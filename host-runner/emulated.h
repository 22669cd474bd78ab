/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_EMULATED_H
#define HVB_EMULATED_H

/* hvbench run --emulated: the run inside the emulated POWER8 host (emulated.c) */
struct emulated_run {
	const char *kernel;	/* "stock" or "kmod" */
	const char *output;	/* the run directory to create here */
	const char *run_file;	/* the run's options, as a run file */
	unsigned int timeout;	/* seconds for the whole boot */
};

/* the project's source tree (testbed, scripts): HVBENCH_SRC, or where this hvbench was built */
const char *emulated_src_dir(void);

/* the run's exit status (0, 1, 2), after its messages */
int emulated_run(const struct emulated_run *e);

#endif
