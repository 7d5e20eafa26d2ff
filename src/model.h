/*
 * model.h — the whole connection, computed once, immutable afterwards.
 *
 * tw_model_build() runs the wire, indexes the handshake, recomputes the key
 * schedule, frames TCP and lays out the story. Frontends (text dump, JSON,
 * terminal UI, pcapng) only read a built model: "compute first, display
 * later". Protocol code never includes curses; UI code never calls BearSSL.
 */
#ifndef TW_MODEL_H
#define TW_MODEL_H

#include <stdint.h>
#include <time.h>
#include "creds.h"
#include "wire.h"
#include "tlsmsg.h"
#include "keysched.h"
#include "tcp.h"
#include "story.h"
#include "dissect.h"
#include "secrets.h"
#include "failure.h"
#include "tls13.h"

typedef struct {
	const char *cert_file, *key_file, *ca_file;   /* NULL: built-in */
	const char *host;      /* NULL: www.example.com */
	const char *path;      /* NULL: "/" */
	uint16_t suite;        /* --suite: what the server prefers; 0: its default */
	int group;             /* --group: IANA id; 0: secp256r1 */
	int client_cert;       /* --client-cert: mutual TLS */
	int resume;            /* --resume: a second connection resumes the first's session */
	const uint16_t *client_offer;  /* the client's suites instead of a browser's (scenarios) */
	size_t client_offer_len;
	tw_attack attack;      /* a man in the middle (scenarios) */
	const char *tamper;    /* --tamper STEP:OFFSET[:XOR], resolved against a first run */
	int eavesdrop;         /* record-now-decrypt-later: an eavesdropper with the server's key
	                        * (1: and an ECDHE connection to compare; 2: not) */
	uint64_t seed;
	int seeded;            /* 0: a fresh seed is drawn from the OS (tw_model.seed tells it) */
	int cert_type;         /* tw_cert_type: the built-in server chain when cert_file is NULL (0: RSA) */
} tw_options;

/* Seeded runs check certificates against this fixed clock: 2027-01-01 00:00:00 UTC. */
#define TW_SEEDED_CLOCK ((time_t)1798761600)

/* Where the transcript came from (tw_model.source). */
typedef enum {
	TW_SOURCE_ENGINES = 0,   /* both BearSSL engines in this process */
	TW_SOURCE_LISTEN,        /* --listen: our server, a real client */
	TW_SOURCE_CONNECT,       /* --connect: our client, a real server */
	TW_SOURCE_CAPTURE        /* --read: a capture (m->tcp.cap says what it held) */
} tw_source;

typedef struct tw_model {
	uint64_t seed;         /* the seed used (drawn when not given) */
	int seeded;            /* the seed was given by the user */
	time_t now;            /* clock used for certificate checks */
	char host[256], path[1024];
	tw_creds creds;
	tw_scenario sc;
	tw_wire wire;
	int wire_ok;           /* the connection completed */
	tw_err wire_err;       /* why not, when it did not */
	tw_hs hs;
	tw_keys keys;
	tw_tcp tcp;
	tw_story story;
	tw_field tree[TW_MAX_STEPS];   /* field tree of each step */
	tw_secrets secrets;            /* what each step makes known, verdicts included */
	tw_failure failure;            /* how it ended, when it did not complete */

	/* --resume: the server's session cache, and the second connection,
	 * which resumes this one's session (NULL without --resume, or when
	 * this connection failed). Its own model, built the same way. */
	br_ssl_session_cache_lru cache;
	unsigned char cache_store[4096];
	struct tw_model *next;
	int resumed_conn;              /* this model is that second connection */

	/* record-now-decrypt-later: what an eavesdropper recomputes from the
	 * recorded bytes and the server's private key alone; next is then the
	 * same connection with ECDHE, compared (its own eve). */
	tw_keys eve;
	int eavesdropped;
	int compared;                  /* this model is that comparison */
	tw_source source;
	char source_name[512];         /* a capture: "FILE, connection N of M" */
	tw_tls13 t13;                  /* a captured TLS 1.3 connection (t13.present) */
} tw_model;


/* Build the model. Returns -1 with e set when the inputs are bad (files,
 * options) or the connection failed; in the latter case m is still filled
 * with what happened, and tw_model_free must be called either way. */
int tw_model_build(tw_model *m, const tw_options *o, tw_err *e);

/* Everything after the transcript: for a source other than the in-process
 * wire (a live peer, a capture), which fills m->wire (streams, records,
 * whatever engine facts it has), m->host, m->now, m->seed and m->creds
 * (the trust anchors, and the server key when it is ours), sets
 * m->wire_ok / m->wire_err, and then calls this: handshake index, key
 * schedule, TCP framing, story, field trees. Same return as
 * tw_model_build. */
int tw_model_finish(tw_model *m, tw_err *e);

void tw_model_free(tw_model *m);

/* The man in the middle changed bytes of step i on their way: its
 * receiver read other bytes than its sender sent. */
int tw_model_step_attacked(const tw_model *m, int i);

/* Validate option values; -1 with e naming the option. */
int tw_options_check_host(const char *host, tw_err *e);
int tw_options_check_path(const char *path, tw_err *e);
int tw_parse_seed(const char *s, uint64_t *out, tw_err *e);

#endif
