/*
 * scenario.c — the failure and attack scenarios. See scenario.h.
 */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"

static void expired(tw_options *o) { o->cert_type = TW_CERT_EXPIRED; }
static void not_yet_valid(tw_options *o) { o->cert_type = TW_CERT_NOT_YET_VALID; }
static void wrong_host(tw_options *o) { o->host = "www.example.org"; }
static void untrusted_root(tw_options *o) { o->cert_type = TW_CERT_IMPOSTOR; }
static void missing_intermediate(tw_options *o) { o->cert_type = TW_CERT_NO_INTERMEDIATE; }
static void not_a_ca(tw_options *o) { o->cert_type = TW_CERT_NOT_CA; }

/* A client that only speaks ECDSA suites, facing a server with an RSA key. */
static void
no_common_suite(tw_options *o)
{
	static const uint16_t ecdsa_only[] = { 0xc02b, 0xc02c, 0xcca9 };
	o->client_offer = ecdsa_only;
	o->client_offer_len = sizeof ecdsa_only / sizeof ecdsa_only[0];
}

/* An old client: RSA key exchange, CBC, SHA-1 — it still connects. */
static void
weak_client(tw_options *o)
{
	static const uint16_t old[] = { 0x002f, 0x0035 };
	o->client_offer = old;
	o->client_offer_len = sizeof old / sizeof old[0];
}

static void downgrade(tw_options *o) { o->attack.kind = TW_ATK_DOWNGRADE; }
static void replay(tw_options *o) { o->attack.kind = TW_ATK_REPLAY; }
static void truncation(tw_options *o) { o->attack.kind = TW_ATK_TRUNCATE; }
static void swap_params(tw_options *o) { if (o->tamper == NULL) o->tamper = "tls-server-key-exchange:20"; }
static void tamper_finished(tw_options *o) { if (o->tamper == NULL) o->tamper = "tls-client-finished:20"; }

static void
decrypt_later(tw_options *o)
{
	o->suite = 0x009c;   /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
	o->eavesdrop = 1;
}

static const tw_scenario_def scenarios[] = {
	{ "expired", "the server's certificate expired in 2021: the client's validity check stops it at the Certificate",
	  "服务器证书已于 2021 年过期：客户端在 Certificate 处的有效期检查拒绝它", expired },
	{ "not-yet-valid", "the server's certificate is valid only from 2045: the same validity check stops it",
	  "服务器证书要到 2045 年才生效：同样的有效期检查拒绝它", not_yet_valid },
	{ "wrong-host", "the client asks for www.example.org; the certificate names www.example.com: the name check stops it",
	  "客户端要访问 www.example.org，证书上写的是 www.example.com：域名检查拒绝它", wrong_host },
	{ "untrusted-root", "an impostor's valid-looking chain for www.example.com from its own CA: the client trusts no such root",
	  "冒充者用自己的 CA 为 www.example.com 签发了看似有效的证书链：客户端不信任这个根", untrusted_root },
	{ "missing-intermediate", "the server forgets to send its intermediate CA: the client cannot build a path to a root",
	  "服务器忘了发送中间 CA 证书：客户端无法构建到根证书的路径", missing_intermediate },
	{ "not-a-ca", "the leaf is signed by an ordinary website's certificate, which may not sign others (basicConstraints)",
	  "叶证书由一个普通网站的证书签发，而后者无权签发证书（basicConstraints）", not_a_ca },
	{ "no-common-suite", "a client that only speaks ECDSA suites meets a server with an RSA key: the server sends handshake_failure",
	  "只支持 ECDSA 加密组件的客户端遇到持有 RSA 密钥的服务器：服务器发送 handshake_failure 警报", no_common_suite },
	{ "weak-client", "an old client offers only RSA key exchange with CBC and SHA-1: it connects, without forward secrecy",
	  "旧客户端只提供使用 CBC 和 SHA-1 的 RSA 密钥交换：能连上，但没有前向保密", weak_client },
	{ "downgrade", "a man in the middle strips the strong suites from the ClientHello: the Finished check exposes it",
	  "中间人从 ClientHello 中删去强加密组件：Finished 检查会揭穿它", downgrade },
	{ "swap-params", "a man in the middle changes the server's ECDHE public key: the ServerKeyExchange signature check catches it",
	  "中间人篡改服务器的 ECDHE 公钥：ServerKeyExchange 的签名检查发现它", swap_params },
	{ "tamper-finished", "a man in the middle flips a bit of the encrypted client Finished: the record's tag check catches it",
	  "中间人翻转加密的客户端 Finished 中的一位：记录的认证标签检查发现它", tamper_finished },
	{ "replay", "a man in the middle sends the encrypted HTTP request a second time: the sequence number in the tag catches it",
	  "中间人把加密的 HTTP 请求再发送一次：认证标签中的序号发现它", replay },
	{ "truncation", "a man in the middle drops the server's close_notify: the client cannot tell an end from a cut",
	  "中间人丢弃服务器的 close_notify：客户端分不清是正常结束还是被截断", truncation },
	{ "record-now-decrypt-later", "an eavesdropper records an RSA key exchange and later gets the server's key: everything decrypts; with ECDHE nothing does",
	  "窃听者记录下 RSA 密钥交换，后来拿到服务器私钥：全部可以解密；换成 ECDHE 则什么也解不开", decrypt_later },
};

/* see scenario.h */
const tw_scenario_def *
tw_scenario_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof scenarios / sizeof scenarios[0]; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return &scenarios[i];
	return NULL;
}

/* see scenario.h */
const tw_scenario_def *
tw_scenario_at(size_t i)
{
	return i < sizeof scenarios / sizeof scenarios[0] ? &scenarios[i] : NULL;
}

/* see scenario.h */
int
tw_tamper_parse(const char *spec, char *step, size_t step_size, size_t *off,
	uint8_t *xor_mask, tw_err *e)
{
	const char *c1 = strchr(spec, ':'), *c2;
	char *end;
	unsigned long v;

	if (c1 == NULL || c1 == spec || (size_t)(c1 - spec) >= step_size)
		return tw_err_set(e, "--tamper %.80s: give STEP:OFFSET or STEP:OFFSET:XOR, for example tls-client-hello:40 or tls-client-finished:20:0x80",
			spec);
	memcpy(step, spec, (size_t)(c1 - spec));
	step[c1 - spec] = 0;
	c2 = strchr(c1 + 1, ':');
	if (!isdigit((unsigned char)c1[1]))
		return tw_err_set(e, "--tamper %.80s: the offset must be a number of bytes from the start of the step", spec);
	errno = 0;
	v = strtoul(c1 + 1, &end, 0);
	if (errno != 0 || (c2 ? end != c2 : *end != 0) || v > 1u << 24)
		return tw_err_set(e, "--tamper %.80s: the offset must be a number of bytes from the start of the step", spec);
	*off = v;
	*xor_mask = 0x01;
	if (c2 != NULL) {
		if (!isdigit((unsigned char)c2[1]))
			return tw_err_set(e, "--tamper %.80s: XOR must be a byte value from 1 to 255 (0x01 to 0xff)", spec);
		v = strtoul(c2 + 1, &end, 0);
		if (*end != 0 || v == 0 || v > 255)
			return tw_err_set(e, "--tamper %.80s: XOR must be a byte value from 1 to 255 (0x01 to 0xff)", spec);
		*xor_mask = (uint8_t)v;
	}
	return 0;
}
