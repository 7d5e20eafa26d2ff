/*
 * ui_knows.h — the who-knows-what view's layout and text, without curses.
 *
 * `w` opens it over the walkthrough: three columns (client, server,
 * eavesdropper) with what each knows after the current step (knows.h),
 * what this step taught each marked "+" and drawn as new, and under the
 * eavesdropper what it lacks, marked "✗" (ASCII "X"). The step keys still
 * move while it is open, so a teacher can walk a class through it. ui.c
 * only draws the rectangles and documents computed here.
 */
#ifndef TW_UI_KNOWS_H
#define TW_UI_KNOWS_H

#include "knows.h"
#include "model.h"
#include "ui_logic.h"

typedef struct {
	tw_rect box;                 /* the whole view, its title in the top border */
	int head_y;                  /* the column headers */
	int body_y, body_h;          /* the columns' rows */
	int col_x[TW_PARTIES], col_w;
	int sep_x[TW_PARTIES - 1];   /* the vertical lines between columns */
	int legend_y;                /* one line of legend inside the bottom border */
	int brief;                   /* columns too narrow for the long "how" texts */
} tw_knows_layout;

/* Lay the view out on a terminal of rows × cols (the status line below). */
void tw_ui_knows_layout(tw_knows_layout *kl, int rows, int cols);

/* Fill cols[p] (each initialised by the caller) with party p's column at
 * step: lines at most width columns. A TLS 1.3 capture gets the note in
 * cols[0] alone. */
void tw_ui_knows(const tw_model *m, int step, int zh, int ascii, int width, int brief,
	tw_doc cols[TW_PARTIES]);

/* The view scrolls over the columns' rows, then one blank row and the
 * summary's rows (the summary is the lesson of the view: it scrolls into
 * sight rather than being left out when the columns fill the screen).
 * Returns the largest first row; a row index i < col_rows is a column row,
 * i > col_rows a summary row. */
int tw_ui_knows_maxtop(const tw_knows_layout *kl, int col_rows, int sum_rows);

/* Below the columns: the slides' "目前为止，通过明文共享了…"
 * for step — what travelled in clear, what the two sides share and the
 * eavesdropper lacks, what one side alone holds. */
void tw_ui_knows_summary(const tw_model *m, int step, int zh, int ascii, int width, tw_doc *d);

/* The view's title for step ("Who knows what after ⑥ ClientKeyExchange"). */
void tw_ui_knows_title(const tw_model *m, int step, int zh, int ascii, char *buf, size_t size);

/* The legend line. */
const char *tw_ui_knows_legend(int zh, int brief);

/* Narrow columns say how a value was learned in one word ("own ①",
 * "held"): the sentence that says what each word means, for the lines
 * under the columns. */
const char *tw_ui_knows_abbrevs(int zh);

#endif
