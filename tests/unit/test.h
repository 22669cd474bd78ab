/* SPDX-License-Identifier: GPL-2.0 */
/* kvm-unit-tests-style reporting: one PASS/FAIL line per check */
#ifndef HVB_TEST_H
#define HVB_TEST_H

#include <stdio.h>

static int test_failed, test_passed;

#define report(cond, fmt, ...) do {						\
	if (cond) {								\
		test_passed++;							\
		printf("PASS: " fmt "\n", ##__VA_ARGS__);			\
	} else {								\
		test_failed++;							\
		printf("FAIL: " fmt " (%s:%d)\n", ##__VA_ARGS__, __FILE__, __LINE__); \
	}									\
} while (0)

static inline int report_summary(const char *name)
{
	printf("SUMMARY: %s: %d passed, %d failed\n", name, test_passed, test_failed);
	return test_failed ? 1 : 0;
}

#endif
