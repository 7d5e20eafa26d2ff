/*
 * terms.h — one word for one thing: the term list of lessons/<lang>/terms.txt.
 *
 * The secrets (pane, dump, JSON titles) and the --dump headings name things
 * (the client random, the master secret, the cipher suite…) with the word
 * the term list gives; the lessons and the UI's fixed words use the same
 * word (tests/terms.sh holds them to the list's avoid bullets), so
 * a learner never meets two names for one thing (the course slides' words
 * in Chinese: 加密组件, 客户端随机数, 公钥证书, 预主密钥, 主密钥, 摘要, 报文).
 *
 * The list is an entry [term.ID] per term in the lesson file format; its
 * title is the term. The ids are fixed here, so a call naming a term the
 * list lacks does not compile, and tests/check_lesson.c holds every shipped
 * language to an entry per id. The built-in lists are the default;
 * tw_terms_load(DIR) reads DIR/<lang>/terms.txt over them (--lessons DIR).
 */
#ifndef TW_TERMS_H
#define TW_TERMS_H

#include "tw_err.h"

#define TW_TERMS(X) \
	X(HANDSHAKE, "handshake") X(MESSAGE, "message") X(RECORD, "record") \
	X(RECORD_HEADER, "record_header") X(CIPHER_SUITE, "cipher_suite") \
	X(CLIENT_RANDOM, "client_random") X(SERVER_RANDOM, "server_random") \
	X(CERTIFICATE, "certificate") X(CERTIFICATE_CHAIN, "certificate_chain") \
	X(ROOT_CA, "root_ca") X(SERVER_PARAMS, "server_params") \
	X(CLIENT_PARAMS, "client_params") X(PUBLIC_KEY, "public_key") \
	X(PRIVATE_KEY, "private_key") X(PUBLIC_POINT, "public_point") \
	X(NAMED_CURVE, "named_curve") X(KEY_EXCHANGE, "key_exchange") \
	X(PRE_MASTER_SECRET, "pre_master_secret") X(MASTER_SECRET, "master_secret") \
	X(SESSION_KEYS, "session_keys") X(KEY_BLOCK, "key_block") \
	X(CLIENT_WRITE_KEY, "client_write_key") X(SERVER_WRITE_KEY, "server_write_key") \
	X(CLIENT_WRITE_IV, "client_write_iv") X(SERVER_WRITE_IV, "server_write_iv") \
	X(CLIENT_WRITE_MAC_KEY, "client_write_mac_key") \
	X(SERVER_WRITE_MAC_KEY, "server_write_mac_key") \
	X(DIGEST, "digest") X(SIGNATURE, "signature") X(VERIFY_DATA, "verify_data") \
	X(TAG, "tag") X(NONCE, "nonce") X(ADDITIONAL_DATA, "additional_data") \
	X(SEQUENCE_NUMBER, "sequence_number") X(PLAINTEXT, "plaintext") \
	X(CIPHERTEXT, "ciphertext") X(ALERT, "alert") X(ALERT_WARNING, "alert_warning") \
	X(ALERT_FATAL, "alert_fatal") X(CLIENT, "client") X(SERVER, "server") \
	X(EAVESDROPPER, "eavesdropper") X(ATTACKER, "attacker") X(PANE, "pane") \
	X(SECRETS_PANE, "secrets_pane") X(STEP, "step") X(STAGE, "stage") \
	X(BYTES, "bytes") X(FIELDS, "fields") X(VERIFIED, "verified") \
	X(MISMATCH, "mismatch") X(MISSING, "missing") X(REJECTED, "rejected") \
	X(KNOWN_NOW, "known_now") X(SUMMARY, "summary") \
	X(ENGLISH, "english")

typedef enum {
#define X(e, s) TW_T_##e,
	TW_TERMS(X)
#undef X
	TW_T_COUNT
} tw_term_id;

/* The term id in the list's language: zh non-zero for Chinese, else English.
 * Never NULL: the built-in lists hold every id (a test holds them to it). */
const char *tw_term(tw_term_id id, int zh);

/* Read dir/en/terms.txt and dir/zh/terms.txt, where they exist, over the
 * built-in lists (NULL dir: the built-in lists only). A term a teacher's
 * file lacks keeps its built-in word. -1 with e naming file and line when
 * a file is malformed. Call once, before the model is built. */
int tw_terms_load(const char *dir, tw_err *e);

/* Every entry id of the term list ("term.client_random", …), NULL-terminated:
 * for tw_lessons_check, which then holds each language to an entry per id. */
extern const char *const tw_term_ids[];

#endif
