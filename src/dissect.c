/*
 * dissect.c — placeholder until the field dissector lands: each step is one
 * field marked undecoded, which keeps the coverage invariant true.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "dissect.h"

const char *const tw_dissect_all_ids[] = { "undecoded", NULL };

static int
undecoded(size_t len, tw_field *out)
{
	memset(out, 0, sizeof *out);
	out->id = "undecoded";
	out->label = strdup("Bytes (not decoded yet)");
	out->off = 0;
	out->len = len;
	out->undecoded = 1;
	return out->label ? 0 : -1;
}

/* see dissect.h */
int
tw_dissect_step(const struct tw_model *m, size_t i, tw_field *out)
{
	return undecoded(m->story.step[i].len, out);
}

/* see dissect.h */
int
tw_dissect_tls_bytes(const uint8_t *data, size_t len, int dir, tw_field *out)
{
	(void)data;
	(void)dir;
	return undecoded(len, out);
}

/* see dissect.h */
void
tw_field_free(tw_field *f)
{
	size_t i;

	for (i = 0; i < f->nchild; i++)
		tw_field_free(&f->child[i]);
	free(f->child);
	free(f->label);
	free(f->value);
	memset(f, 0, sizeof *f);
}
