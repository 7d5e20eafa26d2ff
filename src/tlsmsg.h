/*
 * tlsmsg.h — the handshake messages inside the captured records.
 *
 * Finds each plaintext handshake message (type, bytes) in the transcript
 * and pulls out the values the key schedule needs: the two randoms, the
 * chosen suite, the server's ECDHE parameters and signature, the client's
 * public point, the certificate list. Pure byte parsing, bounds-checked:
 * a malformed transcript gives an error, never a read past the end.
 */
#ifndef TW_TLSMSG_H
#define TW_TLSMSG_H

#include <stdint.h>
#include <stddef.h>
#include "wire.h"

/* Handshake message types (RFC 5246 §7.4). */
enum {
	TW_HS_CLIENT_HELLO = 1, TW_HS_SERVER_HELLO = 2, TW_HS_CERTIFICATE = 11,
	TW_HS_SERVER_KEY_EXCHANGE = 12, TW_HS_CERTIFICATE_REQUEST = 13,
	TW_HS_SERVER_HELLO_DONE = 14, TW_HS_CERTIFICATE_VERIFY = 15,
	TW_HS_CLIENT_KEY_EXCHANGE = 16, TW_HS_FINISHED = 20
};

#define TW_MAX_HS_MSGS 24

typedef struct {
	tw_dir dir;
	uint8_t type;
	int rec;              /* index of the record holding its header */
	int rec_last;         /* index of the record holding its last byte (> rec: it spans records) */
	size_t stream_off;    /* offset of the 4-byte handshake header in stream[dir] */
	size_t stream_end;    /* offset just past its last byte in stream[dir] */
	size_t len;           /* 4 + body length */
	const uint8_t *bytes; /* the whole message, reassembled (points into tw_hs.buf) */
} tw_hs_msg;

typedef struct {
	tw_hs_msg msg[TW_MAX_HS_MSGS];   /* plaintext handshake messages, in order */
	size_t nmsg;
	uint8_t *buf[2];                 /* handshake bytes of each direction, record headers removed (owned) */
	size_t buf_len[2];
	tw_err malformed;                /* the first malformed message, if any: parsing stopped there */
	int malformed_msg;               /* its index in msg, or -1 */

	uint8_t client_random[32], server_random[32];
	uint16_t client_version, server_version;
	uint16_t suite;                   /* chosen by the server */
	uint8_t session_id[32];           /* the ServerHello's */
	size_t session_id_len;
	uint8_t client_session_id[32];    /* the ClientHello's: non-empty when it offers to resume */
	size_t client_session_id_len;
	int resumed;                      /* the ServerHello accepted that session: an abbreviated handshake */

	/* ServerKeyExchange (ECDHE): params = curve_type(1) ‖ named_curve(2) ‖ len(1) ‖ point */
	int have_ske;
	const uint8_t *ske_params;        /* the ServerECDHParams bytes as signed */
	size_t ske_params_len;
	uint16_t curve;
	const uint8_t *server_point;
	size_t server_point_len;
	uint16_t sig_alg;                 /* SignatureAndHashAlgorithm, e.g. 0x0401 */
	const uint8_t *sig;
	size_t sig_len;

	/* ClientKeyExchange: ECDHE, the client's public point; RSA, the
	 * encrypted pre-master secret. Which one follows the ServerHello's suite. */
	int have_cke;
	const uint8_t *client_point;
	size_t client_point_len;
	const uint8_t *rsa_epms;
	size_t rsa_epms_len;

	/* Certificate message: DER certificates, leaf first */
	const uint8_t *cert[TW_MAX_CHAIN];
	size_t cert_len[TW_MAX_CHAIN];
	size_t ncert;

	/* Mutual TLS: CertificateRequest, the client's Certificate and CertificateVerify. */
	int have_cert_request;
	const uint8_t *client_cert[TW_MAX_CHAIN];
	size_t client_cert_len[TW_MAX_CHAIN];
	size_t nclient_cert;
	int have_cert_verify;
	int cert_verify_msg;              /* index in msg */
	uint16_t cv_sig_alg;
	const uint8_t *cv_sig;
	size_t cv_sig_len;
} tw_hs;

/* Index the handshake of a completed or partial transcript: messages are
 * reassembled across records. A malformed message stops the parse there
 * (hs->malformed says why, hs->malformed_msg which); what came before
 * stays usable. Returns -1 only when memory runs out. */
int tw_hs_parse(const tw_wire *w, tw_hs *hs, tw_err *e);

void tw_hs_free(tw_hs *hs);

/* The message of a given type and direction, or NULL. */
const tw_hs_msg *tw_hs_find(const tw_hs *hs, tw_dir dir, uint8_t type);

#endif
