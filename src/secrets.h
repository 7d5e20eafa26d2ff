/*
 * secrets.h — the one list of what becomes known at each step: the
 * randoms, the key-exchange parameters, the pre-master and master secrets,
 * the key block, each verify_data, each record opened — every value with
 * how it was derived and the verdict of its independent check.
 *
 * The model builds it once from the key schedule (tw_secrets_build); the
 * text dump, the JSON, the UI's secrets pane and the lesson placeholders
 * all read it and none of them knows a suite, a key exchange or a cipher
 * family. Adding a suite or a key exchange changes this file only.
 * Every sentence is in English and Chinese.
 */
#ifndef TW_SECRETS_H
#define TW_SECRETS_H

#include <stddef.h>
#include <stdint.h>
#include "suite.h"
#include "prf.h"
#include "wire.h"

struct tw_model;

typedef enum {
	TW_SL_TEXT,     /* a sentence */
	TW_SL_HEX,      /* a labelled byte string */
	TW_SL_CHECK,    /* a labelled verdict */
	TW_SL_PRF,      /* a PRF computation: label ‖ seed, A(i), P(i) */
	TW_SL_MSGS      /* the handshake messages a hash covers, in order */
} tw_sline_kind;

/* A colour family every frontend uses alike, so that one value is marked
 * the same wherever it appears: where it is derived (a part of a PRF seed,
 * a slice of the key block) and where it is used (the record a write key
 * opens). The UI maps each to a colour and, without colour, to brackets
 * and underlines; the names are the legend. */
typedef enum {
	TW_HUE_NONE,
	TW_HUE_LABEL,           /* a PRF label: "master secret", "key expansion" */
	TW_HUE_CLIENT_RANDOM, TW_HUE_SERVER_RANDOM,
	TW_HUE_HASH,            /* the handshake hash (a Finished's seed) */
	TW_HUE_CLIENT_MAC, TW_HUE_SERVER_MAC,
	TW_HUE_CLIENT_KEY, TW_HUE_SERVER_KEY,
	TW_HUE_CLIENT_IV, TW_HUE_SERVER_IV,
	TW_HUE_COUNT
} tw_hue;

/* A named part of a line's bytes: the label and the randoms of a PRF seed
 * (offsets within tw_prf_trace.seed), a slice of the key block (offsets
 * within the key block). Names are static strings. */
typedef struct {
	const char *key;          /* its name in the JSON: "label", "client_random", "client_write_key" */
	const char *en, *zh;
	size_t off, len;
	tw_hue hue;
} tw_spart;

#define TW_SPART_MAX 6

/* Where a value's bytes came from: bytes [off, off+len) of step `step` (a
 * field of a message: the random of the ClientHello, the public value of
 * the ServerKeyExchange), or, when item is set, the line with JSON key
 * `key` of that item (a key slice comes from the key block line). */
typedef struct {
	int step;                 /* -1: no source to show */
	size_t off, len;
	const char *item, *key;   /* static; item NULL: the step's bytes */
} tw_slink;

/* One message a handshake hash covers, with where it travelled. */
typedef struct {
	uint8_t type;             /* handshake type */
	tw_dir dir;
	size_t len;               /* bytes hashed: 4-byte header + body */
	int step;                 /* the step that carries it, or -1 */
	size_t off, span;         /* its bytes within that step (span: with any record headers inside) */
	int decrypted;            /* an encrypted Finished: hashed as decrypted */
} tw_smsg;

typedef struct {
	tw_sline_kind kind;
	const char *key;          /* its name in the JSON (NULL: prose only) */
	int detail;               /* part of the derivation: shown where the secret is
	                           * introduced, left out when it is recalled later */
	char *en, *zh;            /* the sentence, or the label */
	const uint8_t *bytes;     /* HEX (points into the model) */
	size_t len;
	int as_text;              /* HEX: text (HTTP) better read as lines than hex */
	tw_verdict v;             /* CHECK */
	int rejected;             /* CHECK: a failure here is a rejection (a certificate chain), say so */
	const tw_prf_trace *prf;  /* PRF */
	const int *msgs;          /* MSGS: indexes into the model's hs.msg */
	size_t nmsgs;
	int plus_fin;             /* MSGS: the other side's decrypted Finished follows:
	                           * 1 the client's, 2 the server's (a resumed handshake) */
	tw_smsg *msg;             /* MSGS: nmsgs (+ 1 with plus_fin) messages, owned */
	size_t nmsg;
	size_t msg_total;         /* MSGS: the bytes hashed, the sum of the lengths */
	tw_spart part[TW_SPART_MAX];  /* PRF: the seed's parts; HEX: the key block's slices */
	size_t npart;
	tw_hue hue;               /* HEX / TEXT: the value's colour (a key slice, a key used) */
	tw_slink src;             /* where the value's bytes came from (src.step -1: nowhere to go) */
} tw_sline;

typedef struct {
	char id[40];              /* stable: "client_random", "master_secret", "record-7" */
	int step;                 /* index of the step that introduces it */
	int only_here;            /* shown on its own step only (an opened record) */
	char *title_en, *title_zh;
	const uint8_t *value;     /* the value itself, when it is one byte string */
	size_t value_len;
	tw_verdict v;             /* MISMATCH if a check failed, OK if all passed,
	                           * MISSING if one could not be made, NA: nothing to check */
	tw_sline *line;
	size_t nline, cap;
} tw_secret;

typedef struct {
	tw_secret *item;
	size_t n, cap;
	int oom;
} tw_secrets;

/* Build the list from a model whose key schedule and story are built.
 * Returns -1 on allocation failure. */
int tw_secrets_build(const struct tw_model *m, tw_secrets *s);

void tw_secrets_free(tw_secrets *s);

/* The item with this id, or NULL. */
const tw_secret *tw_secrets_find(const tw_secrets *s, const char *id);

/* The opened records (the only_here items) taken together: their number
 * into *n, how many were verified into *ok; MISMATCH when one failed, OK
 * when there is at least one and all passed, else MISSING. */
tw_verdict tw_secrets_records(const tw_secrets *s, size_t *n, size_t *ok);
/* The line with this JSON key in item id, or NULL. */
const tw_sline *tw_secrets_line(const tw_secrets *s, const char *id, const char *key);

/* English and Chinese names of a hue, as the legends say them. */
const char *tw_hue_name(tw_hue h, int zh);

/* The HEX line with this JSON key in any item ("client_write_key"), or NULL. */
const tw_sline *tw_secrets_value(const tw_secrets *s, const char *key);

#endif
