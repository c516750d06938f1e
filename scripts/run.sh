#!/usr/bin/env bash
# Builds Bora and runs its main job: `bora server` on 127.0.0.1:8989 with its
# embedded RocksDB in ./var/bora (config/bora.yaml), with every bundled
# example uploaded so it can be started at once, e.g.
#   curl -s -XPOST -d '{"workflow_name": "hello", "input": {"who": "you"}}' \
#        http://127.0.0.1:8989/v2/executions
# Stops on Ctrl-C (or SIGTERM) after finishing the requests in progress.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
./build/bora validate examples/*.yaml

./build/bora server --config config/bora.yaml &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" || true; exit 0' INT TERM

base=http://127.0.0.1:8989
for _ in $(seq 1 200); do
  if curl -sf "$base/" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    wait "$server"
    exit 1
  fi
  sleep 0.05
done

# Upload the examples; those already stored (a restart) are left as they are.
for f in examples/*.yaml; do
  if grep -q '^name:' "$f"; then
    endpoint=workbooks
  else
    endpoint=workflows
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST -H 'Content-Type: text/plain' \
    --data-binary "@$f" "$base/v2/$endpoint")
  echo "upload $f -> $code"
done
echo "Bora is serving Mistral's REST API v2 at $base/v2 (Ctrl-C stops it)"
wait "$server"
