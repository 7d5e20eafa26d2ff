/*
 * dump.c — the text walkthrough. See dump.h.
 *
 * Layout per step: a heading line with the step label, id, name and
 * direction; the lesson; the bytes; the field tree; then "what is known
 * now": the secrets this step introduced, each with its derivation and a
 * verdict (verified / MISMATCH / missing) from keysched.
 */
#include "config.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dump.h"
#include "capture.h"
#include "names.h"
#include "terms.h"

/* see dump.h */
const char *
tw_dump_mark(tw_verdict v, int zh)
{
	static char buf[2][3][64];
	tw_term_id t = v == TW_V_OK ? TW_T_VERIFIED : v == TW_V_MISMATCH ? TW_T_MISMATCH
		: TW_T_MISSING;
	int k = v == TW_V_OK ? 0 : v == TW_V_MISMATCH ? 1 : 2;

	snprintf(buf[zh != 0][k], sizeof buf[0][0], "[%s]", tw_term(t, zh));
	return buf[zh != 0][k];
}

static int
lessons_zh(const tw_lessons *l)
{
	return l != NULL && strcmp(tw_lessons_lang(l), "zh") == 0;
}

static void
hexline(FILE *out, const char *indent, const char *label, const uint8_t *b, size_t n)
{
	size_t i, col = 0;
	size_t lw = strlen(indent) + strlen(label) + 2;

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

/* see dump.h */
void
tw_dump_hex(FILE *out, const uint8_t *b, size_t n, const char *indent)
{
	static const char dig[] = "0123456789abcdef";
	char line[80];
	size_t off, i, k;

	/* One line at a time: a dump has thousands of bytes. */
	for (off = 0; off < n; off += 16) {
		k = (size_t)snprintf(line, sizeof line, "%04zx  ", off);
		for (i = 0; i < 16; i++) {
			if (off + i < n) {
				line[k++] = dig[b[off + i] >> 4];
				line[k++] = dig[b[off + i] & 15];
				line[k++] = ' ';
			} else {
				memcpy(line + k, "   ", 3);
				k += 3;
			}
			if (i == 7)
				line[k++] = ' ';
		}
		line[k++] = ' ';
		line[k++] = '|';
		for (i = 0; i < 16 && off + i < n; i++)
			line[k++] = isprint(b[off + i]) && b[off + i] < 0x7f ? (char)b[off + i] : '.';
		line[k++] = '|';
		line[k] = 0;
		fprintf(out, "%s%s\n", indent, line);
	}
}

static void
print_text(FILE *out, const char *indent, const uint8_t *b, size_t n)
{
	size_t i;

	fputs(indent, out);
	for (i = 0; i < n; i++) {
		if (b[i] == '\r')
			fputs("\\r", out);
		else if (b[i] == '\n') {
			fputs("\\n\n", out);
			if (i + 1 < n)
				fputs(indent, out);
		} else if (isprint(b[i]) && b[i] < 0x7f)
			fputc(b[i], out);
		else
			fprintf(out, "\\x%02x", b[i]);
	}
	if (n == 0 || b[n - 1] != '\n')
		fputc('\n', out);
}

/* A line's named parts: "label [0+13] | client random [13+32] | …". */
static void
print_parts(FILE *out, const char *what, const tw_sline *l, int zh)
{
	size_t i;

	if (l->npart == 0)
		return;
	fprintf(out, "        %s", what);
	for (i = 0; i < l->npart; i++)
		fprintf(out, "%s%s [%zu+%zu]", i ? " | " : zh ? "" : " ", zh ? l->part[i].zh : l->part[i].en,
			l->part[i].off, l->part[i].len);
	fputc('\n', out);
}

static void
print_prf(FILE *out, const tw_sline *l, const char *secret_name, int zh)
{
	const tw_prf_trace *t = l->prf;
	size_t i;
	char lab[64];

	if (zh)
		fprintf(out, "      PRF = P_SHA%d(%s, \"%s\" + 种子)，%zu 字节，来自 %zu 个 HMAC 块：\n",
			t->hash, secret_name, t->label, t->out_len, t->nblocks);
	else
		fprintf(out, "      PRF = P_SHA%d(%s, \"%s\" + seed), %zu bytes from %zu HMAC block%s:\n",
			t->hash, secret_name, t->label, t->out_len, t->nblocks, t->nblocks > 1 ? "s" : "");
	hexline(out, "        ", zh ? "标签+种子" : "label+seed", t->seed, t->seed_len);
	print_parts(out, zh ? "种子的组成：" : "seed parts:", l, zh);
	for (i = 0; i < t->nblocks; i++) {
		snprintf(lab, sizeof lab, "A(%zu)", i + 1);
		hexline(out, "        ", lab, t->A[i], t->hlen);
		snprintf(lab, sizeof lab, zh ? "P(%zu)=HMAC(A(%zu)+种子)" : "P(%zu)=HMAC(A(%zu)+seed)",
			i + 1, i + 1);
		hexline(out, "        ", lab, t->P[i], t->hlen);
	}
}

/* The messages a hash covers: each with the step that carried it and
 * its length, then the total hashed. */
static void
print_hs_list(FILE *out, const tw_model *m, const tw_sline *l, int zh)
{
	size_t i;
	char lab[32];

	for (i = 0; i < l->nmsg; i++) {
		const tw_smsg *h = &l->msg[i];
		const char *nm = tw_name_handshake(h->type);
		if (h->step >= 0)
			tw_step_label(&m->story.step[h->step], 0, lab, sizeof lab);
		else
			snprintf(lab, sizeof lab, "-");
		fprintf(out, zh ? "        %zu. %-4s %-20s %s，%zu 字节%s\n"
			: "        %zu. %-4s %-20s %s, %zu bytes%s\n", i + 1, lab, nm ? nm : "?",
			tw_term(h->dir == TW_C2S ? TW_T_CLIENT : TW_T_SERVER, zh), h->len,
			h->decrypted ? (zh ? "（解密后的明文）" : " (its decrypted plaintext)") : "");
	}
	fprintf(out, zh ? "        共 %zu 字节计入摘要\n" : "        total hashed: %zu bytes\n", l->msg_total);
}

/* One item of the model's list of secrets, every line of it. */
static void
print_secret(FILE *out, const tw_model *m, const tw_secret *it, int zh)
{
	size_t i;

	fprintf(out, "    %s\n", zh ? it->title_zh : it->title_en);
	for (i = 0; i < it->nline; i++) {
		const tw_sline *l = &it->line[i];
		const char *t = zh ? l->zh : l->en;

		switch (l->kind) {
		case TW_SL_TEXT:
			fprintf(out, "      %s\n", t);
			break;
		case TW_SL_HEX:
			if (l->as_text) {
				fprintf(out, zh ? "      %s（%zu 字节）：\n" : "      %s (%zu bytes):\n", t, l->len);
				print_text(out, "        | ", l->bytes, l->len);
			} else
				hexline(out, "      ", t, l->bytes, l->len);
			print_parts(out, zh ? "切分：" : "slices:", l, zh);
			break;
		case TW_SL_CHECK:
			if (l->rejected && l->v == TW_V_MISMATCH)
				fprintf(out, zh ? "      %s：[%s]\n" : "      %s: [%s]\n", t,
					tw_term(TW_T_REJECTED, zh));
			else
				fprintf(out, zh ? "      %s：%s\n" : "      %s: %s\n", t, tw_dump_mark(l->v, zh));
			break;
		case TW_SL_PRF:
			print_prf(out, l, tw_term(strcmp(l->prf->label, "master secret") == 0
				? TW_T_PRE_MASTER_SECRET : TW_T_MASTER_SECRET, zh), zh);
			break;
		case TW_SL_MSGS:
			fprintf(out, zh ? "      %s：\n" : "      %s:\n", t);
			print_hs_list(out, m, l, zh);
			break;
		}
	}
}

/* What this step made known: the items of the list that it introduces. */
static void
print_secrets(FILE *out, const tw_model *m, const tw_lessons *l, size_t step)
{
	size_t i;
	int any = 0, zh = lessons_zh(l);

	if (m->t13.present) {
		tw_dump13_step(out, m, &m->story.step[step], zh);
		return;
	}
	for (i = 0; i < m->secrets.n; i++) {
		const tw_secret *it = &m->secrets.item[i];
		if (it->step != (int)step)
			continue;
		if (!any)
			fprintf(out, zh ? "  %s：\n" : "  %s:\n", tw_term(TW_T_KNOWN_NOW, zh));
		any = 1;
		print_secret(out, m, it, zh);
	}
}

/* The heading of stage s (TLS 1.3 for a captured 1.3 connection). */
static const char *
stage_title(tw_stage s, int tls13, int zh, char *buf, size_t size)
{
	const char *st = tw_term(TW_T_STAGE, zh), *hs = tw_term(TW_T_HANDSHAKE, zh);

	switch (s) {
	case TW_STAGE_TCP:
		snprintf(buf, size, zh ? "%s 1 - TCP 的 3 次%s" : "%s 1 - TCP three-way %s", st, hs);
		break;
	case TW_STAGE_TLS:
		snprintf(buf, size, zh ? "%s 2 - TLS 1.%d %s" : "%s 2 - TLS 1.%d %s", st,
			tls13 ? 3 : 2, hs);
		break;
	case TW_STAGE_HTTP:
		snprintf(buf, size, zh ? "%s 3 - 加密通道中的 HTTP" : "%s 3 - HTTP over the encrypted channel", st);
		break;
	default:
		snprintf(buf, size, zh ? "结束 - close_notify %s，然后拆除 TCP 连接"
			: "Closing - close_notify %ss and TCP teardown", tw_term(TW_T_ALERT, zh));
		break;
	}
	if (!zh)
		buf[0] = (char)toupper((unsigned char)buf[0]);
	return buf;
}

/* Print text line by line with an indent; lesson text is UTF-8 prose and
 * is printed as it is (unlike decrypted bytes, which print_text escapes). */
static void
print_prose(FILE *out, const char *indent, const char *text)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p)
			fprintf(out, "%s%.*s\n", indent, (int)(nl - p), p);
		else
			fputc('\n', out);
		p = *nl ? nl + 1 : nl;
	}
}

static void
print_rendered(FILE *out, const tw_model *m, const tw_lessons *l,
	const char *indent, const char *prefix, const char *text)
{
	char *t = tw_lessons_render(l, text, m);

	fprintf(out, "%s%s", indent, prefix);
	print_prose(out, "", t ? t : text);
	free(t);
}

static void
print_lesson(FILE *out, const tw_model *m, const tw_lessons *l, const char *id,
	const char *indent)
{
	const tw_lesson *ls;
	char *t;
	size_t i;

	if (l == NULL || (ls = tw_lessons_pick(l, id, m)) == NULL)
		return;
	print_rendered(out, m, l, indent, "", ls->title);
	for (i = 0; i < ls->nbullets; i++)
		print_rendered(out, m, l, indent, "  - ", ls->bullets[i]);
	if (ls->body && ls->body[0]) {
		t = tw_lessons_render(l, ls->body, m);
		fputc('\n', out);
		print_prose(out, indent, t ? t : ls->body);
		free(t);
	}
}

/* The field tree, each field followed by its lesson (once per id within a
 * step, so fourteen cipher suites do not repeat the same sentence). */
static void
print_tree(FILE *out, const tw_model *m, const tw_lessons *l,
	const tw_field *f, int depth, const char **seen, size_t *nseen)
{
	const tw_lesson *ls;
	size_t i;
	int first = 1;

	fprintf(out, "    %*s%s%s", depth * 2, "", f->undecoded ? "! " : "",
		f->label ? f->label : f->id);
	if (f->value)
		fprintf(out, ": %s", tw_field_value(f, lessons_zh(l)));
	fprintf(out, "  [%zu+%zu]\n", f->off, f->len);
	for (i = 0; i < *nseen; i++)
		if (strcmp(seen[i], f->id) == 0)
			first = 0;
	if (first && l != NULL && (ls = tw_lessons_pick(l, f->id, m)) != NULL) {
		char ind[80];
		size_t b;
		/* What it is (the bullets), then why it has this value (the body). */
		snprintf(ind, sizeof ind, "    %*s  > ", depth * 2, "");
		for (b = 0; b < ls->nbullets; b++)
			print_rendered(out, m, l, ind, "", ls->bullets[b]);
		if (ls->body && ls->body[0])
			print_rendered(out, m, l, ind, "", ls->body);
		if (*nseen < 512)
			seen[(*nseen)++] = f->id;
	}
	for (i = 0; i < f->nchild; i++)
		print_tree(out, m, l, &f->child[i], depth + 1, seen, nseen);
}

/* Every checked item, one verdict each; the records counted together. */
static void
print_summary(FILE *out, const tw_model *m, int zh)
{
	size_t i, nrec = 0, okrec = 0;

	fprintf(out, zh ? "\n%s：" : "\n%s:", tw_term(TW_T_SUMMARY, zh));
	for (i = 0; i < m->secrets.n; i++) {
		const tw_secret *it = &m->secrets.item[i];
		if (it->only_here) {
			nrec++;
			okrec += it->v == TW_V_OK;
		} else if (it->v != TW_V_NA)
			fprintf(out, " %s %s;", it->id, tw_dump_mark(it->v, zh));
	}
	fprintf(out, zh ? " 解密成功的%s %zu / %zu %s\n" : " %ss opened %zu of %zu %s\n",
		tw_term(TW_T_RECORD, zh), okrec, nrec, tw_dump_mark(nrec && okrec == nrec ? TW_V_OK
		: nrec ? TW_V_MISMATCH : TW_V_MISSING, zh));
}

/* see dump.h */
void
tw_dump(const tw_model *m, const tw_lessons *l, FILE *out)
{
	tw_dump_range(m, l, 0, m->story.nstep ? m->story.nstep - 1 : 0, out);
	if (m->next != NULL) {
		int zh = lessons_zh(l);

		fprintf(out, "\n######## %s ########\n", m->next->compared
			? (zh ? "连接 2/2：同样的交换改用 ECDHE，同一个窃听者"
			   : "Connection 2 of 2: the same exchange with ECDHE, and the same eavesdropper")
			: (zh ? "连接 2/2：客户端再次连接，恢复之前的会话"
			   : "Connection 2 of 2: the client comes back and resumes the session"));
		tw_dump_range(m->next, l, 0, m->next->story.nstep ? m->next->story.nstep - 1 : 0, out);
	}
}

/* see dump.h */
void
tw_dump_range(const tw_model *m, const tw_lessons *l, size_t first,
	size_t last, FILE *out)
{
	size_t i;
	tw_stage shown = 0;
	char lab[32], title[128];
	int zh = lessons_zh(l);
	static const char *const stage_ids[] = {
		"", "stage-tcp", "stage-tls", "stage-http", "stage-close"
	};

	if (!m->resumed_conn)
		fprintf(out, zh ? "tlswalk %s - 逐步查看一条 HTTPS 连接\n"
			: "tlswalk %s - an HTTPS connection, step by step\n", PACKAGE_VERSION);
	if (m->source == TW_SOURCE_CAPTURE) {
		char notes[4096];
		fprintf(out, "capture %s; server name %s; %zu TLS records, %zu TCP segments\n",
			m->source_name, m->host[0] ? m->host : "(no SNI)", m->wire.nrec, m->tcp.npkt);
		tw_capture_endpoints(m, notes, sizeof notes);
		fprintf(out, "%s\n", notes);
		tw_capture_notes(m, notes, sizeof notes);
		fputs(notes, out);
	} else if (m->source != TW_SOURCE_ENGINES) {
		fprintf(out, "a live connection with a real %s (%s %s); %zu TLS records; %zu TCP segments reconstructed from the byte streams (real addresses and ports)\n",
			m->source == TW_SOURCE_LISTEN ? "client" : "server",
			m->source == TW_SOURCE_LISTEN ? "--listen, server name" : "--connect", m->host,
			m->wire.nrec, m->tcp.npkt);
	} else if (zh) {
	fprintf(out, "种子 %" PRIu64 "%s；%s https://%s%s；%zu 条 TLS %s，%zu 个 TCP 报文段\n",
		m->seed, m->seeded ? "" : "（随机抽取；用 --seed 给出它，这条连接的每个字节都会重现，证书时钟固定在 2027-01-01）",
		tw_term(TW_T_CLIENT, zh), m->host, m->path, m->wire.nrec, tw_term(TW_T_RECORD, zh),
		m->tcp.npkt);
	} else {
	fprintf(out, "seed %" PRIu64 "%s; client https://%s%s; %zu TLS records, %zu TCP segments\n",
		m->seed, m->seeded ? "" : " (drawn; --seed repeats every byte of this connection, with the certificate clock fixed at 2027-01-01)",
		m->host, m->path, m->wire.nrec, m->tcp.npkt);
	}
	if (m->source != TW_SOURCE_CAPTURE)
		fprintf(out, "%s %u.%u.%u.%u:%u  <->  %s %u.%u.%u.%u:%u\n", tw_term(TW_T_CLIENT, zh),
			m->tcp.client_ip[0], m->tcp.client_ip[1], m->tcp.client_ip[2], m->tcp.client_ip[3],
			m->tcp.client_port, tw_term(TW_T_SERVER, zh), m->tcp.server_ip[0], m->tcp.server_ip[1],
			m->tcp.server_ip[2], m->tcp.server_ip[3], m->tcp.server_port);
	if (first == 0)
		print_lesson(out, m, l, m->resumed_conn ? "resumed-connection" : m->compared
			? "compared-connection" : "overview", "");
	for (i = first; i <= last && i < m->story.nstep; i++) {
		const tw_step *st = &m->story.step[i];

		if (st->stage != shown) {
			fprintf(out, "\n==== %s ====\n", stage_title(st->stage, m->t13.present, zh,
				title, sizeof title));
			print_lesson(out, m, l, stage_ids[st->stage], "  ");
			shown = st->stage;
		}
		fprintf(out, zh ? "\n---- %s  %s  [%s]  %s -> %s，%zu 字节\n"
			: "\n---- %s  %s  [%s]  %s -> %s, %zu bytes\n",
			tw_step_label_lang(st, 0, zh, lab, sizeof lab), tw_step_name(st, zh), st->id,
			tw_term(st->dir == TW_C2S ? TW_T_CLIENT : TW_T_SERVER, zh),
			tw_term(st->dir == TW_C2S ? TW_T_SERVER : TW_T_CLIENT, zh), st->len);
		if (m->failure.failed && (int)i == m->failure.at_step)
			fprintf(out, "  !! %s\n", zh ? m->failure.banner_zh : m->failure.banner_en);
		print_lesson(out, m, l, st->id, "  ");
		if (st->kind == TW_STEP_TLS && zh)
			fprintf(out, "  %s（TLS，%s字节流中的偏移 %zu；在 TCP 报文段 %d..%d 中）：\n",
				tw_term(TW_T_BYTES, zh), tw_term(st->dir == TW_C2S ? TW_T_CLIENT
				: TW_T_SERVER, zh), st->stream_off, st->pkt_first + 1,
				st->pkt_first + st->pkt_count);
		else if (st->kind == TW_STEP_TLS)
			fprintf(out, "  bytes (TLS, offset %zu of the %s stream; in TCP segment%s %d..%d):\n",
				st->stream_off, st->dir == TW_C2S ? "client" : "server",
				st->pkt_count > 1 ? "s" : "", st->pkt_first + 1,
				st->pkt_first + st->pkt_count);
		else
			fprintf(out, zh ? "  %s（IPv%d 数据包，TCP 报文段 %d）：\n"
				: "  %s (IPv%d packet, TCP segment %d):\n", tw_term(TW_T_BYTES, zh),
				m->tcp.cap.ip_version == 6 ? 6 : 4, st->pkt_first + 1);
		tw_dump_hex(out, st->bytes, st->len, "    ");
		fprintf(out, zh ? "  %s：\n" : "  %s:\n", tw_term(TW_T_FIELDS, zh));
		{
			const char *seen[512];
			size_t nseen = 0;
			print_tree(out, m, l, &m->tree[i], 0, seen, &nseen);
		}
		print_secrets(out, m, l, i);
	}
	if (last + 1 < m->story.nstep)
		return;
	/* In Chinese, a failure's own banner says how it stopped (the
	 * engines' message is English). */
	if (!m->wire_ok && zh && m->failure.failed && m->failure.banner_zh[0])
		fprintf(out, "\n连接没有完成：%s\n", m->failure.banner_zh);
	else if (!m->wire_ok)
		fprintf(out, zh ? "\n连接没有完成：%s\n" : "\nThe connection did not complete: %s\n",
			m->wire_err.msg);
	if (m->t13.present)
		tw_dump13_summary(out, m, zh);
	else
		print_summary(out, m, lessons_zh(l));
}
