#!/usr/bin/env bash
# Installs every Debian package that building and testing Bora needs.
# Idempotent: when every package is already present it does nothing.
set -euo pipefail

packages=(
  # toolchain and build
  g++ meson ninja-build pkg-config cmake ccache
  # libraries named in DESIGN.md, plus the well-kept extras we use
  libcaf-dev libyaml-cpp-dev libboost-json1.81-dev librocksdb-dev
  libcpp-httplib-dev libssl-dev doctest-dev libcli11-dev
  libspdlog-dev libfmt-dev libre2-dev
  # fuzzing (libFuzzer comes with clang's runtime)
  clang-14 libclang-rt-14-dev
  # test tooling: python for table generators and integration drivers
  python3 curl
  # the real mistral command line, for the API compatibility test
  python3-mistralclient
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
