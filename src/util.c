/*
 * util.c — byte buffers and file reading. See util.h.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bearssl.h>
#include "util.h"

/* see util.h */
int
tw_buf_add(tw_buf *b, const void *p, size_t n)
{
	if (b->oom)
		return -1;
	if (b->len + n > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		uint8_t *q;
		while (ncap < b->len + n)
			ncap *= 2;
		q = realloc(b->buf, ncap);
		if (q == NULL) {
			b->oom = 1;
			return -1;
		}
		b->buf = q;
		b->cap = ncap;
	}
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	return 0;
}

/* see util.h */
void
tw_buf_append_cb(void *ctx, const void *data, size_t len)
{
	tw_buf_add(ctx, data, len);
}

/* see util.h */
void
tw_buf_free(tw_buf *b)
{
	free(b->buf);
	memset(b, 0, sizeof *b);
}

/* see util.h */
int
tw_read_file(const char *path, size_t max, char **out, size_t *outlen, tw_err *e)
{
	tw_buf b = { 0 };
	char chunk[8192];
	struct stat st;
	int fd, flags;

	/* O_NONBLOCK: opening a FIFO with no writer would wait forever. It is
	 * cleared once the file is known to be a regular file. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return tw_err_set(e, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return tw_err_set(e, "%s: cannot open: %s", path, strerror(err));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return tw_err_set(e, "%s: is %s, not a regular file", path,
			S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)" :
			S_ISCHR(st.st_mode) ? "a character device" : S_ISBLK(st.st_mode) ? "a block device" :
			S_ISSOCK(st.st_mode) ? "a socket" : "a special file");
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		return tw_err_set(e, "%s: file is larger than %zu bytes", path, max);
	}
	flags = fcntl(fd, F_GETFL);
	if (flags != -1)
		(void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			tw_buf_free(&b);
			return tw_err_set(e, "%s: cannot read: %s", path, strerror(err));
		}
		if (n == 0)
			break;
		/* The size was checked, but a file may grow while it is read. */
		if (b.len + (size_t)n > max) {
			close(fd);
			tw_buf_free(&b);
			return tw_err_set(e, "%s: file is larger than %zu bytes", path, max);
		}
		if (tw_buf_add(&b, chunk, (size_t)n) < 0)
			break;
	}
	close(fd);
	if (b.oom || tw_buf_add(&b, "", 1) < 0) {
		tw_buf_free(&b);
		return tw_err_set(e, "%s: out of memory", path);
	}
	*out = (char *)b.buf;
	*outlen = b.len - 1;
	return 0;
}

/* see util.h */
void
tw_seed_bytes(uint64_t seed, const char *label, uint8_t out[32])
{
	br_sha256_context h;
	uint8_t s[8];
	int i;

	for (i = 0; i < 8; i++)
		s[i] = (uint8_t)(seed >> (56 - 8 * i));
	br_sha256_init(&h);
	br_sha256_update(&h, label, strlen(label));
	br_sha256_update(&h, s, sizeof s);
	br_sha256_out(&h, out);
}

/* see util.h */
const char *
tw_html_entity(int c)
{
	switch (c) {
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* The directory part of path into dir ("." when there is none). */
static void
dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

/* A temporary file beside path, mode 0600; its name into tmp. */
static int
out_temp(const char *path, char *tmp, size_t size)
{
	int fd;
	mode_t old;

	if ((size_t)snprintf(tmp, size, "%s.XXXXXX", path) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	old = umask(077);
	fd = mkstemp(tmp);
	umask(old);
	return fd;
}

/* see util.h */
int
tw_out_check(const char *opt, const char *path, tw_err *e)
{
	struct stat st;
	char tmp[PATH_MAX + 16], dir[PATH_MAX];
	int fd;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return tw_err_set(e, "%s %s: is a directory; give a file name", opt, path);
		if (!S_ISREG(st.st_mode))
			return 0;       /* /dev/stdout, a FIFO: written in place */
	}
	dir_of(path, dir, sizeof dir);
	if (stat(dir, &st) != 0)
		/* say what to do, not only what is wrong */
		return tw_err_set(e, errno == ENOENT
			? "%s %s: directory %s: %s (create it first, or write elsewhere)"
			: "%s %s: directory %s: %s", opt, path, dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tw_err_set(e, "%s %s: %s is not a directory", opt, path, dir);
	fd = out_temp(path, tmp, sizeof tmp);
	if (fd < 0)
		return tw_err_set(e, "%s %s: cannot write there: %s", opt, path, strerror(errno));
	close(fd);
	unlink(tmp);
	return 0;
}

/* see util.h */
int
tw_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char da[PATH_MAX], db[PATH_MAX], ra[PATH_MAX], rb[PATH_MAX];
	const char *ba, *bb;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (strcmp(a, b) == 0)
		return 1;
	ba = strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
	bb = strrchr(b, '/') ? strrchr(b, '/') + 1 : b;
	if (strcmp(ba, bb) != 0)
		return 0;
	dir_of(a, da, sizeof da);
	dir_of(b, db, sizeof db);
	if (realpath(da, ra) == NULL || realpath(db, rb) == NULL)
		return 0;
	return strcmp(ra, rb) == 0;
}

/* see util.h */
int
tw_out_write(const char *opt, const char *path, const void *data, size_t len,
	tw_err *e)
{
	struct stat st;
	char tmp[PATH_MAX + 16];
	const unsigned char *p = data;
	int fd, err = 0, in_place;
	size_t done = 0;

	in_place = stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
	if (in_place)
		fd = open(path, O_WRONLY | O_APPEND);
	else
		fd = out_temp(path, tmp, sizeof tmp);
	if (fd < 0)
		return tw_err_set(e, "%s %s: cannot write: %s", opt, path, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	if (err == 0 && !in_place && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && !in_place && rename(tmp, path) != 0)
		err = errno;
	if (err != 0) {
		if (!in_place)
			unlink(tmp);
		return tw_err_set(e, "%s %s: write failed: %s%s", opt, path,
			strerror(err), in_place ? "" : "; nothing written");
	}
	return 0;
}
