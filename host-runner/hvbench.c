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
"  report    write the summary and gnuplot charts of a run directory\n"
"  compare   compare two run directories cell by cell: ratios, confidence intervals, a verdict\n"
"  doctor    check that 'hvbench run' can work on this machine, and how to fix it\n"
"\n"
"'hvbench COMMAND --help' describes a command.  On a machine that is not a\n"
"POWER8 host, 'make demo' runs hvbench in an emulated POWER8 host.\n";

int main(int argc, char **argv)
{
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
	/* argp names the command in its messages after argv[0] */
	if (!strcmp(argv[1], "run")) {
		argv[1] = "hvbench run";
		return cmd_run(argc - 1, argv + 1);
	}
	if (!strcmp(argv[1], "report")) {
		argv[1] = "hvbench report";
		return cmd_report(argc - 1, argv + 1);
	}
	if (!strcmp(argv[1], "compare")) {
		argv[1] = "hvbench compare";
		return cmd_compare(argc - 1, argv + 1);
	}
	if (!strcmp(argv[1], "doctor")) {
		argv[1] = "hvbench doctor";
		return cmd_doctor(argc - 1, argv + 1);
	}
	fprintf(stderr, "hvbench: error: unknown command '%s' (commands: run, report, compare, doctor; see 'hvbench --help')\n",
		argv[1]);
	return 2;
}
