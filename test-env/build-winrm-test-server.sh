#!/usr/bin/env bash
# Builds test-env/winrm-test-server/main.go into $KILN_WINRM_TEST_SERVER_BIN (default
# ~/.cache/kiln/winrm-test-server), offline, in GOPATH mode against the Go sources Debian's
# golang-github-dylanmei-winrmtest-dev installs under /usr/share/gocode (with its dependencies
# golang-github-gofrs-uuid-dev, -masterzen-simplexml-dev, -masterzen-xmlpath-dev;
# test-env/install-deps.sh installs them). Rebuilds only when main.go is newer than the binary.
# Prints the binary's path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${KILN_WINRM_TEST_SERVER_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln/winrm-test-server}"
go="$(command -v go || echo /usr/local/go/bin/go)"
src="$here/winrm-test-server/main.go"
if [ -x "$out" ] && [ "$out" -nt "$src" ]; then
  echo "$out"
  exit 0
fi
if [ ! -d /usr/share/gocode/src/github.com/dylanmei/winrmtest ]; then
  echo "winrmtest's sources are missing: apt-get install golang-github-dylanmei-winrmtest-dev (test-env/install-deps.sh)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$src" "$work/main.go"
(cd "$work" && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= CGO_ENABLED=0 \
  "$go" build -o "$out.tmp" main.go)
mv "$out.tmp" "$out"
echo "$out"
