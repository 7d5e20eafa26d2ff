/*
 * fuzz_lesson.c — libFuzzer target for the lesson parser, which reads a
 * teacher's files (--lessons DIR). Each input is written as the one .txt
 * file of a lesson directory and loaded: the loader must either return a
 * set or one error naming the file, never crash, leak or run for long
 * (libFuzzer's -timeout catches a parser gone quadratic). A loaded set is
 * also rendered, since placeholders are expanded at display time.
 *
 * Built by ./configure --enable-fuzz CC=clang && make fuzz; run by
 * tests/fuzz.sh (seeds: lessons/en and lessons/zh).
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lesson.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], sub[80], file[96];

static void
cleanup(void)
{
	remove(file);
	remove(sub);
	remove(dir);
}
static tw_model model;      /* a real run, for rendering placeholders */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tw_lessons *l;
	tw_err e;
	FILE *f;
	size_t i;

	if (dir[0] == 0) {
		snprintf(dir, sizeof dir, "%s/tw-fuzz-lesson.XXXXXX",
			getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(cleanup);
		snprintf(sub, sizeof sub, "%s/xx", dir);
		if (mkdir(sub, 0700) != 0)
			abort();
		snprintf(file, sizeof file, "%s/xx/a.txt", dir);
		{
			tw_options o;
			memset(&o, 0, sizeof o);
			o.seed = 1;
			o.seeded = 1;
			tw_err_clear(&e);
			if (tw_model_build(&model, &o, &e) < 0)
				abort();
		}
	}
	f = fopen(file, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	tw_err_clear(&e);
	l = tw_lessons_load(dir, "xx", &e);
	if (l == NULL) {
		if (e.msg[0] == 0 || strstr(e.msg, "a.txt") == NULL) {
			fprintf(stderr, "lesson load failed without naming the file: '%s'\n", e.msg);
			abort();
		}
		return 0;
	}
	for (i = 0; i < tw_lessons_count(l); i++) {
		const tw_lesson *t = tw_lessons_at(l, i);
		size_t k;
		free(tw_lessons_render(l, t->title, &model));
		free(tw_lessons_render(l, t->body, &model));
		for (k = 0; k < t->nbullets; k++)
			free(tw_lessons_render(l, t->bullets[k], &model));
	}
	tw_lessons_free(l);
	return 0;
}
