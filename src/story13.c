/*
 * story13.c — the steps of a captured TLS 1.3 connection.
 *
 * TLS 1.3 has its own storyline (RFC 8446 §2): ClientHello and ServerHello
 * with their key shares in clear; then, encrypted with the handshake
 * traffic keys, EncryptedExtensions, Certificate, CertificateVerify and the
 * server's Finished; the client's Finished; application data under the
 * application traffic keys; NewSessionTicket; close_notify. The
 * ChangeCipherSpec records some implementations still send are only there
 * to get through middleboxes (§D.4) and are steps of their own. The steps
 * come from the messages tls13.c found in the opened records; a record that
 * could not be opened (no key log) is one step per side, said as such.
 * An encrypted record holding several messages gives each of them a step
 * showing that record's bytes.
 */
#include "config.h"
#include <string.h>
#include "story.h"
#include "model.h"

typedef struct {
	uint8_t hs_type;          /* handshake type, or 0 for content steps */
	uint8_t content;          /* inner content type when hs_type is 0 */
	tw_dir dir;
	const char *id, *name;
	tw_stage stage;
	unsigned introduces;
} def13;

static const def13 defs[] = {
	{ 1, 0, TW_C2S, "tls13-client-hello", "ClientHello", TW_STAGE_TLS, TW_K_CLIENT_RANDOM | TW_K_CLIENT_PARAMS },
	{ 2, 0, TW_S2C, "tls13-server-hello", "ServerHello", TW_STAGE_TLS, TW_K_SERVER_RANDOM | TW_K_SERVER_PARAMS | TW_K_KEYS },
	{ 0, TW_CT_CCS, TW_S2C, "tls13-server-change-cipher-spec", "ChangeCipherSpec (compatibility)", TW_STAGE_TLS, 0 },
	{ 8, 0, TW_S2C, "tls13-encrypted-extensions", "EncryptedExtensions", TW_STAGE_TLS, 0 },
	{ 13, 0, TW_S2C, "tls13-certificate-request", "CertificateRequest", TW_STAGE_TLS, 0 },
	{ 11, 0, TW_S2C, "tls13-certificate", "Certificate", TW_STAGE_TLS, TW_K_CERT_CHAIN },
	{ 15, 0, TW_S2C, "tls13-certificate-verify", "CertificateVerify", TW_STAGE_TLS, 0 },
	{ 20, 0, TW_S2C, "tls13-server-finished", "Finished", TW_STAGE_TLS, TW_K_SERVER_VD },
	{ 0, TW_CT_CCS, TW_C2S, "tls13-client-change-cipher-spec", "ChangeCipherSpec (compatibility)", TW_STAGE_TLS, 0 },
	{ 11, 0, TW_C2S, "tls13-client-certificate", "Certificate", TW_STAGE_TLS, 0 },
	{ 15, 0, TW_C2S, "tls13-client-certificate-verify", "CertificateVerify", TW_STAGE_TLS, 0 },
	{ 20, 0, TW_C2S, "tls13-client-finished", "Finished", TW_STAGE_TLS, TW_K_CLIENT_VD },
	{ 4, 0, TW_S2C, "tls13-new-session-ticket", "NewSessionTicket", TW_STAGE_HTTP, 0 },
	{ 0, TW_CT_APPDATA, TW_C2S, "tls13-http-request", "HTTP request", TW_STAGE_HTTP, TW_K_HTTP_REQUEST },
	{ 0, TW_CT_APPDATA, TW_S2C, "tls13-http-response", "HTTP response", TW_STAGE_HTTP, TW_K_HTTP_RESPONSE },
	{ 0, TW_CT_ALERT, TW_C2S, "tls-client-close-notify", "Alert close_notify", TW_STAGE_CLOSE, 0 },
	{ 0, TW_CT_ALERT, TW_S2C, "tls-server-close-notify", "Alert close_notify", TW_STAGE_CLOSE, 0 },
	/* Records no key opened: one step per side. */
	{ 0, 0, TW_S2C, "tls13-server-encrypted", "Encrypted records", TW_STAGE_TLS, 0 },
	{ 0, 0, TW_C2S, "tls13-client-encrypted", "Encrypted records", TW_STAGE_TLS, 0 },
};

static const def13 *
find_def(uint8_t hs_type, uint8_t content, tw_dir dir)
{
	size_t i;

	for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (defs[i].hs_type == hs_type && defs[i].content == content && defs[i].dir == dir)
			return &defs[i];
	return NULL;
}

typedef struct {
	tw_model *m;
	unsigned known;
	int number[TW_STAGE_CLOSE + 1];
} b13;

static int
taken(const tw_story *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nstep; i++)
		if (strcmp(s->step[i].id, id) == 0)
			return 1;
	return 0;
}

/* A step over records [r0, r1] of one side. */
static void
add(b13 *b, const def13 *d, int r0, int r1)
{
	tw_story *s = &b->m->story;
	const tw_wire *w = &b->m->wire;
	const tw_tcp *t = &b->m->tcp;
	tw_step *st;
	size_t i, off, end;

	if (d == NULL || s->nstep == TW_MAX_STEPS || taken(s, d->id))
		return;
	st = &s->step[s->nstep++];
	memset(st, 0, sizeof *st);
	st->id = d->id;
	st->stage = d->stage;
	st->number = ++b->number[d->stage];
	st->name = d->name;
	st->kind = TW_STEP_TLS;
	st->dir = d->dir;
	st->hs_msg = -1;
	st->pkt_first = -1;
	st->rec_first = r0;
	st->rec_count = r1 - r0 + 1;
	b->known |= d->introduces;
	st->known = b->known;
	st->introduced = d->introduces;
	off = w->rec[r0].off;
	end = w->rec[r1].off + w->rec[r1].len;
	st->stream_off = off;
	st->bytes = w->stream[d->dir] + off;
	st->len = end - off;
	for (i = 0; i < t->npkt; i++) {
		const tw_packet *p = &t->pkt[i];
		if (p->dir != d->dir || p->payload_len == 0
			|| p->stream_off + p->payload_len <= off || p->stream_off >= end)
			continue;
		if (st->pkt_first < 0)
			st->pkt_first = (int)i;
		st->pkt_count = (int)i - st->pkt_first + 1;
	}
}

static void
add_tcp(b13 *b, const char *id, tw_stage stage, const char *name, tw_pkt_kind kind, tw_dir dir)
{
	tw_story *s = &b->m->story;
	const tw_tcp *t = &b->m->tcp;
	size_t i;

	for (i = 0; i < t->npkt && s->nstep < TW_MAX_STEPS; i++) {
		const tw_packet *p = &t->pkt[i];
		tw_step *st;
		if (p->kind != kind || p->dir != dir)
			continue;
		st = &s->step[s->nstep++];
		memset(st, 0, sizeof *st);
		st->id = id;
		st->stage = stage;
		st->number = ++b->number[stage];
		st->name = name;
		st->kind = TW_STEP_TCP;
		st->dir = dir;
		st->hs_msg = -1;
		st->rec_first = -1;
		st->known = b->known;
		st->bytes = p->data;
		st->len = p->len;
		st->pkt_first = (int)i;
		st->pkt_count = 1;
		return;
	}
}

/* see story.h */
int
tw_story13_build(struct tw_model *m, tw_err *e)
{
	b13 b;
	const tw_wire *w = &m->wire;
	const tw_tls13 *t = &m->t13;
	size_t i, j;
	int closed[2] = { -1, -1 };

	(void)e;
	memset(&b, 0, sizeof b);
	b.m = m;
	memset(&m->story, 0, sizeof m->story);
	add_tcp(&b, "tcp-syn", TW_STAGE_TCP, "SYN", TW_PKT_SYN, TW_C2S);
	add_tcp(&b, "tcp-syn-ack", TW_STAGE_TCP, "SYN/ACK", TW_PKT_SYNACK, TW_S2C);
	add_tcp(&b, "tcp-ack", TW_STAGE_TCP, "ACK", TW_PKT_ACK3, TW_C2S);
	for (i = 0; i < w->nrec; i++) {
		const tw_record *r = &w->rec[i];
		const tw_t13_rec *o;

		if (r->type == TW_CT_CCS) {
			add(&b, find_def(0, TW_CT_CCS, r->dir), (int)i, (int)i);
			continue;
		}
		if (r->type == TW_CT_HANDSHAKE) {
			/* The clear hellos: each message whose header is here. */
			for (j = 0; j < t->nmsg; j++)
				if (t->msg[j].rec == (int)i && !t->msg[j].encrypted)
					add(&b, find_def(t->msg[j].type, 0, r->dir), (int)i, (int)i);
			continue;
		}
		if (r->type != TW_CT_APPDATA)
			continue;
		o = tw_tls13_rec(t, (int)i);
		if (o == NULL || o->tag != TW_V_OK) {
			/* Not opened: the rest of this side in one step. */
			size_t k = i;
			if (closed[r->dir] >= 0)
				continue;
			for (j = i; j < w->nrec; j++)
				if (w->rec[j].dir == r->dir)
					k = j;
			closed[r->dir] = (int)i;
			add(&b, find_def(0, 0, r->dir), (int)i, (int)k);
			continue;
		}
		if (o->inner_type == TW_CT_HANDSHAKE) {
			for (j = 0; j < t->nmsg; j++)
				if (t->msg[j].rec == (int)i && t->msg[j].encrypted)
					add(&b, find_def(t->msg[j].type, 0, r->dir), (int)i, (int)i);
		} else if (o->inner_type == TW_CT_APPDATA) {
			/* Consecutive application records of a side: one step. */
			size_t k = i;
			for (j = i + 1; j < w->nrec && w->rec[j].dir == r->dir; j++) {
				const tw_t13_rec *oj = tw_tls13_rec(t, (int)j);
				if (oj == NULL || oj->tag != TW_V_OK || oj->inner_type != TW_CT_APPDATA)
					break;
				k = j;
			}
			add(&b, find_def(0, TW_CT_APPDATA, r->dir), (int)i, (int)k);
			i = k;
		} else if (o->inner_type == TW_CT_ALERT)
			add(&b, find_def(0, TW_CT_ALERT, r->dir), (int)i, (int)i);
	}
	/* The teardown in the order its packets came (tcp.h). */
	{
		tw_pkt_kind kind[3];
		tw_dir dir[3];
		size_t k, nt = tw_tcp_teardown(&b.m->tcp, kind, dir);

		for (k = 0; k < nt; k++)
			add_tcp(&b, kind[k] == TW_PKT_LAST_ACK ? "tcp-last-ack"
				: dir[k] == TW_C2S ? "tcp-client-fin" : "tcp-server-fin", TW_STAGE_CLOSE,
				kind[k] == TW_PKT_LAST_ACK ? "ACK" : "FIN/ACK", kind[k], dir[k]);
	}
	return 0;
}
