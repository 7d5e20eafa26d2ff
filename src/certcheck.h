/*
 * certcheck.h — what a browser would say about a certificate that BearSSL
 * accepts: no subjectAltName (the name only in the CN), an RSA key under
 * 2048 bits, a SHA-1 signature; and a certificate's validity dates, so an
 * expired certificate and one not yet valid (one BearSSL error code for
 * both) are told apart.
 */
#ifndef TW_CERTCHECK_H
#define TW_CERTCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct {
	int decoded;            /* BearSSL's decoder read it */
	int key_type;           /* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	unsigned rsa_bits;      /* RSA modulus size */
	int signer_hash;        /* BearSSL hash id of the signature: 2 SHA-1, 4 SHA-256, ... */
	int has_san;            /* holds a subjectAltName extension */
	int is_ca;
	time_t not_before, not_after;
} tw_cert_facts;

/* Read the facts of one DER certificate; decoded is 0 when it cannot. */
void tw_cert_facts_read(const uint8_t *der, size_t len, tw_cert_facts *f);

/* Sentences, in English and Chinese, on what current browsers would do
 * with this server (leaf) certificate that BearSSL accepted, one per
 * weakness, written into en / zh (empty when there is none). */
void tw_cert_browser_notes(const tw_cert_facts *leaf, const tw_cert_facts *issuer_sig,
	char *en, size_t en_size, char *zh, size_t zh_size);

/* The dNSName entries of the certificate's subjectAltName extension
 * (RFC 5280 4.2.1.6), read with our own DER reader, not BearSSL's: at
 * most max names of fewer than TW_DNS_MAX bytes (longer or non-printable
 * ones are left out). Returns how many; 0 without the extension. */
#define TW_DNS_MAX 256
size_t tw_cert_dns_names(const uint8_t *der, size_t len, char (*names)[TW_DNS_MAX], size_t max);

/* RFC 6125 6.4: host matches the DNS name pattern, ASCII case ignored; a
 * "*" is allowed as the whole left-most label only, and stands for exactly
 * one label ("*.example.com" matches "www.example.com", not "example.com"
 * nor "a.b.example.com"). */
int tw_cert_name_matches(const char *pattern, const char *host);

#endif
