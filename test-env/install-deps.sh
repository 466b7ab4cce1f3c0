#!/usr/bin/env bash
# Installs the Debian packages the integration tests use (a Docker engine, busybox for base images,
# a container registry for push tests, sshd for SSH tests).
# Skips what is already there. Needs root (CI machines are root).
set -euo pipefail
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
