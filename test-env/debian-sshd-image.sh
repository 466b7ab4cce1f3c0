#!/usr/bin/env bash
# Makes the Docker image kiln-test/debian-sshd:bookworm (Debian bookworm, minbase, with openssh-server)
# in the test env's engine, for the AWS emulator's base AMIs (test-env/aws-proxy.js). Nothing can be
# pulled, so the root file system comes from debootstrap against the apt mirror this machine uses; the
# tarball is cached in $KILN_TEST_CACHE (default ~/.cache/kiln/test-images) so that later runs only
# `docker import` it (a few seconds) instead of running debootstrap again (~35 s).
# Built lazily: the tests that need it run this script; it returns at once when the image exists.
# Needs root (debootstrap) the first time, and DOCKER_HOST (from $KILN_TEST_ENV/env.sh).
set -euo pipefail
IMAGE="${KILN_DEBIAN_SSHD_IMAGE:-kiln-test/debian-sshd:bookworm}"
CACHE="${KILN_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln/test-images}"
TARBALL="$CACHE/debian-sshd-bookworm.tar"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi
mkdir -p "$CACHE"
if [ ! -s "$TARBALL" ]; then
  command -v debootstrap >/dev/null 2>&1 || { echo "debootstrap is missing: run test-env/install-deps.sh" >&2; exit 1; }
  # The mirror apt already uses (deb822 .sources or a one-line list); debootstrap cannot reach others.
  mirror="$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v -- '-security' | head -1 || true)"
  if [ -z "$mirror" ]; then
    mirror="$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v -- '-security' | head -1 || true)"
  fi
  mirror="${mirror:-http://deb.debian.org/debian}"
  rootfs="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs" "$TARBALL.part"' EXIT
  echo "debootstrap bookworm from $mirror (log: $CACHE/debootstrap.log)"
  if ! debootstrap --variant=minbase --include=openssh-server bookworm "$rootfs" "$mirror" >"$CACHE/debootstrap.log" 2>&1; then
    tail -20 "$CACHE/debootstrap.log" >&2
    exit 1
  fi
  # Smaller tarball: no downloaded packages or indexes, no host keys (each container makes its own).
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/etc/ssh/ssh_host_*
  tar -C "$rootfs" -cf "$TARBALL.part" .
  mv "$TARBALL.part" "$TARBALL"
fi
docker import -c 'CMD ["/bin/bash"]' "$TARBALL" "$IMAGE" >/dev/null
echo "imported $IMAGE from $TARBALL"
