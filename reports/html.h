/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_HTML_H
#define HVB_HTML_H

#include "charts.h"
#include "series.h"

/* index.html in the report directory, atomically; 0 or an exit code after a message */
int html_write(int outfd, const char *outdir, const struct series_set *ss, const struct charts *c,
	       double margin);

#endif
