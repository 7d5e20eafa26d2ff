/*
 * quiz.c — questions generated from the model, and the quiz's state
 * machine. See quiz.h.
 *
 * Each kind of question is one function reading the model; it adds its
 * question only when this connection has what the question is about, and
 * gives its right choice first: the choices are then put in an order drawn
 * from the seed. Every wrong choice is a real value of the connection (an
 * offered suite, another slice of the key block, another step) or a fixed
 * wrong answer that no run makes right (the certificate authority does not
 * send handshake messages).
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"
#include "quiz.h"
#include "util.h"

/* ---- building ------------------------------------------------------------ */

typedef struct {
	tw_quiz *qz;
	const tw_model *m;
	const char *prefix[2];     /* which connection, when there are two; or "" */
} bctx;

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
dupf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* 32 bytes drawn from the connection's seed for one purpose. */
static void
draw_bytes(const tw_model *m, const char *what, size_t n, uint8_t out[32])
{
	char label[64];

	snprintf(label, sizeof label, "quiz:%s:%zu:%d", what, n, m->resumed_conn);
	tw_seed_bytes(m->seed, label, out);
}

static unsigned
draw(const tw_model *m, const char *what, unsigned range)
{
	uint8_t b[32];

	draw_bytes(m, what, 0, b);
	return range ? (((unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3])
		% range) : 0;
}

static tw_quiz_q *
qnew(bctx *c, const char *kind)
{
	tw_quiz_q *q;
	int i;

	if (c->qz->n >= TW_QUIZ_MAX)
		return NULL;
	q = &c->qz->q[c->qz->n];
	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->m = c->m;
	for (i = 0; i < TW_QUIZ_MAX_STEPS; i++)
		q->step[i] = -1;
	return q;
}

static void
qfree(tw_quiz_q *q)
{
	int i, l;

	for (l = 0; l < 2; l++) {
		free(q->text[l]);
		free(q->explain[l]);
		for (i = 0; i < TW_QUIZ_NCHOICE; i++)
			free(q->choice[i][l]);
	}
	memset(q, 0, sizeof *q);
}

/* Note a step the texts name (for the tests: every one exists). */
static void
qstep(tw_quiz_q *q, int step)
{
	int i;

	for (i = 0; i < TW_QUIZ_MAX_STEPS; i++)
		if (q->step[i] < 0 || q->step[i] == step) {
			q->step[i] = step;
			return;
		}
}

/* The question is complete with its right choice at index 0: check it,
 * put the choices in the seed's order, prefix the connection, keep it. */
static void
qcommit(bctx *c, tw_quiz_q *q)
{
	uint8_t b[32];
	int i, l;

	for (l = 0; l < 2; l++) {
		int ok = q->text[l] && q->explain[l];
		for (i = 0; i < TW_QUIZ_NCHOICE; i++)
			ok = ok && q->choice[i][l];
		if (!ok) {
			c->qz->oom = 1;
			qfree(q);
			return;
		}
	}
	draw_bytes(c->m, q->kind, c->qz->n, b);
	q->right = 0;
	for (i = TW_QUIZ_NCHOICE - 1; i > 0; i--) {
		int j = b[i] % (i + 1);
		char *t[2] = { q->choice[i][0], q->choice[i][1] };
		q->choice[i][0] = q->choice[j][0];
		q->choice[i][1] = q->choice[j][1];
		q->choice[j][0] = t[0];
		q->choice[j][1] = t[1];
		if (q->right == i)
			q->right = j;
		else if (q->right == j)
			q->right = i;
	}
	for (l = 0; l < 2; l++)
		if (c->prefix[l][0]) {
			char *t = dupf("%s%s", c->prefix[l], q->text[l]);
			if (t == NULL) {
				c->qz->oom = 1;
				qfree(q);
				return;
			}
			free(q->text[l]);
			q->text[l] = t;
		}
	c->qz->n++;
}

static void
qchoice(tw_quiz_q *q, int i, const char *en, const char *zh)
{
	q->choice[i][0] = strdup(en);
	q->choice[i][1] = strdup(zh);
}

/* "⑤ ServerHelloDone" */
static const char *
stepname(const tw_model *m, int i, char *buf, size_t size)
{
	char lab[24];

	snprintf(buf, size, "%s %s", tw_step_label(&m->story.step[i], 0, lab, sizeof lab),
		m->story.step[i].name);
	return buf;
}

/* A Chinese label without its English gloss: "服务器写密钥（server write
 * key）" → "服务器写密钥", for sentences that name it again and again. */
static const char *
short_zh(const char *zh, char *buf, size_t size)
{
	const char *p = strstr(zh, "（");

	snprintf(buf, size, "%.*s", p && p > zh ? (int)(p - zh) : (int)strlen(zh), zh);
	return buf;
}

/* "a5 4a 7d a7" */
static const char *
hexn(const uint8_t *b, size_t n, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = 0;
	for (i = 0; i < n && o + 4 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, i ? " %02x" : "%02x", b[i]);
	return buf;
}

static const tw_field *
field_find(const tw_field *f, const char *id)
{
	size_t i;
	const tw_field *r;

	if (f == NULL || f->id == NULL)
		return NULL;
	if (strcmp(f->id, id) == 0)
		return f;
	for (i = 0; i < f->nchild; i++)
		if ((r = field_find(&f->child[i], id)) != NULL)
			return r;
	return NULL;
}

/* The 2-byte codes of the ClientHello's fields with this id (each
 * offered cipher suite, each supported group), read from the step's bytes
 * at the fields' offsets, in order. */
static void
codes_in(const tw_field *f, const tw_step *st, const char *item_id, uint16_t *out,
	size_t cap, size_t *n)
{
	size_t i;

	if (f->id != NULL && strcmp(f->id, item_id) == 0 && f->len == 2 && f->off + 1 < st->len
		&& *n < cap) {
		out[(*n)++] = (uint16_t)(st->bytes[f->off] << 8 | st->bytes[f->off + 1]);
		return;
	}
	for (i = 0; i < f->nchild; i++)
		codes_in(&f->child[i], st, item_id, out, cap, n);
}

static size_t
hello_codes(const tw_model *m, const char *item_id, uint16_t *out, size_t cap)
{
	int ch = tw_story_find(&m->story, "tls-client-hello");
	size_t n = 0;

	if (ch >= 0)
		codes_in(&m->tree[ch], &m->story.step[ch], item_id, out, cap, &n);
	return n;
}

/* GREASE values (RFC 8701) and signalling suites are no choice to make. */
static int
real_code(uint16_t c, const char *name)
{
	if ((c & 0x0f0f) == 0x0a0a && (c >> 8) == (c & 0xff))
		return 0;
	return name != NULL && strstr(name, "SCSV") == NULL && strstr(name, "GREASE") == NULL;
}

static const char *const side_en[2] = { "the client", "the server" };
static const char *const side_zh[2] = { "客户端", "服务器" };

/* ---- which side sends a step -------------------------------------------- */
static void
ask_sender(bctx *c, int i)
{
	const tw_model *m = c->m;
	const tw_step *st = &m->story.step[i];
	tw_quiz_q *q = qnew(c, "sender");
	char nm[64], other[64], en[256] = "", zh[256] = "";
	size_t j;
	int d = st->dir == TW_C2S ? 0 : 1;

	if (q == NULL)
		return;
	stepname(m, i, nm, sizeof nm);
	qstep(q, i);
	q->text[0] = dupf("Who sends %s?", nm);
	q->text[1] = dupf("%s 由谁发送？", nm);
	qchoice(q, 0, side_en[d], side_zh[d]);
	qchoice(q, 1, side_en[1 - d], side_zh[1 - d]);
	qchoice(q, 2, "the certificate authority (CA)", "证书颁发机构（CA）");
	qchoice(q, 3, "neither: TCP adds it on the way", "都不是：TCP 在途中加上的");
	/* The other side's message of the same name, when this run has one
	 * (each side sends its own ChangeCipherSpec and Finished). */
	for (j = 0; j < m->story.nstep; j++) {
		const tw_step *o = &m->story.step[j];
		if ((int)j != i && o->stage == TW_STAGE_TLS && o->dir != st->dir
			&& strcmp(o->name, st->name) == 0) {
			stepname(m, (int)j, other, sizeof other);
			qstep(q, (int)j);
			snprintf(en, sizeof en, " %s sends its own at %s.",
				d ? "The client" : "The server", other);
			snprintf(zh, sizeof zh, "%s在 %s 发送自己的那一份。", side_zh[1 - d], other);
			break;
		}
	}
	/* The step's own bytes, as its header says: a message that shares a
	 * record (⑤) counts without the record header. */
	q->explain[0] = dupf("%s went from %s to %s in this connection: the step's %zu bytes%s.%s",
		nm, side_en[d], side_en[1 - d], st->len,
		tw_ui_step_encrypted(m, i) ? ", encrypted" : ", in clear text", en);
	q->explain[1] = dupf("在这个连接中，%s 由%s发给%s：这一步共 %zu 字节，%s。%s",
		nm, side_zh[d], side_zh[1 - d], st->len,
		tw_ui_step_encrypted(m, i) ? "加密发送" : "明文发送", zh);
	qcommit(c, q);
}

/* Two steps: ⑤ (the example) when this run has it, and one of
 * the other side drawn from the seed. */
static void
ask_senders(bctx *c)
{
	const tw_model *m = c->m;
	int tls[TW_MAX_STEPS], n = 0, first, second = -1, k;
	size_t i;

	for (i = 0; i < m->story.nstep; i++)
		if (m->story.step[i].stage == TW_STAGE_TLS && m->story.step[i].kind == TW_STEP_TLS)
			tls[n++] = (int)i;
	if (n == 0)
		return;
	first = tw_story_find_number(&m->story, TW_STAGE_TLS, 5);
	if (first < 0)
		first = tls[draw(m, "sender-1", (unsigned)n)];
	ask_sender(c, first);
	/* the other direction, so that the two answers differ */
	k = (int)draw(m, "sender-2", (unsigned)n);
	for (i = 0; i < (size_t)n; i++) {
		int s = tls[((size_t)k + i) % (size_t)n];
		if (m->story.step[s].dir != m->story.step[first].dir) {
			second = s;
			break;
		}
	}
	if (second >= 0)
		ask_sender(c, second);
}

/* ---- the order of the randoms in a PRF seed ------------------------------ */

/* The PRF trace of a secrets item (the one the secrets pane shows). */
static const tw_prf_trace *
item_prf(const tw_model *m, const char *id)
{
	const tw_secret *it = tw_secrets_find(&m->secrets, id);
	size_t i;

	for (i = 0; it != NULL && i < it->nline; i++)
		if (it->line[i].kind == TW_SL_PRF)
			return it->line[i].prf;
	return NULL;
}

/* Which random the seed has right after the label: 0 client, 1 server,
 * -1 neither (then nothing is asked). */
static int
seed_first(const tw_model *m, const tw_prf_trace *t)
{
	size_t ll;

	if (t == NULL || t->label == NULL)
		return -1;
	ll = strlen(t->label);
	if (t->seed_len < ll + 64)
		return -1;
	if (memcmp(t->seed + ll, m->hs.client_random, 32) == 0
		&& memcmp(t->seed + ll + 32, m->hs.server_random, 32) == 0)
		return 0;
	if (memcmp(t->seed + ll, m->hs.server_random, 32) == 0
		&& memcmp(t->seed + ll + 32, m->hs.client_random, 32) == 0)
		return 1;
	return -1;
}

static const char *const rnd_en[2] = { "the client random", "the server random" };
static const char *const rnd_zh_choice[2] = { "客户端随机数（Client Random）", "服务器随机数（Server Random）" };
static const char *const rnd_zh[2] = { "客户端随机数", "服务器随机数" };

static void
ask_seed(bctx *c, int key_block)
{
	const tw_model *m = c->m;
	const char *id = key_block ? "key_block" : "master_secret";
	const tw_prf_trace *t = item_prf(m, id), *o = item_prf(m, key_block ? "master_secret" : "key_block");
	int f = seed_first(m, t), of = seed_first(m, o), step;
	const tw_secret *it = tw_secrets_find(&m->secrets, id);
	tw_quiz_q *q;
	char a[32], b[32], en[256] = "", zh[256] = "";
	const uint8_t *r[2] = { m->hs.client_random, m->hs.server_random };

	if (f < 0 || it == NULL || (q = qnew(c, key_block ? "kb-seed" : "ms-seed")) == NULL)
		return;
	step = it->step;
	qstep(q, step);
	if (key_block) {
		q->text[0] = dupf("The key block is PRF(master secret, \"key expansion\", seed). Which value comes first in the seed, right after the label?");
		q->text[1] = dupf("密钥块 = PRF(主密钥, \"key expansion\", 种子)。种子中紧跟在标签后面的第一个值是什么？");
	} else {
		q->text[0] = dupf("The master secret is PRF(pre-master secret, \"master secret\", seed). Which value comes first in the seed, right after the label?");
		q->text[1] = dupf("主密钥 = PRF(预主密钥, \"master secret\", 种子)。种子中紧跟在标签后面的第一个值是什么？");
	}
	qchoice(q, 0, rnd_en[f], rnd_zh_choice[f]);
	qchoice(q, 1, rnd_en[1 - f], rnd_zh_choice[1 - f]);
	qchoice(q, 2, "the session ID", "会话 ID（session ID）");
	if (key_block)
		qchoice(q, 3, "the master secret", "主密钥");
	else
		qchoice(q, 3, "the pre-master secret", "预主密钥");
	/* 8 bytes: a seeded run's randoms both begin with 4 zero bytes */
	hexn(r[f], 8, a, sizeof a);
	hexn(r[1 - f], 8, b, sizeof b);
	if (of >= 0 && of != f) {
		snprintf(en, sizeof en, " The %s seed has them the other way round: %s first.",
			key_block ? "master secret's" : "key block's", rnd_en[of]);
		snprintf(zh, sizeof zh, "%s的种子顺序正好相反：%s在前。",
			key_block ? "主密钥" : "密钥块", rnd_zh[of]);
	}
	q->explain[0] = dupf("In this connection the seed is \"%s\" (%zu bytes) ‖ %s (%s …) ‖ %s (%s …): %s first, as RFC 5246 §%s says.%s %s is the PRF's secret, not part of the seed; the session ID is not in it.",
		t->label, strlen(t->label), rnd_en[f], a, rnd_en[1 - f], b, rnd_en[f],
		key_block ? "6.3" : "8.1", en, key_block ? "The master secret" : "The pre-master secret");
	q->explain[1] = dupf("在这个连接中，种子是 \"%s\"（%zu 字节）‖ %s（%s …）‖ %s（%s …）：%s在前，与 RFC 5246 第 %s 节一致。%s%s是 PRF 的密钥，不在种子里；会话 ID 也不在种子里。",
		t->label, strlen(t->label), rnd_zh[f], a, rnd_zh[1 - f], b, rnd_zh[f],
		key_block ? "6.3" : "8.1", zh, key_block ? "主密钥" : "预主密钥");
	qcommit(c, q);
}

/* ---- the first bytes of a key --------------------------------------------- */

#define PREFIX 4

typedef struct {
	const char *key;           /* secrets JSON key, or item id */
	const char *en, *zh;
	const uint8_t *b;
	size_t len;
} bytes_src;

static void
src_line(const tw_model *m, bytes_src *s, const char *key)
{
	const tw_sline *l = tw_secrets_value(&m->secrets, key);
	const tw_sline *kb = tw_secrets_line(&m->secrets, "key_block", "key_block");
	size_t i;

	memset(s, 0, sizeof *s);
	s->key = key;
	if (l != NULL) {
		s->b = l->bytes;
		s->len = l->len;
		s->en = l->en;
		s->zh = l->zh;
	}
	/* A key slice's line reads "server write key: key block bytes
	 * 16–31 (16)"; the sentences name it and give its bytes
	 * themselves, so they take the slice's bare name. */
	for (i = 0; kb != NULL && i < kb->npart; i++)
		if (strcmp(kb->part[i].key, key) == 0) {
			s->en = kb->part[i].en;
			s->zh = kb->part[i].zh;
		}
}

static void
src_item(const tw_model *m, bytes_src *s, const char *id, const char *en, const char *zh)
{
	const tw_secret *it = tw_secrets_find(&m->secrets, id);

	memset(s, 0, sizeof *s);
	s->key = id;
	s->en = en;
	s->zh = zh;
	if (it != NULL && it->value != NULL) {
		s->b = it->value;
		s->len = it->value_len;
	}
}

static void
ask_key_bytes(bctx *c)
{
	static const char *const targets[] = {
		"server_write_key", "client_write_key", "client_write_mac_key", "server_write_mac_key"
	};
	static const char *const pool[] = {
		"client_write_key", "server_write_key", "master_secret", "client_write_mac_key",
		"server_write_mac_key", "pre_master_secret", "client_write_iv", "server_write_iv",
		"client_random", "server_random"
	};
	const tw_model *m = c->m;
	const tw_suite *s = m->keys.suite;
	const tw_secret *kb = tw_secrets_find(&m->secrets, "key_block");
	bytes_src t, d[3], p;
	size_t nt = 0, i, nd = 0, off = 0, o;
	char hx[4][16], zs[96], cut_en[400] = "", cut_zh[400] = "", oth_en[400] = "", oth_zh[400] = "";
	tw_quiz_q *q;
	struct { const char *key; size_t len; } slice[6];
	size_t ns = 0;
	int k;

	if (s == NULL || kb == NULL || m->keys.kb_trace.out_len == 0)
		return;
	/* The server write key, as the issue asks; with CBC sometimes a MAC
	 * key or the client's, drawn from the seed. */
	for (i = 0; i < 4; i++) {
		src_line(m, &t, targets[i]);
		if (t.b != NULL && t.len >= PREFIX)
			nt = i + 1;
	}
	if (nt == 0)
		return;
	k = s->mac_key_len ? (int)draw(m, "key-target", (unsigned)nt) : 0;
	src_line(m, &t, targets[k]);
	if (t.b == NULL || t.len < PREFIX)
		return;
	for (i = 0; i < sizeof pool / sizeof pool[0] && nd < 3; i++) {
		size_t j;
		int dup = strcmp(pool[i], t.key) == 0;
		if (strncmp(pool[i], "client_random", 13) == 0 || strncmp(pool[i], "server_random", 13) == 0
			|| strcmp(pool[i], "master_secret") == 0 || strcmp(pool[i], "pre_master_secret") == 0) {
			static const char *const en[] = { "the client random", "the server random",
				"the master secret", "the pre-master secret" };
			static const char *const zh[] = { "客户端随机数", "服务器随机数", "主密钥", "预主密钥" };
			int w = pool[i][0] == 'c' ? 0 : pool[i][0] == 's' ? 1 : pool[i][0] == 'm' ? 2 : 3;
			src_item(m, &p, pool[i], en[w], zh[w]);
		} else
			src_line(m, &p, pool[i]);
		if (p.b == NULL || p.len < PREFIX)
			continue;
		dup = dup || memcmp(p.b, t.b, PREFIX) == 0;
		for (j = 0; j < nd; j++)
			dup = dup || memcmp(p.b, d[j].b, PREFIX) == 0;
		if (!dup)
			d[nd++] = p;
	}
	if (nd < 3 || (q = qnew(c, "key-bytes")) == NULL)
		return;
	q->about = t.key;
	qstep(q, kb->step);
	q->text[0] = dupf("What are the first %d bytes of the %s?", PREFIX, t.en);
	q->text[1] = dupf("%s的前 %d 个字节是什么？", t.zh, PREFIX);
	qchoice(q, 0, hexn(t.b, PREFIX, hx[0], sizeof hx[0]), hx[0]);
	for (i = 0; i < 3; i++)
		qchoice(q, (int)i + 1, hexn(d[i].b, PREFIX, hx[i + 1], sizeof hx[i + 1]), hx[i + 1]);
	/* The key block's cut, from the suite's row: MAC keys, keys, IVs. */
	if (s->mac_key_len) {
		slice[ns].key = "client_write_mac_key"; slice[ns++].len = s->mac_key_len;
		slice[ns].key = "server_write_mac_key"; slice[ns++].len = s->mac_key_len;
	}
	slice[ns].key = "client_write_key"; slice[ns++].len = s->key_len;
	slice[ns].key = "server_write_key"; slice[ns++].len = s->key_len;
	if (s->fixed_iv_len) {
		slice[ns].key = "client_write_iv"; slice[ns++].len = s->fixed_iv_len;
		slice[ns].key = "server_write_iv"; slice[ns++].len = s->fixed_iv_len;
	}
	for (i = 0, o = 0; i < ns; i++) {
		bytes_src sl;
		src_line(m, &sl, slice[i].key);
		if (strcmp(slice[i].key, t.key) == 0)
			off = o;
		snprintf(cut_en + strlen(cut_en), sizeof cut_en - strlen(cut_en), "%s%s (%zu)",
			i ? " ‖ " : "", sl.en ? sl.en : slice[i].key, slice[i].len);
		snprintf(cut_zh + strlen(cut_zh), sizeof cut_zh - strlen(cut_zh), "%s%s（%zu）",
			i ? " ‖ " : "", sl.zh ? short_zh(sl.zh, zs, sizeof zs) : slice[i].key, slice[i].len);
		o += slice[i].len;
	}
	/* The cut must put these very bytes there, or the sentence is wrong. */
	if (off + t.len > m->keys.kb_trace.out_len || memcmp(m->keys.kb_trace.out + off, t.b, t.len) != 0) {
		qfree(q);
		return;
	}
	for (i = 0; i < 3; i++) {
		snprintf(oth_en + strlen(oth_en), sizeof oth_en - strlen(oth_en), "%s%s starts %s%s",
			i == 0 ? "" : i == 2 ? ", and " : ", ", hx[i + 1],
			strncmp(d[i].en, "the ", 4) == 0 ? "" : "the ", d[i].en);
		snprintf(oth_zh + strlen(oth_zh), sizeof oth_zh - strlen(oth_zh), "%s%s 是%s的开头",
			i ? "，" : "", hx[i + 1], short_zh(d[i].zh, zs, sizeof zs));
	}
	q->explain[0] = dupf("The key block (%zu bytes) is cut in order: %s. The %s is bytes %zu–%zu, beginning %s. The other choices are real bytes of this connection too: %s.",
		m->keys.kb_trace.out_len, cut_en, t.en, off, off + t.len - 1, hx[0], oth_en);
	q->explain[1] = dupf("密钥块（%zu 字节）依次切分为：%s。%s是第 %zu–%zu 字节，开头是 %s。其他选项也是这个连接中真实的字节：%s。",
		m->keys.kb_trace.out_len, cut_zh, short_zh(t.zh, zs, sizeof zs), off, off + t.len - 1, hx[0], oth_zh);
	qcommit(c, q);
}

/* ---- which check catches a changed ClientHello ----------------------------- */

/* Asked of this connection's keys with keysched's own attack check: a
 * copy of the wire whose ClientHello, as the server received it, has one
 * bit of its suite list flipped. The question is asked only when the
 * check passes on the bytes as sent and fails on the changed ones. */
static void
ask_tamper(bctx *c)
{
	const tw_model *m = c->m;
	int ch = tw_story_find(&m->story, "tls-client-hello");
	int cf = tw_story_find(&m->story, "tls-client-finished");
	int ske = tw_story_find(&m->story, "tls-server-key-exchange");
	int cert = tw_story_find(&m->story, "tls-certificate");
	const tw_field *f;
	const tw_step *st;
	tw_wire *w;
	uint8_t *rx;
	tw_attack_event ev;
	tw_verdict v0, v1;
	size_t at;
	char fin[64], chn[64], sken[64] = "", certn[64] = "", tag_en[96], tag_zh[96];
	tw_quiz_q *q;

	if (ch < 0 || cf < 0 || m->keys.suite == NULL || m->wire.stream[TW_C2S] == NULL)
		return;
	st = &m->story.step[ch];
	f = field_find(&m->tree[ch], "tls.client_hello.cipher_suites");
	if (f == NULL || f->len < 2)
		return;
	at = st->stream_off + f->off + f->len - 1;     /* the last suite's low byte */
	if (at >= m->wire.stream_len[TW_C2S])
		return;
	w = malloc(sizeof *w);
	rx = malloc(m->wire.stream_len[TW_C2S]);
	if (w == NULL || rx == NULL) {
		free(w);
		free(rx);
		c->qz->oom = 1;
		return;
	}
	*w = m->wire;
	memcpy(rx, m->wire.stream[TW_C2S], m->wire.stream_len[TW_C2S]);
	w->received[TW_C2S] = rx;
	w->received_len[TW_C2S] = m->wire.stream_len[TW_C2S];
	memset(&ev, 0, sizeof ev);
	ev.dir = TW_C2S;
	ev.rec = st->rec_first;
	ev.off = at;
	ev.len = 1;
	v0 = tw_keys_check_attack(w, &m->hs, &m->keys, &ev, TW_ATK_DOWNGRADE);
	rx[at] ^= 0x01;
	v1 = tw_keys_check_attack(w, &m->hs, &m->keys, &ev, TW_ATK_DOWNGRADE);
	free(rx);
	free(w);
	if (v0 != TW_V_OK || v1 != TW_V_MISMATCH || (q = qnew(c, "tamper")) == NULL)
		return;
	stepname(m, ch, chn, sizeof chn);
	stepname(m, cf, fin, sizeof fin);
	qstep(q, ch);
	qstep(q, cf);
	q->text[0] = dupf("A man in the middle changes one byte of the cipher-suite list in %s on its way to the server. Which check catches it?", chn);
	q->text[1] = dupf("中间人在 %s 发往服务器的途中改动了加密组件列表中的一个字节。哪一项检查会发现它？", chn);
	q->choice[0][0] = dupf("the verify_data of %s, over the hash of the handshake messages", fin);
	q->choice[0][1] = dupf("%s 中的 verify_data（基于握手报文的摘要）", fin);
	snprintf(tag_en, sizeof tag_en, "the record's authentication %s (%s)",
		m->keys.suite->mac_key_len ? "code, HMAC" : "tag", m->keys.suite->rp->name);
	snprintf(tag_zh, sizeof tag_zh, "记录的认证%s（%s）",
		m->keys.suite->mac_key_len ? "码 HMAC" : "标签", m->keys.suite->rp->name);
	qchoice(q, 1, tag_en, tag_zh);
	if (cert >= 0) {
		stepname(m, cert, certn, sizeof certn);
		qstep(q, cert);
		q->choice[2][0] = dupf("the signature on the server's certificate in %s", certn);
		q->choice[2][1] = dupf("%s 中服务器证书上的签名", certn);
	} else
		qchoice(q, 2, "the signature on the server's certificate", "服务器证书上的签名");
	if (ske >= 0) {
		stepname(m, ske, sken, sizeof sken);
		qstep(q, ske);
		q->choice[3][0] = dupf("the signature of %s", sken);
		q->choice[3][1] = dupf("%s 的签名", sken);
	} else
		qchoice(q, 3, "the TCP checksum", "TCP 校验和");
	q->explain[0] = dupf("Checked on this connection: with that byte changed, the server's hash of the handshake messages changes, so the verify_data it expects in %s differs from the one the client computed over the ClientHello it really sent, and the server rejects the handshake. %s travels in clear text with no record tag; the certificate's signature covers only the certificate; %s",
		fin, chn, ske >= 0
		? "the ServerKeyExchange signature covers client random ‖ server random ‖ the server's parameters, not the suite list."
		: "the TCP checksum is recomputed by whoever changes the packet.");
	q->explain[1] = dupf("已在这个连接上验证：改动这个字节后，服务器对握手报文算出的摘要随之改变，它在 %s 中期望的 verify_data 与客户端按自己真正发出的 ClientHello 算出的不同，服务器于是拒绝这次握手。%s 明文传输，没有记录认证标签；证书签名只覆盖证书本身；%s",
		fin, chn, ske >= 0
		? "ServerKeyExchange 的签名覆盖 客户端随机数 ‖ 服务器随机数 ‖ Server Params，不包括加密组件列表。"
		: "TCP 校验和由改动报文的人重新计算即可。");
	qcommit(c, q);
}

/* ---- the suite, the group ----------------------------------------------------- */
static void
ask_suite(bctx *c)
{
	const tw_model *m = c->m;
	int sh = tw_story_find(&m->story, "tls-server-hello");
	int chs = tw_story_find(&m->story, "tls-client-hello");
	uint16_t offer[256], d[3];
	size_t n, i, nd = 0, k;
	const char *right = tw_name_suite(m->hs.suite);
	char shn[64], chn[64];
	tw_quiz_q *q;

	if (sh < 0 || chs < 0 || right == NULL)
		return;
	n = hello_codes(m, "tls.client_hello.cipher_suite", offer, 256);
	k = n ? draw(m, "suite", (unsigned)n) : 0;
	for (i = 0; i < n && nd < 3; i++) {
		uint16_t s = offer[(k + i) % n];
		if (s != m->hs.suite && real_code(s, tw_name_suite(s)))
			d[nd++] = s;
	}
	if (nd < 3 || (q = qnew(c, "suite")) == NULL)
		return;
	stepname(m, sh, shn, sizeof shn);
	stepname(m, chs, chn, sizeof chn);
	qstep(q, sh);
	qstep(q, chs);
	q->text[0] = dupf("Which cipher suite did the server choose in %s?", shn);
	q->text[1] = dupf("服务器在 %s 中选择了哪个加密组件？", shn);
	qchoice(q, 0, right, right);
	for (i = 0; i < 3; i++)
		qchoice(q, (int)i + 1, tw_name_suite(d[i]), tw_name_suite(d[i]));
	if (tw_model_step_attacked(m, chs)) {
		/* downgrade: the server read a list the man in the middle cut */
		q->explain[0] = dupf("The cipher_suite field of %s is 0x%04x, %s: one of the %zu suites the client offered in %s. The other choices were offered too, but a man in the middle changed the list on its way: the server chose from what reached it, not from what the client sent.",
			shn, m->hs.suite, right, n, chn);
		q->explain[1] = dupf("%s 的 cipher_suite 字段是 0x%04x，即 %s：客户端在 %s 中提供的 %zu 个加密组件之一。其他选项客户端也提供了，但中间人在途中改动了这个列表：服务器只能从到达它的列表里选，而不是从客户端发出的列表里选。",
			shn, m->hs.suite, right, chn, n);
	} else {
		q->explain[0] = dupf("The cipher_suite field of %s is 0x%04x, %s: one of the %zu suites the client offered in %s. The other choices were offered too, and not chosen.",
			shn, m->hs.suite, right, n, chn);
		q->explain[1] = dupf("%s 的 cipher_suite 字段是 0x%04x，即 %s：客户端在 %s 中提供的 %zu 个加密组件之一。其他选项客户端也提供了，但服务器没有选。",
			shn, m->hs.suite, right, chn, n);
	}
	qcommit(c, q);
}

static void
ask_group(bctx *c)
{
	const tw_model *m = c->m;
	int ske = tw_story_find(&m->story, "tls-server-key-exchange");
	int chs = tw_story_find(&m->story, "tls-client-hello");
	uint16_t offer[64], d[3];
	size_t n, i, nd = 0;
	const char *right = tw_name_group(m->hs.curve);
	char sken[64], chn[64];
	tw_quiz_q *q;

	if (ske < 0 || chs < 0 || !m->hs.have_ske || right == NULL)
		return;
	n = hello_codes(m, "tls.ext.supported_groups.group", offer, 64);
	for (i = 0; i < n && nd < 3; i++)
		if (offer[i] != m->hs.curve && real_code(offer[i], tw_name_group(offer[i])))
			d[nd++] = offer[i];
	if (nd < 3 || (q = qnew(c, "group")) == NULL)
		return;
	stepname(m, ske, sken, sizeof sken);
	stepname(m, chs, chn, sizeof chn);
	qstep(q, ske);
	qstep(q, chs);
	q->text[0] = dupf("Which named group (curve) did the ECDHE key exchange of this connection use?");
	q->text[1] = dupf("这个连接的 ECDHE 密钥交换使用了哪条命名曲线？");
	qchoice(q, 0, right, right);
	for (i = 0; i < 3; i++)
		qchoice(q, (int)i + 1, tw_name_group(d[i]), tw_name_group(d[i]));
	q->explain[0] = dupf("%s names the group 0x%04x %s right before the server's public point (%zu bytes). The client offered %zu groups in the supported_groups extension of %s; the other choices are among them.",
		sken, m->hs.curve, right, m->hs.server_point_len, n, chn);
	q->explain[1] = dupf("%s 在服务器公钥点（%zu 字节）之前写明了命名曲线 0x%04x %s。客户端在 %s 的 supported_groups 扩展中提供了 %zu 条曲线，其他选项都在其中。",
		sken, m->hs.server_point_len, m->hs.curve, right, chn, n);
	qcommit(c, q);
}

/* ---- how long the master secret is ---------------------------------------- */
static void
ask_ms_len(bctx *c)
{
	const tw_model *m = c->m;
	const tw_secret *ms = tw_secrets_find(&m->secrets, "master_secret");
	const tw_secret *pms = tw_secrets_find(&m->secrets, "pre_master_secret");
	const tw_secret *cr = tw_secrets_find(&m->secrets, "client_random");
	const tw_secret *cf = tw_secrets_find(&m->secrets, "client_finished");
	struct { size_t n; const char *en, *zh; } cand[4] = {
		{ pms && pms->value ? pms->value_len : 0, "the pre-master secret", "预主密钥" },
		{ m->keys.kb_trace.out_len, "the key block", "密钥块" },
		{ cr && cr->value ? cr->value_len : 0, "each random", "每个随机数" },
		{ cf && cf->value ? cf->value_len : 0, "verify_data", "verify_data" },
	}, d[3];
	size_t i, j, nd = 0;
	char en[300] = "", zh[300] = "", hx[16];
	tw_quiz_q *q;

	if (ms == NULL || ms->value == NULL || ms->value_len == 0)
		return;
	for (i = 0; i < 4 && nd < 3; i++) {
		int dup = cand[i].n == 0 || cand[i].n == ms->value_len;
		for (j = 0; j < nd; j++)
			dup = dup || d[j].n == cand[i].n;
		if (!dup)
			d[nd++] = cand[i];
	}
	if (nd < 3 || (q = qnew(c, "ms-len")) == NULL)
		return;
	qstep(q, ms->step);
	q->text[0] = dupf("How many bytes does the master secret have?");
	q->text[1] = dupf("主密钥有多少字节？");
	q->choice[0][0] = dupf("%zu", ms->value_len);
	q->choice[0][1] = dupf("%zu", ms->value_len);
	for (i = 0; i < 3; i++) {
		q->choice[i + 1][0] = dupf("%zu", d[i].n);
		q->choice[i + 1][1] = dupf("%zu", d[i].n);
		snprintf(en + strlen(en), sizeof en - strlen(en), "%s%s %zu", i ? "; " : "",
			d[i].en, d[i].n);
		snprintf(zh + strlen(zh), sizeof zh - strlen(zh), "%s%s %zu 字节", i ? "；" : "",
			d[i].zh, d[i].n);
	}
	hexn(ms->value, 4, hx, sizeof hx);
	q->explain[0] = dupf("The master secret is the first 48 bytes of the PRF's output, whatever the key exchange (RFC 5246 §8.1): here %s …, %zu bytes. The other numbers are this connection's too: %s.",
		hx, ms->value_len, en);
	q->explain[1] = dupf("无论哪种密钥交换，主密钥都是 PRF 输出的前 48 字节（RFC 5246 第 8.1 节）：这里是 %s …，%zu 字节。其他数字也来自这个连接：%s。",
		hx, ms->value_len, zh);
	qcommit(c, q);
}

/* ---- which message carries the key exchange ---------------------------------- */
static void
ask_carrier(bctx *c)
{
	static const char *const pool[] = {
		"tls-certificate", "tls-server-hello", "tls-client-key-exchange",
		"tls-server-key-exchange", "tls-client-hello", "tls-server-hello-done"
	};
	const tw_model *m = c->m;
	int ecdhe = m->keys.kx == TW_KX_ECDHE;
	int r = tw_story_find(&m->story, ecdhe ? "tls-server-key-exchange" : "tls-client-key-exchange");
	int cert = tw_story_find(&m->story, "tls-certificate");
	int cke = tw_story_find(&m->story, "tls-client-key-exchange");
	int d[3], nd = 0;
	size_t i;
	char rn[64], nm[64], hx[16], cn[64] = "", kn[64] = "";
	tw_quiz_q *q;

	if (r < 0 || m->keys.kx == 0 || (ecdhe && !m->hs.have_ske) || (!ecdhe && !m->hs.have_cke))
		return;
	for (i = 0; i < sizeof pool / sizeof pool[0] && nd < 3; i++) {
		int s = tw_story_find(&m->story, pool[i]);
		if (s >= 0 && s != r)
			d[nd++] = s;
	}
	if (nd < 3 || (q = qnew(c, "carrier")) == NULL)
		return;
	stepname(m, r, rn, sizeof rn);
	qstep(q, r);
	if (ecdhe) {
		q->text[0] = dupf("Which message carries the server's ECDHE public key?");
		q->text[1] = dupf("哪条报文携带服务器的 ECDHE 公钥？");
	} else {
		q->text[0] = dupf("Which message carries the pre-master secret, encrypted with the server's RSA public key?");
		q->text[1] = dupf("哪条报文携带用服务器 RSA 公钥加密的预主密钥？");
	}
	qchoice(q, 0, rn, rn);
	for (i = 0; i < 3; i++) {
		qstep(q, d[i]);
		stepname(m, d[i], nm, sizeof nm);
		qchoice(q, (int)i + 1, nm, nm);
	}
	if (cert >= 0)
		stepname(m, cert, cn, sizeof cn);
	if (cke >= 0)
		stepname(m, cke, kn, sizeof kn);
	if (ecdhe) {
		hexn(m->hs.server_point, m->hs.server_point_len < 4 ? m->hs.server_point_len : 4, hx, sizeof hx);
		/* Signed so that a replaced point is caught, not so that none
		 * can be: in swap-params one is, on the way to the client. */
		int swapped = tw_model_step_attacked(m, r) && m->failure.failed
			&& m->failure.at_step == r && m->failure.stopper == TW_C2S;
		q->explain[0] = dupf("%s carries it: the point %s … (%zu bytes), signed with the server's private key so that no one on the path can replace it unnoticed.%s%s%s%s%s%s",
			rn, hx, m->hs.server_point_len,
			swapped ? " In this connection a man in the middle did replace it on its way to the client, and the client's check of the signature caught it." : "",
			cn[0] ? " " : "", cn[0] ? cn : "", cn[0] ? " carries the certificate's long-term public key, which only signs." : "",
			kn[0] ? " The client's own ECDHE public key travels in " : "", kn[0] ? kn : "");
		if (q->explain[0] && kn[0]) {
			char *t = dupf("%s.", q->explain[0]);
			free(q->explain[0]);
			q->explain[0] = t;
		}
		q->explain[1] = dupf("由 %s 携带：公钥点 %s …（%zu 字节），并用服务器私钥签名，路径上的人替换它就会被发现。%s%s%s%s%s%s",
			rn, hx, m->hs.server_point_len,
			swapped ? "在这个连接中，中间人确实在它发往客户端的途中替换了它，客户端验证签名时发现了。" : "",
			cn[0] ? cn : "", cn[0] ? " 携带证书中长期使用的公钥，它只用来签名。" : "",
			kn[0] ? "客户端自己的 ECDHE 公钥在 " : "", kn[0] ? kn : "", kn[0] ? " 中发送。" : "");
	} else {
		q->explain[0] = dupf("%s carries it: %zu bytes, the pre-master secret encrypted with the RSA public key from %s; only the server's private key opens it. RSA key exchange has no ServerKeyExchange, and no forward secrecy.",
			rn, m->hs.rsa_epms_len, cn[0] ? cn : "the certificate");
		q->explain[1] = dupf("由 %s 携带：%zu 字节，是用 %s 中的 RSA 公钥加密的预主密钥，只有服务器的私钥能解开。RSA 密钥交换没有 ServerKeyExchange，也没有前向保密。",
			rn, m->hs.rsa_epms_len, cn[0] ? cn : "证书");
	}
	qcommit(c, q);
}

/* ---- the first encrypted message --------------------------------------------- */
static void
ask_first_encrypted(bctx *c)
{
	const tw_model *m = c->m;
	int r = -1, d[3], nd = 0, i, ccs = -1;
	char rn[64], nm[64], cn[64] = "";
	tw_quiz_q *q;
	int side;

	for (i = 0; (size_t)i < m->story.nstep && r < 0; i++)
		if (tw_ui_step_encrypted(m, i))
			r = i;
	if (r < 0)
		return;
	side = m->story.step[r].dir == TW_C2S ? 0 : 1;
	/* the TLS steps before it, nearest first: all sent in clear */
	for (i = r - 1; i >= 0 && nd < 3; i--)
		if (m->story.step[i].kind == TW_STEP_TLS && !tw_ui_step_encrypted(m, i))
			d[nd++] = i;
	for (i = r - 1; i >= 0 && ccs < 0; i--)
		if (m->story.step[i].dir == m->story.step[r].dir
			&& strcmp(m->story.step[i].name, "ChangeCipherSpec") == 0)
			ccs = i;
	if (nd < 3 || (q = qnew(c, "first-encrypted")) == NULL)
		return;
	stepname(m, r, rn, sizeof rn);
	qstep(q, r);
	q->text[0] = dupf("Which is the first message of this connection sent encrypted?");
	q->text[1] = dupf("这个连接中第一条加密发送的报文是哪一条？");
	qchoice(q, 0, rn, rn);
	for (i = 0; i < 3; i++) {
		qstep(q, d[i]);
		stepname(m, d[i], nm, sizeof nm);
		qchoice(q, i + 1, nm, nm);
	}
	if (ccs >= 0) {
		qstep(q, ccs);
		stepname(m, ccs, cn, sizeof cn);
	}
	q->explain[0] = dupf("%s is the first record %s sent after %s, so it is encrypted with the %s write key. ChangeCipherSpec itself is one clear-text byte (01) that announces the switch; everything before it went in clear text.",
		rn, side_en[side], cn[0] ? cn : "its ChangeCipherSpec", side ? "server" : "client");
	q->explain[1] = dupf("%s 是%s在 %s 之后发出的第一条记录，因此用%s写密钥加密。ChangeCipherSpec 本身只是一个明文字节（01），宣布此后切换到加密；在它之前的报文都是明文。",
		rn, side_zh[side], cn[0] ? cn : "ChangeCipherSpec", side_zh[side]);
	qcommit(c, q);
}

/* ---- why a failed connection stopped ---------------------------------------- */
static void
ask_failure(bctx *c)
{
	/* Checks a TLS 1.2 client or server makes, as failure.c names them. */
	static const char *const checks[][2] = {
		{ "the certificate's validity dates", "证书的有效期检查" },
		{ "the Finished verify_data", "Finished 的 verify_data 检查" },
		{ "the record's authentication tag (or MAC)", "记录的认证标签（或 MAC）检查" },
		{ "the chain to a trusted root", "到可信根证书的证书链检查" },
		{ "the ServerKeyExchange signature", "ServerKeyExchange 签名检查" },
		{ "the certificate's name check", "证书的域名检查" },
	};
	const tw_failure *f = &c->m->failure;
	tw_quiz_q *q;
	size_t i;
	int n = 1;

	if (!f->failed || f->check_en == NULL || f->check_zh == NULL
		|| (q = qnew(c, "failure")) == NULL)
		return;
	if (f->at_step >= 0)
		qstep(q, f->at_step);
	if (f->alert_step >= 0)
		qstep(q, f->alert_step);
	q->text[0] = dupf("This connection did not complete. Which check stopped it?");
	q->text[1] = dupf("这个连接没有完成。是哪一项检查让它停止的？");
	qchoice(q, 0, f->check_en, f->check_zh);
	for (i = 0; i < sizeof checks / sizeof checks[0] && n < 4; i++)
		if (strcmp(checks[i][0], f->check_en) != 0)
			qchoice(q, n++, checks[i][0], checks[i][1]);
	q->explain[0] = strdup(f->banner_en);
	q->explain[1] = strdup(f->banner_zh);
	qcommit(c, q);
}

static void
build_conn(bctx *c)
{
	ask_senders(c);
	ask_suite(c);
	ask_group(c);
	ask_carrier(c);
	ask_failure(c);
	ask_seed(c, 0);
	ask_ms_len(c);
	ask_seed(c, 1);
	ask_key_bytes(c);
	ask_first_encrypted(c);
	ask_tamper(c);
}

/* see quiz.h */
int
tw_quiz_build(const tw_model *m, int zh, tw_quiz *q)
{
	bctx c;

	memset(q, 0, sizeof *q);
	q->zh = zh ? 1 : 0;
	c.qz = q;
	c.m = m;
	c.prefix[0] = c.prefix[1] = "";
	if (m->t13.present) {
		q->none[0] = strdup("The quiz asks about TLS 1.2 connections, and this capture is TLS 1.3 (no ServerKeyExchange, keys that change without a ChangeCipherSpec, derived with HKDF): there is no quiz for it.");
		q->none[1] = strdup("测验针对的是 TLS 1.2 连接，而这个抓包是 TLS 1.3（没有 ServerKeyExchange，不靠 ChangeCipherSpec 切换密钥，密钥由 HKDF 导出）：没有针对它的测验。");
	} else
		build_conn(&c);
	if (q->n == 0 && q->none[0] == NULL) {
		q->none[0] = strdup("This connection has nothing the quiz can ask about: no TLS handshake message was seen.");
		q->none[1] = strdup("这个连接没有可以出题的内容：没有看到任何 TLS 握手报文。");
	}
	if (q->n == 0 && (q->none[0] == NULL || q->none[1] == NULL))
		q->oom = 1;
	return q->oom ? -1 : 0;
}

/* see quiz.h */
int
tw_quiz_build_chain(const tw_model *m, int zh, tw_quiz *q)
{
	bctx c;
	size_t first;

	if (tw_quiz_build(m, zh, q) < 0)
		return -1;
	if (m->next == NULL || !m->next->resumed_conn || m->t13.present)
		return 0;
	first = q->n;
	c.qz = q;
	c.m = m->next;
	c.prefix[0] = "Connection 2 of 2, the resumed session: ";
	c.prefix[1] = "连接 2/2（恢复的会话）：";
	build_conn(&c);
	if (q->n > first) {
		/* Two connections: say which one each question is about. */
		size_t i;
		int l;
		static const char *const p1[2] = { "Connection 1 of 2: ", "连接 1/2：" };
		for (i = 0; i < first; i++)
			for (l = 0; l < 2; l++) {
				char *t = dupf("%s%s", p1[l], q->q[i].text[l]);
				if (t == NULL) {
					q->oom = 1;
					continue;
				}
				free(q->q[i].text[l]);
				q->q[i].text[l] = t;
			}
		free(q->none[0]);
		free(q->none[1]);
		q->none[0] = q->none[1] = NULL;
	}
	return q->oom ? -1 : 0;
}

/* see quiz.h */
void
tw_quiz_free(tw_quiz *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		qfree(&q->q[i]);
	free(q->none[0]);
	free(q->none[1]);
	memset(q, 0, sizeof *q);
}

/* ---- the state machine ----------------------------------------------------- */

/* see quiz.h */
int
tw_quiz_answer(tw_quiz *q, int choice)
{
	if (q->cur >= q->n || q->answered || choice < 0 || choice >= TW_QUIZ_NCHOICE)
		return -1;
	q->answered = 1;
	q->picked = choice;
	q->top = 0;
	if (choice == q->q[q->cur].right) {
		q->score++;
		return 1;
	}
	return 0;
}

/* see quiz.h */
int
tw_quiz_next(tw_quiz *q)
{
	if (q->cur >= q->n || !q->answered)
		return -1;
	q->cur++;
	q->answered = 0;
	q->picked = -1;
	q->top = 0;
	return 0;
}

/* see quiz.h */
int
tw_quiz_done(const tw_quiz *q)
{
	return q->cur >= q->n;
}

/* see quiz.h */
void
tw_quiz_restart(tw_quiz *q)
{
	q->cur = 0;
	q->answered = 0;
	q->picked = -1;
	q->score = 0;
	q->top = 0;
}

/* see quiz.h */
tw_quiz_key_result
tw_quiz_key(tw_quiz *q, int key)
{
	if (key == TW_KEY_ESC || key == 'q' || key == TW_KEY_CTRL_C)
		return TW_QUIZ_K_LEAVE;
	if (key == 'L')
		return TW_QUIZ_K_LANG;
	switch (key) {
	case TW_KEY_UP: case 'k': q->top--; break;
	case TW_KEY_DOWN: case 'j': q->top++; break;
	case TW_KEY_PPAGE: q->top -= 10; break;
	case TW_KEY_NPAGE: q->top += 10; break;
	default:
		if (tw_quiz_done(q))
			return TW_QUIZ_K_LEAVE;
		if (!q->answered) {
			int k = key >= 'A' && key <= 'D' ? key - 'A' + 'a' : key;
			if (k >= 'a' && k < 'a' + TW_QUIZ_NCHOICE) {
				tw_quiz_answer(q, k - 'a');
				return TW_QUIZ_K_ANSWERED;
			}
			return TW_QUIZ_K_NONE;
		}
		tw_quiz_next(q);
		return TW_QUIZ_K_NEXT;
	}
	if (q->top < 0)
		q->top = 0;
	return TW_QUIZ_K_SCROLL;
}

/* ---- words ---------------------------------------------------------------- */
enum {
	W_TITLE, W_TITLE_DONE, W_RIGHT, W_WRONG, W_ANSWER_HINT, W_NEXT_HINT, W_DONE_HINT,
	W_SCORE, W_SCORE_LINE, W_PROMPT, W_BAD, W_EOF, W_INTRO, W_NONE_HINT, W_COUNT
};

static const char *const words[W_COUNT][2] = {
	[W_TITLE]       = { "Quiz — question %zu of %zu · %d right so far", "测验 — 第 %zu/%zu 题 · 已答对 %d 题" },
	[W_TITLE_DONE]  = { "Quiz — done", "测验 — 完成" },
	[W_RIGHT]       = { "Right.", "正确。" },
	[W_WRONG]       = { "Wrong: the answer is %c) %s.", "错误：正确答案是 %c) %s。" },
	[W_ANSWER_HINT] = { "Quiz: a b c d answer · Esc or q back to the walk · L 中文",
		"测验：按 a b c d 作答 · Esc 或 q 返回 · L English" },
	[W_NEXT_HINT]   = { "Quiz: any key, next question · ↑↓ scroll · Esc or q back to the walk",
		"测验：按任意键进入下一题 · ↑↓ 滚动 · Esc 或 q 返回" },
	[W_DONE_HINT]   = { "Quiz: any key, back to the walk (t starts it again)",
		"测验：按任意键返回（t 重新开始）" },
	[W_SCORE]       = { "Score: %d/%zu", "得分：%d/%zu" },
	[W_SCORE_LINE]  = { "You answered %d of %zu questions right. Press t in the walk to try again.",
		"%zu 道题中答对了 %d 道。在浏览界面按 t 可以再做一次。" },
	[W_PROMPT]      = { "Your answer (a–d): ", "你的答案（a–d）：" },
	[W_BAD]         = { "'%s' is not an answer: type one of the letters a, b, c or d, then Enter.",
		"“%s”不是答案：请输入字母 a、b、c 或 d 中的一个，然后按回车。" },
	[W_EOF]         = { "End of input after %zu of %zu questions.", "输入在第 %zu/%zu 题时结束。" },
	[W_INTRO]       = { "Quiz: %zu questions on this connection. Answer each with a, b, c or d.",
		"测验：关于这个连接的 %zu 道题。每题用 a、b、c 或 d 作答。" },
	[W_NONE_HINT]   = { "Quiz: any key, back to the walk", "测验：按任意键返回" },
};

#define W(q, i) words[i][(q)->zh]

/* see quiz.h */
void
tw_quiz_title(const tw_quiz *q, char *buf, size_t size)
{
	if (tw_quiz_done(q))
		snprintf(buf, size, "%s", W(q, W_TITLE_DONE));
	else
		snprintf(buf, size, W(q, W_TITLE), q->cur + 1, q->n, q->score);
}

/* see quiz.h */
const char *
tw_quiz_hint(const tw_quiz *q)
{
	if (q->n == 0)
		return W(q, W_NONE_HINT);
	if (tw_quiz_done(q))
		return W(q, W_DONE_HINT);
	return q->answered ? W(q, W_NEXT_HINT) : W(q, W_ANSWER_HINT);
}

/* The score sentence, in the order each language says it. */
static void
score_line(const tw_quiz *q, char *buf, size_t size)
{
	if (q->zh)
		snprintf(buf, size, W(q, W_SCORE_LINE), q->n, q->score);
	else
		snprintf(buf, size, W(q, W_SCORE_LINE), q->score, q->n);
}

/* see quiz.h */
void
tw_quiz_doc(const tw_quiz *q, int width, int ascii, tw_doc *d)
{
	const tw_quiz_q *qq;
	char buf[512], pre[8];
	int i, l = q->zh;

	if (q->n == 0) {
		tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, " ", q->none[l] ? q->none[l] : "");
		return;
	}
	if (tw_quiz_done(q)) {
		snprintf(buf, sizeof buf, W(q, W_SCORE), q->score, q->n);
		tw_doc_add(d, TW_ROLE_HEAD, 0, ascii, width, " ", buf);
		tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, NULL, "");
		score_line(q, buf, sizeof buf);
		tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, " ", buf);
		return;
	}
	qq = &q->q[q->cur];
	tw_doc_add(d, TW_ROLE_HEAD, 0, ascii, width, " ", qq->text[l]);
	tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, NULL, "");
	for (i = 0; i < TW_QUIZ_NCHOICE; i++) {
		tw_role r = TW_ROLE_TEXT;
		if (q->answered && i == qq->right)
			r = TW_ROLE_OK;
		else if (q->answered && i == q->picked)
			r = TW_ROLE_BAD;
		else if (q->answered)
			r = TW_ROLE_DIM;
		snprintf(pre, sizeof pre, "  %c) ", 'a' + i);
		tw_doc_add(d, r, 0, ascii, width, pre, qq->choice[i][l]);
	}
	if (!q->answered)
		return;
	tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, NULL, "");
	if (q->picked == qq->right)
		tw_doc_add(d, TW_ROLE_OK, 0, ascii, width, " ", W(q, W_RIGHT));
	else {
		snprintf(buf, sizeof buf, W(q, W_WRONG), 'a' + qq->right, qq->choice[qq->right][l]);
		tw_doc_add(d, TW_ROLE_BAD, 0, ascii, width, " ", buf);
	}
	tw_doc_add(d, TW_ROLE_TEXT, 0, ascii, width, " ", qq->explain[l]);
}

/* ---- on text streams --------------------------------------------------------- */

/* see quiz.h */
int
tw_quiz_run_text(tw_quiz *q, FILE *in, FILE *out, int echo)
{
	char line[256], buf[600];
	int i, l = q->zh;

	if (q->n == 0) {
		fprintf(out, "%s\n", q->none[l] ? q->none[l] : "");
		return fflush(out) == 0 && !ferror(out) ? 0 : -1;
	}
	fprintf(out, W(q, W_INTRO), q->n);
	fputs("\n", out);
	while (!tw_quiz_done(q)) {
		const tw_quiz_q *qq = &q->q[q->cur];
		int got = -1;

		fprintf(out, "\n%zu/%zu. %s\n", q->cur + 1, q->n, qq->text[l]);
		for (i = 0; i < TW_QUIZ_NCHOICE; i++)
			fprintf(out, "  %c) %s\n", 'a' + i, qq->choice[i][l]);
		while (got < 0) {
			size_t n;
			char *s;
			fputs(W(q, W_PROMPT), out);
			fflush(out);
			if (fgets(line, sizeof line, in) == NULL) {
				fputs("\n", out);
				snprintf(buf, sizeof buf, W(q, W_EOF), q->cur, q->n);
				fprintf(out, "%s\n", buf);
				fprintf(out, W(q, W_SCORE), q->score, q->cur);
				fputs("\n", out);
				return fflush(out) == 0 && !ferror(out) ? 0 : -1;
			}
			n = strlen(line);
			if (n > 0 && line[n - 1] != '\n' && !feof(in)) {
				/* a line longer than the buffer: read the rest away */
				int ch;
				while ((ch = fgetc(in)) != EOF && ch != '\n')
					;
			}
			for (s = line; *s == ' ' || *s == '\t'; s++)
				;
			n = strlen(s);
			while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '
				|| s[n - 1] == '\t'))
				s[--n] = 0;
			if (echo) {
				char esc[128];
				tw_escape(esc, sizeof esc, s, 60);
				fprintf(out, "%s\n", esc);
			}
			if (n == 1 && ((s[0] >= 'a' && s[0] <= 'd') || (s[0] >= 'A' && s[0] <= 'D')))
				got = (s[0] | 0x20) - 'a';
			else {
				char esc[128];
				tw_escape(esc, sizeof esc, s, 60);
				fprintf(out, W(q, W_BAD), esc);
				fputs("\n", out);
			}
		}
		if (tw_quiz_answer(q, got) == 1)
			fprintf(out, "%s\n", W(q, W_RIGHT));
		else {
			fprintf(out, W(q, W_WRONG), 'a' + qq->right, qq->choice[qq->right][l]);
			fputs("\n", out);
		}
		fprintf(out, "%s\n", qq->explain[l]);
		tw_quiz_next(q);
	}
	fputs("\n", out);
	fprintf(out, W(q, W_SCORE), q->score, q->n);
	fputs("\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
