// SPDX-License-Identifier: GPL-2.0
/* The guest console: bounded in console.log, escaped on the terminal */
#include <stdlib.h>
#include <string.h>
#include "console.h"
#include "test.h"

static char *logbuf, *termbuf;
static size_t loglen, termlen;

int main(void)
{
	static const char evil[] = "\033]0;pwned\007\033[2J\r\nok\tend\n";
	struct console_sink c;
	FILE *log = open_memstream(&logbuf, &loglen), *term = open_memstream(&termbuf, &termlen);
	char chunk[4096];
	size_t i;

	console_init(&c, log, term);
	console_put(&c, evil, sizeof(evil) - 1);
	fflush(log);
	fflush(term);
	report(loglen == sizeof(evil) - 1 && !memcmp(logbuf, evil, loglen),
	       "console.log keeps the guest's bytes as they came (%zu bytes)", loglen);
	report(!strchr(termbuf, '\033') && !strchr(termbuf, '\007') && !strchr(termbuf, '\r'),
	       "the terminal gets no ESC, BEL or CR byte");
	report(strstr(termbuf, "guest: \\x1b]0;pwned\\x07\\x1b[2J\n") && strstr(termbuf, "guest: ok\tend\n"),
	       "control bytes are shown as \\xHH, newline and tab pass, each line prefixed: %.60s", termbuf);

	memset(chunk, 'A', sizeof(chunk));
	for (i = 0; i < (HVB_CONSOLE_LOG_MAX / sizeof(chunk)) + 8; i++)
		console_put(&c, chunk, sizeof(chunk));
	console_finish(&c);
	fclose(log);
	fclose(term);
	report(loglen < HVB_CONSOLE_LOG_MAX + 200 && strstr(logbuf + HVB_CONSOLE_LOG_MAX, "console cut at"),
	       "console.log stops at %u bytes and says so (%zu bytes)", HVB_CONSOLE_LOG_MAX, loglen);
	report(termlen < 2 * HVB_CONSOLE_LOG_MAX && strstr(termbuf, "guest console cut at"),
	       "the terminal is bounded too and says so (%zu bytes)", termlen);
	report(c.seen == sizeof(evil) - 1 + ((HVB_CONSOLE_LOG_MAX / sizeof(chunk)) + 8) * sizeof(chunk),
	       "every byte the guest wrote is counted (%llu)", (unsigned long long)c.seen);
	free(logbuf);
	free(termbuf);
	return report_summary("test_console");
}
