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

#define TW_MAX_HS_MSGS 16

typedef struct {
	tw_dir dir;
	uint8_t type;
	int rec;              /* index of the record holding it */
	size_t stream_off;    /* offset of the 4-byte handshake header in stream[dir] */
	size_t len;           /* 4 + body length */
	const uint8_t *bytes; /* points into the wire's stream */
} tw_hs_msg;

typedef struct {
	tw_hs_msg msg[TW_MAX_HS_MSGS];   /* plaintext handshake messages, in order */
	size_t nmsg;

	uint8_t client_random[32], server_random[32];
	uint16_t client_version, server_version;
	uint16_t suite;                   /* chosen by the server */
	uint8_t session_id[32];
	size_t session_id_len;

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

	/* ClientKeyExchange (ECDHE): the client's public point */
	int have_cke;
	const uint8_t *client_point;
	size_t client_point_len;

	/* Certificate message: DER certificates, leaf first */
	const uint8_t *cert[TW_MAX_CHAIN];
	size_t cert_len[TW_MAX_CHAIN];
	size_t ncert;
} tw_hs;

/* Index the handshake of a completed or partial transcript. Returns -1
 * with e set if a message is malformed; fields not seen stay zero. */
int tw_hs_parse(const tw_wire *w, tw_hs *hs, tw_err *e);

/* The message of a given type and direction, or NULL. */
const tw_hs_msg *tw_hs_find(const tw_hs *hs, tw_dir dir, uint8_t type);

#endif
