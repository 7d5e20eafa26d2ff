/*
 * field.c — field tree building, freeing and the coverage check. See field.h.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "field.h"

static char *
vfmt(tw_fb *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		b->oom = 1;
		return NULL;
	}
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *
dup(tw_fb *b, const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		b->oom = 1;
	return d;
}

/* see field.h */
void
tw_field_init(tw_fb *b, tw_field *f, const char *id, const char *label,
	size_t off, size_t len, const char *value)
{
	memset(f, 0, sizeof *f);
	f->id = id;
	f->label = dup(b, label);
	f->off = off;
	f->len = len;
	f->value = dup(b, value);
}

/* see field.h */
tw_field *
tw_field_add(tw_fb *b, tw_field *parent, const char *id, const char *label,
	size_t off, size_t len, const char *value_fmt, ...)
{
	tw_field *c, *nc;
	va_list ap;

	nc = realloc(parent->child, (parent->nchild + 1) * sizeof *nc);
	if (nc == NULL) {
		b->oom = 1;
		return NULL;
	}
	parent->child = nc;
	c = &parent->child[parent->nchild++];
	tw_field_init(b, c, id, label, off, len, NULL);
	if (value_fmt != NULL) {
		va_start(ap, value_fmt);
		c->value = vfmt(b, value_fmt, ap);
		va_end(ap);
	}
	return c;
}

/* The next conversion of a printf format from *p, as its length modifiers
 * and letter ('*' included: it takes an argument), flags, widths and "%%"
 * skipped. Returns 0 at the end of the format. */
static int
next_conv(const char **p, char *out, size_t n)
{
	const char *s = *p;
	size_t k = 0;

	for (;;) {
		while (*s && *s != '%')
			s++;
		if (*s == 0) {
			*p = s;
			return 0;
		}
		if (s[1] == '%') {
			s += 2;
			continue;
		}
		s++;
		break;
	}
	for (; *s; s++) {
		if (strchr("-+ #0123456789.'", *s))
			continue;
		if (k + 1 < n)
			out[k++] = *s;
		if (strchr("diouxXeEfFgGaAcspn", *s)) {
			s++;
			break;
		}
	}
	out[k] = 0;
	*p = s;
	return 1;
}

/* see field.h */
int
tw_field_fmt_agree(const char *a, const char *b)
{
	char ca[16], cb[16];
	int ma, mb;

	for (;;) {
		ma = next_conv(&a, ca, sizeof ca);
		mb = next_conv(&b, cb, sizeof cb);
		if (ma != mb)
			return 0;
		if (!ma)
			return 1;
		if (strcmp(ca, cb) != 0)
			return 0;
	}
}

/* Set f's two values from one argument list: the Chinese is kept only when
 * it says something the English does not. */
static void
set2(tw_fb *b, tw_field *f, const char *en, const char *zh, va_list ap)
{
	va_list ap2;

	free(f->value);
	free(f->value_zh);
	f->value_zh = NULL;
	va_copy(ap2, ap);
	f->value = vfmt(b, en, ap2);
	va_end(ap2);
	if (zh == NULL || !tw_field_fmt_agree(en, zh))
		return;
	f->value_zh = vfmt(b, zh, ap);
	if (f->value && f->value_zh && strcmp(f->value, f->value_zh) == 0) {
		free(f->value_zh);
		f->value_zh = NULL;
	}
}

/* see field.h */
tw_field *
tw_field_add2(tw_fb *b, tw_field *parent, const char *id, const char *label,
	size_t off, size_t len, const char *en_fmt, const char *zh_fmt, ...)
{
	tw_field *c;
	va_list ap;

	if ((c = tw_field_add(b, parent, id, label, off, len, NULL)) == NULL)
		return NULL;
	va_start(ap, zh_fmt);
	set2(b, c, en_fmt, zh_fmt, ap);
	va_end(ap);
	return c;
}

/* see field.h */
void
tw_field_set_value2(tw_fb *b, tw_field *f, const char *en_fmt,
	const char *zh_fmt, ...)
{
	va_list ap;

	va_start(ap, zh_fmt);
	set2(b, f, en_fmt, zh_fmt, ap);
	va_end(ap);
}

/* see field.h */
const char *
tw_field_value(const tw_field *f, int zh)
{
	return zh && f->value_zh ? f->value_zh : f->value;
}

/* see field.h */
tw_field *
tw_field_add_undecoded(tw_fb *b, tw_field *parent, size_t off, size_t len,
	const char *why)
{
	tw_field *c = tw_field_add(b, parent, "undecoded", "Undecoded bytes",
		off, len, "%s", why ? why : "not decoded");
	if (c)
		c->undecoded = 1;
	return c;
}

/* see field.h */
void
tw_field_set_value(tw_fb *b, tw_field *f, const char *fmt, ...)
{
	va_list ap;

	free(f->value);
	free(f->value_zh);
	f->value_zh = NULL;
	va_start(ap, fmt);
	f->value = vfmt(b, fmt, ap);
	va_end(ap);
}

static int
walk(const tw_field *f, size_t *pos, char *why, size_t n)
{
	size_t i;

	if (f->nchild == 0) {
		if (f->off != *pos) {
			snprintf(why, n, "leaf '%s' starts at %zu, expected %zu (%s)",
				f->label ? f->label : f->id, f->off, *pos,
				f->off > *pos ? "gap" : "overlap");
			return -1;
		}
		*pos += f->len;
		return 0;
	}
	for (i = 0; i < f->nchild; i++) {
		const tw_field *c = &f->child[i];
		if (c->off < f->off || c->off + c->len > f->off + f->len) {
			snprintf(why, n, "'%s' [%zu+%zu] lies outside its parent '%s' [%zu+%zu]",
				c->label ? c->label : c->id, c->off, c->len,
				f->label ? f->label : f->id, f->off, f->len);
			return -1;
		}
		if (walk(c, pos, why, n) < 0)
			return -1;
	}
	if (*pos != f->off + f->len) {
		snprintf(why, n, "children of '%s' end at %zu, the field ends at %zu",
			f->label ? f->label : f->id, *pos, f->off + f->len);
		return -1;
	}
	return 0;
}

/* see field.h */
int
tw_field_check_coverage(const tw_field *root, char *why, size_t why_size)
{
	size_t pos = root->off;

	why[0] = 0;
	return walk(root, &pos, why, why_size);
}

/* see field.h */
size_t
tw_field_count(const tw_field *root)
{
	size_t i, n = 1;

	for (i = 0; i < root->nchild; i++)
		n += tw_field_count(&root->child[i]);
	return n;
}

/* see field.h */
void
tw_field_free(tw_field *f)
{
	size_t i;

	for (i = 0; i < f->nchild; i++)
		tw_field_free(&f->child[i]);
	free(f->child);
	free(f->label);
	free(f->value);
	free(f->value_zh);
	memset(f, 0, sizeof *f);
}
