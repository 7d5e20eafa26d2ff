#!/bin/sh
# bench.sh — the figures of `make bench`. Timing is reported, never
# asserted: a busy machine changes it, so no test fails on it.
set -eu
B=${TW_BUILDDIR:-.}
S=${TW_SRCDIR:-.}
N=${BENCH_RUNS:-21}
echo "tlswalk benchmark ($N runs each; $(nproc) cores; $(date -u +%Y-%m-%d))"
"$B/tests/bench/runbench" "bare BearSSL handshake in one process" "$N" "$B/tests/bench/bare"
"$B/tests/bench/runbench" "tlswalk --dump --seed 1 >/dev/null" "$N" "$B/tlswalk" --dump --seed 1
"$B/tests/bench/runbench" "tlswalk --dump --seed 1 --lang zh >/dev/null" "$N" "$B/tlswalk" --dump --seed 1 --lang zh
if [ -x "$S/tests/bench_ui.sh" ]; then
	TW_BIN="$B/tlswalk" "$S/tests/bench_ui.sh"
fi
# The tamper sweep (issue 9): one run per TLS byte; exits 1 when a run
# crashed or hung or an uncaught flip is unexplained. SWEEP_EVERY=N samples.
echo
"$B/tests/bench/sweep" -c -j "${SWEEP_JOBS:-2}" -e "${SWEEP_EVERY:-1}"
