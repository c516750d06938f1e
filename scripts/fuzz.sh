#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
./scripts/install-deps.sh
if [ ! -f build-fuzz/build.ninja ]; then
  CXX=clang++-14 meson setup build-fuzz -Dfuzz=true -Dwerror=false -Dbuildtype=debugoptimized
fi
ninja -C build-fuzz test/fuzz/definition_fuzz test/fuzz/jinja_fuzz test/fuzz/yaql_fuzz

# Seeds: the definition corpus and the expressions of the case tables.
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/definition" "$seeds/yaql" "$seeds/jinja"
cp test/dsl/valid/*.yaml test/dsl/invalid/*.yaml "$seeds/definition/" 2>/dev/null || true
python3 - "$seeds" <<'PY'
import json, os, sys
root = sys.argv[1]
for lang in ("yaql", "jinja"):
    path = f"test/dsl/expr_cases/{lang}_cases.json"
    if not os.path.exists(path):
        continue
    for i, case in enumerate(json.load(open(path))["cases"]):
        with open(os.path.join(root, lang, f"{i:05d}"), "w") as f:
            f.write(case["expr"])
PY

status=0
for target in definition yaql jinja; do
  echo "fuzz: $target for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=0 "build-fuzz/test/fuzz/${target}_fuzz" \
      -seed=1 -runs=2000000 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=0 "$seeds/$target" 2>"build-fuzz/${target}_fuzz.log"; then
    echo "fuzz: $target FAILED; see build-fuzz/${target}_fuzz.log"
    tail -40 "build-fuzz/${target}_fuzz.log"
    status=1
  fi
done
exit $status
