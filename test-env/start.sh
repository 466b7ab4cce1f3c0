#!/usr/bin/env bash
# Starts what the integration tests need and writes $KILN_TEST_ENV/env.sh to source:
#   - a Docker engine of its own (unless DOCKER_HOST already answers), data under $KILN_TEST_ENV;
#   - the base image kiln-test/busybox:latest, made from the host's busybox (nothing is pulled);
#   - moto (the AWS API emulator, installed by install-deps.sh) on 127.0.0.1, as KILN_MOTO_ENDPOINT.
#     (The tests put test-env/aws-proxy.js in front of it themselves; the Debian image its instances run
#     is made lazily by test-env/debian-sshd-image.sh.)
#   - the WinRM test server, built (test-env/winrm-test-env.sh: KILN_WINRM_TEST_SERVER and
#     KILN_WINRM_NTLM_FRONT; the WinRM tests start their own on loopback).
# Nothing else: no account, no system service, nothing listening beyond dockerd's unix socket. (The SSH
# tests start their own sshd on loopback and make any account they log in to for their lifetime only.)
# Needs root to run dockerd, unless DOCKER_HOST already reaches an engine. Idempotent. Stop with
# test-env/stop.sh.
set -euo pipefail
DIR="${KILN_TEST_ENV:-/tmp/kiln-test-env}"
mkdir -p "$DIR"

if [ -z "${DOCKER_HOST:-}" ] || ! docker version >/dev/null 2>&1; then
  export DOCKER_HOST="unix://$DIR/docker.sock"
  if ! docker version >/dev/null 2>&1; then
    echo "starting dockerd (log: $DIR/dockerd.log)"
    dockerd --host "$DOCKER_HOST" --data-root "$DIR/data" --exec-root "$DIR/exec" \
      --pidfile "$DIR/dockerd.pid" >"$DIR/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
      docker version >/dev/null 2>&1 && break
      sleep 0.5
    done
    docker version >/dev/null 2>&1 || { echo "dockerd did not start:" >&2; tail -20 "$DIR/dockerd.log" >&2; exit 1; }
  fi
fi

if ! docker image inspect kiln-test/busybox:latest >/dev/null 2>&1; then
  echo "making kiln-test/busybox:latest from /bin/busybox"
  root="$(mktemp -d)"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for c in $(/bin/busybox --list); do
    [ "$c" = busybox ] || ln -s busybox "$root/bin/$c"
  done
  tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - kiln-test/busybox:latest >/dev/null
  rm -rf "$root"
fi

# moto: one process for all tests (they reset it through POST /moto-api/reset). Kept when it still
# answers; otherwise started on a free loopback port.
moto_endpoint=""
if [ -f "$DIR/moto.pid" ] && [ -f "$DIR/moto.port" ] && kill -0 "$(cat "$DIR/moto.pid")" 2>/dev/null; then
  moto_endpoint="http://127.0.0.1:$(cat "$DIR/moto.port")"
  curl -sf -o /dev/null "$moto_endpoint/moto-api/" || moto_endpoint=""
fi
if [ -z "$moto_endpoint" ]; then
  if python3 -c 'import moto.server' 2>/dev/null; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "starting moto on 127.0.0.1:$port (log: $DIR/moto.log)"
    # A session of its own, so that moto outlives the shell that started it (a hang-up killed it).
    setsid python3 -m moto.server -H 127.0.0.1 -p "$port" </dev/null >"$DIR/moto.log" 2>&1 &
    echo $! >"$DIR/moto.pid"
    echo "$port" >"$DIR/moto.port"
    for _ in $(seq 1 100); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
      sleep 0.1
    done
    if curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/"; then
      moto_endpoint="http://127.0.0.1:$port"
    else
      echo "moto did not start:" >&2
      tail -20 "$DIR/moto.log" >&2
      exit 1
    fi
  else
    echo "moto is not installed (test-env/install-deps.sh installs it): the AWS tests will skip" >&2
  fi
fi

printf 'export DOCKER_HOST=%q\n' "$DOCKER_HOST" >"$DIR/env.sh"
[ -z "$moto_endpoint" ] || printf 'export KILN_MOTO_ENDPOINT=%q\n' "$moto_endpoint" >>"$DIR/env.sh"

# The WinRM test server and NTLMv2 front: built and recorded, not started (each test starts its own).
bash "$(dirname "$0")/winrm-test-env.sh"
echo "test environment ready: . $DIR/env.sh"
