#!/bin/sh
# tests/derive_ui.sh — the derivations in the Secrets pane, under tmux
# (issue 12, item 5): at ⑧ at the classroom size (100×30), in English and
# Chinese, the Finished's PRF seed with its legend (label | handshake hash)
# and the handshake messages hashed, each with its step and its length,
# whose lengths add up to the total shown; Enter on the client random at ①
# opens ①'s Random field, its bytes shown; Enter on a record's key goes to
# that key's slice of the key block. Exit 77 (skip) without tmux.
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "${TW_SRCDIR:-.}/tests/screen/lib.sh"
[ -x "$BIN" ] || { echo "no $BIN"; exit 1; }

# The messages each Finished hashes, from --json (the model, not the
# screen): "label length" lines, and their total.
json=$("$BIN" --seed 1 --json) || fail "--json failed"
msgs=$(printf '%s' "$json" | python3 -c '
import json, sys
s = json.load(sys.stdin)["secrets"]["client_finished"]
for m in s["messages"]:
    print(m["step"], m["length"])
print("total", s["hashed_length"])
') || fail "no messages in --json"

for ln in en zh; do
	tw_start 100x30 C.UTF-8 "" --lang $ln --step tls-8
	tw_keys s
	if [ $ln = en ]; then
		legend="label 0–14 | handshake hash 15–46" unit=bytes total="total hashed:"
	else
		legend="标签 0–14 | 握手报文摘要 15–46" unit=字节 total="共"
	fi
	tw_wait_screen "$legend" || fail "$ln ⑧: no seed legend: $(tw_capture)"
	screen=$(tw_capture)
	# Each message on its own line with its step label and its length;
	# the sum of the lengths on screen is the total on screen.
	sum=0
	for step in ① ② ③ ④ ⑤ ⑥; do
		n=$(printf '%s\n' "$screen" | sed -n "s/.*│      $step [A-Za-z]* *\([0-9][0-9]*\) $unit.*/\1/p")
		[ -n "$n" ] || { fail "$ln ⑧: message $step not listed with its length"; continue; }
		sum=$((sum + n))
	done
	shown=$(printf '%s\n' "$screen" | sed -n "s/.*$total \([0-9][0-9]*\).*/\1/p")
	[ "$shown" = "$sum" ] || fail "$ln ⑧: the lengths add up to $sum, the total shown is '$shown'"
	want=$(printf '%s\n' "$msgs" | sed -n 's/^total //p')
	[ "$sum" = "$want" ] || fail "$ln ⑧: $sum bytes listed, the model hashed $want"
	tw_keys q
	tw_wait_exit >/dev/null
done

# Enter on the client random at ① (its value line is two below the
# title): ① with the Random field selected, its 32 bytes highlighted.
tw_start 100x30 C.UTF-8 "" --step tls-1
tw_keys s Down Down
tw_wait_screen "Enter: ① Random" || fail "①: the status line does not say where Enter goes: $(tw_capture | tail -n 1)"
tw_keys Enter
tw_wait_screen "Comes from: ① Random, bytes 11–42" || fail "Enter: not at ①'s Random: $(tw_capture | tail -n 1)"
tw_capture | grep -q "bytes 11–42 (32)" || fail "Enter: the Random field's bytes are not shown"
tw_capture | grep -q "▾ Random: 00000000bf83" || fail "Enter: the Random field is not in the tree"
tw_keys q
tw_wait_exit >/dev/null

# At 80 columns the whole message fits on the status line: the last byte
# of the Random (5-byte record header, 4-byte handshake header, 2-byte
# version, then 32 bytes: 11–42) and the key that leads back; a message
# cut at the edge used to read "bytes 11–4". The same for Enter on a line
# with no value at the SYN.
tw_start 80x24 C.UTF-8 "" --step tls-1
tw_keys s Down Down Enter
tw_wait_screen "Comes from: ① Random, bytes 11–42 (s: back to Secrets)" ||
	fail "80x24: the message is cut: $(tw_capture | tail -n 1)"
tw_keys Home s Enter
tw_wait_screen "Nothing to go to from this line: move to a line with a value" ||
	fail "80x24: the no-source message is cut: $(tw_capture | tail -n 1)"
tw_keys q
tw_wait_exit >/dev/null
# The message on stepping into the resumed connection, with the key back.
tw_start 80x24 C.UTF-8 "" --resume
tw_keys End Right
tw_wait_screen "(2/2) .*Connection 2 of 2: .*(c: back)$" ||
	fail "80x24 --resume: the message is cut: $(tw_capture | tail -n 1)"
tw_keys q
tw_wait_exit >/dev/null

# Enter on "opened with the client write key" of the HTTP request: the
# client write key's line at ⑥.
tw_start 100x30 C.UTF-8 "" --step http-1
tw_keys s Down Down
tw_wait_screen "Enter: ⑥ client write key" || fail "http-1: $(tw_capture | tail -n 1)"
tw_keys Enter
tw_wait_screen "⑥ ClientKeyExchange 9/" || fail "Enter: not at ⑥: $(tw_capture | tail -n 1)"
tw_wait_screen "Comes from: ⑥ client write key" || fail "Enter: $(tw_capture | tail -n 1)"
tw_keys q
tw_wait_exit >/dev/null

[ "$failures" = 0 ] || exit 1
echo "derive_ui: ok"
