#!/bin/sh
# sanitizers.sh — the unit tests and the command-line tests again, in a build
# with AddressSanitizer and UndefinedBehaviorSanitizer (any report aborts).
# valgrind (tests/valgrind.sh) sees memory errors; this also sees undefined
# behaviour such as memcpy from NULL or signed overflow. The build is the one
# tests/sanbuild.sh keeps (shared with tests/fuzz.sh), so the checkout's own
# build is untouched and a warm run rebuilds nothing.
set -u
src=$(cd "${TW_SRCDIR:-.}" && pwd)
dir=$(sh "$src/tests/sanbuild.sh")
st=$?
[ $st -eq 77 ] && exit 77
[ $st -eq 0 ] || { echo "sanitizers: 0 passed, 1 failed (the sanitizer build failed)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlswalk-san.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$dir" || exit 1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
pass=0 fail=0
if CK_FORK=no ./tests/run_checks >"$tmp/unit.log" 2>&1; then
	pass=$((pass + 1)); echo "ok: unit tests ($(grep -o 'Checks: [0-9]*' "$tmp/unit.log"))"
else
	fail=$((fail + 1)); echo "FAIL: unit tests under ASan/UBSan:"; grep -E 'runtime error|ERROR:|:[EF]:' "$tmp/unit.log" | head -20
fi
if TW_BIN="$dir/tlswalk" TW_SRCDIR="$dir" sh tests/cli.sh >"$tmp/cli.log" 2>&1 \
	&& ! grep -q 'runtime error\|ERROR: AddressSanitizer' "$tmp/cli.log"; then
	pass=$((pass + 1)); echo "ok: $(tail -1 "$tmp/cli.log")"
else
	fail=$((fail + 1)); echo "FAIL: command-line tests under ASan/UBSan:"; grep -E 'FAIL|runtime error|ERROR:' "$tmp/cli.log" | head -20
fi
for args in "--json --seed 1" "--seed 2 --lang zh --pcap $tmp/x.pcapng --keylog $tmp/k"; do
	# shellcheck disable=SC2086
	if ./tlswalk $args >/dev/null 2>"$tmp/run.err"; then
		pass=$((pass + 1)); echo "ok: tlswalk $args"
	else
		fail=$((fail + 1)); echo "FAIL: tlswalk $args:"; head -20 "$tmp/run.err"
	fi
done
echo "sanitizers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
