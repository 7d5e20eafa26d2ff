/*
 * names.h — IANA names of TLS code points (cipher suites, named groups,
 * signature schemes, alerts, handshake and content types), from the IANA
 * "Transport Layer Security (TLS) Parameters" registries.
 */
#ifndef TW_NAMES_H
#define TW_NAMES_H

#include <stdint.h>

/* Each returns NULL for a code point it does not know. */
const char *tw_name_suite(uint16_t code);
const char *tw_name_group(uint16_t code);
const char *tw_name_sigscheme(uint16_t code);
const char *tw_name_alert(uint8_t code);
const char *tw_name_handshake(uint8_t code);
const char *tw_name_content_type(uint8_t code);
const char *tw_name_version(uint16_t code);

#endif
