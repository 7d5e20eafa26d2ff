/*
 * dissect_ip.c — an IPv4 (or, from a capture, IPv6) packet carrying TCP,
 * explained field by field.
 *
 * The TCP steps of the story (and every segment, for tests) are whole IPv4
 * packets. This file turns one into a field tree whose leaves cover every
 * byte once, in order: the IPv4 header (RFC 791), the TCP header (RFC 793,
 * RFC 9293) with its options (MSS, SACK permitted RFC 2018, timestamps and
 * window scale RFC 7323, NOP, end of list) and the payload as one field.
 * Both checksums are recomputed and judged "correct" or "WRONG".
 *
 * Fields that share a byte (version and IHL, DSCP and ECN, the IPv4 flags
 * and fragment offset, the TCP data offset) are one leaf each, because the
 * coverage invariant counts bytes; the value spells out every part.
 *
 * The input is untrusted: every read is bounds-checked, and whatever cannot
 * be decoded becomes an undecoded leaf.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "dissect.h"
#include "field.h"
#include "tcp.h"
#include "dissect_int.h"

/* see dissect.h */
const char *const tw_dissect_ip_ids[] = {
	"ip.packet",
	"ip.header", "ip.version", "ip.dsfield", "ip.len", "ip.id", "ip.flags",
	"ip.ttl", "ip.proto", "ip.checksum", "ip.src", "ip.dst", "ip.options",
	"tcp.header", "tcp.srcport", "tcp.dstport", "tcp.seq", "tcp.ack",
	"tcp.hdr_len", "tcp.flags", "tcp.window", "tcp.checksum",
	"tcp.urgent_pointer", "tcp.options",
	"tcp.option.kind", "tcp.option.len",
	"tcp.option.mss", "tcp.option.mss.value",
	"tcp.option.sack_perm",
	"tcp.option.timestamps", "tcp.option.timestamps.tsval",
	"tcp.option.timestamps.tsecr",
	"tcp.option.nop", "tcp.option.wscale", "tcp.option.wscale.shift",
	"tcp.option.eol", "tcp.option.unknown", "tcp.option.data",
	"tcp.payload", "ip.trailer",
	"undecoded",
	/* IPv6 (RFC 8200), for captured packets */
	"ipv6.packet", "ipv6.header", "ipv6.version", "ipv6.plen",
	"ipv6.nxt", "ipv6.hlim", "ipv6.src", "ipv6.dst", "ipv6.ext",
	NULL
};

/* What the connection tells about a packet beyond its own bytes. */
typedef struct {
	int known;                /* 1: the fields below are valid */
	uint32_t isn_snd, isn_rcv;   /* initial sequence numbers of sender, receiver */
	int wscale;               /* sender's window scale shift, -1 when not in use */
	int captured;             /* the packet comes from a capture (tcp.h tw_tcp_capture) */
} conn;

static uint32_t
get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An IPv6 address as RFC 5952 writes it. */
static void
fmt_ip6(const uint8_t *a, char *buf, size_t n)
{
	size_t i, best = 0, bestlen = 0, o = 0;

	/* The longest run of two or more zero groups becomes "::". */
	for (i = 0; i < 8; ) {
		size_t j = i;
		while (j < 8 && a[2 * j] == 0 && a[2 * j + 1] == 0)
			j++;
		if (j - i > bestlen && j - i >= 2) {
			best = i;
			bestlen = j - i;
		}
		i = j > i ? j : i + 1;
	}
	buf[0] = 0;
	for (i = 0; i < 8 && o < n; i++) {
		if (bestlen && i == best) {
			o += (size_t)snprintf(buf + o, n - o, "::");
			i += bestlen - 1;
			continue;
		}
		o += (size_t)snprintf(buf + o, n - o, "%s%x",
			(i == 0 || (bestlen && i == best + bestlen)) ? "" : ":",
			(unsigned)get16(a + 2 * i));
	}
}

static const char *
dscp_name(unsigned dscp, int zh)
{
	switch (dscp) {
	case 0: return zh ? "CS0，默认：尽力而为" : "CS0, default: best effort";
	case 46: return zh ? "EF，加速转发" : "EF, expedited forwarding";
	default: return dscp % 8 == 0 ? (zh ? "一个类选择器" : "a class selector")
		: (zh ? "一种区分服务" : "a differentiated service");
	}
}

static const char *const ecn_names[2][4] = {
	{ "Not-ECT: the sender does not use ECN",
	  "ECT(1): ECN-capable transport",
	  "ECT(0): ECN-capable transport",
	  "CE: congestion experienced" },
	{ "Not-ECT：发送方不使用 ECN",
	  "ECT(1)：支持 ECN 的传输",
	  "ECT(0)：支持 ECN 的传输",
	  "CE：遇到拥塞" }
};

/* One IPv4 header. ihl is known to be in [20, len]. */
static void
dissect_ipv4_header(tw_fb *b, tw_field *root, const uint8_t *p, size_t ihl)
{
	tw_field *h;
	uint32_t flags = get16(p + 6);
	uint32_t sum_stored = get16(p + 10);
	uint16_t folded = tw_inet_sum(p, ihl, 0);

	h = tw_field_add(b, root, "ip.header", "Internet Protocol version 4 header",
		0, ihl, "%zu bytes, %u.%u.%u.%u -> %u.%u.%u.%u", ihl,
		p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19]);
	if (h == NULL)
		return;
	tw_field_add2(b, h, "ip.version", "Version and header length", 0, 1,
		"version %u, header length %zu bytes (IHL %u x 4)%s%.0s",
		"版本 %u，首部长度 %zu 字节（IHL %u x 4）%.0s%s",
		p[0] >> 4, ihl, p[0] & 15u, ihl == 20 ? ": no options" : "",
		ihl == 20 ? "：没有选项" : "");
	/* each name in both languages, the unused one printed as nothing */
	tw_field_add2(b, h, "ip.dsfield", "Differentiated services (DSCP, ECN)", 1, 1,
		"0x%02x: DSCP %u (%s%.0s), ECN %u (%s%.0s)",
		"0x%02x：DSCP %u（%.0s%s），ECN %u（%.0s%s）", p[1], p[1] >> 2,
		dscp_name(p[1] >> 2u, 0), dscp_name(p[1] >> 2u, 1), p[1] & 3u,
		ecn_names[0][p[1] & 3u], ecn_names[1][p[1] & 3u]);
	tw_field_add2(b, h, "ip.len", "Total length", 2, 2,
		"%u bytes (IPv4 header + TCP header + payload)",
		"%u 字节（IPv4 首部 + TCP 首部 + 载荷）", (unsigned)get16(p + 2));
	tw_field_add2(b, h, "ip.id", "Identification", 4, 2,
		"0x%04x (%u): tells apart the fragments of different packets",
		"0x%04x（%u）：用来区分不同数据包的分片",
		(unsigned)get16(p + 4), (unsigned)get16(p + 4));
	tw_field_add2(b, h, "ip.flags", "Flags and fragment offset", 6, 2,
		"0x%04x: %s%.0s%s%.0s%s%.0sfragment offset %u%s%.0s",
		"0x%04x：%.0s%s%.0s%s%.0s%s分片偏移 %u%.0s%s", (unsigned)flags,
		(flags & 0x8000) ? "reserved bit SET (must be 0), " : "",
		(flags & 0x8000) ? "保留位被置位（必须为 0），" : "",
		(flags & 0x4000) ? "DF (don't fragment), " : "DF clear (may be fragmented), ",
		(flags & 0x4000) ? "DF（不分片），" : "DF 清零（可以分片），",
		(flags & 0x2000) ? "MF (more fragments follow), " : "MF clear (last fragment), ",
		(flags & 0x2000) ? "MF（后面还有分片），" : "MF 清零（最后一个分片），",
		(unsigned)(flags & 0x1fff) * 8,
		(flags & 0x3fff) == 0 ? " bytes: a whole, unfragmented packet" : " bytes",
		(flags & 0x3fff) == 0 ? " 字节：一个完整、未分片的数据包" : " 字节");
	tw_field_add2(b, h, "ip.ttl", "Time to live", 8, 1,
		"%u: each router subtracts 1 and drops the packet at 0",
		"%u：每经过一个路由器减 1，减到 0 时数据包被丢弃", p[8]);
	tw_field_add(b, h, "ip.proto", "Protocol", 9, 1, "%u (%s)", p[9],
		p[9] == 6 ? "TCP" : p[9] == 17 ? "UDP" : p[9] == 1 ? "ICMP" : "not TCP");
	if (folded == 0xffff)
		tw_field_add2(b, h, "ip.checksum", "Header checksum", 10, 2,
			"0x%04x (correct: the header sums to 0xffff in one's complement)",
			"0x%04x（正确：首部按反码求和得 0xffff）",
			(unsigned)sum_stored);
	else {
		/* What the field should hold: the sum with the field taken as 0. */
		uint32_t s = (uint32_t)folded + (uint16_t)~sum_stored;
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		tw_field_add2(b, h, "ip.checksum", "Header checksum", 10, 2,
			"0x%04x (WRONG: should be 0x%04x)",
			"0x%04x（错误：应为 0x%04x）", (unsigned)sum_stored,
			(unsigned)(uint16_t)~s);
	}
	tw_field_add(b, h, "ip.src", "Source address", 12, 4, "%u.%u.%u.%u",
		p[12], p[13], p[14], p[15]);
	tw_field_add(b, h, "ip.dst", "Destination address", 16, 4, "%u.%u.%u.%u",
		p[16], p[17], p[18], p[19]);
	if (ihl > 20)
		tw_field_add2(b, h, "ip.options", "Options", 20, ihl - 20,
			"%zu bytes (not decoded)", "%zu 字节（未解析）", ihl - 20);
}

static const char *
option_name(unsigned kind)
{
	switch (kind) {
	case 0: return "End of option list";
	case 1: return "No-operation (NOP)";
	case 2: return "Maximum segment size";
	case 3: return "Window scale";
	case 4: return "SACK permitted";
	case 5: return "SACK";
	case 8: return "Timestamps";
	case 30: return "Multipath TCP";
	case 34: return "TCP Fast Open cookie";
	default: return "Unknown option";
	}
}

/* The TCP options at t[20..hl), offsets in the packet start at base. */
static void
dissect_tcp_options(tw_fb *b, tw_field *th, const uint8_t *t, size_t hl,
	size_t base, int syn)
{
	tw_field *os, *o;
	size_t i = 20;

	os = tw_field_add(b, th, "tcp.options", "Options", base + 20, hl - 20,
		"%zu bytes", hl - 20);
	if (os == NULL)
		return;
	while (i < hl) {
		unsigned kind = t[i];
		size_t olen;

		if (kind == 0) {
			tw_field_add2(b, os, "tcp.option.eol", "End of option list",
				base + i, hl - i, "the rest (%zu byte%s) is padding",
				"余下的 %zu 字节%.0s是填充",
				hl - i, hl - i == 1 ? "" : "s");
			return;
		}
		if (kind == 1) {
			tw_field_add2(b, os, "tcp.option.nop", "No-operation (NOP)",
				base + i, 1, "padding, so the next option starts on a 4-byte boundary",
				"填充，使下一个选项从 4 字节边界开始");
			i++;
			continue;
		}
		if (i + 1 >= hl || t[i + 1] < 2 || t[i + 1] > hl - i) {
			tw_field_add_undecoded(b, os, base + i, hl - i,
				"option with a missing or impossible length");
			return;
		}
		olen = t[i + 1];
		switch (kind) {
		case 2:
			if (olen != 4)
				goto bad_len;
			o = tw_field_add(b, os, "tcp.option.mss", "Maximum segment size",
				base + i, olen, "%u bytes", (unsigned)get16(t + i + 2));
			if (o == NULL)
				return;
			tw_field_add(b, o, "tcp.option.kind", "Kind", base + i, 1,
				"2 (Maximum segment size)");
			tw_field_add(b, o, "tcp.option.len", "Length", base + i + 1, 1, "4 bytes");
			tw_field_add2(b, o, "tcp.option.mss.value", "MSS", base + i + 2, 2,
				"%u: the largest payload this side accepts in one segment%s%.0s",
				"%u：这一方在一个报文段中接受的最大载荷%.0s%s",
				(unsigned)get16(t + i + 2), syn ? "" : " (only meaningful in a SYN)",
				syn ? "" : "（只在 SYN 中有意义）");
			break;
		case 3:
			if (olen != 3)
				goto bad_len;
			o = tw_field_add2(b, os, "tcp.option.wscale", "Window scale",
				base + i, olen, "shift %u (multiply by %lu)", "左移 %u 位（乘以 %lu）", t[i + 2],
				t[i + 2] <= 14 ? 1ul << t[i + 2] : 16384ul);
			if (o == NULL)
				return;
			tw_field_add(b, o, "tcp.option.kind", "Kind", base + i, 1, "3 (Window scale)");
			tw_field_add(b, o, "tcp.option.len", "Length", base + i + 1, 1, "3 bytes");
			tw_field_add2(b, o, "tcp.option.wscale.shift", "Shift count", base + i + 2, 1,
				"%u: this side's later window fields count units of %lu bytes%s%.0s",
				"%u：这一方此后的窗口字段以 %lu 字节为单位%.0s%s",
				t[i + 2], t[i + 2] <= 14 ? 1ul << t[i + 2] : 16384ul,
				t[i + 2] > 14 ? " (above the maximum 14: used as 14)" : "",
				t[i + 2] > 14 ? "（超过最大值 14：按 14 使用）" : "");
			break;
		case 4:
			if (olen != 2)
				goto bad_len;
			o = tw_field_add2(b, os, "tcp.option.sack_perm", "SACK permitted",
				base + i, olen, "this side can receive selective acknowledgements",
				"这一方能接收选择性确认（SACK）");
			if (o == NULL)
				return;
			tw_field_add(b, o, "tcp.option.kind", "Kind", base + i, 1, "4 (SACK permitted)");
			tw_field_add(b, o, "tcp.option.len", "Length", base + i + 1, 1, "2 bytes");
			break;
		case 8:
			if (olen != 10)
				goto bad_len;
			o = tw_field_add(b, os, "tcp.option.timestamps", "Timestamps",
				base + i, olen, "TSval %lu, TSecr %lu",
				(unsigned long)get32(t + i + 2), (unsigned long)get32(t + i + 6));
			if (o == NULL)
				return;
			tw_field_add(b, o, "tcp.option.kind", "Kind", base + i, 1, "8 (Timestamps)");
			tw_field_add(b, o, "tcp.option.len", "Length", base + i + 1, 1, "10 bytes");
			tw_field_add2(b, o, "tcp.option.timestamps.tsval", "Timestamp value (TSval)",
				base + i + 2, 4, "%lu: the sender's clock when it sent this segment",
				"%lu：发送方发出这个报文段时的时钟",
				(unsigned long)get32(t + i + 2));
			tw_field_add2(b, o, "tcp.option.timestamps.tsecr", "Timestamp echo reply (TSecr)",
				base + i + 6, 4, "%lu%s%.0s", "%lu%.0s%s", (unsigned long)get32(t + i + 6),
				get32(t + i + 6) == 0 && syn
				? ": nothing to echo yet"
				: ": the latest TSval received from the peer, echoed back to measure the round trip",
				get32(t + i + 6) == 0 && syn
				? "：还没有可回显的值"
				: "：从对方收到的最新 TSval，回显给对方以测量往返时间");
			break;
		default:
			o = tw_field_add(b, os, "tcp.option.unknown", option_name(kind),
				base + i, olen, "kind %u, %zu bytes", kind, olen);
			if (o == NULL)
				return;
			tw_field_add(b, o, "tcp.option.kind", "Kind", base + i, 1, "%u (%s)",
				kind, option_name(kind));
			tw_field_add(b, o, "tcp.option.len", "Length", base + i + 1, 1,
				"%zu bytes", olen);
			if (olen > 2)
				tw_field_add(b, o, "tcp.option.data", "Data", base + i + 2,
					olen - 2, "%zu bytes", olen - 2);
			break;
		}
		i += olen;
		continue;
bad_len:
		tw_field_add_undecoded(b, os, base + i, hl - i,
			"option with a length its kind does not allow");
		return;
	}
}

static void
flag_names(unsigned fl, char *buf, size_t n)
{
	static const char *const names[9] = {
		"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"
	};
	size_t used = 0;
	unsigned bit;
	int first = 1;

	buf[0] = 0;
	/* Low bits first, as Wireshark writes them: "SYN, ACK", "PSH, ACK". */
	for (bit = 0; bit < 9; bit++) {
		const char *nm = names[bit];
		if (!(fl & (1u << bit)))
			continue;
		used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s",
			first ? "" : ", ", nm);
		first = 0;
		if (used >= n)
			return;
	}
	if (first)
		snprintf(buf, n, "none");
}

/* One TCP segment at p[off..off+seglen); pseudo-header from the IPv4 header. */
static void
dissect_tcp(tw_fb *b, tw_field *root, const uint8_t *ip, size_t off,
	size_t seglen, const conn *c)
{
	const uint8_t *t = ip + off;
	size_t hl;
	tw_field *th;
	unsigned fl;
	uint32_t seq, ack, pseudo;
	uint16_t folded;
	char fbuf[64];
	int syn, sport, dport;
	size_t paylen;

	if (seglen < 20) {
		tw_field_add_undecoded(b, root, off, seglen, "truncated TCP header (fewer than 20 bytes)");
		return;
	}
	hl = (size_t)(t[12] >> 4) * 4;
	fl = ((unsigned)(t[12] & 1u) << 8) | t[13];
	syn = (fl & 0x02) != 0;
	seq = get32(t + 4);
	ack = get32(t + 8);
	sport = (int)get16(t);
	dport = (int)get16(t + 2);
	flag_names(fl, fbuf, sizeof fbuf);
	if (hl < 20 || hl > seglen) {
		th = tw_field_add(b, root, "tcp.header", "Transmission Control Protocol header",
			off, 20, "data offset %zu bytes is impossible", hl);
		hl = 20;
	} else
		th = tw_field_add(b, root, "tcp.header", "Transmission Control Protocol header",
			off, hl, "%zu bytes, port %d -> %d [%s]", hl, sport, dport, fbuf);
	if (th == NULL)
		return;
	tw_field_add2(b, th, "tcp.srcport", "Source port", off, 2, "%d%s%.0s", "%d%.0s%s", sport,
		sport == 443 ? " (HTTPS: the server)" : sport >= 49152 ? " (ephemeral: the client)" : "",
		sport == 443 ? "（HTTPS：服务器）" : sport >= 49152 ? "（临时端口：客户端）" : "");
	tw_field_add2(b, th, "tcp.dstport", "Destination port", off + 2, 2, "%d%s%.0s", "%d%.0s%s", dport,
		dport == 443 ? " (HTTPS: the server)" : dport >= 49152 ? " (ephemeral: the client)" : "",
		dport == 443 ? "（HTTPS：服务器）" : dport >= 49152 ? "（临时端口：客户端）" : "");
	if (c->known && syn)
		tw_field_add2(b, th, "tcp.seq", "Sequence number", off + 4, 4,
			"relative 0, absolute %lu: the initial sequence number (ISN), chosen at random; the SYN itself counts as one byte",
			"相对值 0，绝对值 %lu：初始序列号（ISN），随机选取；SYN 本身占一个字节",
			(unsigned long)seq);
	else if (c->known)
		tw_field_add2(b, th, "tcp.seq", "Sequence number", off + 4, 4,
			"relative %lu, absolute %lu: the position of this segment's first byte in the sender's stream",
			"相对值 %lu，绝对值 %lu：这个报文段第一个字节在发送方字节流中的位置",
			(unsigned long)(seq - c->isn_snd), (unsigned long)seq);
	else
		tw_field_add2(b, th, "tcp.seq", "Sequence number", off + 4, 4,
			"%lu%s%.0s", "%lu%.0s%s", (unsigned long)seq,
			syn ? ": the initial sequence number (ISN)" : "",
			syn ? "：初始序列号（ISN）" : "");
	if (!(fl & 0x10))
		tw_field_add2(b, th, "tcp.ack", "Acknowledgement number", off + 8, 4,
			"%lu (not used: the ACK flag is clear)",
			"%lu（未使用：ACK 标志未置位）", (unsigned long)ack);
	else if (c->known)
		tw_field_add2(b, th, "tcp.ack", "Acknowledgement number", off + 8, 4,
			"relative %lu, absolute %lu = next byte expected from the peer",
			"相对值 %lu，绝对值 %lu = 期望从对方收到的下一个字节",
			(unsigned long)(ack - c->isn_rcv), (unsigned long)ack);
	else
		tw_field_add2(b, th, "tcp.ack", "Acknowledgement number", off + 8, 4,
			"%lu = next byte expected from the peer",
			"%lu = 期望从对方收到的下一个字节", (unsigned long)ack);
	tw_field_add2(b, th, "tcp.hdr_len", "Data offset (header length)", off + 12, 1,
		"%u x 4 = %zu bytes%s%.0s%s%.0s", "%u x 4 = %zu 字节%.0s%s%.0s%s",
		t[12] >> 4, (size_t)(t[12] >> 4) * 4,
		hl > 20 ? " (20 fixed + options)" : "", hl > 20 ? "（固定 20 + 选项）" : "",
		(t[12] & 0x0e) ? "; reserved bits SET (must be 0)" : "",
		(t[12] & 0x0e) ? "；保留位被置位（必须为 0）" : "");
	tw_field_add(b, th, "tcp.flags", "Flags", off + 13, 1,
		"0x%03x: %s (CWR %u ECE %u URG %u ACK %u PSH %u RST %u SYN %u FIN %u)",
		fl, fbuf, (fl >> 7) & 1, (fl >> 6) & 1, (fl >> 5) & 1, (fl >> 4) & 1,
		(fl >> 3) & 1, (fl >> 2) & 1, (fl >> 1) & 1, fl & 1);
	if (syn)
		tw_field_add2(b, th, "tcp.window", "Window", off + 14, 2,
			"%u bytes (never scaled in a SYN): how much the sender can receive",
			"%u 字节（SYN 中从不缩放）：发送方还能接收多少",
			(unsigned)get16(t + 14));
	else if (c->known && c->wscale >= 0)
		tw_field_add2(b, th, "tcp.window", "Window", off + 14, 2,
			"%u x %lu (window scale %d) = %lu bytes the sender can still receive",
			"%u x %lu（窗口缩放 %d）= 发送方还能接收 %lu 字节",
			(unsigned)get16(t + 14), 1ul << c->wscale, c->wscale,
			(unsigned long)get16(t + 14) << c->wscale);
	else
		tw_field_add2(b, th, "tcp.window", "Window", off + 14, 2,
			"%u (scale unknown without the SYNs)",
			"%u（没有 SYN，缩放未知）", (unsigned)get16(t + 14));

	/* Checksum over the pseudo-header (RFC 793 §3.1): src, dst, 0, 6,
	 * length; for IPv6 (RFC 8200 §8.1) the 16-byte addresses. */
	if ((ip[0] >> 4) == 6) {
		pseudo = tw_inet_sum(ip + 8, 32, 0);
		pseudo += 6u + (uint32_t)seglen;
	} else {
		pseudo = tw_inet_sum(ip + 12, 8, 0);
		pseudo += (uint32_t)ip[9] + (uint32_t)seglen;
	}
	folded = tw_inet_sum(t, seglen, pseudo);
	if (folded == 0xffff)
		tw_field_add2(b, th, "tcp.checksum", "Checksum", off + 16, 2,
			"0x%04x (correct: pseudo-header + segment sum to 0xffff)",
			"0x%04x（正确：伪首部 + 报文段求和得 0xffff）",
			(unsigned)get16(t + 16));
	else {
		uint32_t s = (uint32_t)folded + (uint16_t)~get16(t + 16);
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		if (c->captured)
			/* Captured on the sending host (always so on loopback), the
			 * segment is seen before the network card fills the sum in. */
			tw_field_add2(b, th, "tcp.checksum", "Checksum", off + 16, 2,
				"0x%04x (not the sum 0x%04x: captured on the sending host before checksum offload filled it in, or damaged)",
				"0x%04x（不是求和结果 0x%04x：在发送主机上、网卡校验和卸载填入之前抓取，或已损坏）",
				(unsigned)get16(t + 16), (unsigned)(uint16_t)~s);
		else
			tw_field_add2(b, th, "tcp.checksum", "Checksum", off + 16, 2,
				"0x%04x (WRONG: should be 0x%04x)",
				"0x%04x（错误：应为 0x%04x）", (unsigned)get16(t + 16),
				(unsigned)(uint16_t)~s);
	}
	tw_field_add2(b, th, "tcp.urgent_pointer", "Urgent pointer", off + 18, 2,
		"%u%s%.0s", "%u%.0s%s", (unsigned)get16(t + 18),
		(fl & 0x20) ? "" : " (not used: the URG flag is clear)",
		(fl & 0x20) ? "" : "（未使用：URG 标志未置位）");
	if (hl > 20)
		dissect_tcp_options(b, th, t, hl, off, syn);

	paylen = seglen - hl;
	if (paylen > 0) {
		int tls = sport == 443 || dport == 443;
		if (c->known && !syn)
			tw_field_add(b, root, "tcp.payload", tls ? "TLS payload" : "TCP payload",
				off + hl, paylen, "%zu bytes: stream bytes %lu to %lu (relative)",
				paylen, (unsigned long)(seq - c->isn_snd),
				(unsigned long)(seq - c->isn_snd + paylen - 1));
		else
			tw_field_add(b, root, "tcp.payload", tls ? "TLS payload" : "TCP payload",
				off + hl, paylen, "%zu bytes", paylen);
	}
}

static const char *
next_header_name(unsigned nh)
{
	switch (nh) {
	case 0: return "hop-by-hop options";
	case 6: return "TCP";
	case 17: return "UDP";
	case 43: return "routing header";
	case 44: return "fragment header";
	case 58: return "ICMPv6";
	case 60: return "destination options";
	default: return "another protocol";
	}
}

/* An IPv6 packet (RFC 8200): the fixed 40-byte header, the extension
 * headers as one leaf, then TCP. */
static int
dissect_v6(const uint8_t *p, size_t len, const conn *c, tw_field *out)
{
	tw_fb b = { 0 };
	tw_field *h;
	char sa[48], da[48];
	size_t plen, end, off = 40;
	unsigned nh;
	uint32_t vtf;

	tw_field_init(&b, out, "ipv6.packet", "IPv6 packet", 0, len, NULL);
	if (len < 40) {
		tw_field_add_undecoded(&b, out, 0, len, "too short for an IPv6 header");
		goto done;
	}
	fmt_ip6(p + 8, sa, sizeof sa);
	fmt_ip6(p + 24, da, sizeof da);
	plen = get16(p + 4);
	end = 40 + plen > len ? len : 40 + plen;
	vtf = get32(p);
	tw_field_set_value(&b, out, "%zu bytes: %s -> %s", len, sa, da);
	h = tw_field_add(&b, out, "ipv6.header", "Internet Protocol version 6 header",
		0, 40, "40 bytes, %s -> %s", sa, da);
	if (h != NULL) {
		tw_field_add(&b, h, "ipv6.version", "Version, traffic class and flow label", 0, 4,
			"version %u, traffic class 0x%02x (DSCP %u, ECN %u), flow label 0x%05x",
			p[0] >> 4, (unsigned)(vtf >> 20) & 0xff, (unsigned)(vtf >> 22) & 0x3f,
			(unsigned)(vtf >> 20) & 3, (unsigned)vtf & 0xfffff);
		tw_field_add(&b, h, "ipv6.plen", "Payload length", 4, 2,
			"%zu bytes after this 40-byte header (extension headers + TCP)", plen);
		tw_field_add(&b, h, "ipv6.nxt", "Next header", 6, 1, "%u (%s)", p[6],
			next_header_name(p[6]));
		tw_field_add(&b, h, "ipv6.hlim", "Hop limit", 7, 1,
			"%u: each router subtracts 1 and drops the packet at 0", p[7]);
		tw_field_add(&b, h, "ipv6.src", "Source address", 8, 16, "%s", sa);
		tw_field_add(&b, h, "ipv6.dst", "Destination address", 24, 16, "%s", da);
	}
	/* Extension headers, skipped as the capture reader does. */
	nh = p[6];
	while ((nh == 0 || nh == 43 || nh == 60) && off + 8 <= end) {
		size_t el = ((size_t)p[off + 1] + 1) * 8;
		if (off + el > end)
			break;
		nh = p[off];
		off += el;
	}
	if (off > 40)
		tw_field_add(&b, out, "ipv6.ext", "Extension headers", 40, off - 40,
			"%zu bytes (not decoded)", off - 40);
	if (end > off) {
		if (nh != 6)
			tw_field_add_undecoded(&b, out, off, end - off, "not a TCP segment");
		else if (40 + plen > len)
			tw_field_add_undecoded(&b, out, off, end - off,
				"truncated: the packet is shorter than its payload length");
		else
			dissect_tcp(&b, out, p, off, end - off, c);
	}
	if (end < len)
		tw_field_add(&b, out, "ip.trailer", "Bytes after the IPv6 packet",
			end, len - end, "%zu bytes beyond the payload length", len - end);
done:
	if (b.oom) {
		tw_field_free(out);
		return -1;
	}
	return 0;
}

static int
dissect(const uint8_t *p, size_t len, const conn *c, tw_field *out)
{
	tw_fb b = { 0 };
	size_t ihl, total, end;

	if (len >= 1 && (p[0] >> 4) == 6)
		return dissect_v6(p, len, c, out);

	tw_field_init(&b, out, "ip.packet", "IPv4 packet", 0, len, NULL);
	if (len < 20 || (p[0] >> 4) != 4 || (p[0] & 15u) < 5
		|| (size_t)(p[0] & 15u) * 4 > len) {
		tw_field_add_undecoded(&b, out, 0, len,
			len < 20 ? "too short for an IPv4 header" : "not an IPv4 header");
		goto done;
	}
	ihl = (size_t)(p[0] & 15u) * 4;
	total = get16(p + 2);
	end = total < ihl ? len : total > len ? len : total;
	tw_field_set_value(&b, out, "%zu bytes: %u.%u.%u.%u -> %u.%u.%u.%u", len,
		p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19]);
	dissect_ipv4_header(&b, out, p, ihl);
	if (end > ihl) {
		if (p[9] != 6)
			tw_field_add_undecoded(&b, out, ihl, end - ihl, "not a TCP segment");
		else if (total > len)
			tw_field_add_undecoded(&b, out, ihl, end - ihl,
				"truncated: the packet is shorter than its total length");
		else
			dissect_tcp(&b, out, p, ihl, end - ihl, c);
	}
	if (end < len)
		tw_field_add(&b, out, "ip.trailer", "Bytes after the IPv4 packet",
			end, len - end, "%zu bytes beyond the total length", len - end);
done:
	if (b.oom) {
		tw_field_free(out);
		return -1;
	}
	return 0;
}

/* see dissect.h */
int
tw_dissect_ip_packet(const uint8_t *p, size_t len, tw_field *out)
{
	conn c;

	memset(&c, 0, sizeof c);
	c.wscale = -1;
	return dissect(p, len, &c, out);
}

/* The window scale shift a SYN announces, or -1. */
static int
syn_wscale(const tw_packet *pk)
{
	const uint8_t *t;
	size_t hl, i;

	if (pk->len < pk->ip_hlen + 20)
		return -1;
	t = pk->data + pk->ip_hlen;
	hl = (size_t)(t[12] >> 4) * 4;
	if (pk->ip_hlen + hl > pk->len)
		return -1;
	for (i = 20; i < hl; ) {
		if (t[i] == 0)
			break;
		if (t[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= hl || t[i + 1] < 2 || i + t[i + 1] > hl)
			break;
		if (t[i] == 3 && t[i + 1] == 3)
			return t[i + 2] > 14 ? 14 : t[i + 2];
		i += t[i + 1];
	}
	return -1;
}

/* see dissect_int.h */
int
tw_dissect_tcp_conn(const tw_tcp *t, size_t pkt, tw_field *out)
{
	const tw_packet *pk;
	conn c;
	int ws[2] = { -1, -1 }, have_syn[2] = { 0, 0 };
	size_t i;

	memset(out, 0, sizeof *out);
	if (pkt >= t->npkt)
		return -1;
	pk = &t->pkt[pkt];
	for (i = 0; i < t->npkt; i++)
		if ((t->pkt[i].flags & TW_TCP_SYN) && !have_syn[t->pkt[i].dir]) {
			have_syn[t->pkt[i].dir] = 1;
			ws[t->pkt[i].dir] = syn_wscale(&t->pkt[i]);
		}
	memset(&c, 0, sizeof c);
	c.known = 1;
	c.captured = t->cap.captured;
	c.isn_snd = pk->dir == TW_C2S ? t->client_isn : t->server_isn;
	c.isn_rcv = pk->dir == TW_C2S ? t->server_isn : t->client_isn;
	/* RFC 7323 §2.2: scaling is on only when both SYNs carried the option. */
	c.wscale = (ws[0] >= 0 && ws[1] >= 0) ? ws[pk->dir] : -1;
	return dissect(pk->data, pk->len, &c, out);
}
