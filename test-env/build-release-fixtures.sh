#!/usr/bin/env bash
# Builds the plugin binaries that `kiln init`'s tests serve as releases (issue 17): the project's own
# kilnfixture plugin (test-env/plugins/kilnfixture) at two release versions, 1.0.0 and 1.1.0, so that
# a constraint can pick one and -upgrade can move to the other. Packer (and Kiln) refuse a downloaded
# binary whose `describe` reports another version than its release, so one binary cannot be served
# under two numbers: each version is built from a copy of the source with its version literal set.
#
# They are kept apart from the plugin cache of build-plugins.sh (never in a plugin directory, so no
# other test discovers them):
#   $KILN_RELEASE_FIXTURES/kilnfixture_1.0.0_<goos>_<goarch>   (default ~/.cache/kiln/release-fixtures)
# A binary already there and newer than the plugin's sources is not rebuilt.
#
# Usage: test-env/build-release-fixtures.sh
set -euo pipefail

OUT="${KILN_RELEASE_FIXTURES:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln/release-fixtures}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/test-env/plugins/kilnfixture"
VERSIONS=(1.0.0 1.1.0)

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || { echo "build-release-fixtures.sh: go is missing" >&2; exit 1; }
goos="$(go env GOOS)"
goarch="$(go env GOARCH)"
mkdir -p "$OUT"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kiln-release-fixtures.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

for v in "${VERSIONS[@]}"; do
  bin="$OUT/kilnfixture_${v}_${goos}_${goarch}"
  if [ -x "$bin" ] && [ -z "$(find "$SRC" -newer "$bin" -type f | head -1)" ]; then
    echo "$bin (cached)"
    continue
  fi
  rm -rf "$WORK/src"
  cp -R "$SRC/." "$WORK/src"
  chmod -R u+w "$WORK/src"
  # The one version literal of main.go, whatever the repository's own version is.
  sed -i -E "s/InitializePluginVersion\(\"[^\"]*\"/InitializePluginVersion(\"$v\"/" "$WORK/src/main.go"
  grep -q "InitializePluginVersion(\"$v\"" "$WORK/src/main.go" ||
    { echo "build-release-fixtures.sh: no version literal found in $SRC/main.go" >&2; exit 1; }
  echo "building kilnfixture $v"
  (cd "$WORK/src" && CGO_ENABLED=0 go build -trimpath -o "$bin.part" .)
  mv "$bin.part" "$bin"
  echo "$bin"
done
