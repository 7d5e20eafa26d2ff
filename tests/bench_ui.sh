#!/bin/sh
# tests/bench_ui.sh — figures for the terminal UI, under tmux (80x24 and
# 160x48): time from exec to the first complete frame, CPU per key press
# over a walk through every step and back, and peak RSS.
#
# tlswalk writes its own counters when TW_UI_STATS names a file (see
# write_stats in src/ui.c): the wall clock at the first frame, CPU used by
# then and after it, keys handled, ru_maxrss. Every key draws a full frame
# (typeahead is off), so CPU per key is the cost of a frame.
# Targets: first frame < 30 ms, < 2 ms CPU per key, RSS < 16 MB; the same
# for presenter mode (--present), walked the same way.
# Usage: TW_BIN=./tlswalk sh tests/bench_ui.sh   (exit 77 without tmux)
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
BIN=${TW_BIN:-./tlswalk}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/tw-bench.XXXXXX")
T="tmux -L tw-bench-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$work"' EXIT

run() {
	size=$1
	shift
	rm -f "$work/stats" "$work/t0"
	cat > "$work/run.sh" <<EOF
date +%s%N > "$work/t0"
exec env LANG=C.UTF-8 TERM=tmux-256color TW_UI_STATS="$work/stats" "$BIN" --seed 1 $*
EOF
	$T new-session -d -x "${size%x*}" -y "${size#*x}" -s b "sh $work/run.sh"
	i=0
	until $T capture-pane -p -t b 2>/dev/null | grep -q 'seed 1'; do
		sleep 0.02
		i=$((i + 1))
		[ $i -gt 250 ] && { echo "no first frame"; exit 1; }
	done
	# PRE: keys that open a view first (w: who knows what), walked the same way
	[ -n "${PRE:-}" ] && $T send-keys -t b $PRE && sleep 0.2
	n=$($T capture-pane -p -t b | tail -n 1 | sed -n 's|.* 1/\([0-9]*\) .*|\1|p')
	k=1
	while [ "$k" -lt "$n" ]; do
		$T send-keys -t b Right
		k=$((k + 1))
		until $T capture-pane -p -t b | tail -n 1 | grep -q " $k/$n "; do sleep 0.01; done
	done
	while [ "$k" -gt 1 ]; do
		$T send-keys -t b Left
		k=$((k - 1))
		until $T capture-pane -p -t b | tail -n 1 | grep -q " $k/$n "; do sleep 0.01; done
	done
	$T send-keys -t b q
	i=0
	while [ ! -s "$work/stats" ] && [ $i -lt 200 ]; do sleep 0.02; i=$((i + 1)); done
	$T kill-server 2>/dev/null
	t0=$(cat "$work/t0")
	awk -v t0="$t0" -v label="$size${*:+ $*}${PRE:+ then $PRE}" '
		{ v[$1] = $2 }
		END {
			first = v["first_frame_wall_epoch_ms"] - t0 / 1e6
			per = v["keys"] ? v["cpu_after_first_frame_ms"] / v["keys"] : 0
			printf "%-17s first frame %6.1f ms wall (%5.1f ms CPU)   %3d keys, %.3f ms CPU per key   max RSS %.1f MB\n",
				label, first, v["first_frame_cpu_ms"], v["keys"], per, v["max_rss_kb"] / 1024
		}' "$work/stats"
}

echo "tlswalk terminal UI (targets: first frame < 30 ms, < 2 ms CPU per key, RSS < 16 MB)"
run 80x24
run 100x30
run 160x48
# presenter mode (P, --present): big letters and the ladder across the screen
run 80x24 --present
run 100x30 --present
run 160x48 --present
# who knows what (w): three columns rebuilt on every step
PRE=w run 80x24
PRE=w run 160x48
