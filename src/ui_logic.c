/*
 * ui_logic.c — layout, navigation, tree rows, hex geometry and text
 * wrapping of the terminal UI, without curses. See ui_logic.h.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "field.h"
#include "ui_logic.h"

/* ---- requests and keys -------------------------------------------------- */

static const struct binding {
	int key;
	const char *name, *ascii_name;
	tw_req req;
} bindings[] = {
#define TW_KEY_ENTRY(key, name, ascii_name, req) { key, name, ascii_name, TW_REQ_##req },
	TW_UI_KEYS(TW_KEY_ENTRY)
#undef TW_KEY_ENTRY
};

static const struct request_help {
	const char *en, *zh;
} request_help[TW_REQ_COUNT] = {
	{ NULL, NULL },
#define TW_REQ_HELP(name, en, zh) { en, zh },
	TW_UI_REQUESTS(TW_REQ_HELP)
#undef TW_REQ_HELP
};

/* see ui_logic.h */
tw_req
tw_ui_key_request(int key)
{
	size_t i;

	if (key >= '0' && key <= '9')
		key = TW_KEY_DIGIT;
	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key)
			return bindings[i].req;
	return TW_REQ_NONE;
}

/* see ui_logic.h */
size_t
tw_ui_help_line(size_t i, int zh, int ascii, char *keys, size_t keys_size,
	const char **help)
{
	size_t k, used = 0;
	tw_req r = (tw_req)(i + 1);

	if (keys_size > 0)
		keys[0] = 0;
	if (r < TW_REQ_COUNT) {
		for (k = 0; k < sizeof bindings / sizeof bindings[0]; k++) {
			const char *nm = ascii ? bindings[k].ascii_name : bindings[k].name;
			int n;
			if (bindings[k].req != r || used >= keys_size)
				continue;
			n = snprintf(keys + used, keys_size - used, "%s%s", used ? ", " : "", nm);
			if (n > 0)
				used += (size_t)n;
		}
		if (help)
			*help = zh ? request_help[r].zh : request_help[r].en;
	}
	return TW_REQ_COUNT - 1;
}

/* ---- layout ------------------------------------------------------------- */

static void
rect(tw_rect *r, int y, int x, int h, int w)
{
	r->y = y;
	r->x = x;
	r->h = h;
	r->w = w;
	r->shown = 1;
}

/* see ui_logic.h */
int
tw_hex_col(int per, size_t b)
{
	int i = (int)(b % (size_t)per);

	return 6 + i * 3 + (i >= 8 ? 1 : 0);
}

/* see ui_logic.h */
int
tw_hex_ascii_col(int per, size_t b)
{
	return tw_hex_col(per, (size_t)per - 1) + 2 + 2 + (int)(b % (size_t)per);
}

/* see ui_logic.h */
int
tw_hex_width(int per)
{
	return tw_hex_ascii_col(per, 0) + per;
}

/* see ui_logic.h */
long
tw_hex_byte_at(int per, int top, int row, int col, size_t len)
{
	size_t b, base;
	int i;

	if (row < 0 || col < 0 || top < 0)
		return -1;
	base = (size_t)(top + row) * (size_t)per;
	for (i = 0; i < per; i++) {
		b = base + (size_t)i;
		if (b >= len)
			break;
		if (col >= tw_hex_col(per, b) && col < tw_hex_col(per, b) + 2)
			return (long)b;
		if (col == tw_hex_ascii_col(per, b))
			return (long)b;
	}
	return -1;
}

/* see ui_logic.h */
void
tw_layout_compute(tw_layout *l, int rows, int cols, tw_pane tab)
{
	int avail, i, lw;

	memset(l, 0, sizeof *l);
	l->rows = rows;
	l->cols = cols;
	l->status_y = rows - 1;
	if (rows < TW_UI_MIN_ROWS || cols < TW_UI_MIN_COLS) {
		l->too_small = 1;
		return;
	}
	avail = rows - 1;
	if (cols >= TW_UI_WIDE_COLS && rows >= TW_UI_WIDE_ROWS) {
		/* Wide: the ladder on the left (it is the list of steps), the
		 * explanation above, the field tree beside (or above) the bytes,
		 * 16 bytes a row, and the secrets below. */
		int rx, rw, eh, rest, hw;

		lw = 36;
		rect(&l->pane[TW_PANE_LADDER], 0, 0, avail, lw);
		rx = lw;
		rw = cols - rx;
		eh = avail * 30 / 100;
		rect(&l->pane[TW_PANE_EXPLAIN], 0, rx, eh, rw);
		rest = avail - eh;
		l->hex_per_row = 16;
		hw = tw_hex_width(16) + 2;
		if (rw - hw >= 40) {
			/* The field tree and its explanation take the whole height
			 * beside the bytes and the secrets. */
			int hh = rest * 45 / 100;
			rect(&l->pane[TW_PANE_FIELDS], eh, rx, rest, rw - hw);
			rect(&l->pane[TW_PANE_HEX], eh, rx + rw - hw, hh, hw);
			rect(&l->pane[TW_PANE_SECRETS], eh + hh, rx + rw - hw, rest - hh, hw);
		} else {
			/* Too narrow for the tree beside 16 bytes a row: the tree
			 * beside the secrets, the bytes below both. */
			int mh = rest * 64 / 100, fw = rw / 2;
			rect(&l->pane[TW_PANE_FIELDS], eh, rx, mh, fw);
			rect(&l->pane[TW_PANE_SECRETS], eh, rx + fw, mh, rw - fw);
			rect(&l->pane[TW_PANE_HEX], eh + mh, rx, rest - mh, rw);
		}
		return;
	}
	l->compact = 1;
	lw = cols >= 100 ? 36 : 30;
	rect(&l->pane[TW_PANE_LADDER], 0, 0, avail, lw);
	for (i = TW_PANE_EXPLAIN; i <= TW_PANE_SECRETS; i++) {
		rect(&l->pane[i], 0, lw, avail, cols - lw);
		l->pane[i].shown = (i == (int)tab);
	}
	if (tab < TW_PANE_EXPLAIN || tab > TW_PANE_SECRETS)
		l->pane[TW_PANE_EXPLAIN].shown = 1;
	l->hex_per_row = cols - lw - 2 >= tw_hex_width(16) ? 16 : 8;
	/* One column is kept for the Fields pane's scroll marks. */
	l->field_hex_per_row = cols - lw - 3 >= tw_hex_width(16) ? 16 : 8;
}

/* see ui_logic.h */
void
tw_layout_tabs(tw_layout *l, const char *const titles[TW_PANE_COUNT])
{
	int x, p;

	if (!l->compact)
		return;
	x = l->pane[TW_PANE_EXPLAIN].x + 1;
	for (p = TW_PANE_EXPLAIN; p <= TW_PANE_SECRETS; p++) {
		l->tab_x[p] = x;
		l->tab_w[p] = tw_ui_width(titles[p], (size_t)-1) + 2;
		x += l->tab_w[p] + 1;
	}
}

/* see ui_logic.h */
void
tw_layout_quiz(const tw_layout *l, int over_ladder, tw_rect *r, int *text_w)
{
	const tw_rect *lad = &l->pane[TW_PANE_LADDER];
	int left = 0;

	/* The questions name the ladder's steps: keep it in view when there
	 * is room. The box touches it, as the panes touch one another; a box
	 * centred in the space left used to leave an empty strip on both sides
	 * of it at 160 columns. */
	if (!over_ladder && lad->shown && l->cols - (lad->x + lad->w) >= 80)
		left = lad->x + lad->w;
	r->x = left;
	r->y = 0;
	r->w = l->cols - left;
	r->h = l->status_y;
	r->shown = 1;
	/* inside the border, one column kept for the scroll marks */
	*text_w = r->w - 4 < TW_QUIZ_TEXT_MAX ? r->w - 4 : TW_QUIZ_TEXT_MAX;
}

/* see ui_logic.h */
int
tw_layout_hit(const tw_layout *l, int y, int x)
{
	int p;

	for (p = 0; p < TW_PANE_COUNT; p++) {
		const tw_rect *r = &l->pane[p];
		if (r->shown && y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w)
			return p;
	}
	return -1;
}

/* see ui_logic.h */
size_t
tw_ui_pane_order(const tw_layout *l, tw_pane *order)
{
	size_t n = 0;
	int p;

	(void)l;      /* the same order in both layouts */
	for (p = 0; p < TW_PANE_COUNT; p++)
		order[n++] = (tw_pane)p;
	return n;
}

/* ---- text --------------------------------------------------------------- */

/* One character of s (at most n bytes): its length in bytes and display
 * width. Invalid bytes and control characters: length 1, width 1. */
static size_t
next_char(const char *s, size_t n, wchar_t *wc_out, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;
	int w;

	memset(&st, 0, sizeof st);
	k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*wc_out = (unsigned char)*s;
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*wc_out = wc;
	*width = w < 0 ? 1 : w;
	return k;
}

/* see ui_logic.h */
int
tw_ui_width(const char *s, size_t n)
{
	size_t i = 0;
	int total = 0, w;
	wchar_t wc;

	if (n == (size_t)-1)
		n = strlen(s);
	while (i < n && s[i]) {
		i += next_char(s + i, n - i, &wc, &w);
		total += w;
	}
	return total;
}

static int
emit(tw_wrapped *w, size_t off, size_t len, int width, int cont)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		tw_wline *nl = realloc(w->line, cap * sizeof *nl);
		if (nl == NULL)
			return -1;
		w->line = nl;
		w->cap = cap;
	}
	w->line[w->n].off = off;
	w->line[w->n].len = len;
	w->line[w->n].width = width;
	w->line[w->n].cont = cont;
	w->n++;
	return 0;
}

/* CJK punctuation that must not begin a line (a small kinsoku set). */
static int
no_line_start(wchar_t c)
{
	static const wchar_t set[] = L"。，、：；！？）》」』】”’．，％";
	const wchar_t *p;

	for (p = set; *p; p++)
		if (*p == c)
			return 1;
	return 0;
}

/* CJK opening punctuation that must not end a line. */
static int
no_line_end(wchar_t c)
{
	static const wchar_t set[] = L"（《「『【“‘";
	const wchar_t *p;

	for (p = set; *p; p++)
		if (*p == c)
			return 1;
	return 0;
}

/* see ui_logic.h */
int
tw_ui_wrap(const char *text, int width, int indent, tw_wrapped *w)
{
	size_t len = strlen(text), pos = 0;
	int cont = 0;

	if (width < 1)
		width = 1;
	if (indent >= width)
		indent = width - 1;
	for (;;) {
		int avail = cont ? width - indent : width;
		size_t i = pos, brk = (size_t)-1, brk_next = 0, clen = 0;
		size_t pbrk = (size_t)-1, pbrk_next = 0;
		int col = 0, brk_col = 0, pbrk_col = 0, cw = 0, hard = 0;
		wchar_t wc = 0, prev = 0;

		while (i < len) {
			clen = next_char(text + i, len - i, &wc, &cw);
			if (wc == L'\n') {
				hard = 1;
				break;
			}
			if (no_line_start(wc) && brk == i) {
				/* Closing punctuation stays with what precedes it. */
				brk = pbrk;
				brk_next = pbrk_next;
				brk_col = pbrk_col;
			}
			if (col + cw > avail)
				break;
			pbrk = brk;
			pbrk_next = brk_next;
			pbrk_col = brk_col;
			if (wc == L' ') {
				brk = i;
				brk_next = i + 1;
				brk_col = col;
			} else if (cw == 2 && i > pos && !no_line_start(wc) && !no_line_end(prev)) {
				/* Between two characters, unless that would begin a line
				 * with closing punctuation or end one with an opening
				 * bracket ("（" alone at the end, "）。" alone below). */
				brk = i;
				brk_next = i;
				brk_col = col;
			}
			col += cw;
			i += clen;
			prev = wc;
			if (cw == 2 && !no_line_end(wc)) {
				pbrk = brk;
				pbrk_next = brk_next;
				pbrk_col = brk_col;
				brk = i;
				brk_next = i;
				brk_col = col;
			}
		}
		if (hard || i >= len) {
			if (emit(w, pos, i - pos, col, cont) < 0)
				return -1;
			if (!hard || i + 1 >= len)
				return 0;
			pos = i + 1;
			cont = 0;
			continue;
		}
		/* The character at i does not fit. */
		if (i == pos) {           /* wider than the whole line: take it anyway */
			if (emit(w, pos, clen, cw, cont) < 0)
				return -1;
			pos += clen;
		} else if (wc == L' ') {
			if (emit(w, pos, i - pos, col, cont) < 0)
				return -1;
			pos = i + 1;
		} else if (brk != (size_t)-1 && brk > pos) {
			if (emit(w, pos, brk - pos, brk_col, cont) < 0)
				return -1;
			pos = brk_next;
		} else {
			if (emit(w, pos, i - pos, col, cont) < 0)
				return -1;
			pos = i;
		}
		while (pos < len && text[pos] == ' ')
			pos++;
		if (pos >= len)
			return 0;
		if (text[pos] == '\n') {
			/* The soft break fell just before a newline: let the newline
			 * end this line, without an empty line after it. */
			pos++;
			cont = 0;
			if (pos >= len)
				return 0;
			continue;
		}
		cont = 1;
	}
}

/* see ui_logic.h */
void
tw_wrapped_free(tw_wrapped *w)
{
	free(w->line);
	w->line = NULL;
	w->n = w->cap = 0;
}

/* Decode one UTF-8 sequence without the locale (ASCII mode runs under C). */
static size_t
utf8_decode(const unsigned char *s, unsigned long *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((unsigned long)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((unsigned long)(s[0] & 0x0f) << 12) | ((unsigned long)(s[1] & 0x3f) << 6)
			| (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80
		&& (s[3] & 0xc0) == 0x80) {
		*cp = ((unsigned long)(s[0] & 0x07) << 18) | ((unsigned long)(s[1] & 0x3f) << 12)
			| ((unsigned long)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return 4;
	}
	*cp = '?';
	return 1;
}

/* see ui_logic.h */
size_t
tw_ui_utf8_decode(const char *s, unsigned long *cp)
{
	return utf8_decode((const unsigned char *)s, cp);
}

static const struct {
	unsigned long cp;
	const char *ascii;
} translit[] = {
	{ 0x2192, "->" }, { 0x2190, "<-" }, { 0x2191, "^" }, { 0x2193, "v" },
	{ 0x2014, "-" }, { 0x2013, "-" }, { 0x2016, "||" }, { 0x00d7, "x" },
	{ 0x2713, "ok" }, { 0x2717, "X" }, { 0x2026, "..." }, { 0x201c, "\"" },
	{ 0x201d, "\"" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x2022, "*" },
	{ 0x00b7, "." }, { 0x2260, "!=" }, { 0x2264, "<=" }, { 0x2265, ">=" },
	{ 0x2500, "-" }, { 0x2502, "|" }, { 0x25b8, ">" }, { 0x25be, "v" },
	{ 0x2295, "xor" }, { 0x00a0, " " }, { 0x00e9, "e" }, { 0x2212, "-" },
	{ 0x2261, "==" }, { 0x21d2, "=>" }, { 0x2248, "~" },
	{ 0x25b6, ">" }, { 0x25c0, "<" }, { 0x25b2, "^" }, { 0x25bc, "v" },
	{ 0x00a7, "S" }, { 0x250c, "+" }, { 0x2510, "+" }, { 0x2514, "+" },
	{ 0x2518, "+" }, { 0x2588, "#" }, { 0x1f512, "*" },
};

static int keep_wide;

/* see ui_logic.h */
void
tw_ui_ascii_keep_wide(int on)
{
	keep_wide = on;
}

/* East Asian Wide and Fullwidth (UAX #11) blocks: never ambiguous. */
static int
wide_cp(unsigned long cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e)
		|| (cp >= 0x3041 && cp <= 0x33ff) || (cp >= 0x3400 && cp <= 0x4dbf)
		|| (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf)
		|| (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff)
		|| (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
		|| (cp >= 0xffe0 && cp <= 0xffe6);
}

/* see ui_logic.h */
char *
tw_ui_ascii_text(const char *s)
{
	size_t n = strlen(s), o = 0, i = 0, k;
	char *out = malloc(n * 2 + 8);   /* no replacement is longer than its UTF-8 */

	if (out == NULL)
		return NULL;
	while (i < n) {
		unsigned long cp;
		const char *rep = NULL;
		char num[8];

		k = utf8_decode((const unsigned char *)s + i, &cp);
		if (cp < 0x80) {
			out[o++] = (char)cp;
			i += k;
			continue;
		}
		if (keep_wide && wide_cp(cp)) {
			memcpy(out + o, s + i, k);   /* its own UTF-8 bytes */
			o += k;
			i += k;
			continue;
		}
		i += k;
		if (cp >= 0x2460 && cp <= 0x2469) {          /* ① … ⑩ */
			snprintf(num, sizeof num, "(%lu)", cp - 0x2460 + 1);
			rep = num;
		}
		for (k = 0; rep == NULL && k < sizeof translit / sizeof translit[0]; k++)
			if (translit[k].cp == cp)
				rep = translit[k].ascii;
		if (rep == NULL)
			rep = "?";
		while (*rep)
			out[o++] = *rep++;
	}
	out[o] = 0;
	return out;
}

/* ---- ladder ------------------------------------------------------------- */

static int
last_tls_step(const tw_model *m)
{
	int i;

	for (i = (int)m->story.nstep - 1; i >= 0; i--)
		if (m->story.step[i].kind == TW_STEP_TLS)
			return i;
	return -1;
}

/* see ui_logic.h */
size_t
tw_ladder_rows(const tw_model *m, int acks, tw_lrow *rows)
{
	size_t n = 0, i, p, next_pkt = 0, srow;
	tw_stage last = 0;

	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];

		if (acks && st->pkt_first >= 0)
			for (p = next_pkt; p < (size_t)st->pkt_first && p < m->tcp.npkt; p++)
				if (m->tcp.pkt[p].kind == TW_PKT_PURE_ACK) {
					rows[n].kind = TW_LROW_ACK;
					rows[n].step = (int)i - 1;
					rows[n].pkt = (int)p;
					rows[n].dropped = rows[n].copied = 0;
					rows[n].stage = last;
					rows[n].dir = m->tcp.pkt[p].dir;
					n++;
				}
		if (st->pkt_first >= 0 && (size_t)st->pkt_first > next_pkt)
			next_pkt = (size_t)st->pkt_first;
		if (st->pkt_first >= 0 && (size_t)(st->pkt_first + st->pkt_count) > next_pkt)
			next_pkt = (size_t)(st->pkt_first + st->pkt_count);
		if (st->stage != last) {
			rows[n].kind = TW_LROW_STAGE;
			rows[n].step = (int)i;
			rows[n].pkt = -1;
			rows[n].dropped = rows[n].copied = 0;
			rows[n].stage = st->stage;
			rows[n].dir = st->dir;
			n++;
			last = st->stage;
		}
		srow = n;
		rows[n].kind = TW_LROW_STEP;
		rows[n].step = (int)i;
		rows[n].pkt = st->pkt_first;
		rows[n].stage = st->stage;
		rows[n].dir = st->dir;
		rows[n].dropped = rows[n].copied = 0;
		n++;
		/* The man in the middle, in the middle, under the step it
		 * changed (or dropped, or sent again). */
		for (p = 0; p < m->wire.nattack; p++) {
			const tw_attack_event *ev = &m->wire.attack[p];
			if (ev->dir == st->dir && st->kind == TW_STEP_TLS && ev->off >= st->stream_off
				&& ev->off < st->stream_off + st->len) {
				rows[srow].dropped = m->sc.attack.kind == TW_ATK_TRUNCATE;
				rows[srow].copied = m->sc.attack.kind == TW_ATK_REPLAY;
				rows[n] = rows[srow];
				rows[n].kind = TW_LROW_ATTACK;
				rows[n].attack = (int)p;
				n++;
			}
		}
		/* Where the side that stopped gave up: after its alert, or,
		 * when it closed silently, after the last message it received. */
		if (m->failure.failed && (int)i == (m->failure.alert_step >= 0
			? m->failure.alert_step : last_tls_step(m))) {
			rows[n] = rows[n - 1];
			rows[n].kind = TW_LROW_FAIL;
			rows[n].dir = m->failure.stopper;
			rows[n].dropped = rows[n].copied = 0;
			n++;
		}
	}
	if (acks)
		for (p = next_pkt; p < m->tcp.npkt; p++)
			if (m->tcp.pkt[p].kind == TW_PKT_PURE_ACK) {
				rows[n].kind = TW_LROW_ACK;
				rows[n].step = (int)m->story.nstep - 1;
				rows[n].pkt = (int)p;
				rows[n].dropped = rows[n].copied = 0;
				rows[n].stage = last;
				rows[n].dir = m->tcp.pkt[p].dir;
				n++;
			}
	return n;
}

/* ---- field tree --------------------------------------------------------- */

static int
push_row(tw_ui_state *s, const tw_field *f, int depth, size_t node, int expanded)
{
	if (s->nfrows == s->frows_cap) {
		size_t cap = s->frows_cap ? s->frows_cap * 2 : 64;
		tw_frow *nr = realloc(s->frows, cap * sizeof *nr);
		if (nr == NULL)
			return -1;
		s->frows = nr;
		s->frows_cap = cap;
	}
	s->frows[s->nfrows].f = f;
	s->frows[s->nfrows].depth = depth;
	s->frows[s->nfrows].node = node;
	s->frows[s->nfrows].expanded = expanded;
	s->nfrows++;
	return 0;
}

/* Append f and, when expanded, its visible descendants; returns the
 * preorder index after f's subtree. */
static size_t
flatten(tw_ui_state *s, const tw_field *f, int depth, size_t node)
{
	const unsigned char *ex = s->expanded[s->step];
	int open = ex && node < s->nnodes[s->step] && ex[node] && f->nchild > 0;
	size_t i, next = node + 1;

	push_row(s, f, depth, node, open);
	for (i = 0; i < f->nchild; i++) {
		if (open)
			next = flatten(s, &f->child[i], depth + 1, next);
		else
			next += tw_field_count(&f->child[i]);
	}
	return next;
}

/* see ui_logic.h */
void
tw_ui_tree_rows(tw_ui_state *s)
{
	s->nfrows = 0;
	if (s->m->story.nstep == 0)
		return;
	flatten(s, &s->m->tree[s->step], 0, 0);
	if (s->fcur >= (int)s->nfrows)
		s->fcur = s->nfrows ? (int)s->nfrows - 1 : 0;
	if (s->fcur < 0)
		s->fcur = 0;
}

/* Expand the first levels by default: the message and its main parts;
 * and the message decrypted from an encrypted record, which is what such
 * a step is about (the Finished's verify_data, the HTTP headers). */
static void
default_expand(unsigned char *ex, const tw_field *f, const tw_field *parent,
	int depth, size_t *node)
{
	size_t i;

	ex[(*node)++] = depth < 2 || (parent && parent->id
		&& strcmp(parent->id, "tls.encrypted.ciphertext") == 0);
	for (i = 0; i < f->nchild; i++)
		default_expand(ex, &f->child[i], f, depth + 1, node);
}

/* see ui_logic.h */
int
tw_ui_state_init(tw_ui_state *s, const tw_model *m, int step)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->m = m;
	s->focus = TW_PANE_LADDER;
	s->tab = TW_PANE_EXPLAIN;
	for (i = 0; i < m->story.nstep; i++) {
		size_t n = tw_field_count(&m->tree[i]), node = 0;
		s->nnodes[i] = n;
		s->expanded[i] = calloc(n ? n : 1, 1);
		if (s->expanded[i] == NULL)
			return -1;
		default_expand(s->expanded[i], &m->tree[i], NULL, 0, &node);
	}
	tw_ui_goto(s, step);
	return 0;
}

/* see ui_logic.h */
void
tw_ui_state_free(tw_ui_state *s)
{
	size_t i;

	for (i = 0; i < TW_MAX_STEPS; i++)
		free(s->expanded[i]);
	free(s->frows);
	memset(s, 0, sizeof *s);
}

/* see ui_logic.h */
void
tw_ui_goto(tw_ui_state *s, int i)
{
	int n = (int)s->m->story.nstep;

	if (i >= n)
		i = n - 1;
	if (i < 0)
		i = 0;
	if (i != s->step && s->present_details) {
		/* Presenter mode: each step starts with its summary alone. */
		s->present_details = 0;
		s->focus = TW_PANE_LADDER;
	}
	if (i != s->step || s->nfrows == 0) {
		s->step = i;
		s->fcur = 0;
		s->hcur = 0;
		s->top[TW_PANE_EXPLAIN] = s->top[TW_PANE_FIELDS] = s->top[TW_PANE_HEX] = 0;
		s->secrets_autoscroll = 1;
	}
	tw_ui_tree_rows(s);
}

/* see ui_logic.h */
const tw_field *
tw_ui_selected_field(const tw_ui_state *s)
{
	if (s->nfrows == 0 || s->fcur < 0 || (size_t)s->fcur >= s->nfrows)
		return NULL;
	return s->frows[s->fcur].f;
}

/* see ui_logic.h */
const tw_field *
tw_ui_field_at(const tw_field *root, size_t off)
{
	const tw_field *f = root;
	size_t i;

	if (root == NULL || off < root->off || off >= root->off + root->len)
		return NULL;
	for (;;) {
		const tw_field *next = NULL;
		for (i = 0; i < f->nchild; i++)
			if (off >= f->child[i].off && off < f->child[i].off + f->child[i].len) {
				next = &f->child[i];
				break;
			}
		if (next == NULL)
			return f;
		f = next;
	}
}

/* see ui_logic.h */
void
tw_ui_select_byte(tw_ui_state *s, size_t off)
{
	const tw_field *f;
	unsigned char *ex = s->expanded[s->step];
	size_t node = 0, i;

	if (s->m->story.nstep == 0)
		return;
	f = &s->m->tree[s->step];
	if (off >= s->m->story.step[s->step].len)
		return;
	s->hcur = off;
	if (off < f->off || off >= f->off + f->len)
		return;
	/* Walk down, expanding every ancestor of the owning field. */
	for (;;) {
		const tw_field *next = NULL;
		size_t child_node = node + 1;
		for (i = 0; i < f->nchild; i++) {
			if (off >= f->child[i].off && off < f->child[i].off + f->child[i].len) {
				next = &f->child[i];
				break;
			}
			child_node += tw_field_count(&f->child[i]);
		}
		if (next == NULL)
			break;
		if (ex && node < s->nnodes[s->step])
			ex[node] = 1;
		f = next;
		node = child_node;
	}
	tw_ui_tree_rows(s);
	for (i = 0; i < s->nfrows; i++)
		if (s->frows[i].node == node) {
			s->fcur = (int)i;
			break;
		}
}

/* ---- navigation --------------------------------------------------------- */

/* see ui_logic.h */
void
tw_ui_scroll_to(tw_ui_state *s, tw_pane p, int cur, int height)
{
	if (height < 1)
		height = 1;
	if (cur < s->top[p])
		s->top[p] = cur;
	if (cur >= s->top[p] + height)
		s->top[p] = cur - height + 1;
	if (s->top[p] < 0)
		s->top[p] = 0;
}

static int
inner_h(const tw_layout *l, tw_pane p)
{
	int h = l->pane[p].h - 2;
	return h > 1 ? h : 1;
}

static size_t
step_len(const tw_ui_state *s)
{
	return s->m->story.nstep ? s->m->story.step[s->step].len : 0;
}

static void
select_field_row(tw_ui_state *s, int row)
{
	const tw_field *f;

	if (s->nfrows == 0)
		return;
	if (row < 0)
		row = 0;
	if (row >= (int)s->nfrows)
		row = (int)s->nfrows - 1;
	s->fcur = row;
	f = tw_ui_selected_field(s);
	if (f && f->len > 0)
		s->hcur = f->off;
}

static void
move_byte(tw_ui_state *s, long delta)
{
	long b = (long)s->hcur + delta, len = (long)step_len(s);

	if (len == 0)
		return;
	if (b < 0)
		b = 0;
	if (b >= len)
		b = len - 1;
	tw_ui_select_byte(s, (size_t)b);
}

static void
set_expanded(tw_ui_state *s, int open)
{
	tw_frow *r;

	if (s->nfrows == 0)
		return;
	r = &s->frows[s->fcur];
	if (r->f->nchild == 0 || r->node >= s->nnodes[s->step])
		return;
	s->expanded[s->step][r->node] = (unsigned char)(open < 0 ? !r->expanded : open);
	tw_ui_tree_rows(s);
}

/* Move the field cursor to the parent of the selected row. */
static void
field_parent(tw_ui_state *s)
{
	int i, d;

	if (s->nfrows == 0)
		return;
	d = s->frows[s->fcur].depth;
	for (i = s->fcur - 1; i >= 0; i--)
		if (s->frows[i].depth < d) {
			select_field_row(s, i);
			return;
		}
}

static void
vertical(tw_ui_state *s, const tw_layout *l, int delta)
{
	switch (s->focus) {
	case TW_PANE_LADDER:
		tw_ui_goto(s, s->step + delta);
		break;
	case TW_PANE_FIELDS:
		select_field_row(s, s->fcur + delta);
		break;
	case TW_PANE_HEX:
		move_byte(s, (long)delta * l->hex_per_row);
		break;
	case TW_PANE_SECRETS:         /* a cursor line (Enter follows it); ui.c clamps and scrolls */
		s->scur += delta;
		if (s->scur < 0)
			s->scur = 0;
		break;
	default:                      /* text panes scroll; ui.c clamps */
		s->top[s->focus] += delta;
		if (s->top[s->focus] < 0)
			s->top[s->focus] = 0;
		break;
	}
}

static void
cycle_pane(tw_ui_state *s, const tw_layout *l, int dir)
{
	tw_pane order[TW_PANE_COUNT];
	size_t n = tw_ui_pane_order(l, order), i, cur = 0;

	for (i = 0; i < n; i++)
		if (order[i] == s->focus)
			cur = i;
	cur = (cur + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	s->focus = order[cur];
	if (s->focus >= TW_PANE_EXPLAIN)
		s->tab = s->focus;
}

/* One step forward or back; past the last step of the first connection
 * of --resume, into the resumed one (and back from its first step). */
static void
step_by(tw_ui_state *s, int d)
{
	if (d > 0 && s->m->next != NULL && (size_t)s->step + 1 >= s->m->story.nstep)
		s->conn_switch = 1;
	else if (d < 0 && s->m->resumed_conn && s->step == 0)
		s->conn_switch = -1;
	else
		tw_ui_goto(s, s->step + d);
}

/* Presenter mode on or off. The panes it hides keep their state; the
 * focus goes back where it was. */
static void
present_toggle(tw_ui_state *s)
{
	if (s->present) {
		s->present = s->present_details = 0;
		s->focus = s->present_focus;
		return;
	}
	s->present = 1;
	s->present_details = 0;
	s->present_focus = s->focus;
	s->focus = TW_PANE_LADDER;
	snprintf(s->message, sizeof s->message, s->zh
		? "演示模式：回车 讲解，P 窗格" : "Presenter: Enter details, P panes");
}

/* What a request means in presenter mode, where only the ladder and the
 * details box are on screen: arrows step (or scroll the details), Enter
 * and d open the details, a pane key leaves for the panes. Returns 1 when
 * it was handled here. */
static int
present_apply(tw_ui_state *s, const tw_layout *l, tw_req r)
{
	int page = s->present_page > 2 ? s->present_page - 1 : 1;

	(void)l;
	switch (r) {
	case TW_REQ_PRESENT:
		present_toggle(s);
		return 1;
	case TW_REQ_DETAILS:
	case TW_REQ_ENTER:
		s->present_details = !s->present_details;
		s->top[TW_PANE_EXPLAIN] = 0;
		/* The status line's arrow hint follows: scroll in the details. */
		s->focus = s->present_details ? TW_PANE_EXPLAIN : TW_PANE_LADDER;
		return 1;
	case TW_REQ_UP:
	case TW_REQ_DOWN:
		if (!s->present_details)
			step_by(s, r == TW_REQ_UP ? -1 : 1);
		else
			s->top[TW_PANE_EXPLAIN] += r == TW_REQ_UP ? -1 : 1;
		break;
	case TW_REQ_PAGE_UP:
	case TW_REQ_PAGE_DOWN:
		if (s->present_details)
			s->top[TW_PANE_EXPLAIN] += r == TW_REQ_PAGE_UP ? -page : page;
		break;
	case TW_REQ_RIGHT: step_by(s, 1); return 1;
	case TW_REQ_LEFT: step_by(s, -1); return 1;
	case TW_REQ_SHOW_EXPLAIN: case TW_REQ_SHOW_FIELDS: case TW_REQ_SHOW_BYTES:
	case TW_REQ_SHOW_SECRETS: case TW_REQ_NEXT_PANE: case TW_REQ_PREV_PANE:
		present_toggle(s);
		return 0;           /* and the pane is shown as usual */
	default:
		return 0;
	}
	if (s->top[TW_PANE_EXPLAIN] < 0)
		s->top[TW_PANE_EXPLAIN] = 0;
	return 1;
}

/* see ui_logic.h */
void
tw_ui_apply(tw_ui_state *s, const tw_layout *l, tw_req r)
{
	int page;

	s->message[0] = 0;
	if (s->present && present_apply(s, l, r))
		return;
	switch (r) {
	case TW_REQ_NEXT: step_by(s, 1); break;
	case TW_REQ_PREV: step_by(s, -1); break;
	case TW_REQ_CONN:
		if (s->m->next != NULL)
			s->conn_switch = 1;
		else if (s->m->resumed_conn)
			s->conn_switch = -1;
		break;
	case TW_REQ_FIRST: tw_ui_goto(s, 0); break;
	case TW_REQ_LAST: tw_ui_goto(s, (int)s->m->story.nstep - 1); break;
	case TW_REQ_GOTO:
		s->prompting = 1;
		s->prompt_len = 0;
		s->prompt[0] = 0;
		break;
	case TW_REQ_SHOW_EXPLAIN: s->tab = s->focus = TW_PANE_EXPLAIN; break;
	case TW_REQ_SHOW_FIELDS: s->tab = s->focus = TW_PANE_FIELDS; break;
	case TW_REQ_SHOW_BYTES: s->tab = s->focus = TW_PANE_HEX; break;
	case TW_REQ_SHOW_SECRETS: s->tab = s->focus = TW_PANE_SECRETS; break;
	case TW_REQ_NEXT_PANE: cycle_pane(s, l, 1); break;
	case TW_REQ_PREV_PANE: cycle_pane(s, l, -1); break;
	case TW_REQ_UP: vertical(s, l, -1); break;
	case TW_REQ_DOWN: vertical(s, l, 1); break;
	case TW_REQ_PAGE_UP:
	case TW_REQ_PAGE_DOWN:
		/* A field explanation cut at the bottom of the Fields pane is
		 * read on with PgDn (and back with PgUp) before the tree pages. */
		if (s->focus == TW_PANE_FIELDS && r == TW_REQ_PAGE_DOWN && s->info_more) {
			s->info_top += s->info_rows > 2 ? s->info_rows - 1 : 1;
			break;
		}
		if (s->focus == TW_PANE_FIELDS && r == TW_REQ_PAGE_UP && s->info_top > 0) {
			s->info_top -= s->info_rows > 2 ? s->info_rows - 1 : 1;
			if (s->info_top < 0)
				s->info_top = 0;
			break;
		}
		page = inner_h(l, s->focus) - 1;
		if (page < 1)
			page = 1;
		if (s->focus == TW_PANE_LADDER)
			page = 5;
		vertical(s, l, r == TW_REQ_PAGE_UP ? -page : page);
		break;
	case TW_REQ_RIGHT:
		if (s->focus == TW_PANE_FIELDS)
			set_expanded(s, 1);
		else if (s->focus == TW_PANE_HEX)
			move_byte(s, 1);
		else
			step_by(s, 1);
		break;
	case TW_REQ_LEFT:
		if (s->focus == TW_PANE_FIELDS) {
			if (s->nfrows && s->frows[s->fcur].expanded)
				set_expanded(s, 0);
			else
				field_parent(s);
		} else if (s->focus == TW_PANE_HEX)
			move_byte(s, -1);
		else
			step_by(s, -1);
		break;
	case TW_REQ_ENTER:
		if (s->focus == TW_PANE_FIELDS)
			set_expanded(s, -1);
		else if (s->focus == TW_PANE_LADDER)
			tw_ui_goto(s, s->step + 1);
		break;
	case TW_REQ_ACKS: s->acks = !s->acks; break;
	case TW_REQ_PRESENT: present_toggle(s); break;
	case TW_REQ_DETAILS:
		snprintf(s->message, sizeof s->message, s->zh
			? "d 在演示模式中显示讲解（先按 P）" : "d shows the details in presenter mode (press P first)");
		break;
	case TW_REQ_LANG:
		s->zh = !s->zh;
		s->lang_switch = 1;
		break;
	case TW_REQ_QUIZ: s->quiz_request = 1; break;
	case TW_REQ_HELP:
		s->help = !s->help;
		s->help_top = 0;
		break;
	case TW_REQ_KNOWS:
		s->knows = !s->knows;
		s->knows_top = 0;
		break;
	case TW_REQ_QUIT: s->quit = 1; break;
	default: break;
	}
}

static void
prompt_key(tw_ui_state *s, int key)
{
	int i;

	if (key == TW_KEY_ENTER || key == '\r') {
		s->prompting = 0;
		if (s->prompt_len == 0)
			return;
		i = tw_story_find_arg(&s->m->story, s->prompt);
		if (i < 0)
			snprintf(s->message, sizeof s->message, s->zh
				? "没有这一步：%s（输入 tls-6 这样的标签、步骤 id，或 1 到 %zu）"
				: "No step '%s' (a label such as tls-6, a step id, or 1 to %zu)",
				s->prompt, s->m->story.nstep);
		else
			tw_ui_goto(s, i);
		return;
	}
	if (key == TW_KEY_ESC || key == TW_KEY_CTRL_C) {
		s->prompting = 0;
		return;
	}
	if (key == TW_KEY_BACKSPACE || key == 8) {
		if (s->prompt_len > 0)
			s->prompt[--s->prompt_len] = 0;
		else
			s->prompting = 0;
		return;
	}
	if (key > ' ' && key < 0x7f && s->prompt_len + 1 < sizeof s->prompt) {
		s->prompt[s->prompt_len++] = (char)key;
		s->prompt[s->prompt_len] = 0;
	}
}

/* A key while the who-knows-what view is open: the arrows step (not
 * move in a pane), up and down scroll the view, w and Esc close it; the
 * other step keys, L, c, ? and q work as usual, and a pane key closes the
 * view and shows that pane. P and d close the view too: drawn under it,
 * presenter mode used to go on and off unseen. Returns 1 when the key was
 * handled here. */
static int
knows_key(tw_ui_state *s, const tw_layout *l, tw_req r, int key)
{
	switch (r) {
	case TW_REQ_RIGHT: step_by(s, 1); break;
	case TW_REQ_LEFT: step_by(s, -1); break;
	case TW_REQ_UP: s->knows_top--; break;
	case TW_REQ_DOWN: s->knows_top++; break;
	case TW_REQ_PAGE_UP: s->knows_top -= 10; break;
	case TW_REQ_PAGE_DOWN: s->knows_top += 10; break;
	case TW_REQ_SHOW_EXPLAIN: case TW_REQ_SHOW_FIELDS: case TW_REQ_SHOW_BYTES:
	case TW_REQ_SHOW_SECRETS: case TW_REQ_NEXT_PANE: case TW_REQ_PREV_PANE:
	case TW_REQ_ENTER:
	case TW_REQ_DETAILS:
		s->knows = 0;
		return 0;
	case TW_REQ_PRESENT:
		s->knows = 0;
		if (!s->present)
			return 0;       /* and presenter mode starts */
		break;              /* the presenter screen under the view shows */
	default:
		if (key != TW_KEY_ESC)
			return 0;
		s->knows = 0;
		break;
	}
	s->message[0] = 0;
	s->digit_val = 0;
	if (s->knows_top < 0)
		s->knows_top = 0;
	(void)l;
	return 1;
}

/* see ui_logic.h */
tw_req
tw_ui_handle_key(tw_ui_state *s, const tw_layout *l, int key)
{
	tw_req r;

	if (s->prompting) {
		prompt_key(s, key);
		return TW_REQ_GOTO;
	}
	r = tw_ui_key_request(key);
	if (s->help) {
		switch (r) {
		case TW_REQ_UP: s->help_top--; break;
		case TW_REQ_DOWN: s->help_top++; break;
		case TW_REQ_PAGE_UP: s->help_top -= 10; break;
		case TW_REQ_PAGE_DOWN: s->help_top += 10; break;
		case TW_REQ_LANG: tw_ui_apply(s, l, r); break;
		default:
			if (r != TW_REQ_NONE || key == TW_KEY_ESC)
				s->help = 0;
			break;
		}
		if (s->help_top < 0)
			s->help_top = 0;
		if (key == TW_KEY_CTRL_C)
			s->quit = 1;
		return r;
	}
	if (s->knows && knows_key(s, l, r, key))
		return r;
	if (key == TW_KEY_ESC) {
		s->message[0] = 0;
		s->digit_val = 0;
		if (s->present && s->present_details)
			present_apply(s, l, TW_REQ_DETAILS);
		return TW_REQ_NONE;
	}
	if (r == TW_REQ_NUMBER) {
		s->message[0] = 0;
		tw_ui_number(s, key - '0');
		return r;
	}
	s->digit_val = 0;
	tw_ui_apply(s, l, r);
	return r;
}

/* see ui_logic.h */
int
tw_ui_number(tw_ui_state *s, int digit)
{
	const tw_story *st = &s->m->story;
	tw_stage stage;
	int i = -1, two = s->digit_val * 10 + digit;

	/* 1 then 0: ⑩ in the stage the 1 was read in (or in TLS). */
	if (s->digit_val > 0) {
		i = tw_story_find_number(st, s->digit_stage, two);
		if (i < 0)
			i = tw_story_find_number(st, TW_STAGE_TLS, two);
	}
	if (i >= 0) {
		s->digit_val = 0;
		tw_ui_goto(s, i);
		return i;
	}
	stage = st->nstep ? st->step[s->step].stage : TW_STAGE_TCP;
	s->digit_val = digit;
	s->digit_stage = stage;
	i = tw_story_find_number(st, stage, digit);
	if (i < 0)
		i = tw_story_find_number(st, TW_STAGE_TLS, digit);
	if (i < 0) {
		snprintf(s->message, sizeof s->message, s->zh
			? "本阶段和 TLS 阶段都没有第 %d 步（也可以按 : 输入 tls-6 这样的标签）"
			: "No step %d in this stage or in TLS (or type : and a label such as tls-6)",
			digit);
		return -1;
	}
	tw_ui_goto(s, i);
	return i;
}

/* see ui_logic.h */
const char *
tw_ui_arrow_hint(tw_pane focus, int zh, int ascii)
{
	switch (focus) {
	case TW_PANE_FIELDS:
		return ascii ? (zh ? "上/下 字段，左/右 折叠/展开" : "Up/Down field, Left/Right close/open")
			: zh ? "↑↓ 字段 ←→ 折叠/展开" : "↑↓ field ←→ close/open";
	case TW_PANE_HEX:
		return ascii ? (zh ? "方向键：字节" : "arrows: byte") : zh ? "↑↓←→ 字节" : "↑↓←→ byte";
	case TW_PANE_EXPLAIN:
	case TW_PANE_SECRETS:
		return ascii ? (zh ? "上/下 滚动，左/右 换步" : "Up/Down scroll, Left/Right step")
			: zh ? "↑↓ 滚动 ←→ 换步" : "↑↓ scroll ←→ step";
	default:
		return ascii ? (zh ? "方向键：换步" : "arrows: step") : zh ? "↑↓←→ 换步" : "↑↓←→ step";
	}
}

/* see ui_logic.h */
int
tw_ui_step_encrypted(const tw_model *m, int i)
{
	const tw_step *st;
	int r;

	if (i < 0 || (size_t)i >= m->story.nstep)
		return 0;
	st = &m->story.step[i];
	if (st->kind != TW_STEP_TLS || st->rec_first < 0 || st->rec_count < 1)
		return 0;
	for (r = st->rec_first; r < st->rec_first + st->rec_count && (size_t)r < m->wire.nrec; r++)
		if (m->wire.rec[r].dir == st->dir && !m->wire.rec[r].encrypted)
			return 0;
	return 1;
}

/* see ui_logic.h */
void
tw_ui_click(tw_ui_state *s, const tw_layout *l, int y, int x)
{
	int p = tw_layout_hit(l, y, x), row, t;
	const tw_rect *r;

	/* Presenter mode shows none of the panes the layout places. */
	if (p < 0 || s->help || s->present)
		return;
	r = &l->pane[p];
	if (l->compact && p >= TW_PANE_EXPLAIN && y == r->y) {
		for (t = TW_PANE_EXPLAIN; t <= TW_PANE_SECRETS; t++)
			if (x >= l->tab_x[t] && x < l->tab_x[t] + l->tab_w[t]) {
				s->tab = s->focus = (tw_pane)t;
				return;
			}
		return;
	}
	s->focus = (tw_pane)p;
	row = y - (r->y + 1);
	if (p == TW_PANE_LADDER)
		row--;                  /* the ladder's first row names the two sides */
	if (row < 0 || row >= r->h - 2 || x <= r->x || x >= r->x + r->w - 1)
		return;
	switch (p) {
	case TW_PANE_LADDER: {
		tw_lrow rows[TW_MAX_STEPS + 8 + 256];
		size_t n;
		int i = row + s->top[p];
		if (s->m->tcp.npkt > 256)
			return;
		n = tw_ladder_rows(s->m, s->acks, rows);
		if (i >= 0 && (size_t)i < n && rows[i].kind != TW_LROW_ACK)
			tw_ui_goto(s, rows[i].step);
		break;
	}
	case TW_PANE_FIELDS:
		if ((s->tree_h <= 0 || row < s->tree_h) && row + s->top[p] < (int)s->nfrows) {
			int was = s->fcur;
			select_field_row(s, row + s->top[p]);
			if (was == s->fcur)
				set_expanded(s, -1);
		}
		break;
	case TW_PANE_HEX: {
		long b = tw_hex_byte_at(l->hex_per_row, s->top[p], row, x - (r->x + 1),
			step_len(s));
		if (b >= 0)
			tw_ui_select_byte(s, (size_t)b);
		break;
	}
	default:
		break;
	}
}

/* ---- documents ---------------------------------------------------------- */

/* see ui_logic.h */
void
tw_doc_init(tw_doc *d)
{
	memset(d, 0, sizeof *d);
	d->first_new = -1;
}

static void
doc_push(tw_doc *d, tw_role role, int is_new, char *text)
{
	if (text == NULL) {
		d->oom = 1;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		tw_dline *nl = realloc(d->line, cap * sizeof *nl);
		if (nl == NULL) {
			free(text);
			d->oom = 1;
			return;
		}
		d->line = nl;
		d->cap = cap;
	}
	if (is_new && d->first_new < 0)
		d->first_new = (int)d->n;
	memset(&d->line[d->n], 0, sizeof d->line[d->n]);
	d->line[d->n].text = text;
	d->line[d->n].role = role;
	d->line[d->n].is_new = is_new;
	d->line[d->n].link.step = -1;
	d->n++;
}

/* see ui_logic.h */
void
tw_doc_add(tw_doc *d, tw_role role, int is_new, int ascii, int width,
	const char *prefix, const char *text)
{
	tw_wrapped w = { NULL, 0, 0 };
	char *a = NULL, *pa = NULL;
	const char *t = text, *pre = prefix ? prefix : "";
	size_t i, plen;
	int pw;

	if (ascii) {
		a = tw_ui_ascii_text(text);
		pa = tw_ui_ascii_text(pre);
		if (a == NULL || pa == NULL) {
			d->oom = 1;
			goto out;
		}
		t = a;
		pre = pa;
	}
	plen = strlen(pre);
	pw = tw_ui_width(pre, plen);
	if (tw_ui_wrap(t, width - pw, 0, &w) < 0) {
		d->oom = 1;
		goto out;
	}
	for (i = 0; i < w.n; i++) {
		char *line = malloc(plen + w.line[i].len + 1);
		if (line == NULL) {
			d->oom = 1;
			break;
		}
		if (i == 0)
			memcpy(line, pre, plen);
		else
			memset(line, ' ', (size_t)pw);
		memcpy(line + (i == 0 ? plen : (size_t)pw), t + w.line[i].off, w.line[i].len);
		line[(i == 0 ? plen : (size_t)pw) + w.line[i].len] = 0;
		doc_push(d, role, is_new, line);
	}
out:
	tw_wrapped_free(&w);
	free(a);
	free(pa);
}

/* see ui_logic.h */
void
tw_doc_addf(tw_doc *d, tw_role role, int is_new, int ascii, int width,
	const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tw_doc_add(d, role, is_new, ascii, width, NULL, buf);
}

/* see ui_logic.h */
void
tw_doc_hex(tw_doc *d, int is_new, int width, int indent, const uint8_t *b, size_t n)
{
	size_t per = width - indent >= 4 ? (size_t)(width - indent) / 2 : 2, i, k;

	if (per > 32)
		per = 32;       /* 32 bytes a line: a 256-bit value on one line */
	for (i = 0; i < n || (n == 0 && i == 0); i += per) {
		char *line = malloc((size_t)indent + per * 2 + 1), *p;
		if (line == NULL) {
			d->oom = 1;
			return;
		}
		memset(line, ' ', (size_t)indent);
		p = line + indent;
		for (k = i; k < n && k < i + per; k++, p += 2)
			snprintf(p, 3, "%02x", b[k]);
		*p = 0;
		doc_push(d, TW_ROLE_VALUE, is_new, line);
		if (n == 0)
			break;
	}
}

/* see ui_logic.h */
void
tw_doc_free(tw_doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->line[i].text);
	free(d->line);
	tw_doc_init(d);
}

/* see ui_logic.h */
const char *
tw_ui_attack_words(const tw_model *m, int zh)
{
	switch (m->sc.attack.kind) {
	case TW_ATK_DOWNGRADE: return zh ? "攻击者删去强加密组件" : "attacker strips the strong suites";
	case TW_ATK_REPLAY: return zh ? "攻击者又发了一遍" : "attacker sends it again";
	case TW_ATK_TRUNCATE: return zh ? "攻击者丢弃了它" : "attacker drops it";
	default: return zh ? "攻击者篡改了它" : "attacker changes it";
	}
}

/* see ui_logic.h */
void
tw_ui_step_title(const tw_step *st, int ascii, int zh, char *buf, size_t n)
{
	char lab[32];
	const char *name = tw_step_name(st, zh);

	tw_step_label_lang(st, ascii, zh, lab, sizeof lab);
	if (strncmp(name, "HTTP ", 5) == 0 && strncmp(lab, "HTTP ", 5) == 0)
		snprintf(buf, n, "%s %s", lab, name + 5);
	else if (strncmp(st->name, "Alert ", 6) == 0)
		snprintf(buf, n, "%s %s", lab, st->name + 6);
	else
		snprintf(buf, n, "%s %s", lab, st->name);
}
