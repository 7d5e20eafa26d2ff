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

#endif
