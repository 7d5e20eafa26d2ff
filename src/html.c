/*
 * html.c — the handout page. See html.h.
 *
 * It walks the model the way the text dump does (dump.c): the story's
 * steps in order, each step's field tree, the lessons picked and rendered
 * for this connection, and the model's list of secrets filtered by the
 * step that introduces them; the ladder's rows come from the UI's own
 * layout logic (tw_ladder_rows), so the picture has the same stage bands,
 * failure mark and attacker row as the terminal. A TLS 1.3 capture's
 * secrets are the dump's text (dump13.c), said to be so.
 */
#include "config.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "html.h"
#include "dump.h"
#include "capture.h"
#include "knows.h"
#include "names.h"
#include "terms.h"
#include "ui_logic.h"
#include "util.h"

typedef struct {
	FILE *o;
	const tw_model *m;     /* the connection being written */
	const tw_lessons *l;
	int zh;
	const char *pfx;       /* element id prefix: "" or "c2-" (the second connection) */
	const tw_knows *k;     /* who knows what in this connection (connection()) */
} hw;

#define T(en, zh_text) (h->zh ? (zh_text) : (en))

/* ---- escaping ------------------------------------------------------------ */

/* Text from the model or the lessons (UTF-8 prose): markup escaped, and a
 * control character other than newline and tab shown as \xNN rather than
 * handed to the browser. */
static void
esc_n(FILE *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *ent = tw_html_entity(c);

		if (ent)
			fputs(ent, o);
		else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			fprintf(o, "\\x%02x", c);
		else
			fputc(c, o);
	}
}

static void
esc(FILE *o, const char *s)
{
	if (s)
		esc_n(o, s, strlen(s));
}

/* Bytes read as text (an HTTP message): printable ASCII and newlines as
 * they are, the rest as \xNN, as the dump prints them. */
static void
esc_bytes(FILE *o, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *ent = tw_html_entity(b[i]);
		if (ent)
			fputs(ent, o);
		else if (b[i] == '\n' || (b[i] >= 0x20 && b[i] < 0x7f))
			fputc(b[i], o);
		else if (b[i] != '\r')
			fprintf(o, "\\x%02x", b[i]);
	}
}

/* A byte string as one hex run the browser may break every 16 bytes. */
static void
hex_run(FILE *o, const uint8_t *b, size_t n)
{
	size_t i;

	fputs("<code class=\"hx\">", o);
	for (i = 0; i < n; i++) {
		if (i && i % 16 == 0)
			fputs("<wbr>", o);
		fprintf(o, "%02x", b[i]);
	}
	fputs("</code>", o);
}

/* ---- words of the page ---------------------------------------------------- */

static const char *
verdict_word(const hw *h, tw_verdict v, int rejected)
{
	if (rejected && v == TW_V_MISMATCH)
		return T("✗ REJECTED", "✗ 已拒绝");
	switch (v) {
	case TW_V_OK: return T("✓ verified", "✓ 已验证");
	case TW_V_MISMATCH: return T("✗ MISMATCH", "✗ 不一致");
	case TW_V_NA: return T("not applicable", "不适用");
	default: return T("? not computed", "? 未能计算");
	}
}

static const char *
verdict_class(tw_verdict v)
{
	return v == TW_V_OK ? "ok" : v == TW_V_MISMATCH ? "bad" : "miss";
}

static void
verdict(const hw *h, tw_verdict v, int rejected)
{
	fprintf(h->o, "<span class=\"v %s\">%s</span>", verdict_class(v),
		verdict_word(h, v, rejected));
}

static const char *
stage_short(const hw *h, tw_stage s)
{
	switch (s) {
	case TW_STAGE_TCP: return T("1 TCP handshake", "1 TCP 的 3 次握手");
	case TW_STAGE_TLS: return h->m->t13.present ? T("2 TLS 1.3 handshake", "2 TLS 1.3 的连接")
		: T("2 TLS 1.2 handshake", "2 TLS 1.2 的连接");
	case TW_STAGE_HTTP: return T("3 HTTP, encrypted", "3 加密的 HTTP");
	default: return T("Closing", "关闭连接");
	}
}

static const char *const stage_ids[] = {
	"", "stage-tcp", "stage-tls", "stage-http", "stage-close"
};

/* ---- lessons ------------------------------------------------------------- */

static void
rendered(const hw *h, const char *text)
{
	char *t = tw_lessons_render(h->l, text, h->m);

	esc(h->o, t ? t : text);
	free(t);
}

/* The body: paragraphs between blank lines, its lines kept as written. */
static void
body(const hw *h, const char *text)
{
	char *t = tw_lessons_render(h->l, text, h->m);
	const char *p = t ? t : text, *nl;
	int open = 0;

	while (*p) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl == p) {
			if (open)
				fputs("</p>\n", h->o);
			open = 0;
		} else {
			fputs(open ? "<br>\n" : "<p>", h->o);
			open = 1;
			esc_n(h->o, p, (size_t)(nl - p));
		}
		p = *nl ? nl + 1 : nl;
	}
	if (open)
		fputs("</p>\n", h->o);
	free(t);
}

/* The entry for id as a heading of tag hN, its bullets and its body;
 * nothing when the set has none. */
static void
lesson(const hw *h, const char *id, int level)
{
	const tw_lesson *ls;
	size_t i;

	if (h->l == NULL || (ls = tw_lessons_pick(h->l, id, h->m)) == NULL)
		return;
	fprintf(h->o, "<h%d class=\"lt\">", level);
	rendered(h, ls->title);
	fprintf(h->o, "</h%d>\n", level);
	if (ls->nbullets) {
		fputs("<ul class=\"bul\">\n", h->o);
		for (i = 0; i < ls->nbullets; i++) {
			fputs("<li>", h->o);
			rendered(h, ls->bullets[i]);
			fputs("</li>\n", h->o);
		}
		fputs("</ul>\n", h->o);
	}
	if (ls->body && ls->body[0])
		body(h, ls->body);
}

/* ---- the ladder ----------------------------------------------------------- */

enum { LW = 480, LX_C = 40, LX_S = 440, ROW_STAGE = 30, ROW_STEP = 40, ROW_NOTE = 26, TOP = 44 };

/* A padlock centred on (x, y): an encrypted message. */
static void
svg_lock(FILE *o, int x, int y)
{
	fprintf(o, "<g class=\"lock\"><rect x=\"%d\" y=\"%d\" width=\"14\" height=\"16\" fill=\"#fff\"/>"
		"<path d=\"M%d %d v-3 a4 4 0 0 1 8 0 v3\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\"/>"
		"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"9\" rx=\"1.5\" fill=\"#333\"/></g>",
		x - 7, y - 9, x - 4, y - 1, x - 6, y - 1);
}

/* The step's arrow row (whose dropped / copied say what the man in the
 * middle did to it: tw_ladder_rows), or NULL. A dropped message never
 * reaches the receiver, so its arrow stops at the attacker; a copied one
 * did reach it, as sent, and it is the copy, drawn from the attacker, that
 * the receiver refused. */
static const tw_lrow *
step_row(const tw_lrow *rows, size_t n, int i)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (rows[k].kind == TW_LROW_STEP && rows[k].step == i)
			return &rows[k];
	return NULL;
}

static int
row_height(const tw_lrow *r)
{
	if (r->kind == TW_LROW_ATTACK && r->copied)
		return ROW_STEP;    /* room for the copy's arrow */
	return r->kind == TW_LROW_STAGE ? ROW_STAGE : r->kind == TW_LROW_STEP ? ROW_STEP : ROW_NOTE;
}

/* An arrow's head at the receiver's x2 (d: the sender's side, -1 left,
 * 1 right), with the receiver's cross above it when its check refused
 * what arrived. */
static void
svg_head(FILE *o, int x2, int ly, int d, int rejected)
{
	fprintf(o, "<polygon points=\"%d,%d %d,%d %d,%d\" class=\"head\"/>",
		x2, ly, x2 + d * 10, ly - 5, x2 + d * 10, ly + 5);
	if (rejected)
		fprintf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"x\">✗</text>",
			x2 + d * 16, ly - 7);
}

static void
ladder(const hw *h)
{
	const tw_model *m = h->m;
	tw_lrow *rows = malloc((TW_MAX_STEPS + 8 + TW_MAX_ATTACK_EVENTS + m->tcp.npkt) * sizeof *rows);
	size_t n, i;
	int y, height;
	char lab[32], title[96];

	if (rows == NULL) {
		fputs(T("<p>(out of memory drawing the ladder)</p>\n", "<p>（内存不足，无法画出时序图）</p>\n"), h->o);
		return;
	}
	n = tw_ladder_rows(m, 0, rows);
	height = TOP + 10;
	for (i = 0; i < n; i++)
		height += row_height(&rows[i]);
	fprintf(h->o, "<svg class=\"ladder\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-label=\"%s\">\n", LW, height,
		T("the connection as a sequence diagram", "连接时序图"));
	/* Who is where, and what the padlock means. */
	fprintf(h->o, "<text x=\"%d\" y=\"18\" class=\"who c\">%s</text>", LX_C, T("Client", "客户端"));
	fprintf(h->o, "<text x=\"%d\" y=\"18\" class=\"who s\" text-anchor=\"end\">%s</text>", LX_S + 20,
		T("Server", "服务器"));
	svg_lock(h->o, LW / 2 - 36, 14);
	fprintf(h->o, "<text x=\"%d\" y=\"18\" class=\"legend\">%s</text>\n", LW / 2 - 24,
		T("sent encrypted", "加密发送"));
	fprintf(h->o, "<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\" class=\"life\"/>"
		"<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\" class=\"life\"/>\n",
		LX_C, LX_C, height - 4, LX_S, LX_S, height - 4);
	y = TOP;
	for (i = 0; i < n; i++) {
		const tw_lrow *r = &rows[i];

		if (r->kind == TW_LROW_STAGE) {
			fprintf(h->o, "<a href=\"#%stw-%s\"><rect x=\"0\" y=\"%d\" width=\"%d\" height=\"22\" class=\"band\"/>"
				"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"stage\">", h->pfx,
				stage_ids[r->stage], y, LW, LW / 2, y + 16);
			esc(h->o, stage_short(h, r->stage));
			fputs("</text></a>\n", h->o);
		} else if (r->kind == TW_LROW_STEP) {
			const tw_step *st = &m->story.step[r->step];
			int c2s = st->dir == TW_C2S, ly = y + 28;
			int x1 = c2s ? LX_C : LX_S, x2 = c2s ? LX_S : LX_C, d = c2s ? -1 : 1;
			int dropped = r->dropped;
			/* The receiver's check refused what arrived: not a
			 * message that never arrived, nor the original of a
			 * copy (the copy's arrow carries the refusal). */
			int rejected = m->failure.failed && r->step == m->failure.at_step
				&& !dropped && !r->copied;
			const char *cls = dropped ? " dropped" : rejected ? " rejected"
				: m->failure.failed && r->step == m->failure.alert_step ? " alert"
				: c2s ? " c2s" : " s2c";

			fprintf(h->o, "<a href=\"#%s", h->pfx);
			esc(h->o, st->id);
			fprintf(h->o, "\" class=\"arrow%s\" data-step=\"", cls);
			esc(h->o, st->id);
			fputs("\"><title>", h->o);
			esc(h->o, tw_step_label_lang(st, 0, h->zh, lab, sizeof lab));
			fputc(' ', h->o);
			esc(h->o, tw_step_name(st, h->zh));
			fprintf(h->o, " — %s</title>", c2s ? T("client → server", "客户端 → 服务器")
				: T("server → client", "服务器 → 客户端"));
			fprintf(h->o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"hit\"/>",
				LX_C, y, LX_S - LX_C, ROW_STEP);
			fprintf(h->o, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"lbl\">",
				LW / 2, y + 20);
			/* as the terminal's ladder says it: "HTTP 1 request" */
			tw_ui_step_title(st, 0, h->zh, title, sizeof title);
			esc(h->o, title);
			fputs("</text>", h->o);
			if (dropped)
				/* Sent, and lost on the path: the line ends at
				 * the attacker, with no head at the receiver. */
				fprintf(h->o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"msg\"/>"
					"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"x\">✗</text>",
					x1, ly, LW / 2, ly, LW / 2, ly + 5);
			else {
				fprintf(h->o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"msg\"/>",
					x1, ly, x2 + d * 9, ly);
				svg_head(h->o, x2, ly, d, rejected);
			}
			/* On the line near the sender, clear of the centred label. */
			if (tw_ui_step_encrypted(m, r->step))
				svg_lock(h->o, x1 - d * 40, ly);
			fputs("</a>\n", h->o);
		} else if (r->kind == TW_LROW_FAIL) {
			/* No arrow: nothing was sent; the side that stopped, and
			 * how, or, when the attacker dropped what it waited
			 * for, that it never got it. */
			const tw_lrow *at = step_row(rows, n, m->failure.at_step);
			int c = r->dir == TW_C2S;
			fprintf(h->o, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"fail\">✗ %s</text>\n",
				c ? LX_C + 6 : LX_S - 6, y + 17, c ? "start" : "end",
				at != NULL && at->dropped ? T("never receives it", "始终没有收到")
				: m->failure.alert_step >= 0 ? T("stops here", "在此停止")
				: T("stops, no alert", "停止，未发警报"));
		} else if (r->kind == TW_LROW_ATTACK) {
			const tw_step *st = &m->story.step[r->step];

			fprintf(h->o, "<g class=\"attack\"><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"fail\">⚠ %s</text>",
				LW / 2, y + 17, tw_ui_attack_words(m, h->zh));
			if (r->copied) {
				/* The copy, from the attacker to the receiver. */
				int c2s = st->dir == TW_C2S, ly = y + 30;
				int x2 = c2s ? LX_S : LX_C, d = c2s ? -1 : 1;
				fprintf(h->o, "<g class=\"copy\"><title>%s</title>"
					"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"msg\"/>",
					T("the attacker's copy", "攻击者发出的副本"), LW / 2, ly, x2 + d * 9, ly);
				svg_head(h->o, x2, ly, d, m->failure.failed && r->step == m->failure.at_step);
				if (tw_ui_step_encrypted(m, r->step))
					svg_lock(h->o, LW / 2 - d * 30, ly);
				fputs("</g>", h->o);
			}
			fputs("</g>\n", h->o);
		}
		y += row_height(r);
	}
	fputs("</svg>\n", h->o);
	free(rows);
}

/* ---- one step --------------------------------------------------------------- */

static void
field_tree(const hw *h, const tw_field *f, const char **seen, size_t *nseen)
{
	const tw_lesson *ls;
	size_t i;
	int first = 1;

	fputs("<li>", h->o);
	fprintf(h->o, "<span class=\"fn%s\">", f->undecoded ? " undec" : "");
	esc(h->o, f->label ? f->label : f->id);
	fputs("</span>", h->o);
	if (f->value) {
		fputs(": <span class=\"fv\">", h->o);
		esc(h->o, tw_field_value(f, h->zh));
		fputs("</span>", h->o);
	}
	if (f->len)
		fprintf(h->o, T(" <span class=\"br\">bytes %zu–%zu (%zu)</span>",
			" <span class=\"br\">字节 %zu–%zu（共 %zu）</span>"), f->off, f->off + f->len - 1, f->len);
	else
		fprintf(h->o, T(" <span class=\"br\">0 bytes at %zu</span>",
			" <span class=\"br\">位于 %zu，0 字节</span>"), f->off);
	/* Its explanation once per id within a step, as the dump gives it. */
	for (i = 0; i < *nseen; i++)
		if (strcmp(seen[i], f->id) == 0)
			first = 0;
	if (first && h->l != NULL && (ls = tw_lessons_pick(h->l, f->id, h->m)) != NULL
		&& (ls->nbullets || (ls->body && ls->body[0]))) {
		fputs("<div class=\"fl\">", h->o);
		for (i = 0; i < ls->nbullets; i++) {
			fputs(i ? " " : "", h->o);
			rendered(h, ls->bullets[i]);
		}
		if (ls->body && ls->body[0]) {
			fputs(ls->nbullets ? " " : "", h->o);
			rendered(h, ls->body);
		}
		fputs("</div>", h->o);
		if (*nseen < 512)
			seen[(*nseen)++] = f->id;
	}
	if (f->nchild) {
		fputs("\n<ul>\n", h->o);
		for (i = 0; i < f->nchild; i++)
			field_tree(h, &f->child[i], seen, nseen);
		fputs("</ul>", h->o);
	}
	fputs("</li>\n", h->o);
}

/* The bytes as the dump shows them (offset, 16 bytes, ASCII), the ASCII
 * column in its own span so a phone-width screen can leave it out, and
 * the second 8 bytes of a full row in theirs, so that it can go under the
 * first rather than past the screen's edge. The row's newline is the
 * ASCII span's last character: a phone hides it with the column, where
 * the second half's own block already ends the row. */
static void
hexdump(const hw *h, const uint8_t *b, size_t n)
{
	char *text = NULL, *p, *nl;
	size_t len = 0, off = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		return;
	tw_dump_hex(mem, b, n, "");
	if (fclose(mem) != 0) {
		free(text);
		return;
	}
	fputs("<pre class=\"hex\">", h->o);
	for (p = text; *p && (nl = strchr(p, '\n')) != NULL; p = nl + 1, off += 16) {
		size_t k = n - off < 16 ? n - off : 16, ll = (size_t)(nl - p);
		size_t cut = ll >= k + 2 ? ll - k - 2 : ll;    /* " |" + k characters + "|" */
		const char *gap = strstr(p, "  ");
		/* "OFFSET  " then 8 bytes of "xx " and a space: the second half. */
		size_t half = gap && gap < p + cut ? (size_t)(gap - p) + 2 + 8 * 3 + 1 : cut;

		if (k == 16 && half < cut) {
			esc_n(h->o, p, half);
			fputs("<span class=\"h2\">", h->o);
			esc_n(h->o, p + half, cut - half);
			fputs("</span>", h->o);
		} else
			esc_n(h->o, p, cut);
		fputs("<span class=\"asc\">", h->o);
		esc_n(h->o, p + cut, ll - cut);
		fputs("\n</span>", h->o);
	}
	fputs("</pre>\n", h->o);
	free(text);
}

static void
step_link(const hw *h, int s, const char *text)
{
	if (s < 0) {
		esc(h->o, text);
		return;
	}
	fprintf(h->o, "<a href=\"#%s", h->pfx);
	esc(h->o, h->m->story.step[s].id);
	fputs("\">", h->o);
	esc(h->o, text);
	fputs("</a>", h->o);
}

/* Bytes cut into the line's named parts (a PRF seed, the key block), each
 * in its hue's colour, then the parts' names in the same colours: the
 * model cut them (secrets.c), this only paints them. */
static void
parts(const hw *h, const uint8_t *b, size_t n, const tw_sline *l)
{
	size_t i;

	for (i = 0; i < l->npart; i++) {
		const tw_spart *pt = &l->part[i];
		if (pt->off + pt->len > n)
			break;
		fprintf(h->o, "<span class=\"part hue%d\">", (int)pt->hue);
		hex_run(h->o, b + pt->off, pt->len);
		fputs("</span> ", h->o);
	}
	fputs("<br><span class=\"parts\">", h->o);
	for (i = 0; i < l->npart; i++) {
		const tw_spart *pt = &l->part[i];
		fprintf(h->o, "%s<span class=\"part hue%d\">", i ? " ‖ " : "", (int)pt->hue);
		esc(h->o, h->zh ? pt->zh : pt->en);
		fprintf(h->o, T(" <small>[%zu+%zu]</small>", " <small>[%zu+%zu]</small>"), pt->off, pt->len);
		fputs("</span>", h->o);
	}
	fputs("</span>", h->o);
}

/* A PRF computation, its seed cut into the parts the model named. */
static void
prf(const hw *h, const tw_sline *l)
{
	const tw_prf_trace *t = l->prf;
	size_t i;
	char lab[64];

	fprintf(h->o, "<div class=\"prf\"><p>PRF = P_SHA%d(%s, \"", t->hash,
		tw_term(strcmp(t->label, "master secret") == 0 ? TW_T_PRE_MASTER_SECRET
		: TW_T_MASTER_SECRET, h->zh));
	esc(h->o, t->label);
	fprintf(h->o, T("\" ‖ seed), %zu bytes from %zu HMAC block%s:</p>\n",
		"\" ‖ 种子)，%zu 字节，来自 %zu 个 HMAC 块%s：</p>\n"), t->out_len, t->nblocks,
		h->zh ? "" : t->nblocks > 1 ? "s" : "");
	fputs("<table class=\"kv\">\n", h->o);
	fprintf(h->o, "<tr><th>%s</th><td>", T("label ‖ seed", "标签 ‖ 种子"));
	if (l->npart)
		parts(h, t->seed, t->seed_len, l);
	else
		hex_run(h->o, t->seed, t->seed_len);
	fputs("</td></tr>\n", h->o);
	for (i = 0; i < t->nblocks; i++) {
		snprintf(lab, sizeof lab, "A(%zu)", i + 1);
		fprintf(h->o, "<tr><th>%s</th><td>", lab);
		hex_run(h->o, t->A[i], t->hlen);
		fprintf(h->o, T("</td></tr>\n<tr><th>P(%zu) = HMAC(A(%zu) ‖ seed)</th><td>",
			"</td></tr>\n<tr><th>P(%zu) = HMAC(A(%zu) ‖ 种子)</th><td>"), i + 1, i + 1);
		hex_run(h->o, t->P[i], t->hlen);
		fputs("</td></tr>\n", h->o);
	}
	fprintf(h->o, "<tr><th>%s</th><td>", T("output", "输出"));
	hex_run(h->o, t->out, t->out_len);
	fputs("</td></tr>\n</table></div>\n", h->o);
}

/* The messages a hash covers, each linked to its step, with the total. */
static void
msgs(const hw *h, const tw_sline *l)
{
	size_t i;
	char buf[128];

	fputs("<ol class=\"msgs\">\n", h->o);
	for (i = 0; i < l->nmsg; i++) {
		const tw_smsg *mg = &l->msg[i];
		const char *nm = tw_name_handshake(mg->type);
		fputs("<li>", h->o);
		if (mg->step >= 0)
			step_link(h, mg->step, nm ? nm : "?");
		else
			esc(h->o, nm ? nm : "?");
		snprintf(buf, sizeof buf, T(", %s, %zu bytes%s", "，%s，%zu 字节%s"),
			tw_term(mg->dir == TW_C2S ? TW_T_CLIENT : TW_T_SERVER, h->zh), mg->len,
			mg->decrypted ? T(" (its decrypted plaintext)", "（解密后的明文）") : "");
		esc(h->o, buf);
		fputs("</li>\n", h->o);
	}
	fputs("</ol>\n", h->o);
	fprintf(h->o, T("<p>total hashed: %zu bytes</p>\n", "<p>共 %zu 字节计入摘要</p>\n"), l->msg_total);
}

/* One item of the model's list of secrets, every line of it. */
static void
secret(const hw *h, const tw_secret *it)
{
	size_t i;

	fprintf(h->o, "<div class=\"secret\" id=\"%stw-secret-", h->pfx);
	esc(h->o, it->id);
	fputs("\"><h5>", h->o);
	esc(h->o, h->zh ? it->title_zh : it->title_en);
	fputs("</h5>\n", h->o);
	for (i = 0; i < it->nline; i++) {
		const tw_sline *l = &it->line[i];
		const char *t = h->zh ? l->zh : l->en;

		switch (l->kind) {
		case TW_SL_TEXT:
			fputs("<p>", h->o);
			esc(h->o, t);
			fputs("</p>\n", h->o);
			break;
		case TW_SL_HEX:
			if (l->as_text) {
				fputs("<p>", h->o);
				esc(h->o, t);
				fprintf(h->o, T(" (%zu bytes):</p>\n", "（%zu 字节）：</p>\n"), l->len);
				fputs("<pre class=\"text\">", h->o);
				esc_bytes(h->o, l->bytes, l->len);
				fputs("</pre>\n", h->o);
			} else {
				fprintf(h->o, "<p class=\"hexline\"><span class=\"k%s\">",
					l->hue ? " hued" : "");
				if (l->hue)
					fprintf(h->o, "<span class=\"part hue%d\">", (int)l->hue);
				esc(h->o, t);
				fputs(l->hue ? "</span></span> " : "</span> ", h->o);
				if (l->npart)
					parts(h, l->bytes, l->len, l);
				else
					hex_run(h->o, l->bytes, l->len);
				fputs("</p>\n", h->o);
			}
			break;
		case TW_SL_CHECK:
			fputs("<p class=\"check\">", h->o);
			esc(h->o, t);
			fputs(": ", h->o);
			verdict(h, l->v, l->rejected);
			fputs("</p>\n", h->o);
			break;
		case TW_SL_PRF:
			prf(h, l);
			break;
		case TW_SL_MSGS:
			fputs("<p>", h->o);
			esc(h->o, t);
			fputs(":</p>\n", h->o);
			msgs(h, l);
			break;
		}
	}
	fputs("</div>\n", h->o);
}

/* Text a function of the dump prints, as a <pre>. */
static void
dump_text(const hw *h, void (*fn)(FILE *, const tw_model *, const tw_step *, int),
	void (*sum)(FILE *, const tw_model *, int), const tw_step *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		return;
	if (fn)
		fn(mem, h->m, st, h->zh);
	else
		sum(mem, h->m, h->zh);
	if (fclose(mem) == 0 && len > 0) {
		fputs("<pre class=\"text\">", h->o);
		esc_n(h->o, text, len);
		fputs("</pre>\n", h->o);
	}
	free(text);
}

static void
step_secrets(const hw *h, size_t i)
{
	const tw_model *m = h->m;
	size_t k;
	int any = 0;

	if (m->t13.present) {
		dump_text(h, tw_dump13_step, NULL, &m->story.step[i]);
		return;
	}
	for (k = 0; k < m->secrets.n; k++) {
		const tw_secret *it = &m->secrets.item[k];
		if (it->step != (int)i)
			continue;
		if (!any)
			fprintf(h->o, "<h4>%s</h4>\n", T("Known now", "此时已知"));
		any = 1;
		secret(h, it);
	}
}

/* Who knows what after step i: the client, the server and an eavesdropper
 * on the path, as the terminal's w view shows it (knows.c decides; this
 * only lays it out). What the step taught is marked +, what the
 * eavesdropper lacks ✗. A TLS 1.3 capture gets knows.c's sentence. */
static void
step_knows(const hw *h, size_t i)
{
	const tw_knows *k = h->k;
	char how[96];
	size_t f;
	int p, lacks = 0;

	/* One block, so that print keeps the heading, the table and its
	 * notes on one page. */
	fprintf(h->o, "<div class=\"wkw\">\n<h4>%s</h4>\n", T("Who knows what after this step", "这一步之后谁知道什么"));
	if (k->tls13) {
		fprintf(h->o, "<p class=\"note\">%s</p>\n</div>\n", tw_knows_tls13_note(h->zh));
		return;
	}
	fputs("<table class=\"knows\"><tr>", h->o);
	for (p = 0; p < TW_PARTIES; p++) {
		fputs("<th>", h->o);
		esc(h->o, tw_knows_party((tw_party)p, h->zh));
		fputs("</th>", h->o);
	}
	fputs("</tr>\n<tr>", h->o);
	for (p = 0; p < TW_PARTIES; p++) {
		fputs("<td><ul>", h->o);
		for (f = 0; f < k->n; f++) {
			const tw_know_fact *kf = &k->fact[f];
			int isnew = tw_knows_new(kf, (tw_party)p, (int)i);

			if (!tw_knows_has(kf, (tw_party)p, (int)i) && !isnew)
				continue;
			fprintf(h->o, "<li%s>%s", isnew ? " class=\"new\"" : "", isnew ? "+ " : "");
			esc(h->o, h->zh ? kf->zh : kf->en);
			fputs(" <span class=\"how\">", h->o);
			esc(h->o, tw_knows_how_text(h->m, kf, (tw_party)p, h->zh, 0, 0, how, sizeof how));
			fputs("</span></li>", h->o);
		}
		if (p == TW_PARTY_EVE)
			for (f = 0; f < k->n; f++)
				if (tw_knows_lacks(&k->fact[f], (int)i)) {
					fprintf(h->o, "<li class=\"lacks\">✗ ");
					esc(h->o, h->zh ? k->fact[f].zh : k->fact[f].en);
					fputs("</li>", h->o);
					lacks = 1;
				}
		fputs("</ul></td>", h->o);
	}
	fputs("</tr></table>\n", h->o);
	if (lacks)
		fprintf(h->o, "<p class=\"note\">%s</p>\n", T("+ learned at this step · ✗ what the eavesdropper lacks",
			"+ 这一步新知道的 · ✗ 窃听者缺少的"));
	if (tw_knows_later_note(k, h->zh) != NULL) {
		fputs("<p class=\"note\">", h->o);
		esc(h->o, tw_knows_later_note(k, h->zh));
		fputs("</p>\n", h->o);
	}
	fputs("</div>\n", h->o);
}

static void
step(const hw *h, size_t i)
{
	const tw_model *m = h->m;
	const tw_step *st = &m->story.step[i];
	char lab[32];
	int enc = tw_ui_step_encrypted(m, (int)i);

	fprintf(h->o, "<section class=\"step\" id=\"%s", h->pfx);
	esc(h->o, st->id);
	fputs("\">\n<h3>", h->o);
	esc(h->o, tw_step_label_lang(st, 0, h->zh, lab, sizeof lab));
	fputc(' ', h->o);
	esc(h->o, tw_step_name(st, h->zh));
	fputs(" <span class=\"sid\">[", h->o);
	esc(h->o, st->id);
	fputs("]</span></h3>\n<p class=\"meta\">", h->o);
	fprintf(h->o, T("%s, %zu bytes", "%s，%zu 字节"), st->dir == TW_C2S
		? T("client → server", "客户端 → 服务器") : T("server → client", "服务器 → 客户端"), st->len);
	if (enc)
		fputs(T(", sent encrypted", "，加密发送"), h->o);
	if (st->kind == TW_STEP_TLS) {
		const char *side = st->dir == TW_C2S ? T("client", "客户端") : T("server", "服务器");
		if (h->zh)
			fprintf(h->o, "；TLS，%s字节流的偏移 %zu", side, st->stream_off);
		else
			fprintf(h->o, "; TLS, offset %zu of the %s stream", st->stream_off, side);
		if (st->pkt_count > 1)
			fprintf(h->o, T(", TCP segments %d–%d", "，TCP 报文段 %d–%d"), st->pkt_first + 1,
				st->pkt_first + st->pkt_count);
		else if (st->pkt_count == 1)
			fprintf(h->o, T(", TCP segment %d", "，TCP 报文段 %d"), st->pkt_first + 1);
	} else
		fprintf(h->o, T("; IPv%d packet, TCP segment %d", "；IPv%d 数据包，TCP 报文段 %d"),
			m->tcp.cap.ip_version == 6 ? 6 : 4, st->pkt_first + 1);
	fprintf(h->o, " · <a href=\"#%stw-ladder\">", h->pfx);
	fputs(T("↑ ladder", "↑ 时序图"), h->o);
	fputs("</a></p>\n", h->o);
	if (m->failure.failed && (int)i == m->failure.at_step) {
		fputs("<p class=\"banner\">", h->o);
		esc(h->o, h->zh ? m->failure.banner_zh : m->failure.banner_en);
		fputs("</p>\n", h->o);
	}
	fprintf(h->o, "<div class=\"explain\">\n");
	lesson(h, st->id, 4);
	fputs("</div>\n", h->o);
	fprintf(h->o, "<h4>%s</h4>\n<ul class=\"tree\">\n", T("Fields", "字段"));
	{
		const char *seen[512];
		size_t nseen = 0;
		field_tree(h, &m->tree[i], seen, &nseen);
	}
	fputs("</ul>\n", h->o);
	fprintf(h->o, "<h4>%s</h4>\n", T("Bytes", "字节"));
	hexdump(h, st->bytes, st->len);
	step_secrets(h, i);
	step_knows(h, i);
	fputs("</section>\n", h->o);
}

/* ---- a connection ----------------------------------------------------------- */

/* Every checked item, one verdict each; the records counted together. */
static void
summary(const hw *h)
{
	const tw_model *m = h->m;
	size_t i, nrec, okrec;
	tw_verdict rv;

	fprintf(h->o, "<section class=\"summary\" id=\"%stw-summary\">\n<h2>%s</h2>\n", h->pfx,
		T("Summary of the checks", "检查结果汇总"));
	if (m->t13.present) {
		dump_text(h, NULL, tw_dump13_summary, NULL);
		fputs("</section>\n", h->o);
		return;
	}
	fputs("<table class=\"sum\">\n", h->o);
	for (i = 0; i < m->secrets.n; i++) {
		const tw_secret *it = &m->secrets.item[i];
		if (it->only_here || it->v == TW_V_NA)
			continue;
		fputs("<tr><td>", h->o);
		esc(h->o, h->zh ? it->title_zh : it->title_en);
		fputs("</td><td>", h->o);
		verdict(h, it->v, 0);
		fputs("</td></tr>\n", h->o);
	}
	rv = tw_secrets_records(&m->secrets, &nrec, &okrec);
	if (nrec) {
		fprintf(h->o, T("<tr><td>records opened: %zu of %zu</td><td>",
			"<tr><td>已解密的记录：%zu / %zu</td><td>"), okrec, nrec);
		verdict(h, rv, 0);
	} else {
		/* "0 of 0" would hide which: none was sent, or none
		 * could be opened (a capture without its keys). */
		for (i = 0; i < m->story.nstep && !tw_ui_step_encrypted(m, (int)i); i++)
			;
		fprintf(h->o, "<tr><td>%s</td><td>", i < m->story.nstep
			? T("encrypted records: none opened", "加密记录：一条也没有解密")
			: T("encrypted records: none was sent", "加密记录：一条也没有发送"));
		verdict(h, i < m->story.nstep ? TW_V_MISSING : TW_V_NA, 0);
	}
	fputs("</td></tr>\n</table>\n</section>\n", h->o);
}

static void
connection(const hw *hc)
{
	const tw_model *m = hc->m;
	size_t i;
	tw_stage shown = 0;
	tw_knows k;
	hw hk = *hc;
	const hw *h = &hk;

	tw_knows_build(m, &k);
	hk.k = &k;

	fprintf(h->o, "<section class=\"ladder\" id=\"%stw-ladder\">\n<h2>%s</h2>\n", h->pfx,
		T("The connection, message by message", "连接时序：逐条报文"));
	fprintf(h->o, "<p class=\"note\">%s</p>\n", T("Client on the left, server on the right; each arrow is a step and links to it.",
		"左边是客户端，右边是服务器；每个箭头是一步，点击可跳到该步。"));
	ladder(h);
	fputs("</section>\n", h->o);
	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];

		if (st->stage != shown) {
			if (shown)
				fputs("</section>\n", h->o);
			fprintf(h->o, "<section class=\"stage\" id=\"%stw-%s\">\n", h->pfx, stage_ids[st->stage]);
			/* The stage's lesson title is its heading; the short name
			 * of the ladder when the lessons have none. */
			if (h->l == NULL || tw_lessons_pick(h->l, stage_ids[st->stage], m) == NULL) {
				fputs("<h2>", h->o);
				esc(h->o, stage_short(h, st->stage));
				fputs("</h2>\n", h->o);
			}
			fputs("<div class=\"explain\">\n", h->o);
			lesson(h, stage_ids[st->stage], 2);
			fputs("</div>\n", h->o);
			shown = st->stage;
		}
		step(h, i);
	}
	if (shown)
		fputs("</section>\n", h->o);
	summary(h);
}

/* ---- the page --------------------------------------------------------------- */

static void
dt(const hw *h, const char *en, const char *zh)
{
	fprintf(h->o, "<dt>%s</dt><dd>", T(en, zh));
}

static void
title_block(const hw *h)
{
	const tw_model *m = h->m;
	char buf[4096];
	struct tm tm;
	const char *nm;

	fprintf(h->o, "<header id=\"tw-title\">\n<h1>%s</h1>\n<dl class=\"facts\">\n",
		T("tlswalk — an HTTPS connection, step by step", "tlswalk — 一次 HTTPS 连接，逐步讲解"));
	dt(h, "Server name", "服务器名称");
	esc(h->o, m->host[0] ? m->host : T("(none: no SNI)", "（无：没有 SNI）"));
	fputs("</dd>\n", h->o);
	if (m->path[0] && m->source != TW_SOURCE_CAPTURE) {
		dt(h, "Request path", "请求路径");
		fputs("<code>", h->o);
		esc(h->o, m->path);
		fputs("</code></dd>\n", h->o);
	}
	dt(h, "Source", "来源");
	switch (m->source) {
	case TW_SOURCE_ENGINES:
		fputs(T("tlswalk's BearSSL client and server, inside one process",
			"tlswalk 内置的 BearSSL 客户端与服务器，在同一个进程内"), h->o);
		break;
	case TW_SOURCE_LISTEN:
		fputs(T("a real client connected to tlswalk's server (--listen)",
			"真实的客户端连接到 tlswalk 的服务器（--listen）"), h->o);
		break;
	case TW_SOURCE_CONNECT:
		fputs(T("tlswalk's client connected to a real server (--connect)",
			"tlswalk 的客户端连接到真实的服务器（--connect）"), h->o);
		break;
	case TW_SOURCE_CAPTURE:
		fputs(T("the capture ", "抓包文件 "), h->o);
		esc(h->o, m->source_name);
		break;
	}
	fputs("</dd>\n", h->o);
	dt(h, "Endpoints", "两端地址");
	if (m->source == TW_SOURCE_CAPTURE)
		tw_capture_endpoints(m, buf, sizeof buf);
	else
		snprintf(buf, sizeof buf, T("client %u.%u.%u.%u:%u  <->  server %u.%u.%u.%u:%u",
			"客户端 %u.%u.%u.%u:%u  <->  服务器 %u.%u.%u.%u:%u"),
			m->tcp.client_ip[0], m->tcp.client_ip[1], m->tcp.client_ip[2], m->tcp.client_ip[3],
			m->tcp.client_port, m->tcp.server_ip[0], m->tcp.server_ip[1],
			m->tcp.server_ip[2], m->tcp.server_ip[3], m->tcp.server_port);
	fputs("<code>", h->o);
	esc(h->o, buf);
	fputs("</code></dd>\n", h->o);
	dt(h, "Cipher suite", "加密组件");
	if (m->t13.present) {
		nm = tw_tls13_suite_name(m->t13.suite);
		fprintf(h->o, "%s (0x%04x)", nm ? nm : "?", m->t13.suite);
	} else if (m->hs.suite) {
		nm = tw_name_suite(m->hs.suite);
		fprintf(h->o, "%s (0x%04x)", nm ? nm : "?", m->hs.suite);
	} else
		fputs(T("none: the server chose none", "无：服务器没有选定加密组件"), h->o);
	fputs("</dd>\n", h->o);
	dt(h, "Key-exchange group", "密钥交换组");
	if (m->t13.present)
		fputs(T("in the key_share extensions of the ClientHello and the ServerHello",
			"见 ClientHello 与 ServerHello 的 key_share 扩展"), h->o);
	else if (m->hs.have_ske) {
		nm = tw_name_group(m->hs.curve);
		fprintf(h->o, "%s (0x%04x)", nm ? nm : "?", m->hs.curve);
	} else
		fputs(T("none: no ServerKeyExchange in this handshake",
			"无：这次握手没有 ServerKeyExchange"), h->o);
	fputs("</dd>\n", h->o);
	if (m->source == TW_SOURCE_ENGINES) {
		dt(h, "Seed", "种子");
		fprintf(h->o, "%" PRIu64 "%s</dd>\n", m->seed, m->seeded ? ""
			: T(" (drawn: run with --seed to repeat every byte)", "（随机抽取：用 --seed 可重现每个字节）"));
	}
	dt(h, "Clock of the certificate checks", "证书检查使用的时钟");
	gmtime_r(&m->now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
	fputs(buf, h->o);
	if (m->source == TW_SOURCE_ENGINES && m->seeded)
		fputs(T(" (fixed by --seed)", "（由 --seed 固定）"), h->o);
	fputs("</dd>\n", h->o);
	dt(h, "Outcome", "结果");
	if (m->failure.failed) {
		fputs("<span class=\"banner\">", h->o);
		esc(h->o, h->zh ? m->failure.banner_zh : m->failure.banner_en);
		fputs("</span>", h->o);
	} else if (!m->wire_ok) {
		fputs(T("did not complete: ", "未完成："), h->o);
		esc(h->o, m->wire_err.msg);
	} else
		fputs(T("completed", "已完成"), h->o);
	fputs("</dd>\n", h->o);
	if (m->next) {
		dt(h, "Connections", "连接数");
		fputs(m->next->compared ? T("2: the second is the same exchange with ECDHE",
			"2：第二个是改用 ECDHE 的同样交换")
			: T("2: the second resumes the first's session", "2：第二个恢复第一个的会话"), h->o);
		fputs(" · <a href=\"#c2-tw-ladder\">", h->o);
		fputs(T("go to connection 2", "跳到连接 2"), h->o);
		fputs("</a></dd>\n", h->o);
	}
	fputs("</dl>\n", h->o);
	if (m->source == TW_SOURCE_CAPTURE) {
		tw_capture_notes(m, buf, sizeof buf);
		if (buf[0]) {
			if (h->zh)
				fputs("<p class=\"note\">抓包说明（英文）：</p>\n", h->o);
			fputs("<pre class=\"text\">", h->o);
			esc(h->o, buf);
			fputs("</pre>\n", h->o);
		}
	}
	fputs("</header>\n", h->o);
}

/* Light colours only, so print and a projector read the same; narrow
 * screens drop the ASCII column of the bytes; print starts each stage on
 * a new page. */
static const char css[] =
":root{color-scheme:light}\n"
"body{font-family:system-ui,\"Noto Sans CJK SC\",\"Noto Sans SC\",\"WenQuanYi Micro Hei\",sans-serif;"
"max-width:62rem;margin:0 auto;padding:1rem;line-height:1.5;color:#111;background:#fff}\n"
"pre,code{font-family:ui-monospace,\"DejaVu Sans Mono\",\"Noto Sans Mono CJK SC\",monospace}\n"
"p,li,dd,td{overflow-wrap:anywhere}table.kv,table.sum{display:block;overflow-x:auto;max-width:100%}\n"
"h1{font-size:1.6rem}h2{border-bottom:2px solid #446;margin-top:2.5rem}\n"
"h3{background:#eef;padding:.3rem .5rem;margin-bottom:.2rem}h4{margin:.8rem 0 .3rem}\n"
"h5{margin:.6rem 0 .2rem;font-size:1rem}\n"
".sid{font-weight:normal;color:#555;font-size:.85em}.meta{color:#444;margin-top:0}\n"
"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:bold}"
"dl.facts dd{margin:0;overflow-wrap:anywhere}\n"
".banner{display:block;border-left:4px solid #b00;background:#fee;padding:.4rem .6rem}\n"
".note{color:#444;font-style:italic}\n"
"svg.ladder{display:block;width:100%;max-width:640px;height:auto;margin:0 auto}\n"
"svg .who{font-weight:bold;font-size:15px}svg .legend{font-size:12px;fill:#444}\n"
"svg .life{stroke:#888;stroke-width:1.5}svg .band{fill:#eef}svg .stage{font-size:14px;font-weight:bold;fill:#224}\n"
"svg .lbl{font-size:16px;fill:#111}svg .msg{stroke-width:2}svg .hit{fill:transparent}\n"
"svg .c2s .msg{stroke:#147}svg .c2s .head{fill:#147}svg .s2c .msg{stroke:#161}svg .s2c .head{fill:#161}\n"
"svg .rejected .msg,svg .alert .msg{stroke:#b00}svg .rejected .head,svg .alert .head{fill:#b00}\n"
"svg .copy .msg,svg .dropped .msg{stroke:#b00}svg .copy .head{fill:#b00}\n"
"svg .rejected .msg,svg .copy .msg,svg .dropped .msg{stroke-dasharray:6 3}svg .x,svg .fail{fill:#b00;font-weight:bold;font-size:14px}\n"
"svg a:hover .lbl{text-decoration:underline}\n"
"ul.tree,ul.tree ul{list-style:none;padding-left:1.1rem;margin:0}ul.tree{padding-left:0}\n"
"ul.tree li{margin:.1rem 0}.fn{font-weight:600}.fn.undec{color:#b00}.fv{overflow-wrap:anywhere}\n"
".br{color:#666;font-size:.85em;white-space:nowrap}.fl{color:#555;font-size:.85em;margin-left:.5rem}\n"
"pre.hex,pre.text{background:#f5f5f5;border:1px solid #ddd;padding:.5rem;overflow-x:auto;font-size:.85rem}\n"
"pre.text{white-space:pre-wrap;overflow-wrap:anywhere}\n"
".secret{border-left:3px solid #99c;padding-left:.6rem;margin:.6rem 0}\n"
".hexline .k{display:block;color:#333}code.hx{overflow-wrap:anywhere;word-break:break-all;font-size:.85rem}\n"
"table.kv{border-collapse:collapse;font-size:.9rem}table.kv th{text-align:left;padding-right:.6rem;vertical-align:top;font-weight:normal;color:#444}\n"
/* Each hue also has its own underline, so that the parts of a seed and
 * the slices of the key block stay apart in grayscale: solid for the
 * client's, dashed for the server's, double for the handshake hash. */
".part{padding:0 .1rem;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
".hue2,.hue5,.hue7,.hue9{border-bottom:2px solid #393}.hue3,.hue6,.hue8,.hue10{border-bottom:2px dashed #939}"
".hue4{border-bottom:3px double #399}\n"
".hue1{background:#fde7c8}.hue2{background:#d8f0d4}.hue3{background:#f6d8f0}.hue4{background:#d4eef2}"
".hue5,.hue7,.hue9{background:#dff5d6}.hue6,.hue8,.hue10{background:#f8e0f2}.hue7,.hue8{font-weight:600}"
".hue9,.hue10{font-style:italic}\n"
"table.knows{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.88rem}"
"table.knows th,table.knows td{border:1px solid #ccd;padding:.2rem .4rem;vertical-align:top;text-align:left}"
"table.knows ul{list-style:none;padding:0;margin:0}table.knows .new{font-weight:bold;color:#147}"
"table.knows .lacks{color:#b00}table.knows .how{color:#666;font-size:.85em}\n"
".v.ok{color:#060;font-weight:bold}.v.bad{color:#b00;font-weight:bold}.v.miss{color:#850}\n"
"table.sum td{padding:.15rem .6rem;border-bottom:1px solid #ddd}\n"
"@media (max-width:520px){body{padding:.5rem}.asc{display:none}pre.hex{font-size:.8rem}.h2{display:block;padding-left:6ch}"
"dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}h3{font-size:1.05rem}}\n"
"@media print{body{max-width:none;font-size:10pt;padding:0}a{color:inherit;text-decoration:none}"
"section.stage,section.summary,section.conn{break-before:page}h2,h3,h4,h5{break-after:avoid}"
".secret,table.kv tr,.hexline,.wkw{break-inside:avoid}"
"pre.hex{orphans:4;widows:4}pre.hex,pre.text{white-space:pre-wrap;overflow:visible}"
"h3,.band{background:none}section.ladder{break-inside:avoid}"
"svg.ladder{width:100%;height:auto;max-height:235mm}}\n";

/* see html.h */
void
tw_html(const tw_model *m, const tw_lessons *l, FILE *out)
{
	hw h = { out, m, l, 0, "", NULL };
	const char *lang = l ? tw_lessons_lang(l) : "en";

	h.zh = strcmp(lang, "zh") == 0;
	fputs("<!DOCTYPE html>\n<html lang=\"", out);
	esc(out, h.zh ? "zh-CN" : lang);
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		/* Nothing may be fetched: no script, no external resource. */
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
		"<title>", out);
	esc(out, h.zh ? "tlswalk 讲义：" : "tlswalk handout: ");
	esc(out, m->host);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	title_block(&h);
	fputs("<section class=\"overview\" id=\"tw-overview\"><div class=\"explain\">\n", out);
	lesson(&h, "overview", 2);
	fputs("</div></section>\n", out);
	connection(&h);
	if (m->next != NULL) {
		hw h2 = h;
		h2.m = m->next;
		h2.pfx = "c2-";
		fprintf(out, "<section class=\"conn\" id=\"c2-tw-conn\">\n<h2>%s</h2>\n<div class=\"explain\">\n",
			m->next->compared
			? (h.zh ? "连接 2/2：同样的交换改用 ECDHE，窃听者也一样"
				: "Connection 2 of 2: the same exchange with ECDHE, and the same eavesdropper")
			: (h.zh ? "连接 2/2：客户端再次连接并恢复会话"
				: "Connection 2 of 2: the client comes back and resumes the session"));
		lesson(&h2, m->next->compared ? "compared-connection" : "resumed-connection", 3);
		fputs("</div>\n</section>\n", out);
		connection(&h2);
	}
	fprintf(out, "<footer><p class=\"note\">%s %s</p></footer>\n</body>\n</html>\n",
		h.zh ? "由 tlswalk 生成，版本" : "Written by tlswalk", PACKAGE_VERSION);
}

/* see html.h */
int
tw_html_write(const tw_model *m, const tw_lessons *l, const char *path, tw_err *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	if (mem == NULL)
		return tw_err_set(e, "--html %s: out of memory writing the page", path);
	tw_html(m, l, mem);
	if (fclose(mem) != 0) {
		free(text);
		return tw_err_set(e, "--html %s: out of memory writing the page", path);
	}
	/* The page holds the session keys: 0600, through a temporary file. */
	rc = tw_out_write("--html", path, text, len, e);
	free(text);
	return rc;
}
