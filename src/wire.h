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
 * live in tlsmsg.c and keysched.c, which read only the captured bytes.
 * What only an engine knows is kept apart, as engine facts: each side's
 * ephemeral ECDHE scalar and the shared secret it computed, the RSA
 * pre-master secret (the client's padded block before encryption, the
 * server's decryption result), captured by wrapping the implementations
 * BearSSL calls (a br_ec_impl whose mul / mulgen record their arguments, an
 * RSA public-key function, a server policy whose do_keyx records its
 * result) rather than by reading private struct fields; and, for
 * comparison only, the master secret and suite each engine reports.
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

/* A man in the middle between the two engines: what it does to the bytes
 * on their way. The transcript keeps what each side SENT; the attacker's
 * changes are listed in tw_wire.attack and the receiver's bytes kept in
 * tw_wire.received. */
typedef enum {
	TW_ATK_NONE = 0,
	TW_ATK_TAMPER,        /* XOR one byte of one direction's stream */
	TW_ATK_DOWNGRADE,     /* strip the ClientHello to weak suites */
	TW_ATK_REPLAY,        /* send the client's first application record twice */
	TW_ATK_TRUNCATE       /* drop the server's close_notify */
} tw_attack_kind;

typedef struct {
	tw_attack_kind kind;
	tw_dir dir;           /* TAMPER: the stream */
	size_t off;           /* TAMPER: offset in the sender's stream */
	uint8_t xor;          /* TAMPER: the bits flipped */
} tw_attack;

/* One thing the attacker did. */
typedef struct {
	tw_dir dir;
	int rec;              /* the sender's record it acted on (index in rec[]) */
	size_t off;           /* offset in the sender's stream of the first byte concerned */
	size_t len;           /* bytes of the sender's stream concerned */
	char what_en[200], what_zh[200];
} tw_attack_event;

#define TW_MAX_ATTACK_EVENTS 4

/* What to run. Zero-initialise, then set what you need. */
typedef struct {
	const tw_creds *creds;      /* required */
	uint16_t suite;             /* the suite the server is told to prefer; 0: its default */
	int group;                  /* the one group the server accepts (IANA id); 0: secp256r1 */
	int client_cert;            /* mutual TLS: the server asks for the built-in client certificate */
	int conn;                   /* 0 the first connection, 1 a second one (other entropy) */
	const uint16_t *client_offer;   /* the client's suites instead of a browser's list, or NULL */
	size_t client_offer_len;
	tw_attack attack;           /* a man in the middle, or none */
	br_ssl_session_cache_lru *cache;        /* the server's session cache (caller's), or NULL */
	const br_ssl_session_parameters *resume; /* the client offers to resume this session, or NULL */
	const char *host;           /* SNI, Host header and name check; default www.example.com */
	const char *path;           /* request path; default "/" */
	uint64_t seed;              /* entropy for both engines, TCP ISNs, ... */
	int seeded;                 /* 1: deterministic run from seed */
	time_t now;                 /* clock for certificate checks (seconds since 1970, UTC) */
} tw_scenario;

#define TW_WIRE_MAX_RECORDS 64

enum { TW_MS_KEYLOG = 1, TW_MS_RESUMED = 2 };

/* What one engine knew that never crossed the wire. Lengths are 0 when
 * the engine never did that operation. */
typedef struct {
	/* ECDHE: mulgen(scalar) gave the public value; mul(peer, scalar) the
	 * shared secret. */
	uint8_t scalar[66];
	size_t scalar_len;
	int curve;                   /* IANA group id of that scalar */
	uint8_t pub[133];            /* the engine's own public value */
	size_t pub_len;
	uint8_t peer[133];           /* the peer point the engine multiplied */
	size_t peer_len;
	uint8_t shared[66];          /* the engine's shared secret (X, or x25519's output) */
	size_t shared_len;
	/* RSA key exchange: the client's PKCS#1 block before encryption; the
	 * pre-master secret the server's decryption gave. */
	uint8_t rsa_block[512];
	size_t rsa_block_len;
	uint8_t rsa_pms[48];
	size_t rsa_pms_len;
} tw_engine_facts;

typedef struct {
	uint8_t *stream[2];          /* bytes each side emitted, in order (owned) */
	size_t stream_len[2];
	tw_record rec[TW_WIRE_MAX_RECORDS];  /* both directions, in emission order */
	size_t nrec;

	/* Plaintext application data as the engines handled it (owned). A
	 * live peer's app_sent is what tlswalk's engine received from it. */
	uint8_t *app_sent[2];        /* what each side wrote */
	size_t app_sent_len[2];
	uint8_t *app_recv[2];        /* what each side read */
	size_t app_recv_len[2];

	/* Engine state kept for comparison only. */
	int client_err, server_err;          /* br_ssl_engine_last_error at the end */
	int handshake_done;                  /* both engines reached application data */
	int closed_cleanly;                  /* both saw close_notify */
	uint8_t engine_ms[2][48];            /* master secret reported by client [0] / server [1] */
	int engine_ms_known[2];              /* that engine ran here and reached a master secret */
	/* A master secret from outside, with no pre-master secret behind it
	 * (a key log, or the session a resumed connection carries over): the
	 * key schedule derives the keys from it, and marks what needed the
	 * pre-master secret missing, never MISMATCH. */
	uint8_t given_ms[48];
	int given_ms_known;            /* TW_MS_KEYLOG or TW_MS_RESUMED; 0: none */
	uint16_t engine_suite[2];
	uint16_t engine_version[2];

	/* What only each engine knew, [0] client, [1] server (see above). */
	tw_engine_facts fact[2];

	/* The client's session at the end, for a later connection to resume. */
	br_ssl_session_parameters session;

	/* With an attacker: what it did, and what each side received (owned;
	 * NULL without an attacker, the receiver then got stream[] as sent). */
	tw_attack_event attack[TW_MAX_ATTACK_EVENTS];
	size_t nattack;
	uint8_t *received[2];        /* received[d]: what the peer of side d got */
	size_t received_len[2];
	/* A live connection's real endpoints (IPv4 address bytes, ports); the
	 * in-process wire leaves real_endpoints 0 and is framed with
	 * documentation addresses. Either way tcp.c builds the segments from
	 * the streams: an unprivileged program never sees the real ones. */
	int real_endpoints;
	uint8_t client_ip[4], server_ip[4];
	uint16_t client_port, server_port;
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
