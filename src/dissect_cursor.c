/*
 * dissect_cursor.c — what every decoder does with the bytes under its
 * cursor D (dissect_int.h) besides reading them: cover a truncated or
 * overlong structure with an undecoded leaf, and turn bytes into the hex or
 * text of a field's value.
 */
#include "config.h"
#include <stdio.h>
#include "dissect_int.h"

/* see dissect_int.h */
int
tw_d_short_of(D *d, tw_field *par, size_t o, size_t end, size_t k,
	const char *what)
{
	char why[160];

	if (end - o >= k)
		return 0;
	snprintf(why, sizeof why, "truncated: %s needs %zu bytes, %zu left", what, k,
		end - o);
	undec(d, par, o, end, why);
	return 1;
}

/* see dissect_int.h */
void
tw_d_rest(D *d, tw_field *par, size_t o, size_t end, const char *what)
{
	char why[160];

	if (o >= end)
		return;
	snprintf(why, sizeof why, "%zu bytes after the end of %s", end - o, what);
	undec(d, par, o, end, why);
}

/* see dissect_int.h */
const char *
tw_d_hex(const D *d, size_t o, size_t n, char *buf, size_t size)
{
	size_t i, k = 0, shown = n > HEXMAX ? HEXMAX : n;

	buf[0] = 0;
	for (i = 0; i < shown && k + 3 < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%02x", u8(d, o + i));
	if (shown < n && k + 4 < size)
		snprintf(buf + k, size - k, "…");
	return buf;
}

static int
utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if (n - i - 1 < k)
			return 0;
		for (i++; k > 0; k--, i++)
			if ((s[i] & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* see dissect_int.h */
const char *
tw_d_text(const D *d, size_t o, size_t n, int utf8, size_t max, char *buf,
	size_t size)
{
	size_t i, k = 0;
	int keep = utf8 && utf8_ok(at(d, o), n);

	buf[0] = 0;
	for (i = 0; i < n && i < max && k + 8 < size; i++) {
		unsigned c = u8(d, o + i);
		if ((c >= 0x20 && c < 0x7f && c != '\\') || (keep && c >= 0x80))
			buf[k++] = (char)c;
		else if (c == '\\') {
			buf[k++] = '\\';
			buf[k++] = '\\';
		} else if (c == '\r') {
			buf[k++] = '\\';
			buf[k++] = 'r';
		} else if (c == '\n') {
			buf[k++] = '\\';
			buf[k++] = 'n';
		} else
			k += (size_t)snprintf(buf + k, size - k, "\\x%02x", c);
	}
	buf[k] = 0;
	if ((i < n) && k + 4 < size) {
		/* a cut UTF-8 sequence would be invalid: back up to a boundary */
		while (keep && k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
			k--;
		if (keep && k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0xc0)
			k--;
		snprintf(buf + k, size - k, "…");
	}
	return buf;
}
