#!/usr/bin/env bash
# Make a Docker engine answer on this machine: install docker.io if dockerd is missing, start it if
# the socket does not answer, wait (bounded) for `docker info`. Idempotent; a no-op where Docker runs.
set -euo pipefail

# The Debian client matches the Debian engine; a newer /usr/local/bin/docker may be on PATH first.
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }

engine_answers() { docker_cli info >/dev/null 2>&1; }

if [ -n "${DOCKER_HOST:-}" ] && engine_answers; then exit 0; fi
if command -v dockerd >/dev/null 2>&1 && engine_answers; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-up: installing docker.io from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! engine_answers; then
  echo "docker-up: starting dockerd in the background (log: /var/log/minify-dockerd.log)"
  nohup dockerd >/var/log/minify-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
fi

if ! engine_answers; then
  echo "docker-up: dockerd did not answer within 60s; last lines of /var/log/minify-dockerd.log:" >&2
  tail -n 20 /var/log/minify-dockerd.log >&2 || true
  exit 1
fi
echo "docker-up: engine $(docker_cli version --format '{{.Server.Version}}') ready"
