#!/usr/bin/env bash
# Builds Bora and runs its main job. Until the REST server lands, that is
# validating every bundled example and running each one in the embedded
# engine (`bora run`), printing each execution as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
./build/bora validate examples/*.yaml
./build/bora run examples/hello.yaml --input '{"who": "Bora"}'
./build/bora run examples/error_handling.yaml
./build/bora run examples/fan_in.yaml
./build/bora run examples/reverse.yaml --task package
./build/bora run examples/with_items.yaml
./build/bora run examples/workbook.yaml --workflow ops.main
