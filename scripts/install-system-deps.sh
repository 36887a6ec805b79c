#!/usr/bin/env bash
# Installs the Debian packages minify's build, fixtures and tests need, then makes the Docker engine
# answer. Idempotent: packages already present are not fetched again.
set -euo pipefail

needed=()
command -v debootstrap >/dev/null 2>&1 || needed+=(debootstrap)
command -v gcc >/dev/null 2>&1 || needed+=(gcc)
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/aarch64-linux-gnu/libc.a ] || needed+=(libc6-dev)
command -v redis-cli >/dev/null 2>&1 || needed+=(redis-tools)
command -v make >/dev/null 2>&1 || needed+=(make)
# The arm64 sensor is cross-compiled (build/minify-sensor-arm64) and its scan mode tested under
# qemu-user (test/e2e/sensor-arm64.test.ts); about 55 MB of downloads on x86_64 hosts.
if [ "$(uname -m)" = x86_64 ]; then
  command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || needed+=(gcc-aarch64-linux-gnu)
  [ -e /usr/aarch64-linux-gnu/lib/libc.a ] || needed+=(libc6-dev-arm64-cross)
  command -v qemu-aarch64 >/dev/null 2>&1 || needed+=(qemu-user)
fi
# The --html report is checked in a real browser (test/e2e/html-report.test.ts).
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
# --push is tested against a real registry on 127.0.0.1 (test/e2e/run-push.test.ts).
command -v docker-registry >/dev/null 2>&1 || needed+=(docker-registry)

if [ ${#needed[@]} -gt 0 ]; then
  echo "install-system-deps: installing ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi

exec "$(dirname "$0")/docker-up.sh"
