/*
 * failure.h — how a connection that did not complete ended: which side
 * stopped, at which step, which check caught it, whether it said so with
 * an alert, and what RFC 5246 says it should have sent.
 *
 * Built once from the model (the engines' errors, the steps, the key
 * schedule's verdicts); the dump, the JSON and the UI show the same
 * sentences, in English and Chinese, on the step where it happened.
 */
#ifndef TW_FAILURE_H
#define TW_FAILURE_H

#include "wire.h"

struct tw_model;

typedef struct {
	int failed;              /* the connection did not complete */
	tw_dir stopper;          /* who stopped: TW_C2S the client, TW_S2C the server */
	int err;                 /* that side's BearSSL error */
	int at_step;             /* the step whose message the check rejected (index), or -1 */
	int alert_step;          /* the step of the alert the stopper sent, or -1: it closed silently */
	int alert;               /* the alert description it sent, or -1 */
	int rfc_alert;           /* the alert RFC 5246 asks for in this case, or -1 */
	const char *check_en, *check_zh;   /* the check that caught it, e.g. "the certificate's name check" */
	char banner_en[512], banner_zh[512];   /* one sentence for the failed step */
} tw_failure;

/* Analyse m (wire, story and keys built). Never fails. */
void tw_failure_build(const struct tw_model *m, tw_failure *f);

#endif
