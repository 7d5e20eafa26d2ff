/*
 * main.c — options, then one of the frontends over a built model.
 *
 * Exit status: 0 success; 1 the connection or an output failed; 2 bad
 * usage (unknown option, bad value, unreadable or invalid file).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dump.h"
#include "ui.h"
#include "json.h"
#include "live.h"
#include "lesson.h"
#include "model.h"
#include "pcap.h"
#include "suite.h"
#include "scenario.h"

enum {
	OPT_VERSION = 256, OPT_SEED, OPT_DUMP, OPT_KEYLOG, OPT_CERT, OPT_KEY,
	OPT_CA, OPT_HOST, OPT_PATH, OPT_LANG, OPT_LESSONS,
	OPT_PCAP, OPT_JSON, OPT_STEP, OPT_SUITE, OPT_GROUP, OPT_CERT_TYPE,
	OPT_LIST_SUITES, OPT_CLIENT_CERT, OPT_RESUME, OPT_SCENARIO, OPT_LIST_SCENARIOS,
	OPT_TAMPER, OPT_LISTEN, OPT_CONNECT, OPT_TIMEOUT
};

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "keylog", required_argument, NULL, OPT_KEYLOG },
	{ "pcap", required_argument, NULL, OPT_PCAP },
	{ "json", no_argument, NULL, OPT_JSON },
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
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "list-scenarios", no_argument, NULL, OPT_LIST_SCENARIOS },
	{ "tamper", required_argument, NULL, OPT_TAMPER },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
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
"      --suite NAME    the cipher suite the server prefers: its IANA name\n"
"                      (TLS_ optional) or code (0xc02f); see --list-suites\n"
"      --list-suites   list the suites tlswalk can walk, with what each teaches\n"
"      --group NAME    the key-exchange group: x25519, secp256r1 (default),\n"
"                      secp384r1 or secp521r1\n"
"      --cert-type T   the built-in server certificate: rsa (default) or ecdsa\n"
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
"      --lessons DIR   read explanations from DIR/<lang>/ instead of the\n"
"                      built-in ones\n"
"\n"
"Exit status: 0 success, 1 the connection or an output failed, 2 bad usage.\n",
		out);
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
	if (err == 0 && !ferror(stdout))
		return 0;
	fprintf(stderr, "tlswalk: writing to standard output failed: %s\n",
		err ? strerror(err) : "a write error occurred");
	return 1;
}

static int
write_keylog(const tw_model *m, const char *path, tw_err *e)
{
	FILE *f;
	int i;
	const tw_model *c;

	/* Live: only the local engine's master secret is known. */
	if (!m->wire.engine_ms_known[0] && !m->wire.engine_ms_known[1])
		return tw_err_set(e, "--keylog %s: no master secret was reached; nothing written", path);
	if (m->wire.engine_ms_known[0] && m->wire.engine_ms_known[1]
		&& memcmp(m->wire.engine_ms[0], m->wire.engine_ms[1], 48) != 0)
		return tw_err_set(e, "--keylog %s: the two engines report different master secrets; nothing written", path);
	{
		/* A master secret: readable by its owner only (0600). */
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0)
			(void)fchmod(fd, 0600);   /* an older file keeps its mode otherwise */
		f = fd < 0 ? NULL : fdopen(fd, "w");
		if (f == NULL && fd >= 0)
			close(fd);
	}
	if (f == NULL)
		return tw_err_set(e, "--keylog %s: cannot write: %s", path, strerror(errno));
	/* One line per connection (--resume makes two, same master secret);
	 * live, only the local engine's master secret is known. */
	for (c = m; c != NULL; c = c->next) {
		const uint8_t *cms = c->wire.engine_ms[c->wire.engine_ms_known[0] ? 0 : 1];
		fputs("CLIENT_RANDOM ", f);
		for (i = 0; i < 32; i++)
			fprintf(f, "%02x", c->hs.client_random[i]);
		fputc(' ', f);
		for (i = 0; i < 48; i++)
			fprintf(f, "%02x", cms[i]);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		return tw_err_set(e, "--keylog %s: write failed: %s", path, strerror(errno));
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
		printf("0x%04x  %-46s %s\n", s->id, s->name, teach);
	}
	printf(strcmp(lang, "zh") == 0
		? "ECDSA 套件需要 --cert-type ecdsa；RSA 密钥交换和 ECDHE_RSA 套件需要 RSA 证书（默认）。\n"
		: "ECDSA suites need --cert-type ecdsa; RSA key exchange and ECDHE_RSA suites need an RSA certificate (the default).\n");
}

int
main(int argc, char **argv)
{
	tw_options o;
	tw_model m;
	tw_err e;
	tw_lessons *l = NULL;
	const char *keylog = NULL, *pcap = NULL;
	const char *lang = NULL, *lessons_dir = NULL, *step_arg = NULL;
	int start_step = 0;
	int dump = 0, json = 0, c, rc, status = 0, out_reported = 0, list_suites = 0;
	int list_scenarios = 0;
	const tw_scenario_def *scen = NULL;
	tw_live_options live;

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
			fprintf(stderr, "tlswalk: option '--%s' was given an empty value (see tlswalk --help)\n",
				lo->name ? lo->name : "?");
			return 2;
		}
		switch (c) {
		case 'h':
			usage(stdout);
			return stdout_failed();
		case OPT_VERSION:
			printf("tlswalk %s (BearSSL TLS 1.2 walkthrough)\n", PACKAGE_VERSION);
			return stdout_failed();
		case OPT_SEED:
			if (tw_parse_seed(optarg, &o.seed, &e) < 0) {
				fprintf(stderr, "tlswalk: %s\n", e.msg);
				return 2;
			}
			o.seeded = 1;
			break;
		case OPT_DUMP: dump = 1; break;
		case OPT_KEYLOG: keylog = optarg; break;
		case OPT_PCAP: pcap = optarg; break;
		case OPT_JSON: json = 1; break;
		case OPT_CERT: o.cert_file = optarg; break;
		case OPT_KEY: o.key_file = optarg; break;
		case OPT_CA: o.ca_file = optarg; break;
		case OPT_HOST: o.host = optarg; break;
		case OPT_PATH: o.path = optarg; break;
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
		case OPT_SCENARIO:
			if ((scen = tw_scenario_find(optarg)) == NULL) {
				fprintf(stderr, "tlswalk: --scenario %.80s: no such scenario (see tlswalk --list-scenarios)\n",
					optarg);
				return 2;
			}
			break;
		case OPT_LIST_SCENARIOS: list_scenarios = 1; break;
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
		case ':':
			fprintf(stderr, "tlswalk: option '%s' needs a value (see tlswalk --help)\n",
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "tlswalk: unknown option '%s' (see tlswalk --help)\n",
				argv[optind - 1]);
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
	if (list_suites) {
		print_suites(tw_lessons_pick_lang(lang));
		return stdout_failed();
	}
	if (optind < argc) {
		fprintf(stderr, "tlswalk: unexpected argument '%s' (tlswalk takes only options; see tlswalk --help)\n",
			argv[optind]);
		return 2;
	}

	l = tw_lessons_load(lessons_dir, tw_lessons_pick_lang(lang), &e);
	if (l == NULL) {
		fprintf(stderr, "tlswalk: %s\n", e.msg);
		return 2;
	}
	if (lessons_dir != NULL) {
		/* A teacher's set may lag behind the program: say what is missing
		 * or unknown, then go on (steps without text just show none). */
		static const char *const *const lists[] = {
			tw_story_all_ids, tw_dissect_all_ids, tw_dissect_ip_ids,
			tw_lesson_extra_ids, NULL
		};
		tw_err ce;
		tw_err_clear(&ce);
		if (tw_lessons_check(l, lists, &ce) > 0)
			fprintf(stderr, "tlswalk: warning: lessons in %s/%s: %s\n",
				lessons_dir, tw_lessons_lang(l), ce.msg);
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
	} else
		rc = tw_model_build(&m, &o, &e);
	if (rc < 0 && m.wire.nrec == 0) {
		/* Bad input: nothing ran. */
		fprintf(stderr, "tlswalk: %s\n", e.msg);
		tw_model_free(&m);
		tw_lessons_free(l);
		return 2;
	}
	if (!isatty(STDOUT_FILENO))
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
			fprintf(stderr, "tlswalk: --step %s: the connection stopped before that step (%s)\n",
				step_arg, e.msg);
			status = 1;
		} else {
			fprintf(stderr, "tlswalk: --step %s: no such step (give a label such as tls-6, a step id such as tls-client-hello, or a position from 1 to %zu)\n",
				step_arg, m.story.nstep);
			status = 2;
		}
		tw_model_free(&m);
		tw_lessons_free(l);
		return status;
	}
	if (json) {
		tw_err je;
		tw_err_clear(&je);
		if (tw_json_write(&m, stdout, &je) < 0) {
			fprintf(stderr, "tlswalk: %s\n", je.msg);
			status = 1;
			out_reported = 1;
		}
	} else if (!dump) {
		tw_err ue;
		tw_err_clear(&ue);
		if (tw_ui_run(&m, l, lessons_dir, start_step, &ue) < 0) {
			fprintf(stderr, "tlswalk: %s\n", ue.msg);
			status = 1;
		}
	} else if (step_arg) {
		/* With --dump, a teacher's link to one step prints just that step. */
		tw_dump_range(&m, l, (size_t)start_step, (size_t)start_step, stdout);
	} else {
		tw_dump(&m, l, stdout);
	}
	/* One sentence per failure: JSON has said so already. */
	if (out_reported)
		(void)fflush(stdout);
	else if (stdout_failed())
		status = 1;
	if (rc < 0) {
		fprintf(stderr, "tlswalk: %s\n", e.msg);
		status = 1;
	} else if (keylog && write_keylog(&m, keylog, &e) < 0) {
		fprintf(stderr, "tlswalk: %s\n", e.msg);
		status = 1;
	}
	/* A failed connection still has packets worth a look in Wireshark. */
	if (pcap) {
		tw_err_clear(&e);
		if (tw_pcap_write(&m, pcap, &e) < 0) {
			fprintf(stderr, "tlswalk: %s\n", e.msg);
			status = 1;
		}
	}
	if (!m.seeded && m.source == TW_SOURCE_ENGINES)
		fprintf(stderr, "tlswalk: seed %" PRIu64 " (run with --seed %" PRIu64 " to repeat this connection; the clock is then fixed at 2027-01-01)\n",
			m.seed, m.seed);
	tw_model_free(&m);
	tw_lessons_free(l);
	return status;
}
