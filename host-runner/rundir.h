/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVB_RUNDIR_H
#define HVB_RUNDIR_H

#include <stddef.h>
#include <jansson.h>

/*
 * A run directory is built under a temporary name beside its final one and
 * renamed into place only when complete: a reader never sees half a run.
 */
struct rundir {
	char final[4096];
	char tmp[4096];
	int nfiles;	/* written so far */
};

int rundir_begin(struct rundir *rd, const char *path);
int rundir_write(struct rundir *rd, const char *name, const void *buf, size_t len);
int rundir_write_json(struct rundir *rd, const char *name, json_t *j);
int rundir_commit(struct rundir *rd);
void rundir_abort(struct rundir *rd);
int write_file_atomic(const char *path, const void *buf, size_t len);
/* DIR/NAME parsed as JSON; NULL and err = file, line and parser message */
json_t *rundir_read_json(const char *dir, const char *name, char *err, size_t errlen);

#endif
