#!/usr/bin/env bash
# Builds the DocC documentation of the library modules from their symbol graphs with the toolchain's
# `docc` (no plugin), failing on any warning (an unresolved ``symbol`` link among them), and checks
# that each library module documents at least 95% of its public declarations (Scripts/doc-coverage.py).
#
#   Scripts/docs.sh [OUTPUT]     archives go to OUTPUT/<Module>.doccarchive (default .build/docs), the
#                                symbol graphs to OUTPUT/graphs
#
# Environment: DOC_COVERAGE_MINIMUM (default 95) is the coverage a module needs.
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-.build/docs}
started=$SECONDS

# `docc` and `swift-symbolgraph-extract` sit beside `swift` in the toolchain, even when not on PATH.
toolchain=$(dirname "$(realpath "$(command -v swift)")")
docc="$toolchain/docc"
[ -x "$docc" ] || { echo "docs: no docc in $toolchain" >&2; exit 1; }

echo "== symbol graphs (swift-symbolgraph-extract over the debug build)"
# The modules as `swift build` (or `swift test`) left them: extracting their public symbols takes
# seconds, where building again with -emit-symbol-graph would recompile everything.
swift build --target StatecraftTesting >/dev/null
swift build --target StatecraftCommandLine >/dev/null
bin=$(swift build --show-bin-path)
triple=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
graphs="$output/graphs"
rm -rf "$output"
mkdir -p "$graphs"
for module in StatesLanguage Statecraft StatecraftSimulator StatecraftTestRunner StatecraftTesting StatecraftCommandLine; do
    "$toolchain/swift-symbolgraph-extract" -module-name "$module" -I "$bin/Modules" -target "$triple" \
        -output-dir "$graphs" -minimum-access-level public -skip-synthesized-members -emit-extension-block-symbols
done

failed=0
pids=()
for module in StatesLanguage Statecraft StatecraftSimulator StatecraftTesting; do
    # One module's graphs per folder: its own and those of its extensions to other modules' types.
    mkdir -p "$graphs/$module"
    cp "$graphs/$module".symbols.json "$graphs/$module/"
    for extension in "$graphs/$module"@*.symbols.json; do
        [ -e "$extension" ] && cp "$extension" "$graphs/$module/"
    done
    # The four conversions run side by side; each writes its own log.
    "$docc" convert "Sources/$module/$module.docc" \
        --additional-symbol-graph-dir "$graphs/$module" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "dev.statecraft.$module" \
        --output-path "$output/$module.doccarchive" \
        --warnings-as-errors >"$output/$module.log" 2>&1 &
    pids+=("$!")
done
modules=(StatesLanguage Statecraft StatecraftSimulator StatecraftTesting)
for i in "${!pids[@]}"; do
    module=${modules[$i]}
    if wait "${pids[$i]}"; then
        echo "== docc convert $module: no warnings"
    else
        cat "$output/$module.log" >&2
        echo "docs: $module has documentation problems (above)" >&2
        failed=1
    fi
done

echo "== documentation coverage of public declarations"
python3 Scripts/doc-coverage.py "$graphs" --minimum "${DOC_COVERAGE_MINIMUM:-95}" || failed=1
[ "$failed" = 0 ] || exit 1
echo "docs: $output/{StatesLanguage,Statecraft,StatecraftSimulator,StatecraftTesting}.doccarchive in $((SECONDS - started)) s"
