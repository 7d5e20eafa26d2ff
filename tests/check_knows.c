/*
 * check_knows.c — who knows what (knows.h), against the protocol.
 *
 * Every expectation is derived here from RFC 5246 and the messages of the
 * run, never from tlswalk's own table: the steps are found by handshake
 * type and record type, not by tlswalk's step ids; what travels in clear
 * is what comes before a side's ChangeCipherSpec (§7.1); the pre-master
 * secret never travels in clear (§7.4.7.1 RSA: encrypted with the server's
 * key; §8.1.2 / RFC 8422 ECDHE: computed from two public values and two
 * secrets that are never sent); the master secret follows from it (§8.1).
 */
#include "config.h"
#include <check.h>
#include <string.h>
#include "knows.h"
#include "scenario.h"
#include "suites.h"
#include "testutil.h"
#include "ui_knows.h"
#include "ui_logic.h"

/* The step showing the plaintext handshake message of this type from dir,
 * or -1 (RFC 5246 §7.4: 1 ClientHello, 2 ServerHello, 11 Certificate,
 * 12 ServerKeyExchange, 16 ClientKeyExchange). */
static int
step_of_type(const tw_model *m, tw_dir dir, int type)
{
	size_t i;

	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		if (st->kind == TW_STEP_TLS && st->dir == dir && st->hs_msg >= 0
			&& m->hs.msg[st->hs_msg].type == type)
			return (int)i;
	}
	return -1;
}

/* The first TLS step from dir whose record has this content type
 * (20 ChangeCipherSpec, 23 application data), after step from. */
static int
step_of_record(const tw_model *m, tw_dir dir, int type, int from)
{
	size_t i;

	for (i = (size_t)(from + 1); i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		if (st->kind == TW_STEP_TLS && st->dir == dir && st->rec_count > 0
			&& m->wire.rec[st->rec_first].type == type)
			return (int)i;
	}
	return -1;
}

/* The Finished of dir: the message right after its ChangeCipherSpec. */
static int
finished_of(const tw_model *m, tw_dir dir)
{
	int ccs = step_of_record(m, dir, 20, -1);
	size_t i;

	for (i = (size_t)ccs + 1; ccs >= 0 && i < m->story.nstep; i++)
		if (m->story.step[i].kind == TW_STEP_TLS && m->story.step[i].dir == dir)
			return (int)i;
	return -1;
}

static const tw_know_fact *
must(const tw_knows *k, const char *id)
{
	const tw_know_fact *f = tw_knows_find(k, id);

	ck_assert_msg(f != NULL, "no fact %s", id);
	return f;
}

static void
build_opts(tw_model *m, const char *suite, int resume, int client_cert, const char *scenario)
{
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	o.resume = resume;
	o.client_cert = client_cert;
	if (suite)
		o.suite = tw_suite_find(suite)->id;
	if (scenario) {
		ck_assert_ptr_nonnull(tw_scenario_find(scenario));
		tw_scenario_find(scenario)->apply(&o);
		tw_err_clear(&e);
		tw_model_build(m, &o, &e);     /* a failure scenario returns -1 */
		return;
	}
	tu_build_opts(m, &o, suite ? suite : "default");
}

START_TEST(default_ecdhe)
{
	tw_model m;
	tw_knows k;
	int ch, ske, cke, req, last, i;
	const tw_know_fact *f;

	tu_build(&m, 1);
	tw_knows_build(&m, &k);
	ck_assert(!k.tls13);
	ch = step_of_type(&m, TW_C2S, 1);
	ske = step_of_type(&m, TW_S2C, 12);
	cke = step_of_type(&m, TW_C2S, 16);
	req = step_of_record(&m, TW_C2S, 23, -1);
	last = (int)m.story.nstep - 1;
	ck_assert(ch > 0 && ske > ch && cke > ske && req > cke);

	/* ① the client random travels in clear: the eavesdropper has it then, not before. */
	f = must(&k, "client_random");
	ck_assert(tw_knows_has(f, TW_PARTY_EVE, ch));
	ck_assert(tw_knows_new(f, TW_PARTY_EVE, ch));
	ck_assert(!tw_knows_has(f, TW_PARTY_EVE, ch - 1));
	ck_assert(tw_knows_has(f, TW_PARTY_SERVER, ch));
	ck_assert_int_eq(f->how[TW_PARTY_CLIENT], TW_KH_MADE);

	/* ⑥: both public values on the path; neither secret, nor the pre-master secret. */
	ck_assert(tw_knows_has(must(&k, "server_params"), TW_PARTY_EVE, cke));
	ck_assert(tw_knows_has(must(&k, "client_params"), TW_PARTY_EVE, cke));
	ck_assert(tw_knows_lacks(must(&k, "pre_master_secret"), cke));
	ck_assert(!tw_knows_has(must(&k, "client_scalar"), TW_PARTY_EVE, cke));
	ck_assert(!tw_knows_has(must(&k, "client_scalar"), TW_PARTY_SERVER, last));
	ck_assert(!tw_knows_has(must(&k, "server_scalar"), TW_PARTY_CLIENT, last));
	ck_assert(tw_knows_has(must(&k, "server_scalar"), TW_PARTY_SERVER, ske));
	ck_assert(tw_knows_lacks(must(&k, "server_scalar"), cke));

	/* The master secret: both sides from ⑥ on, not before. */
	f = must(&k, "master_secret");
	for (i = 0; i <= last; i++) {
		ck_assert_int_eq(tw_knows_has(f, TW_PARTY_CLIENT, i), i >= cke);
		ck_assert_int_eq(tw_knows_has(f, TW_PARTY_SERVER, i), i >= cke);
		ck_assert(!tw_knows_has(f, TW_PARTY_EVE, i));
	}
	/* The eavesdropper never has the session keys; nor the server's private key. */
	for (i = 0; i <= last; i++) {
		ck_assert(!tw_knows_has(must(&k, "key_block"), TW_PARTY_EVE, i));
		ck_assert(!tw_knows_has(must(&k, "server_private_key"), TW_PARTY_EVE, i));
	}
	ck_assert(tw_knows_has(must(&k, "server_private_key"), TW_PARTY_SERVER, 0));
	/* HTTP: ciphertext only. */
	f = must(&k, "http_request");
	ck_assert_int_eq(f->how[TW_PARTY_EVE], TW_KH_CIPHER);
	ck_assert(tw_knows_new(f, TW_PARTY_EVE, req));
	ck_assert(tw_knows_lacks(f, last));
	ck_assert(tw_knows_has(f, TW_PARTY_SERVER, req));
	/* Finished: encrypted (it follows each side's ChangeCipherSpec). */
	ck_assert_int_eq(must(&k, "client_finished")->how[TW_PARTY_EVE], TW_KH_CIPHER);
	ck_assert_int_eq(must(&k, "client_finished")->step[TW_PARTY_SERVER], finished_of(&m, TW_C2S));
	/* No RSA key exchange here, no recording decrypted later. */
	ck_assert_ptr_null(tw_knows_find(&k, "encrypted_pre_master_secret"));
	ck_assert(!k.later);
	tw_model_free(&m);
}
END_TEST

START_TEST(rsa_kx)
{
	tw_model m;
	tw_knows k;
	int cke, last, i;
	const tw_know_fact *f;

	build_opts(&m, "TLS_RSA_WITH_AES_128_GCM_SHA256", 0, 0, NULL);
	tw_knows_build(&m, &k);
	cke = step_of_type(&m, TW_C2S, 16);
	last = (int)m.story.nstep - 1;
	ck_assert_int_eq(step_of_type(&m, TW_S2C, 12), -1);
	/* No ServerKeyExchange, no ECDHE values. */
	ck_assert_ptr_null(tw_knows_find(&k, "server_params"));
	ck_assert_ptr_null(tw_knows_find(&k, "client_params"));
	ck_assert_ptr_null(tw_knows_find(&k, "server_scalar"));
	/* The encrypted pre-master secret is on the path; the secret is not. */
	ck_assert(tw_knows_has(must(&k, "encrypted_pre_master_secret"), TW_PARTY_EVE, cke));
	f = must(&k, "pre_master_secret");
	ck_assert_int_eq(f->how[TW_PARTY_CLIENT], TW_KH_MADE);
	ck_assert_int_eq(f->how[TW_PARTY_SERVER], TW_KH_OPENED);
	ck_assert_int_eq(f->step[TW_PARTY_SERVER], cke);
	for (i = 0; i <= last; i++)
		ck_assert(!tw_knows_has(f, TW_PARTY_EVE, i));
	ck_assert(tw_knows_lacks(f, cke));
	tw_model_free(&m);
}
END_TEST

START_TEST(resumed)
{
	tw_model m;
	tw_knows k;
	const tw_model *r;
	const tw_know_fact *f;
	int sh, i;

	build_opts(&m, NULL, 1, 0, NULL);
	r = m.next;
	ck_assert_ptr_nonnull(r);
	ck_assert(r->hs.resumed);
	tw_knows_build(r, &k);
	/* An abbreviated handshake (RFC 5246 §7.3): no key exchange, no certificate. */
	ck_assert_int_eq(step_of_type(r, TW_C2S, 16), -1);
	ck_assert_ptr_null(tw_knows_find(&k, "pre_master_secret"));
	ck_assert_ptr_null(tw_knows_find(&k, "certificate_chain"));
	/* Both sides hold the session's master secret before it starts; the
	 * eavesdropper never does. */
	f = must(&k, "master_secret");
	ck_assert_int_eq(f->how[TW_PARTY_CLIENT], TW_KH_HELD);
	ck_assert_int_eq(f->how[TW_PARTY_SERVER], TW_KH_HELD);
	for (i = 0; i < (int)r->story.nstep; i++) {
		ck_assert(tw_knows_has(f, TW_PARTY_CLIENT, i) && tw_knows_has(f, TW_PARTY_SERVER, i));
		ck_assert(!tw_knows_has(f, TW_PARTY_EVE, i));
	}
	/* The keys need the new randoms: from the ServerHello on. */
	sh = step_of_type(r, TW_S2C, 2);
	ck_assert_int_eq(must(&k, "key_block")->step[TW_PARTY_CLIENT], sh);
	tw_model_free(&m);
}
END_TEST

START_TEST(failed_expired)
{
	tw_model m;
	tw_knows k;
	size_t j;
	int cert;

	build_opts(&m, NULL, 0, 0, "expired");
	ck_assert(m.failure.failed);
	tw_knows_build(&m, &k);
	cert = step_of_type(&m, TW_S2C, 11);
	ck_assert(cert > 0);
	/* The client rejects the certificate: it reaches no key exchange, so
	 * nobody has a pre-master or master secret, and no HTTP exists. */
	ck_assert_ptr_null(tw_knows_find(&k, "pre_master_secret"));
	ck_assert_ptr_null(tw_knows_find(&k, "master_secret"));
	ck_assert_ptr_null(tw_knows_find(&k, "http_request"));
	ck_assert(tw_knows_has(must(&k, "certificate_chain"), TW_PARTY_CLIENT, cert));
	/* Nothing the client learns comes after the message it rejected. */
	for (j = 0; j < k.n; j++)
		if (k.fact[j].how[TW_PARTY_CLIENT] != TW_KH_NONE)
			ck_assert_msg(k.fact[j].step[TW_PARTY_CLIENT] <= cert, "%s after the stop",
				k.fact[j].id);
	tw_model_free(&m);
}
END_TEST

/* A man in the middle changes the ServerKeyExchange (RFC 5246 §7.4.3: the
 * signature covers the randoms and the parameters): the client reads other
 * parameters than the server sent, and rejects them. It never learns the
 * server's S; the eavesdropper on the server's side of the path does. */
START_TEST(failed_swap_params)
{
	tw_model m;
	tw_knows k;
	const tw_step *st;
	const tw_know_fact *f;
	int ske, i;

	build_opts(&m, NULL, 0, 0, "swap-params");
	ck_assert(m.failure.failed);
	ske = step_of_type(&m, TW_S2C, 12);
	ck_assert(ske > 0);
	st = &m.story.step[ske];
	/* The bytes the client received are not the server's. */
	ck_assert(m.wire.received[TW_S2C] != NULL
		&& m.wire.received_len[TW_S2C] >= st->stream_off + st->len);
	ck_assert(memcmp(m.wire.received[TW_S2C] + st->stream_off, st->bytes, st->len) != 0);
	tw_knows_build(&m, &k);
	f = must(&k, "server_params");
	for (i = 0; i < (int)m.story.nstep; i++)
		ck_assert_msg(!tw_knows_has(f, TW_PARTY_CLIENT, i), "the client has S at %d", i);
	ck_assert(tw_knows_has(f, TW_PARTY_EVE, ske));
	ck_assert(tw_knows_has(f, TW_PARTY_SERVER, ske));
	/* The certificate before it arrived unchanged: the client has it. */
	ck_assert(tw_knows_has(must(&k, "certificate_chain"), TW_PARTY_CLIENT, ske));
	/* Nor does the view's summary call S shared. */
	{
		tw_doc d;
		size_t j;
		int shared = 0;
		tw_doc_init(&d);
		tw_ui_knows_summary(&m, ske, 0, 0, 200, &d);
		for (j = 0; j < d.n; j++)
			if (strstr(d.line[j].text, "shared in clear")) {
				shared = 1;
				ck_assert_msg(strstr(d.line[j].text, "Server Params") == NULL, "%s",
					d.line[j].text);
				ck_assert(strstr(d.line[j].text, "certificate") != NULL);
			}
		ck_assert(shared);
		tw_doc_free(&d);
	}
	tw_model_free(&m);
}
END_TEST

/* A replayed request (RFC 5246 §6.2.3.3, §6.1: the sequence number is in
 * the tag): the server accepts the original and rejects the copy that
 * follows it, so it did read the request. */
START_TEST(failed_replay)
{
	tw_model m;
	tw_knows k;
	const tw_record *r;
	int req;

	build_opts(&m, NULL, 0, 0, "replay");
	ck_assert(m.failure.failed);
	ck_assert_int_eq(m.failure.stopper, TW_S2C);
	req = step_of_record(&m, TW_C2S, 23, -1);
	ck_assert(req > 0);
	r = &m.wire.rec[m.story.step[req].rec_first];
	/* The server received the original unchanged, then the same bytes again. */
	ck_assert(m.wire.received_len[TW_C2S] >= r->off + 2 * r->len);
	ck_assert(memcmp(m.wire.received[TW_C2S] + r->off, m.wire.stream[TW_C2S] + r->off, r->len) == 0);
	ck_assert(memcmp(m.wire.received[TW_C2S] + r->off + r->len, m.wire.stream[TW_C2S] + r->off,
		r->len) == 0);
	tw_knows_build(&m, &k);
	ck_assert(tw_knows_has(must(&k, "http_request"), TW_PARTY_SERVER, req));
	ck_assert_int_eq(must(&k, "http_request")->how[TW_PARTY_SERVER], TW_KH_DECRYPTED);
	ck_assert(!tw_knows_has(must(&k, "http_request"), TW_PARTY_EVE, req));
	ck_assert_ptr_null(tw_knows_find(&k, "http_response"));
	tw_model_free(&m);
}
END_TEST

START_TEST(mutual_tls)
{
	tw_model m;
	tw_knows k;
	const tw_know_fact *f;
	int ccert;

	build_opts(&m, NULL, 0, 1, NULL);
	tw_knows_build(&m, &k);
	ccert = step_of_type(&m, TW_C2S, 11);
	ck_assert(ccert > 0);
	f = must(&k, "client_certificate");
	ck_assert_int_eq(f->how[TW_PARTY_CLIENT], TW_KH_HELD);
	ck_assert_int_eq(f->step[TW_PARTY_SERVER], ccert);
	ck_assert(tw_knows_has(f, TW_PARTY_EVE, ccert));
	/* CertificateVerify (type 15) is sent before the ChangeCipherSpec: in clear. */
	ck_assert(tw_knows_has(must(&k, "certificate_verify"), TW_PARTY_EVE, step_of_type(&m, TW_C2S, 15)));
	ck_assert(!tw_knows_has(must(&k, "client_private_key"), TW_PARTY_SERVER, (int)m.story.nstep - 1));
	tw_model_free(&m);
}
END_TEST

START_TEST(decrypt_later)
{
	tw_model m;
	tw_knows k;
	const tw_model *ec;
	int last;

	build_opts(&m, NULL, 0, 0, "record-now-decrypt-later");
	/* Connection 1, RSA key exchange: the server's key opens the recorded
	 * ClientKeyExchange, and everything follows. */
	ck_assert_int_eq(step_of_type(&m, TW_S2C, 12), -1);
	tw_knows_build(&m, &k);
	last = (int)m.story.nstep - 1;
	ck_assert(k.later && k.later_pms);
	ck_assert(must(&k, "server_private_key")->later);
	ck_assert(tw_knows_later(must(&k, "pre_master_secret"), last));
	ck_assert(tw_knows_later(must(&k, "key_block"), last));
	ck_assert(tw_knows_later(must(&k, "http_request"), last));
	ck_assert(tw_knows_later(must(&k, "http_response"), last));
	/* ... but only later: during the connection it lacks them. */
	ck_assert(tw_knows_lacks(must(&k, "pre_master_secret"), last));
	ck_assert_ptr_null(tw_knows_later_note(&k, 0));
	/* Connection 2, the same with ECDHE: the key only ever signed. */
	ec = m.next;
	ck_assert_ptr_nonnull(ec);
	ck_assert(step_of_type(ec, TW_S2C, 12) > 0);
	tw_knows_build(ec, &k);
	last = (int)ec->story.nstep - 1;
	ck_assert(k.later && !k.later_pms);
	ck_assert(must(&k, "server_private_key")->later);
	ck_assert(!tw_knows_later(must(&k, "pre_master_secret"), last));
	ck_assert(!tw_knows_later(must(&k, "master_secret"), last));
	ck_assert(!tw_knows_later(must(&k, "key_block"), last));
	ck_assert(!tw_knows_later(must(&k, "http_request"), last));
	ck_assert_ptr_nonnull(tw_knows_later_note(&k, 1));
	tw_model_free(&m);
}
END_TEST

Suite *
knows_suite(void)
{
	Suite *s = suite_create("knows");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, default_ecdhe);
	tcase_add_test(tc, rsa_kx);
	tcase_add_test(tc, resumed);
	tcase_add_test(tc, failed_expired);
	tcase_add_test(tc, failed_swap_params);
	tcase_add_test(tc, failed_replay);
	tcase_add_test(tc, mutual_tls);
	tcase_add_test(tc, decrypt_later);
	suite_add_tcase(s, tc);
	return s;
}
