/*
 * field.h — a field tree: what a dissector says about a step's bytes.
 *
 * A field is data, not printing code: an id (the key of its lesson), an
 * English label, the byte range it covers within the step's bytes, its
 * value as text, and children. Invariant (enforced by tests): the leaves
 * of a step's tree cover every byte of the step exactly once, in order.
 * Bytes that cannot be decoded become one leaf with undecoded = 1.
 *
 * A builder appends children to a parent node; sizes grow as needed.
 * All functions tolerate allocation failure by setting oom in the
 * builder and returning NULL; callers check it once at the end.
 */
#ifndef TW_FIELD_H
#define TW_FIELD_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tw_field {
	const char *id;          /* stable id, e.g. "tls.record.content_type" (static) */
	char *label;             /* display label (owned), e.g. "Content Type" */
	size_t off, len;         /* byte range within the step's bytes */
	char *value;             /* value as text (owned), NULL when none */
	char *value_zh;          /* its Chinese gloss (owned), NULL: same as value */
	int undecoded;           /* 1: bytes the dissector could not decode */
	struct tw_field *child;  /* array of nchild children (owned) */
	size_t nchild;
} tw_field;

typedef struct {
	int oom;     /* set when any allocation failed */
} tw_fb;

/* Initialise *f as a node (no children). label is copied; value may be NULL. */
void tw_field_init(tw_fb *b, tw_field *f, const char *id, const char *label,
	size_t off, size_t len, const char *value);

/* Append a child to parent and return it (NULL on allocation failure).
 * value is printf-style; pass NULL for none. The returned pointer is valid
 * only until the next tw_field_add on the same parent. */
tw_field *tw_field_add(tw_fb *b, tw_field *parent, const char *id,
	const char *label, size_t off, size_t len, const char *value_fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* tw_field_add with a value in two languages: en_fmt and zh_fmt are applied
 * to the same arguments (the compiler checks both against them), so a number
 * shown in one is the number shown in the other. Use it where the value holds
 * an explanation in words; names, numbers and hex need only tw_field_add. If
 * the two formats' conversions differ (tw_field_fmt_agree), only English is
 * kept, rather than reading an argument as the wrong type. */
tw_field *tw_field_add2(tw_fb *b, tw_field *parent, const char *id,
	const char *label, size_t off, size_t len, const char *en_fmt,
	const char *zh_fmt, ...)
	__attribute__((format(printf, 7, 9))) __attribute__((format(printf, 8, 9)));

/* Append a child marked undecoded covering [off, off+len). */
tw_field *tw_field_add_undecoded(tw_fb *b, tw_field *parent, size_t off,
	size_t len, const char *why);

/* Replace f's value (printf-style). */
void tw_field_set_value(tw_fb *b, tw_field *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Replace f's value in both languages, as tw_field_add2 gives them. */
void tw_field_set_value2(tw_fb *b, tw_field *f, const char *en_fmt,
	const char *zh_fmt, ...)
	__attribute__((format(printf, 3, 5))) __attribute__((format(printf, 4, 5)));

/* The value to show: its Chinese gloss when zh and there is one, else the
 * English value (NULL when the field has none). */
const char *tw_field_value(const tw_field *f, int zh);

/* 1 if the two printf formats take the same arguments (the same conversions
 * in the same order, flags and widths aside), else 0. */
int tw_field_fmt_agree(const char *a, const char *b);

/* Check the coverage invariant of a tree: the leaves cover [root->off,
 * root->off + root->len) exactly once, in order, and every child lies
 * inside its parent. Returns 0 if it holds, else -1 and a description of
 * the first violation in why. */
int tw_field_check_coverage(const tw_field *root, char *why, size_t why_size);

/* Number of nodes in a tree (for tests and the UI). */
size_t tw_field_count(const tw_field *root);

/* Free what a field owns (not the field itself) and zero it. */
void tw_field_free(tw_field *f);

#endif
