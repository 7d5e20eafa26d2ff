/*
 * keylog.c — parse NSS key log files. See keylog.h.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "keylog.h"

static const char *const labels[TW_KL_NKINDS] = {
	"CLIENT_RANDOM",
	"CLIENT_EARLY_TRAFFIC_SECRET",
	"CLIENT_HANDSHAKE_TRAFFIC_SECRET",
	"SERVER_HANDSHAKE_TRAFFIC_SECRET",
	"CLIENT_TRAFFIC_SECRET_0",
	"SERVER_TRAFFIC_SECRET_0",
	"EXPORTER_SECRET",
};

/* see keylog.h */
const char *
tw_keylog_label(tw_kl_kind kind)
{
	return (unsigned)kind < TW_KL_NKINDS ? labels[kind] : "?";
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode exactly n hex digits into out; -1 on a non-hex digit. */
static int
unhex(const char *s, size_t n, uint8_t *out)
{
	size_t i;

	for (i = 0; i < n; i += 2) {
		int h = hexval((unsigned char)s[i]), l = hexval((unsigned char)s[i + 1]);
		if (h < 0 || l < 0)
			return -1;
		out[i / 2] = (uint8_t)(h << 4 | l);
	}
	return 0;
}

/* The next space-separated word of [*p, end); its length, 0 at the end. */
static size_t
word(const char **p, const char *end, const char **start)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*start = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*p = s;
	return (size_t)(s - *start);
}

static int
parse_line(tw_keylog *kl, const char *s, const char *end, const char *origin,
	size_t lineno, tw_err *e)
{
	const char *w1, *w2, *w3, *w4, *p = s;
	size_t n1, n2, n3, n4;
	tw_kl_entry ent;
	int k;

	n1 = word(&p, end, &w1);
	if (n1 == 0 || w1[0] == '#')
		return 0;
	for (k = 0; k < TW_KL_NKINDS; k++)
		if (strlen(labels[k]) == n1 && memcmp(labels[k], w1, n1) == 0)
			break;
	if (k == TW_KL_NKINDS) {
		kl->skipped++;
		return 0;
	}
	n2 = word(&p, end, &w2);
	n3 = word(&p, end, &w3);
	n4 = word(&p, end, &w4);
	(void)w4;
	if (n2 == 0 || n3 == 0 || n4 != 0)
		return tw_err_set(e, "%s line %zu: a %s line has three words: the label, the client random (64 hex digits) and the secret",
			origin, lineno, labels[k]);
	memset(&ent, 0, sizeof ent);
	ent.kind = (tw_kl_kind)k;
	if (n2 != 64 || unhex(w2, 64, ent.client_random) < 0)
		return tw_err_set(e, "%s line %zu: the client random must be 64 hex digits (32 bytes), and '%.*s' is not",
			origin, lineno, (int)(n2 > 80 ? 80 : n2), w2);
	/* TLS 1.2's master secret is 48 bytes; a TLS 1.3 secret is as long as
	 * the suite's hash: 32 (SHA-256) or 48 (SHA-384). */
	if (k == TW_KL_CLIENT_RANDOM ? n3 != 96 : (n3 != 64 && n3 != 96))
		return tw_err_set(e, "%s line %zu: the %s secret must be %s hex digits, and it has %zu",
			origin, lineno, labels[k], k == TW_KL_CLIENT_RANDOM ? "96" : "64 or 96", n3);
	if (unhex(w3, n3, ent.secret) < 0)
		return tw_err_set(e, "%s line %zu: the secret has a character that is not a hex digit",
			origin, lineno);
	ent.secret_len = n3 / 2;
	if (kl->n == kl->cap) {
		size_t ncap = kl->cap ? kl->cap * 2 : 16;
		tw_kl_entry *ne = realloc(kl->e, ncap * sizeof *ne);
		if (ne == NULL)
			return tw_err_set(e, "%s: out of memory", origin);
		kl->e = ne;
		kl->cap = ncap;
	}
	kl->e[kl->n++] = ent;
	return 0;
}

/* see keylog.h */
int
tw_keylog_parse(tw_keylog *kl, const char *text, size_t len,
	const char *origin, tw_err *e)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		const char *end = nl ? nl : text + len;
		size_t n = (size_t)(end - s);
		lineno++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (memchr(s, 0, n) != NULL)
			return tw_err_set(e, "%s line %zu: a NUL byte: this is not a key log (text lines such as CLIENT_RANDOM <hex> <hex>)",
				origin, lineno);
		if (parse_line(kl, s, s + n, origin, lineno, e) < 0)
			return -1;
		pos = (size_t)(end - text) + (nl ? 1 : 0);
	}
	return 0;
}

/* see keylog.h */
int
tw_keylog_load(tw_keylog *kl, const char *path, tw_err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (f == NULL)
		return tw_err_set(e, "--keys %s: cannot open: %s", path, strerror(errno));
	for (;;) {
		size_t got;
		if (len == cap) {
			/* A key log of a whole browsing session is a few MB; far
			 * more means the wrong file was given. */
			char *nb;
			if (cap >= (64u << 20)) {
				fclose(f);
				free(buf);
				return tw_err_set(e, "--keys %s: larger than 64 MB, which is not a key log", path);
			}
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL) {
				fclose(f);
				free(buf);
				return tw_err_set(e, "--keys %s: out of memory", path);
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return tw_err_set(e, "--keys %s: read error", path);
	}
	fclose(f);
	{
		char origin[300];
		snprintf(origin, sizeof origin, "--keys %s", path);
		rc = tw_keylog_parse(kl, buf ? buf : "", len, origin, e);
	}
	free(buf);
	return rc;
}

/* see keylog.h */
const tw_kl_entry *
tw_keylog_find(const tw_keylog *kl, tw_kl_kind kind, const uint8_t client_random[32])
{
	size_t i;

	for (i = kl->n; i-- > 0; )
		if (kl->e[i].kind == kind
			&& memcmp(kl->e[i].client_random, client_random, 32) == 0)
			return &kl->e[i];
	return NULL;
}

/* see keylog.h */
void
tw_keylog_free(tw_keylog *kl)
{
	free(kl->e);
	memset(kl, 0, sizeof *kl);
}
