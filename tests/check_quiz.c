/*
 * check_quiz.c — the quiz: questions for the runs that have their subject
 * and none for those that lack it, every right answer derived again here
 * without the quiz (the sender from RFC 5246's message table and the
 * stream the bytes lie in, the seed order and the key bytes from our own
 * PRF run, the suite and group read from the raw hello bytes, the changed
 * ClientHello sent for real through the engines), no step named that the
 * run does not have, the state machine, and the text runner.
 */
#include "config.h"
#include <locale.h>
#include <string.h>
#include "suites.h"
#include "testutil.h"
#include "quiz.h"
#include "scenario.h"
#include "names.h"

/* ---- helpers ---------------------------------------------------------------- */

static void
build_opts(tw_model *m, const char *suite, int resume, const char *scenario)
{
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seed = 7;
	o.seeded = 1;
	o.resume = resume;
	if (suite) {
		const tw_suite *s = tw_suite_find(suite);
		ck_assert_ptr_nonnull(s);
		o.suite = s->id;
		if (s->auth == TW_AUTH_ECDSA)
			o.cert_type = TW_CERT_ECDSA;
	}
	if (scenario) {
		const tw_scenario_def *d = tw_scenario_find(scenario);
		ck_assert_ptr_nonnull(d);
		d->apply(&o);
		tw_err_clear(&e);
		tw_model_build(m, &o, &e);     /* fails, on purpose */
		ck_assert_msg(m->wire.nrec > 0, "%s: nothing ran", scenario);
		return;
	}
	tu_build_opts(m, &o, suite ? suite : "default");
}

static const tw_quiz_q *
find_kind(const tw_quiz *q, const char *kind)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->q[i].kind, kind) == 0)
			return &q->q[i];
	return NULL;
}

static const char *
right_en(const tw_quiz_q *q)
{
	return q->choice[q->right][0];
}

/* "a5 4a 7d a7" */
static void
hex4(const uint8_t *b, char *out)
{
	sprintf(out, "%02x %02x %02x %02x", b[0], b[1], b[2], b[3]);
}

/* RFC 5246 §7.3's handshake table: who sends each message; NULL for the
 * ones both sides send (then the stream the bytes lie in decides). */
static const char *
rfc_sender(const char *name)
{
	static const struct { const char *name, *side; } t[] = {
		{ "ClientHello", "the client" }, { "ServerHello", "the server" },
		{ "ServerKeyExchange", "the server" }, { "CertificateRequest", "the server" },
		{ "ServerHelloDone", "the server" }, { "ClientKeyExchange", "the client" },
		{ "CertificateVerify", "the client" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].side;
	return NULL;
}

/* Every text of every question: 4 different choices, one right; the steps
 * named exist; every circled number in the texts is a TLS step of m. */
static void
check_texts(const tw_quiz *q, const char *what)
{
	static const char *const circled[] = {
		"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
		"⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"
	};
	size_t i, k;
	int l, a, b, n;

	for (i = 0; i < q->n; i++) {
		const tw_quiz_q *qq = &q->q[i];
		ck_assert_msg(qq->right >= 0 && qq->right < 4, "%s q%zu: right %d", what, i, qq->right);
		for (l = 0; l < 2; l++) {
			const char *texts[6];
			ck_assert_msg(qq->text[l] && qq->text[l][0] && qq->explain[l] && qq->explain[l][0],
				"%s q%zu (%s): empty text", what, i, qq->kind);
			for (a = 0; a < 4; a++) {
				ck_assert_msg(qq->choice[a][l] && qq->choice[a][l][0], "%s q%zu: empty choice", what, i);
				for (b = 0; b < a; b++)
					ck_assert_msg(strcmp(qq->choice[a][l], qq->choice[b][l]) != 0,
						"%s q%zu (%s): two choices read '%s'", what, i, qq->kind, qq->choice[a][l]);
			}
			texts[0] = qq->text[l];
			texts[1] = qq->explain[l];
			for (a = 0; a < 4; a++)
				texts[2 + a] = qq->choice[a][l];
			for (a = 0; a < 6; a++)
				for (n = 0; n < 20; n++)
					if (strstr(texts[a], circled[n]))
						ck_assert_msg(tw_story_find_number(&qq->m->story, TW_STAGE_TLS, n + 1) >= 0,
							"%s q%zu (%s) names %s, a step this run does not have: %s",
							what, i, qq->kind, circled[n], texts[a]);
		}
		for (k = 0; k < TW_QUIZ_MAX_STEPS && qq->step[k] >= 0; k++)
			ck_assert_msg((size_t)qq->step[k] < qq->m->story.nstep, "%s q%zu: step %d", what, i, qq->step[k]);
	}
}

/* The sender of every step asked about, from the RFC's table and from
 * the stream the step's bytes lie in. */
static void
check_senders(const tw_quiz *q)
{
	size_t i;
	int seen = 0;

	for (i = 0; i < q->n; i++) {
		const tw_quiz_q *qq = &q->q[i];
		const tw_model *m = qq->m;
		const tw_step *st;
		const char *want, *rfc;
		if (strcmp(qq->kind, "sender") != 0)
			continue;
		seen++;
		st = &m->story.step[qq->step[0]];
		want = st->bytes >= m->wire.stream[TW_C2S]
			&& st->bytes < m->wire.stream[TW_C2S] + m->wire.stream_len[TW_C2S]
			? "the client" : "the server";
		rfc = rfc_sender(st->name);
		if (rfc)
			ck_assert_str_eq(rfc, want);
		ck_assert_msg(strcmp(right_en(qq), want) == 0, "sender of %s: quiz says %s, want %s",
			st->name, right_en(qq), want);
	}
	ck_assert_int_ge(seen, 1);
}

/* The seed orders as RFC 5246 §8.1 and §6.3 put them, confirmed on this
 * run's own values by our PRF run. */
static void
check_seeds(const tw_model *m, const tw_quiz *q, int want_ms)
{
	const tw_quiz_q *kb = find_kind(q, "kb-seed"), *ms = find_kind(q, "ms-seed");
	uint8_t seed[64];
	tw_prf_trace t;

	ck_assert_ptr_nonnull(kb);
	ck_assert_str_eq(right_en(kb), "the server random");
	memcpy(seed, m->hs.server_random, 32);
	memcpy(seed + 32, m->hs.client_random, 32);
	ck_assert_int_eq(tw_prf(&t, m->keys.prf_hash, m->keys.ms, 48, "key expansion", seed, 64,
		m->keys.kb_trace.out_len), 0);
	tu_assert_bytes(t.out, m->keys.kb_trace.out, t.out_len);
	if (!want_ms) {
		ck_assert_ptr_null(ms);
		return;
	}
	ck_assert_ptr_nonnull(ms);
	ck_assert_str_eq(right_en(ms), "the client random");
	memcpy(seed, m->hs.client_random, 32);
	memcpy(seed + 32, m->hs.server_random, 32);
	ck_assert_int_eq(tw_prf(&t, m->keys.prf_hash, m->keys.pms, m->keys.pms_len, "master secret",
		seed, 64, 48), 0);
	tu_assert_bytes(t.out, m->keys.ms, 48);
}

/* The key asked about, cut here from a key block computed here; the
 * wrong choices are prefixes of real values of the run. */
static void
check_key_bytes(const tw_model *m, const tw_quiz *q)
{
	const tw_quiz_q *kq = find_kind(q, "key-bytes");
	const tw_suite *s = m->keys.suite;
	uint8_t seed[64];
	tw_prf_trace t;
	size_t mk = s->mac_key_len, k = s->key_len, iv = s->fixed_iv_len, off, i;
	char want[16], cand[16][16];
	size_t nc = 0;
	int a, found;

	ck_assert_ptr_nonnull(kq);
	memcpy(seed, m->hs.server_random, 32);
	memcpy(seed + 32, m->hs.client_random, 32);
	ck_assert_int_eq(tw_prf(&t, m->keys.prf_hash, m->keys.ms, 48, "key expansion", seed, 64,
		2 * (mk + k + iv)), 0);
	/* RFC 5246 §6.3: client MAC, server MAC, client key, server key, client IV, server IV */
	if (strcmp(kq->about, "client_write_mac_key") == 0)
		off = 0;
	else if (strcmp(kq->about, "server_write_mac_key") == 0)
		off = mk;
	else if (strcmp(kq->about, "client_write_key") == 0)
		off = 2 * mk;
	else {
		ck_assert_str_eq(kq->about, "server_write_key");
		off = 2 * mk + k;
	}
	hex4(t.out + off, want);
	ck_assert_str_eq(right_en(kq), want);
	for (i = 0; i < 6; i++) {
		static const int which[6] = { 0, 0, 1, 1, 2, 2 };
		size_t len = which[i] == 0 ? mk : which[i] == 1 ? k : iv;
		size_t at = (which[i] == 0 ? 0 : which[i] == 1 ? 2 * mk : 2 * mk + 2 * k) + (i % 2) * len;
		if (len >= 4)
			hex4(t.out + at, cand[nc++]);
	}
	hex4(m->keys.ms, cand[nc++]);
	hex4(m->keys.pms, cand[nc++]);
	hex4(m->hs.client_random, cand[nc++]);
	hex4(m->hs.server_random, cand[nc++]);
	for (a = 0; a < 4; a++) {
		found = 0;
		for (i = 0; i < nc; i++)
			found |= strcmp(kq->choice[a][0], cand[i]) == 0;
		ck_assert_msg(found, "key-bytes choice '%s' is none of the run's values", kq->choice[a][0]);
	}
	/* The key is named once, by RFC 5246 §6.3's name, and its place in
	 * the key block is the one computed above: the label of its secrets
	 * line, which gives the place again, would name it twice. */
	{
		char name[32], sent[96], *p;
		size_t len = strstr(kq->about, "mac") ? mk : k;
		snprintf(name, sizeof name, "%s", kq->about);
		for (p = name; *p; p++)
			if (*p == '_')
				*p = ' ';
		if ((p = strstr(name, "mac")) != NULL)
			memcpy(p, "MAC", 3);
		snprintf(sent, sizeof sent, "What are the first 4 bytes of the %s?", name);
		ck_assert_str_eq(kq->text[0], sent);
		snprintf(sent, sizeof sent, "The %s is bytes %zu–%zu,", name, off, off + len - 1);
		ck_assert_msg(strstr(kq->explain[0], sent) != NULL, "'%s' not in: %s", sent, kq->explain[0]);
		ck_assert_msg(strstr(kq->text[1], "：") == NULL, "zh: %s", kq->text[1]);
	}
}

/* Suite and group read from the raw hello bytes here. */
static size_t
hs_body(const tw_step *st, uint8_t type)
{
	size_t o = 0;

	if (st->len > 5 && st->bytes[0] == 22)
		o = 5;
	ck_assert_msg(st->len > o + 4 && st->bytes[o] == type, "step %s: not handshake type %u",
		st->id, type);
	return o + 4;
}

static void
check_suite_group(const tw_model *m, const tw_quiz *q, int want_group)
{
	const tw_quiz_q *sq = find_kind(q, "suite"), *gq = find_kind(q, "group");
	const tw_step *sh = &m->story.step[tw_story_find(&m->story, "tls-server-hello")];
	const tw_step *ch = &m->story.step[tw_story_find(&m->story, "tls-client-hello")];
	size_t o = hs_body(sh, 2), co = hs_body(ch, 1), n, i;
	uint16_t suite;
	int a;

	ck_assert_ptr_nonnull(sq);
	o += 2 + 32;
	o += 1 + sh->bytes[o];
	suite = (uint16_t)(sh->bytes[o] << 8 | sh->bytes[o + 1]);
	ck_assert_str_eq(right_en(sq), tw_name_suite(suite));
	/* every choice is in the ClientHello's list */
	co += 2 + 32;
	co += 1 + ch->bytes[co];
	n = (size_t)(ch->bytes[co] << 8 | ch->bytes[co + 1]);
	co += 2;
	for (a = 0; a < 4; a++) {
		int found = 0;
		for (i = 0; i + 1 < n; i += 2)
			found |= strcmp(sq->choice[a][0],
				tw_name_suite((uint16_t)(ch->bytes[co + i] << 8 | ch->bytes[co + i + 1]))
				? tw_name_suite((uint16_t)(ch->bytes[co + i] << 8 | ch->bytes[co + i + 1])) : "") == 0;
		ck_assert_msg(found, "suite choice %s was not offered", sq->choice[a][0]);
	}
	if (!want_group) {
		ck_assert_ptr_null(gq);
		return;
	}
	ck_assert_ptr_nonnull(gq);
	{
		const tw_step *ske = &m->story.step[tw_story_find(&m->story, "tls-server-key-exchange")];
		size_t so = hs_body(ske, 12);
		ck_assert_int_eq(ske->bytes[so], 3);     /* named_curve */
		ck_assert_str_eq(right_en(gq),
			tw_name_group((uint16_t)(ske->bytes[so + 1] << 8 | ske->bytes[so + 2])));
	}
}

/* The changed ClientHello sent for real: the engines' own verdict names
 * the check the quiz calls right. */
static void
check_tamper(const tw_model *m, const tw_quiz *q, const char *suite)
{
	const tw_quiz_q *tq = find_kind(q, "tamper");
	const tw_step *ch = &m->story.step[tw_story_find(&m->story, "tls-client-hello")];
	size_t co = hs_body(ch, 1), n;
	char spec[64];
	tw_options o;
	tw_model t;
	tw_err e;

	ck_assert_ptr_nonnull(tq);
	ck_assert_msg(strstr(right_en(tq), "verify_data") && strstr(right_en(tq), "Finished"),
		"tamper: right answer '%s'", right_en(tq));
	co += 2 + 32;
	co += 1 + ch->bytes[co];
	n = (size_t)(ch->bytes[co] << 8 | ch->bytes[co + 1]);
	snprintf(spec, sizeof spec, "tls-client-hello:%zu", co + 2 + n - 1);
	memset(&o, 0, sizeof o);
	o.seed = 7;
	o.seeded = 1;
	o.tamper = spec;
	if (suite) {
		o.suite = tw_suite_find(suite)->id;
		if (tw_suite_find(suite)->auth == TW_AUTH_ECDSA)
			o.cert_type = TW_CERT_ECDSA;
	}
	tw_err_clear(&e);
	ck_assert_int_lt(tw_model_build(&t, &o, &e), 0);
	ck_assert_msg(t.failure.failed && t.failure.check_en
		&& strstr(t.failure.check_en, "Finished"),
		"the real tamper %s was caught by '%s'", spec,
		t.failure.check_en ? t.failure.check_en : "nothing");
	tw_model_free(&t);
}

static void
check_common(const tw_model *m, const tw_quiz *q, const char *what)
{
	const tw_quiz_q *ml = find_kind(q, "ms-len"), *fe = find_kind(q, "first-encrypted");

	check_texts(q, what);
	check_senders(q);
	ck_assert_ptr_nonnull(ml);
	ck_assert_str_eq(right_en(ml), "48");       /* RFC 5246 §8.1 */
	ck_assert_ptr_nonnull(fe);
	/* RFC 5246 §7.1: the first message under the new keys is Finished */
	ck_assert_msg(strstr(right_en(fe), "Finished") != NULL, "first encrypted: %s", right_en(fe));
	(void)m;
}

/* ---- the runs ---------------------------------------------------------------- */

START_TEST(quiz_default)
{
	tw_model m;
	tw_quiz q;
	const tw_quiz_q *c;

	build_opts(&m, NULL, 0, NULL);
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	ck_assert_msg(q.n >= 8 && q.n <= 12, "default: %zu questions", q.n);
	check_common(&m, &q, "default");
	check_seeds(&m, &q, 1);
	check_key_bytes(&m, &q);
	check_suite_group(&m, &q, 1);
	check_tamper(&m, &q, NULL);
	c = find_kind(&q, "carrier");
	ck_assert_ptr_nonnull(c);
	ck_assert_msg(strstr(right_en(c), "ServerKeyExchange") != NULL, "carrier: %s", right_en(c));
	ck_assert_ptr_null(find_kind(&q, "failure"));
	/* ⑤ is asked, as the example */
	ck_assert_msg(strstr(q.q[0].text[0], "⑤ ServerHelloDone") != NULL, "%s", q.q[0].text[0]);
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

START_TEST(quiz_rsa_kx)
{
	tw_model m;
	tw_quiz q;
	const tw_quiz_q *c;
	size_t i;

	build_opts(&m, "TLS_RSA_WITH_AES_128_GCM_SHA256", 0, NULL);
	ck_assert_int_eq(tw_quiz_build(&m, 1, &q), 0);
	ck_assert_msg(q.n >= 8, "RSA: %zu questions", q.n);
	check_common(&m, &q, "RSA");
	check_seeds(&m, &q, 1);
	check_key_bytes(&m, &q);
	check_suite_group(&m, &q, 0);
	check_tamper(&m, &q, "TLS_RSA_WITH_AES_128_GCM_SHA256");
	c = find_kind(&q, "carrier");
	ck_assert_ptr_nonnull(c);
	ck_assert_msg(strstr(right_en(c), "ClientKeyExchange") != NULL, "carrier: %s", right_en(c));
	/* no ServerKeyExchange anywhere */
	for (i = 0; i < q.n; i++) {
		int a;
		ck_assert(strstr(q.q[i].text[0], "ServerKeyExchange") == NULL);
		ck_assert(strstr(q.q[i].explain[1], "ServerKeyExchange 的签名") == NULL);
		for (a = 0; a < 4; a++)
			ck_assert(strstr(q.q[i].choice[a][0], "ServerKeyExchange") == NULL);
	}
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

START_TEST(quiz_ecdsa_chacha)
{
	tw_model m;
	tw_quiz q;

	build_opts(&m, "ECDHE-ECDSA-CHACHA20-POLY1305", 0, NULL);
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	ck_assert_msg(q.n >= 8, "ChaCha: %zu questions", q.n);
	check_common(&m, &q, "ECDSA ChaCha20");
	check_seeds(&m, &q, 1);
	check_key_bytes(&m, &q);
	check_suite_group(&m, &q, 1);
	check_tamper(&m, &q, "ECDHE-ECDSA-CHACHA20-POLY1305");
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

START_TEST(quiz_cbc)
{
	tw_model m;
	tw_quiz q;

	build_opts(&m, "ECDHE-RSA-AES256-SHA", 0, NULL);
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	check_common(&m, &q, "CBC");
	check_key_bytes(&m, &q);
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

START_TEST(quiz_resume)
{
	tw_model m;
	tw_quiz q, all;
	size_t i;

	build_opts(&m, NULL, 1, NULL);
	ck_assert_ptr_nonnull(m.next);
	ck_assert_int_eq(tw_quiz_build(m.next, 0, &q), 0);
	ck_assert_msg(q.n >= 5, "resumed: %zu questions", q.n);
	check_common(m.next, &q, "resumed");
	/* no key exchange: nothing derived from a pre-master secret */
	check_seeds(m.next, &q, 0);
	check_key_bytes(m.next, &q);
	ck_assert_ptr_null(find_kind(&q, "group"));
	ck_assert_ptr_null(find_kind(&q, "carrier"));
	for (i = 0; i < q.n; i++)
		ck_assert_ptr_eq(q.q[i].m, m.next);
	/* the command line's chain: both connections, each named */
	ck_assert_int_eq(tw_quiz_build_chain(&m, 0, &all), 0);
	ck_assert_uint_gt(all.n, q.n);
	ck_assert_ptr_eq(all.q[0].m, &m);
	ck_assert_ptr_eq(all.q[all.n - 1].m, m.next);
	ck_assert(strncmp(all.q[0].text[0], "Connection 1 of 2", 17) == 0);
	ck_assert(strstr(all.q[all.n - 1].text[1], "恢复的会话") != NULL);
	check_texts(&all, "chain");
	tw_quiz_free(&all);
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

START_TEST(quiz_failure)
{
	tw_model m;
	tw_quiz q;
	const tw_quiz_q *f;
	static const char *const absent[] = { "kb-seed", "ms-seed", "key-bytes", "tamper",
		"first-encrypted", "ms-len" };
	size_t i;

	build_opts(&m, NULL, 0, "expired");
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	check_texts(&q, "expired");
	check_senders(&q);
	for (i = 0; i < sizeof absent / sizeof absent[0]; i++)
		ck_assert_msg(find_kind(&q, absent[i]) == NULL, "expired: asks %s", absent[i]);
	f = find_kind(&q, "failure");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(right_en(f), m.failure.check_en);
	ck_assert(strstr(right_en(f), "validity") != NULL);
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

/* Every scenario: each question's texts name only steps the run has, and
 * each sender is the RFC's. */
START_TEST(quiz_every_scenario)
{
	const tw_scenario_def *d;
	size_t i;

	for (i = 0; (d = tw_scenario_at(i)) != NULL; i++) {
		tw_model m;
		tw_quiz q;
		build_opts(&m, NULL, 0, d->name);
		ck_assert_msg(tw_quiz_build_chain(&m, 0, &q) == 0, "%s: build failed", d->name);
		ck_assert_msg(q.n >= 3, "%s: %zu questions", d->name, q.n);
		check_texts(&q, d->name);
		check_senders(&q);
		if (m.failure.failed)
			ck_assert_msg(find_kind(&q, "failure") != NULL, "%s: failed, not asked why", d->name);
		/* The ServerKeyExchange's point is signed so that a replaced
		 * one is caught (RFC 5246 §7.4.3); the explanation says it was
		 * replaced exactly when the client received other bytes than
		 * the server sent. */
		{
			const tw_quiz_q *c = find_kind(&q, "carrier");
			int ske = tw_story_find(&m.story, "tls-server-key-exchange");
			if (c != NULL && ske >= 0 && m.keys.kx == TW_KX_ECDHE) {
				const tw_step *st = &m.story.step[ske];
				int changed = m.wire.received[TW_S2C] != NULL
					&& m.wire.received_len[TW_S2C] >= st->stream_off + st->len
					&& memcmp(m.wire.received[TW_S2C] + st->stream_off, st->bytes, st->len) != 0;
				ck_assert_msg((strstr(c->explain[0], "did replace it") != NULL) == changed,
					"%s: %s", d->name, c->explain[0]);
				ck_assert_msg((strstr(c->explain[1], "确实") != NULL) == changed,
					"%s: %s", d->name, c->explain[1]);
				ck_assert_msg(strstr(c->explain[0], "unnoticed") != NULL, "%s", c->explain[0]);
			}
		}
		/* The suite question says the server chose from a list a man in
		 * the middle changed exactly when the server received other
		 * ClientHello bytes than the client sent (downgrade). */
		{
			const tw_quiz_q *c = find_kind(&q, "suite");
			int ch = tw_story_find(&m.story, "tls-client-hello");
			if (c != NULL && ch >= 0) {
				const tw_step *st = &m.story.step[ch];
				int changed = m.wire.received[TW_C2S] != NULL
					&& m.wire.received_len[TW_C2S] >= st->stream_off + st->len
					&& memcmp(m.wire.received[TW_C2S] + st->stream_off, st->bytes, st->len) != 0;
				ck_assert_msg((strstr(c->explain[0], "man in the middle changed the list") != NULL) == changed,
					"%s: %s", d->name, c->explain[0]);
				ck_assert_msg((strstr(c->explain[1], "中间人在途中改动了这个列表") != NULL) == changed,
					"%s: %s", d->name, c->explain[1]);
			}
		}
		tw_quiz_free(&q);
		tw_model_free(&m);
	}
}
END_TEST

START_TEST(quiz_tls13_none)
{
	tw_model m;
	tw_quiz q;

	/* A TLS 1.3 capture has no quiz: said in both languages. */
	build_opts(&m, NULL, 0, NULL);
	m.t13.present = 1;
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	ck_assert_uint_eq(q.n, 0);
	ck_assert(strstr(q.none[0], "TLS 1.3") != NULL);
	ck_assert(strstr(q.none[1], "TLS 1.3") != NULL && strstr(q.none[1], "测验") != NULL);
	tw_quiz_free(&q);
	m.t13.present = 0;
	tw_model_free(&m);
}
END_TEST

/* ---- the state machine, the page, the text runner ----------------------------- */

START_TEST(quiz_state)
{
	tw_model m;
	tw_quiz q, q2;
	size_t i;
	int r;

	build_opts(&m, NULL, 0, NULL);
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	ck_assert_int_eq(tw_quiz_build(&m, 1, &q2), 0);
	/* the same run, the same quiz in either language */
	ck_assert_uint_eq(q.n, q2.n);
	for (i = 0; i < q.n; i++) {
		ck_assert_str_eq(q.q[i].kind, q2.q[i].kind);
		ck_assert_int_eq(q.q[i].right, q2.q[i].right);
	}
	tw_quiz_free(&q2);
	ck_assert_int_eq(tw_quiz_next(&q), -1);                 /* not answered */
	ck_assert_int_eq(tw_quiz_key(&q, 'x'), TW_QUIZ_K_NONE);
	ck_assert_int_eq(tw_quiz_key(&q, 'a' + q.q[0].right), TW_QUIZ_K_ANSWERED);
	ck_assert_int_eq(q.score, 1);
	ck_assert_int_eq(tw_quiz_answer(&q, 0), -1);            /* once only */
	ck_assert_int_eq(tw_quiz_key(&q, TW_KEY_DOWN), TW_QUIZ_K_SCROLL);
	ck_assert_int_eq(tw_quiz_key(&q, ' '), TW_QUIZ_K_NEXT);
	ck_assert_uint_eq(q.cur, 1);
	ck_assert_int_eq(tw_quiz_key(&q, 'L'), TW_QUIZ_K_LANG);
	/* a wrong answer in capitals */
	ck_assert_int_eq(tw_quiz_key(&q, 'A' + (q.q[1].right + 1) % 4), TW_QUIZ_K_ANSWERED);
	ck_assert_int_eq(q.score, 1);
	for (i = 1; i < q.n; i++) {
		if (!q.answered)
			tw_quiz_answer(&q, q.q[i].right);
		ck_assert_int_eq(tw_quiz_next(&q), 0);
	}
	ck_assert(tw_quiz_done(&q));
	ck_assert_int_eq(q.score, (int)q.n - 1);
	ck_assert_int_eq(tw_quiz_answer(&q, 0), -1);
	ck_assert_int_eq(tw_quiz_key(&q, 'b'), TW_QUIZ_K_LEAVE);
	tw_quiz_restart(&q);
	ck_assert_int_eq(q.score, 0);
	ck_assert_int_eq(tw_quiz_key(&q, TW_KEY_ESC), TW_QUIZ_K_LEAVE);
	ck_assert_int_eq(tw_quiz_key(&q, 'q'), TW_QUIZ_K_LEAVE);
	r = tw_quiz_done(&q);
	ck_assert_int_eq(r, 0);
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

/* Each page, answered, fits an 80×24 screen's quiz box (22 rows inside
 * the border, a blank first row: 21 lines of 76 columns), both languages,
 * for every run above. */
START_TEST(quiz_fits_80x24)
{
	static const char *const suites[] = { NULL, "TLS_RSA_WITH_AES_128_GCM_SHA256",
		"ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-AES256-SHA" };
	size_t s, i, j;
	int zh, wrong;

	ck_assert_msg(setlocale(LC_ALL, "C.UTF-8") != NULL, "the C.UTF-8 locale is needed");
	for (s = 0; s < sizeof suites / sizeof suites[0]; s++) {
		tw_model m;
		tw_quiz q;
		build_opts(&m, suites[s], s == 0, NULL);
		ck_assert_int_eq(tw_quiz_build_chain(&m, 0, &q), 0);
		for (zh = 0; zh < 2; zh++)
			for (wrong = 0; wrong < 2; wrong++)
				for (i = 0; i < q.n; i++) {
					tw_doc d;
					q.zh = zh;
					q.cur = i;
					q.answered = 1;
					q.picked = wrong ? (q.q[i].right + 1) % 4 : q.q[i].right;
					tw_doc_init(&d);
					tw_quiz_doc(&q, 76, 0, &d);
					ck_assert(!d.oom);
					ck_assert_msg(d.n <= 21, "%s %s q%zu (%s): %zu lines",
						suites[s] ? suites[s] : "default", zh ? "zh" : "en", i,
						q.q[i].kind, d.n);
					for (j = 0; j < d.n; j++)
						ck_assert_int_le(tw_ui_width(d.line[j].text, (size_t)-1), 76);
					tw_doc_free(&d);
				}
		tw_quiz_free(&q);
		tw_model_free(&m);
	}
}
END_TEST

static char *
run_text(tw_quiz *q, const char *input)
{
	FILE *in = fmemopen((void *)input, strlen(input), "r");
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(tw_quiz_run_text(q, in, o, 1), 0);
	fclose(in);
	fclose(o);
	return out;
}

START_TEST(quiz_text_runner)
{
	tw_model m;
	tw_quiz q;
	char input[512], want[64], *out;
	size_t i, n = 0;

	build_opts(&m, NULL, 0, NULL);
	ck_assert_int_eq(tw_quiz_build(&m, 0, &q), 0);
	/* a bad line first, then every answer right */
	n += (size_t)snprintf(input + n, sizeof input - n, "maybe\n\n");
	for (i = 0; i < q.n; i++)
		n += (size_t)snprintf(input + n, sizeof input - n, " %c \n", 'A' + q.q[i].right);
	out = run_text(&q, input);
	ck_assert_msg(strstr(out, "'maybe' is not an answer") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "'' is not an answer") != NULL, "%s", out);
	snprintf(want, sizeof want, "\nScore: %zu/%zu\n", q.n, q.n);
	ck_assert_msg(strstr(out, want) != NULL, "want %s in:\n%s", want, out);
	free(out);
	tw_quiz_free(&q);
	/* end of input after two answers, in Chinese: the score so far */
	ck_assert_int_eq(tw_quiz_build(&m, 1, &q), 0);
	snprintf(input, sizeof input, "%c\n%c\n", 'a' + q.q[0].right, 'a' + (q.q[1].right + 1) % 4);
	out = run_text(&q, input);
	ck_assert_msg(strstr(out, "得分：1/2\n") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "正确。") != NULL && strstr(out, "错误：正确答案是") != NULL, "%s", out);
	free(out);
	tw_quiz_free(&q);
	tw_model_free(&m);
}
END_TEST

Suite *
quiz_suite(void)
{
	Suite *s = suite_create("quiz");
	TCase *tc = tcase_create("quiz");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, quiz_default);
	tcase_add_test(tc, quiz_rsa_kx);
	tcase_add_test(tc, quiz_ecdsa_chacha);
	tcase_add_test(tc, quiz_cbc);
	tcase_add_test(tc, quiz_resume);
	tcase_add_test(tc, quiz_failure);
	tcase_add_test(tc, quiz_every_scenario);
	tcase_add_test(tc, quiz_tls13_none);
	tcase_add_test(tc, quiz_state);
	tcase_add_test(tc, quiz_fits_80x24);
	tcase_add_test(tc, quiz_text_runner);
	suite_add_tcase(s, tc);
	return s;
}
