#!/bin/sh
# html.sh — the handout (tlswalk --html FILE) as a browser sees it.
#
# For several connections (seed 1 in English and Chinese, RSA key exchange,
# a failed one, --resume, a TLS 1.3 capture): the file is mode 0600 and
# refers to nothing outside itself; headless Chromium (Debian's chromium)
# parses it, with the network unusable, and its DOM holds one section per
# step and one ladder arrow per step, in the order of the story as
# `tlswalk --json` tells it (read with jq, not from the page itself);
# screenshots at a desktop and a phone width have those widths. Then bad
# input: one sentence and the exit status the other outputs give.
# Skips (77) with a sentence when Chromium or jq is missing.
set -u
bin=${TW_BIN:-./tlswalk}
src=${TW_SRCDIR:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if ! command -v jq >/dev/null 2>&1; then
	echo "SKIP: jq is not installed (Debian package jq): the expected steps cannot be read from --json"
	exit 77
fi
chrome=""
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && chrome=$c && break
done

# --- bad input: one sentence, as --pcap and --keylog ---
expect_error() {
	want=$1 pat=$2
	shift 3
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	if [ "$st" -ne "$want" ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] \
		|| ! grep -q -- "$pat" "$tmp/err"; then
		bad "tlswalk $*: exit $st (expected $want), stderr '$(cat "$tmp/err")' (expected one line with '$pat')"
	else
		ok
	fi
}
expect_error 2 "option '--html' needs a value" -- --seed 1 --html
expect_error 2 "option '--html' was given an empty value" -- --seed 1 --html ''
expect_error 2 "--html $tmp: is a directory" -- --seed 1 --html "$tmp"
expect_error 2 "--html .*no/such/dir/h.html: .*No such file or directory" -- --seed 1 --html "$tmp/no/such/dir/h.html"
expect_error 2 "--pcap and --html name the same file" -- --seed 1 --pcap "$tmp/x" --html "$tmp/./x"
cp "$src/tests/data/captures/gcm-rsa.pcapng" "$tmp/in.pcapng"
expect_error 2 "--html .*in.pcapng is also the --read file" -- --read "$tmp/in.pcapng" --html "$tmp/in.pcapng"
cmp -s "$src/tests/data/captures/gcm-rsa.pcapng" "$tmp/in.pcapng" && ok || bad "--html over the --read file changed it"
expect_error 2 "--step .* --html writes every step" -- --seed 1 --step tls-1 --html "$tmp/s.html"
[ ! -e "$tmp/s.html" ] && ok || bad "--html wrote a file on a usage error"
# A full disk (the file size limit): exit 1, one sentence, no file left.
( trap '' XFSZ; ulimit -f 8; "$bin" --seed 1 --html "$tmp/big.html" >/dev/null 2>"$tmp/fz" ); st=$?
[ $st -eq 1 ] && grep -q -- "--html .*big.html: write failed: .*nothing written" "$tmp/fz" \
	&& [ -z "$(ls "$tmp" | grep '^big\.html')" ] && ok \
	|| bad "--html on a full disk: exit $st, stderr '$(cat "$tmp/fz")', files: $(ls "$tmp" | grep '^big' | tr '\n' ' ')"
# The page is the only output: nothing on standard output without --dump.
"$bin" --seed 1 --html "$tmp/quiet.html" >"$tmp/quiet.out" 2>&1 </dev/null
[ -s "$tmp/quiet.html" ] && [ ! -s "$tmp/quiet.out" ] && ok \
	|| bad "--html alone printed '$(head -c 200 "$tmp/quiet.out")'"
# Markup in the path is text in the page, never an element.
"$bin" --seed 1 --path '/<script>alert(1)</script>"<img/src=x>' --html "$tmp/hostile.html" >/dev/null 2>&1
if grep -qi '<script\|<img' "$tmp/hostile.html"; then
	bad "--path markup reached the page unescaped"
elif grep -q '/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&lt;img/src=x&gt;' "$tmp/hostile.html"; then
	ok
else
	bad "--path: the escaped path is not in the page"
fi

# --- the pages ---
# case NAME ARGS...: write NAME.html and NAME.json, check the file alone.
D=$src/tests/data/captures
cases=""
page() {
	name=$1
	shift
	"$bin" "$@" --html "$tmp/$name.html" >/dev/null 2>"$tmp/$name.err" </dev/null
	st=$?
	# A failed connection exits 1 and still writes its page.
	if [ $st -gt 1 ] || [ ! -s "$tmp/$name.html" ]; then
		bad "$name: tlswalk $* --html: exit $st, $(cat "$tmp/$name.err")"
		return
	fi
	cases="$cases $name"
	lang_args=$(echo "$*" | sed 's/--lang [a-z]*//')
	# shellcheck disable=SC2086
	"$bin" $lang_args --json >"$tmp/$name.json" 2>/dev/null
	# The expected sections: the story of --json, the second connection's
	# ids prefixed c2-; the arrows name the same steps, unprefixed.
	jq -r '.steps[].id, ((.resumed_connection // {steps: []}).steps[].id | "c2-" + .)' \
		"$tmp/$name.json" >"$tmp/$name.ids"
	jq -r '.steps[].id, (.resumed_connection // {steps: []}).steps[].id' \
		"$tmp/$name.json" >"$tmp/$name.arrows"
	[ -s "$tmp/$name.ids" ] || bad "$name: no steps in --json"
	mode=$(stat -c %a "$tmp/$name.html")
	[ "$mode" = 600 ] && ok || bad "$name: mode $mode, expected 600"
	# Nothing outside the file: no URL with a scheme in src, href or
	# url(), and no element that loads anything.
	if grep -Eiq "(src|href|xlink:href|action|poster|srcset)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*[a-z]+:" "$tmp/$name.html" \
		|| grep -Eiq 'url\([[:space:]]*["'"'"']?[[:space:]]*[a-z]+:' "$tmp/$name.html"; then
		bad "$name: a reference with a scheme: $(grep -Eoi "(src|href|url)[^>]{0,60}[a-z]+://[^ >]*" "$tmp/$name.html" | head -2)"
	else
		ok
	fi
	if grep -Eiq '<(script|link|img|iframe|object|embed|video|audio|source)[[:space:]>]|@import|@font-face' "$tmp/$name.html"; then
		bad "$name: an element or rule that loads something"
	else
		ok
	fi
}
page en --seed 1 --lang en
page zh --seed 1 --lang zh
page rsa --seed 1 --lang en --suite TLS_RSA_WITH_AES_128_GCM_SHA256
page expired --seed 1 --lang zh --scenario expired
page resume --seed 1 --lang en --resume
page tls13 --lang zh --read "$D/tls13-aes-128-gcm.pcapng" --keys "$D/tls13-aes-128-gcm.keys"
page trunc --seed 1 --lang zh --scenario truncation
page replay --seed 1 --lang en --scenario replay
page nokeys --lang en --read "$D/gcm-rsa.pcapng"
# Who knows what, per step: at ClientKeyExchange (RFC 5246 7.4.7) only
# public values cross the path, so the eavesdropper lacks the pre-master
# secret the two ends have just computed; at ClientHello it lacks nothing
# yet that either end has derived.
sect() {   # FILE ID: the step's section
	sed -n "/<section class=\"step\" id=\"$2\"/,/<\/section>/p" "$1"
}
sect "$tmp/en.html" tls-client-key-exchange | grep -q '<li class="lacks">✗ pre-master secret</li>' \
	&& ok || bad "en: no '✗ pre-master secret' in the eavesdropper column at ClientKeyExchange"
sect "$tmp/zh.html" tls-client-key-exchange | grep -q '<li class="lacks">✗ 预主密钥</li>' \
	&& ok || bad "zh: no '✗ 预主密钥' at ClientKeyExchange"
sect "$tmp/en.html" tls-client-hello | grep -q 'class="lacks">✗ pre-master' \
	&& bad "en: the pre-master secret is said to be missed at ClientHello, before anyone has it" || ok
# A page has no keys: its text does not send the reader to the keyboard
# (the overview used to say "Step through with the keyboard").
grep -qi 'keyboard' "$tmp/en.html" && bad "en: the page tells the reader to use the keyboard" || ok
grep -q '键盘' "$tmp/zh.html" && bad "zh: the page tells the reader to use the keyboard (键盘)" || ok
n=$(grep -c '<table class="knows">' "$tmp/en.html")
[ "$n" = "$(wc -l <"$tmp/en.ids")" ] && ok || bad "en: $n who-knows-what tables for $(wc -l <"$tmp/en.ids") steps"
# The master secret's seed is "master secret" (13 bytes) ‖ client random
# ‖ server random (RFC 5246 8.1); the key block's puts the server random
# first (6.3). The page names the parts with those offsets.
sed -n '/id="tw-secret-master_secret"/,/<\/div>/p' "$tmp/en.html" | tr -d '\n' \
	| grep -q 'label <small>\[0+13\]</small></span> ‖ <span class="part hue[0-9]*">client random <small>\[13+32\]</small></span> ‖ <span class="part hue[0-9]*">server random <small>\[45+32\]</small>' \
	&& ok || bad "en: the master secret's seed is not cut into label | client random | server random"
sed -n '/id="tw-secret-key_block"/,/<\/div>/p' "$tmp/en.html" | tr -d '\n' \
	| grep -q 'label <small>\[0+13\]</small></span> ‖ <span class="part hue[0-9]*">server random <small>\[13+32\]</small>' \
	&& ok || bad "en: the key block's seed does not start label | server random"
# The failed connection's page shows the model's own failure sentence.
banner=$(jq -r '.failure.banner_zh' "$tmp/expired.json")
[ -n "$banner" ] && [ "$banner" != null ] && grep -qF "$banner" "$tmp/expired.html" && ok \
	|| bad "expired: the failure banner '$banner' is not in the page"

# The ladder draws what the attacker did. Truncation: the server's
# close_notify (the failed step of --json) is dropped on the path, so its
# arrow has no head at the client and no receiver's cross; the row under
# it says "dropped", not "changed".
arrow() {  # FILE STEP: the <a> of that step's arrow
	grep "class=\"arrow[^\"]*\" data-step=\"$2\"" "$1"
}
st=$(jq -r '.failure.step' "$tmp/trunc.json")
a=$(arrow "$tmp/trunc.html" "$st")
[ "$st" = tls-server-close-notify ] && echo "$a" | grep -q 'class="arrow dropped"' \
	&& ! echo "$a" | grep -q 'class="head"' && ok \
	|| bad "truncation: the dropped $st is drawn reaching the client: $(echo "$a" | head -c 300)"
grep -q '⚠ 攻击者丢弃了它' "$tmp/trunc.html" && ! grep -q '攻击者篡改' "$tmp/trunc.html" && ok \
	|| bad "truncation: the attacker row does not say it dropped the record"
# Replay: the server read the request as sent (the HTTP request is
# accepted once), and refused the attacker's copy: the step's own arrow
# is not the rejected one; a copy arrow from the middle carries the cross.
st=$(jq -r '.failure.step' "$tmp/replay.json")
a=$(arrow "$tmp/replay.html" "$st")
echo "$a" | grep -q 'class="arrow c2s"' && echo "$a" | grep -q 'class="head"' && ok \
	|| bad "replay: the original $st is drawn refused: $(echo "$a" | head -c 200)"
sed -n "/data-step=\"$st\"/,/<\/g>/p" "$tmp/replay.html" | tr -d '\n' \
	| grep -q '⚠ attacker sends it again</text><g class="copy"><title>[^<]*</title><line [^>]*class="msg"/><polygon [^>]*class="head"/><text [^>]*class="x">✗</text>' \
	&& ok || bad "replay: no refused copy arrow under $st"
# A phone shows the bytes 8 a row: each full 16-byte row of the dump
# holds its second half in a span of its own (the CSS puts it under the
# first); ClientKeyExchange's length comes from --json.
len=$(jq -r '.steps[] | select(.id == "tls-client-key-exchange") | .length' "$tmp/en.json")
n=$(sect "$tmp/en.html" tls-client-key-exchange | sed -n '/<pre class="hex">/,/<\/pre>/p' | grep -o 'class="h2"' | wc -l)
[ "$n" -eq $((len / 16)) ] && grep -q '@media (max-width:520px){[^}]*}*[^@]*\.h2{display:block' "$tmp/en.html" && ok \
	|| bad "en: $n half rows in the $len-byte dump of ClientKeyExchange, expected $((len / 16))"
# Print: a who-knows-what table stays on one page with its heading and
# notes; seed parts keep their colours when printed, and client and
# server parts differ in grayscale too (underline styles).
n=$(grep -c '<div class="wkw">' "$tmp/en.html")
[ "$n" = "$(grep -c '<table class="knows">' "$tmp/en.html")" ] && [ "$n" -gt 0 ] \
	&& grep -q '@media print{[^@]*\.wkw[,{][^}]*break-inside:avoid' "$tmp/en.html" && ok \
	|| bad "en: who-knows-what tables not kept whole in print"
grep -q 'print-color-adjust:exact' "$tmp/en.html" \
	&& grep -q '\.hue2[^{]*{border-bottom:2px solid' "$tmp/en.html" \
	&& grep -q '\.hue3[^{]*{border-bottom:2px dashed' "$tmp/en.html" && ok \
	|| bad "en: seed parts are told apart by colour alone"
# Chinese page: the endpoints in Chinese too.
grep -q '<dd><code>客户端 192\.0\.2\.10:[0-9]*  &lt;-&gt;  服务器 192\.0\.2\.80:443</code>' "$tmp/zh.html" && ok \
	|| bad "zh: the endpoints are not in Chinese"
# The summary never says "0 of 0" records: the expired connection sent
# none; the capture without keys sent some and none could be opened.
grep -q '<td>加密记录：一条也没有发送</td><td><span class="v miss">不适用</span>' "$tmp/expired.html" && ok \
	|| bad "expired: the summary does not say no encrypted record was sent"
[ "$(jq '[.steps[] | select(.stage == "http")] | length' "$tmp/nokeys.json")" -gt 0 ] \
	&& grep -q '<td>encrypted records: none opened</td><td><span class="v miss">? not computed</span>' "$tmp/nokeys.html" && ok \
	|| bad "nokeys: the summary does not say the records could not be opened"

if [ -z "$chrome" ]; then
	echo "html.sh: $pass passed, $fail failed before the browser checks"
	[ $fail -eq 0 ] || exit 1
	echo "SKIP: Chromium is not installed (Debian package chromium): the handout was not opened in a browser"
	exit 77
fi

# Chromium with no usable network: every host name fails to resolve and
# any request would go to a closed proxy port; the page's own
# Content-Security-Policy forbids fetching anyway.
browse() {
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/profile" --no-first-run \
		--host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 \
		"$@" 2>>"$tmp/chrome.err"
}

for name in $cases; do
	browse --dump-dom "file://$tmp/$name.html" >"$tmp/$name.dom"
	if ! grep -q 'id="tw-title"' "$tmp/$name.dom"; then
		bad "$name: Chromium gave no DOM of the page ($(tail -2 "$tmp/chrome.err"))"
		continue
	fi
	# One section per step, in the story's order.
	grep -o '<section class="step" id="[^"]*"' "$tmp/$name.dom" \
		| sed 's/.*id="//; s/"$//' >"$tmp/$name.sections"
	if cmp -s "$tmp/$name.ids" "$tmp/$name.sections"; then
		ok
	else
		bad "$name: step sections differ from --json's steps: $(diff "$tmp/$name.ids" "$tmp/$name.sections" | head -5 | tr '\n' ' ')"
	fi
	# The ladder: inside the <svg> elements, one arrow per step, in order,
	# each linking to its step's section.
	sed -n '/<svg/,/<\/svg>/p' "$tmp/$name.dom" >"$tmp/$name.svg"
	grep -o 'class="arrow[^"]*" data-step="[^"]*"' "$tmp/$name.svg" \
		| sed 's/.*data-step="//; s/"$//' >"$tmp/$name.darrows"
	if cmp -s "$tmp/$name.arrows" "$tmp/$name.darrows"; then
		ok
	else
		bad "$name: ladder arrows ($(wc -l <"$tmp/$name.darrows")) differ from the steps ($(wc -l <"$tmp/$name.arrows"))"
	fi
	grep -o '<a href="#[^"]*" class="arrow' "$tmp/$name.svg" \
		| sed 's/<a href="#//; s/" class="arrow//' >"$tmp/$name.hrefs"
	cmp -s "$tmp/$name.ids" "$tmp/$name.hrefs" && ok \
		|| bad "$name: the arrows do not link to the step sections in order"
	# What Chromium built refers to nothing outside either.
	if grep -Eiq "(src|href)=\"[a-z]+:|url\([\"']?[a-z]+:" "$tmp/$name.dom" \
		|| grep -Eiq '<(script|link|img|iframe|object|embed)[[:space:]>]' "$tmp/$name.dom"; then
		bad "$name: the DOM refers to an outside resource"
	else
		ok
	fi
done

# Screenshots at a desktop and a phone width: PNGs of those widths (the
# IHDR width, bytes 16-19, big-endian).
png_width() {
	od -An -tu1 -j16 -N4 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }'
}
for name in en zh; do
	for w in 1280 390; do
		png=$tmp/$name-$w.png
		browse --screenshot="$png" --window-size=$w,2000 "file://$tmp/$name.html" >/dev/null
		if [ ! -s "$png" ]; then
			bad "$name: no screenshot at width $w"
		elif [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
			bad "$name: the screenshot at width $w is not a PNG"
		elif [ "$(png_width "$png")" -ne $w ]; then
			bad "$name: screenshot width $(png_width "$png"), expected $w"
		else
			ok
		fi
	done
done
if [ -n "${TW_HTML_KEEP:-}" ]; then
	# For a look by eye: TW_HTML_KEEP=DIR keeps the pages and screenshots.
	mkdir -p "$TW_HTML_KEEP" && cp "$tmp"/*.html "$tmp"/*.png "$TW_HTML_KEEP"/
fi

echo "html.sh: $pass passed, $fail failed"
[ $fail -eq 0 ]
