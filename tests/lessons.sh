#!/bin/sh
# lessons.sh — the lessons as a teacher meets them on the command line:
# --lang picks the language of every explanation, a copied and edited
# directory passed with --lessons changes what is shown, and a broken one
# stops the program with the file and line at fault. Run by `make check`
# (TW_BIN, TW_SRCDIR set).
set -u
bin=${TW_BIN:-./tlswalk}
src=${TW_SRCDIR:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Each language's dump has its own titles and no raw placeholder.
"$bin" --dump --seed 1 --lang en >"$tmp/en" 2>"$tmp/err" || bad "--lang en: $(cat "$tmp/err")"
"$bin" --dump --seed 1 --lang zh >"$tmp/zh" 2>"$tmp/err" || bad "--lang zh: $(cat "$tmp/err")"
grep -q 'ClientHello — the client says what it can do' "$tmp/en" && ok || bad "en dump lacks the English ClientHello title"
grep -q 'ClientHello — 客户端说明自己的能力' "$tmp/zh" && ok || bad "zh dump lacks the Chinese ClientHello title"
grep -q '客户端随机数' "$tmp/en" && bad "en dump shows Chinese text" || ok
grep -q 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' "$tmp/zh" && ok || bad "zh dump lacks the live suite name"
grep -q '{[a-z_]*}' "$tmp/en" "$tmp/zh" && bad "a dump shows a raw {placeholder}" || ok
grep -q '(not available)\|（暂无）' "$tmp/en" "$tmp/zh" && bad "a completed connection shows a 'not available' marker" || ok

# The locale decides when --lang is absent.
LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$bin" --dump --seed 1 >"$tmp/loc" 2>/dev/null
cmp -s "$tmp/loc" "$tmp/zh" && ok || bad "LANG=zh_CN.UTF-8 does not give the Chinese dump"
LC_ALL=C "$bin" --dump --seed 1 >"$tmp/loc" 2>/dev/null
cmp -s "$tmp/loc" "$tmp/en" && ok || bad "LC_ALL=C does not give the English dump"

# The shipped directory read from disk gives the same dump as the built-in set.
"$bin" --dump --seed 1 --lang zh --lessons "$src/lessons" >"$tmp/disk" 2>/dev/null
cmp -s "$tmp/disk" "$tmp/zh" && ok || bad "--lessons $src/lessons differs from the built-in set (stale build?)"

# A copied, edited directory changes what is shown.
cp -r "$src/lessons" "$tmp/mine"
sed 's/^title: ② ServerHello .*/title: ② ServerHello — our class calls this the answer/' \
	"$src/lessons/en/steps.txt" >"$tmp/mine/en/steps.txt"
"$bin" --dump --seed 1 --lang en --lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"
grep -q 'our class calls this the answer' "$tmp/out" && ok || bad "an edited --lessons copy is not shown ($(cat "$tmp/err"))"

# The copy's term list names things in the secrets and headings too, and a
# broken one stops the program with its file and line.
sed '/^\[term.client_random\]/{n;s/^title: .*/title: 本班的客户端随机数/}' "$src/lessons/zh/terms.txt" >"$tmp/mine/zh/terms.txt"
"$bin" --dump --seed 1 --lang zh --lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"
grep -q '^    本班的客户端随机数 — 32 字节，明文发送$' "$tmp/out" && ok \
	|| bad "an edited terms.txt does not name the client random ($(cat "$tmp/err"))"
printf '[term.client_random]\nwhat: x\n' >"$tmp/mine/zh/terms.txt"
"$bin" --dump --seed 1 --lang zh --lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "$tmp/mine/zh/terms.txt:2: unknown key 'what'" "$tmp/err" && ok \
	|| bad "a broken terms.txt: '$(cat "$tmp/err")'"
cp "$src/lessons/zh/terms.txt" "$tmp/mine/zh/terms.txt"

# A new language directory is picked with --lang.
mkdir "$tmp/mine/ja"
printf '[overview]\ntitle: HTTPS の通信 ({suite_name})\n- 概要\n' >"$tmp/mine/ja/overview.txt"
"$bin" --dump --seed 1 --lang ja --lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"
grep -q 'HTTPS の通信 (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)' "$tmp/out" && ok || bad "--lang ja from --lessons is not used ($(cat "$tmp/err"))"

# A broken file stops the program: exit 2, one sentence naming file:line.
printf '\n[tls-server-hello]\ntitle: the suite {suite_nmae}\n' >>"$tmp/mine/ja/overview.txt"
"$bin" --dump --seed 1 --lang ja --lessons "$tmp/mine" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" -ne 2 ]; then
	bad "a broken lesson file: exit $st, expected 2"
elif ! grep -q "$tmp/mine/ja/overview.txt:6: unknown placeholder {suite_nmae}" "$tmp/err"; then
	bad "a broken lesson file: stderr '$(cat "$tmp/err")' does not name file:line"
elif [ -s "$tmp/out" ]; then
	bad "a broken lesson file: something was printed on stdout"
else
	ok
fi
"$bin" --dump --seed 1 --lang xx >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "'xx'" "$tmp/err" && ok || bad "--lang xx: '$(cat "$tmp/err")'"

echo "lessons.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
