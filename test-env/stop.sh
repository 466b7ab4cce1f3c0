#!/usr/bin/env bash
# Stops the Docker engine test-env/start.sh started (by its pidfile), and nothing else.
set -euo pipefail
DIR="${KILN_TEST_ENV:-/tmp/kiln-test-env}"
if [ -f "$DIR/dockerd.pid" ]; then
  kill "$(cat "$DIR/dockerd.pid")" 2>/dev/null || true
  for _ in $(seq 1 40); do
    [ -f "$DIR/dockerd.pid" ] || break
    kill -0 "$(cat "$DIR/dockerd.pid")" 2>/dev/null || break
    sleep 0.25
  done
fi
