#!/usr/bin/env bash
# Builds Bora and runs every test: the doctest suites and CLI integration
# tests through `meson test`, then each libFuzzer target for a short time.
# Ends with one line: "N passed, N failed".
#   scripts/test.sh            (FUZZ_SECONDS=0 skips the fuzzers)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build

set +e
meson test -C build --print-errorlogs --num-processes 2
meson_status=$?
set -e

fuzz_status=0
if [ "${FUZZ_SECONDS:-20}" != "0" ]; then
  ./scripts/fuzz.sh "${FUZZ_SECONDS:-20}" || fuzz_status=1
fi

# One closing line over every doctest case run by meson.
python3 - "$fuzz_status" <<'PY'
import json, re, sys
passed = failed = 0
with open("build/meson-logs/testlog.json") as f:
    for line in f:
        rec = json.loads(line)
        out = rec.get("stdout", "") or ""
        m = re.search(r"test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed", out)
        if m:
            passed += int(m.group(2))
            failed += int(m.group(3))
        elif rec.get("result") != "OK":
            failed += 1
if sys.argv[1] != "0":
    failed += 1
print(f"{passed} passed, {failed} failed")
PY
[ "$meson_status" -eq 0 ] && [ "$fuzz_status" -eq 0 ]
