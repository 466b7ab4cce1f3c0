#!/usr/bin/env bash
# Differential fuzzing of kiln's formatter against the real `packer fmt` (not run by CI).
# Mutates the golden inputs (inserted tokens, deleted characters, changed spacing), lets packer
# format each file in place, and compares kiln's formatHCLChecked on the same input.
#   test-env/fmt-golden/differential.sh [COUNT] [SEED]
set -euo pipefail
PACKER=${PACKER:-/usr/bin/packer}
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && npx tsc --outDir "$tmp/build" --rootDir src --module commonjs --target ES2022 --strict \
  --skipLibCheck --types node src/hcl/format/format.ts)
node "$here/mutate.js" "$tmp/fuzz" "${1:-300}" "${2:-1}"
for f in "$tmp"/fuzz/*.pkr.hcl; do
  "$PACKER" fmt "$f" >/dev/null 2>&1 || touch "${f%.pkr.hcl}.rej"
done
node "$here/compare.js" "$tmp/build" "$tmp/fuzz"
