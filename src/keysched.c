/*
 * keysched.c — pre-master secret, master secret, key block, verify_data,
 * record decryption, the ServerKeyExchange signature and the certificate
 * chain, each recomputed from the captured bytes and checked. See keysched.h.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "keysched.h"

/* see keysched.h */
const char *
tw_verdict_name(tw_verdict v)
{
	switch (v) {
	case TW_V_OK: return "verified";
	case TW_V_MISMATCH: return "MISMATCH";
	default: return "missing";
	}
}

/* The suites whose key schedule we recompute: ECDHE with AES-GCM. */
static int
suite_params(uint16_t suite, int *hash, size_t *key_len)
{
	switch (suite) {
	case 0xc02b: case 0xc02f: *hash = 256; *key_len = 16; return 1;
	case 0xc02c: case 0xc030: *hash = 384; *key_len = 32; return 1;
	default: return 0;
	}
}

/* see keysched.h */
size_t
tw_ecdh_shared_x(int curve, const uint8_t *scalar, size_t scalar_len,
	const uint8_t *point, size_t point_len, uint8_t *out, size_t out_size)
{
	const br_ec_impl *ec = br_ec_get_default();
	uint8_t pt[133];
	size_t xoff, xlen;

	if (curve < 0 || curve > 31 || !((ec->supported_curves >> curve) & 1)
		|| point_len > sizeof pt)
		return 0;
	memcpy(pt, point, point_len);
	if (!ec->mul(pt, point_len, scalar, scalar_len, curve))
		return 0;
	xoff = ec->xoff(curve, &xlen);
	if (xlen > out_size)
		return 0;
	memcpy(out, pt + xoff, xlen);
	return xlen;
}

static void
compute_pms(const tw_wire *w, const tw_hs *hs, tw_keys *k)
{
	const br_ec_impl *ec = br_ec_get_default();
	uint8_t pt[133];
	size_t glen;

	if (!hs->have_ske || w->server_ecdhe_key_len == 0
		|| hs->curve > 31 || !((ec->supported_curves >> hs->curve) & 1))
		return;
	/* The snapshotted scalar must be the one behind the public point the
	 * server sent: recompute scalar × G. This needs no ClientKeyExchange,
	 * so it is checked even when the client stopped at the certificate. */
	glen = ec->mulgen(pt, w->server_ecdhe_key, w->server_ecdhe_key_len, hs->curve);
	k->server_scalar = (glen == hs->server_point_len
		&& memcmp(pt, hs->server_point, glen) == 0) ? TW_V_OK : TW_V_MISMATCH;
	if (!hs->have_cke)
		return;
	k->pms_len = tw_ecdh_shared_x(hs->curve, w->server_ecdhe_key,
		w->server_ecdhe_key_len, hs->client_point, hs->client_point_len,
		k->pms, sizeof k->pms);
}

static void
hash_msgs(int prf_hash, const tw_hs *hs, const int *idx, size_t n,
	const uint8_t *extra, size_t extra_len, uint8_t *out)
{
	br_sha256_context s256;
	br_sha384_context s384;
	size_t i;

	if (prf_hash == 256) {
		br_sha256_init(&s256);
		for (i = 0; i < n; i++)
			br_sha256_update(&s256, hs->msg[idx[i]].bytes, hs->msg[idx[i]].len);
		if (extra_len)
			br_sha256_update(&s256, extra, extra_len);
		br_sha256_out(&s256, out);
	} else {
		br_sha384_init(&s384);
		for (i = 0; i < n; i++)
			br_sha384_update(&s384, hs->msg[idx[i]].bytes, hs->msg[idx[i]].len);
		if (extra_len)
			br_sha384_update(&s384, extra, extra_len);
		br_sha384_out(&s384, out);
	}
}

/* Open one AES-GCM record (RFC 5288): nonce = write IV ‖ explicit nonce,
 * aad = seq ‖ type ‖ version ‖ plaintext length. */
static void
open_record(const tw_wire *w, size_t ri, const tw_keys *kk, tw_opened *o)
{
	const tw_record *r = &w->rec[ri];
	const uint8_t *rb = tw_wire_record_bytes(w, ri);
	const uint8_t *key = r->dir == TW_C2S ? kk->client_key : kk->server_key;
	const uint8_t *iv = r->dir == TW_C2S ? kk->client_iv : kk->server_iv;
	br_aes_ct_ctr_keys aes;
	br_gcm_context gc;
	int i;

	memset(o, 0, sizeof *o);
	o->rec = (int)ri;
	if (r->len < 5 + 8 + 16)
		return;
	o->explicit_off = 5;
	o->ct_off = 13;
	o->ct_len = r->len - 5 - 8 - 16;
	o->tag_off = o->ct_off + o->ct_len;
	memcpy(o->nonce, iv, 4);
	memcpy(o->nonce + 4, rb + 5, 8);
	for (i = 0; i < 8; i++)
		o->aad[i] = (uint8_t)(r->seq >> (56 - 8 * i));
	o->aad[8] = r->type;
	o->aad[9] = (uint8_t)(r->version >> 8);
	o->aad[10] = (uint8_t)r->version;
	o->aad[11] = (uint8_t)(o->ct_len >> 8);
	o->aad[12] = (uint8_t)o->ct_len;
	o->plain = malloc(o->ct_len ? o->ct_len : 1);
	if (o->plain == NULL)
		return;
	memcpy(o->plain, rb + o->ct_off, o->ct_len);
	o->plain_len = o->ct_len;
	br_aes_ct_ctr_init(&aes, key, kk->key_len);
	br_gcm_init(&gc, &aes.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, o->nonce, sizeof o->nonce);
	br_gcm_aad_inject(&gc, o->aad, sizeof o->aad);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, 0, o->plain, o->plain_len);
	o->tag = br_gcm_check_tag(&gc, rb + o->tag_off) ? TW_V_OK : TW_V_MISMATCH;
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

static void
check_signature(const tw_hs *hs, tw_keys *k)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	const unsigned char *oid;
	uint8_t out[64];
	br_sha256_context s256;
	br_sha384_context s384;
	br_sha512_context s512;

	if (!hs->have_ske || hs->ncert == 0)
		return;
	k->signed_len = 64 + hs->ske_params_len;
	k->signed_data = malloc(k->signed_len);
	if (k->signed_data == NULL)
		return;
	memcpy(k->signed_data, hs->client_random, 32);
	memcpy(k->signed_data + 32, hs->server_random, 32);
	memcpy(k->signed_data + 64, hs->ske_params, hs->ske_params_len);
	switch (hs->sig_alg >> 8) {
	case 4:
		br_sha256_init(&s256);
		br_sha256_update(&s256, k->signed_data, k->signed_len);
		br_sha256_out(&s256, k->signed_hash);
		k->signed_hash_len = 32;
		oid = BR_HASH_OID_SHA256;
		break;
	case 5:
		br_sha384_init(&s384);
		br_sha384_update(&s384, k->signed_data, k->signed_len);
		br_sha384_out(&s384, k->signed_hash);
		k->signed_hash_len = 48;
		oid = BR_HASH_OID_SHA384;
		break;
	case 6:
		br_sha512_init(&s512);
		br_sha512_update(&s512, k->signed_data, k->signed_len);
		br_sha512_out(&s512, k->signed_hash);
		k->signed_hash_len = 64;
		oid = BR_HASH_OID_SHA512;
		break;
	default:
		return;   /* SHA-1 and others: not recomputed */
	}
	if ((hs->sig_alg & 0xff) != 1)
		return;   /* only RSA PKCS#1 v1.5 for now */
	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, hs->cert[0], hs->cert_len[0]);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL || pk->key_type != BR_KEYTYPE_RSA)
		return;
	k->ske_sig = (br_rsa_pkcs1_vrfy_get_default()(hs->sig, hs->sig_len, oid,
		k->signed_hash_len, &pk->key.rsa, out)
		&& memcmp(out, k->signed_hash, k->signed_hash_len) == 0)
		? TW_V_OK : TW_V_MISMATCH;
}

static void
check_chain(const tw_hs *hs, const tw_creds *creds, const char *host,
	time_t now, tw_keys *k)
{
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	size_t i;
	unsigned err;

	if (hs->ncert == 0)
		return;
	br_x509_minimal_init_full(&xc, creds->anchors, creds->anchors_len);
	br_x509_minimal_set_time(&xc, (uint32_t)(now / 86400) + 719528,
		(uint32_t)(now % 86400));
	(*vt)->start_chain(vt, host);
	for (i = 0; i < hs->ncert; i++) {
		(*vt)->start_cert(vt, (uint32_t)hs->cert_len[i]);
		(*vt)->append(vt, hs->cert[i], hs->cert_len[i]);
		(*vt)->end_cert(vt);
	}
	err = (*vt)->end_chain(vt);
	k->chain_err = err == 0 ? BR_ERR_X509_OK : (int)err;
	k->chain_v = err == 0 ? TW_V_OK : TW_V_MISMATCH;
}

/* see keysched.h */
void
tw_keys_compute(const tw_wire *w, const tw_hs *hs, const tw_creds *creds,
	const char *host, time_t now, tw_keys *k)
{
	uint8_t seed[64], kb[160];
	size_t i, kblen, app_off[2] = { 0, 0 };
	const tw_opened *cfin = NULL, *sfin = NULL;

	memset(k, 0, sizeof *k);
	k->suite = hs->suite;
	check_signature(hs, k);
	check_chain(hs, creds, host, now, k);
	if (!suite_params(hs->suite, &k->prf_hash, &k->key_len)) {
		k->prf_hash = 0;
		return;
	}
	k->iv_len = 4;

	compute_pms(w, hs, k);
	if (k->pms_len == 0)
		return;

	memcpy(seed, hs->client_random, 32);
	memcpy(seed + 32, hs->server_random, 32);
	tw_prf(&k->ms_trace, k->prf_hash, k->pms, k->pms_len, "master secret",
		seed, 64, 48);
	memcpy(k->ms, k->ms_trace.out, 48);
	k->ms_client = memcmp(k->ms, w->engine_ms[0], 48) == 0 ? TW_V_OK : TW_V_MISMATCH;
	k->ms_server = memcmp(k->ms, w->engine_ms[1], 48) == 0 ? TW_V_OK : TW_V_MISMATCH;
	/* The pre-master secret is never exposed by BearSSL: it counts as
	 * verified when the master secret derived from it equals both engines'. */
	k->pms_v = (k->ms_client == TW_V_OK && k->ms_server == TW_V_OK)
		? TW_V_OK : TW_V_MISMATCH;

	memcpy(seed, hs->server_random, 32);
	memcpy(seed + 32, hs->client_random, 32);
	kblen = 2 * k->key_len + 2 * k->iv_len;
	tw_prf(&k->kb_trace, k->prf_hash, k->ms, 48, "key expansion", seed, 64, kblen);
	memcpy(kb, k->kb_trace.out, kblen);
	memcpy(k->client_key, kb, k->key_len);
	memcpy(k->server_key, kb + k->key_len, k->key_len);
	memcpy(k->client_iv, kb + 2 * k->key_len, 4);
	memcpy(k->server_iv, kb + 2 * k->key_len + 4, 4);

	/* Open every encrypted record; compare application data with what the
	 * sending engine was given. */
	for (i = 0; i < w->nrec && k->nopened < TW_MAX_OPENED; i++) {
		const tw_record *r = &w->rec[i];
		tw_opened *o;

		if (!r->encrypted)
			continue;
		o = &k->opened[k->nopened++];
		open_record(w, i, k, o);
		if (o->tag == TW_V_OK && r->type == TW_CT_HANDSHAKE && o->plain_len > 0
			&& o->plain[0] == TW_HS_FINISHED) {
			if (r->dir == TW_C2S && cfin == NULL)
				cfin = o;
			else if (r->dir == TW_S2C && sfin == NULL)
				sfin = o;
		}
		if (o->tag == TW_V_OK && r->type == TW_CT_APPDATA) {
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

	/* verify_data. The client's hash covers every handshake message before
	 * its Finished; the server's adds the client's Finished. */
	k->hs_hash_len = k->prf_hash / 8;
	for (i = 0; i < hs->nmsg; i++) {
		k->client_hs_msgs[k->client_hs_nmsgs++] = (int)i;
		k->server_hs_msgs[k->server_hs_nmsgs++] = (int)i;
	}
	hash_msgs(k->prf_hash, hs, k->client_hs_msgs, k->client_hs_nmsgs, NULL, 0,
		k->client_hs_hash);
	tw_prf(&k->client_vd_trace, k->prf_hash, k->ms, 48, "client finished",
		k->client_hs_hash, k->hs_hash_len, 12);
	memcpy(k->client_vd, k->client_vd_trace.out, 12);
	check_finished(cfin, k->client_vd, &k->client_vd_v);
	if (cfin != NULL && cfin->plain_len == 16) {
		k->server_hs_has_client_finished = 1;
		hash_msgs(k->prf_hash, hs, k->server_hs_msgs, k->server_hs_nmsgs,
			cfin->plain, cfin->plain_len, k->server_hs_hash);
		tw_prf(&k->server_vd_trace, k->prf_hash, k->ms, 48, "server finished",
			k->server_hs_hash, k->hs_hash_len, 12);
		memcpy(k->server_vd, k->server_vd_trace.out, 12);
		check_finished(sfin, k->server_vd, &k->server_vd_v);
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
