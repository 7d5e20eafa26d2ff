/*
 * creds.c — PEM loading of the server chain, its RSA key and the client's
 * trust anchors, and the check that the key belongs to the leaf.
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

/* Decode an RSA private key from a PEM object into c->key (owned buffer). */
static int
key_from_der(tw_creds *c, const pem_obj *o, const char *what, tw_err *e)
{
	skey_box *box;
	const br_rsa_private_key *sk;
	unsigned char *p;
	size_t tot;
	int err, type;

	box = calloc(1, sizeof *box);
	if (box == NULL)
		return tw_err_set(e, "%s: out of memory", what);
	br_skey_decoder_init(&box->kc);
	br_skey_decoder_push(&box->kc, o->der, o->len);
	err = br_skey_decoder_last_error(&box->kc);
	type = br_skey_decoder_key_type(&box->kc);
	if (err == BR_ERR_X509_LIMIT_EXCEEDED) {
		free(box);
		return tw_err_set(e, "%s: the private key is larger than BearSSL can handle (RSA keys of at most 4096 bits)",
			what);
	}
	if (err != 0) {
		free(box);
		return tw_err_set(e, "%s: the %s block is not a valid private key (%s)",
			what, o->name, tw_br_err_name(err));
	}
	if (type != BR_KEYTYPE_RSA) {
		free(box);
		return tw_err_set(e, "%s: the private key is an %s key, and tlswalk supports only RSA keys for now",
			what, type == BR_KEYTYPE_EC ? "EC" : "unknown kind of");
	}
	sk = br_skey_decoder_get_rsa(&box->kc);
	tot = sk->plen + sk->qlen + sk->dplen + sk->dqlen + sk->iqlen;
	p = malloc(tot);
	if (p == NULL) {
		free(box);
		return tw_err_set(e, "%s: out of memory", what);
	}
	c->keybuf = p;
	c->key.n_bitlen = sk->n_bitlen;
#define CP(f) do { memcpy(p, sk->f, sk->f##len); c->key.f = p; \
		c->key.f##len = sk->f##len; p += sk->f##len; } while (0)
	CP(p); CP(q); CP(dp); CP(dq); CP(iq);
#undef CP
	/* The context held the private key. */
	memset(box, 0, sizeof *box);
	free(box);
	return 0;
}

/* The key matches the leaf when a signature made with it verifies with the
 * leaf certificate's public key. */
static int
check_key_matches(const tw_creds *c, const char *certwhat, const char *keywhat,
	tw_err *e)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	static const unsigned char oid_sha256[] = {
		0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01
	};
	unsigned char hash[32], sig[512], out[32];

	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, c->chain[0].data, c->chain[0].data_len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (br_x509_decoder_last_error(&dc) == BR_ERR_X509_LIMIT_EXCEEDED)
		return tw_err_set(e, "%s: the leaf certificate is larger than BearSSL can handle (its key is probably over 4096 bits)",
			certwhat);
	if (pk == NULL)
		return tw_err_set(e, "%s: the first certificate is not a valid X.509 certificate (%s)",
			certwhat, tw_br_err_name(br_x509_decoder_last_error(&dc)));
	if (pk->key_type != BR_KEYTYPE_RSA)
		return tw_err_set(e, "%s: the leaf certificate's key is not RSA (only RSA is supported for now)",
			certwhat);
	if ((c->key.n_bitlen + 7) / 8 > sizeof sig)
		return tw_err_set(e, "%s: RSA key larger than 4096 bits", keywhat);
	memset(hash, 0x5a, sizeof hash);
	if (!br_rsa_pkcs1_sign_get_default()(oid_sha256, hash, sizeof hash,
		&c->key, sig))
		return tw_err_set(e, "%s: the RSA private key cannot sign (is it damaged?)", keywhat);
	if (!br_rsa_pkcs1_vrfy_get_default()(sig, (c->key.n_bitlen + 7) / 8,
		oid_sha256, sizeof out, &pk->key.rsa, out)
		|| memcmp(out, hash, sizeof hash) != 0)
		return tw_err_set(e, "%s does not match the certificate in %s (a signature made with the key does not verify with the certificate's public key)",
			keywhat, certwhat);
	return 0;
}

/* see creds.h */
int
tw_creds_load(tw_creds *c, const char *cert_file, const char *key_file,
	const char *ca_file, tw_err *e)
{
	pem_list pl;
	size_t i;
	const char *certwhat = cert_file ? cert_file : "built-in certificate chain";
	const char *keywhat = key_file ? key_file : "built-in key";
	const char *cawhat = ca_file ? ca_file : "built-in root CA";
	int have_key = 0, encrypted = 0;
	char names[200];

	memset(c, 0, sizeof *c);

	/* Chain, leaf first. */
	if (load_pem(cert_file, tw_builtin_chain_pem, certwhat, &pl, e) < 0)
		goto fail;
	for (i = 0; i < pl.n; i++) {
		if (strcmp(pl.objs[i].name, "CERTIFICATE") != 0)
			continue;
		if (c->chain_len == TW_MAX_CHAIN) {
			pem_list_free(&pl);
			tw_err_set(e, "%s: more than %d certificates", certwhat, TW_MAX_CHAIN);
			goto fail;
		}
		c->chain[c->chain_len].data = pl.objs[i].der;
		c->chain[c->chain_len].data_len = pl.objs[i].len;
		pl.objs[i].der = NULL;
		c->chain_len++;
	}
	if (c->chain_len == 0) {
		tw_err_set(e, "%s: no CERTIFICATE block found (the file holds: %s)",
			certwhat, pem_names(&pl, names, sizeof names));
		pem_list_free(&pl);
		goto fail;
	}
	pem_list_free(&pl);

	/* Key. */
	if (load_pem(key_file, tw_builtin_key_pem, keywhat, &pl, e) < 0)
		goto fail;
	for (i = 0; i < pl.n && !have_key; i++) {
		if (strcmp(pl.objs[i].name, "RSA PRIVATE KEY") == 0
			|| strcmp(pl.objs[i].name, "PRIVATE KEY") == 0
			|| strcmp(pl.objs[i].name, "EC PRIVATE KEY") == 0) {
			if (key_from_der(c, &pl.objs[i], keywhat, e) < 0) {
				pem_list_free(&pl);
				goto fail;
			}
			have_key = 1;
		} else if (strcmp(pl.objs[i].name, "ENCRYPTED PRIVATE KEY") == 0) {
			encrypted = 1;
		}
	}
	if (!have_key && encrypted)
		tw_err_set(e, "%s: the private key is encrypted with a passphrase, and tlswalk needs it unencrypted (openssl pkey -in %s -out plain.key)",
			keywhat, keywhat);
	else if (!have_key)
		tw_err_set(e, "%s: no PRIVATE KEY block found (the file holds: %s)",
			keywhat, pem_names(&pl, names, sizeof names));
	pem_list_free(&pl);
	if (!have_key)
		goto fail;
	if (check_key_matches(c, certwhat, keywhat, e) < 0)
		goto fail;

	/* Trust anchors. */
	if (load_pem(ca_file, tw_builtin_root_pem, cawhat, &pl, e) < 0)
		goto fail;
	for (i = 0; i < pl.n; i++) {
		if (strcmp(pl.objs[i].name, "CERTIFICATE") != 0)
			continue;
		if (c->anchors_len == TW_MAX_ANCHORS) {
			pem_list_free(&pl);
			tw_err_set(e, "%s: more than %d CA certificates", cawhat, TW_MAX_ANCHORS);
			goto fail;
		}
		if (anchor_from_der(&c->anchors[c->anchors_len], pl.objs[i].der,
			pl.objs[i].len, cawhat, e) < 0) {
			anchor_free(&c->anchors[c->anchors_len]);
			pem_list_free(&pl);
			goto fail;
		}
		c->anchors_len++;
	}
	if (c->anchors_len == 0) {
		tw_err_set(e, "%s: no CERTIFICATE block found (the file holds: %s)",
			cawhat, pem_names(&pl, names, sizeof names));
		pem_list_free(&pl);
		goto fail;
	}
	pem_list_free(&pl);
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
	free(c->keybuf);
	memset(c, 0, sizeof *c);
}
