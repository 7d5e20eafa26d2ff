/*
 * lesson_cond.c — when a lesson variant applies: "[id if condition]".
 *
 * A condition is one or more clauses separated by ", ", all of which must
 * hold: "key=value", "key=v1|v2" (any of them), or "key!=value" (none of
 * them). Each key reads one fact of the connection on screen from the
 * model, so a sentence that is only true for some connections (an RSA key
 * exchange, a failed chain check) is only shown when it is. See
 * lessons/README.md for the list a teacher sees.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "lesson.h"
#include "model.h"
#include "suite.h"
#include "live.h"

typedef struct {
	const char *key;
	const char *const *values;     /* NULL: any step id */
	const char *(*get)(const tw_model *m, const char *value);
} cond_key;

static const char *const v_kx[] = { "ecdhe", "rsa", NULL };
static const char *const v_auth[] = { "rsa", "ecdsa", NULL };
static const char *const v_cipher[] = { "gcm", "chacha", "ccm", "cbc", NULL };
static const char *const v_group[] = { "x25519", "secp256r1", "secp384r1", "secp521r1", NULL };
static const char *const v_prf[] = { "sha256", "sha384", NULL };
static const char *const v_yesno[] = { "yes", "no", NULL };
static const char *const v_outcome[] = { "ok", "failed", NULL };
static const char *const v_chain[] = { "ok", "failed", "unchecked", NULL };
static const char *const v_source[] = { "engines", "listen", "connect", "capture", NULL };
static const char *const v_offers13[] = { "yes", "no", "only", NULL };
static const char *const v_version[] = { "tls12", "tls13", NULL };
static const char *const v_ip[] = { "4", "6", NULL };
static const char *const v_side[] = { "client", "server", NULL };

static const char *
get_kx(const tw_model *m, const char *v)
{
	(void)v;
	return m->keys.suite == NULL ? "" : m->keys.suite->kx == TW_KX_RSA ? "rsa" : "ecdhe";
}

static const char *
get_auth(const tw_model *m, const char *v)
{
	(void)v;
	return m->keys.suite == NULL ? "" : m->keys.suite->auth == TW_AUTH_ECDSA ? "ecdsa" : "rsa";
}

static const char *
get_cipher(const tw_model *m, const char *v)
{
	(void)v;
	if (m->keys.suite == NULL)
		return "";
	switch (m->keys.suite->rp->family) {
	case TW_CF_GCM: return "gcm";
	case TW_CF_CHACHA: return "chacha";
	case TW_CF_CCM: return "ccm";
	default: return "cbc";
	}
}

static const char *
get_group(const tw_model *m, const char *v)
{
	(void)v;
	switch (m->hs.have_ske ? m->hs.curve : 0) {
	case 23: return "secp256r1";
	case 24: return "secp384r1";
	case 25: return "secp521r1";
	case 29: return "x25519";
	default: return "";
	}
}

static const char *
get_prf(const tw_model *m, const char *v)
{
	(void)v;
	return m->keys.prf_hash == 384 ? "sha384" : m->keys.prf_hash == 256 ? "sha256" : "";
}

static const char *
get_mtls(const tw_model *m, const char *v)
{
	(void)v;
	return m->hs.have_cert_request ? "yes" : "no";
}

static const char *
get_outcome(const tw_model *m, const char *v)
{
	(void)v;
	return m->wire_ok ? "ok" : "failed";
}

static const char *
get_chain(const tw_model *m, const char *v)
{
	(void)v;
	return m->keys.chain_v == TW_V_OK ? "ok"
		: m->keys.chain_v == TW_V_MISMATCH ? "failed" : "unchecked";
}

/* source: where the transcript came from (both engines here, a real
 * peer, or a capture read with --read); offers13: the ClientHello offered
 * TLS 1.3 (supported_versions) besides TLS 1.2 (yes), not at all (no), or
 * without TLS 1.2 (only). */
static const char *
get_source(const tw_model *m, const char *v)
{
	(void)v;
	return m->source == TW_SOURCE_LISTEN ? "listen"
		: m->source == TW_SOURCE_CONNECT ? "connect"
		: m->source == TW_SOURCE_CAPTURE ? "capture" : "engines";
}

static const char *
get_offers13(const tw_model *m, const char *v)
{
	(void)v;
	if (!tw_live_hello_offers(m, 0x0304))
		return "no";
	return tw_live_hello_offers(m, 0x0303) ? "yes" : "only";
}

/* version=tls13: a captured TLS 1.3 connection (tls13.h); else tls12. */
static const char *
get_version(const tw_model *m, const char *v)
{
	(void)v;
	return m->t13.present ? "tls13" : "tls12";
}

/* ip=6: the packets are a capture's IPv6 ones; tlswalk's own run and a
 * live peer's connection are framed as IPv4. */
static const char *
get_ip(const tw_model *m, const char *v)
{
	(void)v;
	return m->tcp.cap.ip_version == 6 ? "6" : "4";
}

/* has=ID: the step happened in this run. Answers with the value itself
 * when it did, so "has=ID" holds and "has!=ID" does not. */
static const char *
get_resumed(const tw_model *m, const char *v)
{
	(void)v;
	return m->hs.resumed ? "yes" : "no";
}

static const char *
get_attack(const tw_model *m, const char *v)
{
	(void)v;
	return m->wire.nattack ? "yes" : "no";
}

static const char *
get_eavesdropper(const tw_model *m, const char *v)
{
	(void)v;
	return m->eavesdropped ? "yes" : "no";
}

/* failed=ID: the connection failed, and the check that stopped it
 * rejected step ID. */
static const char *
get_failed_at(const tw_model *m, const char *v)
{
	if (m->failure.failed && m->failure.at_step >= 0
		&& strcmp(m->story.step[m->failure.at_step].id, v) == 0)
		return v;
	return "";
}

/* In a TLS 1.3 capture the lessons' TLS 1.2 ids name the step that plays
 * their part there: the key shares travel in the hellos, every other
 * message keeps its name under "tls13-". Without this, "has!=tls-server-hello"
 * would hold for a complete TLS 1.3 connection and pick the lessons of a
 * handshake refused at once. */
static const char *
tls13_part(const char *v, char *buf, size_t size)
{
	if (strcmp(v, "tls-server-key-exchange") == 0)
		return "tls13-server-hello";
	if (strcmp(v, "tls-client-key-exchange") == 0)
		return "tls13-client-hello";
	if (strncmp(v, "tls-", 4) == 0)
		v += 4;
	else if (strncmp(v, "http-", 5) != 0)
		return NULL;
	if ((size_t)snprintf(buf, size, "tls13-%s", v) >= size)
		return NULL;
	return buf;
}

static const char *
get_has(const tw_model *m, const char *v)
{
	char buf[64];
	const char *alt = m->t13.present ? tls13_part(v, buf, sizeof buf) : NULL;
	size_t i;

	for (i = 0; i < m->story.nstep; i++)
		if (strcmp(m->story.step[i].id, v) == 0
			|| (alt != NULL && strcmp(m->story.step[i].id, alt) == 0))
			return v;
	return "";
}

/* fin_first, notify_first: which side closed first, with its TCP FIN or
 * its close_notify. tlswalk's own client always does; in a capture the
 * server may (openssl s_server does). "" when neither side sent one. */
static const char *
get_fin_first(const tw_model *m, const char *v)
{
	int d = tw_tcp_fin_first(&m->tcp);

	(void)v;
	return d < 0 ? "" : d == TW_S2C ? "server" : "client";
}

static const char *
get_notify_first(const tw_model *m, const char *v)
{
	int c = tw_story_find(&m->story, "tls-client-close-notify");
	int s = tw_story_find(&m->story, "tls-server-close-notify");

	(void)v;
	if (c < 0 && s < 0)
		return "";
	return s >= 0 && (c < 0 || s < c) ? "server" : "client";
}

static const cond_key keys[] = {
	{ "kx", v_kx, get_kx },
	{ "auth", v_auth, get_auth },
	{ "cipher", v_cipher, get_cipher },
	{ "group", v_group, get_group },
	{ "prf", v_prf, get_prf },
	{ "mtls", v_yesno, get_mtls },
	{ "outcome", v_outcome, get_outcome },
	{ "chain", v_chain, get_chain },
	{ "resumed", v_yesno, get_resumed },
	{ "attack", v_yesno, get_attack },
	{ "eavesdropper", v_yesno, get_eavesdropper },
	{ "failed", NULL, get_failed_at },
	{ "has", NULL, get_has },
	{ "source", v_source, get_source },
	{ "offers13", v_offers13, get_offers13 },
	{ "version", v_version, get_version },
	{ "ip", v_ip, get_ip },
	{ "fin_first", v_side, get_fin_first },
	{ "notify_first", v_side, get_notify_first },
};

static const cond_key *
find_key(const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strlen(keys[i].key) == n && memcmp(keys[i].key, k, n) == 0)
			return &keys[i];
	return NULL;
}

static int
value_known(const cond_key *ck, const char *v, size_t n)
{
	size_t i;

	if (ck->values == NULL) {
		for (i = 0; tw_story_all_ids[i] != NULL; i++)
			if (strlen(tw_story_all_ids[i]) == n
				&& memcmp(tw_story_all_ids[i], v, n) == 0)
				return 1;
		return 0;
	}
	for (i = 0; ck->values[i] != NULL; i++)
		if (strlen(ck->values[i]) == n && memcmp(ck->values[i], v, n) == 0)
			return 1;
	return 0;
}

/* Walk the clauses of cond. With m == NULL only check them (filling why);
 * otherwise return whether all hold. */
static int
walk(const char *cond, const tw_model *m, char *why, size_t why_size)
{
	const char *c = cond;

	if (*c == 0) {
		snprintf(why, why_size, "empty condition");
		return -1;
	}
	while (*c) {
		const char *end = strstr(c, ", "), *op, *v;
		const cond_key *ck;
		size_t clen = end ? (size_t)(end - c) : strlen(c);
		int neg, any = 0;

		op = memchr(c, '=', clen);
		if (op == NULL || op == c) {
			snprintf(why, why_size, "'%.*s' is not key=value", (int)clen, c);
			return -1;
		}
		neg = op[-1] == '!';
		if ((ck = find_key(c, (size_t)(op - c) - (size_t)neg)) == NULL) {
			snprintf(why, why_size, "unknown key '%.*s' (known: kx, auth, cipher, group, prf, mtls, resumed, attack, eavesdropper, outcome, chain, failed, has, source, offers13, version, ip, fin_first, notify_first)",
				(int)((size_t)(op - c) - (size_t)neg), c);
			return -1;
		}
		for (v = op + 1; v <= c + clen; ) {
			const char *bar = memchr(v, '|', (size_t)(c + clen - v));
			size_t vlen = bar ? (size_t)(bar - v) : (size_t)(c + clen - v);

			if (vlen == 0 || !value_known(ck, v, vlen)) {
				snprintf(why, why_size, "'%.*s' is not a value of %s", (int)vlen, v, ck->key);
				return -1;
			}
			if (m != NULL) {
				char val[128];
				const char *have;

				snprintf(val, sizeof val, "%.*s", (int)vlen, v);
				have = ck->get(m, val);
				if (strcmp(have, val) == 0)
					any = 1;
			}
			if (bar == NULL)
				break;
			v = bar + 1;
		}
		if (m != NULL && any == neg)
			return 0;
		c += clen;
		if (*c)
			c += 2;
	}
	return 1;
}

/* see lesson.h */
int
tw_lesson_cond_check(const char *cond, char *why, size_t why_size)
{
	return walk(cond, NULL, why, why_size) < 0 ? -1 : 0;
}

/* see lesson.h */
int
tw_lesson_cond_rank(const char *cond)
{
	/* Rank 0: what happened to this run. A failed run never reaches the
	 * later steps, whatever it was made from, so that text comes first.
	 * Rank 1: where the transcript came from. A variant written for a
	 * capture or a live peer must not lose to one written for the two
	 * engines' own run (whose seed, scalars and --pcap a capture lacks)
	 * only because its file is read later. */
	static const char *const fate[] = { "failed", "outcome", "has", "attack", "eavesdropper" };
	const char *c = cond;
	int rank = 2;
	size_t i;

	while (c != NULL && *c) {
		const char *end = strstr(c, ", ");
		size_t klen = strcspn(c, "!=");

		for (i = 0; i < sizeof fate / sizeof fate[0]; i++)
			if (strlen(fate[i]) == klen && memcmp(fate[i], c, klen) == 0)
				return 0;
		if (klen == 6 && memcmp(c, "source", 6) == 0)
			rank = 1;
		c = end ? end + 2 : NULL;
	}
	return rank;
}

/* see lesson.h */
int
tw_lesson_cond_holds(const char *cond, const struct tw_model *m)
{
	char why[8];

	return walk(cond, m, why, sizeof why) == 1;
}
