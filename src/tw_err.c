/*
 * tw_err.c — sticky one-sentence errors, and BearSSL's error codes by name.
 *
 * The code table was extracted from the \brief comments of bearssl_ssl.h and
 * bearssl_x509.h (BearSSL 0.6) so the sentences are Thomas Pornin's own.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bearssl.h>
#include "tw_err.h"

/* see tw_err.h */
void
tw_err_clear(tw_err *e)
{
	if (e) {
		e->msg[0] = 0;
		e->code = 0;
	}
}

/* see tw_err.h */
size_t
tw_escape(char *out, size_t size, const char *s, size_t max_in)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, i;

	if (size == 0)
		return 0;
	for (i = 0; p[i] != 0; i++) {
		char esc[8] = "";
		size_t n;

		if (i >= max_in) {
			/* Cut at a character boundary, and say so. */
			while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
				o--;
			if (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0)
				o--;
			if (o + 4 < size)
				memcpy(out + o, "...", 3), o += 3;
			break;
		}
		if (p[i] < 0x20 || p[i] == 0x7f)
			snprintf(esc, sizeof esc, "\\x%02x", p[i]);
		else if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) {
			/* C1 controls (U+0080..U+009F): CSI is one of them. */
			snprintf(esc, sizeof esc, "\\u%04x", p[i + 1]);
			i++;
		}
		n = esc[0] ? strlen(esc) : 1;
		if (o + n >= size)
			break;
		if (esc[0])
			memcpy(out + o, esc, n);
		else
			out[o] = (char)p[i];
		o += n;
	}
	out[o] = 0;
	return o;
}

/* see tw_err.h */
int
tw_err_set(tw_err *e, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof e->msg];

	if (e == NULL || e->msg[0] != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* The message reaches a terminal: no byte of a file name, option
	 * value or file content may move the cursor or split the sentence. */
	tw_escape(e->msg, sizeof e->msg, raw, sizeof raw);
	return -1;
}

static const struct {
	int code;
	const char *name;
	const char *text;
} br_errors[] = {
	{ 0, "BR_ERR_OK",
	  "No error so far (0)" },
	{ 1, "BR_ERR_BAD_PARAM",
	  "Caller-provided parameter is incorrect" },
	{ 2, "BR_ERR_BAD_STATE",
	  "Operation requested by the caller cannot be applied with the current context state (e.g. reading data while outgoing data is waiting to be sent)" },
	{ 3, "BR_ERR_UNSUPPORTED_VERSION",
	  "Incoming protocol or record version is unsupported" },
	{ 4, "BR_ERR_BAD_VERSION",
	  "Incoming record version does not match the expected version" },
	{ 5, "BR_ERR_BAD_LENGTH",
	  "Incoming record length is invalid" },
	{ 6, "BR_ERR_TOO_LARGE",
	  "Incoming record is too large to be processed, or buffer is too small for the handshake message to send" },
	{ 7, "BR_ERR_BAD_MAC",
	  "Decryption found an invalid padding, or the record MAC is not correct" },
	{ 8, "BR_ERR_NO_RANDOM",
	  "No initial entropy was provided, and none can be obtained from the OS" },
	{ 9, "BR_ERR_UNKNOWN_TYPE",
	  "Incoming record type is unknown" },
	{ 10, "BR_ERR_UNEXPECTED",
	  "Incoming record or message has wrong type with regards to the current engine state" },
	{ 12, "BR_ERR_BAD_CCS",
	  "ChangeCipherSpec message from the peer has invalid contents" },
	{ 13, "BR_ERR_BAD_ALERT",
	  "Alert message from the peer has invalid contents (odd length)" },
	{ 14, "BR_ERR_BAD_HANDSHAKE",
	  "Incoming handshake message decoding failed" },
	{ 15, "BR_ERR_OVERSIZED_ID",
	  "ServerHello contains a session ID which is larger than 32 bytes" },
	{ 16, "BR_ERR_BAD_CIPHER_SUITE",
	  "Server wants to use a cipher suite that we did not claim to support. This is also reported if we tried to advertise a cipher suite that we do not support" },
	{ 17, "BR_ERR_BAD_COMPRESSION",
	  "Server wants to use a compression that we did not claim to support" },
	{ 18, "BR_ERR_BAD_FRAGLEN",
	  "Server's max fragment length does not match client's" },
	{ 19, "BR_ERR_BAD_SECRENEG",
	  "Secure renegotiation failed" },
	{ 20, "BR_ERR_EXTRA_EXTENSION",
	  "Server sent an extension type that we did not announce, or used the same extension type several times in a single ServerHello" },
	{ 21, "BR_ERR_BAD_SNI",
	  "Invalid Server Name Indication contents (when used by the server, this extension shall be empty)" },
	{ 22, "BR_ERR_BAD_HELLO_DONE",
	  "Invalid ServerHelloDone from the server (length is not 0)" },
	{ 23, "BR_ERR_LIMIT_EXCEEDED",
	  "Internal limit exceeded (e.g. server's public key is too large)" },
	{ 24, "BR_ERR_BAD_FINISHED",
	  "Finished message from peer does not match the expected value" },
	{ 25, "BR_ERR_RESUME_MISMATCH",
	  "Session resumption attempt with distinct version or cipher suite" },
	{ 26, "BR_ERR_INVALID_ALGORITHM",
	  "Unsupported or invalid algorithm (ECDHE curve, signature algorithm, hash function)" },
	{ 27, "BR_ERR_BAD_SIGNATURE",
	  "Invalid signature (on ServerKeyExchange from server, or in CertificateVerify from client)" },
	{ 28, "BR_ERR_WRONG_KEY_USAGE",
	  "Peer's public key does not have the proper type or is not allowed for requested operation" },
	{ 29, "BR_ERR_NO_CLIENT_AUTH",
	  "Client did not send a certificate upon request, or the client certificate could not be validated" },
	{ 31, "BR_ERR_IO",
	  "I/O error or premature close on underlying transport stream. This error code is set only by the simplified I/O API (\"br_sslio_*\")" },
	{ 32, "BR_ERR_X509_OK",
	  "Validation was successful; this is not actually an error" },
	{ 33, "BR_ERR_X509_INVALID_VALUE",
	  "Invalid value in an ASN.1 structure" },
	{ 34, "BR_ERR_X509_TRUNCATED",
	  "Truncated certificate" },
	{ 35, "BR_ERR_X509_EMPTY_CHAIN",
	  "Empty certificate chain (no certificate at all)" },
	{ 36, "BR_ERR_X509_INNER_TRUNC",
	  "Decoding error: inner element extends beyond outer element size" },
	{ 37, "BR_ERR_X509_BAD_TAG_CLASS",
	  "Decoding error: unsupported tag class (application or private)" },
	{ 38, "BR_ERR_X509_BAD_TAG_VALUE",
	  "Decoding error: unsupported tag value" },
	{ 39, "BR_ERR_X509_INDEFINITE_LENGTH",
	  "Decoding error: indefinite length" },
	{ 40, "BR_ERR_X509_EXTRA_ELEMENT",
	  "Decoding error: extraneous element" },
	{ 41, "BR_ERR_X509_UNEXPECTED",
	  "Decoding error: unexpected element" },
	{ 42, "BR_ERR_X509_NOT_CONSTRUCTED",
	  "Decoding error: expected constructed element, but is primitive" },
	{ 43, "BR_ERR_X509_NOT_PRIMITIVE",
	  "Decoding error: expected primitive element, but is constructed" },
	{ 44, "BR_ERR_X509_PARTIAL_BYTE",
	  "Decoding error: BIT STRING length is not multiple of 8" },
	{ 45, "BR_ERR_X509_BAD_BOOLEAN",
	  "Decoding error: BOOLEAN value has invalid length" },
	{ 46, "BR_ERR_X509_OVERFLOW",
	  "Decoding error: value is off-limits" },
	{ 47, "BR_ERR_X509_BAD_DN",
	  "Invalid distinguished name" },
	{ 48, "BR_ERR_X509_BAD_TIME",
	  "Invalid date/time representation" },
	{ 49, "BR_ERR_X509_UNSUPPORTED",
	  "Certificate contains unsupported features that cannot be ignored" },
	{ 50, "BR_ERR_X509_LIMIT_EXCEEDED",
	  "Key or signature size exceeds internal limits" },
	{ 51, "BR_ERR_X509_WRONG_KEY_TYPE",
	  "Key type does not match that which was expected" },
	{ 52, "BR_ERR_X509_BAD_SIGNATURE",
	  "Signature is invalid" },
	{ 53, "BR_ERR_X509_TIME_UNKNOWN",
	  "Validation time is unknown" },
	{ 54, "BR_ERR_X509_EXPIRED",
	  "Certificate is expired or not yet valid" },
	{ 55, "BR_ERR_X509_DN_MISMATCH",
	  "Issuer/subject DN mismatch in the chain" },
	{ 56, "BR_ERR_X509_BAD_SERVER_NAME",
	  "Expected server name was not found in the chain" },
	{ 57, "BR_ERR_X509_CRITICAL_EXTENSION",
	  "Unknown critical extension in certificate" },
	{ 58, "BR_ERR_X509_NOT_CA",
	  "Not a CA, or path length constraint violation" },
	{ 59, "BR_ERR_X509_FORBIDDEN_KEY_USAGE",
	  "Key Usage extension prohibits intended usage" },
	{ 60, "BR_ERR_X509_WEAK_PUBLIC_KEY",
	  "Public key found in certificate is too small" },
	{ 62, "BR_ERR_X509_NOT_TRUSTED",
	  "Chain could not be linked to a trust anchor" },
	{ 256, "BR_ERR_RECV_FATAL_ALERT",
	  "Base value for a received fatal alert. When a fatal alert is received from the peer, the alert value is added to this constant" },
	{ 512, "BR_ERR_SEND_FATAL_ALERT",
	  "Base value for a sent fatal alert. When a fatal alert is sent to the peer, the alert value is added to this constant" },
};

static const char *
lookup(int code, int want_text)
{
	size_t i;

	for (i = 0; i < sizeof br_errors / sizeof br_errors[0]; i++)
		if (br_errors[i].code == code)
			return want_text ? br_errors[i].text : br_errors[i].name;
	return NULL;
}

/* see tw_err.h */
const char *
tw_br_err_name(int code)
{
	const char *s = lookup(code, 0);

	if (s)
		return s;
	if (code >= BR_ERR_SEND_FATAL_ALERT)
		return "BR_ERR_SEND_FATAL_ALERT";
	if (code >= BR_ERR_RECV_FATAL_ALERT)
		return "BR_ERR_RECV_FATAL_ALERT";
	return "BR_ERR_UNKNOWN";
}

/* see tw_err.h */
const char *
tw_br_err_text(int code)
{
	const char *s = lookup(code, 1);

	if (s)
		return s;
	if (code >= BR_ERR_SEND_FATAL_ALERT)
		return "This side sent a fatal alert (code minus 512 is the alert description)";
	if (code >= BR_ERR_RECV_FATAL_ALERT)
		return "The peer sent a fatal alert (code minus 256 is the alert description)";
	return "Unknown error";
}
