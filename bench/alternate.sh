#!/bin/bash
# Runs several builds of bench/epoch_times.cpp in turn, ROUNDS times, and prints for each the least,
# median and largest epoch time, the first epoch of every run left out (docs/performance.md,
# "Issue 17, eleventh session"). Copies of one binary under two names show the machine's own spread.
#   bench/alternate.sh THREADS ROUNDS BINARY...
# HIDDEN=N and ACTIVATION=sigmoid, dropout or momentum in the environment pass those to every run
# (default 300, relu; epoch_times.cpp).
threads=$1; rounds=$2; shift 2
out=$(mktemp -d)
for r in $(seq "$rounds"); do
    for b in "$@"; do "$b" "$threads" "${HIDDEN:-300}" data "${ACTIVATION:-relu}" | awk '{for (i = 2; i <= NF; i++) print $i}' >> "$out/$(basename "$b")"; done
done
for b in "$@"; do
    sort -n "$out/$(basename "$b")" | awk -v n="$(basename "$b")" \
        '{a[NR] = $1} END {printf "%-16s min %.4f median %.4f max %.4f (%d epochs)\n", n, a[1], a[int((NR + 1) / 2)], a[NR], NR}'
done
rm -r "$out"
