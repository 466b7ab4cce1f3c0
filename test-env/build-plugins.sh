#!/usr/bin/env bash
# Builds pinned, real Packer plugins from their Go modules, for the plugin bridge's tests (issue 16).
# Plugin modules carry `replace` directives, which `go install MODULE@VERSION` refuses, so each module
# is fetched with `go mod download`, copied out of the (read-only) module cache and built in the copy.
#
# Binaries are cached in Packer's installed layout, reusable as PACKER_PLUGIN_PATH:
#   $KILN_PLUGIN_CACHE/github.com/hashicorp/docker/packer-plugin-docker_v1.1.2_x5.0_linux_amd64
#   $KILN_PLUGIN_CACHE/github.com/kiln-project/kilnfixture/packer-plugin-kilnfixture_v0.2.0_x5.0_linux_amd64
#   $KILN_PLUGIN_CACHE/github.com/hashicorp/amazon/packer-plugin-amazon_v1.8.0_x5.0_linux_amd64
#   ... and its _SHA256SUM beside it
# ($KILN_PLUGIN_CACHE defaults to ~/.cache/kiln/plugins). A plugin already there is not rebuilt, so a
# second run returns at once. Needs Go and the Go module proxy; when the proxy cannot serve a module,
# the script says which one and exits 1.
#
# Usage: test-env/build-plugins.sh            builds every pinned plugin
#        test-env/build-plugins.sh docker     builds only the ones named
set -euo pipefail

CACHE="${KILN_PLUGIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln/plugins}"

# name  source  module  version: the versions the tests assert against. docker v1.1.2 (packer-plugin-sdk
# 0.6.2, protocol v2): the Go module proxy refuses v1.1.4's zip (403 "This module version is not
# available"), and the checksum database has no v1.1.3.
#
# packer-plugin-scaffolding (all four component kinds) cannot be had: the proxy answers 403 "This
# module version is not available" for github.com/hashicorp/packer-plugin-scaffolding at every
# version asked — its list, @main, v0.1.0, and the pseudo-versions of main-branch commits
# v0.1.1-0.20260405153014-894b972f6091, v0.1.1-0.20260328183359-0e02a8c4e5b2,
# v0.1.1-0.20251222100113-bf38b0661b1a and v0.1.1-0.20250709150036-63dff2986f07. In its place the
# tests use kilnfixture, a plugin of the project's own (test-env/plugins/kilnfixture, written with
# packer-plugin-sdk v0.6.2, whose dependencies the proxy serves): a builder, a provisioner, a
# post-processor and a data source. A module starting with ./ is built from that directory.
# amazon v1.8.0 (the issue's amazon-ebs against moto, with custom_endpoint_ec2) takes about three
# minutes to build on a two-core machine.
PINNED=(
  "docker github.com/hashicorp/docker github.com/hashicorp/packer-plugin-docker v1.1.2"
  "kilnfixture github.com/kiln-project/kilnfixture ./test-env/plugins/kilnfixture v0.2.0"
  "amazon github.com/hashicorp/amazon github.com/hashicorp/packer-plugin-amazon v1.8.0"
)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || { echo "build-plugins.sh: go is missing (install Go to build real plugins)" >&2; exit 1; }
goos="$(go env GOOS)"
goarch="$(go env GOARCH)"

# The errors of a `go mod download -json` stream (each names its module@version).
download_errors() {
  node -e '
    let text = "";
    process.stdin.on("data", (d) => (text += d)).on("end", () => {
      // The output is a stream of JSON objects, one after another.
      for (const part of text.split(/\n}\n?/).filter((p) => p.trim())) {
        let m;
        try { m = JSON.parse(part + "\n}"); } catch { continue; }
        if (m.Error) console.log(m.Error);
      }
    });'
}

build() {
  local name="$1" source="$2" module="$3" version="$4"
  local dest="$CACHE/$source"
  local bin="$dest/packer-plugin-${name}_${version}_x5.0_${goos}_${goarch}"
  local local_dir=""
  [[ "$module" == ./* ]] && local_dir="$ROOT/${module#./}"
  # A plugin of the project's own is rebuilt when one of its files is newer than the binary.
  if [ -x "$bin" ] && [ -s "${bin}_SHA256SUM" ] &&
    { [ -z "$local_dir" ] || [ -z "$(find "$local_dir" -newer "$bin" -type f | head -1)" ]; }; then
    echo "$bin (cached)"
    return 0
  fi
  mkdir -p "$dest"

  local json dir errors
  if [ -n "$local_dir" ]; then
    dir="$local_dir"
  elif ! json="$(go mod download -json "$module@$version" 2>&1)"; then
    errors="$(printf '%s\n' "$json" | download_errors)"
    echo "build-plugins.sh: the Go module proxy could not serve $module@$version:" >&2
    echo "${errors:-$json}" >&2
    return 1
  else
    dir="$(printf '%s\n' "$json" | node -e 'let t="";process.stdin.on("data",(d)=>(t+=d)).on("end",()=>console.log(JSON.parse(t).Dir))')"
  fi

  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/kiln-plugin-build.XXXXXX")"
  WORKDIRS+=("$work")
  cp -R "$dir/." "$work/src"
  chmod -R u+w "$work/src"

  # The modules go.mod requires, first, so one the proxy cannot serve is named rather than lost in
  # go build's output.
  if ! json="$(cd "$work/src" && go mod download -json 2>/dev/null)"; then
    errors="$(printf '%s\n' "$json" | download_errors)"
    echo "build-plugins.sh: the Go module proxy could not serve a dependency of $module@$version:" >&2
    echo "${errors:-(go mod download failed without naming a module)}" >&2
    return 1
  fi

  echo "building $module@$version"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$bin.part" .)
  mv "$bin.part" "$bin"
  # Packer's checksum file: the hex digest alone, no newline.
  printf '%s' "$(sha256sum "$bin" | cut -d' ' -f1)" >"${bin}_SHA256SUM"
  echo "$bin"
}

WORKDIRS=()
cleanup() { for d in ${WORKDIRS[@]+"${WORKDIRS[@]}"}; do rm -rf "$d"; done; }
trap cleanup EXIT

status=0
for entry in "${PINNED[@]}"; do
  read -r name source module version <<<"$entry"
  if [ "$#" -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  build "$name" "$source" "$module" "$version" || status=1
done
exit "$status"
