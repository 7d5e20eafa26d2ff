/*
 * ui_secrets.h — the "secrets" pane's text: what is known at a step.
 *
 * Built from the model only (no curses, no BearSSL), in the order a learner
 * derives them: the randoms, the Server and Client Params, the pre-master
 * secret, the master secret with its PRF chain, the key block cut into
 * keys and IVs, the verify_data of each Finished, and the records of the
 * current step opened with those keys. Each value carries its verdict from
 * keysched; what the current step introduced is marked new (and the PRF
 * chains are spelled out there, condensed at later steps).
 */
#ifndef TW_UI_SECRETS_H
#define TW_UI_SECRETS_H

#include "model.h"
#include "ui_logic.h"

/* Fill d (initialised by the caller) for step i, lines at most width
 * columns; zh: Chinese labels; ascii: ASCII only. */
void tw_ui_secrets(const tw_model *m, int i, int zh, int ascii, int width, tw_doc *d);

/* Enter in the Secrets pane: d is the document of the current step, as
 * tw_ui_secrets built it with s->zh, ascii and width; its line s->scur is
 * followed to where the value's bytes came from — a field of a step (go
 * there, select the field, show the Fields pane, whose bytes are then
 * highlighted) or a line of another secret (go to its step, the Secrets
 * cursor on that line). Returns 1 if it went somewhere; 0 when the line
 * has no source (a message then says so). */
int tw_ui_secrets_follow(tw_ui_state *s, const tw_doc *d, int ascii, int width);

/* The status line's hint while the Secrets pane has the focus: what the
 * arrows do, and what Enter does on the cursor line. */
void tw_ui_secrets_hint(const tw_ui_state *s, const tw_doc *d, int ascii, char *buf, size_t n);

#endif
