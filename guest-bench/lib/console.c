// SPDX-License-Identifier: GPL-2.0
/*
 * Console through H_PUT_TERM_CHAR (vterm 0), which the VMM handles in user
 * space, and the few libc functions a freestanding build still needs.
 */
#include <stdint.h>
#include "console.h"
#include "hcall.h"

static char buf[16];
static unsigned int nbuf;

static void flush(void)
{
	uint64_t w[2] = { 0, 0 };
	unsigned int i;

	if (!nbuf)
		return;
	/* the characters travel big-endian in r6:r7 */
	for (i = 0; i < nbuf; i++)
		w[i / 8] |= (uint64_t)(unsigned char)buf[i] << (56 - 8 * (i % 8));
	__hcall(H_PUT_TERM_CHAR, 0UL, (unsigned long)nbuf, w[0], w[1]);
	nbuf = 0;
}

static void putc(char c)
{
	buf[nbuf++] = c;
	if (nbuf == sizeof(buf) || c == '\n')
		flush();
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void put_num(unsigned long v, unsigned int base, int neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		putc(pad);
	while (n)
		putc(tmp[--n]);
}

/* %s %.*s %c %d %u %x %lu %ld %lx %llu %llx %p, width and '0' pad */
int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int lng = 0, width = 0, prec = -1;
		char pad = ' ';

		if (*fmt != '%') {
			putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		if (fmt[0] == '.' && fmt[1] == '*') {
			prec = va_arg(ap, int);
			fmt += 2;
		}
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (prec < 0)
				puts(str);
			else
				while (prec-- > 0 && *str)
					putc(*str++);
			break;
		}
		case 'c':
			putc((char)va_arg(ap, int));
			break;
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
				10, 0, width, pad);
			break;
		case 'x':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
				16, 0, width, pad);
			break;
		case 'p':
			puts("0x");
			put_num((unsigned long)va_arg(ap, void *), 16, 0, width, pad);
			break;
		default:
			putc('%');
			putc(*fmt);
		}
	}
	va_end(ap);
	flush();
	return 0;
}
