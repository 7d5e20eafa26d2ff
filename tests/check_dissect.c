/*
 * check_dissect.c — the TLS field dissector: values found in the default
 * connection's trees (expected values from the RFCs, the IANA registries
 * and the inputs we chose), the coverage invariant on every step of several
 * connections, malformed input made by hand, and the id list.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include "testutil.h"
#include "field.h"

/* ------------------------------------------------------------ helpers */

/* First field (depth first) with this id whose value starts with want
 * (want NULL: any value). */
static const tw_field *
find(const tw_field *f, const char *id, const char *want)
{
	size_t i;

	if (strcmp(f->id, id) == 0 && (want == NULL ||
	    (f->value && strncmp(f->value, want, strlen(want)) == 0)))
		return f;
	for (i = 0; i < f->nchild; i++) {
		const tw_field *r = find(&f->child[i], id, want);
		if (r)
			return r;
	}
	return NULL;
}

static size_t
count_id(const tw_field *f, const char *id)
{
	size_t i, n = strcmp(f->id, id) == 0;

	for (i = 0; i < f->nchild; i++)
		n += count_id(&f->child[i], id);
	return n;
}

static size_t
count_undecoded(const tw_field *f)
{
	size_t i, n = f->undecoded != 0;

	for (i = 0; i < f->nchild; i++)
		n += count_undecoded(&f->child[i]);
	return n;
}

static int
id_known(const char *id)
{
	size_t i;

	for (i = 0; tw_dissect_all_ids[i]; i++)
		if (strcmp(tw_dissect_all_ids[i], id) == 0)
			return 1;
	for (i = 0; tw_dissect_ip_ids[i]; i++)
		if (strcmp(tw_dissect_ip_ids[i], id) == 0)
			return 1;
	return 0;
}

/* Every id in the tree is listed; labels are set. */
static void
assert_ids(const tw_field *f)
{
	size_t i;

	ck_assert_msg(f->id != NULL && id_known(f->id),
		"field '%s' has id '%s', missing from tw_dissect_all_ids",
		f->label ? f->label : "?", f->id ? f->id : "(null)");
	ck_assert_ptr_nonnull(f->label);
	for (i = 0; i < f->nchild; i++)
		assert_ids(&f->child[i]);
}

static void
assert_coverage(const tw_field *f, size_t len, const char *what)
{
	char why[256];

	ck_assert_msg(f->off == 0 && f->len == len, "%s: root covers [%zu+%zu], "
		"the bytes are %zu", what, f->off, f->len, len);
	ck_assert_msg(tw_field_check_coverage(f, why, sizeof why) == 0,
		"%s: %s", what, why);
	assert_ids(f);
}

static const tw_field *
step_tree(const tw_model *m, const char *step_id)
{
	int i = tw_story_find(&m->story, step_id);

	ck_assert_msg(i >= 0, "no step %s", step_id);
	return &m->tree[i];
}

static void
assert_value(const tw_field *tree, const char *id, const char *want)
{
	const tw_field *f = find(tree, id, want);

	if (f == NULL) {
		const tw_field *any = find(tree, id, NULL);
		ck_abort_msg("no field %s with value '%s' (first %s has '%s')", id, want,
			id, any && any->value ? any->value : "(none)");
	}
}

static void
hexs(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* Dissect raw bytes, check coverage and ids, return the tree. */
static tw_field
raw(const uint8_t *p, size_t n, int dir, const char *what)
{
	tw_field f;

	ck_assert_int_eq(tw_dissect_tls_bytes(p, n, dir, &f), 0);
	assert_coverage(&f, n, what);
	return f;
}

/* -------------------------------------------- the default connection */

START_TEST(client_hello_fields)
{
	tw_model m;
	const tw_field *t, *f;
	const tw_step *st;
	size_t nsuites;

	tu_build(&m, 1);
	t = step_tree(&m, "tls-client-hello");
	st = &m.story.step[tw_story_find(&m.story, "tls-client-hello")];
	/* RFC 5246 §6.2.1 / §7.4: record type 22, handshake type 1 */
	assert_value(t, "tls.record.content_type", "handshake (22)");
	assert_value(t, "tls.handshake.type", "client_hello (1)");
	assert_value(t, "tls.hello.version", "TLS 1.2 (0x0303)");
	/* BearSSL zeroes the first four bytes of the random */
	assert_value(t, "tls.hello.random.gmt_unix_time", "00000000");
	/* the list length is at offset 5 + 4 + 2 + 32 + 1 (+ session id 0) */
	ck_assert_uint_eq(st->bytes[43], 0);
	nsuites = (((size_t)st->bytes[44] << 8) | st->bytes[45]) / 2;
	f = find(t, "tls.client_hello.cipher_suites", NULL);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->nchild, nsuites);
	{
		char want[64];
		snprintf(want, sizeof want, "Cipher Suites (%zu suites)", nsuites);
		ck_assert_str_eq(f->label, want);
	}
	/* IANA: 0xc02f is TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
	assert_value(t, "tls.client_hello.cipher_suite",
		"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)");
	assert_value(t, "tls.compression_method", "null (0)");
	/* the host we asked for, in SNI (RFC 6066: host_name is type 0) */
	assert_value(t, "tls.ext.sni.name", "www.example.com");
	assert_value(t, "tls.ext.sni.name_type", "host_name (0)");
	/* the engine is limited to secp256r1 = 23 (RFC 8422) */
	assert_value(t, "tls.ext.supported_groups.group", "secp256r1 (0x0017)");
	assert_value(t, "tls.ext.ec_point_formats.format", "uncompressed (0)");
	assert_value(t, "tls.signature_algorithm", "rsa_pkcs1_sha256 (0x0401)");
	assert_value(t, "tls.ext.renegotiation_info.length", "0");
	assert_value(t, "tls.ext.type", "renegotiation_info (65281)");
	ck_assert_uint_eq(count_undecoded(t), 0);
	tw_model_free(&m);
}
END_TEST

START_TEST(server_hello_fields)
{
	tw_model m;
	const tw_field *t;

	tu_build(&m, 1);
	t = step_tree(&m, "tls-server-hello");
	assert_value(t, "tls.handshake.type", "server_hello (2)");
	assert_value(t, "tls.server_hello.cipher_suite",
		"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)");
	assert_value(t, "tls.cipher_suite.key_exchange", "ECDHE");
	assert_value(t, "tls.cipher_suite.authentication", "RSA");
	assert_value(t, "tls.cipher_suite.cipher", "AES");
	assert_value(t, "tls.cipher_suite.key_length", "128 bits");
	assert_value(t, "tls.cipher_suite.mode", "AES-GCM");
	assert_value(t, "tls.cipher_suite.hash", "SHA256");
	assert_value(t, "tls.hello.session_id_length", "32");
	ck_assert_uint_eq(count_undecoded(t), 0);
	tw_model_free(&m);
}
END_TEST

START_TEST(certificate_fields)
{
	tw_model m;
	const tw_field *t, *c;

	tu_build(&m, 1);
	t = step_tree(&m, "tls-certificate");
	ck_assert_uint_eq(count_id(t, "x509.certificate"), m.hs.ncert);
	ck_assert_uint_eq(m.hs.ncert, 2);
	/* the leaf, as data/certs/make-certs.sh made it */
	c = find(t, "x509.certificate", NULL);
	assert_value(c, "x509.version", "v3 (2)");
	assert_value(c, "x509.subject", "C=CN, O=tlswalk demo, CN=www.example.com");
	assert_value(c, "x509.issuer", "C=CN, O=tlswalk demo, CN=tlswalk Demo Intermediate CA");
	assert_value(c, "x509.name.rdn", "www.example.com");
	assert_value(c, "x509.ext.san.dns", "www.example.com");
	assert_value(c, "x509.ext.san.dns", "example.com");
	ck_assert_ptr_nonnull(find(c, "x509.ext.basic_constraints", NULL));
	assert_value(c, "x509.extension", "CA:FALSE");
	assert_value(c, "x509.ext.key_usage", "digitalSignature, keyEncipherment");
	assert_value(c, "x509.ext.eku.purpose", "serverAuth (1.3.6.1.5.5.7.3.1)");
	assert_value(c, "x509.rsa.modulus", "2048 bits");
	assert_value(c, "x509.rsa.exponent", "65537 (0x010001)");
	/* RFC 8017 appendix A.2: sha256WithRSAEncryption */
	assert_value(c, "x509.signature_algorithm",
		"sha256WithRSAEncryption (1.2.840.113549.1.1.11)");
	assert_value(c, "x509.spki.algorithm", "rsaEncryption (1.2.840.113549.1.1.1)");
	assert_value(c, "x509.signature", "2048-bit");
	ck_assert_ptr_nonnull(find(c, "x509.not_before", "20"));
	ck_assert_ptr_nonnull(find(c, "x509.not_after", "20"));
	ck_assert_ptr_nonnull(find(c, "x509.ext.ski", NULL));
	ck_assert_ptr_nonnull(find(c, "x509.ext.aki.key_id", NULL));
	/* the intermediate is a CA that may sign end-entity certificates only */
	assert_value(t, "x509.extension", "CA:TRUE, pathlen:0");
	ck_assert_uint_eq(count_undecoded(t), 0);
	tw_model_free(&m);
}
END_TEST

START_TEST(key_exchange_fields)
{
	tw_model m;
	const tw_field *t;
	char x[80];

	tu_build(&m, 1);
	t = step_tree(&m, "tls-server-key-exchange");
	assert_value(t, "tls.ske.curve_type", "named_curve (3)");
	assert_value(t, "tls.ske.named_curve", "secp256r1 (0x0017)");
	assert_value(t, "tls.ske.pubkey_length", "65");
	assert_value(t, "tls.ec_point.format", "0x04");
	ck_assert_uint_eq(m.hs.server_point_len, 65);
	hexs(m.hs.server_point + 1, 32, x);
	assert_value(t, "tls.ec_point.x", x);
	hexs(m.hs.server_point + 33, 32, x);
	assert_value(t, "tls.ec_point.y", x);
	assert_value(t, "tls.signature_algorithm", "rsa_pkcs1_sha256 (0x0401)");
	assert_value(t, "tls.signature_algorithm.hash", "sha256 (4)");
	assert_value(t, "tls.signature_algorithm.signature", "rsa (1)");
	assert_value(t, "tls.ske.signature_length", "256");
	ck_assert_uint_eq(count_undecoded(t), 0);

	t = step_tree(&m, "tls-server-hello-done");
	assert_value(t, "tls.handshake.type", "server_hello_done (14)");
	assert_value(t, "tls.handshake.length", "0");

	t = step_tree(&m, "tls-client-key-exchange");
	assert_value(t, "tls.cke.pubkey_length", "65");
	hexs(m.hs.client_point + 1, 32, x);
	assert_value(t, "tls.ec_point.x", x);
	ck_assert_uint_eq(count_undecoded(t), 0);

	t = step_tree(&m, "tls-client-change-cipher-spec");
	assert_value(t, "tls.record.content_type", "change_cipher_spec (20)");
	assert_value(t, "tls.ccs.message", "1");
	tw_model_free(&m);
}
END_TEST

/* The decrypted Finished holds the verify_data the key schedule recomputed
 * (RFC 5246 §7.4.9), and the decrypted fields own the ciphertext range. */
START_TEST(encrypted_fields)
{
	tw_model m;
	const tw_field *t, *ct;
	char vd[40];
	size_t i;

	tu_build(&m, 1);
	t = step_tree(&m, "tls-client-finished");
	ck_assert_int_eq(m.keys.client_vd_v, TW_V_OK);
	hexs(m.keys.client_vd, 12, vd);
	assert_value(t, "tls.finished.verify_data", vd);
	assert_value(t, "tls.handshake.type", "finished (20)");
	/* 5-byte header, 8-byte explicit nonce, 16 of plaintext, 16-byte tag */
	ct = find(t, "tls.encrypted.ciphertext", NULL);
	ck_assert_ptr_nonnull(ct);
	ck_assert_uint_eq(ct->off, 13);
	ck_assert_uint_eq(ct->len, 16);
	ck_assert_ptr_nonnull(find(t, "tls.encrypted.explicit_nonce", NULL));
	ck_assert_ptr_nonnull(find(t, "tls.encrypted.tag", NULL));
	for (i = 0; i < ct->nchild; i++)
		ck_assert(ct->child[i].off >= ct->off &&
			ct->child[i].off + ct->child[i].len <= ct->off + ct->len);

	t = step_tree(&m, "tls-server-finished");
	hexs(m.keys.server_vd, 12, vd);
	assert_value(t, "tls.finished.verify_data", vd);

	t = step_tree(&m, "http-request");
	assert_value(t, "http.method", "GET");
	assert_value(t, "http.target", "/");
	assert_value(t, "http.version", "HTTP/1.1");
	{
		const tw_field *h = find(t, "http.header", "www.example.com");
		ck_assert_ptr_nonnull(h);
		ck_assert_str_eq(h->label, "Host");
	}
	ck_assert_ptr_nonnull(find(t, "http.end_of_headers", NULL));

	t = step_tree(&m, "http-response");
	assert_value(t, "http.status_code", "200");
	assert_value(t, "http.reason", "OK");
	ck_assert_ptr_nonnull(find(t, "http.body", NULL));

	t = step_tree(&m, "tls-client-close-notify");
	assert_value(t, "tls.alert.level", "warning (1)");
	assert_value(t, "tls.alert.description", "close_notify (0)");
	t = step_tree(&m, "tls-server-close-notify");
	assert_value(t, "tls.alert.description", "close_notify (0)");
	tw_model_free(&m);
}
END_TEST

/* ------------------------------------------------------------ coverage */

static void
check_model(const tw_model *m)
{
	size_t i;
	char what[80];

	for (i = 0; i < m->story.nstep; i++) {
		snprintf(what, sizeof what, "seed %llu step %s",
			(unsigned long long)m->seed, m->story.step[i].id);
		assert_coverage(&m->tree[i], m->story.step[i].len, what);
		if (m->story.step[i].kind == TW_STEP_TLS)
			ck_assert_msg(count_undecoded(&m->tree[i]) == 0,
				"%s has undecoded bytes", what);
	}
}

START_TEST(coverage_seeds)
{
	tw_model m;

	tu_build(&m, (uint64_t)_i * 7919 + 1);
	check_model(&m);
	tw_model_free(&m);
}
END_TEST

START_TEST(coverage_host_path)
{
	static const char *const host[] = { "example.com", "www.example.com" };
	static const char *const path[] = { "/index.html?q=1&r=%20", "/a/very/long/path/" 
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	tw_model m;
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seed = 42 + (uint64_t)_i;
	o.seeded = 1;
	o.host = host[_i];
	o.path = path[_i];
	tw_err_clear(&e);
	ck_assert_msg(tw_model_build(&m, &o, &e) == 0, "build: %s", e.msg);
	check_model(&m);
	assert_value(step_tree(&m, "tls-client-hello"), "tls.ext.sni.name", host[_i]);
	assert_value(step_tree(&m, "http-request"), "http.target", path[_i]);
	tw_model_free(&m);
}
END_TEST

/* The whole client stream as raw bytes: records split, encryption noticed
 * after ChangeCipherSpec, nothing decrypted without keys. */
START_TEST(raw_streams)
{
	tw_model m;
	tw_field f;
	int dir;

	tu_build(&m, 3);
	for (dir = 0; dir < 2; dir++) {
		f = raw(m.wire.stream[dir], m.wire.stream_len[dir], dir, "stream");
		ck_assert_uint_eq(count_undecoded(&f), 0);
		ck_assert_uint_ge(count_id(&f, "tls.record"), 4);
		ck_assert_ptr_nonnull(find(&f, "tls.encrypted.ciphertext", NULL));
		ck_assert_ptr_null(find(&f, "tls.finished.verify_data", NULL));
		tw_field_free(&f);
	}
	tw_model_free(&m);
}
END_TEST

/* Every prefix and many one-byte changes of the server's first flight:
 * coverage holds, nothing crashes (valgrind/ASan watch the reads). */
START_TEST(truncations_and_flips)
{
	tw_model m;
	uint8_t *buf;
	size_t n, i, cut;
	tw_field f;
	uint32_t x = 12345;

	tu_build(&m, 1);
	for (i = 0; i < 2; i++) {
		/* the first record each way: ClientHello / ServerHello..ServerHelloDone */
		size_t r;
		for (r = 0; m.wire.rec[r].dir != (tw_dir)i; r++)
			;
		n = m.wire.rec[r].len;
		ck_assert_uint_eq(m.wire.rec[r].off, 0);
		buf = malloc(n);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, m.wire.stream[i], n);
		for (cut = 1; cut <= n; cut += (n > 600 && cut > 40 ? 7 * (3000 / tu_iters(3000)) : 1)) {
			f = raw(buf, cut, (int)i, "prefix");
			if (cut < n)
				ck_assert_uint_ge(count_undecoded(&f), 1);
			tw_field_free(&f);
		}
		for (cut = 0; cut < tu_iters(3000); cut++) {
			size_t at;
			x = x * 1103515245u + 12345u;
			at = (x >> 8) % n;
			buf[at] ^= (uint8_t)(1u << (x % 8));
			f = raw(buf, n, (int)i, "flip");
			tw_field_free(&f);
			buf[at] ^= (uint8_t)(1u << (x % 8));
		}
		free(buf);
	}
	tw_model_free(&m);
}
END_TEST

/* ---------------------------------------------------- malformed input */

static void
expect_undecoded(const uint8_t *p, size_t n, const char *what, const char *why_part)
{
	tw_field f = raw(p, n, 0, what);
	const tw_field *u = find(&f, "undecoded", NULL);

	ck_assert_msg(u != NULL, "%s: no undecoded field", what);
	ck_assert_int_eq(u->undecoded, 1);
	if (why_part)
		ck_assert_msg(u->value && strstr(u->value, why_part),
			"%s: undecoded says '%s', expected '%s' in it", what,
			u->value ? u->value : "", why_part);
	tw_field_free(&f);
}

START_TEST(malformed_truncated_record)
{
	/* a header promising 16 bytes, then 2 */
	static const uint8_t b[] = { 0x16, 0x03, 0x03, 0x00, 0x10, 0x01, 0x00 };
	static const uint8_t h[] = { 0x16, 0x03 };   /* not even a header */

	expect_undecoded(b, sizeof b, "truncated record", "only 2");
	expect_undecoded(h, sizeof h, "truncated header", "record header");
}
END_TEST

START_TEST(malformed_length_past_end)
{
	/* record fine (8 bytes), handshake says 0x000100 bytes of ClientHello */
	static const uint8_t b[] = { 0x16, 0x03, 0x03, 0x00, 0x08,
		0x01, 0x00, 0x01, 0x00, 0x03, 0x03, 0x00, 0x00 };

	expect_undecoded(b, sizeof b, "handshake length past end", "256");
}
END_TEST

START_TEST(malformed_zero_length_hello)
{
	static const uint8_t b[] = { 0x16, 0x03, 0x03, 0x00, 0x04,
		0x01, 0x00, 0x00, 0x00 };
	tw_field f = raw(b, sizeof b, 0, "zero-length ClientHello");

	ck_assert_uint_ge(count_undecoded(&f), 1);
	assert_value(&f, "tls.handshake.length", "0");
	tw_field_free(&f);
	expect_undecoded(b, sizeof b, "zero-length ClientHello", "ClientHello");
}
END_TEST

START_TEST(malformed_unknown_content_type)
{
	static const uint8_t b[] = { 0x63, 0x03, 0x03, 0x00, 0x02, 0xaa, 0xbb };
	tw_field f = raw(b, sizeof b, 1, "unknown type");

	assert_value(&f, "tls.record.content_type", "unknown (99)");
	tw_field_free(&f);
	expect_undecoded(b, sizeof b, "unknown type", "content type 99");
}
END_TEST

START_TEST(malformed_extension_lengths)
{
	/* ClientHello: version, random, no session, one suite, null compression,
	 * extensions length 16 but only supported_groups (8 bytes) follows */
	uint8_t b[5 + 4 + 2 + 32 + 1 + 4 + 2 + 2 + 8];
	size_t o = 0, body = sizeof b - 9;

	memset(b, 0, sizeof b);
	b[o++] = 0x16; b[o++] = 3; b[o++] = 3; b[o++] = 0; b[o++] = (uint8_t)(sizeof b - 5);
	b[o++] = 1; b[o++] = 0; b[o++] = 0; b[o++] = (uint8_t)body;
	b[o++] = 3; b[o++] = 3;
	o += 32;
	b[o++] = 0;
	b[o++] = 0; b[o++] = 2; b[o++] = 0xc0; b[o++] = 0x2f;
	b[o++] = 1; b[o++] = 0;
	b[o++] = 0; b[o++] = 16;
	b[o++] = 0; b[o++] = 10; b[o++] = 0; b[o++] = 4;
	b[o++] = 0; b[o++] = 2; b[o++] = 0; b[o++] = 23;
	ck_assert_uint_eq(o, sizeof b);
	expect_undecoded(b, sizeof b, "extension list", "extension list");

	/* the list length right, one extension's length too long */
	b[sizeof b - 9] = 8;
	b[sizeof b - 5] = 9;
	expect_undecoded(b, sizeof b, "extension length", "extension 10");
}
END_TEST

START_TEST(malformed_certificate_not_der)
{
	static const uint8_t b[] = { 0x16, 0x03, 0x03, 0x00, 0x15,
		0x0b, 0x00, 0x00, 0x11,
		0x00, 0x00, 0x0e, 0x00, 0x00, 0x0b,
		'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd' };

	expect_undecoded(b, sizeof b, "certificate not DER", "not a DER");
}
END_TEST

START_TEST(empty_input)
{
	tw_field f = raw(NULL, 0, 0, "empty");

	ck_assert_uint_eq(f.len, 0);
	tw_field_free(&f);
}
END_TEST

/* ------------------------------------- a browser-like ClientHello */

/* What a current browser sends (by hand, from the RFCs): GREASE values
 * (RFC 8701) in the suites, versions, groups and extensions; TLS 1.3's
 * supported_versions, key_share with a post-quantum hybrid group (code
 * 0x11ec, X25519MLKEM768) and psk_key_exchange_modes (RFC 8446);
 * status_request (RFC 6066), compress_certificate (RFC 8879), an outer
 * encrypted_client_hello, padding (RFC 7685) and an extension nobody
 * registered. Every byte covered once, nothing undecoded, each value
 * named from its registry, the unregistered one named unknown. */
START_TEST(browser_client_hello)
{
	static const uint8_t ext[] = {
		0x0a, 0x0a, 0x00, 0x00,                               /* GREASE, empty */
		0x00, 0x2b, 0x00, 0x07, 0x06, 0x1a, 0x1a, 0x03, 0x04, 0x03, 0x03,
		0x00, 0x33, 0x00, 0x15, 0x00, 0x13,                   /* key_share */
		0x2a, 0x2a, 0x00, 0x01, 0x00,
		0x11, 0xec, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef,
		0x00, 0x1d, 0x00, 0x02, 0x01, 0x02,
		0x00, 0x2d, 0x00, 0x02, 0x01, 0x01,                   /* psk modes */
		0x00, 0x05, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, /* status_request */
		0x00, 0x1b, 0x00, 0x03, 0x02, 0x00, 0x02,             /* brotli */
		0x00, 0x12, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00,       /* SCT, EMS */
		0x00, 0x23, 0x00, 0x00,                               /* session_ticket */
		0xfe, 0x0d, 0x00, 0x0f, 0x00, 0x00, 0x01, 0x00, 0x01, 0x07,
		0x00, 0x02, 0xaa, 0xbb, 0x00, 0x03, 0xcc, 0xdd, 0xee, /* ECH outer */
		0x00, 0x15, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,       /* padding */
		0xca, 0x34, 0x00, 0x02, 0x01, 0x02,                   /* unregistered */
	};
	uint8_t b[5 + 4 + 2 + 32 + 1 + 2 + 6 + 2 + 2 + sizeof ext];
	size_t o = 0, body = sizeof b - 9;
	tw_field f;

	memset(b, 0, sizeof b);
	b[o++] = 0x16; b[o++] = 3; b[o++] = 1; b[o++] = 0; b[o++] = (uint8_t)(sizeof b - 5);
	b[o++] = 1; b[o++] = 0; b[o++] = 0; b[o++] = (uint8_t)body;
	b[o++] = 3; b[o++] = 3;
	o += 32;
	b[o++] = 0;
	b[o++] = 0; b[o++] = 6;
	b[o++] = 0x3a; b[o++] = 0x3a; b[o++] = 0x13; b[o++] = 0x01; b[o++] = 0xc0; b[o++] = 0x2f;
	b[o++] = 1; b[o++] = 0;
	b[o++] = 0; b[o++] = (uint8_t)sizeof ext;
	memcpy(b + o, ext, sizeof ext);
	o += sizeof ext;
	ck_assert_uint_eq(o, sizeof b);
	ck_assert_uint_lt(sizeof b - 5, 256);

	f = raw(b, sizeof b, 0, "browser ClientHello");
	ck_assert_uint_eq(count_undecoded(&f), 0);
	assert_value(&f, "tls.client_hello.cipher_suite", "GREASE (reserved, RFC 8701) (0x3a3a)");
	assert_value(&f, "tls.client_hello.cipher_suite", "TLS_AES_128_GCM_SHA256 (0x1301)");
	assert_value(&f, "tls.ext.type", "GREASE (reserved, RFC 8701) (2570)");
	assert_value(&f, "tls.ext.supported_versions.version", "GREASE (reserved, RFC 8701) (0x1a1a)");
	assert_value(&f, "tls.ext.supported_versions.version", "TLS 1.3 (0x0304)");
	assert_value(&f, "tls.ext.key_share.group", "X25519MLKEM768 (0x11ec)");
	assert_value(&f, "tls.ext.key_share.group", "x25519 (0x001d)");
	assert_value(&f, "tls.ext.key_share.key", "deadbeef");
	ck_assert_uint_eq(count_id(&f, "tls.ext.key_share.entry"), 3);
	assert_value(&f, "tls.ext.psk_modes.mode", "psk_dhe_ke (1)");
	assert_value(&f, "tls.ext.status_request.type", "ocsp (1)");
	assert_value(&f, "tls.ext.compress_certificate.algorithm", "brotli (2)");
	assert_value(&f, "tls.ext.type", "extended_master_secret (23)");
	assert_value(&f, "tls.ext.ech.config_id", "7");
	assert_value(&f, "tls.ext.ech.enc", "aabb");
	assert_value(&f, "tls.ext.padding", "4 bytes, all zero");
	assert_value(&f, "tls.ext.type", "unknown (51764)");
	tw_field_free(&f);
}
END_TEST

/* ------------------------------------------------------------- ids */

/* -------------------------------------------- the Chinese glosses */

/* A glossed field: its Chinese value differs from the English one and
 * starts with the same number or hex (one argument list feeds both). */
static void
assert_zh(const tw_field *tree, const char *id, const char *en_has, const char *zh_has,
	size_t same_prefix)
{
	const tw_field *f = find(tree, id, NULL);
	const char *en, *zh;

	ck_assert_msg(f != NULL, "no field %s", id);
	en = tw_field_value(f, 0);
	zh = tw_field_value(f, 1);
	ck_assert_ptr_eq(en, f->value);
	ck_assert_msg(en && zh && strcmp(en, zh) != 0, "%s: no Chinese value ('%s')", id,
		en ? en : "(none)");
	ck_assert_msg(strstr(en, en_has) != NULL, "%s: '%s' lacks '%s'", id, en, en_has);
	ck_assert_msg(strstr(zh, zh_has) != NULL, "%s: '%s' lacks '%s'", id, zh, zh_has);
	ck_assert_msg(strncmp(en, zh, same_prefix) == 0, "%s: '%s' and '%s' begin differently",
		id, en, zh);
}

START_TEST(zh_glosses)
{
	tw_model m;
	const tw_field *t, *f;

	tu_build(&m, 1);
	t = step_tree(&m, "tcp-syn");
	assert_zh(t, "tcp.checksum", "correct", "正确", 6);
	assert_zh(t, "tcp.dstport", "HTTPS: the server", "服务器", 3);
	assert_zh(t, "tcp.ack", "not used", "未使用", 1);
	assert_zh(t, "ip.id", "fragments", "分片", 6);
	t = step_tree(&m, "tls-client-finished");
	assert_zh(t, "tls.encrypted.explicit_nonce", "write IV", "写 IV", 16);
	assert_zh(t, "tls.encrypted.ciphertext", "client write key", "客户端写密钥", 2);
	/* a name or a number has no gloss: the same text in both */
	f = find(t, "tls.handshake.type", NULL);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_eq(tw_field_value(f, 1), f->value);
	tw_model_free(&m);
}
END_TEST

START_TEST(zh_formats_agree)
{
	tw_fb b = { 0 };
	tw_field root;
	const tw_field *c;
	const char *zh_bad = "%s 字节";   /* not a literal: the compiler cannot see it */

	ck_assert_int_eq(tw_field_fmt_agree("%zu bytes (%s)", "%zu 字节（%s）"), 1);
	ck_assert_int_eq(tw_field_fmt_agree("%s%.0s", "%.0s%s"), 1);
	ck_assert_int_eq(tw_field_fmt_agree("0x%04x (%u)", "0x%04x（%u）"), 1);
	ck_assert_int_eq(tw_field_fmt_agree("100%% of %d", "%d，100%%"), 1);
	ck_assert_int_eq(tw_field_fmt_agree("%.*s", "%.*s"), 1);
	ck_assert_int_eq(tw_field_fmt_agree("%d %s", "%s %d"), 0);
	ck_assert_int_eq(tw_field_fmt_agree("%lu", "%u"), 0);
	ck_assert_int_eq(tw_field_fmt_agree("%zu of %s", "%zu"), 0);
	ck_assert_int_eq(tw_field_fmt_agree("%.*s", "%s"), 0);

	tw_field_init(&b, &root, "x", "X", 0, 2, NULL);
	c = tw_field_add2(&b, &root, "x.a", "A", 0, 1, "%zu bytes", "%zu 字节", (size_t)7);
	ck_assert_str_eq(tw_field_value(c, 0), "7 bytes");
	ck_assert_str_eq(tw_field_value(c, 1), "7 字节");
	/* formats that disagree: English only, no argument misread */
	c = tw_field_add2(&b, &root, "x.b", "B", 1, 1, "%zu bytes", zh_bad, (size_t)7);
	ck_assert_ptr_null(c->value_zh);
	ck_assert_str_eq(tw_field_value(c, 1), "7 bytes");
	ck_assert_int_eq(b.oom, 0);
	tw_field_free(&root);
}
END_TEST

START_TEST(id_list_unique)
{
	size_t i, j;

	for (i = 0; tw_dissect_all_ids[i]; i++)
		for (j = i + 1; tw_dissect_all_ids[j]; j++)
			ck_assert_msg(strcmp(tw_dissect_all_ids[i], tw_dissect_all_ids[j]) != 0,
				"id %s listed twice", tw_dissect_all_ids[i]);
	ck_assert_uint_ge(i, 100);
}
END_TEST

Suite *
dissect_suite(void)
{
	Suite *s = suite_create("dissect");
	TCase *tc = tcase_create("default");
	TCase *cov = tcase_create("coverage");
	TCase *bad = tcase_create("malformed");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, client_hello_fields);
	tcase_add_test(tc, server_hello_fields);
	tcase_add_test(tc, certificate_fields);
	tcase_add_test(tc, key_exchange_fields);
	tcase_add_test(tc, encrypted_fields);
	tcase_add_test(tc, id_list_unique);
	tcase_add_test(tc, zh_glosses);
	tcase_add_test(tc, zh_formats_agree);
	suite_add_tcase(s, tc);

	tcase_set_timeout(cov, 120);
	tcase_add_loop_test(cov, coverage_seeds, 0, 6);
	tcase_add_loop_test(cov, coverage_host_path, 0, 2);
	tcase_add_test(cov, raw_streams);
	tcase_add_test(cov, truncations_and_flips);
	suite_add_tcase(s, cov);

	tcase_add_test(bad, malformed_truncated_record);
	tcase_add_test(bad, malformed_length_past_end);
	tcase_add_test(bad, malformed_zero_length_hello);
	tcase_add_test(bad, malformed_unknown_content_type);
	tcase_add_test(bad, malformed_extension_lengths);
	tcase_add_test(bad, malformed_certificate_not_der);
	tcase_add_test(bad, empty_input);
	tcase_add_test(bad, browser_client_hello);
	suite_add_tcase(s, bad);
	return s;
}
