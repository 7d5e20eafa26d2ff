/*
 * certcheck.c — certificate facts a browser cares about. See certcheck.h.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <bearssl.h>
#include "certcheck.h"
#include "der.h"

/* Days since 0000-01-01 (BearSSL's X.509 calendar) to seconds since 1970. */
static time_t
x509_time(uint32_t days, uint32_t secs)
{
	return ((time_t)days - 719528) * 86400 + (time_t)secs;
}

/* see certcheck.h */
void
tw_cert_facts_read(const uint8_t *der, size_t len, tw_cert_facts *f)
{
	static const uint8_t san_oid[] = { 0x06, 0x03, 0x55, 0x1d, 0x11 };
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	size_t i;

	memset(f, 0, sizeof *f);
	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, der, len);
	if ((pk = br_x509_decoder_get_pkey(&dc)) == NULL)
		return;
	f->decoded = 1;
	f->key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		size_t n = pk->key.rsa.nlen, z = 0;
		while (z < n && pk->key.rsa.n[z] == 0)
			z++;
		f->rsa_bits = (unsigned)(n - z) * 8;
		if (z < n) {
			unsigned top = pk->key.rsa.n[z];
			while (top < 0x80) {
				f->rsa_bits--;
				top <<= 1;
			}
		}
	}
	f->signer_hash = br_x509_decoder_get_signer_hash_id(&dc);
	f->is_ca = br_x509_decoder_isCA(&dc);
	f->not_before = x509_time(dc.notbefore_days, dc.notbefore_seconds);
	f->not_after = x509_time(dc.notafter_days, dc.notafter_seconds);
	/* The extension's OID, 2.5.29.17, as DER; it cannot appear by chance
	 * in a name or key (its tag and length bytes come with it). */
	for (i = 0; i + sizeof san_oid <= len; i++)
		if (memcmp(der + i, san_oid, sizeof san_oid) == 0) {
			f->has_san = 1;
			break;
		}
}

static void
add(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	if (n < size)
		snprintf(buf + n, size - n, "%s%s", n ? " " : "", s);
}

/* see certcheck.h */
void
tw_cert_browser_notes(const tw_cert_facts *leaf, const tw_cert_facts *sig,
	char *en, size_t en_size, char *zh, size_t zh_size)
{
	en[0] = zh[0] = 0;
	if (!leaf->decoded)
		return;
	if (!leaf->has_san) {
		add(en, en_size, "This certificate has no subjectAltName: BearSSL matched the name in the subject's CN, but browsers have ignored the CN since 2017 and would refuse it.");
		add(zh, zh_size, "这张证书没有 subjectAltName：BearSSL 用主体的 CN 匹配了域名，但浏览器自 2017 年起不再看 CN，会拒绝它。");
	}
	if (leaf->key_type == BR_KEYTYPE_RSA && leaf->rsa_bits > 0 && leaf->rsa_bits < 2048) {
		char b[240];
		snprintf(b, sizeof b, "Its RSA key has %u bits: browsers and CAs require at least 2048, because shorter keys can be factored with enough computing power.", leaf->rsa_bits);
		add(en, en_size, b);
		snprintf(b, sizeof b, "它的 RSA 密钥只有 %u 位：浏览器和 CA 要求至少 2048 位，因为更短的密钥可以用足够的算力分解。", leaf->rsa_bits);
		add(zh, zh_size, b);
	}
	if (sig != NULL && sig->decoded && sig->signer_hash == br_sha1_ID) {
		add(en, en_size, "A certificate of this chain is signed with SHA-1: browsers have refused such signatures since 2017, since SHA-1 collisions can be computed (SHAttered).");
		add(zh, zh_size, "这条证书链中有证书用 SHA-1 签名：浏览器自 2017 年起拒绝这种签名，因为 SHA-1 碰撞已经可以被算出来（SHAttered）。");
	}
}

/* The children of the constructed element t, one at a time: *o starts at
 * t's content; -1 at its end or on bad DER. */
static int
next_child(const uint8_t *p, const tw_tlv *t, size_t *o, tw_tlv *c)
{
	size_t end = t->off + t->hlen + t->len;

	if (*o >= end || tw_der_read(p, *o, end, c) < 0)
		return -1;
	*o = c->off + c->hlen + c->len;
	return 0;
}

/* see certcheck.h */
size_t
tw_cert_dns_names(const uint8_t *der, size_t len, char (*names)[TW_DNS_MAX], size_t max)
{
	static const uint8_t san[] = { 0x55, 0x1d, 0x11 };   /* 2.5.29.17 */
	tw_tlv cert, tbs, c, exts, ext, f, gns, gn;
	size_t o, n = 0;

	if (tw_der_read(der, 0, len, &cert) < 0 || cert.tag != 0x30)
		return 0;
	o = cert.off + cert.hlen;
	if (next_child(der, &cert, &o, &tbs) < 0 || tbs.tag != 0x30)
		return 0;
	/* tbsCertificate: ..., [3] EXPLICIT Extensions */
	o = tbs.off + tbs.hlen;
	while (next_child(der, &tbs, &o, &c) == 0) {
		size_t eo, xo;
		if (c.tag != 0xa3)
			continue;
		eo = c.off + c.hlen;
		if (next_child(der, &c, &eo, &exts) < 0 || exts.tag != 0x30)
			return 0;
		xo = exts.off + exts.hlen;
		/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN
		 * DEFAULT FALSE, extnValue OCTET STRING } */
		while (next_child(der, &exts, &xo, &ext) == 0) {
			size_t fo = ext.off + ext.hlen, go;
			if (ext.tag != 0x30 || next_child(der, &ext, &fo, &f) < 0 || f.tag != 0x06
				|| f.len != sizeof san || memcmp(der + f.off + f.hlen, san, sizeof san) != 0)
				continue;
			if (next_child(der, &ext, &fo, &f) < 0)
				return 0;
			if (f.tag == 0x01 && next_child(der, &ext, &fo, &f) < 0)
				return 0;
			if (f.tag != 0x04 || tw_der_read(der, f.off + f.hlen, f.off + f.hlen + f.len, &gns) < 0
				|| gns.tag != 0x30)
				return 0;
			/* GeneralNames: dNSName is [2] IMPLICIT IA5String */
			go = gns.off + gns.hlen;
			while (n < max && next_child(der, &gns, &go, &gn) == 0) {
				size_t i, ok = gn.tag == 0x82 && gn.len > 0 && gn.len < TW_DNS_MAX;
				for (i = 0; ok && i < gn.len; i++)
					ok = der[gn.off + gn.hlen + i] > 0x20 && der[gn.off + gn.hlen + i] < 0x7f;
				if (!ok)
					continue;
				memcpy(names[n], der + gn.off + gn.hlen, gn.len);
				names[n][gn.len] = 0;
				n++;
			}
			return n;
		}
		return 0;
	}
	return 0;
}

static int
same_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == 0 && *b == 0;
}

/* see certcheck.h */
int
tw_cert_name_matches(const char *pattern, const char *host)
{
	const char *dot;

	if (pattern[0] == 0 || host[0] == 0)
		return 0;
	if (pattern[0] != '*')
		return strchr(pattern, '*') == NULL && same_ci(pattern, host);
	/* "*." then at least two labels: never "*" or "*.com"-like one label */
	if (pattern[1] != '.' || strchr(pattern + 2, '*') != NULL || strchr(pattern + 2, '.') == NULL)
		return 0;
	dot = strchr(host, '.');
	return dot != NULL && dot != host && same_ci(pattern + 1, dot);
}
