/*
 * crypto.h — the cryptographic primitives the key schedule recomputes with,
 * each a thin, bounds-checked wrapper over BearSSL, kept in one place so the
 * key schedule reads as protocol and each primitive has its own known-answer
 * test (tests/check_crypto.c, vectors from RFCs and published sources).
 *
 * Hash ids used throughout: 1 = SHA-1, 224, 256, 384, 512 = SHA-2.
 * Curve ids are IANA TLS group ids: 23 secp256r1, 24 secp384r1,
 * 25 secp521r1, 29 x25519 (BearSSL's BR_EC_* constants have the same values).
 */
#ifndef TW_CRYPTO_H
#define TW_CRYPTO_H

#include <stdint.h>
#include <stddef.h>

/* Output length of a hash id, 0 if unknown. */
size_t tw_hash_len(int hash);

/* Hash the concatenation of n (pointer, length) parts. Returns the length
 * written to out (at least 64 bytes of room), 0 for an unknown hash id. */
size_t tw_hash(int hash, const uint8_t *const *parts, const size_t *lens,
	size_t n, uint8_t *out);

/* HMAC over the concatenation of n parts (RFC 2104). Returns the length
 * written to out (at least 64 bytes of room), 0 for an unknown hash id. */
size_t tw_hmac(int hash, const uint8_t *key, size_t key_len,
	const uint8_t *const *parts, const size_t *lens, size_t n, uint8_t *out);

/* ECDH on a named group: for the NIST curves the X coordinate of
 * scalar × point (point uncompressed, 04 ‖ X ‖ Y); for x25519 the whole
 * 32-byte little-endian u-coordinate output of RFC 7748 X25519(scalar, u).
 * Returns the length written, 0 when the group is unsupported, a length is
 * wrong or the point is invalid. */
size_t tw_ecdh(int curve, const uint8_t *scalar, size_t scalar_len,
	const uint8_t *point, size_t point_len, uint8_t *out, size_t out_size);

/* The public value for a private scalar: scalar × G (uncompressed point;
 * x25519: X25519(scalar, 9)). Returns its length, 0 on error. */
size_t tw_ec_public(int curve, const uint8_t *scalar, size_t scalar_len,
	uint8_t *out, size_t out_size);

/* AEAD opens, in place: buf holds len bytes of ciphertext and becomes the
 * plaintext. Return 1 when the tag checks, 0 when it does not (buf is then
 * still decrypted, so a learner can see what a wrong key produces).
 *   GCM (RFC 5116/5288): key 16 or 32 bytes, 12-byte nonce, 16-byte tag.
 *   ChaCha20-Poly1305 (RFC 8439 §2.8): 32-byte key, 12-byte nonce, 16-byte tag.
 *   CCM (RFC 3610/6655): key 16 or 32, 12-byte nonce, tag 16 or 8 bytes. */
int tw_gcm_open(const uint8_t *key, size_t key_len, const uint8_t nonce[12],
	const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	const uint8_t tag[16]);
int tw_chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12],
	const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	const uint8_t tag[16]);
int tw_ccm_open(const uint8_t *key, size_t key_len, const uint8_t nonce[12],
	const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	const uint8_t *tag, size_t tag_len);

/* AES-CBC decryption in place (len a multiple of 16), key 16 or 32 bytes.
 * Returns 0, or -1 when len or key_len is wrong. */
int tw_aes_cbc_decrypt(const uint8_t *key, size_t key_len, const uint8_t iv[16],
	uint8_t *buf, size_t len);

/* ECDSA verification (FIPS 186-4) of an ASN.1 DER signature over a hash,
 * with an uncompressed public point on curve 23, 24 or 25. r and s are
 * returned (big-endian, left-padded to the curve size) when r_out / s_out
 * are not NULL and the DER parses; *rs_len gets that size.
 * Returns 1 valid, 0 invalid, -1 when the inputs cannot be parsed. */
int tw_ecdsa_verify(int curve, const uint8_t *pub, size_t pub_len,
	const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len,
	uint8_t *r_out, uint8_t *s_out, size_t *rs_len);

/* The raw RSA public operation s^e mod n (big-endian, out is n_len bytes):
 * what a learner checks an RSA PKCS#1 v1.5 signature with, before looking
 * at the padded block. Returns 1, or 0 when s >= n or sizes are wrong. */
int tw_rsa_public(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
	const uint8_t *s, size_t s_len, uint8_t *out);

#endif
