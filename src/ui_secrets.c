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
	const tw_sline *cur;      /* the model line being shown: its link goes on every screen line */
} ctx;

/* One piece of a line drawn in a hue. */
typedef struct {
	const char *text;
	tw_hue hue;
	int brk;        /* starts a new line: the rest of a part cut at the width */
} piece;

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

/* Lines [from, n) of the document show the model line c->cur: Enter on
 * any of them follows its link; a whole-line hue colours them. */
static void
mark(ctx *c, size_t from, tw_hue hue)
{
	size_t i;

	if (c->cur == NULL)
		return;
	for (i = from; i < c->d->n; i++) {
		tw_dline *dl = &c->d->line[i];
		size_t k = 0, n = strlen(dl->text);
		dl->from = c->cur;
		dl->link = c->cur->src;
		if (hue == TW_HUE_NONE || dl->nspan > 0)
			continue;
		while (k < n && dl->text[k] == ' ')
			k++;
		if (k < n && n - k < 65536) {
			dl->span[0].off = (unsigned short)k;
			dl->span[0].len = (unsigned short)(n - k);
			dl->span[0].hue = (unsigned char)hue;
			dl->nspan = 1;
		}
	}
}

/* Pieces on lines of at most c->width columns, each piece in its hue,
 * joined by sep; a piece that does not fit starts a new line. */
static void
pieces(ctx *c, int is_new, tw_role role, const char *indent, const piece *p, size_t n,
	const char *sep)
{
	char line[1024];
	size_t i, used = 0;
	int w = 0, nsp = 0;
	tw_dspan sp[TW_DSPAN_MAX];

	for (i = 0; i <= n; i++) {
		char *a = NULL;
		const char *t = i < n ? p[i].text : "";
		int tw, sw = tw_ui_width(sep, (size_t)-1), iw = tw_ui_width(indent, (size_t)-1);
		size_t tl;

		if (i < n && c->ascii && (a = tw_ui_ascii_text(t)) != NULL)
			t = a;
		tl = strlen(t);
		tw = tw_ui_width(t, tl);
		/* Flush the line when this piece would overflow it (or at the end). */
		if (used > 0 && (i == n || p[i].brk || w + sw + tw > c->width || nsp == TW_DSPAN_MAX
			|| used + strlen(sep) + tl + 1 > sizeof line)) {
			size_t at = c->d->n;
			line[used] = 0;
			tw_doc_add(c->d, role, is_new, 0, 1 << 20, NULL, line);
			if (c->d->n == at + 1) {
				memcpy(c->d->line[at].span, sp, sizeof sp);
				c->d->line[at].nspan = (unsigned char)nsp;
			}
			used = 0;
			nsp = 0;
		}
		if (i == n) {
			free(a);
			break;
		}
		if (used == 0) {
			used = (size_t)snprintf(line, sizeof line, "%s", indent);
			w = iw;
		} else {
			used += (size_t)snprintf(line + used, sizeof line - used, "%s", sep);
			w += sw;
		}
		if (used + tl + 1 <= sizeof line) {
			if (p[i].hue != TW_HUE_NONE && nsp < TW_DSPAN_MAX) {
				sp[nsp].off = (unsigned short)used;
				sp[nsp].len = (unsigned short)tl;
				sp[nsp].hue = (unsigned char)p[i].hue;
				nsp++;
			}
			memcpy(line + used, t, tl);
			used += tl;
			w += tw;
		}
		free(a);
	}
}

/* Bytes as hex cut into named parts: each part in its hue, a space where
 * one part ends and the next begins (so they stay apart without colour),
 * then a legend naming each part with its byte range. */
static void
hex_parts(ctx *c, int is_new, const uint8_t *b, size_t n, const tw_spart *pt, size_t np)
{
	piece pc[64] = { { NULL, TW_HUE_NONE, 0 } };
	char hx[64][70], leg[TW_SPART_MAX][96];
	size_t i, k, npc = 0;

	/* Hex pieces: at most 32 bytes (64 digits) each, never across a part. */
	for (i = 0; i < np; i++) {
		size_t per = c->width > 10 ? (size_t)(c->width - 8) / 2 : 1;
		if (per > 32)
			per = 32;
		for (k = pt[i].off; k < pt[i].off + pt[i].len && k < n && npc < 64; k += per) {
			size_t j, e = k + per < pt[i].off + pt[i].len ? k + per : pt[i].off + pt[i].len;
			for (j = k; j < e && j < n; j++)
				snprintf(hx[npc] + 2 * (j - k), 3, "%02x", b[j]);
			pc[npc].text = hx[npc];
			pc[npc].hue = pt[i].hue;
			/* A part's own rows stay one run of hex: its second row
			 * begins a line, never sits after a space like a new part. */
			pc[npc].brk = k != pt[i].off;
			npc++;
		}
	}
	pieces(c, is_new, TW_ROLE_VALUE, "      ", pc, npc, " ");
	for (i = 0; i < np; i++) {
		snprintf(leg[i], sizeof leg[i], "%s %zu–%zu", c->zh ? pt[i].zh : pt[i].en,
			pt[i].off, pt[i].off + pt[i].len - 1);
		pc[i].text = leg[i];
		pc[i].hue = pt[i].hue;
		pc[i].brk = 0;
	}
	pieces(c, is_new, TW_ROLE_DIM, "      ", pc, np, " | ");
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
	char lab[160];

	textf(c, is_new, TW_ROLE_DIM, T("PRF = P_SHA%d: A(0) = seed, A(i) = HMAC(secret, A(i-1)), "
		"P(i) = HMAC(secret, A(i) ‖ seed); output = P(1) ‖ P(2) ‖ …",
		"PRF = P_SHA%d：A(0) = 种子，A(i) = HMAC(秘密, A(i-1))，"
		"P(i) = HMAC(秘密, A(i) ‖ 种子)；输出 = P(1) ‖ P(2) ‖ …"), t->hash);
	snprintf(lab, sizeof lab, T("seed = \"%s\" ‖ %s  (%zu bytes)", "种子 = \"%s\" ‖ %s（%zu 字节）"),
		t->label, rest, t->seed_len);
	if (c->cur && c->cur->npart) {
		text(c, is_new, TW_ROLE_TEXT, lab);
		hex_parts(c, is_new, t->seed, t->seed_len, c->cur->part, c->cur->npart);
	} else
		labeled_hex(c, is_new, lab, t->seed, t->seed_len);
	for (i = 0; i < t->nblocks; i++) {
		snprintf(lab, sizeof lab, "A(%zu)", i + 1);
		labeled_hex(c, is_new, lab, t->A[i], t->hlen);
		snprintf(lab, sizeof lab, "P(%zu) = HMAC(secret, A(%zu) ‖ seed)", i + 1, i + 1);
		labeled_hex(c, is_new, lab, t->P[i], t->hlen);
	}
}

/* The messages a handshake hash covers, one a line with the step that
 * carried it and its length (Enter on one shows it there), then the total
 * of bytes hashed. */
static void
hs_list(ctx *c, int is_new, const tw_sline *l)
{
	size_t i;
	char lab[32], line[200];

	textf(c, is_new, TW_ROLE_DIM, T("hash of these %zu messages, in order (Enter: show one):",
		"对这 %zu 条报文按顺序计算摘要（回车：查看）："), l->nmsg);
	for (i = 0; i < l->nmsg; i++) {
		const tw_smsg *h = &l->msg[i];
		const char *nm = tw_name_handshake(h->type);
		size_t at = c->d->n;
		if (h->step >= 0)
			tw_step_label(&c->m->story.step[h->step], c->ascii, lab, sizeof lab);
		else
			snprintf(lab, sizeof lab, "-");
		/* The step's name as the ladder shows it (ClientHello). */
		if (h->step >= 0)
			nm = c->m->story.step[h->step].name;
		snprintf(line, sizeof line, c->zh ? "%-3s %-19s %5zu 字节%s" : "%-3s %-19s %5zu bytes%s",
			lab, nm ? nm : "?", h->len, h->decrypted ? T(" (decrypted)", "（解密后）") : "");
		tw_doc_add(c->d, TW_ROLE_TEXT, is_new, c->ascii, c->width, "      ", line);
		for (; at < c->d->n; at++) {
			c->d->line[at].from = l;
			c->d->line[at].link.step = h->step;
			c->d->line[at].link.off = h->off;
			c->d->line[at].link.len = h->span;
		}
	}
	textf(c, is_new, TW_ROLE_DIM, T("total hashed: %zu bytes", "共 %zu 字节计入摘要"), l->msg_total);
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
	size_t from = c->d->n;

	c->cur = l;

	switch (l->kind) {
	case TW_SL_TEXT:
		text(c, is_new, TW_ROLE_TEXT, t);
		break;
	case TW_SL_HEX:
		if (l->as_text) {
			textf(c, is_new, TW_ROLE_TEXT, T("%s, %zu bytes:", "%s，%zu 字节："), t, l->len);
			http_text(c, l->bytes, l->len);
		} else if (l->npart && is_new) {
			/* The key block cut into its slices, each in its colour. */
			text(c, is_new, TW_ROLE_TEXT, t);
			hex_parts(c, is_new, l->bytes, l->len, l->part, l->npart);
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
		hs_list(c, is_new, l);
		break;
	}
	if (l->kind != TW_SL_MSGS)
		mark(c, from, l->hue);
	c->cur = NULL;
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
	ctx cc = { m, d, zh, ascii, width, NULL }, *c = &cc;
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
		tw_step_label_lang(&m->story.step[it->step], ascii, zh, lab, sizeof lab);
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

/* The shallowest field of tree f covering exactly [off, off+len), or NULL. */
static const tw_field *
exact_field(const tw_field *f, size_t off, size_t len)
{
	size_t i;

	if (f->off == off && f->len == len)
		return f;
	for (i = 0; i < f->nchild; i++)
		if (off >= f->child[i].off && off + len <= f->child[i].off + f->child[i].len)
			return exact_field(&f->child[i], off, len);
	return NULL;
}

/* Where link k leads, as the status line says it: "① ClientHello · Random". */
static void
describe(const tw_model *m, const tw_slink *k, int zh, int ascii, int brief, char *buf, size_t n)
{
	char lab[32];
	const tw_field *f;
	const tw_step *st = &m->story.step[k->step];

	tw_step_label_lang(st, ascii, zh, lab, sizeof lab);
	if (k->item != NULL) {
		const tw_secret *it = tw_secrets_find(&m->secrets, k->item);
		const tw_sline *l = tw_secrets_line(&m->secrets, k->item, k->key);
		const char *t = l ? (zh ? l->zh : l->en) : it ? (zh ? it->title_zh : it->title_en) : k->item;
		/* The label up to its first ',' or ':' is the value's name. */
		size_t w = strcspn(t, ",:，：（(");
		snprintf(buf, n, "%s %.*s", lab, (int)w, t);
		return;
	}
	f = exact_field(&m->tree[k->step], k->off, k->len);
	if (brief) {
		/* A short field name (Random, Pubkey), else the message's. */
		snprintf(buf, n, "%s %s", lab, f && f->label && strlen(f->label) <= 16 ? f->label : tw_step_name(st, zh));
		return;
	}
	/* Without the step's name: the jump has just made it the step the
	 * status line names, and the bytes must fit on 80 columns. */
	snprintf(buf, n, zh ? "%s %s，字节 %zu–%zu" : "%s %s, bytes %zu–%zu", lab,
		f && f->label ? f->label : zh ? "报文" : "message", k->off, k->off + k->len - 1);
}

/* see ui_secrets.h */
int
tw_ui_secrets_follow(tw_ui_state *s, const tw_doc *d, int ascii, int width)
{
	const tw_model *m = s->m;
	const tw_dline *dl;
	tw_slink k;
	char where[200];

	if (m->t13.present) {
		snprintf(s->message, sizeof s->message, "%s", s->zh
			? "TLS 1.3 抓包的密钥窗格中，值还没有链接到它们的字节"
			: "In a TLS 1.3 capture the secrets are not linked to their bytes yet");
		return 0;
	}
	if (s->scur < 0 || (size_t)s->scur >= d->n || d->line[s->scur].link.step < 0
		|| (size_t)d->line[s->scur].link.step >= m->story.nstep) {
		snprintf(s->message, sizeof s->message, "%s", s->zh
			? "这一行没有可跳转的来源：换到有值的行"
			: "Nothing to go to from this line: move to a line with a value");
		return 0;
	}
	dl = &d->line[s->scur];
	k = dl->link;
	describe(m, &k, s->zh, ascii, 0, where, sizeof where);
	if (k.item != NULL) {
		/* Another secret's line: its step, the Secrets cursor on it. */
		const tw_sline *to = tw_secrets_line(&m->secrets, k.item, k.key);
		tw_doc nd;
		size_t i;

		tw_ui_goto(s, k.step);
		s->secrets_autoscroll = 0;
		s->scur = 0;
		tw_doc_init(&nd);
		tw_ui_secrets(m, k.step, s->zh, ascii, width, &nd);
		for (i = 0; i < nd.n; i++)
			if (nd.line[i].from == to && to != NULL) {
				s->scur = (int)i;
				break;
			}
		tw_doc_free(&nd);
		s->top[TW_PANE_SECRETS] = s->scur > 2 ? s->scur - 2 : 0;
		s->tab = s->focus = TW_PANE_SECRETS;
		snprintf(s->message, sizeof s->message, s->zh ? "来源：%s" : "Comes from: %s", where);
		return 1;
	}
	/* A field of a step: select exactly it (its ancestors opened). */
	tw_ui_goto(s, k.step);
	tw_ui_select_byte(s, k.off);
	{
		const tw_field *f = exact_field(&m->tree[k.step], k.off, k.len);
		size_t i;
		for (i = 0; f && i < s->nfrows; i++)
			if (s->frows[i].f == f) {
				s->fcur = (int)i;
				break;
			}
	}
	s->tab = s->focus = TW_PANE_FIELDS;
	snprintf(s->message, sizeof s->message, s->zh ? "来源：%s（s：回到密钥窗格）"
		: "Comes from: %s (s: back to Secrets)", where);
	return 1;
}

/* see ui_secrets.h */
void
tw_ui_secrets_hint(const tw_ui_state *s, const tw_doc *d, int ascii, char *buf, size_t n)
{
	/* Short: on an 80-column status line it must fit beside the step's
	 * id (←→ still change the step, as the help says). */
	const char *arrows = ascii ? (s->zh ? "上/下 行" : "Up/Down line") : s->zh ? "↑↓ 行" : "↑↓ line";
	char where[200];

	if (s->scur >= 0 && (size_t)s->scur < d->n && d->line[s->scur].link.step >= 0
		&& (size_t)d->line[s->scur].link.step < s->m->story.nstep) {
		describe(s->m, &d->line[s->scur].link, s->zh, ascii, 1, where, sizeof where);
		snprintf(buf, n, s->zh ? "%s 回车：%s" : "%s Enter: %s", arrows, where);
	} else if (s->m->t13.present)
		snprintf(buf, n, "%s", arrows);     /* nothing is linked there (see follow) */
	else
		snprintf(buf, n, s->zh ? "%s 回车：来源" : "%s Enter: source", arrows);
}
