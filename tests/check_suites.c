/*
 * check_suites.c — every connection a teacher can choose is walked and
 * verified: each suite of the table × each group (ECDHE suites; RSA key
 * exchange has none) × the certificate type the suite needs, one seed each.
 *
 * For every combination: the server chose the suite and the group asked
 * for (ServerHello, both engines, the key schedule), every verdict that
 * applies is verified (chain, ServerKeyExchange signature, pre-master
 * secret, master secret against both engines, keys, both Finished, every
 * record's tag or MAC, application data equal to what was sent), RSA key
 * exchange walks nine TLS steps with no ServerKeyExchange, and the
 * dissector's coverage invariant holds on every step. The values
 * themselves are checked against outside vectors in check_crypto.c; here
 * the point is that no combination is left out.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "suites.h"
#include "testutil.h"
#include "suite.h"

/* The groups --group accepts (issue 8, item 7). */
static const char *const group_names[] = {
	"x25519", "secp256r1", "secp384r1", "secp521r1"
};
#define NGROUPS (sizeof group_names / sizeof group_names[0])

typedef struct {
	const tw_suite *suite;
	const char *group;      /* NULL: RSA key exchange, no group */
} combo;

/* Filled once by suites_suite(), read by the forked tests. */
static combo combos[64 * NGROUPS];
static size_t ncombos;

static void
add_combos(void)
{
	size_t i, g;

	ncombos = 0;
	for (i = 0; i < tw_suite_count(); i++) {
		const tw_suite *s = tw_suite_at(i);

		if (s->kx == TW_KX_RSA) {
			combos[ncombos].suite = s;
			combos[ncombos++].group = NULL;
			continue;
		}
		for (g = 0; g < NGROUPS; g++) {
			/* Under valgrind (light) every suite once, the groups in
			 * turn; the native and sanitizer runs take every pair. */
			if (tu_iters(10) < 10 && g != i % NGROUPS)
				continue;
			combos[ncombos].suite = s;
			combos[ncombos++].group = group_names[g];
		}
	}
}

static void
options_for(const combo *c, tw_options *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->seeded = 1;
	o->suite = c->suite->id;
	o->group = c->group ? tw_group_find(c->group) : 0;
	o->cert_type = c->suite->auth == TW_AUTH_ECDSA ? TW_CERT_ECDSA : TW_CERT_RSA;
}

static size_t
tls_steps(const tw_model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->story.nstep; i++)
		n += m->story.step[i].stage == TW_STAGE_TLS;
	return n;
}

/* A verdict that cannot apply (no ServerKeyExchange under RSA key
 * exchange) must not claim anything: neither verified nor MISMATCH. */
static void
assert_no_claim(tw_verdict v, const char *name, const char *what)
{
	ck_assert_msg(v != TW_V_OK && v != TW_V_MISMATCH,
		"%s: %s is '%s' though there is nothing to check", what, name,
		tw_verdict_name(v));
}

#define VERIFIED(v, what) ck_assert_msg((v) == TW_V_OK, "%s: %s is '%s', want verified", \
	(what), #v, tw_verdict_name(v))

START_TEST(every_combination_verified)
{
	const combo *c = &combos[_i];
	const tw_keys *k;
	tw_options o;
	tw_model m;
	char what[128];
	size_t i, napp = 0;

	snprintf(what, sizeof what, "%s on %s with an %s certificate", c->suite->name,
		c->group ? c->group : "(no group)",
		c->suite->auth == TW_AUTH_ECDSA ? "ECDSA" : "RSA");
	options_for(c, &o);
	tu_build_opts(&m, &o, what);
	k = &m.keys;

	/* The suite and group asked for are the ones negotiated and walked. */
	ck_assert_msg(m.hs.suite == c->suite->id && m.wire.engine_suite[0] == c->suite->id
		&& m.wire.engine_suite[1] == c->suite->id,
		"%s: ServerHello says 0x%04x, engines 0x%04x / 0x%04x", what,
		m.hs.suite, m.wire.engine_suite[0], m.wire.engine_suite[1]);
	ck_assert_msg(k->suite == c->suite, "%s: the key schedule walked another suite", what);
	ck_assert_int_eq(k->kx, c->suite->kx);
	ck_assert_int_eq(k->prf_hash, c->suite->prf_hash);

	VERIFIED(k->chain_v, what);
	ck_assert_int_eq(k->chain_err, BR_ERR_X509_OK);
	if (c->group) {
		int gid = tw_group_find(c->group);

		ck_assert_msg(m.hs.curve == gid && k->curve == gid
			&& m.wire.fact[TW_C2S].curve == gid && m.wire.fact[TW_S2C].curve == gid,
			"%s: group %d asked, ServerKeyExchange %d, key schedule %d, engines %d / %d",
			what, gid, m.hs.curve, k->curve, m.wire.fact[TW_C2S].curve,
			m.wire.fact[TW_S2C].curve);
		ck_assert_msg(m.hs.have_ske, "%s: no ServerKeyExchange", what);
		VERIFIED(k->ske_sig, what);
		VERIFIED(k->server_scalar, what);
		VERIFIED(k->client_scalar, what);
		ck_assert_uint_eq(tls_steps(&m), 10);
	} else {
		/* RSA key exchange: the client encrypts the pre-master secret;
		 * no ServerKeyExchange, so nine TLS steps. */
		ck_assert_msg(!m.hs.have_ske, "%s: a ServerKeyExchange under RSA key exchange", what);
		ck_assert_msg(tw_story_find(&m.story, "tls-server-key-exchange") < 0,
			"%s: a ServerKeyExchange step under RSA key exchange", what);
		ck_assert_msg(tls_steps(&m) == 9, "%s: %zu TLS steps, want 9", what, tls_steps(&m));
		assert_no_claim(k->ske_sig, "ske_sig", what);
		assert_no_claim(k->server_scalar, "server_scalar", what);
		VERIFIED(k->rsa_block_v, what);
		ck_assert_uint_eq(k->pms_len, 48);
	}
	if (c->group == NULL && m.wire.fact[TW_S2C].rsa_pms_len == 0) {
		/* The server's RSA decryption was not recorded (BearSSL's
		 * br_rsa_ssl_decrypt moves the 48 bytes to the front of the
		 * buffer and leaves *len at the modulus size, which wire.c's
		 * policy wrapper does not expect yet): the comparison with the
		 * server engine must then say missing, never invent a verdict.
		 * Once recorded, the strict check below applies. */
		ck_assert_msg(k->pms_engines == TW_V_MISSING, "%s: pms_engines is '%s' with "
			"no recorded server decryption", what, tw_verdict_name(k->pms_engines));
	} else
		VERIFIED(k->pms_engines, what);
	VERIFIED(k->pms_v, what);
	VERIFIED(k->ms_client, what);
	VERIFIED(k->ms_server, what);
	tu_assert_bytes(k->ms, m.wire.engine_ms[0], 48);
	tu_assert_bytes(k->ms, m.wire.engine_ms[1], 48);
	VERIFIED(k->keys_v, what);
	VERIFIED(k->client_vd_v, what);
	VERIFIED(k->server_vd_v, what);

	/* Finished ×2, request, response, close_notify ×2 at least. */
	ck_assert_msg(k->nopened >= 6, "%s: %zu records opened", what, k->nopened);
	for (i = 0; i < k->nopened; i++) {
		const tw_opened *op = &k->opened[i];

		ck_assert_msg(op->tag == TW_V_OK, "%s: record %d (%s) tag or MAC is '%s'",
			what, op->rec, op->family, tw_verdict_name(op->tag));
		if (m.wire.rec[op->rec].type == TW_CT_APPDATA) {
			ck_assert_msg(op->matches_sent == TW_V_OK,
				"%s: application record %d is '%s' against what was sent",
				what, op->rec, tw_verdict_name(op->matches_sent));
			napp++;
		}
	}
	ck_assert_msg(napp >= 2, "%s: %zu application records opened", what, napp);

	tu_assert_model_coverage(&m, what);
	tw_model_free(&m);
}
END_TEST

Suite *
suites_suite(void)
{
	Suite *s = suite_create("suites");
	TCase *tc = tcase_create("every suite x group x certificate");

	add_combos();
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, every_combination_verified, 0, (int)ncombos);
	suite_add_tcase(s, tc);
	return s;
}
