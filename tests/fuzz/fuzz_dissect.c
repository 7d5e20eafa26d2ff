/*
 * fuzz_dissect.c — libFuzzer target for the TLS field dissector, the parser
 * of untrusted bytes that a learner may one day point at a capture of their
 * own. Each input is dissected as raw TLS records in both directions, and
 * (all but its first byte) as decrypted content of the content type the
 * first byte picks; every tree must keep the coverage invariant and name
 * only listed ids, or the target aborts.
 *
 * Build and run (needs clang with libFuzzer; on Debian 12:
 * apt-get install clang libclang-rt-14-dev):
 *
 *   autoreconf -fi
 *   ./configure --enable-fuzz CC=clang     # adds -fsanitize=address,undefined
 *                                          # -fsanitize=fuzzer-no-link to CFLAGS
 *   make fuzz                              # builds tests/fuzz/fuzz_dissect
 *   mkdir -p /tmp/corpus
 *   tests/fuzz/fuzz_dissect -max_total_time=120 -print_final_stats=1 /tmp/corpus tests/fuzz/corpus
 *
 * or, from a clean checkout, tests/fuzz/run.sh SECONDS (builds in a temporary
 * directory, leaves the checkout alone). Seeds in tests/fuzz/corpus/ are records
 * that `tlswalk --seed 1` produced: the client's stream, the server's first
 * flight, and plaintexts prefixed with their content type byte.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dissect.h"
#include "field.h"

int tw_dissect_fuzz_plaintext(const uint8_t *data, size_t len, int type, int dir,
	tw_field *out);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
listed(const char *id)
{
	size_t i;

	for (i = 0; tw_dissect_all_ids[i]; i++)
		if (strcmp(tw_dissect_all_ids[i], id) == 0)
			return 1;
	return 0;
}

static void
check_ids(const tw_field *f)
{
	size_t i;

	if (f->id == NULL || !listed(f->id) || f->label == NULL) {
		fprintf(stderr, "field '%s' has an unlisted id '%s'\n",
			f->label ? f->label : "?", f->id ? f->id : "(null)");
		abort();
	}
	for (i = 0; i < f->nchild; i++)
		check_ids(&f->child[i]);
}

static void
check(tw_field *f, size_t size, const char *what)
{
	char why[256];

	if (f->off != 0 || f->len != size ||
	    tw_field_check_coverage(f, why, sizeof why) < 0) {
		fprintf(stderr, "%s: coverage broken: %s (root %zu+%zu, %zu bytes)\n",
			what, why, f->off, f->len, size);
		abort();
	}
	check_ids(f);
	tw_field_free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tw_field f;
	int dir;

	for (dir = 0; dir < 2; dir++)
		if (tw_dissect_tls_bytes(data, size, dir, &f) == 0)
			check(&f, size, dir ? "records, server to client" :
				"records, client to server");
	if (size >= 1 && tw_dissect_fuzz_plaintext(data + 1, size - 1,
		20 + (data[0] & 3), data[0] >> 7, &f) == 0)
		check(&f, size - 1, "decrypted content");
	return 0;
}
