/*
 * scenario.h — the failure and attack scenarios a teacher picks by name
 * (--scenario NAME, --list-scenarios): each one a row that sets the
 * options of a connection — its certificates, the client's offer, a man in
 * the middle — so that one thing goes wrong, for real.
 */
#ifndef TW_SCENARIO_H
#define TW_SCENARIO_H

#include "model.h"

typedef struct {
	const char *name;
	const char *en, *zh;           /* one line: what happens and which check should catch it */
	void (*apply)(tw_options *o);
} tw_scenario_def;

/* The scenario with this name, or NULL. */
const tw_scenario_def *tw_scenario_find(const char *name);

/* All of them, in --list-scenarios order; NULL past the end. */
const tw_scenario_def *tw_scenario_at(size_t i);

/* Parse --tamper STEP:OFFSET[:XOR] into its parts (STEP as given, a step
 * id or label; OFFSET decimal or 0x hex; XOR 1..255, default 0x01).
 * -1 with e naming what is wrong. */
int tw_tamper_parse(const char *spec, char *step, size_t step_size, size_t *off,
	uint8_t *xor_mask, tw_err *e);

#endif
