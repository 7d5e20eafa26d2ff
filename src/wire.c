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

/* Everything a run needs on the heap: the contexts are large. */
typedef struct {
	br_ssl_client_context cc;
	br_x509_minimal_context xc;
	br_ssl_server_context ss;
	br_ec_impl ec;                      /* default EC impl, secp256r1 only */
	unsigned char cbuf[BR_SSL_BUFSIZE_BIDI];
	unsigned char sbuf[BR_SSL_BUFSIZE_BIDI];
	tw_buf stream[2];                    /* captured, per direction */
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
		const char *ent = path[i] == '<' ? "&lt;" : path[i] == '>' ? "&gt;" : path[i] == '&' ? "&amp;"
			: path[i] == '"' ? "&quot;" : path[i] == '\'' ? "&#39;" : NULL;
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
			if (split_records(rs, w, (tw_dir)d) < 0) {
				*overflow = 1;
				return 0;
			}
			progress = 1;
			/* Snapshot the server's ephemeral scalar while it exists. */
			if (d == TW_S2C && w->server_ecdhe_key_len == 0
				&& rs->ss.ecdhe_key_len > 0
				&& rs->ss.ecdhe_key_len <= sizeof w->server_ecdhe_key) {
				memcpy(w->server_ecdhe_key, rs->ss.ecdhe_key, rs->ss.ecdhe_key_len);
				w->server_ecdhe_key_len = rs->ss.ecdhe_key_len;
				w->server_ecdhe_curve = br_ssl_engine_get_ecdhe_curve(&rs->ss.eng);
			}
		}
		/* Deliver what the peer will take; it may take a record in pieces. */
		while (rs->delivered[d] < rs->stream[d].len
			&& (br_ssl_engine_current_state(dst) & BR_SSL_RECVREC)) {
			size_t room, n, left = rs->stream[d].len - rs->delivered[d];
			unsigned char *buf = br_ssl_engine_recvrec_buf(dst, &room);
			n = left < room ? left : room;
			memcpy(buf, rs->stream[d].buf + rs->delivered[d], n);
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

	memset(w, 0, sizeof *w);
	rs = calloc(1, sizeof *rs);
	if (rs == NULL)
		return tw_err_set(e, "out of memory");

	/* Client: the full profile, offering the TLS 1.2 suites in the order a
	 * current browser does; secp256r1 only. */
	br_ssl_client_init_full(&rs->cc, &rs->xc, sc->creds->anchors, sc->creds->anchors_len);
	br_ssl_engine_set_suites(&rs->cc.eng, client_suites,
		sizeof client_suites / sizeof client_suites[0]);
	rs->ec = *br_ec_get_default();
	rs->ec.supported_curves = (uint32_t)1 << BR_EC_secp256r1;
	br_ssl_engine_set_ec(&rs->cc.eng, &rs->ec);
	x509_time(sc->now, &days, &secs);
	br_x509_minimal_set_time(&rs->xc, days, secs);
	br_ssl_engine_set_buffer(&rs->cc.eng, rs->cbuf, sizeof rs->cbuf, 1);

	/* Server: RSA chain, TLS 1.2 only, secp256r1 only. */
	br_ssl_server_init_full_rsa(&rs->ss, sc->creds->chain, sc->creds->chain_len,
		&sc->creds->key);
	br_ssl_engine_set_versions(&rs->ss.eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_ec(&rs->ss.eng, &rs->ec);
	br_ssl_engine_set_buffer(&rs->ss.eng, rs->sbuf, sizeof rs->sbuf, 1);

	/*
	 * Reproducibility. Both engines would seed themselves from the OS at
	 * reset unless rng_os_rand_done is already 1 (a documented-private field
	 * of BearSSL 0.6, touched here and nowhere else; the determinism test
	 * in tests/check_wire.c fails if this stops working). All entropy then
	 * comes from the seed, so one number reproduces every byte.
	 */
	rs->cc.eng.rng_os_rand_done = 1;
	rs->ss.eng.rng_os_rand_done = 1;
	tw_seed_bytes(sc->seed, "tlswalk client entropy", ent);
	br_ssl_engine_inject_entropy(&rs->cc.eng, ent, sizeof ent);
	tw_seed_bytes(sc->seed, "tlswalk server entropy", ent);
	br_ssl_engine_inject_entropy(&rs->ss.eng, ent, sizeof ent);

	if (!br_ssl_client_reset(&rs->cc, sc->host, 0)
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
	for (d = 0; d < 2; d++) {
		br_ssl_engine_get_session_parameters(d == 0 ? &rs->cc.eng : &rs->ss.eng, &sp);
		memcpy(w->engine_ms[d], sp.master_secret, 48);
		w->engine_suite[d] = sp.cipher_suite;
		w->engine_version[d] = sp.version;
	}
	w->closed_cleanly = (br_ssl_engine_current_state(&rs->cc.eng) & BR_SSL_CLOSED)
		&& (br_ssl_engine_current_state(&rs->ss.eng) & BR_SSL_CLOSED)
		&& w->client_err == BR_ERR_OK && w->server_err == BR_ERR_OK;

	if (w->client_err == BR_ERR_X509_EXPIRED) {
		/* Expired at which time? With --seed the clock is 2027-01-01,
		 * so a certificate valid today can fail here. */
		char when[40];
		struct tm tm;
		gmtime_r(&sc->now, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		tw_err_set(e, "the client stopped the connection: %s (%s) at %s%s",
			tw_br_err_name(w->client_err), tw_br_err_text(w->client_err),
			when, sc->seeded ? ", the certificate clock --seed fixes" : "");
		if (e) e->code = w->client_err;
	} else if (w->client_err != BR_ERR_OK) {
		tw_err_set(e, "the client stopped the connection: %s (%s)",
			tw_br_err_name(w->client_err), tw_br_err_text(w->client_err));
		if (e) e->code = w->client_err;
	} else if (w->server_err != BR_ERR_OK) {
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
		w->app_recv[d] = rs->app_recv[d].buf;
		w->app_recv_len[d] = rs->app_recv[d].len;
	}
	w->app_sent[0] = request.buf;
	w->app_sent_len[0] = request.len;
	w->app_sent[1] = response.buf;
	w->app_sent_len[1] = response.len;
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
		free(w->app_sent[d]);
		free(w->app_recv[d]);
	}
	memset(w, 0, sizeof *w);
}
