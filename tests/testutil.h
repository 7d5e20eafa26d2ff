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

#endif
