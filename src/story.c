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
	"tls-server-key-exchange", "tls-server-hello-done",
	"tls-client-key-exchange", "tls-client-change-cipher-spec",
	"tls-client-finished", "tls-server-change-cipher-spec",
	"tls-server-finished",
	"http-request", "http-response",
	"tls-client-close-notify", "tls-server-close-notify",
	"tcp-client-fin", "tcp-server-fin", "tcp-last-ack",
	NULL
};

typedef struct {
	tw_story *s;
	const tw_wire *w;
	const tw_tcp *t;
	unsigned known;
} builder;

static tw_step *
add(builder *b, const char *id, tw_stage stage, int number, const char *name,
	tw_step_kind kind, tw_dir dir, unsigned introduces)
{
	tw_step *st;

	if (b->s->nstep == TW_MAX_STEPS)
		return NULL;
	st = &b->s->step[b->s->nstep++];
	memset(st, 0, sizeof *st);
	st->id = id;
	st->stage = stage;
	st->number = number;
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
add_tcp(builder *b, const char *id, tw_stage stage, int number, const char *name,
	tw_pkt_kind kind, tw_dir dir)
{
	size_t i;

	for (i = 0; i < b->t->npkt; i++) {
		const tw_packet *p = &b->t->pkt[i];
		if (p->kind == kind && p->dir == dir) {
			tw_step *st = add(b, id, stage, number, name, TW_STEP_TCP, dir, 0);
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

/* Handshake message steps: a message's range starts at its record header
 * when it is the first message of the record. */
static void
add_hs(builder *b, const tw_hs *hs, const char *id, int number, const char *name,
	tw_dir dir, uint8_t type, unsigned introduces)
{
	size_t i;

	for (i = 0; i < hs->nmsg; i++) {
		const tw_hs_msg *m = &hs->msg[i];
		const tw_record *r;
		size_t off, end;
		tw_step *st;

		if (m->dir != dir || m->type != type)
			continue;
		r = &b->w->rec[m->rec];
		off = (m->stream_off == r->off + 5) ? r->off : m->stream_off;
		end = m->stream_off + m->len;
		st = add(b, id, TW_STAGE_TLS, number, name, TW_STEP_TLS, dir, introduces);
		if (st == NULL)
			return;
		st->hs_msg = (int)i;
		set_range(b, st, off, end - off);
		return;
	}
}

/* Record steps: the n-th record (0-based) of a type in a direction. For
 * application data, all consecutive application records of the direction. */
static void
add_rec(builder *b, const char *id, tw_stage stage, int number, const char *name,
	tw_dir dir, uint8_t type, int encrypted, unsigned introduces)
{
	size_t i, j;

	for (i = 0; i < b->w->nrec; i++) {
		const tw_record *r = &b->w->rec[i];
		tw_step *st;

		if (r->dir != dir || r->type != type || r->encrypted != encrypted)
			continue;
		j = i + 1;
		if (type == TW_CT_APPDATA)
			while (j < b->w->nrec && b->w->rec[j].type == type
				&& b->w->rec[j].dir == dir)
				j++;
		st = add(b, id, stage, number, name, TW_STEP_TLS, dir, introduces);
		if (st == NULL)
			return;
		set_range(b, st, r->off, b->w->rec[j - 1].off + b->w->rec[j - 1].len - r->off);
		return;
	}
}

/* see story.h */
int
tw_story_build(const tw_wire *w, const tw_hs *hs, const tw_tcp *t,
	tw_story *s, tw_err *e)
{
	builder b = { s, w, t, 0 };

	(void)e;
	memset(s, 0, sizeof *s);
	add_tcp(&b, "tcp-syn", TW_STAGE_TCP, 1, "SYN", TW_PKT_SYN, TW_C2S);
	add_tcp(&b, "tcp-syn-ack", TW_STAGE_TCP, 2, "SYN/ACK", TW_PKT_SYNACK, TW_S2C);
	add_tcp(&b, "tcp-ack", TW_STAGE_TCP, 3, "ACK", TW_PKT_ACK3, TW_C2S);

	add_hs(&b, hs, "tls-client-hello", 1, "ClientHello", TW_C2S,
		TW_HS_CLIENT_HELLO, TW_K_CLIENT_RANDOM);
	add_hs(&b, hs, "tls-server-hello", 2, "ServerHello", TW_S2C,
		TW_HS_SERVER_HELLO, TW_K_SERVER_RANDOM);
	add_hs(&b, hs, "tls-certificate", 3, "Certificate", TW_S2C,
		TW_HS_CERTIFICATE, 0);
	add_hs(&b, hs, "tls-server-key-exchange", 4, "ServerKeyExchange", TW_S2C,
		TW_HS_SERVER_KEY_EXCHANGE, TW_K_SERVER_PARAMS);
	/* The client checks the chain once the server's flight is complete. */
	add_hs(&b, hs, "tls-server-hello-done", 5, "ServerHelloDone", TW_S2C,
		TW_HS_SERVER_HELLO_DONE, TW_K_CERT_CHAIN);
	add_hs(&b, hs, "tls-client-key-exchange", 6, "ClientKeyExchange", TW_C2S,
		TW_HS_CLIENT_KEY_EXCHANGE,
		TW_K_CLIENT_PARAMS | TW_K_PMS | TW_K_MS | TW_K_KEYS);
	add_rec(&b, "tls-client-change-cipher-spec", TW_STAGE_TLS, 7,
		"ChangeCipherSpec", TW_C2S, TW_CT_CCS, 0, 0);
	add_rec(&b, "tls-client-finished", TW_STAGE_TLS, 8, "Finished", TW_C2S,
		TW_CT_HANDSHAKE, 1, TW_K_CLIENT_VD);
	add_rec(&b, "tls-server-change-cipher-spec", TW_STAGE_TLS, 9,
		"ChangeCipherSpec", TW_S2C, TW_CT_CCS, 0, 0);
	add_rec(&b, "tls-server-finished", TW_STAGE_TLS, 10, "Finished", TW_S2C,
		TW_CT_HANDSHAKE, 1, TW_K_SERVER_VD);

	add_rec(&b, "http-request", TW_STAGE_HTTP, 1, "HTTP request", TW_C2S,
		TW_CT_APPDATA, 1, TW_K_HTTP_REQUEST);
	add_rec(&b, "http-response", TW_STAGE_HTTP, 2, "HTTP response", TW_S2C,
		TW_CT_APPDATA, 1, TW_K_HTTP_RESPONSE);

	add_rec(&b, "tls-client-close-notify", TW_STAGE_CLOSE, 1,
		"Alert close_notify", TW_C2S, TW_CT_ALERT, 1, 0);
	add_rec(&b, "tls-server-close-notify", TW_STAGE_CLOSE, 2,
		"Alert close_notify", TW_S2C, TW_CT_ALERT, 1, 0);
	add_tcp(&b, "tcp-client-fin", TW_STAGE_CLOSE, 3, "FIN/ACK", TW_PKT_FIN, TW_C2S);
	add_tcp(&b, "tcp-server-fin", TW_STAGE_CLOSE, 4, "FIN/ACK", TW_PKT_FIN, TW_S2C);
	add_tcp(&b, "tcp-last-ack", TW_STAGE_CLOSE, 5, "ACK", TW_PKT_LAST_ACK, TW_C2S);
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
	static const char *const circled[] = {
		"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"
	};

	switch (st->stage) {
	case TW_STAGE_TCP:
		snprintf(buf, size, "%d", st->number);
		break;
	case TW_STAGE_TLS:
		if (!ascii && st->number >= 1 && st->number <= 10)
			snprintf(buf, size, "%s", circled[st->number - 1]);
		else
			snprintf(buf, size, "(%d)", st->number);
		break;
	case TW_STAGE_HTTP:
		snprintf(buf, size, "HTTP %d", st->number);
		break;
	default:
		snprintf(buf, size, "close %d", st->number);
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
