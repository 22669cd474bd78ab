/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_EDIVISIVE_H
#define HVB_EDIVISIVE_H

/*
 * Change points of a series by E-divisive means (Matteson & James, "A
 * nonparametric approach for multiple change point analysis of multivariate
 * data", JASA 2014; the method of MongoDB's CI and Apache Otava): the split
 * maximising the energy distance between the two sides, kept if a
 * permutation test finds it significant, then each side searched again.
 */
#include <stddef.h>
#include <stdint.h>

#define EDIV_MAX_N		1024	/* points in a series (the prefix sums take (n+1)^2 doubles) */
#define EDIV_MAX_CP		64	/* change points reported */

struct ediv_opts {
	double significance;	/* a split is kept if its permutation p-value is below (0.005) */
	double alpha;		/* the distance's exponent, in (0, 2) (0.5) */
	unsigned int permutations;	/* per candidate split (399) */
	unsigned int min_size;	/* points on each side of a split, at least (3) */
	uint64_t seed;		/* the permutations' seed: the same input gives the same answer */
};

struct ediv_cp {
	size_t index;		/* the first point after the change */
	double p;		/* its permutation p-value */
	double before, after;	/* the means of the segments either side */
};

/* the change points of x[0..n-1] in index order; their count, or -1 if n is too big */
int ediv_find(const double *x, size_t n, const struct ediv_opts *o, struct ediv_cp *cp, size_t max);
void ediv_defaults(struct ediv_opts *o);

#endif
