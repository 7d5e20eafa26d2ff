#!/bin/sh
# tests/tmux.sh — the terminal UI end to end, under tmux: a walk through
# every step and back, every way out (q, Ctrl-C, SIGTERM and every other
# signal that ends a program, a crash, a fatal error) with the
# terminal restored, a too-small terminal and a resize, NO_COLOR, a
# non-UTF-8 locale, and --step. Exit 77 (skip) without tmux.
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "${TW_SRCDIR:-.}/tests/screen/lib.sh"
[ -x "$BIN" ] || { echo "no $BIN"; exit 1; }

status_line() {
	tw_capture | tail -n 1
}

# ---- a walk through every step and back, then q ----
tw_start 80x24 C.UTF-8 ""
n=$(tw_capture | tail -n 1 | sed -n 's|.* 1/\([0-9]*\) .*|\1|p')
[ -n "$n" ] && [ "$n" -ge 15 ] || fail "walk: no step count on the status line: $(status_line)"
i=1
while [ "$i" -lt "${n:-0}" ]; do
	prev=$(tw_capture)
	tw_keys Right
	i=$((i + 1))
	tw_wait_screen " $i/$n " || { fail "walk: step $i/$n not reached: $(status_line)"; break; }
	[ "$prev" != "$(tw_capture)" ] || fail "walk: screen unchanged at step $i"
done
tw_capture | grep -q '▶\|◀' || fail "walk: no ladder arrows"
# Back, with the other keys for "previous".
while [ "$i" -gt 1 ]; do
	case $((i % 3)) in
	0) tw_keys Left ;;
	1) tw_keys p ;;
	2) tw_keys BSpace ;;
	esac
	i=$((i - 1))
	tw_wait_screen " $i/$n " || { fail "walk back: step $i not reached: $(status_line)"; break; }
done
tw_keys End
tw_wait_screen " $n/$n " || fail "End: not at the last step"
tw_keys Home
tw_wait_screen " 1/$n " || fail "Home: not at the first step"
tw_keys : t l s - s e r v e r - h e l l o Enter
tw_wait_screen "ServerHello 5/$n" || fail ":id jump: $(status_line)"
# The numbers typed are the numbers shown: 6 is ⑥ wherever in TLS; the
# status line names the step's id and what the arrows do here.
tw_keys 6
tw_wait_screen "⑥ ClientKeyExchange 9/$n tls-client-key-exchange │ ↑↓←→ step" \
	|| fail "6: not ⑥ ClientKeyExchange with its id: $(status_line)"
tw_keys 1 0
tw_wait_screen "⑩ Finished 13/$n" || fail "1 0: not ⑩: $(status_line)"
tw_keys 2
tw_wait_screen "② ServerHello 5/$n" || fail "2: not ②: $(status_line)"
tw_keys : t l s - 8 Enter
tw_wait_screen "⑧ Finished 11/$n" || fail ":tls-8: $(status_line)"
tw_capture | grep -q "⑧ Finished 🔒 ─" || fail "ladder: ⑧ not marked encrypted"
tw_capture | grep -q "② ServerHello 🔒" && fail "ladder: ② marked encrypted"
# At 80 columns the ladder's hint names Tab (the full hint with "Tab
# pane" does not fit there): a learner pressing ↓ to read on in the
# explanation changed step instead, with nothing on screen saying why.
status_line | grep -q "│ ↑↓←→ step │ .*│ Tab pane  ? help" || fail "80x24 ladder: the hint does not name Tab: $(status_line)"
tw_keys Tab
tw_wait_screen "│ ↑↓ scroll ←→ step" || fail "Tab: the arrows' hint did not follow the focus: $(status_line)"
tw_keys Down
tw_wait_screen "⑧ Finished 11/$n" || fail "Tab then ↓: the step changed: $(status_line)"
tw_keys s
tw_wait_screen "│ ↑↓ line Enter: " || fail "s: $(status_line)"
tw_capture | grep -q "verify_data\|verified" || fail "s: the secrets are not shown: $(tw_capture | head -4)"
tw_keys f
tw_wait_screen "│ ↑↓ field ←→ close/open" || fail "f: $(status_line)"
tw_keys a
tw_wait_screen "ACK ─" || fail "a: no pure ACK in the ladder"
tw_keys q
st=$(tw_wait_exit)
[ "$st" = 0 ] || fail "q: exit status '$st', want 0"
tw_check_restored q

# ---- the help lists the keys, then the glossary; step 1 explains the whole ----
tw_start 80x24 C.UTF-8 "" --lang en
tw_keys Tab
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do tw_keys Down; done
tw_wait_screen "The whole connection" || fail "step 1: no overview in the explanation"
tw_keys '?'
tw_wait_screen "next step" || fail "?: no help"
tw_keys PgDn PgDn PgDn
tw_wait_screen "Glossary" || fail "help: no glossary after the keys: $(tw_capture | head -5)"
tw_keys '?' q
[ "$(tw_wait_exit)" = 0 ] || fail "help: exit status"

# ---- mouse: a click selects a step, a tab, a byte ----
tw_start 80x24 C.UTF-8 ""
tw_click 5 8                       # the ladder row of ② ServerHello
tw_wait_screen "ServerHello 5/" || fail "click on the ladder: $(status_line)"
tw_click 56 0                      # the "Bytes" tab in the right pane's border
tw_wait_screen "│0000  16 03 03" || fail "click on the Bytes tab: no hex"
tw_click $((31 + 6 + 3 * 3)) 2     # byte 0x0b of the second hex row: byte 11
tw_wait_screen "byte 11 · " || fail "click on a byte: $(tw_capture | tail -n 3)"
tw_keys q
[ "$(tw_wait_exit)" = 0 ] || fail "mouse: exit status"
tw_check_restored mouse

# ---- Ctrl-C ----
tw_start 80x24 C.UTF-8 "" --step 4
tw_keys C-c
st=$(tw_wait_exit)
[ "$st" = 130 ] || fail "Ctrl-C: exit status '$st', want 130 (killed by SIGINT)"
tw_check_restored Ctrl-C

# ---- SIGTERM ----
tw_start 80x24 C.UTF-8 "" --step 9
kill -TERM "$(cat "$work/pid")"
st=$(tw_wait_exit)
[ "$st" = 143 ] || fail "SIGTERM: exit status '$st', want 143 (killed by SIGTERM)"
tw_check_restored SIGTERM

# ---- every other signal that ends a program, and a crash: the terminal
# comes back, and the program dies of the signal (status 128 + n) ----
for sn in HUP:129 QUIT:131 USR1:138 PIPE:141 ALRM:142 SEGV:139 ABRT:134; do
	sig=${sn%:*} want=${sn#*:}
	tw_start 80x24 C.UTF-8 "" --step 5
	kill -"$sig" "$(cat "$work/pid")"
	st=$(tw_wait_exit)
	[ "$st" = "$want" ] || fail "SIG$sig: exit status '$st', want $want (killed by SIG$sig)"
	tw_check_restored "SIG$sig"
done

# ---- a fatal error (forced by the test hook): terminal restored, one sentence ----
tw_start 80x24 C.UTF-8 "TW_UI_TEST_FATAL_AFTER_KEYS=2" --step 6
tw_keys Right Right
st=$(tw_wait_exit)
[ "$st" = 1 ] || fail "fatal error: exit status '$st', want 1"
tw_check_restored "fatal error"
tw_wait_screen 'tlswalk: simulated fatal error after 2 keys' \
	|| fail "fatal error: no message on the restored screen: $(tw_capture | head -3)"

# ---- too small, then resized: KEY_RESIZE redraws everything ----
tw_start 60x15 C.UTF-8 ""
tw_capture | grep -q 'too small: 60×15' || fail "60x15: no too-small message: $(tw_capture)"
tw_capture | grep -q 'at least 72×20' || fail "60x15: the message does not say the size needed"
$TW_TMUX resize-window -t tw -x 80 -y 24
tw_wait_screen 'seed 1' || fail "resize to 80x24: the walkthrough did not come back"
tw_capture | grep -q 'too small' && fail "resize to 80x24: too-small message left over"
$TW_TMUX resize-window -t tw -x 160 -y 48
tw_wait_screen '─ Connection ─' || fail "resize to 160x48: no wide layout"
tw_capture | grep -q '─ Bytes ─' || fail "160x48: no bytes pane"
tw_capture | grep -q '─ Secrets ─' || fail "160x48: no secrets pane"
tw_keys q
st=$(tw_wait_exit)
[ "$st" = 0 ] || fail "resize then q: exit status '$st'"
tw_check_restored resize

# ---- colours by role, and NO_COLOR ----
tw_start 80x24 C.UTF-8 ""
tw_capture -e | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m\|38;5;" ||
	fail "colour: no colour on screen without NO_COLOR"
tw_keys q
tw_wait_exit >/dev/null
tw_start 80x24 C.UTF-8 "NO_COLOR=1"
tw_capture -e | grep -q "$(printf '\033')\[[0-9;]*[34][0-7]m\|[34]8;5;" &&
	fail "NO_COLOR: colours on screen"
tw_capture -e | grep -q "$(printf '\033')\[7m\|;7m\|\[7;" ||
	fail "NO_COLOR: the current step is not shown in reverse video"
tw_keys q
[ "$(tw_wait_exit)" = 0 ] || fail "NO_COLOR: exit status"
tw_check_restored NO_COLOR

# ---- a non-UTF-8 locale: ASCII only ----
tw_start 80x24 C "" --step 4
tw_capture > "$work/ascii.txt"
bad=$(LC_ALL=C tr -d '\011\012\015\040-\176' < "$work/ascii.txt" | wc -c)
[ "$bad" -eq 0 ] || fail "LANG=C: $bad non-ASCII bytes on screen"
grep -q '^+- Steps -' "$work/ascii.txt" || fail "LANG=C: no ASCII box drawing"
grep -q '(1) ClientHello -*>' "$work/ascii.txt" || fail "LANG=C: no ASCII arrow with (1)"
tw_keys L
tw_wait_screen 'UTF-8' || fail "LANG=C: L does not explain that Chinese needs UTF-8"
tw_keys q
[ "$(tw_wait_exit)" = 0 ] || fail "LANG=C: exit status"
tw_check_restored "LANG=C"

# ---- --ascii on a UTF-8 terminal: ASCII symbols, Chinese kept ----
# (for terminals that draw ambiguous-width symbols such as ① two columns wide)
tw_start 80x24 C.UTF-8 "" --ascii --lang zh --step 4
tw_capture > "$work/ascii-zh.txt"
other=$(LC_ALL=C.UTF-8 grep -cP '[^\x00-\x7F\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]' "$work/ascii-zh.txt")
[ "$other" -eq 0 ] || fail "--ascii: $other lines with symbols that are neither ASCII nor Chinese"
grep -q '^+- 步骤 -' "$work/ascii-zh.txt" || fail "--ascii --lang zh: no ASCII box with a Chinese title"
grep -q '(1) ClientHello -*>' "$work/ascii-zh.txt" || fail "--ascii: no ASCII arrow with (1)"
grep -q '客户端' "$work/ascii-zh.txt" || fail "--ascii --lang zh: the Chinese text is gone"
tw_keys q
[ "$(tw_wait_exit)" = 0 ] || fail "--ascii: exit status"
tw_check_restored "--ascii"

# ---- L switches the language live ----
tw_start 80x24 C.UTF-8 "" --step 4
tw_keys L
tw_wait_screen '种子 1' || fail "L: no Chinese status line"
tw_capture | grep -q '讲解' || fail "L: the tabs are not in Chinese"
tw_keys L
tw_wait_screen 'seed 1' || fail "L L: not back in English"
tw_keys q
tw_wait_exit >/dev/null

# ---- --step: a bad value is one sentence and exit status 2 ----
out=$("$BIN" --seed 1 --step nope 2>&1 >/dev/null)
st=$?
[ "$st" = 2 ] || fail "--step nope: exit status $st, want 2"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "--step nope: more than one line: $out"
printf '%s' "$out" | grep -q "nope" || fail "--step nope: the message does not name the value: $out"
"$BIN" --seed 1 --step 99 >/dev/null 2>&1
[ $? = 2 ] || fail "--step 99: exit status, want 2"
tw_start 80x24 C.UTF-8 "" --step tls-server-key-exchange
tw_capture | tail -n 1 | grep -q '④ ServerKeyExchange 7/' || fail "--step id: $(status_line)"
tw_keys q
tw_wait_exit >/dev/null
# Labels as shown; a plain number is still a position (4 is the fourth step).
for lab in ⑥ tls-6 "'(6)'"; do   # (run.sh reads the words as shell)
	tw_start 80x24 C.UTF-8 "" --step "$lab"
	tw_capture | tail -n 1 | grep -q '⑥ ClientKeyExchange 9/' || fail "--step $lab: $(status_line)"
	tw_keys q
	tw_wait_exit >/dev/null
done
tw_start 80x24 C.UTF-8 "" --step 4
tw_capture | tail -n 1 | grep -q '① ClientHello 4/' || fail "--step 4: $(status_line)"
tw_keys q
tw_wait_exit >/dev/null
out=$("$BIN" --seed 1 --step tls-11 2>&1 >/dev/null)
[ $? = 2 ] || fail "--step tls-11: exit status, want 2"
printf '%s' "$out" | grep -q "tls-11: no such step (give a label such as tls-6" || fail "--step tls-11: $out"
# A label the failed connection never reached: its failure, status 1.
out=$("$BIN" --seed 1 --ca "${TW_SRCDIR:-.}/tests/data/other-root.pem" --step tls-8 2>&1 >/dev/null)
[ $? = 1 ] || fail "--step tls-8, failed connection: exit status, want 1"
printf '%s' "$out" | grep -q "tls-8: the connection stopped before that step" || fail "--step tls-8, failed connection: $out"

# ---- standard input not a terminal: keys still come from /dev/tty, and
# waiting for a key uses no CPU (a busy loop here burnt a whole core) ----
$TW_TMUX kill-server 2>/dev/null
TW_TMUX="tmux -L tw-ui-test-$$-stdin -f /dev/null"
rm -f "$work/pid" "$work/status"
printf '%s\n' "env LANG=C.UTF-8 TERM=tmux-256color sh -c 'echo \$\$ > \"$work/pid\"; exec \"\$0\" \"\$@\" </dev/null' '$BIN' --seed 1" \
	"echo \$? > '$work/status'" "sleep 600" >"$work/run.sh"
$TW_TMUX new-session -d -x 80 -y 24 -s tw "sh $work/run.sh"
tw_wait_screen 'seed 1' || fail "stdin /dev/null: no first frame"
sleep 1
ticks=$(awk '{print $14 + $15}' "/proc/$(cat "$work/pid")/stat" 2>/dev/null)
[ -n "$ticks" ] && [ "$ticks" -lt 50 ] \
	|| fail "stdin /dev/null: $ticks CPU ticks in the first second (busy waiting?)"
tw_keys Right
tw_wait_screen ' 2/' || fail "stdin /dev/null: keys not read from the terminal"
tw_keys q
i=0; while [ ! -s "$work/status" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(cat "$work/status" 2>/dev/null)" = 0 ] || fail "stdin /dev/null: exit status"
$TW_TMUX kill-server 2>/dev/null

# ---- a terminal that cannot move the cursor: one sentence, status 1 ----
TW_TMUX="tmux -L tw-ui-test-$$-dumb -f /dev/null"
rm -f "$work/status" "$work/err"
printf '%s\n' "env TERM=dumb '$BIN' --seed 1 2>'$work/err'" "echo \$? > '$work/status'" "sleep 600" >"$work/run.sh"
$TW_TMUX new-session -d -x 80 -y 24 -s tw "sh $work/run.sh"
i=0; while [ ! -s "$work/status" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(cat "$work/status" 2>/dev/null)" = 1 ] || fail "TERM=dumb: exit status '$(cat "$work/status" 2>/dev/null)', want 1"
grep -q 'TERM=dumb) cannot move the cursor.*--dump' "$work/err" \
	|| fail "TERM=dumb: message '$(cat "$work/err")'"
$TW_TMUX kill-server 2>/dev/null

if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "tmux.sh: all UI end-to-end checks passed"
exit 0
