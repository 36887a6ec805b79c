#!/usr/bin/env bash
# `make demo`: slims the bundled node-api fixture with its probe and prints the result.
set -euo pipefail
cd "$(dirname "$0")/.."
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }

SOURCE=minify-fixture/node-api:1.0
node bin/minify.js run "$SOURCE" --probe probes/api.ts --debug --report build/demo-report.json

echo
echo "Images (source, slim, debug):"
docker_cli image ls --format '  {{.Repository}}:{{.Tag}}\t{{.Size}}' minify-fixture/node-api
echo "Full plan with a reason for every kept path: build/demo-report.json"
