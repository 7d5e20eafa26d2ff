/*
 * dump.c — the text walkthrough. See dump.h.
 *
 * Layout per step: a heading line with the step label, id, name and
 * direction; the lesson; the bytes; the field tree; then "what is known
 * now": the secrets this step introduced, each with its derivation and a
 * verdict (verified / MISMATCH / missing) from keysched.
 */
#include "config.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dump.h"
#include "names.h"

static const char *
mark(tw_verdict v)
{
	switch (v) {
	case TW_V_OK: return "[verified]";
	case TW_V_MISMATCH: return "[MISMATCH]";
	default: return "[missing]";
	}
}

static void
hexline(FILE *out, const char *indent, const char *label, const uint8_t *b, size_t n)
{
	size_t i, col = 0;
	size_t lw = strlen(indent) + strlen(label) + 2;

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

/* see dump.h */
void
tw_dump_hex(FILE *out, const uint8_t *b, size_t n, const char *indent)
{
	size_t off, i;

	for (off = 0; off < n; off += 16) {
		fprintf(out, "%s%04zx  ", indent, off);
		for (i = 0; i < 16; i++) {
			if (off + i < n)
				fprintf(out, "%02x ", b[off + i]);
			else
				fputs("   ", out);
			if (i == 7)
				fputc(' ', out);
		}
		fputs(" |", out);
		for (i = 0; i < 16 && off + i < n; i++)
			fputc(isprint(b[off + i]) && b[off + i] < 0x7f ? b[off + i] : '.', out);
		fputs("|\n", out);
	}
}

static void
print_text(FILE *out, const char *indent, const uint8_t *b, size_t n)
{
	size_t i;

	fputs(indent, out);
	for (i = 0; i < n; i++) {
		if (b[i] == '\r')
			fputs("\\r", out);
		else if (b[i] == '\n') {
			fputs("\\n\n", out);
			if (i + 1 < n)
				fputs(indent, out);
		} else if (isprint(b[i]) && b[i] < 0x7f)
			fputc(b[i], out);
		else
			fprintf(out, "\\x%02x", b[i]);
	}
	if (n == 0 || b[n - 1] != '\n')
		fputc('\n', out);
}

static void
print_prf(FILE *out, const tw_prf_trace *t, const char *secret_name)
{
	size_t i;
	char lab[64];

	fprintf(out, "      PRF = P_SHA%d(%s, \"%s\" + seed), %zu bytes from %zu HMAC block%s:\n",
		t->hash, secret_name, t->label, t->out_len, t->nblocks, t->nblocks > 1 ? "s" : "");
	hexline(out, "        ", "label+seed", t->seed, t->seed_len);
	for (i = 0; i < t->nblocks; i++) {
		snprintf(lab, sizeof lab, "A(%zu)", i + 1);
		hexline(out, "        ", lab, t->A[i], t->hlen);
		snprintf(lab, sizeof lab, "P(%zu)=HMAC(A(%zu)+seed)", i + 1, i + 1);
		hexline(out, "        ", lab, t->P[i], t->hlen);
	}
}

static void
print_opened(FILE *out, const tw_model *m, const tw_opened *o)
{
	const tw_record *r = &m->wire.rec[o->rec];
	const uint8_t *rb = tw_wire_record_bytes(&m->wire, (size_t)o->rec);

	fprintf(out, "    Record %d (%s, %zu bytes), AES-GCM, sequence number %" PRIu64 ":\n",
		o->rec, tw_name_content_type(r->type) ? tw_name_content_type(r->type) : "?",
		r->len, r->seq);
	hexline(out, "      ", "nonce = write IV + explicit", o->nonce, 12);
	hexline(out, "      ", "additional data", o->aad, 13);
	fprintf(out, "      ciphertext: %zu bytes at offset %zu\n", o->ct_len, o->ct_off);
	hexline(out, "      ", "tag", rb + o->tag_off, 16);
	fprintf(out, "      GCM tag check: %s\n", mark(o->tag));
	if (o->tag == TW_V_OK) {
		fprintf(out, "      decrypted (%zu bytes):\n", o->plain_len);
		if (r->type == TW_CT_APPDATA) {
			print_text(out, "        | ", o->plain, o->plain_len);
			fprintf(out, "      same as the plaintext the sending engine was given: %s\n",
				mark(o->matches_sent));
		} else if (r->type == TW_CT_ALERT && o->plain_len == 2) {
			const char *n = tw_name_alert(o->plain[1]);
			fprintf(out, "        alert level %u (%s), description %u (%s)\n",
				o->plain[0], o->plain[0] == 1 ? "warning" : o->plain[0] == 2 ? "fatal" : "?",
				o->plain[1], n ? n : "unknown");
		} else {
			tw_dump_hex(out, o->plain, o->plain_len, "        ");
		}
	}
}

static void
print_hs_list(FILE *out, const tw_model *m, const int *idx, size_t n, int plus_cfin)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const tw_hs_msg *h = &m->hs.msg[idx[i]];
		const char *nm = tw_name_handshake(h->type);
		fprintf(out, "        %zu. %-20s %s, %zu bytes\n", i + 1, nm ? nm : "?",
			h->dir == TW_C2S ? "client" : "server", h->len);
	}
	if (plus_cfin)
		fprintf(out, "        %zu. %-20s client, 16 bytes (its decrypted plaintext)\n",
			n + 1, "finished");
}

/* ⑧ or ⑩: verify_data, the messages its hash covers and the PRF. */
static void
print_finished(FILE *out, const tw_model *m, int server)
{
	const tw_keys *k = &m->keys;
	const char *who = server ? "server" : "client";
	char lab[32];

	fprintf(out, "    %s verify_data = PRF(master secret, \"%s finished\", SHA-%d(handshake messages))[0..12]\n",
		who, who, k->prf_hash);
	fprintf(out, "      the hash covers, in order:\n");
	if (server)
		print_hs_list(out, m, k->server_hs_msgs, k->server_hs_nmsgs,
			k->server_hs_has_client_finished);
	else
		print_hs_list(out, m, k->client_hs_msgs, k->client_hs_nmsgs, 0);
	hexline(out, "      ", "hash", server ? k->server_hs_hash : k->client_hs_hash,
		k->hs_hash_len);
	print_prf(out, server ? &k->server_vd_trace : &k->client_vd_trace, "master secret");
	snprintf(lab, sizeof lab, "%s verify_data", who);
	hexline(out, "    ", lab, server ? k->server_vd : k->client_vd, 12);
	fprintf(out, "      equals the decrypted Finished: %s\n",
		mark(server ? k->server_vd_v : k->client_vd_v));
}

static void
print_secrets(FILE *out, const tw_model *m, const tw_step *st)
{
	const tw_keys *k = &m->keys;
	const tw_hs *hs = &m->hs;
	unsigned in = st->introduced;
	const char *nm;
	int i;

	if (in == 0 && !(st->kind == TW_STEP_TLS && st->rec_count > 0
		&& m->wire.rec[st->rec_first].encrypted))
		return;
	fprintf(out, "  Known now:\n");
	if (in & TW_K_CLIENT_RANDOM)
		hexline(out, "    ", "client random (32 bytes, sent in clear)", hs->client_random, 32);
	if (in & TW_K_SERVER_RANDOM) {
		hexline(out, "    ", "server random (32 bytes, sent in clear)", hs->server_random, 32);
		nm = tw_name_suite(hs->suite);
		fprintf(out, "    cipher suite chosen: 0x%04x %s (both engines report 0x%04x / 0x%04x)\n",
			hs->suite, nm ? nm : "(unknown)", m->wire.engine_suite[0], m->wire.engine_suite[1]);
	}
	if (in & TW_K_SERVER_PARAMS) {
		nm = tw_name_group(hs->curve);
		fprintf(out, "    Server Params: named curve 0x%04x %s\n", hs->curve, nm ? nm : "?");
		hexline(out, "    ", "server public point", hs->server_point, hs->server_point_len);
		hexline(out, "    ", "server ephemeral private scalar (read from the engine)",
			m->wire.server_ecdhe_key, m->wire.server_ecdhe_key_len);
		fprintf(out, "    scalar x G equals the public point sent: %s\n", mark(k->server_scalar));
		nm = tw_name_sigscheme(hs->sig_alg);
		fprintf(out, "    signature 0x%04x %s over client random + server random + params (%zu bytes):\n",
			hs->sig_alg, nm ? nm : "?", k->signed_len);
		hexline(out, "    ", "signed bytes", k->signed_data, k->signed_len);
		hexline(out, "    ", "hash of the signed bytes", k->signed_hash, k->signed_hash_len);
		fprintf(out, "    signature checked with the leaf certificate's public key: %s\n",
			mark(k->ske_sig));
	}
	if (in & TW_K_CERT_CHAIN) {
		/* Say the clock: with --seed it is 2027-01-01, and a certificate
		 * valid today may be expired (or not yet valid) then. */
		char when[40];
		struct tm tm;
		time_t now = m->now;
		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		fprintf(out, "    certificate chain (%zu certificate%s) validated anew for \"%s\" at %s%s by BearSSL's X.509 engine: %s (%s) %s\n",
			hs->ncert, hs->ncert == 1 ? "" : "s", m->host, when,
			m->seeded ? " (the clock --seed fixes)" : "",
			tw_br_err_name(k->chain_err),
			tw_br_err_text(k->chain_err),
			k->chain_v == TW_V_OK ? "[verified: trusted]"
			: k->chain_v == TW_V_MISMATCH ? "[REJECTED]" : "[missing]");
	}
	if (in & TW_K_CLIENT_PARAMS)
		hexline(out, "    ", "Client Params: client public point", hs->client_point,
			hs->client_point_len);
	if (in & TW_K_PMS) {
		hexline(out, "    ", "pre-master secret = X(server scalar x client point)", k->pms, k->pms_len);
		fprintf(out, "      %s (BearSSL never exposes it: verified when the master secret below matches both engines)\n",
			mark(k->pms_v));
	}
	if (in & TW_K_MS) {
		fprintf(out, "    master secret = PRF(pre-master secret, \"master secret\", client random + server random)[0..48]\n");
		print_prf(out, &k->ms_trace, "pre-master secret");
		hexline(out, "    ", "master secret", k->ms, 48);
		fprintf(out, "      equals the client engine's: %s, the server engine's: %s\n",
			mark(k->ms_client), mark(k->ms_server));
	}
	if (in & TW_K_KEYS) {
		fprintf(out, "    key block = PRF(master secret, \"key expansion\", server random + client random)\n");
		print_prf(out, &k->kb_trace, "master secret");
		hexline(out, "    ", "client write key", k->client_key, k->key_len);
		hexline(out, "    ", "server write key", k->server_key, k->key_len);
		hexline(out, "    ", "client write IV", k->client_iv, 4);
		hexline(out, "    ", "server write IV", k->server_iv, 4);
		fprintf(out, "      every encrypted record opens with these keys and its tag checks: %s\n",
			mark(k->keys_v));
	}
	if (in & TW_K_CLIENT_VD)
		print_finished(out, m, 0);
	if (in & TW_K_SERVER_VD)
		print_finished(out, m, 1);
	/* Encrypted steps: how each record was opened. */
	if (st->kind == TW_STEP_TLS)
		for (i = 0; i < st->rec_count; i++) {
			const tw_opened *o = tw_keys_opened(k, st->rec_first + i);
			if (o != NULL)
				print_opened(out, m, o);
		}
}

static const char *
stage_title(tw_stage s)
{
	switch (s) {
	case TW_STAGE_TCP: return "Stage 1 - TCP three-way handshake";
	case TW_STAGE_TLS: return "Stage 2 - TLS 1.2 handshake";
	case TW_STAGE_HTTP: return "Stage 3 - HTTP over the encrypted channel";
	default: return "Closing - close_notify alerts and TCP teardown";
	}
}

/* Print text line by line with an indent; lesson text is UTF-8 prose and
 * is printed as it is (unlike decrypted bytes, which print_text escapes). */
static void
print_prose(FILE *out, const char *indent, const char *text)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p)
			fprintf(out, "%s%.*s\n", indent, (int)(nl - p), p);
		else
			fputc('\n', out);
		p = *nl ? nl + 1 : nl;
	}
}

static void
print_rendered(FILE *out, const tw_model *m, const tw_lessons *l,
	const char *indent, const char *prefix, const char *text)
{
	char *t = tw_lessons_render(l, text, m);

	fprintf(out, "%s%s", indent, prefix);
	print_prose(out, "", t ? t : text);
	free(t);
}

static void
print_lesson(FILE *out, const tw_model *m, const tw_lessons *l, const char *id,
	const char *indent)
{
	const tw_lesson *ls;
	char *t;
	size_t i;

	if (l == NULL || (ls = tw_lessons_get(l, id)) == NULL)
		return;
	print_rendered(out, m, l, indent, "", ls->title);
	for (i = 0; i < ls->nbullets; i++)
		print_rendered(out, m, l, indent, "  - ", ls->bullets[i]);
	if (ls->body && ls->body[0]) {
		t = tw_lessons_render(l, ls->body, m);
		fputc('\n', out);
		print_prose(out, indent, t ? t : ls->body);
		free(t);
	}
}

/* The field tree, each field followed by its lesson (once per id within a
 * step, so fourteen cipher suites do not repeat the same sentence). */
static void
print_tree(FILE *out, const tw_model *m, const tw_lessons *l,
	const tw_field *f, int depth, const char **seen, size_t *nseen)
{
	const tw_lesson *ls;
	size_t i;
	int first = 1;

	fprintf(out, "    %*s%s%s", depth * 2, "", f->undecoded ? "! " : "",
		f->label ? f->label : f->id);
	if (f->value)
		fprintf(out, ": %s", f->value);
	fprintf(out, "  [%zu+%zu]\n", f->off, f->len);
	for (i = 0; i < *nseen; i++)
		if (strcmp(seen[i], f->id) == 0)
			first = 0;
	if (first && l != NULL && (ls = tw_lessons_get(l, f->id)) != NULL) {
		char ind[80];
		size_t b;
		/* What it is (the bullets), then why it has this value (the body). */
		snprintf(ind, sizeof ind, "    %*s  > ", depth * 2, "");
		for (b = 0; b < ls->nbullets; b++)
			print_rendered(out, m, l, ind, "", ls->bullets[b]);
		if (ls->body && ls->body[0])
			print_rendered(out, m, l, ind, "", ls->body);
		if (*nseen < 512)
			seen[(*nseen)++] = f->id;
	}
	for (i = 0; i < f->nchild; i++)
		print_tree(out, m, l, &f->child[i], depth + 1, seen, nseen);
}

/* see dump.h */
void
tw_dump(const tw_model *m, const tw_lessons *l, FILE *out)
{
	tw_dump_range(m, l, 0, m->story.nstep ? m->story.nstep - 1 : 0, out);
}

/* see dump.h */
void
tw_dump_range(const tw_model *m, const tw_lessons *l, size_t first,
	size_t last, FILE *out)
{
	size_t i;
	tw_stage shown = 0;
	char lab[32];
	static const char *const stage_ids[] = {
		"", "stage-tcp", "stage-tls", "stage-http", "stage-close"
	};

	fprintf(out, "tlswalk %s - an HTTPS connection, step by step\n", PACKAGE_VERSION);
	fprintf(out, "seed %" PRIu64 "%s; client https://%s%s; %zu TLS records, %zu TCP segments\n",
		m->seed, m->seeded ? "" : " (drawn; --seed repeats every byte of this connection, with the certificate clock fixed at 2027-01-01)",
		m->host, m->path, m->wire.nrec, m->tcp.npkt);
	fprintf(out, "client %u.%u.%u.%u:%u  <->  server %u.%u.%u.%u:%u\n",
		m->tcp.client_ip[0], m->tcp.client_ip[1], m->tcp.client_ip[2], m->tcp.client_ip[3],
		m->tcp.client_port, m->tcp.server_ip[0], m->tcp.server_ip[1],
		m->tcp.server_ip[2], m->tcp.server_ip[3], m->tcp.server_port);
	if (first == 0)
		print_lesson(out, m, l, "overview", "");
	for (i = first; i <= last && i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];

		if (st->stage != shown) {
			fprintf(out, "\n==== %s ====\n", stage_title(st->stage));
			print_lesson(out, m, l, stage_ids[st->stage], "  ");
			shown = st->stage;
		}
		fprintf(out, "\n---- %s  %s  [%s]  %s, %zu bytes\n",
			tw_step_label(st, 0, lab, sizeof lab), st->name, st->id,
			st->dir == TW_C2S ? "client -> server" : "server -> client", st->len);
		print_lesson(out, m, l, st->id, "  ");
		if (st->kind == TW_STEP_TLS)
			fprintf(out, "  bytes (TLS, offset %zu of the %s stream; in TCP segment%s %d..%d):\n",
				st->stream_off, st->dir == TW_C2S ? "client" : "server",
				st->pkt_count > 1 ? "s" : "", st->pkt_first + 1,
				st->pkt_first + st->pkt_count);
		else
			fprintf(out, "  bytes (IPv4 packet, TCP segment %d):\n", st->pkt_first + 1);
		tw_dump_hex(out, st->bytes, st->len, "    ");
		fprintf(out, "  fields:\n");
		{
			const char *seen[512];
			size_t nseen = 0;
			print_tree(out, m, l, &m->tree[i], 0, seen, &nseen);
		}
		print_secrets(out, m, st);
	}
	if (last + 1 < m->story.nstep)
		return;
	if (!m->wire_ok)
		fprintf(out, "\nThe connection did not complete: %s\n", m->wire_err.msg);
	else
		fprintf(out, "\nSummary: master secret %s (client) %s (server); keys %s; "
			"client Finished %s; server Finished %s; signature %s; chain %s\n",
			mark(m->keys.ms_client), mark(m->keys.ms_server), mark(m->keys.keys_v),
			mark(m->keys.client_vd_v), mark(m->keys.server_vd_v),
			mark(m->keys.ske_sig), mark(m->keys.chain_v));
}
