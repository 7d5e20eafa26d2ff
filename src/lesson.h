/*
 * lesson.h — the bilingual explanations, loaded from lessons/<lang>/.
 *
 * A lesson set maps ids (step ids like "tls-client-hello", field ids like
 * "tls.record.content_type", stage ids like "stage-tcp", "overview",
 * "glossary") to an entry: a title, short bullets and a longer explanation.
 * The shipped sets are built into the binary; --lessons DIR loads another.
 * Text may hold placeholders like {suite} that tw_lesson_render fills from
 * the model, so no number in a lesson can drift from what the screen shows.
 */
#ifndef TW_LESSON_H
#define TW_LESSON_H

#include <stddef.h>
#include "tw_err.h"

struct tw_model;

typedef struct {
	char *id;
	char *title;
	char **bullets;
	size_t nbullets;
	char *body;          /* may be empty, never NULL */
	char *cond;          /* a variant's condition ("kx=rsa"); NULL for the plain entry */
} tw_lesson;

typedef struct tw_lessons tw_lessons;

/* Load language lang ("en", "zh", …) from dir, or from the built-in set
 * when dir is NULL. Errors name file and line. */
tw_lessons *tw_lessons_load(const char *dir, const char *lang, tw_err *e);

/* The entry for id, or NULL: the plain entry, without a condition. */
const tw_lesson *tw_lessons_get(const tw_lessons *l, const char *id);

/* The entry for id with exactly this condition (NULL: the plain one). */
const tw_lesson *tw_lessons_get_variant(const tw_lessons *l, const char *id,
	const char *cond);

/* The entry for id that fits the connection m: among the variants
 * "[id if condition]" whose condition holds, the one of lowest
 * tw_lesson_cond_rank, the first in file order among equals; else the plain
 * entry. What frontends show; text true only for some connections lives in
 * variants. */
const tw_lesson *tw_lessons_pick(const tw_lessons *l, const char *id,
	const struct tw_model *m);

/* Conditions ("kx=rsa", "cipher=cbc|ccm, outcome=failed", "auth!=ecdsa"):
 * check the syntax and names (-1 with why filled), and evaluate one. The
 * keys and values are listed in lessons/README.md and lesson_cond.c. */
int tw_lesson_cond_check(const char *cond, char *why, size_t why_size);
int tw_lesson_cond_holds(const char *cond, const struct tw_model *m);

/* Precedence of a (checked) condition, lower first: 0 when it names what
 * happened to the run (failed, outcome, has, attack, eavesdropper), 1 when
 * it names source, else 2. */
int tw_lesson_cond_rank(const char *cond);

/* The language code of the set ("en"). */
const char *tw_lessons_lang(const tw_lessons *l);

/* Expand placeholders of text from the model; returns a malloc'd string.
 * Unknown placeholders are left as they are (the tests forbid them). */
char *tw_lesson_render(const char *text, const struct tw_model *m);

/* Load the one file name ("terms.txt") of language lang: dir/lang/name, or
 * the built-in file when dir is NULL. NULL with *absent set when there is no
 * such file; NULL with e naming file and line when it is malformed. */
tw_lessons *tw_lessons_load_file(const char *dir, const char *lang,
	const char *name, int *absent, tw_err *e);

/* Pick a language: explicit code if given, else from the locale (zh_* → zh),
 * else "en". */
const char *tw_lessons_pick_lang(const char *explicit_lang);

void tw_lessons_free(tw_lessons *l);

/* ---- for frontends that want the marker in the learner's language, for
 * teachers' tools and for the tests ---- */

/* Like tw_lesson_render, with the set's own "not available" marker (the
 * title of its [not-available] entry) for values the model does not have. */
char *tw_lessons_render(const tw_lessons *l, const char *text,
	const struct tw_model *m);

/* Like tw_lesson_render with an explicit marker (NULL: "(not available)"). */
char *tw_lesson_render_na(const char *text, const struct tw_model *m,
	const char *na);

/* Entries in file order: count, and entry i (NULL past the end). */
size_t tw_lessons_count(const tw_lessons *l);
const tw_lesson *tw_lessons_at(const tw_lessons *l, size_t i);

/* File and line where id was defined (NULL if absent). */
const char *tw_lessons_where(const tw_lessons *l, const char *id, int *line);

/* Every placeholder name the renderer knows, NULL-terminated. The loader
 * rejects any other {name} with file and line. */
extern const char *const tw_lesson_placeholders[];
int tw_lesson_placeholder_known(const char *name, size_t len);

/* Ids every set holds besides steps and fields: "overview", the stage ids,
 * "glossary", "not-available"; NULL-terminated. */
extern const char *const tw_lesson_extra_ids[];

/* Compare the set with the ids the program can produce. lists is a
 * NULL-terminated array of NULL-terminated id lists (e.g. tw_story_all_ids,
 * tw_dissect_all_ids, tw_lesson_extra_ids). Returns the number of problems
 * (ids without an entry, entries naming no known id); e lists them, the
 * unknown ones with file and line. */
int tw_lessons_check(const tw_lessons *l, const char *const *const *lists,
	tw_err *e);

/* The built-in languages, comma-separated ("en, zh"). */
const char *tw_lessons_builtin_langs(void);

/* Write the built-in lesson files into dir/<lang>/<name>, creating dir
 * and its language directories as needed; an existing file is never
 * overwritten (the teacher's edits). *nfiles counts the files written. */
int tw_lessons_export(const char *dir, size_t *nfiles, tw_err *e);

/* One built-in lesson file (generated from lessons/<lang>/<name> by
 * lessons/txt2c.sh); the table ends with lang == NULL. */
struct tw_lesson_file {
	const char *lang, *name, *text;
};
extern const struct tw_lesson_file tw_builtin_lesson_files[];

#endif
