/*
 * ui_secrets.c — the secrets pane's lines for a step. See ui_secrets.h.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"
#include "ui_secrets.h"
#include "dump.h"

typedef struct {
	const tw_model *m;
	tw_doc *d;
	int zh, ascii, width;
} ctx;

#define T(en, zh_text) (c->zh ? (zh_text) : (en))

static const char *
verdict(const ctx *c, tw_verdict v)
{
	switch (v) {
	case TW_V_OK: return T("✓ verified", "✓ 已验证");
	case TW_V_MISMATCH: return T("✗ MISMATCH", "✗ 不一致");
	default: return T("? not computed", "? 未能计算");
	}
}

static tw_role
vrole(tw_verdict v)
{
	return v == TW_V_OK ? TW_ROLE_OK : TW_ROLE_BAD;
}

/* A section heading: "▶ " marks what this step introduced. */
static void
head(ctx *c, int is_new, const char *text)
{
	tw_doc_add(c->d, is_new ? TW_ROLE_NEW : TW_ROLE_HEAD, is_new, c->ascii, c->width,
		is_new ? "▶ " : "  ", text);
}

static void
text(ctx *c, int is_new, tw_role role, const char *t)
{
	tw_doc_add(c->d, role, is_new, c->ascii, c->width, "    ", t);
}

static void
textf(ctx *c, int is_new, tw_role role, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
textf(ctx *c, int is_new, tw_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	text(c, is_new, role, buf);
}

static void
hex(ctx *c, int is_new, const uint8_t *b, size_t n)
{
	tw_doc_hex(c->d, is_new, c->width, 6, b, n);
}

static void
labeled_hex(ctx *c, int is_new, const char *label, const uint8_t *b, size_t n)
{
	text(c, is_new, TW_ROLE_TEXT, label);
	hex(c, is_new, b, n);
}

/* rest: what follows the label in the seed, so "…" never hides an input. */
static void
prf_chain(ctx *c, int is_new, const tw_prf_trace *t, const char *rest)
{
	size_t i;
	char lab[96];

	textf(c, is_new, TW_ROLE_DIM, T("PRF = P_SHA%d: A(0) = seed, A(i) = HMAC(secret, A(i-1)), "
		"P(i) = HMAC(secret, A(i) ‖ seed); output = P(1) ‖ P(2) ‖ …",
		"PRF = P_SHA%d：A(0) = seed，A(i) = HMAC(secret, A(i-1))，"
		"P(i) = HMAC(secret, A(i) ‖ seed)；输出 = P(1) ‖ P(2) ‖ …"), t->hash);
	snprintf(lab, sizeof lab, T("seed = \"%s\" ‖ %s  (%zu bytes)", "seed = \"%s\" ‖ %s（%zu 字节）"),
		t->label, rest, t->seed_len);
	labeled_hex(c, is_new, lab, t->seed, t->seed_len);
	for (i = 0; i < t->nblocks; i++) {
		snprintf(lab, sizeof lab, "A(%zu)", i + 1);
		labeled_hex(c, is_new, lab, t->A[i], t->hlen);
		snprintf(lab, sizeof lab, "P(%zu) = HMAC(secret, A(%zu) ‖ seed)", i + 1, i + 1);
		labeled_hex(c, is_new, lab, t->P[i], t->hlen);
	}
}

static void
hs_list(ctx *c, int is_new, const int *idx, size_t n, int plus_cfin)
{
	char buf[512];
	size_t i, used = 0;

	for (i = 0; i < n && used < sizeof buf; i++) {
		const char *nm = tw_name_handshake(c->m->hs.msg[idx[i]].type);
		int k = snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", nm ? nm : "?");
		if (k > 0)
			used += (size_t)k;
	}
	if (plus_cfin && used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, T(", client Finished (decrypted)",
			", 客户端 Finished（解密后）"));
	textf(c, is_new, TW_ROLE_DIM, T("hash of: %s", "对这些消息做哈希：%s"), buf);
}

static void
http_text(ctx *c, const uint8_t *b, size_t n)
{
	char line[512];
	size_t i = 0, k;

	while (i < n) {
		k = 0;
		while (i < n && b[i] != '\n' && k + 5 < sizeof line) {
			if (b[i] == '\r')
				;
			else if (b[i] >= 0x20 && b[i] < 0x7f)
				line[k++] = (char)b[i];
			else
				k += (size_t)snprintf(line + k, sizeof line - k, "\\x%02x", b[i]);
			i++;
		}
		if (i < n && b[i] == '\n')
			i++;
		line[k] = 0;
		tw_doc_add(c->d, TW_ROLE_VALUE, 1, c->ascii, c->width, "    │ ", line);
	}
}

/* The records of the current step, opened with the derived keys. */
static void
opened_records(ctx *c, const tw_step *st)
{
	const tw_model *m = c->m;
	int i;

	if (st->kind != TW_STEP_TLS)
		return;
	for (i = 0; i < st->rec_count; i++) {
		const tw_opened *o = tw_keys_opened(&m->keys, st->rec_first + i);
		const tw_record *r;
		const char *ct;
		char lab[160];

		if (o == NULL)
			continue;
		r = &m->wire.rec[o->rec];
		ct = tw_name_content_type(r->type);
		snprintf(lab, sizeof lab, T("Record %d (%s) opened with the %s write key, AES-GCM, sequence number %llu",
			"记录 %d（%s）用%s写密钥解密，AES-GCM，序列号 %llu"),
			o->rec, ct ? ct : "?", r->dir == TW_C2S ? T("client", "客户端") : T("server", "服务器"),
			(unsigned long long)r->seq);
		head(c, 1, lab);
		labeled_hex(c, 1, T("nonce = write IV ‖ explicit nonce", "nonce = 写 IV ‖ 显式 nonce"), o->nonce, 12);
		labeled_hex(c, 1, T("additional data = seq ‖ type ‖ version ‖ length",
			"附加数据 = 序列号 ‖ 类型 ‖ 版本 ‖ 长度"), o->aad, 13);
		textf(c, 1, vrole(o->tag), T("GCM tag: %s", "GCM 标签：%s"), verdict(c, o->tag));
		if (o->tag != TW_V_OK)
			continue;
		if (r->type == TW_CT_APPDATA) {
			textf(c, 1, TW_ROLE_TEXT, T("decrypted, %zu bytes (same as what the sender wrote: %s):",
				"解密得到 %zu 字节（与发送方写入的相同：%s）："), o->plain_len,
				verdict(c, o->matches_sent));
			http_text(c, o->plain, o->plain_len);
		} else if (r->type == TW_CT_ALERT && o->plain_len == 2) {
			const char *an = tw_name_alert(o->plain[1]);
			textf(c, 1, TW_ROLE_VALUE, T("decrypted: alert level %u (%s), %s",
				"解密得到：告警级别 %u（%s），%s"), o->plain[0],
				o->plain[0] == 1 ? "warning" : "fatal", an ? an : "?");
		} else if (r->type == TW_CT_HANDSHAKE && o->plain_len == 16 && o->plain[0] == 20) {
			/* Say what the 16 bytes are: the link to verify_data above. */
			labeled_hex(c, 1, T("decrypted: 14 = Finished, 00000c = length 12, then verify_data",
				"解密得到：14 = Finished，00000c = 长度 12，然后是 verify_data"),
				o->plain, o->plain_len);
		} else {
			labeled_hex(c, 1, T("decrypted", "解密得到"), o->plain, o->plain_len);
		}
	}
}

/* ⑧ or ⑩: verify_data from the hash of the handshake messages. The two
 * sides differ only in label, message list and values. */
static void
finished(ctx *c, int n, const tw_keys *k, int server)
{
	char lab[256];
	const uint8_t *hash = server ? k->server_hs_hash : k->client_hs_hash;
	const uint8_t *vd = server ? k->server_vd : k->client_vd;
	tw_verdict v = server ? k->server_vd_v : k->client_vd_v;

	if (server)
		snprintf(lab, sizeof lab, T("⑩ server verify_data = PRF(master secret, \"server finished\", SHA-%d(handshake messages)), 12 bytes",
			"⑩ 服务器 verify_data = PRF(主密钥, \"server finished\", SHA-%d(握手消息))，12 字节"), k->prf_hash);
	else
		snprintf(lab, sizeof lab, T("⑧ client verify_data = PRF(master secret, \"client finished\", SHA-%d(handshake messages)), 12 bytes",
			"⑧ 客户端 verify_data = PRF(主密钥, \"client finished\", SHA-%d(握手消息))，12 字节"), k->prf_hash);
	head(c, n, lab);
	if (n) {
		if (server)
			hs_list(c, n, k->server_hs_msgs, k->server_hs_nmsgs,
				k->server_hs_has_client_finished);
		else
			hs_list(c, n, k->client_hs_msgs, k->client_hs_nmsgs, 0);
		snprintf(lab, sizeof lab, T("hash = SHA-%d of those messages", "hash = 这些消息的 SHA-%d"),
			k->prf_hash);
		labeled_hex(c, n, lab, hash, k->hs_hash_len);
		prf_chain(c, n, server ? &k->server_vd_trace : &k->client_vd_trace, "hash");
		text(c, n, TW_ROLE_TEXT, T("verify_data = the first 12 bytes of P(1):",
			"verify_data = P(1) 的前 12 字节："));
	}
	hex(c, n, vd, 12);
	textf(c, n, vrole(v), T("equals the decrypted Finished: %s",
		"与解密后的 Finished 一致：%s"), verdict(c, v));
}

/* A captured TLS 1.3 connection: the lines dump13.c writes for the step
 * (the HKDF derivations, the records opened, the checks), verdicts
 * coloured. English labels: the values are the same in every language. */
static void
secrets13(ctx *c, const tw_step *st)
{
	char *buf = NULL, *p, *nl;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return;
	tw_dump13_step(f, c->m, st);
	fclose(f);
	for (p = buf; p != NULL && *p; p = nl + 1) {
		tw_role role = TW_ROLE_TEXT;
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = 0;
		if (strstr(p, "[verified]") != NULL)
			role = TW_ROLE_OK;
		else if (strstr(p, "[MISMATCH]") != NULL)
			role = TW_ROLE_BAD;
		else if (strstr(p, "[missing]") != NULL)
			role = TW_ROLE_DIM;
		tw_doc_add(c->d, role, 0, c->ascii, c->width, "", p);
		if (nl == NULL)
			break;
	}
	free(buf);
}

/* see ui_secrets.h */
void
tw_ui_secrets(const tw_model *m, int i, int zh, int ascii, int width, tw_doc *d)
{
	ctx cc = { m, d, zh, ascii, width }, *c = &cc;
	const tw_step *st;
	const tw_keys *k = &m->keys;
	const tw_hs *hs = &m->hs;
	unsigned kn, in;
	const char *nm;
	char lab[256];
	size_t b;

	if (i < 0 || (size_t)i >= m->story.nstep)
		return;
	st = &m->story.step[i];
	if (m->t13.present) {
		secrets13(c, st);
		return;
	}
	kn = st->known;
	in = st->introduced;
	if (kn == 0) {
		text(c, 0, TW_ROLE_DIM, T("Nothing random or secret yet: TCP carries no keys. "
			"The first random arrives with ① ClientHello.",
			"还没有随机数或秘密：TCP 不携带任何密钥。第一个随机数随 ① ClientHello 到来。"));
	}
	if (kn & TW_K_CLIENT_RANDOM) {
		int n = !!(in & TW_K_CLIENT_RANDOM);
		head(c, n, T("① client random — 32 bytes, sent in clear", "① 客户端随机数（client random）— 32 字节，明文发送"));
		hex(c, n, hs->client_random, 32);
	}
	if (kn & TW_K_SERVER_RANDOM) {
		int n = !!(in & TW_K_SERVER_RANDOM);
		head(c, n, T("② server random — 32 bytes, sent in clear", "② 服务器随机数（server random）— 32 字节，明文发送"));
		hex(c, n, hs->server_random, 32);
		nm = tw_name_suite(hs->suite);
		textf(c, n, TW_ROLE_TEXT, T("cipher suite chosen: 0x%04x %s", "选定的加密套件：0x%04x %s"),
			hs->suite, nm ? nm : "?");
	}
	if (kn & TW_K_SERVER_PARAMS) {
		int n = !!(in & TW_K_SERVER_PARAMS);
		nm = tw_name_group(hs->curve);
		snprintf(lab, sizeof lab, T("④ Server Params — curve %s: public point S = s × G",
			"④ Server Params — 曲线 %s：公开点 S = s × G"), nm ? nm : "?");
		head(c, n, lab);
		hex(c, n, hs->server_point, hs->server_point_len);
		if (n) {
			labeled_hex(c, n, T("s, the server's ephemeral private scalar (never sent; read from the engine)",
				"s：服务器的临时私钥（从不发送；从引擎读出）"),
				m->wire.fact[TW_S2C].scalar, m->wire.fact[TW_S2C].scalar_len);
			textf(c, n, vrole(k->server_scalar), T("s × G equals S: %s", "s × G 等于 S：%s"),
				verdict(c, k->server_scalar));
			nm = tw_name_sigscheme(hs->sig_alg);
			textf(c, n, TW_ROLE_TEXT, T("signed with %s over client random ‖ server random ‖ params (%zu bytes); hash:",
				"用 %s 对 client random ‖ server random ‖ params（%zu 字节）签名；哈希："),
				nm ? nm : "?", k->signed_len);
			hex(c, n, k->signed_hash, k->signed_hash_len);
		}
		textf(c, n, vrole(k->ske_sig), T("signature checked with the certificate's public key: %s",
			"用证书中的公钥验证签名：%s"), verdict(c, k->ske_sig));
	}
	if (kn & TW_K_CERT_CHAIN) {
		int n = !!(in & TW_K_CERT_CHAIN);
		snprintf(lab, sizeof lab, T("③ certificate chain (%zu certificates) for %s: %s",
			"③ 证书链（%zu 张证书），域名 %s：%s"), hs->ncert, m->host, verdict(c, k->chain_v));
		head(c, n, lab);
		if (n)
			textf(c, n, vrole(k->chain_v), T("validated anew by BearSSL's X.509 engine: %s — %s",
				"由 BearSSL 的 X.509 引擎重新验证：%s — %s"), tw_br_err_name(k->chain_err),
				tw_br_err_text(k->chain_err));
	}
	if (kn & TW_K_CLIENT_PARAMS) {
		int n = !!(in & TW_K_CLIENT_PARAMS);
		head(c, n, T("⑥ Client Params — public point C = c × G", "⑥ Client Params — 公开点 C = c × G"));
		hex(c, n, hs->client_point, hs->client_point_len);
	}
	if (kn & TW_K_PMS) {
		int n = !!(in & TW_K_PMS);
		head(c, n, T("pre-master secret = x-coordinate of s × C (the client computes c × S: the same point)",
			"预主密钥（pre-master secret）= s × C 的 x 坐标（客户端计算 c × S，得到同一个点）"));
		if (n) {
			text(c, n, TW_ROLE_DIM, T("inputs: s (④, the server's secret) and C (⑥, sent in clear)",
				"输入：s（④，服务器的秘密）和 C（⑥，明文发送）"));
			/* Name the output, or the hex reads as one of the inputs. */
			textf(c, n, TW_ROLE_TEXT, T("pre-master secret (%zu bytes):", "预主密钥（%zu 字节）："),
				k->pms_len);
		}
		hex(c, n, k->pms, k->pms_len);
		textf(c, n, vrole(k->pms_v), T("%s (BearSSL never shows it: verified because the master secret below matches)",
			"%s（BearSSL 不公开它：由下面的主密钥一致而得到验证）"), verdict(c, k->pms_v));
	}
	if (kn & TW_K_MS) {
		int n = !!(in & TW_K_MS);
		head(c, n, T("master secret = PRF(pre-master secret, \"master secret\", client random ‖ server random), 48 bytes",
			"主密钥（master secret）= PRF(预主密钥, \"master secret\", client random ‖ server random)，48 字节"));
		if (n)
			prf_chain(c, n, &k->ms_trace, "client random ‖ server random");
		if (n)
			text(c, n, TW_ROLE_TEXT, T("master secret = the first 48 bytes of P(1) ‖ P(2):",
				"主密钥 = P(1) ‖ P(2) 的前 48 字节："));
		hex(c, n, k->ms, 48);
		textf(c, n, (k->ms_client == TW_V_OK && k->ms_server == TW_V_OK) ? TW_ROLE_OK : TW_ROLE_BAD,
			T("equals the client engine's: %s; the server engine's: %s",
			"与客户端引擎的一致：%s；与服务器引擎的一致：%s"),
			verdict(c, k->ms_client), verdict(c, k->ms_server));
	}
	if (kn & TW_K_KEYS) {
		int n = !!(in & TW_K_KEYS);
		head(c, n, T("key block = PRF(master secret, \"key expansion\", server random ‖ client random)",
			"密钥块（key block）= PRF(主密钥, \"key expansion\", server random ‖ client random)"));
		if (n) {
			prf_chain(c, n, &k->kb_trace, "server random ‖ client random");
			snprintf(lab, sizeof lab, T("key block (%zu bytes), cut in order into:",
				"密钥块（%zu 字节），依次切分为："), k->kb_trace.out_len);
			labeled_hex(c, n, lab, k->kb_trace.out, k->kb_trace.out_len);
		}
		labeled_hex(c, n, T("client write key", "客户端写密钥（client write key）"), k->dk[0].key,
			k->suite ? k->suite->key_len : 0);
		labeled_hex(c, n, T("server write key", "服务器写密钥（server write key）"), k->dk[1].key,
			k->suite ? k->suite->key_len : 0);
		labeled_hex(c, n, T("client write IV", "客户端写 IV"), k->dk[0].iv,
			k->suite ? k->suite->fixed_iv_len : 0);
		labeled_hex(c, n, T("server write IV", "服务器写 IV"), k->dk[1].iv,
			k->suite ? k->suite->fixed_iv_len : 0);
		textf(c, n, vrole(k->keys_v), T("every encrypted record opens with these keys: %s",
			"每条加密记录都能用这些密钥解密：%s"), verdict(c, k->keys_v));
	}
	if (kn & TW_K_CLIENT_VD)
		finished(c, !!(in & TW_K_CLIENT_VD), k, 0);
	if (kn & TW_K_SERVER_VD)
		finished(c, !!(in & TW_K_SERVER_VD), k, 1);
	for (b = 0; b < 2; b++) {
		unsigned bit = b ? TW_K_HTTP_RESPONSE : TW_K_HTTP_REQUEST;
		if ((kn & bit) && !(in & bit))
			head(c, 0, b ? T("HTTP 2 response: decrypted and checked (see HTTP 2)",
				"HTTP 2 响应：已解密并验证（见 HTTP 2）")
				: T("HTTP 1 request: decrypted and checked (see HTTP 1)",
				"HTTP 1 请求：已解密并验证（见 HTTP 1）"));
	}
	opened_records(c, st);
}
