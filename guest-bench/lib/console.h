/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include "lib/string.h"

#endif
