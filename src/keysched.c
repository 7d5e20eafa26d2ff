/*
 * keysched.c — pre-master secret, master secret, key block, verify_data,
 * record decryption, the handshake signatures and the certificate chain,
 * each recomputed from the captured bytes and checked. What varies by
 * suite comes from suite.h; the primitives from crypto.h. See keysched.h.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "keysched.h"
#include "pss.h"
#include "crypto.h"

/* ECDHE: the pre-master secret from the server's scalar and the client's
 * point; each side's scalar checked against the point it sent. */
static void
kx_ecdhe(const tw_wire *w, const tw_hs *hs, tw_keys *k)
{
	const tw_engine_facts *cf = &w->fact[TW_C2S], *sf = &w->fact[TW_S2C];
	uint8_t pt[133];
	size_t n;

	k->curve = hs->curve;
	if (!hs->have_ske)
		return;
	/* The recorded scalar must be the one behind the public point the
	 * server sent: recompute scalar × G. This needs no ClientKeyExchange,
	 * so it is checked even when the client stopped at the certificate. */
	if (sf->scalar_len > 0) {
		n = tw_ec_public(hs->curve, sf->scalar, sf->scalar_len, pt, sizeof pt);
		k->server_scalar = (n > 0 && n == hs->server_point_len
			&& memcmp(pt, hs->server_point, n) == 0) ? TW_V_OK : TW_V_MISMATCH;
	}
	if (!hs->have_cke)
		return;
	if (cf->scalar_len > 0) {
		n = tw_ec_public(hs->curve, cf->scalar, cf->scalar_len, pt, sizeof pt);
		k->client_scalar = (n > 0 && n == hs->client_point_len
			&& memcmp(pt, hs->client_point, n) == 0) ? TW_V_OK : TW_V_MISMATCH;
	}
	/* Diffie-Hellman's point made visible: each side's own computation,
	 * redone here with the scalar only that side holds. */
	if (sf->scalar_len > 0)
		k->pms_server_side_len = tw_ecdh(hs->curve, sf->scalar, sf->scalar_len,
			hs->client_point, hs->client_point_len, k->pms_server_side,
			sizeof k->pms_server_side);
	if (cf->scalar_len > 0)
		k->pms_client_side_len = tw_ecdh(hs->curve, cf->scalar, cf->scalar_len,
			hs->server_point, hs->server_point_len, k->pms_client_side,
			sizeof k->pms_client_side);
	if (k->pms_server_side_len > 0 && k->pms_client_side_len > 0)
		k->pms_sides = k->pms_server_side_len == k->pms_client_side_len
			&& memcmp(k->pms_server_side, k->pms_client_side,
				k->pms_server_side_len) == 0 ? TW_V_OK : TW_V_MISMATCH;
	if (k->pms_server_side_len > 0) {
		memcpy(k->pms, k->pms_server_side, k->pms_server_side_len);
		k->pms_len = k->pms_server_side_len;
	} else if (k->pms_client_side_len > 0) {
		memcpy(k->pms, k->pms_client_side, k->pms_client_side_len);
		k->pms_len = k->pms_client_side_len;
	}
	if (k->pms_len == 0)
		return;
	/* Diffie-Hellman's point: each engine, from its own scalar and the
	 * point it received, reached the value computed here. (Each scalar
	 * was checked against the point its side sent, so the client's c × S
	 * is the same computation seen from the other side.) */
	if (cf->shared_len == 0 && sf->shared_len == 0)
		return;
	k->pms_engines = ((cf->shared_len == 0 || (cf->shared_len == k->pms_len
			&& memcmp(cf->shared, k->pms, k->pms_len) == 0))
		&& (sf->shared_len == 0 || (sf->shared_len == k->pms_len
			&& memcmp(sf->shared, k->pms, k->pms_len) == 0)))
		? TW_V_OK : TW_V_MISMATCH;
}

/* RSA key exchange seen from the client only (a live --connect: the
 * server's private key is not ours). The block the client engine
 * encrypted, encrypted again with the public key of the server's
 * certificate, must give the ClientKeyExchange's bytes (RSA encryption of
 * a given block is deterministic); then its pre-master secret is taken. */
static void
kx_rsa_client_side(const tw_engine_facts *cf, const tw_hs *hs, tw_keys *k)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	uint8_t enc[512];
	size_t nlen = cf->rsa_block_len, i;

	if (!hs->have_cke || hs->ncert == 0 || nlen != hs->rsa_epms_len || nlen > sizeof enc)
		return;
	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, hs->cert[0], hs->cert_len[0]);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL || pk->key_type != BR_KEYTYPE_RSA)
		return;
	memcpy(enc, cf->rsa_block, nlen);
	if (!br_rsa_public_get_default()(enc, nlen, &pk->key.rsa))
		return;
	memcpy(k->rsa_block, cf->rsa_block, nlen);
	k->rsa_block_len = nlen;
	k->rsa_block_v = memcmp(enc, hs->rsa_epms, nlen) == 0 ? TW_V_OK : TW_V_MISMATCH;
	if (k->rsa_block_v != TW_V_OK || nlen < 11 + 48 || k->rsa_block[0] != 0
		|| k->rsa_block[1] != 2)
		return;
	for (i = 2; i < nlen && k->rsa_block[i] != 0; i++)
		;
	if (i < 10 || nlen - i - 1 != 48)
		return;
	k->rsa_pad_len = i - 2;
	memcpy(k->pms, k->rsa_block + i + 1, 48);
	k->pms_len = 48;
}

/* RSA key exchange: open the ClientKeyExchange with the server's private
 * key (the raw RSA operation, then the PKCS#1 v1.5 block by hand). */
static void
kx_rsa(const tw_wire *w, const tw_hs *hs, const tw_creds *creds, tw_keys *k)
{
	const tw_engine_facts *cf = &w->fact[TW_C2S], *sf = &w->fact[TW_S2C];
	size_t nlen, i;

	if ((creds == NULL || creds->key_type == BR_KEYTYPE_EC || creds->key.n_bitlen == 0)
		&& cf->rsa_block_len > 0) {
		kx_rsa_client_side(cf, hs, k);
		return;
	}
	if (!hs->have_cke || creds == NULL || creds->key_type == BR_KEYTYPE_EC
		|| creds->key.n_bitlen == 0)
		return;
	nlen = (creds->key.n_bitlen + 7) / 8;
	if (hs->rsa_epms_len != nlen || nlen > sizeof k->rsa_block)
		return;
	memcpy(k->rsa_block, hs->rsa_epms, nlen);
	if (!br_rsa_private_get_default()(k->rsa_block, &creds->key)) {
		k->rsa_block_len = 0;
		return;
	}
	k->rsa_block_len = nlen;
	if (cf->rsa_block_len > 0)
		k->rsa_block_v = (cf->rsa_block_len == nlen
			&& memcmp(cf->rsa_block, k->rsa_block, nlen) == 0) ? TW_V_OK : TW_V_MISMATCH;
	/* 00 02 PS 00 M, PS at least 8 non-zero bytes, M the 48-byte secret. */
	if (nlen < 11 + 48 || k->rsa_block[0] != 0 || k->rsa_block[1] != 2)
		return;
	for (i = 2; i < nlen && k->rsa_block[i] != 0; i++)
		;
	if (i < 10 || nlen - i - 1 != 48)
		return;
	k->rsa_pad_len = i - 2;
	memcpy(k->pms, k->rsa_block + i + 1, 48);
	k->pms_len = 48;
	if (sf->rsa_pms_len > 0)
		k->pms_engines = (sf->rsa_pms_len == 48
			&& memcmp(sf->rsa_pms, k->pms, 48) == 0
			&& k->rsa_block_v != TW_V_MISMATCH) ? TW_V_OK : TW_V_MISMATCH;
}

static void
hash_msgs(int prf_hash, const tw_hs *hs, const int *idx, size_t n,
	const uint8_t *extra, size_t extra_len, size_t extra_at, uint8_t *out)
{
	const uint8_t *parts[TW_MAX_HS_MSGS + 1];
	size_t lens[TW_MAX_HS_MSGS + 1], i, j = 0;

	/* extra (the client's Finished, encrypted, so not in hs) goes before
	 * the message idx[extra_at]: a NewSessionTicket follows it. */
	for (i = 0; i <= n; i++) {
		if (i == extra_at && extra_len) {
			parts[j] = extra;
			lens[j++] = extra_len;
		}
		if (i == n)
			break;
		parts[j] = hs->msg[idx[i]].bytes;
		lens[j++] = hs->msg[idx[i]].len;
	}
	tw_hash(prf_hash, parts, lens, j, out);
}

static void
check_finished(const tw_opened *o, const uint8_t vd[12], tw_verdict *v)
{
	if (o == NULL || o->tag != TW_V_OK)
		return;
	*v = (o->plain_len == 16 && o->plain[0] == TW_HS_FINISHED
		&& o->plain[1] == 0 && o->plain[2] == 0 && o->plain[3] == 12
		&& memcmp(o->plain + 4, vd, 12) == 0) ? TW_V_OK : TW_V_MISMATCH;
}

/* The hash a TLS 1.2 SignatureAndHashAlgorithm names (high byte), its
 * DigestInfo OID for RSA, or 0. */
static int
sig_hash(uint16_t sig_alg, const unsigned char **oid)
{
	/* RSA-PSS (RFC 8446 §4.2.3), 0x0804..6 rsae and 0x0809..b pss: the
	 * hash is in the low byte. */
	if ((sig_alg >> 8) == 8) {
		*oid = NULL;
		switch (sig_alg & 0xff) {
		case 4: case 9: return 256;
		case 5: case 10: return 384;
		case 6: case 11: return 512;
		default: return 0;
		}
	}
	switch (sig_alg >> 8) {
	case 2: *oid = BR_HASH_OID_SHA1; return 1;
	case 4: *oid = BR_HASH_OID_SHA256; return 256;
	case 5: *oid = BR_HASH_OID_SHA384; return 384;
	case 6: *oid = BR_HASH_OID_SHA512; return 512;
	default: return 0;
	}
}

/* The public key of the DER certificate cert (pointing into dc), or NULL. */
static const br_x509_pkey *
cert_pkey(br_x509_decoder_context *dc, const uint8_t *cert, size_t cert_len)
{
	br_x509_decoder_init(dc, NULL, NULL);
	br_x509_decoder_push(dc, cert, cert_len);
	return br_x509_decoder_get_pkey(dc);
}

/* Verify sig (scheme sig_alg) over the hash h with the public key pk (NULL:
 * none). r and s receive an ECDSA signature's halves. */
static tw_verdict
verify_sig(const br_x509_pkey *pk, uint16_t sig_alg,
	const unsigned char *oid, const uint8_t *h, size_t hlen,
	const uint8_t *sig, size_t sig_len, uint8_t *r, uint8_t *s, size_t *rs_len)
{
	uint8_t out[64];
	int rc;

	if (pk == NULL)
		return TW_V_MISSING;
	if ((sig_alg >> 8) == 8 && pk->key_type == BR_KEYTYPE_RSA)
		return tw_rsa_pss_verify(&pk->key.rsa, (int)(hlen == 32 ? 256 : hlen == 48 ? 384 : 512),
			h, hlen, sig, sig_len) ? TW_V_OK : TW_V_MISMATCH;
	if ((sig_alg & 0xff) == 1 && pk->key_type == BR_KEYTYPE_RSA)
		return (br_rsa_pkcs1_vrfy_get_default()(sig, sig_len, oid, hlen,
			&pk->key.rsa, out) && memcmp(out, h, hlen) == 0)
			? TW_V_OK : TW_V_MISMATCH;
	if ((sig_alg & 0xff) == 3 && pk->key_type == BR_KEYTYPE_EC) {
		rc = tw_ecdsa_verify(pk->key.ec.curve, pk->key.ec.q, pk->key.ec.qlen,
			h, hlen, sig, sig_len, r, s, rs_len);
		return rc == 1 ? TW_V_OK : TW_V_MISMATCH;
	}
	return TW_V_MISSING;   /* a scheme we do not recompute, or a key of another type */
}

static void
check_signature(const tw_hs *hs, tw_keys *k)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	const unsigned char *oid = NULL;
	const uint8_t *parts[1];
	size_t lens[1];
	int h;

	if (!hs->have_ske || hs->ncert == 0)
		return;
	k->signed_len = 64 + hs->ske_params_len;
	k->signed_data = malloc(k->signed_len);
	if (k->signed_data == NULL)
		return;
	memcpy(k->signed_data, hs->client_random, 32);
	memcpy(k->signed_data + 32, hs->server_random, 32);
	memcpy(k->signed_data + 64, hs->ske_params, hs->ske_params_len);
	if ((h = sig_hash(hs->sig_alg, &oid)) == 0)
		return;
	parts[0] = k->signed_data;
	lens[0] = k->signed_len;
	k->signed_hash_len = tw_hash(h, parts, lens, 1, k->signed_hash);
	pk = cert_pkey(&dc, hs->cert[0], hs->cert_len[0]);
	k->ske_sig = verify_sig(pk, hs->sig_alg, oid,
		k->signed_hash, k->signed_hash_len, hs->sig, hs->sig_len,
		k->ecdsa_r, k->ecdsa_s, &k->ecdsa_rs_len);
	/* RSA PKCS#1 v1.5 (oid set): also opened by hand, for the learner. */
	if ((hs->sig_alg & 0xff) == 1 && oid != NULL && pk != NULL && pk->key_type == BR_KEYTYPE_RSA)
		tw_pkcs1_open_sig(&pk->key.rsa, oid, k->signed_hash, k->signed_hash_len,
			hs->sig, hs->sig_len, &k->ske_open);
}

/* CertificateVerify (RFC 5246 §7.4.8): signed over every handshake
 * message before it, with the hash its scheme names. */
static void
check_cert_verify(const tw_hs *hs, tw_keys *k)
{
	br_x509_decoder_context dc;
	const unsigned char *oid = NULL;
	const uint8_t *parts[TW_MAX_HS_MSGS];
	size_t lens[TW_MAX_HS_MSGS];
	int h, i;

	if (!hs->have_cert_verify || hs->nclient_cert == 0 || hs->cert_verify_msg < 0)
		return;
	if ((h = sig_hash(hs->cv_sig_alg, &oid)) == 0)
		return;
	for (i = 0; i < hs->cert_verify_msg; i++) {
		parts[i] = hs->msg[i].bytes;
		lens[i] = hs->msg[i].len;
	}
	k->cv_hash_len = tw_hash(h, parts, lens, (size_t)i, k->cv_hash);
	k->cv_sig = verify_sig(cert_pkey(&dc, hs->client_cert[0], hs->client_cert_len[0]), hs->cv_sig_alg,
		oid, k->cv_hash, k->cv_hash_len, hs->cv_sig, hs->cv_sig_len, NULL, NULL, NULL);
}

static void
check_chain(const tw_hs *hs, const tw_creds *creds, const char *host,
	time_t now, tw_keys *k)
{
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	size_t i;
	unsigned err;

	if (hs->ncert == 0 || creds == NULL)
		return;
	br_x509_minimal_init_full(&xc, creds->anchors, creds->anchors_len);
	/* The fastest RSA this machine's BearSSL has (init_full picks the
	 * portable 31-bit code). */
	br_x509_minimal_set_rsa(&xc, br_rsa_pkcs1_vrfy_get_default());
	br_x509_minimal_set_time(&xc, (uint32_t)(now / 86400) + 719528,
		(uint32_t)(now % 86400));
	/* No name (a captured ClientHello without SNI): no name to check. */
	(*vt)->start_chain(vt, host != NULL && host[0] != 0 ? host : NULL);
	for (i = 0; i < hs->ncert; i++) {
		(*vt)->start_cert(vt, (uint32_t)hs->cert_len[i]);
		(*vt)->append(vt, hs->cert[i], hs->cert_len[i]);
		(*vt)->end_cert(vt);
	}
	err = (*vt)->end_chain(vt);
	k->chain_err = err == 0 ? BR_ERR_X509_OK : (int)err;
	k->chain_v = err == 0 ? TW_V_OK : TW_V_MISMATCH;
}

/* Cut the key block as RFC 5246 §6.3 does: client MAC key, server MAC
 * key, client write key, server write key, client IV, server IV. */
static void
cut_key_block(const tw_suite *s, const uint8_t *kb, tw_keys *k)
{
	size_t off = 0;
	int d;

	for (d = 0; d < 2; d++, off += s->mac_key_len)
		memcpy(k->dk[d].mac_key, kb + off, s->mac_key_len);
	for (d = 0; d < 2; d++, off += s->key_len)
		memcpy(k->dk[d].key, kb + off, s->key_len);
	for (d = 0; d < 2; d++, off += s->fixed_iv_len)
		memcpy(k->dk[d].iv, kb + off, s->fixed_iv_len);
}

/* One side's verify_data: PRF(ms, "<side> finished", Hash(messages [‖ the
 * other side's Finished when it came first])). */
static void
finished_vd(tw_keys *k, const tw_hs *hs, int server, const tw_opened *first)
{
	uint8_t *hash = server ? k->server_hs_hash : k->client_hs_hash;
	tw_prf_trace *t = server ? &k->server_vd_trace : &k->client_vd_trace;
	const int *idx = server ? k->server_hs_msgs : k->client_hs_msgs;
	size_t n = server ? k->server_hs_nmsgs : k->client_hs_nmsgs, at = 0;

	/* The other Finished goes where it was sent: before a NewSessionTicket
	 * that followed it. */
	while (first != NULL && at < n && hs->msg[idx[at]].rec < first->rec)
		at++;
	hash_msgs(k->prf_hash, hs, idx, n, first ? first->plain : NULL,
		first ? first->plain_len : 0, at, hash);
	if (tw_prf(t, k->prf_hash, k->ms, 48, server ? "server finished" : "client finished",
		hash, k->hs_hash_len, 12) == 0)
		memcpy(server ? k->server_vd : k->client_vd, t->out, 12);
}

/* see keysched.h */
void
tw_keys_compute(const tw_wire *w, const tw_hs *hs, const tw_creds *creds,
	const char *host, time_t now, tw_keys *k)
{
	uint8_t seed[64];
	size_t i, app_off[2] = { 0, 0 };
	const tw_opened *cfin = NULL, *sfin = NULL;
	const tw_suite *s;

	memset(k, 0, sizeof *k);
	k->suite_id = hs->suite;
	check_signature(hs, k);
	check_cert_verify(hs, k);
	check_chain(hs, creds, host, now, k);
	for (k->nlinks = 0; k->nlinks < hs->ncert && k->nlinks < TW_MAX_CHAIN; k->nlinks++)
		tw_cert_link_check(hs->cert, hs->cert_len, hs->ncert, k->nlinks,
			creds ? creds->anchors : NULL, creds ? creds->anchors_len : 0,
			&k->links[k->nlinks]);
	if ((s = tw_suite_by_id(hs->suite)) == NULL)
		return;
	k->suite = s;
	k->prf_hash = s->prf_hash;
	k->kx = s->kx;

	if (s->kx == TW_KX_ECDHE)
		kx_ecdhe(w, hs, k);
	else
		kx_rsa(w, hs, creds, k);
	memcpy(seed, hs->client_random, 32);
	memcpy(seed + 32, hs->server_random, 32);
	if (k->pms_len > 0) {
		/* A PRF that refuses its inputs leaves everything after it missing. */
		if (tw_prf(&k->ms_trace, k->prf_hash, k->pms, k->pms_len, "master secret",
			seed, 64, 48) < 0)
			return;
		memcpy(k->ms, k->ms_trace.out, 48);
		k->ms_derived = 1;
	} else if (w->given_ms_known) {
		/* From a key log: nothing here recomputes it; the records it opens
		 * and the Finished it predicts are the checks. */
		memcpy(k->ms, w->given_ms, 48);
	} else
		return;
	if (w->engine_ms_known[0])
		k->ms_client = memcmp(k->ms, w->engine_ms[0], 48) == 0 ? TW_V_OK : TW_V_MISMATCH;
	if (w->engine_ms_known[1])
		k->ms_server = memcmp(k->ms, w->engine_ms[1], 48) == 0 ? TW_V_OK : TW_V_MISMATCH;
	/* The pre-master secret counts as verified when the engines that ran
	 * here computed the same value and the master secret derived from it
	 * equals their reports. */
	if (k->ms_derived && (k->ms_client != TW_V_MISSING || k->ms_server != TW_V_MISSING))
		k->pms_v = (k->ms_client != TW_V_MISMATCH && k->ms_server != TW_V_MISMATCH
			&& k->pms_engines != TW_V_MISMATCH) ? TW_V_OK : TW_V_MISMATCH;

	memcpy(seed, hs->server_random, 32);
	memcpy(seed + 32, hs->client_random, 32);
	if (tw_prf(&k->kb_trace, k->prf_hash, k->ms, 48, "key expansion", seed, 64,
		tw_suite_key_block_len(s)) < 0)
		return;
	cut_key_block(s, k->kb_trace.out, k);

	/* Open every encrypted record; compare application data with what the
	 * sending engine was given. */
	for (i = 0; i < w->nrec && k->nopened < TW_MAX_OPENED; i++) {
		const tw_record *r = &w->rec[i];
		tw_opened *o;

		if (!r->encrypted)
			continue;
		o = &k->opened[k->nopened++];
		memset(o, 0, sizeof *o);
		o->rec = (int)i;
		o->family = s->rp->name;
		o->matches_sent = TW_V_NA;
		s->rp->open(s, &k->dk[r->dir], r->seq, tw_wire_record_bytes(w, i), r->len, o);
		if (o->tag == TW_V_OK && r->type == TW_CT_HANDSHAKE && o->plain_len > 0
			&& o->plain[0] == TW_HS_FINISHED) {
			if (r->dir == TW_C2S && cfin == NULL)
				cfin = o;
			else if (r->dir == TW_S2C && sfin == NULL)
				sfin = o;
		}
		/* A capture has no sender's plaintext to compare with. */
		if (o->tag == TW_V_OK && r->type == TW_CT_APPDATA && w->app_sent[r->dir] != NULL) {
			size_t d = r->dir;
			o->matches_sent = (app_off[d] + o->plain_len <= w->app_sent_len[d]
				&& memcmp(w->app_sent[d] + app_off[d], o->plain, o->plain_len) == 0)
				? TW_V_OK : TW_V_MISMATCH;
			app_off[d] += o->plain_len;
		}
	}
	if (k->nopened > 0) {
		k->keys_v = TW_V_OK;
		for (i = 0; i < k->nopened; i++)
			if (k->opened[i].tag != TW_V_OK)
				k->keys_v = TW_V_MISMATCH;
	}

	/* verify_data. The first Finished (the client's in a full handshake,
	 * the server's in a resumed one) hashes every handshake message before
	 * it; the second adds the first Finished, decrypted. */
	k->hs_hash_len = (size_t)k->prf_hash / 8;
	/* Each hash covers the messages sent before its Finished: a server's
	 * NewSessionTicket, after the client's Finished, only the server's. */
	for (i = 0; i < hs->nmsg; i++) {
		if (cfin == NULL || hs->msg[i].rec < cfin->rec)
			k->client_hs_msgs[k->client_hs_nmsgs++] = (int)i;
		if (sfin == NULL || hs->msg[i].rec < sfin->rec)
			k->server_hs_msgs[k->server_hs_nmsgs++] = (int)i;
	}
	if (sfin != NULL && (cfin == NULL || sfin->rec < cfin->rec)) {
		finished_vd(k, hs, 1, NULL);
		check_finished(sfin, k->server_vd, &k->server_vd_v);
		if (sfin->plain_len == 16) {
			k->client_hs_has_server_finished = 1;
			finished_vd(k, hs, 0, sfin);
			check_finished(cfin, k->client_vd, &k->client_vd_v);
		}
	} else {
		finished_vd(k, hs, 0, NULL);
		check_finished(cfin, k->client_vd, &k->client_vd_v);
		if (cfin != NULL && cfin->plain_len == 16) {
			k->server_hs_has_client_finished = 1;
			finished_vd(k, hs, 1, cfin);
			check_finished(sfin, k->server_vd, &k->server_vd_v);
		}
	}
}

/* see keysched.h */
void
tw_keys_free(tw_keys *k)
{
	size_t i;

	for (i = 0; i < k->nopened; i++)
		free(k->opened[i].plain);
	free(k->signed_data);
	memset(k, 0, sizeof *k);
}

/* see keysched.h */
const tw_opened *
tw_keys_opened(const tw_keys *k, int rec)
{
	size_t i;

	for (i = 0; i < k->nopened; i++)
		if (k->opened[i].rec == rec)
			return &k->opened[i];
	return NULL;
}

/* A flipped byte of the ServerKeyExchange: its signature checked again,
 * over the parameters (and with the signature) the client received. The
 * flip keeps every length, so the message lies at the same offset. */
static tw_verdict
ske_over_received(const tw_wire *w, const tw_hs *hs, const tw_keys *k,
	const tw_attack_event *a)
{
	br_x509_decoder_context dc;
	const tw_hs_msg *m = tw_hs_find(hs, TW_S2C, TW_HS_SERVER_KEY_EXCHANGE);
	const unsigned char *oid = NULL;
	const uint8_t *b, *parts[1];
	uint8_t *signed_data, h[64], r[66], s[66];
	size_t n, plen, slen, hl, lens[1], rs;
	int hash;
	tw_verdict v;

	(void)k;
	if (m == NULL || a->dir != TW_S2C || m->rec != m->rec_last
		|| a->off < m->stream_off || a->off >= m->stream_end
		|| m->stream_end > w->received_len[TW_S2C] || hs->ncert == 0)
		return TW_V_MISSING;
	b = w->received[TW_S2C] + m->stream_off + 4;
	n = m->len - 4;
	if (n < 4 || b[0] != 3 || (plen = b[3]) + 8 > n)
		return TW_V_MISSING;
	slen = ((size_t)b[6 + plen] << 8) | b[7 + plen];
	if (8 + plen + slen != n
		|| (hash = sig_hash((uint16_t)(((unsigned)b[4 + plen] << 8) | b[5 + plen]), &oid)) == 0)
		return TW_V_MISSING;
	if ((signed_data = malloc(64 + 4 + plen)) == NULL)
		return TW_V_MISSING;
	memcpy(signed_data, hs->client_random, 32);
	memcpy(signed_data + 32, hs->server_random, 32);
	memcpy(signed_data + 64, b, 4 + plen);
	parts[0] = signed_data;
	lens[0] = 64 + 4 + plen;
	hl = tw_hash(hash, parts, lens, 1, h);
	v = verify_sig(cert_pkey(&dc, hs->cert[0], hs->cert_len[0]),
		(uint16_t)(((unsigned)b[4 + plen] << 8) | b[5 + plen]), oid, h, hl,
		b + 8 + plen, slen, r, s, &rs);
	free(signed_data);
	return v;
}

/* see keysched.h */
tw_verdict
tw_keys_check_attack(const tw_wire *w, const tw_hs *hs, const tw_keys *k,
	const tw_attack_event *a, tw_attack_kind kind)
{
	const tw_suite *s = k->suite;
	const tw_record *r;
	tw_opened o;
	uint64_t seq;
	tw_verdict v;

	if (s == NULL || a->rec < 0 || (size_t)a->rec >= w->nrec || w->received[a->dir] == NULL)
		return TW_V_MISSING;
	r = &w->rec[a->rec];
	if (kind == TW_ATK_DOWNGRADE) {
		/* The server hashes the ClientHello it received: the first
		 * handshake message of the received stream. */
		const uint8_t *rb = w->received[TW_C2S];
		size_t mlen, i;
		const uint8_t *parts[TW_MAX_HS_MSGS];
		size_t lens[TW_MAX_HS_MSGS];
		uint8_t h[64];
		tw_prf_trace t;

		if (w->received_len[TW_C2S] < 9 || k->hs_hash_len == 0 || hs->nmsg == 0)
			return TW_V_MISSING;
		mlen = 4 + (((size_t)rb[6] << 16) | ((size_t)rb[7] << 8) | rb[8]);
		if (5 + mlen > w->received_len[TW_C2S])
			return TW_V_MISSING;
		parts[0] = rb + 5;
		lens[0] = mlen;
		for (i = 1; i < k->client_hs_nmsgs && i < TW_MAX_HS_MSGS; i++) {
			parts[i] = hs->msg[k->client_hs_msgs[i]].bytes;
			lens[i] = hs->msg[k->client_hs_msgs[i]].len;
		}
		tw_hash(k->prf_hash, parts, lens, i, h);
		if (tw_prf(&t, k->prf_hash, k->ms, 48, "client finished", h, k->hs_hash_len, 12) < 0)
			return TW_V_MISSING;
		return memcmp(t.out, k->client_vd, 12) == 0 ? TW_V_OK : TW_V_MISMATCH;
	}
	if (!r->encrypted && kind == TW_ATK_TAMPER)
		return ske_over_received(w, hs, k, a);
	if (!r->encrypted)
		return TW_V_MISSING;
	/* A changed length byte changes where the receiver's record ends:
	 * the sender's boundaries no longer describe what it read. */
	if (kind == TW_ATK_TAMPER && a->off >= r->off + 3 && a->off < r->off + 5)
		return TW_V_MISSING;
	/* The record as received: at the same offset for a flipped byte, the
	 * copy right after the original for a replay. */
	seq = r->seq;
	if (kind == TW_ATK_REPLAY)
		seq++;
	if (kind != TW_ATK_TAMPER && kind != TW_ATK_REPLAY)
		return TW_V_MISSING;
	{
		size_t at = kind == TW_ATK_REPLAY ? r->off + r->len : r->off;
		if (at + r->len > w->received_len[r->dir])
			return TW_V_MISSING;
		memset(&o, 0, sizeof o);
		s->rp->open(s, &k->dk[r->dir], seq, w->received[r->dir] + at, r->len, &o);
	}
	v = o.tag;
	free(o.plain);
	return v;
}
