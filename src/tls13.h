/*
 * tls13.h — a captured TLS 1.3 connection opened with its key log.
 *
 * TLS 1.3 (RFC 8446) encrypts everything after the ServerHello. A key log
 * gives the four traffic secrets (CLIENT_/SERVER_HANDSHAKE_TRAFFIC_SECRET,
 * CLIENT_/SERVER_TRAFFIC_SECRET_0); from each, HKDF-Expand-Label (§7.1)
 * derives the write key and IV (§7.3), and from the handshake secrets the
 * finished keys (§4.4.4). Every record is opened with nonce = IV XOR the
 * record sequence number (§5.3), its inner content type read after the
 * zero padding (§5.4); the handshake messages inside are the transcript,
 * and both Finished (HMAC(finished_key, Transcript-Hash)) and the server's
 * CertificateVerify (§4.4.3: RSA-PSS or ECDSA over 64 spaces, a context
 * string and the transcript hash) are checked against it. The handshake
 * and master secrets come from the (EC)DHE shared secret, which needs a
 * private key the capture does not hold: they stay missing.
 *
 * Inputs: the transcript (records), and the secrets the capture source put
 * into tw_tls13 before tw_tls13_compute. Nothing here reads the engines.
 */
#ifndef TW_TLS13_H
#define TW_TLS13_H

#include <stdint.h>
#include <stddef.h>
#include <time.h>
#include "wire.h"
#include "suite.h"
#include "creds.h"

/* The four traffic secrets, in key log order. */
enum {
	TW_T13_C_HS = 0, TW_T13_S_HS = 1, TW_T13_C_AP = 2, TW_T13_S_AP = 3, TW_T13_NSECRETS = 4
};

typedef struct {
	int rec;                 /* index in tw_wire.rec */
	int secret;              /* TW_T13_* whose keys opened it, -1 if none */
	uint64_t seq;            /* sequence number under that key */
	uint8_t nonce[12];       /* IV XOR seq */
	tw_verdict tag;
	uint8_t inner_type;      /* the real content type, after the padding */
	size_t pad_len;          /* zero bytes of padding */
	uint8_t *plain;          /* content without type and padding (owned) */
	size_t plain_len;
} tw_t13_rec;

typedef struct {
	tw_dir dir;
	uint8_t type;            /* handshake type */
	int rec;                 /* record holding its header */
	int encrypted;
	const uint8_t *bytes;    /* the whole message (into tw_tls13.hsbuf) */
	size_t len;
} tw_t13_msg;

#define TW_T13_MAX_MSGS 24

typedef struct {
	int present;             /* the connection negotiated TLS 1.3 */
	uint16_t suite;
	int hash;                /* 256 or 384 */
	size_t hlen, key_len;
	int chacha;              /* ChaCha20-Poly1305, else AES-GCM */

	/* Inputs from the key log (set by the source before compute). */
	uint8_t secret[TW_T13_NSECRETS][48];
	int have[TW_T13_NSECRETS];

	/* HKDF-Expand-Label(secret, "key" | "iv", "", len), and for the two
	 * handshake secrets HKDF-Expand-Label(secret, "finished", "", hlen). */
	uint8_t key[TW_T13_NSECRETS][32], iv[TW_T13_NSECRETS][12];
	uint8_t finished_key[2][48];
	uint8_t label_key[64], label_iv[64], label_fin[64];   /* the HkdfLabel bytes hashed in */
	size_t label_key_len, label_iv_len, label_fin_len;

	tw_t13_rec rec[TW_WIRE_MAX_RECORDS];
	size_t nrec;
	tw_t13_msg msg[TW_T13_MAX_MSGS];   /* handshake messages, in transcript order */
	size_t nmsg;
	uint8_t *hsbuf[2];                  /* each side's handshake bytes (owned) */
	size_t hsbuf_len[2];

	/* Finished: HMAC(finished_key, Transcript-Hash(messages before it)). */
	uint8_t server_hash[48], client_hash[48], server_vd[48], client_vd[48];
	tw_verdict server_fin_v, client_fin_v;
	tw_verdict records_v;    /* every record opened and its tag checked */

	/* The server's CertificateVerify over the transcript up to Certificate. */
	uint16_t cv_sig_alg;
	uint8_t cv_hash[48];     /* Transcript-Hash(CH .. Certificate) */
	tw_verdict cv_v;
	const uint8_t *leaf;     /* the server's certificate, from the decrypted Certificate */
	size_t leaf_len;
	const uint8_t *chain[TW_MAX_CHAIN];
	size_t chain_len[TW_MAX_CHAIN], nchain;
	int chain_err;
	tw_verdict chain_v;
} tw_tls13;

/* Open and check everything the secrets allow. Never fails outright:
 * what cannot be computed stays TW_V_MISSING. */
void tw_tls13_compute(const tw_wire *w, const tw_creds *creds, const char *host,
	time_t now, tw_tls13 *t);

/* The IANA name of a TLS 1.3 suite (0x1301..0x1305), or NULL. */
const char *tw_tls13_suite_name(uint16_t suite);

/* The decrypted record with wire index rec, or NULL. */
const tw_t13_rec *tw_tls13_rec(const tw_tls13 *t, int rec);

void tw_tls13_free(tw_tls13 *t);

/* HKDF-Expand-Label (RFC 8446 §7.1) with hash id 256 or 384; label
 * without the "tls13 " prefix. Writes the HkdfLabel structure to
 * info_out (when not NULL, 64 bytes of room) and its length to *info_len.
 * Returns 0, or -1 on bad sizes. */
int tw_hkdf_expand_label(int hash, const uint8_t *secret, size_t secret_len,
	const char *label, const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t len,
	uint8_t *info_out, size_t *info_len);

#endif
