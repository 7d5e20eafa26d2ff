/*
 * names.h — IANA names of TLS code points (cipher suites, named groups,
 * signature schemes, alerts, handshake and content types), from the IANA
 * "Transport Layer Security (TLS) Parameters" registries.
 */
#ifndef TW_NAMES_H
#define TW_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* A code point and its name; tables of these are searched linearly. */
typedef struct {
	unsigned code;
	const char *name;
} tw_name_entry;

/* The name of code in table t of n entries, or NULL. */
const char *tw_name_lookup(const tw_name_entry *t, size_t n, unsigned code);

/* Each returns NULL for a code point it does not know. The 16-bit ones
 * (suite, group, sigscheme, version, extension) name GREASE values
 * (RFC 8701) as such. */
const char *tw_name_suite(uint16_t code);
const char *tw_name_group(uint16_t code);
const char *tw_name_sigscheme(uint16_t code);
const char *tw_name_alert(uint8_t code);
const char *tw_name_handshake(uint8_t code);
const char *tw_name_content_type(uint8_t code);
const char *tw_name_version(uint16_t code);
const char *tw_name_extension(uint16_t code);      /* TLS ExtensionType Values */
const char *tw_name_point_format(uint8_t code);    /* TLS EC Point Formats */
const char *tw_name_hash_alg(uint8_t code);        /* TLS HashAlgorithm */
const char *tw_name_sig_alg(uint8_t code);         /* TLS SignatureAlgorithm */

#endif
