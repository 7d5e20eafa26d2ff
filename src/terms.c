/*
 * terms.c — the term list (see terms.h).
 *
 * Both languages are held at once: the model builds every secret's text in
 * English and Chinese together, before a frontend picks one. The words are
 * copied out of the parsed lesson entries, so the lists live as long as the
 * program and tw_term needs no set passed around.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "lesson.h"
#include "terms.h"

#define TW_TERM_PREFIX "term."

/* see terms.h */
const char *const tw_term_ids[] = {
#define X(e, s) TW_TERM_PREFIX s,
	TW_TERMS(X)
#undef X
	NULL
};

static char *words[2][TW_T_COUNT];
static int loaded;

/* Take the titles of set l for language index lg: every id when builtin,
 * else only the ids the file has (a teacher's file may be partial). */
static int
take(const tw_lessons *l, int lg, int builtin, tw_err *e)
{
	size_t i;

	for (i = 0; i < TW_T_COUNT; i++) {
		const tw_lesson *ls = tw_lessons_get(l, tw_term_ids[i]);
		char *w;

		if (ls == NULL) {
			if (builtin)      /* a test fails first; say which, never guess */
				return tw_err_set(e, "lessons/%s/terms.txt (built in): no [%s]",
					lg ? "zh" : "en", tw_term_ids[i]);
			continue;
		}
		if ((w = strdup(ls->title)) == NULL)
			return tw_err_set(e, "out of memory reading the term list");
		free(words[lg][i]);
		words[lg][i] = w;
	}
	return 0;
}

static int
load_lang(const char *dir, int lg, tw_err *e)
{
	const char *lang = lg ? "zh" : "en";
	int absent, rc;
	tw_lessons *l = tw_lessons_load_file(dir, lang, "terms.txt", &absent, e);

	if (l == NULL)
		return absent && dir ? 0 : absent
			? tw_err_set(e, "lessons/%s/terms.txt is not built in", lang) : -1;
	rc = take(l, lg, dir == NULL, e);
	tw_lessons_free(l);
	return rc;
}

/* see terms.h */
int
tw_terms_load(const char *dir, tw_err *e)
{
	int lg;

	for (lg = 0; lg < 2; lg++)
		if ((!loaded && load_lang(NULL, lg, e) < 0) || (dir && load_lang(dir, lg, e) < 0))
			return -1;
	loaded = 1;
	return 0;
}

/* see terms.h */
const char *
tw_term(tw_term_id id, int zh)
{
	if (!loaded) {
		tw_err e;

		tw_err_clear(&e);
		(void)tw_terms_load(NULL, &e);
		loaded = 1;
	}
	if ((unsigned)id >= TW_T_COUNT)
		return "?";
	/* Only a build whose term list lacks the id gets here with NULL; the
	 * id itself says what is missing rather than a word of the other
	 * language. */
	return words[zh != 0][id] ? words[zh != 0][id] : tw_term_ids[id];
}
