/*
 * json13.c — a captured TLS 1.3 connection in --json: the "tls13" object
 * (secrets and the keys HKDF derived, every record opened, the handshake
 * messages, both Finished, CertificateVerify, verdicts), from m->t13.
 * The conventions of json.h: lowercase hex, verdict words.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "json.h"
#include "model.h"

static json_t *
hexj(const uint8_t *b, size_t n)
{
	char buf[2 * 1024 + 1];
	size_t i;

	if (n > 1024)
		n = 1024;
	for (i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", b[i]);
	buf[2 * n] = 0;
	return json_string(buf);
}

static const char *
verdict(tw_verdict v)
{
	return v == TW_V_OK ? "verified" : v == TW_V_MISMATCH ? "MISMATCH" : "missing";
}

/* see json.h */
json_t *
tw_json13(const tw_model *m)
{
	static const char *const names[TW_T13_NSECRETS] = {
		"client_handshake_traffic_secret", "server_handshake_traffic_secret",
		"client_application_traffic_secret_0", "server_application_traffic_secret_0"
	};
	const tw_tls13 *t = &m->t13;
	json_t *o = json_object(), *secrets = json_object(), *recs = json_array(),
		*msgs = json_array(), *v = json_object();
	size_t i;
	int s;

	json_object_set_new(o, "cipher_suite", json_integer(t->suite));
	json_object_set_new(o, "hash", json_string(t->hash == 384 ? "SHA-384" : "SHA-256"));
	json_object_set_new(o, "aead", json_string(t->chacha ? "ChaCha20-Poly1305" : "AES-GCM"));
	for (s = 0; s < TW_T13_NSECRETS; s++) {
		json_t *e = json_object();
		if (t->have[s]) {
			json_object_set_new(e, "value", hexj(t->secret[s], t->hlen));
			json_object_set_new(e, "write_key", hexj(t->key[s], t->key_len));
			json_object_set_new(e, "write_iv", hexj(t->iv[s], 12));
			if (s < 2)
				json_object_set_new(e, "finished_key", hexj(t->finished_key[s], t->hlen));
		} else
			json_object_set_new(e, "value", json_null());
		json_object_set_new(secrets, names[s], e);
	}
	json_object_set_new(o, "secrets", secrets);
	json_object_set_new(o, "handshake_secret", json_null());
	json_object_set_new(o, "master_secret", json_null());
	for (i = 0; i < t->nrec; i++) {
		const tw_t13_rec *r = &t->rec[i];
		json_t *e = json_object();
		json_object_set_new(e, "record", json_integer(r->rec));
		json_object_set_new(e, "direction", json_string(m->wire.rec[r->rec].dir == TW_C2S
			? "client-to-server" : "server-to-client"));
		json_object_set_new(e, "secret", r->secret < 0 ? json_null() : json_string(names[r->secret]));
		json_object_set_new(e, "sequence", json_integer((json_int_t)r->seq));
		json_object_set_new(e, "nonce", hexj(r->nonce, 12));
		json_object_set_new(e, "tag_verdict", json_string(verdict(r->tag)));
		json_object_set_new(e, "inner_content_type", json_integer(r->inner_type));
		json_object_set_new(e, "padding_length", json_integer((json_int_t)r->pad_len));
		json_object_set_new(e, "plaintext_hex", hexj(r->plain, r->plain_len));
		json_array_append_new(recs, e);
	}
	json_object_set_new(o, "decrypted_records", recs);
	for (i = 0; i < t->nmsg; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "type", json_integer(t->msg[i].type));
		json_object_set_new(e, "direction", json_string(t->msg[i].dir == TW_C2S
			? "client-to-server" : "server-to-client"));
		json_object_set_new(e, "encrypted", json_boolean(t->msg[i].encrypted));
		json_object_set_new(e, "record", json_integer(t->msg[i].rec));
		json_object_set_new(e, "length", json_integer((json_int_t)t->msg[i].len));
		json_array_append_new(msgs, e);
	}
	json_object_set_new(o, "messages", msgs);
	json_object_set_new(o, "server_finished_transcript_hash", hexj(t->server_hash, t->hlen));
	json_object_set_new(o, "server_verify_data", hexj(t->server_vd, t->hlen));
	json_object_set_new(o, "client_finished_transcript_hash", hexj(t->client_hash, t->hlen));
	json_object_set_new(o, "client_verify_data", hexj(t->client_vd, t->hlen));
	json_object_set_new(o, "certificate_verify_scheme", json_integer(t->cv_sig_alg));
	json_object_set_new(o, "certificate_verify_transcript_hash", hexj(t->cv_hash, t->hlen));
	json_object_set_new(v, "records", json_string(verdict(t->records_v)));
	json_object_set_new(v, "server_finished", json_string(verdict(t->server_fin_v)));
	json_object_set_new(v, "client_finished", json_string(verdict(t->client_fin_v)));
	json_object_set_new(v, "certificate_verify", json_string(verdict(t->cv_v)));
	json_object_set_new(v, "certificate_chain", json_string(verdict(t->chain_v)));
	json_object_set_new(o, "verdicts", v);
	return o;
}
