/*
 * ui.h — the interactive walkthrough in the terminal (ncursesw).
 *
 * Reads a built model; never calls BearSSL. The decisions (layout, keys,
 * navigation, wrapping) live in ui_logic.c and are tested without a
 * terminal; ui.c draws them and reads keys.
 */
#ifndef TW_UI_H
#define TW_UI_H

#include "lesson.h"
#include "model.h"
#include "tw_err.h"

/* Run the walkthrough on the terminal (stdin/stdout) until the learner
 * quits. l is the lesson set to start with (borrowed: the caller keeps and
 * frees it); the other language (English <-> Chinese) is loaded from
 * lessons_dir, or the built-in sets when NULL, so that L switches live. start_step is a step index. The terminal is
 * restored on every exit: q, SIGINT/SIGTERM/SIGHUP (the process then dies
 * of that signal, after restoring), or a fatal error (message on stderr,
 * exit status 1). Returns 0, or -1 with e set when the UI could not start
 * (no terminal, lessons not loadable). */
int tw_ui_run(const tw_model *m, const tw_lessons *l, const char *lessons_dir,
	int start_step, tw_err *e);

/* --ascii: draw boxes, arrows and step numbers in ASCII even on a UTF-8
 * terminal (one that draws ①, box lines and arrows two columns wide);
 * Chinese text is still shown. Call before tw_ui_run. */
void tw_ui_force_ascii(void);

/* --quiz: open the walkthrough with the quiz on the connection shown
 * (the key t opens it too). Call before tw_ui_run. */
void tw_ui_start_quiz(void);
/* --present: start in presenter mode (P switches it; ui_present.h).
 * Call before tw_ui_run. */
void tw_ui_start_present(void);

#endif
