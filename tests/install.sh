#!/bin/sh
# install.sh — what a packager gets: `make install DESTDIR=...` installs the
# program, the lessons (as text to copy and edit) and the manual page; the
# installed tlswalk names where its lessons are and walks with them exactly
# as with the built-in set; --export-lessons writes the same files and never
# overwrites a teacher's; the manual renders with `man -l` without a warning
# and lists every option of --help and every key of the key table; so does
# the Chinese one (zh_CN), section for section.
# Skips (77) where man is not installed.
set -u
bin=${TW_BIN:-./tlswalk}
src=$(cd "${TW_SRCDIR:-.}" && pwd)
top=$(cd "$(dirname "$bin")" && pwd)
command -v man >/dev/null 2>&1 || { echo "man not installed: SKIP"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

root=$tmp/root
if ! ${MAKE:-make} -C "$top" install DESTDIR="$root" >"$tmp/install.log" 2>&1; then
	tail -20 "$tmp/install.log"
	echo "install: 0 passed, 1 failed (make install failed)"
	exit 1
fi
ibin=$root${TW_BINDIR:?}/tlswalk
lessons=$root${TW_PKGDATADIR:?}/lessons
man1=$root${TW_MAN1DIR:?}/tlswalk.1
[ -x "$ibin" ] && "$ibin" --version >/dev/null && ok || bad "no working $ibin"
for f in "$src"/lessons/en/*.txt "$src"/lessons/zh/*.txt "$src"/lessons/README.md; do
	rel=${f#"$src"/lessons/}
	cmp -s "$f" "$lessons/$rel" && ok || bad "lessons/$rel not installed as $lessons/$rel"
done
# The installed program names the installed lessons, and they are its own.
"$ibin" --help | grep -q -- "$TW_PKGDATADIR/lessons" && ok \
	|| bad "--help does not name $TW_PKGDATADIR/lessons"
for lang in en zh; do
	"$ibin" --seed 1 --dump --lang $lang >"$tmp/builtin" 2>/dev/null
	"$ibin" --seed 1 --dump --lang $lang --lessons "$lessons" >"$tmp/installed" 2>"$tmp/err"; st=$?
	[ $st -eq 0 ] && [ ! -s "$tmp/err" ] && cmp -s "$tmp/builtin" "$tmp/installed" && ok \
		|| bad "--lessons $lessons --lang $lang: exit $st, $(cat "$tmp/err"), or a dump unlike the built-in one"
done
# --export-lessons: the built-in files, never over a teacher's.
"$ibin" --export-lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"; st=$?
nl=$(ls "$src"/lessons/*/*.txt | wc -l)
[ $st -eq 0 ] && grep -q "wrote $nl lesson files" "$tmp/out" && ok || bad "--export-lessons: exit $st, $(cat "$tmp/out" "$tmp/err")"
for f in "$src"/lessons/en/*.txt "$src"/lessons/zh/*.txt; do
	rel=${f#"$src"/lessons/}
	cmp -s "$f" "$tmp/mine/$rel" && ok || bad "--export-lessons: $rel differs from lessons/$rel"
done
echo "# edited" >>"$tmp/mine/en/steps.txt"
"$ibin" --export-lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st -eq 2 ] && grep -q "exists already; not overwritten" "$tmp/err" && tail -1 "$tmp/mine/en/steps.txt" | grep -q '# edited' \
	&& ok || bad "--export-lessons over an edited copy: exit $st, $(cat "$tmp/err")"
"$ibin" --seed 1 --dump --lessons "$tmp/mine" >/dev/null 2>&1 && ok || bad "--lessons on the exported copy fails"
# The manual page: renders without a warning, in step with --help and the keys.
[ -f "$man1" ] && ok || bad "no manual page at $man1"
LC_ALL=C MANPAGER=cat MANWIDTH=80 man --warnings -l "$man1" >"$tmp/man.txt" 2>"$tmp/man.err"; st=$?
[ $st -eq 0 ] && [ ! -s "$tmp/man.err" ] && ok || bad "man -l $man1: exit $st, $(head -5 "$tmp/man.err")"
for sect in NAME SYNOPSIS OPTIONS KEYS 'EXIT STATUS' FILES EXAMPLES; do
	grep -q "^$sect" "$tmp/man.txt" && ok || bad "manual: no $sect section"
done
grep -q "$TW_PKGDATADIR/lessons" "$tmp/man.txt" && ok || bad "manual: FILES does not name $TW_PKGDATADIR/lessons"
for o in $("$ibin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$o" "$tmp/man.txt" && ok || bad "manual: option $o of --help is missing"
done
sed -n 's/^[[:space:]]*K([^,]*, "[^"]*", "\([^"]*\)", [A-Z_]*).*/\1/p' "$src/src/ui_logic.h" >"$tmp/keys"
[ "$(wc -l <"$tmp/keys")" -ge 20 ] && ok || bad "could not read the key table of src/ui_logic.h"
sed -n '/^KEYS/,/^EXIT STATUS/p' "$tmp/man.txt" >"$tmp/man.keys"
while IFS= read -r k; do
	grep -q -F -- "$k" "$tmp/man.keys" && ok || bad "manual: key '$k' of the key table is missing from KEYS"
done <"$tmp/keys"
# The Chinese manual: installed, renders without a warning, and has what
# the English one has (its sections, every option, every key).
zman=$root${TW_ZHMAN1DIR:?}/tlswalk.1
[ -f "$zman" ] && ok || bad "no Chinese manual page at $zman"
LC_ALL=C.UTF-8 MANPAGER=cat MANWIDTH=80 man --warnings -l "$zman" >"$tmp/zman.txt" 2>"$tmp/zman.err"; st=$?
[ $st -eq 0 ] && [ ! -s "$tmp/zman.err" ] && ok || bad "man -l $zman: exit $st, $(head -3 "$tmp/zman.err")"
[ "$(grep -c '^\.SH' "$zman")" -eq "$(grep -c '^\.SH' "$man1")" ] && ok \
	|| bad "the Chinese manual has $(grep -c '^\.SH' "$zman") sections, the English one $(grep -c '^\.SH' "$man1")"
for o in $("$ibin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$o" "$tmp/zman.txt" && ok || bad "Chinese manual: option $o of --help is missing"
done
while IFS= read -r k; do
	grep -q -F -- "$k" "$tmp/zman.txt" && ok || bad "Chinese manual: key '$k' of the key table is missing"
done <"$tmp/keys"
grep -q "$TW_PKGDATADIR/lessons" "$tmp/zman.txt" && ok || bad "Chinese manual: no $TW_PKGDATADIR/lessons"

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
