/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_CONSOLE_H
#define HVB_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The guest's console (H_PUT_TERM_CHAR) is untrusted bytes: console.log
 * keeps them as they came, up to HVB_CONSOLE_LOG_MAX; the terminal gets the
 * same bytes with every control character but newline and tab escaped
 * (\xHH), so a guest cannot move the cursor, retitle the window or flood
 * the terminal past the same bound.
 */
#define HVB_CONSOLE_LOG_MAX	(1u << 20)

struct console_sink {
	FILE *log;		/* console.log, or NULL */
	FILE *term;		/* stdout when echoing, or NULL */
	uint64_t seen;		/* bytes the guest wrote */
	int bol;		/* the terminal is at the beginning of a line */
};

void console_init(struct console_sink *c, FILE *log, FILE *term);
void console_put(struct console_sink *c, const char *buf, size_t len);
/* after the run: note what the bound dropped, in both */
void console_finish(struct console_sink *c);

#endif
