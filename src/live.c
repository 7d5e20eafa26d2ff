/*
 * live.c — one BearSSL engine, one real peer, one connection, every byte
 * kept. See live.h.
 *
 * The caller loop is BearSSL's own pattern (as br_sslio does it): send
 * what the engine has to send, hand it application data, and read from
 * the socket only when the engine has nothing else to do. What the engine
 * emitted is the local side's stream; what the socket gave is the peer's,
 * byte for byte, including what the engine refused.
 */
#include "config.h"
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "live.h"
#include "engine.h"
#include "names.h"
#include "net.h"
#include "util.h"

/* The same TLS 1.2 offer as the in-process client (Firefox's order, the
 * suites BearSSL implements), so a learner compares like with like. */
static const uint16_t client_suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
	BR_TLS_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_RSA_WITH_AES_128_CBC_SHA,
	BR_TLS_RSA_WITH_AES_256_CBC_SHA
};

/* A peer may send at most this much before tlswalk stops reading. */
#define LIVE_MAX_BYTES (1u << 20)
/* ... and take at most this many timeouts in all: a peer that trickles a
 * byte now and then must not keep tlswalk waiting for ever. */
#define LIVE_TOTAL 6

typedef struct {
	br_ssl_client_context cc;
	br_x509_minimal_context xc;
	br_ssl_server_context ss;
	br_ec_impl ec;
	tw_keyx_recorder keyx;
	unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
	br_ssl_engine_context *eng;
	int local;                  /* 0: we are the client; 1: the server */
	int fd, timeout_ms;
	tw_buf stream[2];
	size_t parsed[2];
	int ccs_seen[2];
	uint64_t seq[2];
	tw_buf out, in;             /* application data we send / received */
	size_t out_done;
	int out_ready, closing, handshake_done, peer_eof, too_much, too_slow;
	struct timespec deadline;   /* the whole exchange: LIVE_TOTAL × the timeout */
	tw_err net;                 /* the first network error */
} live_state;

/* Split new bytes of direction d into records, as wire.c does. */
static void
split(live_state *ls, tw_wire *w, int d)
{
	tw_buf *s = &ls->stream[d];

	while (s->len - ls->parsed[d] >= 5) {
		const uint8_t *h = s->buf + ls->parsed[d];
		size_t flen = ((size_t)h[3] << 8) | h[4];
		tw_record *r;

		if (s->len - ls->parsed[d] < 5 + flen)
			break;
		if (w->nrec == TW_WIRE_MAX_RECORDS) {
			ls->too_much = 1;
			return;
		}
		r = &w->rec[w->nrec++];
		r->dir = (tw_dir)d;
		r->type = h[0];
		r->version = (uint16_t)((h[1] << 8) | h[2]);
		r->off = ls->parsed[d];
		r->len = 5 + flen;
		r->encrypted = ls->ccs_seen[d];
		r->seq = ls->seq[d]++;
		if (r->type == TW_CT_CCS) {
			ls->ccs_seen[d] = 1;
			ls->seq[d] = 0;
		}
		ls->parsed[d] += r->len;
	}
}

static const uint8_t *
find_crlfcrlf(const tw_buf *b)
{
	size_t i;

	for (i = 0; i + 4 <= b->len; i++)
		if (memcmp(b->buf + i, "\r\n\r\n", 4) == 0)
			return b->buf + i + 4;
	return NULL;
}

/* The whole response is in: its headers ended and Content-Length bytes
 * followed (without a length, only the peer's close tells). */
static int
response_complete(const tw_buf *b)
{
	const uint8_t *body = find_crlfcrlf(b);
	size_t hlen, i;

	if (body == NULL)
		return 0;
	hlen = (size_t)(body - b->buf);
	for (i = 0; i + 16 <= hlen; i++)
		if (strncasecmp((const char *)b->buf + i, "\ncontent-length:", 16) == 0)
			return b->len - hlen >= strtoul((const char *)b->buf + i + 16, NULL, 10);
	return 0;
}

/* The page a visitor's browser shows: where to look. */
static int
make_page(tw_buf *out, const char *host, time_t now)
{
	char body[1024], head[512], date[64];
	struct tm tm;
	int blen, hlen;

	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	blen = snprintf(body, sizeof body,
		"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tlswalk</title></head>\n"
		"<body><h1>Hello from %s</h1>\n"
		"<p>This page came over the TLS 1.2 connection your browser just made "
		"with tlswalk. Look at the terminal where tlswalk runs: it walks this "
		"very connection, step by step.</p>\n"
		"<p>这个页面经由你的浏览器刚刚与 tlswalk 建立的 TLS 1.2 连接传来。"
		"请看运行 tlswalk 的终端：它正一步一步地讲解这条连接。</p>\n"
		"</body></html>\n", host);
	hlen = snprintf(head, sizeof head,
		"HTTP/1.1 200 OK\r\n"
		"Date: %s\r\n"
		"Server: tlswalk-demo\r\n"
		"Content-Type: text/html; charset=utf-8\r\n"
		"Content-Length: %d\r\n"
		"Connection: close\r\n\r\n", date, blen);
	if (blen < 0 || (size_t)blen >= sizeof body || hlen < 0 || (size_t)hlen >= sizeof head)
		return -1;
	return tw_buf_add(out, head, (size_t)hlen) < 0 || tw_buf_add(out, body, (size_t)blen) < 0
		? -1 : 0;
}

/* How long the next wait may last: the timeout, or less when the
 * deadline of the whole exchange is nearer; 0 when it has passed. */
static int
wait_ms(live_state *ls)
{
	struct timespec now;
	long long left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left = (long long)(ls->deadline.tv_sec - now.tv_sec) * 1000
		+ (ls->deadline.tv_nsec - now.tv_nsec) / 1000000;
	if (left <= 0) {
		ls->too_slow = 1;
		return 0;
	}
	return left < ls->timeout_ms ? (int)left : ls->timeout_ms;
}

/* Drive the engine until it closes, the peer goes away, or an error. */
static void
run(live_state *ls, tw_wire *w, const tw_model *m)
{
	int peer = 1 - ls->local;

	for (;;) {
		unsigned st = br_ssl_engine_current_state(ls->eng);

		if (ls->too_much)
			return;
		if (st & BR_SSL_CLOSED)
			return;
		if (st & BR_SSL_SENDREC) {
			size_t len;
			unsigned char *buf = br_ssl_engine_sendrec_buf(ls->eng, &len);
			if (tw_buf_add(&ls->stream[ls->local], buf, len) < 0) {
				ls->too_much = 1;
				return;
			}
			split(ls, w, ls->local);
			if (wait_ms(ls) == 0
				|| tw_net_write(ls->fd, buf, len, wait_ms(ls), &ls->net) < 0)
				return;
			br_ssl_engine_sendrec_ack(ls->eng, len);
			continue;
		}
		if (st & BR_SSL_RECVAPP) {
			size_t len;
			unsigned char *buf = br_ssl_engine_recvapp_buf(ls->eng, &len);
			if (tw_buf_add(&ls->in, buf, len) < 0) {
				ls->too_much = 1;
				return;
			}
			br_ssl_engine_recvapp_ack(ls->eng, len);
			continue;
		}
		if (st & BR_SSL_SENDAPP)
			ls->handshake_done = 1;
		/* The server answers once the request's headers are in. */
		if (ls->local == 1 && !ls->out_ready && find_crlfcrlf(&ls->in) != NULL) {
			if (make_page(&ls->out, m->host, m->now) < 0) {
				ls->too_much = 1;
				return;
			}
			ls->out_ready = 1;
		}
		if (ls->out_ready && ls->out_done < ls->out.len && (st & BR_SSL_SENDAPP)) {
			size_t room, n;
			unsigned char *buf = br_ssl_engine_sendapp_buf(ls->eng, &room);
			n = ls->out.len - ls->out_done < room ? ls->out.len - ls->out_done : room;
			memcpy(buf, ls->out.buf + ls->out_done, n);
			br_ssl_engine_sendapp_ack(ls->eng, n);
			ls->out_done += n;
			br_ssl_engine_flush(ls->eng, 0);
			continue;
		}
		/* Done talking: the server once its page is out, the client once
		 * the whole response is in. close_notify, then wait for the
		 * peer's (or its end of the stream). */
		if (!ls->closing && ((ls->local == 1 && ls->out_ready && ls->out_done == ls->out.len)
			|| (ls->local == 0 && response_complete(&ls->in)))) {
			br_ssl_engine_close(ls->eng);
			ls->closing = 1;
			continue;
		}
		if (st & BR_SSL_RECVREC) {
			size_t room;
			ssize_t n;
			unsigned char *buf = br_ssl_engine_recvrec_buf(ls->eng, &room);
			int ms = wait_ms(ls);
			if (ms == 0)
				return;
			n = tw_net_read(ls->fd, buf, room, ms, &ls->net);
			if (n < 0) {
				/* A wait cut short by the deadline is the deadline's
				 * fault (wait_ms marks it), not the peer's silence. */
				if (wait_ms(ls) == 0)
					tw_err_clear(&ls->net);
				return;
			}
			if (n == 0) {
				ls->peer_eof = 1;
				return;
			}
			if (tw_buf_add(&ls->stream[peer], buf, (size_t)n) < 0
				|| ls->stream[peer].len > LIVE_MAX_BYTES) {
				ls->too_much = 1;
				return;
			}
			split(ls, w, peer);
			br_ssl_engine_recvrec_ack(ls->eng, (size_t)n);
			continue;
		}
		return;   /* nothing the engine can do: it stalled */
	}
}

/* After the engine refused what the peer sent, read what else it sent (a
 * short while, a few kilobytes) so the walk and the message can show it. */
static void
drain(live_state *ls, tw_wire *w)
{
	int peer = 1 - ls->local;
	uint8_t buf[4096];
	tw_err ignore;
	ssize_t n;

	while (ls->stream[peer].len < 16384) {
		tw_err_clear(&ignore);
		n = tw_net_read(ls->fd, buf, sizeof buf, 300, &ignore);
		if (n <= 0 || tw_buf_add(&ls->stream[peer], buf, (size_t)n) < 0)
			break;
	}
	split(ls, w, peer);
}

/* The first bytes of b as printable text, for a message. */
static void
printable(const tw_buf *b, char *out, size_t size)
{
	size_t i, j = 0;

	for (i = 0; i < b->len && j + 2 < size && b->buf[i] != '\r' && b->buf[i] != '\n'; i++)
		out[j++] = (b->buf[i] >= 0x20 && b->buf[i] < 0x7f) ? (char)b->buf[i] : '.';
	out[j] = 0;
}

/* One sentence for how the connection ended, when it did not complete. */
static void
explain(const live_state *ls, const tw_model *m, int err, tw_err *e)
{
	const char *who = ls->local ? "client" : "server";
	/* The peer's stream, already moved into the transcript. */
	const tw_buf pstream = { m->wire.stream[1 - ls->local],
		m->wire.stream_len[1 - ls->local], 0, 0 };
	const tw_buf *ps = &pstream;
	char txt[80];

	if (ls->too_slow) {
		tw_err_set(e, "the %s took more than %d s in all (%d times --timeout), sending too little at a time; tlswalk stopped waiting",
			who, LIVE_TOTAL * ls->timeout_ms / 1000, LIVE_TOTAL);
		return;
	}
	if (ls->too_much) {
		tw_err_set(e, "the %s sent more than tlswalk keeps (%u KiB or %d records); the walk shows what came before",
			who, LIVE_MAX_BYTES / 1024, TW_WIRE_MAX_RECORDS);
		return;
	}
	/* A record starts with a content type from 20 to 23. */
	if (ps->len > 0 && (ps->buf[0] < TW_CT_CCS || ps->buf[0] > TW_CT_APPDATA)) {
		printable(ps, txt, sizeof txt);
		if (ps->len >= 4 && (memcmp(ps->buf, "GET ", 4) == 0 || memcmp(ps->buf, "POST", 4) == 0
			|| memcmp(ps->buf, "HEAD", 4) == 0 || memcmp(ps->buf, "HTTP", 4) == 0))
			tw_err_set(e, "the %s spoke plain HTTP to the TLS port (\"%s\"): it needs https://, not http://",
				who, txt);
		else
			tw_err_set(e, "the %s sent %zu bytes that are not TLS (they begin \"%s\"); BearSSL stopped at the record header",
				who, ps->len, txt);
		return;
	}
	if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT) {
		int a = err - BR_ERR_RECV_FATAL_ALERT;
		if (a == 70)
			tw_err_set(e, "the %s answered with a protocol_version alert: it accepts only TLS 1.3 (or another version BearSSL does not speak), and BearSSL speaks TLS 1.2",
				who);
		else if (a == 40)
			tw_err_set(e, "the %s answered with a handshake_failure alert: nothing BearSSL offered (cipher suites, groups, signature algorithms) is acceptable to it",
				who);
		else if (a == 42 || a == 43 || a == 45 || a == 46 || a == 48)
			tw_err_set(e, "the %s rejected tlswalk's certificate with the alert %s (%d): it does not trust the certificate (a browser then shows its warning)",
				who, a == 42 ? "bad_certificate" : a == 43 ? "unsupported_certificate"
				: a == 45 ? "certificate_expired" : a == 46 ? "certificate_unknown" : "unknown_ca", a);
		else
			tw_err_set(e, "the %s ended the handshake with the alert %s (%d)", who,
				tw_name_alert((uint8_t)a) ? tw_name_alert((uint8_t)a) : "fatal", a);
		return;
	}
	if (err >= BR_ERR_SEND_FATAL_ALERT) {
		int a = err - BR_ERR_SEND_FATAL_ALERT;
		if (ls->local == 1 && !tw_live_hello_offers(m, 0x0303) && tw_live_hello_offers(m, 0x0304))
			tw_err_set(e, "the client offered only TLS 1.3, and BearSSL speaks TLS 1.2: finding nothing to answer with, it sent the alert %s (%d)",
				tw_name_alert((uint8_t)a) ? tw_name_alert((uint8_t)a) : "fatal", a);
		else if (a == 40)
			tw_err_set(e, "BearSSL found no cipher suite, group or signature algorithm it shares with the %s and sent a handshake_failure alert",
				who);
		else
			tw_err_set(e, "BearSSL stopped the connection and sent the alert %s (%d) to the %s",
				tw_name_alert((uint8_t)a) ? tw_name_alert((uint8_t)a) : "fatal", a, who);
		return;
	}
	if (ls->local == 0 && err > BR_ERR_X509_OK && err < BR_ERR_RECV_FATAL_ALERT) {
		tw_err_set(e, "the server's certificate chain failed tlswalk's check, so its client stopped as a browser would: %s (%s)",
			tw_br_err_name(err), tw_br_err_text(err));
		return;
	}
	if (err == BR_ERR_BAD_LENGTH || err == BR_ERR_TOO_LARGE) {
		size_t rl = ps->len >= 5 ? (size_t)ps->buf[3] << 8 | ps->buf[4] : 0;
		if (rl > 16384 + 2048)
			tw_err_set(e, "the %s sent a record of %zu bytes, more than TLS allows (16384 bytes of plaintext, plus 2048 of protection): %s",
				who, rl, tw_br_err_name(err));
		else
			tw_err_set(e, "the %s sent a record or handshake message larger than BearSSL accepts: %s (%s)",
				who, tw_br_err_name(err), tw_br_err_text(err));
		return;
	}
	if (err != BR_ERR_OK) {
		if (ls->local == 1 && !tw_live_hello_offers(m, 0x0303) && tw_live_hello_offers(m, 0x0304))
			tw_err_set(e, "the client offered only TLS 1.3, and BearSSL speaks TLS 1.2 (%s)",
				tw_br_err_name(err));
		else
			tw_err_set(e, "tlswalk's BearSSL %s stopped the connection: %s (%s)",
				ls->local ? "server" : "client", tw_br_err_name(err), tw_br_err_text(err));
		return;
	}
	if (ls->net.msg[0]) {
		tw_err_set(e, "%s, %s", ls->net.msg,
			ls->handshake_done ? "after the handshake" : "during the handshake");
		return;
	}
	if (ls->peer_eof && !ls->handshake_done) {
		size_t rl = ps->len >= 5 ? (size_t)ps->buf[3] << 8 | ps->buf[4] : 0;
		if (ps->len >= 5 && ps->len < 5 + rl && m->wire.nrec <= (size_t)(ls->local == 0))
			tw_err_set(e, "the %s closed the connection during the handshake, after %zu of the %zu bytes its first record announced",
				who, ps->len, 5 + rl);
		else
			tw_err_set(e, "the %s closed the connection during the handshake, after sending %zu bytes",
				who, ps->len);
		return;
	}
	if (ls->local == 0 && !response_complete(&ls->in) && ls->in.len == 0) {
		tw_err_set(e, "the server closed the connection without an HTTP response");
		return;
	}
	if (ls->local == 1 && !ls->out_ready) {
		tw_err_set(e, "the client closed the connection without sending an HTTP request");
		return;
	}
	tw_err_set(e, "the connection stalled before it completed");
}

static void
x509_time(time_t t, uint32_t *days, uint32_t *secs)
{
	*days = (uint32_t)(t / 86400) + 719528;
	*secs = (uint32_t)(t % 86400);
}

/* The built-in root, written where curl can read it (--cacert). */
static int
write_root(char *dir, size_t dsize, char *path, size_t psize)
{
	FILE *f;

	snprintf(dir, dsize, "%s/tlswalk.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, psize, "%s/root.pem", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(tw_builtin_root_pem, f);
	return fclose(f) == 0 ? 0 : -1;
}

/* What to try, before waiting: in the lessons' language (the first line
 * stays the same in every language, for scripts that read the port). */
static void
print_listen_help(FILE *out, const tw_options *o, const tw_model *m,
	const struct sockaddr_in *sa, const char *root, const char *lang)
{
	char where[64], ip[INET_ADDRSTRLEN];
	unsigned port = ntohs(sa->sin_port);
	int zh = lang != NULL && strncmp(lang, "zh", 2) == 0;
#define L(en, cn) (zh ? (cn) : (en))

	tw_net_format(sa, where, sizeof where);
	inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
	/* 0.0.0.0 accepts on every address; commands on this machine use
	 * loopback, other machines this one's address. */
	if (sa->sin_addr.s_addr == htonl(INADDR_ANY))
		snprintf(ip, sizeof ip, "127.0.0.1");
	fprintf(out, "tlswalk: listening on %s for one HTTPS connection (TLS 1.2, BearSSL server); it is walked once it ends.\n",
		where);
	fputs(L("Try one of these in another terminal:\n",
		"在另一个终端里试试下面任意一条命令：\n"), out);
	if (root != NULL)
		fprintf(out, L("  curl --cacert %s --resolve %s:%u:%s https://%s:%u/\n"
			"      (curl checks the certificate against tlswalk's built-in root; --resolve\n"
			"       maps the certificate's name %s to this address)\n",
			"  curl --cacert %s --resolve %s:%u:%s https://%s:%u/\n"
			"      （curl 用 tlswalk 内置的根证书检查证书；--resolve 把证书中的\n"
			"       名称 %s 映射到这个地址）\n"),
			root, m->host, port, ip, m->host, port, m->host);
	else if (o->ca_file != NULL)
		fprintf(out, "  curl --cacert %s --resolve %s:%u:%s https://%s:%u/\n",
			o->ca_file, m->host, port, ip, m->host, port);
	fprintf(out, L("  curl -k https://%s:%u/\n"
		"      (-k: curl skips the certificate check, so the connection completes\n"
		"       whatever the certificate says)\n",
		"  curl -k https://%s:%u/\n"
		"      （-k：curl 跳过证书检查，所以无论证书如何，连接都会完成）\n"), ip, port);
	fprintf(out, "  openssl s_client -connect %s:%u -servername %s\n", ip, port, m->host);
	fprintf(out, L("Or open https://%s:%u/ in a browser. It will warn that it does not trust\n"
		"the certificate (%s), and that refused connection is what gets walked.\n"
		"To walk a complete handshake, accept the warning, start tlswalk --listen again\n"
		"and reload the page.\n",
		"或者在浏览器中打开 https://%s:%u/。浏览器会警告它不信任这个证书（%s），\n"
		"被拒绝的这条连接就是要讲解的内容。要看完整的握手，请在浏览器中接受警告，\n"
		"再次运行 tlswalk --listen，然后刷新页面。\n"), ip, port,
		root ? L("tlswalk's own demo CA signed it", "它由 tlswalk 自带的演示 CA 签发")
		: L("your CA signed it", "它由你的 CA 签发"));
	if (o->cert_file != NULL && o->ca_file == NULL)
		fputs(L("(The walk checks your chain against tlswalk's built-in root: give --ca with your CA.)\n",
			"（讲解会用 tlswalk 内置的根证书检查你的证书链：请用 --ca 给出你的 CA。）\n"), out);
	if (sa->sin_addr.s_addr == htonl(INADDR_ANY))
		fputs(L("From other machines, use this machine's address instead of 127.0.0.1.\n",
			"在其他机器上，请把 127.0.0.1 换成本机的地址。\n"), out);
#undef L
	fflush(out);
}

/* see live.h */
int
tw_live_build(tw_model *m, const tw_options *o, const tw_live_options *lo,
	tw_err *e)
{
	live_state *ls = NULL;
	struct sockaddr_in sa, peer;
	char connect_host[256], rootdir[256] = "", rootpath[300] = "";
	uint16_t port = 0;
	int lfd = -1, ret = -1, d, err;
	uint32_t days, secs;
	br_ssl_session_parameters sp;
	static const uint8_t zero[48];

	memset(m, 0, sizeof *m);
	m->source = lo->mode;
	m->now = time(NULL);
	/* The TCP stage's numbers (sequence numbers, timestamps) are
	 * reconstructed from a seed; the real ones are not visible here. */
	if (getrandom(&m->seed, sizeof m->seed, 0) != (ssize_t)sizeof m->seed)
		return tw_err_set(e, "cannot read random bytes from the operating system: %s",
			strerror(errno));
	snprintf(m->path, sizeof m->path, "%s", o->path ? o->path : "/");
	if (tw_options_check_path(m->path, e) < 0)
		return TW_LIVE_USAGE;
	if (lo->mode == TW_SOURCE_LISTEN) {
		if (tw_net_parse_listen(lo->target, &sa, e) < 0)
			return TW_LIVE_USAGE;
		snprintf(m->host, sizeof m->host, "%s", o->host ? o->host : "www.example.com");
	} else {
		if (tw_net_parse_connect(lo->target, connect_host, sizeof connect_host, &port, e) < 0)
			return TW_LIVE_USAGE;
		if (o->host == NULL && inet_addr(connect_host) != INADDR_NONE)
			return tw_err_set(e, "--connect %.80s: give the server's name with --host NAME (SNI and the certificate check need a name, not an address)",
				lo->target), TW_LIVE_USAGE;
		snprintf(m->host, sizeof m->host, "%s", o->host ? o->host : connect_host);
	}
	if (tw_options_check_host(m->host, e) < 0)
		return TW_LIVE_USAGE;
	if (lo->mode == TW_SOURCE_CONNECT && o->ca_file == NULL) {
		static const char bundle[] = "/etc/ssl/certs/ca-certificates.crt";
		if (access(bundle, R_OK) != 0)
			return tw_err_set(e, "--connect: the system's trust anchors (%s) are not readable; give --ca FILE",
				bundle), TW_LIVE_USAGE;
		if (tw_creds_load(&m->creds, o->cert_file, o->key_file, bundle, (tw_cert_type)o->cert_type, e) < 0)
			return TW_LIVE_USAGE;
	} else if (tw_creds_load(&m->creds, o->cert_file, o->key_file, o->ca_file, (tw_cert_type)o->cert_type, e) < 0)
		return TW_LIVE_USAGE;
	if (lo->mode == TW_SOURCE_CONNECT) {
		/* The server key in creds is ours, not the peer's: the key
		 * schedule must not open the peer's RSA key exchange with it. */
		memset(&m->creds.key, 0, sizeof m->creds.key);
		memset(&m->creds.ec_key, 0, sizeof m->creds.ec_key);
	}

	ls = calloc(1, sizeof *ls);
	if (ls == NULL)
		return tw_err_set(e, "out of memory");
	ls->fd = -1;
	ls->timeout_ms = (lo->timeout_s > 0 ? lo->timeout_s : TW_LIVE_TIMEOUT) * 1000;
	tw_err_clear(&ls->net);
	tw_err_clear(&m->wire_err);

	/* Connect first: a network failure ends here, before any engine. */
	if (lo->mode == TW_SOURCE_LISTEN) {
		if ((lfd = tw_net_listen(&sa, e)) < 0)
			goto done;
		{
			socklen_t sl = sizeof sa;
			getsockname(lfd, (struct sockaddr *)&sa, &sl);   /* port 0: the one given */
		}
		if (o->cert_file == NULL && write_root(rootdir, sizeof rootdir, rootpath,
			sizeof rootpath) < 0)
			rootpath[0] = 0;
		if (lo->notice)
			print_listen_help(lo->notice, o, m, &sa, rootpath[0] ? rootpath : NULL,
				lo->lang);
		/* The listening socket stays open until this connection ends: a
		 * browser may open a second, speculative connection at once and
		 * send its request on whichever finishes its handshake first;
		 * closing the listener would reset the spare one and make the
		 * browser give up on the page. Only the first is served. */
		ls->fd = tw_net_accept(lfd, lo->timeout_given ? ls->timeout_ms : -1, &peer, e);
		if (ls->fd < 0)
			goto done;
		memcpy(m->wire.client_ip, &peer.sin_addr, 4);
		memcpy(m->wire.server_ip, &sa.sin_addr, 4);
		m->wire.client_port = ntohs(peer.sin_port);
		m->wire.server_port = ntohs(sa.sin_port);
		if (lo->notice) {
			char a[64];
			tw_net_format(&peer, a, sizeof a);
			fprintf(lo->notice, "tlswalk: connection from %s\n", a);
		}
	} else {
		struct sockaddr_in me;
		socklen_t sl = sizeof me;
		if ((ls->fd = tw_net_connect(connect_host, port, ls->timeout_ms, &peer, e)) < 0)
			goto done;
		getsockname(ls->fd, (struct sockaddr *)&me, &sl);
		memcpy(m->wire.client_ip, &me.sin_addr, 4);
		memcpy(m->wire.server_ip, &peer.sin_addr, 4);
		m->wire.client_port = ntohs(me.sin_port);
		m->wire.server_port = ntohs(peer.sin_port);
	}
	m->wire.real_endpoints = 1;

	tw_engine_record_into(&m->wire);
	x509_time(m->now, &days, &secs);
	if (lo->mode == TW_SOURCE_LISTEN) {
		ls->local = 1;
		ls->eng = &ls->ss.eng;
		if (m->creds.key_type == BR_KEYTYPE_EC)
			br_ssl_server_init_full_ec(&ls->ss, m->creds.chain, m->creds.chain_len,
				BR_KEYTYPE_EC, &m->creds.ec_key);
		else
			br_ssl_server_init_full_rsa(&ls->ss, m->creds.chain, m->creds.chain_len,
				&m->creds.key);
		br_ssl_engine_set_versions(ls->eng, BR_TLS12, BR_TLS12);
		if (o->suite) {
			br_ssl_engine_set_suites(ls->eng, &o->suite, 1);
		}
		tw_engine_ec_recording(&ls->ec, 1);
		if (o->group)
			ls->ec.supported_curves = (uint32_t)1 << o->group;
		br_ssl_engine_set_ec(ls->eng, &ls->ec);
		tw_keyx_recorder_install(&ls->keyx, &ls->ss, &m->wire.fact[1]);
		br_ssl_engine_set_buffer(ls->eng, ls->iobuf, sizeof ls->iobuf, 1);
		if (!br_ssl_server_reset(&ls->ss)) {
			tw_err_set(e, "BearSSL refused to start the server: %s",
				tw_br_err_name(br_ssl_engine_last_error(ls->eng)));
			goto done;
		}
	} else {
		char req[1400];
		int n;

		ls->local = 0;
		ls->eng = &ls->cc.eng;
		br_ssl_client_init_full(&ls->cc, &ls->xc, m->creds.anchors, m->creds.anchors_len);
		br_ssl_engine_set_versions(ls->eng, BR_TLS12, BR_TLS12);
		if (o->suite)
			br_ssl_engine_set_suites(ls->eng, &o->suite, 1);
		else
			br_ssl_engine_set_suites(ls->eng, client_suites,
				sizeof client_suites / sizeof client_suites[0]);
		tw_engine_ec_recording(&ls->ec, 0);
		ls->ec.supported_curves = o->group ? (uint32_t)1 << o->group
			: ((uint32_t)1 << BR_EC_curve25519) | ((uint32_t)1 << BR_EC_secp256r1)
			| ((uint32_t)1 << BR_EC_secp384r1) | ((uint32_t)1 << BR_EC_secp521r1);
		br_ssl_engine_set_ec(ls->eng, &ls->ec);
		br_ssl_client_set_rsapub(&ls->cc, tw_engine_rsapub);
		br_x509_minimal_set_time(&ls->xc, days, secs);
		br_ssl_engine_set_buffer(ls->eng, ls->iobuf, sizeof ls->iobuf, 1);
		if (!br_ssl_client_reset(&ls->cc, m->host, 0)) {
			tw_err_set(e, "BearSSL refused to start the client: %s",
				tw_br_err_name(br_ssl_engine_last_error(ls->eng)));
			goto done;
		}
		n = snprintf(req, sizeof req,
			"GET %s HTTP/1.1\r\nHost: %s%s\r\nUser-Agent: tlswalk/" PACKAGE_VERSION
			"\r\nAccept: */*\r\nConnection: close\r\n\r\n", m->path, m->host,
			port == 443 ? "" : (snprintf(connect_host, sizeof connect_host, ":%u",
				(unsigned)port), connect_host));
		if (n < 0 || (size_t)n >= sizeof req || tw_buf_add(&ls->out, req, (size_t)n) < 0) {
			tw_err_set(e, "the request is too long");
			goto done;
		}
		ls->out_ready = 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &ls->deadline);
	ls->deadline.tv_sec += (time_t)LIVE_TOTAL * (ls->timeout_ms / 1000);
	run(ls, &m->wire, m);
	err = br_ssl_engine_last_error(ls->eng);
	if (err != BR_ERR_OK && !ls->handshake_done)
		drain(ls, &m->wire);

	/* The transcript and what the local engine knew. */
	for (d = 0; d < 2; d++) {
		m->wire.stream[d] = ls->stream[d].buf;
		m->wire.stream_len[d] = ls->stream[d].len;
		ls->stream[d].buf = NULL;
	}
	m->wire.app_sent[ls->local] = ls->out.buf;
	m->wire.app_sent_len[ls->local] = ls->out_ready ? ls->out_done : 0;
	m->wire.app_recv[ls->local] = ls->in.buf;
	m->wire.app_recv_len[ls->local] = ls->in.len;
	/* --listen: the path is the one the client asked for ({path}). */
	if (ls->local == 1 && ls->in.len > 4 && memcmp(ls->in.buf, "GET ", 4) == 0) {
		size_t i;
		for (i = 4; i < ls->in.len && i - 4 < sizeof m->path - 1
			&& ls->in.buf[i] > 0x20 && ls->in.buf[i] < 0x7f; i++)
			m->path[i - 4] = (char)ls->in.buf[i];
		if (i > 4)
			m->path[i - 4] = 0;
	}
	/* The peer's plaintext as the local engine decrypted it: the key
	 * schedule's own decryption of the peer's records is compared with
	 * it (the labels say "received", not "sent"). */
	if (ls->in.len > 0) {
		m->wire.app_sent[1 - ls->local] = malloc(ls->in.len);
		if (m->wire.app_sent[1 - ls->local] != NULL) {
			memcpy(m->wire.app_sent[1 - ls->local], ls->in.buf, ls->in.len);
			m->wire.app_sent_len[1 - ls->local] = ls->in.len;
		}
	}
	ls->out.buf = ls->in.buf = NULL;
	if (ls->local == 0)
		m->wire.client_err = err;
	else
		m->wire.server_err = err;
	m->wire.handshake_done = ls->handshake_done;
	br_ssl_engine_get_session_parameters(ls->eng, &sp);
	if (memcmp(sp.master_secret, zero, 48) != 0) {
		memcpy(m->wire.engine_ms[ls->local], sp.master_secret, 48);
		m->wire.engine_ms_known[ls->local] = 1;
		m->wire.engine_suite[ls->local] = sp.cipher_suite;
		m->wire.engine_version[ls->local] = sp.version;
	}
	m->wire.closed_cleanly = (br_ssl_engine_current_state(ls->eng) & BR_SSL_CLOSED)
		&& err == BR_ERR_OK;
	tw_engine_record_into(NULL);

	/* Done: the handshake completed, the exchange too (the server's page
	 * went out; the client's response is complete, or ended by the
	 * server's close when it gave no length), no error. */
	m->wire_ok = err == BR_ERR_OK && ls->handshake_done && !ls->too_much && !ls->too_slow
		&& (ls->net.msg[0] == 0 || ls->closing)
		&& (ls->local == 1 ? ls->out_ready && ls->out_done == ls->out.len
			: m->wire.app_recv_len[0] > 0
			&& (response_complete(&(tw_buf){ m->wire.app_recv[0],
				m->wire.app_recv_len[0], 0, 0 }) || ls->peer_eof
				|| m->wire.closed_cleanly));
	if (!m->wire_ok) {
		tw_hs_parse(&m->wire, &m->hs, &m->wire_err);   /* for the TLS 1.3 check */
		tw_err_clear(&m->wire_err);
		explain(ls, m, err, &m->wire_err);
		tw_hs_free(&m->hs);
	}
	ret = tw_model_finish(m, e);

done:
	if (lfd >= 0)
		close(lfd);
	if (ls != NULL) {
		if (ls->fd >= 0)
			close(ls->fd);
		for (d = 0; d < 2; d++)
			tw_buf_free(&ls->stream[d]);
		tw_buf_free(&ls->out);
		tw_buf_free(&ls->in);
		/* The contexts hold key material. */
		memset(ls, 0, offsetof(live_state, stream));
		free(ls);
	}
	tw_engine_record_into(NULL);
	if (rootpath[0]) {
		unlink(rootpath);
		rmdir(rootdir);
	}
	return ret;
}

/* see live.h */
int
tw_live_hello_offers(const tw_model *m, uint16_t v)
{
	const tw_hs_msg *ch = tw_hs_find(&m->hs, TW_C2S, TW_HS_CLIENT_HELLO);
	const uint8_t *p;
	size_t o, end, n;

	if (ch == NULL || ch->len < 4 + 2 + 32 + 1)
		return 0;
	p = ch->bytes;
	end = ch->len;
	o = 4 + 2 + 32;
	o += 1 + p[o];                                    /* session id */
	if (o + 2 > end)
		return 0;
	o += 2 + ((size_t)p[o] << 8 | p[o + 1]);          /* cipher suites */
	if (o + 1 > end)
		return 0;
	o += 1 + p[o];                                    /* compression */
	if (o + 2 > end)
		return v == 0x0303 && (p[4] << 8 | p[5]) >= 0x0303;
	o += 2;
	while (o + 4 <= end) {
		unsigned type = (unsigned)p[o] << 8 | p[o + 1];
		size_t len = (size_t)p[o + 2] << 8 | p[o + 3];
		if (o + 4 + len > end)
			return 0;
		if (type == 43 && len >= 1) {
			n = p[o + 4];
			for (size_t i = 0; i + 1 < n && o + 5 + i + 1 < o + 4 + len; i += 2)
				if (((unsigned)p[o + 5 + i] << 8 | p[o + 6 + i]) == v)
					return 1;
			return 0;
		}
		o += 4 + len;
	}
	/* No supported_versions: the legacy version field is the offer. */
	return v <= ((unsigned)p[4] << 8 | p[5]) && v <= 0x0303;
}
