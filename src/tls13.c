/*
 * tls13.c — open a captured TLS 1.3 connection with its traffic secrets.
 * See tls13.h.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "tls13.h"
#include "crypto.h"
#include "pss.h"

/* see tls13.h */
int
tw_hkdf_expand_label(int hash, const uint8_t *secret, size_t secret_len,
	const char *label, const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t len,
	uint8_t *info_out, size_t *info_len)
{
	uint8_t info[2 + 1 + 255 + 1 + 255], t[64], c;
	size_t n = 0, ll = strlen(label), hl = tw_hash_len(hash), done = 0, tl = 0;

	if (hl == 0 || 6 + ll > 255 || ctx_len > 255 || len > 255 * hl)
		return -1;
	/* struct { uint16 length; opaque label<7..255> = "tls13 " + Label;
	 *          opaque context<0..255>; } HkdfLabel; */
	info[n++] = (uint8_t)(len >> 8);
	info[n++] = (uint8_t)len;
	info[n++] = (uint8_t)(6 + ll);
	memcpy(info + n, "tls13 ", 6);
	n += 6;
	memcpy(info + n, label, ll);
	n += ll;
	info[n++] = (uint8_t)ctx_len;
	if (ctx_len)
		memcpy(info + n, ctx, ctx_len);
	n += ctx_len;
	if (info_out != NULL && n <= 64)
		memcpy(info_out, info, n);
	if (info_len != NULL)
		*info_len = n;
	/* HKDF-Expand (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i). */
	for (c = 1; done < len; c++) {
		const uint8_t *parts[3] = { t, info, &c };
		size_t lens[3] = { tl, n, 1 }, take;
		if (tw_hmac(hash, secret, secret_len, parts, lens, 3, t) != hl)
			return -1;
		tl = hl;
		take = len - done < hl ? len - done : hl;
		memcpy(out + done, t, take);
		done += take;
	}
	return 0;
}

/* Append a side's decrypted (or clear) handshake bytes; messages are cut
 * at the end (they may span records). */
static int
add_hs(tw_tls13 *t, tw_dir d, const uint8_t *p, size_t n)
{
	uint8_t *nb = realloc(t->hsbuf[d], t->hsbuf_len[d] + n);

	if (nb == NULL)
		return -1;
	t->hsbuf[d] = nb;
	memcpy(nb + t->hsbuf_len[d], p, n);
	t->hsbuf_len[d] += n;
	return 0;
}

typedef struct {
	size_t done[2];          /* bytes of hsbuf[d] already cut into messages */
} cutter;

/* Cut the complete messages of side d now in hsbuf; rec is the record
 * the new bytes came from. Pointers are fixed up after all appends. */
static void
cut(tw_tls13 *t, cutter *c, tw_dir d, int rec, int encrypted)
{
	while (t->hsbuf_len[d] - c->done[d] >= 4 && t->nmsg < TW_T13_MAX_MSGS) {
		const uint8_t *h = t->hsbuf[d] + c->done[d];
		size_t bl = (size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3];
		tw_t13_msg *m;
		if (t->hsbuf_len[d] - c->done[d] < 4 + bl)
			break;
		m = &t->msg[t->nmsg++];
		m->dir = d;
		m->type = h[0];
		m->rec = rec;
		m->encrypted = encrypted;
		m->bytes = (const uint8_t *)(uintptr_t)c->done[d];   /* offset for now */
		m->len = 4 + bl;
		c->done[d] += 4 + bl;
	}
}

/* Transcript-Hash of messages [0, n) (RFC 8446 §4.4.1). */
static void
transcript(const tw_tls13 *t, size_t n, uint8_t *out)
{
	const uint8_t *parts[TW_T13_MAX_MSGS];
	size_t lens[TW_T13_MAX_MSGS], i;

	for (i = 0; i < n; i++) {
		parts[i] = t->msg[i].bytes;
		lens[i] = t->msg[i].len;
	}
	tw_hash(t->hash, parts, lens, n, out);
}

static int
find_msg(const tw_tls13 *t, tw_dir d, uint8_t type)
{
	size_t i;

	for (i = 0; i < t->nmsg; i++)
		if (t->msg[i].dir == d && t->msg[i].type == type)
			return (int)i;
	return -1;
}

/* The Certificate message (§4.4.2): context, then entries of cert_data
 * and extensions. */
static void
parse_certificate(tw_tls13 *t, const tw_t13_msg *m)
{
	const uint8_t *p = m->bytes + 4;
	size_t n = m->len - 4, off, end;

	if (n < 1 || 1 + (size_t)p[0] + 3 > n)
		return;
	off = 1 + p[0];
	end = off + 3 + ((size_t)p[off] << 16 | (size_t)p[off + 1] << 8 | p[off + 2]);
	off += 3;
	if (end > n)
		return;
	while (off + 3 <= end && t->nchain < TW_MAX_CHAIN) {
		size_t cl = (size_t)p[off] << 16 | (size_t)p[off + 1] << 8 | p[off + 2], el;
		if (off + 3 + cl + 2 > end)
			return;
		t->chain[t->nchain] = p + off + 3;
		t->chain_len[t->nchain++] = cl;
		off += 3 + cl;
		el = (size_t)p[off] << 8 | p[off + 1];
		off += 2 + el;
	}
	if (t->nchain > 0) {
		t->leaf = t->chain[0];
		t->leaf_len = t->chain_len[0];
	}
}

/* §4.4.3: 64 spaces ‖ "TLS 1.3, server CertificateVerify" ‖ 0 ‖ hash. */
static void
check_cv(tw_tls13 *t, const tw_t13_msg *cv, size_t before)
{
	static const char ctx[] = "TLS 1.3, server CertificateVerify";
	uint8_t content[64 + sizeof ctx + 48], h[64];
	const uint8_t *parts[1], *sig;
	size_t lens[1], clen, sig_len, hl;
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	int hash;

	if (cv->len < 8 || t->leaf == NULL)
		return;
	t->cv_sig_alg = (uint16_t)(cv->bytes[4] << 8 | cv->bytes[5]);
	sig_len = (size_t)cv->bytes[6] << 8 | cv->bytes[7];
	sig = cv->bytes + 8;
	if (8 + sig_len > cv->len)
		return;
	transcript(t, before, t->cv_hash);
	memset(content, 0x20, 64);
	memcpy(content + 64, ctx, sizeof ctx);     /* with its terminating 0 */
	memcpy(content + 64 + sizeof ctx, t->cv_hash, t->hlen);
	clen = 64 + sizeof ctx + t->hlen;
	switch (t->cv_sig_alg) {
	case 0x0403: case 0x0804: case 0x0809: hash = 256; break;
	case 0x0503: case 0x0805: case 0x080a: hash = 384; break;
	case 0x0603: case 0x0806: case 0x080b: hash = 512; break;
	default: return;
	}
	parts[0] = content;
	lens[0] = clen;
	hl = tw_hash(hash, parts, lens, 1, h);
	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, t->leaf, t->leaf_len);
	if ((pk = br_x509_decoder_get_pkey(&dc)) == NULL)
		return;
	if ((t->cv_sig_alg >> 8) == 8 && pk->key_type == BR_KEYTYPE_RSA)
		t->cv_v = tw_rsa_pss_verify(&pk->key.rsa, hash, h, hl, sig, sig_len)
			? TW_V_OK : TW_V_MISMATCH;
	else if ((t->cv_sig_alg & 0xff) == 3 && pk->key_type == BR_KEYTYPE_EC)
		t->cv_v = tw_ecdsa_verify(pk->key.ec.curve, pk->key.ec.q, pk->key.ec.qlen,
			h, hl, sig, sig_len, NULL, NULL, NULL) == 1 ? TW_V_OK : TW_V_MISMATCH;
}

static void
check_chain(tw_tls13 *t, const tw_creds *creds, const char *host, time_t now)
{
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	size_t i;
	unsigned err;

	if (t->nchain == 0 || creds == NULL)
		return;
	br_x509_minimal_init_full(&xc, creds->anchors, creds->anchors_len);
	br_x509_minimal_set_time(&xc, (uint32_t)(now / 86400) + 719528, (uint32_t)(now % 86400));
	(*vt)->start_chain(vt, host != NULL && host[0] ? host : NULL);
	for (i = 0; i < t->nchain; i++) {
		(*vt)->start_cert(vt, (uint32_t)t->chain_len[i]);
		(*vt)->append(vt, t->chain[i], t->chain_len[i]);
		(*vt)->end_cert(vt);
	}
	err = (*vt)->end_chain(vt);
	t->chain_err = err == 0 ? BR_ERR_X509_OK : (int)err;
	t->chain_v = err == 0 ? TW_V_OK : TW_V_MISMATCH;
}

/* Finished of side d: HMAC(finished_key, Transcript-Hash(messages before it)). */
static void
check_finished(tw_tls13 *t, tw_dir d)
{
	int i = find_msg(t, d, 20);
	uint8_t *hash = d == TW_S2C ? t->server_hash : t->client_hash;
	uint8_t *vd = d == TW_S2C ? t->server_vd : t->client_vd;
	tw_verdict *v = d == TW_S2C ? &t->server_fin_v : &t->client_fin_v;
	const uint8_t *parts[1];
	size_t lens[1];

	if (i < 0 || !t->have[d == TW_S2C ? TW_T13_S_HS : TW_T13_C_HS])
		return;
	transcript(t, (size_t)i, hash);
	parts[0] = hash;
	lens[0] = t->hlen;
	tw_hmac(t->hash, t->finished_key[d == TW_S2C ? 1 : 0], t->hlen, parts, lens, 1, vd);
	*v = (t->msg[i].len == 4 + t->hlen && memcmp(t->msg[i].bytes + 4, vd, t->hlen) == 0)
		? TW_V_OK : TW_V_MISMATCH;
}

/* see tls13.h */
void
tw_tls13_compute(const tw_wire *w, const tw_creds *creds, const char *host,
	time_t now, tw_tls13 *t)
{
	/* The epoch each side is in: its handshake secret until its Finished,
	 * then its application secret; sequence numbers restart with each. */
	int cur[2] = { TW_T13_C_HS, TW_T13_S_HS };
	uint64_t seq[2] = { 0, 0 };
	cutter c;
	size_t i;
	int s;

	memset(&c, 0, sizeof c);
	t->hlen = tw_hash_len(t->hash);
	for (s = 0; s < TW_T13_NSECRETS; s++) {
		if (!t->have[s])
			continue;
		tw_hkdf_expand_label(t->hash, t->secret[s], t->hlen, "key", NULL, 0,
			t->key[s], t->key_len, t->label_key, &t->label_key_len);
		tw_hkdf_expand_label(t->hash, t->secret[s], t->hlen, "iv", NULL, 0,
			t->iv[s], 12, t->label_iv, &t->label_iv_len);
		if (s < 2)
			tw_hkdf_expand_label(t->hash, t->secret[s], t->hlen, "finished", NULL, 0,
				t->finished_key[s], t->hlen, t->label_fin, &t->label_fin_len);
	}
	for (i = 0; i < w->nrec && t->nrec < TW_WIRE_MAX_RECORDS; i++) {
		const tw_record *r = &w->rec[i];
		const uint8_t *b = tw_wire_record_bytes(w, i);
		tw_dir d = r->dir;
		tw_t13_rec *o;
		size_t n, j;

		if (r->type == TW_CT_HANDSHAKE && r->len > 5) {
			/* ClientHello, ServerHello (and a HelloRetryRequest) in clear. */
			if (add_hs(t, d, b + 5, r->len - 5) == 0)
				cut(t, &c, d, (int)i, 0);
			continue;
		}
		if (r->type != TW_CT_APPDATA || r->len < 5 + 17)
			continue;
		o = &t->rec[t->nrec++];
		memset(o, 0, sizeof *o);
		o->rec = (int)i;
		o->secret = -1;
		s = cur[d];
		if (!t->have[s])
			continue;
		o->secret = s;
		o->seq = seq[d]++;
		/* nonce = IV XOR (sequence number, left-padded to 12 bytes) */
		memcpy(o->nonce, t->iv[s], 12);
		for (j = 0; j < 8; j++)
			o->nonce[4 + j] ^= (uint8_t)(o->seq >> (56 - 8 * j));
		n = r->len - 5 - 16;
		if ((o->plain = malloc(n)) == NULL)
			continue;
		memcpy(o->plain, b + 5, n);
		/* Additional data: the record header (§5.2). */
		o->tag = (t->chacha
			? tw_chacha20poly1305_open(t->key[s], o->nonce, b, 5, o->plain, n, b + 5 + n)
			: tw_gcm_open(t->key[s], t->key_len, o->nonce, b, 5, o->plain, n, b + 5 + n))
			? TW_V_OK : TW_V_MISMATCH;
		if (o->tag != TW_V_OK)
			continue;
		/* TLSInnerPlaintext: content ‖ type ‖ zeros (§5.4). */
		while (n > 0 && o->plain[n - 1] == 0) {
			n--;
			o->pad_len++;
		}
		if (n == 0) {
			o->tag = TW_V_MISMATCH;   /* no content type: not a valid record */
			continue;
		}
		o->inner_type = o->plain[--n];
		o->plain_len = n;
		if (o->inner_type == TW_CT_HANDSHAKE && add_hs(t, d, o->plain, n) == 0) {
			size_t before = t->nmsg, k;
			cut(t, &c, d, (int)i, 1);
			for (k = before; k < t->nmsg; k++)
				if (t->msg[k].type == 20 && (s == TW_T13_C_HS || s == TW_T13_S_HS)) {
					/* After its Finished a side switches to application keys. */
					cur[d] = d == TW_C2S ? TW_T13_C_AP : TW_T13_S_AP;
					seq[d] = 0;
				}
		}
	}
	/* Messages point into the buffers now that they no longer move. */
	for (i = 0; i < t->nmsg; i++)
		t->msg[i].bytes = t->hsbuf[t->msg[i].dir] + (size_t)(uintptr_t)t->msg[i].bytes;
	/* Transcript order: the client's messages after the server's Finished
	 * (its Certificate, CertificateVerify, Finished) follow the server's
	 * flight; a NewSessionTicket is not part of it. Records alternate
	 * flights, so sort by the record that carried each header, stably. */
	for (i = 1; i < t->nmsg; i++) {
		size_t j = i;
		while (j > 0 && t->msg[j - 1].rec > t->msg[j].rec) {
			tw_t13_msg tmp = t->msg[j - 1];
			t->msg[j - 1] = t->msg[j];
			t->msg[j] = tmp;
			j--;
		}
	}
	if (t->nrec > 0) {
		t->records_v = TW_V_OK;
		for (i = 0; i < t->nrec; i++)
			if (t->rec[i].tag != TW_V_OK)
				t->records_v = t->rec[i].secret < 0 ? TW_V_MISSING : TW_V_MISMATCH;
	}
	{
		int ci = find_msg(t, TW_S2C, 11), vi = find_msg(t, TW_S2C, 15);
		if (ci >= 0) {
			parse_certificate(t, &t->msg[ci]);
			check_chain(t, creds, host, now);
		}
		if (vi >= 0)
			check_cv(t, &t->msg[vi], (size_t)vi);
	}
	check_finished(t, TW_S2C);
	check_finished(t, TW_C2S);
}

/* see tls13.h */
const char *
tw_tls13_suite_name(uint16_t suite)
{
	switch (suite) {
	case 0x1301: return "TLS_AES_128_GCM_SHA256";
	case 0x1302: return "TLS_AES_256_GCM_SHA384";
	case 0x1303: return "TLS_CHACHA20_POLY1305_SHA256";
	case 0x1304: return "TLS_AES_128_CCM_SHA256";
	case 0x1305: return "TLS_AES_128_CCM_8_SHA256";
	default: return NULL;
	}
}

/* see tls13.h */
const tw_t13_rec *
tw_tls13_rec(const tw_tls13 *t, int rec)
{
	size_t i;

	for (i = 0; i < t->nrec; i++)
		if (t->rec[i].rec == rec)
			return &t->rec[i];
	return NULL;
}

/* see tls13.h */
void
tw_tls13_free(tw_tls13 *t)
{
	size_t i;

	for (i = 0; i < t->nrec; i++)
		free(t->rec[i].plain);
	free(t->hsbuf[0]);
	free(t->hsbuf[1]);
	memset(t, 0, sizeof *t);
}
