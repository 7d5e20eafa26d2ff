/*
 * sweep.c — the tamper sweep of `make bench` (issue 9, item 10): one bit
 * flipped in every byte of every TLS step of the default connection
 * (`tlswalk --seed 1`), one run per byte, each one exactly what
 * `tlswalk --seed 1 --tamper STEP:OFFSET` computes (tw_model_build with
 * tw_options.tamper). It counts
 *   - the runs a check caught, by the check and the side that stopped;
 *   - the runs that broke with no check firing (the connection stalled);
 *   - the runs that completed anyway, by the field the byte belongs to;
 *   - the runs that crashed or hung, which must be none;
 * and says why each flip that no check caught went unnoticed, from the
 * table `unnoticed` below. A flip no row explains is reported as such.
 *
 *   sweep [-e EVERY] [-r] [-x XOR] [-t SECONDS] [-j JOBS] [-c] [-v]
 *
 * -e N runs every Nth byte only (a sample, for the sanitizer test); -r
 * adds every byte of every record header, where the uncaught flips are; -x the
 * bits flipped (default 0x01); -t how long a run may take before it counts
 * as hung (default 20 s); -j how many runs at once (default 1); -v one line
 * per run. With -c the exit status is 1 when a run crashed, hung or could
 * not run, when an uncaught flip is not explained, or when the tag
 * recomputed over the received bytes passes for a changed byte it covers.
 *
 * Each run is a child process, so a crash or a sanitizer report costs one
 * run, not the sweep; the child sends its outcome back over a pipe, and
 * exits normally so that LeakSanitizer looks at it too.
 */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "model.h"
#include "ui_logic.h"

/* What one run says, written by the child in one write (under PIPE_BUF,
 * so it arrives whole). */
typedef struct {
	int rc;                 /* tw_model_build's return */
	int completed;          /* the connection completed */
	int failed;             /* m.failure.failed */
	int stopper;            /* m.failure.stopper */
	int err;                /* m.failure.err: BR_ERR_OK when no check fired */
	int at_step;            /* m.failure.at_step */
	char check[96];         /* m.failure.check_en */
	char at_id[40];         /* the id of at_step, "" when none */
	int nattack;            /* bytes the attacker changed (1 expected) */
	int tag;                /* the record's tag recomputed over what the receiver got (tw_verdict), or -1 */
	char msg[200];          /* tw_err when rc < 0 and nothing failed */
} result;

/* The outcome classes, in the order they are printed. */
enum { CAUGHT, STALLED, COMPLETED, CRASHED, HUNG, OTHER, NCLASS };

/* A byte to flip: step index and offset in the baseline model. */
typedef struct {
	int step;
	size_t off;
} pos;

static const tw_model *base;    /* the connection without the attacker */
static uint8_t xor_mask = 0x01;

/* The record of the baseline holding byte off of step si, or NULL. */
static const tw_record *
record_of(int si, size_t off)
{
	const tw_step *st = &base->story.step[si];
	size_t so = st->stream_off + off, i;

	for (i = 0; i < base->wire.nrec; i++) {
		const tw_record *r = &base->wire.rec[i];
		if (r->dir == st->dir && so >= r->off && so < r->off + r->len)
			return r;
	}
	return NULL;
}

/* The deepest field of the baseline's tree holding byte off of step si. */
static const char *
field_of(int si, size_t off)
{
	const tw_field *f = tw_ui_field_at(&base->tree[si], off);

	return f != NULL && f->id != NULL ? f->id : "(no field)";
}

/* Conditions on a position, for the table below. */
static int
in_clear_record(const pos *p)
{
	const tw_record *r = record_of(p->step, p->off);

	return r != NULL && !r->encrypted;
}

/* The flip makes the record's length field larger than what was sent. */
static int
length_grew(const pos *p)
{
	const tw_record *r = record_of(p->step, p->off);
	const uint8_t *b = base->story.step[p->step].bytes;
	size_t so = base->story.step[p->step].stream_off + p->off, at, len;

	if (r == NULL || so < r->off + 3 || so > r->off + 4)
		return 0;
	at = p->off - (so - r->off - 3);        /* the length field in the step's bytes */
	len = ((size_t)b[at] << 8) | b[at + 1];
	return (so == r->off + 3 ? len ^ ((size_t)xor_mask << 8) : len ^ xor_mask) > len;
}

/* Why a flip that no check caught went unnoticed: the outcome, the field
 * the byte belongs to, a condition, and the reason. One row per cause. */
static const struct {
	int outcome;
	const char *field;
	int (*holds)(const pos *p);
	const char *why;
} unnoticed[] = {
	{ COMPLETED, "tls.record.version", in_clear_record,
	  "the record-layer version of a clear-text record: no MAC covers it, the Finished hash "
	  "covers handshake messages but not record headers, and BearSSL asks only for 3.x in "
	  "the first record it receives (later records must repeat it)" },
	{ STALLED, "tls.record.length", length_grew,
	  "the record length now announces more bytes than were sent: the receiver waits for "
	  "them, no check fires, and the connection never finishes (a real peer would time out)" },
};

/* The reason for an uncaught flip at p, or NULL when no row explains it. */
static const char *
why_unnoticed(int outcome, const pos *p)
{
	const char *id = field_of(p->step, p->off);
	size_t i;

	for (i = 0; i < sizeof unnoticed / sizeof unnoticed[0]; i++)
		if (unnoticed[i].outcome == outcome && strcmp(id, unnoticed[i].field) == 0
			&& unnoticed[i].holds(p))
			return unnoticed[i].why;
	return NULL;
}

/* The child: one run, its outcome written to fd. */
static void
run_one(const pos *p, int fd, unsigned timeout)
{
	tw_options o;
	tw_model *m;
	tw_err e;
	result res;
	char spec[96];

	alarm(timeout);
	memset(&o, 0, sizeof o);
	memset(&res, 0, sizeof res);
	snprintf(spec, sizeof spec, "%s:%zu:0x%02x", base->story.step[p->step].id, p->off, xor_mask);
	o.tamper = spec;
	o.seed = 1;
	o.seeded = 1;
	if ((m = calloc(1, sizeof *m)) == NULL)
		exit(3);
	tw_err_clear(&e);
	res.rc = tw_model_build(m, &o, &e);
	res.completed = m->wire_ok;
	res.failed = m->failure.failed;
	res.stopper = (int)m->failure.stopper;
	res.err = m->failure.err;
	res.at_step = m->failure.at_step;
	snprintf(res.check, sizeof res.check, "%s", m->failure.check_en ? m->failure.check_en : "");
	if (res.at_step >= 0 && (size_t)res.at_step < m->story.nstep)
		snprintf(res.at_id, sizeof res.at_id, "%s", m->story.step[res.at_step].id);
	res.nattack = (int)m->wire.nattack;
	res.tag = m->wire.nattack > 0 ? (int)tw_keys_check_attack(&m->wire, &m->hs, &m->keys,
		&m->wire.attack[0], m->sc.attack.kind) : -1;
	if (res.rc < 0 && !res.failed)
		snprintf(res.msg, sizeof res.msg, "%.199s", e.msg);
	tw_model_free(m);
	free(m);
	if (write(fd, &res, sizeof res) != (ssize_t)sizeof res)
		exit(3);
	close(fd);
	exit(0);
}

/* A tally row: a key, a count, an example, and the BearSSL errors seen. */
#define MAX_ERRS 12
typedef struct {
	char key[128];
	const char *why;
	int n;
	char first[96];         /* the first position counted, STEP:OFFSET */
	int err[MAX_ERRS], nerr[MAX_ERRS], ne;
} tally;

#define MAX_TALLY 48

static void
count(tally *t, int *nt, const char *key, const char *why, const char *where, int err)
{
	int i, k;

	for (i = 0; i < *nt && strcmp(t[i].key, key) != 0; i++)
		;
	if (i == *nt) {
		if (*nt == MAX_TALLY)
			i = MAX_TALLY - 1, snprintf(t[i].key, sizeof t[i].key, "(others)");
		else {
			i = (*nt)++;
			memset(&t[i], 0, sizeof t[i]);
			snprintf(t[i].key, sizeof t[i].key, "%s", key);
			snprintf(t[i].first, sizeof t[i].first, "%s", where);
			t[i].why = why;
		}
	}
	t[i].n++;
	for (k = 0; k < t[i].ne && t[i].err[k] != err; k++)
		;
	if (k == t[i].ne && t[i].ne < MAX_ERRS)
		t[i].err[t[i].ne++] = err;
	if (k < t[i].ne)
		t[i].nerr[k]++;
}

static int
cmp_tally(const void *a, const void *b)
{
	const tally *x = a, *y = b;

	return (y->n > x->n) - (y->n < x->n);
}

/* A BearSSL error name without its BR_ERR_ prefix. */
static const char *
err_short(int err)
{
	const char *n = tw_br_err_name(err);

	return strncmp(n, "BR_ERR_", 7) == 0 ? n + 7 : n;
}

/* Print a tally's errors, most frequent first: "X 12, Y 3". */
static void
print_errs(const tally *t)
{
	int printed[MAX_ERRS] = { 0 }, j, k, best;

	for (j = 0; j < t->ne; j++) {
		for (best = -1, k = 0; k < t->ne; k++)
			if (!printed[k] && (best < 0 || t->nerr[k] > t->nerr[best]))
				best = k;
		printed[best] = 1;
		if (t->ne == 1)
			printf("%s", err_short(t->err[best]));
		else
			printf("%s%s %d", j ? ", " : "", err_short(t->err[best]), t->nerr[best]);
	}
}

static const char *
verdict_name(int v)
{
	return v == TW_V_OK ? "passes" : v == TW_V_MISMATCH ? "fails" : "not computable";
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A child still running. */
typedef struct {
	pid_t pid;
	int fd;
	size_t run;
} slot;

/* The children running. File scope, so that in a child, whose heap is a
 * copy of the parent's, LeakSanitizer finds it still referenced. */
static slot *sl;

/* Run every position, at most jobs at once; outcome[i] gets CRASHED or
 * HUNG, or -1 with rs[i] filled. */
static int
run_all(const pos *ps, size_t n, int jobs, unsigned timeout, result *rs, int *outcome)
{
	size_t next = 0, i;
	int nsl = 0, st, k, fds[2];
	pid_t pid;

	if ((sl = calloc((size_t)jobs, sizeof *sl)) == NULL)
		return -1;
	fflush(stdout);
	fflush(stderr);
	while (next < n || nsl > 0) {
		while (nsl < jobs && next < n) {
			if (pipe(fds) < 0 || (pid = fork()) < 0) {
				perror("sweep");
				free(sl);
				return -1;
			}
			if (pid == 0) {
				close(fds[0]);
				run_one(&ps[next], fds[1], timeout);
			}
			close(fds[1]);
			sl[nsl].pid = pid;
			sl[nsl].fd = fds[0];
			sl[nsl].run = next++;
			nsl++;
		}
		if ((pid = waitpid(-1, &st, 0)) < 0) {
			if (errno == EINTR)
				continue;
			perror("sweep: waitpid");
			free(sl);
			return -1;
		}
		for (k = 0; k < nsl && sl[k].pid != pid; k++)
			;
		if (k == nsl)
			continue;
		i = sl[k].run;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
			outcome[i] = HUNG;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 0
			&& read(sl[k].fd, &rs[i], sizeof rs[i]) == (ssize_t)sizeof rs[i])
			outcome[i] = -1;
		else {
			outcome[i] = CRASHED;
			fprintf(stderr, "sweep: CRASH: tlswalk --seed 1 --tamper %s:%zu:0x%02x (%s %d)\n",
				base->story.step[ps[i].step].id, ps[i].off, xor_mask,
				WIFSIGNALED(st) ? "signal" : "exit status",
				WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		}
		close(sl[k].fd);
		sl[k] = sl[--nsl];
	}
	free(sl);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const class_name[NCLASS] = {
		"caught", "stalled", "completed", "crashed", "hung", "could not run"
	};
	tw_options o;
	tw_model *m;
	tw_err e;
	/* static: still referenced, for LeakSanitizer, in the children */
	static pos *ps;
	static result *rs;
	static int *outcome;
	size_t nps = 0, cap = 0, i, ntls = 0;
	int c, every = 1, headers = 0, jobs = 1, strict = 0, verbose = 0, si, bad = 0;
	unsigned timeout = 20;
	double t0, t1;
	tally det[MAX_TALLY], unn[MAX_TALLY];
	int ndet = 0, nunn = 0, ncls[NCLASS] = { 0 }, per[TW_MAX_STEPS][NCLASS];
	int n_unexplained = 0, n_early = 0, n_cov = 0, n_covfail = 0, n_len = 0, n_lenpass = 0;
	char early[3][200];

	while ((c = getopt(argc, argv, "e:rx:t:j:cv")) != -1)
		switch (c) {
		case 'e': every = atoi(optarg); break;
		case 'r': headers = 1; break;
		case 'x': xor_mask = (uint8_t)strtoul(optarg, NULL, 0); break;
		case 't': timeout = (unsigned)atoi(optarg); break;
		case 'j': jobs = atoi(optarg); break;
		case 'c': strict = 1; break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: sweep [-e EVERY] [-r] [-x XOR] [-t SECONDS] [-j JOBS] [-c] [-v]\n");
			return 2;
		}
	if (every < 1 || jobs < 1 || timeout < 1 || xor_mask == 0) {
		fprintf(stderr, "sweep: -e, -j and -t must be at least 1, and -x 1..255\n");
		return 2;
	}
	memset(per, 0, sizeof per);

	/* The connection as it is without the attacker: its steps, records
	 * and field trees say where each byte is and what it is. */
	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.seeded = 1;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return 1;
	tw_err_clear(&e);
	if (tw_model_build(m, &o, &e) < 0) {
		fprintf(stderr, "sweep: the connection without an attacker failed: %s\n", e.msg);
		return 1;
	}
	base = m;
	for (si = 0; (size_t)si < m->story.nstep; si++) {
		const tw_step *st = &m->story.step[si];
		size_t off;
		if (st->kind != TW_STEP_TLS)
			continue;
		for (off = 0; off < st->len; off++, ntls++) {
			const tw_record *r = record_of(si, off);
			if (ntls % (size_t)every != 0 && !(headers && r != NULL
				&& st->stream_off + off < r->off + 5))
				continue;
			if (nps == cap) {
				cap = cap ? 2 * cap : 1024;
				if ((ps = realloc(ps, cap * sizeof *ps)) == NULL)
					return 1;
			}
			ps[nps].step = si;
			ps[nps].off = off;
			nps++;
		}
	}
	rs = calloc(nps ? nps : 1, sizeof *rs);
	outcome = calloc(nps ? nps : 1, sizeof *outcome);
	if (rs == NULL || outcome == NULL)
		return 1;

	t0 = now_s();
	if (run_all(ps, nps, jobs, timeout, rs, outcome) < 0)
		return 1;
	t1 = now_s();

	for (i = 0; i < nps; i++) {
		const result *r = &rs[i];
		const pos *p = &ps[i];
		const char *sid = base->story.step[p->step].id, *fid = field_of(p->step, p->off);
		const tw_record *rec = record_of(p->step, p->off);
		const char *why;
		char where[96], key[128];
		int oc = outcome[i];

		snprintf(where, sizeof where, "%s:%zu", sid, p->off);
		if (oc < 0) {
			if (r->nattack != 1 || (r->rc < 0 && !r->failed)) {
				oc = OTHER;
				fprintf(stderr, "sweep: tlswalk --seed 1 --tamper %s:0x%02x: %s\n", where, xor_mask,
					r->nattack != 1 ? "the attacker did not change exactly one byte" : r->msg);
			} else
				oc = r->completed ? COMPLETED : r->err == BR_ERR_OK ? STALLED : CAUGHT;
		}
		if (oc == HUNG)
			fprintf(stderr, "sweep: HUNG (over %u s): tlswalk --seed 1 --tamper %s:0x%02x\n",
				timeout, where, xor_mask);
		ncls[oc]++;
		per[p->step][oc]++;
		if (verbose)
			printf("run %s field=%s outcome=%s check=\"%s\" side=%s err=%s at=%s tag=%s\n",
				where, fid, class_name[oc], oc < CRASHED ? r->check : "",
				r->stopper == TW_C2S ? "client" : "server", oc < CRASHED ? err_short(r->err) : "",
				oc < CRASHED ? r->at_id : "", oc < CRASHED && r->tag >= 0 ? verdict_name(r->tag) : "-");
		if (oc >= CRASHED)
			continue;
		/* The tag recomputed over the received bytes, independently of
		 * the engines: it covers every byte of an encrypted record but
		 * the length field (the receiver derives the length it
		 * authenticates from that field; the recomputation keeps the
		 * sender's record boundaries), so it must fail for all others. */
		if (rec != NULL && rec->encrypted) {
			if (strcmp(fid, "tls.record.length") == 0) {
				n_len++;
				n_lenpass += r->tag == TW_V_OK;
			} else {
				n_cov++;
				n_covfail += r->tag == TW_V_MISMATCH;
				if (r->tag != TW_V_MISMATCH)
					fprintf(stderr, "sweep: tlswalk --seed 1 --tamper %s:0x%02x: the recomputed "
						"tag %s\n", where, xor_mask, verdict_name(r->tag));
			}
		}
		if (oc == CAUGHT) {
			snprintf(key, sizeof key, "%s (%s)", r->check,
				r->stopper == TW_C2S ? "client" : "server");
			count(det, &ndet, key, NULL, where, r->err);
			/* No check sees a byte before it arrives: a failure
			 * placed on an earlier step is placed wrongly. */
			if (r->at_step >= 0 && r->at_step < p->step && n_early++ < 3)
				snprintf(early[n_early - 1], sizeof early[0], "--tamper %s: at %s (%s)",
					where, r->at_id, err_short(r->err));
			continue;
		}
		if (r->at_step >= 0 && r->at_step < p->step && n_early++ < 3)
			snprintf(early[n_early - 1], sizeof early[0], "--tamper %s: at %s (%s)",
				where, r->at_id, class_name[oc]);
		why = why_unnoticed(oc, p);
		if (why == NULL) {
			n_unexplained++;
			fprintf(stderr, "sweep: UNEXPLAINED: tlswalk --seed 1 --tamper %s:0x%02x %s, and "
				"nothing says why field %s goes unnoticed\n", where, xor_mask,
				class_name[oc], fid);
		}
		snprintf(key, sizeof key, "%s %s", class_name[oc], fid);
		count(unn, &nunn, key, why, where, 0);
	}
	qsort(det, (size_t)ndet, sizeof *det, cmp_tally);
	qsort(unn, (size_t)nunn, sizeof *unn, cmp_tally);

	printf("tamper sweep: XOR 0x%02x on %s of the %zu TLS bytes of `tlswalk --seed 1`, one run each\n",
		xor_mask, every == 1 ? "each" : "a sample", ntls);
	if (every > 1)
		printf("  (every %dth byte%s: %zu runs)\n", every, headers ? " and every record header byte" : "", nps);
	printf("  %-40s %7s %7s %9s\n", "step (bytes)", "caught", "stalled", "completed");
	for (si = 0; (size_t)si < base->story.nstep; si++) {
		char lbl[64];
		if (base->story.step[si].kind != TW_STEP_TLS)
			continue;
		snprintf(lbl, sizeof lbl, "%s (%zu)", base->story.step[si].id, base->story.step[si].len);
		printf("  %-40s %7d %7d %9d\n", lbl, per[si][CAUGHT], per[si][STALLED], per[si][COMPLETED]);
	}
	printf("  runs: %zu; caught by a check %d, stalled %d, completed %d; crashed %d, hung %d, could not run %d\n",
		nps, ncls[CAUGHT], ncls[STALLED], ncls[COMPLETED], ncls[CRASHED], ncls[HUNG], ncls[OTHER]);
	printf("  caught, by the check that caught it (the side that stopped: BearSSL's errors):\n");
	for (c = 0; c < ndet; c++) {
		printf("    %5d  %s: ", det[c].n, det[c].key);
		print_errs(&det[c]);
		printf("\n");
	}
	printf("  not caught by any check, by the field changed:\n");
	if (nunn == 0)
		printf("    none\n");
	for (c = 0; c < nunn; c++)
		printf("    %5d  %s (e.g. --tamper %s)\n           %s\n", unn[c].n, unn[c].key, unn[c].first,
			unn[c].why ? unn[c].why : "UNEXPLAINED: no row of the table in tests/bench/sweep.c says why");
	printf("  the tag recomputed over the received bytes fails for %d of %d flips it covers in encrypted records\n",
		n_covfail, n_cov);
	if (n_len > 0)
		printf("  (and passes for %d of the %d flips of their length field, which it takes from the sender)\n",
			n_lenpass, n_len);
	if (n_early > 0) {
		printf("  failure placed on a step before the one changed: %d runs, e.g.\n", n_early);
		for (c = 0; c < n_early && c < 3; c++)
			printf("           %s\n", early[c]);
	}
	printf("  wall time: %.1f s for %zu runs (%.1f ms a run, %d at a time)\n", t1 - t0, nps,
		nps ? 1000.0 * (t1 - t0) / (double)nps : 0.0, jobs);

	bad = ncls[CRASHED] || ncls[HUNG] || ncls[OTHER] || n_unexplained || n_covfail != n_cov;
	tw_model_free(m);
	free(m);
	free(ps);
	free(rs);
	free(outcome);
	return strict && bad ? 1 : 0;
}
