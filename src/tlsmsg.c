/*
 * tlsmsg.c — locate the plaintext handshake messages in the transcript and
 * read the values the key schedule needs. See tlsmsg.h.
 */
#include "config.h"
#include <string.h>
#include <stdlib.h>
#include "tlsmsg.h"
#include "suite.h"
#include "util.h"

static unsigned
be16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8) | p[1];
}

static size_t
be24(const uint8_t *p)
{
	return ((size_t)p[0] << 16) | ((size_t)p[1] << 8) | p[2];
}

static int
parse_client_hello(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	if (n < 2 + 32 + 1)
		return tw_err_set(e, "ClientHello is too short (%zu bytes)", n);
	hs->client_version = (uint16_t)be16(b);
	memcpy(hs->client_random, b + 2, 32);
	if (b[34] <= 32 && n >= 35u + b[34]) {
		hs->client_session_id_len = b[34];
		memcpy(hs->client_session_id, b + 35, b[34]);
	}
	return 0;
}

static int
parse_server_hello(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t sid;

	if (n < 2 + 32 + 1)
		return tw_err_set(e, "ServerHello is too short (%zu bytes)", n);
	hs->server_version = (uint16_t)be16(b);
	memcpy(hs->server_random, b + 2, 32);
	sid = b[34];
	if (sid > 32 || n < 35 + sid + 3)
		return tw_err_set(e, "ServerHello session id length %zu runs past the message", sid);
	memcpy(hs->session_id, b + 35, sid);
	hs->session_id_len = sid;
	hs->resumed = sid > 0 && sid == hs->client_session_id_len
		&& memcmp(hs->session_id, hs->client_session_id, sid) == 0;
	hs->suite = (uint16_t)be16(b + 35 + sid);
	return 0;
}

static int
parse_certificate(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t total, off;

	if (n < 3 || (total = be24(b)) != n - 3)
		return tw_err_set(e, "Certificate list length does not match the message");
	for (off = 3; off < n; ) {
		size_t cl;
		if (n - off < 3 || (cl = be24(b + off)) > n - off - 3)
			return tw_err_set(e, "a certificate length runs past the Certificate message");
		if (hs->ncert < TW_MAX_CHAIN) {
			hs->cert[hs->ncert] = b + off + 3;
			hs->cert_len[hs->ncert] = cl;
			hs->ncert++;
		}
		off += 3 + cl;
	}
	return 0;
}

static int
parse_client_certificate(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t off;

	if (n < 3 || be24(b) != n - 3)
		return tw_err_set(e, "client Certificate list length does not match the message");
	for (off = 3; off < n; ) {
		size_t cl;
		if (n - off < 3 || (cl = be24(b + off)) > n - off - 3)
			return tw_err_set(e, "a certificate length runs past the client's Certificate message");
		if (hs->nclient_cert < TW_MAX_CHAIN) {
			hs->client_cert[hs->nclient_cert] = b + off + 3;
			hs->client_cert_len[hs->nclient_cert] = cl;
			hs->nclient_cert++;
		}
		off += 3 + cl;
	}
	return 0;
}

static int
parse_ske(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	size_t plen, slen;

	/* ECParameters: curve_type named_curve(3) + NamedCurve; then ECPoint. */
	if (n < 4 || b[0] != 3)
		return tw_err_set(e, "ServerKeyExchange does not hold named-curve ECDHE parameters");
	plen = b[3];
	if (n < 4 + plen + 4)
		return tw_err_set(e, "ServerKeyExchange public key runs past the message");
	hs->curve = (uint16_t)be16(b + 1);
	hs->server_point = b + 4;
	hs->server_point_len = plen;
	hs->ske_params = b;
	hs->ske_params_len = 4 + plen;
	hs->sig_alg = (uint16_t)be16(b + 4 + plen);
	slen = be16(b + 6 + plen);
	if (8 + plen + slen != n)
		return tw_err_set(e, "ServerKeyExchange signature length does not match the message");
	hs->sig = b + 8 + plen;
	hs->sig_len = slen;
	hs->have_ske = 1;
	return 0;
}

static int
parse_cke(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	const tw_suite *s = tw_suite_by_id(hs->suite);

	if (s != NULL && s->kx == TW_KX_RSA) {
		/* EncryptedPreMasterSecret: a 2-byte length, then the RSA output. */
		if (n < 2 || be16(b) + 2 != n)
			return tw_err_set(e, "ClientKeyExchange encrypted pre-master secret length does not match the message");
		hs->rsa_epms = b + 2;
		hs->rsa_epms_len = n - 2;
	} else {
		if (n < 1 || (size_t)b[0] + 1 != n)
			return tw_err_set(e, "ClientKeyExchange point length does not match the message");
		hs->client_point = b + 1;
		hs->client_point_len = b[0];
	}
	hs->have_cke = 1;
	return 0;
}

static int
parse_cert_verify(tw_hs *hs, const uint8_t *b, size_t n, tw_err *e)
{
	if (n < 4 || be16(b + 2) + 4 != n)
		return tw_err_set(e, "CertificateVerify signature length does not match the message");
	hs->cv_sig_alg = (uint16_t)be16(b);
	hs->cv_sig = b + 4;
	hs->cv_sig_len = n - 4;
	hs->have_cert_verify = 1;
	hs->cert_verify_msg = (int)hs->nmsg - 1;
	return 0;
}

/* Where each plaintext handshake record's fragment landed in buf[d]. */
typedef struct {
	int rec;
	size_t buf_off, stream_off, len;
} seg;

/* The segment holding buffer offset off of direction d. */
static const seg *
seg_at(const seg *sg, size_t nseg, tw_dir d, const tw_wire *w, size_t off)
{
	size_t i;

	for (i = 0; i < nseg; i++)
		if (w->rec[sg[i].rec].dir == d && off >= sg[i].buf_off
			&& off < sg[i].buf_off + sg[i].len)
			return &sg[i];
	return NULL;
}

static int
parse_body(tw_hs *hs, tw_hs_msg *m, tw_err *e)
{
	const uint8_t *b = m->bytes + 4;
	size_t blen = m->len - 4;

	switch (m->type) {
	case TW_HS_CLIENT_HELLO: return parse_client_hello(hs, b, blen, e);
	case TW_HS_SERVER_HELLO: return parse_server_hello(hs, b, blen, e);
	case TW_HS_CERTIFICATE:
		return m->dir == TW_S2C ? parse_certificate(hs, b, blen, e)
			: parse_client_certificate(hs, b, blen, e);
	case TW_HS_SERVER_KEY_EXCHANGE: return parse_ske(hs, b, blen, e);
	case TW_HS_CERTIFICATE_REQUEST: hs->have_cert_request = 1; return 0;
	case TW_HS_CLIENT_KEY_EXCHANGE: return parse_cke(hs, b, blen, e);
	case TW_HS_CERTIFICATE_VERIFY: return parse_cert_verify(hs, b, blen, e);
	default: return 0;
	}
}

/* see tlsmsg.h */
int
tw_hs_parse(const tw_wire *w, tw_hs *hs, tw_err *e)
{
	seg sg[TW_WIRE_MAX_RECORDS];
	size_t nseg = 0, i, j, pos[2] = { 0, 0 };
	tw_buf b[2] = { { 0 }, { 0 } };
	int d;

	memset(hs, 0, sizeof *hs);
	hs->malformed_msg = -1;
	hs->cert_verify_msg = -1;
	/* Gather each direction's plaintext handshake bytes, headers removed. */
	for (i = 0; i < w->nrec; i++) {
		const tw_record *r = &w->rec[i];

		if (r->type != TW_CT_HANDSHAKE || r->encrypted || r->len <= 5)
			continue;
		sg[nseg].rec = (int)i;
		sg[nseg].buf_off = b[r->dir].len;
		sg[nseg].stream_off = r->off + 5;
		sg[nseg].len = r->len - 5;
		nseg++;
		if (tw_buf_add(&b[r->dir], tw_wire_record_bytes(w, i) + 5, r->len - 5) < 0) {
			tw_buf_free(&b[0]);
			tw_buf_free(&b[1]);
			return tw_err_set(e, "out of memory");
		}
	}
	for (d = 0; d < 2; d++) {
		hs->buf[d] = b[d].buf;
		hs->buf_len[d] = b[d].len;
	}
	/* Take messages in the order their headers were sent: from whichever
	 * direction's next message starts in the earlier record. */
	for (;;) {
		const seg *s[2] = { NULL, NULL }, *first;
		tw_hs_msg *m;
		size_t len;

		for (d = 0; d < 2; d++)
			if (pos[d] < hs->buf_len[d])
				s[d] = seg_at(sg, nseg, (tw_dir)d, w, pos[d]);
		if (s[0] == NULL && s[1] == NULL)
			break;
		d = s[0] == NULL ? 1 : s[1] == NULL ? 0 : (s[0]->rec < s[1]->rec ? 0 : 1);
		first = s[d];
		if (hs->nmsg == TW_MAX_HS_MSGS) {
			tw_err_set(&hs->malformed, "more than %d handshake messages", TW_MAX_HS_MSGS);
			break;
		}
		m = &hs->msg[hs->nmsg];
		m->dir = (tw_dir)d;
		m->rec = first->rec;
		m->stream_off = first->stream_off + (pos[d] - first->buf_off);
		if (hs->buf_len[d] - pos[d] < 4
			|| (len = 4 + be24(hs->buf[d] + pos[d] + 1)) > hs->buf_len[d] - pos[d]) {
			tw_err_set(&hs->malformed, "a %s handshake message runs past the bytes that were sent",
				d == TW_C2S ? "client" : "server");
			hs->malformed_msg = (int)hs->nmsg;
			break;
		}
		m->type = hs->buf[d][pos[d]];
		m->len = len;
		m->bytes = hs->buf[d] + pos[d];
		/* The record holding the last byte, and where that byte is. */
		for (j = 0; j < nseg; j++) {
			const seg *t = &sg[j];
			size_t last = pos[d] + len - 1;
			if (w->rec[t->rec].dir == (tw_dir)d && last >= t->buf_off
				&& last < t->buf_off + t->len) {
				m->rec_last = t->rec;
				m->stream_end = t->stream_off + (last - t->buf_off) + 1;
			}
		}
		hs->nmsg++;
		pos[d] += len;
		if (parse_body(hs, m, &hs->malformed) < 0) {
			hs->malformed_msg = (int)hs->nmsg - 1;
			break;
		}
	}
	return 0;
}

/* see tlsmsg.h */
void
tw_hs_free(tw_hs *hs)
{
	free(hs->buf[0]);
	free(hs->buf[1]);
	memset(hs, 0, sizeof *hs);
}

/* see tlsmsg.h */
const tw_hs_msg *
tw_hs_find(const tw_hs *hs, tw_dir dir, uint8_t type)
{
	size_t i;

	for (i = 0; i < hs->nmsg; i++)
		if (hs->msg[i].dir == dir && hs->msg[i].type == type)
			return &hs->msg[i];
	return NULL;
}
