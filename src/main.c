/*
 * main.c — options, then one of the frontends over a built model.
 *
 * Exit status: 0 success; 1 the connection or an output failed; 2 bad
 * usage (unknown option, bad value, unreadable or invalid file).
 */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "capture.h"
#include "dump.h"
#include "html.h"
#include "ui.h"
#include "json.h"
#include "knows.h"
#include "live.h"
#include "lesson.h"
#include "terms.h"
#include "model.h"
#include "pcap.h"
#include "quiz.h"
#include "suite.h"
#include "scenario.h"
#include "util.h"

enum {
	OPT_VERSION = 256, OPT_SEED, OPT_DUMP, OPT_KEYLOG, OPT_CERT, OPT_KEY,
	OPT_CA, OPT_HOST, OPT_PATH, OPT_LANG, OPT_LESSONS,
	OPT_PCAP, OPT_JSON, OPT_STEP, OPT_SUITE, OPT_GROUP, OPT_CERT_TYPE,
	OPT_LIST_SUITES, OPT_CLIENT_CERT, OPT_RESUME, OPT_ASCII, OPT_PRESENT, OPT_SCENARIO, OPT_LIST_SCENARIOS,
	OPT_TAMPER, OPT_LISTEN, OPT_CONNECT, OPT_TIMEOUT,
	OPT_READ, OPT_KEYS, OPT_LIST_CONNS, OPT_CONN,
	OPT_EXPORT_LESSONS, OPT_KNOWS, OPT_HTML, OPT_QUIZ
};

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "keylog", required_argument, NULL, OPT_KEYLOG },
	{ "pcap", required_argument, NULL, OPT_PCAP },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "ca", required_argument, NULL, OPT_CA },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "lessons", required_argument, NULL, OPT_LESSONS },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "suite", required_argument, NULL, OPT_SUITE },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "cert-type", required_argument, NULL, OPT_CERT_TYPE },
	{ "list-suites", no_argument, NULL, OPT_LIST_SUITES },
	{ "client-cert", no_argument, NULL, OPT_CLIENT_CERT },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "present", no_argument, NULL, OPT_PRESENT },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "list-scenarios", no_argument, NULL, OPT_LIST_SCENARIOS },
	{ "tamper", required_argument, NULL, OPT_TAMPER },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "read", required_argument, NULL, OPT_READ },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "list-conns", no_argument, NULL, OPT_LIST_CONNS },
	{ "conn", required_argument, NULL, OPT_CONN },
	{ "export-lessons", required_argument, NULL, OPT_EXPORT_LESSONS },
	{ "knows", no_argument, NULL, OPT_KNOWS },
	{ "quiz", no_argument, NULL, OPT_QUIZ },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *out)
{
	fputs(
"Usage: tlswalk [OPTION]...\n"
"Walk through a real HTTPS connection (TCP, TLS 1.2, HTTP) step by step.\n"
"A BearSSL client and server run inside tlswalk; every byte shown is real and\n"
"every secret is recomputed and checked.\n"
"\n"
"  -h, --help          show this help and exit\n"
"      --version       show the version and exit\n"
"      --seed N        reproduce a connection: same N, same bytes (and the\n"
"                      certificate clock fixed at 2027-01-01); without it a\n"
"                      fresh seed is drawn and printed\n"
"      --dump          print the whole walkthrough as text (the default when\n"
"                      standard output is not a terminal)\n"
"      --step STEP     open the walkthrough at a step: a label as shown\n"
"                      (tls-6 or (6), or the circled digit, for\n"
"                      ClientKeyExchange; tcp-1, http-2, close-1), an id\n"
"                      (tls-server-key-exchange), or a number N, the Nth\n"
"                      step from the SYN (4 is the ClientHello); with\n"
"                      --dump, print only that step\n"
"      --keylog FILE   write the NSS key log line (CLIENT_RANDOM ...) for\n"
"                      Wireshark/tshark\n"
"      --pcap FILE     write the TCP/IPv4 packets as pcapng, with the TLS key\n"
"                      inside: Wireshark and tshark decrypt it unaided\n"
"      --json          print the whole connection as JSON (steps, field\n"
"                      trees, packets, secrets, verdicts) instead of text\n"
"      --knows         print who knows what after each step (the client, the\n"
"                      server, an eavesdropper on the path) as text; with\n"
"                      --step, only that step\n"
"      --html FILE     write the whole walk as one self-contained web page\n"
"                      in the --lang language (the ladder as a picture, each\n"
"                      step's explanation, fields, bytes and secrets), to\n"
"                      keep, print or open offline; nothing else is shown\n"
"                      unless --dump or --json asks for it\n"
"      --suite NAME    the cipher suite the server prefers: its IANA name\n"
"                      (TLS_ optional), OpenSSL name or code (0xc02f);\n"
"                      see --list-suites\n"
"      --list-suites   list the suites tlswalk can walk, with what each teaches\n"
"      --group NAME    the key-exchange group: x25519, secp256r1 (default),\n"
"                      secp384r1 or secp521r1\n"
"      --cert-type T   the built-in server certificate: rsa or ecdsa (default:\n"
"                      ecdsa for an ECDHE_ECDSA --suite, otherwise rsa)\n"
"      --client-cert   mutual TLS: the server asks for, and the client sends,\n"
"                      a built-in client certificate\n"
"      --resume        two connections: the second resumes the first's session\n"
"                      (an abbreviated handshake with no key exchange)\n"
"      --scenario NAME something goes wrong, for real: an expired or untrusted\n"
"                      certificate, no common suite, a man in the middle...\n"
"      --list-scenarios  list the scenarios, one line each\n"
"      --tamper STEP:OFFSET[:XOR]  a man in the middle flips bits (XOR, default\n"
"                      0x01) of one byte of a TLS step as it travels, e.g.\n"
"                      --tamper tls-client-hello:40; says which check caught it\n"
"      --cert FILE     server certificate chain, PEM, leaf first\n"
"      --key FILE      server private key, PEM (RSA or EC; PKCS#1, SEC1, PKCS#8)\n"
"      --ca FILE       root certificate(s) the client trusts, PEM\n"
"      --host NAME     server name (SNI, Host header, certificate check);\n"
"                      default www.example.com\n"
"      --path PATH     path of the GET request; default /\n"
"      --listen [ADDR:]PORT  serve one real HTTPS connection (a browser, curl)\n"
"                      with tlswalk's BearSSL server on ADDR (127.0.0.1 unless\n"
"                      given; port 0 picks a free one) and walk it\n"
"      --connect HOST[:PORT]  connect tlswalk's BearSSL client to a real server\n"
"                      (port 443 by default), GET --path, and walk it; trust\n"
"                      anchors from --ca or /etc/ssl/certs/ca-certificates.crt\n"
"      --timeout SEC   how long a live peer may stay silent (default 10); with\n"
"                      --listen also how long to wait for it to connect\n"
"      --lang CODE     language of the explanations: en, zh, or any directory\n"
"                      under --lessons (default: from the locale, else en)\n"
"      --ascii         draw boxes, arrows and step numbers in ASCII, for a\n"
"                      terminal that draws them two columns wide (some CJK\n"
"                      set-ups); Chinese text is still shown\n"
"      --quiz          questions on the connection (who sends which step, the\n"
"                      key block, the checks...), answered a-d, with the\n"
"                      explanation after each and the score at the end; on\n"
"                      a terminal in the walkthrough (key t), else one answer\n"
"                      a line on standard input\n"
"      --present       start in presenter mode, for a projector: the step's\n"
"                      name in big letters, its summary, the ladder across\n"
"                      the screen; Enter shows the details, P the panes\n"
"      --lessons DIR   read explanations from DIR/<lang>/ instead of the\n"
"                      built-in ones\n"
"      --export-lessons DIR\n"
"                      write the built-in lessons to DIR/<lang>/ to edit, and\n"
"                      exit; they are also installed in\n"
"                      " TW_PKGDATADIR "/lessons\n"
"\n"
"Walking a capture instead (a pcap or pcapng file made by Wireshark, tcpdump,\n"
"dumpcap, or tlswalk --pcap):\n"
"      --read FILE     walk a TLS connection of FILE: its real packets, the\n"
"                      handshake in clear, and with its key the rest opened\n"
"                      and every record and Finished checked\n"
"      --keys KEYLOG   the NSS key log written while capturing (SSLKEYLOGFILE,\n"
"                      openssl -keylogfile); keys inside a pcapng file are\n"
"                      used without it\n"
"      --list-conns    list the TLS connections of the capture, one a line\n"
"      --conn N        walk connection N of --list-conns (default: the first\n"
"                      with a complete handshake)\n"
"      --ca FILE       with --read: the roots to check the chain against\n"
"                      (default: /etc/ssl/certs/ca-certificates.crt)\n"
"\n"
"Exit status: 0 success, 1 the connection or an output failed, 2 bad usage.\n"
"Manual: man tlswalk.\n",
		out);
}

/* One sentence on standard error, "tlswalk: " first. Everything printed
 * passes through tw_escape: an option value or a file name cannot put a
 * control sequence on the terminal or split the sentence. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
say(const char *fmt, ...)
{
	char raw[2048], out[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	tw_escape(out, sizeof out, raw, sizeof raw);
	fprintf(stderr, "tlswalk: %s\n", out);
}

/* An echoed value, cut to a length a sentence can hold (four at once). */
static const char *
V(const char *s)
{
	static char buf[4][128];
	static int k;

	k = (k + 1) % 4;
	tw_escape(buf[k], sizeof buf[k], s, 80);
	return buf[k];
}

/* Copy the dump to out with control characters other than newline and tab
 * (C0, DEL, C1) escaped: the dump holds text from outside (a teacher's
 * lessons, the names in a certificate given with --cert, --host, --path),
 * and a terminal must not obey an escape sequence hidden in it. */
static int out_errno;      /* the first write error of put_text */

static void
out_write(const void *p, size_t n, FILE *out)
{
	if (n > 0 && fwrite(p, 1, n, out) != n && out_errno == 0)
		out_errno = errno ? errno : EIO;
}

static void
put_text(const char *s, size_t n, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		int c1 = p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f;

		if ((p[i] >= 0x20 && p[i] != 0x7f && !c1) || p[i] == '\n' || p[i] == '\t')
			continue;
		char esc[8];
		out_write(s + from, i - from, out);
		if (c1)
			snprintf(esc, sizeof esc, "\\u%04x", p[++i]);
		else
			snprintf(esc, sizeof esc, "\\x%02x", p[i]);
		out_write(esc, strlen(esc), out);
		from = i + 1;
	}
	out_write(s + from, n - from, out);
}

/* Standard output reached its destination? For --help and --version,
 * and after the walkthrough: a full disk or a closed descriptor must not
 * end in exit status 0. */
static int
stdout_failed(void)
{
	int err = 0;

	errno = 0;
	if (fflush(stdout) != 0)
		err = errno;
	if (err == 0)
		err = out_errno;
	if (err == 0 && !ferror(stdout))
		return 0;
	say("writing to standard output failed: %s",
		err ? strerror(err) : "a write error occurred");
	return 1;
}

static int
all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The NSS key log line. A failed connection still gets one when a master
 * secret was agreed (a tampered Finished, a rejected record): Wireshark can
 * then decrypt what was sent. Otherwise say why there is none. */
static int
write_keylog(const tw_model *m, const char *path, tw_err *e)
{
	char lines[2 * (14 + 64 + 1 + 96 + 2)];
	size_t n = 0;
	int i;
	const tw_model *c;

	/* One line per connection (--resume makes two, same master secret);
	 * live, only the local engine's master secret is known; a capture has
	 * the key log's. */
	for (c = m; c != NULL; c = c->next) {
		const uint8_t *cms;
		if (c->source == TW_SOURCE_CAPTURE) {
			if (!c->wire.given_ms_known)
				return tw_err_set(e, "--keylog %s: no key log line matches this connection; nothing written", path);
			cms = c->wire.given_ms;
		} else {
			const uint8_t *a = c->wire.engine_ms[0], *b = c->wire.engine_ms[1];
			if (!all_zero(a, 48) && !all_zero(b, 48) && memcmp(a, b, 48) != 0)
				return tw_err_set(e, "--keylog %s: the two engines report different master secrets; nothing written", path);
			cms = all_zero(a, 48) ? b : a;
			if (all_zero(cms, 48) || all_zero(c->hs.client_random, 32))
				return tw_err_set(e, "--keylog %s: not written: the connection failed before either side had a master secret", path);
		}
		n += (size_t)snprintf(lines + n, sizeof lines - n, "CLIENT_RANDOM ");
		for (i = 0; i < 32; i++)
			n += (size_t)snprintf(lines + n, sizeof lines - n, "%02x", c->hs.client_random[i]);
		lines[n++] = ' ';
		for (i = 0; i < 48; i++)
			n += (size_t)snprintf(lines + n, sizeof lines - n, "%02x", cms[i]);
		lines[n++] = '\n';
	}
	/* A secret: 0600, through a temporary file renamed into place. */
	return tw_out_write("--keylog", path, lines, n, e);
}

/* Before anything runs: the output files can be written, no two outputs
 * are the same file, and no output is one of the inputs (it would be
 * overwritten, or read and written at once). */
/* 1 when path's directory is dir or lies under it. */
static int
inside_dir(const char *path, const char *dir)
{
	char pd[4096], rp[PATH_MAX], rd[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		snprintf(pd, sizeof pd, ".");
	else
		snprintf(pd, sizeof pd, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (realpath(pd, rp) == NULL || realpath(dir, rd) == NULL)
		return 0;
	n = strlen(rd);
	return strncmp(rp, rd, n) == 0 && (rp[n] == 0 || rp[n] == '/' || (n == 1 && rd[0] == '/'));
}

static int
check_outputs(const char *const out[3], const char *const in[4], const char *lessons_dir,
	tw_err *e)
{
	static const char *const out_opt[3] = { "--keylog", "--pcap", "--html" };
	static const char *const in_opt[4] = { "--cert", "--key", "--ca", "--read" };
	int i, j;

	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (out[i] && out[j] && tw_same_file(out[i], out[j]))
				return tw_err_set(e, "%s and %s name the same file (%s); give each its own file",
					out_opt[i], out_opt[j], V(out[j]));
	for (i = 0; i < 3; i++) {
		if (out[i] == NULL)
			continue;
		for (j = 0; j < 4; j++)
			if (in[j] && tw_same_file(out[i], in[j]))
				return tw_err_set(e, "%s %s is also the %s file, which would be overwritten; give another file",
					out_opt[i], V(out[i]), in_opt[j]);
		if (lessons_dir && inside_dir(out[i], lessons_dir))
			return tw_err_set(e, "%s %s is inside the --lessons directory %s; write it elsewhere",
				out_opt[i], V(out[i]), V(lessons_dir));
		if (tw_out_check(out_opt[i], V(out[i]), e) < 0)
			return -1;
	}
	return 0;
}

/* --list-scenarios: one line each. */
static void
print_scenarios(const char *lang)
{
	const tw_scenario_def *s;
	size_t i;
	int zh = strcmp(lang, "zh") == 0;

	for (i = 0; (s = tw_scenario_at(i)) != NULL; i++)
		printf("%-26s %s\n", s->name, zh ? s->zh : s->en);
	printf(zh ? "用法：tlswalk --scenario 名称；或用 --tamper 步骤:偏移[:异或值] 篡改任意一步的任意字节。\n"
		: "Run one with tlswalk --scenario NAME; or flip bits in any byte of any TLS step with --tamper STEP:OFFSET[:XOR].\n");
}

/* --list-suites: one line each, from the suite table. */
static void
print_suites(const char *lang)
{
	char teach[320];
	size_t i;

	for (i = 0; i < tw_suite_count(); i++) {
		const tw_suite *s = tw_suite_at(i);
		tw_suite_teaches(s, lang, teach, sizeof teach);
		printf("0x%04x  %-46s %-30s %s\n", s->id, s->name,
			tw_suite_openssl_name(s) ? tw_suite_openssl_name(s) : "-", teach);
	}
	printf(strcmp(lang, "zh") == 0
		? "--suite 接受代码、IANA 名称或 OpenSSL 名称。ECDSA 加密组件使用内置的 ECDSA 证书；RSA 密钥交换和 ECDHE_RSA 加密组件使用 RSA 证书（默认）。\n"
		: "--suite takes the code, the IANA name or the OpenSSL name. ECDSA suites use the built-in ECDSA certificate; RSA key exchange and ECDHE_RSA suites an RSA certificate (the default).\n");
}

int
main(int argc, char **argv)
{
	tw_options o;
	tw_model m;
	tw_err e;
	tw_lessons *l = NULL;
	const char *keylog = NULL, *pcap = NULL, *html = NULL;
	const char *lang = NULL, *lessons_dir = NULL, *step_arg = NULL;
	int start_step = 0;
	int dump = 0, json = 0, knows = 0, c, rc, status = 0, out_reported = 0, list_suites = 0;
	int list_scenarios = 0, cert_type_given = 0, quiz = 0;
	const tw_scenario_def *scen = NULL;
	tw_live_options live;
	int list_conns = 0, engine_opts = 0;
	const char *read_file = NULL, *keys_file = NULL, *conn_arg = NULL;
	tw_capture_opts co;
	tw_capture_status cst;

	memset(&o, 0, sizeof o);
	memset(&live, 0, sizeof live);
	tw_err_clear(&e);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		/* --keylog '' ended in "--keylog : cannot write: No such file or
		 * directory" after the whole run; say it now. (--seed, --host
		 * and --path explain their own empty values.) */
		if (optarg != NULL && optarg[0] == 0 && c != OPT_SEED && c != OPT_HOST
			&& c != OPT_PATH) {
			const struct option *lo = long_opts;
			while (lo->name != NULL && lo->val != c)
				lo++;
			say("option '--%s' was given an empty value (see tlswalk --help)",
				lo->name ? lo->name : "?");
			return 2;
		}
		if (c == OPT_SEED || c == OPT_SUITE || c == OPT_GROUP || c == OPT_CERT
			|| c == OPT_KEY || c == OPT_HOST || c == OPT_PATH || c == OPT_CERT_TYPE
			|| c == OPT_CLIENT_CERT)
			engine_opts = c;
		switch (c) {
		case 'h': {
			/* Room for the whole help, so a failed write is reported
			 * with its reason by the one flush at the end. */
			static char outbuf[1 << 15];
			setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
			usage(stdout);
			return stdout_failed();
		}
		case OPT_VERSION:
			printf("tlswalk %s (BearSSL TLS 1.2 walkthrough)\n", PACKAGE_VERSION);
			return stdout_failed();
		case OPT_SEED:
			if (tw_parse_seed(optarg, &o.seed, &e) < 0) {
				say("%s", e.msg);
				return 2;
			}
			o.seeded = 1;
			break;
		case OPT_DUMP: dump = 1; break;
		case OPT_KEYLOG: keylog = optarg; break;
		case OPT_PCAP: pcap = optarg; break;
		case OPT_JSON: json = 1; break;
		case OPT_KNOWS: knows = 1; break;
		case OPT_HTML: html = optarg; break;
		case OPT_CERT: o.cert_file = optarg; break;
		case OPT_KEY: o.key_file = optarg; break;
		case OPT_CA: o.ca_file = optarg; break;
		case OPT_HOST: o.host = optarg; break;
		case OPT_PATH:
			/* A fragment stays in the browser: it is not part of the
			 * request target (RFC 9112, section 3.2), so no request
			 * could carry it. */
			if (strchr(optarg, '#') != NULL) {
				say("--path: '%s' has a fragment ('#...'), which a browser never sends to the server; give the path without it",
					V(optarg));
				return 2;
			}
			o.path = optarg;
			break;
		case OPT_LANG: lang = optarg; break;
		case OPT_LESSONS: lessons_dir = optarg; break;
		case OPT_STEP: step_arg = optarg; break;
		case OPT_SUITE: {
			const tw_suite *su = tw_suite_find(optarg);
			if (su == NULL) {
				fprintf(stderr, "tlswalk: --suite %.80s: not a suite tlswalk can walk (see tlswalk --list-suites)\n",
					optarg);
				return 2;
			}
			o.suite = su->id;
			break;
		}
		case OPT_GROUP:
			if ((o.group = tw_group_find(optarg)) == 0) {
				fprintf(stderr, "tlswalk: --group %.80s: give x25519, secp256r1, secp384r1 or secp521r1\n",
					optarg);
				return 2;
			}
			break;
		case OPT_CERT_TYPE:
			cert_type_given = 1;
			if (strcmp(optarg, "rsa") == 0)
				o.cert_type = TW_CERT_RSA;
			else if (strcmp(optarg, "ecdsa") == 0)
				o.cert_type = TW_CERT_ECDSA;
			else {
				fprintf(stderr, "tlswalk: --cert-type %.80s: give rsa or ecdsa\n", optarg);
				return 2;
			}
			break;
		case OPT_LIST_SUITES: list_suites = 1; break;
		case OPT_CLIENT_CERT: o.client_cert = 1; break;
		case OPT_RESUME: o.resume = 1; break;
		case OPT_ASCII: tw_ui_force_ascii(); break;
		case OPT_PRESENT: tw_ui_start_present(); break;
		case OPT_SCENARIO:
			if ((scen = tw_scenario_find(optarg)) == NULL) {
				fprintf(stderr, "tlswalk: --scenario %.80s: no such scenario (see tlswalk --list-scenarios)\n",
					optarg);
				return 2;
			}
			break;
		case OPT_LIST_SCENARIOS: list_scenarios = 1; break;
		case OPT_QUIZ: quiz = 1; break;
		case OPT_TAMPER: {
			char st[64];
			size_t off;
			uint8_t x;
			if (tw_tamper_parse(optarg, st, sizeof st, &off, &x, &e) < 0) {
				fprintf(stderr, "tlswalk: %s\n", e.msg);
				return 2;
			}
			o.tamper = optarg;
			break;
		}
		case OPT_LISTEN:
		case OPT_CONNECT:
			if (live.mode != TW_SOURCE_ENGINES) {
				fprintf(stderr, "tlswalk: give one of --listen and --connect, once\n");
				return 2;
			}
			live.mode = c == OPT_LISTEN ? TW_SOURCE_LISTEN : TW_SOURCE_CONNECT;
			live.target = optarg;
			break;
		case OPT_TIMEOUT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != 0 || v < 1 || v > 3600) {
				fprintf(stderr, "tlswalk: --timeout %.80s: give a number of seconds from 1 to 3600\n",
					optarg);
				return 2;
			}
			live.timeout_s = (int)v;
			live.timeout_given = 1;
			break;
		}
		case OPT_READ: read_file = optarg; break;
		case OPT_KEYS: keys_file = optarg; break;
		case OPT_LIST_CONNS: list_conns = 1; break;
		case OPT_CONN: conn_arg = optarg; break;
		case OPT_EXPORT_LESSONS: {
			size_t n;
			if (tw_lessons_export(optarg, &n, &e) < 0) {
				say("%s", e.msg);
				return 2;
			}
			printf("tlswalk: wrote %zu lesson files (languages %s) under %s; edit them, then run tlswalk --lessons %s\n",
				n, tw_lessons_builtin_langs(), V(optarg), V(optarg));
			return stdout_failed();
		}
		case ':':
			say("option '%s' needs a value (see tlswalk --help)", V(argv[optind - 1]));
			return 2;
		default:
			say("unknown option '%s' (see tlswalk --help)", V(argv[optind - 1]));
			return 2;
		}
	}
	if (list_scenarios) {
		print_scenarios(tw_lessons_pick_lang(lang));
		return stdout_failed();
	}
	/* A scenario sets options; what the user gave explicitly still wins
	 * where it can (a --tamper of their own, a --seed). */
	if (scen != NULL)
		scen->apply(&o);
	/* An ECDSA suite with the built-in credentials needs the ECDSA chain:
	 * choose it rather than refuse, unless the user chose otherwise. */
	if (o.suite != 0 && !cert_type_given && o.cert_file == NULL
		&& o.cert_type == TW_CERT_RSA && tw_suite_by_id(o.suite) != NULL
		&& tw_suite_by_id(o.suite)->auth == TW_AUTH_ECDSA)
		o.cert_type = TW_CERT_ECDSA;
	if (list_suites) {
		print_suites(tw_lessons_pick_lang(lang));
		return stdout_failed();
	}
	if (knows && (json || dump)) {
		/* Each prints the connection its own way: one at a time. */
		say("--knows prints its own table instead of the %s: give one of them",
			json ? "JSON (--json)" : "walkthrough (--dump)");
		return 2;
	}
	if (json && (dump || step_arg || (lang && html == NULL))) {
		/* JSON is the whole connection and speaks no language: say so
		 * rather than ignore what was asked. */
		say("--json prints the whole connection and no explanations: %s does not apply to it",
			dump ? "--dump" : step_arg ? "--step" : "--lang");
		return 2;
	}
	if (html && step_arg) {
		/* The page is the whole walk: a step to open at means nothing there. */
		say("--step opens the walkthrough at one step, and --html writes every step; give one or the other");
		return 2;
	}
	if (quiz && (json || dump || step_arg || knows)) {
		/* The quiz is its own way through the connection. */
		say("--quiz asks questions on the whole connection: %s does not apply to it; leave it out",
			json ? "--json" : dump ? "--dump" : knows ? "--knows" : "--step");
		return 2;
	}
	if (step_arg && (step_arg[0] == 0 || isspace((unsigned char)step_arg[0])
		|| isspace((unsigned char)step_arg[strlen(step_arg) - 1]))) {
		/* As --seed: a value with spaces around it is refused, not trimmed. */
		say("--step '%s': no such step (give a step number or id without spaces)", V(step_arg));
		return 2;
	}
	if (optind < argc) {
		say("unexpected argument '%s' (tlswalk takes only options; see tlswalk --help)",
			V(argv[optind]));
		return 2;
	}

	/* Before any model: the secrets' titles take their words from it. */
	if (tw_terms_load(lessons_dir, &e) < 0) {
		say("%s", e.msg);
		return 2;
	}
	memset(&co, 0, sizeof co);
	cst.status = 2;
	if (read_file == NULL && (keys_file || list_conns || conn_arg)) {
		fprintf(stderr, "tlswalk: --%s reads a capture: give the capture with --read FILE\n",
			keys_file ? "keys" : list_conns ? "list-conns" : "conn");
		return 2;
	}
	if (read_file != NULL) {
		const struct option *lo = long_opts;
		char *end;
		if (engine_opts) {
			while (lo->name != NULL && lo->val != engine_opts)
				lo++;
			fprintf(stderr, "tlswalk: --%s chooses what the built-in client and server do, and --read walks a capture instead; give one or the other\n",
				lo->name ? lo->name : "?");
			return 2;
		}
		co.path = read_file;
		co.keys_path = keys_file;
		co.ca_file = o.ca_file;
		if (conn_arg != NULL) {
			errno = 0;
			co.conn = strtol(conn_arg, &end, 10);
			if (*end != 0 || co.conn < 1 || errno == ERANGE) {
				fprintf(stderr, "tlswalk: --conn %.80s: give a connection number from --list-conns (1, 2, ...)\n",
					conn_arg);
				return 2;
			}
		}
		if (list_conns) {
			if (tw_capture_list(&co, stdout, &cst, &e) < 0) {
				fprintf(stderr, "tlswalk: %s\n", e.msg);
				return cst.status;
			}
			return stdout_failed();
		}
	}

	{
		const char *const outs[3] = { keylog, pcap, html };
		const char *const ins[4] = { o.cert_file, o.key_file, o.ca_file, read_file };
		if (check_outputs(outs, ins, lessons_dir, &e) < 0) {
			say("%s", e.msg);
			return 2;
		}
	}
	l = tw_lessons_load(lessons_dir, tw_lessons_pick_lang(lang), &e);
	if (l == NULL) {
		say("%s", e.msg);
		return 2;
	}
	if (lessons_dir != NULL) {
		/* A teacher's set may lag behind the program: say what is missing
		 * or unknown, then go on (steps without text just show none). */
		static const char *const *const lists[] = {
			tw_story_all_ids, tw_dissect_all_ids, tw_dissect_ip_ids,
			tw_lesson_extra_ids, tw_term_ids, NULL
		};
		tw_err ce;
		tw_err_clear(&ce);
		if (tw_lessons_check(l, lists, &ce) > 0)
			say("warning: lessons in %s/%s: %s",
				V(lessons_dir), tw_lessons_lang(l), ce.msg);
	}

	if (live.mode != TW_SOURCE_ENGINES) {
		if (o.seeded || o.client_cert) {
			fprintf(stderr, "tlswalk: %s cannot be used with --listen or --connect (a real peer's bytes cannot be reproduced or scripted)\n",
				o.seeded ? "--seed" : "--client-cert");
			tw_lessons_free(l);
			return 2;
		}
		live.notice = stderr;
		live.lang = tw_lessons_lang(l);
		rc = tw_live_build(&m, &o, &live, &e);
		if (rc < 0 && m.wire.nrec == 0) {
			/* Nothing to walk: a bad option (2) or no connection (1). */
			fprintf(stderr, "tlswalk: %s\n", e.msg);
			tw_model_free(&m);
			tw_lessons_free(l);
			return rc == TW_LIVE_USAGE ? 2 : 1;
		}
	} else if (read_file != NULL) {
		rc = tw_capture_build(&m, &co, &cst, &e);
		if (rc == -1) {
			fprintf(stderr, "tlswalk: %s\n", e.msg);
			tw_model_free(&m);
			tw_lessons_free(l);
			return cst.status;
		}
		/* -2: built, but the connection is incomplete: shown, exit 1. */
	} else
		rc = tw_model_build(&m, &o, &e);
	if (rc < 0 && m.wire.nrec == 0) {
		/* Bad input: nothing ran. */
		say("%s", e.msg);
		tw_model_free(&m);
		tw_lessons_free(l);
		return 2;
	}
	/* With --html the page is the output: the terminal walkthrough or the
	 * text only when asked for. */
	if (!isatty(STDOUT_FILENO) && html == NULL)
		dump = 1;
	if (step_arg && (start_step = tw_story_find_arg(&m.story, step_arg)) < 0) {
		/* A failed connection has fewer steps: a valid id or label is
		 * then not a usage error, and the reason is the connection's
		 * failure. */
		size_t i;
		tw_stage lstage;
		int lnum, known = tw_story_parse_label(step_arg, &lstage, &lnum) == 0;
		for (i = 0; tw_story_all_ids[i] != NULL; i++)
			if (strcmp(tw_story_all_ids[i], step_arg) == 0)
				known = 1;
		if (rc < 0 && known) {
			say("--step %s: the connection stopped before that step (%s)",
				V(step_arg), e.msg);
			status = 1;
		} else {
			say("--step %s: no such step (give a label such as tls-6, a step id such as tls-client-hello, or a position from 1 to %zu)",
				V(step_arg), m.story.nstep);
			status = 2;
		}
		tw_model_free(&m);
		tw_lessons_free(l);
		return status;
	}
	if (quiz && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		tw_err ue;
		tw_err_clear(&ue);
		tw_ui_start_quiz();
		if (tw_ui_run(&m, l, lessons_dir, 0, &ue) < 0) {
			say("%s", ue.msg);
			status = 1;
		}
	} else if (quiz) {
		/* A script answers: one line each on standard input. */
		tw_quiz qz;
		int zh = strncmp(tw_lessons_lang(l), "zh", 2) == 0;
		if (tw_quiz_build_chain(&m, zh, &qz) < 0) {
			say("out of memory building the quiz");
			status = 1;
		} else if (qz.n == 0) {
			say("%s", qz.none[zh]);
			status = 2;
		} else if (tw_quiz_run_text(&qz, stdin, stdout, !isatty(STDIN_FILENO)) < 0)
			status = 1;   /* reported below, with the reason */
		tw_quiz_free(&qz);
	} else if (json) {
		tw_err je;
		tw_err_clear(&je);
		if (tw_json_write(&m, stdout, &je) < 0) {
			say("%s", je.msg);
			status = 1;
			out_reported = 1;
		}
	} else if (knows) {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		int bad = mem == NULL;

		if (!bad) {
			bad = tw_knows_print(&m, strncmp(tw_lessons_lang(l), "zh", 2) == 0,
				step_arg ? start_step : -1, mem) < 0;
			bad |= fclose(mem) != 0;
		}
		if (bad) {
			say("out of memory printing who knows what");
			status = 1;
		} else
			put_text(text, len, stdout);
		free(text);
	} else if (html != NULL && !dump) {
		;       /* the page alone, written below */
	} else if (!dump) {
		tw_err ue;
		tw_err_clear(&ue);
		if (tw_ui_run(&m, l, lessons_dir, start_step, &ue) < 0) {
			say("%s", ue.msg);
			status = 1;
		}
	} else {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		if (mem == NULL) {
			say("out of memory printing the walkthrough");
			status = 1;
		} else {
			if (step_arg)   /* a teacher's link to one step: just that step */
				tw_dump_range(&m, l, (size_t)start_step, (size_t)start_step, mem);
			else
				tw_dump(&m, l, mem);
			if (fclose(mem) != 0) {
				say("out of memory printing the walkthrough");
				status = 1;
			} else
				put_text(text, len, stdout);
			free(text);
		}
	}
	/* One sentence per failure: JSON has said so already. */
	if (out_reported)
		(void)fflush(stdout);
	else if (stdout_failed())
		status = 1;
	if (rc < 0) {
		/* A quiz on a failed connection is a quiz completed: the
		 * failure is what some of its questions are about. In
		 * Chinese, the failure's own banner says how it stopped. */
		if (l != NULL && strncmp(tw_lessons_lang(l), "zh", 2) == 0
			&& m.failure.failed && m.failure.banner_zh[0])
			say("%s", m.failure.banner_zh);
		else
			say("%s", e.msg);
		if (!quiz)
			status = 1;
	}
	if (keylog) {
		tw_err_clear(&e);
		if (write_keylog(&m, keylog, &e) < 0) {
			say("%s", e.msg);
			status = 1;
		}
	}
	/* A failed connection's page shows how it failed. */
	if (html) {
		tw_err_clear(&e);
		if (tw_html_write(&m, l, html, &e) < 0) {
			say("%s", e.msg);
			status = 1;
		}
	}
	/* A failed connection still has packets worth a look in Wireshark. */
	if (pcap) {
		tw_err_clear(&e);
		if (tw_pcap_write(&m, pcap, &e) < 0) {
			say("%s", e.msg);
			status = 1;
		}
	}
	if (!m.seeded && m.source == TW_SOURCE_ENGINES)
		say("seed %" PRIu64 " (run with --seed %" PRIu64 " to repeat every byte of this connection; the certificate clock is then fixed at 2027-01-01)",
			m.seed, m.seed);
	tw_model_free(&m);
	tw_lessons_free(l);
	return status;
}
