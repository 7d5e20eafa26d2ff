/*
 * model.c — build the whole connection once: wire, handshake index, key
 * schedule, TCP framing, story, field trees. See model.h.
 */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "model.h"
#include "suite.h"
#include "scenario.h"

/* see model.h */
int
tw_parse_seed(const char *s, uint64_t *out, tw_err *e)
{
	char *end;
	unsigned long long v;

	if (s == NULL || *s == 0 || !isdigit((unsigned char)*s))
		return tw_err_set(e, "--seed: '%s' is not a number (expected a whole number from 0 to 18446744073709551615)",
			s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != 0)
		return tw_err_set(e, "--seed: '%s' is not a number (expected a whole number from 0 to 18446744073709551615)", s);
	if (errno == ERANGE)
		return tw_err_set(e, "--seed: '%s' is too large (expected a whole number from 0 to 18446744073709551615)", s);
	*out = (uint64_t)v;
	return 0;
}

/* see model.h */
int
tw_options_check_host(const char *host, tw_err *e)
{
	size_t i, n = strlen(host), label = 0;
	int alpha = 0;

	if (n == 0 || n > 253)
		return tw_err_set(e, "--host: '%s' is not a host name (1 to 253 characters expected)", host);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];
		if (!(isalnum(c) || c == '-' || c == '.'))
			return tw_err_set(e, "--host: '%s' is not a host name (only letters, digits, '-' and '.' are allowed)", host);
		if (isalpha(c) || c == '-')
			alpha = 1;
	}
	/* SNI carries a DNS name without the root's trailing dot (RFC 6066). */
	if (n > 1 && host[n - 1] == '.')
		return tw_err_set(e, "--host: '%s' ends with a dot; give the name without it (SNI carries host names without the trailing dot)", host);
	/* All digits and dots: an IPv4 address. SNI cannot carry an address
	 * (RFC 6066) and BearSSL checks only DNS names in certificates. */
	if (!alpha)
		return tw_err_set(e, "--host: '%s' looks like an IP address, and tlswalk needs a DNS name (SNI cannot carry an address, and BearSSL matches only DNS names in certificates)", host);
	for (i = 0; i <= n; i++) {
		if (i < n && host[i] != '.') {
			label++;
			continue;
		}
		if (label == 0)
			return tw_err_set(e, "--host: '%s' has an empty label (two dots in a row, or a dot at the start)", host);
		if (label > 63)
			return tw_err_set(e, "--host: '%s' has a label longer than 63 characters, the DNS limit", host);
		if (host[i - label] == '-' || host[i - 1] == '-')
			return tw_err_set(e, "--host: '%s' has a label that starts or ends with '-', which DNS names do not allow", host);
		label = 0;
	}
	return 0;
}

/* see model.h */
int
tw_options_check_path(const char *path, tw_err *e)
{
	size_t i, n = strlen(path);

	if (n == 0 || path[0] != '/' || n > 512)
		return tw_err_set(e, "--path: '%s' is not a request path (it must start with '/' and be at most 512 characters)", path);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c <= 0x20 || c >= 0x7f)
			return tw_err_set(e, "--path: '%s' has a space or a control or non-ASCII character (percent-encode it)", path);
	}
	return 0;
}

/* An impossible combination is a usage error, said before anything runs. */
static int
check_suite_creds(const tw_suite *s, const tw_creds *c, tw_err *e)
{
	int ec = c->key_type == BR_KEYTYPE_EC;

	if (s->auth == TW_AUTH_ECDSA && !ec)
		return tw_err_set(e, "--suite %s needs an ECDSA server certificate: add --cert-type ecdsa (or give an EC key with --cert/--key)",
			s->name);
	if (s->auth == TW_AUTH_RSA && ec)
		return tw_err_set(e, "--suite %s needs an RSA server certificate, and the certificate given has an EC key",
			s->name);
	return 0;
}

static int build_resumed(tw_model *m, tw_err *e);
static int resolve_tamper(const tw_options *o, tw_attack *atk, tw_err *e);
static int eavesdrop(tw_model *m, const tw_options *o, tw_err *e);

/* see model.h */
int
tw_model_build(tw_model *m, const tw_options *o, tw_err *e)
{
	memset(m, 0, sizeof *m);
	if (o->seeded) {
		m->seed = o->seed;
		m->seeded = 1;
		m->now = TW_SEEDED_CLOCK;
	} else {
		/* A fresh run still uses a seed, drawn here and printed, so that
		 * --seed reproduces its bytes (not its clock). */
		if (getrandom(&m->seed, sizeof m->seed, 0) != (ssize_t)sizeof m->seed)
			return tw_err_set(e, "cannot read random bytes from the operating system: %s",
				strerror(errno));
		m->now = time(NULL);
	}
	snprintf(m->host, sizeof m->host, "%s", o->host ? o->host : "www.example.com");
	snprintf(m->path, sizeof m->path, "%s", o->path ? o->path : "/");
	if (tw_options_check_host(m->host, e) < 0 || tw_options_check_path(m->path, e) < 0)
		return -1;
	if (tw_creds_load(&m->creds, o->cert_file, o->key_file, o->ca_file, (tw_cert_type)o->cert_type, e) < 0)
		return -1;

	if (o->suite && check_suite_creds(tw_suite_by_id(o->suite), &m->creds, e) < 0)
		return -1;
	m->sc.creds = &m->creds;
	m->sc.host = m->host;
	m->sc.path = m->path;
	m->sc.seed = m->seed;
	m->sc.seeded = m->seeded;
	m->sc.now = m->now;
	m->sc.suite = o->suite;
	m->sc.group = o->group;
	m->sc.client_cert = o->client_cert;
	m->sc.client_offer = o->client_offer;
	m->sc.client_offer_len = o->client_offer_len;
	m->sc.attack = o->attack;
	if (o->tamper != NULL && resolve_tamper(o, &m->sc.attack, e) < 0)
		return -1;
	if (o->resume) {
		br_ssl_session_cache_lru_init(&m->cache, m->cache_store, sizeof m->cache_store);
		m->sc.cache = &m->cache;
	}
	tw_err_clear(&m->wire_err);
	m->wire_ok = tw_wire_run(&m->sc, &m->wire, &m->wire_err) == 0;
	if (tw_model_finish(m, e) < 0)
		return -1;
	if (o->eavesdrop)
		return eavesdrop(m, o, e);
	return o->resume ? build_resumed(m, e) : 0;
}

/* --tamper STEP:OFFSET[:XOR]: where is that byte in the stream it travels
 * in? A first run without the attacker (the same seed gives the same bytes
 * up to the tampered one) lays out the steps. */
static int
resolve_tamper(const tw_options *o, tw_attack *atk, tw_err *e)
{
	tw_options po = *o;
	tw_model *probe;
	char step[64];
	size_t off;
	uint8_t x;
	int si, rc = 0;

	if (tw_tamper_parse(o->tamper, step, sizeof step, &off, &x, e) < 0)
		return -1;
	if ((probe = calloc(1, sizeof *probe)) == NULL)
		return tw_err_set(e, "out of memory");
	po.tamper = NULL;
	po.seeded = 1;
	po.seed = o->seed;
	tw_model_build(probe, &po, NULL);
	si = tw_story_find_arg(&probe->story, step);
	if (si < 0)
		rc = tw_err_set(e, "--tamper %.80s: this connection has no step %.60s", o->tamper, step);
	else if (probe->story.step[si].kind != TW_STEP_TLS)
		rc = tw_err_set(e, "--tamper %.80s: %s is a TCP segment; the attacker here works on TLS bytes (pick a TLS step)",
			o->tamper, probe->story.step[si].id);
	else if (off >= probe->story.step[si].len)
		rc = tw_err_set(e, "--tamper %.80s: %s has %zu bytes, so the offset must be below %zu",
			o->tamper, probe->story.step[si].id, probe->story.step[si].len,
			probe->story.step[si].len);
	else {
		atk->kind = TW_ATK_TAMPER;
		atk->dir = probe->story.step[si].dir;
		atk->off = probe->story.step[si].stream_off + off;
		atk->xor = x;
	}
	tw_model_free(probe);
	free(probe);
	return rc;
}

/* record-now-decrypt-later: an eavesdropper with the recorded bytes and,
 * later, the server's private key — no engine facts, no master secret
 * reported by anyone — runs the same key schedule. Then the same with
 * ECDHE, as a second connection to compare. */
static int
eavesdrop(tw_model *m, const tw_options *o, tw_err *e)
{
	tw_wire recorded = m->wire;
	tw_options co = *o;
	tw_model *n;

	memset(recorded.fact, 0, sizeof recorded.fact);
	memset(recorded.engine_ms_known, 0, sizeof recorded.engine_ms_known);
	recorded.given_ms_known = 0;
	tw_keys_compute(&recorded, &m->hs, &m->creds, m->host, m->now, &m->eve);
	m->eavesdropped = 1;
	tw_secrets_free(&m->secrets);
	if (tw_secrets_build(m, &m->secrets) < 0)
		return tw_err_set(e, "out of memory while listing the secrets");
	if (o->eavesdrop != 1)
		return 0;
	/* The same connection with an ephemeral key exchange. */
	if ((n = calloc(1, sizeof *n)) == NULL)
		return tw_err_set(e, "out of memory");
	co.suite = 0;
	co.eavesdrop = 2;          /* eavesdrop on it too, and compare no further */
	co.seed = m->seed;
	co.seeded = 1;
	if (tw_model_build(n, &co, e) < 0) {
		tw_model_free(n);
		free(n);
		return -1;
	}
	n->compared = 1;
	m->next = n;
	return 0;
}

/* The second connection of --resume: a new TCP connection whose client
 * offers the first one's session, and a server that finds it in its cache.
 * Its master secret is carried over, so the key schedule starts from the
 * first connection's, which was verified there. */
static int
build_resumed(tw_model *m, tw_err *e)
{
	tw_model *n = calloc(1, sizeof *n);

	if (n == NULL)
		return tw_err_set(e, "out of memory");
	m->next = n;
	n->resumed_conn = 1;
	n->seed = m->seed;
	n->seeded = m->seeded;
	n->now = m->now;
	memcpy(n->host, m->host, sizeof n->host);
	memcpy(n->path, m->path, sizeof n->path);
	n->sc = m->sc;
	n->sc.conn = 1;
	n->sc.host = n->host;
	n->sc.path = n->path;
	n->sc.resume = &m->wire.session;
	tw_err_clear(&n->wire_err);
	n->wire_ok = tw_wire_run(&n->sc, &n->wire, &n->wire_err) == 0;
	memcpy(n->wire.given_ms, m->keys.ms, 48);
	n->wire.given_ms_known = TW_MS_RESUMED;
	if (tw_model_finish(n, e) < 0)
		return -1;
	if (!n->wire_ok)
		return tw_err_set(e, "the second connection: %s", n->wire_err.msg);
	if (!n->hs.resumed)
		return tw_err_set(e, "the second connection did not resume the first one's session");
	return 0;
}

/* see model.h */
int
tw_model_finish(tw_model *m, tw_err *e)
{
	size_t i;

	if (tw_hs_parse(&m->wire, &m->hs, e) < 0)
		return -1;
	/* A TLS 1.3 ServerHello echoes the client's legacy session id for
	 * middleboxes (RFC 8446 D.4): that is not a TLS 1.2 resumption. */
	if (m->t13.present)
		m->hs.resumed = 0;
	tw_keys_compute(&m->wire, &m->hs, &m->creds, m->host, m->now, &m->keys);
	if (m->t13.present)
		tw_tls13_compute(&m->wire, &m->creds, m->host, m->now, &m->t13);
	/* A capture brought its own packets (m->tcp.cap.captured); a second
	 * connection gets its own port and sequence numbers. */
	if (!m->tcp.cap.captured && tw_tcp_build(&m->wire,
		m->seed + (uint64_t)m->resumed_conn * 0x9e3779b97f4a7c15u, &m->tcp, e) < 0)
		return -1;
	if (m->t13.present ? tw_story13_build(m, e) < 0
		: tw_story_build(&m->wire, &m->hs, &m->tcp, &m->story, e) < 0)
		return -1;
	tw_failure_build(m, &m->failure);
	for (i = 0; i < m->story.nstep; i++)
		if (tw_dissect_step(m, i, &m->tree[i]) < 0)
			return tw_err_set(e, "out of memory while dissecting step %s",
				m->story.step[i].id);
	/* After the trees: a secret names the field its bytes came from. */
	if (tw_secrets_build(m, &m->secrets) < 0)
		return tw_err_set(e, "out of memory while listing the secrets");
	if (!m->wire_ok)
		return tw_err_set(e, "%s", m->wire_err.msg);
	return 0;
}

/* see model.h */
int
tw_model_step_attacked(const tw_model *m, int i)
{
	const tw_step *st;
	size_t j;

	if (i < 0 || (size_t)i >= m->story.nstep)
		return 0;
	st = &m->story.step[i];
	for (j = 0; j < m->wire.nattack; j++) {
		const tw_attack_event *ev = &m->wire.attack[j];
		if (st->kind == TW_STEP_TLS && ev->dir == st->dir && ev->off < st->stream_off + st->len
			&& ev->off + ev->len > st->stream_off)
			return 1;
	}
	return 0;
}

/* see model.h */
void
tw_model_free(tw_model *m)
{
	if (m->next != NULL) {
		tw_model_free(m->next);
		free(m->next);
		m->next = NULL;
	}
	size_t i;

	for (i = 0; i < TW_MAX_STEPS; i++)
		tw_field_free(&m->tree[i]);
	tw_secrets_free(&m->secrets);
	tw_keys_free(&m->keys);
	tw_keys_free(&m->eve);
	tw_tls13_free(&m->t13);
	tw_hs_free(&m->hs);
	tw_tcp_free(&m->tcp);
	tw_wire_free(&m->wire);
	tw_creds_free(&m->creds);
	memset(m, 0, sizeof *m);
}
