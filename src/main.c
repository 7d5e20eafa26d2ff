#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "wire.h"
int main(void)
{
	tw_creds c; tw_err e; tw_wire w; tw_scenario sc = {0};
	tw_err_clear(&e);
	if (tw_creds_load(&c, NULL, NULL, NULL, &e) < 0) { fprintf(stderr, "%s\n", e.msg); return 1; }
	sc.creds = &c; sc.host = "www.example.com"; sc.path = "/"; sc.seed = 1; sc.now = 1798761600;
	int r = tw_wire_run(&sc, &w, &e);
	printf("r=%d %s\n", r, e.msg);
	for (size_t i = 0; i < w.nrec; i++) {
		const uint8_t *b = tw_wire_record_bytes(&w, i);
		printf("%zu dir=%d type=%d len=%zu enc=%d seq=%llu hs=%d\n", i, w.rec[i].dir, w.rec[i].type, w.rec[i].len, w.rec[i].encrypted, (unsigned long long)w.rec[i].seq, b[5]);
	}
	printf("suite %04x ms_eq %d key %zu curve %d\n", w.engine_suite[0], !memcmp(w.engine_ms[0], w.engine_ms[1], 48), w.server_ecdhe_key_len, w.server_ecdhe_curve);
	fwrite(w.app_recv[0], 1, w.app_recv_len[0], stdout);
	tw_wire_free(&w); tw_creds_free(&c);
	return 0;
}
