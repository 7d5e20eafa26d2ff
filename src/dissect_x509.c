/*
 * dissect_x509.c — a certificate of the Certificate message, DER element
 * by DER element (X.509, RFC 5280): the TBSCertificate with its version,
 * serial number, algorithm, issuer and subject names, validity, public key
 * and extensions, then the signature algorithm and the signature.
 *
 * Only what this dissector can read in full becomes a structured node:
 * single-byte tags, definite lengths of at most 4 bytes. Anything else, or
 * anything that is not the shape RFC 5280 gives, becomes an undecoded leaf
 * (the element, or the rest of the range it sits in).
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "names.h"
#include "dissect_int.h"
#include "der.h"

typedef tw_tlv tlv;

#define TLV_END(t) ((t).off + (t).hlen + (t).len)
#define TLV_VAL(t) ((t).off + (t).hlen)

/* Read one DER element at o within [o, end) (tw_der_read, in step
 * coordinates). 0, or -1 when it is not valid DER. */
static int
der_read(const D *d, size_t o, size_t end, tlv *t)
{
	if (o < d->base || end > d->lim || tw_der_read(d->p, o - d->base, end - d->base, t) < 0)
		return -1;
	t->off += d->base;
	return 0;
}

static const char *
der_tag_name(unsigned tag, char *buf, size_t size)
{
	static const tw_name_entry tags[] = {
		{ 0x01, "BOOLEAN" }, { 0x02, "INTEGER" }, { 0x03, "BIT STRING" },
		{ 0x04, "OCTET STRING" }, { 0x05, "NULL" }, { 0x06, "OBJECT IDENTIFIER" },
		{ 0x0c, "UTF8String" }, { 0x13, "PrintableString" }, { 0x14, "T61String" },
		{ 0x16, "IA5String" }, { 0x17, "UTCTime" }, { 0x18, "GeneralizedTime" },
		{ 0x1e, "BMPString" }, { 0x30, "SEQUENCE" }, { 0x31, "SET" },
	};
	const char *s = LOOKUP(tags, tag);

	if (s)
		return s;
	if ((tag & 0xc0) == 0x80)
		snprintf(buf, size, "[%u]%s", tag & 0x1f, tag & 0x20 ? "" : " IMPLICIT");
	else
		snprintf(buf, size, "tag 0x%02x", tag);
	return buf;
}

/* A node covering element t, with its header as the first child. */
static tw_field *
der_node(D *d, tw_field *par, const tlv *t, const char *id, const char *label)
{
	char tb[32];
	tw_field *f = tw_field_add(d->b, par, id, label, t->off, t->hlen + t->len, NULL);

	if (f)
		tw_field_add2(d->b, f, "x509.der.header", "DER Header", t->off, t->hlen,
			"%s, %zu bytes of content", "%s，内容 %zu 字节",
			der_tag_name(t->tag, tb, sizeof tb), t->len);
	return f;
}

/* Dotted text of an OID's content bytes. -1 if malformed. */
static int
oid_text(const D *d, size_t o, size_t n, char *buf, size_t size)
{
	size_t i, k = 0;
	unsigned long long v = 0;
	int first = 1;

	if (n == 0 || (u8(d, o + n - 1) & 0x80))
		return -1;
	buf[0] = 0;
	for (i = 0; i < n; i++) {
		unsigned c = u8(d, o + i);
		if (v == 0 && c == 0x80)
			return -1;   /* non-minimal encoding */
		if (v >> 56)
			return -1;
		v = (v << 7) | (c & 0x7f);
		if (c & 0x80)
			continue;
		if (k + 24 >= size)
			return -1;
		if (first) {
			unsigned long long a = v < 40 ? 0 : v < 80 ? 1 : 2;
			k += (size_t)snprintf(buf + k, size - k, "%llu.%llu", a, v - 40 * a);
			first = 0;
		} else
			k += (size_t)snprintf(buf + k, size - k, ".%llu", v);
		v = 0;
	}
	return 0;
}

typedef struct {
	const char *oid, *name, *abbr;
} oid_entry;

static const oid_entry oids[] = {
	{ "2.5.4.3", "Common Name", "CN" }, { "2.5.4.6", "Country", "C" },
	{ "2.5.4.7", "Locality", "L" }, { "2.5.4.8", "State or Province", "ST" },
	{ "2.5.4.10", "Organization", "O" }, { "2.5.4.11", "Organizational Unit", "OU" },
	{ "2.5.4.5", "Serial Number", "serialNumber" },
	{ "1.2.840.113549.1.9.1", "Email Address", "emailAddress" },
	{ "1.2.840.113549.1.1.1", "rsaEncryption", NULL },
	{ "1.2.840.113549.1.1.5", "sha1WithRSAEncryption", NULL },
	{ "1.2.840.113549.1.1.10", "RSASSA-PSS", NULL },
	{ "1.2.840.113549.1.1.11", "sha256WithRSAEncryption", NULL },
	{ "1.2.840.113549.1.1.12", "sha384WithRSAEncryption", NULL },
	{ "1.2.840.113549.1.1.13", "sha512WithRSAEncryption", NULL },
	{ "1.2.840.10045.2.1", "id-ecPublicKey", NULL },
	{ "1.2.840.10045.3.1.7", "prime256v1 (secp256r1)", NULL },
	{ "1.3.132.0.34", "secp384r1", NULL }, { "1.3.132.0.35", "secp521r1", NULL },
	{ "1.2.840.10045.4.3.2", "ecdsa-with-SHA256", NULL },
	{ "1.2.840.10045.4.3.3", "ecdsa-with-SHA384", NULL },
	{ "1.2.840.10045.4.3.4", "ecdsa-with-SHA512", NULL },
	{ "1.3.101.112", "Ed25519", NULL },
	{ "2.5.29.14", "subjectKeyIdentifier", NULL },
	{ "2.5.29.15", "keyUsage", NULL }, { "2.5.29.17", "subjectAltName", NULL },
	{ "2.5.29.19", "basicConstraints", NULL },
	{ "2.5.29.31", "cRLDistributionPoints", NULL },
	{ "2.5.29.32", "certificatePolicies", NULL },
	{ "2.5.29.35", "authorityKeyIdentifier", NULL },
	{ "2.5.29.37", "extKeyUsage", NULL },
	{ "1.3.6.1.5.5.7.1.1", "authorityInfoAccess", NULL },
	{ "1.3.6.1.5.5.7.3.1", "serverAuth", NULL },
	{ "1.3.6.1.5.5.7.3.2", "clientAuth", NULL },
	{ "1.3.6.1.5.5.7.3.3", "codeSigning", NULL },
	{ "1.3.6.1.5.5.7.3.4", "emailProtection", NULL },
	{ "1.3.6.1.5.5.7.3.8", "timeStamping", NULL },
	{ "1.3.6.1.5.5.7.3.9", "OCSPSigning", NULL },
};

static const oid_entry *
oid_find(const char *dotted)
{
	size_t i;

	for (i = 0; i < sizeof oids / sizeof oids[0]; i++)
		if (strcmp(oids[i].oid, dotted) == 0)
			return &oids[i];
	return NULL;
}

/* "name (dotted)" for an OID element t; -1 if t is not a valid OID. */
static int
oid_describe(const D *d, const tlv *t, char *dotted, size_t dsize, char *buf,
	size_t size)
{
	const oid_entry *e;

	if (t->tag != 0x06 || oid_text(d, TLV_VAL(*t), t->len, dotted, dsize) < 0)
		return -1;
	e = oid_find(dotted);
	snprintf(buf, size, "%s (%s)", e ? e->name : "unknown OID", dotted);
	return 0;
}

/* An AlgorithmIdentifier SEQUENCE as one leaf "name (oid)". */
static void
add_algid(D *d, tw_field *par, const tlv *t, const char *id, const char *label,
	char *dotted, size_t dsize)
{
	char desc[160];
	tlv o;

	dotted[0] = 0;
	if (t->tag != 0x30 || der_read(d, TLV_VAL(*t), TLV_END(*t), &o) < 0 ||
	    oid_describe(d, &o, dotted, dsize, desc, sizeof desc) < 0) {
		undec(d, par, t->off, TLV_END(*t), "not an AlgorithmIdentifier");
		return;
	}
	if (TLV_END(o) < TLV_END(*t)) {
		tlv pr;
		char pd[64], pdesc[160];
		if (der_read(d, TLV_END(o), TLV_END(*t), &pr) == 0 &&
		    oid_describe(d, &pr, pd, sizeof pd, pdesc, sizeof pdesc) == 0) {
			tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off,
				"%s, curve %s", desc, pdesc);
			return;
		}
	}
	tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off, "%s", desc);
}

/* Text of a string element (PrintableString, UTF8String, …). */
static int
der_string(const D *d, const tlv *t, char *buf, size_t size)
{
	switch (t->tag) {
	case 0x0c: case 0x13: case 0x14: case 0x16: case 0x1a:
		tw_d_text(d, TLV_VAL(*t), t->len, t->tag == 0x0c, 200, buf, size);
		return 0;
	default:
		return -1;
	}
}

/* An X.501 Name (issuer or subject). */
static void
dec_name(D *d, tw_field *par, const tlv *t, const char *id, const char *label)
{
	char summary[600] = "", v[400], dotted[64], lbl[80];
	size_t o, sl = 0;
	tw_field *f;

	if (t->tag != 0x30) {
		undec(d, par, t->off, TLV_END(*t), "a Name must be a SEQUENCE");
		return;
	}
	f = der_node(d, par, t, id, label);
	if (f == NULL)
		return;
	for (o = TLV_VAL(*t); o < TLV_END(*t); ) {
		tlv set, seq, oid, val;
		const oid_entry *e;
		if (der_read(d, o, TLV_END(*t), &set) < 0) {
			undec(d, f, o, TLV_END(*t), "not a DER element");
			break;
		}
		if (set.tag != 0x31 ||
		    der_read(d, TLV_VAL(set), TLV_END(set), &seq) < 0 || seq.tag != 0x30 ||
		    der_read(d, TLV_VAL(seq), TLV_END(seq), &oid) < 0 ||
		    oid.tag != 0x06 || oid_text(d, TLV_VAL(oid), oid.len, dotted, sizeof dotted) < 0 ||
		    der_read(d, TLV_END(oid), TLV_END(seq), &val) < 0 ||
		    der_string(d, &val, v, sizeof v) < 0) {
			undec(d, f, o, TLV_END(set), "a name attribute that is not "
				"SET { SEQUENCE { OID, string } }");
			o = TLV_END(set);
			continue;
		}
		e = oid_find(dotted);
		if (e && e->abbr)
			snprintf(lbl, sizeof lbl, "%s (%s)", e->name, e->abbr);
		else
			snprintf(lbl, sizeof lbl, "Attribute %s", dotted);
		tw_field_add(d->b, f, "x509.name.rdn", lbl, o, TLV_END(set) - o, "%s", v);
		if (sl + 8 < sizeof summary)
			sl += (size_t)snprintf(summary + sl, sizeof summary - sl, "%s%s=%s",
				sl ? ", " : "", e && e->abbr ? e->abbr : dotted, v);
		if (sl >= sizeof summary)
			sl = sizeof summary - 1;
		o = TLV_END(set);
	}
	tw_field_set_value(d->b, f, "%s", summary);
}

/* UTCTime / GeneralizedTime as "YYYY-MM-DD HH:MM:SS UTC". */
static void
add_time(D *d, tw_field *par, const tlv *t, const char *id, const char *label)
{
	char s[40], raw[80];
	const uint8_t *p = at(d, TLV_VAL(*t));
	size_t n = t->len, i, yl = t->tag == 0x17 ? 2 : 4;
	int ok = (t->tag == 0x17 || t->tag == 0x18) && n == yl + 11 && p[n - 1] == 'Z';

	for (i = 0; ok && i < n - 1; i++)
		if (p[i] < '0' || p[i] > '9')
			ok = 0;
	if (!ok) {
		tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off,
			"%s (not a time this dissector reads)",
			tw_d_text(d, TLV_VAL(*t), n, 0, 40, raw, sizeof raw));
		return;
	}
	if (yl == 2)   /* RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY */
		snprintf(s, sizeof s, "%s%.2s", p[0] >= '5' ? "19" : "20", (const char *)p);
	else
		snprintf(s, sizeof s, "%.4s", (const char *)p);
	p += yl;
	tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off,
		"%s-%.2s-%.2s %.2s:%.2s:%.2s UTC", s, (const char *)p,
		(const char *)p + 2, (const char *)p + 4, (const char *)p + 6,
		(const char *)p + 8);
}

/* Bits of a big-endian unsigned integer (leading zeros skipped). */
static size_t
int_bits(const D *d, size_t o, size_t n)
{
	size_t i;
	unsigned c;

	for (i = 0; i < n && u8(d, o + i) == 0; i++)
		;
	if (i == n)
		return 0;
	c = u8(d, o + i);
	n = (n - i - 1) * 8;
	while (c) {
		n++;
		c >>= 1;
	}
	return n;
}

static void
add_integer(D *d, tw_field *par, const tlv *t, const char *id, const char *label)
{
	char h[2 * HEXMAX + 8];
	unsigned long long v = 0;
	size_t i;

	if (t->tag != 0x02 || t->len == 0) {
		undec(d, par, t->off, TLV_END(*t), "expected an INTEGER");
		return;
	}
	if (t->len <= 8 && !(u8(d, TLV_VAL(*t)) & 0x80)) {
		for (i = 0; i < t->len; i++)
			v = (v << 8) | u8(d, TLV_VAL(*t) + i);
		tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off,
			"%llu (0x%s)", v, tw_d_hex(d, TLV_VAL(*t), t->len, h, sizeof h));
	} else
		tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off,
			"%s", tw_d_hex(d, TLV_VAL(*t), t->len, h, sizeof h));
}

static void
dec_spki(D *d, tw_field *par, const tlv *t)
{
	char dotted[64], h[2 * HEXMAX + 8];
	tw_field *f, *pk, *rk;
	tlv alg, bits, seq, mod, ex;
	size_t o;

	if (t->tag != 0x30 || (f = der_node(d, par, t, "x509.spki",
		"Subject Public Key Info")) == NULL) {
		if (t->tag != 0x30)
			undec(d, par, t->off, TLV_END(*t), "expected a SEQUENCE");
		return;
	}
	o = TLV_VAL(*t);
	if (der_read(d, o, TLV_END(*t), &alg) < 0) {
		undec(d, f, o, TLV_END(*t), "not a DER element");
		return;
	}
	add_algid(d, f, &alg, "x509.spki.algorithm", "Public Key Algorithm", dotted,
		sizeof dotted);
	o = TLV_END(alg);
	if (der_read(d, o, TLV_END(*t), &bits) < 0 || bits.tag != 0x03 || bits.len < 1) {
		undec(d, f, o, TLV_END(*t), "expected the public key BIT STRING");
		return;
	}
	if (strcmp(dotted, "1.2.840.113549.1.1.1") != 0 ||
	    der_read(d, TLV_VAL(bits) + 1, TLV_END(bits), &seq) < 0 || seq.tag != 0x30 ||
	    TLV_END(seq) != TLV_END(bits) ||
	    der_read(d, TLV_VAL(seq), TLV_END(seq), &mod) < 0 || mod.tag != 0x02 ||
	    der_read(d, TLV_END(mod), TLV_END(seq), &ex) < 0 || ex.tag != 0x02 ||
	    TLV_END(ex) != TLV_END(seq) || ex.len == 0) {
		/* not RSA (or not a well-formed RSA key): the key as one leaf */
		tw_field_add(d->b, f, "x509.spki.public_key", "Public Key", bits.off,
			TLV_END(bits) - bits.off, "%zu bytes: %s", bits.len - 1,
			tw_d_hex(d, TLV_VAL(bits) + 1, bits.len - 1, h, sizeof h));
		tw_d_rest(d, f, TLV_END(bits), TLV_END(*t), "the public key info");
		return;
	}
	pk = tw_field_add2(d->b, f, "x509.spki.public_key", "Public Key", bits.off,
		TLV_END(bits) - bits.off, "RSA, %zu-bit modulus", "RSA，模数 %zu 位",
		int_bits(d, TLV_VAL(mod), mod.len));
	if (pk == NULL)
		return;
	tw_field_add2(d->b, pk, "x509.der.header", "DER Header", bits.off, bits.hlen + 1,
		"BIT STRING, %zu bytes of content, %u unused bits",
		"BIT STRING，内容 %zu 字节，%u 个未用位", bits.len,
		u8(d, TLV_VAL(bits)));
	rk = der_node(d, pk, &seq, "x509.rsa_public_key", "RSA Public Key");
	if (rk == NULL)
		return;
	tw_field_add(d->b, rk, "x509.rsa.modulus", "Modulus", mod.off,
		TLV_END(mod) - mod.off, "%zu bits: %s", int_bits(d, TLV_VAL(mod), mod.len),
		tw_d_hex(d, TLV_VAL(mod), mod.len, h, sizeof h));
	add_integer(d, rk, &ex, "x509.rsa.exponent", "Public Exponent");
	tw_d_rest(d, f, TLV_END(bits), TLV_END(*t), "the public key info");
}

static const char *const key_usage_bits[] = {
	"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
	"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
};

/* The content of an extension's OCTET STRING, [o, end), by extension OID. */
static int
dec_ext_value(D *d, tw_field *par, const char *oid, size_t o, size_t end,
	char *sum, size_t ssize)
{
	char h[2 * HEXMAX + 8], v[300], dotted[64], desc[160];
	tlv t, e;
	tw_field *f;
	size_t i, p, sl = 0;

	sum[0] = 0;
	if (der_read(d, o, end, &t) < 0 || TLV_END(t) != end)
		return -1;
	if (strcmp(oid, "2.5.29.17") == 0 && t.tag == 0x30) {   /* subjectAltName */
		if ((f = der_node(d, par, &t, "x509.ext.san", "Subject Alternative Names")) == NULL)
			return 0;
		for (p = TLV_VAL(t); p < end; p = TLV_END(e)) {
			if (der_read(d, p, end, &e) < 0) {
				undec(d, f, p, end, "not a DER element");
				break;
			}
			if (e.tag == 0x82) {
				tw_d_text(d, TLV_VAL(e), e.len, 0, 255, v, sizeof v);
				tw_field_add(d->b, f, "x509.ext.san.dns", "DNS Name", e.off,
					TLV_END(e) - e.off, "%s", v);
			} else if (e.tag == 0x87 && (e.len == 4 || e.len == 16)) {
				if (e.len == 4)
					snprintf(v, sizeof v, "%u.%u.%u.%u", u8(d, TLV_VAL(e)),
						u8(d, TLV_VAL(e) + 1), u8(d, TLV_VAL(e) + 2),
						u8(d, TLV_VAL(e) + 3));
				else
					tw_d_hex(d, TLV_VAL(e), e.len, v, sizeof v);
				tw_field_add(d->b, f, "x509.ext.san.ip", "IP Address", e.off,
					TLV_END(e) - e.off, "%s", v);
			} else {
				char tb[32];
				tw_field_add(d->b, f, "x509.ext.san.other", "Other Name", e.off,
					TLV_END(e) - e.off, "%s, %zu bytes",
					der_tag_name(e.tag, tb, sizeof tb), e.len);
				snprintf(v, sizeof v, "(other)");
			}
			if (sl + 8 < ssize)
				sl += (size_t)snprintf(sum + sl, ssize - sl, "%s%s", sl ? ", " : "", v);
			if (sl >= ssize)
				sl = ssize - 1;
		}
		return 0;
	}
	if (strcmp(oid, "2.5.29.19") == 0 && t.tag == 0x30) {   /* basicConstraints */
		int ca = 0;
		if ((f = der_node(d, par, &t, "x509.ext.basic_constraints",
			"Basic Constraints")) == NULL)
			return 0;
		p = TLV_VAL(t);
		if (p < end && der_read(d, p, end, &e) == 0 && e.tag == 0x01 && e.len == 1) {
			ca = u8(d, TLV_VAL(e)) != 0;
			tw_field_add2(d->b, f, "x509.ext.basic_constraints.ca", "cA", e.off,
				TLV_END(e) - e.off, "%s%.0s", "%.0s%s", ca ? "TRUE (may sign certificates)" :
				"FALSE (an end-entity certificate: may not sign others)",
				ca ? "TRUE（可以签发证书）" : "FALSE（终端实体证书：不能签发别的证书）");
			p = TLV_END(e);
		}
		snprintf(sum, ssize, "CA:%s", ca ? "TRUE" : "FALSE");
		if (p < end && der_read(d, p, end, &e) == 0 && e.tag == 0x02) {
			add_integer(d, f, &e, "x509.ext.basic_constraints.path_len",
				"pathLenConstraint");
			if (e.len == 1)
				snprintf(sum, ssize, "CA:%s, pathlen:%u", ca ? "TRUE" : "FALSE",
					u8(d, TLV_VAL(e)));
			p = TLV_END(e);
		}
		if (p < end)
			undec(d, f, p, end, "unexpected element in basicConstraints");
		return 0;
	}
	if (strcmp(oid, "2.5.29.15") == 0 && t.tag == 0x03 && t.len >= 1 && t.len <= 3) {
		/* keyUsage: BIT STRING, bit 0 is the most significant bit */
		unsigned unused = u8(d, TLV_VAL(t));
		size_t nbits = (t.len - 1) * 8 - (unused < 8 ? unused : 0);
		for (i = 0; i < nbits && i < 9; i++)
			if (u8(d, TLV_VAL(t) + 1 + i / 8) & (0x80 >> (i % 8))) {
				if (sl + 24 < ssize)
					sl += (size_t)snprintf(sum + sl, ssize - sl, "%s%s",
						sl ? ", " : "", key_usage_bits[i]);
			}
		tw_field_add(d->b, par, "x509.ext.key_usage", "Key Usage", t.off,
			TLV_END(t) - t.off, "%s", sum);
		return 0;
	}
	if (strcmp(oid, "2.5.29.37") == 0 && t.tag == 0x30) {   /* extKeyUsage */
		if ((f = der_node(d, par, &t, "x509.ext.eku", "Extended Key Usage")) == NULL)
			return 0;
		for (p = TLV_VAL(t); p < end; p = TLV_END(e)) {
			if (der_read(d, p, end, &e) < 0 ||
			    oid_describe(d, &e, dotted, sizeof dotted, desc, sizeof desc) < 0) {
				undec(d, f, p, end, "expected a purpose OID");
				break;
			}
			tw_field_add(d->b, f, "x509.ext.eku.purpose", "Key Purpose", e.off,
				TLV_END(e) - e.off, "%s", desc);
			if (sl + 8 < ssize)
				sl += (size_t)snprintf(sum + sl, ssize - sl, "%s%.*s", sl ? ", " : "",
					(int)(strchr(desc, ' ') - desc), desc);
			if (sl >= ssize)
				sl = ssize - 1;
		}
		return 0;
	}
	if (strcmp(oid, "2.5.29.14") == 0 && t.tag == 0x04) {   /* subjectKeyIdentifier */
		tw_d_hex(d, TLV_VAL(t), t.len, h, sizeof h);
		tw_field_add(d->b, par, "x509.ext.ski", "Key Identifier", t.off,
			TLV_END(t) - t.off, "%s", h);
		snprintf(sum, ssize, "%s", h);
		return 0;
	}
	if (strcmp(oid, "2.5.29.35") == 0 && t.tag == 0x30) {   /* authorityKeyIdentifier */
		if ((f = der_node(d, par, &t, "x509.ext.aki", "Authority Key Identifier")) == NULL)
			return 0;
		for (p = TLV_VAL(t); p < end; p = TLV_END(e)) {
			char tb[32];
			if (der_read(d, p, end, &e) < 0) {
				undec(d, f, p, end, "not a DER element");
				break;
			}
			if (e.tag == 0x80) {
				tw_d_hex(d, TLV_VAL(e), e.len, h, sizeof h);
				tw_field_add(d->b, f, "x509.ext.aki.key_id", "Key Identifier", e.off,
					TLV_END(e) - e.off, "%s", h);
				snprintf(sum, ssize, "%s", h);
			} else
				tw_field_add(d->b, f, "x509.der.element", "Element", e.off,
					TLV_END(e) - e.off, "%s, %zu bytes",
					der_tag_name(e.tag, tb, sizeof tb), e.len);
		}
		return 0;
	}
	return -1;
}

static void
dec_extension(D *d, tw_field *par, const tlv *t)
{
	char dotted[64], desc[160], lbl[120], sum[400], h[2 * HEXMAX + 8];
	const oid_entry *oe;
	tw_field *f, *vf;
	tlv oid, e;
	size_t o;

	if (t->tag != 0x30 || der_read(d, TLV_VAL(*t), TLV_END(*t), &oid) < 0 ||
	    oid_describe(d, &oid, dotted, sizeof dotted, desc, sizeof desc) < 0) {
		undec(d, par, t->off, TLV_END(*t), "not an Extension SEQUENCE { OID, … }");
		return;
	}
	oe = oid_find(dotted);
	snprintf(lbl, sizeof lbl, "Extension: %s", oe ? oe->name : dotted);
	if ((f = der_node(d, par, t, "x509.extension", lbl)) == NULL)
		return;
	tw_field_add(d->b, f, "x509.extension.id", "Extension ID", oid.off,
		TLV_END(oid) - oid.off, "%s", desc);
	o = TLV_END(oid);
	if (o < TLV_END(*t) && der_read(d, o, TLV_END(*t), &e) == 0 && e.tag == 0x01 &&
	    e.len == 1) {
		tw_field_add2(d->b, f, "x509.extension.critical", "Critical", e.off,
			TLV_END(e) - e.off, "%s%.0s", "%.0s%s", u8(d, TLV_VAL(e)) ? "TRUE (a client that does "
			"not understand this extension must reject the certificate)" : "FALSE",
			u8(d, TLV_VAL(e)) ? "TRUE（不理解这个扩展的客户端必须拒绝这张公钥证书）" : "FALSE");
		o = TLV_END(e);
	}
	if (o >= TLV_END(*t) || der_read(d, o, TLV_END(*t), &e) < 0 || e.tag != 0x04) {
		undec(d, f, o, TLV_END(*t), "expected the extension value OCTET STRING");
		return;
	}
	if ((vf = der_node(d, f, &e, "x509.extension.value", "Value")) == NULL)
		return;
	if (e.len == 0 || dec_ext_value(d, vf, dotted, TLV_VAL(e), TLV_END(e),
		sum, sizeof sum) < 0) {
		/* unknown or malformed: the value bytes as one leaf */
		if (e.len > 0)
			tw_field_add(d->b, vf, "x509.der.element",
				oe ? "Content (not decoded further)" : "Content (unknown extension)",
				TLV_VAL(e), e.len, "%s",
				tw_d_hex(d, TLV_VAL(e), e.len, h, sizeof h));
		sum[0] = 0;
	}
	if (sum[0])
		tw_field_set_value(d->b, f, "%s", sum);
	tw_d_rest(d, f, TLV_END(e), TLV_END(*t), "the extension");
}

static void
dec_extensions_x509(D *d, tw_field *par, const tlv *t)
{
	tw_field *f;
	tlv seq, e;
	size_t o;

	if ((f = der_node(d, par, t, "x509.extensions", "Extensions")) == NULL)
		return;
	if (der_read(d, TLV_VAL(*t), TLV_END(*t), &seq) < 0 || seq.tag != 0x30) {
		undec(d, f, TLV_VAL(*t), TLV_END(*t), "expected SEQUENCE OF Extension");
		return;
	}
	tw_field_add2(d->b, f, "x509.der.header", "DER Header", seq.off, seq.hlen,
		"SEQUENCE, %zu bytes of content", "SEQUENCE，内容 %zu 字节", seq.len);
	for (o = TLV_VAL(seq); o < TLV_END(seq); o = TLV_END(e)) {
		if (der_read(d, o, TLV_END(seq), &e) < 0) {
			undec(d, f, o, TLV_END(seq), "not a DER element");
			break;
		}
		dec_extension(d, f, &e);
	}
	tw_d_rest(d, f, TLV_END(seq), TLV_END(*t), "the extensions");
}

static void
dec_tbs(D *d, tw_field *par, const tlv *t)
{
	char dotted[64], tb[32];
	tw_field *f;
	tlv e;
	size_t o;
	int nseq = 0;

	if ((f = der_node(d, par, t, "x509.tbs_certificate", "To-Be-Signed Certificate")) == NULL)
		return;
	for (o = TLV_VAL(*t); o < TLV_END(*t); o = TLV_END(e)) {
		if (der_read(d, o, TLV_END(*t), &e) < 0) {
			undec(d, f, o, TLV_END(*t), "not a DER element");
			return;
		}
		if (e.tag == 0xa0) {
			tlv v;
			if (der_read(d, TLV_VAL(e), TLV_END(e), &v) == 0 && v.tag == 0x02 &&
			    v.len == 1 && TLV_END(v) == TLV_END(e))
				tw_field_add(d->b, f, "x509.version", "Version", e.off,
					TLV_END(e) - e.off, "v%u (%u)", u8(d, TLV_VAL(v)) + 1,
					u8(d, TLV_VAL(v)));
			else
				undec(d, f, e.off, TLV_END(e), "a version that is not [0] INTEGER");
		} else if (e.tag == 0x02) {
			add_integer(d, f, &e, "x509.serial_number", "Serial Number");
		} else if (e.tag == 0x30 && nseq < 5) {
			switch (nseq++) {
			case 0:
				add_algid(d, f, &e, "x509.signature_algorithm",
					"Signature Algorithm", dotted, sizeof dotted);
				break;
			case 1:
				dec_name(d, f, &e, "x509.issuer", "Issuer");
				break;
			case 2: {
				tw_field *v = der_node(d, f, &e, "x509.validity", "Validity");
				tlv nb, na;
				if (v == NULL)
					return;
				if (der_read(d, TLV_VAL(e), TLV_END(e), &nb) < 0 ||
				    der_read(d, TLV_END(nb), TLV_END(e), &na) < 0 ||
				    TLV_END(na) != TLV_END(e)) {
					undec(d, v, TLV_VAL(e), TLV_END(e),
						"expected two times, notBefore and notAfter");
					break;
				}
				add_time(d, v, &nb, "x509.not_before", "Not Before");
				add_time(d, v, &na, "x509.not_after", "Not After");
				tw_field_set_value(d->b, v, "%s … %s", v->child[1].value ?
					v->child[1].value : "", v->child[2].value ?
					v->child[2].value : "");
				break;
			}
			case 3:
				dec_name(d, f, &e, "x509.subject", "Subject");
				break;
			case 4:
				dec_spki(d, f, &e);
				break;
			}
		} else if (e.tag == 0xa3) {
			dec_extensions_x509(d, f, &e);
		} else {
			tw_field_add(d->b, f, "x509.der.element", "Element", e.off,
				TLV_END(e) - e.off, "%s, %zu bytes",
				der_tag_name(e.tag, tb, sizeof tb), e.len);
		}
	}
}

/* The three parts of a certificate c (tbs already read) into its node f. */
static void
dec_x509_body(D *d, tw_field *f, const tlv *c, const tlv *tbs)
{
	char dotted[64], h[2 * HEXMAX + 8];
	tlv alg, sig;
	size_t o, i;

	dec_tbs(d, f, tbs);
	o = TLV_END(*tbs);
	if (der_read(d, o, TLV_END(*c), &alg) < 0) {
		undec(d, f, o, TLV_END(*c), "expected the signature algorithm");
		return;
	}
	add_algid(d, f, &alg, "x509.signature_algorithm", "Signature Algorithm", dotted,
		sizeof dotted);
	o = TLV_END(alg);
	if (der_read(d, o, TLV_END(*c), &sig) < 0 || sig.tag != 0x03 || sig.len < 1) {
		undec(d, f, o, TLV_END(*c), "expected the signature BIT STRING");
		return;
	}
	tw_field_add2(d->b, f, "x509.signature", "Signature", sig.off,
		TLV_END(sig) - sig.off, "%zu-bit signature by the issuer: %s",
		"签发者的 %zu 位签名：%s",
		(sig.len - 1) * 8, tw_d_hex(d, TLV_VAL(sig) + 1, sig.len - 1, h, sizeof h));
	tw_d_rest(d, f, TLV_END(sig), TLV_END(*c), "the certificate");
	/* The certificate's value: its subject, found among the children. */
	for (i = 0; i < f->nchild; i++)
		if (strcmp(f->child[i].id, "x509.tbs_certificate") == 0) {
			const tw_field *tb = &f->child[i];
			size_t j;
			for (j = 0; j < tb->nchild; j++)
				if (strcmp(tb->child[j].id, "x509.subject") == 0 &&
				    tb->child[j].value)
					tw_field_set_value2(d->b, f, "subject %s%.0s", "主体 %.0s%s",
						tb->child[j].value, tb->child[j].value);
		}
}

/* see dissect_int.h */
void
tw_d_x509(D *d, tw_field *par, size_t o, size_t end)
{
	tw_field *f;
	tlv c, tbs;

	if (der_read(d, o, end, &c) < 0 || c.tag != 0x30 ||
	    der_read(d, TLV_VAL(c), TLV_END(c), &tbs) < 0 || tbs.tag != 0x30) {
		undec(d, par, o, end, "not a DER X.509 certificate");
		return;
	}
	if ((f = der_node(d, par, &c, "x509.certificate", "X.509 Certificate")) != NULL)
		dec_x509_body(d, f, &c, &tbs);
	tw_d_rest(d, par, TLV_END(c), end, "the DER certificate");
}

/* see dissect_int.h */
void
tw_d_x509_name(D *d, tw_field *par, size_t o, size_t end, const char *id,
	const char *label)
{
	tlv t;

	if (der_read(d, o, end, &t) < 0 || TLV_END(t) != end) {
		undec(d, par, o, end, "not a DER distinguished name");
		return;
	}
	dec_name(d, par, &t, id, label);
}
