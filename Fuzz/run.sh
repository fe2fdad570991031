#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer, then runs some of them.
#
#   Fuzz/run.sh                      every target for 60 seconds each (what .ci/run does)
#   Fuzz/run.sh 3600 FuzzValidate    one target for an hour
#   FUZZ_JOBS=2 Fuzz/run.sh 36000    every target for ten hours, two worker processes each
#   FUZZ_SEED=1 Fuzz/run.sh          libFuzzer's choices drawn from a fixed seed (as CI runs)
#
# Exit status 1 as soon as a target reports a finding (crash, sanitizer error, leak, timeout of a
# single input, or memory over the limit); its reproducer is left in Fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(FuzzJSONParser FuzzValidate FuzzIntrinsics FuzzMockConfig FuzzServicesFile FuzzRun FuzzJSONata)
fi

swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin=$(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)
python3 seed-corpora.py

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    echo "== $target: ${seconds}s"
    log="artifacts/$target/last-run.log"
    # -timeout: one input may take at most 10 s; -rss_limit_mb: the process at most 2 GiB;
    # -max_len: inputs up to 64 KiB (bigger ones only repeat what the size budgets refuse).
    # Every target runs with leak detection (a leak is a finding).
    parallel=()
    if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then parallel=(-fork="$FUZZ_JOBS" -ignore_crashes=0); fi
    # FUZZ_SEED fixes libFuzzer's random choices (CI sets it, so a run's verdict follows the code
    # rather than the draw); unset, every run explores afresh.
    if [ -n "${FUZZ_SEED:-}" ]; then parallel+=(-seed="$FUZZ_SEED"); fi
    if ! ASAN_OPTIONS=detect_leaks=1 "$bin/$target" "corpus/$target" "${parallel[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "$target: finding; reproducer in Fuzz/artifacts/$target/"
        exit 1
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/$target: /" || true
done
