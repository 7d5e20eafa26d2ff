/*
 * reasm.c — reassemble one direction of a captured TCP connection.
 * See reasm.h.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "reasm.h"

/* see reasm.h */
void
tw_reasm_init(tw_reasm *r, uint32_t base, size_t limit)
{
	memset(r, 0, sizeof *r);
	r->base = base;
	r->based = 1;
	r->limit = limit;
}

/* Append [p, p+n) at stream offset off >= r->len is not allowed here:
 * off <= r->len. The overlap is compared, the rest appended. */
static int
merge(tw_reasm *r, size_t off, const uint8_t *p, size_t n)
{
	size_t have = r->len - off, add;

	if (have > n)
		have = n;
	if (have > 0 && memcmp(r->data + off, p, have) != 0)
		r->conflicts++;
	if (n <= have)
		return 0;
	add = n - have;
	if (r->len + add > r->limit) {
		add = r->limit > r->len ? r->limit - r->len : 0;
		r->truncated = 1;
	}
	if (add == 0)
		return 0;
	if (r->len + add > r->cap) {
		size_t ncap = r->cap ? r->cap : 4096;
		uint8_t *nd;
		while (ncap < r->len + add)
			ncap *= 2;
		if (ncap > r->limit)
			ncap = r->limit;
		if ((nd = realloc(r->data, ncap)) == NULL)
			return -1;
		r->data = nd;
		r->cap = ncap;
	}
	memcpy(r->data + r->len, p + have, add);
	r->len += add;
	return 0;
}

/* Waiting segments that now touch the stream join it. */
static int
drain(tw_reasm *r)
{
	int moved = 1;

	while (moved) {
		size_t i;
		moved = 0;
		for (i = 0; i < r->npend; i++) {
			tw_reasm_seg *s = &r->pend[i];
			if (s->off > r->len)
				continue;
			if (s->off + s->len > r->len
				&& merge(r, s->off, s->data, s->len) < 0)
				return -1;
			r->pend_bytes -= s->len;
			free(s->data);
			r->pend[i] = r->pend[--r->npend];
			moved = 1;
			break;
		}
	}
	return 0;
}

/* see reasm.h */
int
tw_reasm_add(tw_reasm *r, uint32_t seq, const uint8_t *p, size_t n, size_t *off)
{
	uint32_t rel = seq - r->base;
	size_t o;

	*off = 0;
	if (n == 0)
		return 0;
	r->segments++;
	/* Sequence space wraps: a distance over 2^31 is a segment from
	 * before the stream's start (a keep-alive probe, say). */
	if (rel >= 0x80000000u) {
		uint32_t before = (uint32_t)0 - rel;
		if (before >= n) {
			r->retransmitted++;
			return 0;
		}
		p += before;
		n -= before;
		rel = 0;
	}
	o = rel;
	*off = o;
	if (o + n <= r->len) {
		r->retransmitted++;
		if (memcmp(r->data + o, p, n) != 0)
			r->conflicts++;
		return 0;
	}
	if (o < r->len) {
		r->overlapping++;
		if (merge(r, o, p, n) < 0)
			return -1;
		return drain(r);
	}
	if (o == r->len) {
		if (merge(r, o, p, n) < 0)
			return -1;
		return drain(r);
	}
	/* Beyond what is kept at all: not out of order, just not kept. */
	if (o >= r->limit || r->truncated) {
		r->dropped++;
		return 0;
	}
	/* Beyond the end: keep it for later, within bounds. */
	r->out_of_order++;
	if (r->npend == TW_REASM_MAX_PENDING || r->pend_bytes + n > r->limit) {
		r->dropped++;
		return 0;
	}
	{
		tw_reasm_seg *s = &r->pend[r->npend];
		if ((s->data = malloc(n)) == NULL)
			return -1;
		memcpy(s->data, p, n);
		s->off = o;
		s->len = n;
		r->npend++;
		r->pend_bytes += n;
	}
	return 0;
}

/* see reasm.h */
size_t
tw_reasm_gap(const tw_reasm *r)
{
	size_t i, first = (size_t)-1;

	for (i = 0; i < r->npend; i++)
		if (r->pend[i].off < first)
			first = r->pend[i].off;
	return first == (size_t)-1 ? 0 : first - r->len;
}

/* see reasm.h */
uint8_t *
tw_reasm_take(tw_reasm *r, size_t *len)
{
	uint8_t *d = r->data;

	*len = r->len;
	r->data = NULL;
	r->len = r->cap = 0;
	tw_reasm_free(r);
	return d;
}

/* see reasm.h */
void
tw_reasm_free(tw_reasm *r)
{
	size_t i;

	for (i = 0; i < r->npend; i++)
		free(r->pend[i].data);
	r->npend = 0;
	r->pend_bytes = 0;
	free(r->data);
	r->data = NULL;
	r->len = r->cap = 0;
}
