// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int write_file_atomic(const char *path, const void *buf, size_t len)
{
	char tmp[4200];
	int fd, err;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	err = write_all(fd, buf, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int rundir_begin(struct rundir *rd, const char *path)
{
	struct stat st;

	if (snprintf(rd->final, sizeof(rd->final), "%s", path) >= (int)sizeof(rd->final))
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

int rundir_commit(struct rundir *rd)
{
	if (rename(rd->tmp, rd->final))
		return -errno;
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

json_t *rundir_read_json(const char *dir, const char *name, char *err, size_t errlen)
{
	char path[8200];
	json_error_t jerr;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	j = json_load_file(path, 0, &jerr);
	if (!j)
		snprintf(err, errlen, "cannot read %s: %s (line %d)", path, jerr.text, jerr.line);
	return j;
}
