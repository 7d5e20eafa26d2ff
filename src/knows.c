/*
 * knows.c — who knows what at every step, from a built model. See knows.h.
 *
 * One row per value (a fact), in the order a learner meets them; each row
 * says, per party, at which step and how it learns the value. The rows are
 * facts of TLS 1.2 (RFC 5246): the randoms and the suite travel in clear
 * (§7.4.1); the certificate and the ECDHE parameters too (§7.4.2, §7.4.3,
 * RFC 8422 §5.4); each side keeps its ephemeral secret; the pre-master
 * secret is computed by both (ECDHE) or made by the client and decrypted by
 * the server (RSA, §7.4.7.1); the master secret and the keys follow (§8.1,
 * §6.3); Finished and application data are encrypted (§7.4.9). Which rows
 * exist, and at which step, is read from this run.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "knows.h"
#include "model.h"

typedef struct {
	const tw_model *m;
	tw_knows *k;
} ctx;

static tw_know_fact *
fact(ctx *c, const char *id, const char *en, const char *zh)
{
	tw_know_fact *f;

	if (c->k->n >= TW_KNOWS_MAX)
		return NULL;
	f = &c->k->fact[c->k->n++];
	memset(f, 0, sizeof *f);
	snprintf(f->id, sizeof f->id, "%s", id);
	f->en = f->en_brief = en;
	f->zh = f->zh_brief = zh;
	return f;
}

/* Party p learns f at step, how. A step that did not happen (-1) teaches
 * nothing; nor does one after the step the side that stopped a failed
 * connection rejected — and at that step it read the message in clear,
 * but accepted nothing from it. Two attacks differ: a replay is caught on
 * the copy, after the original was accepted, so the step still teaches
 * what the original carried; a changed message teaches nothing, not even
 * in clear, for what the stopper read is not what was sent (the client
 * of swap-params never saw the server's S, only the attacker's). */
static void
learn(ctx *c, tw_know_fact *f, tw_party p, tw_know_how how, int step)
{
	const tw_failure *fl = &c->m->failure;

	if (f == NULL || (how != TW_KH_HELD && step < 0))
		return;
	if (how != TW_KH_HELD && p != TW_PARTY_EVE && fl->failed && fl->at_step >= 0
		&& p == (fl->stopper == TW_C2S ? TW_PARTY_CLIENT : TW_PARTY_SERVER)
		&& (step > fl->at_step
			|| (step == fl->at_step && c->m->sc.attack.kind != TW_ATK_REPLAY
				&& (how != TW_KH_CLEAR || tw_model_step_attacked(c->m, step)))))
		return;
	f->how[p] = how;
	f->step[p] = how == TW_KH_HELD ? TW_KNOW_BEFORE : step;
}

/* A value sent in clear by one side at step: its own, the peer's and the
 * eavesdropper's. */
static void
sent_clear(ctx *c, tw_know_fact *f, tw_party sender, tw_know_how own, int step)
{
	learn(c, f, sender, own, step);
	learn(c, f, sender == TW_PARTY_CLIENT ? TW_PARTY_SERVER : TW_PARTY_CLIENT,
		TW_KH_CLEAR, step);
	learn(c, f, TW_PARTY_EVE, TW_KH_CLEAR, step);
}

/* A value sent encrypted by one side at step. */
static void
sent_encrypted(ctx *c, tw_know_fact *f, tw_party sender, tw_know_how own, int step)
{
	learn(c, f, sender, own, step);
	learn(c, f, sender == TW_PARTY_CLIENT ? TW_PARTY_SERVER : TW_PARTY_CLIENT,
		TW_KH_DECRYPTED, step);
	learn(c, f, TW_PARTY_EVE, TW_KH_CIPHER, step);
}

static void
later(tw_know_fact *f, int ok, int step)
{
	if (f != NULL && ok && step >= 0) {
		f->later = 1;
		f->later_step = step;
	}
}

/* The eavesdropper's recomputation opened an application-data record of
 * direction d. */
static int
eve_opened_app(const tw_model *m, tw_dir d)
{
	size_t i;

	for (i = 0; i < m->eve.nopened; i++) {
		const tw_opened *o = &m->eve.opened[i];
		if (o->tag == TW_V_OK && m->wire.rec[o->rec].type == TW_CT_APPDATA
			&& m->wire.rec[o->rec].dir == d)
			return 1;
	}
	return 0;
}

/* see knows.h */
void
tw_knows_build(const tw_model *m, tw_knows *k)
{
	ctx cc = { m, k }, *c = &cc;
	const tw_hs *hs = &m->hs;
	const tw_story *s = &m->story;
	const tw_keys *e = &m->eve;
	int ch = tw_story_find(s, "tls-client-hello"), sh = tw_story_find(s, "tls-server-hello");
	int cert = tw_story_find(s, "tls-certificate"), ske = tw_story_find(s, "tls-server-key-exchange");
	int ccert = tw_story_find(s, "tls-client-certificate"), cv = tw_story_find(s, "tls-certificate-verify");
	int cke = tw_story_find(s, "tls-client-key-exchange");
	int cfin = tw_story_find(s, "tls-client-finished"), sfin = tw_story_find(s, "tls-server-finished");
	int req = tw_story_find(s, "http-request"), resp = tw_story_find(s, "http-response");
	int eve = m->eavesdropped, rsa = hs->rsa_epms_len > 0;
	/* A resumed session carries its master secret over: no key exchange,
	 * and the keys follow from the ServerHello's random. */
	int resumed = hs->resumed || m->wire.given_ms_known == TW_MS_RESUMED;
	int keys_at = resumed ? sh : cke;
	tw_know_fact *f;
	size_t i;
	/* Narrow columns (80 columns of terminal) take these names. */
	static const struct { const char *id, *en, *zh; } brief[] = {
		{ "certificate_chain", "certificate", "公钥证书" },
		{ "server_params", "Server Params", "Server Params" },
		{ "client_params", "Client Params", "Client Params" },
		{ "server_scalar", "ECDHE secret s", "临时私钥 s" },
		{ "client_scalar", "ECDHE secret c", "临时私钥 c" },
		{ "server_private_key", "server private key", "服务器私钥" },
		{ "client_private_key", "client private key", "客户端私钥" },
		{ "encrypted_pre_master_secret", "encrypted pre-master", "加密的预主密钥" },
		{ "certificate_verify", "CertificateVerify", "CertificateVerify" },
	};

	memset(k, 0, sizeof *k);
	if (m->t13.present) {
		k->tls13 = 1;
		return;
	}
	k->later = eve;
	k->later_pms = eve && e->pms_len > 0;

	if (ch >= 0)
		sent_clear(c, fact(c, "client_random", "client random", "客户端随机数"),
			TW_PARTY_CLIENT, TW_KH_MADE, ch);
	if (sh >= 0) {
		sent_clear(c, fact(c, "server_random", "server random", "服务器随机数"),
			TW_PARTY_SERVER, TW_KH_MADE, sh);
		sent_clear(c, fact(c, "cipher_suite", "cipher suite", "加密组件"),
			TW_PARTY_SERVER, TW_KH_MADE, sh);
	}
	if (cert >= 0 && hs->ncert > 0) {
		f = fact(c, "certificate_chain", "certificate (public key)", "公钥证书");
		learn(c, f, TW_PARTY_SERVER, TW_KH_HELD, 0);
		learn(c, f, TW_PARTY_CLIENT, TW_KH_CLEAR, cert);
		learn(c, f, TW_PARTY_EVE, TW_KH_CLEAR, cert);
		f = fact(c, "server_private_key", "server's private key", "服务器私钥");
		learn(c, f, TW_PARTY_SERVER, TW_KH_HELD, 0);
		later(f, eve, 0);
	}
	if (ske >= 0 && hs->have_ske) {
		sent_clear(c, fact(c, "server_params", "Server Params (S)", "Server Params（S）"),
			TW_PARTY_SERVER, TW_KH_MADE, ske);
		learn(c, fact(c, "server_scalar", "server's ECDHE secret s", "服务器临时私钥 s"),
			TW_PARTY_SERVER, TW_KH_MADE, ske);
	}
	if (ccert >= 0 && hs->nclient_cert > 0) {
		f = fact(c, "client_certificate", "client certificate", "客户端证书");
		learn(c, f, TW_PARTY_CLIENT, TW_KH_HELD, 0);
		learn(c, f, TW_PARTY_SERVER, TW_KH_CLEAR, ccert);
		learn(c, f, TW_PARTY_EVE, TW_KH_CLEAR, ccert);
		learn(c, fact(c, "client_private_key", "client's private key", "客户端私钥"),
			TW_PARTY_CLIENT, TW_KH_HELD, 0);
	}
	if (cke >= 0 && hs->have_cke && hs->client_point_len > 0) {
		sent_clear(c, fact(c, "client_params", "Client Params (C)", "Client Params（C）"),
			TW_PARTY_CLIENT, TW_KH_MADE, cke);
		learn(c, fact(c, "client_scalar", "client's ECDHE secret c", "客户端临时私钥 c"),
			TW_PARTY_CLIENT, TW_KH_MADE, cke);
	}
	if (cke >= 0 && hs->have_cke && rsa)
		sent_clear(c, fact(c, "encrypted_pre_master_secret", "encrypted pre-master secret",
			"加密的预主密钥"), TW_PARTY_CLIENT, TW_KH_MADE, cke);
	if (cke >= 0 && hs->have_cke && (rsa || hs->client_point_len > 0)) {
		f = fact(c, "pre_master_secret", "pre-master secret", "预主密钥");
		learn(c, f, TW_PARTY_CLIENT, rsa ? TW_KH_MADE : TW_KH_COMPUTED, cke);
		learn(c, f, TW_PARTY_SERVER, rsa ? TW_KH_OPENED : TW_KH_COMPUTED, cke);
		later(f, eve && e->pms_len > 0, cke);
	}
	if (cv >= 0 && hs->have_cert_verify)
		sent_clear(c, fact(c, "certificate_verify", "CertificateVerify signature",
			"CertificateVerify 签名"), TW_PARTY_CLIENT, TW_KH_MADE, cv);
	if (resumed || (cke >= 0 && hs->have_cke)) {
		f = fact(c, "master_secret", "master secret", "主密钥");
		learn(c, f, TW_PARTY_CLIENT, resumed ? TW_KH_HELD : TW_KH_COMPUTED, cke);
		learn(c, f, TW_PARTY_SERVER, resumed ? TW_KH_HELD : TW_KH_COMPUTED, cke);
		later(f, eve && e->ms_derived, cke);
		f = fact(c, "key_block", "session keys", "会话密钥");
		learn(c, f, TW_PARTY_CLIENT, TW_KH_COMPUTED, keys_at);
		learn(c, f, TW_PARTY_SERVER, TW_KH_COMPUTED, keys_at);
		later(f, eve && e->kb_trace.out_len > 0, keys_at);
	}
	/* In a resumed handshake the server's Finished comes first; the order
	 * of the rows follows the steps. */
	if (sfin >= 0 && (cfin < 0 || sfin < cfin)) {
		f = fact(c, "server_finished", "server verify_data", "服务器 verify_data");
		sent_encrypted(c, f, TW_PARTY_SERVER, TW_KH_COMPUTED, sfin);
		later(f, eve && e->server_vd_v == TW_V_OK, sfin);
	}
	if (cfin >= 0) {
		f = fact(c, "client_finished", "client verify_data", "客户端 verify_data");
		sent_encrypted(c, f, TW_PARTY_CLIENT, TW_KH_COMPUTED, cfin);
		later(f, eve && e->client_vd_v == TW_V_OK, cfin);
	}
	if (sfin >= 0 && cfin >= 0 && sfin > cfin) {
		f = fact(c, "server_finished", "server verify_data", "服务器 verify_data");
		sent_encrypted(c, f, TW_PARTY_SERVER, TW_KH_COMPUTED, sfin);
		later(f, eve && e->server_vd_v == TW_V_OK, sfin);
	}
	if (req >= 0) {
		f = fact(c, "http_request", "HTTP request", "HTTP 请求");
		sent_encrypted(c, f, TW_PARTY_CLIENT, TW_KH_MADE, req);
		later(f, eve && eve_opened_app(m, TW_C2S), req);
	}
	if (resp >= 0) {
		f = fact(c, "http_response", "HTTP response", "HTTP 响应");
		sent_encrypted(c, f, TW_PARTY_SERVER, TW_KH_MADE, resp);
		later(f, eve && eve_opened_app(m, TW_S2C), resp);
	}
	for (i = 0; i < sizeof brief / sizeof brief[0]; i++)
		if ((f = (tw_know_fact *)tw_knows_find(k, brief[i].id)) != NULL) {
			f->en_brief = brief[i].en;
			f->zh_brief = brief[i].zh;
		}
}

/* see knows.h */
const tw_know_fact *
tw_knows_find(const tw_knows *k, const char *id)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->fact[i].id, id) == 0)
			return &k->fact[i];
	return NULL;
}

/* see knows.h */
int
tw_knows_has(const tw_know_fact *f, tw_party p, int step)
{
	return f->how[p] != TW_KH_NONE && f->how[p] != TW_KH_CIPHER && f->step[p] <= step;
}

/* see knows.h */
int
tw_knows_new(const tw_know_fact *f, tw_party p, int step)
{
	return f->how[p] != TW_KH_NONE && f->step[p] == step;
}

/* see knows.h */
int
tw_knows_lacks(const tw_know_fact *f, int step)
{
	return !tw_knows_has(f, TW_PARTY_EVE, step)
		&& (tw_knows_has(f, TW_PARTY_CLIENT, step) || tw_knows_has(f, TW_PARTY_SERVER, step));
}

/* see knows.h */
int
tw_knows_is_key(const tw_know_fact *f)
{
	return strcmp(f->id, "server_private_key") == 0;
}

/* see knows.h */
int
tw_knows_later(const tw_know_fact *f, int step)
{
	return f->later && f->later_step <= step;
}

/* see knows.h */
const char *
tw_knows_how_text(const tw_model *m, const tw_know_fact *f, tw_party p, int zh, int ascii,
	int brief, char *buf, size_t size)
{
	/* [how][brief][zh]: a format taking the step label. */
	static const char *const fmt[][2][2] = {
		[TW_KH_NONE]      = { { "", "" }, { "", "" } },
		[TW_KH_HELD]      = { { "held before the connection", "连接前已持有" }, { "held", "原有" } },
		[TW_KH_MADE]      = { { "its own, made at %s", "自己在 %s 生成" }, { "own %s", "生成%s" } },
		[TW_KH_CLEAR]     = { { "sent in clear at %s", "在 %s 明文传输" }, { "clear %s", "明文%s" } },
		[TW_KH_COMPUTED]  = { { "computed at %s", "在 %s 计算得出" }, { "calc %s", "计算%s" } },
		[TW_KH_OPENED]    = { { "decrypted with its private key at %s", "在 %s 用私钥解密得到" },
		                      { "RSA-dec %s", "私钥解密%s" } },
		[TW_KH_DECRYPTED] = { { "decrypted at %s", "在 %s 解密得到" }, { "dec %s", "解密%s" } },
		[TW_KH_CIPHER]    = { { "only its ciphertext, at %s", "在 %s 只看到密文" }, { "🔒%s", "🔒%s" } },
	};
	char label[32] = "";
	tw_know_how h = f->how[p];

	if (f->step[p] >= 0 && (size_t)f->step[p] < m->story.nstep)
		tw_step_label_lang(&m->story.step[f->step[p]], ascii, zh, label, sizeof label);
	snprintf(buf, size, fmt[h][brief ? 1 : 0][zh ? 1 : 0], label);
	return buf;
}

/* see knows.h */
const char *
tw_knows_party(tw_party p, int zh)
{
	static const char *const names[TW_PARTIES][2] = {
		{ "Client", "客户端" }, { "Server", "服务器" }, { "Eavesdropper", "窃听者" }
	};

	return names[p][zh ? 1 : 0];
}

/* see knows.h */
const char *
tw_knows_tls13_note(int zh)
{
	return zh ? "“谁知道什么”只对 TLS 1.2 连接列出：这个抓包是 TLS 1.3，它的密钥由另一套密钥调度（HKDF）导出，握手从 ServerHello 之后就加密了，这里没有计算。"
		: "Who knows what is worked out for TLS 1.2 connections only: this capture is TLS 1.3, whose keys come from another key schedule (HKDF) and whose handshake is encrypted after the ServerHello; it is not computed here.";
}

/* see knows.h */
const char *
tw_knows_later_note(const tw_knows *k, int zh)
{
	if (!k->later || k->later_pms)
		return NULL;
	return zh ? "即使事后拿到服务器私钥，仍然算不出预主密钥：它来自 s 和 c，两者从未发送。"
		: "Even with the server's private key, later, no pre-master secret: it came from s and c, never sent.";
}

/* One party's line: what it knows after step i, what it learned there
 * marked "+" with how. */
static void
print_party(FILE *out, const tw_model *m, const tw_knows *k, tw_party p, int i, int zh)
{
	char how[96];
	size_t j;
	int any = 0;

	fprintf(out, "  %s%s", tw_knows_party(p, zh), zh ? "：" : ": ");
	for (j = 0; j < k->n; j++) {
		const tw_know_fact *f = &k->fact[j];
		if (!tw_knows_has(f, p, i))
			continue;
		fprintf(out, "%s%s%s", any ? (zh ? "、" : ", ") : "",
			tw_knows_new(f, p, i) ? "+" : "", zh ? f->zh : f->en);
		if (tw_knows_new(f, p, i))
			fprintf(out, zh ? "（%s）" : " (%s)",
				tw_knows_how_text(m, f, p, zh, 0, 0, how, sizeof how));
		any = 1;
	}
	if (!any)
		fputs(zh ? "（无）" : "(nothing)", out);
	fputc('\n', out);
	if (p != TW_PARTY_EVE)
		return;
	any = 0;
	for (j = 0; j < k->n; j++) {
		const tw_know_fact *f = &k->fact[j];
		if (!tw_knows_lacks(f, i))
			continue;
		fprintf(out, "%s✗ %s", any ? (zh ? "、" : ", ") : (zh ? "    缺少：" : "    lacks: "),
			zh ? f->zh : f->en);
		if (f->how[p] == TW_KH_CIPHER)
			fprintf(out, zh ? "（%s）" : " (%s)",
				tw_knows_how_text(m, f, p, zh, 0, 0, how, sizeof how));
		any = 1;
	}
	if (any)
		fputc('\n', out);
	if (!k->later)
		return;
	fputs(zh ? "    事后拿到服务器私钥，从录下的内容得到：" : "    later, with the server's private key, from its recording: ", out);
	any = 0;
	for (j = 0; j < k->n; j++) {
		const tw_know_fact *f = &k->fact[j];
		if (!tw_knows_later(f, i) || tw_knows_is_key(f))
			continue;
		fprintf(out, "%s%s", any ? (zh ? "、" : ", ") : "", zh ? f->zh : f->en);
		any = 1;
	}
	fputs(any ? "\n" : zh ? "（没有秘密）\n" : "(no secret)\n", out);
}

static void
print_conn(FILE *out, const tw_model *m, int zh, int only)
{
	tw_knows k;
	size_t i, j;
	int p;

	tw_knows_build(m, &k);
	if (k.tls13) {
		fprintf(out, "%s\n", tw_knows_tls13_note(zh));
		return;
	}
	for (i = 0; i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];
		char label[32];
		int news = 0;

		if (only >= 0 && (int)i != only)
			continue;
		/* The steps where nothing is learned (TCP, closing) are left
		 * out; the table after the previous one stands. */
		for (j = 0; j < k.n; j++)
			for (p = 0; p < TW_PARTIES; p++)
				news |= tw_knows_new(&k.fact[j], (tw_party)p, (int)i);
		if (!news && only < 0)
			continue;
		fprintf(out, "%s %s (%s)\n", tw_step_label_lang(st, 0, zh, label, sizeof label),
			tw_step_name(st, zh), st->id);
		for (p = 0; p < TW_PARTIES; p++)
			print_party(out, m, &k, (tw_party)p, (int)i, zh);
	}
	if (tw_knows_later_note(&k, zh) && tw_knows_find(&k, "pre_master_secret") && only < 0)
		fprintf(out, "  %s\n", tw_knows_later_note(&k, zh));
}

/* see knows.h */
int
tw_knows_print(const tw_model *m, int zh, int only, FILE *out)
{
	int n = 1;

	fputs(zh ? "谁知道什么：客户端、服务器和路径上的窃听者，每一步之后各自知道的内容（+ 表示这一步新知道的，✗ 表示窃听者缺少的）。\n"
		: "Who knows what: the client, the server and an eavesdropper on the path, after each step (+ learned at that step, ✗ what the eavesdropper lacks).\n",
		out);
	/* One step (--step) is a step of the first connection. */
	for (; m != NULL; m = only >= 0 ? NULL : m->next, n++) {
		if (only < 0 && (m->next != NULL || n > 1))
			fprintf(out, zh ? "\n== 连接 %d ==\n" : "\n== Connection %d ==\n", n);
		print_conn(out, m, zh, only);
	}
	return ferror(out) ? -1 : 0;
}
