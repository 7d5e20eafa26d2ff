/*
 * pss.h — RSASSA-PSS signature verification (RFC 8017 §8.1.2, §9.1.2),
 * which BearSSL 0.6 lacks: the raw public-key operation (br_rsa_public)
 * and the EMSA-PSS decoding with MGF1, written out here. TLS uses it for
 * the rsa_pss_rsae_* and rsa_pss_pss_* schemes (RFC 8446 §4.2.3), in a
 * TLS 1.2 ServerKeyExchange as in a TLS 1.3 CertificateVerify; MGF1 uses
 * the same hash as the message, and the salt is as long as the hash.
 */
#ifndef TW_PSS_H
#define TW_PSS_H

#include <stdint.h>
#include <stddef.h>
#include <bearssl.h>

/* Verify sig over the message hash mhash (hash id 256, 384 or 512, as in
 * crypto.h) with the RSA public key pk. Returns 1 when it verifies, 0
 * when it does not (or the inputs cannot be a PSS signature of that key). */
int tw_rsa_pss_verify(const br_rsa_public_key *pk, int hash,
	const uint8_t *mhash, size_t mhash_len, const uint8_t *sig, size_t sig_len);

#endif
