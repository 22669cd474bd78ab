// SPDX-License-Identifier: GPL-2.0
/*
 * E-divisive means (reports/edivisive.c), shown right on synthetic CI
 * histories with fixed seeds, the figures printed:
 *  - 500 histories of 60 runs with one step of +5 % at a random place:
 *    a change point within +-2 runs of it in >= 95 %;
 *  - 500 histories of 60 runs with no step: <= 1 % report one.
 * A run's value is a p50 of 1000 ticks with run-to-run noise: Gaussian
 * with sigma 1.5 % (POWER hardware's p50s move by about that between
 * runs) and, in 5 % of runs, an outlier 5-20 % slower (a run disturbed by
 * something else on the machine).  Under TCG the noise is larger (see
 * hvbench compare); under -icount it is nil and every step is found.
 * Plus the edges: constant series, a series too short, exact steps.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "edivisive.h"
#include "test.h"

#define HISTORIES	500
#define RUNS		60
#define STEP		0.05
#define SIGMA		0.015

static uint64_t rng = 0x7472656e64;

static double uniform(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	/* Box-Muller */
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static double run_value(double level)
{
	double v = level * (1 + SIGMA * gauss());

	if (uniform() < 0.05)
		v *= 1.05 + 0.15 * uniform();
	return v;
}

int main(void)
{
	struct ediv_opts o;
	struct ediv_cp cp[EDIV_MAX_CP];
	double x[RUNS];
	int found = 0, false_alarm = 0, n, h, i, k;

	ediv_defaults(&o);
	for (h = 0; h < HISTORIES; h++) {
		int at = 5 + (int)(uniform() * (RUNS - 10)), hit = 0;

		for (i = 0; i < RUNS; i++)
			x[i] = run_value(i < at ? 1000 : 1000 * (1 + STEP));
		n = ediv_find(x, RUNS, &o, cp, EDIV_MAX_CP);
		for (k = 0; k < n; k++)
			hit |= abs((int)cp[k].index - at) <= 2;
		found += hit;
	}
	printf("edivisive: a +5 %% step found within +-2 runs in %d of %d histories (%.1f %%)\n",
	       found, HISTORIES, 100.0 * found / HISTORIES);
	report(found * 100 >= 95 * HISTORIES, "a 5 %% step in 60 runs is found within +-2 runs in >= 95 %% of %d histories (%d)",
	       HISTORIES, found);

	for (h = 0; h < HISTORIES; h++) {
		for (i = 0; i < RUNS; i++)
			x[i] = run_value(1000);
		false_alarm += ediv_find(x, RUNS, &o, cp, EDIV_MAX_CP) > 0;
	}
	printf("edivisive: a change point reported in %d of %d histories without a step (%.1f %%)\n",
	       false_alarm, HISTORIES, 100.0 * false_alarm / HISTORIES);
	report(false_alarm * 100 <= HISTORIES, "no step: a change point reported in <= 1 %% of %d histories (%d)",
	       HISTORIES, false_alarm);

	/* the edges */
	for (i = 0; i < RUNS; i++)
		x[i] = 1234;
	report(ediv_find(x, RUNS, &o, cp, EDIV_MAX_CP) == 0, "a constant series (an -icount history) has no change point");
	for (i = 0; i < RUNS; i++)
		x[i] = i < 40 ? 1234 : 1237;
	n = ediv_find(x, RUNS, &o, cp, EDIV_MAX_CP);
	report(n == 1 && cp[0].index == 40 && cp[0].before == 1234 && cp[0].after == 1237,
	       "an exact step of 3 ticks (instructions under -icount) at run 40 is found there, 1234 -> 1237");
	for (i = 0; i < RUNS; i++)
		x[i] = i < 20 ? 500 : i < 40 ? 600 : 550;
	n = ediv_find(x, RUNS, &o, cp, EDIV_MAX_CP);
	report(n == 2 && cp[0].index == 20 && cp[1].index == 40, "two steps (20: 500 -> 600, 40: 600 -> 550) are both found (%d)", n);
	report(ediv_find(x, 5, &o, cp, EDIV_MAX_CP) == 0, "5 runs: too few to split with 3 on each side, none reported");
	report(ediv_find(x, EDIV_MAX_N + 1, &o, cp, EDIV_MAX_CP) == -1, "more than %d runs: refused", EDIV_MAX_N);
	return report_summary("edivisive");
}
