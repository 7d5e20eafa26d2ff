#!/bin/sh
# tests/fuzz/run.sh SECONDS — build the libFuzzer target in a temporary directory
# (a copy of the checkout's files, so the checkout's own build is untouched)
# and fuzz the TLS dissector for SECONDS seconds (default 60). For CI: exits
# non-zero when the build fails or the fuzzer finds a crash, a leak or a
# broken coverage invariant; the crashing input is copied to ./tests/fuzz/crashes/.
# Needs clang with libFuzzer (Debian: apt-get install clang libclang-rt-14-dev).
set -eu

secs=${1:-60}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlswalk-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Copy the sources: the files git knows or would add (not build products).
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z -co --exclude-standard | xargs -0 tar cf -) | (cd "$tmp" && tar xf -)
else
	(cd "$src" && tar cf - --exclude='*.o' --exclude='*.a' .) | (cd "$tmp" && tar xf -)
fi

cd "$tmp"
autoreconf -fi >build.log 2>&1 || { cat build.log; exit 1; }
./configure --enable-fuzz CC="${CC:-clang}" >>build.log 2>&1 || { cat build.log; exit 1; }
make -j"$(nproc 2>/dev/null || echo 2)" fuzz >>build.log 2>&1 || { cat build.log; exit 1; }

mkdir -p corpus-work artifacts
status=0
# FUZZ_TARGET picks the target: fuzz_dissect (default) or fuzz_capture,
# each with its seed corpus.
target=${FUZZ_TARGET:-fuzz_dissect}
seeds=tests/fuzz/corpus
[ "$target" = fuzz_capture ] && seeds=tests/fuzz/corpus-capture
tests/fuzz/$target -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix=artifacts/ corpus-work "$seeds" || status=$?
if [ "$status" -ne 0 ]; then
	mkdir -p "$src/tests/fuzz/crashes"
	cp artifacts/* "$src/tests/fuzz/crashes/" 2>/dev/null || true
	echo "tests/fuzz/run.sh: the fuzzer failed (status $status); inputs in tests/fuzz/crashes/" >&2
fi
exit "$status"
