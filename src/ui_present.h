/*
 * ui_present.h — presenter mode (P, --present), without curses.
 *
 * For a teacher on a projector: the current step's label and name in big
 * letters, its short summary (the lesson title's part after " — ", as the
 * lessons give it for this run), and the ladder drawn across the whole
 * width, one arrow a step, the current one emphasised; the full
 * explanation only when asked for (Enter or d), in a box with wide
 * margins. ui.c draws what this file lays out: a list of pieces of text,
 * each at a screen position with a role, so a test can check that every
 * piece fits the terminal in every size and language.
 *
 * The big letters are this program's own bitmap font: 7 pixel rows (caps
 * on rows 0–4, descenders on 5–6), 1 to 5 pixels wide, drawn with
 * half-block characters (two pixels a row), full blocks (a pixel two
 * columns wide) or '#' under --ascii. Circled numbers (① … ⑳) become a
 * filled badge with the digits cut out.
 */
#ifndef TW_UI_PRESENT_H
#define TW_UI_PRESENT_H

#include <stddef.h>
#include "ui_logic.h"

/* ---- big letters --------------------------------------------------------- */
#define TW_BIG_PX 7        /* pixel rows of every glyph */

typedef enum {
	TW_BIG_HALF,       /* a pixel is one column, half a row: ▀ ▄ █ (4 rows) */
	TW_BIG_FULL,       /* a pixel is two columns, one row: ██ (7 rows) */
	TW_BIG_ASCII,      /* a pixel is one column, one row: # (7 rows) */
	TW_BIG_ASCII2      /* a pixel is two columns, one row: ## (7 rows) */
} tw_big_mode;

/* The glyph of code point cp: its width in pixels, rows[0..TW_BIG_PX-1]
 * set to strings of that many '#' (on) and '.' (off). A code point
 * without a glyph gets the '?' glyph and the function returns its width
 * negated, so a caller can tell. */
int tw_big_glyph(unsigned long cp, const char *rows[TW_BIG_PX]);

/* Every character the font has, as one ASCII string (for the tests). */
const char *tw_big_charset(void);

/* Whether every character of UTF-8 s has a glyph (① … ⑳ included). */
int tw_big_known(const char *s);

/* Screen rows the letters take in mode. */
int tw_big_rows(tw_big_mode mode);

/* Display columns of s in big letters (one pixel of space between two
 * glyphs). Unknown characters count as '?'. */
int tw_big_width(const char *s, tw_big_mode mode);

/* Draw s: rows[0 .. tw_big_rows(mode)-1] get malloc'd strings, each
 * exactly tw_big_width(s, mode) columns wide (UTF-8 block characters in
 * the HALF and FULL modes, ASCII otherwise). Returns the row count, or
 * -1 when memory ran out (nothing to free then). */
int tw_big_render(const char *s, tw_big_mode mode, char **rows);

/* ---- the presenter screen ---------------------------------------------- */
typedef enum {
	TW_PR_TEXT, TW_PR_DIM, TW_PR_HEAD, TW_PR_BAD, TW_PR_CLIENT, TW_PR_SERVER,
	TW_PR_CUR,          /* the current step's arrow */
	TW_PR_FUTURE,       /* a step not reached yet */
	TW_PR_LIFE,         /* a host's lifeline, a stage separator */
	TW_PR_BIG_C2S, TW_PR_BIG_S2C    /* the big title, in the sender's colour */
} tw_prole;

typedef struct {
	int y, x;
	tw_prole role;
	char *text;         /* owned; UTF-8, or ASCII when ascii was asked for */
} tw_pcell;

/* The words the screen uses, in the language shown (UTF-8; the builder
 * makes them ASCII when asked). */
typedef struct {
	const char *summary;      /* the step's short summary, or NULL */
	const char *banner;       /* the failure sentence at this step, or NULL */
	const char *client, *server;
	const char *stage[5];     /* by tw_stage: [1] TCP … [4] closing */
	const char *stops, *stops_silent, *attacker;
	const char *hint;         /* the keys of this mode, one line */
	const char *conn;         /* which connection (--resume), or NULL */
} tw_present_text;

typedef struct {
	tw_pcell *cell;
	size_t n, cap;
	int oom;
	int big;                  /* the title in big letters (mode in big_mode) */
	tw_big_mode big_mode;
	int pitch;                /* screen rows per ladder row (1 or 2) */
	int ladder_y, ladder_h;   /* the arrows' rows */
	/* details shown: the box (border included) and the text area in it */
	tw_rect box;
	int text_y, text_x, text_h, text_w;
} tw_present;

/* Lay out the presenter screen of state s for a terminal of rows × cols
 * (the last row is left to the status line). ascii: ASCII only (circled
 * numbers as "(6)", '#' letters). Returns -1 when memory ran out. */
int tw_present_build(tw_present *p, const tw_ui_state *s, const tw_present_text *t,
	int rows, int cols, int ascii);
void tw_present_free(tw_present *p);

/* The short summary in a rendered step lesson title: what follows its
 * first " — " ("the client says what it can do"), or the whole title
 * when it has none. */
const char *tw_present_summary(const char *title);


#endif
