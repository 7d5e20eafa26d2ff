/*
 * story.h — the connection as a sequence of steps a learner walks through.
 *
 * The story is the storyline of DESIGN.md laid over the captured bytes:
 * stage 1 TCP (SYN, SYN/ACK, ACK), stage 2 the TLS 1.2 handshake messages
 * that were actually sent (ten for ECDHE, nine for RSA key exchange, which
 * has no ServerKeyExchange, thirteen with a client certificate), stage 3
 * the HTTP request and response, then the closing alerts and the TCP
 * teardown. Steps come from the observed messages through one table, and
 * are numbered in each stage in the order they happened. Each step has a stable id (used by lessons, --step and
 * JSON), the bytes it shows, and the secrets known once it has happened.
 * Steps whose message did not occur (a failed handshake) are absent.
 */
#ifndef TW_STORY_H
#define TW_STORY_H

#include <stdint.h>
#include <stddef.h>
#include "wire.h"
#include "tcp.h"
#include "tlsmsg.h"

typedef enum {
	TW_STAGE_TCP = 1, TW_STAGE_TLS = 2, TW_STAGE_HTTP = 3, TW_STAGE_CLOSE = 4
} tw_stage;

/* Secrets, as bits of tw_step.known. */
enum {
	TW_K_CLIENT_RANDOM = 1u << 0,
	TW_K_SERVER_RANDOM = 1u << 1,
	TW_K_CERT_CHAIN    = 1u << 2,   /* the chain, and the client's verdict on it */
	TW_K_SERVER_PARAMS = 1u << 3,   /* ECDHE public point + signature */
	TW_K_CLIENT_PARAMS = 1u << 4,
	TW_K_PMS           = 1u << 5,
	TW_K_MS            = 1u << 6,
	TW_K_KEYS          = 1u << 7,
	TW_K_CLIENT_VD     = 1u << 8,
	TW_K_SERVER_VD     = 1u << 9,
	TW_K_HTTP_REQUEST  = 1u << 10,
	TW_K_HTTP_RESPONSE = 1u << 11
};

typedef enum { TW_STEP_TCP, TW_STEP_TLS } tw_step_kind;

typedef struct {
	const char *id;         /* stable id, e.g. "tls-client-hello" */
	tw_stage stage;
	int number;             /* 1.. within its stage, in the order the steps happened */
	const char *name;       /* protocol name, e.g. "ClientHello" (not translated) */
	tw_step_kind kind;
	tw_dir dir;
	/* The bytes shown. TLS steps: a slice of stream[dir] — the record header
	 * belongs to the first message of its record, so the steps of a record
	 * partition it; TCP steps: the whole IPv4 packet. */
	const uint8_t *bytes;
	size_t len;
	size_t stream_off;      /* TLS steps: where bytes start in stream[dir] */
	int rec_first, rec_count;   /* TLS records touched (rec_count 0 for TCP steps) */
	int hs_msg;             /* index in tw_hs.msg, or -1 */
	int pkt_first, pkt_count;   /* TCP packets carrying these bytes */
	unsigned known;         /* secrets known once this step happened (cumulative) */
	unsigned introduced;    /* secrets first known at this step */
} tw_step;

#define TW_MAX_STEPS 48

typedef struct {
	tw_step step[TW_MAX_STEPS];
	size_t nstep;
} tw_story;

/* Lay the steps over the transcript. */
int tw_story_build(const tw_wire *w, const tw_hs *hs, const tw_tcp *t,
	tw_story *s, tw_err *e);

/* The steps of a captured TLS 1.3 connection (story13.c), from what
 * m->t13 opened; in place of tw_story_build when m->t13.present. */
struct tw_model;
int tw_story13_build(struct tw_model *m, tw_err *e);

/* Step index by id or by position ("7" is the 7th step, 1-based); -1 if none. */
int tw_story_find(const tw_story *s, const char *id_or_number);

/* Every step id the program can produce, NULL-terminated (for lessons tests):
 *   tcp-syn tcp-syn-ack tcp-ack
 *   tls-client-hello tls-server-hello tls-certificate tls-server-key-exchange
 *   tls-server-hello-done tls-client-key-exchange tls-client-change-cipher-spec
 *   tls-client-finished tls-server-change-cipher-spec tls-server-finished
 *   http-request http-response
 *   tls-client-close-notify tls-server-close-notify
 *   tls-client-alert tls-server-alert (a clear-text alert ending the handshake)
 *   tcp-client-fin
 *   tcp-server-fin tcp-last-ack
 *   and for TLS 1.3 (story13.c) the tls13-* ids
 * Stage ids (lessons only): stage-tcp stage-tls stage-http stage-close. */
extern const char *const tw_story_all_ids[];

/* The label a step is numbered with: "1"…"3" for TCP, "①"…"⑩" for TLS,
 * "HTTP 1", "HTTP 2", and "close 1"… for the closing. ascii selects "(1)"
 * instead of the circled digits. Writes into buf and returns it. */
const char *tw_step_label(const tw_step *st, int ascii, char *buf, size_t size);

/* The same in the reader's language: zh numbers the closing steps "关闭 1"
 * ("HTTP 1" and the circled digits are the same in both). The English
 * label stays the one --step and the JSON use. */
const char *tw_step_label_lang(const tw_step *st, int ascii, int zh, char *buf, size_t size);

/* The step's name in the reader's language: "HTTP request" is "HTTP 请求";
 * message names (ClientHello, SYN, Alert close_notify) are protocol names,
 * the same in both. */
const char *tw_step_name(const tw_step *st, int zh);

/* Step index by stage and number (the label's number: 6 in the TLS stage
 * is ⑥), or -1 when this connection has no such step. */
int tw_story_find_number(const tw_story *s, tw_stage stage, int number);

/* Read a step label as a user types it: "tcp-2", "tls-6", "http-1",
 * "close-3", "⑥" or "(6)" (both TLS). Sets *stage and *number (1..99) and
 * returns 0, or returns -1 when text is not a label. Ids and plain
 * numbers are not labels (see tw_story_find). */
int tw_story_parse_label(const char *text, tw_stage *stage, int *number);

/* What --step and the UI's ':' accept: a label (tw_story_parse_label), an
 * id, or a plain number N, the Nth step by position (kept from before
 * labels were accepted: "4" is ①, the fourth step). Index or -1. */
int tw_story_find_arg(const tw_story *s, const char *text);

#endif
