#!/bin/sh
# tests/slowest.sh [N] — after `make check`: the N slowest tests (default 5)
# and the summed test time, from the lines tests/timed.sh ends each log with.
n=${1:-5}
[ $# -gt 0 ] && shift
# The logs of this run's tests (make passes $(TEST_LOGS)): a log left by a
# test since removed must not count.
[ $# -gt 0 ] || set -- tests/*.log
out=$(grep -H '^tlswalk-test-time: ' "$@" 2>/dev/null |
	sed 's/\.log:tlswalk-test-time: \([0-9.]*\) s$/ \1/' | sort -k2 -n -r)
[ -n "$out" ] || exit 0
echo "Slowest tests (wall-clock seconds; make -j2 runs two at a time):"
printf '%s\n' "$out" | head -n "$n" | awk '{ printf "  %7.1f  %s\n", $2, $1 }'
printf '%s\n' "$out" | awk '{ s += $2 } END { printf "  %7.1f  all %d tests together\n", s, NR }'
