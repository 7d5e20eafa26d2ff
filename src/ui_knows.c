/*
 * ui_knows.c — the who-knows-what view's layout and columns. See ui_knows.h.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui_knows.h"

/* Below this a column takes the short "how" texts ("clear ①"). */
#define KNOWS_LONG_COL 40

/* see ui_knows.h */
void
tw_ui_knows_layout(tw_knows_layout *kl, int rows, int cols)
{
	int inner_w, p;

	memset(kl, 0, sizeof *kl);
	kl->box.y = 0;
	kl->box.x = 0;
	kl->box.h = rows - 1;        /* the status line stays below */
	kl->box.w = cols;
	kl->box.shown = 1;
	kl->head_y = 1;
	kl->body_y = 2;
	/* The legend sits in the bottom border, as the title in the top one. */
	kl->legend_y = kl->box.h - 1;
	kl->body_h = kl->legend_y - kl->body_y;
	if (kl->body_h < 1)
		kl->body_h = 1;
	/* Three columns and two one-column separators inside the border. */
	inner_w = cols - 2;
	kl->col_w = (inner_w - (TW_PARTIES - 1)) / TW_PARTIES;
	for (p = 0; p < TW_PARTIES; p++) {
		kl->col_x[p] = 1 + p * (kl->col_w + 1);
		if (p > 0)
			kl->sep_x[p - 1] = kl->col_x[p] - 1;
	}
	kl->brief = kl->col_w < KNOWS_LONG_COL;
}

/* see ui_knows.h */
int
tw_ui_knows_maxtop(const tw_knows_layout *kl, int col_rows, int sum_rows)
{
	int total = col_rows + (sum_rows > 0 ? 1 + sum_rows : 0);

	return total > kl->body_h ? total - kl->body_h : 0;
}

/* Append " how" to the last line of d, right-aligned in width columns,
 * or on a line of its own when it does not fit there. */
static void
how_right(tw_doc *d, tw_role role, int is_new, int ascii, int width, const char *how)
{
	char *h = ascii ? tw_ui_ascii_text(how) : NULL, *line;
	const char *t = h ? h : how;
	int hw = tw_ui_width(t, (size_t)-1), lw, pad;
	tw_dline *last;

	if (ascii && h == NULL) {
		d->oom = 1;
		return;
	}
	last = d->n ? &d->line[d->n - 1] : NULL;
	lw = last ? tw_ui_width(last->text, (size_t)-1) : 0;
	if (last == NULL || lw + 1 + hw > width) {
		tw_doc_add(d, role, is_new, 0, width, NULL, "");
		last = d->n ? &d->line[d->n - 1] : NULL;
		lw = 0;
	}
	if (last == NULL || d->oom) {
		free(h);
		return;
	}
	pad = width - lw - hw;
	if (pad < 1)
		pad = 1;
	line = malloc(strlen(last->text) + (size_t)pad + strlen(t) + 1);
	if (line == NULL)
		d->oom = 1;
	else {
		sprintf(line, "%s%*s%s", last->text, pad, "", t);
		free(last->text);
		last->text = line;
	}
	free(h);
}

static const char *
name_of(const tw_know_fact *f, int zh, int brief)
{
	return brief ? (zh ? f->zh_brief : f->en_brief) : zh ? f->zh : f->en;
}

/* One value: "+ name      how" (new) or "  name      how". */
static void
item(tw_doc *d, const tw_model *m, const tw_know_fact *f, tw_party p, int step, int zh,
	int ascii, int width, int brief)
{
	char how[96];
	int is_new = tw_knows_new(f, p, step);
	tw_role r = is_new ? TW_ROLE_NEW : TW_ROLE_TEXT;

	tw_doc_add(d, r, is_new, ascii, width, is_new ? "+ " : "  ", name_of(f, zh, brief));
	how_right(d, r, is_new, ascii, width,
		tw_knows_how_text(m, f, p, zh, ascii, brief, how, sizeof how));
}

/* see ui_knows.h */
void
tw_ui_knows(const tw_model *m, int step, int zh, int ascii, int width, int brief,
	tw_doc cols[TW_PARTIES])
{
	tw_knows k;
	size_t j;
	int p, any;
	const char *note;
	const tw_know_fact *pms;

	tw_knows_build(m, &k);
	if (k.tls13) {
		tw_doc_add(&cols[0], TW_ROLE_TEXT, 0, ascii, width, NULL, tw_knows_tls13_note(zh));
		return;
	}
	for (p = 0; p < TW_PARTIES; p++) {
		any = 0;
		for (j = 0; j < k.n; j++)
			if (tw_knows_has(&k.fact[j], (tw_party)p, step)) {
				item(&cols[p], m, &k.fact[j], (tw_party)p, step, zh, ascii, width, brief);
				any = 1;
			}
		if (!any)
			tw_doc_add(&cols[p], TW_ROLE_DIM, 0, ascii, width, "  ",
				zh ? "（还什么都不知道）" : "(nothing yet)");
	}
	/* The eavesdropper: what the other two have and it has not. */
	any = 0;
	for (j = 0; j < k.n; j++) {
		const tw_know_fact *f = &k.fact[j];
		char how[96];
		int is_new = tw_knows_new(f, TW_PARTY_EVE, step);
		if (!tw_knows_lacks(f, step))
			continue;
		if (!any)
			tw_doc_add(&cols[TW_PARTY_EVE], TW_ROLE_DIM, 0, ascii, width, NULL,
				zh ? "缺少：" : "lacks:");
		any = 1;
		tw_doc_add(&cols[TW_PARTY_EVE], TW_ROLE_BAD, is_new, ascii, width, "✗ ",
			name_of(f, zh, brief));
		if (f->how[TW_PARTY_EVE] == TW_KH_CIPHER)
			how_right(&cols[TW_PARTY_EVE], TW_ROLE_BAD, is_new, ascii, width,
				tw_knows_how_text(m, f, TW_PARTY_EVE, zh, ascii, brief, how, sizeof how));
	}
	/* record-now-decrypt-later: what the recording so far gives it once
	 * it has the server's private key. */
	if (!k.later)
		return;
	tw_doc_add(&cols[TW_PARTY_EVE], TW_ROLE_HEAD, 0, ascii, width, NULL,
		zh ? "事后拿到服务器私钥，从录下的内容得到：" : "later, with the server's private key, from its recording:");
	any = 0;
	for (j = 0; j < k.n; j++) {
		const tw_know_fact *f = &k.fact[j];
		if (!tw_knows_later(f, step) || tw_knows_is_key(f))
			continue;
		any = 1;
		tw_doc_add(&cols[TW_PARTY_EVE], TW_ROLE_HEAD, 0, ascii, width, "⇒ ",
			name_of(f, zh, brief));
	}
	/* Where there is a pre-master secret to miss, say it stays missing. */
	note = tw_knows_later_note(&k, zh);
	pms = tw_knows_find(&k, "pre_master_secret");
	if (note != NULL && pms != NULL && tw_knows_has(pms, TW_PARTY_CLIENT, step))
		tw_doc_add(&cols[TW_PARTY_EVE], TW_ROLE_BAD, 0, ascii, width, "✗ ", note);
	else if (!any)
		tw_doc_add(&cols[TW_PARTY_EVE], TW_ROLE_DIM, 0, ascii, width, "  ",
			zh ? "（还没有录到什么秘密）" : "(nothing secret recorded yet)");
}

/* see ui_knows.h */
void
tw_ui_knows_title(const tw_model *m, int step, int zh, int ascii, char *buf, size_t size)
{
	char title[96];

	/* "HTTP 2 response", as the ladder says it (not "HTTP 2 HTTP response") */
	tw_ui_step_title(&m->story.step[step], ascii, zh, title, sizeof title);
	snprintf(buf, size, zh ? "谁知道什么 · %s 之后" : "Who knows what · after %s", title);
}

/* see ui_knows.h */
const char *
tw_ui_knows_legend(int zh, int brief)
{
	if (brief)
		return zh ? " + 这一步新知道 · ✗ 窃听者缺少 · 🔒 只有密文 · ←→ 换步 · w 关闭 "
			: " + new here · ✗ eavesdropper lacks · 🔒 only ciphertext · ←→ step · w close ";
	return zh ? " + 这一步新知道的 · ✗ 窃听者缺少的 · 🔒 窃听者只看到密文 · 明文：路径上任何人都能读到 · ←→ 上一步/下一步 · ↑↓ 滚动 · w 或 Esc 关闭 "
		: " + learned at this step · ✗ what the eavesdropper lacks · 🔒 it sees only ciphertext · clear: anyone on the path reads it · ←→ step · ↑↓ scroll · w or Esc close ";
}

/* see ui_knows.h; the words of tw_knows_how_text's brief forms */
const char *
tw_ui_knows_abbrevs(int zh)
{
	return zh ? "自产：自己生成 · 明文：线路上读到 · 原有：连接前已有 · 计算：算出 · "
		"解密：解密得到 · 私钥解：用私钥解开 · ①：在哪一步"
		: "own: made it · clear: seen on the wire · held: had before · calc: computed · "
		"dec: decrypted · RSA-dec: with its private key · ①: the step";
}

/* Names of the facts that pass test at step, joined for a sentence. */
static void
join(const tw_knows *k, int step, int zh, int (*test)(const tw_know_fact *, int),
	char *buf, size_t size)
{
	size_t j, o = 0;

	buf[0] = 0;
	for (j = 0; j < k->n && o < size; j++)
		if (test(&k->fact[j], step))
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? (zh ? "、" : ", ") : "",
				zh ? k->fact[j].zh : k->fact[j].en);
}

/* Shared: both sides have it. A message the attacker changed on its way
 * was seen in clear, but the receiver never got what was sent. */
static int
in_clear(const tw_know_fact *f, int step)
{
	return f->how[TW_PARTY_EVE] == TW_KH_CLEAR && tw_knows_has(f, TW_PARTY_EVE, step)
		&& tw_knows_has(f, TW_PARTY_CLIENT, step) && tw_knows_has(f, TW_PARTY_SERVER, step);
}

static int
both_not_eve(const tw_know_fact *f, int step)
{
	return tw_knows_has(f, TW_PARTY_CLIENT, step) && tw_knows_has(f, TW_PARTY_SERVER, step)
		&& !tw_knows_has(f, TW_PARTY_EVE, step);
}

static int
one_side(const tw_know_fact *f, int step)
{
	return tw_knows_has(f, TW_PARTY_CLIENT, step) != tw_knows_has(f, TW_PARTY_SERVER, step)
		&& !tw_knows_has(f, TW_PARTY_EVE, step);
}

/* see ui_knows.h */
void
tw_ui_knows_summary(const tw_model *m, int step, int zh, int ascii, int width, tw_doc *d)
{
	tw_knows k;
	char list[1024], text[1300];

	tw_knows_build(m, &k);
	if (k.tls13)
		return;
	join(&k, step, zh, in_clear, list, sizeof list);
	if (list[0]) {
		snprintf(text, sizeof text, zh ? "目前为止，通过明文共享了：%s——路径上的窃听者也都看得到。"
			: "So far shared in clear, so the eavesdropper on the path has them too: %s.", list);
		tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, NULL, text);
	}
	join(&k, step, zh, both_not_eve, list, sizeof list);
	if (list[0]) {
		snprintf(text, sizeof text, zh ? "客户端和服务器都知道、窃听者却不知道的：%s。"
			: "Known to both the client and the server, not to the eavesdropper: %s.", list);
		tw_doc_add(d, TW_ROLE_OK, 0, ascii, width, NULL, text);
	}
	join(&k, step, zh, one_side, list, sizeof list);
	if (list[0]) {
		snprintf(text, sizeof text, zh ? "目前只有一方知道的：%s。"
			: "So far known to one side only: %s.", list);
		tw_doc_add(d, TW_ROLE_DIM, 0, ascii, width, NULL, text);
	}
}
