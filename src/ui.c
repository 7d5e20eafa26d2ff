/*
 * ui.c — drawing and the key loop of the terminal walkthrough (ncursesw).
 *
 * Everything decided here is decided in ui_logic.c (layout, requests,
 * navigation, wrapping) or ui_secrets.c (the secrets text); this file only
 * turns that into characters on the screen and keys into requests. One
 * frame is drawn from scratch after every key (ncurses sends only what
 * changed); KEY_RESIZE is handled in exactly one place (relayout). While
 * waiting for a key the program blocks in getch: no timeout, no polling.
 *
 * The terminal is restored on every way out: q, a signal whose default is
 * to end the program (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1,
 * SIGALRM...: restore, then die of the same signal), a crash (SIGSEGV,
 * SIGABRT...: an async-signal-safe restore, then the previous handler), a
 * fatal error (ui_die), and exit() from anywhere (atexit).
 */
#include "config.h"
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include "lesson.h"
#include "names.h"
#include "quiz.h"
#include "ui.h"
#include "ui_logic.h"
#include "ui_present.h"
#include "ui_secrets.h"
#include "ui_knows.h"

/* ---- colours: one table of roles, with a monochrome fallback ------------- */
enum {
	C_NORMAL, C_BORDER, C_BORDER_FOCUS, C_TITLE, C_TITLE_FOCUS, C_SEL,
	C_SEL_DIM, C_FIELD_BYTES, C_CURSOR_BYTE, C_DIM, C_OK, C_BAD, C_NEW,
	C_HEAD, C_CLIENT, C_SERVER, C_STATUS, C_VALUE,
	/* the hues of the secrets list (tw_hue), in its order: C_HUE + hue - 1 */
	C_HUE, C_HUE_LAST = C_HUE + TW_HUE_COUNT - 2, C_COUNT
};

static const struct {
	short fg, bg;
	attr_t color_attr, mono_attr;
} roles[C_COUNT] = {
	[C_NORMAL]       = { -1, -1, A_NORMAL, A_NORMAL },
	[C_BORDER]       = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
	[C_BORDER_FOCUS] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[C_TITLE]        = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[C_TITLE_FOCUS]  = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[C_SEL]          = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[C_SEL_DIM]      = { -1, -1, A_REVERSE, A_REVERSE },
	[C_FIELD_BYTES]  = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[C_CURSOR_BYTE]  = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD | A_UNDERLINE },
	[C_DIM]          = { -1, -1, A_DIM, A_DIM },
	[C_OK]           = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[C_BAD]          = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[C_NEW]          = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[C_HEAD]         = { -1, -1, A_BOLD, A_BOLD },
	[C_CLIENT]       = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[C_SERVER]       = { COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
	[C_STATUS]       = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[C_VALUE]        = { -1, -1, A_NORMAL, A_NORMAL },
	/* Client-side values green and server-side magenta, as the ladder's
	 * sides; without colour the client's bold, the server's underlined
	 * (the hex also leaves a space between parts, and a legend names them). */
	[C_HUE + TW_HUE_LABEL - 1]         = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[C_HUE + TW_HUE_CLIENT_RANDOM - 1] = { COLOR_GREEN, -1, A_NORMAL, A_BOLD },
	[C_HUE + TW_HUE_SERVER_RANDOM - 1] = { COLOR_MAGENTA, -1, A_NORMAL, A_UNDERLINE },
	[C_HUE + TW_HUE_HASH - 1]          = { COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	[C_HUE + TW_HUE_CLIENT_MAC - 1]    = { COLOR_GREEN, -1, A_DIM, A_BOLD },
	[C_HUE + TW_HUE_SERVER_MAC - 1]    = { COLOR_MAGENTA, -1, A_DIM, A_UNDERLINE },
	[C_HUE + TW_HUE_CLIENT_KEY - 1]    = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[C_HUE + TW_HUE_SERVER_KEY - 1]    = { COLOR_MAGENTA, -1, A_BOLD, A_UNDERLINE },
	[C_HUE + TW_HUE_CLIENT_IV - 1]     = { COLOR_GREEN, -1, A_UNDERLINE, A_BOLD },
	[C_HUE + TW_HUE_SERVER_IV - 1]     = { COLOR_MAGENTA, -1, A_UNDERLINE, A_UNDERLINE },
};

/* ---- the UI's own words, in both languages ------------------------------- */
enum {
	S_STEPS, S_LADDER, S_EXPLAIN, S_FIELDS, S_BYTES, S_SECRETS,
	S_CLIENT, S_SERVER, S_STAGE1, S_STAGE2, S_STAGE2_13, S_STAGE3, S_STAGE4,
	S_LANGNAME, S_SEED, S_HINT, S_HINT_SHORT, S_HINT_LADDER, S_PROMPT, S_PROMPT_HINT, S_TOO_SMALL,
	S_BYTE, S_NEEDS, S_ENLARGE, S_HELP_TITLE, S_HELP_FOOT, S_HELP_STATUS, S_NO_LESSON, S_ABOUT_STAGE,
	S_NO_OTHER_LANG, S_NEEDS_UTF8, S_STEP_OF, S_BYTES_OF, S_ACKS_SHOWN, S_ACKS_HIDDEN,
	S_CONN1, S_CONN2, S_STOPS, S_STOPS_SILENT,
	S_FIELD_AT, S_PANES1, S_PANES2, S_PANES3, S_PANES4, S_ABOUT_ALL, S_ENCRYPTED,
	S_BYTES_OF_ENC, S_MORE_BYTES, S_PRESENT_HINT, S_PRESENT_CONN1, S_PRESENT_CONN2, S_COUNT
};

static const char *const strings[S_COUNT][2] = {
	[S_STEPS]      = { "Steps", "步骤" },
	[S_LADDER]     = { "Connection", "连接时序" },
	[S_EXPLAIN]    = { "Explanation", "讲解" },
	[S_FIELDS]     = { "Fields", "字段" },
	[S_BYTES]      = { "Bytes", "字节" },
	[S_SECRETS]    = { "Secrets", "密钥" },
	[S_CLIENT]     = { "Client", "客户端" },
	[S_SERVER]     = { "Server", "服务器" },
	[S_STAGE1]     = { "1 TCP handshake", "1 TCP 的 3 次握手" },
	[S_STAGE2]     = { "2 TLS 1.2 handshake", "2 TLS 1.2 的连接" },
	[S_STAGE2_13]  = { "2 TLS 1.3 handshake", "2 TLS 1.3 的连接" },
	[S_STAGE3]     = { "3 HTTP, encrypted", "3 加密的 HTTP" },
	[S_STAGE4]     = { "closing", "关闭连接" },
	[S_LANGNAME]   = { "English", "中文" },
	[S_SEED]       = { "seed", "种子" },
	[S_HINT]       = { "Tab pane  ? help  q quit", "Tab 窗格  ? 帮助  q 退出" },
	[S_HINT_SHORT] = { "? help", "? 帮助" },
	/* Short, with the ladder focused: ↓ there steps, so a learner who
	 * pressed it to read on in the explanation needs to hear of Tab. */
	[S_HINT_LADDER] = { "Tab pane  ? help", "Tab 窗格  ? 帮助" },
	[S_PROMPT]     = { "Go to step (tls-6, id, or position): ", "跳到步骤（tls-6、id 或序号）：" },
	[S_PROMPT_HINT] = { "   Enter go, Esc cancel", "   回车跳转，Esc 取消" },
	[S_TOO_SMALL]  = { "The terminal is too small: %d×%d.", "终端窗口太小：%d×%d。" },
	[S_NEEDS]      = { "tlswalk needs at least %d×%d (columns × rows).", "tlswalk 至少需要 %d×%d（列 × 行）。" },
	[S_ENLARGE]    = { "Enlarge the window, or press q to quit.", "请放大窗口，或按 q 退出。" },
	[S_HELP_TITLE] = { "Keys", "按键" },
	[S_HELP_FOOT]  = { "Press ? or Esc to close this help.", "按 ? 或 Esc 关闭帮助。" },
	[S_HELP_STATUS] = { "Help: ↑ ↓ PgUp PgDn scroll · ? or Esc closes · L 中文",
		"帮助：↑ ↓ PgUp PgDn 滚动 · ? 或 Esc 关闭 · L English" },
	[S_BYTE]       = { "byte", "字节" },
	[S_NO_LESSON]  = { "(no explanation for %s)", "（%s 没有讲解）" },
	[S_ABOUT_STAGE] = { "About this stage", "关于这个阶段" },
	[S_ABOUT_ALL]  = { "The whole connection", "整个连接" },
	[S_ENCRYPTED]  = { "🔒 encrypted", "🔒 已加密" },
	[S_BYTES_OF_ENC] = { "%s, %zu bytes, sent encrypted", "%s，%zu 字节，加密发送" },
	[S_PRESENT_HINT] = { "← → step · Enter details · P the panes · ? help",
		"← → 换步 · 回车 讲解 · P 回到窗格 · ? 帮助" },
	[S_PRESENT_CONN1] = { "connection 1 of 2: the full handshake", "连接 1/2：完整握手" },
	[S_PRESENT_CONN2] = { "connection 2 of 2: the resumed session", "连接 2/2：恢复的会话" },
	[S_MORE_BYTES] = { "… %zu more bytes of this field (b: all bytes)", "… 这个字段还有 %zu 字节（b：全部字节）" },
	[S_NO_OTHER_LANG] = { "The other language could not be loaded: %s", "无法加载另一种语言：%s" },
	[S_NEEDS_UTF8] = { "Chinese needs a UTF-8 terminal (e.g. LANG=C.UTF-8).", "中文需要 UTF-8 终端（例如 LANG=C.UTF-8）。" },
	[S_STEP_OF]    = { "step %d/%zu", "第 %d/%zu 步" },
	[S_BYTES_OF]   = { "%s, %zu bytes", "%s，%zu 字节" },
	[S_ACKS_SHOWN] = { "TCP pure ACKs shown (a: hide)", "已显示 TCP 纯 ACK（a：隐藏）" },
	[S_STOPS] = { "stops here", "在此停止" },
	[S_STOPS_SILENT] = { "stops, no alert", "停止，未发警报" },
	[S_CONN1] = { "Connection 1 of 2: the full handshake (c: the resumed one)",
		"连接 1/2：完整握手（c：切换到恢复的连接）" },
	[S_CONN2] = { "Connection 2 of 2: resumed, abbreviated handshake (c: back)",
		"连接 2/2：恢复的会话，简化握手（c：返回）" },
	[S_ACKS_HIDDEN] = { "TCP pure ACKs hidden (a: show)", "已隐藏 TCP 纯 ACK（a：显示）" },
	[S_FIELD_AT]   = { "bytes %zu–%zu (%zu)", "字节 %zu–%zu（共 %zu）" },
	[S_PANES1]     = { "%s: the messages in order, client on the left, server on the right; the current one is highlighted; 🔒 marks a message sent encrypted.",
		"%s：按顺序排列的报文，左边是客户端，右边是服务器；当前报文高亮显示；🔒 表示加密发送的报文。" },
	[S_PANES2]     = { "Explanation: what this step does and why. Fields: the message decoded, the selected field explained, and its bytes; Enter opens a field.",
		"讲解：这一步做什么、为什么。字段：解码后的报文、选中字段的讲解和它的字节；按回车展开字段。" },
	[S_PANES3]     = { "Bytes: the real bytes; the selected field is highlighted, moving here selects the field of the byte.",
		"字节：真实的字节；选中字段的字节高亮显示，在这里移动会选中该字节所属的字段。" },
	[S_PANES4]     = { "Secrets: what is known after this step, how it is derived, and whether it was verified.",
		"密钥：这一步之后已知的秘密、如何推导，以及是否经过验证。" },
};

/* ---- box drawing: UTF-8 or ASCII ----------------------------------------- */
typedef struct {
	const char *h, *v, *tl, *tr, *bl, *br, *right, *left, *open, *closed, *to_s, *to_c;
} glyphs;

static const glyphs utf8_glyphs = { "─", "│", "┌", "┐", "└", "┘", "▶", "◀", "▾", "▸", "→", "←" };
static const glyphs ascii_glyphs = { "-", "|", "+", "+", "+", "+", ">", "<", "-", "+", "->", "<-" };

/* ---- the UI -------------------------------------------------------------- */
typedef struct {
	const tw_model *m;       /* the connection shown */
	const tw_model *root;    /* the first connection (--resume: m may be its next) */
	const tw_lessons *les[2];  /* [0] the language asked for (the caller's), [1] the other one */
	tw_lessons *other_owned;   /* les[1], loaded here and freed here */
	char other_err[512];
	int cur;                   /* which of les[] is shown */
	int ascii, color;
	int cjk;                 /* a UTF-8 terminal: Chinese can be shown */
	const glyphs *g;
	tw_ui_state s;
	tw_layout l;
	/* cached documents */
	tw_doc explain, secrets;
	int ex_key[4], se_key[4];
	/* bench figures (TW_UI_STATS=file) */
	const char *stats_path;
	long fail_after_keys;    /* test hook: TW_UI_TEST_FATAL_AFTER_KEYS */
	int frames;
	long keys;
	double cpu_first, wall_first;
	/* the quiz (t, --quiz): its state lives in quiz.c */
	tw_quiz quiz;
	const tw_model *quiz_m;  /* the connection the quiz was built on */
	int quiz_on;
} ui;

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t curses_active;

/* Signals whose default action ends the program: each is caught, the loop
 * stops, the terminal is restored by ncurses, and the program then dies of
 * the same signal (status 128 + n, as the shell expects). */
static const int exit_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM,
	SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ
};
static struct sigaction exit_old[sizeof exit_signals / sizeof exit_signals[0]];

/* Signals after which the program cannot go on: the handler itself puts
 * the terminal back, with only async-signal-safe calls (write, tcsetattr)
 * and bytes prepared beforehand, then hands over to the handler that was
 * there before (the default, or a sanitizer's report). */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP };
static struct sigaction crash_old[sizeof crash_signals / sizeof crash_signals[0]];
static char crash_restore[256];
static size_t crash_restore_len;
static struct termios crash_termios;
static int crash_fd = -1, crash_have_termios;

static void
restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
on_crash(int sig)
{
	size_t i;

	if (curses_active) {
		curses_active = 0;
		if (crash_fd >= 0) {
			if (crash_restore_len > 0 &&
			    write(crash_fd, crash_restore, crash_restore_len) < 0)
				crash_restore_len = 0;    /* nothing more can be done */
			if (crash_have_termios)
				tcsetattr(crash_fd, TCSANOW, &crash_termios);
		}
	}
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		if (crash_signals[i] == sig)
			sigaction(sig, &crash_old[i], NULL);
	raise(sig);
}

/* Append a terminfo string (if the terminal has it) to the crash bytes. */
static void
crash_add(const char *cap)
{
	char *v = tigetstr((char *)cap);
	size_t n;

	if (v == NULL || v == (char *)-1)
		return;
	n = strlen(v);
	if (crash_restore_len + n < sizeof crash_restore) {
		memcpy(crash_restore + crash_restore_len, v, n);
		crash_restore_len += n;
	}
}

/* Prepare what on_crash writes, while it is safe to call terminfo: leave
 * mouse reporting, the keypad mode and the alternate screen, show the
 * cursor, reset the colours. */
static void
crash_prepare(int fd)
{
	static const char mouse_off[] = "\033[?1006l\033[?1002l\033[?1000l";

	crash_fd = fd;
	crash_restore_len = 0;
	if (has_mouse() && crash_restore_len + sizeof mouse_off < sizeof crash_restore) {
		memcpy(crash_restore, mouse_off, sizeof mouse_off - 1);
		crash_restore_len = sizeof mouse_off - 1;
	}
	crash_add("sgr0");
	crash_add("rmkx");
	crash_add("cnorm");
	crash_add("rmcup");
}

/* Restore the terminal, then say why we stop. */
static void ui_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
ui_die(const char *fmt, ...)
{
	va_list ap;

	restore_terminal();
	fputs("tlswalk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static const char *
S(const ui *u, int id)
{
	return strings[id][u->s.zh ? 1 : 0];
}

static attr_t
role(const ui *u, int r)
{
	if (!u->color)
		return roles[r].mono_attr;
	return COLOR_PAIR(r + 1) | roles[r].color_attr;
}

static int
doc_role(tw_role r)
{
	switch (r) {
	case TW_ROLE_HEAD: return C_HEAD;
	case TW_ROLE_NEW: return C_NEW;
	case TW_ROLE_OK: return C_OK;
	case TW_ROLE_BAD: return C_BAD;
	case TW_ROLE_DIM: return C_DIM;
	case TW_ROLE_VALUE: return C_VALUE;
	default: return C_NORMAL;
	}
}

/* Draw UTF-8 text at (y, x) in at most maxw columns; returns the columns
 * used. A wide character that would cross maxw is not drawn. In ASCII
 * mode the text is transliterated first. */
static int
put(const ui *u, int y, int x, int maxw, const char *s, attr_t a)
{
	wchar_t buf[600];
	char *tmp = NULL;
	size_t n = 0, len;
	int used = 0;
	mbstate_t st;

	if (maxw <= 0 || s == NULL)
		return 0;
	if (u->ascii) {
		const char *p;
		for (p = s; *p && !((unsigned char)*p & 0x80); p++)
			;
		if (*p) {
			tmp = tw_ui_ascii_text(s);
			if (tmp == NULL)
				ui_die("out of memory while drawing");
			s = tmp;
		}
	}
	len = strlen(s);
	memset(&st, 0, sizeof st);
	while (len > 0 && n < sizeof buf / sizeof buf[0] - 1) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, len, &st);
		int w;
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			wc = L'?';
			k = 1;
		}
		if (wc < L' ' || wc == 0x7f)
			wc = L' ';
		w = wcwidth(wc);
		if (w < 0) {
			wc = L'?';
			w = 1;
		}
		if (used + w > maxw)
			break;
		buf[n++] = wc;
		used += w;
		s += k;
		len -= k;
	}
	buf[n] = 0;
	attrset(a);
	mvaddnwstr(y, x, buf, (int)n);
	attrset(A_NORMAL);
	free(tmp);
	return used;
}

/* put(), but text wider than maxw ends in "…" (ASCII "~") where it is
 * cut, so a reader knows there is more (the Fields footer shows all). */
static int
put_cut(const ui *u, int y, int x, int maxw, const char *s, attr_t a)
{
	int sw;

	if (maxw <= 1 || s == NULL)
		return put(u, y, x, maxw, s, a);
	if (u->ascii) {
		char *t = tw_ui_ascii_text(s);
		if (t == NULL)
			ui_die("out of memory while drawing");
		sw = tw_ui_width(t, (size_t)-1);
		free(t);
	} else
		sw = tw_ui_width(s, (size_t)-1);
	if (sw <= maxw)
		return put(u, y, x, maxw, s, a);
	sw = put(u, y, x, maxw - 1, s, a);
	return sw + put(u, y, x + sw, 1, u->ascii ? "~" : "…", a);
}

static void
fill(int y, int x, int w, attr_t a)
{
	attrset(a);
	if (w > 0)
		mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

static void
hline_glyph(const ui *u, int y, int x, int w, const char *gl, attr_t a)
{
	int i;

	for (i = 0; i < w; i++)
		put(u, y, x + i, 1, gl, a);
}

static void
box_at(const ui *u, const tw_rect *r, const char *title, int focus)
{
	attr_t a = role(u, focus ? C_BORDER_FOCUS : C_BORDER);
	int i;

	put(u, r->y, r->x, 1, u->g->tl, a);
	hline_glyph(u, r->y, r->x + 1, r->w - 2, u->g->h, a);
	put(u, r->y, r->x + r->w - 1, 1, u->g->tr, a);
	for (i = 1; i < r->h - 1; i++) {
		put(u, r->y + i, r->x, 1, u->g->v, a);
		put(u, r->y + i, r->x + r->w - 1, 1, u->g->v, a);
	}
	put(u, r->y + r->h - 1, r->x, 1, u->g->bl, a);
	hline_glyph(u, r->y + r->h - 1, r->x + 1, r->w - 2, u->g->h, a);
	put(u, r->y + r->h - 1, r->x + r->w - 1, 1, u->g->br, a);
	if (title) {
		char t[256];
		snprintf(t, sizeof t, " %s ", title);
		put(u, r->y, r->x + 2, r->w - 4, t, role(u, focus ? C_TITLE_FOCUS : C_TITLE));
	}
}

static const tw_lessons *
lessons(const ui *u)
{
	return u->les[u->cur];
}

static const char *
stage_name(const ui *u, tw_stage st)
{
	switch (st) {
	case TW_STAGE_TCP: return S(u, S_STAGE1);
	case TW_STAGE_TLS:
		/* A captured TLS 1.3 connection (tls13.h). */
		if (u->m->t13.present)
			return S(u, S_STAGE2_13);
		return S(u, S_STAGE2);
	case TW_STAGE_HTTP: return S(u, S_STAGE3);
	default: return S(u, S_STAGE4);
	}
}

/* "① ClientHello", "HTTP 1 request", "1 SYN". */
static void
step_title(const ui *u, const tw_step *st, char *buf, size_t n)
{
	tw_ui_step_title(st, u->ascii, u->s.zh, buf, n);
}

/* ---- panes --------------------------------------------------------------- */

static void
inner(const tw_rect *r, int *y, int *x, int *h, int *w)
{
	*y = r->y + 1;
	*x = r->x + 1;
	*h = r->h - 2;
	*w = r->w - 2;
}

static int
ladder_cur_row(const tw_lrow *rows, size_t n, int step)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].kind == TW_LROW_STEP && rows[i].step == step)
			return (int)i;
	return 0;
}

static void
draw_ladder(ui *u)
{
	const tw_rect *r = &u->l.pane[TW_PANE_LADDER];
	tw_lrow *rows;
	size_t n, i;
	int y, x, h, w, cur, aw, lh;
	char t[128];
	const char *title = u->l.compact ? S(u, S_STEPS) : S(u, S_LADDER);

	rows = malloc((TW_MAX_STEPS + 8 + TW_MAX_ATTACK_EVENTS + u->m->tcp.npkt) * sizeof *rows);
	if (rows == NULL)
		ui_die("out of memory while drawing the ladder");
	n = tw_ladder_rows(u->m, u->s.acks, rows);
	box_at(u, r, title, u->s.focus == TW_PANE_LADDER);
	inner(r, &y, &x, &h, &w);
	/* Header: who is where, and what the lock on a message means. */
	put(u, y, x, w, S(u, S_CLIENT), role(u, C_CLIENT) | A_BOLD);
	{
		int sw = tw_ui_width(S(u, S_SERVER), (size_t)-1);
		int cw = tw_ui_width(S(u, S_CLIENT), (size_t)-1);
		const char *enc = u->ascii ? (u->s.zh ? "* 已加密" : "* encrypted") : S(u, S_ENCRYPTED);
		int ew = tw_ui_width(enc, (size_t)-1);
		put(u, y, x + w - sw, sw, S(u, S_SERVER), role(u, C_SERVER) | A_BOLD);
		if (cw + ew + sw + 2 <= w)
			put(u, y, x + cw + (w - cw - sw - ew) / 2, ew, enc, role(u, C_DIM));
	}
	lh = h - 1;
	aw = w;                  /* the box's sides are the two lifelines */
	cur = ladder_cur_row(rows, n, u->s.step);
	tw_ui_scroll_to(&u->s, TW_PANE_LADDER, cur, lh);
	for (i = (size_t)u->s.top[TW_PANE_LADDER]; i < n && (int)i - u->s.top[TW_PANE_LADDER] < lh; i++) {
		int row = y + 1 + (int)i - u->s.top[TW_PANE_LADDER], k, tw_;
		const tw_lrow *lr = &rows[i];

		if (lr->kind == TW_LROW_STAGE) {
			const char *sn = stage_name(u, lr->stage);
			int sw = tw_ui_width(sn, (size_t)-1) + 2, pad = (w - sw) / 2;
			if (pad < 0)
				pad = 0;
			hline_glyph(u, row, x, w, u->g->h, role(u, C_DIM));
			snprintf(t, sizeof t, " %s ", sn);
			put(u, row, x + pad, w - pad, t, role(u, C_HEAD));
			continue;
		}
		if (lr->kind == TW_LROW_ATTACK) {
			/* The third column: the attacker between the two lifelines. */
			int lw;
			snprintf(t, sizeof t, "%s %s", u->ascii ? "!" : "⚡", tw_ui_attack_words(u->m, u->s.zh));
			lw = tw_ui_width(t, (size_t)-1);
			put(u, row, x + (w > lw ? (w - lw) / 2 : 0), w, t, role(u, C_BAD));
			continue;
		}
		if (lr->kind == TW_LROW_FAIL) {
			/* ✗ at the side that stopped, no arrow: nothing was sent. */
			snprintf(t, sizeof t, "%s %s", u->ascii ? "X" : "✗",
				u->m->failure.alert_step >= 0 ? S(u, S_STOPS) : S(u, S_STOPS_SILENT));
			if (lr->dir == TW_C2S)
				put(u, row, x, w, t, role(u, C_BAD));
			else {
				int lw = tw_ui_width(t, (size_t)-1);
				put(u, row, x + (w > lw ? w - lw : 0), w, t, role(u, C_BAD));
			}
			continue;
		}
		if (lr->kind == TW_LROW_ACK) {
			snprintf(t, sizeof t, "ACK");
		} else {
			step_title(u, &u->m->story.step[lr->step], t, sizeof t);
			if (tw_ui_step_encrypted(u->m, lr->step))
				snprintf(t + strlen(t), sizeof t - strlen(t), "%s",
					u->ascii ? " *" : " 🔒");
		}
		{
			int sel = lr->kind == TW_LROW_STEP && lr->step == u->s.step;
			int rc = lr->kind == TW_LROW_ACK ? C_DIM : lr->dir == TW_C2S ? C_CLIENT : C_SERVER;
			/* Dropped on the path (truncation): no head at the receiver,
			 * a cross where it would have arrived. */
			int dropped = lr->kind == TW_LROW_STEP && lr->dropped;
			const char *head_r = dropped ? (u->ascii ? "X" : "✗") : u->g->right;
			const char *head_l = dropped ? (u->ascii ? "X" : "✗") : u->g->left;
			attr_t a = sel ? role(u, u->s.focus == TW_PANE_LADDER ? C_SEL : C_SEL_DIM) : role(u, rc);
			int lw = tw_ui_width(t, (size_t)-1);

			if (lw > aw - 3)
				lw = aw - 3;
			if (sel)
				fill(row, x, aw, a);
			if (lr->dir == TW_C2S) {
				/* label ───▶ */
				tw_ = put(u, row, x, lw, t, a);
				put(u, row, x + tw_, 1, " ", a);
				for (k = x + 1 + tw_; k < x + aw - 1; k++)
					put(u, row, k, 1, u->g->h, a);
				put(u, row, x + aw - 1, 1, head_r, a);
			} else {
				/* ◀─── label */
				put(u, row, x, 1, head_l, a);
				for (k = x + 1; k < x + aw - lw - 1; k++)
					put(u, row, k, 1, u->g->h, a);
				put(u, row, x + aw - lw - 1, 1, " ", a);
				put(u, row, x + aw - lw, lw, t, a);
			}
		}
	}
	free(rows);
}

static void
doc_draw(ui *u, tw_pane p, const tw_doc *d, int y, int x, int h, int w)
{
	int maxtop = (int)d->n - h, i;

	if (maxtop < 0)
		maxtop = 0;
	if (u->s.top[p] > maxtop)
		u->s.top[p] = maxtop;
	for (i = 0; i < h && (size_t)(i + u->s.top[p]) < d->n; i++) {
		const tw_dline *dl = &d->line[i + u->s.top[p]];
		int cursor = p == TW_PANE_SECRETS && i + u->s.top[p] == u->s.scur
			&& u->s.focus == TW_PANE_SECRETS;
		attr_t sel = cursor ? role(u, C_SEL_DIM) : 0;
		size_t k;
		if (cursor)
			fill(y + i, x, w, sel);
		put(u, y + i, x, w, dl->text, role(u, doc_role(dl->role)) | sel);
		/* Coloured parts (secrets): drawn again over the line. */
		for (k = 0; k < dl->nspan; k++) {
			const tw_dspan *sp = &dl->span[k];
			char part[1024];
			int col;
			if (sp->hue == TW_HUE_NONE || sp->hue >= TW_HUE_COUNT
				|| (size_t)sp->off + sp->len > strlen(dl->text) || sp->len >= sizeof part)
				continue;
			col = tw_ui_width(dl->text, sp->off);
			memcpy(part, dl->text + sp->off, sp->len);
			part[sp->len] = 0;
			put(u, y + i, x + col, w - col, part, role(u, C_HUE + sp->hue - 1) | sel);
		}
	}
	/* A scroll mark on the right border when there is more. */
	if (u->s.top[p] > 0)
		put(u, y, x + w, 1, u->ascii ? "^" : "▲", role(u, C_BORDER_FOCUS));
	if (u->s.top[p] < maxtop)
		put(u, y + h - 1, x + w, 1, u->ascii ? "v" : "▼", role(u, C_BORDER_FOCUS));
}

static void
lesson_into(ui *u, tw_doc *d, const char *id, int w, int with_body)
{
	const tw_lesson *ls = tw_lessons_pick(lessons(u), id, u->m);
	char *t;
	size_t i;

	if (ls == NULL) {
		char msg[160];
		snprintf(msg, sizeof msg, S(u, S_NO_LESSON), id);
		tw_doc_add(d, TW_ROLE_DIM, 0, u->ascii, w, NULL, msg);
		return;
	}
	t = tw_lessons_render(lessons(u), ls->title, u->m);
	tw_doc_add(d, TW_ROLE_HEAD, 0, u->ascii, w, NULL, t ? t : ls->title);
	free(t);
	for (i = 0; i < ls->nbullets; i++) {
		t = tw_lessons_render(lessons(u), ls->bullets[i], u->m);
		tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, "• ", t ? t : ls->bullets[i]);
		free(t);
	}
	if (with_body && ls->body && ls->body[0]) {
		tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, NULL, "");
		t = tw_lessons_render(lessons(u), ls->body, u->m);
		tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, NULL, t ? t : ls->body);
		free(t);
	}
}

static const char *const stage_ids[] = { "", "stage-tcp", "stage-tls", "stage-http", "stage-close" };

static void
build_explain(ui *u, int w)
{
	const tw_step *st = &u->m->story.step[u->s.step];
	tw_doc *d = &u->explain;
	char line[256], what[64];

	tw_doc_free(d);
	snprintf(line, sizeof line, S(u, S_STEP_OF), u->s.step + 1, u->m->story.nstep);
	snprintf(what, sizeof what, "%s %s %s", S(u, S_CLIENT),
		st->dir == TW_C2S ? u->g->to_s : u->g->to_c, S(u, S_SERVER));
	{
		char l2[512], bytes[96];
		snprintf(bytes, sizeof bytes, S(u, tw_ui_step_encrypted(u->m, u->s.step)
			? S_BYTES_OF_ENC : S_BYTES_OF), what, st->len);
		snprintf(l2, sizeof l2, "%s · %s", line, bytes);
		tw_doc_add(d, TW_ROLE_DIM, 0, u->ascii, w, NULL, l2);
	}
	/* The failure, where it happened, before anything else. */
	if (u->m->failure.failed && u->s.step == u->m->failure.at_step) {
		tw_doc_add(d, TW_ROLE_BAD, 0, u->ascii, w, u->ascii ? "!! " : "✗ ",
			u->s.zh ? u->m->failure.banner_zh : u->m->failure.banner_en);
		tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, NULL, "");
	}
	lesson_into(u, d, st->id, w, 1);
	if (u->s.step == 0) {
		/* The first step also carries the overview, for a learner alone. */
		tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, NULL, "");
		snprintf(line, sizeof line, "%s %s %s", u->g->h, S(u, S_ABOUT_ALL), u->g->h);
		tw_doc_add(d, TW_ROLE_DIM, 0, u->ascii, w, NULL, line);
		lesson_into(u, d, u->m->resumed_conn ? "resumed-connection" : u->m->compared
			? "compared-connection" : "overview", w, 1);
	}
	if (u->s.step == 0 || u->m->story.step[u->s.step - 1].stage != st->stage) {
		tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, NULL, "");
		snprintf(line, sizeof line, "%s %s %s", u->g->h, S(u, S_ABOUT_STAGE), u->g->h);
		tw_doc_add(d, TW_ROLE_DIM, 0, u->ascii, w, NULL, line);
		lesson_into(u, d, stage_ids[st->stage], w, 1);
	}
	if (d->oom)
		ui_die("out of memory while preparing the explanation");
}

static void
draw_explain(ui *u)
{
	const tw_rect *r = &u->l.pane[TW_PANE_EXPLAIN];
	int y, x, h, w, key[4];

	inner(r, &y, &x, &h, &w);
	key[0] = u->s.step;
	key[1] = u->cur;
	key[2] = w - 1;
	key[3] = 1;
	if (memcmp(key, u->ex_key, sizeof key) != 0) {
		build_explain(u, w - 1);
		memcpy(u->ex_key, key, sizeof key);
	}
	doc_draw(u, TW_PANE_EXPLAIN, &u->explain, y, x, h, w - 1);
}

static void
draw_secrets(ui *u)
{
	const tw_rect *r = &u->l.pane[TW_PANE_SECRETS];
	int y, x, h, w, key[4];

	inner(r, &y, &x, &h, &w);
	key[0] = u->s.step;
	key[1] = u->s.zh;
	key[2] = w - 1;
	key[3] = 1;
	if (memcmp(key, u->se_key, sizeof key) != 0) {
		tw_doc_free(&u->secrets);
		tw_ui_secrets(u->m, u->s.step, u->s.zh, u->ascii, w - 1, &u->secrets);
		if (u->secrets.oom)
			ui_die("out of memory while preparing the secrets");
		memcpy(u->se_key, key, sizeof key);
	}
	if (u->s.secrets_autoscroll) {
		/* Show what this step brought: its first new line near the top,
		 * the cursor on it. */
		u->s.top[TW_PANE_SECRETS] = u->secrets.first_new > 0 ? u->secrets.first_new : 0;
		u->s.scur = u->s.top[TW_PANE_SECRETS];
		u->s.secrets_autoscroll = 0;
	}
	if (u->s.scur >= (int)u->secrets.n)
		u->s.scur = u->secrets.n ? (int)u->secrets.n - 1 : 0;
	tw_ui_scroll_to(&u->s, TW_PANE_SECRETS, u->s.scur, h);
	doc_draw(u, TW_PANE_SECRETS, &u->secrets, y, x, h, w - 1);
}

/* " Label: value" as a row of the field tree shows it. */
static void
field_line(const tw_field *f, int zh, char *line, size_t n)
{
	snprintf(line, n, " %s%s%s%s", f->undecoded ? "! " : "",
		f->label ? f->label : f->id, f->value ? ": " : "",
		f->value ? tw_field_value(f, zh) : "");
}

/* One row of hex and ASCII: bytes [base, base+per) of the step, the
 * bytes [f0, f1) of the selected field highlighted, byte cur (or none:
 * (size_t)-1) as the cursor. */
static void
hex_row(ui *u, int y, int x, int w, int per, const tw_step *st, size_t base,
	size_t f0, size_t f1, size_t cur)
{
	char off[16];
	size_t b;

	snprintf(off, sizeof off, "%04zx", base);
	put(u, y, x, w, off, role(u, C_DIM));
	for (b = base; b < base + (size_t)per && b < st->len; b++) {
		char hx[4], ch[2];
		int hl = b >= f0 && b < f1;
		attr_t a = b == cur ? role(u, C_CURSOR_BYTE)
			: hl ? role(u, C_FIELD_BYTES) : role(u, C_NORMAL);
		snprintf(hx, sizeof hx, "%02x", st->bytes[b]);
		put(u, y, x + tw_hex_col(per, b), w - tw_hex_col(per, b), hx, a);
		/* Join highlighted neighbours so the field reads as one block. */
		if (hl && b + 1 < f1 && b + 1 < base + (size_t)per && (b % (size_t)per) != 7)
			put(u, y, x + tw_hex_col(per, b) + 2, 1, " ", role(u, C_FIELD_BYTES));
		ch[0] = st->bytes[b] >= 0x20 && st->bytes[b] < 0x7f ? (char)st->bytes[b] : '.';
		ch[1] = 0;
		put(u, y, x + tw_hex_ascii_col(per, b), w - tw_hex_ascii_col(per, b), ch, a);
	}
}

/* The selected field explained: where it lies, its whole value when its
 * row is cut, then its whole lesson — title, bullets and body, as --dump
 * prints it. */
static void
field_info(ui *u, tw_doc *fd, const tw_field *sel, int depth, int w)
{
	const tw_lesson *ls = sel->id ? tw_lessons_pick(lessons(u), sel->id, u->m) : NULL;
	char buf[256], line[1024];
	int ind = depth * 2 > w / 2 ? w / 2 : depth * 2;
	size_t i;

	snprintf(buf, sizeof buf, S(u, S_FIELD_AT), sel->off,
		sel->len ? sel->off + sel->len - 1 : sel->off, sel->len);
	tw_doc_add(fd, TW_ROLE_DIM, 0, u->ascii, w, NULL, buf);
	/* The whole value when its row is cut: "2261-byte record; this
	 * step shows its first 86 bytes…" must be readable somewhere. */
	field_line(sel, u->s.zh, line, sizeof line);
	if (ind + 1 + tw_ui_width(line, (size_t)-1) > w)
		tw_doc_add(fd, TW_ROLE_VALUE, 0, u->ascii, w, NULL, line + 1);
	if (ls == NULL)
		return;
	{
		char *t = tw_lessons_render(lessons(u), ls->title, u->m);
		tw_doc_add(fd, TW_ROLE_HEAD, 0, u->ascii, w, NULL, t ? t : ls->title);
		free(t);
	}
	for (i = 0; i < ls->nbullets; i++) {
		char *t = tw_lessons_render(lessons(u), ls->bullets[i], u->m);
		tw_doc_add(fd, TW_ROLE_TEXT, 0, u->ascii, w, u->ascii ? "* " : "• ",
			t ? t : ls->bullets[i]);
		free(t);
	}
	if (ls->body && ls->body[0]) {
		char *t = tw_lessons_render(lessons(u), ls->body, u->m);
		tw_doc_add(fd, TW_ROLE_TEXT, 0, u->ascii, w, NULL, t ? t : ls->body);
		free(t);
	}
}

/* The field tree; below it the selected field's explanation; in the
 * compact layout (where the Bytes pane is another tab) the field's own
 * bytes below that, so a field, what it means and its bytes are seen
 * together. The tree keeps at least a few rows around the cursor. */
static void
draw_fields(ui *u)
{
	const tw_rect *r = &u->l.pane[TW_PANE_FIELDS];
	const tw_step *st = &u->m->story.step[u->s.step];
	const tw_field *sel = tw_ui_selected_field(&u->s);
	int y, x, h, w, i, th, foot = 0, hex_h = 0, hex_rows = 0, more = 0, tmin;
	int per = u->l.field_hex_per_row;
	size_t f0 = 0, f1 = 0, r0 = 0, r1 = 0;
	tw_doc fd;

	inner(r, &y, &x, &h, &w);
	w--;                           /* the last column holds scroll marks */
	tw_doc_init(&fd);
	if (sel && u->l.compact && !u->l.pane[TW_PANE_HEX].shown && per > 0
		&& sel->len > 0 && sel->off < st->len && h >= 12) {
		int cap = h >= 26 ? 5 : 3;
		f0 = sel->off;
		f1 = sel->off + sel->len > st->len ? st->len : sel->off + sel->len;
		r0 = f0 / (size_t)per;
		r1 = (f1 - 1) / (size_t)per;
		hex_rows = (int)(r1 - r0 + 1);
		if (hex_rows > cap) {
			hex_rows = cap - 1;
			more = 1;
		}
		hex_h = 1 + hex_rows + more;
	}
	if (sel && h >= 8)
		field_info(u, &fd, sel, u->s.frows[u->s.fcur].depth, w);
	if (fd.oom)
		ui_die("out of memory while drawing the fields");
	tmin = (int)u->s.nfrows < 5 ? (int)u->s.nfrows : 5;
	if (fd.n) {
		foot = h - hex_h - tmin - 1;
		if (foot > (int)fd.n)
			foot = (int)fd.n;
		if (foot < 0)
			foot = 0;
	}
	th = h - hex_h - (foot ? foot + 1 : 0);
	u->s.tree_h = th;
	tw_ui_scroll_to(&u->s, TW_PANE_FIELDS, u->s.fcur, th);
	for (i = 0; i < th && (size_t)(i + u->s.top[TW_PANE_FIELDS]) < u->s.nfrows; i++) {
		const tw_frow *fr = &u->s.frows[i + u->s.top[TW_PANE_FIELDS]];
		const tw_field *f = fr->f;
		int selrow = i + u->s.top[TW_PANE_FIELDS] == u->s.fcur;
		attr_t a = selrow ? role(u, u->s.focus == TW_PANE_FIELDS ? C_SEL : C_SEL_DIM)
			: role(u, f->undecoded ? C_DIM : C_NORMAL);
		char line[1024];
		int ind = fr->depth * 2, used;

		if (selrow)
			fill(y + i, x, w, a);
		if (ind > w / 2)
			ind = w / 2;
		used = put(u, y + i, x + ind, w - ind,
			f->nchild ? (fr->expanded ? u->g->open : u->g->closed) : " ", a);
		field_line(f, u->s.zh, line, sizeof line);
		put_cut(u, y + i, x + ind + used, w - ind - used, line, a);
	}
	/* Scroll marks: more rows of the tree above or below. */
	if (u->s.top[TW_PANE_FIELDS] > 0)
		put(u, y, x + w, 1, u->ascii ? "^" : "▲", role(u, C_BORDER_FOCUS));
	if ((size_t)(u->s.top[TW_PANE_FIELDS] + th) < u->s.nfrows)
		put(u, y + th - 1, x + w, 1, u->ascii ? "v" : "▼", role(u, C_BORDER_FOCUS));
	/* The explanation is read on with PgDn when it is cut; it starts
	 * at its top again for every field. */
	if (u->s.info_field != (const void *)sel) {
		u->s.info_field = sel;
		u->s.info_top = 0;
	}
	if (u->s.info_top > (int)fd.n - foot)
		u->s.info_top = (int)fd.n - foot > 0 ? (int)fd.n - foot : 0;
	u->s.info_rows = foot;
	u->s.info_more = foot > 0 && (size_t)(u->s.info_top + foot) < fd.n;
	if (foot) {
		int fy = y + th + 1;
		hline_glyph(u, y + th, x, w, u->g->h, role(u, C_DIM));
		for (i = 0; i < foot; i++) {
			const tw_dline *dl = &fd.line[i + u->s.info_top];
			if (i == foot - 1 && u->s.info_more) {
				/* Cut: say so where it is cut, and how to read on. */
				char cut[1100];
				snprintf(cut, sizeof cut, "%s%s", dl->text, u->ascii ? " ... PgDn" : " … PgDn");
				put_cut(u, fy + i, x, w, cut, role(u, doc_role(dl->role)));
				put(u, fy + i, x + w, 1, u->ascii ? "v" : "▼", role(u, C_BORDER_FOCUS));
			} else
				put(u, fy + i, x, w, dl->text, role(u, doc_role(dl->role)));
		}
		if (u->s.info_top > 0)
			put(u, fy, x + w, 1, u->ascii ? "^" : "▲", role(u, C_BORDER_FOCUS));
	}
	if (hex_h) {
		int hy = y + h - hex_h, k;
		hline_glyph(u, hy, x, w, u->g->h, role(u, C_DIM));
		for (k = 0; k < hex_rows; k++)
			hex_row(u, hy + 1 + k, x, w, per, st, (r0 + (size_t)k) * (size_t)per,
				f0, f1, (size_t)-1);
		if (more) {
			char buf[160];
			size_t shown = (r0 + (size_t)hex_rows) * (size_t)per - f0;
			snprintf(buf, sizeof buf, S(u, S_MORE_BYTES), f1 - f0 - shown);
			put_cut(u, hy + 1 + hex_rows, x, w, buf, role(u, C_DIM));
		}
	}
	tw_doc_free(&fd);
}

static void
draw_hex(ui *u)
{
	const tw_rect *r = &u->l.pane[TW_PANE_HEX];
	const tw_step *st = &u->m->story.step[u->s.step];
	const tw_field *sel = tw_ui_selected_field(&u->s);
	int y, x, h, w, per = u->l.hex_per_row, i, nrows;
	size_t f0 = 0, f1 = 0;

	inner(r, &y, &x, &h, &w);
	nrows = (int)((st->len + (size_t)per - 1) / (size_t)per);
	if (sel) {
		char line[1024];
		tw_doc fd;
		int nl, k;
		f0 = sel->off;
		f1 = sel->off + sel->len;
		/* The last rows name the selected field, so the bytes make sense
		 * even when the field tree is on another tab: wrapped onto the
		 * rows the bytes leave free (up to 4), else one row, cut. When
		 * the Fields pane is beside the bytes it shows the value: the
		 * cursor's byte and the field's name are enough here. */
		if (u->l.pane[TW_PANE_FIELDS].shown)
			snprintf(line, sizeof line, "%s %zu · %s", S(u, S_BYTE), u->s.hcur,
				sel->label ? sel->label : sel->id);
		else
			snprintf(line, sizeof line, "%s %zu · %s%s%s", S(u, S_BYTE), u->s.hcur,
				sel->label ? sel->label : sel->id,
				sel->value ? " = " : "", sel->value ? tw_field_value(sel, u->s.zh) : "");
		tw_doc_init(&fd);
		tw_doc_add(&fd, TW_ROLE_HEAD, 0, u->ascii, w, NULL, line);
		nl = h - 1 - nrows;
		if (nl > 4)
			nl = 4;
		if (nl > (int)fd.n)
			nl = (int)fd.n;
		if (fd.oom || nl <= 1) {
			h--;
			hline_glyph(u, y + h, x, w, " ", role(u, C_NORMAL));
			put_cut(u, y + h, x, w, line, role(u, C_HEAD));
		} else {
			h -= nl;
			for (k = 0; k < nl; k++) {
				hline_glyph(u, y + h + k, x, w, " ", role(u, C_NORMAL));
				if (k == nl - 1 && (size_t)nl < fd.n)
					put_cut(u, y + h + k, x, w, fd.line[k].text, role(u, C_HEAD));
				else
					put(u, y + h + k, x, w, fd.line[k].text, role(u, C_HEAD));
			}
		}
		tw_doc_free(&fd);
	}
	tw_ui_scroll_to(&u->s, TW_PANE_HEX, (int)(u->s.hcur / (size_t)per), h);
	for (i = 0; i < h && i + u->s.top[TW_PANE_HEX] < nrows; i++)
		hex_row(u, y + i, x, w, per, st, (size_t)(i + u->s.top[TW_PANE_HEX]) * (size_t)per,
			f0, f1, u->s.hcur);
}

static void
draw_right_frame(ui *u)
{
	/* compact: one box for the tabbed panes, the tabs in its top border */
	const tw_rect *r = &u->l.pane[u->s.tab];
	const char *titles[TW_PANE_COUNT] = { 0 };
	int p, focus = u->s.focus == u->s.tab;

	titles[TW_PANE_EXPLAIN] = S(u, S_EXPLAIN);
	titles[TW_PANE_FIELDS] = S(u, S_FIELDS);
	titles[TW_PANE_HEX] = S(u, S_BYTES);
	titles[TW_PANE_SECRETS] = S(u, S_SECRETS);
	tw_layout_tabs(&u->l, titles);
	box_at(u, r, NULL, focus);
	for (p = TW_PANE_EXPLAIN; p <= TW_PANE_SECRETS; p++) {
		char t[64];
		attr_t a = p == (int)u->s.tab ? role(u, focus ? C_TITLE_FOCUS : C_SEL_DIM) : role(u, C_TITLE);
		snprintf(t, sizeof t, " %s ", titles[p]);
		if (u->l.tab_x[p] + u->l.tab_w[p] < r->x + r->w - 1)
			put(u, r->y, u->l.tab_x[p], u->l.tab_w[p], t, a);
	}
}

static void
draw_status(ui *u)
{
	const tw_step *st = &u->m->story.step[u->s.step];
	char title[96];
	int y = u->l.status_y, x = 0, cols = u->l.cols;
	attr_t a = role(u, C_STATUS);

	fill(y, 0, cols, a);
	if (u->s.help) {
		put(u, y, 1, cols - 1, S(u, S_HELP_STATUS), a);
		return;
	}
	if (u->s.prompting) {
		x += put(u, y, 1, cols - 1, S(u, S_PROMPT), a) + 1;
		x += put(u, y, x, cols - x, u->s.prompt, a | A_BOLD);
		x += put(u, y, x, cols - x, u->ascii ? "_" : "█", a);
		put(u, y, x, cols - x, S(u, S_PROMPT_HINT), a);
		return;
	}
	/* Segments by importance: where we are (label, position, id), a
	 * message, what the arrows do here, the seed, the help key, the
	 * language, the rest of the hint. Drawn in a fixed order; the least
	 * important go first when the line is too short. */
	{
		enum { G_WHERE, G_ID, G_ARROWS, G_SEED, G_LANG, G_HINT, G_MSG, G_N };
		char seg[G_N][200];
		int w[G_N], on[G_N] = { 0 }, used = 0, k;
		static const int prio[] = { G_WHERE, G_MSG, G_ID, G_ARROWS, G_SEED, G_HINT, G_LANG };
		const char *bar = u->g->v;

		step_title(u, st, title, sizeof title);
		snprintf(seg[G_WHERE], sizeof seg[0], u->m->resumed_conn ? " %s %zu/%zu (2/2) "
			: u->m->next ? " %s %zu/%zu (1/2) " : " %s %zu/%zu ", title,
			(size_t)u->s.step + 1, u->m->story.nstep);
		snprintf(seg[G_ID], sizeof seg[0], "%s ", st->id);
		/* (The who-knows-what view scrolls and steps as Explanation does.) */
		snprintf(seg[G_ARROWS], sizeof seg[0], "%s %s ", bar, tw_ui_arrow_hint(u->s.knows
			? TW_PANE_EXPLAIN : u->s.focus, u->s.zh, u->ascii));
		if (!u->s.knows && u->s.focus == TW_PANE_SECRETS && u->l.pane[TW_PANE_SECRETS].shown) {
			/* What Enter does on the Secrets cursor line. */
			char hint[180];
			tw_ui_secrets_hint(&u->s, &u->secrets, u->ascii, hint, sizeof hint);
			snprintf(seg[G_ARROWS], sizeof seg[0], "%s %s ", bar, hint);
		}
		if (u->m->source == TW_SOURCE_CAPTURE) {
			/* A capture has no seed: name the file and connection instead. */
			const char *nm = strrchr(u->m->source_name, '/');
			snprintf(seg[G_SEED], sizeof seg[0], "%s %.150s ", bar,
				nm ? nm + 1 : u->m->source_name);
		} else
			snprintf(seg[G_SEED], sizeof seg[0], "%s %s %llu ", bar, S(u, S_SEED),
				(unsigned long long)u->m->seed);
		snprintf(seg[G_LANG], sizeof seg[0], "%s %s (L) ", bar, S(u, S_LANGNAME));
		snprintf(seg[G_HINT], sizeof seg[0], "%s %s", bar, S(u, !u->s.knows
			&& u->s.focus == TW_PANE_LADDER ? S_HINT_LADDER : S_HINT_SHORT));
		snprintf(seg[G_MSG], sizeof seg[0], "%s %s", bar, u->s.message);
		for (k = 0; k < G_N; k++)
			w[k] = tw_ui_width(seg[k], (size_t)-1);
		if (u->s.message[0] && w[G_WHERE] + w[G_MSG] > cols) {
			/* A message cut at the edge loses its end ("bytes 10–7"
			 * for 10–74, the key that leads back): the position
			 * alone says where we are, the ladder marks the step. */
			snprintf(seg[G_WHERE], sizeof seg[0], u->m->resumed_conn ? " %zu/%zu (2/2) "
				: u->m->next ? " %zu/%zu (1/2) " : " %zu/%zu ",
				(size_t)u->s.step + 1, u->m->story.nstep);
			w[G_WHERE] = tw_ui_width(seg[G_WHERE], (size_t)-1);
		}
		for (k = 0; k < (int)(sizeof prio / sizeof prio[0]); k++) {
			int g = prio[k];
			if (g == G_MSG && !u->s.message[0])
				continue;
			if (g == G_HINT && u->s.message[0])
				continue;          /* the message takes the hint's place */
			/* Where we are, and a message, are always shown (cut
			 * at the edge when they must be). */
			if (g == G_HINT && used + w[g] > cols) {
				/* "Tab pane ? help" too long: "? help" at least */
				snprintf(seg[G_HINT], sizeof seg[0], "%s %s", bar, S(u, S_HINT_SHORT));
				w[g] = tw_ui_width(seg[G_HINT], (size_t)-1);
			}
			if (used + w[g] <= cols || g == G_WHERE || g == G_MSG) {
				on[g] = 1;
				used += w[g];
			}
		}
		if (on[G_HINT]) {
			/* The whole hint when there is room for it. */
			char full[200];
			snprintf(full, sizeof full, "%s %s", bar, S(u, S_HINT));
			if (used - w[G_HINT] + tw_ui_width(full, (size_t)-1) <= cols)
				snprintf(seg[G_HINT], sizeof seg[0], "%s", full);
		}
		for (k = 0; k < G_N; k++)
			if (on[k])
				x += put(u, y, x, cols - x, seg[k],
					k == G_WHERE || k == G_MSG ? a | A_BOLD : a);
	}
}

/* The glossary as a list the eye can run down: one entry a paragraph of
 * the lesson body, each behind a bullet with its wrapped lines indented
 * under the term, as the key lines above are. */
static void
glossary_into(ui *u, tw_doc *d, int w)
{
	const tw_lesson *ls = tw_lessons_pick(lessons(u), "glossary", u->m);
	char *t, *p, *nl;
	size_t i;

	if (ls == NULL || ls->body == NULL) {
		lesson_into(u, d, "glossary", w, 1);
		return;
	}
	t = tw_lessons_render(lessons(u), ls->title, u->m);
	tw_doc_add(d, TW_ROLE_HEAD, 0, u->ascii, w, " ", t ? t : ls->title);
	free(t);
	for (i = 0; i < ls->nbullets; i++) {
		t = tw_lessons_render(lessons(u), ls->bullets[i], u->m);
		tw_doc_add(d, TW_ROLE_DIM, 0, u->ascii, w, " ", t ? t : ls->bullets[i]);
		free(t);
	}
	t = tw_lessons_render(lessons(u), ls->body, u->m);
	if (t == NULL) {
		d->oom = 1;
		return;
	}
	for (p = t; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		if (*p)
			tw_doc_add(d, TW_ROLE_TEXT, 0, u->ascii, w, u->ascii ? " * " : " • ", p);
		if (nl == NULL)
			break;
	}
	free(t);
}

static void
draw_help(ui *u)
{
	tw_rect r = { 0, 0, u->l.rows - 1, u->l.cols, 1 };
	char keys[160];
	const char *help;
	size_t n = tw_ui_help_line(0, 0, 0, keys, sizeof keys, NULL), i;
	int y, x, h, w, kw = 0, line = 0;
	tw_doc d;

	box_at(u, &r, S(u, S_HELP_TITLE), 1);
	inner(&r, &y, &x, &h, &w);
	for (i = 0; i < n; i++) {
		int k;
		tw_ui_help_line(i, u->s.zh, u->ascii, keys, sizeof keys, &help);
		k = tw_ui_width(keys, (size_t)-1);
		if (k > kw)
			kw = k;
	}
	if (kw > w / 2)
		kw = w / 2;
	tw_doc_init(&d);
	for (i = 0; i < n; i++) {
		char pre[200];
		int pad;
		tw_ui_help_line(i, u->s.zh, u->ascii, keys, sizeof keys, &help);
		pad = kw - tw_ui_width(keys, (size_t)-1);
		snprintf(pre, sizeof pre, " %s%*s  ", keys, pad > 0 ? pad : 0, "");
		tw_doc_add(&d, TW_ROLE_TEXT, 0, u->ascii, w - 1, pre, help);
	}
	tw_doc_add(&d, TW_ROLE_TEXT, 0, u->ascii, w - 1, NULL, "");
	{
		/* The ladder is titled "Steps" when it is the only list (compact). */
		char p1[256];
		snprintf(p1, sizeof p1, S(u, S_PANES1), S(u, u->l.compact ? S_STEPS : S_LADDER));
		tw_doc_add(&d, TW_ROLE_DIM, 0, u->ascii, w - 1, " ", p1);
	}
	for (i = S_PANES2; i <= S_PANES4; i++)
		tw_doc_add(&d, TW_ROLE_DIM, 0, u->ascii, w - 1, " ", S(u, (int)i));
	tw_doc_add(&d, TW_ROLE_TEXT, 0, u->ascii, w - 1, NULL, "");
	tw_doc_add(&d, TW_ROLE_HEAD, 0, u->ascii, w - 1, " ", S(u, S_HELP_FOOT));
	/* Below the keys, the glossary: the terms the panes use. */
	tw_doc_add(&d, TW_ROLE_TEXT, 0, u->ascii, w - 1, NULL, "");
	glossary_into(u, &d, w - 1);
	if (d.oom)
		ui_die("out of memory while drawing the help");
	if (u->s.help_top > (int)d.n - h)
		u->s.help_top = (int)d.n - h > 0 ? (int)d.n - h : 0;
	for (line = 0; line < h && (size_t)(line + u->s.help_top) < d.n; line++)
		put(u, y + line, x, w - 1, d.line[line + u->s.help_top].text,
			role(u, doc_role(d.line[line + u->s.help_top].role)));
	if (u->s.help_top > 0)
		put(u, y, x + w - 1, 1, u->ascii ? "^" : "▲", role(u, C_BORDER_FOCUS));
	if ((size_t)(u->s.help_top + h) < d.n)
		put(u, y + h - 1, x + w - 1, 1, u->ascii ? "v" : "▼", role(u, C_BORDER_FOCUS));
	tw_doc_free(&d);
}

/* The who-knows-what view (w), over the panes: ui_knows.c lays it out and
 * writes the three columns; this draws them side by side. */
static void
draw_knows(ui *u)
{
	static const int head_role[TW_PARTIES] = { C_CLIENT, C_SERVER, C_BAD };
	tw_knows_layout kl;
	tw_doc cols[TW_PARTIES], sum;
	char title[160];
	int p, i, t13 = u->m->t13.present, maxtop = 0, top, rows = 0, y0, end;

	tw_ui_knows_layout(&kl, u->l.rows, u->l.cols);
	tw_ui_knows_title(u->m, u->s.step, u->s.zh, u->ascii, title, sizeof title);
	box_at(u, &kl.box, title, 1);
	for (p = 0; p < TW_PARTIES; p++)
		tw_doc_init(&cols[p]);
	tw_doc_init(&sum);
	/* A TLS 1.3 capture: one sentence across the whole view. */
	tw_ui_knows(u->m, u->s.step, u->s.zh, u->ascii, t13 ? kl.box.w - 4 : kl.col_w - 2,
		kl.brief, cols);
	if (kl.brief && !t13)
		/* first, as the columns' key; the summary follows */
		tw_doc_add(&sum, TW_ROLE_DIM, 0, u->ascii, kl.box.w - 4, NULL,
			tw_ui_knows_abbrevs(u->s.zh));
	tw_ui_knows_summary(u->m, u->s.step, u->s.zh, u->ascii, kl.box.w - 4, &sum);
	for (p = 0; p < TW_PARTIES; p++) {
		if (cols[p].oom || sum.oom)
			ui_die("out of memory while preparing who knows what");
		if ((int)cols[p].n > rows)
			rows = (int)cols[p].n;
	}
	maxtop = tw_ui_knows_maxtop(&kl, rows, (int)sum.n);
	if (u->s.knows_top > maxtop)
		u->s.knows_top = maxtop;
	top = u->s.knows_top;
	/* Under the columns, after a blank row: the same in sentences,
	 * scrolled with them. */
	for (i = 0; i < (int)sum.n; i++) {
		y0 = kl.body_y + rows + 1 + i - top;
		if (y0 >= kl.body_y && y0 < kl.body_y + kl.body_h)
			put(u, y0, 2, kl.box.w - 4, sum.line[i].text, role(u, doc_role(sum.line[i].role)));
	}
	/* the lines between the columns stop where the columns do */
	end = kl.body_y + rows - top;
	if (end > kl.body_y + kl.body_h)
		end = kl.body_y + kl.body_h;
	tw_doc_free(&sum);
	for (p = 0; p < TW_PARTIES; p++) {
		int x = kl.col_x[p] + 1, w = t13 ? kl.box.w - 4 : kl.col_w - 2;
		if (!t13) {
			put(u, kl.head_y, x, w, tw_knows_party((tw_party)p, u->s.zh),
				role(u, head_role[p]) | A_BOLD | A_UNDERLINE);
			if (p > 0)
				for (i = kl.head_y; i < end; i++)
					put(u, i, kl.sep_x[p - 1], 1, u->g->v, role(u, C_BORDER));
		}
		for (i = 0; i < kl.body_h && (size_t)(i + top) < cols[p].n; i++) {
			const tw_dline *dl = &cols[p].line[i + top];
			put(u, kl.body_y + i, x, w, dl->text, role(u, doc_role(dl->role)));
		}
		tw_doc_free(&cols[p]);
	}
	if (top > 0)
		put(u, kl.body_y, kl.box.w - 1, 1, u->ascii ? "^" : "▲", role(u, C_BORDER_FOCUS));
	if (top < maxtop)
		put(u, kl.body_y + kl.body_h - 1, kl.box.w - 1, 1, u->ascii ? "v" : "▼",
			role(u, C_BORDER_FOCUS));
	put_cut(u, kl.legend_y, 2, kl.box.w - 4, tw_ui_knows_legend(u->s.zh, kl.brief),
		role(u, C_TITLE));
}

/* The quiz over the walk, or over the presenter screen: tw_layout_quiz
 * places the box (beside the ladder when there is room) and the text
 * width; its hint on the status line. */
static void
draw_quiz(ui *u)
{
	tw_rect r;
	char title[160];
	int y, x, h, w, i, maxtop, text_w;
	tw_doc d;

	/* In presenter mode the ladder pane is not where the layout puts it:
	 * the box covers the whole screen. */
	tw_layout_quiz(&u->l, u->s.present, &r, &text_w);
	for (i = 0; i < u->l.status_y; i++)
		fill(i, r.x, u->l.cols - r.x, A_NORMAL);
	u->quiz.zh = u->s.zh;
	tw_quiz_title(&u->quiz, title, sizeof title);
	box_at(u, &r, title, 1);
	inner(&r, &y, &x, &h, &w);
	tw_doc_init(&d);
	tw_quiz_doc(&u->quiz, text_w, u->ascii, &d);
	if (d.oom)
		ui_die("out of memory while drawing the quiz");
	maxtop = (int)d.n - (h - 1) > 0 ? (int)d.n - (h - 1) : 0;
	if (u->quiz.top > maxtop)
		u->quiz.top = maxtop;
	for (i = 0; i < h - 1 && (size_t)(i + u->quiz.top) < d.n; i++)
		put(u, y + 1 + i, x, w - 1, d.line[i + u->quiz.top].text,
			role(u, doc_role(d.line[i + u->quiz.top].role)));
	if (u->quiz.top > 0)
		put(u, y + 1, x + w - 1, 1, u->ascii ? "^" : "▲", role(u, C_BORDER_FOCUS));
	if (u->quiz.top < maxtop)
		put(u, y + h - 1, x + w - 1, 1, u->ascii ? "v" : "▼", role(u, C_BORDER_FOCUS));
	tw_doc_free(&d);
	fill(u->l.status_y, 0, u->l.cols, role(u, C_STATUS));
	x = 1 + put(u, u->l.status_y, 1, u->l.cols - 1, tw_quiz_hint(&u->quiz), role(u, C_STATUS));
	if (u->m->source != TW_SOURCE_CAPTURE) {
		/* the seed repeats this quiz, as it repeats the connection */
		char seed[64];
		snprintf(seed, sizeof seed, " %s %s %llu ", u->g->v, S(u, S_SEED),
			(unsigned long long)u->m->seed);
		if (x + tw_ui_width(seed, (size_t)-1) <= u->l.cols)
			put(u, u->l.status_y, u->l.cols - tw_ui_width(seed, (size_t)-1), u->l.cols,
				seed, role(u, C_STATUS));
	}
}

static void
draw_too_small(ui *u)
{
	char buf[256];
	int y = u->l.rows / 2 - 2, i;
	const char *lines[3];
	char l0[160], l1[160];

	if (y < 0)
		y = 0;
	snprintf(l0, sizeof l0, S(u, S_TOO_SMALL), u->l.cols, u->l.rows);
	snprintf(l1, sizeof l1, S(u, S_NEEDS), TW_UI_MIN_COLS, TW_UI_MIN_ROWS);
	lines[0] = l0;
	lines[1] = l1;
	lines[2] = S(u, S_ENLARGE);
	for (i = 0; i < 3; i++) {
		int w;
		snprintf(buf, sizeof buf, "%s", lines[i]);
		if (u->ascii) {
			char *a = tw_ui_ascii_text(buf);
			if (a) {
				snprintf(buf, sizeof buf, "%s", a);
				free(a);
			}
		}
		w = tw_ui_width(buf, (size_t)-1);
		put(u, y + i, w < u->l.cols ? (u->l.cols - w) / 2 : 0, u->l.cols, buf,
			i == 0 ? role(u, C_BAD) : role(u, C_NORMAL));
	}
}

/* Presenter mode: ui_present.c places every piece; here each is drawn
 * in its colour, and the details box gets the Explanation pane's text. */
static void
draw_present(ui *u)
{
	static const int prole[] = {
		[TW_PR_TEXT] = C_NORMAL, [TW_PR_DIM] = C_DIM, [TW_PR_HEAD] = C_HEAD,
		[TW_PR_BAD] = C_BAD, [TW_PR_CLIENT] = C_CLIENT, [TW_PR_SERVER] = C_SERVER,
		[TW_PR_CUR] = C_SEL, [TW_PR_FUTURE] = C_DIM, [TW_PR_LIFE] = C_BORDER,
		[TW_PR_BIG_C2S] = C_CLIENT, [TW_PR_BIG_S2C] = C_SERVER,
	};
	const tw_step *st = &u->m->story.step[u->s.step];
	const tw_lesson *ls = tw_lessons_pick(lessons(u), st->id, u->m);
	char *title = ls ? tw_lessons_render(lessons(u), ls->title, u->m) : NULL;
	tw_present_text t;
	tw_present p;
	size_t i;
	int k;

	memset(&t, 0, sizeof t);
	/* The summary is the lesson's own title for this run, as the
	 * Explanation pane shows it, without the name the big letters give. */
	t.summary = title ? tw_present_summary(title) : NULL;
	if (u->m->failure.failed && u->s.step == u->m->failure.at_step)
		t.banner = u->s.zh ? u->m->failure.banner_zh : u->m->failure.banner_en;
	t.client = S(u, S_CLIENT);
	t.server = S(u, S_SERVER);
	for (k = TW_STAGE_TCP; k <= TW_STAGE_CLOSE; k++)
		t.stage[k] = stage_name(u, (tw_stage)k);
	t.stops = S(u, S_STOPS);
	t.stops_silent = S(u, S_STOPS_SILENT);
	t.attacker = tw_ui_attack_words(u->m, u->s.zh);
	t.hint = S(u, S_PRESENT_HINT);
	if (u->m->next || u->m->resumed_conn)
		t.conn = S(u, u->m->resumed_conn ? S_PRESENT_CONN2 : S_PRESENT_CONN1);
	if (tw_present_build(&p, &u->s, &t, u->l.rows, u->l.cols, u->ascii) < 0)
		ui_die("out of memory while drawing the presenter screen");
	for (i = 0; i < p.n; i++) {
		const tw_pcell *c = &p.cell[i];
		attr_t a = role(u, prole[c->role]);
		if (c->role == TW_PR_CLIENT || c->role == TW_PR_SERVER || c->role == TW_PR_CUR
			|| c->role == TW_PR_BIG_C2S || c->role == TW_PR_BIG_S2C)
			a |= A_BOLD;
		put(u, c->y, c->x, u->l.cols - c->x, c->text, a);
	}
	if (p.box.shown) {
		int key[4] = { u->s.step, u->cur, p.text_w, 2 };
		box_at(u, &p.box, S(u, S_EXPLAIN), 1);
		if (memcmp(key, u->ex_key, sizeof key) != 0) {
			build_explain(u, p.text_w);
			memcpy(u->ex_key, key, sizeof key);
		}
		u->s.present_page = p.text_h;
		doc_draw(u, TW_PANE_EXPLAIN, &u->explain, p.text_y, p.text_x, p.text_h, p.text_w);
	}
	tw_present_free(&p);
	free(title);
}

static void
draw(ui *u)
{
	erase();
	if (u->l.too_small) {
		draw_too_small(u);
	} else if (u->s.help) {
		draw_help(u);
		draw_status(u);
	} else if (u->s.knows) {
		draw_knows(u);
		draw_status(u);
	} else if (u->s.present) {
		draw_present(u);
		draw_status(u);
		if (u->quiz_on)
			draw_quiz(u);      /* t in presenter mode: the keys go to it */
	} else {
		draw_ladder(u);
		if (u->l.compact)
			draw_right_frame(u);
		else {
			box_at(u, &u->l.pane[TW_PANE_EXPLAIN], S(u, S_EXPLAIN), u->s.focus == TW_PANE_EXPLAIN);
			box_at(u, &u->l.pane[TW_PANE_FIELDS], S(u, S_FIELDS), u->s.focus == TW_PANE_FIELDS);
			box_at(u, &u->l.pane[TW_PANE_HEX], S(u, S_BYTES), u->s.focus == TW_PANE_HEX);
			box_at(u, &u->l.pane[TW_PANE_SECRETS], S(u, S_SECRETS), u->s.focus == TW_PANE_SECRETS);
		}
		if (u->l.pane[TW_PANE_EXPLAIN].shown)
			draw_explain(u);
		if (u->l.pane[TW_PANE_FIELDS].shown)
			draw_fields(u);
		if (u->l.pane[TW_PANE_HEX].shown)
			draw_hex(u);
		if (u->l.pane[TW_PANE_SECRETS].shown)
			draw_secrets(u);
		draw_status(u);
		if (u->quiz_on)
			draw_quiz(u);      /* over the walk */
	}
	refresh();
	u->frames++;
}

/* The one place that reacts to a new terminal size. */
static void
relayout(ui *u)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	tw_layout_compute(&u->l, rows, cols, u->s.tab);
	memset(u->ex_key, -1, sizeof u->ex_key);
	memset(u->se_key, -1, sizeof u->se_key);
	clear();
}

/* curses key code → tw key */
static int
translate_key(int ch)
{
	switch (ch) {
	case KEY_UP: return TW_KEY_UP;
	case KEY_DOWN: return TW_KEY_DOWN;
	case KEY_LEFT: return TW_KEY_LEFT;
	case KEY_RIGHT: return TW_KEY_RIGHT;
	case KEY_HOME: return TW_KEY_HOME;
	case KEY_END: return TW_KEY_END;
	case KEY_PPAGE: return TW_KEY_PPAGE;
	case KEY_NPAGE: return TW_KEY_NPAGE;
	case KEY_BTAB: return TW_KEY_BTAB;
	case KEY_ENTER: case '\r': case '\n': return TW_KEY_ENTER;
	case KEY_BACKSPACE: case 8: case 0x7f: return TW_KEY_BACKSPACE;
	default: return ch;
	}
}

static double
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3
		+ (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static double
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
write_stats(ui *u)
{
	FILE *f;
	struct rusage ru;

	if (u->stats_path == NULL || (f = fopen(u->stats_path, "w")) == NULL)
		return;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(f, "first_frame_wall_epoch_ms %.3f\n", u->wall_first);
	fprintf(f, "first_frame_cpu_ms %.3f\n", u->cpu_first);
	fprintf(f, "keys %ld\n", u->keys);
	fprintf(f, "frames %d\n", u->frames);
	fprintf(f, "cpu_after_first_frame_ms %.3f\n", cpu_ms() - u->cpu_first);
	fprintf(f, "max_rss_kb %ld\n", ru.ru_maxrss);
	fclose(f);
}

static void
switch_lang(ui *u)
{
	u->s.lang_switch = 0;
	if (!u->cjk) {
		u->s.zh = !u->s.zh;
		snprintf(u->s.message, sizeof u->s.message, "%s", strings[S_NEEDS_UTF8][0]);
		return;
	}
	if (u->les[1 - u->cur] == NULL) {
		u->s.zh = !u->s.zh;
		snprintf(u->s.message, sizeof u->s.message, S(u, S_NO_OTHER_LANG), u->other_err);
		return;
	}
	u->cur = 1 - u->cur;
	u->s.zh = strncmp(tw_lessons_lang(lessons(u)), "zh", 2) == 0;
}

/* --resume: walk into the resumed connection, or back to the first. The
 * state is per model (its steps and trees); what the learner chose
 * (language, pane, ACKs) carries over. */
static void
switch_conn(ui *u)
{
	int dir = u->s.conn_switch;
	const tw_model *to = dir > 0 ? u->m->next : u->root;
	tw_ui_state old = u->s;

	u->s.conn_switch = 0;
	if (to == NULL || to == u->m)
		return;
	u->m = to;
	tw_ui_state_free(&u->s);
	if (tw_ui_state_init(&u->s, to, dir > 0 ? 0 : (int)to->story.nstep - 1) < 0)
		ui_die("out of memory");
	u->s.zh = old.zh;
	u->s.acks = old.acks;
	u->s.focus = old.focus;
	u->s.tab = old.tab;
	u->s.knows = old.knows;
	if (old.present) {
		u->s.present = 1;
		u->s.present_focus = old.present_focus;
		u->s.focus = TW_PANE_LADDER;
	}
	snprintf(u->s.message, sizeof u->s.message, "%s",
		S(u, to->resumed_conn ? S_CONN2 : S_CONN1));
}

/* t: the quiz on the connection on screen, where it was left (a new
 * one once finished, or for another connection). */
static void
open_quiz(ui *u)
{
	u->s.quiz_request = 0;
	if (u->quiz_m != u->m || tw_quiz_done(&u->quiz)) {
		tw_quiz_free(&u->quiz);
		if (tw_quiz_build(u->m, u->s.zh, &u->quiz) < 0)
			ui_die("out of memory building the quiz");
		u->quiz_m = u->m;
	}
	u->s.knows = 0;    /* the quiz is drawn over the walk, not over that view */
	u->quiz_on = 1;
}

static void
quiz_key(ui *u, int key)
{
	switch (tw_quiz_key(&u->quiz, key)) {
	case TW_QUIZ_K_LEAVE:
		u->quiz_on = 0;
		break;
	case TW_QUIZ_K_LANG:
		tw_ui_apply(&u->s, &u->l, TW_REQ_LANG);
		if (u->s.lang_switch)
			switch_lang(u);
		break;
	default:
		break;
	}
}

static void
setup_colors(ui *u)
{
	const char *nc = getenv("NO_COLOR");
	int i;

	u->color = has_colors() && !(nc && nc[0]);
	if (!u->color)
		return;
	start_color();
	use_default_colors();
	for (i = 0; i < C_COUNT; i++)
		init_pair((short)(i + 1), roles[i].fg, roles[i].bg);
}

static int force_ascii, start_quiz, start_present;

/* see ui.h */
void
tw_ui_start_quiz(void)
{
	start_quiz = 1;
}

/* see ui.h */
void
tw_ui_force_ascii(void)
{
	force_ascii = 1;
}

/* see ui.h */
void
tw_ui_start_present(void)
{
	start_present = 1;
}

/* see ui.h */
int
tw_ui_run(const tw_model *m, const tw_lessons *l, const char *lessons_dir,
	int start_step, tw_err *e)
{
	ui uu, *u = &uu;
	tw_err le;
	SCREEN *scr;
	struct sigaction sa;
	const char *other;
	int sig, errs = 0;
	size_t i;
	FILE *keys_in;

	memset(u, 0, sizeof *u);
	u->m = m;
	u->root = m;
	memset(u->ex_key, -1, sizeof u->ex_key);
	memset(u->se_key, -1, sizeof u->se_key);
	tw_doc_init(&u->explain);
	tw_doc_init(&u->secrets);
	if (m->story.nstep == 0)
		return tw_err_set(e, "nothing to show: the connection produced no steps");
	/* The caller's set is used as it is; only the other language (for L)
	 * is loaded here. */
	u->les[0] = l;
	other = strncmp(tw_lessons_lang(l), "zh", 2) == 0 ? "en" : "zh";
	tw_err_clear(&le);
	u->other_owned = tw_lessons_load(lessons_dir, other, &le);
	u->les[1] = u->other_owned;
	if (u->les[1] == NULL)
		snprintf(u->other_err, sizeof u->other_err, "%s", le.msg);
	if (tw_ui_state_init(&u->s, m, start_step) < 0) {
		tw_lessons_free(u->other_owned);
		tw_ui_state_free(&u->s);
		return tw_err_set(e, "out of memory starting the terminal UI");
	}
	u->s.zh = strncmp(tw_lessons_lang(u->les[0]), "zh", 2) == 0;
	if (start_present) {
		/* Asked for by name: no need to say which keys it has, and the
		 * status line keeps its room for the seed the class types. */
		tw_ui_apply(&u->s, &u->l, TW_REQ_PRESENT);
		u->s.message[0] = 0;
	}
	u->stats_path = getenv("TW_UI_STATS");
	/* Test hook: the fatal-error exit path (out of memory while drawing is
	 * the only real one) cannot be reached on demand, so a test may ask for
	 * it after N keys and check that the terminal comes back. */
	if (getenv("TW_UI_TEST_FATAL_AFTER_KEYS"))
		u->fail_after_keys = strtol(getenv("TW_UI_TEST_FATAL_AFTER_KEYS"), NULL, 10);

	setlocale(LC_ALL, "");
	u->cjk = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	u->ascii = force_ascii || !u->cjk;
	/* On a UTF-8 terminal --ascii replaces the symbols only. */
	tw_ui_ascii_keep_wide(force_ascii && u->cjk);
	u->g = u->ascii ? &ascii_glyphs : &utf8_glyphs;
	if (!u->cjk && u->s.zh) {
		/* Chinese cannot be shown: start in English, and say why. */
		if (u->les[1]) {
			u->cur = 1;
			u->s.zh = 0;
		}
		snprintf(u->s.message, sizeof u->s.message, "%s", strings[S_NEEDS_UTF8][0]);
	}

	/* Keys come from the terminal even when standard input is a pipe or
	 * /dev/null (as less does): a blocking read on a non-terminal would
	 * return at once, forever. */
	keys_in = stdin;
	if (!isatty(STDIN_FILENO)) {
		keys_in = fopen("/dev/tty", "r");
		if (keys_in == NULL) {
			tw_lessons_free(u->other_owned);
			tw_ui_state_free(&u->s);
			return tw_err_set(e, "standard input is not a terminal and /dev/tty cannot be opened, so no keys can be read; use --dump for text");
		}
	}
	/* The terminal's modes as they were, for the crash handler. */
	crash_have_termios = tcgetattr(fileno(stdout), &crash_termios) == 0;
	scr = newterm(NULL, stdout, keys_in);
	if (scr == NULL) {
		if (keys_in != stdin)
			fclose(keys_in);
		tw_lessons_free(u->other_owned);
		tw_ui_state_free(&u->s);
		return tw_err_set(e, "cannot start the terminal UI (TERM=%s); use --dump for text",
			getenv("TERM") ? getenv("TERM") : "unset");
	}
	{
		/* A terminal that cannot place the cursor (TERM=dumb, emacs shell)
		 * would show one garbled line: refuse it in one sentence. */
		char *cup = tigetstr("cup");
		if (cup == NULL || cup == (char *)-1) {
			endwin();
			delscreen(scr);
			if (keys_in != stdin)
				fclose(keys_in);
			tw_lessons_free(u->other_owned);
			tw_ui_state_free(&u->s);
			return tw_err_set(e, "the terminal (TERM=%s) cannot move the cursor, so the walkthrough screen cannot be drawn; use --dump for text",
				getenv("TERM") ? getenv("TERM") : "unset");
		}
	}
	curses_active = 1;
	atexit(restore_terminal);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;                  /* no SA_RESTART: getch must return */
	for (i = 0; i < sizeof exit_signals / sizeof exit_signals[0]; i++)
		if (sigaction(exit_signals[i], &sa, &exit_old[i]) == 0 &&
		    exit_old[i].sa_handler == SIG_IGN)
			sigaction(exit_signals[i], &exit_old[i], NULL);  /* nohup's choice stands */
	sa.sa_handler = on_crash;
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &sa, &crash_old[i]);

	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	typeahead(-1);                    /* draw every frame, even when keys queue up */
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	crash_prepare(fileno(stdout));
	setup_colors(u);
	relayout(u);
	if (start_quiz)
		open_quiz(u);
	draw(u);
	u->cpu_first = cpu_ms();
	u->wall_first = wall_ms();

	while (!u->s.quit && !got_signal) {
		int ch = getch(), key;

		if (got_signal)
			break;
		if (ch == ERR) {
			/* A blocking getch returns ERR only when interrupted; many in a
			 * row mean the terminal is gone (hang-up without SIGHUP). */
			if (++errs > 1000)
				ui_die("cannot read keys from the terminal any more");
			continue;
		}
		errs = 0;
		u->keys++;
		if (u->fail_after_keys > 0 && u->keys >= u->fail_after_keys)
			ui_die("simulated fatal error after %ld keys (TW_UI_TEST_FATAL_AFTER_KEYS)",
				u->fail_after_keys);
		if (ch == KEY_RESIZE) {
			relayout(u);
		} else if (ch == KEY_MOUSE) {
			MEVENT ev;
			if (getmouse(&ev) == OK && !u->l.too_small && !u->quiz_on) {
				if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
					int p = tw_layout_hit(&u->l, ev.y, ev.x), k;
					if (p >= 0 && !u->s.present) {
						u->s.focus = (tw_pane)p;
						for (k = 0; k < 3; k++)
							tw_ui_apply(&u->s, &u->l, (ev.bstate & BUTTON4_PRESSED)
								? TW_REQ_UP : TW_REQ_DOWN);
					}
				} else
					tw_ui_click(&u->s, &u->l, ev.y, ev.x);
			}
		} else if (u->l.too_small) {
			if (ch == 'q' || ch == 3)
				u->s.quit = 1;
		} else if (u->quiz_on) {
			quiz_key(u, translate_key(ch));
		} else {
			key = translate_key(ch);
			/* 'a' may change one dim row far from the current step:
			 * say what it did. */
			int focus = u->s.focus, prompting = u->s.prompting;
			tw_req r = tw_ui_handle_key(&u->s, &u->l, key);
			if (r == TW_REQ_ACKS)
				snprintf(u->s.message, sizeof u->s.message, "%s",
					S(u, u->s.acks ? S_ACKS_SHOWN : S_ACKS_HIDDEN));
			/* Enter on a secret: to the bytes it came from (the document
			 * followed is the one on screen). */
			if (r == TW_REQ_ENTER && focus == TW_PANE_SECRETS && !prompting && !u->s.help) {
				int y, x, h, w;
				inner(&u->l.pane[TW_PANE_SECRETS], &y, &x, &h, &w);
				tw_ui_secrets_follow(&u->s, &u->secrets, u->ascii, w - 1);
			}
			if (u->s.lang_switch)
				switch_lang(u);
			if (u->s.conn_switch)
				switch_conn(u);
			if (u->s.quiz_request)
				open_quiz(u);
		}
		if (u->l.compact && !u->l.too_small && u->l.pane[u->s.tab].shown == 0)
			tw_layout_compute(&u->l, u->l.rows, u->l.cols, u->s.tab);
		if (!u->s.quit)
			draw(u);
	}
	sig = got_signal;
	write_stats(u);
	restore_terminal();
	delscreen(scr);
	if (keys_in != stdin)
		fclose(keys_in);
	tw_doc_free(&u->explain);
	tw_doc_free(&u->secrets);
	tw_quiz_free(&u->quiz);
	tw_ui_state_free(&u->s);
	tw_lessons_free(u->other_owned);
	/* What comes after the walkthrough (output files) runs with the
	 * dispositions the program had before. */
	for (i = 0; i < sizeof exit_signals / sizeof exit_signals[0]; i++)
		sigaction(exit_signals[i], &exit_old[i], NULL);
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &crash_old[i], NULL);
	if (sig) {
		/* Die of the signal, as the shell expects (status 128 + sig). */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}
