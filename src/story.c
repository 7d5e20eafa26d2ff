/*
 * story.c — the steps of the walkthrough laid over the captured bytes.
 * See story.h.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "story.h"

const char *const tw_story_all_ids[] = {
	"tcp-syn", "tcp-syn-ack", "tcp-ack",
	"tls-client-hello", "tls-server-hello", "tls-certificate",
	"tls-server-key-exchange", "tls-certificate-request", "tls-server-hello-done",
	"tls-client-certificate", "tls-client-key-exchange", "tls-certificate-verify",
	"tls-client-change-cipher-spec", "tls-client-finished",
	"tls-server-change-cipher-spec", "tls-server-finished",
	"http-request", "http-response",
	"tls-client-close-notify", "tls-server-close-notify",
	"tls-client-alert", "tls-server-alert",
	"tcp-client-fin", "tcp-server-fin", "tcp-last-ack",
	/* TLS 1.3, from a capture (story13.c) */
	"tls13-client-hello", "tls13-server-hello", "tls13-server-change-cipher-spec",
	"tls13-encrypted-extensions", "tls13-certificate-request", "tls13-certificate",
	"tls13-certificate-verify", "tls13-server-finished", "tls13-client-change-cipher-spec",
	"tls13-client-certificate", "tls13-client-certificate-verify", "tls13-client-finished",
	"tls13-new-session-ticket", "tls13-http-request", "tls13-http-response",
	"tls13-server-encrypted", "tls13-client-encrypted",
	NULL
};

/* What each observed TLS message or record becomes: a row per kind.
 * type is a handshake type for plaintext messages, or a content type for
 * records (with encrypted telling the epoch). */
typedef struct {
	const char *id;
	tw_stage stage;
	const char *name;
	tw_dir dir;
	int handshake;           /* 1: a plaintext handshake message of type */
	uint8_t type;
	int encrypted;
	unsigned introduces;
} step_def;

static const step_def defs[] = {
	{ "tls-client-hello", TW_STAGE_TLS, "ClientHello", TW_C2S, 1,
	  TW_HS_CLIENT_HELLO, 0, TW_K_CLIENT_RANDOM },
	{ "tls-server-hello", TW_STAGE_TLS, "ServerHello", TW_S2C, 1,
	  TW_HS_SERVER_HELLO, 0, TW_K_SERVER_RANDOM },
	{ "tls-certificate", TW_STAGE_TLS, "Certificate", TW_S2C, 1,
	  TW_HS_CERTIFICATE, 0, 0 },
	{ "tls-server-key-exchange", TW_STAGE_TLS, "ServerKeyExchange", TW_S2C, 1,
	  TW_HS_SERVER_KEY_EXCHANGE, 0, TW_K_SERVER_PARAMS },
	{ "tls-certificate-request", TW_STAGE_TLS, "CertificateRequest", TW_S2C, 1,
	  TW_HS_CERTIFICATE_REQUEST, 0, 0 },
	/* The client checks the chain once the server's flight is complete. */
	{ "tls-server-hello-done", TW_STAGE_TLS, "ServerHelloDone", TW_S2C, 1,
	  TW_HS_SERVER_HELLO_DONE, 0, TW_K_CERT_CHAIN },
	{ "tls-client-certificate", TW_STAGE_TLS, "Certificate", TW_C2S, 1,
	  TW_HS_CERTIFICATE, 0, 0 },
	{ "tls-client-key-exchange", TW_STAGE_TLS, "ClientKeyExchange", TW_C2S, 1,
	  TW_HS_CLIENT_KEY_EXCHANGE, 0,
	  TW_K_CLIENT_PARAMS | TW_K_PMS | TW_K_MS | TW_K_KEYS },
	{ "tls-certificate-verify", TW_STAGE_TLS, "CertificateVerify", TW_C2S, 1,
	  TW_HS_CERTIFICATE_VERIFY, 0, 0 },
	{ "tls-client-change-cipher-spec", TW_STAGE_TLS, "ChangeCipherSpec", TW_C2S, 0,
	  TW_CT_CCS, 0, 0 },
	{ "tls-client-finished", TW_STAGE_TLS, "Finished", TW_C2S, 0,
	  TW_CT_HANDSHAKE, 1, TW_K_CLIENT_VD },
	{ "tls-server-change-cipher-spec", TW_STAGE_TLS, "ChangeCipherSpec", TW_S2C, 0,
	  TW_CT_CCS, 0, 0 },
	{ "tls-server-finished", TW_STAGE_TLS, "Finished", TW_S2C, 0,
	  TW_CT_HANDSHAKE, 1, TW_K_SERVER_VD },
	{ "http-request", TW_STAGE_HTTP, "HTTP request", TW_C2S, 0,
	  TW_CT_APPDATA, 1, TW_K_HTTP_REQUEST },
	{ "http-response", TW_STAGE_HTTP, "HTTP response", TW_S2C, 0,
	  TW_CT_APPDATA, 1, TW_K_HTTP_RESPONSE },
	/* A fatal alert in the clear (a failed negotiation, a real browser
	 * refusing the certificate), or encrypted before any application
	 * data: the handshake's end, not a close. */
	{ "tls-client-alert", TW_STAGE_TLS, "Alert", TW_C2S, 0, TW_CT_ALERT, 0, 0 },
	{ "tls-server-alert", TW_STAGE_TLS, "Alert", TW_S2C, 0, TW_CT_ALERT, 0, 0 },
	{ "tls-client-close-notify", TW_STAGE_CLOSE, "Alert close_notify", TW_C2S, 0,
	  TW_CT_ALERT, 1, 0 },
	{ "tls-server-close-notify", TW_STAGE_CLOSE, "Alert close_notify", TW_S2C, 0,
	  TW_CT_ALERT, 1, 0 },
};

static const step_def *
def_for(int handshake, tw_dir dir, uint8_t type, int encrypted)
{
	size_t i;

	for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (defs[i].handshake == handshake && defs[i].dir == dir
			&& defs[i].type == type && defs[i].encrypted == encrypted)
			return &defs[i];
	return NULL;
}

typedef struct {
	tw_story *s;
	const tw_wire *w;
	const tw_tcp *t;
	unsigned known;
	int number[TW_STAGE_CLOSE + 1];   /* the last number given in each stage */
} builder;

/* Steps are numbered within their stage in the order they happened. */
static tw_step *
add(builder *b, const char *id, tw_stage stage, const char *name,
	tw_step_kind kind, tw_dir dir, unsigned introduces)
{
	tw_step *st;

	if (b->s->nstep == TW_MAX_STEPS)
		return NULL;
	st = &b->s->step[b->s->nstep++];
	memset(st, 0, sizeof *st);
	st->id = id;
	st->stage = stage;
	st->number = ++b->number[stage];
	st->name = name;
	st->kind = kind;
	st->dir = dir;
	st->hs_msg = -1;
	st->pkt_first = -1;
	st->rec_first = -1;
	b->known |= introduces;
	st->known = b->known;
	st->introduced = introduces;
	return st;
}

/* A TCP step shows the first packet of the given kind and direction. */
static void
add_tcp(builder *b, const char *id, tw_stage stage, const char *name,
	tw_pkt_kind kind, tw_dir dir)
{
	size_t i;

	for (i = 0; i < b->t->npkt; i++) {
		const tw_packet *p = &b->t->pkt[i];
		if (p->kind == kind && p->dir == dir) {
			tw_step *st = add(b, id, stage, name, TW_STEP_TCP, dir, 0);
			if (st == NULL)
				return;
			st->bytes = p->data;
			st->len = p->len;
			st->pkt_first = (int)i;
			st->pkt_count = 1;
			return;
		}
	}
}

/* Fill the byte range of a TLS step and find the records and packets. */
static void
set_range(builder *b, tw_step *st, size_t off, size_t len)
{
	size_t i;

	st->stream_off = off;
	st->len = len;
	st->bytes = b->w->stream[st->dir] + off;
	for (i = 0; i < b->w->nrec; i++) {
		const tw_record *r = &b->w->rec[i];
		if (r->dir != st->dir || r->off + r->len <= off || r->off >= off + len)
			continue;
		if (st->rec_first < 0)
			st->rec_first = (int)i;
		st->rec_count = (int)i - st->rec_first + 1;
	}
	for (i = 0; i < b->t->npkt; i++) {
		const tw_packet *p = &b->t->pkt[i];
		if (p->dir != st->dir || p->payload_len == 0
			|| p->stream_off + p->payload_len <= off || p->stream_off >= off + len)
			continue;
		if (st->pkt_first < 0)
			st->pkt_first = (int)i;
		st->pkt_count = (int)i - st->pkt_first + 1;
	}
}

/* A handshake message's step: its range starts at its record header when
 * it is the first message of the record, and ends with its last byte
 * (which may lie in a later record). */
static void
add_hs(builder *b, const tw_hs *hs, size_t i, const step_def *def)
{
	const tw_hs_msg *m = &hs->msg[i];
	const tw_record *r = &b->w->rec[m->rec];
	size_t off = (m->stream_off == r->off + 5) ? r->off : m->stream_off;
	tw_step *st;

	if ((st = add(b, def->id, def->stage, def->name, TW_STEP_TLS, m->dir,
		def->introduces)) == NULL)
		return;
	st->hs_msg = (int)i;
	set_range(b, st, off, m->stream_end - off);
}

/* A record step: record i, or for application data all consecutive
 * application records of its direction. Returns the last record taken. */
static size_t
add_rec(builder *b, size_t i, const step_def *def)
{
	const tw_record *r = &b->w->rec[i];
	size_t j = i + 1;
	tw_step *st;

	if (r->type == TW_CT_APPDATA)
		while (j < b->w->nrec && b->w->rec[j].type == r->type
			&& b->w->rec[j].dir == r->dir)
			j++;
	if ((st = add(b, def->id, def->stage, def->name, TW_STEP_TLS, r->dir,
		def->introduces)) == NULL)
		return j - 1;
	set_range(b, st, r->off, b->w->rec[j - 1].off + b->w->rec[j - 1].len - r->off);
	return j - 1;
}

static int
taken(const builder *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->s->nstep; i++)
		if (b->s->step[i].id == id)
			return 1;
	return 0;
}

/* see story.h */
int
tw_story_build(const tw_wire *w, const tw_hs *hs, const tw_tcp *t,
	tw_story *s, tw_err *e)
{
	builder b;
	size_t i, mi = 0;

	(void)e;
	memset(&b, 0, sizeof b);
	b.s = s;
	b.w = w;
	b.t = t;
	memset(s, 0, sizeof *s);
	add_tcp(&b, "tcp-syn", TW_STAGE_TCP, "SYN", TW_PKT_SYN, TW_C2S);
	add_tcp(&b, "tcp-syn-ack", TW_STAGE_TCP, "SYN/ACK", TW_PKT_SYNACK, TW_S2C);
	add_tcp(&b, "tcp-ack", TW_STAGE_TCP, "ACK", TW_PKT_ACK3, TW_C2S);

	/* TLS: every record in the order it was sent; a plaintext handshake
	 * record contributes the messages whose headers it holds. A kind of
	 * step happens once per connection: a second of the same kind (say,
	 * a renegotiation) is left to the records view. */
	for (i = 0; i < w->nrec; i++) {
		const tw_record *r = &w->rec[i];
		const step_def *def;

		if (r->type == TW_CT_HANDSHAKE && !r->encrypted) {
			for (; mi < hs->nmsg && hs->msg[mi].rec <= (int)i; mi++) {
				def = def_for(1, hs->msg[mi].dir, hs->msg[mi].type, 0);
				if (def != NULL && !taken(&b, def->id))
					add_hs(&b, hs, mi, def);
			}
			continue;
		}
		/* An encrypted alert before any application data of its side
		 * ends a handshake; after it, it closes the connection. */
		if (r->type == TW_CT_ALERT && r->encrypted
			&& !taken(&b, r->dir == TW_C2S ? "http-request" : "http-response"))
			def = def_for(0, r->dir, r->type, 0);
		else
			def = def_for(0, r->dir, r->type, r->encrypted);
		if (def != NULL && !taken(&b, def->id))
			i = add_rec(&b, i, def);
	}

	/* The teardown in the order its packets came (tcp.h). */
	{
		tw_pkt_kind kind[3];
		tw_dir dir[3];
		size_t k, nt = tw_tcp_teardown(t, kind, dir);

		for (k = 0; k < nt; k++)
			add_tcp(&b, kind[k] == TW_PKT_LAST_ACK ? "tcp-last-ack"
				: dir[k] == TW_C2S ? "tcp-client-fin" : "tcp-server-fin", TW_STAGE_CLOSE,
				kind[k] == TW_PKT_LAST_ACK ? "ACK" : "FIN/ACK", kind[k], dir[k]);
	}
	return 0;
}

/* see story.h */
int
tw_story_find(const tw_story *s, const char *id_or_number)
{
	size_t i;
	char *end;
	long n;

	for (i = 0; i < s->nstep; i++)
		if (strcmp(s->step[i].id, id_or_number) == 0)
			return (int)i;
	n = strtol(id_or_number, &end, 10);
	if (*id_or_number != 0 && *end == 0 && n >= 1 && (size_t)n <= s->nstep)
		return (int)n - 1;
	return -1;
}

/* see story.h */
const char *
tw_step_label(const tw_step *st, int ascii, char *buf, size_t size)
{
	return tw_step_label_lang(st, ascii, 0, buf, size);
}

/* see story.h */
const char *
tw_step_name(const tw_step *st, int zh)
{
	if (zh && strcmp(st->name, "HTTP request") == 0)
		return "HTTP 请求";
	if (zh && strcmp(st->name, "HTTP response") == 0)
		return "HTTP 响应";
	return st->name;
}

/* see story.h */
const char *
tw_step_label_lang(const tw_step *st, int ascii, int zh, char *buf, size_t size)
{
	static const char *const circled[] = {
		"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
		"⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"
	};

	switch (st->stage) {
	case TW_STAGE_TCP:
		snprintf(buf, size, "%d", st->number);
		break;
	case TW_STAGE_TLS:
		if (!ascii && st->number >= 1 && st->number <= 20)
			snprintf(buf, size, "%s", circled[st->number - 1]);
		else
			snprintf(buf, size, "(%d)", st->number);
		break;
	case TW_STAGE_HTTP:
		snprintf(buf, size, "HTTP %d", st->number);
		break;
	default:
		snprintf(buf, size, zh ? "关闭 %d" : "close %d", st->number);
		break;
	}
	return buf;
}

/* see story.h */
int
tw_story_find_number(const tw_story *s, tw_stage stage, int number)
{
	size_t i;

	for (i = 0; i < s->nstep; i++)
		if (s->step[i].stage == stage && s->step[i].number == number)
			return (int)i;
	return -1;
}

/* see story.h */
int
tw_story_parse_label(const char *text, tw_stage *stage, int *number)
{
	static const struct {
		const char *prefix;
		tw_stage stage;
	} prefixes[] = {
		{ "tcp-", TW_STAGE_TCP }, { "tls-", TW_STAGE_TLS },
		{ "http-", TW_STAGE_HTTP }, { "close-", TW_STAGE_CLOSE },
		{ "(", TW_STAGE_TLS }      /* the ASCII form of ① … ⑩ */
	};
	const unsigned char *u = (const unsigned char *)text;
	size_t i, k;
	char *end;
	long n;

	/* ① … ⑩ are U+2460 … U+2469: E2 91 A0 … E2 91 A9. */
	if (u[0] == 0xe2 && u[1] == 0x91 && u[2] >= 0xa0 && u[2] <= 0xa9 && u[3] == 0) {
		*stage = TW_STAGE_TLS;
		*number = u[2] - 0xa0 + 1;
		return 0;
	}
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		k = strlen(prefixes[i].prefix);
		if (strncmp(text, prefixes[i].prefix, k) != 0
			|| text[k] < '0' || text[k] > '9')
			continue;
		n = strtol(text + k, &end, 10);
		if (prefixes[i].stage == TW_STAGE_TLS && k == 1 && *end++ != ')')
			return -1;
		if (*end != 0 || n < 1 || n > 99)
			return -1;
		*stage = prefixes[i].stage;
		*number = (int)n;
		return 0;
	}
	return -1;
}

/* see story.h */
int
tw_story_find_arg(const tw_story *s, const char *text)
{
	tw_stage stage;
	int number;

	if (tw_story_parse_label(text, &stage, &number) == 0)
		return tw_story_find_number(s, stage, number);
	return tw_story_find(s, text);
}
