#!/bin/sh
# fuzz_capture.sh — a short libFuzzer run of the capture reader and TCP reassembly, part of `make check`
# so CI runs it (.ci/install-deps installs clang and its runtime). Skips (77)
# where clang cannot link libFuzzer. FUZZ_SECONDS sets the length (default 30).
set -u
src=${TW_SRCDIR:-.}
command -v clang >/dev/null 2>&1 || { echo "clang not installed: SKIP"; exit 77; }
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
	rm -rf "$probe"
	echo "clang cannot link libFuzzer (install libclang-rt-14-dev): SKIP"
	exit 77
fi
rm -rf "$probe"
if FUZZ_TARGET=fuzz_capture sh "$src/tests/fuzz/run.sh" "${FUZZ_SECONDS:-30}" >fuzz-capture-run.out 2>&1; then
	grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' fuzz-capture-run.out | tail -2
	echo "fuzz_capture: 1 passed, 0 failed"
	rm -f fuzz-capture-run.out
	exit 0
fi
tail -40 fuzz-capture-run.out
echo "fuzz_capture: 0 passed, 1 failed"
exit 1
