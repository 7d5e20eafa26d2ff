/*
 * prf.c — the TLS 1.2 PRF with its intermediate values kept. See prf.h.
 */
#include "config.h"
#include <string.h>
#include <bearssl.h>
#include "prf.h"

static void
hmac(const br_hash_class *dig, const uint8_t *key, size_t klen,
	const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t *out)
{
	br_hmac_key_context kc;
	br_hmac_context hc;

	br_hmac_key_init(&kc, dig, key, klen);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, a, alen);
	if (blen)
		br_hmac_update(&hc, b, blen);
	br_hmac_out(&hc, out);
}

/* see prf.h */
int
tw_prf(tw_prf_trace *t, int hash, const uint8_t *secret, size_t secret_len,
	const char *label, const uint8_t *seed_in, size_t seed_in_len,
	size_t out_len)
{
	const br_hash_class *dig;
	size_t llen = strlen(label), i, done;

	memset(t, 0, sizeof *t);
	if (hash == 256) {
		dig = &br_sha256_vtable;
		t->hlen = 32;
	} else if (hash == 384) {
		dig = &br_sha384_vtable;
		t->hlen = 48;
	} else {
		return -1;
	}
	if (secret_len > sizeof t->secret || llen + seed_in_len > sizeof t->seed
		|| out_len > sizeof t->out
		|| (out_len + t->hlen - 1) / t->hlen > TW_PRF_MAX_BLOCKS)
		return -1;
	t->label = label;
	t->hash = hash;
	memcpy(t->secret, secret, secret_len);
	t->secret_len = secret_len;
	memcpy(t->seed, label, llen);
	memcpy(t->seed + llen, seed_in, seed_in_len);
	t->seed_len = llen + seed_in_len;
	t->out_len = out_len;
	t->nblocks = (out_len + t->hlen - 1) / t->hlen;
	for (i = 0, done = 0; i < t->nblocks; i++) {
		size_t n;
		/* A(i) = HMAC(secret, A(i-1)), A(0) = seed */
		if (i == 0)
			hmac(dig, secret, secret_len, t->seed, t->seed_len, NULL, 0, t->A[0]);
		else
			hmac(dig, secret, secret_len, t->A[i - 1], t->hlen, NULL, 0, t->A[i]);
		hmac(dig, secret, secret_len, t->A[i], t->hlen, t->seed, t->seed_len, t->P[i]);
		n = out_len - done < t->hlen ? out_len - done : t->hlen;
		memcpy(t->out + done, t->P[i], n);
		done += n;
	}
	return 0;
}
