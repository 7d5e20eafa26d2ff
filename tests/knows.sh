#!/bin/sh
# tests/knows.sh — the who-knows-what view (w) under tmux, at 80x24, 100x30 and
# 160x48, in English and Chinese: the three column headers, the pre-master
# secret the eavesdropper lacks at ⑥, the arrows still stepping while it
# is open, w and Esc closing it; and --knows as text. Exit 77 (skip)
# without tmux.
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "${TW_SRCDIR:-.}/tests/screen/lib.sh"
[ -x "$BIN" ] || { echo "no $BIN"; exit 1; }

# wait_gone PATTERN: poll until the screen no longer shows PATTERN (5 s).
wait_gone() {
	_i=0
	while [ $_i -lt 100 ]; do
		tw_capture | grep -q "$1" || return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

for size in 80x24 100x30 160x48; do
	for lang in en zh; do
		if [ $lang = en ]; then
			heads='Client .*│ Server .*│ Eavesdropper' lack='✗ pre-master secret'
			title='Who knows what · after ⑥ ClientKeyExchange' next='after ⑦ ChangeCipherSpec'
		else
			heads='客户端 .*│ 服务器 .*│ 窃听者' lack='✗ 预主密钥'
			title='谁知道什么 · ⑥ ClientKeyExchange 之后' next='⑦ ChangeCipherSpec 之后'
		fi
		what="$size $lang"
		tw_start "$size" C.UTF-8 "" --lang $lang --step tls-6
		tw_keys w
		tw_wait_screen "$title" || fail "$what: w did not open the view: $(tw_capture | head -2)"
		tw_capture | grep -q "$heads" || fail "$what: not the three column headers"
		# The pre-master secret is in the eavesdropper's column (the third).
		tw_capture | grep "$lack" | grep -q '│.*│.*✗' ||
			fail "$what: no '$lack' in the eavesdropper's column"
		# Both sides learned it here: marked '+' in the first two columns.
		tw_capture | grep -q '^│ + .*│ + ' || fail "$what: nothing marked + in both sides' columns"
		[ "$(tw_capture | LC_ALL=C.UTF-8 wc -L)" -le "${size%x*}" ] || fail "$what: a line wider than the terminal"
		tw_keys Right
		tw_wait_screen "$next" || fail "$what: Right did not step in the view: $(tw_capture | head -1)"
		tw_keys Left
		tw_wait_screen "$title" || fail "$what: Left did not step back in the view"
		tw_keys w
		wait_gone "$title" || fail "$what: w did not close the view"
		tw_keys w
		tw_wait_screen "$title" || fail "$what: w did not open the view again"
		tw_keys Escape
		wait_gone "$title" || fail "$what: Esc did not close the view"
		tw_keys q
		[ "$(tw_wait_exit)" = 0 ] || fail "$what: exit status"
	done
done

# P in the view: the presenter screen shows (P used to switch presenter
# mode on or off under the view, unseen).
tw_start 100x30 C.UTF-8 "" --step tls-6
tw_keys w
tw_wait_screen "Who knows what · after ⑥" || fail "P: the view did not open"
tw_keys P
tw_wait_screen "Enter details · P the panes" || fail "P in the view: no presenter screen: $(tw_capture | head -2)"
tw_capture | grep -q "Who knows what" && fail "P in the view: the view is still drawn"
tw_keys q
tw_wait_exit >/dev/null

# 72x20 in Chinese after ⑥: the columns fill the view; the summary is
# below them, with a scroll mark, and PgDn brings it into sight.
tw_start 72x20 C.UTF-8 "" --lang zh --step tls-6
tw_keys w
tw_wait_screen "谁知道什么 · ⑥" || fail "72x20: the view did not open"
tw_capture | sed -n 18p | grep -q '▼$' || fail "72x20: no ▼ though the summary is below: $(tw_capture | sed -n 18p)"
tw_keys PgDn
tw_wait_screen "目前为止，通过明文共享了" || fail "72x20: PgDn did not bring the summary: $(tw_capture)"
tw_capture | grep -q "窃听者却不知道的：预主密钥" || fail "72x20: the summary's shared secrets not shown"
[ "$(tw_capture | LC_ALL=C.UTF-8 wc -L)" -le 72 ] || fail "72x20: a line wider than the terminal"
tw_keys q
tw_wait_exit >/dev/null

# 80x24: the narrow columns say how each value was learned in one word
# (own, clear, held, calc, RSA-dec, dec); every word they use is
# explained under them, in both languages (a learner met "held" and
# "calc" with no word on what they mean). RSA key exchange too, for
# "RSA-dec".
for args in "--step tls-6" "--step tls-6 --lang zh" "--step tls-6 --suite TLS_RSA_WITH_AES_128_GCM_SHA256"; do
	tw_start 80x24 C.UTF-8 "" $args
	tw_keys w
	tw_wait_screen "│ .*│ .*│" || fail "$args: the view did not open"
	screen=$(tw_capture)
	words=$(printf '%s\n' "$screen" | LC_ALL=C.UTF-8 grep -o '\(own\|clear\|held\|calc\|RSA-dec\|dec\|自产\|明文\|原有\|计算\|私钥解\|解密\)[①②③④⑤⑥⑦⑧⑨⑩]* *│' |
		LC_ALL=C.UTF-8 sed 's/[①②③④⑤⑥⑦⑧⑨⑩ │]*$//' | sort -u)
	[ -n "$words" ] || fail "$args: no one-word 'how' in the columns: $screen"
	for word in $words; do
		printf '%s\n' "$screen" | grep -q "[│·] $word[:：]" ||
			fail "$args: '$word' is not explained on screen: $screen"
	done
	tw_keys q
	tw_wait_exit >/dev/null
done

# ASCII: the marks still read without colour or symbols.
tw_start 80x24 C.UTF-8 "" --ascii --step tls-6
tw_keys w
tw_wait_screen "X pre-master secret" || fail "--ascii: no 'X pre-master secret': $(tw_capture | head -12)"
tw_capture | grep -q '^| + ' || fail "--ascii: no '+' marks"
tw_keys q
[ "$(tw_wait_exit)" = 0 ] || fail "--ascii: exit status"

# --knows as text: at ⑥ the eavesdropper lacks the pre-master secret.
out=$("$BIN" --seed 1 --knows --step tls-6) || fail "--knows: exit status"
printf '%s\n' "$out" | grep -q '^  Eavesdropper: .*Client Params' || fail "--knows: the eavesdropper has no Client Params"
printf '%s\n' "$out" | grep -q 'lacks: .*✗ pre-master secret' || fail "--knows: no lacking pre-master secret"
"$BIN" --seed 1 --knows --json >/dev/null 2>&1
[ $? = 2 ] || fail "--knows --json: not refused with status 2"

[ "$failures" = 0 ] || exit 1
echo "knows: all passed"
