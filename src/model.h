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
#include "tls13.h"

typedef struct {
	const char *cert_file, *key_file, *ca_file;   /* NULL: built-in */
	const char *host;      /* NULL: www.example.com */
	const char *path;      /* NULL: "/" */
	uint16_t suite;        /* --suite: what the server prefers; 0: its default */
	int group;             /* --group: IANA id; 0: secp256r1 */
	int client_cert;       /* --client-cert: mutual TLS */
	uint64_t seed;
	int seeded;            /* 0: a fresh seed is drawn from the OS (tw_model.seed tells it) */
	int cert_type;         /* built-in server certificate: TW_CERT_RSA or TW_CERT_ECDSA */
} tw_options;

/* Seeded runs check certificates against this fixed clock: 2027-01-01 00:00:00 UTC. */
#define TW_SEEDED_CLOCK ((time_t)1798761600)

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
	/* Where the transcript came from: the in-process engines (0), or a
	 * capture (capture.h; m->tcp.cap says what it held). */
	int source;
	char source_name[512];         /* a capture: "FILE, connection N of M" */
	tw_tls13 t13;                  /* a captured TLS 1.3 connection (t13.present) */
} tw_model;

enum { TW_SOURCE_ENGINES = 0, TW_SOURCE_CAPTURE = 1 };

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

/* Validate option values; -1 with e naming the option. */
int tw_options_check_host(const char *host, tw_err *e);
int tw_options_check_path(const char *path, tw_err *e);
int tw_parse_seed(const char *s, uint64_t *out, tw_err *e);

#endif
