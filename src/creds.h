/*
 * creds.h — the server's certificate chain and private key, the client's
 * trust anchors, and the client's own certificate for mutual TLS, loaded
 * from PEM.
 *
 * The built-in demo PKI (the PEM files in src/certs, made by make-certs.sh,
 * make-certs-ecdsa.sh and make-certs-scenarios.sh) is compiled into the binary as PEM text and goes
 * through the same loader as user files, so both paths are tested by the
 * same code. It holds:
 *  - an RSA-2048 chain: Root CA -> Intermediate CA -> www.example.com;
 *  - an ECDSA P-256 chain: ECDSA Root CA -> ECDSA Intermediate CA ->
 *    www.example.com;
 *  - a client certificate "tlswalk demo student" (RSA-2048, clientAuth)
 *    issued by a separate self-signed "tlswalk Demo Client CA";
 *  - for the certificate failure scenarios, RSA-2048 chains for
 *    www.example.com that a client must refuse, all with one shared leaf
 *    key, under the (trusted) Scenario Root CA -> Scenario Intermediate CA
 *    unless said otherwise: an expired leaf, a not yet valid one, a good
 *    leaf sent without its intermediate, a leaf from an untrusted impostor
 *    CA, and a leaf issued by an end-entity certificate (not a CA). Their
 *    dates are fixed (see make-certs-scenarios.sh), so the verdict is the
 *    same at the clock of seeded runs and at any real date up to 2044.
 */
#ifndef TW_CREDS_H
#define TW_CREDS_H

#include <bearssl.h>
#include "tw_err.h"

#define TW_MAX_CHAIN 8
#define TW_MAX_ANCHORS 512   /* a whole system bundle (Debian: about 150 roots) */

#define TW_MAX_CLIENT_ANCHORS 4

/* Which built-in server chain and key to use when none is given. The
 * scenario chains each fail the client's check with one BearSSL error:
 *   TW_CERT_EXPIRED          leaf valid 2020-01-01 to 2021-01-01:
 *                            BR_ERR_X509_EXPIRED;
 *   TW_CERT_NOT_YET_VALID    leaf valid 2045-01-01 to 2055-01-01:
 *                            BR_ERR_X509_EXPIRED too (one code for both);
 *   TW_CERT_NO_INTERMEDIATE  a good leaf sent alone: BR_ERR_X509_NOT_TRUSTED;
 *   TW_CERT_IMPOSTOR         leaf and intermediate of "tlswalk Impostor Root
 *                            CA", not a trust anchor: BR_ERR_X509_NOT_TRUSTED;
 *   TW_CERT_NOT_CA           leaf, "shop.example.net" (CA:FALSE), scenario
 *                            intermediate: BR_ERR_X509_NOT_CA. */
typedef enum {
	TW_CERT_RSA = 0,
	TW_CERT_ECDSA = 1,
	TW_CERT_EXPIRED = 2,
	TW_CERT_NOT_YET_VALID = 3,
	TW_CERT_NO_INTERMEDIATE = 4,
	TW_CERT_IMPOSTOR = 5,
	TW_CERT_NOT_CA = 6
} tw_cert_type;

typedef struct {
	br_x509_certificate chain[TW_MAX_CHAIN];   /* leaf first; data owned */
	size_t chain_len;
	int key_type;               /* BR_KEYTYPE_RSA or BR_KEYTYPE_EC: the leaf key's type */
	br_rsa_private_key key;     /* valid when key_type == BR_KEYTYPE_RSA; buffers in keybuf */
	br_ec_private_key ec_key;   /* valid when key_type == BR_KEYTYPE_EC; x in keybuf */
	unsigned char *keybuf;
	br_x509_trust_anchor anchors[TW_MAX_ANCHORS]; /* buffers owned */
	size_t anchors_len;
	/* Mutual TLS: the built-in client certificate and its RSA key, and
	 * the CAs the server trusts for client certificates (whose names it
	 * sends in CertificateRequest). */
	br_x509_certificate client_chain[TW_MAX_CHAIN];   /* data owned */
	size_t client_chain_len;
	br_rsa_private_key client_key;                   /* buffers in client_keybuf */
	unsigned char *client_keybuf;
	br_x509_trust_anchor client_anchors[TW_MAX_CLIENT_ANCHORS]; /* buffers owned */
	size_t client_anchors_len;
} tw_creds;

/* Load credentials. Each of cert_file, key_file and ca_file may be NULL to
 * use the built-in one: type chooses the built-in chain and key (RSA,
 * ECDSA or a scenario's); the built-in trust anchors are the three
 * built-in roots, RSA, ECDSA and Scenario (in that order), as a browser
 * trusts several roots. A user's chain is leaf first and
 * its key may be RSA (PKCS#1 or PKCS#8) or EC on secp256r1, secp384r1 or
 * secp521r1 (SEC1 or PKCS#8); key_type tells which. The key is checked to
 * match the leaf by recomputing its public key (no private-key operation).
 * The client credentials are always the built-in ones.
 * On failure, *c is left freed and e names the file and the problem. */
int tw_creds_load(tw_creds *c, const char *cert_file, const char *key_file,
	const char *ca_file, tw_cert_type type, tw_err *e);

/* Release everything tw_creds_load allocated. Safe on a zeroed struct. */
void tw_creds_free(tw_creds *c);

/* The built-in PEM texts (generated at build time from src/certs). */
extern const char tw_builtin_chain_pem[];
extern const char tw_builtin_key_pem[];
extern const char tw_builtin_root_pem[];
extern const char tw_builtin_ecdsa_chain_pem[];
extern const char tw_builtin_ecdsa_key_pem[];
extern const char tw_builtin_ecdsa_root_pem[];
extern const char tw_builtin_client_chain_pem[];
extern const char tw_builtin_client_key_pem[];
extern const char tw_builtin_client_ca_pem[];
extern const char tw_builtin_scen_root_pem[];
extern const char tw_builtin_scen_key_pem[];
extern const char tw_builtin_scen_expired_pem[];
extern const char tw_builtin_scen_notyet_pem[];
extern const char tw_builtin_scen_nointer_pem[];
extern const char tw_builtin_scen_impostor_pem[];
extern const char tw_builtin_scen_notca_pem[];

#endif
