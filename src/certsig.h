/*
 * certsig.h — signatures opened by hand, as a learner checks them: the RSA
 * PKCS#1 v1.5 block (sig^e mod n = 00 01 FF..FF 00 DigestInfo hash, RFC
 * 8017 §8.2.2) and each certificate link of a chain (the hash of a
 * certificate's signed part, checked with its issuer's public key: the next
 * certificate sent, or a trust anchor for the last one).
 *
 * This is our own arithmetic (tw_rsa_public, tw_ecdsa_verify) and our own
 * DER reading, independent of BearSSL's X.509 engine, whose verdict the
 * chain item shows beside it.
 */
#ifndef TW_CERTSIG_H
#define TW_CERTSIG_H

#include <stddef.h>
#include <stdint.h>
#include <bearssl.h>
#include "suite.h"

/* An RSA PKCS#1 v1.5 signature opened. */
typedef struct {
	uint8_t block[512];       /* sig^e mod n, n's length */
	size_t len;               /* 0: not opened (key too large, sig >= n) */
	size_t ff_len;            /* the FF padding bytes */
	size_t prefix_len;        /* the DigestInfo before the hash */
	tw_verdict v;             /* OK: the block is exactly the encoding of the hash */
} tw_pkcs1_open;

/* Open sig with the public key and compare the block with the encoding of
 * hash h (hlen bytes; oid: BearSSL's length-prefixed hash OID). */
void tw_pkcs1_open_sig(const br_rsa_public_key *pk, const unsigned char *oid,
	const uint8_t *h, size_t hlen, const uint8_t *sig, size_t sig_len, tw_pkcs1_open *o);

/* Where a certificate's issuer key came from. */
typedef enum {
	TW_ISSUER_NEXT = 0,       /* the next certificate sent */
	TW_ISSUER_ANCHOR = 1,     /* a trust anchor whose name is the issuer's */
	TW_ISSUER_UNKNOWN = 2     /* neither: the link cannot be checked */
} tw_issuer_from;

/* One link of a chain: certificate `index` and the key that signed it. */
typedef struct {
	size_t index;             /* 0: the leaf */
	int parsed;               /* the certificate's outer structure could be read */
	const char *alg;          /* "sha256WithRSAEncryption", "ecdsa-with-SHA256", ... or NULL */
	int hash;                 /* 1, 224, 256, 384, 512; 0 when the algorithm is not known */
	size_t tbs_len;           /* the signed part (tbsCertificate), as bytes */
	uint8_t tbs_hash[64];
	size_t hash_len;
	const uint8_t *sig;       /* the signature, inside the certificate */
	size_t sig_len;
	tw_issuer_from from;
	int key_type;             /* the issuer key's: BR_KEYTYPE_RSA / _EC, 0 unknown */
	tw_pkcs1_open rsa;        /* RSA: the opened block */
	uint8_t r[66], s[66];     /* ECDSA */
	size_t rs_len;
	tw_verdict v;             /* the signature checked with the issuer's key */
} tw_cert_link;

/* Check link i of a chain (DER certificates, leaf first) with the next
 * certificate's key, or, for the last one, with the key of the anchor whose
 * name is its issuer's. */
void tw_cert_link_check(const uint8_t *const *cert, const size_t *cert_len, size_t ncert,
	size_t i, const br_x509_trust_anchor *anchors, size_t nanchors, tw_cert_link *out);

#endif
