# tests/screen/lib.sh — run tlswalk in a detached tmux session and read
# its screen; sourced by tests/screen.sh and tests/tmux.sh.
#
# Everything that could change the picture is pinned: the terminal size,
# TERM, the locale, the seed, and tmux's own configuration (none).
# tw_start writes a small script that records the terminal state before
# and after tlswalk (stty -a) and tlswalk's exit status, so the tests can
# check that every way out restores the terminal.

BIN=${TW_BIN:-./tlswalk}
tw_n=0
TW_TMUX="tmux -L tw-ui-test-$$-$tw_n -f /dev/null"
work=$(mktemp -d "${TMPDIR:-/tmp}/tw-ui.XXXXXX")
failures=0

tw_cleanup() {
	$TW_TMUX kill-server 2>/dev/null
	rm -rf "$work"
}
trap tw_cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# tw_start COLSxROWS LANG "ENV=VAL ..." tlswalk-args...
tw_start() {
	size=$1 lang=$2 envs=$3
	shift 3
	# A fresh tmux server for each run: reusing a socket races with the
	# old server's exit.
	$TW_TMUX kill-server 2>/dev/null
	tw_n=$((tw_n + 1))
	TW_TMUX="tmux -L tw-ui-test-$$-$tw_n -f /dev/null"
	rm -f "$work/status" "$work/pid" "$work/stty.before" "$work/stty.after"
	{
		echo "stty -a > '$work/stty.before'"
		# SIGQUIT and the crash signals would leave core files around.
		echo "ulimit -c 0"
		# A trap (not an ignore: tlswalk must get the default dispositions)
		# keeps this shell alive when Ctrl-C reaches the foreground group.
		echo "trap 'true' INT"
		echo "env LANG=$lang LC_ALL= TERM=tmux-256color $envs sh -c 'echo \$\$ > \"$work/pid\"; exec \"\$0\" \"\$@\"' '$BIN' --seed 1 $*"
		echo "echo \$? > '$work/status'"
		echo "stty -a > '$work/stty.after'"
		echo "sleep 600"
	} > "$work/run.sh"
	$TW_TMUX new-session -d -x "${size%x*}" -y "${size#*x}" -s tw "sh $work/run.sh"
	tw_wait_screen 'seed 1\|种子 1\|too small\|太小' || fail "$size $*: no first frame"
}

# The screen as text (add -e for attributes).
tw_capture() {
	$TW_TMUX capture-pane -p "$@" -t tw 2>/dev/null
}

# tw_wait_screen PATTERN: poll the screen until it shows PATTERN (5 s).
tw_wait_screen() {
	_tw_i=0
	while [ $_tw_i -lt 100 ]; do
		tw_capture | grep -q "$1" && return 0
		sleep 0.05
		_tw_i=$((_tw_i + 1))
	done
	return 1
}

# tw_keys KEY...: send keys one by one (tmux key names: Right, Tab, C-c).
tw_keys() {
	for k in "$@"; do
		$TW_TMUX send-keys -t tw "$k"
	done
}

# tw_settle: wait until the screen stops changing.
tw_settle() {
	_tw_prev=
	_tw_i=0
	while [ $_tw_i -lt 60 ]; do
		sleep 0.05
		_tw_cur=$(tw_capture | cksum)
		[ "$_tw_cur" = "$_tw_prev" ] && return 0
		_tw_prev=$_tw_cur
		_tw_i=$((_tw_i + 1))
	done
}

# tw_wait_exit: wait until tlswalk has exited; prints its status.
tw_wait_exit() {
	_tw_i=0
	while [ ! -s "$work/stty.after" ] && [ $_tw_i -lt 100 ]; do
		sleep 0.05
		_tw_i=$((_tw_i + 1))
	done
	cat "$work/status" 2>/dev/null
}

# tw_check_restored WHAT: the terminal is as it was before tlswalk ran.
tw_check_restored() {
	# (The first line holds the size, which a resize changes.)
	if ! sed 1d "$work/stty.before" | cmp -s - "$work/stty.after.modes" 2>/dev/null &&
		! { sed 1d "$work/stty.after" > "$work/stty.after.modes" &&
		    sed 1d "$work/stty.before" | cmp -s - "$work/stty.after.modes"; }; then
		fail "$1: terminal modes not restored"
		diff "$work/stty.before" "$work/stty.after" >&2
	fi
	flags=$($TW_TMUX display -p -t tw '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{mouse_any_flag}')
	[ "$flags" = "0 1 0 0" ] ||
		fail "$1: alternate screen, cursor, keypad or mouse mode left on ($flags; want 0 1 0 0)"
}

# tw_click X Y: a left click at column X, row Y (0-based), as an xterm
# reports it (X10 encoding: press, then release).
tw_click() {
	_tw_xy=$(printf "\\$(printf %o $((33 + $1)))\\$(printf %o $((33 + $2)))")
	$TW_TMUX send-keys -t tw -l "$(printf '\033[M ')$_tw_xy"
	$TW_TMUX send-keys -t tw -l "$(printf '\033[M#')$_tw_xy"
}
