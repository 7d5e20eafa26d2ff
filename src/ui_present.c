/*
 * ui_present.c — presenter mode's big letters and screen layout, without
 * curses. See ui_present.h.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui_present.h"

/* ---- the font -----------------------------------------------------------
 * Drawn for this program: 7 pixel rows, '#' on. Capitals and digits sit on
 * rows 0-4, the x-height is rows 1-4 (an 'i' keeps its dot apart), g j p q
 * y hang on rows 5-6. Most glyphs are 3 pixels wide, so a 17-letter name
 * such as ClientKeyExchange takes about 64 columns in half blocks. */
static const struct glyph {
	char ch;
	const char *px[TW_BIG_PX];
} font[] = {
	{ ' ', { "..", "..", "..", "..", "..", "..", ".." } },
	{ 'A', { ".#.", "#.#", "###", "#.#", "#.#", "...", "..." } },
	{ 'B', { "##.", "#.#", "##.", "#.#", "##.", "...", "..." } },
	{ 'C', { ".##", "#..", "#..", "#..", ".##", "...", "..." } },
	{ 'D', { "##.", "#.#", "#.#", "#.#", "##.", "...", "..." } },
	{ 'E', { "###", "#..", "##.", "#..", "###", "...", "..." } },
	{ 'F', { "###", "#..", "##.", "#..", "#..", "...", "..." } },
	{ 'G', { ".##", "#..", "#.#", "#.#", ".##", "...", "..." } },
	{ 'H', { "#.#", "#.#", "###", "#.#", "#.#", "...", "..." } },
	{ 'I', { "###", ".#.", ".#.", ".#.", "###", "...", "..." } },
	{ 'J', { "..#", "..#", "..#", "#.#", ".#.", "...", "..." } },
	{ 'K', { "#.#", "#.#", "##.", "#.#", "#.#", "...", "..." } },
	{ 'L', { "#..", "#..", "#..", "#..", "###", "...", "..." } },
	{ 'M', { "#...#", "##.##", "#.#.#", "#...#", "#...#", ".....", "....." } },
	{ 'N', { "#..#", "##.#", "#.##", "#..#", "#..#", "....", "...." } },
	{ 'O', { ".#.", "#.#", "#.#", "#.#", ".#.", "...", "..." } },
	{ 'P', { "##.", "#.#", "##.", "#..", "#..", "...", "..." } },
	{ 'Q', { ".#.", "#.#", "#.#", "##.", ".##", "...", "..." } },
	{ 'R', { "##.", "#.#", "##.", "#.#", "#.#", "...", "..." } },
	{ 'S', { ".##", "#..", ".#.", "..#", "##.", "...", "..." } },
	{ 'T', { "###", ".#.", ".#.", ".#.", ".#.", "...", "..." } },
	{ 'U', { "#.#", "#.#", "#.#", "#.#", "###", "...", "..." } },
	{ 'V', { "#.#", "#.#", "#.#", "#.#", ".#.", "...", "..." } },
	{ 'W', { "#...#", "#...#", "#.#.#", "##.##", "#...#", ".....", "....." } },
	{ 'X', { "#.#", "#.#", ".#.", "#.#", "#.#", "...", "..." } },
	{ 'Y', { "#.#", "#.#", ".#.", ".#.", ".#.", "...", "..." } },
	{ 'Z', { "###", "..#", ".#.", "#..", "###", "...", "..." } },
	{ 'a', { "...", "##.", ".##", "#.#", ".##", "...", "..." } },
	{ 'b', { "#..", "##.", "#.#", "#.#", "##.", "...", "..." } },
	{ 'c', { "...", ".##", "#..", "#..", ".##", "...", "..." } },
	{ 'd', { "..#", ".##", "#.#", "#.#", ".##", "...", "..." } },
	{ 'e', { "...", ".#.", "###", "#..", ".##", "...", "..." } },
	{ 'f', { ".##", ".#.", "###", ".#.", ".#.", "...", "..." } },
	{ 'g', { "...", ".##", "#.#", "#.#", ".##", "..#", "##." } },
	{ 'h', { "#..", "##.", "#.#", "#.#", "#.#", "...", "..." } },
	{ 'i', { "#", ".", "#", "#", "#", ".", "." } },
	{ 'j', { ".#", "..", ".#", ".#", ".#", ".#", "#." } },
	{ 'k', { "#..", "#.#", "##.", "#.#", "#.#", "...", "..." } },
	{ 'l', { "#", "#", "#", "#", "#", ".", "." } },
	{ 'm', { ".....", "####.", "#.#.#", "#.#.#", "#.#.#", ".....", "....." } },
	{ 'n', { "...", "##.", "#.#", "#.#", "#.#", "...", "..." } },
	{ 'o', { "...", ".#.", "#.#", "#.#", ".#.", "...", "..." } },
	{ 'p', { "...", "##.", "#.#", "#.#", "##.", "#..", "#.." } },
	{ 'q', { "...", ".##", "#.#", "#.#", ".##", "..#", "..#" } },
	{ 'r', { "...", "#.#", "##.", "#..", "#..", "...", "..." } },
	{ 's', { "...", ".##", "#..", "..#", "##.", "...", "..." } },
	{ 't', { ".#.", "###", ".#.", ".#.", ".##", "...", "..." } },
	{ 'u', { "...", "#.#", "#.#", "#.#", ".##", "...", "..." } },
	{ 'v', { "...", "#.#", "#.#", "#.#", ".#.", "...", "..." } },
	{ 'w', { ".....", "#...#", "#.#.#", "#.#.#", ".#.#.", ".....", "....." } },
	{ 'x', { "...", "#.#", ".#.", ".#.", "#.#", "...", "..." } },
	{ 'y', { "...", "#.#", "#.#", "#.#", ".##", "..#", "##." } },
	{ 'z', { "...", "###", "..#", ".#.", "###", "...", "..." } },
	{ '0', { "###", "#.#", "#.#", "#.#", "###", "...", "..." } },
	{ '1', { ".#.", "##.", ".#.", ".#.", "###", "...", "..." } },
	{ '2', { "##.", "..#", ".#.", "#..", "###", "...", "..." } },
	{ '3', { "##.", "..#", ".#.", "..#", "##.", "...", "..." } },
	{ '4', { "#.#", "#.#", "###", "..#", "..#", "...", "..." } },
	{ '5', { "###", "#..", "##.", "..#", "##.", "...", "..." } },
	{ '6', { ".##", "#..", "###", "#.#", "###", "...", "..." } },
	{ '7', { "###", "..#", ".#.", ".#.", ".#.", "...", "..." } },
	{ '8', { "###", "#.#", "###", "#.#", "###", "...", "..." } },
	{ '9', { "###", "#.#", "###", "..#", "##.", "...", "..." } },
	{ '-', { "...", "...", "###", "...", "...", "...", "..." } },
	{ '_', { "...", "...", "...", "...", "...", "###", "..." } },
	{ '.', { ".", ".", ".", ".", "#", ".", "." } },
	{ ',', { ".", ".", ".", ".", "#", "#", "." } },
	{ ':', { ".", "#", ".", "#", ".", ".", "." } },
	{ '/', { "..#", "..#", ".#.", "#..", "#..", "...", "..." } },
	{ '(', { ".#", "#.", "#.", "#.", ".#", "..", ".." } },
	{ ')', { "#.", ".#", ".#", ".#", "#.", "..", ".." } },
	{ '!', { "#", "#", "#", ".", "#", ".", "." } },
	{ '?', { "##.", "..#", ".#.", "...", ".#.", "...", "..." } },
	{ '\'', { "#", "#", ".", ".", ".", ".", "." } },
	{ '\"', { "#.#", "#.#", "...", "...", "...", "...", "..." } },
	{ '+', { "...", ".#.", "###", ".#.", "...", "...", "..." } },
	{ '=', { "...", "###", "...", "###", "...", "...", "..." } },
	{ '<', { "..#", ".#.", "#..", ".#.", "..#", "...", "..." } },
	{ '>', { "#..", ".#.", "..#", ".#.", "#..", "...", "..." } },
	{ '*', { "...", "#.#", ".#.", "#.#", "...", "...", "..." } },
};

#define FONT_N (sizeof font / sizeof font[0])

static const struct glyph *
glyph_of(unsigned long cp)
{
	size_t i;

	if (cp >= 0x80)
		return NULL;
	for (i = 0; i < FONT_N; i++)
		if ((unsigned char)font[i].ch == cp)
			return &font[i];
	return NULL;
}

/* see ui_present.h */
int
tw_big_glyph(unsigned long cp, const char *rows[TW_BIG_PX])
{
	const struct glyph *g = glyph_of(cp);
	int r, known = g != NULL;

	if (g == NULL)
		g = glyph_of('?');
	for (r = 0; r < TW_BIG_PX; r++)
		rows[r] = g->px[r];
	return known ? (int)strlen(g->px[0]) : -(int)strlen(g->px[0]);
}

/* see ui_present.h */
const char *
tw_big_charset(void)
{
	static char set[FONT_N + 1];
	size_t i;

	for (i = 0; i < FONT_N; i++)
		set[i] = font[i].ch;
	set[FONT_N] = 0;
	return set;
}

/* Circled numbers ① … ⑳: the number they stand for, else 0. */
static int
circled(unsigned long cp)
{
	return cp >= 0x2460 && cp <= 0x2473 ? (int)(cp - 0x2460 + 1) : 0;
}

/* see ui_present.h */
int
tw_big_known(const char *s)
{
	unsigned long cp;

	while (*s) {
		s += tw_ui_utf8_decode(s, &cp);
		if (!circled(cp) && glyph_of(cp) == NULL)
			return 0;
	}
	return 1;
}

/* see ui_present.h */
int
tw_big_rows(tw_big_mode mode)
{
	return mode == TW_BIG_HALF ? (TW_BIG_PX + 1) / 2 : TW_BIG_PX;
}

/* Pixel width of one item (a glyph, or a badge: the digits with a pixel
 * of border on each side); draws it at column x of the canvas when
 * canvas is not NULL (stride w). */
static int
item(unsigned long cp, char *canvas, int w, int x)
{
	const char *px[TW_BIG_PX];
	int n = circled(cp), gw, r, c;

	if (n) {
		char digits[4];
		int k, iw = 0, dx;
		snprintf(digits, sizeof digits, "%d", n);
		for (k = 0; digits[k]; k++)
			iw += (k ? 1 : 0) + abs(tw_big_glyph((unsigned char)digits[k], px));
		if (canvas) {
			/* A filled badge, corners rounded, the digits cut out one
			 * pixel lower than they stand in text, so the border is even. */
			for (r = 0; r < TW_BIG_PX; r++)
				for (c = 0; c < iw + 2; c++)
					canvas[r * w + x + c] = (r == 0 || r == TW_BIG_PX - 1)
						&& (c == 0 || c == iw + 1) ? '.' : '#';
			for (k = 0, dx = x + 1; digits[k]; k++) {
				gw = abs(tw_big_glyph((unsigned char)digits[k], px));
				for (r = 0; r < 5; r++)
					for (c = 0; c < gw; c++)
						if (px[r][c] == '#')
							canvas[(r + 1) * w + dx + c] = '.';
				dx += gw + 1;
			}
		}
		return iw + 2;
	}
	gw = abs(tw_big_glyph(cp, px));
	if (canvas)
		for (r = 0; r < TW_BIG_PX; r++)
			for (c = 0; c < gw; c++)
				canvas[r * w + x + c] = px[r][c];
	return gw;
}

/* Pixel width of s: its items, one pixel apart. */
static int
px_width(const char *s)
{
	unsigned long cp;
	int w = 0, first = 1;

	while (*s) {
		s += tw_ui_utf8_decode(s, &cp);
		w += (first ? 0 : 1) + item(cp, NULL, 0, 0);
		first = 0;
	}
	return w;
}

/* see ui_present.h */
int
tw_big_width(const char *s, tw_big_mode mode)
{
	int w = px_width(s);

	return mode == TW_BIG_FULL || mode == TW_BIG_ASCII2 ? 2 * w : w;
}

/* see ui_present.h */
int
tw_big_render(const char *s, tw_big_mode mode, char **rows)
{
	int w = px_width(s), n = tw_big_rows(mode), r, c, x = 0, first = 1;
	char *canvas = malloc((size_t)(w ? w : 1) * TW_BIG_PX);
	const char *p = s;
	unsigned long cp;

	if (canvas == NULL)
		return -1;
	memset(canvas, '.', (size_t)w * TW_BIG_PX);
	while (*p) {
		p += tw_ui_utf8_decode(p, &cp);
		x += first ? 0 : 1;
		x += item(cp, canvas, w, x);
		first = 0;
	}
	for (r = 0; r < n; r++) {
		/* 3 bytes per column is the most a mode needs (a half block). */
		char *o = malloc((size_t)w * 6 + 1), *q = o;
		if (o == NULL) {
			while (r-- > 0)
				free(rows[r]);
			free(canvas);
			return -1;
		}
		for (c = 0; c < w; c++) {
			int on = canvas[(mode == TW_BIG_HALF ? 2 * r : r) * w + c] == '#';
			int low = mode == TW_BIG_HALF && 2 * r + 1 < TW_BIG_PX
				&& canvas[(2 * r + 1) * w + c] == '#';
			const char *cell;
			switch (mode) {
			case TW_BIG_HALF:
				cell = on && low ? "█" : on ? "▀" : low ? "▄" : " ";
				break;
			case TW_BIG_FULL: cell = on ? "██" : "  "; break;
			case TW_BIG_ASCII2: cell = on ? "##" : "  "; break;
			default: cell = on ? "#" : " "; break;
			}
			q += sprintf(q, "%s", cell);
		}
		rows[r] = o;
	}
	free(canvas);
	return n;
}

/* ---- titles --------------------------------------------------------------- */

/* see ui_present.h */
const char *
tw_present_summary(const char *title)
{
	/* The lessons' two separators: " — " (English, and most Chinese
	 * titles) and the Chinese double dash "——" (tls13.txt, capture.txt). */
	static const char *const seps[] = { " — ", "——" };
	const char *best = NULL;
	size_t k, len = 0;

	for (k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		const char *d = strstr(title, seps[k]);
		if (d && (best == NULL || d < best)) {
			best = d;
			len = strlen(seps[k]);
		}
	}
	return best && best[len] ? best + len : title;
}

/* ---- the screen ----------------------------------------------------------- */

/* Add a piece of text; it is copied (made ASCII when asked). */
static void
add(tw_present *p, int y, int x, tw_prole role, const char *text, int ascii)
{
	char *t;

	if (p->oom)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		tw_pcell *c = realloc(p->cell, cap * sizeof *c);
		if (c == NULL) {
			p->oom = 1;
			return;
		}
		p->cell = c;
		p->cap = cap;
	}
	t = ascii ? tw_ui_ascii_text(text) : strdup(text);
	if (t == NULL) {
		p->oom = 1;
		return;
	}
	p->cell[p->n].y = y;
	p->cell[p->n].x = x < 0 ? 0 : x;
	p->cell[p->n].role = role;
	p->cell[p->n].text = t;
	p->n++;
}

/* Display width of text as it will be drawn. */
static int
width_of(const char *text, int ascii)
{
	char *t;
	int w;

	if (!ascii)
		return tw_ui_width(text, (size_t)-1);
	t = tw_ui_ascii_text(text);
	w = t ? tw_ui_width(t, (size_t)-1) : (int)strlen(text);
	free(t);
	return w;
}

/* Wrap text to width columns, at most max lines (the last one cut with
 * an ellipsis when more would follow). Lines are malloc'd into out;
 * returns how many, -1 on allocation failure. */
static int
wrap_lines(const char *text, int width, int max, int ascii, char **out)
{
	char *t = ascii ? tw_ui_ascii_text(text) : strdup(text);
	tw_wrapped w = { 0 };
	size_t i;
	int n = 0;

	if (t == NULL || tw_ui_wrap(t, width, 0, &w) < 0) {
		free(t);
		tw_wrapped_free(&w);
		return -1;
	}
	for (i = 0; i < w.n && n < max; i++) {
		int cut = i + 1 < w.n && n + 1 == max;
		size_t len = w.line[i].len;
		char *l;
		/* Room for the ellipsis: drop characters from the end. */
		while (cut && len > 0 && tw_ui_width(t + w.line[i].off, len) + 1 > width) {
			len--;
			while (len > 0 && ((unsigned char)t[w.line[i].off + len] & 0xc0) == 0x80)
				len--;
		}
		l = malloc(len + 4);
		if (l == NULL)
			break;
		memcpy(l, t + w.line[i].off, len);
		strcpy(l + len, cut ? (ascii ? "~" : "…") : "");
		out[n++] = l;
	}
	free(t);
	tw_wrapped_free(&w);
	return n;
}

static void
add_centred(tw_present *p, int y, int cols, tw_prole role, const char *line, int ascii)
{
	int w = width_of(line, ascii);

	add(p, y, w < cols ? (cols - w) / 2 : 0, role, line, ascii);
}

/* Repeat a glyph n times. */
static char *
repeat(const char *g, int n)
{
	size_t k = strlen(g);
	char *s = malloc(k * (size_t)(n > 0 ? n : 0) + 1), *q = s;

	if (s == NULL)
		return NULL;
	while (n-- > 0) {
		memcpy(q, g, k);
		q += k;
	}
	*q = 0;
	return s;
}

/* One arrow across the span between the lifelines, its label centred on
 * it: "──── ① ClientHello ────▶" or "◀──── ② ServerHello ────". */
static void
add_arrow(tw_present *p, int y, int x0, int span, tw_dir dir, const char *label,
	int heavy, int dropped, tw_prole role, int ascii)
{
	const char *line = ascii ? (heavy ? "#" : "-") : heavy ? "━" : "─";
	/* dropped on the path: a cross where it would have arrived */
	const char *head = dropped ? (ascii ? "X" : "✗")
		: dir == TW_C2S ? (ascii ? ">" : "▶") : ascii ? "<" : "◀";
	char lab[160], *l1, *l2, *s;
	int lw, left, right;

	snprintf(lab, sizeof lab, " %s ", label);
	lw = width_of(lab, ascii);
	if (lw > span - 3) {
		/* Too long to sit on the arrow (never for a step name at 72
		 * columns or more): the bare arrow, the label dropped. */
		lab[0] = 0;
		lw = 0;
	}
	left = (span - 1 - lw) / 2;
	right = span - 1 - lw - left;
	l1 = repeat(line, left);
	l2 = repeat(line, right);
	s = l1 && l2 ? malloc(strlen(l1) + strlen(l2) + strlen(lab) + 8) : NULL;
	if (s == NULL) {
		p->oom = 1;
	} else {
		if (dir == TW_C2S)
			sprintf(s, "%s%s%s%s", l1, lab, l2, head);
		else
			sprintf(s, "%s%s%s%s", head, l1, lab, l2);
		add(p, y, x0, role, s, ascii);
	}
	free(s);
	free(l1);
	free(l2);
}

/* The ladder rows of state s: allocated for every possible row. */
static tw_lrow *
ladder(const tw_ui_state *s, size_t *n)
{
	tw_lrow *rows = malloc((TW_MAX_STEPS + 8 + TW_MAX_ATTACK_EVENTS + s->m->tcp.npkt)
		* sizeof *rows);

	*n = rows ? tw_ladder_rows(s->m, s->acks, rows) : 0;
	return rows;
}

/* How many rows the title gets: the size of big letters in which nine
 * titles of the connection in ten fit the width (a capture's "ChangeCipherSpec
 * (compatibility)" need not), when those rows leave room for the rest;
 * else one row. Chosen for the connection, not for the step, so neither
 * the screen nor the size of the letters jumps from step to step. */
static int
title_rows(const tw_model *m, int cols, int room, int ascii)
{
	static const tw_big_mode utf8_modes[] = { TW_BIG_FULL, TW_BIG_HALF };
	static const tw_big_mode ascii_modes[] = { TW_BIG_ASCII2, TW_BIG_ASCII };
	const tw_big_mode *modes = ascii ? ascii_modes : utf8_modes;
	size_t i, fit;
	int k;

	for (k = 0; k < 2; k++) {
		if (tw_big_rows(modes[k]) > room)
			continue;
		for (i = 0, fit = 0; i < m->story.nstep; i++) {
			char t[96];
			/* The English titles: the Chinese ones of the closing and
			 * HTTP steps (关闭 1) are drawn plain, whatever the size. */
			tw_ui_step_title(&m->story.step[i], ascii, 0, t, sizeof t);
			fit += tw_big_known(t) && tw_big_width(t, modes[k]) <= cols - 4;
		}
		if (fit * 10 >= m->story.nstep * 9)
			return tw_big_rows(modes[k]);
	}
	return 1;
}

/* This step's title in the th rows given to titles: the biggest letters
 * that fit, centred in those rows, or one line of plain text. */
static void
add_title(tw_present *p, int y, int th, int cols, int mx, const char *title, tw_prole role,
	int ascii)
{
	static const tw_big_mode utf8_modes[] = { TW_BIG_FULL, TW_BIG_HALF };
	static const tw_big_mode ascii_modes[] = { TW_BIG_ASCII2, TW_BIG_ASCII };
	const tw_big_mode *modes = ascii ? ascii_modes : utf8_modes;
	char *one[1];
	int k;

	p->big = 0;
	for (k = 0; k < 2 && th > 1 && tw_big_known(title); k++) {
		char *big[TW_BIG_PX];
		int w = tw_big_width(title, modes[k]), nr, r;
		if (tw_big_rows(modes[k]) > th || w > cols - 4)
			continue;
		nr = tw_big_render(title, modes[k], big);
		if (nr < 0) {
			p->oom = 1;
			return;
		}
		for (r = 0; r < nr; r++) {
			add(p, y + (th - nr) / 2 + r, (cols - w) / 2, role, big[r], ascii);
			free(big[r]);
		}
		p->big = 1;
		p->big_mode = modes[k];
		return;
	}
	if (wrap_lines(title, cols - 2 * mx, 1, ascii, one) == 1) {
		add_centred(p, y + (th - 1) / 2, cols, role, one[0], ascii);
		free(one[0]);
	}
}

/* see ui_present.h */
int
tw_present_build(tw_present *p, const tw_ui_state *s, const tw_present_text *t,
	int rows, int cols, int ascii)
{
	const tw_model *m = s->m;
	const tw_step *st = &m->story.step[s->step];
	int R = rows - 1;                 /* the last row is the status line */
	int mx = cols >= 140 ? 4 : cols >= 100 ? 2 : 1;
	int y = 0, th, i, nsum = 0, nban = 0, spaced, hint, where, min_ladder;
	char title[96], *sum[3] = { 0 }, *ban[4] = { 0 };
	tw_lrow *lr;
	size_t n;

	memset(p, 0, sizeof *p);
	p->pitch = 1;
	tw_ui_step_title(st, ascii, s->zh, title, sizeof title);
	lr = ladder(s, &n);
	if (lr == NULL) {
		p->oom = 1;
		return -1;
	}
	min_ladder = n < 10 ? (int)n : 10;
	where = R >= 28;
	hint = R >= 28 && !s->present_details;
	spaced = R >= 34;

	/* What the text under the title needs, measured first: the big
	 * letters get the rows that are left. */
	if (!s->present_details) {
		int sw = cols - 2 * mx - (cols >= 100 ? cols / 6 : 0);
		if (t->summary && t->summary[0])
			nsum = wrap_lines(t->summary, sw, 3, ascii, sum);
		if (t->banner && t->banner[0])
			nban = wrap_lines(t->banner, sw, 4, ascii, ban);
		if (nsum < 0 || nban < 0)
			p->oom = 1;
	}
	{
		int below = s->present_details ? 1 + 8
			: 1 + (nsum ? nsum + (spaced ? nsum - 1 : 0) : 0) + nban + 1 + 1 + min_ladder + hint;
		th = title_rows(m, cols, R - where * 2 - below, ascii);
	}

	/* Where we are: the stage, small. */
	if (where) {
		char w[256];
		snprintf(w, sizeof w, "%s%s%s", t->stage[st->stage] ? t->stage[st->stage] : "",
			t->conn ? " · " : "", t->conn ? t->conn : "");
		add_centred(p, y, cols, TW_PR_DIM, w, ascii);
		y += 2;
	}
	/* The step's label and name. */
	add_title(p, y, th, cols, mx, title, st->dir == TW_C2S ? TW_PR_BIG_C2S : TW_PR_BIG_S2C, ascii);
	y += th + 1;

	if (s->present_details) {
		/* The explanation in a box with wide margins; ui.c fills it. */
		/* Lines of at most about 100 columns: longer ones are hard to
		 * follow from the back of a room. */
		int bx = cols >= 100 ? cols / 10 : 2, pad = cols >= 100 ? 3 : 1, vpad = R >= 30;
		if (bx < (cols - 110) / 2)
			bx = (cols - 110) / 2;
		p->box.y = y;
		p->box.x = bx;
		p->box.w = cols - 2 * bx;
		p->box.h = R - y;
		p->box.shown = 1;
		p->text_y = p->box.y + 1 + vpad;
		p->text_x = p->box.x + 1 + pad;
		p->text_w = p->box.w - 2 - 2 * pad;
		p->text_h = p->box.h - 2 - 2 * vpad;
		free(lr);
		return p->oom ? -1 : 0;
	}

	/* The short summary, large in the sense a terminal allows: bold,
	 * centred, a blank row between its lines when there is room. */
	for (i = 0; i < nsum; i++) {
		add_centred(p, y, cols, TW_PR_HEAD, sum[i], ascii);
		y += 1 + (spaced && i + 1 < nsum);
		free(sum[i]);
	}
	for (i = 0; i < nban; i++) {
		add_centred(p, y++, cols, TW_PR_BAD, ban[i], ascii);
		free(ban[i]);
	}
	y++;

	/* The ladder: the two hosts as columns at the edges, their lifelines
	 * down the screen, one arrow a step across the whole width. */
	{
		int cw = width_of(t->client, ascii), sw = width_of(t->server, ascii);
		int lx = mx + cw / 2, rx = cols - mx - sw + sw / 2, span = rx - lx - 1;
		int vis, top = 0, cur = 0, k, yy, extra = 0, last;
		int ypos[TW_MAX_STEPS * 2 + 8 + TW_MAX_ATTACK_EVENTS];
		const char *life = ascii ? "|" : "│";

		add(p, y, mx, TW_PR_CLIENT, t->client, ascii);
		add(p, y, cols - mx - sw, TW_PR_SERVER, t->server, ascii);
		y++;
		p->ladder_y = y;
		p->ladder_h = R - hint - y;
		if (p->ladder_h < 1)
			p->ladder_h = 1;
		p->pitch = (int)n * 2 <= p->ladder_h ? 2 : 1;
		vis = p->ladder_h / p->pitch;
		for (k = 0; k < (int)n; k++)
			if (lr[k].kind == TW_LROW_STEP && lr[k].step == s->step)
				cur = k;
		if ((int)n > vis) {
			/* The current arrow a third of the way down, so what comes
			 * next is on screen too. */
			top = cur - (vis - 1) / 3;
			if (top > (int)n - vis)
				top = (int)n - vis;
			if (top < 0)
				top = 0;
		} else {
			/* All of it fits: the rows left over go before the stage
			 * separators, one each, so the stages stand apart. */
			extra = p->ladder_h - (int)n * p->pitch;
			vis = (int)n;
		}
		for (k = top, yy = p->ladder_y; k < top + vis; k++) {
			if (extra > 0 && k > top && lr[k].kind == TW_LROW_STAGE) {
				yy++;
				extra--;
			}
			yy += p->pitch - 1;
			ypos[k - top] = yy++;
		}
		last = yy - 1;
		for (yy = p->ladder_y; yy <= last; yy++) {
			/* Arrows in the lifelines say there is more above or below. */
			const char *g = life;
			if (yy == p->ladder_y && top > 0)
				g = ascii ? "^" : "▲";
			if (yy == last && top + vis < (int)n)
				g = ascii ? "v" : "▼";
			add(p, yy, lx, TW_PR_LIFE, g, ascii);
			add(p, yy, rx, TW_PR_LIFE, g, ascii);
		}
		for (k = top; k < (int)n && k < top + vis; k++) {
			const tw_lrow *r = &lr[k];
			int ry = ypos[k - top];
			char lab[128];
			int lw;

			switch (r->kind) {
			case TW_LROW_STAGE: {
				/* A double line across the lifelines: a stage is not a
				 * message, and must not look like one. */
				int sx = mx, sl = cols - 2 * mx;
				char *sep = repeat(ascii ? "=" : "═", sl);
				if (sep == NULL) {
					p->oom = 1;
					break;
				}
				add(p, ry, sx, TW_PR_LIFE, sep, ascii);
				free(sep);
				snprintf(lab, sizeof lab, " %s ", t->stage[r->stage] ? t->stage[r->stage] : "");
				lw = width_of(lab, ascii);
				if (lw <= sl)
					add(p, ry, sx + (sl - lw) / 2, TW_PR_HEAD, lab, ascii);
				break;
			}
			case TW_LROW_ATTACK:
				snprintf(lab, sizeof lab, "%s %s", ascii ? "!" : "⚡", t->attacker);
				lw = width_of(lab, ascii);
				add(p, ry, lx + 1 + (span > lw ? (span - lw) / 2 : 0), TW_PR_BAD, lab, ascii);
				break;
			case TW_LROW_FAIL:
				/* ✗ beside the side that stopped; no arrow: nothing was sent. */
				snprintf(lab, sizeof lab, "%s %s", ascii ? "X" : "✗",
					m->failure.alert_step >= 0 ? t->stops : t->stops_silent);
				lw = width_of(lab, ascii);
				add(p, ry, r->dir == TW_C2S ? lx + 2 : rx - 1 - lw, TW_PR_BAD, lab, ascii);
				break;
			case TW_LROW_ACK:
				add_arrow(p, ry, lx + 1, span, r->dir, "ACK", 0, 0, TW_PR_DIM, ascii);
				break;
			default: {
				int curr = r->step == s->step;
				tw_ui_step_title(&m->story.step[r->step], ascii, s->zh, lab, sizeof lab);
				if (tw_ui_step_encrypted(m, r->step))
					snprintf(lab + strlen(lab), sizeof lab - strlen(lab), "%s",
						ascii ? " *" : " 🔒");
				add_arrow(p, ry, lx + 1, span, r->dir, lab, curr, r->dropped,
					curr ? TW_PR_CUR : r->step > s->step ? TW_PR_FUTURE
					: r->dir == TW_C2S ? TW_PR_CLIENT : TW_PR_SERVER, ascii);
				break;
			}
			}
		}
		/* The scroll marks again, over a stage line that took the
		 * ladder's first or last row and drew across the lifelines. */
		if (top > 0 && lr[top].kind == TW_LROW_STAGE) {
			add(p, p->ladder_y, lx, TW_PR_LIFE, ascii ? "^" : "▲", ascii);
			add(p, p->ladder_y, rx, TW_PR_LIFE, ascii ? "^" : "▲", ascii);
		}
		if (top + vis < (int)n && lr[top + vis - 1].kind == TW_LROW_STAGE) {
			add(p, last, lx, TW_PR_LIFE, ascii ? "v" : "▼", ascii);
			add(p, last, rx, TW_PR_LIFE, ascii ? "v" : "▼", ascii);
		}
		if (hint)
			add_centred(p, R - 1, cols, TW_PR_DIM, t->hint, ascii);
	}
	free(lr);
	return p->oom ? -1 : 0;
}

/* see ui_present.h */
void
tw_present_free(tw_present *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->cell[i].text);
	free(p->cell);
	memset(p, 0, sizeof *p);
}
