/*
 * quiz.h — questions on the connection on screen, answered a–d.
 *
 * Every question is generated from the model: the story (who sent which
 * step, which step was the first encrypted), the secrets list (the PRF
 * traces, whose seeds say which random comes first; the key block's
 * slices; the master secret), the handshake (the suite chosen, the group)
 * and the attack checks of keysched.h (which check would catch a changed
 * ClientHello, asked of this connection's own keys). A question whose
 * subject this connection lacks is left out: RSA key exchange has no
 * ServerKeyExchange, a failed handshake no keys, a resumed one no key
 * exchange. Four choices, one right, in an order drawn from the model's
 * seed (the same run gives the same quiz); wrong choices are real values
 * of the same connection, never invented bytes. Each text is in English
 * and Chinese; the explanation is shown once the question is answered.
 *
 * No curses here: the state machine (current question, answered, score)
 * and the lines the UI draws are built and tested without a terminal;
 * ui.c only draws them, and main.c runs the same quiz on text streams.
 */
#ifndef TW_QUIZ_H
#define TW_QUIZ_H

#include <stdio.h>
#include "model.h"
#include "ui_logic.h"

#define TW_QUIZ_MAX 24         /* two connections' worth (--resume) */
#define TW_QUIZ_NCHOICE 4
#define TW_QUIZ_MAX_STEPS 6

typedef struct {
	const char *kind;          /* "sender", "kb-seed", "ms-seed", "key-bytes", "tamper",
	                            * "suite", "group", "ms-len", "carrier", "first-encrypted",
	                            * "failure" */
	const char *about;         /* key-bytes: the secrets key asked ("server_write_key") */
	const tw_model *m;         /* the connection it is about */
	char *text[2];             /* [0] English, [1] Chinese */
	char *choice[TW_QUIZ_NCHOICE][2];
	int right;                 /* index of the right choice */
	char *explain[2];          /* shown after the answer */
	int step[TW_QUIZ_MAX_STEPS];   /* steps of m the texts name (indexes), -1 past the end */
} tw_quiz_q;

typedef struct {
	tw_quiz_q q[TW_QUIZ_MAX];
	size_t n;
	int zh;                    /* the language shown; may change between keys */
	char *none[2];             /* n == 0: why this connection has no quiz */
	int oom;                   /* an allocation failed: the quiz is incomplete */
	/* the state */
	size_t cur;                /* the question shown; n: the score */
	int answered;              /* q[cur] has been answered ... */
	int picked;                /* ... with this choice */
	int score;                 /* right answers so far */
	int top;                   /* UI: first line shown when the page is taller than the screen */
} tw_quiz;

/* Build the questions on connection m in language zh (0 English, 1
 * Chinese; both texts are built, zh picks the one shown). Zeroes *q
 * first. Returns 0, or -1 on allocation failure (q->oom; free it). A
 * connection with nothing to ask (a TLS 1.3 capture) gives n = 0 and
 * q->none says why. */
int tw_quiz_build(const tw_model *m, int zh, tw_quiz *q);

/* As tw_quiz_build, then with --resume the resumed connection's
 * questions after the first's, each text saying which connection it is
 * about (the command line quiz walks both). */
int tw_quiz_build_chain(const tw_model *m, int zh, tw_quiz *q);

void tw_quiz_free(tw_quiz *q);

/* The state machine. Answer the current question with choice 0..3:
 * 1 right, 0 wrong, -1 refused (already answered, or the quiz is over). */
int tw_quiz_answer(tw_quiz *q, int choice);
/* Past an answered question (to the score after the last); -1 when the
 * current one is not answered yet. */
int tw_quiz_next(tw_quiz *q);
int tw_quiz_done(const tw_quiz *q);
/* Start again from the first question. */
void tw_quiz_restart(tw_quiz *q);

/* What a key did in the UI's quiz. */
typedef enum {
	TW_QUIZ_K_NONE,            /* nothing (a key that means nothing here) */
	TW_QUIZ_K_ANSWERED,        /* a–d answered the question */
	TW_QUIZ_K_NEXT,            /* any key after an answer: the next question */
	TW_QUIZ_K_SCROLL,          /* ↑ ↓ PgUp PgDn moved the page */
	TW_QUIZ_K_LANG,            /* L: the caller switches language, then sets q->zh */
	TW_QUIZ_K_LEAVE            /* Esc, q, or any key on the score: back to the walk */
} tw_quiz_key_result;

/* Handle a key (TW_KEY_* of ui_logic.h, or a character). */
tw_quiz_key_result tw_quiz_key(tw_quiz *q, int key);

/* The quiz page as the UI shows it, wrapped to width columns: the
 * question, its choices, and once answered the verdict and the
 * explanation; after the last question the score. */
void tw_quiz_doc(const tw_quiz *q, int width, int ascii, tw_doc *d);

/* The page's title ("Quiz — question 3 of 11 · 2 right") and the status
 * line's hint for the current state, in q->zh. */
void tw_quiz_title(const tw_quiz *q, char *buf, size_t size);
const char *tw_quiz_hint(const tw_quiz *q);

/* The quiz on text streams (tlswalk --quiz with standard input not a
 * terminal): each question and its choices to out, one answer a line
 * from in (a–d; anything else: one sentence, and asked again); then
 * right or wrong and the explanation; at the end, or at end of input,
 * "Score: N/M" (Chinese: "得分：N/M"; M the questions asked). echo: copy
 * each answer read after the prompt (input that is not a terminal is
 * not echoed by one). Returns 0, or -1 when out could not be written. */
int tw_quiz_run_text(tw_quiz *q, FILE *in, FILE *out, int echo);

#endif
