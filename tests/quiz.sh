#!/bin/sh
# tests/quiz.sh — tlswalk --quiz answered by a script, in English and
# Chinese. The right letters come from outside the quiz: the bytes and the
# steps from tlswalk --json read with jq (the sender of a step is its
# direction; the suite from the ServerHello's bytes; the group from the
# ServerKeyExchange's bytes and RFC 8422's code points; the key bytes from
# the key block) and fixed facts of RFC 5246 (the master-secret seed puts
# the client random first, the key-block seed the server random; a master
# secret has 48 bytes; Finished is the first message under the new keys,
# and its verify_data covers the ClientHello). All right gives Score M/M,
# all wrong 0/M; a line that is not a-d is refused with a sentence; end of
# input stops with the score so far. Then, under tmux (skipped without
# it), the key t opens the quiz at 80x24 in Chinese and an answer shows
# the explanation; --quiz on a terminal opens the walkthrough in the quiz.
BIN=${TW_BIN:-./tlswalk}
[ -x "$BIN" ] || { echo "no $BIN"; exit 1; }
command -v jq >/dev/null 2>&1 || { echo "jq not found: skipped"; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/tw-quiz.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
export LC_ALL=C.UTF-8

# circled N -> N
uncircle() {
	case $1 in
	①) echo 1 ;; ②) echo 2 ;; ③) echo 3 ;; ④) echo 4 ;; ⑤) echo 5 ;; ⑥) echo 6 ;;
	⑦) echo 7 ;; ⑧) echo 8 ;; ⑨) echo 9 ;; ⑩) echo 10 ;; ⑪) echo 11 ;; ⑫) echo 12 ;;
	⑬) echo 13 ;; *) echo 0 ;;
	esac
}
circle() {
	set -- $1 ① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ⑩ ⑪ ⑫ ⑬
	shift "$1"
	echo "$1"
}

# The questions of a transcript, one a line: question TAB a TAB b TAB c TAB d.
questions() {
	awk '
	/^[0-9]+\/[0-9]+\. / { sub(/^[0-9]+\/[0-9]+\. /, ""); q = $0; next }
	/^  [a-d]\) / { l = substr($0, 3, 1); c[l] = substr($0, 6)
		if (l == "d") printf "%s\t%s\t%s\t%s\t%s\n", q, c["a"], c["b"], c["c"], c["d"] }' "$1"
}

# The letter of the choice equal to (=) or containing (~) a text.
letter() {
	mode=$1 want=$2
	shift 2
	for l in a b c d; do
		if [ "$mode" = "=" ] && [ "$1" = "$want" ]; then echo $l; return; fi
		if [ "$mode" = "~" ]; then
			case $1 in *"$want"*) echo $l; return ;; esac
		fi
		shift
	done
	echo "?"
}

# hex of a handshake message in a step's bytes (record header skipped)
step_hex() {
	h=$(jq -r --arg id "$1" '.steps[] | select(.id == $id) | .bytes' "$json")
	case $h in 16*) h=${h#??????????} ;; esac
	echo "$h"
}

group_name() {
	case $1 in 0017) echo secp256r1 ;; 0018) echo secp384r1 ;; 0019) echo secp521r1 ;;
	001d) echo x25519 ;; *) echo "?" ;; esac
}

# The right letter of one question, from the JSON and the RFC.
answer() {
	q=$1
	shift
	case $q in
	"Who sends "*|*" 由谁发送？")
		lab=$(printf '%s\n' "$q" | sed 's/^Who sends //; s/ 由谁发送？$//; s/ .*//')
		n=$(uncircle "$lab")
		d=$(jq -r --argjson n "$n" '.steps[] | select(.stage == "tls" and .number == $n) | .direction' "$json")
		case $d in
		client-to-server) letter = "$( [ "$lang" = zh ] && echo 客户端 || echo 'the client')" "$@" ;;
		server-to-client) letter = "$( [ "$lang" = zh ] && echo 服务器 || echo 'the server')" "$@" ;;
		*) echo "?" ;;
		esac ;;
	*"cipher suite did the server choose"*|*"选择了哪个加密组件"*)
		sh=$(step_hex tls-server-hello)
		sidlen=$(printf '%s' "$sh" | cut -c77-78)
		at=$((79 + 2 * $(printf '%d' "0x$sidlen")))
		code=$(printf '%s' "$sh" | cut -c$at-$((at + 3)))
		name=$(jq -r '.handshake.cipher_suite_name' "$json")
		[ "$(printf '%d' "0x$code")" = "$(jq -r '.handshake.cipher_suite' "$json")" ] ||
			fail "suite: ServerHello bytes say 0x$code"
		letter = "$name" "$@" ;;
	*"named group"*|*"命名曲线"*)
		ske=$(step_hex tls-server-key-exchange)
		[ "$(printf '%s' "$ske" | cut -c9-10)" = 03 ] || fail "ServerKeyExchange: not a named curve"
		letter = "$(group_name "$(printf '%s' "$ske" | cut -c11-14)")" "$@" ;;
	*"server's ECDHE public key"*|*"服务器的 ECDHE 公钥"*)
		letter "~" ServerKeyExchange "$@" ;;      # RFC 8422 §5.4
	*"pre-master secret, encrypted"*|*"加密的预主密钥"*)
		letter "~" ClientKeyExchange "$@" ;;      # RFC 5246 §7.4.7.1
	*'"master secret", seed'*|*'"master secret", 种子'*)
		letter "~" "$( [ "$lang" = zh ] && echo 客户端随机数 || echo 'client random')" "$@" ;;  # §8.1
	*'"key expansion", seed'*|*'"key expansion", 种子'*)
		letter "~" "$( [ "$lang" = zh ] && echo 服务器随机数 || echo 'server random')" "$@" ;;  # §6.3
	*"bytes does the master secret have"*|*"主密钥有多少字节"*)
		[ "$(jq -r '.secrets.master_secret.value | length' "$json")" = 96 ] || fail "master secret: not 48 bytes"
		letter = 48 "$@" ;;
	*"bytes of the "*|*"的前 4 个字节是什么"*)
		case $q in
		*"server write MAC key"*|*"服务器写 MAC 密钥"*) k=server_write_mac_key ;;
		*"client write MAC key"*|*"客户端写 MAC 密钥"*) k=client_write_mac_key ;;
		*"server write key"*|*"服务器写密钥"*) k=server_write_key ;;
		*"client write key"*|*"客户端写密钥"*) k=client_write_key ;;
		esac
		b=$(jq -r --arg k "$k" '.secrets.key_block[$k]' "$json" | cut -c1-8 | sed 's/../& /g; s/ $//')
		letter = "$b" "$@" ;;
	*"first message of this connection sent encrypted"*|*"第一条加密发送的报文"*)
		# RFC 5246 §7.1: Finished follows the first ChangeCipherSpec
		n=$(jq -r '[.steps[] | select(.stage == "tls")] | (map(.name) | index("ChangeCipherSpec")) as $i | .[$i + 1] | .number' "$json")
		letter "~" "$(circle "$n") Finished" "$@" ;;
	*"cipher-suite list"*|*"加密组件列表"*)
		letter "~" "verify_data" "$@" ;;          # RFC 5246 §7.4.9
	*"Which check stopped it"*|*"哪一项检查让它停止"*)
		# the expired scenario: the certificate's dates
		letter "~" "$( [ "$lang" = zh ] && echo 有效期 || echo validity)" "$@" ;;
	*) echo "?" ;;
	esac
}

# run_quiz NAME LANG ARGS...: all right, all wrong, bad lines, end of input.
run_quiz() {
	name=$1 lang=$2
	shift 2
	json=$dir/$name.json
	"$BIN" --seed 1 --json "$@" > "$json" 2>/dev/null
	[ -s "$json" ] || { fail "$name: no JSON"; return; }
	# The questions, read from a run answered with a's.
	yes a | head -n 40 | "$BIN" --seed 1 --quiz --lang "$lang" "$@" > "$dir/$name.first" 2>/dev/null
	st=$?
	[ $st = 0 ] || fail "$name: --quiz exit status $st"
	questions "$dir/$name.first" > "$dir/$name.q"
	m=$(wc -l < "$dir/$name.q")
	[ "$m" -ge 3 ] || { fail "$name: only $m questions"; return; }
	: > "$dir/$name.right"
	: > "$dir/$name.wrong"
	while IFS='	' read -r q a b c d; do
		r=$(answer "$q" "$a" "$b" "$c" "$d")
		case $r in
		[abcd]) ;;
		*) fail "$name ($lang): no independent answer for: $q / $a / $b / $c / $d"; r=a ;;
		esac
		echo "$r" >> "$dir/$name.right"
		case $r in a) echo b ;; *) echo a ;; esac >> "$dir/$name.wrong"
	done < "$dir/$name.q"
	if [ "$lang" = zh ]; then score=得分： bad='“x”不是答案'; else score='Score: ' bad="'x' is not an answer"; fi
	# all right, with two bad lines first
	{ echo x; echo; cat "$dir/$name.right"; } | "$BIN" --seed 1 --quiz --lang "$lang" "$@" > "$dir/$name.out" 2>/dev/null
	st=$?
	[ $st = 0 ] || fail "$name: exit status $st"
	grep -qx "$score$m/$m" "$dir/$name.out" ||
		fail "$name ($lang): all right but $(grep "$score" "$dir/$name.out" | tail -1), want $m/$m"
	grep -qF "$bad" "$dir/$name.out" || fail "$name ($lang): a bad line was not refused with a sentence"
	p=$(grep -o "$( [ "$lang" = zh ] && echo '你的答案' || echo 'Your answer')" "$dir/$name.out" | wc -l)
	[ "$p" = $((m + 2)) ] || fail "$name ($lang): $p prompts for $m questions and 2 bad lines"
	# all wrong
	"$BIN" --seed 1 --quiz --lang "$lang" "$@" < "$dir/$name.wrong" > "$dir/$name.out" 2>/dev/null
	grep -qx "${score}0/$m" "$dir/$name.out" ||
		fail "$name ($lang): all wrong but $(grep "$score" "$dir/$name.out" | tail -1), want 0/$m"
	# the explanation follows each answer
	e=$(grep -c "$( [ "$lang" = zh ] && echo '^错误：正确答案是' || echo '^Wrong: the answer is')" "$dir/$name.out")
	[ "$e" = "$m" ] || fail "$name ($lang): $e verdicts for $m wrong answers"
	# end of input after two answers: the score so far
	head -n 2 "$dir/$name.right" | "$BIN" --seed 1 --quiz --lang "$lang" "$@" > "$dir/$name.out" 2>/dev/null
	st=$?
	[ $st = 0 ] || fail "$name: end of input: exit status $st"
	grep -qx "${score}2/2" "$dir/$name.out" || fail "$name ($lang): end of input: $(tail -1 "$dir/$name.out")"
	echo "$name ($lang): $m questions answered right, wrong, and cut short"
}

run_quiz default en
run_quiz default-zh zh
run_quiz rsa en --suite TLS_RSA_WITH_AES_128_GCM_SHA256
run_quiz chacha zh --suite ECDHE-ECDSA-CHACHA20-POLY1305
run_quiz cbc en --suite ECDHE-RSA-AES256-SHA
run_quiz expired zh --scenario expired

# --quiz does not mix with the whole-connection outputs.
out=$("$BIN" --seed 1 --quiz --json 2>&1 </dev/null)
st=$?
[ $st = 2 ] && printf '%s' "$out" | grep -q -- "--json does not apply" ||
	fail "--quiz --json: status $st, '$out'"

# ---- the UI: t opens the quiz; an answer shows its explanation ----
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not found: the UI part skipped"
	[ $failures = 0 ] || exit 1
	exit 0
fi
. "${TW_SRCDIR:-.}/tests/screen/lib.sh"
tw_start 80x24 C.UTF-8 "" --lang zh
tw_keys t
tw_wait_screen "测验 — 第 1/" || fail "t: no quiz at 80x24 in Chinese: $(tw_capture | head -3)"
tw_capture | grep -q "由谁发送" || fail "t: the first question is not shown: $(tw_capture | head -5)"
tw_capture | grep -q "按 a b c d 作答" || fail "t: no quiz hint on the status line"
tw_keys b
tw_wait_screen "正确。\|错误：正确答案是" || fail "b: no verdict: $(tw_capture)"
tw_capture | grep -q "在这个连接中" || fail "b: no explanation after the answer: $(tw_capture)"
tw_keys Space
tw_wait_screen "测验 — 第 2/" || fail "Space: not the second question"
tw_keys Escape
sleep 0.1
tw_settle
tw_capture | grep -q "测验 —" && fail "Esc: the quiz is still drawn"
tw_capture | tail -n 1 | grep -q "tls-server-hello-done\|tcp-syn" ||
	fail "Esc: not back to the walk: $(tw_capture | tail -n 1)"
tw_keys q
st=$(tw_wait_exit)
[ "$st" = 0 ] || fail "q after the quiz: exit status '$st'"
tw_check_restored "quiz"
# --quiz on a terminal: the walkthrough opens in the quiz (100x30, English)
tw_start 100x30 C.UTF-8 "" --quiz --lang en
tw_wait_screen "Quiz — question 1 of" || fail "--quiz: no quiz at 100x30: $(tw_capture | head -3)"
tw_keys c
tw_wait_screen "Right\.\|Wrong: the answer is" || fail "--quiz c: no verdict"
tw_keys q q
st=$(tw_wait_exit)
[ "$st" = 0 ] || fail "--quiz: exit status '$st'"
# t in presenter mode (and --present --quiz): the quiz is drawn over the
# presenter screen, which used to stay on screen while the hidden quiz
# took every key; q goes back to the presenter screen, whose arrows step.
for how in keys start; do
	if [ $how = keys ]; then
		tw_start 100x30 C.UTF-8 "" --lang en
		tw_keys P
		tw_wait_screen "Enter details" || fail "P: no presenter screen"
		tw_keys t
	else
		tw_start 100x30 C.UTF-8 "" --lang en --present --quiz
	fi
	tw_wait_screen "Quiz — question 1 of" || fail "$how: no quiz over the presenter screen: $(tw_capture | head -3)"
	tw_capture | grep -q "a b c d answer" || fail "$how: no quiz hint in presenter mode"
	tw_keys a
	tw_wait_screen "Right\.\|Wrong: the answer is" || fail "$how: no verdict over the presenter screen"
	tw_keys q
	tw_wait_screen "Enter details · P the panes" || fail "$how: q did not go back to the presenter screen: $(tw_capture | tail -2)"
	tw_keys Right
	tw_wait_screen "2/20 tcp-syn-ack" || fail "$how: Right after the quiz did not step: $(tw_capture | tail -1)"
	tw_keys q
	st=$(tw_wait_exit)
	[ "$st" = 0 ] || fail "$how: presenter quiz exit status '$st'"
done
# 160x48: the box touches the ladder (no empty strip between them).
tw_start 160x48 C.UTF-8 "" --quiz --lang en
tw_wait_screen "Quiz — question 1 of" || fail "160x48: no quiz"
tw_capture | head -n 1 | grep -q '┐┌─ Quiz' || fail "160x48: the quiz box does not touch the ladder: $(tw_capture | head -n 1)"
tw_keys q q
tw_wait_exit >/dev/null
# The other classroom sizes, both languages: the quiz opens, an answer
# gets its verdict, and no line is wider than the terminal.
for sl in 80x24:en 100x30:zh 160x48:en 160x48:zh; do
	size=${sl%:*} lang=${sl#*:}
	if [ $lang = en ]; then
		title="Quiz — question 1 of" verdict="Right\.\|Wrong: the answer is"
	else
		title="测验 — 第 1/" verdict="正确。\|错误：正确答案是"
	fi
	tw_start "$size" C.UTF-8 "" --quiz --lang $lang
	tw_wait_screen "$title" || fail "$size $lang: no quiz: $(tw_capture | head -3)"
	tw_keys a
	tw_wait_screen "$verdict" || fail "$size $lang: no verdict after a"
	[ "$(tw_capture | LC_ALL=C.UTF-8 wc -L)" -le "${size%x*}" ] || fail "$size $lang: a line wider than the terminal"
	tw_keys q q
	st=$(tw_wait_exit)
	[ "$st" = 0 ] || fail "$size $lang: exit status '$st'"
done
[ $failures = 0 ] || exit 1
echo "quiz: all checks passed"
