// SPDX-License-Identifier: GPL-2.0
/*
 * Run directories: written under a temporary name and renamed into place
 * whole; read back as untrusted input (regular files only, bounded).
 */
#define _GNU_SOURCE	/* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "rundir.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * NAME written whole or not at all, relative to dirfd (AT_FDCWD: a path):
 * a temporary of an unpredictable name (nothing planted can be in the
 * way), created O_EXCL | O_NOFOLLOW, renamed over NAME (renameat replaces
 * a symlink there, never follows it).
 */
int write_file_atomic_at(int dirfd, const char *name, const void *buf, size_t len)
{
	char tmp[4200];
	int fd = -1, err, tries;

	for (tries = 0; tries < 16 && fd < 0; tries++) {
		uint64_t r;

		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r = (uint64_t)getpid() << 32 ^ (uint64_t)tries;
		if (snprintf(tmp, sizeof(tmp), "%s.tmp-%016llx", name, (unsigned long long)r) >=
		    (int)sizeof(tmp))
			return -ENAMETOOLONG;
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	err = write_all(fd, buf, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && renameat(dirfd, tmp, dirfd, name))
		err = -errno;
	if (err)
		unlinkat(dirfd, tmp, 0);
	return err;
}

int write_file_atomic(const char *path, const void *buf, size_t len)
{
	return write_file_atomic_at(AT_FDCWD, path, buf, len);
}

int rundir_begin(struct rundir *rd, const char *path)
{
	struct stat st;

	if (!path[0])
		return -EINVAL;
	if (snprintf(rd->final, sizeof(rd->final), "%s", path) >= (int)sizeof(rd->final) - 16)
		return -ENAMETOOLONG;
	if (!stat(path, &st))
		return -EEXIST;
	snprintf(rd->tmp, sizeof(rd->tmp), "%s.tmp-XXXXXX", path);
	if (!mkdtemp(rd->tmp))
		return -errno;
	rd->nfiles = 0;
	return 0;
}

int rundir_write(struct rundir *rd, const char *name, const void *buf, size_t len)
{
	char path[8200];

	int err;

	snprintf(path, sizeof(path), "%s/%s", rd->tmp, name);
	err = write_file_atomic(path, buf, len);
	if (!err)
		rd->nfiles++;
	return err;
}

int rundir_write_json(struct rundir *rd, const char *name, json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(1) | JSON_SORT_KEYS);
	int err;

	if (!s)
		return -ENOMEM;
	err = rundir_write(rd, name, s, strlen(s));
	free(s);
	return err;
}

/*
 * RENAME_NOREPLACE: a directory that appeared at the final name while the
 * run went on (even an empty one, which rename(2) would replace) is not
 * ours; the caller keeps the run under its temporary name and says where.
 */
int rundir_commit(struct rundir *rd)
{
	if (renameat2(AT_FDCWD, rd->tmp, AT_FDCWD, rd->final, RENAME_NOREPLACE)) {
		struct stat st;

		if (errno != EINVAL && errno != ENOSYS)
			return -errno;
		/* a file system without RENAME_NOREPLACE: check, then rename */
		if (!lstat(rd->final, &st))
			return -EEXIST;
		if (rename(rd->tmp, rd->final))
			return -errno;
	}
	rd->tmp[0] = 0;
	return 0;
}

void rundir_abort(struct rundir *rd)
{
	struct dirent *de;
	DIR *d;

	if (!rd->tmp[0])
		return;
	d = opendir(rd->tmp);
	if (d) {
		while ((de = readdir(d))) {
			char path[8200];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", rd->tmp, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(rd->tmp);
	rd->tmp[0] = 0;
}

json_t *rundir_read_json(const char *dir, const char *name, size_t max, char *err, size_t errlen)
{
	char path[8200], *buf = NULL;
	json_error_t jerr;
	json_t *j = NULL;
	struct stat st;
	size_t got = 0;
	int fd, e = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		snprintf(err, errlen, "path too long: %.64s...", path);
		errno = ENAMETOOLONG;
		return NULL;
	}
	/* O_NONBLOCK: a FIFO planted as meta.json must not hang the reader */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "cannot read %s: %s", path,
			 e == ELOOP ? "it is a symbolic link (a run directory holds regular files only)" :
			 strerror(e));
		errno = e;
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read %s: not a regular file", path);
		e = EINVAL;
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		snprintf(err, errlen, "%s is %lld bytes, more than the %zu a run directory may hold",
			 path, (long long)st.st_size, max);
		e = EFBIG;
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(err, errlen, "cannot read %s: out of memory", path);
		e = ENOMEM;
		goto out;
	}
	while (got <= (size_t)st.st_size) {	/* a file that grows is cut at max + 1 */
		ssize_t n = read(fd, buf + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
			goto out;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	if (got > (size_t)st.st_size) {
		snprintf(err, errlen, "%s changed while it was read", path);
		e = EAGAIN;
		goto out;
	}
	j = json_loadb(buf, got, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		snprintf(err, errlen, "cannot parse %s: %s (line %d)", path, jerr.text, jerr.line);
		e = EINVAL;
	}
out:
	free(buf);
	close(fd);
	errno = e;
	return j;
}

static int printable_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n > max)
		return 0;
	for (; *s; s++)
		if (*s < ' ' || *s > '~')
			return 0;
	return 1;
}

/* a cell directory: [A-Za-z0-9_.-], not "." or "..", a real directory under cells/ */
static int cell_dir_ok(const char *run, const char *name, char *err, size_t errlen)
{
	char path[8200];
	struct stat st;
	const char *c;

	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
			break;
	if (*c || !*name || strlen(name) > 63 || !strcmp(name, ".") || !strcmp(name, "..")) {
		snprintf(err, errlen, "cell directory name '%.64s' is not [A-Za-z0-9_.-]{1,63}", name);
		return -EINVAL;
	}
	/* cells/ itself, then the cell: real directories, never symbolic links */
	snprintf(path, sizeof(path), "%s/cells", run);
	if (!lstat(path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof(path), "%s/cells/%s", run, name);
		if (!lstat(path, &st) && S_ISDIR(st.st_mode))
			return 0;
	}
	/* a cell that never started has no directory: that is allowed */
	if (lstat(path, &st) && errno == ENOENT)
		return -ENOENT;
	snprintf(err, errlen, "%.180s is not a directory (no symbolic links)", path);
	return -EINVAL;
}

const char *const rundir_cell_status[4] = { "not_run", "ok", "failed", "watchdog" };
const char *const rundir_mode_names[RUNDIR_NR_MODES] = { "rm", "vm", "user" };

int rundir_mode_valid(const char *mode)
{
	unsigned int i;

	for (i = 0; i < RUNDIR_NR_MODES; i++)
		if (!strcmp(mode, rundir_mode_names[i]))
			return 1;
	return 0;
}
#define cell_status rundir_cell_status

static int cell_parse(const char *run, json_t *jc, struct rundir_cell *c, char *err, size_t errlen)
{
	const char *dir, *benches, *mode, *status, *error = NULL;
	json_int_t seq, order, smt, rep;
	double seconds = 0;
	json_error_t je;
	size_t i;
	int e;

	if (json_unpack_ex(jc, &je, 0, "{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s?F, s?s}",
			   "seq", &seq, "dir", &dir, "benches", &benches, "mode", &mode,
			   "hpt_order", &order, "smt", &smt, "rep", &rep, "status", &status,
			   "seconds", &seconds, "error", &error)) {
		snprintf(err, errlen, "%s", je.text);
		return -EINVAL;
	}
	if (seq < 0 || seq >= RUNDIR_MAX_CELLS || order < RUNDIR_HPT_ORDER_MIN ||
	    order > RUNDIR_HPT_ORDER_MAX || smt < 1 || smt > RUNDIR_MAX_SMT || rep < 0 ||
	    rep >= RUNDIR_MAX_CELLS || !(seconds >= 0 && seconds < 1e9)) {
		snprintf(err, errlen, "a number out of range (seq, hpt_order 18..46, smt 1..8, rep, seconds)");
		return -EINVAL;
	}
	if (!rundir_mode_valid(mode)) {
		snprintf(err, errlen, "mode '%.16s' is not rm, vm or user", printable_name(mode, 16) ? mode : "?");
		return -EINVAL;
	}
	if (!printable_name(benches, sizeof(c->benches) - 1) ||
	    (error && strlen(error) && !printable_name(error, sizeof(c->error) - 1))) {
		snprintf(err, errlen, "benches, mode or error is not printable ASCII of bounded length");
		return -EINVAL;
	}
	for (i = 0; i < sizeof(cell_status) / sizeof(cell_status[0]); i++)
		if (!strcmp(status, cell_status[i]))
			break;
	if (i == sizeof(cell_status) / sizeof(cell_status[0])) {
		snprintf(err, errlen, "status '%.32s' is not one of not_run, ok, failed, watchdog",
			 printable_name(status, 32) ? status : "?");
		return -EINVAL;
	}
	e = cell_dir_ok(run, dir, err, errlen);
	if (e && e != -ENOENT)
		return e;
	c->have_dir = !e;
	c->seq = (unsigned int)seq;
	c->hpt_order = (int)order;
	c->smt = (int)smt;
	c->rep = (unsigned int)rep;
	c->seconds = seconds;
	snprintf(c->dir, sizeof(c->dir), "cells/%s", dir);
	snprintf(c->benches, sizeof(c->benches), "%s", benches);
	snprintf(c->mode, sizeof(c->mode), "%s", mode);
	snprintf(c->status, sizeof(c->status), "%s", status);
	snprintf(c->error, sizeof(c->error), "%s", error ? error : "");
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int rundir_index_read(const char *run, struct rundir_index *ix, char *err, size_t errlen)
{
	const char **names;
	char e2[256];
	const char *format;
	json_int_t version;
	json_t *cells, *jc, *seed;
	int partial = 0;
	size_t i, k;

	memset(ix, 0, sizeof(*ix));
	ix->j = rundir_read_json(run, "run.json", RUNDIR_MAX_JSON_BYTES, err, errlen);
	if (!ix->j && errno != ENOENT)
		return -EINVAL;
	if (!ix->j) {
		/* a single-boot run directory (every version): one cell, itself */
		ix->cells = calloc(1, sizeof(*ix->cells));
		if (!ix->cells) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		ix->n = 1;
		ix->cells[0].have_dir = 1;
		ix->cells[0].hpt_order = -1;
		ix->cells[0].smt = -1;
		snprintf(ix->cells[0].dir, sizeof(ix->cells[0].dir), ".");
		snprintf(ix->cells[0].status, sizeof(ix->cells[0].status), "ok");
		return 0;
	}
	ix->matrix = 1;
	if (json_unpack(ix->j, "{s:s, s:I, s?b, s:o}", "format", &format, "version", &version,
			"partial", &partial, "cells", &cells) || strcmp(format, "hvbench-run")) {
		snprintf(err, errlen, "%s/run.json: not an hvbench-run index (format, version, cells)", run);
		return -EINVAL;
	}
	if (version < 1 || version > HVB_RUN_INDEX_VERSION) {
		snprintf(err, errlen, "%s/run.json: version %lld; this hvbench reads 1..%d (a newer hvbench wrote it: update)",
			 run, (long long)version, HVB_RUN_INDEX_VERSION);
		return -EINVAL;
	}
	ix->version = (int)version;
	ix->partial = partial;
	/* the seed is shown: a decimal string of at most 20 digits, or absent */
	seed = json_object_get(json_object_get(ix->j, "plan"), "seed");
	if (seed && (!json_is_string(seed) || !json_string_length(seed) ||
		     json_string_length(seed) > 20 ||
		     strspn(json_string_value(seed), "0123456789") != json_string_length(seed))) {
		snprintf(err, errlen, "%s/run.json: plan.seed is not a decimal string", run);
		return -EINVAL;
	}
	snprintf(ix->seed, sizeof(ix->seed), "%s", seed ? json_string_value(seed) : "missing");
	if (!json_is_array(cells) || !json_array_size(cells) ||
	    json_array_size(cells) > RUNDIR_MAX_CELLS) {
		snprintf(err, errlen, "%s/run.json: 'cells' must be an array of 1..%d cells", run,
			 RUNDIR_MAX_CELLS);
		return -EINVAL;
	}
	ix->cells = calloc(json_array_size(cells), sizeof(*ix->cells));
	if (!ix->cells) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	json_array_foreach(cells, i, jc) {
		if (cell_parse(run, jc, &ix->cells[i], e2, sizeof(e2))) {
			snprintf(err, errlen, "%s/run.json cell %zu: %s", run, i, e2);
			return -EINVAL;
		}
		ix->n++;
	}
	/* each directory once: sorted names, neighbours compared */
	names = calloc(ix->n, sizeof(*names));
	if (!names) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < ix->n; i++)
		names[i] = ix->cells[i].dir;
	qsort(names, ix->n, sizeof(*names), cmp_names);
	for (k = 1; k < ix->n; k++)
		if (!strcmp(names[k - 1], names[k])) {
			snprintf(err, errlen, "%s/run.json: cell directory %s listed twice", run, names[k]);
			free(names);
			return -EINVAL;
		}
	free(names);
	return 0;
}

void rundir_index_free(struct rundir_index *ix)
{
	free(ix->cells);
	json_decref(ix->j);
	memset(ix, 0, sizeof(*ix));
}
