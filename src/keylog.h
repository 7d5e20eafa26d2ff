/*
 * keylog.h — NSS key log files (SSLKEYLOGFILE), the secrets a learner's
 * browser, curl or openssl wrote while a capture was made.
 *
 * One line per secret: "<LABEL> <client random, 64 hex> <secret, hex>".
 * TLS 1.2 writes CLIENT_RANDOM with the 48-byte master secret; TLS 1.3
 * writes one line per traffic secret (CLIENT_HANDSHAKE_TRAFFIC_SECRET,
 * SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0,
 * SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET, CLIENT_EARLY_TRAFFIC_SECRET),
 * each as long as the suite's hash. Lines starting with '#' and blank
 * lines are comments; lines with another label (the old "RSA" form) are
 * kept out and counted. A line with a known label but a malformed client
 * random or secret is an error naming the line: a learner who edited the
 * file by hand must hear which line is wrong, not get a silent miss.
 * Format: https://firefox-source-docs.mozilla.org/security/nss/legacy/key_log_format/
 * (also draft-ietf-tls-keylogfile).
 */
#ifndef TW_KEYLOG_H
#define TW_KEYLOG_H

#include <stdint.h>
#include <stddef.h>
#include "tw_err.h"

typedef enum {
	TW_KL_CLIENT_RANDOM = 0,                 /* TLS 1.2: master secret */
	TW_KL_CLIENT_EARLY_TRAFFIC_SECRET,
	TW_KL_CLIENT_HANDSHAKE_TRAFFIC_SECRET,
	TW_KL_SERVER_HANDSHAKE_TRAFFIC_SECRET,
	TW_KL_CLIENT_TRAFFIC_SECRET_0,
	TW_KL_SERVER_TRAFFIC_SECRET_0,
	TW_KL_EXPORTER_SECRET,
	TW_KL_NKINDS
} tw_kl_kind;

typedef struct {
	tw_kl_kind kind;
	uint8_t client_random[32];
	uint8_t secret[64];
	size_t secret_len;
} tw_kl_entry;

typedef struct {
	tw_kl_entry *e;          /* owned */
	size_t n, cap;
	size_t skipped;          /* lines with a label this reader does not use */
} tw_keylog;

/* Append the lines of text (len bytes, need not end in '\n') to kl.
 * origin names the source in errors ("keys.txt", "the capture's
 * Decryption Secrets Block"). Returns -1 with e naming origin and line on
 * the first malformed line (what was read before it stays in kl) or when
 * memory runs out. */
int tw_keylog_parse(tw_keylog *kl, const char *text, size_t len,
	const char *origin, tw_err *e);

/* Read and parse a whole file; -1 with e naming the file. */
int tw_keylog_load(tw_keylog *kl, const char *path, tw_err *e);

/* The secret of a kind for a client random, or NULL. When a file holds the
 * same line twice the last one wins, as in Wireshark. */
const tw_kl_entry *tw_keylog_find(const tw_keylog *kl, tw_kl_kind kind,
	const uint8_t client_random[32]);

/* The label of a kind, e.g. "CLIENT_RANDOM". */
const char *tw_keylog_label(tw_kl_kind kind);

void tw_keylog_free(tw_keylog *kl);

#endif
