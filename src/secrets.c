/*
 * secrets.c — what becomes known at each step, built once from the key
 * schedule. See secrets.h.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "secrets.h"
#include "terms.h"
#include "model.h"
#include "names.h"
#include "certcheck.h"

typedef struct {
	tw_secrets *s;
	const tw_model *m;
} ctx;

static char *
vfmt(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (p = malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* The index of the step with this id in the story, or -1. */
static int
step_of(const tw_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->story.nstep; i++)
		if (strcmp(m->story.step[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* A new item at step (-1: the step never happened, and neither did this). */
static tw_secret *
item(ctx *c, const char *id, int step, const char *en, const char *zh)
{
	tw_secrets *s = c->s;
	tw_secret *it;

	if (step < 0 || s->oom)
		return NULL;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		tw_secret *p = realloc(s->item, cap * sizeof *p);
		if (p == NULL) {
			s->oom = 1;
			return NULL;
		}
		s->item = p;
		s->cap = cap;
	}
	it = &s->item[s->n++];
	memset(it, 0, sizeof *it);
	snprintf(it->id, sizeof it->id, "%s", id);
	it->step = step;
	it->title_en = strdup(en);
	it->title_zh = strdup(zh);
	it->v = TW_V_NA;
	if (it->title_en == NULL || it->title_zh == NULL)
		s->oom = 1;
	return it;
}

static tw_sline *
line(ctx *c, tw_secret *it, tw_sline_kind kind, const char *key, int detail)
{
	tw_sline *l;

	if (it == NULL || c->s->oom)
		return NULL;
	if (it->nline == it->cap) {
		size_t cap = it->cap ? 2 * it->cap : 8;
		tw_sline *p = realloc(it->line, cap * sizeof *p);
		if (p == NULL) {
			c->s->oom = 1;
			return NULL;
		}
		it->line = p;
		it->cap = cap;
	}
	l = &it->line[it->nline++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->key = key;
	l->detail = detail;
	l->src.step = -1;
	return l;
}

/* Give line l its two texts, each a format applied to the same arguments. */
static void
texts(ctx *c, tw_sline *l, const char *en, const char *zh, ...)
{
	va_list ap;

	if (l == NULL)
		return;
	va_start(ap, zh);
	l->en = vfmt(en, ap);
	va_end(ap);
	va_start(ap, zh);
	l->zh = vfmt(zh, ap);
	va_end(ap);
	if (l->en == NULL || l->zh == NULL)
		c->s->oom = 1;
}

/* A sentence in both languages. The two formats take the same arguments
 * (TEXT), or two ready sentences are given (TEXT2). */
#define TEXT(it, detail, en, zh, ...) \
	texts(c, line(c, it, TW_SL_TEXT, NULL, detail), en, zh, ##__VA_ARGS__)

static void
text2(ctx *c, tw_secret *it, int detail, const char *en, const char *zh)
{
	tw_sline *l = line(c, it, TW_SL_TEXT, NULL, detail);

	if (l == NULL)
		return;
	l->en = strdup(en);
	l->zh = strdup(zh);
	if (l->en == NULL || l->zh == NULL)
		c->s->oom = 1;
}

static tw_sline *
hexl(ctx *c, tw_secret *it, const char *key, int detail, const uint8_t *b, size_t n,
	const char *en, const char *zh)
{
	tw_sline *l = line(c, it, TW_SL_HEX, key, detail);

	if (l == NULL)
		return NULL;
	l->bytes = b;
	l->len = n;
	texts(c, l, "%s", "%s", en);
	free(l->zh);
	l->zh = strdup(zh);
	if (l->zh == NULL)
		c->s->oom = 1;
	return l;
}

/* A check: its verdict folds into the item's. */
static void
check(ctx *c, tw_secret *it, const char *key, tw_verdict v, const char *en, const char *zh)
{
	tw_sline *l = line(c, it, TW_SL_CHECK, key, 0);

	if (l == NULL)
		return;
	l->v = v;
	l->en = strdup(en);
	l->zh = strdup(zh);
	if (l->en == NULL || l->zh == NULL)
		c->s->oom = 1;
	if (v == TW_V_NA)
		return;
	if (v == TW_V_MISMATCH || it->v == TW_V_MISMATCH)
		it->v = TW_V_MISMATCH;
	else if (v == TW_V_MISSING || it->v == TW_V_MISSING)
		it->v = TW_V_MISSING;
	else
		it->v = TW_V_OK;
}

/* Append a named part to l's bytes, right after the previous one. A part
 * that would run past the bytes there are (a trace a capture left empty)
 * is not named: a part always names bytes that exist. */
static void
part(tw_sline *l, const char *key, const char *en, const char *zh, size_t len, tw_hue hue)
{
	tw_spart *p;
	size_t off, have;

	if (l == NULL || l->npart >= TW_SPART_MAX)
		return;
	off = l->npart ? l->part[l->npart - 1].off + l->part[l->npart - 1].len : 0;
	have = l->kind == TW_SL_PRF ? (l->prf ? l->prf->seed_len : 0) : l->len;
	if (len == 0 || off + len > have)
		return;
	p = &l->part[l->npart];
	p->key = key;
	p->en = en;
	p->zh = zh;
	p->off = off;
	p->len = len;
	p->hue = hue;
	l->npart++;
}

/* The first field with this id in a tree (depth first), or NULL. */
static const tw_field *
find_field(const tw_field *f, const char *id)
{
	const tw_field *r;
	size_t i;

	if (f->id && strcmp(f->id, id) == 0)
		return f;
	for (i = 0; i < f->nchild; i++)
		if ((r = find_field(&f->child[i], id)) != NULL)
			return r;
	return NULL;
}

/* Line l's value was taken from field id of step: Enter there shows it. */
static void
from_field(ctx *c, tw_sline *l, int step, const char *id)
{
	const tw_field *f;

	if (l == NULL)
		return;
	l->src.step = -1;
	if (step < 0 || (size_t)step >= c->m->story.nstep
		|| (f = find_field(&c->m->tree[step], id)) == NULL)
		return;
	l->src.step = step;
	l->src.off = f->off;
	l->src.len = f->len;
}

/* Line l's value was cut from line key of item id (shown at step). */
static void
from_line(tw_sline *l, int step, const char *id, const char *key)
{
	if (l == NULL)
		return;
	l->src.step = step;
	l->src.item = id;
	l->src.key = key;
}

/* A PRF line whose seed is label ‖ the parts given (NULL-terminated
 * name triples and their lengths, in order): the seed cut into named
 * parts, so every frontend can show which bytes are which. */
static tw_sline *
prf(ctx *c, tw_secret *it, const tw_prf_trace *t, const char *seed_en, const char *seed_zh)
{
	tw_sline *l = line(c, it, TW_SL_PRF, "prf", 1);

	if (l == NULL)
		return NULL;
	l->prf = t;
	l->en = strdup(seed_en);
	l->zh = strdup(seed_zh);
	if (l->en == NULL || l->zh == NULL)
		c->s->oom = 1;
	/* The label comes first, as RFC 5246 §5 hashes it: seed = label ‖ seed_in. */
	if (t->label == NULL)
		return NULL;   /* an empty trace: no parts to name (the line stays) */
	part(l, "label", "label", "标签", strlen(t->label), TW_HUE_LABEL);
	return l;
}

static const char *
dir_en(tw_dir d)
{
	return d == TW_C2S ? "client" : "server";
}

static const char *
dir_zh(tw_dir d)
{
	return d == TW_C2S ? "客户端" : "服务器";
}

/* ------------------------------------------------------------- the items */

/* A random: 32 bytes sent in clear in its hello, in its side's colour,
 * linked to the hello's Random field. */
static tw_secret *
random_item(ctx *c, const char *id, const char *step_id, tw_term_id term, tw_hue hue,
	const uint8_t *value)
{
	tw_secret *it;
	char en[120], zh[120];

	snprintf(en, sizeof en, "%s — 32 bytes, sent in clear", tw_term(term, 0));
	snprintf(zh, sizeof zh, "%s — 32 字节，明文发送", tw_term(term, 1));
	it = item(c, id, step_of(c->m, step_id), en, zh);
	if (it) {
		it->value = value;
		it->value_len = 32;
		from_field(c, hexl(c, it, "value", 0, value, 32, tw_term(term, 0), tw_term(term, 1)),
			it->step, "tls.hello.random");
		if (it->nline > 0)
			it->line[it->nline - 1].hue = hue;
	}
	return it;
}

static void
randoms(ctx *c)
{
	const tw_model *m = c->m;
	const tw_hs *hs = &m->hs;
	tw_secret *it;
	const char *nm;

	random_item(c, "client_random", "tls-client-hello", TW_T_CLIENT_RANDOM,
		TW_HUE_CLIENT_RANDOM, hs->client_random);
	it = random_item(c, "server_random", "tls-server-hello", TW_T_SERVER_RANDOM,
		TW_HUE_SERVER_RANDOM, hs->server_random);
	if (it) {
		nm = tw_name_suite(hs->suite);
		TEXT(it, 0, "cipher suite chosen: 0x%04x %s", "选定的加密组件：0x%04x %s",
			hs->suite, nm ? nm : "?");
		if (m->wire.engine_ms_known[0] && m->wire.engine_ms_known[1])
			check(c, it, "engines_agree", m->wire.engine_suite[0] == hs->suite
				&& m->wire.engine_suite[1] == hs->suite ? TW_V_OK : TW_V_MISMATCH,
				"both engines report this suite", "两个引擎报告的都是这个加密组件");
	}
}

/* An RSA PKCS#1 v1.5 signature opened (certsig.h): sig^e mod n, and when
 * it is well formed the block taken apart and the hash inside it. The key
 * is the signer's certificate's, or (issuer) the issuer's. */
static void
pkcs1_lines(ctx *c, tw_secret *it, const tw_pkcs1_open *o, size_t hash_len, int issuer)
{
	hexl(c, it, "signature_opened", 1, o->block, o->len,
		issuer ? "sig^e mod n: opened with the issuer's public key (n, e)"
		: "sig^e mod n: opened with the certificate's public key (n, e)",
		issuer ? "sig^e mod n：用签发者的公钥 (n, e) 打开签名"
		: "sig^e mod n：用证书中的公钥 (n, e) 打开签名");
	if (o->v != TW_V_OK)
		return;
	TEXT(it, 1, "the block, as PKCS#1 v1.5 lays it out: 00 01, %zu bytes of FF, 00, the DigestInfo naming the hash (%zu bytes), then the hash (%zu bytes)",
		"按 PKCS#1 v1.5 的格式读这个块：00 01、%zu 个 FF 字节、00、标明摘要算法的 DigestInfo（%zu 字节），然后是摘要（%zu 字节）",
		o->ff_len, o->prefix_len, hash_len);
	hexl(c, it, "signature_hash_inside", 1, o->block + o->len - hash_len, hash_len,
		"the hash inside the signature", "签名里面的摘要");
}

static void
server_params(ctx *c)
{
	const tw_model *m = c->m;
	const tw_hs *hs = &m->hs;
	const tw_keys *k = &m->keys;
	const tw_engine_facts *sf = &m->wire.fact[TW_S2C];
	tw_secret *it;
	const char *cn = tw_name_group(hs->curve), *sn = tw_name_sigscheme(hs->sig_alg);
	int x25519 = hs->curve == 29;

	if (!hs->have_ske)
		return;
	it = item(c, "server_params", step_of(m, "tls-server-key-exchange"),
		x25519 ? "Server Params — x25519: public value S = X25519(s, 9)"
		: "Server Params — public point S = s × G",
		x25519 ? "Server Params — x25519：公开值 S = X25519(s, 9)"
		: "Server Params — 公钥点 S = s × G");
	if (it == NULL)
		return;
	it->value = hs->server_point;
	it->value_len = hs->server_point_len;
	TEXT(it, 0, "named group 0x%04x %s", "命名曲线 0x%04x %s", hs->curve, cn ? cn : "?");
	from_field(c, hexl(c, it, "public_point", 0, hs->server_point, hs->server_point_len,
		"S, the server's public value (sent in clear)", "S：服务器的公开值（明文发送）"),
		it->step, "tls.ske.pubkey");
	if (sf->scalar_len == 0 && m->source != TW_SOURCE_ENGINES)
		check(c, it, "private_scalar", TW_V_MISSING,
			"s, the server's ephemeral private key, known only to the server: never left the real server, so it is missing here",
			"s：服务器的临时私钥，只有服务器知道：从未离开真实的服务器，所以这里没有");
	if (sf->scalar_len > 0) {
		hexl(c, it, "private_scalar", 1, sf->scalar, sf->scalar_len,
			"s, the server's ephemeral private key: known only to the server (never sent; recorded from the engine)",
			"s：服务器的临时私钥：只有服务器知道（从不发送；从引擎记录）");
		check(c, it, "scalar_verdict", k->server_scalar,
			x25519 ? "X25519(s, 9) equals S" : "s × G equals S",
			x25519 ? "X25519(s, 9) 等于 S" : "s × G 等于 S");
	}
	TEXT(it, 0, "signed with %s (0x%04x) over client random ‖ server random ‖ params (%zu bytes)",
		"用 %s（0x%04x）对客户端随机数 ‖ 服务器随机数 ‖ 参数（%zu 字节）签名",
		sn ? sn : "?", hs->sig_alg, k->signed_len);
	if (k->signed_data)
		hexl(c, it, "signed_data", 1, k->signed_data, k->signed_len,
			"the signed bytes", "被签名的字节");
	if (k->signed_hash_len)
		hexl(c, it, "signed_hash", 1, k->signed_hash, k->signed_hash_len,
			"their hash", "它们的摘要");
	if (k->ske_open.len) {
		hexl(c, it, "signature", 1, hs->sig, hs->sig_len,
			"sig, the RSA signature (sent in the ServerKeyExchange)",
			"sig：RSA 签名（在 ServerKeyExchange 中发送）");
		pkcs1_lines(c, it, &k->ske_open, k->signed_hash_len, 0);
		check(c, it, "signature_block_verdict", k->ske_open.v,
			"the block is 00 01 FF…FF 00, the DigestInfo, and the hash computed above",
			"这个块正是 00 01 FF…FF 00、DigestInfo 和上面算出的摘要");
	}
	if (k->ecdsa_rs_len) {
		hexl(c, it, "ecdsa_r", 1, k->ecdsa_r, k->ecdsa_rs_len, "ECDSA r", "ECDSA r");
		hexl(c, it, "ecdsa_s", 1, k->ecdsa_s, k->ecdsa_rs_len, "ECDSA s", "ECDSA s");
	}
	check(c, it, "signature_verdict", k->ske_sig,
		"signature checked with the certificate's public key",
		"用证书中的公钥验证签名");
}

static void
chain(ctx *c)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	tw_secret *it;
	char when[40];
	struct tm tm;
	time_t now = m->now;

	if (m->hs.ncert == 0)
		return;
	it = item(c, "certificate_chain", step_of(m, "tls-server-hello-done"),
		"certificate chain checked", "证书链验证");
	if (it == NULL)
		return;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	/* Both formats take every argument; each skips (%.0s) what belongs
	 * to the other language. */
	TEXT(it, 0, "%zu certificate%s for \"%s\", validated anew by BearSSL's X.509 engine at %s%s%.0s: %s (%s)",
		"%zu 张证书%.0s，域名 \"%s\"，由 BearSSL 的 X.509 引擎在 %s%.0s%s 重新验证：%s（%s）",
		m->hs.ncert, m->hs.ncert == 1 ? "" : "s", m->host, when,
		m->source == TW_SOURCE_CAPTURE ? " (the time of the connection's first captured packet)"
		: m->seeded ? " (the clock --seed fixes)" : "",
		m->source == TW_SOURCE_CAPTURE ? "（抓包中这条连接第一个报文的时间）"
		: m->seeded ? "（--seed 固定的时钟）" : "",
		tw_br_err_name(k->chain_err), tw_br_err_text(k->chain_err));
	check(c, it, "verdict", k->chain_v, "trusted for this name at this time",
		"此时对该域名可信");
	{
		/* BearSSL accepts some certificates browsers refuse: say so. */
		tw_cert_facts leaf, f, sha1 = { 0 };
		char en[700], zh[700];
		size_t i;

		tw_cert_facts_read(m->hs.cert[0], m->hs.cert_len[0], &leaf);
		for (i = 0; i < m->hs.ncert; i++) {
			tw_cert_facts_read(m->hs.cert[i], m->hs.cert_len[i], &f);
			if (f.decoded && f.signer_hash == 2 && sha1.decoded == 0)
				sha1 = f;
		}
		tw_cert_browser_notes(&leaf, sha1.decoded ? &sha1 : NULL, en, sizeof en, zh, sizeof zh);
		if (en[0]) {
			char en2[760], zh2[760];
			snprintf(en2, sizeof en2, "What a browser would do: %s", en);
			snprintf(zh2, sizeof zh2, "浏览器会怎样做：%s", zh);
			text2(c, it, 0, en2, zh2);
		}
	}
	if (it->nline > 0)
		it->line[it->nline - 1].rejected = 1;
}

/* Each link of the chain opened as a learner checks it by hand: the hash
 * of the signed part, the signature opened with the issuer's key. */
/* The leaf's name check, redone here: the subjectAltName's DNS names read
 * with our own DER reader, and the host matched against them by RFC 6125's
 * rules (a wildcard only as the whole left-most label). */
static void
name_check(ctx *c, tw_secret *it, const uint8_t *der, size_t len, const char *host)
{
	char names[8][TW_DNS_MAX], list[600] = "", list_zh[600] = "", en[700], zh[700];
	size_t n = tw_cert_dns_names(der, len, names, 8), k, used = 0, used_zh = 0;
	int hit = 0;

	for (k = 0; k < n; k++) {
		hit |= tw_cert_name_matches(names[k], host);
		if (used < sizeof list)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", names[k]);
		if (used_zh < sizeof list_zh)
			used_zh += (size_t)snprintf(list_zh + used_zh, sizeof list_zh - used_zh, "%s%s",
				k ? "、" : "", names[k]);
	}
	if (n == 0) {
		TEXT(it, 0, "no DNS name in a subjectAltName: the name %s can only be in the subject's CN, which browsers no longer read",
			"subjectAltName 中没有 DNS 名称：域名 %s 只能在主体的 CN 里，而浏览器已不再看 CN", host);
		return;
	}
	snprintf(en, sizeof en, "the names it is for (subjectAltName): %s", list);
	snprintf(zh, sizeof zh, "它适用的域名（subjectAltName）：%s", list_zh);
	text2(c, it, 0, en, zh);
	snprintf(en, sizeof en, hit ? "the name asked for, %s, is one of them" : "the name asked for, %s, is none of them", host);
	snprintf(zh, sizeof zh, hit ? "请求的域名 %s 是其中之一" : "请求的域名 %s 不在其中", host);
	check(c, it, "name_check", hit ? TW_V_OK : TW_V_MISMATCH, en, zh);
}

static void
chain_links(ctx *c)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	size_t i;

	for (i = 0; i < k->nlinks; i++) {
		const tw_cert_link *l = &k->links[i];
		tw_secret *it;
		tw_cert_facts f;
		char id[40], en[200], zh[200], from[24], to[24], now[24];
		struct tm tm;
		time_t t;
		int inside;

		snprintf(id, sizeof id, "certificate_link_%zu", i + 1);
		if (!l->parsed || l->hash_len == 0) {
			snprintf(en, sizeof en, "certificate %zu ← its signature", i + 1);
			snprintf(zh, sizeof zh, "证书 %zu ← 它的签名", i + 1);
		} else if (l->from == TW_ISSUER_NEXT) {
			snprintf(en, sizeof en, "certificate %zu ← signed with certificate %zu's key", i + 1, i + 2);
			snprintf(zh, sizeof zh, "证书 %zu ← 用证书 %zu 的密钥签名", i + 1, i + 2);
		} else if (l->from == TW_ISSUER_ANCHOR) {
			snprintf(en, sizeof en, "certificate %zu ← signed with the key of a trusted root", i + 1);
			snprintf(zh, sizeof zh, "证书 %zu ← 用受信任根证书的密钥签名", i + 1);
		} else {
			snprintf(en, sizeof en, "certificate %zu ← signed with a key neither sent nor among the trusted roots", i + 1);
			snprintf(zh, sizeof zh, "证书 %zu ← 签名用的密钥既没有发送，也不在受信任的根证书中", i + 1);
		}
		it = item(c, id, step_of(m, "tls-server-hello-done"), en, zh);
		if (it == NULL)
			return;
		if (!l->parsed) {
			check(c, it, "signature_verdict", TW_V_MISSING,
				"the certificate's structure could not be read", "无法读取这张证书的结构");
			continue;
		}
		TEXT(it, 0, "signature algorithm %s; the signed part (tbsCertificate) is %zu bytes",
			"签名算法 %s；被签名的部分（tbsCertificate）有 %zu 字节",
			l->alg ? l->alg : "(not one tlswalk knows)", l->tbs_len);
		tw_cert_facts_read(m->hs.cert[i], m->hs.cert_len[i], &f);
		if (f.decoded) {
			t = f.not_before; gmtime_r(&t, &tm); strftime(from, sizeof from, "%Y-%m-%d", &tm);
			t = f.not_after; gmtime_r(&t, &tm); strftime(to, sizeof to, "%Y-%m-%d", &tm);
			t = m->now; gmtime_r(&t, &tm); strftime(now, sizeof now, "%Y-%m-%d", &tm);
			inside = m->now >= f.not_before && m->now <= f.not_after;
			snprintf(en, sizeof en, "valid from %s to %s; the clock says %s: %s", from, to, now,
				inside ? "inside" : m->now < f.not_before ? "not yet valid" : "expired");
			snprintf(zh, sizeof zh, "有效期 %s 至 %s；时钟是 %s：%s", from, to, now,
				inside ? "在有效期内" : m->now < f.not_before ? "尚未生效" : "已过期");
			text2(c, it, 0, en, zh);
		}
		if (i == 0 && m->host[0])
			name_check(c, it, m->hs.cert[0], m->hs.cert_len[0], m->host);
		if (l->hash_len)
			hexl(c, it, "tbs_hash", 1, l->tbs_hash, l->hash_len,
				"the hash of the signed part", "被签名部分的摘要");
		hexl(c, it, "signature", 1, l->sig, l->sig_len,
			"sig, the signature (at the end of the certificate)", "sig：签名（在证书末尾）");
		if (l->rsa.len)
			pkcs1_lines(c, it, &l->rsa, l->hash_len, 1);
		if (l->rs_len) {
			hexl(c, it, "ecdsa_r", 1, l->r, l->rs_len, "ECDSA r", "ECDSA r");
			hexl(c, it, "ecdsa_s", 1, l->s, l->rs_len, "ECDSA s", "ECDSA s");
		}
		if (l->hash_len == 0)
			check(c, it, "signature_verdict", TW_V_MISSING,
				"tlswalk does not recompute this signature algorithm: not checked here",
				"tlswalk 不会重新计算这种签名算法：这里没有验证");
		else if (l->from == TW_ISSUER_UNKNOWN)
			check(c, it, "signature_verdict", TW_V_MISSING,
				"the issuer's key was neither sent nor is it among the trusted roots: this link cannot be checked",
				"签发者的密钥既没有发送，也不在受信任的根证书中：这一环无法验证");
		else
			check(c, it, "signature_verdict", l->v,
				l->rsa.len ? "the block is 00 01 FF…FF 00, the DigestInfo, and the hash of the signed part"
				: "the signature checked with the issuer's public key",
				l->rsa.len ? "这个块正是 00 01 FF…FF 00、DigestInfo 和被签名部分的摘要"
				: "用签发者的公钥验证签名");
	}
}

static void
client_params(ctx *c)
{
	const tw_model *m = c->m;
	const tw_hs *hs = &m->hs;
	const tw_keys *k = &m->keys;
	const tw_engine_facts *cf = &m->wire.fact[TW_C2S];
	int step = step_of(m, "tls-client-key-exchange");
	tw_secret *it;

	if (!hs->have_cke)
		return;
	if (hs->client_point_len > 0) {
		int x25519 = hs->curve == 29;
		it = item(c, "client_params", step,
			x25519 ? "Client Params — x25519: public value C = X25519(c, 9)"
			: "Client Params — public point C = c × G",
			x25519 ? "Client Params — x25519：公开值 C = X25519(c, 9)"
			: "Client Params — 公钥点 C = c × G");
		if (it == NULL)
			return;
		it->value = hs->client_point;
		it->value_len = hs->client_point_len;
		from_field(c, hexl(c, it, "public_point", 0, hs->client_point, hs->client_point_len,
			"C, the client's public value (sent in clear)", "C：客户端的公开值（明文发送）"),
			step, "tls.cke.pubkey");
		if (cf->scalar_len == 0 && m->source != TW_SOURCE_ENGINES)
			check(c, it, "private_scalar", TW_V_MISSING,
				"c, the client's ephemeral private key, known only to the client: never left the real client, so it is missing here",
				"c：客户端的临时私钥，只有客户端知道：从未离开真实的客户端，所以这里没有");
		if (cf->scalar_len > 0) {
			hexl(c, it, "private_scalar", 1, cf->scalar, cf->scalar_len,
				"c, the client's ephemeral private key: known only to the client (never sent; recorded from the engine)",
				"c：客户端的临时私钥：只有客户端知道（从不发送；从引擎记录）");
			check(c, it, "scalar_verdict", k->client_scalar,
				x25519 ? "X25519(c, 9) equals C" : "c × G equals C",
				x25519 ? "X25519(c, 9) 等于 C" : "c × G 等于 C");
		}
	}
	if (hs->rsa_epms_len > 0) {
		it = item(c, "encrypted_pre_master_secret", step,
			"the pre-master secret, encrypted with the server's RSA public key",
			"用服务器 RSA 公钥加密的预主密钥");
		if (it == NULL)
			return;
		it->value = hs->rsa_epms;
		it->value_len = hs->rsa_epms_len;
		from_field(c, hexl(c, it, "value", 0, hs->rsa_epms, hs->rsa_epms_len,
			"ciphertext (sent in clear; only the private key opens it)",
			"密文（明文发送；只有私钥能解开）"), step, "tls.cke.epms");
		if (k->rsa_block_len > 0) {
			hexl(c, it, "decrypted_block", 1, k->rsa_block, k->rsa_block_len,
				"opened with the server's private key: the PKCS#1 v1.5 block 00 02 ‖ padding ‖ 00 ‖ pre-master secret",
				"用服务器私钥解开：PKCS#1 v1.5 块 00 02 ‖ 填充 ‖ 00 ‖ 预主密钥");
			if (k->rsa_pad_len)
				TEXT(it, 1, "%zu bytes of random non-zero padding, then 00, then 48 bytes whose first two, %02x %02x, are the version the client offered",
					"%zu 字节随机非零填充，然后是 00，然后是 48 字节，其前两字节 %02x %02x 是客户端提出的版本",
					k->rsa_pad_len, k->pms[0], k->pms[1]);
			if (k->rsa_block_v != TW_V_MISSING)
				check(c, it, "block_verdict", k->rsa_block_v,
					"equals the block the client engine encrypted",
					"与客户端引擎加密前的块一致");
		} else
			TEXT(it, 0, "not opened here: the server's private key is not known to tlswalk",
				"未在此解开：tlswalk 不知道服务器私钥");
	}
}

/* Diffie-Hellman from both ends: each side's secret scalar, known only to
 * it, and the computation each makes with it and the other's public
 * value; both give the pre-master secret. What a real peer kept is
 * missing, with why. */
static void
dh_sides(ctx *c, tw_secret *it)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	int x = k->curve == 29, sd, ske = step_of(m, "tls-server-key-exchange"),
		cke = step_of(m, "tls-client-key-exchange");
	char ls[32] = "?", lc[32] = "?";
	/* [0] the server with s and the client's C, [1] the client with c
	 * and the server's S; each public value named by the step that
	 * carried it. */
	const struct {
		const char *who_en, *who_zh;
		char mine, peer;
		const uint8_t *scalar, *out;
		size_t scalar_len, out_len;
		const char *from;
	} side[2] = {
		{ "server", "服务器", 's', 'C', m->wire.fact[TW_S2C].scalar,
		  k->pms_server_side, m->wire.fact[TW_S2C].scalar_len, k->pms_server_side_len, lc },
		{ "client", "客户端", 'c', 'S', m->wire.fact[TW_C2S].scalar,
		  k->pms_client_side, m->wire.fact[TW_C2S].scalar_len, k->pms_client_side_len, ls },
	};
	static const char *const keys[2][2] = {
		{ "server_scalar", "server_computes" }, { "client_scalar", "client_computes" }
	};

	if (ske >= 0)
		tw_step_label(&m->story.step[ske], 0, ls, sizeof ls);
	if (cke >= 0)
		tw_step_label(&m->story.step[cke], 0, lc, sizeof lc);
	for (sd = 0; sd < 2; sd++) {
		char en[200], zh[200], f[40];
		snprintf(f, sizeof f, x ? "X25519(%c, %c)" : "x(%c × %c)", side[sd].mine, side[sd].peer);
		if (side[sd].scalar_len > 0) {
			snprintf(en, sizeof en, "%c, known only to the %s (its ephemeral private key)",
				side[sd].mine, side[sd].who_en);
			snprintf(zh, sizeof zh, "%c：只有%s知道（%s的临时私钥）", side[sd].mine,
				side[sd].who_zh, side[sd].who_zh);
			hexl(c, it, keys[sd][0], 1, side[sd].scalar, side[sd].scalar_len, en, zh);
		}
		if (side[sd].out_len > 0) {
			snprintf(en, sizeof en, "the %s computes %s, with %c from %s", side[sd].who_en, f,
				side[sd].peer, side[sd].from);
			snprintf(zh, sizeof zh, "%s计算 %s，%c 来自 %s", side[sd].who_zh, f, side[sd].peer,
				side[sd].from);
			hexl(c, it, keys[sd][1], 1, side[sd].out, side[sd].out_len, en, zh);
		} else {
			/* Prose, not a check: the pre-master secret itself is
			 * verified from the other side; only this view is missing. */
			snprintf(en, sizeof en, "the %s's %s: missing — %c never left the real %s, so it cannot be redone here",
				side[sd].who_en, f, side[sd].mine, side[sd].who_en);
			snprintf(zh, sizeof zh, "%s的 %s：缺失——%c 从未离开真实的%s，这里无法重算",
				side[sd].who_zh, f, side[sd].mine, side[sd].who_zh);
			text2(c, it, 1, en, zh);
		}
	}
	if (k->pms_server_side_len > 0 && k->pms_client_side_len > 0)
		check(c, it, "sides_agree", k->pms_sides,
			x ? "X25519(s, C) = X25519(c, S): both sides reach the same secret"
			: "s × C = c × S = (s·c) × G: both sides reach the same point",
			x ? "X25519(s, C) = X25519(c, S)：两边得到同一个秘密"
			: "s × C = c × S = (s·c) × G：两边得到同一个点");
}

static void
pms_ms_keys(ctx *c)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	const tw_suite *s = k->suite;
	/* Known once the key exchange is complete; in a resumed handshake
	 * there is none, and both sides know the carried-over master secret
	 * (and so the keys) once the ServerHello accepts the session. */
	int step = m->hs.resumed ? step_of(m, "tls-server-hello")
		: step_of(m, "tls-client-key-exchange");
	tw_secret *it;
	tw_sline *l, *kb;
	char how_en[200], how_zh[200];
	/* the PRF seeds, in the order each PRF takes the randoms */
	char cs_en[80], cs_zh[80], sc_en[80], sc_zh[80];
	size_t i, off;
	/* kind: 0 MAC key, 1 write key, 2 fixed IV */
	static const struct slice {
		const char *key;
		tw_term_id term;
		int kind;
		tw_dir dir;
		tw_hue hue;
	} slices[] = {
		{ "client_write_mac_key", TW_T_CLIENT_WRITE_MAC_KEY, 0, TW_C2S, TW_HUE_CLIENT_MAC },
		{ "server_write_mac_key", TW_T_SERVER_WRITE_MAC_KEY, 0, TW_S2C, TW_HUE_SERVER_MAC },
		{ "client_write_key", TW_T_CLIENT_WRITE_KEY, 1, TW_C2S, TW_HUE_CLIENT_KEY },
		{ "server_write_key", TW_T_SERVER_WRITE_KEY, 1, TW_S2C, TW_HUE_SERVER_KEY },
		{ "client_write_iv", TW_T_CLIENT_WRITE_IV, 2, TW_C2S, TW_HUE_CLIENT_IV },
		{ "server_write_iv", TW_T_SERVER_WRITE_IV, 2, TW_S2C, TW_HUE_SERVER_IV },
	};

	snprintf(cs_en, sizeof cs_en, "%s ‖ %s", tw_term(TW_T_CLIENT_RANDOM, 0), tw_term(TW_T_SERVER_RANDOM, 0));
	snprintf(cs_zh, sizeof cs_zh, "%s ‖ %s", tw_term(TW_T_CLIENT_RANDOM, 1), tw_term(TW_T_SERVER_RANDOM, 1));
	snprintf(sc_en, sizeof sc_en, "%s ‖ %s", tw_term(TW_T_SERVER_RANDOM, 0), tw_term(TW_T_CLIENT_RANDOM, 0));
	snprintf(sc_zh, sizeof sc_zh, "%s ‖ %s", tw_term(TW_T_SERVER_RANDOM, 1), tw_term(TW_T_CLIENT_RANDOM, 1));

	if (k->pms_len > 0) {
		if (k->kx == TW_KX_RSA) {
			snprintf(how_en, sizeof how_en, "pre-master secret = the last 48 bytes of the decrypted block");
			snprintf(how_zh, sizeof how_zh, "预主密钥 = 解密后块的最后 48 字节");
		} else if (k->curve == 29) {
			snprintf(how_en, sizeof how_en, "pre-master secret = X25519(s, C) = X25519(c, S), all 32 bytes");
			snprintf(how_zh, sizeof how_zh, "预主密钥 = X25519(s, C) = X25519(c, S)，全部 32 字节");
		} else if (m->wire.fact[TW_S2C].scalar_len == 0) {
			/* --connect: only the client's scalar is known here. */
			snprintf(how_en, sizeof how_en, "pre-master secret = x-coordinate of c × S (the server computes s × C: the same point)");
			snprintf(how_zh, sizeof how_zh, "预主密钥 = c × S 的 x 坐标（服务器计算 s × C，得到同一个点）");
		} else {
			snprintf(how_en, sizeof how_en, "pre-master secret = x-coordinate of s × C (the client computes c × S: the same point)");
			snprintf(how_zh, sizeof how_zh, "预主密钥 = s × C 的 x 坐标（客户端计算 c × S，得到同一个点）");
		}
		it = item(c, "pre_master_secret", step, how_en, how_zh);
		if (it) {
			it->value = k->pms;
			it->value_len = k->pms_len;
			hexl(c, it, "value", 0, k->pms, k->pms_len, tw_term(TW_T_PRE_MASTER_SECRET, 0),
				tw_term(TW_T_PRE_MASTER_SECRET, 1));
			if (k->kx == TW_KX_ECDHE)
				dh_sides(c, it);
			if (k->pms_engines != TW_V_MISSING)
				check(c, it, "engines", k->pms_engines,
					"equals what the engines computed themselves",
					"与引擎自己算出的一致");
			check(c, it, "verdict", k->pms_v,
				"the master secret derived from it matches the engines'",
				"由它导出的主密钥与引擎的一致");
		}
	}
	if (!k->ms_derived && !m->wire.given_ms_known)
		return;
	if (k->ms_derived) {
		snprintf(how_en, sizeof how_en, "%s = PRF(%s, \"master secret\", %s), 48 bytes",
			tw_term(TW_T_MASTER_SECRET, 0), tw_term(TW_T_PRE_MASTER_SECRET, 0), cs_en);
		snprintf(how_zh, sizeof how_zh, "%s = PRF(%s, \"master secret\", %s)，48 字节",
			tw_term(TW_T_MASTER_SECRET, 1), tw_term(TW_T_PRE_MASTER_SECRET, 1), cs_zh);
		it = item(c, "master_secret", step, how_en, how_zh);
	} else if (m->wire.given_ms_known == TW_MS_RESUMED)
		it = item(c, "master_secret", step, "master secret — the session's, carried over from connection 1, 48 bytes",
			"主密钥 — 会话的主密钥，沿用自连接 1，48 字节");
	else
		it = item(c, "master_secret", step, "master secret — from the key log, 48 bytes",
			"主密钥 — 取自密钥日志，48 字节");
	if (it) {
		it->value = k->ms;
		it->value_len = 48;
		if (k->ms_derived) {
			/* No session hash: BearSSL 0.6 never negotiates the
			 * extended master secret (RFC 7627), and a capture's
			 * master secret comes from its key log, not from here. */
			l = prf(c, it, &k->ms_trace, cs_en, cs_zh);
			part(l, "client_random", tw_term(TW_T_CLIENT_RANDOM, 0), tw_term(TW_T_CLIENT_RANDOM, 1),
				32, TW_HUE_CLIENT_RANDOM);
			part(l, "server_random", tw_term(TW_T_SERVER_RANDOM, 0), tw_term(TW_T_SERVER_RANDOM, 1),
				32, TW_HUE_SERVER_RANDOM);
		}
		else if (m->wire.given_ms_known == TW_MS_RESUMED)
			TEXT(it, 0, "carried over from the first connection: the session resumed keeps its master secret, and no key exchange happens",
				"沿用第一次连接的：恢复的会话保留其主密钥，不再进行密钥交换");
		else
			TEXT(it, 0, "taken from the key log: the pre-master secret is not known here",
				"取自密钥日志：这里不知道预主密钥");
		hexl(c, it, "value", 0, k->ms, 48, tw_term(TW_T_MASTER_SECRET, 0),
			tw_term(TW_T_MASTER_SECRET, 1));
		if (k->ms_client != TW_V_MISSING)
			check(c, it, "client_engine", k->ms_client, "equals the client engine's",
				"与客户端引擎的一致");
		if (k->ms_server != TW_V_MISSING)
			check(c, it, "server_engine", k->ms_server, "equals the server engine's",
				"与服务器引擎的一致");
	}
	if (s == NULL || k->kb_trace.out_len == 0)
		return;
	snprintf(how_en, sizeof how_en, "%s = PRF(%s, \"key expansion\", %s)",
		tw_term(TW_T_KEY_BLOCK, 0), tw_term(TW_T_MASTER_SECRET, 0), sc_en);
	snprintf(how_zh, sizeof how_zh, "%s = PRF(%s, \"key expansion\", %s)",
		tw_term(TW_T_KEY_BLOCK, 1), tw_term(TW_T_MASTER_SECRET, 1), sc_zh);
	it = item(c, "key_block", step, how_en, how_zh);
	if (it == NULL)
		return;
	l = prf(c, it, &k->kb_trace, sc_en, sc_zh);
	/* RFC 5246 §6.3: the server random first here, unlike the master secret's seed. */
	part(l, "server_random", tw_term(TW_T_SERVER_RANDOM, 0), tw_term(TW_T_SERVER_RANDOM, 1),
		32, TW_HUE_SERVER_RANDOM);
	part(l, "client_random", tw_term(TW_T_CLIENT_RANDOM, 0), tw_term(TW_T_CLIENT_RANDOM, 1),
		32, TW_HUE_CLIENT_RANDOM);
	kb = hexl(c, it, "key_block", 1, k->kb_trace.out, k->kb_trace.out_len,
		"key block, cut in order into the pieces below", "密钥块，依次切分为下面各段");
	/* The slices in the order RFC 5246 §6.3 cuts them; a suite without
	 * MAC keys (AEAD) or IVs (ChaCha20) has zero-length ones, left out. */
	for (i = 0; i < sizeof slices / sizeof slices[0]; i++) {
		const struct slice *sl = &slices[i];
		size_t n = sl->kind == 0 ? s->mac_key_len : sl->kind == 1 ? s->key_len : s->fixed_iv_len;
		const tw_dir_keys *dk = &k->dk[sl->dir];
		const uint8_t *b = sl->kind == 0 ? dk->mac_key : sl->kind == 1 ? dk->key : dk->iv;
		const char *name_en = tw_term(sl->term, 0), *name_zh = tw_term(sl->term, 1);
		char en[120], zh[120];
		tw_sline *v;

		if (n == 0)
			continue;
		off = kb && kb->npart ? kb->part[kb->npart - 1].off + kb->part[kb->npart - 1].len : 0;
		part(kb, sl->key, name_en, name_zh, n, sl->hue);
		snprintf(en, sizeof en, "%s: key block bytes %zu–%zu (%zu)", name_en, off, off + n - 1, n);
		snprintf(zh, sizeof zh, "%s：%s第 %zu–%zu 字节（%zu 字节）", name_zh,
			tw_term(TW_T_KEY_BLOCK, 1), off, off + n - 1, n);
		v = hexl(c, it, sl->key, 0, b, n, en, zh);
		if (v)
			v->hue = sl->hue;
		from_line(v, it->step, "key_block", "key_block");
	}
	if (!s->fixed_iv_len) {
		char en[200], zh[200];
		snprintf(en, sizeof en, "no IVs in the key block: %s", s->rp->nonce_rule);
		snprintf(zh, sizeof zh, "密钥块中没有 IV：%s", s->rp->nonce_rule_zh);
		text2(c, it, 0, en, zh);
	}
	check(c, it, "verdict", k->keys_v, "every encrypted record opens with these keys",
		"每条加密记录都能用这些密钥解开");
}

/* The step whose bytes hold stream offset off of direction d. */
static int
step_of_byte(const tw_model *m, tw_dir d, size_t off)
{
	size_t i;

	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		if (st->kind == TW_STEP_TLS && st->dir == d && off >= st->stream_off
			&& off < st->stream_off + st->len)
			return (int)i;
	}
	return -1;
}

/* Each message a hash covers, with its length and the step that carried
 * it; the total is the number of bytes hashed. */
static void
msg_info(ctx *c, tw_sline *l)
{
	const tw_model *m = c->m;
	size_t i, n = l->nmsgs + (l->plus_fin ? 1 : 0);

	l->msg = calloc(n ? n : 1, sizeof *l->msg);
	if (l->msg == NULL) {
		c->s->oom = 1;
		return;
	}
	for (i = 0; i < l->nmsgs; i++) {
		const tw_hs_msg *h = &m->hs.msg[l->msgs[i]];
		tw_smsg *o = &l->msg[i];
		o->type = h->type;
		o->dir = h->dir;
		o->len = h->len;
		o->step = step_of_byte(m, h->dir, h->stream_off);
		if (o->step >= 0) {
			const tw_step *st = &m->story.step[o->step];
			o->off = h->stream_off - st->stream_off;
			o->span = (h->stream_end < st->stream_off + st->len ? h->stream_end
				: st->stream_off + st->len) - h->stream_off;
		}
		l->msg_total += h->len;
	}
	if (l->plus_fin) {
		/* The other side's Finished, hashed as decrypted: 4-byte header
		 * and 12 bytes of verify_data, whose field locates it. */
		tw_smsg *o = &l->msg[i];
		const tw_field *f;
		o->type = TW_HS_FINISHED;
		o->dir = l->plus_fin == 2 ? TW_S2C : TW_C2S;
		o->len = 16;
		o->decrypted = 1;
		o->step = step_of(m, l->plus_fin == 2 ? "tls-server-finished" : "tls-client-finished");
		if (o->step >= 0 && (f = find_field(&m->tree[o->step], "tls.finished.verify_data")) != NULL
			&& f->off >= 4) {
			o->off = f->off - 4;
			o->span = 16;
		}
		l->msg_total += 16;
	}
	l->nmsg = n;
}

static void
cert_verify(ctx *c)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	tw_secret *it;

	if (!m->hs.have_cert_verify)
		return;
	it = item(c, "certificate_verify", step_of(m, "tls-certificate-verify"),
		"CertificateVerify — the client proves it holds its certificate's private key",
		"CertificateVerify — 客户端证明它持有证书的私钥");
	if (it == NULL)
		return;
	if (k->cv_hash_len)
		hexl(c, it, "hash", 1, k->cv_hash, k->cv_hash_len,
			"hash of every handshake message before it", "此前所有握手报文的摘要");
	check(c, it, "verdict", k->cv_sig, "signature checked with the client certificate's public key",
		"用客户端证书中的公钥验证签名");
}

static void
finished(ctx *c, int server)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	tw_secret *it;
	tw_sline *l;
	char en[200], zh[200];

	snprintf(en, sizeof en, "%s verify_data = PRF(master secret, \"%s finished\", SHA-%d(handshake messages)), 12 bytes",
		server ? "server" : "client", server ? "server" : "client", k->prf_hash);
	snprintf(zh, sizeof zh, "%s verify_data = PRF(主密钥, \"%s finished\", SHA-%d(握手报文))，12 字节",
		server ? "服务器" : "客户端", server ? "server" : "client", k->prf_hash);
	it = item(c, server ? "server_finished" : "client_finished",
		step_of(m, server ? "tls-server-finished" : "tls-client-finished"), en, zh);
	if (it == NULL || k->hs_hash_len == 0) {
		if (it)
			check(c, it, "verdict", TW_V_MISSING, "equals the decrypted Finished",
				"与解密后的 Finished 一致");
		return;
	}
	l = line(c, it, TW_SL_MSGS, "messages", 1);
	if (l) {
		l->msgs = server ? k->server_hs_msgs : k->client_hs_msgs;
		l->nmsgs = server ? k->server_hs_nmsgs : k->client_hs_nmsgs;
		l->plus_fin = server && k->server_hs_has_client_finished ? 1
			: !server && k->client_hs_has_server_finished ? 2 : 0;
		texts(c, l, "the hash covers, in order", "摘要覆盖的报文，按顺序");
		msg_info(c, l);
	}
	snprintf(en, sizeof en, "hash = SHA-%d of those messages", k->prf_hash);
	snprintf(zh, sizeof zh, "摘要 = 这些报文的 SHA-%d", k->prf_hash);
	l = hexl(c, it, "hash", 1, server ? k->server_hs_hash : k->client_hs_hash, k->hs_hash_len,
		en, zh);
	if (l)
		l->hue = TW_HUE_HASH;
	l = prf(c, it, server ? &k->server_vd_trace : &k->client_vd_trace, "hash", tw_term(TW_T_DIGEST, 1));
	part(l, "hash", "handshake hash", "握手报文摘要", k->hs_hash_len, TW_HUE_HASH);
	it->value = server ? k->server_vd : k->client_vd;
	it->value_len = 12;
	from_field(c, hexl(c, it, "value", 0, it->value, 12, "verify_data = the first 12 bytes of P(1)",
		"verify_data = P(1) 的前 12 字节"), it->step, "tls.finished.verify_data");
	check(c, it, "verdict", server ? k->server_vd_v : k->client_vd_v,
		"equals the decrypted Finished", "与解密后的 Finished 一致");
}

/* The step that shows record r. */
static int
step_of_record(const tw_model *m, int r)
{
	size_t i;

	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		if (st->kind == TW_STEP_TLS && st->rec_first >= 0 && r >= st->rec_first
			&& r < st->rec_first + st->rec_count)
			return (int)i;
	}
	return -1;
}

/* "Opened with the client write key", in that key's colour and linked to
 * its slice of the key block, so the learner sees which key is used where. */
static void
key_used(ctx *c, tw_secret *it, tw_dir d)
{
	const tw_secret *kb = tw_secrets_find(c->s, "key_block");
	const char *key = d == TW_C2S ? "client_write_key" : "server_write_key";
	const tw_sline *sl = kb ? tw_secrets_line(c->s, "key_block", key) : NULL;
	tw_sline *l;
	char en[160], zh[160];

	if (sl == NULL)
		return;
	snprintf(en, sizeof en, "opened with the %s write key (%zu bytes, from the key block)",
		dir_en(d), sl->len);
	snprintf(zh, sizeof zh, "用%s写密钥解密（%zu 字节，来自密钥块）", dir_zh(d), sl->len);
	text2(c, it, 0, en, zh);
	l = &it->line[it->nline - 1];
	if (c->s->oom)
		return;
	l->key = "key";
	l->hue = sl->hue;
	from_line(l, kb->step, "key_block", key);
}

static void
records(ctx *c)
{
	const tw_model *m = c->m;
	const tw_keys *k = &m->keys;
	size_t i;

	for (i = 0; i < k->nopened; i++) {
		const tw_opened *o = &k->opened[i];
		const tw_record *r = &m->wire.rec[o->rec];
		const uint8_t *rb = tw_wire_record_bytes(&m->wire, (size_t)o->rec);
		const char *ct = tw_name_content_type(r->type);
		char id[40], en[200], zh[200];
		tw_secret *it;

		snprintf(id, sizeof id, "record-%d", o->rec);
		snprintf(en, sizeof en, "Record %d (%s) opened with the %s write key, %s, sequence number %llu",
			o->rec, ct ? ct : "?", dir_en(r->dir), o->family, (unsigned long long)r->seq);
		snprintf(zh, sizeof zh, "记录 %d（%s）用%s写密钥解密，%s，序号 %llu",
			o->rec, ct ? ct : "?", dir_zh(r->dir), o->family, (unsigned long long)r->seq);
		if ((it = item(c, id, step_of_record(m, o->rec), en, zh)) == NULL)
			continue;
		it->only_here = 1;
		key_used(c, it, r->dir);
		if (k->suite)
			text2(c, it, 0, k->suite->rp->nonce_rule, k->suite->rp->nonce_rule_zh);
		if (o->iv_len)
			hexl(c, it, "explicit", 0, rb + o->iv_off, o->iv_len,
				o->mac_inside ? "IV (sent in the record)" : "explicit nonce (sent in the record)",
				o->mac_inside ? "IV（随记录发送）" : "显式 nonce（随记录发送）");
		if (o->nonce_len)
			hexl(c, it, "nonce", 0, o->nonce, o->nonce_len, "nonce", "nonce");
		if (o->aad_len)
			hexl(c, it, "aad", 0, o->aad, o->aad_len,
				o->mac_inside ? "MAC header = seq ‖ type ‖ version ‖ length"
				: "additional data = seq ‖ type ‖ version ‖ length",
				o->mac_inside ? "MAC 头 = 序号 ‖ 类型 ‖ 版本 ‖ 长度"
				: "附加数据 = 序号 ‖ 类型 ‖ 版本 ‖ 长度");
		if (o->mac_inside && o->plain != NULL && o->mac_len) {
			hexl(c, it, "mac", 0, o->plain + o->content_len, o->mac_len,
				"MAC (decrypted)", "MAC（解密后）");
			hexl(c, it, "mac_recomputed", 0, o->mac_calc, o->mac_len,
				"HMAC recomputed over header ‖ content", "对头 ‖ 内容重新计算的 HMAC");
			TEXT(it, 0, "padding: %zu bytes", "填充：%zu 字节", o->pad_len);
		} else if (!o->mac_inside && o->mac_len && o->mac_off + o->mac_len <= r->len)
			hexl(c, it, "tag", 0, rb + o->mac_off, o->mac_len, "tag", "认证标签");
		check(c, it, "tag_verdict", o->tag,
			o->mac_inside ? "MAC and padding check" : "tag check",
			o->mac_inside ? "MAC 和填充检查" : "认证标签检查");
		if (o->tag != TW_V_OK)
			continue;
		it->value = o->plain;
		it->value_len = o->plain_len;
		if (r->type == TW_CT_APPDATA) {
			hexl(c, it, "plaintext", 0, o->plain, o->plain_len, "decrypted", "解密得到");
			if (it->nline > 0)
				it->line[it->nline - 1].as_text = 1;
			/* Live: a real peer's plaintext is known only as tlswalk's
			 * engine received it. A capture has neither side's
			 * plaintext to compare with: no line at all. */
			if (m->source == TW_SOURCE_CAPTURE)
				;
			else if (m->source != TW_SOURCE_ENGINES
				&& (int)r->dir != (m->source == TW_SOURCE_LISTEN))
				check(c, it, "matches_sent", o->matches_sent,
					"same as what tlswalk's engine received", "与 tlswalk 的引擎收到的相同");
			else
				check(c, it, "matches_sent", o->matches_sent,
					"same as what the sending engine was given", "与发送方写入的相同");
		} else if (r->type == TW_CT_ALERT && o->plain_len == 2) {
			const char *an = tw_name_alert(o->plain[1]);
			/* the level in words of each language (%.0s skips the other's);
			 * the description keeps the RFC's name, as Wireshark shows it */
			tw_term_id lv = o->plain[0] == 1 ? TW_T_ALERT_WARNING : TW_T_ALERT_FATAL;
			int known = o->plain[0] == 1 || o->plain[0] == 2;
			TEXT(it, 0, "decrypted: alert level %u (%s%.0s), %s", "解密得到：警报级别 %u（%.0s%s），%s",
				o->plain[0], known ? tw_term(lv, 0) : "?", known ? tw_term(lv, 1) : "?",
				an ? an : "?");
		} else if (r->type == TW_CT_HANDSHAKE && o->plain_len == 16 && o->plain[0] == 20) {
			hexl(c, it, "plaintext", 0, o->plain, o->plain_len,
				"decrypted: 14 = Finished, 00000c = length 12, then verify_data",
				"解密得到：14 = Finished，00000c = 长度 12，然后是 verify_data");
		} else
			hexl(c, it, "plaintext", 0, o->plain, o->plain_len, "decrypted", "解密得到");
	}
}

/* What the man in the middle did, on the step it did it to, and the
 * receiver's check of it recomputed from the bytes the receiver got. */
static void
attacks(ctx *c)
{
	const tw_model *m = c->m;
	size_t i;

	for (i = 0; i < m->wire.nattack; i++) {
		const tw_attack_event *a = &m->wire.attack[i];
		tw_secret *it = item(c, "attacker", step_of_byte(m, a->dir, a->off),
			"⚡ the attacker in the middle", "⚡ 中间的攻击者");
		tw_verdict v;

		if (it == NULL)
			continue;
		it->only_here = 1;
		{
			/* (TEXT formats both languages with the same arguments.) */
			char en[320], zh[320];
			snprintf(en, sizeof en, "%s (at offset %zu of the %s's stream)", a->what_en,
				a->off, dir_en(a->dir));
			snprintf(zh, sizeof zh, "%s（%s数据流的偏移 %zu 处）", a->what_zh, dir_zh(a->dir),
				a->off);
			text2(c, it, 0, en, zh);
		}
		v = tw_keys_check_attack(&m->wire, &m->hs, &m->keys, a, m->sc.attack.kind);
		if (v == TW_V_MISSING)
			TEXT(it, 0, "what the receiver made of it: see the failure, or, if there is none, nothing noticed it",
				"接收方如何处理：见失败说明；如果没有失败，就是没有任何检查发现它");
		else if (m->sc.attack.kind == TW_ATK_DOWNGRADE)
			check(c, it, "finished_over_received", v,
				"the client's verify_data, recomputed over the ClientHello the server received",
				"对服务器收到的 ClientHello 重新计算客户端的 verify_data");
		else if (!m->wire.rec[a->rec].encrypted)
			check(c, it, "signature_over_received", v,
				"the ServerKeyExchange signature, checked again over the parameters the client received",
				"对客户端收到的参数重新验证 ServerKeyExchange 签名");
		else
			check(c, it, "tag_over_received", v,
				"the record's tag (or MAC), recomputed over the bytes the receiver got",
				"对接收方收到的字节重新计算记录的认证标签（或 MAC）");
	}
}

/* record-now-decrypt-later: what the eavesdropper recovered with the
 * recorded bytes and the server's private key alone. */
static void
eavesdropper(ctx *c)
{
	const tw_model *m = c->m;
	const tw_keys *e = &m->eve;
	int step = step_of(m, "tls-client-key-exchange");
	tw_secret *it;
	size_t i, ok = 0;

	if (!m->eavesdropped)
		return;
	it = item(c, "eavesdropper", step,
		"an eavesdropper with the recorded bytes and, later, the server's private key",
		"拥有录下的字节、后来又拿到服务器私钥的窃听者");
	if (it == NULL)
		return;
	if (e->pms_len == 0) {
		TEXT(it, 0, "cannot compute the pre-master secret: it came from two ephemeral secrets (s and c) that were never sent and are gone; the server's key only signed",
			"算不出预主密钥：它来自两个从未发送、用完即弃的临时秘密（s 和 c）；服务器的私钥只用来签名");
		check(c, it, "pre_master_secret", TW_V_MISSING, "pre-master secret recovered",
			"恢复出预主密钥");
		return;
	}
	hexl(c, it, "pre_master_secret", 0, e->pms, e->pms_len,
		"pre-master secret, opened from the recorded ClientKeyExchange with the server's key",
		"用服务器私钥从录下的 ClientKeyExchange 中解出的预主密钥");
	check(c, it, "same_pre_master_secret", e->pms_len == m->keys.pms_len
		&& memcmp(e->pms, m->keys.pms, e->pms_len) == 0 ? TW_V_OK : TW_V_MISMATCH,
		"equals the connection's own", "与连接本身的一致");
	hexl(c, it, "master_secret", 0, e->ms, 48, tw_term(TW_T_MASTER_SECRET, 0),
		tw_term(TW_T_MASTER_SECRET, 1));
	for (i = 0; i < e->nopened; i++)
		ok += e->opened[i].tag == TW_V_OK;
	TEXT(it, 0, "records decrypted: %zu of %zu", "解密的记录：%zu / %zu", ok, e->nopened);
	for (i = 0; i < e->nopened; i++)
		if (e->opened[i].tag == TW_V_OK && m->wire.rec[e->opened[i].rec].type == TW_CT_APPDATA
			&& m->wire.rec[e->opened[i].rec].dir == TW_C2S) {
			hexl(c, it, "http_request", 0, e->opened[i].plain, e->opened[i].plain_len,
				"the HTTP request, read", "读出的 HTTP 请求");
			it->line[it->nline - 1].as_text = 1;
			break;
		}
	check(c, it, "verdict", e->keys_v, "every record opens with the keys it derived",
		"用它推导出的密钥能打开每一条记录");
}

/* see secrets.h */
int
tw_secrets_build(const tw_model *m, tw_secrets *s)
{
	ctx cc = { s, m }, *c = &cc;

	memset(s, 0, sizeof *s);
	randoms(c);
	server_params(c);
	chain(c);
	chain_links(c);
	client_params(c);
	pms_ms_keys(c);
	cert_verify(c);
	finished(c, 0);
	finished(c, 1);
	records(c);
	attacks(c);
	eavesdropper(c);
	return s->oom ? -1 : 0;
}

/* see secrets.h */
void
tw_secrets_free(tw_secrets *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->item[i].nline; j++) {
			free(s->item[i].line[j].en);
			free(s->item[i].line[j].zh);
			free(s->item[i].line[j].msg);
		}
		free(s->item[i].line);
		free(s->item[i].title_en);
		free(s->item[i].title_zh);
	}
	free(s->item);
	memset(s, 0, sizeof *s);
}

/* see secrets.h */
tw_verdict
tw_secrets_records(const tw_secrets *s, size_t *n, size_t *ok)
{
	size_t i, bad = 0;

	*n = *ok = 0;
	for (i = 0; i < s->n; i++)
		if (s->item[i].only_here) {
			(*n)++;
			*ok += s->item[i].v == TW_V_OK;
			bad += s->item[i].v == TW_V_MISMATCH;
		}
	return bad ? TW_V_MISMATCH : *n && *ok == *n ? TW_V_OK : TW_V_MISSING;
}

/* see secrets.h */
const tw_secret *
tw_secrets_find(const tw_secrets *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->item[i].id, id) == 0)
			return &s->item[i];
	return NULL;
}

/* see secrets.h */
const tw_sline *
tw_secrets_line(const tw_secrets *s, const char *id, const char *key)
{
	const tw_secret *it = tw_secrets_find(s, id);
	size_t j;

	for (j = 0; it && j < it->nline; j++)
		if (it->line[j].key && strcmp(it->line[j].key, key) == 0)
			return &it->line[j];
	return NULL;
}

/* see secrets.h */
const char *
tw_hue_name(tw_hue h, int zh)
{
	static const char *const names[TW_HUE_COUNT][2] = {
		[TW_HUE_NONE] = { "", "" },
		[TW_HUE_LABEL] = { "label", "标签" },
		[TW_HUE_CLIENT_RANDOM] = { "client random", "客户端随机数" },
		[TW_HUE_SERVER_RANDOM] = { "server random", "服务器随机数" },
		[TW_HUE_HASH] = { "handshake hash", "握手报文摘要" },
		[TW_HUE_CLIENT_MAC] = { "client write MAC key", "客户端写 MAC 密钥" },
		[TW_HUE_SERVER_MAC] = { "server write MAC key", "服务器写 MAC 密钥" },
		[TW_HUE_CLIENT_KEY] = { "client write key", "客户端写密钥" },
		[TW_HUE_SERVER_KEY] = { "server write key", "服务器写密钥" },
		[TW_HUE_CLIENT_IV] = { "client write IV", "客户端写 IV" },
		[TW_HUE_SERVER_IV] = { "server write IV", "服务器写 IV" },
	};

	return (unsigned)h < TW_HUE_COUNT ? names[h][zh ? 1 : 0] : "";
}

/* see secrets.h */
const tw_sline *
tw_secrets_value(const tw_secrets *s, const char *key)
{
	size_t i, j;

	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->item[i].nline; j++)
			if (s->item[i].line[j].kind == TW_SL_HEX && s->item[i].line[j].key
				&& strcmp(s->item[i].line[j].key, key) == 0)
				return &s->item[i].line[j];
	return NULL;
}
