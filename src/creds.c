/*
 * creds.c — PEM loading of the server chain and its key (RSA or EC), the
 * client's trust anchors and the built-in client credentials for mutual
 * TLS, and the check that each key belongs to its leaf certificate.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "creds.h"
#include "util.h"

typedef struct {
	char name[128];
	unsigned char *der;
	size_t len;
} pem_obj;

typedef struct {
	pem_obj *objs;
	size_t n, cap;
	tw_buf cur;        /* the object being decoded */
	int oom;
} pem_list;

static void
pem_list_free(pem_list *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		free(pl->objs[i].der);
	free(pl->objs);
	tw_buf_free(&pl->cur);
	memset(pl, 0, sizeof *pl);
}

/* Store the object the decoder just finished. */
static void
pem_finish_obj(pem_list *pl, const char *name)
{
	pem_obj *o;

	if (pl->cur.oom)
		pl->oom = 1;
	if (pl->oom)
		return;
	if (pl->n == pl->cap) {
		size_t ncap = pl->cap ? pl->cap * 2 : 4;
		pem_obj *p = realloc(pl->objs, ncap * sizeof *p);
		if (p == NULL) {
			pl->oom = 1;
			return;
		}
		pl->objs = p;
		pl->cap = ncap;
	}
	o = &pl->objs[pl->n];
	snprintf(o->name, sizeof o->name, "%s", name);
	/* The object takes the buffer; the next one starts afresh. */
	o->der = pl->cur.buf ? pl->cur.buf : malloc(1);
	if (o->der == NULL) {
		pl->oom = 1;
		return;
	}
	o->len = pl->cur.len;
	memset(&pl->cur, 0, sizeof pl->cur);
	pl->n++;
}

/* Push bytes into the decoder, collecting objects. 0 ok, -1 PEM error. */
static int
pem_feed(br_pem_decoder_context *pc, const char *data, size_t len,
	pem_list *pl, int *inobj)
{
	while (len > 0) {
		size_t n = br_pem_decoder_push(pc, data, len);
		data += n;
		len -= n;
		switch (br_pem_decoder_event(pc)) {
		case BR_PEM_BEGIN_OBJ:
			tw_buf_free(&pl->cur);
			br_pem_decoder_setdest(pc, tw_buf_append_cb, &pl->cur);
			*inobj = 1;
			break;
		case BR_PEM_END_OBJ:
			if (*inobj)
				pem_finish_obj(pl, br_pem_decoder_name(pc));
			*inobj = 0;
			break;
		case BR_PEM_ERROR:
			return -1;
		default:
			break;
		}
	}
	return 0;
}

/* "CERTIFICATE, PRIVATE KEY": the names of the blocks of pl, for errors. */
static const char *
pem_names(const pem_list *pl, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < pl->n && used < size; i++) {
		int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
			pl->objs[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

/* Decode every PEM object of text. "what" names the source in errors. */
static int
pem_decode_all(const char *text, size_t len, const char *what, pem_list *pl,
	tw_err *e)
{
	br_pem_decoder_context pc;
	int inobj = 0;

	memset(pl, 0, sizeof *pl);
	/* A traditional OpenSSL encrypted key has Proc-Type/DEK-Info headers,
	 * which BearSSL's PEM decoder rejects as malformed. */
	if (strstr(text, "Proc-Type: 4,ENCRYPTED") != NULL)
		return tw_err_set(e, "%s: the private key is encrypted with a passphrase, and tlswalk needs it unencrypted (openssl pkey -in %s -out plain.key)",
			what, what);
	br_pem_decoder_init(&pc);
	/* The extra newline lets the decoder see a last END line that has none. */
	if (pem_feed(&pc, text, len, pl, &inobj) < 0
		|| pem_feed(&pc, "\n", 1, pl, &inobj) < 0) {
		pem_list_free(pl);
		return tw_err_set(e, "%s: malformed PEM data", what);
	}
	if (inobj) {
		pem_list_free(pl);
		return tw_err_set(e, "%s: a PEM block has no END line", what);
	}
	if (pl->oom) {
		pem_list_free(pl);
		return tw_err_set(e, "%s: out of memory while decoding PEM", what);
	}
	if (pl->n == 0) {
		pem_list_free(pl);
		/* A DER certificate or key starts with a SEQUENCE tag and a
		 * long-form length; PEM is text. */
		if (len > 1 && (unsigned char)text[0] == 0x30
			&& (unsigned char)text[1] >= 0x81 && (unsigned char)text[1] <= 0x84)
			return tw_err_set(e, "%s: this is binary DER, not PEM text (convert it: openssl x509 -inform DER -in %s -out cert.pem, or openssl pkey -inform DER for a key)",
				what, what);
		return tw_err_set(e, "%s: no PEM block found (expected a -----BEGIN ...----- line)", what);
	}
	return 0;
}

/* Windows line endings: BearSSL's decoder would take the \r into the block
 * name ("CERTIFICATE-----"), so drop every \r that ends a line. */
static size_t
drop_crlf(char *text, size_t len)
{
	size_t i, j = 0;

	for (i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			text[j++] = text[i];
	text[j] = 0;
	return j;
}

/* PEM objects from a file, or from built-in text when path is NULL. */
static int
load_pem(const char *path, const char *builtin, const char *builtin_name,
	pem_list *pl, tw_err *e)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	if (path == NULL)
		return pem_decode_all(builtin, strlen(builtin), builtin_name, pl, e);
	if (tw_read_file(path, 16u << 20, &text, &len, e) < 0)
		return -1;
	len = drop_crlf(text, len);
	r = pem_decode_all(text, len, path, pl, e);
	free(text);
	return r;
}

static unsigned char *
dup_bytes(const void *src, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);

	if (p)
		memcpy(p, src, len);
	return p;
}

/* Build a trust anchor (a CA) from a DER certificate. */
static int
anchor_from_der(br_x509_trust_anchor *ta, const unsigned char *der, size_t len,
	const char *what, tw_err *e)
{
	br_x509_decoder_context dc;
	tw_buf dn = { 0 };
	const br_x509_pkey *pk;
	int err;

	memset(ta, 0, sizeof *ta);
	br_x509_decoder_init(&dc, tw_buf_append_cb, &dn);
	br_x509_decoder_push(&dc, der, len);
	pk = br_x509_decoder_get_pkey(&dc);
	err = br_x509_decoder_last_error(&dc);
	if (err == BR_ERR_X509_LIMIT_EXCEEDED) {
		free(dn.buf);
		return tw_err_set(e, "%s: a CA certificate is larger than BearSSL can handle (its key is probably over 4096 bits)",
			what);
	}
	if (pk == NULL || err != 0 || dn.oom) {
		free(dn.buf);
		return tw_err_set(e, "%s: a CERTIFICATE block is not a valid X.509 certificate (%s)",
			what, tw_br_err_name(err));
	}
	ta->dn.data = dn.buf;
	ta->dn.len = dn.len;
	ta->flags = BR_X509_TA_CA;
	ta->pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		ta->pkey.key.rsa.n = dup_bytes(pk->key.rsa.n, pk->key.rsa.nlen);
		ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
		ta->pkey.key.rsa.e = dup_bytes(pk->key.rsa.e, pk->key.rsa.elen);
		ta->pkey.key.rsa.elen = pk->key.rsa.elen;
		if (!ta->pkey.key.rsa.n || !ta->pkey.key.rsa.e)
			return tw_err_set(e, "%s: out of memory", what);
	} else if (pk->key_type == BR_KEYTYPE_EC) {
		ta->pkey.key.ec.curve = pk->key.ec.curve;
		ta->pkey.key.ec.q = dup_bytes(pk->key.ec.q, pk->key.ec.qlen);
		ta->pkey.key.ec.qlen = pk->key.ec.qlen;
		if (!ta->pkey.key.ec.q)
			return tw_err_set(e, "%s: out of memory", what);
	} else {
		return tw_err_set(e, "%s: unsupported public key type in CA certificate", what);
	}
	return 0;
}

static void
anchor_free(br_x509_trust_anchor *ta)
{
	free(ta->dn.data);
	if (ta->pkey.key_type == BR_KEYTYPE_RSA) {
		free(ta->pkey.key.rsa.n);
		free(ta->pkey.key.rsa.e);
	} else if (ta->pkey.key_type == BR_KEYTYPE_EC) {
		free(ta->pkey.key.ec.q);
	}
	memset(ta, 0, sizeof *ta);
}

/* BearSSL 0.6's key decoder, given an RSA key over its 4096-bit limit,
 * writes a few bytes past the end of its context before it reports
 * BR_ERR_X509_LIMIT_EXCEEDED (17 bytes for an 8192-bit key; seen as a
 * crash on the stack). Keep the context on the heap with room behind it. */
typedef struct {
	br_skey_decoder_context kc;
	unsigned char guard[1024];
} skey_box;

/* A decoded private key, RSA or EC, its numbers in one owned buffer. */
typedef struct {
	int type;                 /* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	br_rsa_private_key rsa;
	br_ec_private_key ec;
	unsigned char *buf;
} priv_key;

#define TW_CURVES_OK "secp256r1, secp384r1 or secp521r1"

/* Key kinds BearSSL refuses, by the OID that names them in the DER, so
 * the error can say what the file holds. */
static const struct {
	unsigned char oid[10];    /* tag, length, value */
	const char *name;         /* with its article */
} unsupported_kinds[] = {
	{ { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a }, "a secp256k1 EC" },
	{ { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x21 }, "a secp224r1 EC" },
	{ { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01 }, "a secp192r1 EC" },
	{ { 0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01 }, "a brainpool EC" },
	{ { 0x06, 0x03, 0x2b, 0x65, 0x6e }, "an X25519" },
	{ { 0x06, 0x03, 0x2b, 0x65, 0x6f }, "an X448" },
	{ { 0x06, 0x03, 0x2b, 0x65, 0x70 }, "an Ed25519" },
	{ { 0x06, 0x03, 0x2b, 0x65, 0x71 }, "an Ed448" },
};

/* The name of the first refused key kind whose OID occurs in der, or NULL. */
static const char *
unsupported_kind(const unsigned char *der, size_t len)
{
	size_t i, j, n;

	for (i = 0; i < sizeof unsupported_kinds / sizeof unsupported_kinds[0]; i++) {
		n = 2u + unsupported_kinds[i].oid[1];
		if (n > sizeof unsupported_kinds[i].oid)
			n = sizeof unsupported_kinds[i].oid;   /* a prefix (brainpool's arc) */
		for (j = 0; j + n <= len; j++)
			if (memcmp(der + j, unsupported_kinds[i].oid, n) == 0)
				return unsupported_kinds[i].name;
	}
	return NULL;
}

/* The context may hold (part of) a private key: wipe it before freeing
 * (explicit_bzero: a memset before free may be optimised away). */
static void
box_free(skey_box *box)
{
	explicit_bzero(box, sizeof *box);
	free(box);
}

/* Decode a private key from a PEM object into *k (owned buffer). */
static int
key_from_der(priv_key *k, const pem_obj *o, const char *what, tw_err *e)
{
	static const unsigned char oid_ec[] = {   /* id-ecPublicKey */
		0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01
	};
	skey_box *box;
	unsigned char *p;
	size_t tot, i;
	int err;

	memset(k, 0, sizeof *k);
	box = calloc(1, sizeof *box);
	if (box == NULL)
		return tw_err_set(e, "%s: out of memory", what);
	br_skey_decoder_init(&box->kc);
	br_skey_decoder_push(&box->kc, o->der, o->len);
	err = br_skey_decoder_last_error(&box->kc);
	k->type = br_skey_decoder_key_type(&box->kc);
	if (err == BR_ERR_X509_LIMIT_EXCEEDED) {
		box_free(box);
		return tw_err_set(e, "%s: the private key is larger than BearSSL can handle (RSA keys of at most 4096 bits)",
			what);
	}
	if (err != 0) {
		const char *kind = unsupported_kind(o->der, o->len);
		int ec = strcmp(o->name, "EC PRIVATE KEY") == 0;

		for (i = 0; !ec && i + sizeof oid_ec <= o->len; i++)
			ec = memcmp(o->der + i, oid_ec, sizeof oid_ec) == 0;
		box_free(box);
		if (kind != NULL)
			return tw_err_set(e, "%s: the private key is %s key, and BearSSL (so tlswalk) takes only RSA keys and EC keys on " TW_CURVES_OK,
				what, kind);
		if (ec && (err == BR_ERR_X509_UNSUPPORTED || err == BR_ERR_X509_UNEXPECTED))
			return tw_err_set(e, "%s: the private key is an EC key on a curve BearSSL does not know by name, and it takes only " TW_CURVES_OK " (openssl ec -param_enc named_curve names a standard curve)",
				what);
		return tw_err_set(e, "%s: the %s block is not a valid private key (%s)",
			what, o->name, tw_br_err_name(err));
	}
	if (k->type == BR_KEYTYPE_RSA) {
		const br_rsa_private_key *sk = br_skey_decoder_get_rsa(&box->kc);

		tot = sk->plen + sk->qlen + sk->dplen + sk->dqlen + sk->iqlen;
		p = k->buf = malloc(tot ? tot : 1);
		if (p == NULL) {
			box_free(box);
			return tw_err_set(e, "%s: out of memory", what);
		}
		k->rsa.n_bitlen = sk->n_bitlen;
#define CP(f) do { memcpy(p, sk->f, sk->f##len); k->rsa.f = p; \
		k->rsa.f##len = sk->f##len; p += sk->f##len; } while (0)
		CP(p); CP(q); CP(dp); CP(dq); CP(iq);
#undef CP
	} else if (k->type == BR_KEYTYPE_EC) {
		const br_ec_private_key *sk = br_skey_decoder_get_ec(&box->kc);

		/* The decoder knows only the curves below; keep the check so
		 * that a newer BearSSL cannot hand the wire code another one. */
		if (sk->curve != BR_EC_secp256r1 && sk->curve != BR_EC_secp384r1
			&& sk->curve != BR_EC_secp521r1) {
			box_free(box);
			return tw_err_set(e, "%s: the private key is an EC key on a curve tlswalk cannot use, and it takes only " TW_CURVES_OK,
				what);
		}
		k->buf = malloc(sk->xlen ? sk->xlen : 1);
		if (k->buf == NULL) {
			box_free(box);
			return tw_err_set(e, "%s: out of memory", what);
		}
		memcpy(k->buf, sk->x, sk->xlen);
		k->ec.curve = sk->curve;
		k->ec.x = k->buf;
		k->ec.xlen = sk->xlen;
	} else {
		box_free(box);
		return tw_err_set(e, "%s: the %s block holds a kind of key BearSSL does not know",
			what, o->name);
	}
	box_free(box);
	return 0;
}

/* Drop leading zero bytes of a big-endian integer. */
static const unsigned char *
skip_zeros(const unsigned char *p, size_t *len)
{
	while (*len > 0 && *p == 0) {
		p++;
		(*len)--;
	}
	return p;
}

/* Big-endian bytes into n little-endian 32-bit limbs (zero-extended). */
static void
limbs_from_be(uint32_t *w, size_t n, const unsigned char *p, size_t len)
{
	size_t i;

	memset(w, 0, n * sizeof *w);
	for (i = 0; i < len && i / 4 < n; i++)
		w[i / 4] |= (uint32_t)p[len - 1 - i] << (8 * (i % 4));
}

/* 1 when e * d = 1 (mod m - 1), m odd: d is e's inverse modulo m - 1, as
 * an RSA key's dp (dq) is for its prime p (q) and public exponent e.
 * Schoolbook product, then a bit-serial remainder: a few tens of
 * microseconds for RSA-2048, no private-key operation, constant time not
 * needed (the public exponent is public, and the key is only checked). */
static int
rsa_exp_inverts(const unsigned char *ep, size_t elen,
	const unsigned char *dp, size_t dlen, const unsigned char *mp, size_t mlen)
{
	size_t el, dl, ml, xl, i, j;
	uint32_t *ew, *dw, *mw, *xw, *rw;
	long bit;
	int ok = 0;

	ep = skip_zeros(ep, &elen);
	dp = skip_zeros(dp, &dlen);
	mp = skip_zeros(mp, &mlen);
	if (elen == 0 || dlen == 0 || mlen == 0 || (mp[mlen - 1] & 1) == 0)
		return 0;
	el = (elen + 3) / 4;
	dl = (dlen + 3) / 4;
	ml = (mlen + 3) / 4;
	xl = el + dl;
	ew = calloc(el + dl + ml + xl + ml + 1, sizeof *ew);
	if (ew == NULL)
		return 0;
	dw = ew + el;
	mw = dw + dl;
	xw = mw + ml;
	rw = xw + xl;                  /* ml + 1 limbs */
	limbs_from_be(ew, el, ep, elen);
	limbs_from_be(dw, dl, dp, dlen);
	limbs_from_be(mw, ml, mp, mlen);
	mw[0] &= ~(uint32_t)1;         /* m odd: m - 1 without a borrow */
	for (i = 0; i < el; i++) {
		uint64_t carry = 0;
		for (j = 0; j < dl; j++) {
			uint64_t t = (uint64_t)ew[i] * dw[j] + xw[i + j] + carry;
			xw[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		xw[i + dl] = (uint32_t)carry;
	}
	for (bit = (long)(32 * xl) - 1; bit >= 0; bit--) {
		uint32_t top = 0;
		int ge = 1;
		/* r = 2r + bit; r < 2(m - 1) fits in ml + 1 limbs. */
		for (i = 0; i <= ml; i++) {
			uint32_t nt = rw[i] >> 31;
			rw[i] = (rw[i] << 1) | top;
			top = nt;
		}
		rw[0] |= (xw[bit / 32] >> (bit % 32)) & 1;
		/* if r >= m - 1: r -= m - 1 */
		if (rw[ml] == 0) {
			for (i = ml; i-- > 0; )
				if (rw[i] != mw[i]) {
					ge = rw[i] > mw[i];
					break;
				}
		}
		if (ge) {
			uint64_t borrow = 0;
			for (i = 0; i <= ml; i++) {
				uint64_t t = (uint64_t)rw[i] - (i < ml ? mw[i] : 0) - borrow;
				rw[i] = (uint32_t)t;
				borrow = (t >> 32) & 1;
			}
		}
	}
	ok = rw[0] == 1;
	for (i = 1; i <= ml; i++)
		ok &= rw[i] == 0;
	free(ew);
	return ok;
}

/* 1 when the private key k is the one of public key pk: the public key
 * recomputed from k equals pk. No private-key operation: the RSA modulus is
 * p * q; the public exponent is BearSSL's recomputed one when it can (p and
 * q both 3 mod 4), else checked as the inverse of dp and dq; the EC point
 * is x * G. */
static int
key_matches_pkey(const priv_key *k, const br_x509_pkey *pk)
{
	unsigned char buf[512 + BR_EC_KBUF_PUB_MAX_SIZE];   /* RSA up to 4096 bits */
	const unsigned char *a, *b;
	size_t alen, blen;

	if (k->type != pk->key_type)
		return 0;
	if (k->type == BR_KEYTYPE_RSA) {
		uint32_t pubexp;

		/* BearSSL 0.6's i31 (the default) sizes its scratch space one
		 * word short for a 4096-bit key and returns 0; i15 does not. */
		alen = br_rsa_compute_modulus_get_default()(NULL, &k->rsa);
		if (alen == 0 || alen > sizeof buf
			|| br_rsa_compute_modulus_get_default()(buf, &k->rsa) != alen) {
			alen = br_rsa_i15_compute_modulus(NULL, &k->rsa);
			if (alen == 0 || alen > sizeof buf
				|| br_rsa_i15_compute_modulus(buf, &k->rsa) != alen)
				return 0;
		}
		a = skip_zeros(buf, &alen);
		blen = pk->key.rsa.nlen;
		b = skip_zeros(pk->key.rsa.n, &blen);
		if (alen != blen || memcmp(a, b, alen) != 0)
			return 0;
		blen = pk->key.rsa.elen;
		b = skip_zeros(pk->key.rsa.e, &blen);
		pubexp = br_rsa_compute_pubexp_get_default()(&k->rsa);
		if (pubexp != 0) {
			unsigned char eb[4];

			eb[0] = (unsigned char)(pubexp >> 24);
			eb[1] = (unsigned char)(pubexp >> 16);
			eb[2] = (unsigned char)(pubexp >> 8);
			eb[3] = (unsigned char)pubexp;
			alen = sizeof eb;
			a = skip_zeros(eb, &alen);
			return alen == blen && memcmp(a, b, alen) == 0;
		}
		return rsa_exp_inverts(b, blen, k->rsa.dp, k->rsa.dplen,
				k->rsa.p, k->rsa.plen)
			&& rsa_exp_inverts(b, blen, k->rsa.dq, k->rsa.dqlen,
				k->rsa.q, k->rsa.qlen);
	}
	if (k->type == BR_KEYTYPE_EC) {
		if (k->ec.curve != pk->key.ec.curve)
			return 0;
		alen = br_ec_compute_pub(br_ec_get_default(), NULL, buf, &k->ec);
		return alen != 0 && alen == pk->key.ec.qlen
			&& memcmp(buf, pk->key.ec.q, alen) == 0;
	}
	return 0;
}

/* The curves a key can be on once decoded (see key_from_der). */
static const char *
curve_name(int curve)
{
	return curve == BR_EC_secp256r1 ? "secp256r1" : curve == BR_EC_secp384r1
		? "secp384r1" : curve == BR_EC_secp521r1 ? "secp521r1" : "another curve";
}

static const char *
key_type_name(int type)
{
	return type == BR_KEYTYPE_RSA ? "RSA" : type == BR_KEYTYPE_EC ? "EC" : "unknown";
}

/* Check that k belongs to chain[0], the leaf. When it belongs to a later
 * certificate instead, the chain is in the wrong order, and the error says
 * so. */
static int
check_key_matches(const br_x509_certificate *chain, size_t chain_len,
	const priv_key *k, const char *certwhat, const char *keywhat, tw_err *e)
{
	br_x509_decoder_context dc, dc2;
	const br_x509_pkey *pk, *pk2;
	size_t i;
	int err;

	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, chain[0].data, chain[0].data_len);
	pk = br_x509_decoder_get_pkey(&dc);
	err = br_x509_decoder_last_error(&dc);
	if (err == BR_ERR_X509_LIMIT_EXCEEDED)
		return tw_err_set(e, "%s: the leaf certificate is larger than BearSSL can handle (its key is probably over 4096 bits)",
			certwhat);
	if (pk == NULL && err == BR_ERR_X509_UNSUPPORTED) {
		const char *kind = unsupported_kind(chain[0].data, chain[0].data_len);

		return tw_err_set(e, "%s: the leaf certificate's key is %s%s, and BearSSL (so tlswalk) takes only RSA keys and EC keys on " TW_CURVES_OK,
			certwhat, kind ? kind : "of a kind BearSSL does not know",
			kind ? " key" : "");
	}
	if (pk == NULL)
		return tw_err_set(e, "%s: the first certificate is not a valid X.509 certificate (%s)",
			certwhat, tw_br_err_name(err));
	if (key_matches_pkey(k, pk))
		return 0;
	for (i = 1; i < chain_len; i++) {
		br_x509_decoder_init(&dc2, NULL, NULL);
		br_x509_decoder_push(&dc2, chain[i].data, chain[i].data_len);
		pk2 = br_x509_decoder_get_pkey(&dc2);
		if (pk2 != NULL && key_matches_pkey(k, pk2))
			return tw_err_set(e, "the leaf certificate must come first in %s: the key in %s belongs to certificate %zu of %zu",
				certwhat, keywhat, i + 1, chain_len);
	}
	if (pk->key_type != k->type)
		return tw_err_set(e, "%s does not match the certificate in %s (the key is an %s key, the certificate's key is %s)",
			keywhat, certwhat, key_type_name(k->type), key_type_name(pk->key_type));
	if (k->type == BR_KEYTYPE_EC && k->ec.curve != pk->key.ec.curve)
		return tw_err_set(e, "%s does not match the certificate in %s (the key is on %s, the certificate's key on %s)",
			keywhat, certwhat, curve_name(k->ec.curve), curve_name(pk->key.ec.curve));
	return tw_err_set(e, "%s does not match the certificate in %s (the public key computed from the private key differs from the certificate's)",
		keywhat, certwhat);
}

/* Certificates of a file (or built-in text) into chain, in file order. */
static int
load_chain(const char *file, const char *builtin, const char *what,
	br_x509_certificate *chain, size_t *chain_len, tw_err *e)
{
	pem_list pl;
	size_t i;
	char names[200];

	if (load_pem(file, builtin, what, &pl, e) < 0)
		return -1;
	for (i = 0; i < pl.n; i++) {
		if (strcmp(pl.objs[i].name, "CERTIFICATE") != 0)
			continue;
		if (*chain_len == TW_MAX_CHAIN) {
			pem_list_free(&pl);
			return tw_err_set(e, "%s: more than %d certificates", what, TW_MAX_CHAIN);
		}
		chain[*chain_len].data = pl.objs[i].der;
		chain[*chain_len].data_len = pl.objs[i].len;
		pl.objs[i].der = NULL;
		(*chain_len)++;
	}
	if (*chain_len == 0) {
		tw_err_set(e, "%s: no CERTIFICATE block found (the file holds: %s)",
			what, pem_names(&pl, names, sizeof names));
		pem_list_free(&pl);
		return -1;
	}
	pem_list_free(&pl);
	return 0;
}

/* The first private key of a file (or built-in text). */
static int
load_key(const char *file, const char *builtin, const char *what, priv_key *k,
	tw_err *e)
{
	pem_list pl;
	size_t i;
	int have_key = 0, encrypted = 0;
	char names[200];

	memset(k, 0, sizeof *k);
	if (load_pem(file, builtin, what, &pl, e) < 0)
		return -1;
	for (i = 0; i < pl.n && !have_key; i++) {
		if (strcmp(pl.objs[i].name, "RSA PRIVATE KEY") == 0
			|| strcmp(pl.objs[i].name, "PRIVATE KEY") == 0
			|| strcmp(pl.objs[i].name, "EC PRIVATE KEY") == 0) {
			if (key_from_der(k, &pl.objs[i], what, e) < 0) {
				pem_list_free(&pl);
				return -1;
			}
			have_key = 1;
		} else if (strcmp(pl.objs[i].name, "ENCRYPTED PRIVATE KEY") == 0) {
			encrypted = 1;
		}
	}
	if (!have_key && encrypted)
		tw_err_set(e, "%s: the private key is encrypted with a passphrase, and tlswalk needs it unencrypted (openssl pkey -in %s -out plain.key)",
			what, what);
	else if (!have_key)
		tw_err_set(e, "%s: no PRIVATE KEY block found (the file holds: %s)",
			what, pem_names(&pl, names, sizeof names));
	pem_list_free(&pl);
	return have_key ? 0 : -1;
}

/* Append the CA certificates of a file (or built-in text) to anchors. */
static int
load_anchors(const char *file, const char *builtin, const char *what,
	br_x509_trust_anchor *anchors, size_t *anchors_len, size_t max, tw_err *e)
{
	pem_list pl;
	size_t i, before = *anchors_len;
	char names[200];

	if (load_pem(file, builtin, what, &pl, e) < 0)
		return -1;
	for (i = 0; i < pl.n; i++) {
		if (strcmp(pl.objs[i].name, "CERTIFICATE") != 0)
			continue;
		if (*anchors_len == max) {
			pem_list_free(&pl);
			return tw_err_set(e, "%s: more than %zu CA certificates", what, max);
		}
		if (anchor_from_der(&anchors[*anchors_len], pl.objs[i].der,
			pl.objs[i].len, what, e) < 0) {
			anchor_free(&anchors[*anchors_len]);
			pem_list_free(&pl);
			return -1;
		}
		(*anchors_len)++;
	}
	if (*anchors_len == before) {
		tw_err_set(e, "%s: no CERTIFICATE block found (the file holds: %s)",
			what, pem_names(&pl, names, sizeof names));
		pem_list_free(&pl);
		return -1;
	}
	pem_list_free(&pl);
	return 0;
}

/* The built-in client certificate for mutual TLS, its key and its CA. */
static int
load_client(tw_creds *c, tw_err *e)
{
	static const char what[] = "built-in client certificate";
	priv_key k;

	if (load_chain(NULL, tw_builtin_client_chain_pem, what, c->client_chain,
		&c->client_chain_len, e) < 0)
		return -1;
	if (load_key(NULL, tw_builtin_client_key_pem, "built-in client key", &k, e) < 0)
		return -1;
	c->client_keybuf = k.buf;
	if (k.type != BR_KEYTYPE_RSA)
		return tw_err_set(e, "built-in client key: not an RSA key (src/certs/client.key is damaged)");
	c->client_key = k.rsa;
	if (check_key_matches(c->client_chain, c->client_chain_len, &k, what,
		"built-in client key", e) < 0)
		return -1;
	return load_anchors(NULL, tw_builtin_client_ca_pem, "built-in client CA",
		c->client_anchors, &c->client_anchors_len, TW_MAX_CLIENT_ANCHORS, e);
}

/* see creds.h */
int
tw_creds_load(tw_creds *c, const char *cert_file, const char *key_file,
	const char *ca_file, tw_cert_type type, tw_err *e)
{
	const char *certwhat, *keywhat;
	const char *builtin_chain, *builtin_key;
	priv_key k;

	memset(c, 0, sizeof *c);
	/* The scenario leaves share one key; RSA and ECDSA have their own. */
	builtin_key = tw_builtin_scen_key_pem;
	keywhat = "built-in scenario key";
	switch (type) {
	case TW_CERT_RSA:
		builtin_chain = tw_builtin_chain_pem;
		builtin_key = tw_builtin_key_pem;
		certwhat = "built-in certificate chain";
		keywhat = "built-in key";
		break;
	case TW_CERT_ECDSA:
		builtin_chain = tw_builtin_ecdsa_chain_pem;
		builtin_key = tw_builtin_ecdsa_key_pem;
		certwhat = "built-in ECDSA certificate chain";
		keywhat = "built-in ECDSA key";
		break;
	case TW_CERT_EXPIRED:
		builtin_chain = tw_builtin_scen_expired_pem;
		certwhat = "built-in expired certificate chain";
		break;
	case TW_CERT_NOT_YET_VALID:
		builtin_chain = tw_builtin_scen_notyet_pem;
		certwhat = "built-in not yet valid certificate chain";
		break;
	case TW_CERT_NO_INTERMEDIATE:
		builtin_chain = tw_builtin_scen_nointer_pem;
		certwhat = "built-in certificate without its intermediate";
		break;
	case TW_CERT_IMPOSTOR:
		builtin_chain = tw_builtin_scen_impostor_pem;
		certwhat = "built-in impostor certificate chain";
		break;
	case TW_CERT_NOT_CA:
		builtin_chain = tw_builtin_scen_notca_pem;
		certwhat = "built-in certificate chain issued by a non-CA";
		break;
	default:
		return tw_err_set(e, "certificate type %d is not a built-in chain (0 RSA, 1 ECDSA, 2 to 6 the certificate failure scenarios)",
			(int)type);
	}
	if (cert_file != NULL)
		certwhat = cert_file;
	if (key_file != NULL)
		keywhat = key_file;

	/* Chain, leaf first; then its key. */
	if (load_chain(cert_file, builtin_chain, certwhat, c->chain, &c->chain_len, e) < 0)
		goto fail;
	if (load_key(key_file, builtin_key, keywhat, &k, e) < 0)
		goto fail;
	c->keybuf = k.buf;
	c->key_type = k.type;
	if (k.type == BR_KEYTYPE_RSA)
		c->key = k.rsa;
	else
		c->ec_key = k.ec;
	if (check_key_matches(c->chain, c->chain_len, &k, certwhat, keywhat, e) < 0)
		goto fail;

	/* Trust anchors: the user's, or the three built-in roots. */
	if (ca_file != NULL) {
		if (load_anchors(ca_file, NULL, ca_file, c->anchors, &c->anchors_len,
			TW_MAX_ANCHORS, e) < 0)
			goto fail;
	} else if (load_anchors(NULL, tw_builtin_root_pem, "built-in root CA",
			c->anchors, &c->anchors_len, TW_MAX_ANCHORS, e) < 0
		|| load_anchors(NULL, tw_builtin_ecdsa_root_pem, "built-in ECDSA root CA",
			c->anchors, &c->anchors_len, TW_MAX_ANCHORS, e) < 0
		|| load_anchors(NULL, tw_builtin_scen_root_pem, "built-in scenario root CA",
			c->anchors, &c->anchors_len, TW_MAX_ANCHORS, e) < 0) {
		goto fail;
	}

	if (load_client(c, e) < 0)
		goto fail;
	return 0;
fail:
	tw_creds_free(c);
	return -1;
}

/* see creds.h */
void
tw_creds_free(tw_creds *c)
{
	size_t i;

	for (i = 0; i < c->chain_len; i++)
		free(c->chain[i].data);
	for (i = 0; i < c->anchors_len; i++)
		anchor_free(&c->anchors[i]);
	for (i = 0; i < c->client_chain_len; i++)
		free(c->client_chain[i].data);
	for (i = 0; i < c->client_anchors_len; i++)
		anchor_free(&c->client_anchors[i]);
	free(c->keybuf);
	free(c->client_keybuf);
	memset(c, 0, sizeof *c);
}
