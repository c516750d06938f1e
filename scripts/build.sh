#!/usr/bin/env bash
# Configures (once) and builds Bora in ./build. Extra arguments go to `meson setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build --buildtype=release "$@"
fi
ninja -C build
