/*
 * names.c — IANA TLS registry names. See names.h.
 */
#include "config.h"
#include <stddef.h>
#include "names.h"

typedef tw_name_entry entry;

/* see names.h */
const char *
tw_name_lookup(const tw_name_entry *t, size_t n, unsigned code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

#define FIND(t, c) tw_name_lookup(t, sizeof t / sizeof t[0], c)

static const entry suites[] = {
	/* TLS 1.3 (RFC 8446 §B.4): a real ClientHello lists them too */
	{ 0x1301, "TLS_AES_128_GCM_SHA256" }, { 0x1302, "TLS_AES_256_GCM_SHA384" },
	{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256" }, { 0x1304, "TLS_AES_128_CCM_SHA256" },
	{ 0x1305, "TLS_AES_128_CCM_8_SHA256" },
	{ 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" },
	{ 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
	{ 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256" },
	{ 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256" },
	{ 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" },
	{ 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
	{ 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" },
	{ 0x5600, "TLS_FALLBACK_SCSV" },
	{ 0xc003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA" },
	{ 0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA" },
	{ 0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA" },
	{ 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA" },
	{ 0xc00d, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA" },
	{ 0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA" },
	{ 0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA" },
	{ 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" },
	{ 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA" },
	{ 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256" },
	{ 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384" },
	{ 0xc025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256" },
	{ 0xc026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384" },
	{ 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256" },
	{ 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" },
	{ 0xc029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256" },
	{ 0xc02a, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384" },
	{ 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
	{ 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
	{ 0xc02d, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256" },
	{ 0xc02e, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384" },
	{ 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
	{ 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
	{ 0xc031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256" },
	{ 0xc032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384" },
	{ 0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM" },
	{ 0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM" },
	{ 0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8" },
	{ 0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8" },
	{ 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
	{ 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
};

static const entry groups[] = {
	{ 23, "secp256r1" }, { 24, "secp384r1" }, { 25, "secp521r1" },
	{ 29, "x25519" }, { 30, "x448" },
	{ 256, "ffdhe2048" }, { 257, "ffdhe3072" }, { 258, "ffdhe4096" },
	{ 259, "ffdhe6144" }, { 260, "ffdhe8192" },
	/* Post-quantum (ML-KEM) and hybrid groups real clients offer for TLS 1.3 */
	{ 0x0200, "MLKEM512" }, { 0x0201, "MLKEM768" }, { 0x0202, "MLKEM1024" },
	{ 0x11eb, "SecP256r1MLKEM768" }, { 0x11ec, "X25519MLKEM768" },
	{ 0x11ed, "SecP384r1MLKEM1024" }, { 0x6399, "X25519Kyber768Draft00" },
};

static const entry sigschemes[] = {
	{ 0x0201, "rsa_pkcs1_sha1" }, { 0x0203, "ecdsa_sha1" },
	{ 0x0301, "sha224_rsa" }, { 0x0303, "sha224_ecdsa" },
	{ 0x0401, "rsa_pkcs1_sha256" }, { 0x0403, "ecdsa_secp256r1_sha256" },
	{ 0x0501, "rsa_pkcs1_sha384" }, { 0x0503, "ecdsa_secp384r1_sha384" },
	{ 0x0601, "rsa_pkcs1_sha512" }, { 0x0603, "ecdsa_secp521r1_sha512" },
	{ 0x0804, "rsa_pss_rsae_sha256" }, { 0x0805, "rsa_pss_rsae_sha384" },
	{ 0x0806, "rsa_pss_rsae_sha512" }, { 0x0807, "ed25519" },
	{ 0x0808, "ed448" }, { 0x0809, "rsa_pss_pss_sha256" },
	{ 0x080a, "rsa_pss_pss_sha384" }, { 0x080b, "rsa_pss_pss_sha512" },
};

static const entry alerts[] = {
	{ 0, "close_notify" }, { 10, "unexpected_message" }, { 20, "bad_record_mac" },
	{ 22, "record_overflow" }, { 40, "handshake_failure" },
	{ 42, "bad_certificate" }, { 43, "unsupported_certificate" },
	{ 44, "certificate_revoked" }, { 45, "certificate_expired" },
	{ 46, "certificate_unknown" }, { 47, "illegal_parameter" },
	{ 48, "unknown_ca" }, { 49, "access_denied" }, { 50, "decode_error" },
	{ 51, "decrypt_error" }, { 70, "protocol_version" },
	{ 71, "insufficient_security" }, { 80, "internal_error" },
	{ 86, "inappropriate_fallback" }, { 90, "user_canceled" },
	{ 100, "no_renegotiation" }, { 110, "unsupported_extension" },
	{ 112, "unrecognized_name" },
};

static const entry handshakes[] = {
	{ 0, "hello_request" }, { 1, "client_hello" }, { 2, "server_hello" },
	{ 4, "new_session_ticket" }, { 11, "certificate" },
	{ 12, "server_key_exchange" }, { 13, "certificate_request" },
	{ 14, "server_hello_done" }, { 15, "certificate_verify" },
	{ 16, "client_key_exchange" }, { 20, "finished" },
};

static const entry content_types[] = {
	{ 20, "change_cipher_spec" }, { 21, "alert" }, { 22, "handshake" },
	{ 23, "application_data" }, { 24, "heartbeat" },
};

static const entry versions[] = {
	{ 0x0300, "SSL 3.0" }, { 0x0301, "TLS 1.0" }, { 0x0302, "TLS 1.1" },
	{ 0x0303, "TLS 1.2" }, { 0x0304, "TLS 1.3" },
};

/* IANA "TLS ExtensionType Values". */
static const entry ext_names[] = {
	{ 0, "server_name" }, { 1, "max_fragment_length" }, { 5, "status_request" },
	{ 10, "supported_groups" }, { 11, "ec_point_formats" },
	{ 13, "signature_algorithms" }, { 14, "use_srtp" }, { 15, "heartbeat" },
	{ 16, "application_layer_protocol_negotiation" },
	{ 18, "signed_certificate_timestamp" }, { 21, "padding" },
	{ 22, "encrypt_then_mac" }, { 23, "extended_master_secret" },
	{ 28, "record_size_limit" }, { 35, "session_ticket" },
	{ 41, "pre_shared_key" }, { 42, "early_data" }, { 43, "supported_versions" },
	{ 44, "cookie" }, { 45, "psk_key_exchange_modes" }, { 51, "key_share" },
	{ 17, "status_request_v2" }, { 19, "client_certificate_type" },
	{ 20, "server_certificate_type" }, { 27, "compress_certificate" },
	{ 47, "certificate_authorities" }, { 48, "oid_filters" },
	{ 49, "post_handshake_auth" }, { 50, "signature_algorithms_cert" },
	{ 57, "quic_transport_parameters" },
	{ 17513, "application_settings (ALPS, old code point)" },
	{ 17613, "application_settings (ALPS)" },
	{ 65037, "encrypted_client_hello" },
	{ 65281, "renegotiation_info" },
};

/* IANA "TLS EC Point Formats". */
static const entry point_formats[] = {
	{ 0, "uncompressed" }, { 1, "ansiX962_compressed_prime" },
	{ 2, "ansiX962_compressed_char2" },
};

/* IANA "TLS HashAlgorithm" and "TLS SignatureAlgorithm" (RFC 5246 §7.4.1.4.1). */
static const entry hash_algs[] = {
	{ 0, "none" }, { 1, "md5" }, { 2, "sha1" }, { 3, "sha224" }, { 4, "sha256" },
	{ 5, "sha384" }, { 6, "sha512" }, { 8, "intrinsic" },
};
static const entry sig_algs[] = {
	{ 0, "anonymous" }, { 1, "rsa" }, { 2, "dsa" }, { 3, "ecdsa" },
	{ 4, "rsa_pss_rsae_sha256" }, { 5, "rsa_pss_rsae_sha384" },
	{ 6, "rsa_pss_rsae_sha512" }, { 7, "ed25519" }, { 8, "ed448" },
};


/* GREASE (RFC 8701): 0x0a0a, 0x1a1a, … 0xfafa, reserved in every 16-bit
 * registry a ClientHello lists, so that peers learn to ignore unknowns. */
#define GREASE(c) (((c) & 0x0f0f) == 0x0a0a && ((c) >> 8) == ((c) & 0xff))
static const char grease[] = "GREASE (reserved, RFC 8701)";

static const char *
find_or_grease(const entry *t, size_t n, uint16_t c)
{
	const char *r = tw_name_lookup(t, n, c);
	return r != NULL ? r : GREASE(c) ? grease : NULL;
}
#define FIND16(t, c) find_or_grease(t, sizeof t / sizeof t[0], c)

/* see names.h */
const char *tw_name_extension(uint16_t c) { return FIND16(ext_names, c); }
const char *tw_name_point_format(uint8_t c) { return FIND(point_formats, c); }
const char *tw_name_hash_alg(uint8_t c) { return FIND(hash_algs, c); }
const char *tw_name_sig_alg(uint8_t c) { return FIND(sig_algs, c); }
/* see names.h */
const char *tw_name_suite(uint16_t c) { return FIND16(suites, c); }
const char *tw_name_group(uint16_t c) { return FIND16(groups, c); }
const char *tw_name_sigscheme(uint16_t c) { return FIND16(sigschemes, c); }
const char *tw_name_alert(uint8_t c) { return FIND(alerts, c); }
const char *tw_name_handshake(uint8_t c) { return FIND(handshakes, c); }
const char *tw_name_content_type(uint8_t c) { return FIND(content_types, c); }
const char *tw_name_version(uint16_t c) { return FIND16(versions, c); }
