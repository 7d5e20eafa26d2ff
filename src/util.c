/*
 * util.c — byte buffers and file reading. See util.h.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	FILE *f = fopen(path, "rb");
	tw_buf b = { 0 };
	char chunk[8192];
	size_t n;
	struct stat st;

	if (f == NULL)
		return tw_err_set(e, "%s: cannot open: %s", path, strerror(errno));
	/* fopen() opens a directory; reading it then fails with a bare EISDIR. */
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return tw_err_set(e, "%s: is a directory, not a file", path);
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			fclose(f);
			tw_buf_free(&b);
			return tw_err_set(e, "%s: file is larger than %zu bytes", path, max);
		}
		if (tw_buf_add(&b, chunk, n) < 0)
			break;
	}
	if (ferror(f) || b.oom) {
		int oom = b.oom, err = errno;
		fclose(f);
		tw_buf_free(&b);
		return tw_err_set(e, "%s: %s%s", path, oom ? "out of memory" : "cannot read: ",
			oom ? "" : strerror(err));
	}
	fclose(f);
	if (tw_buf_add(&b, "", 1) < 0) {
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
