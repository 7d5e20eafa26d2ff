/*
 * fuzz_capture.c — libFuzzer target for the capture reader: the link-layer,
 * IP and TCP decoding, the connection table and the TCP reassembly, the
 * key log parser and the pcapng block walker (Decryption Secrets Blocks);
 * an input that is a whole capture also goes through the full --read path
 * (libpcap, both passes, the model). Crashes, leaks and sanitizer reports
 * abort the run.
 *
 * Input: if it starts like a capture (pcap or pcapng magic), it is one;
 * otherwise byte 0 picks a link type and the rest is frames, each a 2-byte
 * big-endian length then that many bytes. Build and run as fuzz_dissect
 * (see the top of tests/fuzz/fuzz_dissect.c): make fuzz, then
 *   tests/fuzz/fuzz_capture -max_total_time=60 /tmp/corpus tests/fuzz/corpus-capture
 * or FUZZ_TARGET=fuzz_capture tests/fuzz/run.sh SECONDS. Seeds: two small
 * captures from tests/data/captures and a frames-format input.
 */
#define _GNU_SOURCE 1     /* memfd_create */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "capture.h"
#include "keylog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
whole_file(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-capture", 0);
	char path[64];
	tw_model m;
	tw_capture_opts o;
	tw_capture_status st;
	tw_keylog kl;
	tw_err e;

	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	memset(&kl, 0, sizeof kl);
	tw_err_clear(&e);
	(void)tw_capture_dsb(path, &kl, &e);
	tw_keylog_free(&kl);
	memset(&o, 0, sizeof o);
	o.path = path;
	o.quiet = 1;
	/* A small trust store (run.sh runs from the top of the source copy),
	 * so that the whole model is built, not stopped at loading anchors. */
	o.ca_file = "tests/data/captures/ca.pem";
	tw_err_clear(&e);
	(void)tw_capture_build(&m, &o, &st, &e);
	tw_model_free(&m);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int dlts[] = { 1, 113, 276, 0, 12, 228, 229, 108 };
	tw_capture_fuzz *f;
	tw_keylog kl;
	tw_err e;
	size_t off = 1;

	memset(&kl, 0, sizeof kl);
	tw_err_clear(&e);
	(void)tw_keylog_parse(&kl, (const char *)data, size, "fuzz", &e);
	tw_keylog_free(&kl);
	if (size >= 4 && (memcmp(data, "\x0a\x0d\x0d\x0a", 4) == 0
		|| memcmp(data, "\xd4\xc3\xb2\xa1", 4) == 0 || memcmp(data, "\xa1\xb2\xc3\xd4", 4) == 0
		|| memcmp(data, "\x4d\x3c\xb2\xa1", 4) == 0)) {
		whole_file(data, size);
		return 0;
	}
	if (size < 1 || (f = tw_capture_fuzz_new()) == NULL)
		return 0;
	while (off + 2 <= size) {
		size_t n = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (n > size - off)
			n = size - off;
		tw_capture_fuzz_packet(f, dlts[data[0] % (sizeof dlts / sizeof dlts[0])], data + off, n);
		off += n;
	}
	tw_capture_fuzz_free(f);
	return 0;
}
