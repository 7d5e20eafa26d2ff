#!/bin/sh
# valgrind.sh — memory safety of the real program and of the unit tests:
# no invalid read/write, no use of uninitialised memory, no definite leak.
# Skips (77) where valgrind is not installed; .ci/run installs it.
set -u
bin=${TW_BIN:-./tlswalk}
builddir=$(dirname "$bin")
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: SKIP"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
fail=0
pass=0
# The unit tests under valgrind (the longest part) run beside the program
# runs. Randomised loops run a tenth of their inputs here (tests/testutil.h
# tu_iters); the native and sanitizer runs do them all.
unit_pid=
if [ -x "$builddir/tests/run_checks" ]; then
	# shellcheck disable=SC2086
	{ TW_TEST_LIGHT=1 CK_FORK=no $vg "$builddir/tests/run_checks" >"$tmp/unit.out" 2>"$tmp/unit.err"
	  echo $? >"$tmp/unit.status"; } &
	unit_pid=$!
fi
# The quiz's script of answers (read by --quiz only; the others ignore it).
printf 'a\nb\nc\nd\nx\na\nb\nc\nd\na\nb\nc\n' >"$tmp/answers"
for args in "--dump --seed 1" "--dump --seed 2 --lang zh" \
	"--seed 3 --keylog $tmp/k" "--seed 1 --ca ${TW_SRCDIR:-.}/tests/data/other-root.pem" \
	"--key ${TW_SRCDIR:-.}/tests/data/other.key" \
	"--seed 1 --lang zh --resume --html $tmp/walk.html" \
	"--seed 4 --knows --scenario record-now-decrypt-later" "--seed 5 --quiz --lang zh"; do
	# shellcheck disable=SC2086
	$vg "$bin" $args <"$tmp/answers" >/dev/null 2>"$tmp/err"
	st=$?
	if [ $st -eq 99 ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		echo "FAIL: valgrind reports errors for tlswalk $args:"
		cat "$tmp/err"
		fail=$((fail + 1))
	else
		echo "ok: tlswalk $args (exit $st)"
		pass=$((pass + 1))
	fi
done
if [ -n "$unit_pid" ]; then
	wait "$unit_pid"
	st=$(cat "$tmp/unit.status")
	if [ "$st" -eq 99 ] || grep -q '^==[0-9]*==' "$tmp/unit.err"; then
		echo "FAIL: valgrind reports errors in the unit tests:"
		grep '^==' "$tmp/unit.err" | head -40
		fail=$((fail + 1))
	else
		echo "ok: unit tests under valgrind (exit $st)"
		pass=$((pass + 1))
	fi
fi
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
