/*
 * crypto.c — the primitives the key schedule recomputes with, each a thin
 * wrapper over BearSSL that checks every length before BearSSL sees it
 * (BearSSL trusts its caller; our callers hand us bytes from the wire, a
 * key log or a learner's capture). See crypto.h.
 */
#include "config.h"
#include <string.h>
#include <bearssl.h>
#include "crypto.h"

/* Hash ids of crypto.h, as a table: one row per hash, no switch elsewhere. */
static const struct {
	int id;
	const br_hash_class *vt;
	size_t len;
} hashes[] = {
	{ 1, &br_sha1_vtable, 20 },
	{ 224, &br_sha224_vtable, 28 },
	{ 256, &br_sha256_vtable, 32 },
	{ 384, &br_sha384_vtable, 48 },
	{ 512, &br_sha512_vtable, 64 },
};

static const br_hash_class *
hash_class(int hash, size_t *len)
{
	size_t i;

	for (i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
		if (hashes[i].id == hash) {
			if (len)
				*len = hashes[i].len;
			return hashes[i].vt;
		}
	}
	return NULL;
}

/* Key schedules and intermediate secrets are cleared before the stack
 * frame is reused; the volatile pointer keeps the compiler from dropping
 * a store it thinks nobody reads. */
static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

/* Constant-time equality of two tags: the time taken does not depend on
 * where the first differing byte is. Returns 1 when equal. */
static int
ct_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint32_t z = 0;
	size_t i;

	for (i = 0; i < n; i++)
		z |= (uint32_t)(a[i] ^ b[i]);
	return (int)(((z - 1) >> 31) & 1);
}

/* The parts of a hash or HMAC input must be readable; an empty part may
 * be NULL. */
static int
parts_ok(const uint8_t *const *parts, const size_t *lens, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	if (parts == NULL || lens == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (lens[i] != 0 && parts[i] == NULL)
			return 0;
	return 1;
}

/* see crypto.h */
size_t
tw_hash_len(int hash)
{
	size_t len = 0;

	hash_class(hash, &len);
	return len;
}

/* see crypto.h */
size_t
tw_hash(int hash, const uint8_t *const *parts, const size_t *lens,
	size_t n, uint8_t *out)
{
	br_hash_compat_context ctx;
	const br_hash_class *vt;
	size_t len, i;

	vt = hash_class(hash, &len);
	if (vt == NULL || out == NULL || !parts_ok(parts, lens, n))
		return 0;
	vt->init(&ctx.vtable);
	for (i = 0; i < n; i++)
		if (lens[i] != 0)
			vt->update(&ctx.vtable, parts[i], lens[i]);
	vt->out(&ctx.vtable, out);
	return len;
}

/* see crypto.h */
size_t
tw_hmac(int hash, const uint8_t *key, size_t key_len,
	const uint8_t *const *parts, const size_t *lens, size_t n, uint8_t *out)
{
	br_hmac_key_context kc;
	br_hmac_context hc;
	const br_hash_class *vt;
	size_t len, i;

	vt = hash_class(hash, &len);
	if (vt == NULL || out == NULL || (key == NULL && key_len != 0)
		|| !parts_ok(parts, lens, n))
		return 0;
	br_hmac_key_init(&kc, vt, key_len ? key : (const uint8_t *)"", key_len);
	br_hmac_init(&hc, &kc, 0);
	for (i = 0; i < n; i++)
		if (lens[i] != 0)
			br_hmac_update(&hc, parts[i], lens[i]);
	len = br_hmac_out(&hc, out);
	wipe(&kc, sizeof kc);
	wipe(&hc, sizeof hc);
	return len;
}

/* ---- elliptic curves ---- */

#define CURVE_X25519 29   /* BR_EC_curve25519 */
#define MAX_POINT 133     /* 04 ‖ X ‖ Y on P-521 */
#define MAX_SCALAR 66     /* the P-521 order is 66 bytes */

static const br_ec_impl *
curve_impl(int curve)
{
	const br_ec_impl *ec = br_ec_get_default();

	if (curve < 1 || curve > 31 || !((ec->supported_curves >> curve) & 1))
		return NULL;
	return ec;
}

/* a < b for two big-endian numbers of the same length, with no branch on
 * their values (the scalar is a private key). */
static int
be_less(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint32_t lt = 0, eq = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		uint32_t x = a[i], y = b[i];

		lt |= eq & ((x - y) >> 31);
		eq &= ((x ^ y) - 1) >> 31;
	}
	return (int)lt;
}

/* Bring a NIST-curve scalar to BearSSL's terms: big-endian, as long as
 * the group order, 0 < k < order. BearSSL's mul leaves the result
 * "indeterminate" for other values rather than failing, so it is checked
 * here. Returns the length written to k, 0 when the scalar is out of range. */
static size_t
nist_scalar(const br_ec_impl *ec, int curve, const uint8_t *scalar,
	size_t scalar_len, uint8_t k[MAX_SCALAR])
{
	const unsigned char *order;
	size_t olen, i;
	uint32_t nz = 0;

	order = ec->order(curve, &olen);
	if (olen > MAX_SCALAR || scalar == NULL || scalar_len == 0)
		return 0;
	/* Leading zero bytes beyond the order length are allowed. */
	while (scalar_len > olen) {
		if (*scalar != 0)
			return 0;
		scalar++;
		scalar_len--;
	}
	memset(k, 0, olen - scalar_len);
	memcpy(k + olen - scalar_len, scalar, scalar_len);
	for (i = 0; i < olen; i++)
		nz |= k[i];
	if (nz == 0 || !be_less(k, order, olen)) {
		wipe(k, olen);
		return 0;
	}
	return olen;
}

/* RFC 7748 encodes an X25519 scalar as 32 little-endian bytes, and that
 * is what BearSSL 0.6's curve25519 mul takes (it clamps them as RFC 7748
 * §5 says). Copies of BearSSL's source that read the multiplier
 * big-endian exist, so the RFC 7748 vectors in check_crypto.c hold the
 * installed library to this. Only the full 32 bytes are accepted. */
static int
x25519_scalar(const uint8_t *scalar, size_t scalar_len, uint8_t k[32])
{
	if (scalar == NULL || scalar_len != 32)
		return 0;
	memcpy(k, scalar, 32);
	return 1;
}

/* see crypto.h */
size_t
tw_ecdh(int curve, const uint8_t *scalar, size_t scalar_len,
	const uint8_t *point, size_t point_len, uint8_t *out, size_t out_size)
{
	const br_ec_impl *ec = curve_impl(curve);
	uint8_t G[MAX_POINT], k[MAX_SCALAR];
	size_t klen, xoff, xlen, glen;

	if (ec == NULL || point == NULL || out == NULL)
		return 0;
	if (curve == CURVE_X25519) {
		if (point_len != 32 || !x25519_scalar(scalar, scalar_len, k))
			return 0;
		klen = 32;
	} else {
		/* The peer's point must be as long as the generator:
		 * uncompressed, 04 ‖ X ‖ Y (BearSSL checks the 04 and that
		 * the point is on the curve). */
		ec->generator(curve, &glen);
		if (point_len != glen)
			return 0;
		klen = nist_scalar(ec, curve, scalar, scalar_len, k);
		if (klen == 0)
			return 0;
	}
	xoff = ec->xoff(curve, &xlen);
	if (xlen > out_size) {
		wipe(k, klen);
		return 0;
	}
	memcpy(G, point, point_len);
	if (!ec->mul(G, point_len, k, klen, curve)) {
		wipe(k, klen);
		wipe(G, point_len);
		return 0;
	}
	memcpy(out, G + xoff, xlen);
	wipe(k, klen);
	wipe(G, point_len);
	return xlen;
}

/* see crypto.h */
size_t
tw_ec_public(int curve, const uint8_t *scalar, size_t scalar_len,
	uint8_t *out, size_t out_size)
{
	const br_ec_impl *ec = curve_impl(curve);
	uint8_t R[MAX_POINT], k[MAX_SCALAR];
	size_t klen, glen, n;

	if (ec == NULL || out == NULL)
		return 0;
	ec->generator(curve, &glen);
	if (glen > out_size || glen > sizeof R)
		return 0;
	if (curve == CURVE_X25519) {
		if (!x25519_scalar(scalar, scalar_len, k))
			return 0;
		klen = 32;
	} else {
		klen = nist_scalar(ec, curve, scalar, scalar_len, k);
		if (klen == 0)
			return 0;
	}
	n = ec->mulgen(R, k, klen, curve);
	wipe(k, klen);
	if (n != glen)
		return 0;
	memcpy(out, R, n);
	return n;
}

/* ---- AEAD and CBC ---- */

/* BearSSL's AEAD code may read an AAD pointer even for zero bytes. */
static const uint8_t empty[1];

/* see crypto.h */
int
tw_gcm_open(const uint8_t *key, size_t key_len, const uint8_t nonce[12],
	const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	const uint8_t tag[16])
{
	br_aes_ct_ctr_keys ac;
	br_gcm_context gc;
	uint32_t ok;

	/* A wrong size is a failed open (0), never a success: callers
	 * test the result as a boolean. */
	if ((key_len != 16 && key_len != 32) || key == NULL || nonce == NULL
		|| tag == NULL || (aad == NULL && aad_len) || (buf == NULL && len))
		return 0;
	br_aes_ct_ctr_init(&ac, key, key_len);
	br_gcm_init(&gc, &ac.vtable, br_ghash_ctmul);
	br_gcm_reset(&gc, nonce, 12);
	br_gcm_aad_inject(&gc, aad_len ? aad : empty, aad_len);
	br_gcm_flip(&gc);
	if (len)
		br_gcm_run(&gc, 0, buf, len);
	/* br_gcm_check_tag compares in constant time. */
	ok = br_gcm_check_tag(&gc, tag);
	wipe(&ac, sizeof ac);
	wipe(&gc, sizeof gc);
	return ok ? 1 : 0;
}

/* see crypto.h */
int
tw_chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12],
	const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	const uint8_t tag[16])
{
	uint8_t calc[16];
	int ok;

	if (key == NULL || nonce == NULL || tag == NULL
		|| (aad == NULL && aad_len) || (buf == NULL && len))
		return 0;
	/* Decrypting (encrypt = 0) computes the tag over the ciphertext
	 * first, then decrypts in place. */
	br_poly1305_ctmul_run(key, nonce, len ? buf : (uint8_t *)calc, len,
		aad_len ? aad : empty, aad_len, calc, br_chacha20_ct_run, 0);
	ok = ct_equal(calc, tag, 16);
	wipe(calc, sizeof calc);
	return ok;
}

/* see crypto.h */
int
tw_ccm_open(const uint8_t *key, size_t key_len, const uint8_t nonce[12],
	const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	const uint8_t *tag, size_t tag_len)
{
	br_aes_ct_ctrcbc_keys ac;
	br_ccm_context cc;
	uint32_t ok = 0;

	if ((key_len != 16 && key_len != 32) || (tag_len != 16 && tag_len != 8)
		|| key == NULL || nonce == NULL || tag == NULL
		|| (aad == NULL && aad_len) || (buf == NULL && len))
		return 0;
	br_aes_ct_ctrcbc_init(&ac, key, key_len);
	br_ccm_init(&cc, &ac.vtable);
	if (br_ccm_reset(&cc, nonce, 12, aad_len, len, tag_len)) {
		if (aad_len)
			br_ccm_aad_inject(&cc, aad, aad_len);
		br_ccm_flip(&cc);
		if (len)
			br_ccm_run(&cc, 0, buf, len);
		/* br_ccm_check_tag compares in constant time. */
		ok = br_ccm_check_tag(&cc, tag);
	}
	wipe(&ac, sizeof ac);
	wipe(&cc, sizeof cc);
	return ok ? 1 : 0;
}

/* see crypto.h */
int
tw_aes_cbc_decrypt(const uint8_t *key, size_t key_len, const uint8_t iv[16],
	uint8_t *buf, size_t len)
{
	br_aes_ct_cbcdec_keys dc;
	uint8_t ivc[16];

	if ((key_len != 16 && key_len != 32) || len % 16 != 0 || key == NULL
		|| iv == NULL || (buf == NULL && len))
		return -1;
	if (len == 0)
		return 0;
	/* BearSSL advances the IV in place; the caller's stays as given. */
	memcpy(ivc, iv, 16);
	br_aes_ct_cbcdec_init(&dc, key, key_len);
	br_aes_ct_cbcdec_run(&dc, ivc, buf, len);
	wipe(&dc, sizeof dc);
	return 0;
}

/* ---- signatures ---- */

/* see crypto.h */
int
tw_ecdsa_verify(int curve, const uint8_t *pub, size_t pub_len,
	const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len,
	uint8_t *r_out, uint8_t *s_out, size_t *rs_len)
{
	const br_ec_impl *ec = curve_impl(curve);
	br_ec_public_key pk;
	uint8_t raw[256];
	size_t glen, clen, n, half;

	if (ec == NULL || curve == CURVE_X25519 || pub == NULL || hash == NULL
		|| sig == NULL)
		return -1;
	ec->generator(curve, &glen);
	clen = (glen - 1) / 2;
	if (pub_len != glen || pub[0] != 0x04 || hash_len == 0
		|| hash_len > 64 || sig_len > sizeof raw)
		return -1;
	/* br_ecdsa_asn1_to_raw parses SEQUENCE { INTEGER r, INTEGER s } and
	 * strips the sign bytes; each half then is at most the curve size. */
	memcpy(raw, sig, sig_len);
	n = br_ecdsa_asn1_to_raw(raw, sig_len);
	if (n == 0 || n / 2 > clen)
		return -1;
	half = n / 2;
	if (rs_len != NULL)
		*rs_len = clen;
	if (r_out != NULL) {
		memset(r_out, 0, clen - half);
		memcpy(r_out + clen - half, raw, half);
	}
	if (s_out != NULL) {
		memset(s_out, 0, clen - half);
		memcpy(s_out + clen - half, raw + half, half);
	}
	pk.curve = curve;
	pk.q = (unsigned char *)pub;
	pk.qlen = pub_len;
	return br_ecdsa_vrfy_asn1_get_default()(ec, hash, hash_len, &pk,
		sig, sig_len) ? 1 : 0;
}

/* see crypto.h */
int
tw_rsa_public(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
	const uint8_t *s, size_t s_len, uint8_t *out)
{
	br_rsa_public_key pk;
	uint8_t x[512];   /* BearSSL's RSA code stops at 4096 bits */
	size_t nz, m;

	if (n == NULL || e == NULL || out == NULL || (s == NULL && s_len))
		return 0;
	/* BearSSL wants the operand exactly as long as the modulus without
	 * its leading zeros; a DER INTEGER often carries one. */
	for (nz = 0; nz < n_len && n[nz] == 0; nz++)
		;
	m = n_len - nz;
	if (m == 0 || m > sizeof x || e_len == 0 || e_len > m)
		return 0;
	while (s_len > m && *s == 0) {
		s++;
		s_len--;
	}
	if (s_len > m)
		return 0;
	memset(x, 0, m - s_len);
	if (s_len)
		memcpy(x + m - s_len, s, s_len);
	pk.n = (unsigned char *)(n + nz);
	pk.nlen = m;
	pk.e = (unsigned char *)e;
	pk.elen = e_len;
	/* Fails when s >= n or n is even. */
	if (!br_rsa_public_get_default()(x, m, &pk))
		return 0;
	memset(out, 0, nz);
	memcpy(out + nz, x, m);
	return 1;
}
