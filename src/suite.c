/*
 * suite.c — the cipher suite table and each cipher family's way of opening
 * a record (RFC 5288 GCM, RFC 7905 ChaCha20-Poly1305, RFC 6655 CCM,
 * RFC 5246 §6.2.3.2 CBC with HMAC). See suite.h.
 */
#include "config.h"
#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suite.h"
#include "crypto.h"

/* see suite.h */
const char *
tw_verdict_name(tw_verdict v)
{
	switch (v) {
	case TW_V_OK: return "verified";
	case TW_V_MISMATCH: return "MISMATCH";
	case TW_V_NA: return "not-applicable";
	default: return "missing";
	}
}

static void
put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

/* seq ‖ type ‖ version ‖ length: the additional data of every AEAD family
 * and the header the CBC MAC covers (RFC 5246 §6.2.3.1 and §6.2.3.3). */
static void
record_aad(tw_opened *o, uint64_t seq, const uint8_t *rb, size_t content_len)
{
	put_be64(o->aad, seq);
	o->aad[8] = rb[0];
	o->aad[9] = rb[1];
	o->aad[10] = rb[2];
	o->aad[11] = (uint8_t)(content_len >> 8);
	o->aad[12] = (uint8_t)content_len;
	o->aad_len = 13;
}

static int
take_plain(tw_opened *o, const uint8_t *rb)
{
	o->plain = malloc(o->ct_len ? o->ct_len : 1);
	if (o->plain == NULL)
		return -1;
	memcpy(o->plain, rb + o->ct_off, o->ct_len);
	return 0;
}

/* GCM and CCM: explicit nonce (8) ‖ ciphertext ‖ tag; nonce = salt ‖ explicit. */
static void
open_salted(const tw_suite *s, const tw_dir_keys *dk, uint64_t seq,
	const uint8_t *rb, size_t len, tw_opened *o)
{
	int ok;

	if (len < 5 + s->record_iv_len + s->mac_len)
		return;
	o->iv_off = 5;
	o->iv_len = s->record_iv_len;
	o->ct_off = 5 + s->record_iv_len;
	o->ct_len = len - o->ct_off - s->mac_len;
	o->content_len = o->ct_len;
	o->mac_off = o->ct_off + o->ct_len;
	o->mac_len = s->mac_len;
	memcpy(o->nonce, dk->iv, s->fixed_iv_len);
	memcpy(o->nonce + s->fixed_iv_len, rb + 5, s->record_iv_len);
	o->nonce_len = s->fixed_iv_len + s->record_iv_len;
	record_aad(o, seq, rb, o->ct_len);
	if (take_plain(o, rb) < 0)
		return;
	o->plain_len = o->ct_len;
	if (s->rp->family == TW_CF_GCM)
		ok = tw_gcm_open(dk->key, s->key_len, o->nonce, o->aad, 13,
			o->plain, o->plain_len, rb + o->mac_off);
	else
		ok = tw_ccm_open(dk->key, s->key_len, o->nonce, o->aad, 13,
			o->plain, o->plain_len, rb + o->mac_off, o->mac_len);
	o->tag = ok ? TW_V_OK : TW_V_MISMATCH;
}

/* ChaCha20-Poly1305 (RFC 7905): no explicit nonce; nonce = IV XOR the
 * sequence number, left-padded to 12 bytes. */
static void
open_chacha(const tw_suite *s, const tw_dir_keys *dk, uint64_t seq,
	const uint8_t *rb, size_t len, tw_opened *o)
{
	uint8_t sq[8];
	int i;

	if (len < 5 + s->mac_len)
		return;
	o->ct_off = 5;
	o->ct_len = len - 5 - s->mac_len;
	o->content_len = o->ct_len;
	o->mac_off = o->ct_off + o->ct_len;
	o->mac_len = s->mac_len;
	memcpy(o->nonce, dk->iv, 12);
	put_be64(sq, seq);
	for (i = 0; i < 8; i++)
		o->nonce[4 + i] ^= sq[i];
	o->nonce_len = 12;
	record_aad(o, seq, rb, o->ct_len);
	if (take_plain(o, rb) < 0)
		return;
	o->plain_len = o->ct_len;
	o->tag = tw_chacha20poly1305_open(dk->key, o->nonce, o->aad, 13, o->plain,
		o->plain_len, rb + o->mac_off) ? TW_V_OK : TW_V_MISMATCH;
}

/* CBC (RFC 5246 §6.2.3.2): IV (16) ‖ E(content ‖ MAC ‖ padding ‖ padding
 * length); MAC = HMAC(mac key, seq ‖ type ‖ version ‖ length ‖ content).
 * MAC-then-encrypt: decrypt, strip the padding, then check the MAC. */
static void
open_cbc(const tw_suite *s, const tw_dir_keys *dk, uint64_t seq,
	const uint8_t *rb, size_t len, tw_opened *o)
{
	const uint8_t *parts[2];
	size_t lens[2], pad, i;
	int pad_ok = 1;

	if (len < 5 + 16 + 16 || (len - 5 - 16) % 16 != 0)
		return;
	o->iv_off = 5;
	o->iv_len = 16;
	o->ct_off = 21;
	o->ct_len = len - 21;
	o->mac_inside = 1;
	memcpy(o->nonce, rb + 5, 12);   /* not used by CBC; the IV is shown from iv_off */
	o->nonce_len = 0;
	if (take_plain(o, rb) < 0)
		return;
	if (tw_aes_cbc_decrypt(dk->key, s->key_len, rb + 5, o->plain, o->ct_len) < 0)
		return;
	pad = o->plain[o->ct_len - 1];
	if (pad + 1 + s->mac_len > o->ct_len) {
		/* Not even room for the MAC: the padding length is wrong. */
		o->content_len = 0;
		o->plain_len = 0;
		o->pad_off = o->ct_off;
		o->pad_len = o->ct_len;
		o->tag = TW_V_MISMATCH;
		return;
	}
	for (i = 0; i <= pad; i++)
		if (o->plain[o->ct_len - 1 - i] != pad)
			pad_ok = 0;
	o->content_len = o->ct_len - pad - 1 - s->mac_len;
	o->plain_len = o->content_len;
	o->mac_off = o->ct_off + o->content_len;
	o->mac_len = s->mac_len;
	o->pad_off = o->mac_off + s->mac_len;
	o->pad_len = pad + 1;
	record_aad(o, seq, rb, o->content_len);
	parts[0] = o->aad;
	lens[0] = 13;
	parts[1] = o->plain;
	lens[1] = o->content_len;
	tw_hmac(s->mac_hash, dk->mac_key, s->mac_key_len, parts, lens, 2, o->mac_calc);
	o->tag = (pad_ok && memcmp(o->mac_calc, o->plain + o->content_len,
		s->mac_len) == 0) ? TW_V_OK : TW_V_MISMATCH;
}

static const tw_record_ops rp_gcm = {
	TW_CF_GCM, "AES-GCM", "AES",
	"nonce = write IV (4, from the key block) ‖ explicit nonce (8, sent in the record)",
	"nonce = 本方向的写 IV（4 字节，来自密钥块）‖ 显式 nonce（8 字节，随记录发送）",
	open_salted
};
static const tw_record_ops rp_ccm = {
	TW_CF_CCM, "AES-CCM", "AES",
	"nonce = write IV (4, from the key block) ‖ explicit nonce (8, sent in the record)",
	"nonce = 本方向的写 IV（4 字节，来自密钥块）‖ 显式 nonce（8 字节，随记录发送）",
	open_salted
};
static const tw_record_ops rp_chacha = {
	TW_CF_CHACHA, "ChaCha20-Poly1305", "ChaCha20",
	"nonce = write IV (12, from the key block) XOR the record's sequence number; nothing is sent",
	"nonce = 本方向的写 IV（12 字节，来自密钥块）与记录序号异或；不随记录发送",
	open_chacha
};
static const tw_record_ops rp_cbc = {
	TW_CF_CBC, "AES-CBC + HMAC", "AES",
	"a fresh random IV (16) is sent in front of every record",
	"每条记录前面随附一个新的随机 IV（16 字节）",
	open_cbc
};

/* id, name, kx, auth, ops, cipher, bits, key, fixed IV, record IV,
 * MAC key, MAC/tag, MAC hash, PRF hash, hash part of the name */
#define AEAD(id, nm, kx, au, rp, ci, bits, fiv, riv, tag, prf, h) \
	{ id, nm, kx, au, rp, ci, bits, (bits) / 8, fiv, riv, 0, tag, 0, prf, h }
#define CBC(id, nm, kx, au, ci, bits, mh, prf, h) \
	{ id, nm, kx, au, &rp_cbc, ci, bits, (bits) / 8, 0, 16, \
	  (mh) == 1 ? 20 : (mh) / 8, (mh) == 1 ? 20 : (mh) / 8, mh, prf, h }

static const tw_suite suites[] = {
	AEAD(0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TW_KX_ECDHE, TW_AUTH_RSA,
		&rp_gcm, "AES_128_GCM", 128, 4, 8, 16, 256, "SHA256"),
	AEAD(0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", TW_KX_ECDHE, TW_AUTH_RSA,
		&rp_gcm, "AES_256_GCM", 256, 4, 8, 16, 384, "SHA384"),
	AEAD(0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", TW_KX_ECDHE, TW_AUTH_RSA,
		&rp_chacha, "CHACHA20_POLY1305", 256, 12, 0, 16, 256, "SHA256"),
	CBC(0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", TW_KX_ECDHE, TW_AUTH_RSA,
		"AES_128_CBC", 128, 256, 256, "SHA256"),
	CBC(0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", TW_KX_ECDHE, TW_AUTH_RSA,
		"AES_256_CBC", 256, 384, 384, "SHA384"),
	CBC(0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", TW_KX_ECDHE, TW_AUTH_RSA,
		"AES_128_CBC", 128, 1, 256, "SHA"),
	CBC(0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", TW_KX_ECDHE, TW_AUTH_RSA,
		"AES_256_CBC", 256, 1, 256, "SHA"),

	AEAD(0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_gcm, "AES_128_GCM", 128, 4, 8, 16, 256, "SHA256"),
	AEAD(0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_gcm, "AES_256_GCM", 256, 4, 8, 16, 384, "SHA384"),
	AEAD(0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_chacha, "CHACHA20_POLY1305", 256, 12, 0, 16, 256, "SHA256"),
	AEAD(0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_ccm, "AES_128_CCM", 128, 4, 8, 16, 256, "SHA256"),
	AEAD(0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_ccm, "AES_256_CCM", 256, 4, 8, 16, 256, "SHA256"),
	AEAD(0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_ccm, "AES_128_CCM_8", 128, 4, 8, 8, 256, "SHA256"),
	AEAD(0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", TW_KX_ECDHE, TW_AUTH_ECDSA,
		&rp_ccm, "AES_256_CCM_8", 256, 4, 8, 8, 256, "SHA256"),
	CBC(0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", TW_KX_ECDHE, TW_AUTH_ECDSA,
		"AES_128_CBC", 128, 256, 256, "SHA256"),
	CBC(0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", TW_KX_ECDHE, TW_AUTH_ECDSA,
		"AES_256_CBC", 256, 384, 384, "SHA384"),
	CBC(0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", TW_KX_ECDHE, TW_AUTH_ECDSA,
		"AES_128_CBC", 128, 1, 256, "SHA"),
	CBC(0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", TW_KX_ECDHE, TW_AUTH_ECDSA,
		"AES_256_CBC", 256, 1, 256, "SHA"),

	AEAD(0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", TW_KX_RSA, TW_AUTH_RSA,
		&rp_gcm, "AES_128_GCM", 128, 4, 8, 16, 256, "SHA256"),
	AEAD(0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", TW_KX_RSA, TW_AUTH_RSA,
		&rp_gcm, "AES_256_GCM", 256, 4, 8, 16, 384, "SHA384"),
	AEAD(0xc09c, "TLS_RSA_WITH_AES_128_CCM", TW_KX_RSA, TW_AUTH_RSA,
		&rp_ccm, "AES_128_CCM", 128, 4, 8, 16, 256, "SHA256"),
	AEAD(0xc09d, "TLS_RSA_WITH_AES_256_CCM", TW_KX_RSA, TW_AUTH_RSA,
		&rp_ccm, "AES_256_CCM", 256, 4, 8, 16, 256, "SHA256"),
	AEAD(0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", TW_KX_RSA, TW_AUTH_RSA,
		&rp_ccm, "AES_128_CCM_8", 128, 4, 8, 8, 256, "SHA256"),
	AEAD(0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8", TW_KX_RSA, TW_AUTH_RSA,
		&rp_ccm, "AES_256_CCM_8", 256, 4, 8, 8, 256, "SHA256"),
	CBC(0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", TW_KX_RSA, TW_AUTH_RSA,
		"AES_128_CBC", 128, 256, 256, "SHA256"),
	CBC(0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", TW_KX_RSA, TW_AUTH_RSA,
		"AES_256_CBC", 256, 256, 256, "SHA256"),
	CBC(0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", TW_KX_RSA, TW_AUTH_RSA,
		"AES_128_CBC", 128, 1, 256, "SHA"),
	CBC(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", TW_KX_RSA, TW_AUTH_RSA,
		"AES_256_CBC", 256, 1, 256, "SHA"),
};

#define NSUITES (sizeof suites / sizeof suites[0])

/* The names OpenSSL (and so curl, nginx and Apache configurations) give the
 * same suites, as `openssl ciphers -V` prints them (tests/cli.sh compares). */
static const struct { uint16_t id; const char *name; } openssl_names[] = {
	{ 0xc02f, "ECDHE-RSA-AES128-GCM-SHA256" },
	{ 0xc030, "ECDHE-RSA-AES256-GCM-SHA384" },
	{ 0xcca8, "ECDHE-RSA-CHACHA20-POLY1305" },
	{ 0xc027, "ECDHE-RSA-AES128-SHA256" },
	{ 0xc028, "ECDHE-RSA-AES256-SHA384" },
	{ 0xc013, "ECDHE-RSA-AES128-SHA" },
	{ 0xc014, "ECDHE-RSA-AES256-SHA" },
	{ 0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256" },
	{ 0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ 0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ 0xc0ac, "ECDHE-ECDSA-AES128-CCM" },
	{ 0xc0ad, "ECDHE-ECDSA-AES256-CCM" },
	{ 0xc0ae, "ECDHE-ECDSA-AES128-CCM8" },
	{ 0xc0af, "ECDHE-ECDSA-AES256-CCM8" },
	{ 0xc023, "ECDHE-ECDSA-AES128-SHA256" },
	{ 0xc024, "ECDHE-ECDSA-AES256-SHA384" },
	{ 0xc009, "ECDHE-ECDSA-AES128-SHA" },
	{ 0xc00a, "ECDHE-ECDSA-AES256-SHA" },
	{ 0x009c, "AES128-GCM-SHA256" },
	{ 0x009d, "AES256-GCM-SHA384" },
	{ 0xc09c, "AES128-CCM" },
	{ 0xc09d, "AES256-CCM" },
	{ 0xc0a0, "AES128-CCM8" },
	{ 0xc0a1, "AES256-CCM8" },
	{ 0x003c, "AES128-SHA256" },
	{ 0x003d, "AES256-SHA256" },
	{ 0x002f, "AES128-SHA" },
	{ 0x0035, "AES256-SHA" },
};

/* see suite.h */
const char *
tw_suite_openssl_name(const tw_suite *s)
{
	size_t i;

	for (i = 0; i < sizeof openssl_names / sizeof openssl_names[0]; i++)
		if (openssl_names[i].id == s->id)
			return openssl_names[i].name;
	return NULL;
}

/* see suite.h */
const tw_suite *
tw_suite_by_id(uint16_t id)
{
	size_t i;

	for (i = 0; i < NSUITES; i++)
		if (suites[i].id == id)
			return &suites[i];
	return NULL;
}

/* see suite.h */
const tw_suite *
tw_suite_find(const char *s)
{
	size_t i;
	char *end;
	unsigned long v;

	if (s == NULL || *s == 0)
		return NULL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		v = strtoul(s + 2, &end, 16);
		return (*end == 0 && v <= 0xffff) ? tw_suite_by_id((uint16_t)v) : NULL;
	}
	for (i = 0; i < NSUITES; i++)
		if (strcasecmp(suites[i].name, s) == 0
			|| strcasecmp(suites[i].name + 4, s) == 0
			|| (tw_suite_openssl_name(&suites[i]) != NULL
				&& strcasecmp(tw_suite_openssl_name(&suites[i]), s) == 0))
			return &suites[i];
	return NULL;
}

/* see suite.h */
const tw_suite *
tw_suite_at(size_t i)
{
	return i < NSUITES ? &suites[i] : NULL;
}

/* see suite.h */
size_t
tw_suite_count(void)
{
	return NSUITES;
}

/* see suite.h */
size_t
tw_suite_key_block_len(const tw_suite *s)
{
	return 2 * (s->mac_key_len + s->key_len + s->fixed_iv_len);
}

/* see suite.h */
const char *
tw_kx_name(tw_kx kx)
{
	return kx == TW_KX_RSA ? "RSA" : "ECDHE";
}

/* see suite.h */
const char *
tw_auth_name(tw_auth a)
{
	return a == TW_AUTH_ECDSA ? "ECDSA" : "RSA";
}

/* see suite.h */
void
tw_suite_teaches(const tw_suite *s, const char *lang, char *buf, size_t size)
{
	int zh = lang != NULL && strcmp(lang, "zh") == 0;
	const char *kx, *au, *ci;

	if (s->kx == TW_KX_RSA)
		kx = zh ? "RSA 密钥交换：客户端用服务器公钥加密预主密钥，没有前向保密"
			: "RSA key exchange: the client encrypts the pre-master secret to the server's key; no forward secrecy";
	else
		kx = zh ? "ECDHE 密钥交换：每次连接用新的临时密钥，具有前向保密"
			: "ECDHE key exchange: fresh ephemeral keys each connection, forward secrecy";
	au = s->auth == TW_AUTH_ECDSA
		? (zh ? "ECDSA 证书签名" : "an ECDSA certificate signs")
		: (s->kx == TW_KX_RSA ? (zh ? "RSA 证书" : "an RSA certificate")
			: (zh ? "RSA 证书签名" : "an RSA certificate signs"));
	switch (s->rp->family) {
	case TW_CF_GCM:
		ci = zh ? "AES-GCM 认证加密" : "AES-GCM authenticated encryption";
		break;
	case TW_CF_CHACHA:
		ci = zh ? "ChaCha20-Poly1305 认证加密，nonce 由序号异或得出"
			: "ChaCha20-Poly1305 AEAD, nonce from IV XOR sequence number";
		break;
	case TW_CF_CCM:
		ci = s->mac_len == 8 ? (zh ? "AES-CCM，仅 8 字节认证标签" : "AES-CCM with a short 8-byte tag")
			: (zh ? "AES-CCM 认证加密" : "AES-CCM authenticated encryption");
		break;
	default:
		ci = zh ? "AES-CBC 先 MAC 后加密，带填充和 HMAC"
			: "AES-CBC, MAC-then-encrypt with padding and HMAC";
		break;
	}
	snprintf(buf, size, zh ? "%s；%s；%s%s" : "%s; %s; %s%s", kx, au, ci,
		s->prf_hash == 384 ? (zh ? "；PRF 用 SHA-384" : "; PRF with SHA-384") : "");
}

/* see suite.h */
int
tw_group_find(const char *name)
{
	static const struct { const char *name; int id; } groups[] = {
		{ "x25519", 29 }, { "secp256r1", 23 }, { "secp384r1", 24 },
		{ "secp521r1", 25 }, { "p-256", 23 }, { "p-384", 24 }, { "p-521", 25 },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof groups / sizeof groups[0]; i++)
		if (strcasecmp(groups[i].name, name) == 0)
			return groups[i].id;
	return 0;
}
