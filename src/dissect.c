/*
 * dissect.c — the TLS field dissector: every byte of a TLS step explained as
 * a tree of fields (see dissect.h), from the record header down to the DER
 * of the certificates and, for encrypted records, the decrypted content.
 *
 * All input is treated as untrusted (tw_dissect_tls_bytes is the fuzz
 * target): every read goes through a bounds check against the range being
 * decoded, and whatever cannot be decoded (truncated, inconsistent lengths,
 * unknown types, not DER) becomes one field marked undecoded covering the
 * rest of the enclosing range. Each decoder below receives a parent node and
 * a byte range [o, end) and MUST cover that range exactly with children, so
 * the coverage invariant holds by construction.
 *
 * Decrypted content. The plaintext of an encrypted record is not part of
 * the step's bytes, yet it is what a learner wants to read. AES-GCM is a
 * stream cipher (CTR mode): plaintext byte i is encrypted into ciphertext
 * byte i, with no padding. So the ciphertext field is not a leaf: its
 * children are the decrypted content decoded with the same decoders as
 * plaintext (a Finished message, an alert, HTTP lines), and each child owns
 * exactly the ciphertext bytes that encrypt it. The values show plaintext,
 * the byte ranges point at the ciphertext: both are true, the hex view
 * highlights what the eavesdropper sees while the tree shows what it means.
 * This works by reading bytes through a window (D below): offset o of the
 * step reads p[o - base], and for decrypted content p is the plaintext and
 * base the ciphertext's offset.
 *
 * A few fields are derived rather than stored: the parts of the chosen
 * cipher suite (key exchange, authentication, cipher, key length, mode,
 * hash) are zero-length children placed after the leaf that holds the two
 * suite bytes; they cover no byte and so keep the invariant.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "names.h"
#include "field.h"
#include "dissect.h"

/* Every id produced below; keep in step with the code (a test checks it). */
const char *const tw_dissect_all_ids[] = {
	"undecoded",
	"tls.records",
	/* record layer */
	"tls.record", "tls.record.content_type", "tls.record.version",
	"tls.record.length",
	/* handshake layer */
	"tls.handshake", "tls.handshake.type", "tls.handshake.length",
	/* hellos */
	"tls.hello.version", "tls.hello.random", "tls.hello.random.gmt_unix_time",
	"tls.hello.random.random_bytes", "tls.hello.session_id_length",
	"tls.hello.session_id",
	"tls.client_hello.cipher_suites_length", "tls.client_hello.cipher_suites",
	"tls.client_hello.cipher_suite",
	"tls.client_hello.compression_methods_length",
	"tls.client_hello.compression_methods",
	"tls.compression_method",
	"tls.server_hello.cipher_suite", "tls.cipher_suite.code",
	"tls.cipher_suite.key_exchange",
	"tls.cipher_suite.authentication", "tls.cipher_suite.cipher",
	"tls.cipher_suite.key_length", "tls.cipher_suite.mode",
	"tls.cipher_suite.hash",
	/* extensions */
	"tls.hello.extensions_length", "tls.hello.extensions", "tls.ext",
	"tls.ext.type", "tls.ext.length", "tls.ext.data",
	"tls.ext.sni.list_length", "tls.ext.sni.entry", "tls.ext.sni.name_type",
	"tls.ext.sni.name_length", "tls.ext.sni.name",
	"tls.ext.max_fragment_length",
	"tls.ext.supported_groups.length", "tls.ext.supported_groups.group",
	"tls.ext.ec_point_formats.length", "tls.ext.ec_point_formats.format",
	"tls.ext.signature_algorithms.length",
	"tls.signature_algorithm", "tls.signature_algorithm.hash",
	"tls.signature_algorithm.signature",
	"tls.ext.alpn.length", "tls.ext.alpn.protocol",
	"tls.ext.renegotiation_info.length", "tls.ext.renegotiation_info.data",
	/* Certificate */
	"tls.certificates_length", "tls.certificate", "tls.certificate.length",
	"x509.certificate", "x509.der.header", "x509.der.element",
	"x509.tbs_certificate", "x509.version", "x509.serial_number",
	"x509.signature_algorithm", "x509.issuer", "x509.subject", "x509.name.rdn",
	"x509.validity", "x509.not_before", "x509.not_after",
	"x509.spki", "x509.spki.algorithm", "x509.spki.public_key",
	"x509.rsa_public_key", "x509.rsa.modulus", "x509.rsa.exponent",
	"x509.extensions", "x509.extension", "x509.extension.id",
	"x509.extension.critical", "x509.extension.value",
	"x509.ext.san", "x509.ext.san.dns", "x509.ext.san.ip", "x509.ext.san.other",
	"x509.ext.basic_constraints", "x509.ext.basic_constraints.ca",
	"x509.ext.basic_constraints.path_len", "x509.ext.key_usage",
	"x509.ext.eku", "x509.ext.eku.purpose", "x509.ext.ski",
	"x509.ext.aki", "x509.ext.aki.key_id",
	"x509.signature",
	/* ServerKeyExchange, ClientKeyExchange */
	"tls.ske.params", "tls.ske.curve_type", "tls.ske.named_curve",
	"tls.ske.pubkey_length", "tls.ske.pubkey", "tls.ske.signature_length",
	"tls.ske.signature",
	"tls.ec_point.format", "tls.ec_point.x", "tls.ec_point.y",
	"tls.cke.pubkey_length", "tls.cke.pubkey",
	/* Finished, ChangeCipherSpec, alerts, application data */
	"tls.finished.verify_data", "tls.ccs.message",
	"tls.alert", "tls.alert.level", "tls.alert.description",
	"tls.app_data",
	/* encrypted records */
	"tls.encrypted.explicit_nonce", "tls.encrypted.ciphertext",
	"tls.encrypted.tag",
	/* HTTP inside the encrypted records */
	"http", "http.request_line", "http.status_line", "http.method",
	"http.target", "http.version", "http.status_code", "http.reason",
	"http.header", "http.end_of_headers", "http.body", "http.data",
	NULL
};

#define FAIL ((size_t)-1)
#define HEXMAX 48   /* bytes shown in a hex value before it is cut */

/* A window on the bytes being decoded: offset o (in step coordinates) reads
 * p[o - base]; readable offsets are [base, lim). */
typedef struct {
	tw_fb *b;
	const uint8_t *p;
	size_t base, lim;
	int dir;            /* 0 client→server, 1 server→client */
	int decrypted;      /* reading plaintext laid over the ciphertext */
} D;

static unsigned
u8(const D *d, size_t o)
{
	return d->p[o - d->base];
}

static unsigned
u16(const D *d, size_t o)
{
	return (u8(d, o) << 8) | u8(d, o + 1);
}

static size_t
u24(const D *d, size_t o)
{
	return ((size_t)u8(d, o) << 16) | ((size_t)u8(d, o + 1) << 8) | u8(d, o + 2);
}

static const uint8_t *
at(const D *d, size_t o)
{
	return d->p + (o - d->base);
}

static void
undec(D *d, tw_field *par, size_t o, size_t end, const char *why)
{
	tw_field_add_undecoded(d->b, par, o, end - o, why);
}

/* Fewer than k bytes in [o, end)? Then cover them as undecoded and say so. */
static int
short_of(D *d, tw_field *par, size_t o, size_t end, size_t k, const char *what)
{
	char why[160];

	if (end - o >= k)
		return 0;
	snprintf(why, sizeof why, "truncated: %s needs %zu bytes, %zu left", what, k,
		end - o);
	undec(d, par, o, end, why);
	return 1;
}

/* Cover leftover bytes of a structure whose own length said it was longer. */
static void
rest(D *d, tw_field *par, size_t o, size_t end, const char *what)
{
	char why[160];

	if (o >= end)
		return;
	snprintf(why, sizeof why, "%zu bytes after the end of %s", end - o, what);
	undec(d, par, o, end, why);
}

/* Hex of n bytes at o, cut after HEXMAX bytes. */
static const char *
hex(const D *d, size_t o, size_t n, char *buf, size_t size)
{
	size_t i, k = 0, shown = n > HEXMAX ? HEXMAX : n;

	buf[0] = 0;
	for (i = 0; i < shown && k + 3 < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%02x", u8(d, o + i));
	if (shown < n && k + 4 < size)
		snprintf(buf + k, size - k, "…");
	return buf;
}

static int
utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if (n - i - 1 < k)
			return 0;
		for (i++; k > 0; k--, i++)
			if ((s[i] & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* Printable text of n bytes at o: ASCII controls and (unless utf8 and the
 * bytes are valid UTF-8) non-ASCII bytes escaped as \xNN; cut at max bytes. */
static const char *
text(const D *d, size_t o, size_t n, int utf8, size_t max, char *buf, size_t size)
{
	size_t i, k = 0;
	int keep = utf8 && utf8_ok(at(d, o), n);

	buf[0] = 0;
	for (i = 0; i < n && i < max && k + 8 < size; i++) {
		unsigned c = u8(d, o + i);
		if ((c >= 0x20 && c < 0x7f && c != '\\') || (keep && c >= 0x80))
			buf[k++] = (char)c;
		else if (c == '\\') {
			buf[k++] = '\\';
			buf[k++] = '\\';
		} else if (c == '\r') {
			buf[k++] = '\\';
			buf[k++] = 'r';
		} else if (c == '\n') {
			buf[k++] = '\\';
			buf[k++] = 'n';
		} else
			k += (size_t)snprintf(buf + k, size - k, "\\x%02x", c);
	}
	buf[k] = 0;
	if ((i < n) && k + 4 < size) {
		/* a cut UTF-8 sequence would be invalid: back up to a boundary */
		while (keep && k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
			k--;
		if (keep && k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0xc0)
			k--;
		snprintf(buf + k, size - k, "…");
	}
	return buf;
}

static const char *
or_unknown(const char *s)
{
	return s ? s : "unknown";
}

/* ------------------------------------------------------------------ names */

#define LOOKUP(t, c) tw_name_lookup(t, sizeof t / sizeof t[0], c)

static const tw_name_entry hs_labels[] = {
	{ 0, "Hello Request" }, { 1, "Client Hello" }, { 2, "Server Hello" },
	{ 4, "New Session Ticket" }, { 11, "Certificate" },
	{ 12, "Server Key Exchange" }, { 13, "Certificate Request" },
	{ 14, "Server Hello Done" }, { 15, "Certificate Verify" },
	{ 16, "Client Key Exchange" }, { 20, "Finished" },
};

static const char *
name_or(const char *s, char *buf, size_t size, unsigned code)
{
	if (s)
		return s;
	snprintf(buf, size, "unknown (%u)", code);
	return buf;
}

/* -------------------------------------------------------- small builders */

/* A length field of lsize (1..3) bytes at o, followed by that many bytes
 * inside [o, end). Adds the length leaf; returns the offset after it and
 * sets *n, or covers everything as undecoded and returns FAIL. */
static size_t
vec(D *d, tw_field *par, size_t o, size_t end, size_t lsize, const char *id,
	const char *label, const char *what, size_t *n)
{
	char why[200];
	size_t v;

	if (short_of(d, par, o, end, lsize, what))
		return FAIL;
	v = lsize == 1 ? u8(d, o) : lsize == 2 ? u16(d, o) : u24(d, o);
	if (v > end - o - lsize) {
		tw_field_add(d->b, par, id, label, o, lsize,
			"%zu (but only %zu bytes follow)", v, end - o - lsize);
		snprintf(why, sizeof why, "%s: its length says %zu bytes, only %zu are there",
			what, v, end - o - lsize);
		undec(d, par, o + lsize, end, why);
		return FAIL;
	}
	tw_field_add(d->b, par, id, label, o, lsize, "%zu", v);
	*n = v;
	return o + lsize;
}

static void
add_version(D *d, tw_field *par, const char *id, size_t o)
{
	unsigned v = u16(d, o);

	tw_field_add(d->b, par, id, "Version", o, 2, "%s (0x%04x)",
		or_unknown(tw_name_version((uint16_t)v)), v);
}

/* A SignatureAndHashAlgorithm (2 bytes): a node with hash and signature. */
static void
add_sigalg(D *d, tw_field *par, size_t o)
{
	char b1[40], b2[40];
	unsigned v = u16(d, o);
	const char *n = tw_name_sigscheme((uint16_t)v);
	tw_field *f = tw_field_add(d->b, par, "tls.signature_algorithm",
		"Signature Algorithm", o, 2, "%s (0x%04x)", or_unknown(n), v);

	if (f == NULL)
		return;
	tw_field_add(d->b, f, "tls.signature_algorithm.hash", "Hash", o, 1,
		"%s (%u)", name_or(tw_name_hash_alg(v >> 8), b1, sizeof b1, v >> 8),
		v >> 8);
	tw_field_add(d->b, f, "tls.signature_algorithm.signature", "Signature", o + 1, 1,
		"%s (%u)", name_or(tw_name_sig_alg(v & 0xff), b2, sizeof b2, v & 0xff),
		v & 0xff);
}

/* An ECPoint of n bytes at o: uncompressed points (0x04 ‖ X ‖ Y) get
 * children; anything else stays one leaf. */
static void
add_ec_point(D *d, tw_field *par, const char *id, const char *label, size_t o,
	size_t n)
{
	char h[2 * HEXMAX + 8];
	tw_field *f;
	size_t c;

	if (n < 3 || u8(d, o) != 4 || (n - 1) % 2 != 0) {
		tw_field_add(d->b, par, id, label, o, n, "%s", hex(d, o, n, h, sizeof h));
		return;
	}
	c = (n - 1) / 2;
	f = tw_field_add(d->b, par, id, label, o, n,
		"uncompressed point, %zu-byte coordinates", c);
	if (f == NULL)
		return;
	tw_field_add(d->b, f, "tls.ec_point.format", "Point Format", o, 1,
		"0x04 (uncompressed: X and Y follow)");
	tw_field_add(d->b, f, "tls.ec_point.x", "X", o + 1, c, "%s",
		hex(d, o + 1, c, h, sizeof h));
	tw_field_add(d->b, f, "tls.ec_point.y", "Y", o + 1 + c, c, "%s",
		hex(d, o + 1 + c, c, h, sizeof h));
}

/* ------------------------------------------------------------- hellos */

static void
add_random(D *d, tw_field *par, size_t o)
{
	char h[80];
	unsigned long t = ((unsigned long)u16(d, o) << 16) | u16(d, o + 2);
	tw_field *f = tw_field_add(d->b, par, "tls.hello.random", "Random", o, 32,
		"%s", hex(d, o, 32, h, sizeof h));

	if (f == NULL)
		return;
	if (t == 0)
		tw_field_add(d->b, f, "tls.hello.random.gmt_unix_time", "gmt_unix_time",
			o, 4, "00000000 (BearSSL sends four zero bytes where the "
			"gmt_unix_time used to be: a clock says nothing useful and "
			"can identify the machine)");
	else
		tw_field_add(d->b, f, "tls.hello.random.gmt_unix_time", "gmt_unix_time",
			o, 4, "%lu (0x%08lx, seconds since 1970 by the sender's clock)",
			t, t);
	tw_field_add(d->b, f, "tls.hello.random.random_bytes", "Random Bytes",
		o + 4, 28, "%s", hex(d, o + 4, 28, h, sizeof h));
}

static size_t
add_session_id(D *d, tw_field *par, size_t o, size_t end)
{
	char h[80];
	size_t n;

	o = vec(d, par, o, end, 1, "tls.hello.session_id_length", "Session ID Length",
		"the session id", &n);
	if (o == FAIL)
		return FAIL;
	if (n > 0)
		tw_field_add(d->b, par, "tls.hello.session_id", "Session ID", o, n, "%s",
			hex(d, o, n, h, sizeof h));
	return o + n;
}

static const tw_name_entry mfl[] = {
	{ 1, "2^9 (512 bytes)" }, { 2, "2^10 (1024 bytes)" },
	{ 3, "2^11 (2048 bytes)" }, { 4, "2^12 (4096 bytes)" },
};

/* The body of one extension, [o, end). server: it is in a ServerHello. */
static void
dec_ext_body(D *d, tw_field *par, unsigned type, size_t o, size_t end, int server)
{
	char h[2 * HEXMAX + 8], t[300], nb[40];
	size_t n, e, i;

	if (o == end)
		return;   /* an empty body is a complete answer for most extensions */
	switch (type) {
	case 0:   /* server_name, RFC 6066 §3 */
		if ((o = vec(d, par, o, end, 2, "tls.ext.sni.list_length",
			"Server Name List Length", "the server name list", &n)) == FAIL)
			return;
		for (e = o + n; o < e; ) {
			tw_field *f;
			size_t ln;
			if (short_of(d, par, o, e, 3, "a server name entry"))
				break;
			ln = u16(d, o + 1);
			if (ln > e - o - 3) {
				undec(d, par, o, e, "server name length runs past the list");
				break;
			}
			f = tw_field_add(d->b, par, "tls.ext.sni.entry", "Server Name",
				o, 3 + ln, "%s", text(d, o + 3, ln, 0, 255, t, sizeof t));
			if (f == NULL)
				return;
			tw_field_add(d->b, f, "tls.ext.sni.name_type", "Server Name Type",
				o, 1, u8(d, o) == 0 ? "host_name (0)" : "unknown (%u)", u8(d, o));
			tw_field_add(d->b, f, "tls.ext.sni.name_length",
				"Server Name Length", o + 1, 2, "%zu", ln);
			if (ln > 0)
				tw_field_add(d->b, f, "tls.ext.sni.name", "Server Name",
					o + 3, ln, "%s", t);
			o += 3 + ln;
		}
		rest(d, par, e, end, "the server name list");
		return;
	case 1:   /* max_fragment_length */
		tw_field_add(d->b, par, "tls.ext.max_fragment_length",
			"Maximum Fragment Length", o, 1, "%s",
			name_or(LOOKUP(mfl, u8(d, o)), nb, sizeof nb, u8(d, o)));
		rest(d, par, o + 1, end, "max_fragment_length");
		return;
	case 10:  /* supported_groups, RFC 8422 §5.1.1 */
		if ((o = vec(d, par, o, end, 2, "tls.ext.supported_groups.length",
			"Supported Groups List Length", "the group list", &n)) == FAIL)
			return;
		for (e = o + n; e - o >= 2; o += 2)
			tw_field_add(d->b, par, "tls.ext.supported_groups.group",
				"Supported Group", o, 2, "%s (0x%04x)",
				or_unknown(tw_name_group((uint16_t)u16(d, o))), u16(d, o));
		rest(d, par, o, end, "the group list");
		return;
	case 11:  /* ec_point_formats, RFC 8422 §5.1.2 */
		if ((o = vec(d, par, o, end, 1, "tls.ext.ec_point_formats.length",
			"EC Point Formats Length", "the point format list", &n)) == FAIL)
			return;
		for (i = 0; i < n; i++)
			tw_field_add(d->b, par, "tls.ext.ec_point_formats.format",
				"EC Point Format", o + i, 1, "%s (%u)",
				name_or(tw_name_point_format(u8(d, o + i)), nb, sizeof nb,
				u8(d, o + i)), u8(d, o + i));
		rest(d, par, o + n, end, "the point format list");
		return;
	case 13:  /* signature_algorithms, RFC 5246 §7.4.1.4.1 */
		if ((o = vec(d, par, o, end, 2, "tls.ext.signature_algorithms.length",
			"Signature Hash Algorithms Length", "the algorithm list", &n)) == FAIL)
			return;
		for (e = o + n; e - o >= 2; o += 2)
			add_sigalg(d, par, o);
		rest(d, par, o, end, "the algorithm list");
		return;
	case 16:  /* ALPN, RFC 7301 §3.1 */
		if ((o = vec(d, par, o, end, 2, "tls.ext.alpn.length",
			"ALPN Extension Length", "the protocol list", &n)) == FAIL)
			return;
		for (e = o + n; o < e; ) {
			size_t ln = u8(d, o);
			if (ln > e - o - 1) {
				undec(d, par, o, e, "protocol name length runs past the list");
				break;
			}
			tw_field_add(d->b, par, "tls.ext.alpn.protocol", "ALPN Protocol",
				o, 1 + ln, "%s", text(d, o + 1, ln, 0, 255, t, sizeof t));
			o += 1 + ln;
		}
		rest(d, par, e, end, "the protocol list");
		return;
	case 65281:   /* renegotiation_info, RFC 5746 §3.2 */
		if ((o = vec(d, par, o, end, 1, "tls.ext.renegotiation_info.length",
			"Renegotiation Info Length", "renegotiated_connection", &n)) == FAIL)
			return;
		if (n == 0 && par->nchild > 0)
			tw_field_set_value(d->b, &par->child[par->nchild - 1],
				"0 (a first handshake: there is no earlier Finished to bind to)");
		if (n > 0)
			tw_field_add(d->b, par, "tls.ext.renegotiation_info.data",
				"Renegotiated Connection", o, n, "%s", hex(d, o, n, h, sizeof h));
		rest(d, par, o + n, end, "renegotiation_info");
		return;
	default:
		(void)server;
		tw_field_add(d->b, par, "tls.ext.data", "Data", o, end - o, "%s",
			hex(d, o, end - o, h, sizeof h));
		return;
	}
}

/* The extension block of a hello, from o (its length field) to end. */
static void
dec_extensions(D *d, tw_field *msg, size_t o, size_t end, int server)
{
	char nb[40], lbl[120];
	tw_field *list;
	size_t n, e;

	if (o == end)
		return;   /* no extensions at all is allowed */
	if ((o = vec(d, msg, o, end, 2, "tls.hello.extensions_length",
		"Extensions Length", "the extension list", &n)) == FAIL)
		return;
	if (n == 0) {
		rest(d, msg, o, end, "the extension list");
		return;
	}
	list = tw_field_add(d->b, msg, "tls.hello.extensions", "Extensions", o, n, NULL);
	if (list == NULL)
		return;
	for (e = o + n; o < e; ) {
		tw_field *x;
		unsigned type;
		size_t ln;
		const char *nm;
		if (short_of(d, list, o, e, 4, "an extension header"))
			break;
		type = u16(d, o);
		ln = u16(d, o + 2);
		if (ln > e - o - 4) {
			char why[160];
			snprintf(why, sizeof why, "extension %u: its length says %zu bytes, "
				"only %zu are left in the list", type, ln, e - o - 4);
			undec(d, list, o, e, why);
			break;
		}
		nm = name_or(tw_name_extension(type), nb, sizeof nb, type);
		snprintf(lbl, sizeof lbl, "Extension: %s (len=%zu)", nm, ln);
		x = tw_field_add(d->b, list, "tls.ext", lbl, o, 4 + ln, NULL);
		if (x == NULL)
			return;
		tw_field_add(d->b, x, "tls.ext.type", "Type", o, 2, "%s (%u)", nm, type);
		tw_field_add(d->b, x, "tls.ext.length", "Length", o + 2, 2, "%zu", ln);
		dec_ext_body(d, x, type, o + 4, o + 4 + ln, server);
		o += 4 + ln;
	}
	tw_field_set_value(d->b, list, "%zu extension%s", list->nchild,
		list->nchild == 1 ? "" : "s");
	rest(d, msg, e, end, "the extension list");
}

static void
dec_client_hello(D *d, tw_field *msg, size_t o, size_t end)
{
	char lbl[80], nb[40];
	tw_field *f;
	size_t n, i;

	if (short_of(d, msg, o, end, 2 + 32 + 1, "a ClientHello"))
		return;
	add_version(d, msg, "tls.hello.version", o);
	add_random(d, msg, o + 2);
	if ((o = add_session_id(d, msg, o + 34, end)) == FAIL)
		return;
	if ((o = vec(d, msg, o, end, 2, "tls.client_hello.cipher_suites_length",
		"Cipher Suites Length", "the cipher suite list", &n)) == FAIL)
		return;
	if (n % 2 != 0) {
		undec(d, msg, o, end, "the cipher suite list has an odd length");
		return;
	}
	snprintf(lbl, sizeof lbl, "Cipher Suites (%zu suite%s)", n / 2, n == 2 ? "" : "s");
	if (n > 0 && (f = tw_field_add(d->b, msg, "tls.client_hello.cipher_suites",
		lbl, o, n, NULL)) != NULL)
		for (i = 0; i < n; i += 2)
			tw_field_add(d->b, f, "tls.client_hello.cipher_suite", "Cipher Suite",
				o + i, 2, "%s (0x%04x)",
				or_unknown(tw_name_suite((uint16_t)u16(d, o + i))), u16(d, o + i));
	o += n;
	if ((o = vec(d, msg, o, end, 1, "tls.client_hello.compression_methods_length",
		"Compression Methods Length", "the compression method list", &n)) == FAIL)
		return;
	snprintf(lbl, sizeof lbl, "Compression Methods (%zu method%s)", n,
		n == 1 ? "" : "s");
	if (n > 0 && (f = tw_field_add(d->b, msg, "tls.client_hello.compression_methods",
		lbl, o, n, NULL)) != NULL)
		for (i = 0; i < n; i++)
			tw_field_add(d->b, f, "tls.compression_method", "Compression Method",
				o + i, 1, "%s (%u)", u8(d, o + i) == 0 ? "null" :
				name_or(u8(d, o + i) == 1 ? "DEFLATE" : NULL, nb, sizeof nb,
				u8(d, o + i)), u8(d, o + i));
	dec_extensions(d, msg, o + n, end, 0);
}

/* The parts of a suite, read from its IANA name "TLS_<kx>_<auth>_WITH_
 * <cipher>_<bits>_<mode>_<hash>". Returns 0 if the name has that shape. */
typedef struct {
	char kx[40], auth[40], cipher[64], bits[64], mode[64], hash[64];
} suite_parts;

static int
split_suite(const char *name, suite_parts *sp)
{
	const char *w, *p;
	char left[40], right[64], *tok[8], *s;
	size_t nt = 0;

	memset(sp, 0, sizeof *sp);
	if (name == NULL || strncmp(name, "TLS_", 4) != 0 ||
	    (w = strstr(name, "_WITH_")) == NULL || (size_t)(w - name - 4) >= sizeof left ||
	    strlen(w + 6) >= sizeof right)
		return -1;
	memcpy(left, name + 4, (size_t)(w - name - 4));
	left[w - name - 4] = 0;
	strcpy(right, w + 6);
	/* left: "ECDHE_RSA" or "RSA" */
	if ((p = strchr(left, '_')) != NULL) {
		snprintf(sp->kx, sizeof sp->kx, "%.*s", (int)(p - left), left);
		snprintf(sp->auth, sizeof sp->auth, "%s", p + 1);
	} else {
		snprintf(sp->kx, sizeof sp->kx, "%s", left);
		snprintf(sp->auth, sizeof sp->auth, "%s", left);
	}
	for (s = strtok(right, "_"); s && nt < 8; s = strtok(NULL, "_"))
		tok[nt++] = s;
	if (nt < 2)
		return -1;
	snprintf(sp->hash, sizeof sp->hash, "%s", tok[--nt]);
	if (strcmp(sp->hash, "8") == 0 && nt >= 2 && strcmp(tok[nt - 1], "CCM") == 0) {
		snprintf(sp->mode, sizeof sp->mode, "CCM_8");
		snprintf(sp->hash, sizeof sp->hash, "SHA256");
		nt--;
	} else if (strcmp(sp->hash, "CCM") == 0) {
		snprintf(sp->mode, sizeof sp->mode, "CCM");
		snprintf(sp->hash, sizeof sp->hash, "SHA256");
	} else if (nt >= 1 && (strcmp(tok[nt - 1], "GCM") == 0 ||
	    strcmp(tok[nt - 1], "CBC") == 0 || strcmp(tok[nt - 1], "POLY1305") == 0))
		snprintf(sp->mode, sizeof sp->mode, "%s", tok[--nt]);
	if (nt == 0)
		return -1;
	if (nt >= 2 && strspn(tok[nt - 1], "0123456789") == strlen(tok[nt - 1]))
		snprintf(sp->bits, sizeof sp->bits, "%s", tok[--nt]);
	if (strcmp(tok[0], "CHACHA20") == 0) {
		snprintf(sp->bits, sizeof sp->bits, "256");
		snprintf(sp->mode, sizeof sp->mode, "POLY1305 (AEAD)");
	} else if (strcmp(tok[0], "3DES") == 0)
		snprintf(sp->bits, sizeof sp->bits, "168");
	if (nt == 2)
		snprintf(sp->cipher, sizeof sp->cipher, "%s_%s", tok[0], tok[1]);
	else
		snprintf(sp->cipher, sizeof sp->cipher, "%s", tok[0]);
	return 0;
}

static void
add_chosen_suite(D *d, tw_field *msg, size_t o)
{
	unsigned v = u16(d, o);
	const char *n = tw_name_suite((uint16_t)v);
	suite_parts sp;
	tw_field *f = tw_field_add(d->b, msg, "tls.server_hello.cipher_suite",
		"Cipher Suite", o, 2, "%s (0x%04x)", or_unknown(n), v);
	int aead;

	if (f == NULL || split_suite(n, &sp) < 0)
		return;
	aead = strcmp(sp.mode, "GCM") == 0 || strncmp(sp.mode, "CCM", 3) == 0 ||
		strncmp(sp.mode, "POLY1305", 8) == 0;
	tw_field_add(d->b, f, "tls.cipher_suite.code", "Code", o, 2, "0x%04x", v);
	/* Zero-length children: derived from the two bytes, covering none. */
	tw_field_add(d->b, f, "tls.cipher_suite.key_exchange", "Key Exchange", o + 2, 0,
		"%s%s", sp.kx, strcmp(sp.kx, "ECDHE") == 0 ?
		" (ephemeral elliptic-curve Diffie-Hellman)" : "");
	tw_field_add(d->b, f, "tls.cipher_suite.authentication", "Authentication",
		o + 2, 0, "%s%s", sp.auth, strcmp(sp.auth, "RSA") == 0 ?
		" (the server signs with its RSA certificate key)" : "");
	tw_field_add(d->b, f, "tls.cipher_suite.cipher", "Cipher", o + 2, 0, "%s",
		sp.cipher);
	if (sp.bits[0])
		tw_field_add(d->b, f, "tls.cipher_suite.key_length", "Key Length", o + 2, 0,
			"%s bits", sp.bits);
	if (sp.mode[0])
		tw_field_add(d->b, f, "tls.cipher_suite.mode", "Mode", o + 2, 0, "%s%s",
			sp.mode, aead ? " (authenticated encryption: no separate MAC)" : "");
	tw_field_add(d->b, f, "tls.cipher_suite.hash", aead ? "PRF Hash" : "MAC / PRF Hash",
		o + 2, 0, "%s%s", sp.hash, aead ? " (for the PRF that derives the keys)" :
		" (HMAC; the TLS 1.2 PRF uses SHA256 or the suite's hash if larger)");
}

static void
dec_server_hello(D *d, tw_field *msg, size_t o, size_t end)
{
	if (short_of(d, msg, o, end, 2 + 32 + 1, "a ServerHello"))
		return;
	add_version(d, msg, "tls.hello.version", o);
	add_random(d, msg, o + 2);
	if ((o = add_session_id(d, msg, o + 34, end)) == FAIL)
		return;
	if (short_of(d, msg, o, end, 3, "the cipher suite and compression method"))
		return;
	add_chosen_suite(d, msg, o);
	tw_field_add(d->b, msg, "tls.compression_method", "Compression Method", o + 2, 1,
		u8(d, o + 2) == 0 ? "null (0)" : "unknown (%u)", u8(d, o + 2));
	dec_extensions(d, msg, o + 3, end, 1);
}

/* ---------------------------------------------------------------- DER */

typedef struct {
	size_t off;      /* tag byte */
	size_t hlen;     /* tag + length bytes */
	size_t len;      /* content length */
	unsigned tag;
} tlv;

#define TLV_END(t) ((t).off + (t).hlen + (t).len)
#define TLV_VAL(t) ((t).off + (t).hlen)

/* Read one DER element at o within [o, end): single-byte tags, definite
 * lengths of at most 4 bytes. 0, or -1 when it is not valid DER. */
static int
der_read(const D *d, size_t o, size_t end, tlv *t)
{
	size_t n, k, i;

	if (end - o < 2 || (u8(d, o) & 0x1f) == 0x1f)
		return -1;
	t->off = o;
	t->tag = u8(d, o);
	n = u8(d, o + 1);
	if (n < 0x80) {
		t->hlen = 2;
	} else {
		k = n & 0x7f;
		if (k == 0 || k > 4 || end - o - 2 < k)
			return -1;
		for (n = 0, i = 0; i < k; i++)
			n = (n << 8) | u8(d, o + 2 + i);
		t->hlen = 2 + k;
	}
	if (n > end - o - t->hlen)
		return -1;
	t->len = n;
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
		tw_field_add(d->b, f, "x509.der.header", "DER Header", t->off, t->hlen,
			"%s, %zu bytes of content", der_tag_name(t->tag, tb, sizeof tb), t->len);
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
		text(d, TLV_VAL(*t), t->len, t->tag == 0x0c, 200, buf, size);
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
			text(d, TLV_VAL(*t), n, 0, 40, raw, sizeof raw));
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
			"%llu (0x%s)", v, hex(d, TLV_VAL(*t), t->len, h, sizeof h));
	} else
		tw_field_add(d->b, par, id, label, t->off, TLV_END(*t) - t->off,
			"%s", hex(d, TLV_VAL(*t), t->len, h, sizeof h));
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
			hex(d, TLV_VAL(bits) + 1, bits.len - 1, h, sizeof h));
		rest(d, f, TLV_END(bits), TLV_END(*t), "the public key info");
		return;
	}
	pk = tw_field_add(d->b, f, "x509.spki.public_key", "Public Key", bits.off,
		TLV_END(bits) - bits.off, "RSA, %zu-bit modulus",
		int_bits(d, TLV_VAL(mod), mod.len));
	if (pk == NULL)
		return;
	tw_field_add(d->b, pk, "x509.der.header", "DER Header", bits.off, bits.hlen + 1,
		"BIT STRING, %zu bytes of content, %u unused bits", bits.len,
		u8(d, TLV_VAL(bits)));
	rk = der_node(d, pk, &seq, "x509.rsa_public_key", "RSA Public Key");
	if (rk == NULL)
		return;
	tw_field_add(d->b, rk, "x509.rsa.modulus", "Modulus", mod.off,
		TLV_END(mod) - mod.off, "%zu bits: %s", int_bits(d, TLV_VAL(mod), mod.len),
		hex(d, TLV_VAL(mod), mod.len, h, sizeof h));
	add_integer(d, rk, &ex, "x509.rsa.exponent", "Public Exponent");
	rest(d, f, TLV_END(bits), TLV_END(*t), "the public key info");
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
				text(d, TLV_VAL(e), e.len, 0, 255, v, sizeof v);
				tw_field_add(d->b, f, "x509.ext.san.dns", "DNS Name", e.off,
					TLV_END(e) - e.off, "%s", v);
			} else if (e.tag == 0x87 && (e.len == 4 || e.len == 16)) {
				if (e.len == 4)
					snprintf(v, sizeof v, "%u.%u.%u.%u", u8(d, TLV_VAL(e)),
						u8(d, TLV_VAL(e) + 1), u8(d, TLV_VAL(e) + 2),
						u8(d, TLV_VAL(e) + 3));
				else
					hex(d, TLV_VAL(e), e.len, v, sizeof v);
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
			tw_field_add(d->b, f, "x509.ext.basic_constraints.ca", "cA", e.off,
				TLV_END(e) - e.off, ca ? "TRUE (may sign certificates)" :
				"FALSE (an end-entity certificate: may not sign others)");
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
		hex(d, TLV_VAL(t), t.len, h, sizeof h);
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
				hex(d, TLV_VAL(e), e.len, h, sizeof h);
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
		tw_field_add(d->b, f, "x509.extension.critical", "Critical", e.off,
			TLV_END(e) - e.off, u8(d, TLV_VAL(e)) ? "TRUE (a client that does "
			"not understand this extension must reject the certificate)" : "FALSE");
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
				TLV_VAL(e), e.len, "%s", hex(d, TLV_VAL(e), e.len, h, sizeof h));
		sum[0] = 0;
	}
	if (sum[0])
		tw_field_set_value(d->b, f, "%s", sum);
	rest(d, f, TLV_END(e), TLV_END(*t), "the extension");
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
	tw_field_add(d->b, f, "x509.der.header", "DER Header", seq.off, seq.hlen,
		"SEQUENCE, %zu bytes of content", seq.len);
	for (o = TLV_VAL(seq); o < TLV_END(seq); o = TLV_END(e)) {
		if (der_read(d, o, TLV_END(seq), &e) < 0) {
			undec(d, f, o, TLV_END(seq), "not a DER element");
			break;
		}
		dec_extension(d, f, &e);
	}
	rest(d, f, TLV_END(seq), TLV_END(*t), "the extensions");
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
	tw_field_add(d->b, f, "x509.signature", "Signature", sig.off,
		TLV_END(sig) - sig.off, "%zu-bit signature by the issuer: %s",
		(sig.len - 1) * 8, hex(d, TLV_VAL(sig) + 1, sig.len - 1, h, sizeof h));
	rest(d, f, TLV_END(sig), TLV_END(*c), "the certificate");
	/* The certificate's value: its subject, found among the children. */
	for (i = 0; i < f->nchild; i++)
		if (strcmp(f->child[i].id, "x509.tbs_certificate") == 0) {
			const tw_field *tb = &f->child[i];
			size_t j;
			for (j = 0; j < tb->nchild; j++)
				if (strcmp(tb->child[j].id, "x509.subject") == 0 &&
				    tb->child[j].value)
					tw_field_set_value(d->b, f, "subject %s", tb->child[j].value);
		}
}

/* One DER certificate in [o, end). */
static void
dec_x509(D *d, tw_field *par, size_t o, size_t end)
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
	rest(d, par, TLV_END(c), end, "the DER certificate");
}

static void
dec_certificate(D *d, tw_field *msg, size_t o, size_t end)
{
	char lbl[80];
	size_t n, e, k = 0;

	if ((o = vec(d, msg, o, end, 3, "tls.certificates_length", "Certificates Length",
		"the certificate list", &n)) == FAIL)
		return;
	for (e = o + n; o < e; k++) {
		tw_field *f;
		size_t cl;
		if (short_of(d, msg, o, e, 3, "a certificate length"))
			break;
		cl = u24(d, o);
		if (cl > e - o - 3) {
			char why[160];
			snprintf(why, sizeof why, "certificate length %zu runs past the list "
				"(%zu bytes left)", cl, e - o - 3);
			undec(d, msg, o, e, why);
			break;
		}
		snprintf(lbl, sizeof lbl, "Certificate %zu (%s, %zu bytes)", k + 1,
			k == 0 ? "the server's own" : "its issuer's", cl);
		if ((f = tw_field_add(d->b, msg, "tls.certificate", lbl, o, 3 + cl, NULL)) == NULL)
			return;
		tw_field_add(d->b, f, "tls.certificate.length", "Certificate Length", o, 3,
			"%zu", cl);
		if (cl > 0)
			dec_x509(d, f, o + 3, o + 3 + cl);
		if (f->nchild > 1 && f->child[1].value)
			tw_field_set_value(d->b, f, "%s", f->child[1].value);
		o += 3 + cl;
	}
	rest(d, msg, e, end, "the certificate list");
}

/* ------------------------------------------------- key exchange, finished */

static void
dec_server_key_exchange(D *d, tw_field *msg, size_t o, size_t end)
{
	char h[2 * HEXMAX + 8], nb[40];
	tw_field *pf;
	size_t n, pl;

	if (short_of(d, msg, o, end, 4, "ServerECDHParams"))
		return;
	if (u8(d, o) != 3) {   /* RFC 8422 §5.4: named_curve (3) is the only one left */
		undec(d, msg, o, end, "not named-curve ECDHE parameters (curve type is not 3)");
		return;
	}
	pl = u8(d, o + 3);
	if (pl > end - o - 4) {
		undec(d, msg, o, end, "the public key length runs past the message");
		return;
	}
	pf = tw_field_add(d->b, msg, "tls.ske.params", "EC Diffie-Hellman Server Params",
		o, 4 + pl, "curve %s, %zu-byte public key",
		name_or(tw_name_group((uint16_t)u16(d, o + 1)), nb, sizeof nb, u16(d, o + 1)), pl);
	if (pf == NULL)
		return;
	tw_field_add(d->b, pf, "tls.ske.curve_type", "Curve Type", o, 1, "named_curve (3)");
	tw_field_add(d->b, pf, "tls.ske.named_curve", "Named Curve", o + 1, 2,
		"%s (0x%04x)", or_unknown(tw_name_group((uint16_t)u16(d, o + 1))), u16(d, o + 1));
	tw_field_add(d->b, pf, "tls.ske.pubkey_length", "Pubkey Length", o + 3, 1, "%zu", pl);
	if (pl > 0)
		add_ec_point(d, pf, "tls.ske.pubkey", "Pubkey", o + 4, pl);
	o += 4 + pl;
	if (o == end)
		return;   /* anonymous ECDH: no signature */
	if (short_of(d, msg, o, end, 2, "the signature algorithm"))
		return;
	add_sigalg(d, msg, o);
	if ((o = vec(d, msg, o + 2, end, 2, "tls.ske.signature_length",
		"Signature Length", "the signature", &n)) == FAIL)
		return;
	if (n > 0)
		tw_field_add(d->b, msg, "tls.ske.signature", "Signature", o, n,
			"%zu-bit signature over client random ‖ server random ‖ params: %s",
			n * 8, hex(d, o, n, h, sizeof h));
	rest(d, msg, o + n, end, "the signature");
}

static void
dec_client_key_exchange(D *d, tw_field *msg, size_t o, size_t end)
{
	size_t n;

	if ((o = vec(d, msg, o, end, 1, "tls.cke.pubkey_length", "Pubkey Length",
		"the client's public key", &n)) == FAIL)
		return;
	if (n > 0)
		add_ec_point(d, msg, "tls.cke.pubkey", "Pubkey", o, n);
	rest(d, msg, o + n, end, "the client's public key");
}

static void
dec_finished(D *d, tw_field *msg, size_t o, size_t end)
{
	char h[80];

	if (short_of(d, msg, o, end, 12, "verify_data"))
		return;
	tw_field_add(d->b, msg, "tls.finished.verify_data", "Verify Data", o, 12,
		"%s", hex(d, o, 12, h, sizeof h));
	rest(d, msg, o + 12, end, "verify_data");
}

/* One handshake message at o; returns where it ends (end if it did not fit). */
static size_t
dec_hs_msg(D *d, tw_field *par, size_t o, size_t end)
{
	char lbl[80], nb[40], why[160];
	unsigned type;
	size_t n, b;
	tw_field *m;
	const char *hl;

	if (short_of(d, par, o, end, 4, "a handshake header"))
		return end;
	type = u8(d, o);
	n = u24(d, o + 1);
	if (n > end - o - 4) {
		snprintf(why, sizeof why, "handshake message of %zu bytes, only %zu are "
			"here", n, end - o - 4);
		undec(d, par, o, end, why);
		return end;
	}
	hl = LOOKUP(hs_labels, type);
	snprintf(lbl, sizeof lbl, "Handshake Protocol: %s",
		name_or(hl, nb, sizeof nb, type));
	if ((m = tw_field_add(d->b, par, "tls.handshake", lbl, o, 4 + n, NULL)) == NULL)
		return end;
	tw_field_add(d->b, m, "tls.handshake.type", "Handshake Type", o, 1, "%s (%u)",
		or_unknown(tw_name_handshake((uint8_t)type)), type);
	tw_field_add(d->b, m, "tls.handshake.length", "Length", o + 1, 3, "%zu", n);
	b = o + 4;
	switch (type) {
	case TW_HS_CLIENT_HELLO:
		dec_client_hello(d, m, b, b + n);
		break;
	case TW_HS_SERVER_HELLO:
		dec_server_hello(d, m, b, b + n);
		break;
	case TW_HS_CERTIFICATE:
		dec_certificate(d, m, b, b + n);
		break;
	case TW_HS_SERVER_KEY_EXCHANGE:
		dec_server_key_exchange(d, m, b, b + n);
		break;
	case TW_HS_SERVER_HELLO_DONE:
		rest(d, m, b, b + n, "ServerHelloDone (it has no body)");
		break;
	case TW_HS_CLIENT_KEY_EXCHANGE:
		dec_client_key_exchange(d, m, b, b + n);
		break;
	case TW_HS_FINISHED:
		dec_finished(d, m, b, b + n);
		break;
	default:
		if (n > 0)
			undec(d, m, b, b + n, "a handshake message type this dissector "
				"does not decode");
		break;
	}
	return b + n;
}

static void
dec_alert(D *d, tw_field *par, size_t o, size_t end)
{
	char nb[40];
	unsigned lv, ds;
	tw_field *f;

	if (short_of(d, par, o, end, 2, "an alert"))
		return;
	lv = u8(d, o);
	ds = u8(d, o + 1);
	f = tw_field_add(d->b, par, "tls.alert", "Alert Message", o, 2, "%s %s",
		lv == 1 ? "warning" : lv == 2 ? "fatal" : "unknown level",
		name_or(tw_name_alert((uint8_t)ds), nb, sizeof nb, ds));
	if (f == NULL)
		return;
	tw_field_add(d->b, f, "tls.alert.level", "Level", o, 1, "%s (%u)",
		lv == 1 ? "warning" : lv == 2 ? "fatal" : "unknown", lv);
	tw_field_add(d->b, f, "tls.alert.description", "Description", o + 1, 1, "%s (%u)",
		name_or(tw_name_alert((uint8_t)ds), nb, sizeof nb, ds), ds);
	rest(d, par, o + 2, end, "the alert");
}

/* ---------------------------------------------------------------- HTTP */

/* Offset just past the next LF in [o, end), or end if there is none. */
static size_t
line_end(const D *d, size_t o, size_t end, int *complete)
{
	for (; o < end; o++)
		if (u8(d, o) == '\n') {
			*complete = 1;
			return o + 1;
		}
	*complete = 0;
	return end;
}

/* Length of the text of a line without its CR LF. */
static size_t
line_text(const D *d, size_t o, size_t e)
{
	size_t n = e - o;

	if (n > 0 && u8(d, o + n - 1) == '\n')
		n--;
	if (n > 0 && u8(d, o + n - 1) == '\r')
		n--;
	return n;
}

static size_t
find_byte(const D *d, size_t o, size_t e, unsigned c)
{
	for (; o < e; o++)
		if (u8(d, o) == c)
			return o;
	return FAIL;
}

static int
looks_like_http(const D *d, size_t o, size_t end)
{
	static const char *const starts[] = {
		"HTTP/", "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
		"CONNECT ", "PATCH ", "TRACE ",
	};
	size_t i, k;

	for (i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		size_t n = strlen(starts[i]);
		if (end - o < n)
			continue;
		for (k = 0; k < n && u8(d, o + k) == (unsigned char)starts[i][k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* The first line: "METHOD target version" or "version code reason". */
static void
dec_http_first(D *d, tw_field *par, size_t o, size_t e)
{
	char a[300], b2[300], c[300], full[600];
	size_t n = line_text(d, o, e), s1, s2;
	int response = u8(d, o) == 'H';
	tw_field *f;

	text(d, o, n, 1, 250, full, sizeof full);
	s1 = find_byte(d, o, o + n, ' ');
	s2 = s1 == FAIL ? FAIL : find_byte(d, s1 + 1, o + n, ' ');
	f = tw_field_add(d->b, par, response ? "http.status_line" : "http.request_line",
		response ? "Status Line" : "Request Line", o, e - o, "%s", full);
	if (f == NULL || s2 == FAIL)
		return;   /* no three parts: the line stays a leaf */
	text(d, o, s1 - o, 1, 250, a, sizeof a);
	text(d, s1 + 1, s2 - s1 - 1, 1, 250, b2, sizeof b2);
	text(d, s2 + 1, o + n - s2 - 1, 1, 250, c, sizeof c);
	if (response) {
		tw_field_add(d->b, f, "http.version", "Version", o, s1 + 1 - o, "%s", a);
		tw_field_add(d->b, f, "http.status_code", "Status Code", s1 + 1,
			s2 - s1, "%s", b2);
		tw_field_add(d->b, f, "http.reason", "Reason Phrase", s2 + 1, e - s2 - 1,
			"%s", c);
	} else {
		tw_field_add(d->b, f, "http.method", "Method", o, s1 + 1 - o, "%s", a);
		tw_field_add(d->b, f, "http.target", "Request Target", s1 + 1, s2 - s1,
			"%s", b2);
		tw_field_add(d->b, f, "http.version", "Version", s2 + 1, e - s2 - 1,
			"%s", c);
	}
}

/* HTTP/1.1 (RFC 9112) in [o, end): first line, header lines, blank line, body. */
static void
dec_http(D *d, tw_field *par, size_t o, size_t end)
{
	char lbl[80], v[300];
	tw_field *h;
	size_t e;
	int complete, headers = 1;

	if (!looks_like_http(d, o, end)) {
		tw_field_add(d->b, par, "tls.app_data", "Application Data", o, end - o,
			"%zu bytes: %s", end - o, text(d, o, end - o, 1, 60, v, sizeof v));
		return;
	}
	if ((h = tw_field_add(d->b, par, "http", "Hypertext Transfer Protocol", o,
		end - o, NULL)) == NULL)
		return;
	e = line_end(d, o, end, &complete);
	dec_http_first(d, h, o, e);
	if (h->nchild > 0 && h->child[0].value)
		tw_field_set_value(d->b, h, "%s", h->child[0].value);
	for (o = e; o < end && headers; o = e) {
		size_t n, colon, vs;
		e = line_end(d, o, end, &complete);
		n = line_text(d, o, e);
		if (!complete) {
			tw_field_add(d->b, h, "http.data", "Data", o, end - o,
				"%s (the header block continues beyond this record)",
				text(d, o, end - o, 1, 60, v, sizeof v));
			return;
		}
		if (n == 0) {
			tw_field_add(d->b, h, "http.end_of_headers", "End of Headers", o,
				e - o, "empty line: the body follows");
			headers = 0;
			break;
		}
		colon = find_byte(d, o, o + n, ':');
		if (colon == FAIL || colon == o) {
			undec(d, h, o, e, "a header line without a name and a colon");
			continue;
		}
		text(d, o, colon - o, 0, 60, lbl, sizeof lbl);
		for (vs = colon + 1; vs < o + n && (u8(d, vs) == ' ' || u8(d, vs) == '\t'); vs++)
			;
		tw_field_add(d->b, h, "http.header", lbl, o, e - o, "%s",
			text(d, vs, o + n - vs, 1, 250, v, sizeof v));
	}
	if (!headers && e < end)
		tw_field_add(d->b, h, "http.body", "Body", e, end - e, "%zu bytes: %s",
			end - e, text(d, e, end - e, 1, 80, v, sizeof v));
}

/* ------------------------------------------------------------- records */

/* What content a record's fragment holds, given its type and whether it
 * is encrypted; plain and plain_len give the decrypted bytes, if known. */
typedef struct {
	int encrypted;
	const uint8_t *plain;
	size_t plain_len;
	const char *why_not;   /* why there is no plaintext */
} rec_info;

/* Content of a plaintext fragment (or of decrypted content), [o, end). */
static void
dec_content(D *d, tw_field *par, unsigned type, size_t o, size_t end)
{
	char why[80];

	switch (type) {
	case TW_CT_HANDSHAKE:
		while (o < end)
			o = dec_hs_msg(d, par, o, end);
		break;
	case TW_CT_CCS:
		if (short_of(d, par, o, end, 1, "a ChangeCipherSpec message"))
			break;
		tw_field_add(d->b, par, "tls.ccs.message", "Change Cipher Spec Message",
			o, 1, u8(d, o) == 1 ? "1 (change_cipher_spec)" : "%u (should be 1)",
			u8(d, o));
		rest(d, par, o + 1, end, "ChangeCipherSpec");
		break;
	case TW_CT_ALERT:
		dec_alert(d, par, o, end);
		break;
	case TW_CT_APPDATA:
		if (o < end)
			dec_http(d, par, o, end);
		break;
	default:
		if (o < end) {
			snprintf(why, sizeof why, "content type %u is unknown", type);
			undec(d, par, o, end, why);
		}
		break;
	}
}

/* An encrypted fragment [o, end): explicit nonce, ciphertext (with the
 * decrypted content as children), tag (RFC 5288 §3). */
static void
dec_encrypted(D *d, tw_field *par, unsigned type, size_t o, size_t end,
	const rec_info *ri)
{
	char h[2 * HEXMAX + 8];
	size_t ct = o + 8, ctl;
	tw_field *c;

	if (short_of(d, par, o, end, 8 + 16, "an AES-GCM record (explicit nonce and tag)"))
		return;
	ctl = end - o - 8 - 16;
	tw_field_add(d->b, par, "tls.encrypted.explicit_nonce", "Explicit Nonce", o, 8,
		"%s (sent in clear; the nonce is the write IV ‖ these 8 bytes)",
		hex(d, o, 8, h, sizeof h));
	if (ri->plain != NULL && ri->plain_len == ctl) {
		D sub = *d;
		sub.p = ri->plain;
		sub.base = ct;
		sub.lim = ct + ctl;
		sub.decrypted = 1;
		c = tw_field_add(d->b, par, "tls.encrypted.ciphertext", "Encrypted Content",
			ct, ctl, "%zu bytes, decrypted with the %s write key (tag verified); "
			"each field below owns the bytes that encrypt it", ctl,
			d->dir ? "server" : "client");
		if (c != NULL)
			dec_content(&sub, c, type, ct, ct + ctl);
	} else
		tw_field_add(d->b, par, "tls.encrypted.ciphertext", "Encrypted Content",
			ct, ctl, "%zu bytes (%s)", ctl,
			ri->why_not ? ri->why_not : "not decrypted");
	tw_field_add(d->b, par, "tls.encrypted.tag", "Authentication Tag", end - 16, 16,
		"%s (GCM tag over the ciphertext and the additional data)",
		hex(d, end - 16, 16, h, sizeof h));
}

static const char *
record_label(const D *d, unsigned type, size_t o, size_t fend, int encrypted,
	char *buf, size_t size)
{
	char nb[40];
	const char *ct;

	switch (type) {
	case TW_CT_HANDSHAKE:
		if (encrypted)
			ct = "Handshake Protocol: Encrypted Handshake Message";
		else if (fend - o >= 1) {
			unsigned t = u8(d, o);
			const char *hl = LOOKUP(hs_labels, t);
			int multi = fend - o >= 4 && u24(d, o + 1) + 4 < fend - o;
			snprintf(buf, size, "TLS Record Layer: Handshake Protocol: %s%s",
				multi ? "Multiple Handshake Messages, first " : "",
				name_or(hl, nb, sizeof nb, t));
			return buf;
		} else
			ct = "Handshake Protocol";
		break;
	case TW_CT_CCS:
		ct = "Change Cipher Spec Protocol";
		break;
	case TW_CT_ALERT:
		ct = encrypted ? "Alert Protocol: Encrypted Alert" : "Alert Protocol";
		break;
	case TW_CT_APPDATA:
		ct = "Application Data Protocol";
		break;
	default:
		snprintf(nb, sizeof nb, "Unknown Content Type %u", type);
		ct = nb;
		break;
	}
	snprintf(buf, size, "TLS Record Layer: %s", ct);
	return buf;
}

/* One record at o within [o, end). clip: the record may continue past end
 * (a step that shows only its first messages); otherwise a record longer
 * than the bytes is truncated. enc < 0: decide from *ccs_seen (raw bytes).
 * Returns where the record (or the bytes) end. */
static size_t
dec_record(D *d, tw_field *par, size_t o, size_t end, int clip, int enc,
	const rec_info *ri, int *ccs_seen)
{
	char lbl[120], nb[40], why[160];
	unsigned type;
	size_t n, fend;
	tw_field *r;
	int encrypted;
	rec_info none = { 0, NULL, 0, "no keys: raw bytes" };

	if (short_of(d, par, o, end, 5, "a record header"))
		return end;
	type = u8(d, o);
	n = u16(d, o + 3);
	fend = n > end - o - 5 ? end : o + 5 + n;
	encrypted = enc >= 0 ? enc : (type == TW_CT_APPDATA ||
		(*ccs_seen && type != TW_CT_CCS));
	if (ri == NULL)
		ri = &none;
	record_label(d, type, o + 5, fend, encrypted, lbl, sizeof lbl);
	if ((r = tw_field_add(d->b, par, "tls.record", lbl, o, fend - o, NULL)) == NULL)
		return end;
	tw_field_add(d->b, r, "tls.record.content_type", "Content Type", o, 1, "%s (%u)",
		name_or(tw_name_content_type((uint8_t)type), nb, sizeof nb, type), type);
	add_version(d, r, "tls.record.version", o + 1);
	tw_field_add(d->b, r, "tls.record.length", "Length", o + 3, 2, "%zu", n);
	if (fend < o + 5 + n) {
		if (!clip || encrypted) {
			snprintf(why, sizeof why, "the record says %zu bytes, only %zu are "
				"here", n, end - o - 5);
			undec(d, r, o + 5, end, why);
			return end;
		}
		tw_field_set_value(d->b, r, "%zu-byte record; this step shows its "
			"first %zu bytes, the next steps the rest", 5 + n, fend - o);
	}
	if (tw_name_content_type((uint8_t)type) == NULL) {
		dec_content(d, r, type, o + 5, fend);   /* covers as unknown */
		return fend;
	}
	if (encrypted)
		dec_encrypted(d, r, type, o + 5, fend, ri);
	else
		dec_content(d, r, type, o + 5, fend);
	if (type == TW_CT_CCS)
		*ccs_seen = 1;
	return fend;
}

/* The single child of a container becomes the root itself. */
static void
promote(tw_field *out)
{
	tw_field c;

	if (out->nchild != 1)
		return;
	c = out->child[0];
	free(out->child);
	free(out->label);
	free(out->value);
	*out = c;
}

static int
finish(tw_fb *b, tw_field *out)
{
	if (b->oom) {
		tw_field_free(out);
		return -1;
	}
	if (out->nchild > 1) {
		char v[40];
		snprintf(v, sizeof v, "%zu parts", out->nchild);
		tw_field_set_value(b, out, "%s", v);
	}
	promote(out);
	if (b->oom) {
		tw_field_free(out);
		return -1;
	}
	return 0;
}

/* see dissect.h */
int
tw_dissect_tls_bytes(const uint8_t *data, size_t len, int dir, tw_field *out)
{
	tw_fb b = { 0 };
	D d = { &b, data, 0, len, dir ? 1 : 0, 0 };
	size_t o = 0;
	int ccs = 0;

	tw_field_init(&b, out, "tls.records", "TLS Records", 0, len, NULL);
	while (o < len)
		o = dec_record(&d, out, o, len, 0, -1, NULL, &ccs);
	return finish(&b, out);
}

/* For fuzz/fuzz_dissect.c only (declared there, not in dissect.h): bytes
 * decoded as the decrypted content of a record of content type `type`, as
 * if laid over a ciphertext starting at offset 0. Raw records are never
 * decrypted, so this is how the fuzzer reaches the decoders of decrypted
 * content (HTTP, Finished, alerts). */
int tw_dissect_fuzz_plaintext(const uint8_t *data, size_t len, int type, int dir,
	tw_field *out);

int
tw_dissect_fuzz_plaintext(const uint8_t *data, size_t len, int type, int dir,
	tw_field *out)
{
	tw_fb b = { 0 };
	D d = { &b, data, 0, len, dir ? 1 : 0, 1 };

	tw_field_init(&b, out, "tls.records", "Decrypted Content", 0, len, NULL);
	dec_content(&d, out, (unsigned)type, 0, len);
	return finish(&b, out);
}

/* TCP steps: the IPv4/TCP dissector (dissect_ip.c). */
static int
dissect_tcp_step(const struct tw_model *m, const tw_step *st, tw_field *out)
{
	return tw_dissect_tcp_packet(m, (size_t)st->pkt_first, out);
}

/* see dissect.h */
int
tw_dissect_step(const struct tw_model *m, size_t i, tw_field *out)
{
	const tw_step *st = &m->story.step[i];
	tw_fb b = { 0 };
	D d = { &b, st->bytes, 0, st->len, st->dir == TW_S2C, 0 };
	size_t pos = 0;
	int ccs = 0;

	if (st->kind == TW_STEP_TCP)
		return dissect_tcp_step(m, st, out);
	tw_field_init(&b, out, "tls.records", "TLS Records", 0, st->len, NULL);
	while (pos < st->len && !b.oom) {
		size_t so = st->stream_off + pos, r, cap;
		const tw_record *rec = NULL;

		for (r = 0; r < m->wire.nrec; r++) {
			rec = &m->wire.rec[r];
			if (rec->dir == st->dir && rec->off <= so && so - rec->off < rec->len)
				break;
		}
		if (r == m->wire.nrec) {
			undec(&d, out, pos, st->len, "bytes outside every record");
			break;
		}
		cap = rec->off + rec->len - st->stream_off;
		if (cap > st->len)
			cap = st->len;
		if (rec->off == so) {
			rec_info ri = { rec->encrypted, NULL, 0, NULL };
			const tw_opened *op = rec->encrypted ?
				tw_keys_opened(&m->keys, (int)r) : NULL;
			if (rec->encrypted) {
				if (op == NULL)
					ri.why_not = "not decrypted: the keys are not known";
				else if (op->tag != TW_V_OK)
					ri.why_not = "not decrypted: the GCM tag did not verify";
				else if (op->ct_off != 13 || op->ct_len + 13 + 16 != rec->len)
					ri.why_not = "not decrypted: the record layout is not AES-GCM's";
				else {
					ri.plain = op->plain;
					ri.plain_len = op->plain_len;
				}
			}
			pos = dec_record(&d, out, pos, cap, 1, rec->encrypted, &ri, &ccs);
		} else if (rec->type == TW_CT_HANDSHAKE && !rec->encrypted) {
			/* later messages of a record whose header an earlier step showed */
			while (pos < cap)
				pos = dec_hs_msg(&d, out, pos, cap);
		} else {
			undec(&d, out, pos, cap, "the middle of a record");
			pos = cap;
		}
	}
	return finish(&b, out);
}
