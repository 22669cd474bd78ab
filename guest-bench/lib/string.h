/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C library's string functions that guest-bench and libfdt use: the
 * prototypes are the standard ones (glibc's <string.h>, which libfdt's
 * libfdt_env.h includes), the bodies are in lib/string.c.
 */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include <string.h>

#endif
