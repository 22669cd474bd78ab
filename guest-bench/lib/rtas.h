/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_RTAS_H
#define GUEST_RTAS_H

#include <stdint.h>

/* RTAS call 'token' with nargs 32-bit arguments; returns the first return value (status) */
int rtas_call(uint32_t token, int nargs, int nret, uint32_t *ret0, ...);

#endif
