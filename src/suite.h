/*
 * suite.h — the one table of TLS 1.2 cipher suites tlswalk can walk, and
 * record protection as operations per cipher family.
 *
 * Everything that varies by suite is a row here: key exchange,
 * authentication, bulk cipher, key / fixed-IV / record-IV / MAC / tag
 * lengths and the PRF hash. Record protection is a table of operations per
 * cipher family (AES-GCM, ChaCha20-Poly1305, AES-CCM, AES-CBC with HMAC);
 * each opens one record and returns the byte ranges it is made of, so the
 * dissector lays its fields from them. No other file decodes a suite or
 * hard-codes a cipher's lengths.
 */
#ifndef TW_SUITE_H
#define TW_SUITE_H

#include <stdint.h>
#include <stddef.h>

typedef enum { TW_KX_ECDHE = 1, TW_KX_RSA = 2 } tw_kx;
typedef enum { TW_AUTH_RSA = 1, TW_AUTH_ECDSA = 2 } tw_auth;
typedef enum {
	TW_CF_GCM = 1, TW_CF_CHACHA = 2, TW_CF_CCM = 3, TW_CF_CBC = 4
} tw_cipher_family;

typedef enum {
	TW_V_MISSING = 0,   /* could not be computed (input absent or unsupported) */
	TW_V_OK,            /* an independent computation agreed */
	TW_V_MISMATCH,      /* computed, but disagrees: shown as an error */
	TW_V_NA             /* does not apply here (nothing to compare with) */
} tw_verdict;

const char *tw_verdict_name(tw_verdict v);   /* "missing", "verified", "MISMATCH", "not-applicable" */

/* One direction's keys, cut from the key block. */
typedef struct {
	uint8_t mac_key[48];      /* CBC suites only */
	uint8_t key[32];
	uint8_t iv[12];           /* fixed (implicit) IV: 4 for GCM/CCM, 12 for ChaCha20, none for CBC */
} tw_dir_keys;

/* What opening one record found: where each part lies in the record
 * (offsets from the record's first header byte) and what it decrypts to. */
typedef struct {
	int rec;                    /* record index in the transcript */
	const char *family;         /* "AES-GCM", "ChaCha20-Poly1305", "AES-CCM", "AES-CBC + HMAC" */
	size_t iv_off, iv_len;      /* explicit nonce (GCM, CCM: 8) or CBC IV (16); 0 for ChaCha20 */
	size_t ct_off, ct_len;      /* the encrypted bytes */
	size_t content_len;         /* of which the content (the rest: MAC and padding, CBC only) */
	size_t mac_off, mac_len;    /* AEAD: the tag, after ct; CBC: the HMAC, inside ct */
	size_t pad_off, pad_len;    /* CBC: padding and its length byte, inside ct */
	int mac_inside;             /* the MAC is encrypted (CBC) */
	uint8_t nonce[12];          /* AEAD nonce as used */
	size_t nonce_len;
	uint8_t aad[13];            /* AEAD additional data, or the header the CBC MAC covers */
	size_t aad_len;
	uint8_t mac_calc[48];       /* CBC: the HMAC recomputed over seq ‖ header ‖ content */
	uint8_t *plain;             /* the decrypted ct_len bytes (owned) */
	size_t plain_len;           /* = content_len (MAC and padding follow in the buffer for CBC) */
	tw_verdict tag;             /* tag (AEAD) or MAC and padding (CBC) checked */
	tw_verdict matches_sent;    /* application data: equals what the sending engine was given */
} tw_opened;

typedef struct tw_suite tw_suite;

/* Record protection of one cipher family. */
typedef struct {
	tw_cipher_family family;
	const char *name;           /* "AES-GCM", ... */
	const char *bulk;           /* the block or stream cipher: "AES", "ChaCha20" */
	const char *nonce_rule;     /* how the nonce or IV is formed, one line (English) */
	const char *nonce_rule_zh;
	/* Open record rb[0..len) (header included) sent with sequence number
	 * seq under dk. Fills o (allocating o->plain); never reads past len. */
	void (*open)(const tw_suite *s, const tw_dir_keys *dk, uint64_t seq,
		const uint8_t *rb, size_t len, tw_opened *o);
} tw_record_ops;

struct tw_suite {
	uint16_t id;
	const char *name;           /* IANA name */
	tw_kx kx;
	tw_auth auth;
	const tw_record_ops *rp;
	const char *cipher;         /* "AES_128_GCM", "CHACHA20_POLY1305", "AES_256_CBC" ... as in the name */
	unsigned key_bits;
	size_t key_len;             /* enc_key_length */
	size_t fixed_iv_len;        /* implicit IV from the key block */
	size_t record_iv_len;       /* explicit nonce / IV in each record */
	size_t mac_key_len;         /* CBC: HMAC key length; AEAD: 0 */
	size_t mac_len;             /* CBC: HMAC length; AEAD: tag length */
	int mac_hash;               /* CBC: 1, 256 or 384; AEAD: 0 */
	int prf_hash;               /* 256 or 384 */
	const char *hash;           /* the suite name's last part: "SHA256", "SHA384", "SHA" */
};

/* OpenSSL's name for the suite ("AES128-SHA"), or NULL if it has none. */
const char *tw_suite_openssl_name(const tw_suite *s);

/* The suite with this code, or NULL when tlswalk cannot walk it. */
const tw_suite *tw_suite_by_id(uint16_t id);

/* By IANA name (case-insensitive, "TLS_" optional), OpenSSL name
 * ("ECDHE-RSA-AES128-GCM-SHA256") or "0xHHHH"; NULL if none. */
const tw_suite *tw_suite_find(const char *name_or_code);

/* All suites, in the order --list-suites prints them. */
const tw_suite *tw_suite_at(size_t i);
size_t tw_suite_count(void);

/* Key block length: 2 × (mac key + key + fixed IV). */
size_t tw_suite_key_block_len(const tw_suite *s);

/* One line on what choosing this suite teaches, in "en" or "zh". */
void tw_suite_teaches(const tw_suite *s, const char *lang, char *buf, size_t size);

/* Names for key exchange and authentication: "ECDHE", "RSA", "ECDSA". */
const char *tw_kx_name(tw_kx kx);
const char *tw_auth_name(tw_auth a);

/* Groups a teacher can choose (IANA ids): x25519, secp256r1, secp384r1,
 * secp521r1. Returns the id, or 0 when name is not one of them. */
int tw_group_find(const char *name);

#endif
