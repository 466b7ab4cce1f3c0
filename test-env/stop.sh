#!/usr/bin/env bash
# Stops moto and the Docker engine test-env/start.sh started (by their pidfiles; first removing any
# instance container an AWS emulator proxy left behind, label kiln-awsemu), and removes any throwaway account
# a killed SSH test left behind (kiln-pw-*, made by __tests__/support/ssh/password-user.ts) and the kiln-ssh
# account that earlier versions of start.sh created with a published password. Nothing else.
set -euo pipefail
DIR="${KILN_TEST_ENV:-/tmp/kiln-test-env}"
if [ -f "$DIR/moto.pid" ]; then
  kill "$(cat "$DIR/moto.pid")" 2>/dev/null || true
  rm -f "$DIR/moto.pid" "$DIR/moto.port"
fi
if [ -f "$DIR/dockerd.pid" ] && [ -S "$DIR/docker.sock" ]; then
  leftovers="$(DOCKER_HOST="unix://$DIR/docker.sock" docker ps -aq --filter label=kiln-awsemu 2>/dev/null || true)"
  # shellcheck disable=SC2086
  [ -z "$leftovers" ] || DOCKER_HOST="unix://$DIR/docker.sock" docker rm -f $leftovers >/dev/null 2>&1 || true
fi
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
