#!/bin/sh
# tests/present.sh — presenter mode (P, --present) end to end under tmux, at
# the classroom sizes 80x24, 100x30 and 160x48, in English and Chinese:
# the step's name in big letters and its summary as the lesson file words
# it, the ladder across the screen with the current arrow emphasised and
# moving with the keys, the details on Enter, the panes back on P, nothing
# wider than the terminal; a failed connection (--scenario expired) told
# truthfully, --resume with c, and --ascii. Exit 77 (skip) without tmux.
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
SRC=${TW_SRCDIR:-.}
. "$SRC/tests/screen/lib.sh"
[ -x "$BIN" ] || { echo "no $BIN"; exit 1; }

# The summary a lesson file gives a step: its title after " — ", read from
# lessons/LANG/steps.txt itself (the first, plain entry of the id).
summary() {
	sed -n "/^\[$2\]\$/,/^title:/s/^title: .* — //p" "$SRC/lessons/$1/steps.txt" | head -n 1
}

# The row holding the emphasised arrow: the heavy line only it is drawn with.
current_row() {
	tw_capture | grep '━' | head -n 1
}

# Nothing wider than the terminal (wc -L measures display columns), the
# status line on the last row, and every arrow row closed by the server's
# lifeline at the same column, so no row was pushed out of line (unless
# the third argument says the ladder is not on screen).
check_fits() {
	cols=${1%x*} rows=${1#*x}
	tw_capture > "$work/screen.txt"
	w=$(LC_ALL=C.UTF-8 wc -L < "$work/screen.txt")
	[ "$w" -le "$cols" ] || fail "$2: a row is $w columns wide on a $cols-column terminal"
	[ "$(wc -l < "$work/screen.txt")" -le "$rows" ] || fail "$2: more rows than the terminal"
	tail -n 1 "$work/screen.txt" | grep -q ' [0-9]*/[0-9]* ' || fail "$2: no status line at the bottom"
	ends=$(grep '[▶◀]' "$work/screen.txt" | while IFS= read -r l; do
		printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
	[ "$ends" -eq 1 ] || [ -n "$3" ] || fail "$2: the arrow rows do not end at one column"
	grep '[▶◀]' "$work/screen.txt" | grep -qv '[│▶◀▲▼]$' && fail "$2: an arrow row runs past the lifeline"
	grep -q '[▀▄█]' "$work/screen.txt" || fail "$2: no big letters"
}

for sz in 80x24 100x30 160x48; do
	for lg in en zh; do
		what="$sz $lg"
		if [ $lg = zh ]; then client=客户端 server=服务器 panes='讲解'; else client=Client server=Server panes='Explanation'; fi
		tw_start "$sz" C.UTF-8 "" --present --lang $lg
		# The first step, SYN, its name and summary; the two hosts.
		tw_wait_screen " 1 SYN 1/" || fail "$what: not at step 1: $(tw_capture | tail -n 1)"
		tw_capture | grep -q "$(summary $lg tcp-syn)" || fail "$what: no summary of SYN ('$(summary $lg tcp-syn)')"
		tw_capture | grep -q "^ *$client  *$server\$" || fail "$what: the hosts are not the two columns"
		current_row | grep -q '1 SYN ━*▶' || fail "$what: the SYN arrow is not the emphasised one: $(current_row)"
		check_fits $sz "$what at SYN"
		# 6 is ⑥ ClientKeyExchange; its arrow goes client to server.
		tw_keys 6
		tw_wait_screen "⑥ ClientKeyExchange [0-9]*/" || fail "$what: 6 did not go to ⑥"
		current_row | grep -q '│━*\s*⑥ ClientKeyExchange\s*━*▶│' || fail "$what: ⑥ not emphasised: $(current_row)"
		tw_capture | grep -q "$(summary $lg tls-client-key-exchange)" || fail "$what: no summary of ⑥"
		check_fits $sz "$what at ⑥"
		# → moves the emphasis to ⑦, and ⑥ is drawn plain.
		tw_keys Right
		tw_wait_screen "⑦ ChangeCipherSpec [0-9]*/" || fail "$what: → did not go to ⑦"
		current_row | grep -q '⑦ ChangeCipherSpec' || fail "$what: → did not move the emphasised arrow: $(current_row)"
		tw_capture | grep -q '│─*\s*⑥ ClientKeyExchange\s*─*▶│' || fail "$what: ⑥ still emphasised after →"
		# ⑨ and ⑩ come from the server: the emphasised arrow points left.
		tw_keys End 1 0
		tw_wait_screen "⑩ Finished [0-9]*/" || fail "$what: 1 0 did not go to ⑩"
		current_row | grep -q '│◀━*\s*⑩ Finished' || fail "$what: ⑩ not emphasised, pointing at the client: $(current_row)"
		check_fits $sz "$what at ⑩"
		# Enter: the whole explanation in a box; Esc closes it.
		tw_keys Enter
		tw_wait_screen "┌─ $panes ─" || fail "$what: Enter did not open the details"
		check_fits $sz "$what, details" noladder
		tw_keys Escape
		tw_wait_screen '◀━' || fail "$what: Esc did not close the details"
		# P: the usual panes; P again: presenter mode.
		tw_keys P
		tw_wait_screen "$panes ─\|─ $panes" || fail "$what: P did not bring the panes back"
		tw_capture | grep -q '[▀▄█]' && fail "$what: big letters left in the panes"
		tw_keys P
		tw_wait_screen '◀━' || fail "$what: P did not come back to presenter mode"
		tw_keys q
		tw_wait_exit >/dev/null
	done
done

# A failed connection: the client rejects the expired certificate at ③ and
# closes without an alert. The screen says so at ③, and draws no arrow for
# the steps that never happened.
for lg in en zh; do
	tw_start 100x30 C.UTF-8 "" --present --scenario expired --lang $lg --step tls-3
	tw_wait_screen "③ Certificate [0-9]*/" || fail "expired $lg: not at ③: $(tw_capture | tail -n 1)"
	if [ $lg = zh ]; then stop='✗ 停止，未发警报'; else stop='✗ stops, no alert'; fi
	tw_capture | grep -q "$stop" || fail "expired $lg: the ladder does not say where it stopped"
	tw_capture | grep -q 'BR_ERR_X509_EXPIRED' || fail "expired $lg: no failure sentence at ③"
	tw_capture | grep -q 'ClientKeyExchange\|Finished\|HTTP' && fail "expired $lg: an arrow for a step that never happened"
	current_row | grep -q '◀━*\s*③ Certificate' || fail "expired $lg: ③ not emphasised"
	check_fits 100x30 "expired $lg"
	tw_keys q
	tw_wait_exit >/dev/null
done

# --resume: c goes to the resumed connection and stays in presenter mode;
# the abbreviated handshake (RFC 5246 7.3) has the server's
# ChangeCipherSpec third.
tw_start 100x30 C.UTF-8 "" --present --resume
tw_keys c
tw_wait_screen ' 1/[0-9]* (2/2)' || fail "resume: c did not switch: $(tw_capture | tail -n 1)"
tw_capture | grep -q 'connection 2 of 2' || fail "resume: the screen does not say which connection"
tw_capture | grep -q '◀─* ③ ChangeCipherSpec' || fail "resume: no abbreviated handshake in the ladder"
tw_capture | grep -q 'Certificate\|KeyExchange' && fail "resume: the resumed ladder shows a full handshake"
check_fits 100x30 "resume"
tw_keys q
tw_wait_exit >/dev/null

# --ascii: letters of '#', arrows of '-' and '#', nothing but ASCII.
tw_start 100x30 C.UTF-8 "" --present --ascii --step tls-6
tw_wait_screen '(6) ClientKeyExchange [0-9]*/' || fail "ascii: not at (6)"
tw_capture > "$work/ascii.txt"
LC_ALL=C grep -q '[^ -~]' "$work/ascii.txt" && fail "ascii: characters other than ASCII: $(LC_ALL=C grep -m1 '[^ -~]' "$work/ascii.txt")"
grep -q '|#* (6) ClientKeyExchange #*>|' "$work/ascii.txt" || fail "ascii: (6) not emphasised"
grep -q '####' "$work/ascii.txt" || fail "ascii: no big letters"
tw_keys q
tw_wait_exit >/dev/null

# Truncation: the attacker drops the server's close_notify (RFC 5246
# 7.2.1), so its arrow must not arrive: a cross at the client's end, and the
# words say "drops it", in the panes' ladder and in presenter mode.
for mode in "" --present; do
	# shellcheck disable=SC2086
	tw_start 100x30 C.UTF-8 "" --scenario truncation $mode
	tw_keys G
	tw_wait_screen "attacker drops it" || fail "truncation $mode: not 'attacker drops it': $(tw_capture | tail -n 8)"
	tw_capture | grep -q "✗─*[ ]*close 2 close_notify" ||
		fail "truncation $mode: the dropped close_notify is drawn arriving: $(tw_capture | grep 'close 2')"
	tw_keys q
	tw_wait_exit >/dev/null
done

[ "$failures" -eq 0 ] || { echo "present: $failures failed"; exit 1; }
echo "present: all passed"
