/*
 * failure.c — how a connection that did not complete ended. See failure.h.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <bearssl.h>
#include "failure.h"
#include "model.h"
#include "names.h"

/* What each BearSSL error means as a check, which message it rejects, and
 * the alert RFC 5246 §7.2.2 asks for. at: the step id of the message the
 * check reads, from the side that stops (NULL: the last one it received). */
static const struct {
	int err;
	const char *check_en, *check_zh;
	const char *at_client, *at_server;
	int alert;
} checks[] = {
	{ BR_ERR_X509_EXPIRED, "the certificate's validity dates", "证书的有效期检查",
	  "tls-certificate", "tls-client-certificate", BR_ALERT_CERTIFICATE_EXPIRED },
	{ BR_ERR_X509_BAD_SERVER_NAME, "the certificate's name check", "证书的域名检查",
	  "tls-certificate", NULL, BR_ALERT_BAD_CERTIFICATE },
	{ BR_ERR_X509_NOT_TRUSTED, "the chain to a trusted root", "到可信根证书的证书链检查",
	  "tls-certificate", "tls-client-certificate", BR_ALERT_UNKNOWN_CA },
	{ BR_ERR_X509_NOT_CA, "the issuer's right to sign certificates (basicConstraints)",
	  "签发者是否有权签发证书（basicConstraints）", "tls-certificate", "tls-client-certificate",
	  BR_ALERT_BAD_CERTIFICATE },
	{ BR_ERR_X509_BAD_SIGNATURE, "a certificate's signature", "证书签名检查",
	  "tls-certificate", "tls-client-certificate", BR_ALERT_BAD_CERTIFICATE },
	{ BR_ERR_X509_FORBIDDEN_KEY_USAGE, "the certificate's key usage", "证书的密钥用途检查",
	  "tls-certificate", "tls-client-certificate", BR_ALERT_BAD_CERTIFICATE },
	{ BR_ERR_X509_DN_MISMATCH, "the chain's issuer and subject names", "证书链的签发者与主体名称检查",
	  "tls-certificate", "tls-client-certificate", BR_ALERT_BAD_CERTIFICATE },
	{ BR_ERR_BAD_SIGNATURE, "the ServerKeyExchange signature", "ServerKeyExchange 签名检查",
	  "tls-server-key-exchange", "tls-certificate-verify", BR_ALERT_DECRYPT_ERROR },
	{ BR_ERR_BAD_FINISHED, "the Finished verify_data", "Finished 的 verify_data 检查",
	  "tls-server-finished", "tls-client-finished", BR_ALERT_DECRYPT_ERROR },
	{ BR_ERR_BAD_MAC, "the record's authentication tag (or MAC)", "记录的认证标签（或 MAC）检查",
	  NULL, NULL, BR_ALERT_BAD_RECORD_MAC },
	{ BR_ERR_BAD_CIPHER_SUITE, "the cipher suite the server chose", "服务器所选加密组件的检查",
	  "tls-server-hello", NULL, BR_ALERT_ILLEGAL_PARAMETER },
	{ BR_ERR_BAD_VERSION, "the protocol version", "协议版本检查",
	  NULL, NULL, BR_ALERT_PROTOCOL_VERSION },
	{ BR_ERR_UNSUPPORTED_VERSION, "the record's protocol version", "记录的协议版本检查",
	  NULL, NULL, BR_ALERT_PROTOCOL_VERSION },
	{ BR_ERR_BAD_PARAM, "the handshake message format", "握手报文格式检查",
	  NULL, NULL, BR_ALERT_DECODE_ERROR },
	{ BR_ERR_UNEXPECTED, "the order of the messages", "报文顺序检查",
	  NULL, NULL, BR_ALERT_UNEXPECTED_MESSAGE },
	{ BR_ERR_BAD_HANDSHAKE, "the handshake message format", "握手报文格式检查",
	  NULL, NULL, BR_ALERT_DECODE_ERROR },
	{ BR_ERR_BAD_LENGTH, "the record length", "记录长度检查",
	  NULL, NULL, BR_ALERT_DECODE_ERROR },
	{ BR_ERR_BAD_FRAGLEN, "the record length", "记录长度检查",
	  NULL, NULL, BR_ALERT_RECORD_OVERFLOW },
	{ BR_ERR_UNKNOWN_TYPE, "the record's content type", "记录内容类型检查",
	  NULL, NULL, BR_ALERT_UNEXPECTED_MESSAGE },
	{ BR_ERR_BAD_CCS, "the ChangeCipherSpec message", "ChangeCipherSpec 报文检查",
	  NULL, NULL, BR_ALERT_UNEXPECTED_MESSAGE },
	{ BR_ERR_INVALID_ALGORITHM, "the algorithms offered and chosen", "所提供和选择的算法检查",
	  NULL, NULL, BR_ALERT_HANDSHAKE_FAILURE },
};

static int
step_of(const tw_model *m, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < m->story.nstep; i++)
		if (strcmp(m->story.step[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* The last TLS step sent towards side `to` (the last one it received). */
static int
last_received(const tw_model *m, tw_dir to)
{
	int i;

	for (i = (int)m->story.nstep - 1; i >= 0; i--)
		if (m->story.step[i].kind == TW_STEP_TLS && m->story.step[i].dir != to)
			return i;
	return -1;
}

/* The step holding the first record towards `to` whose tag did not check. */
static int
first_bad_record(const tw_model *m, tw_dir to)
{
	size_t i, s;

	for (i = 0; i < m->keys.nopened; i++) {
		const tw_opened *o = &m->keys.opened[i];
		if (o->tag != TW_V_MISMATCH || m->wire.rec[o->rec].dir == to)
			continue;
		for (s = 0; s < m->story.nstep; s++) {
			const tw_step *st = &m->story.step[s];
			if (st->kind == TW_STEP_TLS && st->rec_first >= 0 && o->rec >= st->rec_first
				&& o->rec < st->rec_first + st->rec_count)
				return (int)s;
		}
	}
	return -1;
}

static const char *
alert_name(int a)
{
	const char *n = a >= 0 ? tw_name_alert((uint8_t)a) : NULL;
	return n ? n : "?";
}

/* see failure.h */
void
tw_failure_build(const tw_model *m, tw_failure *f)
{
	const tw_wire *w = &m->wire;
	int err, core, sent = -1, a;
	size_t i;
	const char *who_en, *who_zh, *alert_id;
	char tail_en[200], tail_zh[200];

	memset(f, 0, sizeof *f);
	f->at_step = f->alert_step = -1;
	f->alert = f->rfc_alert = -1;
	if (m->wire_ok)
		return;
	f->failed = 1;
	/* The side that stopped first: the one whose error is not merely the
	 * alert it received from the other. */
	if ((w->server_err & BR_ERR_SEND_FATAL_ALERT) && !(w->client_err & BR_ERR_SEND_FATAL_ALERT)) {
		/* The server said so first with an alert; whatever the client
		 * then made of that alert's record is a consequence. */
		f->stopper = TW_S2C;
		err = w->server_err;
	} else if ((w->client_err & BR_ERR_SEND_FATAL_ALERT) && !(w->server_err & BR_ERR_SEND_FATAL_ALERT)) {
		f->stopper = TW_C2S;
		err = w->client_err;
	} else if (w->client_err != BR_ERR_OK && !(w->client_err & BR_ERR_RECV_FATAL_ALERT)) {
		f->stopper = TW_C2S;
		err = w->client_err;
	} else if (w->server_err != BR_ERR_OK && !(w->server_err & BR_ERR_RECV_FATAL_ALERT)) {
		f->stopper = TW_S2C;
		err = w->server_err;
	} else {
		f->stopper = w->client_err != BR_ERR_OK ? TW_C2S : TW_S2C;
		err = f->stopper == TW_C2S ? w->client_err : w->server_err;
	}
	f->err = err;
	core = err;
	if (err == BR_ERR_OK && w->nattack > 0 && m->sc.attack.kind == TW_ATK_TAMPER) {
		/* A changed record length: the receiver waits for bytes that
		 * never come. No check fired; nothing was accepted either. */
		const tw_attack_event *ev = &w->attack[0];
		int s2;
		f->stopper = ev->dir == TW_C2S ? TW_S2C : TW_C2S;
		f->check_en = "the record's length";
		f->check_zh = "记录长度";
		for (s2 = 0; s2 < (int)m->story.nstep; s2++) {
			const tw_step *st = &m->story.step[s2];
			if (st->kind == TW_STEP_TLS && st->dir == ev->dir && ev->off >= st->stream_off
				&& ev->off < st->stream_off + st->len)
				f->at_step = s2;
		}
		snprintf(f->banner_en, sizeof f->banner_en, "The connection never finished: the attacker "
			"changed this record's length, so the %s waited for bytes that never came. No check "
			"fired and nothing was accepted: the connection hung until it was given up.",
			f->stopper == TW_C2S ? "client" : "server");
		snprintf(f->banner_zh, sizeof f->banner_zh, "连接没有正常结束：攻击者改变了这条记录的长度，"
			"于是%s一直等待永远不会到来的字节。没有任何检查被触发，也没有接受任何东西：连接一直挂起，直到被放弃。",
			f->stopper == TW_C2S ? "客户端" : "服务器");
		return;
	}
	if (err == BR_ERR_OK) {
		/* Neither engine rejected anything: the connection just never
		 * finished, because a message never arrived. */
		f->stopper = TW_C2S;
		f->check_en = "the close_notify exchange";
		f->check_zh = "close_notify 交换";
		f->at_step = last_received(m, TW_C2S);
		snprintf(f->banner_en, sizeof f->banner_en, "The connection never finished: the client "
			"was still waiting for the server's close_notify when it ended%s. Without it, TLS "
			"cannot tell a finished response from one cut short; here the HTTP Content-Length "
			"shows the response arrived whole.",
			w->nattack ? " (the attacker dropped it)" : "");
		snprintf(f->banner_zh, sizeof f->banner_zh, "连接没有正常结束：直到最后客户端仍在等待服务器的 "
			"close_notify%s。没有它，TLS 无法区分完整的响应和被截断的响应；这里 HTTP 的 "
			"Content-Length 表明响应是完整到达的。",
			w->nattack ? "（被攻击者丢弃了）" : "");
		return;
	}
	if (err & BR_ERR_SEND_FATAL_ALERT) {
		/* It stopped by sending this alert: the reason is the alert. */
		sent = err & 0xff;
		core = -1;
	}
	f->check_en = "the connection's progress";
	f->check_zh = "连接进展检查";
	if (core > BR_ERR_X509_OK && core < BR_ERR_X509_BAD_SIGNATURE
		&& core != BR_ERR_X509_WRONG_KEY_TYPE) {
		/* The DER decoder's errors: the certificate cannot even be read. */
		f->check_en = "the certificate's encoding (DER)";
		f->check_zh = "证书编码（DER）检查";
		f->rfc_alert = BR_ALERT_BAD_CERTIFICATE;
		f->at_step = step_of(m, f->stopper == TW_C2S ? "tls-certificate" : "tls-client-certificate");
	}
	for (i = 0; core >= 0 && i < sizeof checks / sizeof checks[0]; i++)
		if (checks[i].err == core) {
			f->check_en = checks[i].check_en;
			f->check_zh = checks[i].check_zh;
			f->rfc_alert = checks[i].alert;
			f->at_step = step_of(m, f->stopper == TW_C2S ? checks[i].at_client
				: checks[i].at_server);
			if (core == BR_ERR_BAD_SIGNATURE && f->stopper == TW_S2C) {
				f->check_en = "the client's CertificateVerify signature";
				f->check_zh = "客户端 CertificateVerify 签名检查";
			}
			if (core == BR_ERR_BAD_MAC)
				f->at_step = first_bad_record(m, f->stopper);
			break;
		}
	if (sent >= 0) {
		f->check_en = "the negotiation";
		f->check_zh = "协商检查";
		f->rfc_alert = sent;
	}
	if (f->at_step < 0)
		f->at_step = last_received(m, f->stopper);
	/* Did the stopper say so? Its alert is a step of its own. */
	alert_id = f->stopper == TW_C2S ? "tls-client-alert" : "tls-server-alert";
	f->alert_step = step_of(m, alert_id);
	if (f->alert_step >= 0)
		f->alert = sent >= 0 ? sent : f->rfc_alert;
	who_en = f->stopper == TW_C2S ? "The client" : "The server";
	who_zh = f->stopper == TW_C2S ? "客户端" : "服务器";
	a = f->rfc_alert;
	if (f->alert_step >= 0) {
		snprintf(tail_en, sizeof tail_en, "it sent a fatal %s alert (%d)", alert_name(f->alert), f->alert);
		snprintf(tail_zh, sizeof tail_zh, "它发送了致命警报 %s（%d）", alert_name(f->alert), f->alert);
	} else if (a >= 0) {
		snprintf(tail_en, sizeof tail_en, "it closed the connection without an alert, where RFC 5246 asks for %s (%d)",
			alert_name(a), a);
		snprintf(tail_zh, sizeof tail_zh, "它没有发送警报就关闭了连接，而 RFC 5246 要求发送 %s（%d）",
			alert_name(a), a);
	} else {
		snprintf(tail_en, sizeof tail_en, "it closed the connection without an alert");
		snprintf(tail_zh, sizeof tail_zh, "它没有发送警报就关闭了连接");
	}
	snprintf(f->banner_en, sizeof f->banner_en, "%s stopped here: %s failed (%s: %s); %s.",
		who_en, f->check_en, tw_br_err_name(err), tw_br_err_text(err), tail_en);
	snprintf(f->banner_zh, sizeof f->banner_zh, "%s在这里停止：%s未通过（%s：%s）；%s。",
		who_zh, f->check_zh, tw_br_err_name(err), tw_br_err_text(err), tail_zh);
}
