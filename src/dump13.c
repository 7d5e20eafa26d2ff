/*
 * dump13.c — the secrets and checks of a captured TLS 1.3 connection in
 * the text walkthrough (--dump): what each step makes known, from m->t13.
 * The frontend only prints what tls13.c computed. See dump.h.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "dump.h"
#include "model.h"
#include "names.h"

static const char *
mark13(tw_verdict v)
{
	switch (v) {
	case TW_V_OK: return "[verified]";
	case TW_V_MISMATCH: return "[MISMATCH]";
	default: return "[missing]";
	}
}

static void
hex13(FILE *out, const char *indent, const char *label, const uint8_t *b, size_t n)
{
	size_t i, col = 0, lw = strlen(indent) + strlen(label) + 2;

	fprintf(out, "%s%s: ", indent, label);
	for (i = 0; i < n; i++) {
		if (col == 32) {
			fprintf(out, "\n%*s", (int)lw, "");
			col = 0;
		}
		fprintf(out, "%02x", b[i]);
		col++;
	}
	fputc('\n', out);
}

static const char *const secret_names[TW_T13_NSECRETS] = {
	"client_handshake_traffic_secret", "server_handshake_traffic_secret",
	"client_application_traffic_secret_0", "server_application_traffic_secret_0"
};

/* key and iv of secret s, with the HKDF-Expand-Label inputs. */
static void
keys_of(FILE *out, const tw_tls13 *t, int s)
{
	char lab[128];

	if (!t->have[s]) {
		fprintf(out, "    %s: [missing] (not in the key log)\n", secret_names[s]);
		return;
	}
	hex13(out, "    ", secret_names[s], t->secret[s], t->hlen);
	snprintf(lab, sizeof lab, "  write key = HKDF-Expand-Label(it, \"key\", \"\", %zu)", t->key_len);
	hex13(out, "    ", lab, t->key[s], t->key_len);
	hex13(out, "    ", "    HkdfLabel (length, \"tls13 key\", empty context)", t->label_key, t->label_key_len);
	hex13(out, "    ", "  write IV = HKDF-Expand-Label(it, \"iv\", \"\", 12)", t->iv[s], 12);
	hex13(out, "    ", "    HkdfLabel (length, \"tls13 iv\", empty context)", t->label_iv, t->label_iv_len);
	if (s < 2) {
		snprintf(lab, sizeof lab, "  finished_key = HKDF-Expand-Label(it, \"finished\", \"\", %zu)", t->hlen);
		hex13(out, "    ", lab, t->finished_key[s], t->hlen);
	}
}

static void
opened13(FILE *out, const tw_model *m, int rec)
{
	const tw_t13_rec *o = tw_tls13_rec(&m->t13, rec);
	static const char *const tn[] = { "change_cipher_spec", "alert", "handshake", "application_data" };

	if (o == NULL)
		return;
	if (o->secret < 0) {
		fprintf(out, "    record %d: closed (no key for it in the key log)\n", rec);
		return;
	}
	fprintf(out, "    record %d opened with the %s keys, sequence number %llu:\n", rec,
		secret_names[o->secret], (unsigned long long)o->seq);
	hex13(out, "      ", "nonce = write IV XOR sequence number", o->nonce, 12);
	fprintf(out, "      additional data = the 5-byte record header; tag check: %s\n", mark13(o->tag));
	if (o->tag != TW_V_OK)
		return;
	fprintf(out, "      inner content type %u (%s), %zu bytes of zero padding, %zu bytes of content\n",
		o->inner_type, o->inner_type >= 20 && o->inner_type <= 23 ? tn[o->inner_type - 20] : "?",
		o->pad_len, o->plain_len);
	if (o->inner_type == TW_CT_APPDATA) {
		size_t i;
		fprintf(out, "      plaintext: ");
		for (i = 0; i < o->plain_len; i++) {
			uint8_t c = o->plain[i];
			if (c == '\n')
				fputs("\\n\n                 ", out);
			else if (c == '\r')
				fputs("\\r", out);
			else if (c >= 0x20 && c < 0x7f)
				fputc(c, out);
			else
				fprintf(out, "\\x%02x", c);
		}
		fputc('\n', out);
	} else
		hex13(out, "      ", "plaintext", o->plain, o->plain_len);
}

/* see dump.h */
void
tw_dump13_step(FILE *out, const tw_model *m, const tw_step *st)
{
	const tw_tls13 *t = &m->t13;
	const char *nm;
	int i;

	if (st->kind != TW_STEP_TLS)
		return;
	fprintf(out, "  Known now:\n");
	if (strcmp(st->id, "tls13-client-hello") == 0)
		hex13(out, "    ", "client random (32 bytes, sent in clear)", m->hs.client_random, 32);
	if (strcmp(st->id, "tls13-server-hello") == 0) {
		hex13(out, "    ", "server random (32 bytes, sent in clear)", m->hs.server_random, 32);
		nm = tw_tls13_suite_name(t->suite);
		fprintf(out, "    cipher suite chosen: 0x%04x %s (TLS 1.3: AEAD and hash only; the key exchange is the key_share extension)\n",
			t->suite, nm ? nm : "?");
		fprintf(out, "    (EC)DHE shared secret, early, handshake and master secrets: [missing] (they need a private key, which a capture does not hold)\n");
		fprintf(out, "    the key log's handshake traffic secrets, and the keys HKDF derives from them:\n");
		keys_of(out, t, TW_T13_C_HS);
		keys_of(out, t, TW_T13_S_HS);
	}
	if (strcmp(st->id, "tls13-certificate") == 0)
		fprintf(out, "    certificate chain (%zu certificate%s), checked anew for \"%s\" at the capture's time: %s (%s)\n",
			t->nchain, t->nchain == 1 ? "" : "s", m->host, mark13(t->chain_v),
			tw_br_err_name(t->chain_err));
	if (strcmp(st->id, "tls13-certificate-verify") == 0) {
		nm = tw_name_sigscheme(t->cv_sig_alg);
		fprintf(out, "    signature 0x%04x %s over 64 spaces + \"TLS 1.3, server CertificateVerify\" + 0 + Transcript-Hash(ClientHello .. Certificate)\n",
			t->cv_sig_alg, nm ? nm : "?");
		hex13(out, "    ", "transcript hash", t->cv_hash, t->hlen);
		fprintf(out, "    checked with the certificate's public key: %s\n", mark13(t->cv_v));
	}
	if (strcmp(st->id, "tls13-server-finished") == 0) {
		hex13(out, "    ", "Transcript-Hash(ClientHello .. CertificateVerify)", t->server_hash, t->hlen);
		hex13(out, "    ", "verify_data = HMAC(server finished_key, that hash)", t->server_vd, t->hlen);
		fprintf(out, "    equals the decrypted Finished: %s\n", mark13(t->server_fin_v));
		fprintf(out, "    the key log's application traffic secrets, and their keys:\n");
		keys_of(out, t, TW_T13_C_AP);
		keys_of(out, t, TW_T13_S_AP);
	}
	if (strcmp(st->id, "tls13-client-finished") == 0) {
		hex13(out, "    ", "Transcript-Hash(ClientHello .. server Finished)", t->client_hash, t->hlen);
		hex13(out, "    ", "verify_data = HMAC(client finished_key, that hash)", t->client_vd, t->hlen);
		fprintf(out, "    equals the decrypted Finished: %s\n", mark13(t->client_fin_v));
	}
	for (i = 0; i < st->rec_count; i++)
		if (m->wire.rec[st->rec_first + i].type == TW_CT_APPDATA)
			opened13(out, m, st->rec_first + i);
}

/* see dump.h */
void
tw_dump13_summary(FILE *out, const tw_model *m)
{
	const tw_tls13 *t = &m->t13;

	fprintf(out, "\nSummary (TLS 1.3): records %s; server Finished %s; client Finished %s; CertificateVerify %s; chain %s\n",
		mark13(t->records_v), mark13(t->server_fin_v), mark13(t->client_fin_v),
		mark13(t->cv_v), mark13(t->chain_v));
}
