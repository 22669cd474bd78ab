// SPDX-License-Identifier: GPL-2.0
/* hvbench: benchmark and trace the hcall fast paths of KVM on POWER */
#include <argp.h>
#include <stdio.h>
#include <string.h>
#include "cmd.h"

#ifndef HVB_REVISION
#define HVB_REVISION "unknown"
#endif

static const char usage[] =
"Usage: hvbench COMMAND [OPTION...]\n"
"Benchmark and trace the hcall fast paths of Linux KVM on IBM POWER (kvm-hv).\n"
"\n"
"Commands:\n"
"  run       run benchmarks in a KVM-HV guest on this POWER host\n"
"  report    write the summary, gnuplot charts and an HTML page of run directories\n"
"  compare   compare two run directories cell by cell: ratios, confidence intervals, a verdict\n"
"  trend     change points of every cell's latency over a history of run directories\n"
"  regress   instructions a kvm-hv change adds to each hcall fast path (emulated host, -icount)\n"
"  doctor    check that 'hvbench run' can work on this machine, and how to fix it\n"
"\n"
"'hvbench COMMAND --help' describes a command.  On a machine that is not a\n"
"POWER8 host, 'make demo' runs hvbench in an emulated POWER8 host.\n";

static const struct {
	const char *name, *label;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "run", "hvbench run", cmd_run },
	{ "report", "hvbench report", cmd_report },
	{ "compare", "hvbench compare", cmd_compare },
	{ "trend", "hvbench trend", cmd_trend },
	{ "regress", "hvbench regress", cmd_regress },
	{ "doctor", "hvbench doctor", cmd_doctor },
	{},
};

int main(int argc, char **argv)
{
	const typeof(commands[0]) *c;

	/* bad usage (unknown option, missing argument) is bad input: exit 2 */
	argp_err_exit_status = 2;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("hvbench %s\n", HVB_REVISION);
		return 0;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name)) {
			/* argp names the command in its messages after argv[0] */
			argv[1] = (char *)c->label;
			return c->fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "hvbench: error: unknown command '%s' (commands: run, report, compare, trend, regress, doctor; see 'hvbench --help')\n",
		argv[1]);
	return 2;
}
