#!/bin/sh
# sanitizers.sh — the unit tests and the command-line tests again, in a build
# with AddressSanitizer and UndefinedBehaviorSanitizer (any report aborts).
# valgrind (tests/valgrind.sh) sees memory errors; this also sees undefined
# behaviour such as memcpy from NULL or signed overflow. Builds a copy of the
# sources in a temporary directory, so the checkout's build is untouched.
set -u
src=$(cd "${TW_SRCDIR:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlswalk-san.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
echo 'int main(void){return 0;}' >"$tmp/p.c"
if ! ${CC:-cc} -fsanitize=address,undefined "$tmp/p.c" -o "$tmp/p" >/dev/null 2>&1; then
	echo "the compiler cannot build with -fsanitize=address,undefined: SKIP"
	exit 77
fi
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z -co --exclude-standard | xargs -0 tar cf -) | (cd "$tmp" && tar xf -)
else
	(cd "$src" && tar cf - --exclude='*.o' --exclude='*.a' --exclude=tlswalk .) | (cd "$tmp" && tar xf -)
fi
cd "$tmp" || exit 1
# Two makes: in one, "all" (via all-am) and tests/run_checks each archive
# libtlswalk.a at once, and ld once died linking the half-written archive.
{ autoreconf -fi && ./configure --enable-sanitizers && make -j2 all && make -j2 tests/run_checks; } \
	>build.log 2>&1 || { tail -40 build.log; echo "sanitizers: 0 passed, 1 failed"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
pass=0 fail=0
if CK_FORK=no ./tests/run_checks >unit.log 2>&1; then
	pass=$((pass + 1)); echo "ok: unit tests ($(grep -o 'Checks: [0-9]*' unit.log))"
else
	fail=$((fail + 1)); echo "FAIL: unit tests under ASan/UBSan:"; grep -E 'runtime error|ERROR:|:[EF]:' unit.log | head -20
fi
if TW_BIN=./tlswalk TW_SRCDIR=. sh tests/cli.sh >cli.log 2>&1 \
	&& ! grep -q 'runtime error\|ERROR: AddressSanitizer' cli.log; then
	pass=$((pass + 1)); echo "ok: $(tail -1 cli.log)"
else
	fail=$((fail + 1)); echo "FAIL: command-line tests under ASan/UBSan:"; grep -E 'FAIL|runtime error|ERROR:' cli.log | head -20
fi
for args in "--json --seed 1" "--seed 2 --lang zh --pcap $tmp/x.pcapng --keylog $tmp/k"; do
	# shellcheck disable=SC2086
	if ./tlswalk $args >/dev/null 2>run.err; then
		pass=$((pass + 1)); echo "ok: tlswalk $args"
	else
		fail=$((fail + 1)); echo "FAIL: tlswalk $args:"; head -20 run.err
	fi
done
echo "sanitizers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
