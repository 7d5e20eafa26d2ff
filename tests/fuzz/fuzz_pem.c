/*
 * fuzz_pem.c — libFuzzer target for the PEM/credentials loader, which reads
 * the files given to --cert, --key and --ca. Each input is written to a
 * file and loaded in each of the three roles (the other two built in): the
 * loader must either succeed or fail with one error naming the file, never
 * crash or leak.
 *
 * Built by ./configure --enable-fuzz CC=clang && make fuzz; run by
 * tests/fuzz.sh (seeds: src/certs and tests/data).
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], file[96];

static void
cleanup(void)
{
	remove(file);
	remove(dir);
}

static void
one(const char *cert, const char *key, const char *ca)
{
	static tw_creds c;          /* large (512 anchors): not on the stack */
	tw_err e;

	tw_err_clear(&e);
	if (tw_creds_load(&c, cert, key, ca, TW_CERT_RSA, &e) == 0) {
		tw_creds_free(&c);
		return;
	}
	if (e.msg[0] == 0 || strstr(e.msg, "in.pem") == NULL) {
		fprintf(stderr, "credentials failed without naming the file: '%s'\n", e.msg);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;

	if (dir[0] == 0) {
		snprintf(dir, sizeof dir, "%s/tw-fuzz-pem.XXXXXX",
			getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(cleanup);
		snprintf(file, sizeof file, "%s/in.pem", dir);
	}
	f = fopen(file, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	one(file, NULL, NULL);
	one(NULL, file, NULL);
	one(NULL, NULL, file);
	return 0;
}
