// SPDX-License-Identifier: GPL-2.0
/* The guest's console: bounded in console.log, escaped on the terminal. */
#include "console.h"

void console_init(struct console_sink *c, FILE *log, FILE *term)
{
	c->log = log;
	c->term = term;
	c->seen = 0;
	c->bol = 1;
}

static void term_put(struct console_sink *c, unsigned char ch)
{
	if (c->bol)
		fputs("guest: ", c->term);
	if (ch == '\n' || ch == '\t' || (ch >= ' ' && ch <= '~'))
		fputc(ch, c->term);
	else if (ch != '\r')	/* CR LF is the guest's line end */
		fprintf(c->term, "\\x%02x", ch);
	c->bol = ch == '\n';
}

void console_put(struct console_sink *c, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++, c->seen++) {
		if (c->seen >= HVB_CONSOLE_LOG_MAX)
			continue;
		if (c->log)
			fputc(buf[i], c->log);
		if (c->term)
			term_put(c, (unsigned char)buf[i]);
	}
	if (c->term)
		fflush(c->term);
}

void console_finish(struct console_sink *c)
{
	if (c->seen <= HVB_CONSOLE_LOG_MAX)
		return;
	if (c->log)
		fprintf(c->log, "\n[hvbench: console cut at %u bytes; the guest wrote %llu]\n",
			HVB_CONSOLE_LOG_MAX, (unsigned long long)c->seen);
	if (c->term)
		fprintf(c->term, "%s[hvbench: guest console cut at %u bytes; it wrote %llu]\n",
			c->bol ? "" : "\n", HVB_CONSOLE_LOG_MAX, (unsigned long long)c->seen);
}
