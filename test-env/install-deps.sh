#!/usr/bin/env bash
# Installs the Debian packages the integration tests use: docker.io (a Docker engine), busybox-static
# (for a base image made locally), docker-registry (push tests), openssh-server and openssh-client
# (sshd, ssh-agent, scp for SSH tests), lz4 and unzip (to check archives), debootstrap (the Debian base
# image of the AWS emulator, test-env/debian-sshd-image.sh), packer (Debian's 1.6.6: the emulator's
# fidelity check runs a real amazon-ebs build against it), golang-github-dylanmei-winrmtest-dev (the
# Go sources of the WinRM test peer Packer's tests use, built by test-env/build-winrm-test-server.sh;
# golang-go too when no Go is installed); and from PyPI into the python3 on PATH moto[server] (the
# AWS API emulator, test-env/start.sh) and pyspnego (the NTLMv2 acceptor of
# test-env/winrm-ntlm-front.py). Skips what is already there. Needs root (apt-get).
#
# It starts nothing and leaves nothing listening: the tests start their own dockerd, registry and sshd
# on loopback with configurations of their own. Debian's packages would start and enable their system
# services on install (sshd with password logins on every interface, a registry on :5000), so the
# install runs under a policy-rc.d that refuses service starts, and the network services of packages
# installed here are disabled afterwards. A package that was already installed is left as it was.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  echo "test-env/install-deps.sh needs root (it runs apt-get)." >&2
  exit 1
fi

# moto, pinned: the emulator's API behaviour is what the AWS tests assert against. (python3 here is
# pyenv's, which pip may install into; a Debian python3 refuses system-wide pip installs, PEP 668.)
MOTO_VERSION=5.2.1
if ! python3 -c 'import moto.server, sys; import moto; sys.exit(moto.__version__ != sys.argv[1])' "$MOTO_VERSION" 2>/dev/null; then
  echo "installing moto[server]==$MOTO_VERSION from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# pyspnego, pinned: the NTLM acceptor the WinRM communicator's NTLMv2 tests authenticate against.
PYSPNEGO_VERSION=0.12.4
if ! python3 -c 'import sys; from importlib.metadata import version; sys.exit(version("pyspnego") != sys.argv[1])' "$PYSPNEGO_VERSION" 2>/dev/null; then
  echo "installing pyspnego==$PYSPNEGO_VERSION from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check "pyspnego==$PYSPNEGO_VERSION"
fi

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-agent >/dev/null 2>&1 || need+=(openssh-client)
command -v lz4 >/dev/null 2>&1 || need+=(lz4)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v packer >/dev/null 2>&1 || need+=(packer)
[ -d /usr/share/gocode/src/github.com/dylanmei/winrmtest ] || need+=(golang-github-dylanmei-winrmtest-dev)
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] || need+=(golang-go)
[ "${#need[@]}" -gt 0 ] || exit 0

# invoke-rc.d asks /usr/sbin/policy-rc.d whether it may start a service; 101 means "no". A policy the
# machine already has is kept (and used) as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# test-env/install-deps.sh: no service starts while it installs\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

# What would listen on the network after the next boot: disabled for systemd (which works offline
# too) and for sysvinit's runlevel links, and stopped if systemd runs (policy-rc.d has no say there
# when a socket unit activates it).
services=()
for pkg in "${need[@]}"; do
  case "$pkg" in
    openssh-server) services+=(ssh) ;;
    docker-registry) services+=(docker-registry) ;;
  esac
done
for svc in ${services[@]+"${services[@]}"}; do
  units=("$svc.service")
  [ "$svc" != ssh ] || units+=(ssh.socket)
  if command -v systemctl >/dev/null 2>&1; then
    if [ -d /run/systemd/system ]; then
      systemctl disable --now "${units[@]}" >/dev/null 2>&1 || true
    else
      systemctl disable "${units[@]}" >/dev/null 2>&1 || true
    fi
  fi
  if [ -e "/etc/init.d/$svc" ] && command -v update-rc.d >/dev/null 2>&1; then
    update-rc.d "$svc" disable >/dev/null 2>&1 || true
  fi
done
