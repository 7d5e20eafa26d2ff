/*
 * keysched.h — the key schedule recomputed from the captured bytes and
 * checked against what the engines used.
 *
 * Inputs are the transcript (tw_wire) and its handshake index (tw_hs). The
 * only engine state read is the server's ephemeral scalar (BearSSL gives no
 * other way to see it) and, for comparison only, each engine's master secret.
 * Every value carries a verdict; a value is TW_V_OK only when an independent
 * computation agreed with it.
 */
#ifndef TW_KEYSCHED_H
#define TW_KEYSCHED_H

#include <stdint.h>
#include <stddef.h>
#include "wire.h"
#include "tlsmsg.h"
#include "prf.h"

typedef enum {
	TW_V_MISSING = 0,   /* could not be computed (input absent or unsupported) */
	TW_V_OK,            /* an independent computation agreed */
	TW_V_MISMATCH       /* computed, but disagrees: shown as an error */
} tw_verdict;

const char *tw_verdict_name(tw_verdict v);   /* "missing", "verified", "MISMATCH" */

/* One encrypted record, opened with the derived keys (AES-GCM, RFC 5288). */
typedef struct {
	int rec;                    /* record index in the wire */
	uint8_t nonce[12];          /* write IV (4) ‖ explicit nonce (8) */
	uint8_t aad[13];            /* seq (8) ‖ type ‖ version ‖ plaintext length */
	size_t explicit_off;        /* offsets within the record: explicit nonce */
	size_t ct_off, ct_len;      /* ciphertext */
	size_t tag_off;             /* 16-byte tag */
	uint8_t *plain;             /* decrypted (owned), ct_len bytes */
	size_t plain_len;
	tw_verdict tag;             /* GCM tag checked */
	tw_verdict matches_sent;    /* plaintext equals what the sending engine was given */
} tw_opened;

#define TW_MAX_OPENED 32

typedef struct {
	/* Suite facts (from the ServerHello, looked up in our own table). */
	uint16_t suite;
	int prf_hash;                 /* 256 or 384; 0 if the suite is not supported */
	size_t key_len, iv_len;       /* AES-GCM: 16 or 32, and 4 */

	/* ECDHE */
	uint8_t pms[66];              /* pre-master secret: X of scalar × client point */
	size_t pms_len;
	tw_verdict server_scalar;     /* scalar × G equals the point in ServerKeyExchange */
	tw_verdict pms_v;             /* OK once the master secret derived from it matched */

	/* master secret = PRF(pms, "master secret", client_random ‖ server_random)[0..48) */
	tw_prf_trace ms_trace;
	uint8_t ms[48];
	tw_verdict ms_client, ms_server;   /* vs each engine's report */

	/* key block = PRF(ms, "key expansion", server_random ‖ client_random) */
	tw_prf_trace kb_trace;
	uint8_t client_key[32], server_key[32];
	uint8_t client_iv[4], server_iv[4];
	tw_verdict keys_v;            /* OK when every record opened with them and tags checked */

	/* verify_data = PRF(ms, "client|server finished", Hash(handshake messages))[0..12) */
	uint8_t client_hs_hash[48], server_hs_hash[48];
	size_t hs_hash_len;
	/* Which messages each hash covers: indexes into tw_hs.msg (the plaintext
	 * handshake messages, in order). The server's hash also covers the
	 * client's Finished, which is encrypted and so not in tw_hs.msg: it is
	 * flagged by server_hs_has_client_finished. */
	int client_hs_msgs[TW_MAX_HS_MSGS], server_hs_msgs[TW_MAX_HS_MSGS];
	size_t client_hs_nmsgs, server_hs_nmsgs;
	int server_hs_has_client_finished;
	tw_prf_trace client_vd_trace, server_vd_trace;
	uint8_t client_vd[12], server_vd[12];
	tw_verdict client_vd_v, server_vd_v;   /* vs the decrypted Finished messages */

	/* Encrypted records opened. */
	tw_opened opened[TW_MAX_OPENED];
	size_t nopened;

	/* ServerKeyExchange signature: over client_random ‖ server_random ‖ params. */
	uint8_t *signed_data;          /* owned */
	size_t signed_len;
	uint8_t signed_hash[64];
	size_t signed_hash_len;
	tw_verdict ske_sig;

	/* The certificate chain as received, validated anew by BearSSL's X.509
	 * engine (not the connection's): BR_ERR_X509_OK (32) when trusted. */
	int chain_err;
	tw_verdict chain_v;
} tw_keys;

/* ECDH: the X coordinate of scalar × point on a named curve (IANA group
 * id, e.g. 23 = secp256r1), with BearSSL's EC arithmetic. Returns its
 * length, or 0 if the curve is unsupported or the point is invalid. */
size_t tw_ecdh_shared_x(int curve, const uint8_t *scalar, size_t scalar_len,
	const uint8_t *point, size_t point_len, uint8_t *out, size_t out_size);

/* Recompute everything that can be computed; never fails outright — what
 * cannot be computed stays TW_V_MISSING. creds supply the trust anchors for
 * the independent chain check, now the clock and host the name check. */
void tw_keys_compute(const tw_wire *w, const tw_hs *hs, const tw_creds *creds,
	const char *host, time_t now, tw_keys *k);

void tw_keys_free(tw_keys *k);

/* The opened record with wire index rec, or NULL. */
const tw_opened *tw_keys_opened(const tw_keys *k, int rec);

#endif
