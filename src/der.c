/* der.c — see der.h. */
#include "config.h"
#include "der.h"

/* see der.h */
int
tw_der_read(const uint8_t *p, size_t o, size_t end, tw_tlv *t)
{
	size_t n, k, i;

	if (o > end || end - o < 2 || (p[o] & 0x1f) == 0x1f)
		return -1;
	t->off = o;
	t->tag = p[o];
	n = p[o + 1];
	if (n < 0x80) {
		t->hlen = 2;
	} else {
		k = n & 0x7f;
		if (k == 0 || k > 4 || end - o - 2 < k)
			return -1;
		for (n = 0, i = 0; i < k; i++)
			n = (n << 8) | p[o + 2 + i];
		t->hlen = 2 + k;
	}
	if (n > end - o - t->hlen)
		return -1;
	t->len = n;
	return 0;
}
