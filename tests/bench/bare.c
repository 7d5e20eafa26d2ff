/*
 * bare.c — the baseline for `make bench`: a bare BearSSL client and server
 * handshake (plus request, response and close) in one process, through the
 * same wire code and nothing else: no key schedule, story, dissection or
 * output.
 */
#include "config.h"
#include <stdio.h>
#include "wire.h"

int
main(void)
{
	tw_creds c;
	tw_wire w;
	tw_err e;
	tw_scenario sc = { 0 };
	int r;

	tw_err_clear(&e);
	if (tw_creds_load(&c, NULL, NULL, NULL, TW_CERT_RSA, &e) < 0) {
		fprintf(stderr, "bare: %s\n", e.msg);
		return 1;
	}
	sc.creds = &c;
	sc.host = "www.example.com";
	sc.path = "/";
	sc.seed = 1;
	sc.seeded = 1;
	sc.now = 1798761600;
	r = tw_wire_run(&sc, &w, &e);
	if (r < 0)
		fprintf(stderr, "bare: %s\n", e.msg);
	tw_wire_free(&w);
	tw_creds_free(&c);
	return r < 0;
}
