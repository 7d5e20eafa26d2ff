/*
 * knows.h — who knows what, at every step: the client, the server, and an
 * eavesdropper on the path, each with what it has learned so far.
 *
 * The course slides say after ⑤ that so far the client and the server have
 * shared Client Random, Server Random and Server Params in clear
 * ("目前为止…通过明文共享了"); this is that sentence made
 * systematic. The table is built from a built model only — its steps, its
 * handshake index, its key schedule and the eavesdropper's own recomputation
 * (record-now-decrypt-later) — and lists a value only when this run produced
 * it: no ServerKeyExchange, no Server Params; a connection that stopped, no
 * later steps and nothing the side that stopped would have learned after it.
 * It makes the eavesdropper's failure visible: after ⑥ it has both public
 * values but neither c, s nor the pre-master secret, and over HTTP only
 * ciphertext.
 *
 * The view is worked out for TLS 1.2 (the in-process engines, a live peer,
 * a TLS 1.2 capture). A TLS 1.3 capture gets no table: tls13 is set and
 * tw_knows_tls13_note() says why, in both languages.
 * No curses here: ui_knows.c lays it out, tw_knows_print() writes it as text.
 */
#ifndef TW_KNOWS_H
#define TW_KNOWS_H

#include <stddef.h>
#include <stdio.h>

struct tw_model;

typedef enum {
	TW_PARTY_CLIENT, TW_PARTY_SERVER, TW_PARTY_EVE, TW_PARTIES
} tw_party;

/* How a party came to know a value. */
typedef enum {
	TW_KH_NONE = 0,    /* it never does (in this run) */
	TW_KH_HELD,        /* held before the connection began (step TW_KNOW_BEFORE) */
	TW_KH_MADE,        /* its own: generated or chosen at the step */
	TW_KH_CLEAR,       /* sent in clear at the step (received, or seen on the path) */
	TW_KH_COMPUTED,    /* computed at the step from what it knew */
	TW_KH_OPENED,      /* RSA key exchange: decrypted with its private key at the step */
	TW_KH_DECRYPTED,   /* decrypted with the session keys at the step */
	TW_KH_CIPHER       /* the eavesdropper: only the ciphertext, seen at the step */
} tw_know_how;

#define TW_KNOW_BEFORE (-1)

typedef struct {
	char id[40];           /* the secrets list's id where it has one ("pre_master_secret") */
	const char *en, *zh;   /* a short name, the slides' terms (static) */
	const char *en_brief, *zh_brief;   /* shorter still, for narrow columns */
	tw_know_how how[TW_PARTIES];
	int step[TW_PARTIES];  /* step index it is learned at (TW_KNOW_BEFORE when HELD);
	                        * meaningless when how is NONE */
	/* record-now-decrypt-later: the eavesdropper recovers it after the
	 * connection, from what it recorded up to later_step and the server's
	 * private key, obtained then; the model's own recomputation (m->eve)
	 * is the witness. */
	int later;
	int later_step;
} tw_know_fact;

#define TW_KNOWS_MAX 24

typedef struct {
	tw_know_fact fact[TW_KNOWS_MAX];
	size_t n;
	int tls13;             /* a TLS 1.3 capture: no table (see tw_knows_tls13_note) */
	int later;             /* record-now-decrypt-later: the eavesdropper later gets the server's key */
	int later_pms;         /* ... and with it the pre-master secret (RSA key exchange) */
} tw_knows;

/* Build the table for m. Never fails (the table has room for every fact). */
void tw_knows_build(const struct tw_model *m, tw_knows *k);

/* The fact with this id, or NULL. */
const tw_know_fact *tw_knows_find(const tw_knows *k, const char *id);

/* Party p knows f (in clear: held, made, received, computed, decrypted)
 * once step has happened. The eavesdropper's ciphertext is not knowing. */
int tw_knows_has(const tw_know_fact *f, tw_party p, int step);

/* Party p learned f at exactly this step (ciphertext included for the
 * eavesdropper: it is what that step showed it). */
int tw_knows_new(const tw_know_fact *f, tw_party p, int step);

/* The eavesdropper lacks f at step: the client or the server has it, and
 * the eavesdropper does not (it may hold its ciphertext: f->how[EVE]). */
int tw_knows_lacks(const tw_know_fact *f, int step);

/* The eavesdropper will recover f after the connection from what it has
 * recorded up to step (record-now-decrypt-later). */
int tw_knows_later(const tw_know_fact *f, int step);

/* f is the server's private key itself: what the eavesdropper's later
 * gains come from, listed apart from them. */
int tw_knows_is_key(const tw_know_fact *f);

/* How p came to know f: "sent in clear at ①", "computed at ⑥", "held
 * before the connection"...; brief: a few columns ("clear ①", "calc ⑥",
 * "held"). ascii: step labels as (1). Writes into buf and returns it. */
const char *tw_knows_how_text(const struct tw_model *m, const tw_know_fact *f, tw_party p,
	int zh, int ascii, int brief, char *buf, size_t size);

/* "Client", "Server", "Eavesdropper" / 客户端, 服务器, 窃听者. */
const char *tw_knows_party(tw_party p, int zh);

/* The sentence shown instead of the table for a TLS 1.3 capture. */
const char *tw_knows_tls13_note(int zh);

/* The sentence under the eavesdropper's column in record-now-decrypt-later
 * when the server's key did not give it the pre-master secret (ECDHE), or
 * NULL. */
const char *tw_knows_later_note(const tw_knows *k, int zh);

/* --knows: the table as text, per step where something is learned (or only
 * step `only` when it is >= 0), for every connection of m (--resume, the
 * compared connection). Returns -1 when out cannot be written. */
int tw_knows_print(const struct tw_model *m, int zh, int only, FILE *out);

#endif
