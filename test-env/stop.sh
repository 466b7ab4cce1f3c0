#!/usr/bin/env bash
# Stops the Docker engine test-env/start.sh started (by its pidfile), and removes any throwaway account
# a killed SSH test left behind (kiln-pw-*, made by __tests__/support/ssh/password-user.ts) and the kiln-ssh
# account that earlier versions of start.sh created with a published password. Nothing else.
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
if [ "$(id -u)" = 0 ]; then
  for account in $(cut -d: -f1 /etc/passwd | grep -E '^(kiln-pw-[0-9a-f]+|kiln-ssh)$' || true); do
    userdel --remove "$account" 2>/dev/null || userdel "$account" || true
  done
fi
