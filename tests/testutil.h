/* testutil.h — small helpers shared by the unit tests. */
#ifndef TW_TESTUTIL_H
#define TW_TESTUTIL_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

/* Decode a hex string (no spaces) into out; returns the byte count. */
static inline size_t
tu_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (hex[0] && hex[1] && n < cap) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

/* Print both values in hex on mismatch, as BearSSL's tests do. */
#define tu_assert_bytes(got, want, n) do { \
	if (memcmp((got), (want), (n)) != 0) { \
		char g_[1024] = "", w_[1024] = ""; size_t i_; \
		for (i_ = 0; i_ < (size_t)(n) && i_ < 500; i_++) { \
			sprintf(g_ + 2 * i_, "%02x", ((const uint8_t *)(got))[i_]); \
			sprintf(w_ + 2 * i_, "%02x", ((const uint8_t *)(want))[i_]); \
		} \
		ck_abort_msg("bytes differ:\n got  %s\n want %s", g_, w_); \
	} \
} while (0)

/* An iteration count for a randomised loop: n, or a tenth of it when
 * TW_TEST_LIGHT is set. tests/valgrind.sh sets it, because valgrind runs
 * 30 to 50 times slower; the native and sanitizer runs keep the full count,
 * so no input goes unchecked by the suite as a whole. */
static inline size_t
tu_iters(size_t n)
{
	const char *l = getenv("TW_TEST_LIGHT");

	if (l == NULL || l[0] == 0 || strcmp(l, "0") == 0)
		return n;
	return n / 10 ? n / 10 : 1;
}

/* Build the default model from a seed; fails the test on error. */
static inline void
tu_build(tw_model *m, uint64_t seed)
{
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seed = seed;
	o.seeded = 1;
	tw_err_clear(&e);
	ck_assert_msg(tw_model_build(m, &o, &e) == 0, "model build failed: %s", e.msg);
}

/* Build a model from options; fails the test on error, naming what. */
static inline void
tu_build_opts(tw_model *m, const tw_options *o, const char *what)
{
	tw_err e;

	tw_err_clear(&e);
	ck_assert_msg(tw_model_build(m, o, &e) == 0, "%s: model build failed: %s",
		what, e.msg);
}

/* ---- the dissector's coverage invariant, as check_dissect.c checks it:
 * every step's tree starts at 0 and covers the step's bytes exactly with
 * no gap or overlap, every id is a listed one, and no TLS step has
 * undecoded bytes. */

static inline size_t
tu_count_undecoded(const tw_field *f)
{
	size_t i, n = f->undecoded != 0;

	for (i = 0; i < f->nchild; i++)
		n += tu_count_undecoded(&f->child[i]);
	return n;
}

static inline int
tu_id_known(const char *id)
{
	size_t i;

	for (i = 0; tw_dissect_all_ids[i]; i++)
		if (strcmp(tw_dissect_all_ids[i], id) == 0)
			return 1;
	for (i = 0; tw_dissect_ip_ids[i]; i++)
		if (strcmp(tw_dissect_ip_ids[i], id) == 0)
			return 1;
	return 0;
}

static inline void
tu_assert_ids(const tw_field *f, const char *what)
{
	size_t i;

	ck_assert_msg(f->id != NULL && tu_id_known(f->id),
		"%s: field '%s' has id '%s', missing from tw_dissect_all_ids", what,
		f->label ? f->label : "?", f->id ? f->id : "(null)");
	ck_assert_msg(f->label != NULL, "%s: field '%s' has no label", what, f->id);
	for (i = 0; i < f->nchild; i++)
		tu_assert_ids(&f->child[i], what);
}

static inline void
tu_assert_coverage(const tw_field *f, size_t len, const char *what)
{
	char why[256];

	ck_assert_msg(f->off == 0 && f->len == len, "%s: root covers [%zu+%zu], "
		"the bytes are %zu", what, f->off, f->len, len);
	ck_assert_msg(tw_field_check_coverage(f, why, sizeof why) == 0,
		"%s: %s", what, why);
	tu_assert_ids(f, what);
}

/* The invariant on every step of a built model; what names the run. */
static inline void
tu_assert_model_coverage(const tw_model *m, const char *what)
{
	size_t i;
	char w[160];

	for (i = 0; i < m->story.nstep; i++) {
		snprintf(w, sizeof w, "%s, step %s", what, m->story.step[i].id);
		tu_assert_coverage(&m->tree[i], m->story.step[i].len, w);
		if (m->story.step[i].kind == TW_STEP_TLS)
			ck_assert_msg(tu_count_undecoded(&m->tree[i]) == 0,
				"%s has undecoded bytes", w);
	}
}

#endif
