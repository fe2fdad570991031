#!/usr/bin/env bash
# Builds the DocC documentation of the library modules from their symbol graphs with the toolchain's
# `docc` (no plugin), failing on any warning (an unresolved ``symbol`` link among them), then checks
# that each library module documents at least 95% of its public declarations (Scripts/doc-coverage.py).
#
#   Scripts/docs.sh [OUTPUT]     archives go to OUTPUT/<Module>.doccarchive (default .build/docs)
#
# Environment: DOC_COVERAGE_MINIMUM (default 95) is the coverage a module needs.
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-.build/docs}
started=$SECONDS

docc=$(command -v docc || true)
if [ -z "$docc" ]; then
    # `docc` sits beside `swift` in the toolchain even when it is not on PATH.
    docc="$(dirname "$(realpath "$(command -v swift)")")/docc"
fi
[ -x "$docc" ] || { echo "docs: no docc beside $(command -v swift)" >&2; exit 1; }

echo "== symbol graphs (swift package dump-symbol-graph)"
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
if ! swift package dump-symbol-graph --skip-synthesized-members >"$dump" 2>&1; then
    cat "$dump" >&2
    exit 1
fi
graphs=$(sed -n 's/^Files written to //p' "$dump" | tail -n 1)
[ -d "$graphs" ] || { cat "$dump" >&2; echo "docs: dump-symbol-graph did not say where it wrote" >&2; exit 1; }

echo "== documentation coverage of public declarations"
python3 Scripts/doc-coverage.py "$graphs" --minimum "${DOC_COVERAGE_MINIMUM:-95}"

rm -rf "$output"
mkdir -p "$output"
for module in StatesLanguage Statecraft StatecraftSimulator StatecraftTesting; do
    echo "== docc convert $module"
    # One module's graphs per folder: its own and those of its extensions to other modules' types.
    mkdir -p "$output/graphs/$module"
    cp "$graphs/$module".symbols.json "$graphs/$module"@*.symbols.json "$output/graphs/$module/" 2>/dev/null || true
    "$docc" convert "Sources/$module/$module.docc" \
        --additional-symbol-graph-dir "$output/graphs/$module" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "dev.statecraft.$module" \
        --output-path "$output/$module.doccarchive" \
        --warnings-as-errors >"$output/$module.log" 2>&1 || { cat "$output/$module.log" >&2; echo "docs: $module has documentation problems" >&2; exit 1; }
    grep -E "warning|error" "$output/$module.log" && { echo "docs: $module has documentation problems" >&2; exit 1; } || true
done
rm -rf "$output/graphs"
echo "docs: $output/{StatesLanguage,Statecraft,StatecraftSimulator,StatecraftTesting}.doccarchive in $((SECONDS - started)) s"
