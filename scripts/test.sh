#!/usr/bin/env bash
# Builds Bora and runs every test: the doctest suites, the CLI integration
# tests and the REST API suites (HTTP, and the real `mistral` client) through
# `meson test`, then each libFuzzer target for a short time.
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
        out = (rec.get("stdout", "") or "") + (rec.get("stderr", "") or "")
        ok = rec.get("result") == "OK"
        # doctest suites
        m = re.search(r"test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed", out)
        # the API suite (unittest): "Ran N tests" then "OK" or "FAILED (failures=..)"
        u = re.search(r"Ran (\d+) tests?", out)
        # the mistral command-line test: "N of M scenarios passed"
        c = re.search(r"(\d+) of (\d+) scenarios passed", out)
        if m:
            passed += int(m.group(2))
            failed += int(m.group(3))
        elif u:
            bad = sum(int(x) for x in re.findall(r"(?:failures|errors)=(\d+)", out))
            skipped = sum(int(x) for x in re.findall(r"skipped=(\d+)", out))
            passed += int(u.group(1)) - bad - skipped
            failed += bad if bad or ok else 1
        elif c:
            passed += int(c.group(1))
            failed += int(c.group(2)) - int(c.group(1))
        elif not ok:
            failed += 1
if sys.argv[1] != "0":
    failed += 1
print(f"{passed} passed, {failed} failed")
PY
[ "$meson_status" -eq 0 ] && [ "$fuzz_status" -eq 0 ]
