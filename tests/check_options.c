/*
 * check_options.c — bad input gets one clear sentence naming what is wrong:
 * credentials files, seeds, host names and paths.
 */
#include "config.h"
#include "suites.h"
#include "testutil.h"
#include <stdlib.h>
#include <unistd.h>
#include "creds.h"

#define DATA TW_SRCDIR "/tests/data/"
#define CERTS TW_SRCDIR "/src/certs/"

static void
creds_fail(const char *cert, const char *key, const char *ca, const char *want1,
	const char *want2)
{
	tw_creds c;
	tw_err e;

	tw_err_clear(&e);
	ck_assert_int_eq(tw_creds_load(&c, cert, key, ca, TW_CERT_RSA, &e), -1);
	ck_assert_msg(strstr(e.msg, want1) != NULL, "'%s' not in: %s", want1, e.msg);
	ck_assert_msg(strstr(e.msg, want2) != NULL, "'%s' not in: %s", want2, e.msg);
	ck_assert_ptr_null(strchr(e.msg, '\n'));
}

START_TEST(builtin_creds_load)
{
	tw_creds c;
	tw_err e;

	tw_err_clear(&e);
	ck_assert_int_eq(tw_creds_load(&c, NULL, NULL, NULL, TW_CERT_RSA, &e), 0);
	ck_assert_uint_eq(c.chain_len, 2);
	ck_assert_uint_eq(c.anchors_len, 3);   /* the RSA, the ECDSA and the scenario root */
	ck_assert_uint_eq(c.key.n_bitlen, 2048);
	tw_creds_free(&c);
	/* The same files given explicitly load the same way. */
	ck_assert_int_eq(tw_creds_load(&c, CERTS "chain.pem", CERTS "leaf.key",
		CERTS "root.pem", TW_CERT_RSA, &e), 0);
	tw_creds_free(&c);
}
END_TEST

START_TEST(missing_file)
{
	creds_fail(DATA "no-such-file.pem", NULL, NULL, "no-such-file.pem", "cannot open");
	creds_fail(NULL, DATA "nope.key", NULL, "nope.key", "cannot open");
	creds_fail(NULL, NULL, DATA "nope-ca.pem", "nope-ca.pem", "cannot open");
}
END_TEST

START_TEST(not_pem)
{
	creds_fail(DATA "notpem.txt", NULL, NULL, "notpem.txt", "no PEM block");
	creds_fail(NULL, DATA "notpem.txt", NULL, "notpem.txt", "no PEM block");
	creds_fail(NULL, NULL, DATA "notpem.txt", "notpem.txt", "no PEM block");
	/* A key file given as the certificate: PEM, but no CERTIFICATE. */
	creds_fail(CERTS "leaf.key", NULL, NULL, "leaf.key", "no CERTIFICATE");
}
END_TEST

/* DER tag-length header for len bytes of content; returns its size. */
static size_t
der_hdr(uint8_t *out, uint8_t tag, size_t len)
{
	out[0] = tag;
	out[1] = 0x82;
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	return 4;
}

/* An RSAPrivateKey whose prime p is 2000 bytes, past BearSSL's 4096-bit
 * limit, as PEM in a temporary file. BearSSL 0.6's key decoder writes past
 * its context on such a key; tlswalk crashed on a real 8192-bit key. */
START_TEST(oversized_rsa_key)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static uint8_t der[4096];
	uint8_t body[4000];
	size_t n = 0, i, j;
	char path[] = "/tmp/tlswalk-bigkey.XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	memcpy(body + n, "\x02\x01\x00", 3);           /* version */
	n += 3;
	n += der_hdr(body + n, 0x02, 257);              /* n */
	memset(body + n, 0x11, 257);
	body[n] = 0;
	n += 257;
	memcpy(body + n, "\x02\x01\x03", 3);           /* e */
	n += 3;
	n += der_hdr(body + n, 0x02, 256);              /* d */
	memset(body + n, 0x22, 256);
	n += 256;
	n += der_hdr(body + n, 0x02, 2000);             /* p: too long */
	memset(body + n, 0x33, 2000);
	n += 2000;
	for (i = 0; i < 4; i++) {                       /* q dp dq iq */
		memcpy(body + n, "\x02\x01\x05", 3);
		n += 3;
	}
	i = der_hdr(der, 0x30, n);
	memcpy(der + i, body, n);
	n += i;
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("-----BEGIN RSA PRIVATE KEY-----\n", f);
	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)der[i] << 16
			| (i + 1 < n ? (uint32_t)der[i + 1] << 8 : 0)
			| (i + 2 < n ? der[i + 2] : 0);
		for (j = 0; j < 4; j++)
			fputc(i + j <= n ? b64[(v >> (18 - 6 * j)) & 63] : '=', f);
		if ((i / 3) % 16 == 15)
			fputc('\n', f);
	}
	fputs("\n-----END RSA PRIVATE KEY-----\n", f);
	fclose(f);
	creds_fail(NULL, path, NULL, "larger than BearSSL can handle", "4096 bits");
	unlink(path);
}
END_TEST

START_TEST(key_does_not_match)
{
	creds_fail(NULL, DATA "other.key", NULL, "other.key", "does not match");
}
END_TEST

START_TEST(untrusted_chain_fails_connection)
{
	tw_model m;
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seeded = 1;
	o.seed = 1;
	o.ca_file = DATA "other-root.pem";
	tw_err_clear(&e);
	ck_assert_int_eq(tw_model_build(&m, &o, &e), -1);
	ck_assert(!m.wire_ok);
	ck_assert_msg(strstr(e.msg, "BR_ERR_X509_NOT_TRUSTED") != NULL, "%s", e.msg);
	ck_assert_msg(strstr(e.msg, "client") != NULL, "%s", e.msg);
	/* What happened is still there to show: the hellos went out. */
	ck_assert_uint_ge(m.wire.nrec, 2);
	ck_assert_int_eq(m.keys.chain_v, TW_V_MISMATCH);
	/* The server's flight went out: s × G is checkable without the
	 * ClientKeyExchange the client never sent; nothing after it is. */
	ck_assert_int_eq(m.keys.server_scalar, TW_V_OK);
	ck_assert_int_eq(m.keys.ske_sig, TW_V_OK);
	ck_assert_int_eq(m.keys.pms_v, TW_V_MISSING);
	ck_assert_int_eq(m.keys.ms_client, TW_V_MISSING);
	tw_model_free(&m);
}
END_TEST

START_TEST(wrong_host_fails_connection)
{
	tw_model m;
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seeded = 1;
	o.host = "www.example.org";
	tw_err_clear(&e);
	ck_assert_int_eq(tw_model_build(&m, &o, &e), -1);
	ck_assert_msg(strstr(e.msg, "BR_ERR_X509_BAD_SERVER_NAME") != NULL, "%s", e.msg);
	tw_model_free(&m);
}
END_TEST

START_TEST(seed_values)
{
	uint64_t v;
	tw_err e;

	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("0", &v, &e), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(tw_parse_seed("18446744073709551615", &v, &e), 0);
	ck_assert(v == UINT64_MAX);
	ck_assert_int_eq(tw_parse_seed("18446744073709551616", &v, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "--seed"));
	ck_assert_ptr_nonnull(strstr(e.msg, "too large"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("007", &v, &e), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(tw_parse_seed(" 7", &v, &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("0x10", &v, &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("abc", &v, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "'abc' is not a number"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("-1", &v, &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("12x", &v, &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_parse_seed("", &v, &e), -1);
}
END_TEST

START_TEST(host_and_path_values)
{
	tw_err e;

	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("www.example.com", &e), 0);
	ck_assert_int_eq(tw_options_check_host("bad host", &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "--host"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("", &e), -1);
	/* Names no certificate check could accept are refused up front. */
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("WWW.Example.COM", &e), 0);
	ck_assert_int_eq(tw_options_check_host("localhost", &e), 0);
	ck_assert_int_eq(tw_options_check_host("xn--fiqs8s.example", &e), 0);
	ck_assert_int_eq(tw_options_check_host("www.example.com.", &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "ends with a dot"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("10.0.0.1", &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "IP address"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("a..b", &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host(".a", &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("a-.b", &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_host("a.-b", &e), -1);
	tw_err_clear(&e);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_path("/index.html?a=1", &e), 0);
	ck_assert_int_eq(tw_options_check_path("index.html", &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "--path"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_path("/a b", &e), -1);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_options_check_path("/a\r\nX: y", &e), -1);
}
END_TEST

Suite *
options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("bad input");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, builtin_creds_load);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, not_pem);
	tcase_add_test(tc, key_does_not_match);
	tcase_add_test(tc, oversized_rsa_key);
	tcase_add_test(tc, untrusted_chain_fails_connection);
	tcase_add_test(tc, wrong_host_fails_connection);
	tcase_add_test(tc, seed_values);
	tcase_add_test(tc, host_and_path_values);
	suite_add_tcase(s, tc);
	return s;
}
