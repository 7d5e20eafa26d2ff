/*
 * pss.c — RSASSA-PSS verification. See pss.h.
 */
#include "config.h"
#include <string.h>
#include "pss.h"
#include "crypto.h"

/* MGF1 (RFC 8017 §B.2.1): mask = Hash(seed ‖ 0) ‖ Hash(seed ‖ 1) ‖ …, XORed
 * into out[0..len). */
static int
mgf1_xor(int hash, const uint8_t *seed, size_t seed_len, uint8_t *out, size_t len)
{
	uint8_t c[4], h[64];
	const uint8_t *parts[2];
	size_t lens[2], done = 0, i, hl;
	uint32_t counter = 0;

	while (done < len) {
		c[0] = (uint8_t)(counter >> 24);
		c[1] = (uint8_t)(counter >> 16);
		c[2] = (uint8_t)(counter >> 8);
		c[3] = (uint8_t)counter;
		parts[0] = seed;
		lens[0] = seed_len;
		parts[1] = c;
		lens[1] = 4;
		if ((hl = tw_hash(hash, parts, lens, 2, h)) == 0)
			return -1;
		for (i = 0; i < hl && done < len; i++)
			out[done++] ^= h[i];
		counter++;
	}
	return 0;
}

/* see pss.h */
int
tw_rsa_pss_verify(const br_rsa_public_key *pk, int hash,
	const uint8_t *mhash, size_t mhash_len, const uint8_t *sig, size_t sig_len)
{
	uint8_t x[512], mp[8 + 64 + 512], h2[64];
	const uint8_t *parts[1];
	size_t lens[1], k, mod_bits, em_bits, em_len, hl, db_len, i, salt_len;
	uint8_t *em, *db, *hh;
	unsigned top;

	hl = tw_hash_len(hash);
	if (hl == 0 || hl != mhash_len || pk->nlen == 0)
		return 0;
	/* The modulus length in bits (n is big-endian, maybe with leading zeros). */
	for (i = 0; i < pk->nlen && pk->n[i] == 0; i++)
		;
	if (i == pk->nlen)
		return 0;
	k = pk->nlen - i;
	mod_bits = k * 8;
	for (top = pk->n[i]; !(top & 0x80); top <<= 1)
		mod_bits--;
	if (sig_len != k || k > sizeof x)
		return 0;
	memcpy(x, sig, k);
	/* RSAVP1: s^e mod n, in place. */
	if (!br_rsa_public_get_default()(x, k, pk))
		return 0;
	em_bits = mod_bits - 1;
	em_len = (em_bits + 7) / 8;
	if (em_len < k && x[0] != 0)
		return 0;
	em = x + (k - em_len);
	if (em_len < hl + 2 || em[em_len - 1] != 0xbc)
		return 0;
	db_len = em_len - hl - 1;
	db = em;
	hh = em + db_len;
	/* The bits above emBits in the first byte must be zero. */
	top = 8 * (unsigned)em_len - (unsigned)em_bits;
	if (top && (db[0] >> (8 - top)) != 0)
		return 0;
	if (mgf1_xor(hash, hh, hl, db, db_len) < 0)
		return 0;
	if (top)
		db[0] &= (uint8_t)(0xff >> top);
	/* DB = PS (zeros) ‖ 0x01 ‖ salt. */
	for (i = 0; i < db_len && db[i] == 0; i++)
		;
	if (i == db_len || db[i] != 1)
		return 0;
	salt_len = db_len - i - 1;
	if (8 + hl + salt_len > sizeof mp)
		return 0;
	/* H' = Hash(0x00 × 8 ‖ mHash ‖ salt). */
	memset(mp, 0, 8);
	memcpy(mp + 8, mhash, hl);
	memcpy(mp + 8 + hl, db + i + 1, salt_len);
	parts[0] = mp;
	lens[0] = 8 + hl + salt_len;
	if (tw_hash(hash, parts, lens, 1, h2) != hl)
		return 0;
	return memcmp(h2, hh, hl) == 0;
}
