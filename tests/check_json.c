/*
 * check_json.c — tlswalk --json parses back and says what the model says.
 */
#include "config.h"
#include <stdlib.h>
#include <unistd.h>
#include <jansson.h>
#include "suites.h"
#include "testutil.h"
#include "json.h"

static void
hexstr(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = 0;
}

#define GETS(obj, key) json_string_value(json_object_get((obj), (key)))
#define GETI(obj, key) json_integer_value(json_object_get((obj), (key)))

/* Walk a field tree next to its JSON form. */
static void
same_tree(const tw_field *f, json_t *j)
{
	json_t *ch = json_object_get(j, "children");
	size_t i;

	ck_assert_str_eq(GETS(j, "id"), f->id);
	ck_assert_str_eq(GETS(j, "label"), f->label);
	ck_assert_int_eq(GETI(j, "offset"), (json_int_t)f->off);
	ck_assert_int_eq(GETI(j, "length"), (json_int_t)f->len);
	ck_assert(json_is_boolean(json_object_get(j, "undecoded")));
	if (f->value)
		ck_assert_str_eq(GETS(j, "value"), f->value);
	else
		ck_assert(json_is_null(json_object_get(j, "value")));
	ck_assert(json_is_array(ch));
	ck_assert_uint_eq(json_array_size(ch), f->nchild);
	for (i = 0; i < f->nchild; i++)
		same_tree(&f->child[i], json_array_get(ch, i));
}

static void
check_doc(json_t *doc, const tw_model *m)
{
	json_t *steps, *pk, *sec, *x, *ver;
	char hx[8192];
	size_t i;

	ck_assert(json_is_object(doc));
	ck_assert_str_eq(GETS(doc, "program"), "tlswalk");
	ck_assert_int_eq(GETI(doc, "format"), TW_JSON_FORMAT);
	ck_assert_str_eq(GETS(doc, "seed"), "1");
	ck_assert(json_is_true(json_object_get(doc, "completed")));
	ck_assert_str_eq(GETS(doc, "host"), "www.example.com");
	/* both engines ran in this process */
	ck_assert_str_eq(GETS(json_object_get(doc, "source"), "kind"), "engines");

	steps = json_object_get(doc, "steps");
	ck_assert(json_is_array(steps));
	ck_assert_uint_eq(json_array_size(steps), m->story.nstep);
	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		json_t *s = json_array_get(steps, i);
		const char *b = GETS(s, "bytes");
		ck_assert_str_eq(GETS(s, "id"), st->id);
		ck_assert_int_eq(GETI(s, "number"), st->number);
		ck_assert_str_eq(GETS(s, "name"), st->name);
		ck_assert_str_eq(GETS(s, "direction"),
			st->dir == TW_C2S ? "client-to-server" : "server-to-client");
		ck_assert_uint_eq(strlen(b), 2 * st->len);
		if (st->len < sizeof hx / 2) {
			hexstr(st->bytes, st->len, hx);
			ck_assert_str_eq(b, hx);
		}
		same_tree(&m->tree[i], json_object_get(s, "fields"));
	}
	ck_assert_str_eq(GETS(json_array_get(steps, 0), "id"), "tcp-syn");
	ck_assert_str_eq(GETS(json_array_get(steps, 0), "stage"), "tcp");

	pk = json_object_get(json_object_get(doc, "tcp"), "packets");
	ck_assert_uint_eq(json_array_size(pk), m->tcp.npkt);
	for (i = 0; i < m->tcp.npkt; i++) {
		json_t *p = json_array_get(pk, i);
		ck_assert_int_eq(GETI(p, "seq"), m->tcp.pkt[i].seq);
		ck_assert_int_eq(GETI(p, "ack"), m->tcp.pkt[i].ack);
		ck_assert_int_eq(GETI(p, "flags_value"), m->tcp.pkt[i].flags);
		ck_assert_int_eq(GETI(p, "payload_length"), (json_int_t)m->tcp.pkt[i].payload_len);
		ck_assert_int_eq(GETI(p, "length"), (json_int_t)m->tcp.pkt[i].len);
	}
	/* The SYN/ACK's flags, low bit first. */
	x = json_object_get(json_array_get(pk, 1), "flags");
	ck_assert_uint_eq(json_array_size(x), 2);
	ck_assert_str_eq(json_string_value(json_array_get(x, 0)), "SYN");
	ck_assert_str_eq(json_string_value(json_array_get(x, 1)), "ACK");

	x = json_object_get(doc, "handshake");
	hexstr(m->hs.client_random, 32, hx);
	ck_assert_str_eq(GETS(x, "client_random"), hx);
	hexstr(m->hs.server_random, 32, hx);
	ck_assert_str_eq(GETS(x, "server_random"), hx);
	ck_assert_int_eq(GETI(x, "cipher_suite"), 0xc02f);
	ck_assert_int_eq(GETI(x, "named_curve"), 23);
	ck_assert_int_eq(GETI(x, "signature_algorithm"), 0x0401);
	sec = json_object_get(doc, "secrets");
	hexstr(m->hs.client_random, 32, hx);
	ck_assert_str_eq(GETS(json_object_get(sec, "client_random"), "value"), hx);
	ck_assert_str_eq(GETS(json_object_get(sec, "client_random"), "step"), "tls-client-hello");
	x = json_object_get(sec, "master_secret");
	hexstr(m->keys.ms, 48, hx);
	ck_assert_str_eq(GETS(x, "value"), hx);
	ck_assert_str_eq(GETS(x, "client_engine"), "verified");
	ck_assert_str_eq(GETS(json_object_get(x, "prf"), "label"), "master secret");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(x, "prf"), "A")),
		m->keys.ms_trace.nblocks);
	x = json_object_get(sec, "key_block");
	hexstr(m->keys.dk[0].key, m->keys.suite->key_len, hx);
	ck_assert_str_eq(GETS(x, "client_write_key"), hx);
	x = json_object_get(sec, "server_params");
	ck_assert_str_eq(GETS(x, "signature_verdict"), "verified");
	ck_assert_str_eq(GETS(x, "scalar_verdict"), "verified");
	x = json_object_get(sec, "client_finished");
	hexstr(m->keys.client_vd, 12, hx);
	ck_assert_str_eq(GETS(x, "value"), hx);
	ck_assert_str_eq(GETS(x, "verdict"), "verified");
	ck_assert_uint_eq(json_array_size(json_object_get(x, "messages")), m->keys.client_hs_nmsgs);
	x = json_object_get(doc, "decrypted_records");
	ck_assert_uint_eq(json_array_size(x), m->keys.nopened);
	{
		int get = 0;
		for (i = 0; i < json_array_size(x); i++) {
			const char *t = GETS(json_array_get(x, i), "plaintext_text");
			ck_assert_str_eq(GETS(json_array_get(x, i), "tag_verdict"), "verified");
			if (t && strncmp(t, "GET / HTTP/1.1\r\n", 16) == 0)
				get = 1;
		}
		ck_assert(get);
	}
	ver = json_object_get(doc, "verdicts");
	ck_assert(json_object_size(ver) >= 8);
	{
		const char *k;
		json_t *v;
		json_object_foreach(ver, k, v)
			ck_assert_msg(strcmp(json_string_value(v), "verified") == 0,
				"verdict %s is %s", k, json_string_value(v));
	}
}

START_TEST(json_round_trip)
{
	tw_model m;
	tw_err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	json_t *doc;
	json_error_t je;

	tu_build(&m, 1);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	tw_err_clear(&e);
	ck_assert_int_eq(tw_json_write(&m, f, &e), 0);
	fclose(f);
	doc = json_loadb(buf, len, 0, &je);
	ck_assert_msg(doc != NULL, "JSON does not parse: %s at line %d", je.text, je.line);
	check_doc(doc, &m);
	json_decref(doc);
	free(buf);
	tw_model_free(&m);
}
END_TEST

/* The program's own output, as a user gets it. */
START_TEST(json_from_the_program)
{
	tw_model m;
	FILE *p;
	json_t *doc;
	json_error_t je;
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "%s/tlswalk --json --seed 1", TW_BUILDDIR);
	if (access(TW_BUILDDIR "/tlswalk", X_OK) != 0)
		return;   /* not built yet: json_round_trip covers the code */
	tu_build(&m, 1);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	doc = json_loadf(p, 0, &je);
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_msg(doc != NULL, "JSON does not parse: %s at line %d", je.text, je.line);
	check_doc(doc, &m);
	json_decref(doc);
	tw_model_free(&m);
}
END_TEST

Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, json_round_trip);
	tcase_add_test(tc, json_from_the_program);
	suite_add_tcase(s, tc);
	return s;
}
