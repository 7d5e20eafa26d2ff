/*
 * check_prf.c — the TLS 1.2 PRF and ECDH against published vectors.
 */
#include "config.h"
#include "suites.h"
#include "testutil.h"
#include "prf.h"
#include "keysched.h"
#include "crypto.h"

/* TLS 1.2 PRF with SHA-256, the vector posted to the IETF TLS list
 * (msg03416, "TLS 1.2 PRF test vectors") and reused by many stacks. */
START_TEST(prf_sha256_vector)
{
	uint8_t secret[16], seed[16], want[100];
	tw_prf_trace t;

	tu_unhex("9bbe436ba940f017b17652849a71db35", secret, sizeof secret);
	tu_unhex("a0ba9f936cda311827a6f796ffd5198c", seed, sizeof seed);
	tu_unhex("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
		"6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
		"4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
		"87347b66", want, sizeof want);
	ck_assert_int_eq(tw_prf(&t, 256, secret, 16, "test label", seed, 16, 100), 0);
	ck_assert_uint_eq(t.out_len, 100);
	ck_assert_uint_eq(t.nblocks, 4);
	tu_assert_bytes(t.out, want, 100);
	/* The output is the concatenation of the P(i) blocks. */
	tu_assert_bytes(t.P[0], want, 32);
	tu_assert_bytes(t.P[3], want + 96, 4);
	/* The seed as hashed is label ‖ seed. */
	ck_assert_uint_eq(t.seed_len, 10 + 16);
	ck_assert(memcmp(t.seed, "test label", 10) == 0);
}
END_TEST

/* A(1) = HMAC(secret, seed): HMAC-SHA256 of RFC 4231 test case 2 ("Jefe")
 * is what the PRF must use as its first A when the seed is that message. */
START_TEST(prf_a1_is_hmac)
{
	tw_prf_trace t;
	uint8_t want[32];

	/* label "" is not allowed to be NULL; an empty label gives seed = data. */
	ck_assert_int_eq(tw_prf(&t, 256, (const uint8_t *)"Jefe", 4, "",
		(const uint8_t *)"what do ya want for nothing?", 28, 32), 0);
	tu_unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		want, sizeof want);
	tu_assert_bytes(t.A[0], want, 32);
}
END_TEST

START_TEST(prf_rejects_oversize)
{
	tw_prf_trace t;
	uint8_t s[8] = { 0 };

	ck_assert_int_eq(tw_prf(&t, 256, s, 8, "x", s, 8, TW_PRF_MAX_OUT + 1), -1);
	ck_assert_int_eq(tw_prf(&t, 1, s, 8, "x", s, 8, 8), -1);
}
END_TEST

/* ECDH on P-256 from RFC 5903 §8.1: i × g^r has X = girx. */
START_TEST(ecdh_p256_rfc5903)
{
	uint8_t i[32], gr[65], want[32], out[66];
	size_t n;

	tu_unhex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433", i, 32);
	gr[0] = 4;
	tu_unhex("D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
		"56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
		gr + 1, 64);
	tu_unhex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE", want, 32);
	n = tw_ecdh(23, i, 32, gr, 65, out, sizeof out);
	ck_assert_uint_eq(n, 32);
	tu_assert_bytes(out, want, 32);
	/* An unsupported curve or a point off the curve gives nothing. */
	ck_assert_uint_eq(tw_ecdh(2, i, 32, gr, 65, out, sizeof out), 0);
	gr[10] ^= 1;
	ck_assert_uint_eq(tw_ecdh(23, i, 32, gr, 65, out, sizeof out), 0);
}
END_TEST

Suite *
prf_suite(void)
{
	Suite *s = suite_create("prf");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, prf_sha256_vector);
	tcase_add_test(tc, prf_a1_is_hmac);
	tcase_add_test(tc, prf_rejects_oversize);
	tcase_add_test(tc, ecdh_p256_rfc5903);
	suite_add_tcase(s, tc);
	return s;
}
