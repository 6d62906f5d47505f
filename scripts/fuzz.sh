#!/bin/sh
# make fuzz: builds the libFuzzer targets in Fuzz/ and runs each for FUZZ_SECONDS (default 60),
# starting from the committed seed corpus in Fuzz/Corpus/<target>. New inputs go to a working
# corpus under Fuzz/.build; a crash stops the run and leaves its input under Fuzz/.build/crashes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
cd "$ROOT/Fuzz"
swift build -c debug -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld
total=0
for target in entry note proof policy usage render; do
    work="$ROOT/Fuzz/.build/corpus/$target"
    crashes="$ROOT/Fuzz/.build/crashes/$target"
    mkdir -p "$work" "$crashes"
    cp "$ROOT/Fuzz/Corpus/$target/"* "$work/"
    printf '== fuzz-%s for %ss\n' "$target" "$SECONDS_EACH"
    log="$ROOT/Fuzz/.build/fuzz-$target.log"
    if ! ".build/debug/fuzz-$target" -max_total_time="$SECONDS_EACH" -max_len=16384 -rss_limit_mb=1024 -timeout=10 \
            -artifact_prefix="$crashes/" -print_final_stats=1 "$work" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "fuzz-$target found a crash; its input is in $crashes (add it as a regression test)" >&2
        exit 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    total=$((total + ${runs:-0}))
    printf '   %s executions, no crash\n' "${runs:-?}"
done
printf 'fuzzing: %s executions over 6 targets, no crash\n' "$total"
