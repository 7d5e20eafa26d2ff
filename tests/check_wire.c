/*
 * check_wire.c — the in-process connection: it completes with the default
 * scenario of DESIGN.md, and a seed reproduces every byte.
 */
#include "config.h"
#include "suites.h"
#include "testutil.h"

START_TEST(default_scenario)
{
	tw_model m;
	size_t i;
	int types[4] = { 0 };

	tu_build(&m, 1);
	ck_assert(m.wire_ok);
	/* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 on secp256r1, rsa_pkcs1_sha256. */
	ck_assert_uint_eq(m.hs.suite, 0xc02f);
	ck_assert_uint_eq(m.wire.engine_suite[0], 0xc02f);
	ck_assert_uint_eq(m.wire.engine_suite[1], 0xc02f);
	ck_assert_uint_eq(m.wire.engine_version[0], 0x0303);
	ck_assert_uint_eq(m.hs.curve, 23);
	ck_assert_uint_eq(m.hs.sig_alg, 0x0401);
	ck_assert_uint_eq(m.hs.ncert, 2);
	ck_assert_int_eq(m.wire.client_err, 0);
	ck_assert_int_eq(m.wire.server_err, 0);
	ck_assert(m.wire.closed_cleanly);
	/* Records are whole and in order: each direction's records tile its stream. */
	{
		size_t next[2] = { 0, 0 };
		for (i = 0; i < m.wire.nrec; i++) {
			const tw_record *r = &m.wire.rec[i];
			ck_assert_uint_eq(r->off, next[r->dir]);
			next[r->dir] += r->len;
			if (r->type >= 20 && r->type <= 23)
				types[r->type - 20]++;
		}
		ck_assert_uint_eq(next[0], m.wire.stream_len[0]);
		ck_assert_uint_eq(next[1], m.wire.stream_len[1]);
	}
	ck_assert_int_eq(types[0], 2);   /* one ChangeCipherSpec per side */
	ck_assert_int_eq(types[1], 2);   /* one close_notify per side */
	ck_assert_int_ge(types[3], 2);   /* request and response */
	/* The server received exactly the request the client sent, and back. */
	ck_assert_uint_eq(m.wire.app_recv_len[1], m.wire.app_sent_len[0]);
	ck_assert(memcmp(m.wire.app_recv[1], m.wire.app_sent[0], m.wire.app_sent_len[0]) == 0);
	ck_assert_uint_eq(m.wire.app_recv_len[0], m.wire.app_sent_len[1]);
	ck_assert(strncmp((const char *)m.wire.app_sent[0], "GET / HTTP/1.1\r\nHost: www.example.com\r\n", 39) == 0);
	ck_assert(strncmp((const char *)m.wire.app_sent[1], "HTTP/1.1 200 OK\r\n", 17) == 0);
	ck_assert_ptr_nonnull(strstr((const char *)m.wire.app_sent[1], "Content-Length: "));
	tw_model_free(&m);
}
END_TEST

/* Determinism rests on rng_os_rand_done (a private BearSSL field): if a
 * BearSSL update made the engines seed from the OS again, this fails. */
START_TEST(same_seed_same_bytes)
{
	tw_model a, b;
	int d;

	tu_build(&a, 42);
	tu_build(&b, 42);
	for (d = 0; d < 2; d++) {
		ck_assert_uint_eq(a.wire.stream_len[d], b.wire.stream_len[d]);
		ck_assert(memcmp(a.wire.stream[d], b.wire.stream[d], a.wire.stream_len[d]) == 0);
	}
	ck_assert_uint_eq(a.tcp.npkt, b.tcp.npkt);
	ck_assert(memcmp(a.tcp.pkt[0].data, b.tcp.pkt[0].data, a.tcp.pkt[0].len) == 0);
	tw_model_free(&a);
	tw_model_free(&b);
}
END_TEST

START_TEST(different_seeds_differ)
{
	tw_model a, b;

	tu_build(&a, 1);
	tu_build(&b, 2);
	ck_assert(memcmp(a.hs.client_random, b.hs.client_random, 32) != 0);
	ck_assert(memcmp(a.hs.server_random, b.hs.server_random, 32) != 0);
	ck_assert(memcmp(a.keys.ms, b.keys.ms, 48) != 0);
	ck_assert(memcmp(a.keys.dk[0].key, b.keys.dk[0].key, 16) != 0);
	ck_assert(a.tcp.client_isn != b.tcp.client_isn);
	tw_model_free(&a);
	tw_model_free(&b);
}
END_TEST

/* Without a seed, a fresh one is drawn; rerunning with it repeats the
 * bytes (the clock differs, but no byte depends on it here except the
 * HTTP Date header, so compare up to the application data). */
START_TEST(unseeded_run_is_reproducible)
{
	tw_model a, b;
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_model_build(&a, &o, &e), 0);
	ck_assert(!a.seeded);
	tu_build(&b, a.seed);
	ck_assert(memcmp(a.hs.client_random, b.hs.client_random, 32) == 0);
	ck_assert(memcmp(a.keys.ms, b.keys.ms, 48) == 0);
	tw_model_free(&a);
	tw_model_free(&b);
}
END_TEST

Suite *
wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("connection");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, default_scenario);
	tcase_add_test(tc, same_seed_same_bytes);
	tcase_add_test(tc, different_seeds_differ);
	tcase_add_test(tc, unseeded_run_is_reproducible);
	suite_add_tcase(s, tc);
	return s;
}
