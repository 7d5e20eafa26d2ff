/*
 * keysched.h — the key schedule recomputed from the captured bytes and
 * checked against what the engines used.
 *
 * Inputs are the transcript (tw_wire) and its handshake index (tw_hs), and
 * the engine facts the wire recorded: an ephemeral scalar (ECDHE) or the
 * server's private key (RSA key exchange) to compute the pre-master secret
 * from, and, for comparison only, what each engine computed itself. What
 * an input is missing for stays TW_V_MISSING; what suite.h cannot walk too.
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
#include "suite.h"
#include "creds.h"
#include "certsig.h"

#define TW_MAX_OPENED 32

typedef struct {
	/* Suite facts, from the ServerHello, looked up in the suite table. */
	uint16_t suite_id;
	const tw_suite *suite;        /* NULL: not a suite tlswalk can walk */
	int prf_hash;                 /* 256 or 384; 0 if the suite is not supported */

	/* Key exchange. ECDHE: pms = ECDH(server scalar, client point), and
	 * each engine's scalar × G is checked against the point it sent.
	 * RSA: the ClientKeyExchange opened with the server's private key. */
	tw_kx kx;
	int curve;                    /* ECDHE group (IANA id) */
	uint8_t pms[66];              /* pre-master secret */
	size_t pms_len;
	tw_verdict server_scalar;     /* server scalar × G equals the point in ServerKeyExchange */
	tw_verdict client_scalar;     /* client scalar × G equals the point in ClientKeyExchange */
	tw_verdict pms_engines;       /* equals what both engines computed (their own shared secret / RSA result) */
	tw_verdict pms_v;             /* OK once the master secret derived from it matched both engines too */
	/* ECDHE seen from each side, each with the scalar only it holds: the
	 * server's x(s × C), the client's x(c × S) (x25519: X25519(s, C) and
	 * X25519(c, S)); length 0 where that side's scalar was not recorded
	 * (a real peer's). pms_sides is OK when both were computed and agree. */
	uint8_t pms_server_side[66], pms_client_side[66];
	size_t pms_server_side_len, pms_client_side_len;
	tw_verdict pms_sides;
	uint8_t rsa_block[512];       /* RSA: the decrypted PKCS#1 v1.5 block 00 02 PS 00 pms */
	size_t rsa_block_len;
	size_t rsa_pad_len;           /* length of PS, the random non-zero padding */
	tw_verdict rsa_block_v;       /* equals the block the client engine encrypted */

	/* master secret = PRF(pms, "master secret", client_random ‖ server_random)[0..48) */
	tw_prf_trace ms_trace;
	uint8_t ms[48];
	int ms_derived;               /* computed here from the pre-master secret (else: given by a key log) */
	tw_verdict ms_client, ms_server;   /* vs each engine's report */

	/* key block = PRF(ms, "key expansion", server_random ‖ client_random),
	 * cut as the suite says: MAC keys, write keys, fixed IVs. */
	tw_prf_trace kb_trace;
	tw_dir_keys dk[2];            /* [TW_C2S] client write, [TW_S2C] server write */
	tw_verdict keys_v;            /* OK when every record opened with them and its tag / MAC checked */

	/* verify_data = PRF(ms, "client|server finished", Hash(handshake messages))[0..12) */
	uint8_t client_hs_hash[48], server_hs_hash[48];
	size_t hs_hash_len;
	/* Which messages each hash covers: indexes into tw_hs.msg (the plaintext
	 * handshake messages, in order). The server's hash also covers the
	 * client's Finished, which is encrypted and so not in tw_hs.msg: it is
	 * flagged by server_hs_has_client_finished. In an abbreviated
	 * (resumed) handshake the server's Finished comes first, and the
	 * client's hash covers it instead: client_hs_has_server_finished. */
	int client_hs_msgs[TW_MAX_HS_MSGS], server_hs_msgs[TW_MAX_HS_MSGS];
	size_t client_hs_nmsgs, server_hs_nmsgs;
	int server_hs_has_client_finished;
	int client_hs_has_server_finished;   /* a resumed session: the server's Finished came first */
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
	uint8_t ecdsa_r[66], ecdsa_s[66];  /* ECDSA: the signature's (r, s) */
	size_t ecdsa_rs_len;
	tw_verdict ske_sig;
	/* RSA PKCS#1 v1.5: the signature opened by our own sig^e mod n
	 * (len 0 when the scheme is another). */
	tw_pkcs1_open ske_open;
	/* Each certificate link of the server's chain, opened and checked
	 * with the issuer's key by our own arithmetic. */
	tw_cert_link links[TW_MAX_CHAIN];
	size_t nlinks;

	/* Mutual TLS: CertificateVerify, a signature over the hash of every
	 * handshake message before it, with the client certificate's key. */
	uint8_t cv_hash[64];
	size_t cv_hash_len;
	tw_verdict cv_sig;

	/* The certificate chain as received, validated anew by BearSSL's X.509
	 * engine (not the connection's): BR_ERR_X509_OK (32) when trusted. */
	int chain_err;
	tw_verdict chain_v;
} tw_keys;

/* Recompute everything that can be computed; never fails outright — what
 * cannot be computed stays TW_V_MISSING. creds supply the trust anchors for
 * the independent chain check, now the clock and host the name check. */
void tw_keys_compute(const tw_wire *w, const tw_hs *hs, const tw_creds *creds,
	const char *host, time_t now, tw_keys *k);

void tw_keys_free(tw_keys *k);

/* An attacker's change, checked the way its receiver checks it, from the
 * bytes the receiver got (w->received) with the keys computed here:
 *  - a changed encrypted record: its tag (or MAC) over the received bytes;
 *  - a replayed record: the copy opened as the next record in sequence;
 *  - a rewritten ClientHello: the server's expectation of the client's
 *    verify_data (over the ClientHello it received) against the value the
 *    client sent.
 * TW_V_OK: the check passes (the change went unnoticed); TW_V_MISMATCH:
 * it fails, as the receiver found; TW_V_MISSING: not computable here. */
tw_verdict tw_keys_check_attack(const tw_wire *w, const tw_hs *hs, const tw_keys *k,
	const tw_attack_event *a, tw_attack_kind kind);

/* The opened record with wire index rec, or NULL. */
const tw_opened *tw_keys_opened(const tw_keys *k, int rec);

#endif
