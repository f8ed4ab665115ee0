#!/usr/bin/env bash
# One bounded fuzz run (CTest, label fuzz): FUZZER WORK_DIR SECONDS SEED_DIR... (the seed corpus
# and tests/data/fuzz/<target>/, the inputs that found faults; missing folders are skipped).
# New inputs go to WORK_DIR/corpus (the seed corpus in the repository is only read); a crash,
# a hang (-timeout), a sanitizer report or an exception the reader does not document leaves its
# input in WORK_DIR/fund/ and fails the test. docs/testning.md says how to turn it into a
# regression test.
set -euo pipefail
fuzzer=$1
work=$2
seconds=$3
seeds=()
for d in "${@:4}"; do [ -d "$d" ] && seeds+=("$d"); done
mkdir -p "$work/corpus" "$work/fund"
# -seed: the same mutations on every run (the number of runs still depends on the machine's speed).
if ! "$fuzzer" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/fund/" "$work/corpus" "${seeds[@]}" 2> "$work/log.txt"; then
    tail -n 60 "$work/log.txt"
    echo "FEL: $(basename "$fuzzer") hittade ett fel; indata i $work/fund/:" >&2
    ls -1 "$work/fund" >&2
    echo "återskapa med: $fuzzer $work/fund/<fil>" >&2
    exit 1
fi
grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$work/log.txt" || true
