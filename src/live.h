/*
 * live.h — one BearSSL engine talking to a real peer over a socket.
 *
 * --listen: tlswalk's BearSSL server accepts one connection (a browser,
 * curl, openssl s_client), answers its request with a small page that
 * points the visitor at the terminal, and closes. --connect: tlswalk's
 * BearSSL client connects to a real server, sends one GET and reads the
 * answer. Either way every byte each side sent is kept in the transcript,
 * as in the in-process wire, and the local engine's secrets are recorded
 * by the wrappers of engine.h; the peer's stay unknown, so the key
 * schedule computes what it can from the local side and marks the rest
 * missing. The model is then finished by tw_model_finish.
 */
#ifndef TW_LIVE_H
#define TW_LIVE_H

#include <stdio.h>
#include "model.h"

typedef struct {
	tw_source mode;          /* TW_SOURCE_LISTEN or TW_SOURCE_CONNECT */
	const char *target;      /* "[ADDR:]PORT" or "HOST[:PORT]" */
	int timeout_s;           /* per wait for the peer; 0: 10 s */
	int timeout_given;       /* --listen waits for the connection only this long */
	FILE *notice;            /* where the commands to try go before waiting */
	const char *lang;        /* their language ("en", "zh"); NULL: English */
} tw_live_options;

/* Default seconds a peer may stay silent. */
#define TW_LIVE_TIMEOUT 10

/* Returned when nothing ran because an option or file is bad (exit 2). */
#define TW_LIVE_USAGE (-2)

/* Run one live connection and build the model from it. 0: the connection
 * completed. TW_LIVE_USAGE: bad option or file, nothing ran. -1: a network
 * error or a failed connection, e saying why in one sentence; when the
 * peer sent or received anything (m->wire.nrec > 0) the model holds it
 * and can be walked. tw_model_free must be called in every case. */
int tw_live_build(tw_model *m, const tw_options *o, const tw_live_options *lo,
	tw_err *e);

/* The ClientHello of this connection offered version v (0x0304: TLS 1.3)
 * in its supported_versions extension. */
int tw_live_hello_offers(const tw_model *m, uint16_t v);

#endif
