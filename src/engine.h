/*
 * engine.h — what a BearSSL engine knows that never crosses the wire,
 * recorded while it runs.
 *
 * BearSSL keeps neither its ephemeral ECDHE scalar nor the pre-master
 * secret. Rather than read private struct fields, the engine is given
 * implementations that record their arguments and then call the real
 * ones: a copy of the default br_ec_impl whose mulgen / mul record the
 * scalar, the public value, the peer's point and the shared secret; an RSA
 * public-key function that records the client's PKCS#1 block before
 * encryption; a server policy whose do_keyx records the decrypted
 * pre-master secret. Used by the in-process wire (both engines) and by the
 * live source (the one local engine).
 */
#ifndef TW_ENGINE_H
#define TW_ENGINE_H

#include <bearssl.h>
#include "wire.h"

/* Where the EC and RSA wrappers record: w->fact[side]. br_ec_impl and
 * br_rsa_public take no context pointer, so the target is a thread-local
 * pointer; set it before the engine runs and NULL afterwards (one
 * connection per thread at a time). */
void tw_engine_record_into(tw_wire *w);

/* A copy of the default EC implementation whose mulgen and mul record into
 * fact[side] (0 client, 1 server) of the target set above. supported_curves
 * is the default's: callers narrow it. */
void tw_engine_ec_recording(br_ec_impl *out, int side);

/* The client's RSA encryption of the pre-master secret, recording the
 * block (00 02 PS 00 pms) into fact[0] first: br_ssl_client_set_rsapub. */
uint32_t tw_engine_rsapub(unsigned char *x, size_t xlen, const br_rsa_public_key *pk);

/* A server policy wrapped so that RSA key exchange's decryption result is
 * recorded into f. Caller-owned; must outlive the engine. */
typedef struct {
	const br_ssl_server_policy_class *vtable;
	const br_ssl_server_policy_class **inner;
	tw_engine_facts *f;
} tw_keyx_recorder;

/* Wrap ss's current policy (set by br_ssl_server_init_full_*) with kr. */
void tw_keyx_recorder_install(tw_keyx_recorder *kr, br_ssl_server_context *ss,
	tw_engine_facts *f);

#endif
