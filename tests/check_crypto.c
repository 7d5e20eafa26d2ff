/*
 * check_crypto.c — every primitive of crypto.h against published
 * known-answer vectors (FIPS 180, RFCs 2202, 4231, 5903, 6979, 7748, 8439,
 * NIST SP 800-38A/C, the GCM specification, NIST CAVS, Project Wycheproof),
 * each test naming its source. Nothing here was produced by this program.
 */
#include "config.h"
#include "suites.h"
#include "testutil.h"
#include "crypto.h"
#include "certsig.h"
#include "prf.h"

/* A hex vector into a buffer, failing the test if it does not fill
 * exactly n bytes (a truncated string would otherwise test less). */
static void
unhex_n(const char *hex, uint8_t *out, size_t n)
{
	ck_assert_uint_eq(strlen(hex), 2 * n);
	ck_assert_uint_eq(tu_unhex(hex, out, n), n);
}

/* ---- hashes ---- */

/* FIPS 180-2, appendices A.1, B.1 (SHA-1, SHA-256), C.1 (SHA-512),
 * D.1 (SHA-384) and the SHA-224 example of its change notice: the
 * one-block message "abc". Fed in three parts, one of them empty, to test
 * that the parts are concatenated. */
START_TEST(hash_fips180_abc)
{
	static const struct {
		int id;
		const char *hex;
	} v[] = {
		{ 1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ 224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7" },
		{ 256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ 384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
			"1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
		{ 512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			"2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	};
	const uint8_t *parts[3] = { (const uint8_t *)"a", NULL, (const uint8_t *)"bc" };
	const size_t lens[3] = { 1, 0, 2 };
	uint8_t got[64], want[64];
	size_t i, n;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		n = strlen(v[i].hex) / 2;
		unhex_n(v[i].hex, want, n);
		ck_assert_uint_eq(tw_hash_len(v[i].id), n);
		ck_assert_uint_eq(tw_hash(v[i].id, parts, lens, 3, got), n);
		tu_assert_bytes(got, want, n);
	}
	/* An unknown hash id computes nothing. */
	ck_assert_uint_eq(tw_hash_len(5), 0);
	ck_assert_uint_eq(tw_hash(5, parts, lens, 3, got), 0);
}
END_TEST

/* HMAC-SHA-256 and HMAC-SHA-384 of RFC 4231 §4.3 (test case 2) and
 * HMAC-SHA-1 of RFC 2202 §3 (test case 2): key "Jefe", data
 * "what do ya want for nothing?", here in two parts. */
START_TEST(hmac_rfc4231_rfc2202)
{
	static const struct {
		int id;
		const char *hex;
	} v[] = {
		{ 1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
		{ 256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
		{ 384, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
			"e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649" },
	};
	const uint8_t *parts[2] = { (const uint8_t *)"what do ya",
		(const uint8_t *)" want for nothing?" };
	const size_t lens[2] = { 10, 18 };
	uint8_t got[64], want[64];
	size_t i, n;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		n = strlen(v[i].hex) / 2;
		unhex_n(v[i].hex, want, n);
		ck_assert_uint_eq(tw_hmac(v[i].id, (const uint8_t *)"Jefe", 4,
			parts, lens, 2, got), n);
		tu_assert_bytes(got, want, n);
	}
	ck_assert_uint_eq(tw_hmac(7, (const uint8_t *)"Jefe", 4, parts, lens, 2, got), 0);
}
END_TEST

/* The TLS 1.2 PRF with SHA-384: the P_SHA384 vector posted with the
 * SHA-256 one of check_prf.c to the IETF TLS list ("TLS 1.2 PRF test
 * vectors", tls/current/msg03416), also used by GnuTLS's PRF test. */
START_TEST(prf_sha384_vector)
{
	uint8_t secret[16], seed[16], want[148];
	tw_prf_trace t;

	unhex_n("b80b733d6ceefcdc71566ea48e5567df", secret, 16);
	unhex_n("cd665cf6a8447dd6ff8b27555edb7465", seed, 16);
	unhex_n("7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
		"e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
		"8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
		"9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
		"91c8f3a26854308d5eaa3be85e0990703d73e56f", want, 148);
	ck_assert_int_eq(tw_prf(&t, 384, secret, 16, "test label", seed, 16, 148), 0);
	ck_assert_uint_eq(t.hlen, 48);
	ck_assert_uint_eq(t.nblocks, 4);
	ck_assert_uint_eq(t.out_len, 148);
	tu_assert_bytes(t.out, want, 148);
}
END_TEST

/* ---- key exchange ---- */

/* RFC 7748 §5.2: the two single X25519 vectors. The second u-coordinate
 * has its top bit set, which X25519 must ignore; all values are the
 * RFC's little-endian byte strings. */
START_TEST(x25519_rfc7748_5_2)
{
	static const char *v[2][3] = {
		{ "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
		  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
		  "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
		{ "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
		  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
		  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
	};
	uint8_t k[32], u[32], want[32], got[32];
	size_t i;

	for (i = 0; i < 2; i++) {
		unhex_n(v[i][0], k, 32);
		unhex_n(v[i][1], u, 32);
		unhex_n(v[i][2], want, 32);
		ck_assert_uint_eq(tw_ecdh(29, k, 32, u, 32, got, sizeof got), 32);
		tu_assert_bytes(got, want, 32);
	}
	/* Wrong lengths and a short output buffer give nothing. */
	ck_assert_uint_eq(tw_ecdh(29, k, 31, u, 32, got, sizeof got), 0);
	ck_assert_uint_eq(tw_ecdh(29, k, 32, u, 33, got, sizeof got), 0);
	ck_assert_uint_eq(tw_ecdh(29, k, 32, u, 32, got, 31), 0);
}
END_TEST

/* RFC 7748 §6.1: Alice's and Bob's public keys X25519(a, 9), X25519(b, 9)
 * and their shared secret, computed from both sides. */
START_TEST(x25519_rfc7748_6_1)
{
	uint8_t a[32], b[32], apub[32], bpub[32], K[32], got[32];

	unhex_n("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a, 32);
	unhex_n("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", apub, 32);
	unhex_n("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b, 32);
	unhex_n("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", bpub, 32);
	unhex_n("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", K, 32);
	ck_assert_uint_eq(tw_ec_public(29, a, 32, got, sizeof got), 32);
	tu_assert_bytes(got, apub, 32);
	ck_assert_uint_eq(tw_ec_public(29, b, 32, got, sizeof got), 32);
	tu_assert_bytes(got, bpub, 32);
	ck_assert_uint_eq(tw_ecdh(29, a, 32, bpub, 32, got, sizeof got), 32);
	tu_assert_bytes(got, K, 32);
	ck_assert_uint_eq(tw_ecdh(29, b, 32, apub, 32, got, sizeof got), 32);
	tu_assert_bytes(got, K, 32);
	ck_assert_uint_eq(tw_ec_public(29, a, 32, got, 31), 0);
}
END_TEST

/* RFC 5903 §8.1, §8.2, §8.3 (ECDH on P-256, P-384, P-521): the
 * initiator's scalar i and point g^i, the responder's r and g^r, and the
 * X coordinate of the shared point g^ir, which is what TLS uses as the
 * pre-master secret (RFC 8422 §5.10). */
static const struct {
	int curve;
	size_t len;
	const char *i, *gix, *giy, *r, *grx, *gry, *girx;
} rfc5903[] = {
	{ 23, 32,
	  "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	  "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180",
	  "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	  "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
	  "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63",
	  "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	  "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE" },
	{ 24, 48,
	  "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F16"
	  "0647B67414DCE655E35B538041E649EE3FAEF896783AB194",
	  "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E3"
	  "1634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA",
	  "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144AD"
	  "A024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
	  "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060"
	  "855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC",
	  "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D"
	  "83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571",
	  "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416"
	  "DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
	  "11187331C279962D93D604243FD592CB9D0A926F422E4718"
	  "7521287E7156C5C4D603135569B9E9D09CF5D4A270F59746" },
	{ 25, 66,
	  "0037ADE9319A89F4DABDB3EF411AACCCA5123C61ACAB57B5393DCE47608172A0"
	  "95AA85A30FE1C2952C6771D937BA9777F5957B2639BAB072462F68C27A57382D4A52",
	  "0015417E84DBF28C0AD3C278713349DC7DF153C897A1891BD98BAB4357C9ECBE"
	  "E1E3BF42E00B8E380AEAE57C2D107564941885942AF5A7F4601723C4195D176CED3E",
	  "017CAE20B6641D2EEB695786D8C946146239D099E18E1D5A514C739D7CB4A10A"
	  "D8A788015AC405D7799DC75E7B7D5B6CF2261A6A7F1507438BF01BEB6CA3926F9582",
	  "0145BA99A847AF43793FDD0E872E7CDFA16BE30FDC780F97BCCC3F078380201E"
	  "9C677D600B343757A3BDBF2A3163E4C2F869CCA7458AA4A4EFFC311F5CB151685EB9",
	  "00D0B3975AC4B799F5BEA16D5E13E9AF971D5E9B984C9F39728B5E5739735A21"
	  "9B97C356436ADC6E95BB0352F6BE64A6C2912D4EF2D0433CED2B6171640012D9460F",
	  "015C68226383956E3BD066E797B623C27CE0EAC2F551A10C2C724D9852077B87"
	  "220B6536C5C408A1D2AEBB8E86D678AE49CB57091F4732296579AB44FCD17F0FC56A",
	  "01144C7D79AE6956BC8EDB8E7C787C4521CB086FA64407F97894E5E6B2D79B04"
	  "D1427E73CA4BAA240A34786859810C06B3C715A3A8CC3151F2BEE417996D19F3DDEA" },
};

/* 04 ‖ X ‖ Y from the RFC's coordinates. */
static size_t
point(const char *x, const char *y, size_t len, uint8_t *out)
{
	out[0] = 0x04;
	unhex_n(x, out + 1, len);
	unhex_n(y, out + 1 + len, len);
	return 1 + 2 * len;
}

START_TEST(ecdh_rfc5903)
{
	uint8_t i[66], r[67], gi[133], gr[133], z[66], got[133];   /* r: room for a leading 0 */
	size_t L = rfc5903[_i].len, plen;
	int c = rfc5903[_i].curve;

	unhex_n(rfc5903[_i].i, i, L);
	unhex_n(rfc5903[_i].r, r, L);
	plen = point(rfc5903[_i].gix, rfc5903[_i].giy, L, gi);
	point(rfc5903[_i].grx, rfc5903[_i].gry, L, gr);
	unhex_n(rfc5903[_i].girx, z, L);

	ck_assert_uint_eq(tw_ec_public(c, i, L, got, sizeof got), plen);
	tu_assert_bytes(got, gi, plen);
	ck_assert_uint_eq(tw_ec_public(c, r, L, got, sizeof got), plen);
	tu_assert_bytes(got, gr, plen);
	ck_assert_uint_eq(tw_ecdh(c, i, L, gr, plen, got, sizeof got), L);
	tu_assert_bytes(got, z, L);
	ck_assert_uint_eq(tw_ecdh(c, r, L, gi, plen, got, sizeof got), L);
	tu_assert_bytes(got, z, L);
	/* The output buffer must hold the X coordinate. */
	ck_assert_uint_eq(tw_ecdh(c, i, L, gr, plen, got, L - 1), 0);
	ck_assert_uint_eq(tw_ec_public(c, i, L, got, plen - 1), 0);
	/* A point off the curve, a truncated point, a compressed point. */
	gr[plen - 1] ^= 1;
	ck_assert_uint_eq(tw_ecdh(c, i, L, gr, plen, got, sizeof got), 0);
	gr[plen - 1] ^= 1;
	ck_assert_uint_eq(tw_ecdh(c, i, L, gr, plen - 1, got, sizeof got), 0);
	gr[0] = 0x02;
	ck_assert_uint_eq(tw_ecdh(c, i, L, gr, plen, got, sizeof got), 0);
	gr[0] = 0x04;
	/* Scalars outside 1 .. order-1: zero, and all-ones (above every
	 * NIST order of this length). */
	memset(r, 0, L);
	ck_assert_uint_eq(tw_ecdh(c, r, L, gr, plen, got, sizeof got), 0);
	ck_assert_uint_eq(tw_ec_public(c, r, L, got, sizeof got), 0);
	memset(r, 0xff, L);
	ck_assert_uint_eq(tw_ecdh(c, r, L, gr, plen, got, sizeof got), 0);
	/* A leading zero byte on the scalar changes nothing. */
	memset(r, 0, 1);
	memcpy(r + 1, i, L);
	ck_assert_uint_eq(tw_ecdh(c, r, L + 1, gr, plen, got, sizeof got), L);
	tu_assert_bytes(got, z, L);
}
END_TEST

START_TEST(ecdh_unsupported_group)
{
	uint8_t k[32] = { 1 }, p[65] = { 4 }, out[66];

	/* 22 is secp256k1, 30 is x448: not in BearSSL's default set. */
	ck_assert_uint_eq(tw_ecdh(22, k, 32, p, 65, out, sizeof out), 0);
	ck_assert_uint_eq(tw_ecdh(30, k, 32, p, 56, out, sizeof out), 0);
	ck_assert_uint_eq(tw_ec_public(0, k, 32, out, sizeof out), 0);
	ck_assert_uint_eq(tw_ec_public(64, k, 32, out, sizeof out), 0);
}
END_TEST

/* ---- AEAD ---- */

/* McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test
 * cases 4 (AES-128) and 16 (AES-256): 12-byte IV, 20 bytes of AAD,
 * 60 bytes of plaintext. */
START_TEST(gcm_spec_cases)
{
	static const char *P = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d"
		"8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
	static const struct {
		const char *key, *c, *tag;
	} v[2] = {
		{ "feffe9928665731c6d6a8f9467308308",
		  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e23"
		  "29aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
		  "5bc94fbc3221a5db94fae95ae7121a47" },
		{ "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd"
		  "2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
		  "76fc6ece0f4e1768cddf8853bb2d551b" },
	};
	uint8_t key[32], iv[12], aad[20], p[60], buf[60], tag[16];
	size_t i, klen;

	unhex_n("cafebabefacedbaddecaf888", iv, 12);
	unhex_n("feedfacedeadbeeffeedfacedeadbeefabaddad2", aad, 20);
	unhex_n(P, p, 60);
	for (i = 0; i < 2; i++) {
		klen = strlen(v[i].key) / 2;
		unhex_n(v[i].key, key, klen);
		unhex_n(v[i].c, buf, 60);
		unhex_n(v[i].tag, tag, 16);
		ck_assert_int_eq(tw_gcm_open(key, klen, iv, aad, 20, buf, 60, tag), 1);
		tu_assert_bytes(buf, p, 60);
		/* One flipped tag bit: rejected, the text still decrypted. */
		unhex_n(v[i].c, buf, 60);
		tag[15] ^= 0x01;
		ck_assert_int_eq(tw_gcm_open(key, klen, iv, aad, 20, buf, 60, tag), 0);
		tu_assert_bytes(buf, p, 60);
		tag[15] ^= 0x01;
		/* A changed AAD byte also fails the tag. */
		unhex_n(v[i].c, buf, 60);
		aad[0] ^= 0x80;
		ck_assert_int_eq(tw_gcm_open(key, klen, iv, aad, 20, buf, 60, tag), 0);
		aad[0] ^= 0x80;
	}
	ck_assert_int_eq(tw_gcm_open(key, 24, iv, aad, 20, buf, 60, tag), 0);
}
END_TEST

/* RFC 8439 §2.8.2: the ChaCha20-Poly1305 AEAD example ("Ladies and
 * Gentlemen of the class of '99..."), 114 bytes, 12 bytes of AAD. */
START_TEST(chacha20poly1305_rfc8439)
{
	static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could "
		"offer you only one tip for the future, sunscreen would be it.";
	static const char *C = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
		"3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
		"92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
		"3ff4def08e4b7a9de576d26586cec64b6116";
	uint8_t key[32], nonce[12], aad[12], buf[114], tag[16];
	size_t i;

	ck_assert_uint_eq(sizeof pt - 1, 114);
	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x80 + i);
	unhex_n("070000004041424344454647", nonce, 12);
	unhex_n("50515253c0c1c2c3c4c5c6c7", aad, 12);
	unhex_n(C, buf, 114);
	unhex_n("1ae10b594f09e26a7e902ecbd0600691", tag, 16);
	ck_assert_int_eq(tw_chacha20poly1305_open(key, nonce, aad, 12, buf, 114, tag), 1);
	tu_assert_bytes(buf, pt, 114);
	unhex_n(C, buf, 114);
	tag[0] ^= 0x40;
	ck_assert_int_eq(tw_chacha20poly1305_open(key, nonce, aad, 12, buf, 114, tag), 0);
	tu_assert_bytes(buf, pt, 114);
}
END_TEST

/* AES-CCM with the 12-byte nonce TLS uses (RFC 6655):
 *  - NIST SP 800-38C Appendix C, Example 3 (C.3): AES-128, 8-byte tag;
 *  - Project Wycheproof aes_ccm_test.json (version 0.8r12), tcId 34
 *    (AES-128) and tcId 164 (AES-256): 16-byte tags. */
START_TEST(ccm_vectors)
{
	static const struct {
		const char *src, *key, *nonce, *aad, *p, *c, *tag;
	} v[] = {
		{ "SP 800-38C C.3", "404142434445464748494a4b4c4d4e4f",
		  "101112131415161718191a1b", "000102030405060708090a0b0c0d0e0f10111213",
		  "202122232425262728292a2b2c2d2e2f3031323334353637",
		  "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5", "484392fbc1b09951" },
		{ "Wycheproof 34", "875b0b4a84150524eb1f50f9d8de1388",
		  "fdc5014ed1ad706129d57322", "35a6d9829c8449c4402e385cc5c6fe98",
		  "2f575dfb2dbe9d238de576fc63e4ac32", "3469c3ff738aa32aacc1ac48d89b1d75",
		  "fa68720a3171a54c4b3690bffde7b610" },
		{ "Wycheproof 164",
		  "6905f2c4d63a7ba7e9366ba6c3bbf6e3552d569eb55321beba3f8d98a182b97d",
		  "49e08c06dbae3ff5cb7d9ecd", "aba0c44e9f9399748f4a7e919ceb8a62",
		  "b56254e221cf558ea7d9194eecd63ed5", "68e66f433c3cf9e4247225682f4c73a4",
		  "07f53a76b84460ecf4aa1813e5170b2f" },
	};
	uint8_t key[32], nonce[12], aad[20], p[24], buf[24], tag[16];
	size_t i, kl, al, pl, tl;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		kl = strlen(v[i].key) / 2;
		al = strlen(v[i].aad) / 2;
		pl = strlen(v[i].p) / 2;
		tl = strlen(v[i].tag) / 2;
		unhex_n(v[i].key, key, kl);
		unhex_n(v[i].nonce, nonce, 12);
		unhex_n(v[i].aad, aad, al);
		unhex_n(v[i].p, p, pl);
		unhex_n(v[i].c, buf, pl);
		unhex_n(v[i].tag, tag, tl);
		ck_assert_msg(tw_ccm_open(key, kl, nonce, aad, al, buf, pl, tag, tl) == 1,
			"%s: tag rejected", v[i].src);
		tu_assert_bytes(buf, p, pl);
		unhex_n(v[i].c, buf, pl);
		tag[tl - 1] ^= 0x80;
		ck_assert_msg(tw_ccm_open(key, kl, nonce, aad, al, buf, pl, tag, tl) == 0,
			"%s: flipped tag accepted", v[i].src);
		tu_assert_bytes(buf, p, pl);
	}
	/* Tag lengths other than 8 and 16 are refused. */
	ck_assert_int_eq(tw_ccm_open(key, 32, nonce, aad, al, buf, pl, tag, 12), 0);
}
END_TEST

/* NIST SP 800-38A F.2.2 (CBC-AES128.Decrypt) and F.2.6
 * (CBC-AES256.Decrypt): four blocks each. */
START_TEST(cbc_sp800_38a)
{
	static const char *P = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
		"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
	static const struct {
		const char *key, *c;
	} v[2] = {
		{ "2b7e151628aed2a6abf7158809cf4f3c",
		  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
		  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7" },
		{ "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
		  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
		  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b" },
	};
	uint8_t key[32], iv[16], iv0[16], p[64], buf[64];
	size_t i, kl;

	unhex_n("000102030405060708090a0b0c0d0e0f", iv, 16);
	memcpy(iv0, iv, 16);
	unhex_n(P, p, 64);
	for (i = 0; i < 2; i++) {
		kl = strlen(v[i].key) / 2;
		unhex_n(v[i].key, key, kl);
		unhex_n(v[i].c, buf, 64);
		ck_assert_int_eq(tw_aes_cbc_decrypt(key, kl, iv, buf, 64), 0);
		tu_assert_bytes(buf, p, 64);
		/* The caller's IV is left as it was. */
		tu_assert_bytes(iv, iv0, 16);
	}
	ck_assert_int_eq(tw_aes_cbc_decrypt(key, 32, iv, buf, 63), -1);
	ck_assert_int_eq(tw_aes_cbc_decrypt(key, 24, iv, buf, 64), -1);
}
END_TEST

/* ---- signatures ---- */

/* DER INTEGER of a big-endian unsigned value: leading zeros dropped, a
 * 00 added when the top bit is set (X.690 §8.3). Values here are short,
 * so lengths fit in one byte. */
static size_t
der_int(const uint8_t *v, size_t len, uint8_t *out)
{
	size_t n = 0;

	while (len > 1 && v[0] == 0) {
		v++;
		len--;
	}
	out[n++] = 0x02;
	out[n++] = (uint8_t)(len + (v[0] >> 7));
	if (v[0] & 0x80)
		out[n++] = 0x00;
	memcpy(out + n, v, len);
	return n + len;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3). */
static size_t
der_sig(const uint8_t *r, const uint8_t *s, size_t len, uint8_t *out)
{
	size_t n = 2;

	n += der_int(r, len, out + n);
	n += der_int(s, len, out + n);
	out[0] = 0x30;
	out[1] = (uint8_t)(n - 2);
	return n;
}

/* RFC 6979 A.2.5: the P-256 key (Ux, Uy) and its signature (r, s) of the
 * message "sample" with SHA-256. The DER form is built here from r and s
 * as a TLS ServerKeyExchange carries it. */
START_TEST(ecdsa_rfc6979_p256)
{
	uint8_t pub[65], r[32], s[32], sig[80], hash[32], ro[66], so[66];
	const uint8_t *msg[1] = { (const uint8_t *)"sample" };
	const size_t mlen[1] = { 6 };
	size_t slen, rs = 0;

	point("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
		"7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 32, pub);
	unhex_n("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", r, 32);
	unhex_n("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", s, 32);
	ck_assert_uint_eq(tw_hash(256, msg, mlen, 1, hash), 32);
	slen = der_sig(r, s, 32, sig);
	/* Both top bits are set: 30 46 02 21 00 r 02 21 00 s. */
	ck_assert_uint_eq(slen, 72);

	memset(ro, 0xaa, sizeof ro);
	memset(so, 0xaa, sizeof so);
	ck_assert_int_eq(tw_ecdsa_verify(23, pub, 65, hash, 32, sig, slen, ro, so, &rs), 1);
	ck_assert_uint_eq(rs, 32);
	tu_assert_bytes(ro, r, 32);
	tu_assert_bytes(so, s, 32);

	/* One bit of s changed: invalid, and r, s still returned. */
	sig[slen - 1] ^= 0x01;
	ck_assert_int_eq(tw_ecdsa_verify(23, pub, 65, hash, 32, sig, slen, ro, so, &rs), 0);
	tu_assert_bytes(ro, r, 32);
	sig[slen - 1] ^= 0x01;
	/* One bit of the hash changed: invalid. */
	hash[0] ^= 0x01;
	ck_assert_int_eq(tw_ecdsa_verify(23, pub, 65, hash, 32, sig, slen, NULL, NULL, NULL), 0);
	hash[0] ^= 0x01;
	/* Unparseable: a broken SEQUENCE, a public key of the wrong
	 * length, a curve without ECDSA. */
	sig[0] = 0x31;
	ck_assert_int_eq(tw_ecdsa_verify(23, pub, 65, hash, 32, sig, slen, NULL, NULL, NULL), -1);
	sig[0] = 0x30;
	ck_assert_int_eq(tw_ecdsa_verify(23, pub, 64, hash, 32, sig, slen, NULL, NULL, NULL), -1);
	ck_assert_int_eq(tw_ecdsa_verify(24, pub, 65, hash, 32, sig, slen, NULL, NULL, NULL), -1);
	ck_assert_int_eq(tw_ecdsa_verify(29, pub, 65, hash, 32, sig, slen, NULL, NULL, NULL), -1);
	ck_assert_int_eq(tw_ecdsa_verify(23, pub, 65, hash, 32, sig, slen, NULL, NULL, NULL), 1);
}
END_TEST

/* NIST CAVS 10.1 "SigGen PKCS#1 Ver 1.5" (SigGen15_186-3.rsp, as shipped
 * in pyca/cryptography's vectors), [mod = 1024], e = 0x1001, the first
 * SHAAlg = SHA256 entry. s^e mod n must be the EMSA-PKCS1-v1_5 block of
 * RFC 8017 §9.2: 00 01 ff..ff 00 ‖ DigestInfo(SHA-256) ‖ SHA-256(Msg). */
START_TEST(rsa_cavs_siggen15)
{
	static const char *N = "a3ecf80ff1804833c36a89a1583f58ef3332476a50a153e73ced17796139636045c131a6b17222ba8848f70150b18dfa390bfb1670ae982dfbc311fd0ede055564687af3805ca883944bb5ac9ec19b0e0cfbd9a314d70b17080c3d49b50cbf417062eb41bd639d67a5fb330ec55a0489fee08eeec97ed487c114b20393fe0aef";
	static const char *MSG = "dfce08b64b9ea4014947012670548da4ceeee084dbfe509aac92bf096982b8050153bbdd1c5bd4385226729e9a19773b05558ce0acdfb74be6fd2fa8bfe36f58a68e89f066f1bd85584f4a27d6e884abf2d727ae683bebd6d295585b1b71dcc636491bf910a68670c3882fc60c08db7bff3c59f4f95b13c3d721e329657528d9";
	static const char *S = "8D9D30A87DF0C2F6CD651FCAF2B9AC1296287AD3D4B03132E330F08AB701FC197040D0A261F631E7E34478B592551E1F682395C9E2B54C8CE8B0C72C1B5A79748CC34F9152730A7F67FAE1225A4CE750F1D5D4E288176DF197E7503C88B5BAECEF3ABCF2875F111E6D7F7B4DC8AFA2ED3C1D7AD8E7CF45A77F0B1CB178518402";
	/* DigestInfo prefix for SHA-256, RFC 8017 §9.2 note 1. */
	static const char *DI = "3031300d060960864801650304020105000420";
	static const uint8_t e[2] = { 0x10, 0x01 };
	uint8_t n[129], sig[128], msg[128], em[128], out[129], big[129];
	const uint8_t *parts[1] = { msg };
	const size_t lens[1] = { 128 };
	size_t ps = 128 - 3 - 19 - 32;

	unhex_n(N, n, 128);
	unhex_n(S, sig, 128);
	unhex_n(MSG, msg, 128);
	em[0] = 0x00;
	em[1] = 0x01;
	memset(em + 2, 0xff, ps);
	em[2 + ps] = 0x00;
	unhex_n(DI, em + 3 + ps, 19);
	ck_assert_uint_eq(tw_hash(256, parts, lens, 1, em + 3 + ps + 19), 32);

	ck_assert_int_eq(tw_rsa_public(n, 128, e, 2, sig, 128, out), 1);
	tu_assert_bytes(out, em, 128);

	/* A modulus with a DER sign byte in front: out is that long too,
	 * and starts with the same zero. */
	memmove(n + 1, n, 128);
	n[0] = 0x00;
	ck_assert_int_eq(tw_rsa_public(n, 129, e, 2, sig, 128, out), 1);
	ck_assert_uint_eq(out[0], 0);
	tu_assert_bytes(out + 1, em, 128);
	/* s >= n is refused: s = n itself. */
	ck_assert_int_eq(tw_rsa_public(n, 129, e, 2, n, 129, out), 0);
	/* An operand longer than the modulus is refused. */
	memset(big, 0x01, sizeof big);
	ck_assert_int_eq(tw_rsa_public(n, 129, e, 2, big, sizeof big, out), 0);
	/* So are an even modulus and an empty exponent. */
	n[128] &= 0xfe;
	ck_assert_int_eq(tw_rsa_public(n, 129, e, 2, sig, 128, out), 0);
	n[128] |= 0x01;
	ck_assert_int_eq(tw_rsa_public(n, 129, e, 0, sig, 128, out), 0);
}
END_TEST

/* The same CAVS vector opened the way the walk shows it: the block taken
 * apart, the hash inside compared; a changed hash or another hash's
 * DigestInfo is a mismatch, a signature not below n is not opened. */
START_TEST(pkcs1_open_cavs)
{
	static const char *N = "a3ecf80ff1804833c36a89a1583f58ef3332476a50a153e73ced17796139636045c131a6b17222ba8848f70150b18dfa390bfb1670ae982dfbc311fd0ede055564687af3805ca883944bb5ac9ec19b0e0cfbd9a314d70b17080c3d49b50cbf417062eb41bd639d67a5fb330ec55a0489fee08eeec97ed487c114b20393fe0aef";
	static const char *MSG = "dfce08b64b9ea4014947012670548da4ceeee084dbfe509aac92bf096982b8050153bbdd1c5bd4385226729e9a19773b05558ce0acdfb74be6fd2fa8bfe36f58a68e89f066f1bd85584f4a27d6e884abf2d727ae683bebd6d295585b1b71dcc636491bf910a68670c3882fc60c08db7bff3c59f4f95b13c3d721e329657528d9";
	static const char *S = "8D9D30A87DF0C2F6CD651FCAF2B9AC1296287AD3D4B03132E330F08AB701FC197040D0A261F631E7E34478B592551E1F682395C9E2B54C8CE8B0C72C1B5A79748CC34F9152730A7F67FAE1225A4CE750F1D5D4E288176DF197E7503C88B5BAECEF3ABCF2875F111E6D7F7B4DC8AFA2ED3C1D7AD8E7CF45A77F0B1CB178518402";
	static uint8_t e[2] = { 0x10, 0x01 };
	uint8_t n[128], sig[128], msg[128], h[32];
	const uint8_t *parts[1] = { msg };
	const size_t lens[1] = { 128 };
	br_rsa_public_key pk = { n, 128, e, 2 };
	tw_pkcs1_open o;

	unhex_n(N, n, 128);
	unhex_n(S, sig, 128);
	unhex_n(MSG, msg, 128);
	ck_assert_uint_eq(tw_hash(256, parts, lens, 1, h), 32);
	tw_pkcs1_open_sig(&pk, BR_HASH_OID_SHA256, h, 32, sig, 128, &o);
	ck_assert_int_eq(o.v, TW_V_OK);
	ck_assert_uint_eq(o.len, 128);
	ck_assert_uint_eq(o.ff_len, 128 - 3 - 19 - 32);
	ck_assert_uint_eq(o.prefix_len, 19);
	h[31] ^= 1;
	tw_pkcs1_open_sig(&pk, BR_HASH_OID_SHA256, h, 32, sig, 128, &o);
	ck_assert_int_eq(o.v, TW_V_MISMATCH);
	h[31] ^= 1;
	tw_pkcs1_open_sig(&pk, BR_HASH_OID_SHA1, h, 20, sig, 128, &o);
	ck_assert_int_eq(o.v, TW_V_MISMATCH);
	memset(sig, 0xff, sizeof sig);
	tw_pkcs1_open_sig(&pk, BR_HASH_OID_SHA256, h, 32, sig, 128, &o);
	ck_assert_uint_eq(o.len, 0);
	ck_assert_int_eq(o.v, TW_V_MISSING);
}
END_TEST

Suite *
crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, hash_fips180_abc);
	tcase_add_test(tc, hmac_rfc4231_rfc2202);
	tcase_add_test(tc, prf_sha384_vector);
	tcase_add_test(tc, x25519_rfc7748_5_2);
	tcase_add_test(tc, x25519_rfc7748_6_1);
	tcase_add_loop_test(tc, ecdh_rfc5903, 0, sizeof rfc5903 / sizeof rfc5903[0]);
	tcase_add_test(tc, ecdh_unsupported_group);
	tcase_add_test(tc, gcm_spec_cases);
	tcase_add_test(tc, chacha20poly1305_rfc8439);
	tcase_add_test(tc, ccm_vectors);
	tcase_add_test(tc, cbc_sp800_38a);
	tcase_add_test(tc, ecdsa_rfc6979_p256);
	tcase_add_test(tc, rsa_cavs_siggen15);
	tcase_add_test(tc, pkcs1_open_cavs);
	suite_add_tcase(s, tc);
	return s;
}
