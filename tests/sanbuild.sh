#!/bin/sh
# tests/sanbuild.sh — the one ASan+UBSan build that tests/sanitizers.sh and
# tests/fuzz.sh share. Prints its directory on standard output; exits 77
# (skip) when no compiler can build with the sanitizers, 1 when the build
# fails (the build log's tail on standard error).
#
# The build lives in BUILDDIR/tests/sanbuild, a copy of the source files
# (automake refuses a second build of a configured source tree). It persists
# between runs and a copied file is replaced only when its source changed, so
# a warm `make check` rebuilds nothing; `make clean` removes it. With clang
# and libFuzzer the build also carries the fuzz targets (--enable-fuzz);
# otherwise it is a gcc build and tests/fuzz.sh skips. A lock makes the two
# tests, which `make -j2 check` starts together, build it once.
set -u
src=$(cd "${TW_SRCDIR:-.}" && pwd)
bin=${TW_BIN:-./tlswalk}
top=$(cd "$(dirname "$bin")" && pwd)
dir=$top/tests/sanbuild
mkdir -p "$top/tests"
exec 9>"$top/tests/sanbuild.lock"
flock 9 2>/dev/null || true

probe=$(mktemp -d "${TMPDIR:-/tmp}/tlswalk-probe.XXXXXX")
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}\n' >"$probe/f.c"
echo 'int main(void){return 0;}' >"$probe/p.c"
if command -v clang >/dev/null 2>&1 &&
	clang -fsanitize=fuzzer,address,undefined "$probe/f.c" -o "$probe/f" >/dev/null 2>&1; then
	want="CC=clang --enable-fuzz --enable-sanitizers"
elif ${CC:-cc} -fsanitize=address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
	want="CC=${CC:-cc} --enable-sanitizers"
else
	echo "no compiler here builds with -fsanitize=address,undefined: SKIP" >&2
	exit 77
fi
# A different compiler choice than last time: start again.
[ "$(cat "$dir/.how" 2>/dev/null)" = "$want" ] || rm -rf "$dir"
mkdir -p "$dir"

# Copy what changed: the files git knows or would add, else everything but
# build products.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -co --exclude-standard)
else
	(cd "$src" && find . -type f ! -name '*.o' ! -name '*.a' ! -name '*.log' ! -name '*.trs' \
		! -path './tests/sanbuild*' ! -path './_build/*' ! -path './autom4te.cache/*' \
		! -name tlswalk ! -name run_checks ! -name Makefile ! -name config.status \
		! -name config.h ! -name stamp-h1 ! -path '*/.deps/*' | sed 's|^\./||')
fi | while IFS= read -r f; do
	case $f in tests/sanbuild*) continue ;; esac
	[ -f "$src/$f" ] || continue
	if ! cmp -s "$src/$f" "$dir/$f"; then
		mkdir -p "$dir/$(dirname "$f")" && cp "$src/$f" "$dir/$f"
	fi
done
chmod -R u+w "$dir"

cd "$dir" || exit 1
if [ ! -f config.status ] || [ "$(cat .how 2>/dev/null)" != "$want" ]; then
	# shellcheck disable=SC2086
	{ autoreconf -fi && ./configure -q $want; } >build.log 2>&1 ||
		{ tail -40 build.log >&2; exit 1; }
	echo "$want" >.how
fi
# Separate makes: in one, "all" and tests/run_checks each archive
# libtlswalk.a at once, and ld once died linking the half-written archive.
{ make -j2 all && make -j2 tests/run_checks &&
	{ case $want in *fuzz*) make -j2 fuzz ;; esac; }; } >make.log 2>&1 ||
	{ tail -40 make.log >&2; exit 1; }
echo "$dir"
