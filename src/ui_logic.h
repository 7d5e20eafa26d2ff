/*
 * ui_logic.h — everything the terminal UI decides, without curses.
 *
 * The walkthrough screen is a cursor over an immutable model. This header
 * holds what can be tested without a terminal: the list of requests (one
 * X-macro generating the enum, the key bindings and the help screen, as tig
 * does), the layout of the panes for a terminal size, the rows of the
 * ladder diagram, the field tree as visible rows, the mapping between
 * fields and bytes in the hex pane, text wrapping by display width, and the
 * navigation state. ui.c draws it and reads keys; it owns no decision that
 * a test would want to check.
 *
 * Widths are display columns (wcwidth), never bytes: CJK characters take
 * two columns. Functions measuring UTF-8 text need an UTF-8 LC_CTYPE
 * (setlocale) — or ASCII text, which the UI produces itself when the
 * locale is not UTF-8 (tw_ui_ascii_text).
 */
#ifndef TW_UI_LOGIC_H
#define TW_UI_LOGIC_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* ---- requests, keys, help ---------------------------------------------
 * R(NAME, English help, Chinese help). The order is the help screen's. */
#define TW_UI_REQUESTS(R) \
	R(NEXT,      "next step", "下一步") \
	R(PREV,      "previous step", "上一步") \
	R(FIRST,     "first step", "第一步") \
	R(LAST,      "last step", "最后一步") \
	R(NUMBER,    "the step with this number in this stage (in TLS: 6 is ⑥, 1 0 is ⑩); others go to TLS", \
	             "跳到本阶段中这个编号的步骤（TLS 阶段：6 即 ⑥，1 0 即 ⑩）；本阶段没有的编号跳到 TLS") \
	R(GOTO,      "go to a step by label (tls-6, http-2), id or position, then Enter", \
	             "按标签（tls-6、http-2）、id 或序号跳到某一步，再按回车") \
	R(SHOW_EXPLAIN, "show the Explanation pane", "显示讲解窗格") \
	R(SHOW_FIELDS, "show the Fields pane: the field tree, the selected field's explanation and its bytes", \
	             "显示字段窗格：字段树、选中字段的讲解和它的字节") \
	R(SHOW_BYTES, "show the Bytes pane", "显示字节窗格") \
	R(SHOW_SECRETS, "show the Secrets pane", "显示密钥窗格") \
	R(NEXT_PANE, "next pane", "下一个窗格") \
	R(PREV_PANE, "previous pane", "上一个窗格") \
	R(UP,        "move up in the pane", "在窗格中上移") \
	R(DOWN,      "move down in the pane", "在窗格中下移") \
	R(PAGE_UP,   "page up in the pane", "在窗格中上翻一页") \
	R(PAGE_DOWN, "page down in the pane; in Fields, the rest of a long field explanation first", \
	             "在窗格中下翻一页；在字段窗格中先翻完较长的字段讲解") \
	R(RIGHT,     "next step; in Fields: expand; in Bytes: next byte", \
	             "下一步；在字段窗格中：展开；在字节窗格中：下一个字节") \
	R(LEFT,      "previous step; in Fields: collapse; in Bytes: previous byte", \
	             "上一步；在字段窗格中：折叠；在字节窗格中：上一个字节") \
	R(ENTER,     "in Fields: expand or collapse the field; in Secrets: go to the bytes the value came from; in presenter mode: the details", \
	             "在字段窗格中：展开或折叠字段；在密钥窗格中：跳到这个值来自的字节；演示模式中：显示详细讲解") \
	R(KNOWS,     "who knows what: the client, the server and an eavesdropper after this step (←→ still step; w or Esc closes)", \
	             "谁知道什么：这一步之后客户端、服务器和窃听者各自知道的内容（←→ 仍然切换步骤；w 或 Esc 关闭）") \
	R(PRESENT,   "presenter mode, for a projector: the ladder and the step's summary large (P again: the panes)", \
	             "演示模式（用于投影）：大字显示时序图和本步摘要（再按 P 回到各窗格）") \
	R(DETAILS,   "in presenter mode: show or hide the step's whole explanation", \
	             "演示模式中：显示或隐藏本步的完整讲解") \
	R(ACKS,      "show or hide the TCP pure ACKs in the ladder", "在时序图中显示或隐藏 TCP 纯 ACK") \
	R(CONN,      "with --resume: switch between the first and the resumed connection", \
	             "使用 --resume 时：在第一次连接和恢复的连接之间切换") \
	R(QUIZ,      "quiz: questions on this connection, answered with a–d (Esc leaves)", \
	             "测验：关于这个连接的问题，按 a–d 作答（Esc 退出）") \
	R(LANG,      "switch language (English / 中文)", "切换语言（English / 中文）") \
	R(HELP,      "show or hide this help", "显示或隐藏本帮助") \
	R(QUIT,      "quit", "退出")

typedef enum {
	TW_REQ_NONE = 0,
#define TW_REQ_ENUM(name, en, zh) TW_REQ_##name,
	TW_UI_REQUESTS(TW_REQ_ENUM)
#undef TW_REQ_ENUM
	TW_REQ_COUNT
} tw_req;

/* Keys the UI knows, independent of curses: printable keys are their
 * character; ui.c translates the curses codes into these. */
enum {
	TW_KEY_ENTER = '\n', TW_KEY_TAB = '\t', TW_KEY_ESC = 27,
	TW_KEY_BACKSPACE = 0x7f,
	TW_KEY_UP = 0x10000, TW_KEY_DOWN, TW_KEY_LEFT, TW_KEY_RIGHT,
	TW_KEY_HOME, TW_KEY_END, TW_KEY_PPAGE, TW_KEY_NPAGE, TW_KEY_BTAB,
	TW_KEY_DIGIT,      /* stands for '0'..'9' in the binding table */
	TW_KEY_CTRL_C = 3
};

/* K(key, UTF-8 name, ASCII name, REQUEST). Several keys may bind one
 * request; the help screen lists them in this order. */
#define TW_UI_KEYS(K) \
	K(TW_KEY_RIGHT, "→", "Right", RIGHT) \
	K('n', "n", "n", NEXT) \
	K(' ', "Space", "Space", NEXT) \
	K('l', "l", "l", RIGHT) \
	K(TW_KEY_LEFT, "←", "Left", LEFT) \
	K('p', "p", "p", PREV) \
	K(TW_KEY_BACKSPACE, "Backspace", "Backspace", PREV) \
	K('h', "h", "h", LEFT) \
	K(TW_KEY_HOME, "Home", "Home", FIRST) \
	K('g', "g", "g", FIRST) \
	K(TW_KEY_END, "End", "End", LAST) \
	K('G', "G", "G", LAST) \
	K(TW_KEY_DIGIT, "0-9", "0-9", NUMBER) \
	K(':', ":", ":", GOTO) \
	K('e', "e", "e", SHOW_EXPLAIN) \
	K('f', "f", "f", SHOW_FIELDS) \
	K('b', "b", "b", SHOW_BYTES) \
	K('s', "s", "s", SHOW_SECRETS) \
	K(TW_KEY_TAB, "Tab", "Tab", NEXT_PANE) \
	K(TW_KEY_BTAB, "Shift-Tab", "Shift-Tab", PREV_PANE) \
	K(TW_KEY_UP, "↑", "Up", UP) \
	K('k', "k", "k", UP) \
	K(TW_KEY_DOWN, "↓", "Down", DOWN) \
	K('j', "j", "j", DOWN) \
	K(TW_KEY_PPAGE, "PgUp", "PgUp", PAGE_UP) \
	K(TW_KEY_NPAGE, "PgDn", "PgDn", PAGE_DOWN) \
	K(TW_KEY_ENTER, "Enter", "Enter", ENTER) \
	K('w', "w", "w", KNOWS) \
	K('P', "P", "P", PRESENT) \
	K('d', "d", "d", DETAILS) \
	K('a', "a", "a", ACKS) \
	K('c', "c", "c", CONN) \
	K('t', "t", "t", QUIZ) \
	K('L', "L", "L", LANG) \
	K('?', "?", "?", HELP) \
	K('q', "q", "q", QUIT) \
	K(TW_KEY_CTRL_C, "Ctrl-C", "Ctrl-C", QUIT)

/* The request bound to key (digits give TW_REQ_NUMBER), or TW_REQ_NONE. */
tw_req tw_ui_key_request(int key);

/* Help screen: one line per request, "keys — help", in lang 0 English,
 * 1 Chinese. Returns the number of lines (TW_REQ_COUNT - 1); line i goes
 * to keys[i] / help[i] (static strings; keys joined into buf by ", "). */
size_t tw_ui_help_line(size_t i, int zh, int ascii, char *keys, size_t keys_size,
	const char **help);

/* ---- panes and layout --------------------------------------------------- */
/* The ladder lists the steps by stage; no other pane repeats it. */
typedef enum {
	TW_PANE_LADDER, TW_PANE_EXPLAIN, TW_PANE_FIELDS,
	TW_PANE_HEX, TW_PANE_SECRETS, TW_PANE_COUNT
} tw_pane;

typedef struct {
	int y, x, h, w;     /* including the border */
	int shown;
} tw_rect;

/* Below this the screen says how large the terminal must be. */
#define TW_UI_MIN_COLS 72
#define TW_UI_MIN_ROWS 20
/* From this size on, every pane has its own place. */
#define TW_UI_WIDE_COLS 120
#define TW_UI_WIDE_ROWS 36

typedef struct {
	int rows, cols;
	int too_small;
	/* compact (below WIDE): the ladder, which lists the steps by stage, on
	 * the left; on the right one pane at a time, chosen by a tab bar drawn
	 * in its top border (Explain, Fields, Bytes, Secrets). */
	int compact;
	tw_rect pane[TW_PANE_COUNT];
	int tab_x[TW_PANE_COUNT], tab_w[TW_PANE_COUNT];   /* compact: tab labels in the border */
	int status_y;
	int hex_per_row;    /* 8 or 16 bytes per hex line (16 in the wide layout) */
	/* compact: the Fields tab also shows the selected field's bytes, as
	 * many bytes a row as fit (the Bytes tab is then not on screen) */
	int field_hex_per_row;
} tw_layout;

/* Compute the layout for a terminal of rows × cols. In compact mode tab
 * (one of EXPLAIN, FIELDS, HEX, SECRETS) is the pane shown on the right. */
void tw_layout_compute(tw_layout *l, int rows, int cols, tw_pane tab);

/* Lay out the tab labels of the compact right pane: titles[p] for the four
 * tabs, measured by display width (call after tw_layout_compute). */
void tw_layout_tabs(tw_layout *l, const char *const titles[TW_PANE_COUNT]);

/* The pane at screen cell (y, x), or -1. */
int tw_layout_hit(const tw_layout *l, int y, int x);

/* Text in the quiz box is wrapped at most this wide, a comfortable line. */
#define TW_QUIZ_TEXT_MAX 98

/* Where the quiz box goes (the whole height above the status line): beside
 * the ladder pane, touching it and filling the rest of the width, when the
 * ladder is on screen (over_ladder 0) and leaves at least 80 columns; else
 * across the whole width. *text_w is the width to wrap the quiz text at:
 * the box's inside, at most TW_QUIZ_TEXT_MAX. */
void tw_layout_quiz(const tw_layout *l, int over_ladder, tw_rect *r, int *text_w);

/* ---- text ---------------------------------------------------------------- */

/* Display width of the first n bytes of UTF-8 text (n = (size_t)-1: up to
 * the NUL). Invalid bytes and control characters count 1. */
int tw_ui_width(const char *s, size_t n);

/* One wrapped line: bytes [off, off+len) of the text, display width, and
 * whether it continues a wrapped paragraph (drawn with the hanging indent). */
typedef struct {
	size_t off, len;
	int width;
	int cont;
} tw_wline;

typedef struct {
	tw_wline *line;
	size_t n, cap;
} tw_wrapped;

/* Wrap UTF-8 text to width columns. Newlines break; Latin text breaks at
 * spaces (a word longer than the line is cut), CJK text between any two
 * wide characters. Continuation lines get width - indent columns. Appends
 * to *w; returns -1 on allocation failure. */
int tw_ui_wrap(const char *text, int width, int indent, tw_wrapped *w);
void tw_wrapped_free(tw_wrapped *w);

/* Decode one UTF-8 sequence of s without the locale: the code point in
 * *cp ('?' for an invalid byte), returns the bytes it took (1 to 4). */
size_t tw_ui_utf8_decode(const char *s, unsigned long *cp);

/* ASCII version of UTF-8 text for a non-UTF-8 terminal: known symbols
 * transliterated (① → (1), → → ->, — → -, ‖ → ||, × → x, ✓ → ok, …),
 * other non-ASCII characters → '?'. Returns a malloc'd string. */
char *tw_ui_ascii_text(const char *s);

/* With on set, tw_ui_ascii_text keeps East Asian wide characters (Chinese
 * text, full-width punctuation) instead of '?': --ascii on a UTF-8 terminal
 * that draws ambiguous-width symbols (①, box lines, arrows) two columns
 * wide. Those symbols are still replaced. */
void tw_ui_ascii_keep_wide(int on);

/* ---- documents: wrapped lines with a role, as the text panes show them ---- */
typedef enum {
	TW_ROLE_TEXT, TW_ROLE_HEAD, TW_ROLE_NEW, TW_ROLE_OK, TW_ROLE_BAD,
	TW_ROLE_DIM, TW_ROLE_VALUE
} tw_role;

/* A coloured stretch of a line: bytes [off, off+len) of its text drawn
 * in a hue of the secrets list (tw_hue, secrets.h). */
typedef struct {
	unsigned short off, len;
	unsigned char hue;
} tw_dspan;

#define TW_DSPAN_MAX 8

typedef struct {
	char *text;          /* one screen line, UTF-8 (or ASCII), owned */
	tw_role role;
	int is_new;          /* part of what this step introduced */
	/* The Secrets pane (ui_secrets.c): the parts of a PRF seed or of the
	 * key block coloured, and where Enter on this line goes (link.step -1:
	 * nowhere); from: the model's line shown here, to find it again. */
	tw_dspan span[TW_DSPAN_MAX];
	unsigned char nspan;
	tw_slink link;
	const tw_sline *from;
} tw_dline;

typedef struct {
	tw_dline *line;
	size_t n, cap;
	int first_new;       /* first line with is_new, or -1 */
	int oom;             /* an allocation failed: the document is incomplete */
} tw_doc;

void tw_doc_init(tw_doc *d);
/* Append text wrapped to width columns: the first line starts with prefix,
 * the others with as many spaces as the prefix is wide. When ascii is set
 * the text is first made ASCII (tw_ui_ascii_text). */
void tw_doc_add(tw_doc *d, tw_role role, int is_new, int ascii, int width,
	const char *prefix, const char *text);
/* printf-style, no prefix. */
void tw_doc_addf(tw_doc *d, tw_role role, int is_new, int ascii, int width,
	const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Append bytes as hex, indent spaces then as many whole bytes per line as fit. */
void tw_doc_hex(tw_doc *d, int is_new, int width, int indent,
	const uint8_t *b, size_t n);
void tw_doc_free(tw_doc *d);

/* ---- ladder ------------------------------------------------------------- */
typedef enum { TW_LROW_STAGE, TW_LROW_STEP, TW_LROW_ACK, TW_LROW_FAIL, TW_LROW_ATTACK } tw_lrow_kind;

typedef struct {
	tw_lrow_kind kind;
	int step;         /* STEP: step index; STAGE: first step of the stage */
	int pkt;          /* ACK: packet index; STEP: its first packet */
	tw_stage stage;
	tw_dir dir;
	int attack;       /* ATTACK: index in m->wire.attack */
	/* STEP, and the ATTACK rows under it: what the man in the middle did
	 * to this message. dropped: it never reached its receiver (truncation);
	 * copied: it did, as sent, and a copy followed that was refused (replay). */
	int dropped, copied;
} tw_lrow;

/* The rows of the ladder: a header per stage, an arrow per step, and,
 * when acks is set, the TCP pure ACKs where they fall between steps, and
 * for a failed connection one row where the side that stopped gave up
 * (after its alert, or after the message it rejected when it sent none).
 * rows must hold TW_MAX_STEPS + 8 + number of packets (+ TW_MAX_ATTACK_EVENTS).
 * Returns the count. */
size_t tw_ladder_rows(const tw_model *m, int acks, tw_lrow *rows);

/* What the man in the middle did, as the ladders (terminal, presenter,
 * handout) write it under the message: "attacker changes it", "attacker
 * drops it", "attacker sends it again"... for the model's attack. */
const char *tw_ui_attack_words(const tw_model *m, int zh);

/* "⑥ ClientKeyExchange", "HTTP 1 request", "1 SYN": the label and the
 * name of a step, as the ladder and the status line show it; zh: in
 * Chinese ("HTTP 1 请求", "关闭 1 close_notify"). */
void tw_ui_step_title(const tw_step *st, int ascii, int zh, char *buf, size_t n);

/* ---- field tree --------------------------------------------------------- */
typedef struct {
	const tw_field *f;
	int depth;
	size_t node;       /* preorder index within the step's tree */
	int expanded;
} tw_frow;

/* ---- navigation state --------------------------------------------------- */
typedef struct {
	const tw_model *m;
	int step;
	tw_pane focus;
	tw_pane tab;            /* compact: the right pane shown */
	int acks;               /* show TCP pure ACKs */
	int zh;                 /* current UI language is Chinese */
	int help;               /* help screen shown */
	int quit;
	/* a digit just typed: a second one may make a two-digit label (1, 0
	 * is ⑩); the stage the first one was read in */
	int digit_val;
	tw_stage digit_stage;
	/* ':' prompt, then Enter */
	int prompting;
	char prompt[64];
	size_t prompt_len;
	char message[160];      /* one-line feedback on the status line */
	/* per pane: first row shown */
	int top[TW_PANE_COUNT];
	int help_top;
	/* the who-knows-what view (w): open, and its first row shown */
	int knows, knows_top;
	/* fields */
	unsigned char *expanded[TW_MAX_STEPS];   /* per node, by preorder index */
	size_t nnodes[TW_MAX_STEPS];
	tw_frow *frows;
	size_t nfrows, frows_cap;
	int fcur;               /* selected row of the field tree */
	/* the selected field's explanation below the tree: the first line
	 * shown, and (set by the drawing) whether lines are hidden below it
	 * and how many are shown; PgUp/PgDn scroll it when it is cut */
	int info_top, info_more, info_rows;
	int tree_h;                 /* rows the tree was drawn on (clicks below are not on it) */
	const void *info_field;     /* the field info_top belongs to */
	size_t hcur;            /* selected byte of the hex pane */
	int lang_switch;        /* set by TW_REQ_LANG: the caller swaps lesson sets */
	int conn_switch;        /* --resume: +1 go to the resumed connection, -1 back to
	                         * the first (set by TW_REQ_CONN, or by stepping past an
	                         * end); the caller swaps the model */
	int secrets_autoscroll; /* set on step change: scroll to the new secrets */
	int quiz_request;       /* set by TW_REQ_QUIZ: the caller opens the quiz (quiz.h) */
	int scur;               /* the Secrets pane's cursor line (Enter follows its link) */
	/* presenter mode (ui_present.h): on; the details box shown (its scroll
	 * is top[TW_PANE_EXPLAIN], its height set by the drawing); the pane
	 * that had the focus before, given back when it ends */
	int present, present_details, present_page;
	tw_pane present_focus;
} tw_ui_state;

/* Start at step (clamped). -1 on allocation failure. */
int tw_ui_state_init(tw_ui_state *s, const tw_model *m, int step);
void tw_ui_state_free(tw_ui_state *s);

/* Handle a key (TW_KEY_* or a character) on layout l; returns the request
 * it meant (or NONE). Page sizes come from the layout. */
tw_req tw_ui_handle_key(tw_ui_state *s, const tw_layout *l, int key);

/* Apply a request. */
void tw_ui_apply(tw_ui_state *s, const tw_layout *l, tw_req r);

/* Go to step i (clamped); resets the field and byte cursors. */
void tw_ui_goto(tw_ui_state *s, int i);

/* Rebuild the visible rows of the current step's tree (after expand/collapse). */
void tw_ui_tree_rows(tw_ui_state *s);

/* The selected field (NULL if the tree is empty). */
const tw_field *tw_ui_selected_field(const tw_ui_state *s);

/* Select the field that owns byte off of the current step: the deepest
 * node containing it; its ancestors are expanded so it is visible. */
void tw_ui_select_byte(tw_ui_state *s, size_t off);

/* Deepest field of tree containing byte off, or NULL. */
const tw_field *tw_ui_field_at(const tw_field *root, size_t off);

/* Hex pane geometry, relative to the inner area: per bytes per row.
 * Columns of byte b%per in the hex part and in the ASCII part. */
int tw_hex_col(int per, size_t b);
int tw_hex_ascii_col(int per, size_t b);
int tw_hex_width(int per);
/* The byte at (row, col) of the inner area given the first row shown, or
 * -1 when the cell holds no byte (len: bytes in the step). */
long tw_hex_byte_at(int per, int top, int row, int col, size_t len);

/* Mouse: a click at (y, x) — select a step, a field, a byte or a tab. */
void tw_ui_click(tw_ui_state *s, const tw_layout *l, int y, int x);

/* Keep the cursor of a pane visible: adjust s->top[p] so that row cur is
 * within height rows. */
void tw_ui_scroll_to(tw_ui_state *s, tw_pane p, int cur, int height);

/* Panes in Tab order for this layout (compact: LADDER then the four tabs). */
size_t tw_ui_pane_order(const tw_layout *l, tw_pane *order);

/* Go to the step numbered n in the current stage, or, when that stage has
 * no such step, to the TLS step n (⑥ from the TCP stage). A digit typed
 * right after another (s->digit_val set) first tries the two-digit
 * number: 1 then 0 is ⑩. Returns the step index or -1 (a message then
 * says so). */
int tw_ui_number(tw_ui_state *s, int digit);

/* What the arrow keys do in the focused pane, for the status line
 * ("↑↓←→ step", "↑↓ field ←→ close/open", …; ascii: words for the
 * arrows, in English). Static string. */
const char *tw_ui_arrow_hint(tw_pane focus, int zh, int ascii);

/* Whether step i is sent encrypted: a TLS step all of whose records were
 * sent after its direction's ChangeCipherSpec (the wire says so). */
int tw_ui_step_encrypted(const tw_model *m, int i);

#endif
