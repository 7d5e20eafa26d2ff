/*
 * dump13.c — the secrets and checks of a captured TLS 1.3 connection in
 * the text walkthrough (--dump): what each step makes known, from m->t13.
 * The frontend only prints what tls13.c computed. See dump.h.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "dump.h"
#include "model.h"
#include "names.h"
#include "terms.h"

/* Each function takes zh (non-zero: Chinese); the terms come from the term
 * list, the RFC 8446 names of secrets and labels stay as the RFC and
 * Wireshark's key log write them. */
#define L(en, zh_) (zh ? (zh_) : (en))
#define mark13(v) tw_dump_mark((v), zh)

static void
hex13(FILE *out, const char *indent, const char *label, const uint8_t *b, size_t n)
{
	size_t i, col = 0, lw = strlen(indent) + strlen(label) + 2;

	fprintf(out, "%s%s: ", indent, label);
	for (i = 0; i < n; i++) {
		if (col == 32) {
			fprintf(out, "\n%*s", (int)lw, "");
			col = 0;
		}
		fprintf(out, "%02x", b[i]);
		col++;
	}
	fputc('\n', out);
}

static const char *const secret_names[TW_T13_NSECRETS] = {
	"client_handshake_traffic_secret", "server_handshake_traffic_secret",
	"client_application_traffic_secret_0", "server_application_traffic_secret_0"
};

/* key and iv of secret s, with the HKDF-Expand-Label inputs. */
static void
keys_of(FILE *out, const tw_tls13 *t, int s, int zh)
{
	char lab[160];

	if (!t->have[s]) {
		fprintf(out, L("    %s: %s (not in the key log)\n", "    %s：%s（密钥日志中没有）\n"),
			secret_names[s], mark13(TW_V_MISSING));
		return;
	}
	hex13(out, "    ", secret_names[s], t->secret[s], t->hlen);
	snprintf(lab, sizeof lab, L("  write key = HKDF-Expand-Label(it, \"key\", \"\", %zu)",
		"  写密钥 = HKDF-Expand-Label(它, \"key\", \"\", %zu)"), t->key_len);
	hex13(out, "    ", lab, t->key[s], t->key_len);
	hex13(out, "    ", L("    HkdfLabel (length, \"tls13 key\", empty context)",
		"    HkdfLabel（长度、\"tls13 key\"、空上下文）"), t->label_key, t->label_key_len);
	hex13(out, "    ", L("  write IV = HKDF-Expand-Label(it, \"iv\", \"\", 12)",
		"  写 IV = HKDF-Expand-Label(它, \"iv\", \"\", 12)"), t->iv[s], 12);
	hex13(out, "    ", L("    HkdfLabel (length, \"tls13 iv\", empty context)",
		"    HkdfLabel（长度、\"tls13 iv\"、空上下文）"), t->label_iv, t->label_iv_len);
	if (s < 2) {
		snprintf(lab, sizeof lab, L("  finished_key = HKDF-Expand-Label(it, \"finished\", \"\", %zu)",
			"  finished_key = HKDF-Expand-Label(它, \"finished\", \"\", %zu)"), t->hlen);
		hex13(out, "    ", lab, t->finished_key[s], t->hlen);
	}
}

static void
opened13(FILE *out, const tw_model *m, int rec, int zh)
{
	const tw_t13_rec *o = tw_tls13_rec(&m->t13, rec);
	static const char *const tn[] = { "change_cipher_spec", "alert", "handshake", "application_data" };

	if (o == NULL)
		return;
	if (o->secret < 0) {
		fprintf(out, L("    record %d: closed (no key for it in the key log)\n",
			"    记录 %d：未能解密（密钥日志中没有它的密钥）\n"), rec);
		return;
	}
	fprintf(out, L("    record %d opened with the %s keys, sequence number %llu:\n",
		"    记录 %d 用 %s 的密钥解密，序号 %llu：\n"), rec,
		secret_names[o->secret], (unsigned long long)o->seq);
	hex13(out, "      ", L("nonce = write IV XOR sequence number", "nonce = 写 IV 异或序号"),
		o->nonce, 12);
	fprintf(out, L("      additional data = the 5-byte record header; tag check: %s\n",
		"      附加数据 = 5 字节的记录头；认证标签检查：%s\n"), mark13(o->tag));
	if (o->tag != TW_V_OK)
		return;
	fprintf(out, L("      inner content type %u (%s), %zu bytes of zero padding, %zu bytes of content\n",
		"      内部内容类型 %u（%s），%zu 字节的零填充，%zu 字节的内容\n"),
		o->inner_type, o->inner_type >= 20 && o->inner_type <= 23 ? tn[o->inner_type - 20] : "?",
		o->pad_len, o->plain_len);
	if (o->inner_type == TW_CT_APPDATA) {
		size_t i;
		fprintf(out, L("      plaintext: ", "      明文："));
		for (i = 0; i < o->plain_len; i++) {
			uint8_t c = o->plain[i];
			if (c == '\n')
				fputs(zh ? "\\n\n            " : "\\n\n                 ", out);
			else if (c == '\r')
				fputs("\\r", out);
			else if (c >= 0x20 && c < 0x7f)
				fputc(c, out);
			else
				fprintf(out, "\\x%02x", c);
		}
		fputc('\n', out);
	} else
		hex13(out, "      ", tw_term(TW_T_PLAINTEXT, zh), o->plain, o->plain_len);
}

/* see dump.h */
void
tw_dump13_step(FILE *out, const tw_model *m, const tw_step *st, int zh)
{
	char lab[160];
	const tw_tls13 *t = &m->t13;
	const char *nm;
	int i;

	if (st->kind != TW_STEP_TLS)
		return;
	fprintf(out, L("  %s:\n", "  %s：\n"), tw_term(TW_T_KNOWN_NOW, zh));
	if (strcmp(st->id, "tls13-client-hello") == 0) {
		snprintf(lab, sizeof lab, L("%s (32 bytes, sent in clear)", "%s（32 字节，明文发送）"),
			tw_term(TW_T_CLIENT_RANDOM, zh));
		hex13(out, "    ", lab, m->hs.client_random, 32);
	}
	if (strcmp(st->id, "tls13-server-hello") == 0) {
		snprintf(lab, sizeof lab, L("%s (32 bytes, sent in clear)", "%s（32 字节，明文发送）"),
			tw_term(TW_T_SERVER_RANDOM, zh));
		hex13(out, "    ", lab, m->hs.server_random, 32);
		nm = tw_tls13_suite_name(t->suite);
		fprintf(out, L("    %s chosen: 0x%04x %s (TLS 1.3: AEAD and hash only; the key exchange is the key_share extension)\n",
			"    选定的%s：0x%04x %s（TLS 1.3 的加密组件只规定 AEAD 和摘要算法；密钥交换由 key_share 扩展完成）\n"),
			tw_term(TW_T_CIPHER_SUITE, zh), t->suite, nm ? nm : "?");
		fprintf(out, L("    (EC)DHE shared secret, early, handshake and master secrets: %s (they need a private key, which a capture does not hold)\n",
			"    (EC)DHE 共享秘密、早期秘密、握手秘密和主秘密：%s（计算它们需要私钥，而抓包文件中没有私钥）\n"),
			mark13(TW_V_MISSING));
		fprintf(out, L("    the key log's handshake traffic secrets, and the keys HKDF derives from them:\n",
			"    密钥日志中的握手流量秘密，以及 HKDF 由它们推导出的密钥：\n"));
		keys_of(out, t, TW_T13_C_HS, zh);
		keys_of(out, t, TW_T13_S_HS, zh);
	}
	if (strcmp(st->id, "tls13-certificate") == 0) {
		if (zh)
			fprintf(out, "    %s（%zu 张证书），以抓包时的时间对 \"%s\" 重新验证：%s（%s）\n",
				tw_term(TW_T_CERTIFICATE_CHAIN, zh), t->nchain, m->host, mark13(t->chain_v),
				tw_br_err_name(t->chain_err));
		else
			fprintf(out, "    certificate chain (%zu certificate%s), checked anew for \"%s\" at the capture's time: %s (%s)\n",
				t->nchain, t->nchain == 1 ? "" : "s", m->host, mark13(t->chain_v),
				tw_br_err_name(t->chain_err));
	}
	if (strcmp(st->id, "tls13-certificate-verify") == 0) {
		nm = tw_name_sigscheme(t->cv_sig_alg);
		fprintf(out, L("    signature 0x%04x %s over 64 spaces + \"TLS 1.3, server CertificateVerify\" + 0 + Transcript-Hash(ClientHello .. Certificate)\n",
			"    签名 0x%04x %s，签名对象是 64 个空格 + \"TLS 1.3, server CertificateVerify\" + 0 + Transcript-Hash(ClientHello .. Certificate)\n"),
			t->cv_sig_alg, nm ? nm : "?");
		hex13(out, "    ", L("transcript hash", "握手摘要（Transcript-Hash）"), t->cv_hash, t->hlen);
		fprintf(out, L("    checked with the certificate's public key: %s\n", "    用证书中的公钥验证：%s\n"),
			mark13(t->cv_v));
	}
	if (strcmp(st->id, "tls13-server-finished") == 0) {
		hex13(out, "    ", "Transcript-Hash(ClientHello .. CertificateVerify)", t->server_hash, t->hlen);
		hex13(out, "    ", L("verify_data = HMAC(server finished_key, that hash)",
			"verify_data = HMAC(服务器 finished_key, 上面的摘要)"), t->server_vd, t->hlen);
		fprintf(out, L("    equals the decrypted Finished: %s\n", "    与解密后的 Finished 一致：%s\n"),
			mark13(t->server_fin_v));
		fprintf(out, L("    the key log's application traffic secrets, and their keys:\n",
			"    密钥日志中的应用流量秘密，以及由它们推导出的密钥：\n"));
		keys_of(out, t, TW_T13_C_AP, zh);
		keys_of(out, t, TW_T13_S_AP, zh);
	}
	if (strcmp(st->id, "tls13-client-finished") == 0) {
		hex13(out, "    ", "Transcript-Hash(ClientHello .. server Finished)", t->client_hash, t->hlen);
		hex13(out, "    ", L("verify_data = HMAC(client finished_key, that hash)",
			"verify_data = HMAC(客户端 finished_key, 上面的摘要)"), t->client_vd, t->hlen);
		fprintf(out, L("    equals the decrypted Finished: %s\n", "    与解密后的 Finished 一致：%s\n"),
			mark13(t->client_fin_v));
	}
	for (i = 0; i < st->rec_count; i++)
		if (m->wire.rec[st->rec_first + i].type == TW_CT_APPDATA)
			opened13(out, m, st->rec_first + i, zh);
}

/* see dump.h */
void
tw_dump13_summary(FILE *out, const tw_model *m, int zh)
{
	const tw_tls13 *t = &m->t13;

	fprintf(out, L("\nSummary (TLS 1.3): records %s; server Finished %s; client Finished %s; CertificateVerify %s; chain %s\n",
		"\n小结（TLS 1.3）：记录 %s；服务器 Finished %s；客户端 Finished %s；CertificateVerify %s；证书链 %s\n"),
		mark13(t->records_v), mark13(t->server_fin_v), mark13(t->client_fin_v),
		mark13(t->cv_v), mark13(t->chain_v));
}
