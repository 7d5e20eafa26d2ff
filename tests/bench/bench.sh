#!/bin/sh
# bench.sh — the figures of `make bench`. Timing is reported, never
# asserted: a busy machine changes it, so no test fails on it.
#
# Then one line per suite family (tlswalk --dump --seed 1 --suite ...,
# issue 8 item 14), and a callgrind figure: CPU instructions of the default
# `tlswalk --dump --seed 1` divided by those of the bare BearSSL handshake
# (tests/bench/bare.c). Instruction counts do not depend on how busy the
# machine is; the target is at most 1.5x. Without valgrind that line says
# it was skipped.
set -eu
B=${TW_BUILDDIR:-.}
S=${TW_SRCDIR:-.}
N=${BENCH_RUNS:-21}
TW="$B/tlswalk"
echo "tlswalk benchmark ($N runs each; $(nproc) cores; $(date -u +%Y-%m-%d))"
"$B/tests/bench/runbench" "bare BearSSL handshake in one process" "$N" "$B/tests/bench/bare"
"$B/tests/bench/runbench" "tlswalk --dump --seed 1 >/dev/null" "$N" "$TW" --dump --seed 1
"$B/tests/bench/runbench" "tlswalk --dump --seed 1 --lang zh >/dev/null" "$N" "$TW" --dump --seed 1 --lang zh

# ---- one line per suite family: LABEL then the options ----
echo "suite families (tlswalk --dump --seed 1 ...):"
family() {
	label=$1
	shift
	# A family this build cannot walk (the ECDSA certificate not built in)
	# is said, not timed.
	if ! "$TW" --dump --seed 1 "$@" >/dev/null 2>"$work/family.err"; then
		printf '  %-42s skipped: %s\n' "$label" "$(cat "$work/family.err")"
		return 0
	fi
	"$B/tests/bench/runbench" "  $label" "$N" "$TW" --dump --seed 1 "$@"
}
work=$(mktemp -d "${TMPDIR:-/tmp}/tw-bench-sh.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
family "AES-128-GCM          --suite 0xc02f" --suite 0xc02f
family "AES-256-GCM, SHA-384 --suite 0xc030" --suite 0xc030
family "ChaCha20-Poly1305    --suite 0xcca8" --suite 0xcca8
family "AES-128-CCM, RSA kx  --suite 0xc09c" --suite 0xc09c
family "CBC-SHA256           --suite 0xc027" --suite 0xc027
family "CBC-SHA1             --suite 0xc013" --suite 0xc013
family "RSA key exchange     --suite 0x009c" --suite 0x009c
family "ECDSA certificate    --suite 0xc02b" --suite 0xc02b --cert-type ecdsa
family "x25519               --group x25519" --group x25519
family "P-384                --group secp384r1" --group secp384r1
family "P-521                --group secp521r1" --group secp521r1

# ---- callgrind: instructions against the bare handshake ----
if command -v valgrind >/dev/null 2>&1; then
	instr() {   # OUTFILE CMD...: instructions the command executed
		out=$1
		shift
		valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$out.log" \
			|| { echo "callgrind: $* failed: $(tail -n 3 "$out.log")" >&2; return 1; }
		sed -n 's/^summary: *\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1
	}
	tw=$(instr "$work/tw.out" "$TW" --dump --seed 1)
	bare=$(instr "$work/bare.out" "$B/tests/bench/bare")
	awk -v t="$tw" -v b="$bare" 'BEGIN {
		printf "callgrind: tlswalk --dump --seed 1 %d instructions, bare handshake %d: %.2fx (target <= 1.5x)\n",
			t, b, t / b }'
else
	echo "callgrind: skipped (valgrind is not installed)"
fi

if [ -x "$S/tests/bench_ui.sh" ]; then
	TW_BIN="$TW" "$S/tests/bench_ui.sh"
fi
