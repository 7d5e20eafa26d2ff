/*
 * check_lesson.c — the lessons: every id the program can produce has text in
 * every shipped language, no entry names an unknown id, every placeholder is
 * known and rendered from the model, and malformed files are rejected with
 * file and line.
 */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <check.h>
#include "suites.h"
#include "lesson.h"
#include "terms.h"
#include "model.h"
#include "dump.h"
#include "scenario.h"
#include "testutil.h"

#ifndef TW_SRCDIR
#define TW_SRCDIR "."
#endif

/* The languages shipped in lessons/ (and built in). */
static const char *const shipped[] = { "en", "zh" };
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

/* Every id the program can produce. tw_dissect_ip_ids is listed too so the
 * TCP/IP fields are covered whether or not tw_dissect_all_ids repeats them. */
static const char *const *const all_lists[] = {
	tw_story_all_ids, tw_dissect_all_ids, tw_dissect_ip_ids, tw_lesson_extra_ids,
	tw_term_ids, NULL
};

static tw_lessons *
load_ok(const char *dir, const char *lang)
{
	tw_err e;
	tw_lessons *l;

	tw_err_clear(&e);
	l = tw_lessons_load(dir, lang, &e);
	ck_assert_msg(l != NULL, "loading %s from %s failed: %s", lang,
		dir ? dir : "the built-in set", e.msg);
	return l;
}

/* ---- coverage ---- */

static void
check_coverage(const char *dir, const char *lang)
{
	tw_lessons *l = load_ok(dir, lang);
	tw_err e;
	int n;

	tw_err_clear(&e);
	n = tw_lessons_check(l, all_lists, &e);
	ck_assert_msg(n == 0, "%s", e.msg);
	tw_lessons_free(l);
}

START_TEST(test_builtin_covers_every_id)
{
	check_coverage(NULL, shipped[_i]);
}
END_TEST

/* The files on disk are the same set as the built-in one (a stale build
 * would show old text). */
START_TEST(test_source_tree_covers_every_id)
{
	check_coverage(TW_SRCDIR "/lessons", shipped[_i]);
}
END_TEST

/* Every entry has a title and at least one bullet; step and stage entries,
 * the overview and the glossary also have a longer explanation. */
START_TEST(test_entries_have_substance)
{
	tw_lessons *l = load_ok(NULL, shipped[_i]);
	size_t i;

	for (i = 0; i < tw_lessons_count(l); i++) {
		const tw_lesson *ls = tw_lessons_at(l, i);

		/* a term is a title only (its bullets, if any, list words to avoid) */
		if (strcmp(ls->id, "not-available") == 0 || strncmp(ls->id, "term.", 5) == 0)
			continue;
		ck_assert_msg(ls->nbullets >= 1, "%s [%s]: no bullet", shipped[_i], ls->id);
	}
	/* every entry of a step id, its variants too */
	for (i = 0; i < tw_lessons_count(l); i++) {
		const tw_lesson *ls = tw_lessons_at(l, i);
		size_t j;

		for (j = 0; tw_story_all_ids[j]; j++)
			if (strcmp(ls->id, tw_story_all_ids[j]) == 0)
				break;
		if (tw_story_all_ids[j] == NULL)
			continue;
		ck_assert_msg(ls->nbullets >= 2 && ls->nbullets <= 5 && strlen(ls->body) > 100,
			"%s [%s] (entry %zu): a step needs 2 to 5 bullets and an explanation",
			shipped[_i], ls->id, i);
	}
	for (i = 0; tw_story_all_ids[i]; i++) {
		const tw_lesson *ls = tw_lessons_get(l, tw_story_all_ids[i]);

		ck_assert_msg(ls && ls->nbullets >= 2 && ls->nbullets <= 5,
			"%s [%s]: a step needs 2 to 5 bullets", shipped[_i], tw_story_all_ids[i]);
		ck_assert_msg(strlen(ls->body) > 100, "%s [%s]: no explanation",
			shipped[_i], tw_story_all_ids[i]);
	}
	tw_lessons_free(l);
}
END_TEST

/* Each language has the same entries with the same number of bullets:
 * "the English and the Chinese say the same things". */
START_TEST(test_languages_match)
{
	tw_lessons *en = load_ok(NULL, "en"), *zh = load_ok(NULL, "zh");
	size_t i;

	ck_assert_uint_eq(tw_lessons_count(en), tw_lessons_count(zh));
	for (i = 0; i < tw_lessons_count(en); i++) {
		const tw_lesson *a = tw_lessons_at(en, i);
		const tw_lesson *b = tw_lessons_get_variant(zh, a->id, a->cond);

		ck_assert_msg(b != NULL, "[%s%s%s] is in en but not in zh", a->id,
			a->cond ? " if " : "", a->cond ? a->cond : "");
		ck_assert_msg(a->nbullets == b->nbullets || strncmp(a->id, "term.", 5) == 0,
			"[%s]: en has %zu bullets, zh %zu", a->id, a->nbullets, b->nbullets);
		ck_assert_msg((a->body[0] == 0) == (b->body[0] == 0),
			"[%s]: only one language has an explanation", a->id);
	}
	tw_lessons_free(en);
	tw_lessons_free(zh);
}
END_TEST

/* The Chinese uses the terms of the reference material. */
START_TEST(test_zh_terms)
{
	static const char *const terms[] = {
		"加密组件", "客户端随机数", "服务器随机数", "公钥证书",
		"预主密钥", "主密钥", "会话密钥", "摘要"
	};
	tw_lessons *l = load_ok(NULL, "zh");
	const tw_lesson *g = tw_lessons_get(l, "glossary");
	size_t i;

	ck_assert_ptr_nonnull(g);
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++)
		ck_assert_msg(strstr(g->body, terms[i]), "zh glossary lacks %s", terms[i]);
	tw_lessons_free(l);
	/* and the term list the program names things with says the same */
	ck_assert_str_eq(tw_term(TW_T_CIPHER_SUITE, 1), "加密组件");
	ck_assert_str_eq(tw_term(TW_T_CLIENT_RANDOM, 1), "客户端随机数");
	ck_assert_str_eq(tw_term(TW_T_SERVER_RANDOM, 1), "服务器随机数");
	ck_assert_str_eq(tw_term(TW_T_CERTIFICATE, 1), "公钥证书");
	ck_assert_str_eq(tw_term(TW_T_PRE_MASTER_SECRET, 1), "预主密钥");
	ck_assert_str_eq(tw_term(TW_T_MASTER_SECRET, 1), "主密钥");
	ck_assert_str_eq(tw_term(TW_T_SESSION_KEYS, 1), "会话密钥");
	ck_assert_str_eq(tw_term(TW_T_DIGEST, 1), "摘要");
	ck_assert_str_eq(tw_term(TW_T_MESSAGE, 1), "报文");
}
END_TEST

/* Every term has a word in both languages, and a Chinese term holds no
 * English word but those its list allows (protocol and Wireshark field
 * names), so the program cannot name a thing in English in Chinese mode. */
START_TEST(test_term_list)
{
	tw_lessons *zh = load_ok(NULL, "zh");
	const tw_lesson *allow = tw_lessons_get(zh, "term.english");
	const char *list = NULL;
	size_t i;

	ck_assert_ptr_nonnull(allow);
	for (i = 0; i < allow->nbullets; i++)
		if (strncmp(allow->bullets[i], "allow: ", 7) == 0)
			list = allow->bullets[i] + 7;
	ck_assert_msg(list != NULL, "zh [term.english] has no '- allow:' bullet");
	for (i = 0; i < TW_T_COUNT; i++) {
		const char *en = tw_term((tw_term_id)i, 0), *w = tw_term((tw_term_id)i, 1);
		const char *p;

		ck_assert_msg(strcmp(en, tw_term_ids[i]) != 0 && strcmp(w, tw_term_ids[i]) != 0,
			"term %s has no word in the built-in list", tw_term_ids[i]);
		if (i == TW_T_ENGLISH)
			continue;
		for (p = w; *p; ) {
			char word[64];
			size_t n = 0;

			if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
				p++;
				continue;
			}
			while ((isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '#')
				&& n + 1 < sizeof word)
				word[n++] = *p++;
			word[n] = 0;
			{
				const char *q = list;
				size_t wl = strlen(word);
				int ok = 0;

				/* a whole item of the comma-separated list */
				while ((q = strstr(q, word)) != NULL && !ok) {
					ok = (q == list || q[-1] == ' ') && (q[wl] == ',' || q[wl] == 0);
					q += wl;
				}
				ck_assert_msg(ok, "zh term %s (\"%s\") holds the English \"%s\", "
					"not in [term.english]'s allow list", tw_term_ids[i], w, word);
			}
		}
	}
	tw_lessons_free(zh);
}
END_TEST

/* ---- a teacher's copy: written from the built-in text, then edited ---- */

static char tmpdir[64];

static void
make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/tw-lessons-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
rm_tmpdir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Write the built-in files of lang into tmpdir/lang, leaving out the entry
 * drop (NULL: none) and appending extra (NULL: none) to the last file. */
static void
write_copy(const char *lang, const char *drop, const char *extra)
{
	char path[256];
	size_t i, last = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, lang);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	for (i = 0; tw_builtin_lesson_files[i].lang; i++)
		if (strcmp(tw_builtin_lesson_files[i].lang, lang) == 0)
			last = i;
	for (i = 0; tw_builtin_lesson_files[i].lang; i++) {
		const struct tw_lesson_file *lf = &tw_builtin_lesson_files[i];
		const char *t = lf->text, *cut = NULL, *end = NULL;
		char hdr[128];

		if (strcmp(lf->lang, lang) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s/%s", tmpdir, lang, lf->name);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		if (drop) {
			snprintf(hdr, sizeof hdr, "\n[%s]\n", drop);
			cut = strstr(t, hdr);
			if (cut) {
				end = strstr(cut + 1, "\n[");
				if (end == NULL)
					end = t + strlen(t);
			}
		}
		if (cut) {
			fwrite(t, 1, (size_t)(cut - t), f);
			fputs(end, f);
		} else {
			fputs(t, f);
		}
		if (extra && i == last)
			fputs(extra, f);
		ck_assert_int_eq(fclose(f), 0);
	}
}

/* The coverage check fails, naming the id, when one entry is removed. */
START_TEST(test_missing_entry_is_reported)
{
	tw_lessons *l;
	tw_err e;

	make_tmpdir();
	write_copy("en", "tls-client-finished", NULL);
	l = load_ok(tmpdir, "en");
	ck_assert_ptr_null(tw_lessons_get(l, "tls-client-finished"));
	tw_err_clear(&e);
	ck_assert_int_eq(tw_lessons_check(l, all_lists, &e), 1);
	ck_assert_msg(strstr(e.msg, "missing: [tls-client-finished]"), "got: %s", e.msg);
	tw_lessons_free(l);
	rm_tmpdir();
}
END_TEST

/* An entry for an id the program does not know is reported with its place. */
START_TEST(test_unknown_id_is_reported)
{
	tw_lessons *l;
	tw_err e;
	char want[256];

	make_tmpdir();
	write_copy("en", NULL, "\n[tls-client-helo]\ntitle: a typo in the id\n");
	l = load_ok(tmpdir, "en");
	tw_err_clear(&e);
	ck_assert_int_eq(tw_lessons_check(l, all_lists, &e), 1);
	snprintf(want, sizeof want, "%s/en/", tmpdir);
	ck_assert_msg(strstr(e.msg, want) && strstr(e.msg, "unknown id [tls-client-helo]"),
		"got: %s", e.msg);
	tw_lessons_free(l);
	rm_tmpdir();
}
END_TEST

/* A copied and edited directory changes what is shown. */
START_TEST(test_edited_copy_is_used)
{
	tw_lessons *l;
	char path[256];
	FILE *f;

	make_tmpdir();
	write_copy("en", "tls-server-hello", "\n[tls-server-hello]\n"
		"title: Our own words for step two\n- picked: {suite_name}\n");
	l = load_ok(tmpdir, "en");
	ck_assert_str_eq(tw_lessons_get(l, "tls-server-hello")->title,
		"Our own words for step two");
	tw_lessons_free(l);
	/* A teacher's new language directory works the same way. */
	snprintf(path, sizeof path, "%s/ja", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/ja/steps.txt", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("[tls-client-hello]\ntitle: ① ClientHello — クライアントの挨拶\n", f);
	fclose(f);
	l = load_ok(tmpdir, "ja");
	ck_assert_str_eq(tw_lessons_lang(l), "ja");
	ck_assert_ptr_nonnull(tw_lessons_get(l, "tls-client-hello"));
	tw_lessons_free(l);
	rm_tmpdir();
}
END_TEST

/* ---- placeholders ---- */

/* Every {name} in every shipped file is known (the loader enforces it; this
 * scans the raw text too, so a loader bug cannot hide one). */
START_TEST(test_every_placeholder_known)
{
	size_t i;

	for (i = 0; tw_builtin_lesson_files[i].lang; i++) {
		const char *t = tw_builtin_lesson_files[i].text, *p = t;

		while ((p = strchr(p, '{')) != NULL) {
			size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_-:");

			if (p[1] == '{') {
				p += 2;
				continue;
			}
			ck_assert_msg(p[1 + n] == '}' && tw_lesson_placeholder_known(p + 1, n),
				"lessons/%s/%s: bad placeholder at \"%.20s\"",
				tw_builtin_lesson_files[i].lang, tw_builtin_lesson_files[i].name, p);
			p += 1 + n;
		}
	}
}
END_TEST

static tw_model model;
static int model_ok;

/* Build the connection of seed 1 with the server preferring suite (0: the
 * default) on group (0: secp256r1); fails the test on error. */
static void
build_with(tw_model *m, uint16_t suite, int group)
{
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	o.suite = suite;
	o.group = group;
	tw_err_clear(&e);
	ck_assert_msg(tw_model_build(m, &o, &e) == 0, "model 0x%04x/%d: %s", suite, group, e.msg);
}

static void
build_model(void)
{
	tw_options o;
	tw_err e;

	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	tw_err_clear(&e);
	model_ok = tw_model_build(&model, &o, &e) == 0;
	if (!model_ok)
		fprintf(stderr, "check_lesson: model: %s\n", e.msg);
}

static void
free_model(void)
{
	tw_model_free(&model);
}

START_TEST(test_render_live_values)
{
	char *s;

	ck_assert_msg(model_ok, "the model did not build");
	s = tw_lesson_render("{suite_name} ({suite_code}) on {curve_name}, "
		"{sig_alg_name}, {ncerts} certs, {host}{path}, {{literal}", &model);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f) on "
		"secp256r1, rsa_pkcs1_sha256, 2 certs, www.example.com/, {literal}");
	free(s);
	s = tw_lesson_render("{suite_kx}+{suite_auth}+{suite_cipher}+{suite_hash} "
		"{key_bits} {key_len}/{iv_len}/{key_block_len} {prf_hash} {server_port} {seed}",
		&model);
	ck_assert_str_eq(s, "ECDHE+RSA+AES_128_GCM+SHA256 128 16/4/40 SHA-256 443 1");
	free(s);
}
END_TEST

/* Every placeholder renders to something for a completed connection, and
 * nothing shipped keeps a raw {name} after rendering. */
START_TEST(test_render_all_placeholders)
{
	size_t i;

	tw_model *rsa = calloc(1, sizeof *rsa);

	ck_assert_msg(model_ok, "the model did not build");
	ck_assert_ptr_nonnull(rsa);
	/* TLS_RSA_WITH_AES_128_CBC_SHA256: the values only RSA key exchange
	 * (the encrypted pre-master secret) or CBC (MAC keys) have. */
	build_with(rsa, 0x003c, 0);
	for (i = 0; tw_lesson_placeholders[i]; i++) {
		char in[80], *s, *r;

		if (strcmp(tw_lesson_placeholders[i], "failed_step") == 0)
			continue;      /* a failed run's: test_render_failed_step */
		snprintf(in, sizeof in, "{%s}", tw_lesson_placeholders[i]);
		s = tw_lesson_render_na(in, &model, "NA");
		r = tw_lesson_render_na(in, rsa, "NA");
		ck_assert_msg((strcmp(s, "NA") != 0 && s[0] != '{')
			|| (strcmp(r, "NA") != 0 && r[0] != '{'),
			"{%s} has no value for seed 1, with the default suite or 0x003c",
			tw_lesson_placeholders[i]);
		free(s);
		free(r);
	}
	tw_model_free(rsa);
	free(rsa);
	for (i = 0; tw_builtin_lesson_files[i].lang; i++) {
		char *s = tw_lesson_render(tw_builtin_lesson_files[i].text, &model);

		ck_assert_msg(strstr(s, "{suite") == NULL && strstr(s, "{host}") == NULL,
			"lessons/%s/%s still has a placeholder after rendering",
			tw_builtin_lesson_files[i].lang, tw_builtin_lesson_files[i].name);
		free(s);
	}
}
END_TEST

/* {failed_step} names the step whose message the check rejected, where
 * the terminal, the page and the dump put the failure banner (the lessons
 * used to say "the step marked !!", a mark the terminal never draws). An
 * expired or wrongly named certificate is rejected when the Certificate
 * arrives: the third handshake message (RFC 5246 §7.3: ClientHello,
 * ServerHello, Certificate); with no common suite the server rejects the
 * ClientHello itself. A completed connection has no such step. */
START_TEST(test_render_failed_step)
{
	static const struct { const char *scenario, *want; } c[] = {
		{ "expired", "③ Certificate" },
		{ "wrong-host", "③ Certificate" },
		{ "no-common-suite", "① ClientHello" },
	};
	size_t i;

	ck_assert_msg(model_ok, "the model did not build");
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		tw_model *m = calloc(1, sizeof *m);
		tw_options o;
		tw_err e;
		char *s;

		ck_assert_ptr_nonnull(m);
		memset(&o, 0, sizeof o);
		o.seed = 1;
		o.seeded = 1;
		ck_assert_ptr_nonnull(tw_scenario_find(c[i].scenario));
		tw_scenario_find(c[i].scenario)->apply(&o);
		tw_err_clear(&e);
		tw_model_build(m, &o, &e);     /* a failure scenario returns -1 */
		ck_assert_msg(m->failure.failed, "%s: the run did not fail", c[i].scenario);
		s = tw_lesson_render("stopped at step {failed_step}.", m);
		ck_assert_msg(strstr(s, c[i].want) != NULL, "%s: '%s', not %s", c[i].scenario, s, c[i].want);
		free(s);
		tw_model_free(m);
		free(m);
	}
	{
		char *s = tw_lesson_render_na("{failed_step}", &model, "NA");
		ck_assert_str_eq(s, "NA");
		free(s);
	}
}
END_TEST

/* What the model does not have is marked, never made up. */
START_TEST(test_render_absent_values)
{
	tw_model *m = calloc(1, sizeof *m);
	tw_lessons *zh = load_ok(NULL, "zh");
	char *s;

	ck_assert_ptr_nonnull(m);
	s = tw_lesson_render("suite {suite_name}, curve {curve_code}, {ncerts} certs", m);
	ck_assert_str_eq(s, "suite (not available), curve (not available), (not available) certs");
	free(s);
	s = tw_lesson_render("{client_random}", NULL);
	ck_assert_str_eq(s, "(not available)");
	free(s);
	s = tw_lessons_render(zh, "{suite_name}", m);
	ck_assert_str_eq(s, tw_lessons_get(zh, "not-available")->title);
	free(s);
	/* An unknown placeholder (the loader refuses them) is left as it is. */
	s = tw_lesson_render("{nope} {", m);
	ck_assert_str_eq(s, "{nope} {");
	free(s);
	tw_lessons_free(zh);
	free(m);
}
END_TEST

/* A variant is picked for the run it is written for, and only for it:
 * TLS_RSA_WITH_AES_128_GCM_SHA256 gets the RSA ClientKeyExchange, the
 * default ECDHE run the plain entry. RFC 5246 §7.4.7.1: the RSA pre-master
 * secret is 48 bytes starting with the client's version, 03 03; there is
 * no ServerKeyExchange (§7.4.3), so the TLS steps are nine, not ten. */
START_TEST(test_variant_picked_for_rsa)
{
	tw_lessons *l = load_ok(NULL, shipped[_i]);
	tw_model *rsa = calloc(1, sizeof *rsa);
	const tw_lesson *plain, *picked;
	char *s;

	ck_assert_msg(model_ok, "the model did not build");
	ck_assert_ptr_nonnull(rsa);
	build_with(rsa, 0x009c, 0);
	plain = tw_lessons_get(l, "tls-client-key-exchange");
	ck_assert_ptr_nonnull(plain);
	ck_assert_ptr_eq(tw_lessons_pick(l, "tls-client-key-exchange", &model), plain);
	picked = tw_lessons_pick(l, "tls-client-key-exchange", rsa);
	ck_assert_ptr_nonnull(picked);
	ck_assert_msg(picked != plain, "%s: the RSA run shows the ECDHE ClientKeyExchange", shipped[_i]);
	ck_assert_ptr_eq(tw_lessons_pick(l, "tls-client-key-exchange", NULL), plain);
	s = tw_lesson_render(picked->body, rsa);
	ck_assert_msg(strstr(s, "03 03") != NULL, "%s: the RSA lesson does not show the version bytes", shipped[_i]);
	ck_assert_msg(strstr(s, "c × G") == NULL, "%s: the RSA lesson speaks of ECDHE points", shipped[_i]);
	free(s);
	s = tw_lesson_render("{pms_len} {tls_nsteps} {pre_master_secret}", rsa);
	ck_assert_msg(strncmp(s, "48 9 0303", 9) == 0, "RSA run: '%s'", s);
	free(s);
	s = tw_lesson_render("{tls_nsteps} {step:tls-client-finished} {step:tls-server-finished}", &model);
	ck_assert_str_eq(s, "10 ⑧ ⑩");
	free(s);
	s = tw_lesson_render("{step:tls-client-finished} {step:tls-server-finished}", rsa);
	ck_assert_str_eq(s, "⑦ ⑨");
	free(s);
	/* A variant replaces the plain entry's text, never its bullet count. */
	ck_assert_uint_eq(picked->nbullets, plain->nbullets);
	tw_model_free(rsa);
	free(rsa);
	tw_lessons_free(l);
}
END_TEST

/* Which variant wins must not depend on where the files came from, nor on
 * which file a variant sits in: a variant naming source= (written for where
 * the transcript came from) beats an earlier one for the key exchange, and
 * --lessons DIR reads the built-in file names in the built-in order, then
 * the others by name. */
static void
put_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/en/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_variant_precedence)
{
	tw_model *rsa = calloc(1, sizeof *rsa);
	tw_lessons *built, *copy;
	const tw_lesson *p;
	char path[256];
	size_t i;

	ck_assert_ptr_nonnull(rsa);
	build_with(rsa, 0x009c, 0);
	/* As if read from a capture: the conditions read only the model. */
	rsa->source = TW_SOURCE_CAPTURE;

	make_tmpdir();
	snprintf(path, sizeof path, "%s/en", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	/* Alphabetical order would read aa, capture, steps, zz. */
	put_file("aa.txt", "[tls-server-hello if prf=sha256]\ntitle: aa\n");
	put_file("capture.txt", "[tls-server-hello if kx=rsa]\ntitle: capture-kx\n"
		"[tls-server-hello if cipher=gcm]\ntitle: capture-gcm\n");
	put_file("steps.txt", "[tls-server-hello]\ntitle: plain\n"
		"[tls-server-hello if auth=rsa]\ntitle: steps-auth\n");
	put_file("zz.txt", "[tls-server-hello if source=capture]\ntitle: zz-source\n");
	copy = load_ok(tmpdir, "en");
	ck_assert_str_eq(tw_lessons_pick(copy, "tls-server-hello", rsa)->title, "zz-source");
	rsa->source = TW_SOURCE_ENGINES;
	ck_assert_str_eq(tw_lessons_pick(copy, "tls-server-hello", rsa)->title, "steps-auth");
	rsa->source = TW_SOURCE_CAPTURE;
	tw_lessons_free(copy);
	rm_tmpdir();

	/* The shipped set: the capture's RSA ClientKeyExchange, not the
	 * engines' one of steps.txt read earlier; and a copy of it in a
	 * directory picks the very same variant for every step. */
	built = load_ok(NULL, "en");
	p = tw_lessons_pick(built, "tls-client-key-exchange", rsa);
	ck_assert_ptr_nonnull(p->cond);
	ck_assert_str_eq(p->cond, "source=capture, kx=rsa");
	make_tmpdir();
	write_copy("en", NULL, NULL);
	copy = load_ok(tmpdir, "en");
	for (i = 0; tw_story_all_ids[i] != NULL; i++) {
		const tw_lesson *a = tw_lessons_pick(built, tw_story_all_ids[i], rsa);
		const tw_lesson *b = tw_lessons_pick(copy, tw_story_all_ids[i], rsa);

		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		ck_assert_msg((a->cond == NULL && b->cond == NULL)
			|| (a->cond && b->cond && strcmp(a->cond, b->cond) == 0),
			"%s: built in picks [%s], --lessons DIR picks [%s]", tw_story_all_ids[i],
			a->cond ? a->cond : "plain", b->cond ? b->cond : "plain");
	}
	tw_lessons_free(copy);
	rm_tmpdir();
	tw_lessons_free(built);
	tw_model_free(rsa);
	free(rsa);
}
END_TEST

/* ip=6 holds only for packets captured over IPv6 (tcp.cap.ip_version);
 * tlswalk's own run is framed as IPv4. A capture's SYN then gets the IPv6
 * variant and its HTTP request the capture's, whatever the cipher. */
START_TEST(test_variant_ip_version)
{
	tw_model *m = calloc(1, sizeof *m);
	tw_lessons *built = load_ok(NULL, shipped[_i]);
	char why[200];

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(tw_lesson_cond_check("ip=6", why, sizeof why), 0);
	ck_assert_int_eq(tw_lesson_cond_check("ip=5", why, sizeof why), -1);
	build_with(m, 0x009c, 0);
	ck_assert(tw_lesson_cond_holds("ip=4", m));
	ck_assert(!tw_lesson_cond_holds("ip=6", m));
	ck_assert_ptr_null(tw_lessons_pick(built, "tcp-syn", m)->cond);
	m->source = TW_SOURCE_CAPTURE;
	m->tcp.cap.ip_version = 6;
	ck_assert(tw_lesson_cond_holds("ip=6", m));
	ck_assert_str_eq(tw_lessons_pick(built, "tcp-syn", m)->cond, "source=capture, ip=6");
	ck_assert_str_eq(tw_lessons_pick(built, "http-request", m)->cond, "source=capture");
	tw_lessons_free(built);
	tw_model_free(m);
	free(m);
}
END_TEST

/* RFC 5246 §7.3, §7.4.9: in an abbreviated handshake the server's Finished
 * comes first and the client's Finished hashes it, so the note on a
 * handshake message cannot call the server's Finished the unhashed last
 * one there; in a full handshake it can. The order is read from the
 * messages of the run. */
START_TEST(test_variant_picked_for_resumed)
{
	tw_lessons *l = load_ok(NULL, shipped[_i]);
	tw_model *m = calloc(1, sizeof *m);
	const tw_model *r;
	const tw_lesson *plain, *picked;
	tw_options o;
	tw_err e;
	size_t i;
	int sfin = -1, cfin = -1;

	ck_assert_ptr_nonnull(m);
	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	o.resume = 1;
	tw_err_clear(&e);
	ck_assert_msg(tw_model_build(m, &o, &e) == 0, "resume: %s", e.msg);
	r = m->next;
	ck_assert_ptr_nonnull(r);
	/* Each side's Finished is its first record after its ChangeCipherSpec. */
	for (i = 0; i < r->story.nstep; i++) {
		const tw_step *st = &r->story.step[i];
		int *fin = st->dir == TW_S2C ? &sfin : &cfin;
		if (st->kind == TW_STEP_TLS && st->rec_count > 0 && *fin == -1
			&& r->wire.rec[st->rec_first].type == 22 && r->wire.rec[st->rec_first].encrypted)
			*fin = (int)i;
	}
	ck_assert(sfin >= 0 && cfin > sfin);
	plain = tw_lessons_get(l, "tls.handshake");
	ck_assert_ptr_nonnull(plain);
	ck_assert_ptr_eq(tw_lessons_pick(l, "tls.handshake", m), plain);
	picked = tw_lessons_pick(l, "tls.handshake", r);
	ck_assert_msg(picked != plain, "%s: the resumed handshake calls the server's Finished hashed by none",
		shipped[_i]);
	ck_assert_uint_eq(picked->nbullets, plain->nbullets);
	if (strcmp(shipped[_i], "en") == 0)
		ck_assert(strstr(picked->body, "the server's Finished, the last") == NULL);
	tw_model_free(m);
	free(m);
	tw_lessons_free(l);
}
END_TEST

/* Each suite family, group and key exchange: the step, stage and overview
 * texts the run picks have a value for every placeholder, so no sentence
 * on screen speaks of a value this kind of connection does not have
 * (an ECDHE point in an RSA run, a write IV in a CBC run). */
static const struct { uint16_t suite; int group; } runs[] = {
	{ 0, 0 }, { 0x009c, 0 }, { 0x003c, 0 }, { 0x002f, 0 }, { 0xc0a0, 0 },
	{ 0xc09c, 0 }, { 0xcca8, 0 }, { 0xc027, 0 }, { 0xc013, 0 }, { 0xc030, 0 },
	{ 0, 29 }, { 0xc027, 29 }, { 0, 24 },
	/* secp521r1 (25) is left out while its key schedule disagrees with the
	 * engines: its Finished values are then rightly not available. */
};

START_TEST(test_every_run_has_its_values)
{
	static const char *const extra[] = {
		"overview", "stage-tcp", "stage-tls", "stage-http", "stage-close", "glossary", NULL
	};
	tw_model *m = calloc(1, sizeof *m);
	size_t li, i, b;

	ck_assert_ptr_nonnull(m);
	build_with(m, runs[_i].suite, runs[_i].group);
	for (li = 0; li < NSHIPPED; li++) {
		tw_lessons *l = load_ok(NULL, shipped[li]);

		for (i = 0; i < m->story.nstep + 6; i++) {
			const char *id = i < m->story.nstep ? m->story.step[i].id
				: extra[i - m->story.nstep];
			const tw_lesson *ls = tw_lessons_pick(l, id, m);
			char *s;

			ck_assert_msg(ls != NULL, "%s: no entry [%s]", shipped[li], id);
			for (b = 0; b <= ls->nbullets + 1; b++) {
				const char *t = b == 0 ? ls->title
					: b <= ls->nbullets ? ls->bullets[b - 1] : ls->body;

				s = tw_lesson_render_na(t, m, "\x01NA");
				ck_assert_msg(strstr(s, "\x01NA") == NULL,
					"%s [%s] for suite 0x%04x group %d has a value it lacks: %s",
					shipped[li], id, runs[_i].suite, runs[_i].group, s);
				free(s);
			}
		}
		tw_lessons_free(l);
	}
	tw_model_free(m);
	free(m);
}
END_TEST

/* ---- the dump shows the chosen language ---- */

static char *
dump_in(const char *lang)
{
	tw_lessons *l = load_ok(NULL, lang);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	tw_dump(&model, l, f);
	fclose(f);
	tw_lessons_free(l);
	return buf;
}

START_TEST(test_dump_in_each_language)
{
	char *en, *zh;

	ck_assert_msg(model_ok, "the model did not build");
	en = dump_in("en");
	zh = dump_in("zh");
	ck_assert_ptr_nonnull(strstr(en, "ClientHello — the client says what it can do"));
	ck_assert_ptr_null(strstr(en, "客户端随机数"));
	ck_assert_ptr_nonnull(strstr(zh, "ClientHello — 客户端说明自己的能力"));
	ck_assert_ptr_nonnull(strstr(zh, "客户端随机数"));
	ck_assert_ptr_nonnull(strstr(zh, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
	ck_assert_ptr_null(strstr(zh, "{suite_name}"));
	free(en);
	free(zh);
}
END_TEST

/* ---- the parser rejects malformed files with file:line ---- */

static const struct {
	const char *name;      /* tests/data/lessons-bad/<name>/en/ */
	const char *where;     /* file:line expected at the start of the error */
	const char *what;      /* and this in the sentence */
} bad[] = {
	{ "unknown-key", "lesson.txt:3: ", "unknown key 'summary'" },
	{ "no-title", "lesson.txt:2: ", "has no title" },
	{ "duplicate-id", "b.txt:2: ", "duplicate id [overview] (first defined at" },
	{ "text-before-id", "lesson.txt:2: ", "text before the first [id]" },
	{ "invalid-utf8", "lesson.txt:3: ", "invalid UTF-8" },
	{ "unterminated-placeholder", "lesson.txt:2: ", "unterminated placeholder" },
	{ "unknown-placeholder", "lesson.txt:3: ", "unknown placeholder {hots}" },
	{ "uppercase-placeholder", "lesson.txt:3: ", "unknown placeholder {HOST}: placeholders are lower case" },
	{ "empty-file", "lesson.txt:1: ", "empty file" },
	{ "malformed-id", "lesson.txt:3: ", "malformed id" },
};

START_TEST(test_malformed_rejected)
{
	char dir[512], want[600];
	tw_err e;
	tw_lessons *l;

	snprintf(dir, sizeof dir, "%s/tests/data/lessons-bad/%s", TW_SRCDIR, bad[_i].name);
	tw_err_clear(&e);
	l = tw_lessons_load(dir, "en", &e);
	ck_assert_msg(l == NULL, "%s: accepted", bad[_i].name);
	snprintf(want, sizeof want, "%s/en/%s", dir, bad[_i].where);
	ck_assert_msg(strncmp(e.msg, want, strlen(want)) == 0,
		"%s: expected the error to start with '%s', got '%s'", bad[_i].name, want, e.msg);
	ck_assert_msg(strstr(e.msg, bad[_i].what), "%s: expected '%s' in '%s'",
		bad[_i].name, bad[_i].what, e.msg);
}
END_TEST

START_TEST(test_bad_lang_and_dir)
{
	tw_err e;

	tw_err_clear(&e);
	ck_assert_ptr_null(tw_lessons_load(NULL, "../en", &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "--lang '../en'"));
	tw_err_clear(&e);
	ck_assert_ptr_null(tw_lessons_load(NULL, "xx", &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "built in: en, zh"));
	tw_err_clear(&e);
	ck_assert_ptr_null(tw_lessons_load("/nonexistent-dir", "en", &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "/nonexistent-dir/en"));
}
END_TEST

START_TEST(test_pick_lang)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "zh_CN.UTF-8", 1);
	ck_assert_str_eq(tw_lessons_pick_lang(NULL), "zh");
	ck_assert_str_eq(tw_lessons_pick_lang("ja"), "ja");
	setenv("LC_ALL", "de_DE.UTF-8", 1);
	ck_assert_str_eq(tw_lessons_pick_lang(NULL), "en");
	setenv("LC_ALL", "zh_TW.UTF-8", 1);
	ck_assert_str_eq(tw_lessons_pick_lang(""), "zh");
	unsetenv("LC_ALL");
	unsetenv("LANG");
	ck_assert_str_eq(tw_lessons_pick_lang(NULL), "en");
}
END_TEST

/* Body, bullets and continuation lines parse as the format says. */
START_TEST(test_format_details)
{
	tw_lessons *l;
	const tw_lesson *ls;
	char path[256];
	FILE *f;

	make_tmpdir();
	snprintf(path, sizeof path, "%s/en", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/en/x.txt", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("\xef\xbb\xbf# comment\r\n\n[overview]\ntitle:  Spaces trimmed  \n"
		"- one\n  continued\n\n- two\n\nBody line one.\n- not a bullet in the body\n"
		"\n\n", f);
	fclose(f);
	l = load_ok(tmpdir, "en");
	ls = tw_lessons_get(l, "overview");
	ck_assert_str_eq(ls->title, "Spaces trimmed");
	ck_assert_uint_eq(ls->nbullets, 2);
	ck_assert_str_eq(ls->bullets[0], "one continued");
	ck_assert_str_eq(ls->bullets[1], "two");
	ck_assert_str_eq(ls->body, "Body line one.\n- not a bullet in the body");
	{
		int line = 0;

		ck_assert_ptr_nonnull(strstr(tw_lessons_where(l, "overview", &line), "/en/x.txt"));
		ck_assert_int_eq(line, 3);
	}
	tw_lessons_free(l);
	rm_tmpdir();
}
END_TEST

/* ---- hostile directories: bounded, regular files only, linear time ---- */

/* Load tmpdir/en and expect failure with want in the message, at once. */
static void
expect_refused(const char *want)
{
	tw_err e;
	time_t t0 = time(NULL);

	tw_err_clear(&e);
	ck_assert_ptr_null(tw_lessons_load(tmpdir, "en", &e));
	ck_assert_msg(strstr(e.msg, want) != NULL, "expected '%s' in '%s'", want, e.msg);
	ck_assert_msg(time(NULL) - t0 < 5, "refusing took %ld s", (long)(time(NULL) - t0));
}

START_TEST(test_special_files_refused)
{
	char path[256];

	make_tmpdir();
	write_copy("en", NULL, NULL);
	/* A FIFO named x.txt used to block forever in open(). */
	snprintf(path, sizeof path, "%s/en/x.txt", tmpdir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	expect_refused("/en/x.txt: is a FIFO (named pipe), not a regular file");
	ck_assert_int_eq(unlink(path), 0);
	/* A directory said only "read error". */
	ck_assert_int_eq(mkdir(path, 0700), 0);
	expect_refused("/en/x.txt: is a directory, not a regular file");
	ck_assert_int_eq(rmdir(path), 0);
	/* A link to /dev/zero grew to gigabytes. */
	ck_assert_int_eq(symlink("/dev/zero", path), 0);
	expect_refused("/en/x.txt: is a character device, not a regular file");
	ck_assert_int_eq(unlink(path), 0);
	/* A regular file larger than any lesson set. */
	{
		FILE *f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fseek(f, 5L << 20, SEEK_SET), 0);
		fputc('\n', f);
		ck_assert_int_eq(fclose(f), 0);
	}
	expect_refused("/en/x.txt: file is larger than");
	rm_tmpdir();
}
END_TEST

/* Seconds to load a generated file of n entries (each with bullets
 * bullets, and one bullet continued over cont lines). */
static double
time_generated(size_t n, size_t bullets, size_t cont)
{
	char path[256];
	struct timespec t0, t1;
	tw_lessons *l;
	size_t i, k;
	FILE *f;

	make_tmpdir();
	snprintf(path, sizeof path, "%s/en", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/en/gen.txt", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < n; i++) {
		fprintf(f, "[id-%zu]\ntitle: T\n", i);
		for (k = 0; k < bullets; k++)
			fputs("- b\n", f);
		for (k = 0; k < cont; k++)
			fputs("  more\n", f);
	}
	ck_assert_int_eq(fclose(f), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	l = load_ok(tmpdir, "en");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_uint_eq(tw_lessons_count(l), n);
	ck_assert_ptr_nonnull(tw_lessons_get(l, "id-0"));
	ck_assert_uint_eq(tw_lessons_get(l, "id-0")->nbullets, bullets);
	tw_lessons_free(l);
	rm_tmpdir();
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* 80,000 entries took 20 s and 100,000 bullets 43 s: the parser was
 * quadratic. Ten times the input must take about ten times as long, not a
 * hundred (the ratio allows for a noisy machine), or be quick anyway: a
 * small case of a few milliseconds is too short to time reliably. */
#define LINEAR(a, b) ((b) < 2.0 || (b) / (a) < 40)
START_TEST(test_parse_time_linear)
{
	size_t big = tu_iters(80000);
	double a, b;

	a = time_generated(big / 10, 1, 0) + 1e-3;
	b = time_generated(big, 1, 0);
	ck_assert_msg(LINEAR(a, b), "entries: %zu took %.3f s, %zu took %.3f s", big / 10, a, big, b);
	a = time_generated(1, big / 10, 0) + 1e-3;
	b = time_generated(1, big, 0);
	ck_assert_msg(LINEAR(a, b), "bullets: %zu took %.3f s, %zu took %.3f s", big / 10, a, big, b);
	a = time_generated(1, 1, big / 10) + 1e-3;
	b = time_generated(1, 1, big);
	ck_assert_msg(LINEAR(a, b), "continuations: %zu took %.3f s, %zu took %.3f s", big / 10, a, big, b);
}
END_TEST

Suite *
lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc = tcase_create("files");
	TCase *tm = tcase_create("model");

	tcase_add_loop_test(tc, test_builtin_covers_every_id, 0, (int)NSHIPPED);
	tcase_add_loop_test(tc, test_source_tree_covers_every_id, 0, (int)NSHIPPED);
	tcase_add_loop_test(tc, test_entries_have_substance, 0, (int)NSHIPPED);
	tcase_add_test(tc, test_languages_match);
	tcase_add_test(tc, test_zh_terms);
	tcase_add_test(tc, test_term_list);
	tcase_add_test(tc, test_missing_entry_is_reported);
	tcase_add_test(tc, test_unknown_id_is_reported);
	tcase_add_test(tc, test_edited_copy_is_used);
	tcase_add_test(tc, test_every_placeholder_known);
	tcase_add_loop_test(tc, test_malformed_rejected, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_bad_lang_and_dir);
	tcase_add_test(tc, test_pick_lang);
	tcase_add_test(tc, test_format_details);
	tcase_add_test(tc, test_render_absent_values);
	tcase_add_test(tc, test_special_files_refused);
	tcase_add_test(tc, test_parse_time_linear);
	suite_add_tcase(s, tc);

	tcase_add_unchecked_fixture(tm, build_model, free_model);
	tcase_add_test(tm, test_render_live_values);
	tcase_add_test(tm, test_render_all_placeholders);
	tcase_add_test(tm, test_render_failed_step);
	tcase_add_test(tm, test_dump_in_each_language);
	tcase_add_loop_test(tm, test_variant_picked_for_rsa, 0, (int)NSHIPPED);
	tcase_add_test(tm, test_variant_precedence);
	tcase_add_loop_test(tm, test_variant_ip_version, 0, (int)NSHIPPED);
	tcase_add_loop_test(tm, test_variant_picked_for_resumed, 0, (int)NSHIPPED);
	tcase_add_loop_test(tm, test_every_run_has_its_values, 0,
		(int)(sizeof runs / sizeof runs[0]));
	suite_add_tcase(s, tm);
	return s;
}
