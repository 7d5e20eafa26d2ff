#!/bin/sh
# tests/screen.sh — screen tests of the terminal UI: run tlswalk under tmux
# with a script of keys, dump the screen as text, compare with the expected
# dump in tests/screen/<name>.txt. Size, TERM, locale and seed are pinned,
# so a dump holds no value that changes between runs. The lessons are a
# frozen copy (tests/screen/lessons, from lessons/ at the time the dumps
# were made): these screens test how the UI shows text, and must not break
# each time a lesson is reworded.
#
# When the UI, the lessons or the dissector change on purpose, regenerate
# with TW_SCREEN_UPDATE=1 tests/screen.sh, then READ every changed dump
# (git diff tests/screen) before committing it: each must show what its
# name says. Exit 77 (skip) without tmux.
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
SRC=${TW_SRCDIR:-.}
. "$SRC/tests/screen/lib.sh"
[ -x "$BIN" ] || { echo "no $BIN"; exit 1; }

# shot NAME SIZE LANG "ENV" "KEYS" ARGS...
shot() {
	name=$1 size=$2 lang=$3 envs=$4 keys=$5
	shift 5
	tw_start "$size" "$lang" "$envs" --lessons "$SRC/tests/screen/lessons" "$@"
	for k in $keys; do
		tw_keys "$k"
		tw_settle
	done
	tw_settle
	tw_capture > "$work/$name.txt"
	tw_keys q
	tw_wait_exit >/dev/null
	want="$SRC/tests/screen/$name.txt"
	if [ -n "$TW_SCREEN_UPDATE" ]; then
		cp "$work/$name.txt" "$want"
		echo "updated $want"
	elif ! cmp -s "$work/$name.txt" "$want"; then
		fail "$name: the screen differs from $want"
		diff -u "$want" "$work/$name.txt" >&2
	fi
}

# Compact layout (80x24): the ladder lists the steps; one tab on the right.
shot en-80x24-start 80x24 C.UTF-8 "" ""
shot en-80x24-fields 80x24 C.UTF-8 "" "Tab Tab j j j" --step 4
shot en-80x24-bytes 80x24 C.UTF-8 "" "Tab Tab Tab Right Right Right Right Right Right Right Right Right Right Right" --step 5
shot en-80x24-secrets 80x24 C.UTF-8 "" "Tab Tab Tab Tab" --step tls-client-key-exchange
shot en-80x24-http 80x24 C.UTF-8 "" "Tab Tab Tab Tab" --step http-response
shot en-80x24-acks 80x24 C.UTF-8 "" "a End" --step 1
shot en-80x24-help 80x24 C.UTF-8 "" "?"
shot zh-80x24-explain 80x24 C.UTF-8 "" "" --lang zh --step 6
shot zh-80x24-secrets 80x24 C.UTF-8 "" "Tab Tab Tab Tab" --lang zh --step 9
shot zh-80x24-live 80x24 C.UTF-8 "" "L" --step 4
# Classroom size: in the Fields tab a field, its whole explanation and its
# bytes together (the ClientHello's random, selected with j).
shot en-100x30-fields 100x30 C.UTF-8 "" "f j j j j j j j j" --step tls-1
shot zh-100x30-fields 100x30 C.UTF-8 "" "f j j j j j j j j" --lang zh --step tls-1
shot zh-80x24-fields 80x24 C.UTF-8 "" "f j j" --lang zh --step ⑥
# A field explanation longer than the room left is read on with PgDn.
shot zh-80x24-fieldmore 80x24 C.UTF-8 "" "f j j j j j j j j NPage" --lang zh --step tls-1
# Digits are the labels shown: 6 then 1 0 from a TCP step is ⑩.
shot en-100x30-digits 100x30 C.UTF-8 "" "6 1 0" --step 2
# Wide layout: every pane at once, none repeating another.
shot en-160x48 160x48 C.UTF-8 "" "a" --step tls-client-key-exchange
shot zh-160x48 160x48 C.UTF-8 "" "" --lang zh --step tls-server-key-exchange
shot en-120x36 120x36 C.UTF-8 "" "Tab Tab j j j j j j j j" --step 4
# Presenter mode (P, --present): the step's name large, its summary, the
# ladder across the screen; the details on Enter.
shot en-100x30-present 100x30 C.UTF-8 "" "" --present --step tls-6
shot zh-80x24-present 80x24 C.UTF-8 "" "Right" --present --lang zh --step tls-6
shot en-160x48-present-details 160x48 C.UTF-8 "" "Enter" --present --step tls-4
# Fallbacks.
shot too-small-60x15 60x15 C.UTF-8 "" ""
shot ascii-80x24 80x24 C "" "" --step 4

if [ "$failures" -gt 0 ]; then
	echo "$failures screen(s) differ (if the change is intended: TW_SCREEN_UPDATE=1 $0, then read each dump)"
	exit 1
fi
echo "screen.sh: all screens as expected"
exit 0
