#!/usr/bin/env bash
# Starts what the integration tests need and writes $KILN_TEST_ENV/env.sh to source:
#   - a Docker engine of its own (unless DOCKER_HOST already answers), data under $KILN_TEST_ENV;
#   - the base image kiln-test/busybox:latest, made from the host's busybox (nothing is pulled).
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

printf 'export DOCKER_HOST=%q\n' "$DOCKER_HOST" >"$DIR/env.sh"
echo "test environment ready: . $DIR/env.sh"
