/*
 * dissect.c — the dissector's entry points that read a built model: they
 * take from it the bytes of a step and the facts about them (which records
 * the bytes belong to, what the key schedule opened, the TCP connection)
 * and hand those to the dissectors, which never see the model:
 * dissect_tls.c for TLS steps, dissect_ip.c for TCP packets.
 */
#include "config.h"
#include <stddef.h>
#include "model.h"
#include "dissect.h"
#include "dissect_int.h"

/* Every id dissect_tls.c, dissect_x509.c and dissect_http.c produce; keep
 * in step with the code (a test checks it). */
/* Every id produced below; keep in step with the code (a test checks it). */
const char *const tw_dissect_all_ids[] = {
	"undecoded",
	"tls.records",
	/* record layer */
	"tls.record", "tls.record.content_type", "tls.record.version",
	"tls.record.length",
	/* handshake layer */
	"tls.handshake", "tls.handshake.type", "tls.handshake.length",
	/* hellos */
	"tls.hello.version", "tls.hello.random", "tls.hello.random.gmt_unix_time",
	"tls.hello.random.random_bytes", "tls.hello.session_id_length",
	"tls.hello.session_id",
	"tls.client_hello.cipher_suites_length", "tls.client_hello.cipher_suites",
	"tls.client_hello.cipher_suite",
	"tls.client_hello.compression_methods_length",
	"tls.client_hello.compression_methods",
	"tls.compression_method",
	"tls.server_hello.cipher_suite", "tls.cipher_suite.code",
	"tls.cipher_suite.key_exchange",
	"tls.cipher_suite.authentication", "tls.cipher_suite.cipher",
	"tls.cipher_suite.key_length", "tls.cipher_suite.mode",
	"tls.cipher_suite.hash",
	/* extensions */
	"tls.hello.extensions_length", "tls.hello.extensions", "tls.ext",
	"tls.ext.type", "tls.ext.length", "tls.ext.data",
	"tls.ext.sni.list_length", "tls.ext.sni.entry", "tls.ext.sni.name_type",
	"tls.ext.sni.name_length", "tls.ext.sni.name",
	"tls.ext.max_fragment_length",
	"tls.ext.supported_groups.length", "tls.ext.supported_groups.group",
	"tls.ext.ec_point_formats.length", "tls.ext.ec_point_formats.format",
	"tls.ext.signature_algorithms.length",
	"tls.signature_algorithm", "tls.signature_algorithm.hash",
	"tls.signature_algorithm.signature",
	"tls.ext.alpn.length", "tls.ext.alpn.protocol",
	"tls.ext.renegotiation_info.length", "tls.ext.renegotiation_info.data",
	"tls.ext.supported_versions.length", "tls.ext.supported_versions.version",
	"tls.ext.key_share.length", "tls.ext.key_share.entry", "tls.ext.key_share.group",
	"tls.ext.key_share.key_length", "tls.ext.key_share.key",
	"tls.ext.psk_modes.length", "tls.ext.psk_modes.mode",
	"tls.ext.status_request.type", "tls.ext.status_request.responder_ids_length",
	"tls.ext.status_request.extensions_length",
	"tls.ext.compress_certificate.length", "tls.ext.compress_certificate.algorithm",
	"tls.ext.padding", "tls.ext.session_ticket.ticket",
	"tls.ext.ech.type", "tls.ext.ech.cipher_suite", "tls.ext.ech.config_id",
	"tls.ext.ech.enc_length", "tls.ext.ech.enc", "tls.ext.ech.payload_length",
	"tls.ext.ech.payload",
	/* Certificate */
	"tls.certificates_length", "tls.certificate", "tls.certificate.length",
	"x509.certificate", "x509.der.header", "x509.der.element",
	"x509.tbs_certificate", "x509.version", "x509.serial_number",
	"x509.signature_algorithm", "x509.issuer", "x509.subject", "x509.name.rdn",
	"x509.validity", "x509.not_before", "x509.not_after",
	"x509.spki", "x509.spki.algorithm", "x509.spki.public_key",
	"x509.rsa_public_key", "x509.rsa.modulus", "x509.rsa.exponent",
	"x509.extensions", "x509.extension", "x509.extension.id",
	"x509.extension.critical", "x509.extension.value",
	"x509.ext.san", "x509.ext.san.dns", "x509.ext.san.ip", "x509.ext.san.other",
	"x509.ext.basic_constraints", "x509.ext.basic_constraints.ca",
	"x509.ext.basic_constraints.path_len", "x509.ext.key_usage",
	"x509.ext.eku", "x509.ext.eku.purpose", "x509.ext.ski",
	"x509.ext.aki", "x509.ext.aki.key_id",
	"x509.signature",
	/* ServerKeyExchange, ClientKeyExchange */
	"tls.ske.params", "tls.ske.curve_type", "tls.ske.named_curve",
	"tls.ske.pubkey_length", "tls.ske.pubkey", "tls.ske.signature_length",
	"tls.ske.signature",
	"tls.ec_point.format", "tls.ec_point.x", "tls.ec_point.y",
	"tls.ec_point.x25519",
	"tls.ecdsa_sig", "tls.ecdsa_sig.r", "tls.ecdsa_sig.s",
	"tls.cke.pubkey_length", "tls.cke.pubkey",
	"tls.cke.epms_length", "tls.cke.epms",
	/* mutual TLS */
	"tls.cert_request.types_length", "tls.cert_request.type",
	"tls.cert_request.sig_algs_length", "tls.cert_request.ca_names_length",
	"tls.cert_request.ca_name",
	"tls.cert_verify.signature_length", "tls.cert_verify.signature",
	/* Finished, ChangeCipherSpec, alerts, application data */
	"tls.finished.verify_data", "tls.ccs.message",
	"tls.alert", "tls.alert.level", "tls.alert.description",
	"tls.app_data",
	/* encrypted records */
	"tls.encrypted.explicit_nonce", "tls.encrypted.ciphertext",
	"tls.encrypted.tag", "tls.encrypted.iv", "tls.encrypted.mac",
	"tls.encrypted.padding",
	/* HTTP inside the encrypted records */
	"http", "http.request_line", "http.status_line", "http.method",
	"http.target", "http.version", "http.status_code", "http.reason",
	"http.header", "http.end_of_headers", "http.body", "http.data",
	NULL
};

/* see dissect.h */
int
tw_dissect_step(const struct tw_model *m, size_t i, tw_field *out)
{
	const tw_step *st = &m->story.step[i];
	tw_tls_rec rec[TW_WIRE_MAX_RECORDS];
	size_t r, n = 0;

	if (st->kind == TW_STEP_TCP)
		return tw_dissect_tcp_packet(m, (size_t)st->pkt_first, out);
	/* The records of the step's direction its bytes overlap, in order. */
	for (r = 0; r < m->wire.nrec && n < TW_WIRE_MAX_RECORDS; r++) {
		const tw_record *w = &m->wire.rec[r];
		if (w->dir != st->dir || w->off >= st->stream_off + st->len ||
		    w->off + w->len <= st->stream_off)
			continue;
		rec[n].off = w->off;
		rec[n].len = w->len;
		rec[n].type = w->type;
		rec[n].encrypted = w->encrypted;
		rec[n].opened = w->encrypted ? tw_keys_opened(&m->keys, (int)r) : NULL;
		n++;
	}
	return tw_dissect_tls_step(st->bytes, st->len, st->dir == TW_S2C,
		st->stream_off, rec, n, m->keys.suite ? (int)m->keys.suite->kx : 0, out);
}

/* see dissect.h */
int
tw_dissect_tcp_packet(const struct tw_model *m, size_t pkt, tw_field *out)
{
	return tw_dissect_tcp_conn(&m->tcp, pkt, out);
}
