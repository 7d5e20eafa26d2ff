#!/bin/sh
# tests/timed.sh PROGRAM [ARG]... — the test driver's LOG_COMPILER: run one
# test and end its log with its wall-clock time, which `make check` then
# ranks (tests/slowest.sh), so a test that grows slow is seen at once.
start=$(date +%s%N)
"$@"
st=$?
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf 'tlswalk-test-time: %d.%01d s\n' $((ms / 1000)) $((ms % 1000 / 100))
exit $st
