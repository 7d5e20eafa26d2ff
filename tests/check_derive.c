/*
 * check_derive.c — the derivations as the secrets list lays them out
 * (secrets.h): the PRF seeds cut into named parts, the key block cut into
 * its slices, the messages each handshake hash covers, the Diffie-Hellman
 * computation from both sides, and each value linked to the bytes it came
 * from. Every expectation is recomputed here: the seeds from the randoms
 * and RFC 5246's labels, the slice sizes from RFC 5246 / 5288 / 7905's
 * tables written below, the hashes and PRFs and c × G with BearSSL
 * directly (not the program's own wrappers).
 */
#include "config.h"
#include <bearssl.h>
#include "suites.h"
#include "testutil.h"
#include "ui_logic.h"
#include "ui_secrets.h"

static tw_model model;
static int built;

static void
build_default(void)
{
	if (!built)
		tu_build(&model, 1);
	built = 1;
}

static void
free_default(void)
{
	if (built)
		tw_model_free(&model);
	built = 0;
}

static const tw_sline *
line_of_kind(const tw_model *m, const char *item, tw_sline_kind kind)
{
	const tw_secret *it = tw_secrets_find(&m->secrets, item);
	size_t j;

	ck_assert_msg(it != NULL, "no secret %s", item);
	for (j = 0; j < it->nline; j++)
		if (it->line[j].kind == kind)
			return &it->line[j];
	ck_abort_msg("secret %s has no line of kind %d", item, (int)kind);
	return NULL;
}

/* The seed of a PRF line is label ‖ the parts named, at the offsets said. */
static void
assert_seed(const tw_sline *l, const char *label, const char *const names[],
	const uint8_t *const values[], size_t n)
{
	const tw_prf_trace *t = l->prf;
	uint8_t seed[256];
	size_t i, off = strlen(label);

	memcpy(seed, label, off);
	ck_assert_uint_eq(l->npart, n + 1);
	ck_assert_str_eq(l->part[0].key, "label");
	ck_assert_uint_eq(l->part[0].off, 0);
	ck_assert_uint_eq(l->part[0].len, strlen(label));
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(l->part[i + 1].key, names[i]);
		ck_assert_uint_eq(l->part[i + 1].off, off);
		ck_assert_uint_eq(l->part[i + 1].len, 32);
		memcpy(seed + off, values[i], 32);
		off += 32;
	}
	ck_assert_uint_eq(t->seed_len, off);
	tu_assert_bytes(t->seed, seed, off);
}

/* master secret: "master secret" (13 bytes) ‖ client random ‖ server
 * random; key block: "key expansion" ‖ server random ‖ client random
 * (RFC 5246 §8.1 and §6.3: the order is reversed). */
START_TEST(seed_parts)
{
	const char *const ms_names[] = { "client_random", "server_random" };
	const char *const kb_names[] = { "server_random", "client_random" };
	const uint8_t *ms_vals[2], *kb_vals[2];
	const tw_sline *l;

	build_default();
	ms_vals[0] = kb_vals[1] = model.hs.client_random;
	ms_vals[1] = kb_vals[0] = model.hs.server_random;
	l = line_of_kind(&model, "master_secret", TW_SL_PRF);
	ck_assert_uint_eq(l->part[0].len, 13);
	assert_seed(l, "master secret", ms_names, ms_vals, 2);
	l = line_of_kind(&model, "key_block", TW_SL_PRF);
	assert_seed(l, "key expansion", kb_names, kb_vals, 2);
	/* A Finished's seed: its label (15 bytes) ‖ the handshake hash. */
	l = line_of_kind(&model, "client_finished", TW_SL_PRF);
	ck_assert_uint_eq(l->npart, 2);
	ck_assert_uint_eq(l->part[0].len, 15);
	ck_assert_uint_eq(l->part[1].off, 15);
	ck_assert_uint_eq(l->part[1].len, 32);
	tu_assert_bytes(l->prf->seed + 15, model.keys.client_hs_hash, 32);
}
END_TEST

/* Key material sizes per suite, from the RFCs' tables: RFC 5246
 * Appendix C (CBC: MAC key = the MAC's output, no fixed IV in TLS 1.2),
 * RFC 5288 §3 (GCM: 4-byte salt), RFC 7905 §2 (ChaCha20: 12-byte IV). */
static const struct {
	uint16_t id;
	int ecdsa;
	size_t mac, key, iv;
} rfc[] = {
	{ 0xc02f, 0, 0, 16, 4 },    /* ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
	{ 0xc030, 0, 0, 32, 4 },    /* ECDHE_RSA_WITH_AES_256_GCM_SHA384 */
	{ 0xcca9, 1, 0, 32, 12 },   /* ECDHE_ECDSA_WITH_CHACHA20_POLY1305 */
	{ 0xc013, 0, 20, 16, 0 },   /* ECDHE_RSA_WITH_AES_128_CBC_SHA */
	{ 0x003c, 0, 32, 16, 0 },   /* RSA_WITH_AES_128_CBC_SHA256 */
	{ 0x009c, 0, 0, 16, 4 },    /* RSA_WITH_AES_128_GCM_SHA256 */
};

START_TEST(key_block_slices)
{
	static const char *const order[] = { "client_write_mac_key", "server_write_mac_key",
		"client_write_key", "server_write_key", "client_write_iv", "server_write_iv" };
	tw_model m;
	tw_options o;
	const tw_sline *kb;
	size_t want[6], i, k = 0, off = 0;

	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	o.suite = rfc[_i].id;
	o.cert_type = rfc[_i].ecdsa ? TW_CERT_ECDSA : TW_CERT_RSA;
	tu_build_opts(&m, &o, "suite");
	want[0] = want[1] = rfc[_i].mac;
	want[2] = want[3] = rfc[_i].key;
	want[4] = want[5] = rfc[_i].iv;
	kb = tw_secrets_line(&m.secrets, "key_block", "key_block");
	ck_assert_ptr_nonnull(kb);
	ck_assert_uint_eq(kb->len, 2 * (rfc[_i].mac + rfc[_i].key + rfc[_i].iv));
	/* In RFC 5246 §6.3's order, contiguous, zero-length slices left out;
	 * each slice's own line holds exactly those bytes of the key block. */
	for (i = 0; i < 6; i++) {
		const tw_sline *sl;
		if (want[i] == 0)
			continue;
		ck_assert_uint_lt(k, kb->npart);
		ck_assert_str_eq(kb->part[k].key, order[i]);
		ck_assert_uint_eq(kb->part[k].off, off);
		ck_assert_uint_eq(kb->part[k].len, want[i]);
		sl = tw_secrets_line(&m.secrets, "key_block", order[i]);
		ck_assert_ptr_nonnull(sl);
		ck_assert_uint_eq(sl->len, want[i]);
		tu_assert_bytes(sl->bytes, kb->bytes + off, want[i]);
		ck_assert_int_eq(sl->hue, kb->part[k].hue);
		/* Enter on a slice goes to the key block line. */
		ck_assert_str_eq(sl->src.item, "key_block");
		ck_assert_str_eq(sl->src.key, "key_block");
		off += want[i];
		k++;
	}
	ck_assert_uint_eq(k, kb->npart);
	ck_assert_uint_eq(off, kb->len);
	tw_model_free(&m);
}
END_TEST

/* The messages listed for each Finished, with their lengths, are exactly
 * the bytes hashed: SHA-256 over them (BearSSL), then BearSSL's own TLS
 * 1.2 PRF, gives the verify_data the Finished carried. */
START_TEST(finished_inputs)
{
	static const char *const items[] = { "client_finished", "server_finished" };
	static const char *const labels[] = { "client finished", "server finished" };
	size_t side;

	build_default();
	for (side = 0; side < 2; side++) {
		const tw_sline *l = line_of_kind(&model, items[side], TW_SL_MSGS);
		const tw_secret *it = tw_secrets_find(&model.secrets, items[side]);
		br_sha256_context h;
		br_tls_prf_seed_chunk chunk;
		uint8_t hash[32], vd[12];
		size_t i, total = 0;

		br_sha256_init(&h);
		ck_assert_uint_eq(l->nmsg, l->nmsgs + (l->plus_fin ? 1 : 0));
		for (i = 0; i < l->nmsg; i++) {
			const tw_smsg *sm = &l->msg[i];
			const tw_step *st;
			ck_assert_int_ge(sm->step, 0);
			st = &model.story.step[sm->step];
			if (!sm->decrypted) {
				const tw_hs_msg *hm = &model.hs.msg[l->msgs[i]];
				ck_assert_uint_eq(sm->len, hm->len);
				/* The link lands on the message's header in its step. */
				tu_assert_bytes(st->bytes + sm->off, hm->bytes, 4);
				br_sha256_update(&h, hm->bytes, hm->len);
			} else {
				/* The client's Finished, as the server decrypted it. */
				const tw_opened *op = tw_keys_opened(&model.keys, st->rec_first);
				ck_assert_ptr_nonnull(op);
				ck_assert_uint_eq(sm->len, 16);
				ck_assert_uint_eq(op->plain_len, 16);
				br_sha256_update(&h, op->plain, 16);
			}
			total += sm->len;
		}
		ck_assert_uint_eq(total, l->msg_total);
		br_sha256_out(&h, hash);
		chunk.data = hash;
		chunk.len = 32;
		br_tls12_sha256_prf(vd, 12, model.keys.ms, 48, labels[side], 1, &chunk);
		tu_assert_bytes(it->value, vd, 12);
	}
}
END_TEST

/* Each value points at the bytes it was taken from. */
START_TEST(value_sources)
{
	const tw_sline *l;
	const tw_step *st;

	build_default();
	l = tw_secrets_line(&model.secrets, "client_random", "value");
	ck_assert_int_eq(l->src.step, tw_story_find(&model.story, "tls-client-hello"));
	st = &model.story.step[l->src.step];
	ck_assert_uint_eq(l->src.len, 32);
	tu_assert_bytes(st->bytes + l->src.off, model.hs.client_random, 32);
	l = tw_secrets_line(&model.secrets, "server_params", "public_point");
	ck_assert_int_eq(l->src.step, tw_story_find(&model.story, "tls-server-key-exchange"));
	st = &model.story.step[l->src.step];
	tu_assert_bytes(st->bytes + l->src.off, model.hs.server_point, model.hs.server_point_len);
	l = tw_secrets_line(&model.secrets, "client_params", "public_point");
	st = &model.story.step[l->src.step];
	ck_assert_str_eq(st->id, "tls-client-key-exchange");
	tu_assert_bytes(st->bytes + l->src.off, model.hs.client_point, model.hs.client_point_len);
	/* verify_data: the 12 bytes of the Finished step that encrypt it. */
	l = tw_secrets_line(&model.secrets, "client_finished", "value");
	ck_assert_int_eq(l->src.step, tw_story_find(&model.story, "tls-client-finished"));
	ck_assert_uint_eq(l->src.len, 12);
}
END_TEST

/* c × G and s × G are the public values sent; c × S = s × C; all with
 * BearSSL's EC code directly, for P-256 (23) and x25519 (29). */
START_TEST(dh_both_sides)
{
	static const int groups[] = { 23, 29 };
	const br_ec_impl *ec = br_ec_get_default();
	tw_model m;
	tw_options o;
	int g = groups[_i];
	const tw_engine_facts *cf, *sf;
	uint8_t pub[133], pt[133];
	size_t n, xoff, xlen;

	memset(&o, 0, sizeof o);
	o.seed = 3;
	o.seeded = 1;
	o.group = g;
	tu_build_opts(&m, &o, "group");
	ck_assert_int_eq(m.hs.curve, g);
	cf = &m.wire.fact[TW_C2S];
	sf = &m.wire.fact[TW_S2C];
	ck_assert_uint_gt(cf->scalar_len, 0);
	ck_assert_uint_gt(sf->scalar_len, 0);
	n = ec->mulgen(pub, cf->scalar, cf->scalar_len, g);
	ck_assert_uint_eq(n, m.hs.client_point_len);
	tu_assert_bytes(pub, m.hs.client_point, n);
	n = ec->mulgen(pub, sf->scalar, sf->scalar_len, g);
	ck_assert_uint_eq(n, m.hs.server_point_len);
	tu_assert_bytes(pub, m.hs.server_point, n);
	ck_assert_int_eq(m.keys.client_scalar, TW_V_OK);
	ck_assert_int_eq(m.keys.server_scalar, TW_V_OK);
	/* The client's c × S … */
	memcpy(pt, m.hs.server_point, m.hs.server_point_len);
	ck_assert(ec->mul(pt, m.hs.server_point_len, cf->scalar, cf->scalar_len, g));
	xoff = ec->xoff(g, &xlen);
	ck_assert_uint_eq(m.keys.pms_client_side_len, xlen);
	tu_assert_bytes(m.keys.pms_client_side, pt + xoff, xlen);
	/* … and the server's s × C, the same secret. */
	memcpy(pt, m.hs.client_point, m.hs.client_point_len);
	ck_assert(ec->mul(pt, m.hs.client_point_len, sf->scalar, sf->scalar_len, g));
	ck_assert_uint_eq(m.keys.pms_server_side_len, xlen);
	tu_assert_bytes(m.keys.pms_server_side, pt + xoff, xlen);
	tu_assert_bytes(m.keys.pms, pt + xoff, xlen);
	ck_assert_int_eq(m.keys.pms_sides, TW_V_OK);
	/* The secrets list shows both, and their agreement. */
	ck_assert_ptr_nonnull(tw_secrets_line(&m.secrets, "pre_master_secret", "client_computes"));
	ck_assert_ptr_nonnull(tw_secrets_line(&m.secrets, "pre_master_secret", "server_computes"));
	ck_assert_int_eq(tw_secrets_line(&m.secrets, "pre_master_secret", "sides_agree")->v, TW_V_OK);
	tw_model_free(&m);
}
END_TEST

/* The index of the document line showing model line l, or -1. */
static int
doc_line(const tw_doc *d, const tw_sline *l)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->line[i].from == l)
			return (int)i;
	return -1;
}

/* Enter in the Secrets pane: on the client random at ①, to ①'s Random
 * field, selected; on a record's key, to that key's slice at ⑥. */
/* At a width where the client Finished's 32-byte handshake hash does not
 * fit on one row of the seed, the rest of it begins the next row; it never
 * trails a row after a space, where it would read as a part of its own.
 * Every coloured stretch of the hash that is not its start begins a row
 * (after the 6-column indent). The hash is read from the PRF's own seed. */
START_TEST(part_rows_wrap_alone)
{
	const tw_sline *l;
	tw_doc d;
	char hex[65];
	size_t i, k, cont = 0;
	int fin;

	build_default();
	fin = tw_story_find(&model.story, "tls-client-finished");
	l = line_of_kind(&model, "client_finished", TW_SL_PRF);
	ck_assert_uint_ge(l->prf->seed_len, 15 + 32);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", l->prf->seed[15 + i]);
	tw_doc_init(&d);
	/* 71 columns: the pane cuts the hash into rows of 31 bytes, which
	 * leaves room for the last byte after a space on the same row. */
	tw_ui_secrets(&model, fin, 0, 0, 71, &d);
	for (i = 0; i < d.n; i++)
		for (k = 0; k < d.line[i].nspan; k++) {
			const tw_dspan *sp = &d.line[i].span[k];
			char piece[80];
			const char *at;

			if (sp->hue != TW_HUE_HASH || sp->len >= sizeof piece)
				continue;
			memcpy(piece, d.line[i].text + sp->off, sp->len);
			piece[sp->len] = 0;
			at = strstr(hex, piece);
			if (at == NULL || at == hex)
				continue;
			cont++;
			ck_assert_msg(sp->off == 6, "the hash's bytes from %d trail a row: '%s'",
				(int)(at - hex) / 2, d.line[i].text);
		}
	ck_assert_msg(cont >= 1, "the hash did not wrap at width 71");
	tw_doc_free(&d);
}
END_TEST

START_TEST(enter_follows)
{
	tw_ui_state s;
	tw_doc d;
	const tw_field *f;
	int ch, i;
	const tw_secret *rec = NULL;
	size_t k;

	build_default();
	ch = tw_story_find(&model.story, "tls-client-hello");
	ck_assert_int_eq(tw_ui_state_init(&s, &model, ch), 0);
	s.focus = s.tab = TW_PANE_SECRETS;
	tw_doc_init(&d);
	tw_ui_secrets(&model, ch, 0, 0, 60, &d);
	s.scur = doc_line(&d, tw_secrets_line(&model.secrets, "client_random", "value"));
	ck_assert_int_ge(s.scur, 0);
	ck_assert_int_eq(tw_ui_secrets_follow(&s, &d, 0, 60), 1);
	tw_doc_free(&d);
	ck_assert_int_eq(s.step, ch);
	ck_assert_int_eq(s.focus, TW_PANE_FIELDS);
	f = tw_ui_selected_field(&s);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->id, "tls.hello.random");
	ck_assert_uint_eq(s.hcur, f->off);
	tu_assert_bytes(model.story.step[ch].bytes + f->off, model.hs.client_random, 32);

	/* The first record opened with the client write key. */
	for (k = 0; k < model.secrets.n && rec == NULL; k++)
		if (strncmp(model.secrets.item[k].id, "record-", 7) == 0
			&& tw_secrets_line(&model.secrets, model.secrets.item[k].id, "key")
			&& model.wire.rec[atoi(model.secrets.item[k].id + 7)].dir == TW_C2S)
			rec = &model.secrets.item[k];
	ck_assert_ptr_nonnull(rec);
	tw_ui_goto(&s, rec->step);
	s.focus = s.tab = TW_PANE_SECRETS;
	tw_doc_init(&d);
	tw_ui_secrets(&model, rec->step, 1, 0, 60, &d);
	s.zh = 1;
	s.scur = doc_line(&d, tw_secrets_line(&model.secrets, rec->id, "key"));
	ck_assert_int_ge(s.scur, 0);
	ck_assert_int_eq(tw_ui_secrets_follow(&s, &d, 0, 60), 1);
	tw_doc_free(&d);
	ck_assert_int_eq(s.step, tw_story_find(&model.story, "tls-client-key-exchange"));
	ck_assert_int_eq(s.focus, TW_PANE_SECRETS);
	tw_doc_init(&d);
	tw_ui_secrets(&model, s.step, 1, 0, 60, &d);
	i = doc_line(&d, tw_secrets_line(&model.secrets, "key_block", "client_write_key"));
	ck_assert_int_eq(s.scur, i);
	/* That line is drawn in the client write key's hue, as is the record's. */
	ck_assert_uint_ge(d.line[i].nspan, 1);
	ck_assert_int_eq(d.line[i].span[0].hue, TW_HUE_CLIENT_KEY);
	tw_doc_free(&d);
	/* A line with no source says so and stays. */
	tw_doc_init(&d);
	tw_ui_secrets(&model, s.step, 1, 0, 60, &d);
	s.scur = 0;
	i = s.step;
	ck_assert_int_eq(tw_ui_secrets_follow(&s, &d, 0, 60), 0);
	ck_assert_int_eq(s.step, i);
	ck_assert(s.message[0] != 0);
	tw_doc_free(&d);
	tw_ui_state_free(&s);
}
END_TEST

Suite *
derive_suite(void)
{
	Suite *s = suite_create("derive");
	TCase *tc = tcase_create("derive");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, NULL, free_default);
	tcase_add_test(tc, seed_parts);
	tcase_add_loop_test(tc, key_block_slices, 0, (int)(sizeof rfc / sizeof rfc[0]));
	tcase_add_test(tc, finished_inputs);
	tcase_add_test(tc, value_sources);
	tcase_add_loop_test(tc, dh_both_sides, 0, 2);
	tcase_add_test(tc, enter_follows);
	tcase_add_test(tc, part_rows_wrap_alone);
	suite_add_tcase(s, tc);
	return s;
}
