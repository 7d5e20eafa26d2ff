/* certsig.c — see certsig.h. */
#include "config.h"
#include <string.h>
#include "certsig.h"
#include "crypto.h"
#include "der.h"

/* see certsig.h */
void
tw_pkcs1_open_sig(const br_rsa_public_key *pk, const unsigned char *oid,
	const uint8_t *h, size_t hl, const uint8_t *sig, size_t sig_len, tw_pkcs1_open *o)
{
	const uint8_t *b = o->block;
	uint8_t want[32];
	size_t n, i, ol = oid[0], wl = 0;

	memset(o, 0, sizeof *o);
	o->v = TW_V_MISSING;
	if (pk->nlen > sizeof o->block || ol > 16 || hl > 64
		|| !tw_rsa_public(pk->n, pk->nlen, pk->e, pk->elen, sig, sig_len, o->block))
		return;
	n = o->len = pk->nlen;
	o->v = TW_V_MISMATCH;
	/* DigestInfo ::= SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING hash } */
	want[wl++] = 0x30; want[wl++] = (uint8_t)(ol + hl + 8);
	want[wl++] = 0x30; want[wl++] = (uint8_t)(ol + 4);
	want[wl++] = 0x06; want[wl++] = (uint8_t)ol;
	memcpy(want + wl, oid + 1, ol); wl += ol;
	want[wl++] = 0x05; want[wl++] = 0x00;
	want[wl++] = 0x04; want[wl++] = (uint8_t)hl;
	if (n < 11 + wl + hl || b[0] != 0x00 || b[1] != 0x01)
		return;
	for (i = 2; i < n && b[i] == 0xff; i++)
		;
	o->ff_len = i - 2;
	if (i >= n || b[i] != 0x00 || o->ff_len < 8 || n - (i + 1) < hl)
		return;
	o->prefix_len = n - (i + 1) - hl;
	if (o->prefix_len == wl && memcmp(b + i + 1, want, wl) == 0
		&& memcmp(b + n - hl, h, hl) == 0)
		o->v = TW_V_OK;
}

static const struct {
	uint8_t oid[9];
	size_t len;
	const char *name;
	int hash, ec;
} algs[] = {
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05 }, 9, "sha1WithRSAEncryption", 1, 0 },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0e }, 9, "sha224WithRSAEncryption", 224, 0 },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b }, 9, "sha256WithRSAEncryption", 256, 0 },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c }, 9, "sha384WithRSAEncryption", 384, 0 },
	{ { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d }, 9, "sha512WithRSAEncryption", 512, 0 },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01 }, 7, "ecdsa-with-SHA1", 1, 1 },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x01 }, 8, "ecdsa-with-SHA224", 224, 1 },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 }, 8, "ecdsa-with-SHA256", 256, 1 },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 }, 8, "ecdsa-with-SHA384", 384, 1 },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04 }, 8, "ecdsa-with-SHA512", 512, 1 },
};

static const unsigned char *
hash_oid(int hash)
{
	switch (hash) {
	case 1: return BR_HASH_OID_SHA1;
	case 224: return BR_HASH_OID_SHA224;
	case 256: return BR_HASH_OID_SHA256;
	case 384: return BR_HASH_OID_SHA384;
	case 512: return BR_HASH_OID_SHA512;
	default: return NULL;
	}
}

/* see certsig.h */
void
tw_cert_link_check(const uint8_t *const *cert, const size_t *cert_len, size_t ncert,
	size_t i, const br_x509_trust_anchor *anchors, size_t nanchors, tw_cert_link *out)
{
	const uint8_t *p;
	const uint8_t *issuer = NULL;
	size_t issuer_len = 0, j, o, end;
	int ecalg = 0, rc;
	tw_tlv crt, tbs, f, alg, oid, bits;
	br_x509_decoder_context dc;
	const br_x509_pkey *pk = NULL;
	const uint8_t *parts[1];
	size_t lens[1];

	memset(out, 0, sizeof *out);
	out->index = i;
	out->v = TW_V_MISSING;
	out->from = TW_ISSUER_UNKNOWN;
	if (i >= ncert)
		return;
	/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } */
	p = cert[i];
	if (tw_der_read(p, 0, cert_len[i], &crt) < 0 || crt.tag != 0x30)
		return;
	end = crt.hlen + crt.len;
	if (tw_der_read(p, crt.hlen, end, &tbs) < 0 || tbs.tag != 0x30)
		return;
	/* tbsCertificate: [0] version (absent in v1), serial, signature, issuer, ... */
	o = tbs.off + tbs.hlen;
	for (j = 0; j < 4 && tw_der_read(p, o, tbs.off + tbs.hlen + tbs.len, &f) == 0; j++) {
		if (j == 0 && f.tag != 0xa0)
			j++;
		if (j == 3) {
			issuer = p + f.off;
			issuer_len = f.hlen + f.len;
		}
		o = f.off + f.hlen + f.len;
	}
	o = tbs.off + tbs.hlen + tbs.len;
	if (tw_der_read(p, o, end, &alg) < 0 || alg.tag != 0x30
		|| tw_der_read(p, alg.off + alg.hlen, alg.off + alg.hlen + alg.len, &oid) < 0
		|| oid.tag != 0x06)
		return;
	for (j = 0; j < sizeof algs / sizeof algs[0]; j++)
		if (algs[j].len == oid.len && memcmp(algs[j].oid, p + oid.off + oid.hlen, oid.len) == 0) {
			out->alg = algs[j].name;
			out->hash = algs[j].hash;
			ecalg = algs[j].ec;
		}
	o = alg.off + alg.hlen + alg.len;
	if (tw_der_read(p, o, end, &bits) < 0 || bits.tag != 0x03 || bits.len < 1
		|| p[bits.off + bits.hlen] != 0)
		return;
	out->parsed = 1;
	out->tbs_len = tbs.hlen + tbs.len;
	out->sig = p + bits.off + bits.hlen + 1;
	out->sig_len = bits.len - 1;
	if (out->hash == 0)
		return;
	parts[0] = p + tbs.off;          /* the whole tbsCertificate element is signed */
	lens[0] = out->tbs_len;
	out->hash_len = tw_hash(out->hash, parts, lens, 1, out->tbs_hash);
	if (out->hash_len == 0)
		return;

	if (i + 1 < ncert) {
		br_x509_decoder_init(&dc, NULL, NULL);
		br_x509_decoder_push(&dc, cert[i + 1], cert_len[i + 1]);
		pk = br_x509_decoder_get_pkey(&dc);
		if (pk != NULL)
			out->from = TW_ISSUER_NEXT;
	} else if (issuer != NULL) {
		for (j = 0; j < nanchors && pk == NULL; j++)
			if (anchors[j].dn.len == issuer_len
				&& memcmp(anchors[j].dn.data, issuer, issuer_len) == 0) {
				pk = &anchors[j].pkey;
				out->from = TW_ISSUER_ANCHOR;
			}
	}
	if (pk == NULL)
		return;
	out->key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA && !ecalg) {
		tw_pkcs1_open_sig(&pk->key.rsa, hash_oid(out->hash), out->tbs_hash, out->hash_len,
			out->sig, out->sig_len, &out->rsa);
		out->v = out->rsa.v;
	} else if (pk->key_type == BR_KEYTYPE_EC && ecalg) {
		rc = tw_ecdsa_verify(pk->key.ec.curve, pk->key.ec.q, pk->key.ec.qlen,
			out->tbs_hash, out->hash_len, out->sig, out->sig_len, out->r, out->s, &out->rs_len);
		out->v = rc == 1 ? TW_V_OK : rc == 0 ? TW_V_MISMATCH : TW_V_MISSING;
	} else
		out->v = TW_V_MISMATCH;   /* the algorithm does not fit the issuer's key */
}
