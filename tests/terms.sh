#!/bin/sh
# terms.sh — one word for one thing in Chinese. lessons/zh/terms.txt names
# each thing once and lists, in "- avoid:" bullets, the words not to use for
# it; none of those may appear in the Chinese lessons or in the program's
# Chinese strings (src/*.c, *.h). A term followed by its synonym in
# parentheses, as the glossary explains it ("摘要（哈希）"), is allowed.
# Then the Chinese dumps (seed 1, and a few other runs): every line outside the bytes and the dissector's
# field tree holds no English word but the protocol and Wireshark field
# names the term list allows ([term.english]), the names tshark gives the
# same protocols' fields, and identifiers (close_notify, TLS_ECDHE_…).
# Run by `make check` (TW_BIN, TW_SRCDIR set).
set -u
bin=${TW_BIN:-./tlswalk}
src=${TW_SRCDIR:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

terms=$src/lessons/zh/terms.txt
[ -f "$terms" ] || { echo "FAIL: no $terms"; exit 1; }

# term|avoided word, one a line
awk '/^\[term\./ { id = $0; next }
     /^title: / { t = substr($0, 8); next }
     /^- avoid: / { n = split(substr($0, 10), w, /, */); for (i = 1; i <= n; i++) print t "|" w[i] }' \
	"$terms" >"$tmp/avoid"
[ -s "$tmp/avoid" ] || bad "no '- avoid:' bullet in $terms"

# The text to search: the Chinese lessons but the term list, and the sources
# (the Chinese in them is all in Chinese strings), the generated file aside.
for f in "$src"/lessons/zh/*.txt; do
	[ "$(basename "$f")" = terms.txt ] || grep -n '' "$f" | sed "s|^|$f:|"
done >"$tmp/text"
for f in "$src"/src/*.c "$src"/src/*.h; do
	case $f in */lessons_builtin.c) continue ;; esac
	grep -n '' "$f" | sed "s|^|$f:|"
done >>"$tmp/text"

while IFS='|' read -r term word; do
	# "term（synonym）" is the glossary's explanation, not a second name
	sed "s/$term（[^）]*）//g" "$tmp/text" | grep -F -- "$word" >"$tmp/hits"
	if [ -s "$tmp/hits" ]; then
		bad "\"$word\" is used for \"$term\" ($(wc -l <"$tmp/hits") lines), e.g.:"
		head -n 3 "$tmp/hits" | cut -c1-160 | sed 's/^/    /'
	fi
done <"$tmp/avoid"

# ---- English left in the Chinese dump ----
sed -n 's/^- allow: //p' "$terms" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . >"$tmp/allow"
if command -v tshark >/dev/null 2>&1; then
	# the display names of the fields of the protocols tlswalk walks
	tshark -G fields 2>/dev/null | awk -F'\t' '$5 ~ /^(ip|tcp|tls|http|x509af|x509ce|x509if|x509sat|pkcs1)$/ { print $2 }' \
		| tr -c 'A-Za-z0-9_\n' '\n' | grep '^[A-Z]' | sort -u >>"$tmp/allow"
else
	echo "note: no tshark; only the term list's allow line is used"
fi
sort -u "$tmp/allow" -o "$tmp/allow"

# The default walk, and the runs whose text differs most: RSA key exchange,
# ECDSA with ChaCha20, mutual TLS, a resumed session, a rejected chain.
for args in "" "--suite TLS_RSA_WITH_AES_128_GCM_SHA256" "--suite ECDHE-ECDSA-CHACHA20-POLY1305" \
	"--client-cert" "--resume" "--scenario expired"; do
	# shellcheck disable=SC2086
	"$bin" --seed 1 --lang zh --dump $args >>"$tmp/zh" 2>"$tmp/err"
	st=$?
	case "$args:$st" in
	"--scenario expired:1"|*:0) ;;
	*) bad "--seed 1 --lang zh --dump $args: exit $st: $(cat "$tmp/err")" ;;
	esac
done
# Keep the lines a learner reads as sentences and headings: drop the hex
# rows and the field tree (the dissector's labels and values, which follow
# Wireshark's English; counted below), keep the lessons under the fields.
awk '/^  fields:$|^  字段：$/ { tree = 1; next }
     /^  (此时已知：|Known now:)$/ || /^(----|====|####)/ { tree = 0 }
     /^ +\| / { next }                      # decrypted HTTP, as sent
     /^ +[0-9a-f][0-9a-f][0-9a-f][0-9a-f]  [0-9a-f][0-9a-f] / { next }
     tree && /^ +> / { print FNR ": " $0; next }
     tree { trees++; next }
     { print FNR ": " $0 }
     END { print trees > "/dev/stderr" }' "$tmp/zh" >"$tmp/lines" 2>"$tmp/ntree"
# English words: runs of letters outside identifiers, hex, quoted PRF labels
# and URLs; each must be allowed.
# BearSSL's own description of its error code (in parentheses after the
# name) is the library's text, quoted as it is.
sed -e 's/"[^"]*"//g' -e 's/“[^”]*”//g' -e 's/https*:[^ ]*//g' -e 's/\[[a-z0-9.-]*\]//g' \
	-e 's/BR_ERR_[A-Z0-9_]*（[^）]*）//g' -e 's/BR_ERR_[A-Z0-9_]*：[^）]*）//g' \
	-e 's/--[a-z][a-z0-9-]*//g' -e 's/[A-Za-z0-9-]*\.[a-z][A-Za-z0-9.-]*//g' "$tmp/lines" \
	| tr -c 'A-Za-z0-9_.#:\n-' ' ' >"$tmp/words"
# Known English left in Chinese mode, reported and not failed: "close" of
# the HTTP header "Connection: close" quoted in the lessons. (The step
# labels and names "close 1", "HTTP request" are 关闭 1, HTTP 请求 now.)
# Remove a word here once it is gone; a word not here fails.
left="close"
awk -v allow="$tmp/allow" -v left="$left" -v knownf="$tmp/known" 'BEGIN { while ((getline w < allow) > 0) ok[w] = 1
	  n = split(left, lw, " "); for (i = 1; i <= n; i++) left_[lw[i]] = 1 }
	{ line = $1; bad = ""
	  for (i = 2; i <= NF; i++) {
		w = $i; sub(/[.:-]+$/, "", w); sub(/^[.:-]+/, "", w)
		if (w !~ /[A-Za-z][A-Za-z]/) continue            # numbers, hex-ish, single letters
		if (w ~ /_/ || w ~ /^[0-9A-Fa-f]+$/ || w ~ /^0x/) continue   # identifiers, hex
		if (w ~ /^[a-z0-9]+(-[a-z0-9]+)+(:[0-9]+)?$/) continue       # step ids, tls-client-hello:2
		if (w ~ /[0-9]/ && w ~ /^[A-Za-z0-9.#-]+$/ && w !~ /^[A-Za-z]+$/) continue  # SHA-256, AES-128, P(1)
		if (ok[w]) continue
		if (w in left_) { known[w]++; continue }
		n = split(w, part, /-/); all = 1
		for (k = 1; k <= n; k++) if (!ok[part[k]] && part[k] !~ /^[0-9]*$/) all = 0
		if (all) continue
		bad = bad " " w
	  }
	  if (bad != "") print line ":" bad }
	END { for (w in known) print w " (" known[w] ")" > knownf }' "$tmp/words" >"$tmp/english"
if [ -s "$tmp/english" ]; then
	bad "$(wc -l <"$tmp/english") lines of the Chinese dump hold English outside the allowed names:"
	awk -F: '{ for (i = 2; i <= NF; i++) print $i }' "$tmp/english" | tr ' ' '\n' | grep . \
		| sort | uniq -c | sort -rn | head -n 40 | sed 's/^/    /'
	head -n 30 "$tmp/english" | sed 's/^/    line /'
fi
[ -s "$tmp/known" ] && echo "terms.sh: known English left in the Chinese dump (step labels and names): $(sort "$tmp/known" | tr '\n' ' ')"
echo "terms.sh: field tree lines (labels in Wireshark's English): $(cat "$tmp/ntree")"

# ---- English glosses left in the Chinese field tree ----
# The labels stay in Wireshark's English; a value's explanation in words
# ("0x26d7 (correct: pseudo-header + segment sum to 0xffff)") has a Chinese
# version. Count the values that still hold three English words in a row,
# outside quoted text, X.509 names, BearSSL's own error text and HTTP as sent.
# Left today: the TCP option name in "Kind: 2 (Maximum segment size)", which
# is Wireshark's name for the option (14 lines in these runs).
glossmax=16
awk '/^  fields:$|^  字段：$/ { tree = 1; next }
     tree && !/^    / { tree = 0 }
     !tree || /^ +> / || /^ +\| / { next }
     { v = $0; sub(/  \[[0-9]+\+[0-9]+\]$/, "", v)
       if (v ~ /\((C|ST|L|O|OU|CN)\): /) next               # an X.509 name attribute
       if (!sub(/^[^:]*: /, "", v)) next                     # the label, up to its colon
       if (v ~ /<[a-zA-Z!\/]|\\n/) next                       # HTTP as sent
       gsub(/"[^"]*"/, "", v); gsub(/“[^”]*”/, "", v)
       gsub(/(C|ST|L|O|OU|CN)=[^,]*/, "", v)
       gsub(/BR_ERR_[A-Z0-9_]* *[(（][^)）]*[)）]/, "", v)
       if (v ~ /[A-Za-z][a-z]*[ ,]+[a-z]+[ ,]+[a-z]+/) print FNR ": " $0 }' "$tmp/zh" >"$tmp/gloss"
ngloss=$(wc -l <"$tmp/gloss")
echo "terms.sh: Chinese field tree values with an English gloss: $ngloss (at most $glossmax)"
if [ "$ngloss" -gt "$glossmax" ]; then
	bad "$ngloss field tree values in the Chinese dump still explain in English (more than $glossmax):"
	sed 's/^[0-9]*: *//; s/[0-9]\{1,\}/N/g' "$tmp/gloss" | sort | uniq -c | sort -rn | head -n 20 | sed 's/^/    /'
fi
# The glosses of the key-exchange points, the window scale and the RSA key
# were English in Chinese mode until they got their Chinese versions; the
# x25519 run is the one with the 32-byte public value.
"$bin" --seed 1 --lang zh --dump --group x25519 >"$tmp/zh25519" 2>/dev/null ||
	bad "--seed 1 --lang zh --dump --group x25519 failed"
grep -n 'uncompressed point\|X and Y follow\|public value, \|(multiply by\|-bit modulus' \
	"$tmp/zh" "$tmp/zh25519" >"$tmp/ecgloss"
if [ -s "$tmp/ecgloss" ]; then
	bad "the Chinese field tree explains a key or option in English:"
	sed 's/^/    /' "$tmp/ecgloss" | head -n 5
fi
echo "terms.sh: $fail failed"
[ "$fail" -eq 0 ]
