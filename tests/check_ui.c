/*
 * check_ui.c — the terminal UI's decisions, tested without a terminal:
 * layout at several sizes, key bindings and help, navigation and focus,
 * the ladder rows, the field <-> byte mapping of the hex pane, text
 * wrapping by display width (CJK included) and the secrets pane's text.
 */
#include "config.h"
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include "testutil.h"
#include "ui_logic.h"
#include "ui_knows.h"
#include "ui_present.h"
#include "ui_secrets.h"
#include "scenario.h"
#include "lesson.h"

static tw_model model;

static void
setup(void)
{
	ck_assert_msg(setlocale(LC_ALL, "C.UTF-8") != NULL, "the C.UTF-8 locale is needed");
	tu_build(&model, 1);
}

static void
teardown(void)
{
	tw_model_free(&model);
}

static int
step_index(const char *id)
{
	int i = tw_story_find(&model.story, id);
	ck_assert_msg(i >= 0, "no step %s", id);
	return i;
}

/* ---- layout ---- */

static int
overlap(const tw_rect *a, const tw_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w
		&& a->y < b->y + b->h && b->y < a->y + a->h;
}

static void
check_layout(int rows, int cols)
{
	tw_layout l;
	int p, q, nshown = 0;

	tw_layout_compute(&l, rows, cols, TW_PANE_HEX);
	ck_assert(!l.too_small);
	ck_assert_int_eq(l.status_y, rows - 1);
	for (p = 0; p < TW_PANE_COUNT; p++) {
		const tw_rect *r = &l.pane[p];
		if (!r->shown)
			continue;
		nshown++;
		ck_assert_msg(r->x >= 0 && r->y >= 0 && r->x + r->w <= cols && r->y + r->h <= rows - 1,
			"%dx%d: pane %d (%d,%d %dx%d) leaves the screen", cols, rows, p, r->x, r->y, r->w, r->h);
		ck_assert_msg(r->h >= 4 && r->w >= 20, "%dx%d: pane %d too small (%dx%d)",
			cols, rows, p, r->w, r->h);
		for (q = p + 1; q < TW_PANE_COUNT; q++)
			if (l.pane[q].shown)
				ck_assert_msg(!overlap(r, &l.pane[q]), "%dx%d: panes %d and %d overlap",
					cols, rows, p, q);
	}
	/* The hex lines fit in the hex pane. */
	ck_assert_msg(tw_hex_width(l.hex_per_row) <= l.pane[TW_PANE_HEX].w - 2,
		"%dx%d: %d bytes per row do not fit", cols, rows, l.hex_per_row);
	if (l.compact) {
		/* The ladder and exactly one tab. */
		ck_assert_int_eq(nshown, 2);
		ck_assert(l.pane[TW_PANE_LADDER].shown && l.pane[TW_PANE_HEX].shown);
		/* The Fields tab shows the field's bytes in a compact form. */
		ck_assert_msg(tw_hex_width(l.field_hex_per_row) <= l.pane[TW_PANE_FIELDS].w - 3,
			"%dx%d: %d field bytes per row do not fit", cols, rows, l.field_hex_per_row);
	} else {
		/* Every pane once (the ladder is the only list of steps), and
		 * 16 bytes a row. */
		ck_assert_int_eq(nshown, TW_PANE_COUNT);
		ck_assert_int_eq(l.hex_per_row, 16);
	}
}

START_TEST(test_layout_sizes)
{
	tw_layout l;

	check_layout(24, 80);
	check_layout(20, 72);
	check_layout(30, 100);
	check_layout(40, 120);
	check_layout(48, 160);
	check_layout(60, 200);
	tw_layout_compute(&l, 24, 80, TW_PANE_EXPLAIN);
	ck_assert(l.compact);
	tw_layout_compute(&l, 48, 160, TW_PANE_EXPLAIN);
	ck_assert(!l.compact);
	/* Large terminals give the panes more room. */
	ck_assert_int_gt(l.pane[TW_PANE_SECRETS].h, 10);
	tw_layout_compute(&l, 15, 60, TW_PANE_EXPLAIN);
	ck_assert(l.too_small);
	tw_layout_compute(&l, 24, 71, TW_PANE_EXPLAIN);
	ck_assert(l.too_small);
	tw_layout_compute(&l, 19, 80, TW_PANE_EXPLAIN);
	ck_assert(l.too_small);
}
END_TEST

/* The quiz box: beside the ladder and touching it (no empty strip between
 * them, none at the right edge) when the ladder leaves 80 columns; over
 * the whole width otherwise and in presenter mode; the text never wider
 * than the box's inside nor than TW_QUIZ_TEXT_MAX. */
/* The ladders name what the man in the middle did: it dropped the
 * server's close_notify (truncation), sent the request twice (replay),
 * cut the strong suites (downgrade) — not "changes it" for all of them. */
START_TEST(test_attack_words)
{
	static const struct { const char *scenario, *en, *zh; } want[] = {
		{ "truncation", "drops", "丢弃" },
		{ "replay", "again", "又发" },
		{ "downgrade", "strips", "删去" },
		{ "tamper-finished", "changes", "篡改" },
	};
	size_t i, k, n, natk;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		tw_model m;
		tw_options o;
		tw_err e;
		tw_lrow rows[TW_MAX_STEPS * 2 + 8 + TW_MAX_ATTACK_EVENTS];

		memset(&o, 0, sizeof o);
		o.seed = 1;
		o.seeded = 1;
		ck_assert_ptr_nonnull(tw_scenario_find(want[i].scenario));
		tw_scenario_find(want[i].scenario)->apply(&o);
		tw_err_clear(&e);
		tw_model_build(&m, &o, &e);    /* these connections fail: -1 */
		ck_assert_msg(strstr(tw_ui_attack_words(&m, 0), want[i].en) != NULL,
			"%s: '%s'", want[i].scenario, tw_ui_attack_words(&m, 0));
		ck_assert_msg(strstr(tw_ui_attack_words(&m, 1), want[i].zh) != NULL,
			"%s: '%s'", want[i].scenario, tw_ui_attack_words(&m, 1));
		n = tw_ladder_rows(&m, 0, rows);
		for (k = 0, natk = 0; k < n; k++) {
			natk += rows[k].kind == TW_LROW_ATTACK;
			/* Only the server's close_notify is dropped (truncation),
			 * only the request sent again (replay). */
			if (rows[k].kind != TW_LROW_STEP)
				continue;
			ck_assert_int_eq(rows[k].dropped, strcmp(want[i].scenario, "truncation") == 0
				&& strcmp(m.story.step[rows[k].step].id, "tls-server-close-notify") == 0);
			ck_assert_int_eq(rows[k].copied, strcmp(want[i].scenario, "replay") == 0
				&& strcmp(m.story.step[rows[k].step].id, "http-request") == 0);
		}
		ck_assert_msg(natk >= 1, "%s: no attacker row in the ladder", want[i].scenario);
		tw_model_free(&m);
	}
}
END_TEST

START_TEST(test_layout_quiz)
{
	static const int sizes[][2] = { { 20, 72 }, { 24, 80 }, { 30, 100 }, { 36, 120 },
		{ 48, 160 }, { 60, 220 } };
	size_t k;
	int over;

	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (over = 0; over < 2; over++) {
			tw_layout l;
			tw_rect r, *lad = &l.pane[TW_PANE_LADDER];
			int tw;
			tw_layout_compute(&l, sizes[k][0], sizes[k][1], TW_PANE_EXPLAIN);
			tw_layout_quiz(&l, over, &r, &tw);
			ck_assert_int_eq(r.y, 0);
			ck_assert_int_eq(r.h, l.status_y);
			ck_assert_int_eq(r.x + r.w, l.cols);
			if (over || !lad->shown || l.cols - (lad->x + lad->w) < 80)
				ck_assert_int_eq(r.x, 0);
			else
				ck_assert_int_eq(r.x, lad->x + lad->w);
			ck_assert_int_le(tw, r.w - 4);
			ck_assert_int_le(tw, TW_QUIZ_TEXT_MAX);
			ck_assert_int_ge(tw, 60);
		}
	/* 160x48: the ladder beside the quiz, the two touching */
	{
		tw_layout l;
		tw_rect r;
		int tw;
		tw_layout_compute(&l, 48, 160, TW_PANE_EXPLAIN);
		tw_layout_quiz(&l, 0, &r, &tw);
		ck_assert_int_gt(r.x, 0);
		ck_assert_int_eq(r.x, l.pane[TW_PANE_LADDER].x + l.pane[TW_PANE_LADDER].w);
		ck_assert_int_eq(tw, TW_QUIZ_TEXT_MAX);
	}
}
END_TEST

/* The who-knows-what view scrolls down to its summary: at 72x20 the
 * columns after ⑥ fill the body and the summary used to be left out with
 * no scroll mark; now the last rows reachable are the summary's. */
START_TEST(test_knows_scrolls_to_summary)
{
	tw_knows_layout kl;
	tw_doc cols[TW_PARTIES], sum;
	int p, rows = 0, top, step = step_index("tls-client-key-exchange");

	tw_ui_knows_layout(&kl, 20, 72);
	for (p = 0; p < TW_PARTIES; p++)
		tw_doc_init(&cols[p]);
	tw_doc_init(&sum);
	tw_ui_knows(&model, step, 1, 0, kl.col_w - 2, kl.brief, cols);
	tw_ui_knows_summary(&model, step, 1, 0, kl.box.w - 4, &sum);
	for (p = 0; p < TW_PARTIES; p++)
		if ((int)cols[p].n > rows)
			rows = (int)cols[p].n;
	ck_assert_int_gt((int)sum.n, 0);
	ck_assert_msg(rows + 1 + (int)sum.n > kl.body_h, "the case no longer overflows: test moot");
	top = tw_ui_knows_maxtop(&kl, rows, (int)sum.n);
	ck_assert_int_gt(top, 0);
	/* at the bottom, the summary's last row is the body's last row */
	ck_assert_int_eq(rows + 1 + (int)sum.n - 1 - top, kl.body_h - 1);
	/* when everything fits, no scrolling */
	ck_assert_int_eq(tw_ui_knows_maxtop(&kl, 3, 2), 0);
	ck_assert_int_eq(tw_ui_knows_maxtop(&kl, kl.body_h, 0), 0);
	ck_assert_int_eq(tw_ui_knows_maxtop(&kl, kl.body_h, 1), 2);
	for (p = 0; p < TW_PARTIES; p++)
		tw_doc_free(&cols[p]);
	tw_doc_free(&sum);
}
END_TEST

START_TEST(test_layout_hit_and_tabs)
{
	tw_layout l;
	const char *titles[TW_PANE_COUNT] = { 0 };
	tw_ui_state s;

	titles[TW_PANE_EXPLAIN] = "Explanation";
	titles[TW_PANE_FIELDS] = "字段";
	titles[TW_PANE_HEX] = "Bytes";
	titles[TW_PANE_SECRETS] = "Secrets";
	tw_layout_compute(&l, 24, 80, TW_PANE_EXPLAIN);
	tw_layout_tabs(&l, titles);
	ck_assert_int_eq(l.tab_w[TW_PANE_FIELDS], 4 + 2);   /* CJK: two columns each */
	ck_assert_int_eq(tw_layout_hit(&l, 5, 2), TW_PANE_LADDER);
	ck_assert_int_eq(tw_layout_hit(&l, 5, 50), TW_PANE_EXPLAIN);
	ck_assert_int_eq(tw_layout_hit(&l, 23, 5), -1);     /* the status line */
	/* A click on a tab label selects that tab. */
	ck_assert_int_eq(tw_ui_state_init(&s, &model, 0), 0);
	tw_ui_click(&s, &l, 0, l.tab_x[TW_PANE_SECRETS] + 1);
	ck_assert_int_eq(s.tab, TW_PANE_SECRETS);
	ck_assert_int_eq(s.focus, TW_PANE_SECRETS);
	/* A click on a ladder row selects its step: row 0 is the header,
	 * row 1 the TCP stage, row 2 the SYN, row 3 the SYN/ACK. */
	tw_ui_click(&s, &l, 1 + 3, 5);
	ck_assert_int_eq(s.step, 1);
	ck_assert_int_eq(s.focus, TW_PANE_LADDER);
	tw_ui_state_free(&s);
}
END_TEST

/* ---- keys and help ---- */

START_TEST(test_keys_and_help)
{
	char keys[200];
	const char *help;
	size_t n, i;

	ck_assert_int_eq(tw_ui_key_request(TW_KEY_RIGHT), TW_REQ_RIGHT);
	ck_assert_int_eq(tw_ui_key_request('n'), TW_REQ_NEXT);
	ck_assert_int_eq(tw_ui_key_request(' '), TW_REQ_NEXT);
	ck_assert_int_eq(tw_ui_key_request('p'), TW_REQ_PREV);
	ck_assert_int_eq(tw_ui_key_request(TW_KEY_BACKSPACE), TW_REQ_PREV);
	ck_assert_int_eq(tw_ui_key_request('g'), TW_REQ_FIRST);
	ck_assert_int_eq(tw_ui_key_request('G'), TW_REQ_LAST);
	ck_assert_int_eq(tw_ui_key_request('7'), TW_REQ_NUMBER);
	ck_assert_int_eq(tw_ui_key_request(':'), TW_REQ_GOTO);
	ck_assert_int_eq(tw_ui_key_request('e'), TW_REQ_SHOW_EXPLAIN);
	ck_assert_int_eq(tw_ui_key_request('f'), TW_REQ_SHOW_FIELDS);
	ck_assert_int_eq(tw_ui_key_request('b'), TW_REQ_SHOW_BYTES);
	ck_assert_int_eq(tw_ui_key_request('s'), TW_REQ_SHOW_SECRETS);
	ck_assert_int_eq(tw_ui_key_request(TW_KEY_BTAB), TW_REQ_PREV_PANE);
	ck_assert_int_eq(tw_ui_key_request('a'), TW_REQ_ACKS);
	ck_assert_int_eq(tw_ui_key_request('L'), TW_REQ_LANG);
	ck_assert_int_eq(tw_ui_key_request('q'), TW_REQ_QUIT);
	ck_assert_int_eq(tw_ui_key_request('Z'), TW_REQ_NONE);
	/* The help has one line per request, each with its keys and text in
	 * both languages: generated from the same table as the bindings. */
	n = tw_ui_help_line(0, 0, 0, keys, sizeof keys, NULL);
	ck_assert_int_eq(n, TW_REQ_COUNT - 1);
	for (i = 0; i < n; i++) {
		tw_ui_help_line(i, 0, 0, keys, sizeof keys, &help);
		ck_assert_msg(keys[0] != 0, "request %zu has no key", i + 1);
		ck_assert(help && help[0]);
		tw_ui_help_line(i, 1, 1, keys, sizeof keys, &help);
		ck_assert(help && help[0]);
		ck_assert_msg(strspn(keys, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:?, ")
			== strlen(keys), "ASCII key names: '%s'", keys);
	}
	tw_ui_help_line(TW_REQ_NEXT - 1, 0, 0, keys, sizeof keys, &help);
	ck_assert_str_eq(keys, "n, Space");
	tw_ui_help_line(TW_REQ_RIGHT - 1, 0, 1, keys, sizeof keys, &help);
	ck_assert_str_eq(keys, "Right, l");
}
END_TEST

/* ---- navigation ---- */

static void
keys_str(tw_ui_state *s, const tw_layout *l, const char *k)
{
	for (; *k; k++)
		tw_ui_handle_key(s, l, *k == '\n' ? TW_KEY_ENTER : *k);
}

START_TEST(test_navigation)
{
	tw_ui_state s;
	tw_layout l;
	int last = (int)model.story.nstep - 1, i;

	tw_layout_compute(&l, 24, 80, TW_PANE_EXPLAIN);
	ck_assert_int_eq(tw_ui_state_init(&s, &model, 0), 0);
	ck_assert_int_eq(s.step, 0);
	tw_ui_handle_key(&s, &l, TW_KEY_LEFT);
	ck_assert_int_eq(s.step, 0);
	for (i = 0; i < last + 5; i++)
		tw_ui_handle_key(&s, &l, TW_KEY_RIGHT);
	ck_assert_int_eq(s.step, last);
	tw_ui_handle_key(&s, &l, 'p');
	ck_assert_int_eq(s.step, last - 1);
	tw_ui_handle_key(&s, &l, TW_KEY_HOME);
	ck_assert_int_eq(s.step, 0);
	tw_ui_handle_key(&s, &l, 'G');
	ck_assert_int_eq(s.step, last);
	tw_ui_handle_key(&s, &l, 'g');
	tw_ui_handle_key(&s, &l, ' ');
	tw_ui_handle_key(&s, &l, 'l');
	ck_assert_int_eq(s.step, 2);
	tw_ui_handle_key(&s, &l, TW_KEY_BACKSPACE);
	tw_ui_handle_key(&s, &l, 'h');
	ck_assert_int_eq(s.step, 0);
	/* ':' takes what --step takes: a position, a label, an id, or a bad
	 * value (a message names it). */
	keys_str(&s, &l, ":12\n");
	ck_assert_int_eq(s.step, 11);
	keys_str(&s, &l, ":tls-6\n");
	ck_assert_int_eq(s.step, step_index("tls-client-key-exchange"));
	keys_str(&s, &l, ":http-2\n");
	ck_assert_int_eq(s.step, step_index("http-response"));
	keys_str(&s, &l, ":tls-server-key-exchange\n");
	ck_assert_int_eq(s.step, step_index("tls-server-key-exchange"));
	keys_str(&s, &l, ":nope\n");
	ck_assert_int_eq(s.step, step_index("tls-server-key-exchange"));
	ck_assert_msg(strstr(s.message, "nope") != NULL, "message: %s", s.message);
	keys_str(&s, &l, ":99\n");
	ck_assert_int_eq(s.step, step_index("tls-server-key-exchange"));
	/* Esc cancels a prompt. */
	keys_str(&s, &l, ":3");
	ck_assert(s.prompting);
	tw_ui_handle_key(&s, &l, TW_KEY_ESC);
	ck_assert(!s.prompting);
	ck_assert_int_eq(s.step, step_index("tls-server-key-exchange"));
	/* Toggles. */
	tw_ui_handle_key(&s, &l, 'a');
	ck_assert(s.acks);
	tw_ui_handle_key(&s, &l, 'L');
	ck_assert(s.zh && s.lang_switch);
	tw_ui_handle_key(&s, &l, '?');
	ck_assert(s.help);
	tw_ui_handle_key(&s, &l, TW_KEY_DOWN);     /* scrolls the help, keeps it */
	ck_assert(s.help);
	tw_ui_handle_key(&s, &l, 'q');              /* closes the help, does not quit */
	ck_assert(!s.help && !s.quit);
	tw_ui_handle_key(&s, &l, 'q');
	ck_assert(s.quit);
	tw_ui_state_free(&s);
}
END_TEST

START_TEST(test_focus)
{
	tw_ui_state s;
	tw_layout l;
	tw_pane seen[TW_PANE_COUNT + 1];
	int i;

	ck_assert_int_eq(tw_ui_state_init(&s, &model, 3), 0);
	/* Compact: ladder, then the four tabs, then back to the ladder; the
	 * tab follows the focus. */
	tw_layout_compute(&l, 24, 80, s.tab);
	ck_assert_int_eq(s.focus, TW_PANE_LADDER);
	for (i = 0; i < 5; i++) {
		tw_ui_handle_key(&s, &l, TW_KEY_TAB);
		seen[i] = s.focus;
	}
	ck_assert_int_eq(seen[0], TW_PANE_EXPLAIN);
	ck_assert_int_eq(seen[1], TW_PANE_FIELDS);
	ck_assert_int_eq(s.tab, TW_PANE_FIELDS == seen[1] ? s.tab : s.tab);
	ck_assert_int_eq(seen[2], TW_PANE_HEX);
	ck_assert_int_eq(seen[3], TW_PANE_SECRETS);
	ck_assert_int_eq(seen[4], TW_PANE_LADDER);
	ck_assert_int_eq(s.tab, TW_PANE_SECRETS);   /* the last tab stays shown */
	tw_ui_handle_key(&s, &l, TW_KEY_BTAB);
	ck_assert_int_eq(s.focus, TW_PANE_SECRETS);
	/* One key shows a pane: s the secrets, from anywhere. */
	s.focus = TW_PANE_LADDER;
	s.tab = TW_PANE_EXPLAIN;
	tw_ui_handle_key(&s, &l, 's');
	ck_assert_int_eq(s.tab, TW_PANE_SECRETS);
	ck_assert_int_eq(s.focus, TW_PANE_SECRETS);
	tw_ui_handle_key(&s, &l, 'f');
	ck_assert_int_eq(s.tab, TW_PANE_FIELDS);
	tw_ui_handle_key(&s, &l, 'b');
	ck_assert_int_eq(s.tab, TW_PANE_HEX);
	tw_ui_handle_key(&s, &l, 'e');
	ck_assert_int_eq(s.focus, TW_PANE_EXPLAIN);
	ck_assert_int_eq(s.step, 3);
	/* Wide: all five panes. */
	tw_layout_compute(&l, 48, 160, s.tab);
	s.focus = TW_PANE_LADDER;
	for (i = 0; i < TW_PANE_COUNT; i++)
		tw_ui_handle_key(&s, &l, TW_KEY_TAB);
	ck_assert_int_eq(s.focus, TW_PANE_LADDER);
	/* Up/down in the ladder moves between steps. */
	tw_ui_handle_key(&s, &l, TW_KEY_DOWN);
	ck_assert_int_eq(s.step, 4);
	tw_ui_handle_key(&s, &l, 'k');
	ck_assert_int_eq(s.step, 3);
	/* In the field tree, the arrows open and close instead of stepping. */
	s.focus = TW_PANE_FIELDS;
	tw_ui_handle_key(&s, &l, TW_KEY_RIGHT);
	tw_ui_handle_key(&s, &l, TW_KEY_LEFT);
	ck_assert_int_eq(s.step, 3);
	tw_ui_state_free(&s);
}
END_TEST

/* The numbers typed are the numbers shown: a digit opens the step with
 * that label number in the current stage, found by stage and number (the
 * TLS steps are numbered from the messages seen, so no position is
 * assumed here). */
START_TEST(test_digits_follow_labels)
{
	tw_ui_state s;
	tw_layout l;
	size_t i;
	char lab[32];
	int ckx = step_index("tls-client-key-exchange");

	tw_layout_compute(&l, 24, 80, TW_PANE_EXPLAIN);
	ck_assert_int_eq(tw_ui_state_init(&s, &model, 0), 0);
	/* At every TLS step, 6 is ⑥ ClientKeyExchange. */
	ck_assert_str_eq(tw_step_label(&model.story.step[ckx], 0, lab, sizeof lab), "⑥");
	for (i = 0; i < model.story.nstep; i++) {
		if (model.story.step[i].stage != TW_STAGE_TLS)
			continue;
		tw_ui_goto(&s, (int)i);
		tw_ui_handle_key(&s, &l, 'j');      /* not a digit: no two-digit number */
		tw_ui_goto(&s, (int)i);
		tw_ui_handle_key(&s, &l, '6');
		ck_assert_msg(s.step == ckx, "6 at %s went to %s", model.story.step[i].id,
			model.story.step[s.step].id);
	}
	/* In the TCP stage, 1 to 3 are the TCP steps; a number TCP lacks is
	 * the TLS step. */
	tw_ui_goto(&s, step_index("tcp-ack"));
	tw_ui_handle_key(&s, &l, 'j');
	tw_ui_goto(&s, step_index("tcp-ack"));
	tw_ui_handle_key(&s, &l, '2');
	ck_assert_int_eq(s.step, step_index("tcp-syn-ack"));
	tw_ui_handle_key(&s, &l, TW_KEY_ESC);
	tw_ui_handle_key(&s, &l, '1');
	ck_assert_int_eq(s.step, step_index("tcp-syn"));
	tw_ui_handle_key(&s, &l, TW_KEY_ESC);
	tw_ui_handle_key(&s, &l, '4');
	ck_assert_int_eq(s.step, step_index("tls-server-key-exchange"));
	/* Two digits in a row: 1 then 0 is ⑩; 1 then 2 (no ⑫) is ②. */
	tw_ui_handle_key(&s, &l, '1');
	ck_assert_int_eq(s.step, step_index("tls-client-hello"));
	tw_ui_handle_key(&s, &l, '0');
	ck_assert_int_eq(s.step, step_index("tls-server-finished"));
	tw_ui_handle_key(&s, &l, '1');
	tw_ui_handle_key(&s, &l, '2');
	ck_assert_int_eq(s.step, step_index("tls-server-hello"));
	/* HTTP: 1 the request, 2 the response; 3 and on are TLS steps. */
	tw_ui_goto(&s, step_index("http-response"));
	tw_ui_handle_key(&s, &l, 'j');
	tw_ui_goto(&s, step_index("http-response"));
	tw_ui_handle_key(&s, &l, '1');
	ck_assert_int_eq(s.step, step_index("http-request"));
	tw_ui_handle_key(&s, &l, TW_KEY_ESC);
	tw_ui_handle_key(&s, &l, '6');
	ck_assert_int_eq(s.step, ckx);
	/* Closing: the numbers shown there ("close 3"). */
	tw_ui_goto(&s, step_index("tls-client-close-notify"));
	tw_ui_handle_key(&s, &l, 'j');
	tw_ui_goto(&s, step_index("tls-client-close-notify"));
	tw_ui_handle_key(&s, &l, '3');
	ck_assert_int_eq(s.step, step_index("tcp-client-fin"));
	/* 0 is no label anywhere: the step stays, a message says why. */
	tw_ui_handle_key(&s, &l, TW_KEY_ESC);
	tw_ui_handle_key(&s, &l, '0');
	ck_assert_int_eq(s.step, step_index("tcp-client-fin"));
	ck_assert_msg(strstr(s.message, "0") != NULL, "message: %s", s.message);
	tw_ui_state_free(&s);
}
END_TEST

/* A field explanation cut at the foot of the Fields pane is read on with
 * PgDn before PgDn pages the tree; PgUp goes back. */
START_TEST(test_field_info_pages)
{
	tw_ui_state s;
	tw_layout l;
	int cur;

	tw_layout_compute(&l, 24, 80, TW_PANE_FIELDS);
	ck_assert_int_eq(tw_ui_state_init(&s, &model, step_index("tls-client-hello")), 0);
	tw_ui_handle_key(&s, &l, 'f');
	ck_assert_int_eq(s.focus, TW_PANE_FIELDS);
	cur = s.fcur;
	s.info_more = 1;                /* as the drawing found it: cut */
	s.info_rows = 6;
	tw_ui_handle_key(&s, &l, TW_KEY_NPAGE);
	ck_assert_int_eq(s.info_top, 5);
	ck_assert_int_eq(s.fcur, cur);
	s.info_more = 0;                /* now the end is shown: PgUp reads back */
	tw_ui_handle_key(&s, &l, TW_KEY_PPAGE);
	ck_assert_int_eq(s.info_top, 0);
	ck_assert_int_eq(s.fcur, cur);
	tw_ui_handle_key(&s, &l, TW_KEY_NPAGE);   /* nothing cut: the tree pages */
	ck_assert_int_gt(s.fcur, cur);
	ck_assert_int_eq(s.info_top, 0);
	/* A click below the tree (on the explanation) selects no field. */
	s.tree_h = 4;
	s.top[TW_PANE_FIELDS] = 0;
	cur = s.fcur;
	tw_ui_click(&s, &l, l.pane[TW_PANE_FIELDS].y + 1 + 6, l.pane[TW_PANE_FIELDS].x + 5);
	ck_assert_int_eq(s.fcur, cur);
	tw_ui_click(&s, &l, l.pane[TW_PANE_FIELDS].y + 1 + 2, l.pane[TW_PANE_FIELDS].x + 5);
	ck_assert_int_eq(s.fcur, 2);
	tw_ui_state_free(&s);
}
END_TEST

START_TEST(test_step_labels)
{
	tw_stage st;
	int n;
	static const char *const bad[] = {
		"tls-", "tls-0", "tls-100", "tls-6x", "(6", "6", "", "tls-client-hello",
		"\xe2\x91\xaa", "\xe2\x91\xa5x", "tcp--1", "TLS-6", NULL
	};
	size_t i;

	ck_assert_int_eq(tw_story_parse_label("tls-6", &st, &n), 0);
	ck_assert(st == TW_STAGE_TLS && n == 6);
	ck_assert_int_eq(tw_story_parse_label("⑥", &st, &n), 0);
	ck_assert(st == TW_STAGE_TLS && n == 6);
	ck_assert_int_eq(tw_story_parse_label("⑩", &st, &n), 0);
	ck_assert(st == TW_STAGE_TLS && n == 10);
	ck_assert_int_eq(tw_story_parse_label("(10)", &st, &n), 0);
	ck_assert(st == TW_STAGE_TLS && n == 10);
	ck_assert_int_eq(tw_story_parse_label("tcp-2", &st, &n), 0);
	ck_assert(st == TW_STAGE_TCP && n == 2);
	ck_assert_int_eq(tw_story_parse_label("http-1", &st, &n), 0);
	ck_assert(st == TW_STAGE_HTTP && n == 1);
	ck_assert_int_eq(tw_story_parse_label("close-5", &st, &n), 0);
	ck_assert(st == TW_STAGE_CLOSE && n == 5);
	for (i = 0; bad[i]; i++)
		ck_assert_msg(tw_story_parse_label(bad[i], &st, &n) < 0, "'%s' read as a label", bad[i]);
	/* Every step is found by its own label, as tw_step_label prints it. */
	for (i = 0; i < model.story.nstep; i++) {
		const tw_step *sp = &model.story.step[i];
		char lab[32];
		ck_assert_int_eq(tw_story_find_number(&model.story, sp->stage, sp->number), (int)i);
		tw_step_label(sp, 0, lab, sizeof lab);
		if (sp->stage == TW_STAGE_TLS) {
			ck_assert_int_eq(tw_story_find_arg(&model.story, lab), (int)i);
			tw_step_label(sp, 1, lab, sizeof lab);
			ck_assert_int_eq(tw_story_find_arg(&model.story, lab), (int)i);
		}
	}
	/* What --step accepts: a plain number stays a position (4 is ①). */
	ck_assert_int_eq(tw_story_find_arg(&model.story, "4"), step_index("tls-client-hello"));
	ck_assert_int_eq(tw_story_find_arg(&model.story, "tls-6"), step_index("tls-client-key-exchange"));
	ck_assert_int_eq(tw_story_find_arg(&model.story, "tls-server-hello"), step_index("tls-server-hello"));
	ck_assert_int_eq(tw_story_find_arg(&model.story, "tls-11"), -1);
	ck_assert_int_eq(tw_story_find_arg(&model.story, "http-3"), -1);
}
END_TEST

/* The status line says what the arrows do where the focus is. */
START_TEST(test_arrow_hints)
{
	int p, q, zh;

	for (zh = 0; zh < 2; zh++)
		for (p = 0; p < TW_PANE_COUNT; p++)
			ck_assert(tw_ui_arrow_hint((tw_pane)p, zh, 0)[0] != 0);
	/* ASCII terminals get words, no arrows. */
	for (p = 0; p < TW_PANE_COUNT; p++) {
		const char *h = tw_ui_arrow_hint((tw_pane)p, 0, 1);
		ck_assert_msg(strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/:, ") == strlen(h),
			"ASCII hint '%s'", h);
	}
	ck_assert(strstr(tw_ui_arrow_hint(TW_PANE_LADDER, 0, 0), "step") != NULL);
	ck_assert(strstr(tw_ui_arrow_hint(TW_PANE_FIELDS, 0, 0), "field") != NULL);
	ck_assert(strstr(tw_ui_arrow_hint(TW_PANE_HEX, 0, 0), "byte") != NULL);
	ck_assert(strstr(tw_ui_arrow_hint(TW_PANE_SECRETS, 0, 0), "scroll") != NULL);
	for (p = TW_PANE_LADDER; p <= TW_PANE_HEX; p++)
		for (q = p + 1; q <= TW_PANE_HEX; q++)
			ck_assert_str_ne(tw_ui_arrow_hint((tw_pane)p, 1, 0), tw_ui_arrow_hint((tw_pane)q, 1, 0));
}
END_TEST

/* Encrypted messages are those the wire saw after the sender's
 * ChangeCipherSpec: the two Finished, HTTP, the close_notify alerts. */
START_TEST(test_encrypted_steps)
{
	static const char *const enc[] = {
		"tls-client-finished", "tls-server-finished", "http-request", "http-response",
		"tls-client-close-notify", "tls-server-close-notify", NULL
	};
	size_t i, k;

	for (i = 0; i < model.story.nstep; i++) {
		int want = 0;
		for (k = 0; enc[k]; k++)
			if (strcmp(enc[k], model.story.step[i].id) == 0)
				want = 1;
		ck_assert_msg(tw_ui_step_encrypted(&model, (int)i) == want, "%s: encrypted %d, want %d",
			model.story.step[i].id, !want, want);
	}
	ck_assert(!tw_ui_step_encrypted(&model, -1));
	ck_assert(!tw_ui_step_encrypted(&model, (int)model.story.nstep));
}
END_TEST


START_TEST(test_tree_expand)
{
	tw_ui_state s;
	tw_layout l;
	size_t before;

	tw_layout_compute(&l, 48, 160, TW_PANE_FIELDS);
	ck_assert_int_eq(tw_ui_state_init(&s, &model, step_index("tls-client-hello")), 0);
	s.focus = TW_PANE_FIELDS;
	ck_assert_int_gt(s.nfrows, 1);
	ck_assert_int_eq(s.fcur, 0);
	ck_assert(s.frows[0].expanded);
	before = s.nfrows;
	tw_ui_handle_key(&s, &l, TW_KEY_LEFT);     /* collapse the root */
	ck_assert_int_eq(s.nfrows, 1);
	tw_ui_handle_key(&s, &l, TW_KEY_ENTER);    /* open it again */
	ck_assert_int_eq(s.nfrows, before);
	/* Moving down selects fields and moves the byte cursor with them. */
	tw_ui_handle_key(&s, &l, 'j');
	ck_assert_int_eq(s.fcur, 1);
	ck_assert_uint_eq(s.hcur, tw_ui_selected_field(&s)->off);
	/* Left on a leaf goes to its parent. */
	tw_ui_handle_key(&s, &l, TW_KEY_LEFT);
	ck_assert_int_eq(s.fcur, 0);
	/* An encrypted record opens on what it decrypts to: the Finished's
	 * verify_data and the HTTP headers are visible without a key. */
	{
		static const char *const want[][2] = {
			{ "tls-client-finished", "tls.finished.verify_data" },
			{ "tls-server-finished", "tls.finished.verify_data" },
			{ "http-request", "http.request_line" },
		};
		size_t k, i;
		for (k = 0; k < sizeof want / sizeof want[0]; k++) {
			int seen = 0;
			tw_ui_goto(&s, step_index(want[k][0]));
			for (i = 0; i < s.nfrows; i++)
				seen |= s.frows[i].f->id && strcmp(s.frows[i].f->id, want[k][1]) == 0;
			ck_assert_msg(seen, "%s: %s is not visible by default", want[k][0], want[k][1]);
		}
	}
	tw_ui_state_free(&s);
}
END_TEST

/* ---- ladder ---- */

START_TEST(test_ladder_rows)
{
	tw_lrow *rows = malloc((TW_MAX_STEPS + 8 + TW_MAX_ATTACK_EVENTS + model.tcp.npkt) * sizeof *rows);
	size_t n, na, i, acks = 0, steps = 0, stages = 0;
	int last_pkt = -1;

	ck_assert_ptr_nonnull(rows);
	for (i = 0; i < model.tcp.npkt; i++)
		acks += model.tcp.pkt[i].kind == TW_PKT_PURE_ACK;
	ck_assert_uint_gt(acks, 0);
	n = tw_ladder_rows(&model, 0, rows);
	for (i = 0; i < n; i++) {
		steps += rows[i].kind == TW_LROW_STEP;
		stages += rows[i].kind == TW_LROW_STAGE;
		ck_assert(rows[i].kind != TW_LROW_ACK);
	}
	ck_assert_uint_eq(steps, model.story.nstep);
	ck_assert_uint_eq(stages, 4);
	ck_assert_uint_eq(n, model.story.nstep + 4);
	ck_assert_int_eq(rows[0].kind, TW_LROW_STAGE);
	na = tw_ladder_rows(&model, 1, rows);
	ck_assert_uint_eq(na, n + acks);
	/* Shown where they happened: in packet order. */
	for (i = 0; i < na; i++)
		if (rows[i].kind != TW_LROW_STAGE && rows[i].pkt >= 0) {
			ck_assert_msg(rows[i].pkt >= last_pkt, "row %zu: packet %d after %d",
				i, rows[i].pkt, last_pkt);
			last_pkt = rows[i].pkt;
		}
	free(rows);
}
END_TEST

/* ---- fields and bytes ---- */

START_TEST(test_field_byte_mapping)
{
	tw_ui_state s;
	size_t i, b;

	ck_assert_int_eq(tw_ui_state_init(&s, &model, 0), 0);
	for (i = 0; i < model.story.nstep; i++) {
		const tw_step *st = &model.story.step[i];
		tw_ui_goto(&s, (int)i);
		for (b = 0; b < st->len; b += (st->len > 64 ? 7 : 1)) {
			const tw_field *f, *want = tw_ui_field_at(&model.tree[i], b);
			tw_ui_select_byte(&s, b);
			f = tw_ui_selected_field(&s);
			ck_assert_ptr_nonnull(f);
			ck_assert_uint_eq(s.hcur, b);
			ck_assert_msg(f == want, "step %zu byte %zu: selected %s, owner %s", i, b,
				f->label, want ? want->label : "none");
			ck_assert_msg(b >= f->off && b < f->off + f->len,
				"step %zu byte %zu: field %s covers %zu+%zu", i, b, f->label, f->off, f->len);
			ck_assert_msg(f->nchild == 0, "step %zu byte %zu: %s is not the deepest field",
				i, b, f->label);
		}
	}
	tw_ui_state_free(&s);
}
END_TEST

START_TEST(test_hex_geometry)
{
	int per, top;
	size_t b;

	ck_assert_int_eq(tw_hex_width(8), 39);
	ck_assert_int_eq(tw_hex_width(16), 72);
	for (per = 8; per <= 16; per += 8)
		for (top = 0; top < 3; top++)
			for (b = (size_t)top * (size_t)per; b < 100; b++) {
				int row = (int)(b / (size_t)per) - top;
				ck_assert_int_eq(tw_hex_byte_at(per, top, row, tw_hex_col(per, b), 100), (long)b);
				ck_assert_int_eq(tw_hex_byte_at(per, top, row, tw_hex_col(per, b) + 1, 100), (long)b);
				ck_assert_int_eq(tw_hex_byte_at(per, top, row, tw_hex_ascii_col(per, b), 100), (long)b);
				ck_assert_int_lt(tw_hex_ascii_col(per, b), tw_hex_width(per));
			}
	ck_assert_int_eq(tw_hex_byte_at(8, 0, 0, 0, 100), -1);      /* the offset column */
	ck_assert_int_eq(tw_hex_byte_at(8, 0, 0, 8, 100), -1);      /* between two bytes */
	ck_assert_int_eq(tw_hex_byte_at(8, 0, 2, tw_hex_col(8, 5), 20), -1);   /* past the end */
}
END_TEST

START_TEST(test_hex_keys_select_field)
{
	tw_ui_state s;
	tw_layout l;
	const tw_field *f;

	tw_layout_compute(&l, 24, 80, TW_PANE_HEX);
	ck_assert_int_eq(tw_ui_state_init(&s, &model, step_index("tls-server-hello")), 0);
	s.focus = s.tab = TW_PANE_HEX;
	tw_ui_handle_key(&s, &l, TW_KEY_RIGHT);
	ck_assert_uint_eq(s.hcur, 1);
	tw_ui_handle_key(&s, &l, TW_KEY_DOWN);
	ck_assert_uint_eq(s.hcur, 1 + (size_t)l.hex_per_row);
	f = tw_ui_selected_field(&s);
	ck_assert(s.hcur >= f->off && s.hcur < f->off + f->len);
	ck_assert_int_eq(s.step, step_index("tls-server-hello"));
	/* A click on a byte selects it and its field. */
	tw_ui_click(&s, &l, l.pane[TW_PANE_HEX].y + 1, l.pane[TW_PANE_HEX].x + 1 + tw_hex_col(8, 3));
	ck_assert_uint_eq(s.hcur, 3);
	tw_ui_state_free(&s);
}
END_TEST

/* ---- text ---- */

/* cjk_no_start: 0, or the narrowest line that can keep the CJK rules (no
 * closing punctuation first, no opening bracket last): "KiB）。" needs 7. */
static void
check_wrapped(const char *text, int width, int indent, int cjk_no_start)
{
	tw_wrapped w = { NULL, 0, 0 };
	size_t i;

	ck_assert_int_eq(tw_ui_wrap(text, width, indent, &w), 0);
	ck_assert_uint_gt(w.n, 0);
	for (i = 0; i < w.n; i++) {
		int lw = tw_ui_width(text + w.line[i].off, w.line[i].len);
		int avail = w.line[i].cont ? width - indent : width;
		ck_assert_int_eq(lw, w.line[i].width);
		ck_assert_msg(lw <= avail || w.line[i].len <= 4,
			"line %zu is %d columns wide, more than %d: '%.*s'", i, lw, avail,
			(int)w.line[i].len, text + w.line[i].off);
		/* (Narrower lines cannot keep the rules.) */
		if (cjk_no_start && width - indent >= cjk_no_start && i > 0 && w.line[i].len >= 3) {
			static const char *const closing[] = { "。", "，", "、", "）", "：", "；", "」" };
			size_t k;
			for (k = 0; k < sizeof closing / sizeof closing[0]; k++)
				ck_assert_msg(memcmp(text + w.line[i].off, closing[k], 3) != 0,
					"width %d: line %zu begins with closing punctuation: '%.*s'",
					width, i, (int)w.line[i].len, text + w.line[i].off);
		}
		if (cjk_no_start && width - indent >= cjk_no_start && i + 1 < w.n && w.line[i].len >= 3)
			ck_assert_msg(memcmp(text + w.line[i].off + w.line[i].len - 3, "（", 3) != 0,
				"width %d: line %zu ends with an opening bracket: '%.*s'",
				width, i, (int)w.line[i].len, text + w.line[i].off);
	}
	tw_wrapped_free(&w);
}

START_TEST(test_wrap_width)
{
	const char *en = "The client random takes part in every key computed later. Because it is fresh, "
		"the keys of this connection differ from those of every other connection.";
	const char *zh = "服务器的证书链：2 张证书，服务器自己的证书在最前，每一张都由下一张证书的持有者（CA）签名。"
		"客户端将检查：签名能否一路验证到它信任的根证书、有效期，以及名字是否与 www.example.com 一致。";
	/* Latin words inside CJK brackets: the bracket stays with its word. */
	const char *zh2 = "TLS 在 TCP 上发送的单位：5 字节的记录头（类型、版本、长度），然后是数据片段（明文最多 16 KiB）。"
		"客户端随机数（client random）和服务器随机数（server random）都参与计算。";
	tw_wrapped w = { NULL, 0, 0 };
	int width;

	ck_assert_int_eq(tw_ui_width("中文", (size_t)-1), 4);
	ck_assert_int_eq(tw_ui_width("a①→b", (size_t)-1), 4);
	ck_assert_int_eq(tw_ui_width("TLS 握手", (size_t)-1), 8);
	for (width = 5; width <= 80; width++) {
		check_wrapped(en, width, 0, 0);
		check_wrapped(en, width, 2, 0);
		check_wrapped(zh, width, 0, 6);
		check_wrapped(zh, width, 2, 6);
		check_wrapped(zh2, width, 0, 8);
		check_wrapped(zh2, width, 2, 8);
	}
	/* English breaks between words: "the keys" is never split. */
	ck_assert_int_eq(tw_ui_wrap(en, 20, 0, &w), 0);
	{
		size_t i;
		for (i = 0; i < w.n; i++) {
			char c = en[w.line[i].off + w.line[i].len];
			ck_assert_msg(c == ' ' || c == 0, "line %zu ends inside a word", i);
		}
	}
	tw_wrapped_free(&w);
	/* CJK: exactly as wide as the line allows (10 columns = 5 characters). */
	ck_assert_int_eq(tw_ui_wrap("一二三四五六七八九十", 10, 0, &w), 0);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_int_eq(w.line[0].width, 10);
	tw_wrapped_free(&w);
	/* An odd width never splits a wide character: 9 columns = 4 characters. */
	ck_assert_int_eq(tw_ui_wrap("一二三四五六七八九十", 9, 0, &w), 0);
	ck_assert_uint_eq(w.n, 3);
	ck_assert_int_eq(w.line[0].width, 8);
	tw_wrapped_free(&w);
	/* Newlines break; an empty paragraph stays. */
	ck_assert_int_eq(tw_ui_wrap("a\n\nb", 10, 0, &w), 0);
	ck_assert_uint_eq(w.n, 3);
	ck_assert_uint_eq(w.line[1].len, 0);
	tw_wrapped_free(&w);
}
END_TEST

START_TEST(test_ascii_fallback)
{
	char *a = tw_ui_ascii_text("① ClientHello → ⑩ — s × G ‖ ✓ 中");

	ck_assert_str_eq(a, "(1) ClientHello -> (10) - s x G || ok ?");
	free(a);
	/* --ascii on a UTF-8 terminal: the symbols go, Chinese (and its
	 * full-width punctuation) stays. */
	tw_ui_ascii_keep_wide(1);
	a = tw_ui_ascii_text("① 客户端 → 服务器，“é” ─│🔒");
	tw_ui_ascii_keep_wide(0);
	ck_assert_str_eq(a, "(1) 客户端 -> 服务器，\"e\" -|*");
	free(a);
}
END_TEST

/* In a non-UTF-8 locale the English lessons are shown through the ASCII
 * fallback: every character they use must have a transliteration, or the
 * learner sees '?' where the text had an arrow, a dash or a circled digit. */
static size_t
count_q(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '?';
	return n;
}

static void
assert_all_ascii(const char *id, const char *text)
{
	char *a = tw_ui_ascii_text(text);

	ck_assert_ptr_nonnull(a);
	ck_assert_msg(count_q(a) == count_q(text),
		"lesson [%s]: a character has no ASCII fallback: %s", id, a);
	free(a);
}

START_TEST(test_ascii_fallback_covers_lessons)
{
	tw_err e;
	tw_lessons *l;
	size_t i, b;

	tw_err_clear(&e);
	l = tw_lessons_load(NULL, "en", &e);
	ck_assert_msg(l != NULL, "%s", e.msg);
	for (i = 0; i < tw_lessons_count(l); i++) {
		const tw_lesson *ls = tw_lessons_at(l, i);
		assert_all_ascii(ls->id, ls->title);
		for (b = 0; b < ls->nbullets; b++)
			assert_all_ascii(ls->id, ls->bullets[b]);
		assert_all_ascii(ls->id, ls->body);
	}
	tw_lessons_free(l);
}
END_TEST

START_TEST(test_doc_prefix)
{
	tw_doc d;
	size_t i;

	tw_doc_init(&d);
	tw_doc_add(&d, TW_ROLE_TEXT, 0, 0, 30, "• ",
		"客户端将检查：签名能否一路验证到它信任的根证书、有效期，以及名字是否一致。");
	ck_assert_uint_gt(d.n, 2);
	ck_assert(strncmp(d.line[0].text, "• ", strlen("• ")) == 0);
	for (i = 0; i < d.n; i++) {
		ck_assert_int_le(tw_ui_width(d.line[i].text, (size_t)-1), 30);
		if (i > 0)
			ck_assert(strncmp(d.line[i].text, "  ", 2) == 0);
	}
	tw_doc_free(&d);
}
END_TEST

/* ---- secrets ---- */

static void
check_doc_fits(const tw_doc *d, int width, int ascii)
{
	size_t i;
	const unsigned char *p;

	ck_assert(!d->oom);
	for (i = 0; i < d->n; i++) {
		ck_assert_msg(tw_ui_width(d->line[i].text, (size_t)-1) <= width,
			"line %zu wider than %d: %s", i, width, d->line[i].text);
		if (ascii)
			for (p = (const unsigned char *)d->line[i].text; *p; p++)
				ck_assert_msg(*p < 0x80, "non-ASCII in ASCII mode: %s", d->line[i].text);
	}
}

static int
doc_has(const tw_doc *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->line[i].text, needle))
			return 1;
	return 0;
}

START_TEST(test_secrets_appear)
{
	tw_doc d;
	size_t i;
	int w, cke = step_index("tls-client-key-exchange");

	/* TCP: nothing yet. */
	tw_doc_init(&d);
	tw_ui_secrets(&model, 0, 0, 0, 46, &d);
	ck_assert_int_eq(d.first_new, -1);
	ck_assert(!doc_has(&d, "client random"));
	tw_doc_free(&d);
	/* ①: the client random, new. */
	tw_ui_secrets(&model, step_index("tls-client-hello"), 0, 0, 46, &d);
	ck_assert_int_ge(d.first_new, 0);
	ck_assert(doc_has(&d, "client random"));
	ck_assert(doc_has(&d, "00000000bf83cc01"));
	ck_assert(!doc_has(&d, "master secret"));
	tw_doc_free(&d);
	/* ⑥: the whole derivation, from the inputs to the keys, verified. */
	tw_ui_secrets(&model, cke, 0, 0, 76, &d);
	ck_assert(doc_has(&d, "pre-master secret"));
	ck_assert(doc_has(&d, "A(1)"));
	ck_assert(doc_has(&d, "P(2) = HMAC"));
	ck_assert(doc_has(&d, "client write key"));
	ck_assert(doc_has(&d, "✓ verified"));
	ck_assert(!doc_has(&d, "MISMATCH"));
	ck_assert(!doc_has(&d, "verify_data"));
	tw_doc_free(&d);
	/* Every input of a PRF is named, and each output says where it comes from. */
	tw_ui_secrets(&model, cke, 0, 0, 120, &d);
	ck_assert(doc_has(&d, "seed = \"master secret\" ‖ client random ‖ server random"));
	ck_assert(doc_has(&d, "seed = \"key expansion\" ‖ server random ‖ client random"));
	tw_doc_free(&d);
	tw_ui_secrets(&model, step_index("tls-client-finished"), 0, 0, 120, &d);
	ck_assert(doc_has(&d, "hash = SHA-256 of those messages"));
	ck_assert(doc_has(&d, "verify_data = the first 12 bytes of P(1)"));
	ck_assert(doc_has(&d, "14 = Finished"));
	tw_doc_free(&d);
	/* HTTP 1: the decrypted request. */
	tw_ui_secrets(&model, step_index("http-request"), 0, 0, 76, &d);
	ck_assert(doc_has(&d, "GET / HTTP/1.1"));
	tw_doc_free(&d);
	/* Every step, every width, both languages and ASCII: lines fit. */
	for (i = 0; i < model.story.nstep; i++)
		for (w = 30; w <= 120; w += 45) {
			tw_ui_secrets(&model, (int)i, 0, 0, w, &d);
			check_doc_fits(&d, w, 0);
			tw_doc_free(&d);
			tw_ui_secrets(&model, (int)i, 1, 0, w, &d);
			check_doc_fits(&d, w, 0);
			tw_doc_free(&d);
			tw_ui_secrets(&model, (int)i, 0, 1, w, &d);
			check_doc_fits(&d, w, 1);
			/* ASCII: every glyph had a fallback (no '?' stands in). */
			for (size_t j = 0; j < d.n; j++)
				ck_assert_msg(strchr(d.line[j].text, '?') == NULL,
					"step %zu, ASCII secrets line without a fallback: %s",
					i, d.line[j].text);
			tw_doc_free(&d);
		}
}
END_TEST

/* ---- presenter mode: the big letters ---- */

START_TEST(test_big_font)
{
	const char *set = tw_big_charset(), *rows[TW_BIG_PX], *q[TW_BIG_PX];
	const char *want = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -_./():";
	const tw_big_mode modes[] = { TW_BIG_HALF, TW_BIG_FULL, TW_BIG_ASCII, TW_BIG_ASCII2 };
	size_t i, k;
	int r, w;

	for (i = 0; want[i]; i++)
		ck_assert_msg(strchr(set, want[i]) != NULL, "no glyph for '%c'", want[i]);
	/* Every glyph: the same height, rows of one width, only '#' and '.'. */
	for (i = 0; set[i]; i++) {
		w = tw_big_glyph((unsigned char)set[i], rows);
		ck_assert_msg(w >= 1 && w <= 5, "'%c': width %d", set[i], w);
		for (r = 0; r < TW_BIG_PX; r++) {
			ck_assert_msg(rows[r] != NULL && (int)strlen(rows[r]) == w,
				"'%c' row %d is not %d pixels wide", set[i], r, w);
			ck_assert_msg(strspn(rows[r], "#.") == strlen(rows[r]), "'%c' row %d", set[i], r);
		}
		/* Each glyph other than the space draws something; no two are alike. */
		if (set[i] != ' ') {
			int on = 0;
			for (r = 0; r < TW_BIG_PX; r++)
				on |= strchr(rows[r], '#') != NULL;
			ck_assert_msg(on, "'%c' is blank", set[i]);
		}
		for (k = 0; k < i; k++) {
			int same = tw_big_glyph((unsigned char)set[k], q) == w;
			for (r = 0; same && r < TW_BIG_PX; r++)
				same = strcmp(q[r], rows[r]) == 0;
			ck_assert_msg(!same, "'%c' and '%c' are drawn alike", set[k], set[i]);
		}
	}
	/* Unknown characters are drawn as '?' and said to be unknown. */
	w = tw_big_glyph(0x4e2d, rows);                       /* 中 */
	ck_assert_int_eq(-w, tw_big_glyph('?', q));
	for (r = 0; r < TW_BIG_PX; r++)
		ck_assert_str_eq(rows[r], q[r]);
	ck_assert_int_lt(tw_big_glyph('~', rows), 0);
	ck_assert(!tw_big_known("中文"));
	ck_assert(!tw_big_known("a~b"));
	ck_assert(tw_big_known("⑥ ClientKeyExchange"));
	ck_assert(tw_big_known("⑳"));
	ck_assert(!tw_big_known("㉑"));
	ck_assert_int_eq(tw_big_width("a~", TW_BIG_HALF), tw_big_width("a?", TW_BIG_HALF));
	/* Widths: the glyphs' pixels, one pixel between two; doubled in the
	 * two-column modes. A badge is its digits plus a pixel each side. */
	ck_assert_int_eq(tw_big_width("A", TW_BIG_HALF), 3);
	ck_assert_int_eq(tw_big_width("AM", TW_BIG_HALF), 3 + 1 + 5);
	ck_assert_int_eq(tw_big_width("AM", TW_BIG_FULL), 2 * 9);
	ck_assert_int_eq(tw_big_width("AM", TW_BIG_ASCII), 9);
	ck_assert_int_eq(tw_big_width("AM", TW_BIG_ASCII2), 18);
	ck_assert_int_eq(tw_big_width("⑥", TW_BIG_HALF), 3 + 2);
	ck_assert_int_eq(tw_big_width("⑩", TW_BIG_HALF), 3 + 1 + 3 + 2);
	ck_assert_int_eq(tw_big_width("", TW_BIG_HALF), 0);
	ck_assert_int_eq(tw_big_rows(TW_BIG_HALF), 4);
	ck_assert_int_eq(tw_big_rows(TW_BIG_FULL), TW_BIG_PX);
	/* Rendered: as many rows as the mode has, each exactly as wide as
	 * said, in block characters or ASCII. */
	for (k = 0; k < sizeof modes / sizeof modes[0]; k++) {
		static const char *const texts[] = { "⑥ ClientKeyExchange", "SYN/ACK", "close_notify", "中?" };
		for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
			char *out[TW_BIG_PX];
			int n = tw_big_render(texts[i], modes[k], out);
			ck_assert_int_eq(n, tw_big_rows(modes[k]));
			for (r = 0; r < n; r++) {
				ck_assert_int_eq(tw_ui_width(out[r], (size_t)-1), tw_big_width(texts[i], modes[k]));
				if (modes[k] == TW_BIG_ASCII || modes[k] == TW_BIG_ASCII2)
					ck_assert(strspn(out[r], "# ") == strlen(out[r]));
				free(out[r]);
			}
		}
	}
	/* The pixels come out where the glyph has them: 'T' in half blocks is
	 * ▀█▀ on top (rows 0 and 1), then  █ , then  ▀ , then blank. */
	{
		char *out[TW_BIG_PX];
		ck_assert_int_eq(tw_big_render("T", TW_BIG_HALF, out), 4);
		ck_assert_str_eq(out[0], "▀█▀");
		ck_assert_str_eq(out[1], " █ ");
		ck_assert_str_eq(out[2], " ▀ ");
		ck_assert_str_eq(out[3], "   ");
		for (r = 0; r < 4; r++)
			free(out[r]);
		ck_assert_int_eq(tw_big_render("T", TW_BIG_ASCII2, out), 7);
		ck_assert_str_eq(out[0], "######");
		ck_assert_str_eq(out[1], "  ##  ");
		for (r = 0; r < 7; r++)
			free(out[r]);
	}
}
END_TEST

/* ---- presenter mode: the screen ---- */

START_TEST(test_present_summary)
{
	const tw_lessons *ls[2];
	tw_err e;
	size_t i, l;

	ck_assert_str_eq(tw_present_summary("SYN — the client asks"), "the client asks");
	ck_assert_str_eq(tw_present_summary("close_notify from the client"), "close_notify from the client");
	ck_assert_str_eq(tw_present_summary("SYN — "), "SYN — ");
	ck_assert_str_eq(tw_present_summary("EncryptedExtensions——服务器的回应"), "服务器的回应");
	ck_assert_str_eq(tw_present_summary("SYN — 客户端——请求"), "客户端——请求");
	/* Every shipped step title has a summary after its dash, or is short
	 * enough to be one, in both languages. */
	tw_err_clear(&e);
	ls[0] = tw_lessons_load(NULL, "en", &e);
	ls[1] = tw_lessons_load(NULL, "zh", &e);
	ck_assert_msg(ls[0] && ls[1], "%s", e.msg);
	for (l = 0; l < 2; l++) {
		for (i = 0; i < model.story.nstep; i++) {
			const tw_lesson *le = tw_lessons_pick(ls[l], model.story.step[i].id, &model);
			char *t;
			ck_assert_msg(le != NULL, "no lesson for %s", model.story.step[i].id);
			t = tw_lessons_render(ls[l], le->title, &model);
			ck_assert(t != NULL);
			ck_assert_msg(strlen(tw_present_summary(t)) > 0
				&& tw_ui_width(tw_present_summary(t), (size_t)-1) <= 72,
				"%s: summary '%s'", model.story.step[i].id, tw_present_summary(t));
			free(t);
		}
		tw_lessons_free((tw_lessons *)ls[l]);
	}
}
END_TEST

static const tw_present_text present_en = {
	"the client's half; both sides compute the keys", NULL, "Client", "Server",
	{ NULL, "1 TCP handshake", "2 TLS 1.2 handshake", "3 HTTP, encrypted", "closing" },
	"stops here", "stops, no alert", "attacker changes it",
	"← → step · Enter details · P the panes · ? help", NULL
};
static const tw_present_text present_zh = {
	"客户端的那一半参数；双方计算密钥", NULL, "客户端", "服务器",
	{ NULL, "1 TCP 的 3 次握手", "2 TLS 1.2 的连接", "3 加密的 HTTP", "关闭连接" },
	"在此停止", "停止，未发警报", "攻击者篡改",
	"← → 换步 · 回车 讲解 · P 回到窗格 · ? 帮助", "连接 2/2：恢复的会话"
};

/* Lay out every step of m at rows × cols and check what a projector
 * would show: nothing off the screen or on the status line, the current
 * step's arrow emphasised exactly once, the summary there, and the title
 * big when it fits. Returns how many layouts used big letters. */
static int
check_present(const tw_model *m, int rows, int cols, const tw_present_text *t, int ascii,
	int details)
{
	tw_ui_state s;
	tw_layout l;
	size_t i, c;
	int big = 0;

	/* --ascii on a UTF-8 terminal keeps Chinese text (ui.c does the same). */
	tw_ui_ascii_keep_wide(ascii);
	tw_layout_compute(&l, rows, cols, TW_PANE_EXPLAIN);
	ck_assert_int_eq(tw_ui_state_init(&s, m, 0), 0);
	tw_ui_apply(&s, &l, TW_REQ_PRESENT);
	ck_assert(s.present);
	for (i = 0; i < m->story.nstep; i++) {
		tw_present p;
		int ncur = 0, nsum = 0, ntitle = 0;
		tw_ui_goto(&s, (int)i);
		s.present_details = details;
		ck_assert_int_eq(tw_present_build(&p, &s, t, rows, cols, ascii), 0);
		for (c = 0; c < p.n; c++) {
			const tw_pcell *pc = &p.cell[c];
			int w = tw_ui_width(pc->text, (size_t)-1);
			ck_assert_msg(pc->y >= 0 && pc->y <= rows - 2 && pc->x >= 0 && pc->x + w <= cols,
				"%dx%d step %zu: '%s' at (%d,%d), %d wide", cols, rows, i, pc->text,
				pc->y, pc->x, w);
			if (ascii)
				ck_assert_msg(tw_ui_width(pc->text, (size_t)-1) == (int)strlen(pc->text)
					|| t == &present_zh, "ascii: '%s'", pc->text);
			ncur += pc->role == TW_PR_CUR;
			nsum += strstr(pc->text, t->summary) != NULL && pc->role == TW_PR_HEAD;
			/* A scroll mark stays on screen: the last cell drawn at
			 * its place is a mark, not a stage line drawn across the
			 * ladder's first or last row. */
			if (strcmp(pc->text, "▼") == 0 || strcmp(pc->text, "▲") == 0
				|| (ascii && pc->role == TW_PR_LIFE && (strcmp(pc->text, "v") == 0
				|| strcmp(pc->text, "^") == 0))) {
				size_t d, top = c;
				for (d = c + 1; d < p.n; d++) {
					const tw_pcell *o = &p.cell[d];
					int ow = tw_ui_width(o->text, (size_t)-1);
					if (o->y == pc->y && o->x <= pc->x && pc->x < o->x + ow)
						top = d;
				}
				ck_assert_msg(p.cell[top].role == TW_PR_LIFE && tw_ui_width(p.cell[top].text, (size_t)-1) == 1
					&& strcmp(p.cell[top].text, "│") != 0 && strcmp(p.cell[top].text, "|") != 0,
					"%dx%d step %zu: the mark '%s' at (%d,%d) is covered by '%s'",
					cols, rows, i, pc->text, pc->y, pc->x, p.cell[top].text);
			}
			ntitle += pc->role == TW_PR_BIG_C2S || pc->role == TW_PR_BIG_S2C;
		}
		if (details) {
			ck_assert(p.box.shown);
			ck_assert_int_ge(p.text_h, 6);
			ck_assert_int_ge(p.text_w, 40);
			ck_assert_int_le(p.box.x + p.box.w, cols);
			ck_assert_int_le(p.box.y + p.box.h, rows - 1);
			ck_assert_int_eq(ncur, 0);
		} else {
			ck_assert_msg(ncur == 1, "%dx%d step %zu: %d emphasised arrows", cols, rows, i, ncur);
			ck_assert_msg(nsum == 1, "%dx%d step %zu (ascii %d): the summary is not on one line",
				cols, rows, i, ascii);
			ck_assert_int_ge(p.ladder_h, 8);
		}
		ck_assert_int_eq(ntitle, p.big ? tw_big_rows(p.big_mode) : 1);
		big += p.big;
		tw_present_free(&p);
	}
	tw_ui_state_free(&s);
	tw_ui_ascii_keep_wide(0);
	return big;
}

START_TEST(test_present_layout)
{
	static const int sizes[][2] = {
		{ TW_UI_MIN_ROWS, TW_UI_MIN_COLS }, { 24, 80 }, { 30, 100 }, { 48, 160 },
		{ 36, 120 }, { 60, 220 }, { 21, 73 }, { 50, 90 }
	};
	size_t k;
	int a, d;
	/* Under valgrind (light), the minimum and the three classroom sizes;
	 * the native and sanitizer runs take them all. */
	size_t nsizes = tu_iters(10) < 10 ? 5 : sizeof sizes / sizeof sizes[0];

	for (k = 0; k < nsizes; k++)
		for (a = 0; a < 2; a++)
			for (d = 0; d < 2; d++) {
				check_present(&model, sizes[k][0], sizes[k][1], &present_en, a, d);
				check_present(&model, sizes[k][0], sizes[k][1], &present_zh, a, d);
			}
	/* The classroom sizes get big letters: ClientKeyExchange fits at 80
	 * columns in half blocks, at 160 in full blocks. */
	ck_assert_int_eq(check_present(&model, 24, 80, &present_en, 0, 0), (int)model.story.nstep);
	ck_assert_int_eq(check_present(&model, 30, 100, &present_zh, 0, 0), (int)model.story.nstep);
	{
		tw_ui_state s;
		tw_present p;
		ck_assert_int_eq(tw_ui_state_init(&s, &model, step_index("tls-client-key-exchange")), 0);
		ck_assert_int_eq(tw_present_build(&p, &s, &present_en, 48, 160, 0), 0);
		ck_assert(p.big && p.big_mode == TW_BIG_FULL);
		tw_present_free(&p);
		ck_assert_int_eq(tw_present_build(&p, &s, &present_en, 24, 80, 0), 0);
		ck_assert(p.big && p.big_mode == TW_BIG_HALF);
		tw_present_free(&p);
		tw_ui_state_free(&s);
	}
}
END_TEST

/* The text of the cells on row y, in x order (cells do not overlap on a
 * ladder row except the lifelines, which come first). */
static int
row_has(const tw_present *p, const char *text, tw_prole role)
{
	size_t c;

	for (c = 0; c < p->n; c++)
		if (strstr(p->cell[c].text, text) && (role < 0 || p->cell[c].role == role))
			return 1;
	return 0;
}

START_TEST(test_present_failure_and_keys)
{
	tw_options o;
	tw_model fm;
	tw_ui_state s;
	tw_layout l;
	tw_present p;
	int cert;

	/* An expired certificate: the client stops after ③ Certificate and
	 * sends no alert. The ladder says so and draws no arrow for a step
	 * that never happened (no ⑥ ClientKeyExchange, no HTTP). */
	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	tw_scenario_find("expired")->apply(&o);
	{
		tw_err e;
		tw_err_clear(&e);
		/* -1: the connection failed, and the model holds what happened. */
		ck_assert_int_eq(tw_model_build(&fm, &o, &e), -1);
	}
	ck_assert(fm.failure.failed && fm.wire.nrec > 0);
	ck_assert_int_eq(tw_ui_state_init(&s, &fm, 0), 0);
	cert = tw_story_find(&fm.story, "tls-certificate");
	ck_assert_int_ge(cert, 0);
	tw_ui_goto(&s, cert);
	s.present = 1;
	{
		tw_present_text t = present_en;
		t.banner = fm.failure.banner_en;
		ck_assert_int_eq(tw_present_build(&p, &s, &t, 48, 160, 0), 0);
	}
	ck_assert(row_has(&p, "③ Certificate", TW_PR_CUR));
	ck_assert(row_has(&p, "✗ stops, no alert", TW_PR_BAD));
	ck_assert(row_has(&p, "The client stopped here", TW_PR_BAD));
	ck_assert(!row_has(&p, "ClientKeyExchange", -1));
	ck_assert(!row_has(&p, "HTTP", -1));
	tw_present_free(&p);
	tw_ui_state_free(&s);
	tw_model_free(&fm);

	/* Keys: P on and off (the focus comes back), Enter and d open and
	 * close the details, a step closes them, → moves the emphasis, a
	 * pane key leaves presenter mode for that pane. */
	tw_layout_compute(&l, 30, 100, TW_PANE_EXPLAIN);
	ck_assert_int_eq(tw_ui_state_init(&s, &model, 0), 0);
	ck_assert_int_eq(tw_ui_key_request('P'), TW_REQ_PRESENT);
	ck_assert_int_eq(tw_ui_key_request('d'), TW_REQ_DETAILS);
	s.focus = TW_PANE_SECRETS;
	tw_ui_handle_key(&s, &l, 'P');
	ck_assert(s.present);
	ck_assert_int_eq(s.focus, TW_PANE_LADDER);
	ck_assert_msg(strstr(s.message, "Enter") && strstr(s.message, "P"),
		"P does not say how to open the details and leave: '%s'", s.message);
	tw_ui_handle_key(&s, &l, TW_KEY_ENTER);
	ck_assert(s.present_details);
	tw_ui_handle_key(&s, &l, TW_KEY_DOWN);
	ck_assert_int_eq(s.top[TW_PANE_EXPLAIN], 1);
	ck_assert_int_eq(s.step, 0);
	tw_ui_handle_key(&s, &l, TW_KEY_ESC);
	ck_assert(!s.present_details);
	tw_ui_handle_key(&s, &l, 'd');
	ck_assert(s.present_details);
	tw_ui_handle_key(&s, &l, TW_KEY_RIGHT);
	ck_assert_int_eq(s.step, 1);
	ck_assert(!s.present_details);
	tw_ui_handle_key(&s, &l, TW_KEY_DOWN);
	ck_assert_int_eq(s.step, 2);
	tw_ui_handle_key(&s, &l, '6');
	ck_assert_str_eq(s.m->story.step[s.step].id, "tls-client-key-exchange");
	ck_assert_int_eq(tw_present_build(&p, &s, &present_en, 30, 100, 0), 0);
	ck_assert(row_has(&p, "⑥ ClientKeyExchange", TW_PR_CUR));
	ck_assert(row_has(&p, "⑤ ServerHelloDone", TW_PR_SERVER));
	ck_assert(row_has(&p, "⑦ ChangeCipherSpec", TW_PR_FUTURE));
	tw_present_free(&p);
	tw_ui_handle_key(&s, &l, TW_KEY_RIGHT);
	ck_assert_int_eq(tw_present_build(&p, &s, &present_en, 30, 100, 0), 0);
	ck_assert(row_has(&p, "⑦ ChangeCipherSpec", TW_PR_CUR));
	ck_assert(row_has(&p, "⑥ ClientKeyExchange", TW_PR_CLIENT));
	tw_present_free(&p);
	/* P in the who-knows-what view over presenter mode shows the
	 * presenter screen (it used to turn presenter mode off, unseen). */
	tw_ui_handle_key(&s, &l, 'w');
	ck_assert(s.knows);
	tw_ui_handle_key(&s, &l, 'P');
	ck_assert(!s.knows);
	ck_assert(s.present);
	tw_ui_handle_key(&s, &l, 'P');
	ck_assert(!s.present);
	ck_assert_int_eq(s.focus, TW_PANE_SECRETS);
	/* ... and over the panes it starts presenter mode, in sight */
	tw_ui_handle_key(&s, &l, 'w');
	tw_ui_handle_key(&s, &l, 'P');
	ck_assert(!s.knows);
	ck_assert(s.present);
	/* d there closes the view and opens the details */
	tw_ui_handle_key(&s, &l, 'w');
	tw_ui_handle_key(&s, &l, 'd');
	ck_assert(!s.knows);
	ck_assert(s.present_details);
	tw_ui_handle_key(&s, &l, 'd');
	tw_ui_handle_key(&s, &l, 'P');
	ck_assert(!s.present);
	tw_ui_handle_key(&s, &l, 'P');
	tw_ui_handle_key(&s, &l, 'f');
	ck_assert(!s.present);
	ck_assert_int_eq(s.focus, TW_PANE_FIELDS);
	/* Clicks land on panes that presenter mode does not show: ignored. */
	tw_ui_handle_key(&s, &l, 'P');
	tw_ui_click(&s, &l, 5, 5);
	ck_assert_int_eq(s.focus, TW_PANE_LADDER);
	tw_ui_state_free(&s);
}
END_TEST

Suite *
ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("logic");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_layout_sizes);
	tcase_add_test(tc, test_layout_quiz);
	tcase_add_test(tc, test_attack_words);
	tcase_add_test(tc, test_knows_scrolls_to_summary);
	tcase_add_test(tc, test_layout_hit_and_tabs);
	tcase_add_test(tc, test_keys_and_help);
	tcase_add_test(tc, test_navigation);
	tcase_add_test(tc, test_focus);
	tcase_add_test(tc, test_digits_follow_labels);
	tcase_add_test(tc, test_step_labels);
	tcase_add_test(tc, test_field_info_pages);
	tcase_add_test(tc, test_arrow_hints);
	tcase_add_test(tc, test_encrypted_steps);
	tcase_add_test(tc, test_tree_expand);
	tcase_add_test(tc, test_ladder_rows);
	tcase_add_test(tc, test_field_byte_mapping);
	tcase_add_test(tc, test_hex_geometry);
	tcase_add_test(tc, test_hex_keys_select_field);
	tcase_add_test(tc, test_wrap_width);
	tcase_add_test(tc, test_ascii_fallback);
	tcase_add_test(tc, test_ascii_fallback_covers_lessons);
	tcase_add_test(tc, test_doc_prefix);
	tcase_add_test(tc, test_secrets_appear);
	tcase_add_test(tc, test_big_font);
	tcase_add_test(tc, test_present_summary);
	tcase_add_test(tc, test_present_layout);
	tcase_add_test(tc, test_present_failure_and_keys);
	suite_add_tcase(s, tc);
	return s;
}
