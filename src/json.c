/*
 * json.c — the model as JSON, with jansson. See json.h; the layout is
 * described in README.md ("JSON format").
 */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "json.h"
#include "capture.h"
#include "names.h"

/* One flag for every failed allocation, checked once at the end. */
typedef struct {
	int oom;
} jw;

static void
set(jw *w, json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) < 0)
		w->oom = 1;
}

static void
push(jw *w, json_t *arr, json_t *v)
{
	if (v == NULL || json_array_append_new(arr, v) < 0)
		w->oom = 1;
}

static json_t *
hex(const uint8_t *b, size_t n)
{
	static const char dig[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);
	json_t *j;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = dig[b[i] >> 4];
		s[2 * i + 1] = dig[b[i] & 15];
	}
	s[2 * n] = 0;
	j = json_stringn(s, 2 * n);
	free(s);
	return j;
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
verdict(tw_verdict v)
{
	return json_string(tw_verdict_name(v));
}

static const char *
dir_name(tw_dir d)
{
	return d == TW_C2S ? "client-to-server" : "server-to-client";
}

static json_t *
field_json(jw *w, const tw_field *f)
{
	json_t *o = json_object(), *ch;
	size_t i;

	if (o == NULL) {
		w->oom = 1;
		return NULL;
	}
	set(w, o, "id", str_or_null(f->id));
	set(w, o, "label", str_or_null(f->label));
	set(w, o, "offset", json_integer((json_int_t)f->off));
	set(w, o, "length", json_integer((json_int_t)f->len));
	set(w, o, "value", str_or_null(f->value));
	set(w, o, "undecoded", json_boolean(f->undecoded));
	ch = json_array();
	for (i = 0; ch && i < f->nchild; i++)
		push(w, ch, field_json(w, &f->child[i]));
	set(w, o, "children", ch);
	return o;
}

static json_t *
known_list(jw *w, unsigned bits)
{
	static const char *const names[] = {
		"client_random", "server_random", "cert_chain", "server_params",
		"client_params", "pre_master_secret", "master_secret", "keys",
		"client_verify_data", "server_verify_data", "http_request",
		"http_response"
	};
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < sizeof names / sizeof names[0]; i++)
		if (bits & (1u << i))
			push(w, a, json_string(names[i]));
	return a;
}

static const char *
stage_name(tw_stage s)
{
	switch (s) {
	case TW_STAGE_TCP: return "tcp";
	case TW_STAGE_TLS: return "tls";
	case TW_STAGE_HTTP: return "http";
	default: return "close";
	}
}

static json_t *
steps_json(jw *w, const tw_model *m)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		json_t *o = json_object();
		char lbl[32];
		if (o == NULL) {
			w->oom = 1;
			break;
		}
		set(w, o, "index", json_integer((json_int_t)i));
		set(w, o, "id", json_string(st->id));
		set(w, o, "stage", json_string(stage_name(st->stage)));
		set(w, o, "number", json_integer(st->number));
		set(w, o, "label", json_string(tw_step_label(st, 1, lbl, sizeof lbl)));
		set(w, o, "name", json_string(st->name));
		set(w, o, "kind", json_string(st->kind == TW_STEP_TCP ? "tcp" : "tls"));
		set(w, o, "direction", json_string(dir_name(st->dir)));
		set(w, o, "length", json_integer((json_int_t)st->len));
		set(w, o, "bytes", hex(st->bytes, st->len));
		if (st->kind == TW_STEP_TLS) {
			set(w, o, "stream_offset", json_integer((json_int_t)st->stream_off));
			set(w, o, "record_first", json_integer(st->rec_first));
			set(w, o, "record_count", json_integer(st->rec_count));
		}
		set(w, o, "handshake_message", json_integer(st->hs_msg));
		set(w, o, "packet_first", json_integer(st->pkt_first));
		set(w, o, "packet_count", json_integer(st->pkt_count));
		set(w, o, "known", known_list(w, st->known));
		set(w, o, "introduced", known_list(w, st->introduced));
		set(w, o, "fields", field_json(w, &m->tree[i]));
		push(w, a, o);
	}
	return a;
}

static json_t *
records_json(jw *w, const tw_model *m)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < m->wire.nrec; i++) {
		const tw_record *r = &m->wire.rec[i];
		json_t *o = json_object();
		const char *nm = tw_name_content_type(r->type);
		if (o == NULL) {
			w->oom = 1;
			break;
		}
		set(w, o, "index", json_integer((json_int_t)i));
		set(w, o, "direction", json_string(dir_name(r->dir)));
		set(w, o, "content_type", json_integer(r->type));
		set(w, o, "content_type_name", str_or_null(nm));
		set(w, o, "version", json_integer(r->version));
		set(w, o, "stream_offset", json_integer((json_int_t)r->off));
		set(w, o, "length", json_integer((json_int_t)r->len));
		set(w, o, "encrypted", json_boolean(r->encrypted));
		set(w, o, "sequence", json_integer((json_int_t)r->seq));
		push(w, a, o);
	}
	return a;
}

static const char *
pkt_kind_name(tw_pkt_kind k)
{
	switch (k) {
	case TW_PKT_SYN: return "syn";
	case TW_PKT_SYNACK: return "syn-ack";
	case TW_PKT_ACK3: return "ack";
	case TW_PKT_DATA: return "data";
	case TW_PKT_PURE_ACK: return "pure-ack";
	case TW_PKT_FIN: return "fin";
	default: return "last-ack";
	}
}

static json_t *
endpoint(jw *w, const uint8_t ip[4], uint16_t port, uint32_t isn)
{
	json_t *o = json_object();
	char a[16];

	if (o == NULL) {
		w->oom = 1;
		return NULL;
	}
	snprintf(a, sizeof a, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
	set(w, o, "ip", json_string(a));
	set(w, o, "port", json_integer(port));
	set(w, o, "isn", json_integer(isn));
	return o;
}

static json_t *
tcp_json(jw *w, const tw_model *m)
{
	const tw_tcp *t = &m->tcp;
	json_t *o = json_object(), *a = json_array();
	size_t i;

	if (o == NULL || a == NULL) {
		json_decref(o);
		json_decref(a);
		w->oom = 1;
		return NULL;
	}
	set(w, o, "client", endpoint(w, t->client_ip, t->client_port, t->client_isn));
	set(w, o, "server", endpoint(w, t->server_ip, t->server_port, t->server_isn));
	set(w, o, "mss", tw_tcp_mss(t) ? json_integer(tw_tcp_mss(t)) : json_null());
	for (i = 0; i < t->npkt; i++) {
		const tw_packet *p = &t->pkt[i];
		const uint32_t isn_s = p->dir == TW_C2S ? t->client_isn : t->server_isn;
		const uint32_t isn_r = p->dir == TW_C2S ? t->server_isn : t->client_isn;
		json_t *q = json_object(), *fl = json_array();
		static const char *const fn[5] = { "FIN", "SYN", "RST", "PSH", "ACK" };
		int b;
		if (q == NULL || fl == NULL) {
			json_decref(q);
			json_decref(fl);
			w->oom = 1;
			break;
		}
		for (b = 0; b < 5; b++)
			if (p->flags & (1u << b))
				push(w, fl, json_string(fn[b]));
		set(w, q, "index", json_integer((json_int_t)i));
		set(w, q, "direction", json_string(dir_name(p->dir)));
		set(w, q, "kind", json_string(pkt_kind_name(p->kind)));
		set(w, q, "seq", json_integer(p->seq));
		set(w, q, "ack", json_integer(p->ack));
		set(w, q, "relative_seq", json_integer((uint32_t)(p->seq - isn_s)));
		set(w, q, "relative_ack", (p->flags & TW_TCP_ACK)
			? json_integer((uint32_t)(p->ack - isn_r)) : json_null());
		set(w, q, "flags", fl);
		set(w, q, "flags_value", json_integer(p->flags));
		set(w, q, "length", json_integer((json_int_t)p->len));
		set(w, q, "ip_header_length", json_integer((json_int_t)p->ip_hlen));
		set(w, q, "tcp_header_length", json_integer((json_int_t)p->tcp_hlen));
		set(w, q, "payload_length", json_integer((json_int_t)p->payload_len));
		set(w, q, "stream_offset", p->payload_len
			? json_integer((json_int_t)p->stream_off) : json_null());
		set(w, q, "ts_usec", json_integer(p->ts_usec));
		set(w, q, "bytes", hex(p->data, p->len));
		push(w, a, q);
	}
	set(w, o, "packets", a);
	return o;
}

static json_t *
prf_json(jw *w, const tw_prf_trace *t)
{
	json_t *o = json_object(), *A = json_array(), *P = json_array();
	size_t i;

	if (o == NULL || A == NULL || P == NULL) {
		json_decref(o);
		json_decref(A);
		json_decref(P);
		w->oom = 1;
		return NULL;
	}
	set(w, o, "label", str_or_null(t->label));
	set(w, o, "hash", t->hash ? json_sprintf("SHA-%d", t->hash) : json_null());
	set(w, o, "secret", hex(t->secret, t->secret_len));
	set(w, o, "seed", hex(t->seed, t->seed_len));
	for (i = 0; i < t->nblocks && i < TW_PRF_MAX_BLOCKS; i++) {
		push(w, A, hex(t->A[i], t->hlen));
		push(w, P, hex(t->P[i], t->hlen));
	}
	set(w, o, "A", A);
	set(w, o, "P", P);
	set(w, o, "output", hex(t->out, t->out_len));
	return o;
}

/* The messages a hash covers, each with its length and the step that
 * carried it (the secrets list's, as the screen shows them). */
static json_t *
hs_list(jw *w, const tw_model *m, const tw_sline *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < l->nmsg; i++) {
		const tw_smsg *h = &l->msg[i];
		json_t *o = json_object();
		if (o == NULL) {
			w->oom = 1;
			break;
		}
		set(w, o, "message", i < l->nmsgs ? json_integer(l->msgs[i]) : json_null());
		set(w, o, "type", json_integer(h->type));
		set(w, o, "name", str_or_null(tw_name_handshake(h->type)));
		set(w, o, "direction", json_string(dir_name(h->dir)));
		set(w, o, "length", json_integer((json_int_t)h->len));
		set(w, o, "step", h->step >= 0 ? json_string(m->story.step[h->step].id) : json_null());
		set(w, o, "decrypted", json_boolean(h->decrypted));
		push(w, a, o);
	}
	return a;
}

/* Named parts of a line's bytes (a PRF seed, the key block). */
static json_t *
parts_json(jw *w, const tw_sline *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < l->npart; i++)
		push(w, a, json_pack("{s:s,s:s,s:s,s:I,s:I}", "name", l->part[i].key,
			"en", l->part[i].en, "zh", l->part[i].zh,
			"offset", (json_int_t)l->part[i].off, "length", (json_int_t)l->part[i].len));
	return a;
}

static json_t *
opened_json(jw *w, const tw_model *m)
{
	const tw_keys *k = &m->keys;
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < k->nopened; i++) {
		const tw_opened *op = &k->opened[i];
		const tw_record *r = &m->wire.rec[op->rec];
		const uint8_t *rb = tw_wire_record_bytes(&m->wire, (size_t)op->rec);
		json_t *o = json_object(), *txt;
		if (o == NULL) {
			w->oom = 1;
			break;
		}
		set(w, o, "record", json_integer(op->rec));
		set(w, o, "direction", json_string(dir_name(r->dir)));
		set(w, o, "content_type", json_integer(r->type));
		set(w, o, "sequence", json_integer((json_int_t)r->seq));
		set(w, o, "protection", json_string(op->family));
		set(w, o, "nonce", op->nonce_len ? hex(op->nonce, op->nonce_len) : json_null());
		set(w, o, "aad", op->aad_len ? hex(op->aad, op->aad_len) : json_null());
		set(w, o, "explicit_nonce_offset", op->iv_len ? json_integer((json_int_t)op->iv_off) : json_null());
		set(w, o, "explicit_nonce_length", json_integer((json_int_t)op->iv_len));
		set(w, o, "ciphertext_offset", json_integer((json_int_t)op->ct_off));
		set(w, o, "ciphertext_length", json_integer((json_int_t)op->ct_len));
		set(w, o, "mac_encrypted", json_boolean(op->mac_inside));
		set(w, o, "tag_offset", json_integer((json_int_t)op->mac_off));
		set(w, o, "tag_length", json_integer((json_int_t)op->mac_len));
		if (!op->mac_inside && op->mac_off + op->mac_len <= r->len)
			set(w, o, "tag", hex(rb + op->mac_off, op->mac_len));
		else if (op->mac_inside && op->plain && op->mac_len)
			set(w, o, "tag", hex(op->plain + op->content_len, op->mac_len));
		set(w, o, "padding_length", json_integer((json_int_t)op->pad_len));
		set(w, o, "tag_verdict", verdict(op->tag));
		/* Only application data has a plaintext the sending engine was
		 * given to compare with: other records are not applicable, which
		 * is not "missing" (a value that could not be computed). */
		set(w, o, "matches_sent", verdict(op->matches_sent));
		/* Text only when the plaintext is valid UTF-8 without NUL bytes
		 * (HTTP is; an alert or a Finished is binary: null). */
		txt = op->plain && memchr(op->plain, 0, op->plain_len) == NULL
			? json_stringn((const char *)op->plain, op->plain_len) : NULL;
		set(w, o, "plaintext_text", txt ? txt : json_null());
		set(w, o, "plaintext_hex", op->plain ? hex(op->plain, op->plain_len) : json_null());
		push(w, a, o);
	}
	return a;
}

/* What was negotiated and sent in clear: facts of the handshake. */
static json_t *
handshake_json(jw *w, const tw_model *m)
{
	const tw_hs *hs = &m->hs;
	json_t *o = json_object(), *certs;
	size_t i;

	if (o == NULL) {
		w->oom = 1;
		return NULL;
	}
	set(w, o, "version", json_integer(hs->server_version));
	set(w, o, "client_random", hex(hs->client_random, 32));
	set(w, o, "server_random", hex(hs->server_random, 32));
	set(w, o, "session_id", hex(hs->session_id, hs->session_id_len));
	set(w, o, "cipher_suite", json_integer(hs->suite));
	set(w, o, "cipher_suite_name", str_or_null(tw_name_suite(hs->suite)));
	set(w, o, "engine_cipher_suites", json_pack("[i,i]",
		m->wire.engine_suite[0], m->wire.engine_suite[1]));
	set(w, o, "certificates", certs = json_array());
	for (i = 0; certs && i < hs->ncert; i++)
		push(w, certs, hex(hs->cert[i], hs->cert_len[i]));
	if (hs->have_ske) {
		set(w, o, "named_curve", json_integer(hs->curve));
		set(w, o, "named_curve_name", str_or_null(tw_name_group(hs->curve)));
		set(w, o, "params", hex(hs->ske_params, hs->ske_params_len));
		set(w, o, "signature_algorithm", json_integer(hs->sig_alg));
		set(w, o, "signature_algorithm_name", str_or_null(tw_name_sigscheme(hs->sig_alg)));
		set(w, o, "signature", hex(hs->sig, hs->sig_len));
	}
	set(w, o, "x509_error", json_integer(m->keys.chain_err));
	set(w, o, "x509_error_name", json_string(tw_br_err_name(m->keys.chain_err)));
	return o;
}

/* The model's list of secrets, keyed by id: each line with a JSON name
 * becomes a member (hex for values, verdict names for checks). */
static json_t *
secrets_json(jw *w, const tw_model *m)
{
	json_t *o = json_object();
	size_t i, j;

	if (o == NULL) {
		w->oom = 1;
		return NULL;
	}
	for (i = 0; i < m->secrets.n; i++) {
		const tw_secret *it = &m->secrets.item[i];
		json_t *x = json_object(), *notes = json_array();

		if (x == NULL || notes == NULL) {
			json_decref(x);
			json_decref(notes);
			w->oom = 1;
			break;
		}
		set(w, x, "step", json_string(m->story.step[it->step].id));
		set(w, x, "title", json_string(it->title_en));
		set(w, x, "title_zh", json_string(it->title_zh));
		set(w, x, "value", it->value_len ? hex(it->value, it->value_len) : json_null());
		set(w, x, "verdict", verdict(it->v));
		for (j = 0; j < it->nline; j++) {
			const tw_sline *l = &it->line[j];
			switch (l->kind) {
			case TW_SL_HEX:
				if (l->key && strcmp(l->key, "value") != 0)
					set(w, x, l->key, hex(l->bytes, l->len));
				if (l->npart)
					set(w, x, "slices", parts_json(w, l));
				if (l->key && l->src.step >= 0 && l->src.item == NULL) {
					/* Where these bytes travelled: a field of a step. */
					char k[64];
					snprintf(k, sizeof k, "%s_source", l->key);
					set(w, x, k, json_pack("{s:s,s:I,s:I}", "step",
						m->story.step[l->src.step].id, "offset", (json_int_t)l->src.off,
						"length", (json_int_t)l->src.len));
				}
				break;
			case TW_SL_CHECK:
				if (l->key && strcmp(l->key, "verdict") != 0)
					set(w, x, l->key, verdict(l->v));
				break;
			case TW_SL_PRF:
				set(w, x, "prf", prf_json(w, l->prf));
				set(w, x, "seed_parts", parts_json(w, l));
				break;
			case TW_SL_MSGS:
				set(w, x, "messages", hs_list(w, m, l));
				set(w, x, "hashed_length", json_integer((json_int_t)l->msg_total));
				break;
			case TW_SL_TEXT:
				push(w, notes, json_string(l->en));
				break;
			}
		}
		set(w, x, "notes", notes);
		set(w, o, it->id, x);
	}
	return o;
}

/* A capture: its name, the captured endpoints (IPv4 or IPv6) and the
 * notes the dump prints (gaps, retransmissions, keys), one string each. */
static json_t *
capture_json(jw *w, const tw_model *m)
{
	json_t *o = json_object(), *notes = json_array();
	char buf[4096], *p, *nl;

	set(w, o, "kind", json_string("capture"));
	set(w, o, "name", json_string(m->source_name));
	set(w, o, "ip_version", json_integer(m->tcp.cap.ip_version));
	tw_capture_endpoints(m, buf, sizeof buf);
	set(w, o, "endpoints", json_string(buf));
	tw_capture_notes(m, buf, sizeof buf);
	for (p = buf; *p && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = 0;
		if (json_array_append_new(notes, json_string(p)) < 0)
			w->oom = 1;
	}
	set(w, o, "notes", notes);
	return o;
}

/* One verdict per checked item (the records counted as one), from the list. */
static json_t *
verdicts_json(jw *w, const tw_model *m)
{
	json_t *o = json_object();
	size_t i, nrec, okrec;

	if (o == NULL) {
		w->oom = 1;
		return NULL;
	}
	for (i = 0; i < m->secrets.n; i++) {
		const tw_secret *it = &m->secrets.item[i];
		if (!it->only_here && it->v != TW_V_NA)
			set(w, o, it->id, verdict(it->v));
	}
	set(w, o, "record_tags", verdict(tw_secrets_records(&m->secrets, &nrec, &okrec)));
	return o;
}

/* How a failed connection ended (null when it completed). */
static json_t *
failure_json(jw *w, const tw_model *m)
{
	const tw_failure *f = &m->failure;
	json_t *o;

	if (!f->failed)
		return json_null();
	if ((o = json_object()) == NULL) {
		w->oom = 1;
		return NULL;
	}
	set(w, o, "stopped_by", json_string(f->stopper == TW_C2S ? "client" : "server"));
	set(w, o, "step", f->at_step >= 0 ? json_string(m->story.step[f->at_step].id) : json_null());
	set(w, o, "check", json_string(f->check_en));
	set(w, o, "error", json_string(tw_br_err_name(f->err)));
	set(w, o, "alert_step", f->alert_step >= 0
		? json_string(m->story.step[f->alert_step].id) : json_null());
	set(w, o, "alert", f->alert >= 0 ? json_integer(f->alert) : json_null());
	set(w, o, "rfc_alert", f->rfc_alert >= 0 ? json_integer(f->rfc_alert) : json_null());
	set(w, o, "banner", json_string(f->banner_en));
	set(w, o, "banner_zh", json_string(f->banner_zh));
	return o;
}

/* One connection's members into obj. */
static void
connection_json(jw *w, const tw_model *m, json_t *root)
{
	set(w, root, "host", json_string(m->host));
	set(w, root, "path", json_string(m->path));
	set(w, root, "completed", json_boolean(m->wire_ok));
	set(w, root, "error", m->wire_ok ? json_null() : json_string(m->wire_err.msg));
	if (m->source == TW_SOURCE_CAPTURE) {
		/* No engine ran: say where the transcript came from instead. */
		set(w, root, "engine_errors", json_null());
		set(w, root, "source", capture_json(w, m));
		if (m->t13.present)
			set(w, root, "tls13", tw_json13(m));
	} else {
		set(w, root, "engine_errors", json_pack("{s:s,s:s}",
			"client", tw_br_err_name(m->wire.client_err),
			"server", tw_br_err_name(m->wire.server_err)));
		/* Where the transcript came from, as for a capture: both
		 * engines here, or one of them with a real peer. */
		set(w, root, "source", json_pack("{s:s}", "kind",
			m->source == TW_SOURCE_LISTEN ? "listen"
			: m->source == TW_SOURCE_CONNECT ? "connect" : "engines"));
	}
	set(w, root, "resumed", json_boolean(m->hs.resumed));
	set(w, root, "failure", failure_json(w, m));
	set(w, root, "steps", steps_json(w, m));
	set(w, root, "records", records_json(w, m));
	set(w, root, "tcp", tcp_json(w, m));
	set(w, root, "handshake", handshake_json(w, m));
	set(w, root, "secrets", secrets_json(w, m));
	set(w, root, "decrypted_records", opened_json(w, m));
	set(w, root, "verdicts", verdicts_json(w, m));
}

/* see json.h */
int
tw_json_write(const tw_model *m, FILE *out, tw_err *e)
{
	jw w = { 0 };
	json_t *root = json_object(), *next;
	char seed[24];
	int rc;

	if (root == NULL)
		return tw_err_set(e, "out of memory while writing JSON");
	snprintf(seed, sizeof seed, "%" PRIu64, m->seed);
	set(&w, root, "program", json_string("tlswalk"));
	set(&w, root, "version", json_string(PACKAGE_VERSION));
	set(&w, root, "format", json_integer(TW_JSON_FORMAT));
	/* A capture has no seed. */
	set(&w, root, "seed", m->source == TW_SOURCE_CAPTURE ? json_null() : json_string(seed));
	set(&w, root, "seeded", json_boolean(m->seeded));
	set(&w, root, "clock", json_integer((json_int_t)m->now));
	connection_json(&w, m, root);
	/* --resume: the second connection, in the same shape. */
	if (m->next != NULL) {
		if ((next = json_object()) == NULL)
			w.oom = 1;
		else {
			connection_json(&w, m->next, next);
			set(&w, root, "resumed_connection", next);
		}
	} else
		set(&w, root, "resumed_connection", json_null());
	if (w.oom) {
		json_decref(root);
		return tw_err_set(e, "out of memory while writing JSON");
	}
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc < 0 || fputc('\n', out) == EOF)
		return tw_err_set(e, "writing JSON failed: %s", strerror(errno));
	return 0;
}
