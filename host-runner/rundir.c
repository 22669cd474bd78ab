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
