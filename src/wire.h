/*
 * wire.h — a BearSSL TLS 1.2 client and server talking through memory.
 *
 * tw_wire_run() drives both engines in one process, in the spirit of
 * BearSSL itself: the engines expose record buffers and we move bytes from
 * one engine's sendrec buffer into the other's recvrec buffer until neither
 * has anything to send. Everything each side emitted is kept, in order, as
 * one byte stream per direction, and split into TLS records by their 5-byte
 * headers. The client sends one HTTP GET, the server answers 200 with a
 * small HTML page, then both send close_notify.
 *
 * Nothing here interprets the handshake: parsing and every recomputation
 * live in tlsmsg.c and keysched.c, which read only the captured bytes. The
 * only engine state read is (a) the server's ephemeral ECDHE scalar, which
 * BearSSL offers no other way to see (snapshotted before it is wiped), and
 * (b) the master secret and suite each engine reports, kept for comparison.
 */
#ifndef TW_WIRE_H
#define TW_WIRE_H

#include <stdint.h>
#include <stddef.h>
#include <time.h>
#include "creds.h"
#include "tw_err.h"

typedef enum { TW_C2S = 0, TW_S2C = 1 } tw_dir;

/* TLS content types (RFC 5246 §6.2.1). */
enum {
	TW_CT_CCS = 20, TW_CT_ALERT = 21, TW_CT_HANDSHAKE = 22, TW_CT_APPDATA = 23
};

typedef struct {
	tw_dir dir;
	uint8_t type;          /* content type from the header */
	uint16_t version;      /* record-layer version from the header */
	size_t off;            /* offset of the header in stream[dir] */
	size_t len;            /* header (5) + fragment */
	int encrypted;         /* sent after this direction's ChangeCipherSpec */
	uint64_t seq;          /* record sequence number within its epoch */
} tw_record;

/* What to run. Zero-initialise, then set what you need. */
typedef struct {
	const tw_creds *creds;      /* required */
	const char *host;           /* SNI, Host header and name check; default www.example.com */
	const char *path;           /* request path; default "/" */
	uint64_t seed;              /* entropy for both engines, TCP ISNs, ... */
	int seeded;                 /* 1: deterministic run from seed */
	time_t now;                 /* clock for certificate checks (seconds since 1970, UTC) */
} tw_scenario;

#define TW_WIRE_MAX_RECORDS 64

typedef struct {
	uint8_t *stream[2];          /* bytes each side emitted, in order (owned) */
	size_t stream_len[2];
	tw_record rec[TW_WIRE_MAX_RECORDS];  /* both directions, in emission order */
	size_t nrec;

	/* Plaintext application data as the engines handled it (owned). */
	uint8_t *app_sent[2];        /* what each side wrote */
	size_t app_sent_len[2];
	uint8_t *app_recv[2];        /* what each side read */
	size_t app_recv_len[2];

	/* Engine state kept for comparison only. */
	int client_err, server_err;          /* br_ssl_engine_last_error at the end */
	int handshake_done;                  /* both engines reached application data */
	int closed_cleanly;                  /* both saw close_notify */
	uint8_t engine_ms[2][48];            /* master secret reported by client [0] / server [1] */
	uint16_t engine_suite[2];
	uint16_t engine_version[2];

	/* The server's ephemeral ECDHE private scalar, snapshotted after the
	 * server's first flight (BearSSL wipes it once ClientKeyExchange is in). */
	uint8_t server_ecdhe_key[70];
	size_t server_ecdhe_key_len;
	int server_ecdhe_curve;              /* curve id the server engine used */
} tw_wire;

/* Run the whole connection. *w is filled even when the handshake fails
 * (the records up to the failure, and both engines' error codes), so a
 * failure can still be shown; the return value is 0 when the connection
 * completed (handshake, request, response, close_notify both ways) and -1
 * otherwise, with e saying what went wrong in one sentence. */
int tw_wire_run(const tw_scenario *sc, tw_wire *w, tw_err *e);

/* Pointer to the bytes of record i. */
const uint8_t *tw_wire_record_bytes(const tw_wire *w, size_t i);

void tw_wire_free(tw_wire *w);

#endif
