/*
 * ui_secrets.c — the secrets pane's lines for a step. See ui_secrets.h.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"
#include "ui_secrets.h"
#include "dump.h"

typedef struct {
	const tw_model *m;
	tw_doc *d;
	int zh, ascii, width;
} ctx;

#define T(en, zh_text) (c->zh ? (zh_text) : (en))

static const char *
verdict(const ctx *c, tw_verdict v)
{
	switch (v) {
	case TW_V_OK: return T("✓ verified", "✓ 已验证");
	case TW_V_MISMATCH: return T("✗ MISMATCH", "✗ 不一致");
	default: return T("? not computed", "? 未能计算");
	}
}

static tw_role
vrole(tw_verdict v)
{
	return v == TW_V_OK ? TW_ROLE_OK : TW_ROLE_BAD;
}

/* A section heading: "▶ " marks what this step introduced. */
static void
head(ctx *c, int is_new, const char *text)
{
	tw_doc_add(c->d, is_new ? TW_ROLE_NEW : TW_ROLE_HEAD, is_new, c->ascii, c->width,
		is_new ? "▶ " : "  ", text);
}

static void
text(ctx *c, int is_new, tw_role role, const char *t)
{
	tw_doc_add(c->d, role, is_new, c->ascii, c->width, "    ", t);
}

static void
textf(ctx *c, int is_new, tw_role role, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
textf(ctx *c, int is_new, tw_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	text(c, is_new, role, buf);
}

static void
hex(ctx *c, int is_new, const uint8_t *b, size_t n)
{
	tw_doc_hex(c->d, is_new, c->width, 6, b, n);
}

static void
labeled_hex(ctx *c, int is_new, const char *label, const uint8_t *b, size_t n)
{
	text(c, is_new, TW_ROLE_TEXT, label);
	hex(c, is_new, b, n);
}

/* rest: what follows the label in the seed, so "…" never hides an input. */
static void
prf_chain(ctx *c, int is_new, const tw_prf_trace *t, const char *rest)
{
	size_t i;
	char lab[96];

	textf(c, is_new, TW_ROLE_DIM, T("PRF = P_SHA%d: A(0) = seed, A(i) = HMAC(secret, A(i-1)), "
		"P(i) = HMAC(secret, A(i) ‖ seed); output = P(1) ‖ P(2) ‖ …",
		"PRF = P_SHA%d：A(0) = 种子，A(i) = HMAC(秘密, A(i-1))，"
		"P(i) = HMAC(秘密, A(i) ‖ 种子)；输出 = P(1) ‖ P(2) ‖ …"), t->hash);
	snprintf(lab, sizeof lab, T("seed = \"%s\" ‖ %s  (%zu bytes)", "种子 = \"%s\" ‖ %s（%zu 字节）"),
		t->label, rest, t->seed_len);
	labeled_hex(c, is_new, lab, t->seed, t->seed_len);
	for (i = 0; i < t->nblocks; i++) {
		snprintf(lab, sizeof lab, "A(%zu)", i + 1);
		labeled_hex(c, is_new, lab, t->A[i], t->hlen);
		snprintf(lab, sizeof lab, "P(%zu) = HMAC(secret, A(%zu) ‖ seed)", i + 1, i + 1);
		labeled_hex(c, is_new, lab, t->P[i], t->hlen);
	}
}

static void
hs_list(ctx *c, int is_new, const int *idx, size_t n, int plus_fin)
{
	char buf[512];
	size_t i, used = 0;

	for (i = 0; i < n && used < sizeof buf; i++) {
		const char *nm = tw_name_handshake(c->m->hs.msg[idx[i]].type);
		int k = snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", nm ? nm : "?");
		if (k > 0)
			used += (size_t)k;
	}
	if (plus_fin && used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, plus_fin == 2
			? T(", server Finished (decrypted)", ", 服务器 Finished（解密后）")
			: T(", client Finished (decrypted)", ", 客户端 Finished（解密后）"));
	textf(c, is_new, TW_ROLE_DIM, T("hash of: %s", "对这些报文计算摘要：%s"), buf);
}

static void
http_text(ctx *c, const uint8_t *b, size_t n)
{
	char line[512];
	size_t i = 0, k;

	while (i < n) {
		k = 0;
		while (i < n && b[i] != '\n' && k + 5 < sizeof line) {
			if (b[i] == '\r')
				;
			else if (b[i] >= 0x20 && b[i] < 0x7f)
				line[k++] = (char)b[i];
			else
				k += (size_t)snprintf(line + k, sizeof line - k, "\\x%02x", b[i]);
			i++;
		}
		if (i < n && b[i] == '\n')
			i++;
		line[k] = 0;
		tw_doc_add(c->d, TW_ROLE_VALUE, 1, c->ascii, c->width, "    │ ", line);
	}
}

/* One line of an item of the model's list. is_new: the step introduced
 * the item, so its derivation is spelled out. */
static void
sline(ctx *c, int is_new, const tw_sline *l)
{
	const char *t = c->zh ? l->zh : l->en;

	switch (l->kind) {
	case TW_SL_TEXT:
		text(c, is_new, TW_ROLE_TEXT, t);
		break;
	case TW_SL_HEX:
		if (l->as_text) {
			textf(c, is_new, TW_ROLE_TEXT, T("%s, %zu bytes:", "%s，%zu 字节："), t, l->len);
			http_text(c, l->bytes, l->len);
		} else if (is_new)
			labeled_hex(c, is_new, t, l->bytes, l->len);
		else
			hex(c, is_new, l->bytes, l->len);
		break;
	case TW_SL_CHECK:
		textf(c, is_new, vrole(l->v), c->zh ? "%s：%s" : "%s: %s", t, l->rejected && l->v == TW_V_MISMATCH
			? T("✗ REJECTED", "✗ 已拒绝") : verdict(c, l->v));
		break;
	case TW_SL_PRF:
		prf_chain(c, is_new, l->prf, t);
		break;
	case TW_SL_MSGS:
		hs_list(c, is_new, l->msgs, l->nmsgs, l->plus_fin);
		break;
	}
}

/* A captured TLS 1.3 connection: the lines dump13.c writes for the step
 * (the HKDF derivations, the records opened, the checks), verdicts
 * coloured, in the learner's language. */
static void
secrets13(ctx *c, const tw_step *st)
{
	char *buf = NULL, *p, *nl;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return;
	tw_dump13_step(f, c->m, st, c->zh);
	fclose(f);
	for (p = buf; p != NULL && *p; p = nl + 1) {
		tw_role role = TW_ROLE_TEXT;
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = 0;
		if (strstr(p, tw_dump_mark(TW_V_OK, c->zh)) != NULL)
			role = TW_ROLE_OK;
		else if (strstr(p, tw_dump_mark(TW_V_MISMATCH, c->zh)) != NULL)
			role = TW_ROLE_BAD;
		else if (strstr(p, tw_dump_mark(TW_V_MISSING, c->zh)) != NULL)
			role = TW_ROLE_DIM;
		tw_doc_add(c->d, role, 0, c->ascii, c->width, "", p);
		if (nl == NULL)
			break;
	}
	free(buf);
}

/* see ui_secrets.h */
void
tw_ui_secrets(const tw_model *m, int i, int zh, int ascii, int width, tw_doc *d)
{
	ctx cc = { m, d, zh, ascii, width }, *c = &cc;
	size_t k, j;
	int shown = 0;
	char lab[32], title[320];

	if (i < 0 || (size_t)i >= m->story.nstep)
		return;
	if (m->t13.present) {
		secrets13(c, &m->story.step[i]);
		return;
	}
	/* Everything known by step i; what step i introduced in full, what
	 * came before as its title, value and verdicts. */
	for (k = 0; k < m->secrets.n; k++) {
		const tw_secret *it = &m->secrets.item[k];
		int n = it->step == i;

		if (it->step > i || (it->only_here && !n))
			continue;
		shown = 1;
		/* The step label first: where the value came from. */
		tw_step_label(&m->story.step[it->step], ascii, lab, sizeof lab);
		snprintf(title, sizeof title, strchr(lab, ' ') ? "%s · %s" : "%s %s", lab,
			zh ? it->title_zh : it->title_en);
		head(c, n, title);
		for (j = 0; j < it->nline; j++)
			if (n || !it->line[j].detail)
				sline(c, n, &it->line[j]);
	}
	if (!shown)
		text(c, 0, TW_ROLE_DIM, T("Nothing random or secret yet: TCP carries no keys. "
			"The first random arrives with the ClientHello.",
			"还没有随机数或秘密：TCP 不携带任何密钥。第一个随机数随 ClientHello 到来。"));
}
