/*
 * dissect_tls.c — the TLS field dissector: every byte of a TLS step
 * explained as a tree of fields (see field.h), from the record header down
 * to the handshake messages, alerts and, for encrypted records, the
 * decrypted content. The DER of the certificates is dissect_x509.c's, the
 * HTTP inside the application data dissect_http.c's.
 *
 * All input is treated as untrusted (tw_dissect_tls_bytes is the fuzz
 * target): every read goes through a bounds check against the range being
 * decoded, and whatever cannot be decoded (truncated, inconsistent lengths,
 * unknown types) becomes one field marked undecoded covering the rest of
 * the enclosing range (dissect_int.h says how).
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
 * The record protection is one marked block below (dec_encrypted).
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
#include "names.h"
#include "wire.h"
#include "tlsmsg.h"
#include "keysched.h"
#include "dissect.h"
#include "dissect_int.h"
#include "suite.h"

/* ------------------------------------------------------------------ names */

static const char *
or_unknown(const char *s)
{
	return s ? s : "unknown";
}

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

	if (tw_d_short_of(d, par, o, end, lsize, what))
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

	/* The hash ‖ signature reading of the two bytes holds for TLS 1.2's
	 * pairs and the RFC 8446 schemes the tables name; for anything else
	 * (GREASE, newer schemes) the halves mean nothing: one leaf. */
	if (f == NULL || (n == NULL && (v >> 8) > 6) || (n != NULL && strncmp(n, "GREASE", 6) == 0))
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

	if (n == 32) {
		/* x25519 (RFC 7748): the public value is the u-coordinate alone,
		 * 32 bytes little-endian; there is no 0x04 prefix and no Y. */
		f = tw_field_add2(d->b, par, id, label, o, n, "x25519 public value, 32 bytes",
			"x25519 公钥值，32 字节");
		if (f != NULL)
			tw_field_add(d->b, f, "tls.ec_point.x25519", "u-coordinate (little-endian)",
				o, n, "%s", tw_d_hex(d, o, n, h, sizeof h));
		return;
	}
	if (n < 3 || u8(d, o) != 4 || (n - 1) % 2 != 0) {
		tw_field_add(d->b, par, id, label, o, n, "%s", tw_d_hex(d, o, n, h, sizeof h));
		return;
	}
	c = (n - 1) / 2;
	f = tw_field_add2(d->b, par, id, label, o, n,
		"uncompressed point, %zu-byte coordinates", "未压缩的点，坐标各 %zu 字节", c);
	if (f == NULL)
		return;
	tw_field_add2(d->b, f, "tls.ec_point.format", "Point Format", o, 1,
		"0x04 (uncompressed: X and Y follow)", "0x04（未压缩：后面依次是 X 和 Y）");
	tw_field_add(d->b, f, "tls.ec_point.x", "X", o + 1, c, "%s",
		tw_d_hex(d, o + 1, c, h, sizeof h));
	tw_field_add(d->b, f, "tls.ec_point.y", "Y", o + 1 + c, c, "%s",
		tw_d_hex(d, o + 1 + c, c, h, sizeof h));
}

/* ------------------------------------------------------------- hellos */

static void
add_random(D *d, tw_field *par, size_t o)
{
	char h[80];
	unsigned long t = ((unsigned long)u16(d, o) << 16) | u16(d, o + 2);
	tw_field *f = tw_field_add(d->b, par, "tls.hello.random", "Random", o, 32,
		"%s", tw_d_hex(d, o, 32, h, sizeof h));

	if (f == NULL)
		return;
	if (t == 0)
		tw_field_add2(d->b, f, "tls.hello.random.gmt_unix_time", "gmt_unix_time",
			o, 4, "00000000 (BearSSL sends four zero bytes where the "
			"gmt_unix_time used to be: a clock says nothing useful and "
			"can identify the machine)",
			"00000000（BearSSL 在原来放 gmt_unix_time 的位置发送四个零字节："
			"时钟没有用处，还可能暴露是哪台机器）");
	else
		tw_field_add2(d->b, f, "tls.hello.random.gmt_unix_time", "gmt_unix_time",
			o, 4, "%lu (0x%08lx, seconds since 1970 by the sender's clock)",
			"%lu（0x%08lx，按发送方时钟自 1970 年起的秒数）", t, t);
	tw_field_add(d->b, f, "tls.hello.random.random_bytes", "Random Bytes",
		o + 4, 28, "%s", tw_d_hex(d, o + 4, 28, h, sizeof h));
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
			tw_d_hex(d, o, n, h, sizeof h));
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
			if (tw_d_short_of(d, par, o, e, 3, "a server name entry"))
				break;
			ln = u16(d, o + 1);
			if (ln > e - o - 3) {
				undec(d, par, o, e, "server name length runs past the list");
				break;
			}
			f = tw_field_add(d->b, par, "tls.ext.sni.entry", "Server Name",
				o, 3 + ln, "%s", tw_d_text(d, o + 3, ln, 0, 255, t, sizeof t));
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
		tw_d_rest(d, par, e, end, "the server name list");
		return;
	case 1:   /* max_fragment_length */
		tw_field_add(d->b, par, "tls.ext.max_fragment_length",
			"Maximum Fragment Length", o, 1, "%s",
			name_or(LOOKUP(mfl, u8(d, o)), nb, sizeof nb, u8(d, o)));
		tw_d_rest(d, par, o + 1, end, "max_fragment_length");
		return;
	case 10:  /* supported_groups, RFC 8422 §5.1.1 */
		if ((o = vec(d, par, o, end, 2, "tls.ext.supported_groups.length",
			"Supported Groups List Length", "the group list", &n)) == FAIL)
			return;
		for (e = o + n; e - o >= 2; o += 2)
			tw_field_add(d->b, par, "tls.ext.supported_groups.group",
				"Supported Group", o, 2, "%s (0x%04x)",
				or_unknown(tw_name_group((uint16_t)u16(d, o))), u16(d, o));
		tw_d_rest(d, par, o, end, "the group list");
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
		tw_d_rest(d, par, o + n, end, "the point format list");
		return;
	case 13:  /* signature_algorithms, RFC 5246 §7.4.1.4.1 */
		if ((o = vec(d, par, o, end, 2, "tls.ext.signature_algorithms.length",
			"Signature Hash Algorithms Length", "the algorithm list", &n)) == FAIL)
			return;
		for (e = o + n; e - o >= 2; o += 2)
			add_sigalg(d, par, o);
		tw_d_rest(d, par, o, end, "the algorithm list");
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
				o, 1 + ln, "%s", tw_d_text(d, o + 1, ln, 0, 255, t, sizeof t));
			o += 1 + ln;
		}
		tw_d_rest(d, par, e, end, "the protocol list");
		return;
	case 65281:   /* renegotiation_info, RFC 5746 §3.2 */
		if ((o = vec(d, par, o, end, 1, "tls.ext.renegotiation_info.length",
			"Renegotiation Info Length", "renegotiated_connection", &n)) == FAIL)
			return;
		if (n == 0 && par->nchild > 0)
			tw_field_set_value2(d->b, &par->child[par->nchild - 1],
				"0 (a first handshake: there is no earlier Finished to bind to)",
				"0（首次握手：没有更早的 Finished 可以绑定）");
		if (n > 0)
			tw_field_add(d->b, par, "tls.ext.renegotiation_info.data",
				"Renegotiated Connection", o, n, "%s",
				tw_d_hex(d, o, n, h, sizeof h));
		tw_d_rest(d, par, o + n, end, "renegotiation_info");
		return;
	case 43:  /* supported_versions, RFC 8446 §4.2.1 */
		if (server) {   /* the one version chosen */
			if (tw_d_short_of(d, par, o, end, 2, "the selected version"))
				return;
			add_version(d, par, "tls.ext.supported_versions.version", o);
			tw_d_rest(d, par, o + 2, end, "supported_versions");
			return;
		}
		if ((o = vec(d, par, o, end, 1, "tls.ext.supported_versions.length",
			"Supported Versions Length", "the version list", &n)) == FAIL)
			return;
		for (e = o + n; e - o >= 2; o += 2)
			add_version(d, par, "tls.ext.supported_versions.version", o);
		tw_d_rest(d, par, o, end, "the version list");
		return;
	case 51:  /* key_share, RFC 8446 §4.2.8 */
		if (!server) {
			if ((o = vec(d, par, o, end, 2, "tls.ext.key_share.length",
				"Client Key Share Length", "the key share list", &n)) == FAIL)
				return;
			e = o + n;
		} else
			e = end;
		while (o < e) {
			tw_field *f;
			unsigned g;
			size_t kl;
			if (tw_d_short_of(d, par, o, e, 4, "a key share entry"))
				break;
			g = u16(d, o);
			kl = u16(d, o + 2);
			if (kl > e - o - 4) {
				undec(d, par, o, e, "key share length runs past the list");
				break;
			}
			f = tw_field_add(d->b, par, "tls.ext.key_share.entry", "Key Share Entry",
				o, 4 + kl, "%s, %zu byte%s", or_unknown(tw_name_group((uint16_t)g)), kl,
				kl == 1 ? "" : "s");
			if (f == NULL)
				return;
			tw_field_add(d->b, f, "tls.ext.key_share.group", "Group", o, 2,
				"%s (0x%04x)", or_unknown(tw_name_group((uint16_t)g)), g);
			tw_field_add(d->b, f, "tls.ext.key_share.key_length", "Key Exchange Length",
				o + 2, 2, "%zu", kl);
			if (kl > 0)
				tw_field_add(d->b, f, "tls.ext.key_share.key", "Key Exchange",
					o + 4, kl, "%s", tw_d_hex(d, o + 4, kl, h, sizeof h));
			o += 4 + kl;
		}
		tw_d_rest(d, par, e, end, "the key share list");
		return;
	case 45:  /* psk_key_exchange_modes, RFC 8446 §4.2.9 */
		if ((o = vec(d, par, o, end, 1, "tls.ext.psk_modes.length",
			"PSK Key Exchange Modes Length", "the mode list", &n)) == FAIL)
			return;
		for (i = 0; i < n; i++) {
			unsigned md = u8(d, o + i);
			tw_field_add(d->b, par, "tls.ext.psk_modes.mode", "PSK Key Exchange Mode",
				o + i, 1, "%s (%u)", md == 0 ? "psk_ke" : md == 1 ? "psk_dhe_ke"
				: "unknown", md);
		}
		tw_d_rest(d, par, o + n, end, "the mode list");
		return;
	case 5:   /* status_request, RFC 6066 §8 */
		if (server)
			break;
		tw_field_add(d->b, par, "tls.ext.status_request.type", "Certificate Status Type",
			o, 1, "%s (%u)", u8(d, o) == 1 ? "ocsp" : "unknown", u8(d, o));
		if ((o = vec(d, par, o + 1, end, 2, "tls.ext.status_request.responder_ids_length",
			"Responder ID List Length", "the responder id list", &n)) == FAIL)
			return;
		if (n > 0)
			tw_field_add(d->b, par, "tls.ext.data", "Data", o, n, "%s",
				tw_d_hex(d, o, n, h, sizeof h));
		if ((o = vec(d, par, o + n, end, 2, "tls.ext.status_request.extensions_length",
			"Request Extensions Length", "the request extensions", &n)) == FAIL)
			return;
		if (n > 0)
			tw_field_add(d->b, par, "tls.ext.data", "Data", o, n, "%s",
				tw_d_hex(d, o, n, h, sizeof h));
		tw_d_rest(d, par, o + n, end, "status_request");
		return;
	case 27:  /* compress_certificate, RFC 8879 §3 */
		if ((o = vec(d, par, o, end, 1, "tls.ext.compress_certificate.length",
			"Algorithms Length", "the algorithm list", &n)) == FAIL)
			return;
		for (e = o + n; e - o >= 2; o += 2) {
			unsigned a = u16(d, o);
			tw_field_add(d->b, par, "tls.ext.compress_certificate.algorithm",
				"Algorithm", o, 2, "%s (%u)", a == 1 ? "zlib" : a == 2 ? "brotli"
				: a == 3 ? "zstd" : "unknown", a);
		}
		tw_d_rest(d, par, o, end, "the algorithm list");
		return;
	case 21:  /* padding, RFC 7685: zeros that make the hello a given size */
		for (i = o; i < end && u8(d, i) == 0; i++)
			;
		tw_field_add(d->b, par, "tls.ext.padding", "Padding", o, end - o,
			"%zu bytes%s", end - o, i == end ? ", all zero" : ", not all zero (RFC 7685 says zeros)");
		return;
	case 35:  /* session_ticket, RFC 5077 §3.2 */
		tw_field_add(d->b, par, "tls.ext.session_ticket.ticket", "Session Ticket",
			o, end - o, "%zu bytes: %s", end - o, tw_d_hex(d, o, end - o, h, sizeof h));
		return;
	case 17513:
	case 17613:   /* application_settings (ALPS): a protocol name list, as ALPN's */
		if (server)
			break;
		if ((o = vec(d, par, o, end, 2, "tls.ext.alpn.length",
			"ALPS Protocol List Length", "the protocol list", &n)) == FAIL)
			return;
		for (e = o + n; o < e; ) {
			size_t ln = u8(d, o);
			if (ln > e - o - 1) {
				undec(d, par, o, e, "protocol name length runs past the list");
				break;
			}
			tw_field_add(d->b, par, "tls.ext.alpn.protocol", "ALPS Protocol",
				o, 1 + ln, "%s", tw_d_text(d, o + 1, ln, 0, 255, t, sizeof t));
			o += 1 + ln;
		}
		tw_d_rest(d, par, e, end, "the protocol list");
		return;
	case 65037:   /* encrypted_client_hello (RFC 9849): the outer hello's */
		if (server || u8(d, o) != 0)
			break;
		tw_field_add(d->b, par, "tls.ext.ech.type", "ECH Type", o, 1, "outer (0)");
		if (tw_d_short_of(d, par, o + 1, end, 5, "the ECH cipher suite and config id"))
			return;
		tw_field_add(d->b, par, "tls.ext.ech.cipher_suite", "HPKE Cipher Suite", o + 1, 4,
			"KDF 0x%04x, AEAD 0x%04x", u16(d, o + 1), u16(d, o + 3));
		tw_field_add(d->b, par, "tls.ext.ech.config_id", "Config Id", o + 5, 1, "%u",
			u8(d, o + 5));
		if ((o = vec(d, par, o + 6, end, 2, "tls.ext.ech.enc_length", "Enc Length",
			"the encapsulated key", &n)) == FAIL)
			return;
		if (n > 0)
			tw_field_add(d->b, par, "tls.ext.ech.enc", "Enc", o, n, "%s",
				tw_d_hex(d, o, n, h, sizeof h));
		if ((o = vec(d, par, o + n, end, 2, "tls.ext.ech.payload_length",
			"Payload Length", "the encrypted inner hello", &n)) == FAIL)
			return;
		if (n > 0)
			tw_field_add(d->b, par, "tls.ext.ech.payload", "Payload", o, n,
				"%zu bytes, encrypted: %s", n, tw_d_hex(d, o, n, h, sizeof h));
		tw_d_rest(d, par, o + n, end, "encrypted_client_hello");
		return;
	default:
		break;
	}
	tw_field_add(d->b, par, "tls.ext.data", "Data", o, end - o, "%s",
		tw_d_hex(d, o, end - o, h, sizeof h));
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
		tw_d_rest(d, msg, o, end, "the extension list");
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
		if (tw_d_short_of(d, list, o, e, 4, "an extension header"))
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
	tw_d_rest(d, msg, e, end, "the extension list");
}

static void
dec_client_hello(D *d, tw_field *msg, size_t o, size_t end)
{
	char lbl[80], nb[40];
	tw_field *f;
	size_t n, i;

	if (tw_d_short_of(d, msg, o, end, 2 + 32 + 1, "a ClientHello"))
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

/* The chosen suite, and the parts the suite table gives it: key exchange,
 * authentication, cipher, mode, key length, MAC or PRF hash. A suite
 * outside the table (a peer's choice tlswalk cannot walk) keeps its name. */
static void
add_chosen_suite(D *d, tw_field *msg, size_t o)
{
	unsigned v = u16(d, o);
	const char *n = tw_name_suite((uint16_t)v);
	const tw_suite *su = tw_suite_by_id((uint16_t)v);
	tw_field *f = tw_field_add(d->b, msg, "tls.server_hello.cipher_suite",
		"Cipher Suite", o, 2, "%s (0x%04x)", or_unknown(n), v);
	int aead;

	if (f == NULL || su == NULL)
		return;
	aead = su->rp->family != TW_CF_CBC;
	tw_field_add(d->b, f, "tls.cipher_suite.code", "Code", o, 2, "0x%04x", v);
	/* Zero-length children: derived from the two bytes, covering none. */
	tw_field_add2(d->b, f, "tls.cipher_suite.key_exchange", "Key Exchange", o + 2, 0,
		"%s%s%.0s", "%s%.0s%s", tw_kx_name(su->kx), su->kx == TW_KX_ECDHE
		? " (ephemeral elliptic-curve Diffie-Hellman)"
		: " (the client encrypts the pre-master secret with the server's RSA key)",
		su->kx == TW_KX_ECDHE ? "（临时椭圆曲线 Diffie-Hellman）"
		: "（客户端用服务器的 RSA 公钥加密预主密钥）");
	tw_field_add2(d->b, f, "tls.cipher_suite.authentication", "Authentication",
		o + 2, 0, "%s%s%.0s", "%s%.0s%s", tw_auth_name(su->auth), su->kx == TW_KX_RSA
		? " (only the holder of the certificate's private key can decrypt)"
		: su->auth == TW_AUTH_RSA ? " (the server signs with its RSA certificate key)"
		: " (the server signs with its ECDSA certificate key)",
		su->kx == TW_KX_RSA ? "（只有持有公钥证书私钥的一方能解密）"
		: su->auth == TW_AUTH_RSA ? "（服务器用其 RSA 证书私钥签名）"
		: "（服务器用其 ECDSA 证书私钥签名）");
	tw_field_add(d->b, f, "tls.cipher_suite.cipher", "Cipher", o + 2, 0, "%s",
		su->rp->bulk);
	tw_field_add(d->b, f, "tls.cipher_suite.key_length", "Key Length", o + 2, 0,
		"%u bits", su->key_bits);
	tw_field_add2(d->b, f, "tls.cipher_suite.mode", "Mode", o + 2, 0, "%s%s%.0s",
		"%s%.0s%s", su->rp->name, aead ? " (authenticated encryption: no separate MAC)"
		: " (MAC-then-encrypt with HMAC)",
		aead ? "（认证加密：没有单独的 MAC）" : "（先 MAC 后加密，MAC 用 HMAC）");
	tw_field_add2(d->b, f, "tls.cipher_suite.hash", aead ? "PRF Hash" : "MAC / PRF Hash",
		o + 2, 0, "%s%s%.0s", "%s%.0s%s", su->hash,
		aead ? " (for the PRF that derives the keys)" :
		" (HMAC; the TLS 1.2 PRF uses SHA256 or the suite's hash if larger)",
		aead ? "（用于派生会话密钥的 PRF）" :
		"（HMAC；TLS 1.2 的 PRF 用 SHA256，加密组件的摘要算法更长时用它）");
}

static void
dec_server_hello(D *d, tw_field *msg, size_t o, size_t end)
{
	if (tw_d_short_of(d, msg, o, end, 2 + 32 + 1, "a ServerHello"))
		return;
	add_version(d, msg, "tls.hello.version", o);
	add_random(d, msg, o + 2);
	if ((o = add_session_id(d, msg, o + 34, end)) == FAIL)
		return;
	if (tw_d_short_of(d, msg, o, end, 3, "the cipher suite and compression method"))
		return;
	add_chosen_suite(d, msg, o);
	tw_field_add(d->b, msg, "tls.compression_method", "Compression Method", o + 2, 1,
		u8(d, o + 2) == 0 ? "null (0)" : "unknown (%u)", u8(d, o + 2));
	dec_extensions(d, msg, o + 3, end, 1);
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
		if (tw_d_short_of(d, msg, o, e, 3, "a certificate length"))
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
			tw_d_x509(d, f, o + 3, o + 3 + cl);
		if (f->nchild > 1 && f->child[1].value)
			tw_field_set_value2(d->b, f, "%s%.0s", "%.0s%s", f->child[1].value,
				tw_field_value(&f->child[1], 1));
		o += 3 + cl;
	}
	tw_d_rest(d, msg, e, end, "the certificate list");
}

/* ------------------------------------------------- key exchange, finished */

/* An ECDSA signature (RFC 8422 §5.4: the DER SEQUENCE { r INTEGER,
 * s INTEGER }) of n bytes at o, under parent field f; 0 when it parsed. */
static int
add_ecdsa_sig(D *d, tw_field *f, size_t o, size_t n)
{
	char h[2 * HEXMAX + 8];
	size_t end = o + n, rl, sl, p;
	tw_field *q;

	if (n < 8 || u8(d, o) != 0x30 || u8(d, o + 1) >= 0x80 || u8(d, o + 1) != n - 2
		|| u8(d, o + 2) != 0x02 || (rl = u8(d, o + 3)) >= 0x80 || 4 + rl + 2 > n
		|| u8(d, o + 4 + rl) != 0x02 || (sl = u8(d, o + 5 + rl)) >= 0x80
		|| 6 + rl + sl != n)
		return -1;
	q = tw_field_add2(d->b, f, "tls.ecdsa_sig", "ECDSA-Sig-Value", o, n,
		"DER SEQUENCE of two integers, r (%zu bytes) and s (%zu bytes)",
		"两个整数组成的 DER SEQUENCE：r（%zu 字节）和 s（%zu 字节）", rl, sl);
	if (q == NULL)
		return 0;
	tw_field_add(d->b, q, "x509.der.header", "SEQUENCE header", o, 2, "30 %02zx", n - 2);
	p = o + 2;
	tw_field_add(d->b, q, "x509.der.header", "INTEGER header", p, 2, "02 %02zx", rl);
	tw_field_add(d->b, q, "tls.ecdsa_sig.r", "r", p + 2, rl, "%s",
		tw_d_hex(d, p + 2, rl, h, sizeof h));
	p += 2 + rl;
	tw_field_add(d->b, q, "x509.der.header", "INTEGER header", p, 2, "02 %02zx", sl);
	tw_field_add(d->b, q, "tls.ecdsa_sig.s", "s", p + 2, sl, "%s",
		tw_d_hex(d, p + 2, sl, h, sizeof h));
	(void)end;
	return 0;
}

/* A signature of n bytes at o made with scheme sig_alg: ECDSA ones are
 * opened into r and s, others stay one value. */
static void
add_signature(D *d, tw_field *msg, const char *id, size_t o, size_t n,
	unsigned sig_alg, const char *what, const char *what_zh)
{
	char h[2 * HEXMAX + 8];
	tw_field *f;

	if ((sig_alg & 0xff) == 3) {
		f = tw_field_add2(d->b, msg, id, "Signature", o, n,
			"%zu-byte ECDSA signature over %s%.0s", "%zu 字节的 ECDSA 签名，签的是%.0s%s",
			n, what, what_zh);
		if (f != NULL && add_ecdsa_sig(d, f, o, n) < 0)
			undec(d, f, o, o + n, "not a DER ECDSA signature");
		return;
	}
	tw_field_add2(d->b, msg, id, "Signature", o, n, "%zu-bit signature over %s%.0s: %s",
		"%zu 位签名，签的是%.0s%s：%s",
		n * 8, what, what_zh, tw_d_hex(d, o, n, h, sizeof h));
}

/* A digitally-signed struct (RFC 5246 §4.7) in [o, end): the scheme, a
 * 2-byte length, the signature over `what`. */
static void
dec_digitally_signed(D *d, tw_field *msg, size_t o, size_t end, const char *len_id,
	const char *sig_id, const char *what, const char *what_zh)
{
	size_t n;
	unsigned alg;

	if (tw_d_short_of(d, msg, o, end, 2, "the signature algorithm"))
		return;
	add_sigalg(d, msg, o);
	alg = u16(d, o);
	if ((o = vec(d, msg, o + 2, end, 2, len_id, "Signature Length", "the signature",
		&n)) == FAIL)
		return;
	if (n > 0)
		add_signature(d, msg, sig_id, o, n, alg, what, what_zh);
	tw_d_rest(d, msg, o + n, end, "the signature");
}

static void
dec_server_key_exchange(D *d, tw_field *msg, size_t o, size_t end)
{
	char nb[40];
	tw_field *pf;
	size_t pl;

	if (tw_d_short_of(d, msg, o, end, 4, "ServerECDHParams"))
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
	pf = tw_field_add2(d->b, msg, "tls.ske.params", "EC Diffie-Hellman Server Params",
		o, 4 + pl, "curve %s, %zu-byte public key", "曲线 %s，%zu 字节的公钥",
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
	dec_digitally_signed(d, msg, o, end, "tls.ske.signature_length", "tls.ske.signature",
		"client random ‖ server random ‖ params", "客户端随机数 ‖ 服务器随机数 ‖ 参数");
}

/* CertificateRequest (RFC 5246 §7.4.4): the certificate types the server
 * accepts, the signature algorithms, and the names of the CAs it trusts. */
static void
dec_certificate_request(D *d, tw_field *msg, size_t o, size_t end)
{
	char nb[40];
	size_t n, i, e2;
	static const tw_name_entry types[] = {
		{ 1, "rsa_sign" }, { 2, "dss_sign" }, { 64, "ecdsa_sign" },
	};

	if ((o = vec(d, msg, o, end, 1, "tls.cert_request.types_length",
		"Certificate Types Count", "the certificate types", &n)) == FAIL)
		return;
	for (i = 0; i < n; i++)
		tw_field_add(d->b, msg, "tls.cert_request.type", "Certificate Type", o + i, 1,
			"%s (%u)", name_or(LOOKUP(types, u8(d, o + i)), nb, sizeof nb, u8(d, o + i)),
			u8(d, o + i));
	o += n;
	if ((o = vec(d, msg, o, end, 2, "tls.cert_request.sig_algs_length",
		"Signature Hash Algorithms Length", "the signature algorithms", &n)) == FAIL)
		return;
	for (i = 0; i + 2 <= n; i += 2)
		add_sigalg(d, msg, o + i);
	if (i < n)
		undec(d, msg, o + i, o + n, "half a signature algorithm");
	o += n;
	if ((o = vec(d, msg, o, end, 2, "tls.cert_request.ca_names_length",
		"Distinguished Names Length", "the CA names", &n)) == FAIL)
		return;
	e2 = o + n;
	while (o < e2) {
		size_t l;
		if (tw_d_short_of(d, msg, o, e2, 2, "a CA name length"))
			break;
		l = u16(d, o);
		if (l > e2 - o - 2) {
			undec(d, msg, o, e2, "a CA name runs past the list");
			break;
		}
		tw_field_add(d->b, msg, "tls.certificate.length", "Distinguished Name Length",
			o, 2, "%zu", l);
		if (l > 0)
			tw_d_x509_name(d, msg, o + 2, o + 2 + l, "tls.cert_request.ca_name",
				"Distinguished Name");
		o += 2 + l;
	}
	tw_d_rest(d, msg, e2, end, "the CA names");
}

/* CertificateVerify (RFC 5246 §7.4.8): the client signs the hash of every
 * handshake message so far with its certificate's private key. */
static void
dec_certificate_verify(D *d, tw_field *msg, size_t o, size_t end)
{
	dec_digitally_signed(d, msg, o, end, "tls.cert_verify.signature_length",
		"tls.cert_verify.signature", "the hash of every handshake message before this one",
		"此前每一条握手报文的摘要");
}

static void
dec_client_key_exchange(D *d, tw_field *msg, size_t o, size_t end)
{
	char h[2 * HEXMAX + 8];
	size_t n;
	int rsa = d->kx == TW_KX_RSA;

	/* Without the suite, the lengths tell: RSA's is two bytes, an EC
	 * point's one. */
	if (d->kx == 0 && end - o >= 2 && u16(d, o) == end - o - 2
		&& u8(d, o) != end - o - 1)
		rsa = 1;
	if (rsa) {
		/* EncryptedPreMasterSecret (RFC 5246 §7.4.7.1). */
		if ((o = vec(d, msg, o, end, 2, "tls.cke.epms_length",
			"Encrypted PreMaster Length", "the encrypted pre-master secret", &n)) == FAIL)
			return;
		if (n > 0)
			tw_field_add2(d->b, msg, "tls.cke.epms", "Encrypted PreMaster", o, n,
				"%zu bytes: the pre-master secret encrypted with the server's RSA key: %s",
				"%zu 字节：用服务器的 RSA 公钥加密的预主密钥：%s",
				n, tw_d_hex(d, o, n, h, sizeof h));
		tw_d_rest(d, msg, o + n, end, "the encrypted pre-master secret");
		return;
	}
	if ((o = vec(d, msg, o, end, 1, "tls.cke.pubkey_length", "Pubkey Length",
		"the client's public key", &n)) == FAIL)
		return;
	if (n > 0)
		add_ec_point(d, msg, "tls.cke.pubkey", "Pubkey", o, n);
	tw_d_rest(d, msg, o + n, end, "the client's public key");
}

static void
dec_finished(D *d, tw_field *msg, size_t o, size_t end)
{
	char h[80];

	if (tw_d_short_of(d, msg, o, end, 12, "verify_data"))
		return;
	tw_field_add(d->b, msg, "tls.finished.verify_data", "Verify Data", o, 12,
		"%s", tw_d_hex(d, o, 12, h, sizeof h));
	tw_d_rest(d, msg, o + 12, end, "verify_data");
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

	if (tw_d_short_of(d, par, o, end, 4, "a handshake header"))
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
	case TW_HS_CERTIFICATE_REQUEST:
		dec_certificate_request(d, m, b, b + n);
		break;
	case TW_HS_CERTIFICATE_VERIFY:
		dec_certificate_verify(d, m, b, b + n);
		break;
	case TW_HS_SERVER_HELLO_DONE:
		tw_d_rest(d, m, b, b + n, "ServerHelloDone (it has no body)");
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

	if (tw_d_short_of(d, par, o, end, 2, "an alert"))
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
	tw_d_rest(d, par, o + 2, end, "the alert");
}

/* ------------------------------------------------------------- records */

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
		if (tw_d_short_of(d, par, o, end, 1, "a ChangeCipherSpec message"))
			break;
		tw_field_add(d->b, par, "tls.ccs.message", "Change Cipher Spec Message",
			o, 1, u8(d, o) == 1 ? "1 (change_cipher_spec)" : "%u (should be 1)",
			u8(d, o));
		tw_d_rest(d, par, o + 1, end, "ChangeCipherSpec");
		break;
	case TW_CT_ALERT:
		dec_alert(d, par, o, end);
		break;
	case TW_CT_APPDATA:
		if (o < end)
			tw_d_http(d, par, o, end);
		break;
	default:
		if (o < end) {
			snprintf(why, sizeof why, "content type %u is unknown", type);
			undec(d, par, o, end, why);
		}
		break;
	}
}

/* =====================================================================
 * Record protection. The key schedule opens each encrypted record the way
 * its suite's cipher family does (suite.c) and says where every part lies:
 * explicit nonce or IV, ciphertext, tag or MAC, padding. The fields are
 * laid from those ranges; nothing here knows a cipher's lengths.
 * ===================================================================== */

/* What dec_encrypted knows of a record's protection: the key schedule's
 * opening of it (NULL: none), or why there is none. */
typedef struct {
	const tw_opened *op;
	const char *why_not, *why_not_zh;
} rec_info;

static void
rec_info_opened(const tw_opened *op, size_t rec_len, rec_info *ri)
{
	ri->op = NULL;
	ri->why_not = NULL;
	ri->why_not_zh = NULL;
	if (op == NULL) {
		ri->why_not = "not decrypted: the keys are not known";
		ri->why_not_zh = "未解密：不知道会话密钥";
	} else if (op->ct_len == 0 && op->iv_len == 0 && op->mac_len == 0) {
		ri->why_not = "not decrypted: the record is too short for its cipher";
		ri->why_not_zh = "未解密：这个记录对它的加密算法来说太短";
	} else if (op->ct_off + op->ct_len > rec_len
		|| (!op->mac_inside && op->mac_off + op->mac_len != rec_len)) {
		ri->why_not = "not decrypted: the record does not have its cipher's layout";
		ri->why_not_zh = "未解密：这个记录不符合它的加密算法的格式";
	} else
		ri->op = op;
}

/* An encrypted fragment [o, end) of a record whose header is at o - 5. */
static void
dec_encrypted(D *d, tw_field *par, unsigned type, size_t o, size_t end,
	const rec_info *ri)
{
	char h[2 * HEXMAX + 8];
	const tw_opened *op = ri->op;
	size_t rs = o - 5, ct, ctl;
	tw_field *c;

	if (op == NULL) {
		tw_field_add2(d->b, par, "tls.encrypted.ciphertext", "Encrypted Content",
			o, end - o, "%zu bytes (%s%.0s)", "%zu 字节（%.0s%s）", end - o,
			ri->why_not ? ri->why_not : "not decrypted",
			ri->why_not_zh ? ri->why_not_zh : "未解密");
		return;
	}
	if (op->iv_len && op->mac_inside)
		tw_field_add2(d->b, par, "tls.encrypted.iv", "Initialization Vector",
			rs + op->iv_off, op->iv_len, "%s (sent in clear, fresh for each record)",
			"%s（明文发送，每个记录都是新的）",
			tw_d_hex(d, rs + op->iv_off, op->iv_len, h, sizeof h));
	else if (op->iv_len)
		tw_field_add2(d->b, par, "tls.encrypted.explicit_nonce", "Explicit Nonce",
			rs + op->iv_off, op->iv_len,
			"%s (sent in clear; the nonce is the write IV ‖ these %zu bytes)",
			"%s（明文发送；nonce 是写 IV ‖ 这 %zu 个字节）",
			tw_d_hex(d, rs + op->iv_off, op->iv_len, h, sizeof h), op->iv_len);
	ct = rs + op->ct_off;
	ctl = op->ct_len;
	if (op->tag == TW_V_OK && op->plain != NULL) {
		D sub = *d;
		sub.p = op->plain;
		sub.base = ct;
		sub.lim = ct + ctl;
		sub.decrypted = 1;
		c = tw_field_add2(d->b, par, "tls.encrypted.ciphertext", "Encrypted Content",
			ct, ctl, op->mac_inside
			? "%zu bytes, decrypted with the %s%.0s write key (%s: content, MAC and "
			  "padding; MAC verified); each field below owns the bytes that encrypt it"
			: "%zu bytes, decrypted with the %s%.0s write key (%s, tag verified); "
			  "each field below owns the bytes that encrypt it",
			op->mac_inside
			? "%zu 字节，用%.0s%s写密钥解密（%s：内容、MAC 和填充；MAC 已验证）；"
			  "下面每个字段占有加密它的那些字节"
			: "%zu 字节，用%.0s%s写密钥解密（%s，认证标签已验证）；"
			  "下面每个字段占有加密它的那些字节", ctl,
			d->dir ? "server" : "client", d->dir ? "服务器" : "客户端", op->family);
		if (c == NULL)
			return;
		if (op->content_len > 0)
			dec_content(&sub, c, type, ct, ct + op->content_len);
		if (op->mac_inside) {
			tw_field_add2(d->b, c, "tls.encrypted.mac", "MAC", rs + op->mac_off,
				op->mac_len, "%s (HMAC over sequence number ‖ header ‖ content, "
				"recomputed: equal)", "%s（对序列号 ‖ 记录头 ‖ 内容的 HMAC，"
				"重新计算：相等）", tw_d_hex(&sub, rs + op->mac_off,
				op->mac_len, h, sizeof h));
			tw_field_add2(d->b, c, "tls.encrypted.padding", "Padding", rs + op->pad_off,
				op->pad_len, "%zu bytes, each %zu (the last one is the padding length)",
				"%zu 字节，每个都是 %zu（最后一个是填充长度）",
				op->pad_len, op->pad_len - 1);
		}
	} else
		tw_field_add2(d->b, par, "tls.encrypted.ciphertext", "Encrypted Content",
			ct, ctl, "%zu bytes (not decrypted: the %s%.0s did not verify)",
			"%zu 字节（未解密：%.0s%s验证失败）", ctl,
			op->mac_inside ? "MAC or padding" : "tag",
			op->mac_inside ? "MAC 或填充" : "认证标签");
	if (!op->mac_inside && op->mac_len)
		tw_field_add2(d->b, par, "tls.encrypted.tag", "Authentication Tag",
			rs + op->mac_off, op->mac_len, "%s (%s tag over the ciphertext and the "
			"additional data)", "%s（对密文和附加数据计算的 %s 认证标签）", tw_d_hex(d, rs + op->mac_off, op->mac_len, h, sizeof h),
			op->family);
}

/* ================================================ end of record protection */

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
	rec_info none = { NULL, "no keys: raw bytes", "没有会话密钥：原始字节" };

	if (tw_d_short_of(d, par, o, end, 5, "a record header"))
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
		tw_field_set_value2(d->b, r, "%zu-byte record; this step shows its "
			"first %zu bytes, the next steps the rest",
			"%zu 字节的记录；这一步显示它的前 %zu 字节，其余的在后面几步", 5 + n, fend - o);
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
	free(out->value_zh);
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
	D d = { &b, data, 0, len, dir ? 1 : 0, 0, 0 };
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
	D d = { &b, data, 0, len, dir ? 1 : 0, 1, 0 };

	tw_field_init(&b, out, "tls.records", "Decrypted Content", 0, len, NULL);
	dec_content(&d, out, (unsigned)type, 0, len);
	return finish(&b, out);
}

/* see dissect_int.h */
int
tw_dissect_tls_step(const uint8_t *p, size_t len, int dir, size_t stream_off,
	const tw_tls_rec *rec, size_t nrec, int kx, tw_field *out)
{
	tw_fb b = { 0 };
	D d = { &b, p, 0, len, dir ? 1 : 0, 0, kx };
	size_t pos = 0;
	int ccs = 0;

	tw_field_init(&b, out, "tls.records", "TLS Records", 0, len, NULL);
	while (pos < len && !b.oom) {
		size_t so = stream_off + pos, r, cap;
		const tw_tls_rec *rc = NULL;

		for (r = 0; r < nrec; r++) {
			rc = &rec[r];
			if (rc->off <= so && so - rc->off < rc->len)
				break;
		}
		if (r == nrec) {
			undec(&d, out, pos, len, "bytes outside every record");
			break;
		}
		cap = rc->off + rc->len - stream_off;
		if (cap > len)
			cap = len;
		if (rc->off == so) {
			rec_info ri = { NULL, NULL, NULL };
			if (rc->encrypted)
				rec_info_opened(rc->opened, rc->len, &ri);
			pos = dec_record(&d, out, pos, cap, 1, rc->encrypted, &ri, &ccs);
		} else if (rc->type == TW_CT_HANDSHAKE && !rc->encrypted) {
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
