/*
 * check_keysched.c — the recomputed key schedule agrees with the engines,
 * every encrypted record opens, and a disagreement is reported as one.
 */
#include "config.h"
#include <bearssl.h>
#include "suites.h"
#include "testutil.h"
#include "certcheck.h"
#include "scenario.h"

static void
all_verified(const tw_model *m)
{
	const tw_keys *k = &m->keys;
	size_t i;

	ck_assert_int_eq(k->server_scalar, TW_V_OK);
	ck_assert_uint_eq(k->pms_len, 32);
	ck_assert_int_eq(k->pms_v, TW_V_OK);
	ck_assert_int_eq(k->ms_client, TW_V_OK);
	ck_assert_int_eq(k->ms_server, TW_V_OK);
	tu_assert_bytes(k->ms, m->wire.engine_ms[0], 48);
	tu_assert_bytes(k->ms, m->wire.engine_ms[1], 48);
	ck_assert_int_eq(k->keys_v, TW_V_OK);
	ck_assert_int_eq(k->client_vd_v, TW_V_OK);
	ck_assert_int_eq(k->server_vd_v, TW_V_OK);
	ck_assert_int_eq(k->ske_sig, TW_V_OK);
	ck_assert_int_eq(k->chain_v, TW_V_OK);
	ck_assert_int_eq(k->chain_err, BR_ERR_X509_OK);
	/* Finished ×2, request, response, close_notify ×2 */
	ck_assert_uint_ge(k->nopened, 6);
	for (i = 0; i < k->nopened; i++) {
		const tw_opened *o = &k->opened[i];
		const tw_record *r = &m->wire.rec[o->rec];
		ck_assert_int_eq(o->tag, TW_V_OK);
		if (r->type == TW_CT_APPDATA)
			ck_assert_int_eq(o->matches_sent, TW_V_OK);
		if (r->type == TW_CT_ALERT) {
			/* close_notify: level warning (1), description 0 */
			ck_assert_uint_eq(o->plain_len, 2);
			ck_assert_uint_eq(o->plain[0], 1);
			ck_assert_uint_eq(o->plain[1], 0);
		}
	}
}

START_TEST(master_secret_matches_both_engines)
{
	tw_model m;

	tu_build(&m, (uint64_t)_i + 1);
	all_verified(&m);
	tw_model_free(&m);
}
END_TEST

/* The key block split follows RFC 5246 §6.3 for AES-128-GCM: 16 + 16 + 4 + 4. */
START_TEST(key_block_layout)
{
	tw_model m;

	tu_build(&m, 7);
	ck_assert_uint_eq(m.keys.kb_trace.out_len, 40);
	tu_assert_bytes(m.keys.dk[0].key, m.keys.kb_trace.out, 16);
	tu_assert_bytes(m.keys.dk[1].key, m.keys.kb_trace.out + 16, 16);
	tu_assert_bytes(m.keys.dk[0].iv, m.keys.kb_trace.out + 32, 4);
	tu_assert_bytes(m.keys.dk[1].iv, m.keys.kb_trace.out + 36, 4);
	/* The client's hash covers the 6 plaintext messages before its Finished. */
	ck_assert_uint_eq(m.keys.client_hs_nmsgs, 6);
	ck_assert(m.keys.server_hs_has_client_finished);
	tw_model_free(&m);
}
END_TEST

/* A flipped ciphertext byte must show as a failed tag, never as verified. */
START_TEST(tampered_record_is_reported)
{
	tw_model m;
	tw_keys k;
	size_t i;
	int found = 0;

	tu_build(&m, 3);
	for (i = 0; i < m.wire.nrec; i++)
		if (m.wire.rec[i].type == TW_CT_APPDATA && m.wire.rec[i].dir == TW_S2C) {
			m.wire.stream[1][m.wire.rec[i].off + 20] ^= 0x01;
			found = 1;
			break;
		}
	ck_assert(found);
	tw_keys_compute(&m.wire, &m.hs, &m.creds, m.host, m.now, &k);
	ck_assert_int_eq(k.keys_v, TW_V_MISMATCH);
	ck_assert_int_eq(tw_keys_opened(&k, (int)i)->tag, TW_V_MISMATCH);
	tw_keys_free(&k);
	tw_model_free(&m);
}
END_TEST

/* If an engine had reported another master secret, we must say so. */
START_TEST(engine_disagreement_is_reported)
{
	tw_model m;
	tw_keys k;

	tu_build(&m, 4);
	m.wire.engine_ms[1][0] ^= 0x80;
	tw_keys_compute(&m.wire, &m.hs, &m.creds, m.host, m.now, &k);
	ck_assert_int_eq(k.ms_client, TW_V_OK);
	ck_assert_int_eq(k.ms_server, TW_V_MISMATCH);
	ck_assert_int_eq(k.pms_v, TW_V_MISMATCH);
	tw_keys_free(&k);
	tw_model_free(&m);
}
END_TEST

/* Each certificate link, checked by our own arithmetic: every link of the
 * default chain verifies; any cut of a certificate is refused without a
 * read out of bounds (the sanitizer and valgrind runs check that), and a
 * changed byte in its signed part is a mismatch. */
START_TEST(chain_links_checked)
{
	tw_model m;
	tw_cert_link l;
	uint8_t copy[4096];
	const uint8_t *certs[TW_MAX_CHAIN];
	size_t lens[TW_MAX_CHAIN], i, cut;

	tu_build(&m, 7);
	ck_assert_uint_eq(m.keys.nlinks, m.hs.ncert);
	ck_assert_uint_ge(m.hs.ncert, 2);
	for (i = 0; i < m.keys.nlinks; i++)
		ck_assert_msg(m.keys.links[i].v == TW_V_OK, "link %zu not verified", i + 1);
	ck_assert_int_eq(m.keys.links[0].from, TW_ISSUER_NEXT);
	ck_assert_int_eq(m.keys.links[m.hs.ncert - 1].from, TW_ISSUER_ANCHOR);
	ck_assert_uint_le(m.hs.cert_len[0], sizeof copy);
	for (i = 0; i < m.hs.ncert; i++) {
		certs[i] = m.hs.cert[i];
		lens[i] = m.hs.cert_len[i];
	}
	certs[0] = copy;
	for (cut = 0; cut < m.hs.cert_len[0]; cut++) {
		uint8_t *heap = malloc(cut ? cut : 1);
		memcpy(heap, m.hs.cert[0], cut);
		certs[0] = heap;
		lens[0] = cut;
		tw_cert_link_check(certs, lens, m.hs.ncert, 0, m.creds.anchors, m.creds.anchors_len, &l);
		ck_assert_msg(l.v != TW_V_OK, "a certificate cut to %zu bytes verified", cut);
		free(heap);
	}
	memcpy(copy, m.hs.cert[0], m.hs.cert_len[0]);
	certs[0] = copy;
	lens[0] = m.hs.cert_len[0];
	copy[40] ^= 0x01;                  /* inside tbsCertificate */
	tw_cert_link_check(certs, lens, m.hs.ncert, 0, m.creds.anchors, m.creds.anchors_len, &l);
	ck_assert_int_eq(l.v, TW_V_MISMATCH);
	tw_model_free(&m);
}
END_TEST

/* RFC 6125 6.4.1 and 6.4.3: names compare without regard to ASCII case;
 * a wildcard is only the whole left-most label and stands for exactly one
 * label. */
START_TEST(name_matching_rfc6125)
{
	static const struct { const char *pattern, *host; int match; } v[] = {
		{ "www.example.com", "www.example.com", 1 },
		{ "WWW.Example.COM", "www.example.com", 1 },
		{ "www.example.com", "example.com", 0 },
		{ "*.example.com", "www.example.com", 1 },
		{ "*.example.com", "example.com", 0 },
		{ "*.example.com", "a.b.example.com", 0 },
		{ "*.com", "example.com", 0 },
		{ "w*.example.com", "www.example.com", 0 },
		{ "www.*.com", "www.example.com", 0 },
		{ "*", "localhost", 0 },
		{ "", "www.example.com", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		ck_assert_msg(tw_cert_name_matches(v[i].pattern, v[i].host) == v[i].match,
			"'%s' against '%s'", v[i].pattern, v[i].host);
}
END_TEST

/* The leaf's subjectAltName read with our DER reader: the names the
 * built-in leaf was made with (src/certs/make-certs.sh: DNS:www.example.com,
 * DNS:example.com, which openssl x509 -ext subjectAltName prints in
 * tests/cli.sh); every cut of the certificate reads as many names or fewer,
 * never past its end; the name check is a verified line for the host and a
 * mismatch for --scenario wrong-host. */
START_TEST(leaf_names_checked)
{
	tw_model m;
	char names[8][TW_DNS_MAX];
	size_t n, cut;
	const tw_sline *l;

	tu_build(&m, 1);
	n = tw_cert_dns_names(m.hs.cert[0], m.hs.cert_len[0], names, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "www.example.com");
	ck_assert_str_eq(names[1], "example.com");
	for (cut = 0; cut < m.hs.cert_len[0]; cut++) {
		uint8_t *heap = malloc(cut ? cut : 1);
		memcpy(heap, m.hs.cert[0], cut);
		ck_assert_uint_le(tw_cert_dns_names(heap, cut, names, 8), 2);
		free(heap);
	}
	l = tw_secrets_line(&m.secrets, "certificate_link_1", "name_check");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->v, TW_V_OK);
	tw_model_free(&m);
	{
		tw_options o;
		tw_err e;

		memset(&o, 0, sizeof o);
		o.seed = 1;
		o.seeded = 1;
		tw_scenario_find("wrong-host")->apply(&o);
		tw_err_clear(&e);
		tw_model_build(&m, &o, &e);
		l = tw_secrets_line(&m.secrets, "certificate_link_1", "name_check");
		ck_assert_ptr_nonnull(l);
		ck_assert_int_eq(l->v, TW_V_MISMATCH);
		ck_assert_int_eq(tw_secrets_find(&m.secrets, "certificate_link_1")->v, TW_V_MISMATCH);
		tw_model_free(&m);
	}
}
END_TEST

/* A wrong scalar: nothing downstream may claim to be verified. */
START_TEST(wrong_scalar_is_reported)
{
	tw_model m;
	tw_keys k;

	tu_build(&m, 5);
	m.wire.fact[TW_S2C].scalar[5] ^= 0x10;
	tw_keys_compute(&m.wire, &m.hs, &m.creds, m.host, m.now, &k);
	ck_assert_int_eq(k.server_scalar, TW_V_MISMATCH);
	ck_assert_int_eq(k.ms_client, TW_V_MISMATCH);
	ck_assert_int_ne(k.keys_v, TW_V_OK);
	ck_assert_int_ne(k.client_vd_v, TW_V_OK);
	tw_keys_free(&k);
	tw_model_free(&m);
}
END_TEST

/* The signature check fails when the signed params are altered. */
START_TEST(tampered_signature_is_reported)
{
	tw_model m;
	tw_keys k;

	tu_build(&m, 6);
	((uint8_t *)m.hs.server_point)[3] ^= 0x01;
	tw_keys_compute(&m.wire, &m.hs, &m.creds, m.host, m.now, &k);
	ck_assert_int_eq(k.ske_sig, TW_V_MISMATCH);
	tw_keys_free(&k);
	tw_model_free(&m);
}
END_TEST

/* The independent chain check rejects a name the leaf does not carry. */
START_TEST(chain_check_names_host)
{
	tw_model m;
	tw_keys k;

	tu_build(&m, 8);
	tw_keys_compute(&m.wire, &m.hs, &m.creds, "www.example.org", m.now, &k);
	ck_assert_int_eq(k.chain_v, TW_V_MISMATCH);
	ck_assert_int_eq(k.chain_err, BR_ERR_X509_BAD_SERVER_NAME);
	tw_keys_free(&k);
	tw_model_free(&m);
}
END_TEST

Suite *
keysched_suite(void)
{
	Suite *s = suite_create("keysched");
	TCase *tc = tcase_create("recomputed");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, master_secret_matches_both_engines, 0, 8);
	tcase_add_test(tc, key_block_layout);
	tcase_add_test(tc, tampered_record_is_reported);
	tcase_add_test(tc, engine_disagreement_is_reported);
	tcase_add_test(tc, wrong_scalar_is_reported);
	tcase_add_test(tc, tampered_signature_is_reported);
	tcase_add_test(tc, chain_links_checked);
	tcase_add_test(tc, name_matching_rfc6125);
	tcase_add_test(tc, leaf_names_checked);
	tcase_add_test(tc, chain_check_names_host);
	suite_add_tcase(s, tc);
	return s;
}
