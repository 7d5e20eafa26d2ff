/*
 * engine.c — recording wrappers around the implementations a BearSSL
 * engine calls, so that its secrets can be recomputed and checked. See
 * engine.h.
 */
#include "config.h"
#include <string.h>
#include "engine.h"

static _Thread_local tw_wire *rec_wire;

/* see engine.h */
void
tw_engine_record_into(tw_wire *w)
{
	rec_wire = w;
}

static void
record_mulgen(int side, const unsigned char *R, size_t rlen,
	const unsigned char *x, size_t xlen, int curve)
{
	tw_engine_facts *f;

	if (rec_wire == NULL)
		return;
	f = &rec_wire->fact[side];
	/* The first mulgen is the ephemeral key; keep it. */
	if (f->scalar_len == 0 && xlen <= sizeof f->scalar && rlen <= sizeof f->pub) {
		memcpy(f->scalar, x, xlen);
		f->scalar_len = xlen;
		f->curve = curve;
		memcpy(f->pub, R, rlen);
		f->pub_len = rlen;
	}
}

static void
record_mul(int side, const unsigned char *G, size_t glen, const unsigned char *out,
	int curve)
{
	const br_ec_impl *ec = br_ec_get_default();
	tw_engine_facts *f;
	size_t xoff, xlen;

	if (rec_wire == NULL)
		return;
	f = &rec_wire->fact[side];
	if (f->shared_len != 0 || glen > sizeof f->peer)
		return;
	memcpy(f->peer, G, glen);
	f->peer_len = glen;
	xoff = ec->xoff(curve, &xlen);
	if (xoff + xlen <= glen && xlen <= sizeof f->shared) {
		memcpy(f->shared, out + xoff, xlen);
		f->shared_len = xlen;
	}
}

#define EC_WRAPPERS(side, pfx) \
static size_t \
pfx##_mulgen(unsigned char *R, const unsigned char *x, size_t xlen, int curve) \
{ \
	size_t n = br_ec_get_default()->mulgen(R, x, xlen, curve); \
	if (n) \
		record_mulgen(side, R, n, x, xlen, curve); \
	return n; \
} \
static uint32_t \
pfx##_mul(unsigned char *G, size_t glen, const unsigned char *x, size_t xlen, int curve) \
{ \
	unsigned char in[133]; \
	uint32_t r; \
	if (glen > sizeof in) \
		return 0; \
	memcpy(in, G, glen); \
	r = br_ec_get_default()->mul(G, glen, x, xlen, curve); \
	if (r) \
		record_mul(side, in, glen, G, curve); \
	return r; \
}
EC_WRAPPERS(0, client)
EC_WRAPPERS(1, server)

/* see engine.h */
void
tw_engine_ec_recording(br_ec_impl *out, int side)
{
	*out = *br_ec_get_default();
	out->mulgen = side == 0 ? client_mulgen : server_mulgen;
	out->mul = side == 0 ? client_mul : server_mul;
}

/* see engine.h */
uint32_t
tw_engine_rsapub(unsigned char *x, size_t xlen, const br_rsa_public_key *pk)
{
	if (rec_wire != NULL && xlen <= sizeof rec_wire->fact[0].rsa_block) {
		memcpy(rec_wire->fact[0].rsa_block, x, xlen);
		rec_wire->fact[0].rsa_block_len = xlen;
	}
	return br_rsa_public_get_default()(x, xlen, pk);
}

static int
keyx_choose(const br_ssl_server_policy_class **pctx, const br_ssl_server_context *cc,
	br_ssl_server_choices *choices)
{
	const tw_keyx_recorder *kr = (const tw_keyx_recorder *)(const void *)pctx;
	return (*kr->inner)->choose(kr->inner, cc, choices);
}

static uint32_t
keyx_do_keyx(const br_ssl_server_policy_class **pctx, unsigned char *data, size_t *len)
{
	tw_keyx_recorder *kr = (tw_keyx_recorder *)(void *)pctx;
	uint32_t r = (*kr->inner)->do_keyx(kr->inner, data, len);

	/* RSA: the decryption leaves the 48-byte pre-master secret at the
	 * front of data (BearSSL's br_rsa_ssl_decrypt; *len keeps the
	 * modulus size). On a failed decryption BearSSL goes on with a random
	 * secret, as RFC 5246 §7.4.7.1 asks; r says which it was. */
	if (r && *len >= sizeof kr->f->rsa_pms) {
		memcpy(kr->f->rsa_pms, data, sizeof kr->f->rsa_pms);
		kr->f->rsa_pms_len = sizeof kr->f->rsa_pms;
	}
	return r;
}

static size_t
keyx_do_sign(const br_ssl_server_policy_class **pctx, unsigned algo_id,
	unsigned char *data, size_t hv_len, size_t len)
{
	const tw_keyx_recorder *kr = (const tw_keyx_recorder *)(const void *)pctx;
	return (*kr->inner)->do_sign(kr->inner, algo_id, data, hv_len, len);
}

static const br_ssl_server_policy_class keyx_vtable = {
	sizeof(tw_keyx_recorder), keyx_choose, keyx_do_keyx, keyx_do_sign
};

/* see engine.h */
void
tw_keyx_recorder_install(tw_keyx_recorder *kr, br_ssl_server_context *ss,
	tw_engine_facts *f)
{
	kr->vtable = &keyx_vtable;
	kr->inner = ss->policy_vtable;
	kr->f = f;
	br_ssl_server_set_policy(ss, &kr->vtable);
}
