/*
 * html.h — the handout: the whole walk as one self-contained HTML page
 * (tlswalk --html FILE).
 *
 * One file a student can keep, print or open on a phone: a title block,
 * the ladder drawn as an inline SVG sequence diagram whose arrows link to
 * the steps, then every step of the story (the same ids as --dump and
 * --json) with its explanation, field tree, bytes and the secrets it
 * introduces, derivations and opened signatures included. No script, no
 * external font, image or style sheet: nothing is fetched when it opens.
 * Every string from the model is HTML-escaped.
 */
#ifndef TW_HTML_H
#define TW_HTML_H

#include <stdio.h>
#include "model.h"
#include "lesson.h"

/* Write the page for m (and m->next, the second connection of --resume
 * or of a comparison) in the language of l to out. Element ids: each
 * step's section has id equal to its step id ("tls-client-hello"); the
 * second connection's are prefixed "c2-"; everything else starts "tw-". */
void tw_html(const tw_model *m, const tw_lessons *l, FILE *out);

/* tw_html into path through the output writer of util.h (mode 0600, a
 * temporary file renamed into place). -1 with e naming the file. */
int tw_html_write(const tw_model *m, const tw_lessons *l, const char *path,
	tw_err *e);

#endif
