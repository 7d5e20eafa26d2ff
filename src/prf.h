/*
 * prf.h — the TLS 1.2 PRF (RFC 5246 §5) with SHA-256 or SHA-384, keeping
 * every intermediate value so a learner can redo the computation by hand:
 *
 *   P_hash(secret, seed) = HMAC(secret, A(1) ‖ seed) ‖ HMAC(secret, A(2) ‖ seed) ‖ …
 *   A(0) = seed,  A(i) = HMAC(secret, A(i-1)),  seed = label ‖ seed_in
 *
 * Written on top of BearSSL's HMAC, not its TLS PRF, so that the values it
 * gives are an independent computation to compare with the engines.
 */
#ifndef TW_PRF_H
#define TW_PRF_H

#include <stdint.h>
#include <stddef.h>

#define TW_PRF_MAX_OUT 160       /* enough for any TLS 1.2 key block */
#define TW_PRF_MAX_BLOCKS 8      /* ceil(160 / 32) + margin; SHA-384 needs fewer */
#define TW_PRF_MAX_SEED 160

typedef struct {
	const char *label;                 /* e.g. "master secret" (static string) */
	int hash;                          /* 256 or 384 */
	size_t hlen;                       /* 32 or 48 */
	uint8_t secret[66];                 /* up to a P-521 pre-master secret */
	size_t secret_len;
	uint8_t seed[TW_PRF_MAX_SEED];     /* label ‖ seed_in, as hashed */
	size_t seed_len;
	size_t nblocks;
	uint8_t A[TW_PRF_MAX_BLOCKS][48];  /* A(1) .. A(nblocks) */
	uint8_t P[TW_PRF_MAX_BLOCKS][48];  /* HMAC(secret, A(i) ‖ seed) */
	uint8_t out[TW_PRF_MAX_OUT];
	size_t out_len;
} tw_prf_trace;

/* Compute PRF(secret, label, seed_in) truncated to out_len bytes, filling
 * *t. hash is 256 or 384. Returns -1 if a size exceeds the limits above. */
int tw_prf(tw_prf_trace *t, int hash, const uint8_t *secret, size_t secret_len,
	const char *label, const uint8_t *seed_in, size_t seed_in_len,
	size_t out_len);

#endif
