#!/usr/bin/env bash
# Prints every benchmark's figures; run by `make bench` after build and fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== minify run on the fixtures"
npx tsx bench/run-fixtures.ts
echo "== components: traced-only vs component closure"
npx tsx bench/components.ts
echo "== flatten + write throughput (biggest fixture)"
npx tsx bench/flatten-throughput.ts minify-fixture/node-api:1.0
echo "== sensor overhead"
npx tsx bench/sensor-overhead.ts
echo "== verify with and without the sensor"
npx tsx bench/verify-sensor.ts
echo "== HTML report size and load time (biggest fixture)"
npx tsx bench/html-report.ts minify-fixture/node-api:1.0
