/*
 * wire.c — two BearSSL engines in one process, bytes moved through memory,
 * everything each side emitted captured. See wire.h.
 */
#include "config.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wire.h"
#include "util.h"
#include "engine.h"
#include "names.h"
#include "certcheck.h"

/* Everything a run needs on the heap: the contexts are large. */
typedef struct {
	br_ssl_client_context cc;
	br_x509_minimal_context xc;
	br_ssl_server_context ss;
	br_x509_minimal_context sxc;        /* the server's check of a client certificate */
	br_ec_impl ec[2];                   /* default EC impl, recording, per side */
	tw_keyx_recorder keyx;
	unsigned char cbuf[BR_SSL_BUFSIZE_BIDI];
	unsigned char sbuf[BR_SSL_BUFSIZE_BIDI];
	tw_buf stream[2];                    /* captured, per direction */
	tw_buf out[2];                       /* what the peer receives (the attacker's output) */
	size_t forwarded;                    /* records passed to the attacker so far */
	size_t parsed[2];                   /* how far stream[d] is split into records */
	size_t delivered[2];                /* how far stream[d] reached the peer */
	int ccs_seen[2];
	uint64_t seq[2];
	tw_buf app_sent[2], app_recv[2];
	int req_sent, resp_sent, close_started;
} run_state;

/* Split newly captured bytes of direction d into records, in emission order. */
static int
split_records(run_state *rs, tw_wire *w, tw_dir d)
{
	tw_buf *s = &rs->stream[d];

	while (s->len - rs->parsed[d] >= 5) {
		const uint8_t *h = s->buf + rs->parsed[d];
		size_t flen = ((size_t)h[3] << 8) | h[4];
		tw_record *r;

		if (s->len - rs->parsed[d] < 5 + flen)
			break;
		if (w->nrec == TW_WIRE_MAX_RECORDS)
			return -1;
		r = &w->rec[w->nrec++];
		r->dir = d;
		r->type = h[0];
		r->version = (uint16_t)((h[1] << 8) | h[2]);
		r->off = rs->parsed[d];
		r->len = 5 + flen;
		r->encrypted = rs->ccs_seen[d];
		r->seq = rs->seq[d]++;
		if (r->type == TW_CT_CCS) {
			rs->ccs_seen[d] = 1;
			rs->seq[d] = 0;
		}
		rs->parsed[d] += r->len;
	}
	return 0;
}

static int
http_request_complete(const tw_buf *b)
{
	size_t i;

	for (i = 0; i + 4 <= b->len; i++)
		if (memcmp(b->buf + i, "\r\n\r\n", 4) == 0)
			return 1;
	return 0;
}

/* A response is complete when its headers ended and Content-Length bytes followed. */
static int
http_response_complete(const tw_buf *b)
{
	size_t i, hdr_end = 0;
	const char *cl;
	char tmp[2048];

	for (i = 0; i + 4 <= b->len; i++)
		if (memcmp(b->buf + i, "\r\n\r\n", 4) == 0) {
			hdr_end = i + 4;
			break;
		}
	if (hdr_end == 0 || hdr_end >= sizeof tmp)
		return 0;
	memcpy(tmp, b->buf, hdr_end);
	tmp[hdr_end] = 0;
	cl = strstr(tmp, "Content-Length: ");
	if (cl == NULL)
		return 1;
	return b->len >= hdr_end + strtoul(cl + 16, NULL, 10);
}

/* The server's answer: a small page that echoes the path, with a length. */
static int
make_response(const tw_scenario *sc, const tw_buf *req, tw_buf *out)
{
	/* Room for any path the request line can carry (reqtext in
	 * tw_wire_run is 1024 bytes): a shorter buffer silently answered
	 * "/" to a long --path. */
	char path[1024] = "/", html[6 * 1024];
	char body[8192], head[512], date[64];
	struct tm tm;
	int blen, hlen;
	const char *sp1, *sp2;
	/* The demo server's clock is fixed (the certificate clock --seed
	 * uses), so that the printed seed alone repeats every byte. */
	time_t server_clock = (time_t)1798761600;    /* 2027-01-01 00:00 UTC */
	size_t i, k = 0;

	/* "GET <path> HTTP/1.1" — take the path as the server actually received it. */
	sp1 = memchr(req->buf, ' ', req->len);
	if (sp1) {
		sp2 = memchr(sp1 + 1, ' ', req->len - (size_t)(sp1 + 1 - (const char *)req->buf));
		if (sp2 && (size_t)(sp2 - sp1 - 1) < sizeof path) {
			memcpy(path, sp1 + 1, (size_t)(sp2 - sp1 - 1));
			path[sp2 - sp1 - 1] = 0;
		}
	}
	/* The path goes into HTML: escape what would be markup. */
	for (i = 0; path[i] && k + 7 < sizeof html; i++) {
		const char *ent = tw_html_entity((unsigned char)path[i]);
		if (ent)
			k += (size_t)snprintf(html + k, sizeof html - k, "%s", ent);
		else
			html[k++] = path[i];
	}
	html[k] = 0;
	gmtime_r(&server_clock, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	blen = snprintf(body, sizeof body,
		"<!DOCTYPE html>\n<html><head><title>tlswalk</title></head>\n"
		"<body><h1>Hello from %s</h1>\n"
		"<p>You asked for %s over TLS 1.2.</p></body></html>\n",
		sc->host, html);
	hlen = snprintf(head, sizeof head,
		"HTTP/1.1 200 OK\r\n"
		"Date: %s\r\n"
		"Server: tlswalk-demo\r\n"
		"Content-Type: text/html; charset=utf-8\r\n"
		"Content-Length: %d\r\n"
		"Connection: close\r\n\r\n", date, blen);
	if (blen < 0 || (size_t)blen >= sizeof body || hlen < 0 || (size_t)hlen >= sizeof head)
		return -1;
	if (tw_buf_add(out, head, (size_t)hlen) < 0 || tw_buf_add(out, body, (size_t)blen) < 0)
		return -1;
	return 0;
}

/* Write as much of data[*done..len) as the engine takes, then flush. */
static void
app_write(br_ssl_engine_context *eng, const uint8_t *data, size_t len, size_t *done)
{
	while (*done < len && (br_ssl_engine_current_state(eng) & BR_SSL_SENDAPP)) {
		size_t room, n;
		unsigned char *buf = br_ssl_engine_sendapp_buf(eng, &room);
		n = len - *done < room ? len - *done : room;
		memcpy(buf, data + *done, n);
		br_ssl_engine_sendapp_ack(eng, n);
		*done += n;
	}
	br_ssl_engine_flush(eng, 0);
}

static void
log_attack(tw_wire *w, tw_dir d, int rec, size_t off, size_t len, const char *en,
	const char *zh)
{
	tw_attack_event *a;

	if (w->nattack == TW_MAX_ATTACK_EVENTS)
		return;
	a = &w->attack[w->nattack++];
	a->dir = d;
	a->rec = rec;
	a->off = off;
	a->len = len;
	snprintf(a->what_en, sizeof a->what_en, "%s", en);
	snprintf(a->what_zh, sizeof a->what_zh, "%s", zh);
}

/* The downgrade: the ClientHello's suite list cut to the RSA key
 * exchange suites with SHA-1, lengths fixed up. Writes the new record into
 * out; returns 0, or -1 when the bytes are not a ClientHello it can read
 * (then the record passes unchanged). */
static int
downgrade_hello(const uint8_t *rb, size_t len, tw_buf *out, size_t *removed)
{
	static const uint16_t weak[] = { 0x002f, 0x0035 };
	uint8_t nb[16384 + 5];
	size_t p = 5 + 4 + 2 + 32, sl, i, k, n = 0, kept = 0;

	if (len > sizeof nb || len < p + 1 || rb[0] != TW_CT_HANDSHAKE || rb[5] != 1)
		return -1;
	p += 1 + rb[p];
	if (p + 2 > len)
		return -1;
	sl = ((size_t)rb[p] << 8) | rb[p + 1];
	if (p + 2 + sl > len || sl % 2)
		return -1;
	memcpy(nb, rb, p + 2);
	n = p + 2;
	for (i = 0; i < sl; i += 2)
		for (k = 0; k < sizeof weak / sizeof weak[0]; k++)
			if ((((unsigned)rb[p + 2 + i] << 8) | rb[p + 3 + i]) == weak[k]) {
				nb[n++] = rb[p + 2 + i];
				nb[n++] = rb[p + 3 + i];
				kept += 2;
			}
	if (kept == 0)
		return -1;
	memcpy(nb + n, rb + p + 2 + sl, len - p - 2 - sl);
	n += len - p - 2 - sl;
	*removed = (sl - kept) / 2;
	nb[p] = (uint8_t)(kept >> 8);
	nb[p + 1] = (uint8_t)kept;
	nb[3] = (uint8_t)((n - 5) >> 8);
	nb[4] = (uint8_t)(n - 5);
	nb[6] = (uint8_t)((n - 9) >> 16);
	nb[7] = (uint8_t)((n - 9) >> 8);
	nb[8] = (uint8_t)(n - 9);
	return tw_buf_add(out, nb, n);
}

/* Pass the records the senders completed through the man in the middle
 * (or straight through) into what the peers receive. */
static int
forward(run_state *rs, tw_wire *w, const tw_attack *atk)
{
	for (; rs->forwarded < w->nrec; rs->forwarded++) {
		size_t ri = rs->forwarded, removed = 0, j;
		const tw_record *r = &w->rec[ri];
		/* During the run the bytes are still in the capture buffers. */
		const uint8_t *rb = rs->stream[r->dir].buf + r->off;
		tw_buf *o = &rs->out[r->dir];
		char en[200], zh[200];

		switch (atk->kind) {
		case TW_ATK_TAMPER:
			if (r->dir == atk->dir && atk->off >= r->off && atk->off < r->off + r->len) {
				size_t at = o->len + (atk->off - r->off);
				if (tw_buf_add(o, rb, r->len) < 0)
					return -1;
				o->buf[at] ^= atk->xor;
				snprintf(en, sizeof en, "flipped bits 0x%02x of one byte: %02x became %02x",
					atk->xor, rb[atk->off - r->off], o->buf[at]);
				snprintf(zh, sizeof zh, "翻转了一个字节的位 0x%02x：%02x 变成了 %02x",
					atk->xor, rb[atk->off - r->off], o->buf[at]);
				log_attack(w, r->dir, (int)ri, atk->off, 1, en, zh);
				continue;
			}
			break;
		case TW_ATK_DOWNGRADE:
			if (ri == 0 && r->dir == TW_C2S) {
				size_t before = o->len;
				if (downgrade_hello(rb, r->len, o, &removed) == 0) {
					snprintf(en, sizeof en, "removed %zu strong suites from the ClientHello, "
						"leaving only RSA key exchange with SHA-1; the server received %zu bytes instead of %zu",
						removed, o->len - before, r->len);
					snprintf(zh, sizeof zh, "从 ClientHello 中删去 %zu 个强加密组件，只留下使用 SHA-1 的 RSA 密钥交换；"
						"服务器收到 %zu 字节而不是 %zu 字节", removed, o->len - before, r->len);
					log_attack(w, r->dir, (int)ri, r->off, r->len, en, zh);
					continue;
				}
			}
			break;
		case TW_ATK_REPLAY:
			if (r->dir == TW_C2S && r->type == TW_CT_APPDATA) {
				for (j = 0; j < ri; j++)
					if (w->rec[j].dir == TW_C2S && w->rec[j].type == TW_CT_APPDATA)
						break;
				if (j == ri) {
					if (tw_buf_add(o, rb, r->len) < 0 || tw_buf_add(o, rb, r->len) < 0)
						return -1;
					log_attack(w, r->dir, (int)ri, r->off, r->len,
						"recorded this encrypted record and sent it a second time",
						"记录下这条加密记录并再发送了一次");
					continue;
				}
			}
			break;
		case TW_ATK_TRUNCATE:
			if (r->dir == TW_S2C && r->type == TW_CT_ALERT && r->encrypted) {
				log_attack(w, r->dir, (int)ri, r->off, r->len,
					"dropped this record: the client never receives the server's close_notify",
					"丢弃了这条记录：客户端永远收不到服务器的 close_notify");
				continue;
			}
			break;
		default:
			break;
		}
		if (tw_buf_add(o, rb, r->len) < 0)
			return -1;
	}
	return 0;
}

/* One pass of the caller loop. Returns 1 if anything moved. */
static int
pump(run_state *rs, tw_wire *w, const tw_scenario *sc, tw_buf *request,
	tw_buf *response, size_t *req_done, size_t *resp_done, int *overflow)
{
	br_ssl_engine_context *eng[2] = { &rs->cc.eng, &rs->ss.eng };
	int progress = 0;
	int d;

	for (d = 0; d < 2; d++) {
		br_ssl_engine_context *src = eng[d], *dst = eng[1 - d];
		unsigned st = br_ssl_engine_current_state(src);

		if (st & BR_SSL_SENDREC) {
			size_t len;
			unsigned char *buf = br_ssl_engine_sendrec_buf(src, &len);
			if (tw_buf_add(&rs->stream[d], buf, len) < 0) {
				*overflow = 1;
				return 0;
			}
			br_ssl_engine_sendrec_ack(src, len);
			if (split_records(rs, w, (tw_dir)d) < 0
				|| forward(rs, w, &sc->attack) < 0) {
				*overflow = 1;
				return 0;
			}
			progress = 1;
		}
		/* Deliver what the peer will take; it may take a record in pieces. */
		while (rs->delivered[d] < rs->out[d].len
			&& (br_ssl_engine_current_state(dst) & BR_SSL_RECVREC)) {
			size_t room, n, left = rs->out[d].len - rs->delivered[d];
			unsigned char *buf = br_ssl_engine_recvrec_buf(dst, &room);
			n = left < room ? left : room;
			memcpy(buf, rs->out[d].buf + rs->delivered[d], n);
			br_ssl_engine_recvrec_ack(dst, n);
			rs->delivered[d] += n;
			progress = 1;
		}
	}

	/* Both sides read whatever application data arrived. */
	for (d = 0; d < 2; d++) {
		while (br_ssl_engine_current_state(eng[d]) & BR_SSL_RECVAPP) {
			size_t len;
			unsigned char *buf = br_ssl_engine_recvapp_buf(eng[d], &len);
			if (tw_buf_add(&rs->app_recv[d], buf, len) < 0) {
				*overflow = 1;
				return 0;
			}
			br_ssl_engine_recvapp_ack(eng[d], len);
			progress = 1;
		}
	}

	/* Client: send the request once the handshake is done. */
	if (!rs->req_sent && (br_ssl_engine_current_state(eng[0]) & BR_SSL_SENDAPP)) {
		size_t before = *req_done;
		app_write(eng[0], request->buf, request->len, req_done);
		if (*req_done != before)
			progress = 1;
		if (*req_done == request->len)
			rs->req_sent = 1;
	}
	/* Server: answer once the whole request is in. */
	if (!rs->resp_sent && http_request_complete(&rs->app_recv[1])) {
		size_t before = *resp_done;
		if (response->len == 0 && make_response(sc, &rs->app_recv[1], response) < 0) {
			*overflow = 1;
			return 0;
		}
		app_write(eng[1], response->buf, response->len, resp_done);
		if (*resp_done != before)
			progress = 1;
		if (*resp_done == response->len)
			rs->resp_sent = 1;
	}
	/* Client: close (close_notify) once the whole response is in. */
	if (!rs->close_started && rs->resp_sent
		&& http_response_complete(&rs->app_recv[0])) {
		br_ssl_engine_close(eng[0]);
		rs->close_started = 1;
		progress = 1;
	}
	return progress;
}

/* The TLS 1.2 cipher suites Firefox offers, in its order, all of which
 * BearSSL implements. The server (RSA key) takes the first it can serve:
 * TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256. */
static const uint16_t client_suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,       /* c02b */
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,         /* c02f */
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, /* cca9 */
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,   /* cca8 */
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,       /* c02c */
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,         /* c030 */
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,          /* c00a */
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,          /* c009 */
	BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,            /* c013 */
	BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,            /* c014 */
	BR_TLS_RSA_WITH_AES_128_GCM_SHA256,               /* 009c */
	BR_TLS_RSA_WITH_AES_256_GCM_SHA384,               /* 009d */
	BR_TLS_RSA_WITH_AES_128_CBC_SHA,                  /* 002f */
	BR_TLS_RSA_WITH_AES_256_CBC_SHA                   /* 0035 */
};

#define TW_MAX_OFFER (sizeof client_suites / sizeof client_suites[0] + 1)

/* Days since 0000-01-01 (proleptic Gregorian) and seconds in the day. */
static void
x509_time(time_t t, uint32_t *days, uint32_t *secs)
{
	*days = (uint32_t)(t / 86400) + 719528;
	*secs = (uint32_t)(t % 86400);
}

/* see wire.h */
int
tw_wire_run(const tw_scenario *sc, tw_wire *w, tw_err *e)
{
	run_state *rs;
	tw_buf request = { 0 }, response = { 0 };
	size_t req_done = 0, resp_done = 0;
	unsigned char ent[32];
	char reqtext[1024];
	uint32_t days, secs;
	int n, iter, overflow = 0, ret = -1, d;
	br_ssl_session_parameters sp;
	uint16_t offer[TW_MAX_OFFER];
	size_t i, nsuites;

	memset(w, 0, sizeof *w);
	tw_engine_record_into(w);
	rs = calloc(1, sizeof *rs);
	if (rs == NULL)
		return tw_err_set(e, "out of memory");

	/* Client: the full profile, offering the TLS 1.2 suites in the order a
	 * current browser does (and the chosen suite, if a browser would not
	 * offer it), and the groups a browser offers. */
	br_ssl_client_init_full(&rs->cc, &rs->xc, sc->creds->anchors, sc->creds->anchors_len);
	nsuites = 0;
	if (sc->client_offer != NULL)
		for (i = 0; i < sc->client_offer_len && i + 1 < TW_MAX_OFFER; i++)
			offer[nsuites++] = sc->client_offer[i];
	else
		for (i = 0; i < sizeof client_suites / sizeof client_suites[0]; i++)
			offer[nsuites++] = client_suites[i];
	for (i = 0; i < nsuites && sc->suite && offer[i] != sc->suite; i++)
		;
	if (sc->suite && i == nsuites)
		offer[nsuites++] = sc->suite;
	br_ssl_engine_set_suites(&rs->cc.eng, offer, nsuites);
	for (d = 0; d < 2; d++)
		tw_engine_ec_recording(&rs->ec[d], d);
	rs->ec[0].supported_curves = ((uint32_t)1 << BR_EC_curve25519)
		| ((uint32_t)1 << BR_EC_secp256r1) | ((uint32_t)1 << BR_EC_secp384r1)
		| ((uint32_t)1 << BR_EC_secp521r1);
	br_ssl_engine_set_ec(&rs->cc.eng, &rs->ec[0]);
	br_ssl_client_set_rsapub(&rs->cc, tw_engine_rsapub);
	x509_time(sc->now, &days, &secs);
	br_x509_minimal_set_time(&rs->xc, days, secs);
	br_ssl_engine_set_buffer(&rs->cc.eng, rs->cbuf, sizeof rs->cbuf, 1);
	if (sc->client_cert && sc->creds->client_chain_len > 0)
		br_ssl_client_set_single_rsa(&rs->cc, sc->creds->client_chain,
			sc->creds->client_chain_len, &sc->creds->client_key,
			br_rsa_pkcs1_sign_get_default());

	/* Server: the credentials' key type, TLS 1.2 only, the one group
	 * chosen, and the chosen suite first in its own order, which it then
	 * enforces (BearSSL otherwise follows the client's order). */
	if (sc->creds->key_type == BR_KEYTYPE_EC)
		br_ssl_server_init_full_ec(&rs->ss, sc->creds->chain, sc->creds->chain_len,
			BR_KEYTYPE_EC, &sc->creds->ec_key);
	else
		br_ssl_server_init_full_rsa(&rs->ss, sc->creds->chain, sc->creds->chain_len,
			&sc->creds->key);
	br_ssl_engine_set_versions(&rs->ss.eng, BR_TLS12, BR_TLS12);
	if (sc->suite) {
		uint16_t pref[TW_MAX_OFFER];
		size_t np = 0;

		pref[np++] = sc->suite;
		for (i = 0; i < nsuites; i++)
			if (offer[i] != sc->suite)
				pref[np++] = offer[i];
		br_ssl_engine_set_suites(&rs->ss.eng, pref, np);
		br_ssl_engine_add_flags(&rs->ss.eng, BR_OPT_ENFORCE_SERVER_PREFERENCES);
	}
	rs->ec[1].supported_curves = (uint32_t)1 << (sc->group ? sc->group : BR_EC_secp256r1);
	br_ssl_engine_set_ec(&rs->ss.eng, &rs->ec[1]);
	br_ssl_engine_set_buffer(&rs->ss.eng, rs->sbuf, sizeof rs->sbuf, 1);
	if (sc->cache != NULL)
		br_ssl_server_set_cache(&rs->ss, &sc->cache->vtable);
	tw_keyx_recorder_install(&rs->keyx, &rs->ss, &w->fact[1]);
	if (sc->client_cert && sc->creds->client_anchors_len > 0) {
		br_ssl_server_set_trust_anchor_names_alt(&rs->ss, sc->creds->client_anchors,
			sc->creds->client_anchors_len);
		br_x509_minimal_init_full(&rs->sxc, sc->creds->client_anchors,
			sc->creds->client_anchors_len);
		br_x509_minimal_set_time(&rs->sxc, days, secs);
		br_ssl_engine_set_x509(&rs->ss.eng, &rs->sxc.vtable);
		/* What the server can check a CertificateVerify with; BearSSL
		 * lists the certificate types of its CertificateRequest from
		 * these, and a server profile sets neither. */
		br_ssl_engine_set_rsavrfy(&rs->ss.eng, br_rsa_pkcs1_vrfy_get_default());
		br_ssl_engine_set_ecdsa(&rs->ss.eng, br_ecdsa_vrfy_asn1_get_default());
	}

	/*
	 * Reproducibility. Both engines would seed themselves from the OS at
	 * reset unless rng_os_rand_done is already 1 (a documented-private field
	 * of BearSSL 0.6, touched here and nowhere else; the determinism test
	 * in tests/check_wire.c fails if this stops working). All entropy then
	 * comes from the seed, so one number reproduces every byte.
	 */
	rs->cc.eng.rng_os_rand_done = 1;
	rs->ss.eng.rng_os_rand_done = 1;
	tw_seed_bytes(sc->seed, sc->conn ? "tlswalk client entropy, connection 2"
		: "tlswalk client entropy", ent);
	br_ssl_engine_inject_entropy(&rs->cc.eng, ent, sizeof ent);
	tw_seed_bytes(sc->seed, sc->conn ? "tlswalk server entropy, connection 2"
		: "tlswalk server entropy", ent);
	br_ssl_engine_inject_entropy(&rs->ss.eng, ent, sizeof ent);

	if (sc->resume != NULL)
		br_ssl_engine_set_session_parameters(&rs->cc.eng, sc->resume);
	if (!br_ssl_client_reset(&rs->cc, sc->host, sc->resume != NULL)
		|| !br_ssl_server_reset(&rs->ss)) {
		tw_err_set(e, "BearSSL refused to start the engines: %s",
			tw_br_err_name(br_ssl_engine_last_error(&rs->cc.eng)));
		goto done;
	}

	n = snprintf(reqtext, sizeof reqtext,
		"GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: tlswalk/" PACKAGE_VERSION
		"\r\nAccept: */*\r\nConnection: close\r\n\r\n", sc->path, sc->host);
	if (n < 0 || (size_t)n >= sizeof reqtext) {
		tw_err_set(e, "the request line is too long (path or host over 900 bytes)");
		goto done;
	}
	if (tw_buf_add(&request, reqtext, (size_t)n) < 0) {
		tw_err_set(e, "out of memory");
		goto done;
	}

	for (iter = 0; iter < 100000; iter++) {
		if ((br_ssl_engine_current_state(&rs->cc.eng) & BR_SSL_CLOSED)
			&& (br_ssl_engine_current_state(&rs->ss.eng) & BR_SSL_CLOSED))
			break;
		if (!pump(rs, w, sc, &request, &response, &req_done, &resp_done, &overflow))
			break;
	}
	if (overflow) {
		tw_err_set(e, "the connection produced more than %d records or ran out of memory",
			TW_WIRE_MAX_RECORDS);
		goto done;
	}

	w->client_err = br_ssl_engine_last_error(&rs->cc.eng);
	w->server_err = br_ssl_engine_last_error(&rs->ss.eng);
	w->handshake_done = rs->req_sent;
	br_ssl_engine_get_session_parameters(&rs->cc.eng, &w->session);
	for (d = 0; d < 2; d++) {
		br_ssl_engine_get_session_parameters(d == 0 ? &rs->cc.eng : &rs->ss.eng, &sp);
		memcpy(w->engine_ms[d], sp.master_secret, 48);
		w->engine_ms_known[d] = 1;
		w->engine_suite[d] = sp.cipher_suite;
		w->engine_version[d] = sp.version;
	}
	w->closed_cleanly = (br_ssl_engine_current_state(&rs->cc.eng) & BR_SSL_CLOSED)
		&& (br_ssl_engine_current_state(&rs->ss.eng) & BR_SSL_CLOSED)
		&& w->client_err == BR_ERR_OK && w->server_err == BR_ERR_OK;

	if (w->client_err == BR_ERR_X509_EXPIRED) {
		/* Expired at which time? With --seed the clock is 2027-01-01,
		 * so a certificate valid today can fail here. */
		/* And which of the two: BearSSL has one code for a certificate
		 * expired and one not yet valid; the dates tell. */
		char when[40], bound[40], which[120] = "";
		struct tm tm;
		size_t ci;
		gmtime_r(&sc->now, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		for (ci = 0; ci < sc->creds->chain_len && which[0] == 0; ci++) {
			tw_cert_facts f;
			tw_cert_facts_read(sc->creds->chain[ci].data, sc->creds->chain[ci].data_len, &f);
			if (!f.decoded)
				continue;
			if (sc->now < f.not_before) {
				gmtime_r(&f.not_before, &tm);
				strftime(bound, sizeof bound, "%Y-%m-%d", &tm);
				snprintf(which, sizeof which, ": certificate %zu is not yet valid (valid from %s)", ci + 1, bound);
			} else if (sc->now > f.not_after) {
				gmtime_r(&f.not_after, &tm);
				strftime(bound, sizeof bound, "%Y-%m-%d", &tm);
				snprintf(which, sizeof which, ": certificate %zu expired on %s", ci + 1, bound);
			}
		}
		tw_err_set(e, "the client stopped the connection: %s (%s) at %s%s%s",
			tw_br_err_name(w->client_err), tw_br_err_text(w->client_err),
			when, sc->seeded ? ", the certificate clock --seed fixes" : "", which);
		if (e) e->code = w->client_err;
	} else if (w->client_err != BR_ERR_OK && !((w->client_err & BR_ERR_RECV_FATAL_ALERT)
		&& w->server_err != BR_ERR_OK)) {
		/* (A client that only received the server's alert did not stop
		 * it: the server did, and says why below.) */
		tw_err_set(e, "the client stopped the connection: %s (%s)",
			tw_br_err_name(w->client_err), tw_br_err_text(w->client_err));
		if (e) e->code = w->client_err;
	} else if (w->server_err != BR_ERR_OK) {
		if (w->server_err & BR_ERR_SEND_FATAL_ALERT)
			tw_err_set(e, "the server stopped the connection with a fatal %s alert (%d)",
				tw_name_alert((uint8_t)(w->server_err & 0xff))
				? tw_name_alert((uint8_t)(w->server_err & 0xff)) : "?", w->server_err & 0xff);
		else
			tw_err_set(e, "the server stopped the connection: %s (%s)",
				tw_br_err_name(w->server_err), tw_br_err_text(w->server_err));
		if (e) e->code = w->server_err;
	} else if (!w->closed_cleanly || !rs->resp_sent
		|| !http_response_complete(&rs->app_recv[0])) {
		tw_err_set(e, "the connection stalled before the response and close_notify completed");
	} else {
		ret = 0;
	}

done:
	for (d = 0; d < 2; d++) {
		w->stream[d] = rs->stream[d].buf;
		w->stream_len[d] = rs->stream[d].len;
		if (sc->attack.kind != TW_ATK_NONE) {
			w->received[d] = rs->out[d].buf;
			w->received_len[d] = rs->out[d].len;
		} else
			tw_buf_free(&rs->out[d]);
		w->app_recv[d] = rs->app_recv[d].buf;
		w->app_recv_len[d] = rs->app_recv[d].len;
	}
	w->app_sent[0] = request.buf;
	w->app_sent_len[0] = request.len;
	w->app_sent[1] = response.buf;
	w->app_sent_len[1] = response.len;
	tw_engine_record_into(NULL);
	/* The contexts hold key material; wipe before freeing. */
	memset(rs, 0, offsetof(run_state, stream));
	free(rs);
	return ret;
}

/* see wire.h */
const uint8_t *
tw_wire_record_bytes(const tw_wire *w, size_t i)
{
	return w->stream[w->rec[i].dir] + w->rec[i].off;
}

/* see wire.h */
void
tw_wire_free(tw_wire *w)
{
	int d;

	for (d = 0; d < 2; d++) {
		free(w->stream[d]);
		free(w->received[d]);
		free(w->app_sent[d]);
		free(w->app_recv[d]);
	}
	memset(w, 0, sizeof *w);
}
