/*
 * creds.h — the server's certificate chain and private key, and the
 * client's trust anchors, loaded from PEM.
 *
 * The built-in demo PKI (the PEM files in src/certs: a root CA, an intermediate CA and
 * a www.example.com leaf, all RSA-2048) is compiled into the binary as PEM
 * text and goes through the same loader as user files, so both paths are
 * tested by the same code.
 */
#ifndef TW_CREDS_H
#define TW_CREDS_H

#include <bearssl.h>
#include "tw_err.h"

#define TW_MAX_CHAIN 8

typedef enum { TW_CERT_RSA = 0, TW_CERT_ECDSA = 1 } tw_cert_type;
#define TW_MAX_ANCHORS 512   /* a whole system bundle (Debian: about 150 roots) */

typedef struct {
	br_x509_certificate chain[TW_MAX_CHAIN];   /* leaf first; data owned */
	size_t chain_len;
	int key_type;                              /* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	br_rsa_private_key key;                    /* buffers owned (keybuf) */
	br_ec_private_key ec_key;
	unsigned char *keybuf;
	br_x509_trust_anchor anchors[TW_MAX_ANCHORS]; /* buffers owned */
	size_t anchors_len;
	/* mutual TLS: the built-in client certificate, and the CA names the server asks for */
	br_x509_certificate client_chain[TW_MAX_CHAIN];
	size_t client_chain_len;
	br_rsa_private_key client_key;
	unsigned char *client_keybuf;
	br_x509_trust_anchor client_anchors[4];
	size_t client_anchors_len;
} tw_creds;

/* Load credentials. Each of cert_file, key_file and ca_file may be NULL to
 * use the built-in one. The chain is leaf first; the key MUST be an RSA key
 * (PKCS#1 or PKCS#8) and is checked to match the leaf's public key.
 * On failure, *c is left freed and e names the file and the problem. */
int tw_creds_load(tw_creds *c, const char *cert_file, const char *key_file,
	const char *ca_file, tw_err *e);

/* Release everything tw_creds_load allocated. Safe on a zeroed struct. */
void tw_creds_free(tw_creds *c);

/* The built-in PEM texts (generated at build time from src/certs). */
extern const char tw_builtin_chain_pem[];
extern const char tw_builtin_key_pem[];
extern const char tw_builtin_root_pem[];

#endif
