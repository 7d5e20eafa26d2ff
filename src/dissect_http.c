/*
 * dissect_http.c — the application data inside the encrypted records: an
 * HTTP/1.1 message (RFC 9112) line by line — request or status line with
 * its three parts, one field per header, the empty line, the body — or,
 * when the bytes do not start like HTTP, one opaque field.
 *
 * A record may end in the middle of the header block (HTTP knows nothing
 * of records); what is left of the block becomes one field saying so.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "dissect_int.h"

/* Offset just past the next LF in [o, end), or end if there is none. */
static size_t
line_end(const D *d, size_t o, size_t end, int *complete)
{
	for (; o < end; o++)
		if (u8(d, o) == '\n') {
			*complete = 1;
			return o + 1;
		}
	*complete = 0;
	return end;
}

/* Length of the text of a line without its CR LF. */
static size_t
line_text(const D *d, size_t o, size_t e)
{
	size_t n = e - o;

	if (n > 0 && u8(d, o + n - 1) == '\n')
		n--;
	if (n > 0 && u8(d, o + n - 1) == '\r')
		n--;
	return n;
}

static size_t
find_byte(const D *d, size_t o, size_t e, unsigned c)
{
	for (; o < e; o++)
		if (u8(d, o) == c)
			return o;
	return FAIL;
}

static int
looks_like_http(const D *d, size_t o, size_t end)
{
	static const char *const starts[] = {
		"HTTP/", "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
		"CONNECT ", "PATCH ", "TRACE ",
	};
	size_t i, k;

	for (i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		size_t n = strlen(starts[i]);
		if (end - o < n)
			continue;
		for (k = 0; k < n && u8(d, o + k) == (unsigned char)starts[i][k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* The first line: "METHOD target version" or "version code reason". */
static void
dec_http_first(D *d, tw_field *par, size_t o, size_t e)
{
	char a[300], b2[300], c[300], full[600];
	size_t n = line_text(d, o, e), s1, s2;
	int response = u8(d, o) == 'H';
	tw_field *f;

	tw_d_text(d, o, n, 1, 250, full, sizeof full);
	s1 = find_byte(d, o, o + n, ' ');
	s2 = s1 == FAIL ? FAIL : find_byte(d, s1 + 1, o + n, ' ');
	f = tw_field_add(d->b, par, response ? "http.status_line" : "http.request_line",
		response ? "Status Line" : "Request Line", o, e - o, "%s", full);
	if (f == NULL || s2 == FAIL)
		return;   /* no three parts: the line stays a leaf */
	tw_d_text(d, o, s1 - o, 1, 250, a, sizeof a);
	tw_d_text(d, s1 + 1, s2 - s1 - 1, 1, 250, b2, sizeof b2);
	tw_d_text(d, s2 + 1, o + n - s2 - 1, 1, 250, c, sizeof c);
	if (response) {
		tw_field_add(d->b, f, "http.version", "Version", o, s1 + 1 - o, "%s", a);
		tw_field_add(d->b, f, "http.status_code", "Status Code", s1 + 1,
			s2 - s1, "%s", b2);
		tw_field_add(d->b, f, "http.reason", "Reason Phrase", s2 + 1, e - s2 - 1,
			"%s", c);
	} else {
		tw_field_add(d->b, f, "http.method", "Method", o, s1 + 1 - o, "%s", a);
		tw_field_add(d->b, f, "http.target", "Request Target", s1 + 1, s2 - s1,
			"%s", b2);
		tw_field_add(d->b, f, "http.version", "Version", s2 + 1, e - s2 - 1,
			"%s", c);
	}
}

/* see dissect_int.h. HTTP/1.1 (RFC 9112): first line, header lines, blank
 * line, body. */
void
tw_d_http(D *d, tw_field *par, size_t o, size_t end)
{
	char lbl[80], v[300];
	tw_field *h;
	size_t e;
	int complete, headers = 1;

	if (!looks_like_http(d, o, end)) {
		tw_field_add2(d->b, par, "tls.app_data", "Application Data", o, end - o,
			"%zu bytes: %s", "%zu 字节：%s", end - o, tw_d_text(d, o, end - o, 1, 60, v, sizeof v));
		return;
	}
	if ((h = tw_field_add(d->b, par, "http", "Hypertext Transfer Protocol", o,
		end - o, NULL)) == NULL)
		return;
	e = line_end(d, o, end, &complete);
	dec_http_first(d, h, o, e);
	if (h->nchild > 0 && h->child[0].value)
		tw_field_set_value2(d->b, h, "%s%.0s", "%.0s%s", h->child[0].value,
			tw_field_value(&h->child[0], 1));
	for (o = e; o < end && headers; o = e) {
		size_t n, colon, vs;
		e = line_end(d, o, end, &complete);
		n = line_text(d, o, e);
		if (!complete) {
			tw_field_add2(d->b, h, "http.data", "Data", o, end - o,
				"%s (the header block continues beyond this record)",
				"%s（首部块延续到这个记录之后）",
				tw_d_text(d, o, end - o, 1, 60, v, sizeof v));
			return;
		}
		if (n == 0) {
			tw_field_add2(d->b, h, "http.end_of_headers", "End of Headers", o,
				e - o, "empty line: the body follows", "空行：后面是正文");
			headers = 0;
			break;
		}
		colon = find_byte(d, o, o + n, ':');
		if (colon == FAIL || colon == o) {
			undec(d, h, o, e, "a header line without a name and a colon");
			continue;
		}
		tw_d_text(d, o, colon - o, 0, 60, lbl, sizeof lbl);
		for (vs = colon + 1; vs < o + n && (u8(d, vs) == ' ' || u8(d, vs) == '\t'); vs++)
			;
		tw_field_add(d->b, h, "http.header", lbl, o, e - o, "%s",
			tw_d_text(d, vs, o + n - vs, 1, 250, v, sizeof v));
	}
	if (!headers && e < end)
		tw_field_add2(d->b, h, "http.body", "Body", e, end - e, "%zu bytes: %s",
			"%zu 字节：%s",
			end - e, tw_d_text(d, e, end - e, 1, 80, v, sizeof v));
}
