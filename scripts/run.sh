#!/usr/bin/env bash
# Builds Bora and runs its main job. Until the server lands, that is
# validating every bundled example with `bora validate`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec ./build/bora validate examples/*.yaml
