// SPDX-License-Identifier: GPL-2.0
/*
 * RTAS calls under QEMU pseries.  QEMU's RTAS blob is one "sc 1" with
 * H_RTAS and the argument buffer in r4, so guest-bench makes that hcall
 * itself instead of instantiating RTAS.  The buffer is big-endian.
 */
#include <stdarg.h>
#include "lib/hcall.h"
#include "lib/rtas.h"

static struct {
	uint32_t token;
	uint32_t nargs;
	uint32_t nret;
	uint32_t args[16];
} rtas_buf __attribute__((aligned(16)));

int rtas_call(uint32_t token, int nargs, int nret, uint32_t *ret0, ...)
{
	va_list ap;
	int i;

	if (!token || nargs + nret > 16)
		return -1;
	rtas_buf.token = __builtin_bswap32(token);
	rtas_buf.nargs = __builtin_bswap32((uint32_t)nargs);
	rtas_buf.nret = __builtin_bswap32((uint32_t)nret);
	va_start(ap, ret0);
	for (i = 0; i < nargs; i++)
		rtas_buf.args[i] = __builtin_bswap32(va_arg(ap, uint32_t));
	va_end(ap);
	for (i = nargs; i < nargs + nret; i++)
		rtas_buf.args[i] = 0;
	if (__hcall(H_RTAS, (unsigned long)&rtas_buf) != H_SUCCESS)
		return -1;
	if (ret0 && nret)
		*ret0 = __builtin_bswap32(rtas_buf.args[nargs]);
	return nret ? (int)__builtin_bswap32(rtas_buf.args[nargs]) : 0;
}
