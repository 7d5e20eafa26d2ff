#!/bin/sh
# fuzz.sh — a short libFuzzer run of every fuzz target (tests/fuzz/fuzz_*.c:
# the dissector, the capture reader, the lesson parser, the PEM/credentials
# loader), part of
# `make check` so CI runs it (.ci/install-deps installs clang and its
# runtime). The targets come from the sanitizer build tests/sanbuild.sh
# keeps, shared with tests/sanitizers.sh. Skips (77) where clang cannot link
# libFuzzer. FUZZ_SECONDS sets each target's length (default 10); a crashing
# input is copied to tests/fuzz/crashes/ in the build directory.
set -u
src=$(cd "${TW_SRCDIR:-.}" && pwd)
command -v clang >/dev/null 2>&1 || { echo "clang not installed: SKIP"; exit 77; }
dir=$(sh "$src/tests/sanbuild.sh")
st=$?
[ $st -eq 77 ] && exit 77
[ $st -eq 0 ] || { echo "fuzz: 0 passed, 1 failed (the sanitizer build failed)"; exit 1; }
if ! grep -q enable-fuzz "$dir/.how" 2>/dev/null; then
	echo "clang cannot link libFuzzer (install libclang-rt-14-dev): SKIP"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlswalk-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
for t in "$dir"/tests/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	name=${t##*/fuzz_}
	# Seeds: a directory of the checkout's own files per target.
	case $name in
	dissect) seeds="$src/tests/fuzz/corpus" ;;
	capture) seeds="$src/tests/fuzz/corpus-capture" ;;
	lesson) seeds="$src/lessons/en $src/lessons/zh" ;;
	pem) seeds="$src/src/certs $src/tests/data" ;;
	*) seeds= ;;
	esac
	mkdir -p "$tmp/$name" "$tmp/$name.art"
	# shellcheck disable=SC2086
	if "$t" -max_total_time="${FUZZ_SECONDS:-10}" -print_final_stats=1 \
		-artifact_prefix="$tmp/$name.art/" "$tmp/$name" $seeds >"$tmp/$name.out" 2>&1; then
		pass=$((pass + 1))
		echo "ok: fuzz_$name: $(grep -E '^stat::number_of_executed_units' "$tmp/$name.out" | sed 's/.*: *//') inputs in ${FUZZ_SECONDS:-10} s"
	else
		fail=$((fail + 1))
		tail -40 "$tmp/$name.out"
		mkdir -p tests/fuzz/crashes
		cp "$tmp/$name.art"/* tests/fuzz/crashes/ 2>/dev/null
		echo "FAIL: fuzz_$name found a problem; inputs in tests/fuzz/crashes/"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
