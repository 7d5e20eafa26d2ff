/*
 * check_creds.c — the credentials loader: the built-in RSA and ECDSA
 * chains and keys, EC keys in both PEM forms, the key-matches-certificate
 * check (done by recomputing the public key), the client credentials for
 * mutual TLS, and the built-in chains verified by BearSSL's X.509 engine
 * as a client would: the good ones trusted, each certificate failure
 * scenario's refused with its own error, at the pinned clock and today,
 * in the X.509 engine alone and in a whole connection.
 */
#include "config.h"
#include "suites.h"
#include "testutil.h"
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "creds.h"
#include "model.h"
#include "util.h"

#define DATA TW_SRCDIR "/tests/data/"
#define CERTS TW_SRCDIR "/src/certs/"

/* 2027-01-01 00:00:00 UTC, the clock of seeded runs, in BearSSL's days
 * since 0000-01-01 (719528 days before the Unix epoch). */
#define DAYS_2027 (1798761600u / 86400u + 719528u)

static void
load_ok(tw_creds *c, const char *cert, const char *key, const char *ca,
	tw_cert_type type)
{
	tw_err e;

	tw_err_clear(&e);
	ck_assert_msg(tw_creds_load(c, cert, key, ca, type, &e) == 0,
		"load failed: %s", e.msg);
}

/* Loading fails with one sentence holding want1 and want2. */
static void
load_fails(const char *cert, const char *key, tw_cert_type type,
	const char *want1, const char *want2)
{
	tw_creds c;
	tw_err e;

	tw_err_clear(&e);
	ck_assert_int_eq(tw_creds_load(&c, cert, key, NULL, type, &e), -1);
	ck_assert_msg(strstr(e.msg, want1) != NULL, "'%s' not in: %s", want1, e.msg);
	ck_assert_msg(strstr(e.msg, want2) != NULL, "'%s' not in: %s", want2, e.msg);
	ck_assert_ptr_null(strchr(e.msg, '\n'));
	/* A failed load leaves nothing to free, and freeing is still safe. */
	ck_assert_uint_eq(c.chain_len, 0);
	ck_assert_ptr_null(c.keybuf);
	tw_creds_free(&c);
}

/* Run a chain through br_x509_minimal against anchors at a clock (days
 * since 0000-01-01, seconds in the day); returns BearSSL's error (0:
 * trusted) and the leaf key's type. */
static unsigned
verify_chain_at(const br_x509_certificate *chain, size_t n,
	const br_x509_trust_anchor *anchors, size_t nanchors, const char *host,
	uint32_t days, uint32_t secs, int *key_type)
{
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	const br_x509_pkey *pk;
	unsigned err, usages = 0;
	size_t i;

	br_x509_minimal_init_full(&xc, anchors, nanchors);
	br_x509_minimal_set_time(&xc, days, secs);
	(*vt)->start_chain(vt, host);
	for (i = 0; i < n; i++) {
		(*vt)->start_cert(vt, (uint32_t)chain[i].data_len);
		(*vt)->append(vt, chain[i].data, chain[i].data_len);
		(*vt)->end_cert(vt);
	}
	err = (*vt)->end_chain(vt);
	pk = (*vt)->get_pkey(vt, &usages);
	*key_type = pk ? pk->key_type : -1;
	return err;
}

/* The same at the 2027 clock of seeded runs. */
static unsigned
verify_chain(const br_x509_certificate *chain, size_t n,
	const br_x509_trust_anchor *anchors, size_t nanchors, const char *host,
	int *key_type)
{
	return verify_chain_at(chain, n, anchors, nanchors, host, DAYS_2027, 0,
		key_type);
}

static int
contains(const unsigned char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

START_TEST(builtin_rsa)
{
	tw_creds c;

	load_ok(&c, NULL, NULL, NULL, TW_CERT_RSA);
	ck_assert_int_eq(c.key_type, BR_KEYTYPE_RSA);
	ck_assert_uint_eq(c.key.n_bitlen, 2048);
	ck_assert_uint_eq(c.chain_len, 2);
	ck_assert(contains(c.chain[0].data, c.chain[0].data_len, "www.example.com"));
	tw_creds_free(&c);
}
END_TEST

START_TEST(builtin_ecdsa)
{
	tw_creds c;

	load_ok(&c, NULL, NULL, NULL, TW_CERT_ECDSA);
	ck_assert_int_eq(c.key_type, BR_KEYTYPE_EC);
	ck_assert_int_eq(c.ec_key.curve, BR_EC_secp256r1);
	ck_assert_uint_eq(c.ec_key.xlen, 32);
	ck_assert_uint_eq(c.chain_len, 2);
	ck_assert(contains(c.chain[0].data, c.chain[0].data_len, "www.example.com"));
	ck_assert(contains(c.chain[1].data, c.chain[1].data_len,
		"tlswalk Demo ECDSA Intermediate CA"));
	tw_creds_free(&c);
}
END_TEST

START_TEST(default_anchors_are_the_three_roots)
{
	tw_creds c;
	int t;

	load_ok(&c, NULL, NULL, NULL, TW_CERT_RSA);
	ck_assert_uint_eq(c.anchors_len, 3);
	ck_assert_int_eq(c.anchors[0].pkey.key_type, BR_KEYTYPE_RSA);
	ck_assert(contains(c.anchors[0].dn.data, c.anchors[0].dn.len, "tlswalk Demo Root CA"));
	ck_assert_int_eq(c.anchors[1].pkey.key_type, BR_KEYTYPE_EC);
	ck_assert_int_eq(c.anchors[1].pkey.key.ec.curve, BR_EC_secp256r1);
	ck_assert(contains(c.anchors[1].dn.data, c.anchors[1].dn.len,
		"tlswalk Demo ECDSA Root CA"));
	ck_assert_int_eq(c.anchors[2].pkey.key_type, BR_KEYTYPE_RSA);
	ck_assert(contains(c.anchors[2].dn.data, c.anchors[2].dn.len,
		"tlswalk Demo Scenario Root CA"));
	/* The RSA chain still verifies with three anchors to choose from. */
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"www.example.com", &t), 0);
	ck_assert_int_eq(t, BR_KEYTYPE_RSA);
	tw_creds_free(&c);
	/* --ca replaces all three. */
	load_ok(&c, NULL, NULL, DATA "other-root.pem", TW_CERT_ECDSA);
	ck_assert_uint_eq(c.anchors_len, 1);
	tw_creds_free(&c);
}
END_TEST

/* The ECDSA leaf chains to the ECDSA root, and only to it. */
START_TEST(ecdsa_chain_verifies)
{
	tw_creds c;
	int t;

	load_ok(&c, NULL, NULL, NULL, TW_CERT_ECDSA);
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"www.example.com", &t), 0);
	ck_assert_int_eq(t, BR_KEYTYPE_EC);
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, &c.anchors[1], 1,
		"example.com", &t), 0);
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, &c.anchors[0], 1,
		"www.example.com", &t), BR_ERR_X509_NOT_TRUSTED);
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"www.example.org", &t), BR_ERR_X509_BAD_SERVER_NAME);
	tw_creds_free(&c);
}
END_TEST

START_TEST(client_creds)
{
	tw_creds c;
	int t;

	load_ok(&c, NULL, NULL, NULL, TW_CERT_ECDSA);
	ck_assert_uint_eq(c.client_chain_len, 1);
	ck_assert(contains(c.client_chain[0].data, c.client_chain[0].data_len,
		"tlswalk demo student"));
	ck_assert_uint_eq(c.client_key.n_bitlen, 2048);
	ck_assert_ptr_nonnull(c.client_keybuf);
	ck_assert_uint_eq(c.client_anchors_len, 1);
	ck_assert(contains(c.client_anchors[0].dn.data, c.client_anchors[0].dn.len,
		"tlswalk Demo Client CA"));
	/* The server's check of the client: no host name for a client. */
	ck_assert_uint_eq(verify_chain(c.client_chain, c.client_chain_len,
		c.client_anchors, c.client_anchors_len, NULL, &t), 0);
	ck_assert_int_eq(t, BR_KEYTYPE_RSA);
	/* The server trusts its client CA, not the web roots. */
	ck_assert_uint_eq(verify_chain(c.client_chain, c.client_chain_len,
		c.anchors, c.anchors_len, NULL, &t), BR_ERR_X509_NOT_TRUSTED);
	tw_creds_free(&c);
}
END_TEST

/* The same P-256 key as PKCS#8 ("PRIVATE KEY", the built-in file) and as
 * SEC1 ("EC PRIVATE KEY", converted with openssl ec) loads to the same x. */
START_TEST(ec_key_forms)
{
	tw_creds a, b;
	char *text = NULL;
	size_t len;
	tw_err e;

	ck_assert_ptr_nonnull(strstr(tw_builtin_ecdsa_key_pem, "-----BEGIN PRIVATE KEY-----"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_read_file(DATA "ecdsa-leaf-sec1.key", 1 << 16, &text, &len, &e), 0);
	ck_assert_ptr_nonnull(strstr(text, "-----BEGIN EC PRIVATE KEY-----"));
	free(text);
	load_ok(&a, CERTS "ecdsa-chain.pem", CERTS "ecdsa-leaf.key", NULL, TW_CERT_RSA);
	load_ok(&b, CERTS "ecdsa-chain.pem", DATA "ecdsa-leaf-sec1.key", NULL, TW_CERT_RSA);
	ck_assert_int_eq(a.key_type, BR_KEYTYPE_EC);
	ck_assert_int_eq(b.key_type, BR_KEYTYPE_EC);
	ck_assert_int_eq(a.ec_key.curve, b.ec_key.curve);
	ck_assert_uint_eq(a.ec_key.xlen, b.ec_key.xlen);
	tu_assert_bytes(a.ec_key.x, b.ec_key.x, a.ec_key.xlen);
	tw_creds_free(&a);
	tw_creds_free(&b);
	/* The built-in ECDSA chain with the SEC1 key given alone. */
	load_ok(&b, NULL, DATA "ecdsa-leaf-sec1.key", NULL, TW_CERT_ECDSA);
	tw_creds_free(&b);
}
END_TEST

START_TEST(mismatched_keys)
{
	/* Another P-256 key: same curve, different point. */
	load_fails(CERTS "ecdsa-chain.pem", DATA "ec.key", TW_CERT_RSA,
		"ec.key does not match the certificate in", "ecdsa-chain.pem");
	load_fails(NULL, DATA "ec.key", TW_CERT_ECDSA,
		"ec.key does not match the certificate in built-in ECDSA certificate chain",
		"computed from the private key differs");
	/* Key and certificate of different kinds. */
	load_fails(NULL, CERTS "ecdsa-leaf.key", TW_CERT_RSA,
		"the key is an EC key", "certificate's key is RSA");
	load_fails(NULL, CERTS "leaf.key", TW_CERT_ECDSA,
		"the key is an RSA key", "certificate's key is EC");
	load_fails(CERTS "chain.pem", DATA "other.key", TW_CERT_RSA,
		"other.key does not match the certificate in", "chain.pem");
}
END_TEST

START_TEST(unsupported_curve)
{
	load_fails(NULL, DATA "secp256k1.key", TW_CERT_ECDSA,
		"secp256k1.key: the private key is a secp256k1 EC key,",
		"secp256r1, secp384r1 or secp521r1");
}
END_TEST

/* The public exponent is compared too: BearSSL recomputes it when p and q
 * are both 3 mod 4 (the built-in leaf key); for other keys (other.key) it
 * cannot, and e * dp = 1 mod p - 1 is checked instead. A certificate with
 * the key's modulus but e = 3 matches neither way. */
START_TEST(rsa_public_exponent)
{
	tw_creds c;

	load_ok(&c, NULL, NULL, NULL, TW_CERT_RSA);
	ck_assert_uint_eq(br_rsa_compute_pubexp_get_default()(&c.key), 65537);
	tw_creds_free(&c);
	load_ok(&c, DATA "expired-self.pem", DATA "other.key", NULL, TW_CERT_RSA);
	ck_assert_uint_eq(br_rsa_compute_pubexp_get_default()(&c.key), 0);
	tw_creds_free(&c);
	load_fails(DATA "leaf-e3.pem", CERTS "leaf.key", TW_CERT_RSA,
		"leaf.key does not match the certificate in", "leaf-e3.pem");
	load_fails(DATA "other-e3.pem", DATA "other.key", TW_CERT_RSA,
		"other.key does not match the certificate in", "other-e3.pem");
	/* The largest key BearSSL takes: its default code cannot recompute
	 * the modulus, the loader's fallback can. */
	load_ok(&c, DATA "rsa4096-self.pem", DATA "rsa4096.key", NULL, TW_CERT_RSA);
	ck_assert_uint_eq(c.key.n_bitlen, 4096);
	tw_creds_free(&c);
}
END_TEST

/* Concatenate two files into a new one. */
static void
cat2(const char *out, const char *a, const char *b)
{
	const char *in[2] = { a, b };
	FILE *f = fopen(out, "w");
	size_t i, len;
	char *text;
	tw_err e;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 2; i++) {
		tw_err_clear(&e);
		ck_assert_int_eq(tw_read_file(in[i], 1 << 16, &text, &len, &e), 0);
		ck_assert_uint_eq(fwrite(text, 1, len, f), len);
		free(text);
	}
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(chain_order)
{
	char dir[] = "/tmp/tlswalk-creds.XXXXXX", ec[64], rsa[64];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(ec, sizeof ec, "%s/ecdsa-reversed.pem", dir);
	snprintf(rsa, sizeof rsa, "%s/rsa-reversed.pem", dir);
	cat2(ec, CERTS "ecdsa-intermediate.pem", CERTS "ecdsa-leaf.pem");
	cat2(rsa, CERTS "intermediate.pem", CERTS "leaf.pem");
	load_fails(ec, NULL, TW_CERT_ECDSA, "the leaf certificate must come first in", ec);
	load_fails(rsa, NULL, TW_CERT_RSA, "the leaf certificate must come first in", rsa);
	unlink(ec);
	unlink(rsa);
	rmdir(dir);
}
END_TEST

START_TEST(bad_type)
{
	load_fails(NULL, NULL, (tw_cert_type)7, "certificate type 7", "RSA");
}
END_TEST

/* The certificate failure scenarios: what the server sends and the error
 * a client gives it. Not yet valid gives BR_ERR_X509_EXPIRED, like
 * expired: BearSSL has one code for both (bearssl_x509.h: "certificate is
 * expired or not yet valid"); in src/x509/x509_minimal.t0,
 * check-validity-range returns -1 before notBefore and +1 after notAfter,
 * and decode-certificate fails with ERR_X509_EXPIRED on either. The leaf
 * issued by shop.example.net gives BR_ERR_X509_NOT_CA: BearSSL requires a
 * Basic Constraints extension with cA TRUE in every certificate after the
 * first (process-basicConstraints), and stops at that one, before its
 * keyUsage (no keyCertSign: BR_ERR_X509_FORBIDDEN_KEY_USAGE), which comes
 * after it in the certificate, and before the intermediate's pathlen:0,
 * which that chain breaks too. */
static const struct {
	tw_cert_type type;
	size_t chain_len;          /* certificates the server sends */
	unsigned err;
} scen[] = {
	{ TW_CERT_EXPIRED, 2, BR_ERR_X509_EXPIRED },
	{ TW_CERT_NOT_YET_VALID, 2, BR_ERR_X509_EXPIRED },
	{ TW_CERT_NO_INTERMEDIATE, 1, BR_ERR_X509_NOT_TRUSTED },
	{ TW_CERT_IMPOSTOR, 2, BR_ERR_X509_NOT_TRUSTED },
	{ TW_CERT_NOT_CA, 3, BR_ERR_X509_NOT_CA },
};
#define NSCEN (sizeof scen / sizeof scen[0])

/* BearSSL's days since 0000-01-01 of a Unix time. */
static uint32_t
bearssl_days(time_t t)
{
	return (uint32_t)(t / 86400) + 719528u;
}

/* Each scenario chain loads with the shared scenario key and the three
 * default anchors. */
START_TEST(scenario_chains_load)
{
	tw_creds c, rsa;

	load_ok(&c, NULL, NULL, NULL, scen[_i].type);
	ck_assert_int_eq(c.key_type, BR_KEYTYPE_RSA);
	ck_assert_uint_eq(c.key.n_bitlen, 2048);
	ck_assert_uint_eq(c.chain_len, scen[_i].chain_len);
	ck_assert_uint_eq(c.anchors_len, 3);
	ck_assert(contains(c.chain[0].data, c.chain[0].data_len, "www.example.com"));
	/* Not the key of the RSA demo leaf. */
	load_ok(&rsa, NULL, NULL, NULL, TW_CERT_RSA);
	ck_assert(c.key.plen != rsa.key.plen
		|| memcmp(c.key.p, rsa.key.p, c.key.plen) != 0);
	tw_creds_free(&rsa);
	switch (scen[_i].type) {
	case TW_CERT_IMPOSTOR:
		ck_assert(contains(c.chain[1].data, c.chain[1].data_len,
			"tlswalk Impostor Intermediate CA"));
		break;
	case TW_CERT_NOT_CA:
		ck_assert(contains(c.chain[1].data, c.chain[1].data_len, "shop.example.net"));
		ck_assert(contains(c.chain[2].data, c.chain[2].data_len,
			"tlswalk Demo Scenario Intermediate CA"));
		break;
	case TW_CERT_NO_INTERMEDIATE:
		break;
	default:
		ck_assert(contains(c.chain[1].data, c.chain[1].data_len,
			"tlswalk Demo Scenario Intermediate CA"));
		break;
	}
	tw_creds_free(&c);
}
END_TEST

/* Each scenario chain gets its error from BearSSL's X.509 engine against
 * the default anchors, at the clock of seeded runs, at today's (the dates
 * hold this until the end of 2044) and at both ends of 2026-2044. */
START_TEST(scenario_verdicts)
{
	const time_t clocks[] = { 1798761600, time(NULL), 1767225600, 2366755200 };
	tw_creds c;
	size_t k;
	int t;

	load_ok(&c, NULL, NULL, NULL, scen[_i].type);
	for (k = 0; k < sizeof clocks / sizeof clocks[0]; k++) {
		unsigned err = verify_chain_at(c.chain, c.chain_len, c.anchors,
			c.anchors_len, "www.example.com", bearssl_days(clocks[k]),
			(uint32_t)(clocks[k] % 86400), &t);
		ck_assert_msg(err == scen[_i].err, "scenario %d at %lld: %s, want %s",
			(int)scen[_i].type, (long long)clocks[k], tw_br_err_name((int)err),
			tw_br_err_name((int)scen[_i].err));
	}
	tw_creds_free(&c);
}
END_TEST

/* Each scenario fails for its one flaw only: without it, the same
 * certificates verify. */
START_TEST(scenario_only_the_flaw)
{
	tw_creds c, imp;
	int t;

	/* The good leaf with its intermediate: trusted at both clocks. */
	load_ok(&c, CERTS "scen-good-chain.pem", CERTS "scen-leaf.key", NULL, TW_CERT_RSA);
	ck_assert_uint_eq(c.chain_len, 2);
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"www.example.com", &t), 0);
	ck_assert_uint_eq(verify_chain_at(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"example.com", bearssl_days(time(NULL)), 0, &t), 0);
	ck_assert_int_eq(t, BR_KEYTYPE_RSA);
	/* ... and only by the scenario root. */
	ck_assert_uint_eq(verify_chain(c.chain, c.chain_len, c.anchors, 2,
		"www.example.com", &t), BR_ERR_X509_NOT_TRUSTED);
	tw_creds_free(&c);
	/* Expired: trusted in mid-2020; not yet valid: trusted in 2050. */
	load_ok(&c, NULL, NULL, NULL, TW_CERT_EXPIRED);
	ck_assert_uint_eq(verify_chain_at(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"www.example.com", bearssl_days(1590969600), 0, &t), 0);
	tw_creds_free(&c);
	load_ok(&c, NULL, NULL, NULL, TW_CERT_NOT_YET_VALID);
	ck_assert_uint_eq(verify_chain_at(c.chain, c.chain_len, c.anchors, c.anchors_len,
		"www.example.com", bearssl_days(2524608000), 0, &t), 0);
	tw_creds_free(&c);
	/* The impostor's chain is sound: a client holding its root trusts it. */
	load_ok(&imp, NULL, NULL, CERTS "scen-impostor-root.pem", TW_CERT_IMPOSTOR);
	ck_assert_uint_eq(imp.anchors_len, 1);
	ck_assert_uint_eq(verify_chain(imp.chain, imp.chain_len, imp.anchors,
		imp.anchors_len, "www.example.com", &t), 0);
	tw_creds_free(&imp);
	/* shop.example.net is a good certificate for its own name; it is only
	 * not a CA. */
	load_ok(&c, NULL, NULL, NULL, TW_CERT_NOT_CA);
	ck_assert_uint_eq(verify_chain(c.chain + 1, 2, c.anchors, c.anchors_len,
		"shop.example.net", &t), 0);
	tw_creds_free(&c);
}
END_TEST

/* A whole connection with each scenario chain: the client stops it with
 * the scenario's error, at the seeded clock and at today's. */
START_TEST(scenario_runs)
{
	tw_model *m = calloc(1, sizeof *m);
	tw_options o;
	tw_err e;
	int seeded;

	ck_assert_ptr_nonnull(m);
	for (seeded = 1; seeded >= 0; seeded--) {
		memset(&o, 0, sizeof o);
		o.seed = 1;
		o.seeded = seeded;
		o.cert_type = scen[_i].type;
		tw_err_clear(&e);
		ck_assert_int_eq(tw_model_build(m, &o, &e), -1);
		ck_assert_msg(m->wire.client_err == (int)scen[_i].err,
			"scenario %d (seeded %d): client error %s, want %s (%s)",
			(int)scen[_i].type, seeded, tw_br_err_name(m->wire.client_err),
			tw_br_err_name((int)scen[_i].err), e.msg);
		ck_assert_int_eq(m->wire_ok, 0);
		ck_assert_int_eq(m->wire.handshake_done, 0);
		ck_assert_int_eq(m->wire.closed_cleanly, 0);
		ck_assert_msg(strstr(e.msg, tw_br_err_name((int)scen[_i].err)) != NULL,
			"error names %s: %s", tw_br_err_name((int)scen[_i].err), e.msg);
		ck_assert_ptr_null(strchr(e.msg, '\n'));
		tw_model_free(m);
	}
	free(m);
}
END_TEST

/* The control: the good scenario leaf sent with its intermediate makes a
 * whole connection, so the scenario root is among the client's anchors. */
START_TEST(scenario_good_chain_runs)
{
	tw_model *m = calloc(1, sizeof *m);
	tw_options o;
	tw_err e;

	ck_assert_ptr_nonnull(m);
	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	o.cert_file = CERTS "scen-good-chain.pem";
	o.key_file = CERTS "scen-leaf.key";
	tw_err_clear(&e);
	ck_assert_msg(tw_model_build(m, &o, &e) == 0, "run failed: %s", e.msg);
	ck_assert_int_eq(m->wire_ok, 1);
	ck_assert_int_eq(m->wire.client_err, 0);
	tw_model_free(m);
	free(m);
}
END_TEST

Suite *
creds_suite(void)
{
	Suite *s = suite_create("creds");
	TCase *tc = tcase_create("load");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, builtin_rsa);
	tcase_add_test(tc, builtin_ecdsa);
	tcase_add_test(tc, default_anchors_are_the_three_roots);
	tcase_add_test(tc, ecdsa_chain_verifies);
	tcase_add_test(tc, client_creds);
	tcase_add_test(tc, ec_key_forms);
	tcase_add_test(tc, mismatched_keys);
	tcase_add_test(tc, unsupported_curve);
	tcase_add_test(tc, rsa_public_exponent);
	tcase_add_test(tc, chain_order);
	tcase_add_test(tc, bad_type);
	tcase_add_loop_test(tc, scenario_chains_load, 0, (int)NSCEN);
	tcase_add_loop_test(tc, scenario_verdicts, 0, (int)NSCEN);
	tcase_add_test(tc, scenario_only_the_flaw);
	tcase_add_loop_test(tc, scenario_runs, 0, (int)NSCEN);
	tcase_add_test(tc, scenario_good_chain_runs);
	suite_add_tcase(s, tc);
	return s;
}
