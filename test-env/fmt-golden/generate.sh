#!/usr/bin/env bash
# Regenerates the golden outputs for __tests__/hcl/format from the real `packer fmt`.
# Not run by CI: the fixtures are committed. Needs a Packer binary (default /usr/bin/packer, 1.6.6).
#
#   test-env/fmt-golden/generate.sh            # regenerate every *.out.pkr.hcl
#
# Packer 1.6.6 embeds an older hclwrite. Fixtures listed in hand-maintained.txt exercise rules where
# current hclwrite differs (e.g. `!x`, which 1.6.6 writes as `! x`); their outputs are kept by hand
# and this script only shows how 1.6.6 would differ, for review.
set -euo pipefail
PACKER=${PACKER:-/usr/bin/packer}
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../../__tests__/fixtures/fmt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mapfile -t hand < <(grep -v '^#' "$here/hand-maintained.txt" | sed '/^$/d')

is_hand() {
  local n
  for n in "${hand[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

for in in "$fixtures"/*.in.pkr.hcl; do
  name=$(basename "$in" .in.pkr.hcl)
  out="$fixtures/$name.out.pkr.hcl"
  cp "$in" "$tmp/input.pkr.hcl"
  if ! "$PACKER" fmt "$tmp/input.pkr.hcl" >/dev/null; then
    echo "packer fmt rejected $name" >&2
    exit 1
  fi
  if is_hand "$name"; then
    echo "== $name is hand-maintained; packer $("$PACKER" version) differs by:"
    diff "$out" "$tmp/input.pkr.hcl" || true
  else
    cp "$tmp/input.pkr.hcl" "$out"
  fi
done
echo "done: $(ls "$fixtures"/*.out.pkr.hcl | wc -l) outputs"
