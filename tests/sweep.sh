#!/bin/sh
# sweep.sh — the tamper sweep of `make bench` (tests/bench/sweep.c) on a
# sample of positions, in an ASan+UBSan build: every 37th TLS byte of the
# default connection and every byte of every record header, one run each.
# Fails when a run crashes, hangs or trips a sanitizer, when a flip no check
# caught is not one of the known unauthenticated positions (an undetected
# tamper must be explained), or when the tag recomputed over the received
# bytes passes for a changed byte it covers. Built like tests/sanitizers.sh:
# a copy of the sources in a temporary directory, the checkout untouched.
set -u
src=$(cd "${TW_SRCDIR:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlswalk-sweep.XXXXXX")
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
# Only the library and the driver: the sweep needs nothing else (and not
# a driver built without sanitizers that the copy may have brought).
rm -f tests/bench/sweep
{ autoreconf -fi && ./configure --enable-sanitizers && make -j2 tests/bench/sweep; } \
	>build.log 2>&1 || { tail -40 build.log; echo "sweep: the sanitizer build failed"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
./tests/bench/sweep -e 37 -r -c -t 120 >sweep.out 2>sweep.err
rc=$?
cat sweep.out
if [ "$rc" -ne 0 ] || grep -q 'runtime error\|ERROR: AddressSanitizer\|ERROR: LeakSanitizer' sweep.err; then
	echo "FAIL: the tamper sweep under ASan/UBSan (exit status $rc):"
	head -60 sweep.err
	exit 1
fi
echo "ok: tamper sweep under ASan/UBSan, $(grep -o 'runs: [^;]*' sweep.out)"
