#!/usr/bin/env bash
# Installs the Debian packages the integration tests use (a Docker engine, busybox for base images,
# a container registry for push tests, sshd/ssh-agent/scp for SSH tests, lz4 and unzip to check archives).
# Skips what is already there. Needs root (CI machines are root).
set -euo pipefail
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-agent >/dev/null 2>&1 || need+=(openssh-client)
command -v lz4 >/dev/null 2>&1 || need+=(lz4)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
