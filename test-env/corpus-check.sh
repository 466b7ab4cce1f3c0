#!/usr/bin/env bash
# Runs Kiln over a collection of Packer templates you already have and prints a verdict table:
#
#   test-env/corpus-check.sh DIR [DIR...]
#
# For every template found under DIR (a directory holding *.pkr.hcl / *.pkr.json files is one HCL2
# template; a *.json file with a "builders" key is one legacy JSON template) it runs
#   fmt -check            (HCL2 only: the directory's .pkr.hcl files are already formatted)
#   validate -syntax-only
#   validate
# each from the template's own directory, as Packer resolves relative paths against it.
# It fetches nothing and changes nothing (fmt only checks). Output, one line per template:
#
#   TEMPLATE  FMT  SYNTAX  VALIDATE
#
# where each column is "ok", "FAIL(<exit code>)" or "-" (not applicable), then totals. With -v the
# first lines of each failing command's output follow its row. Exit status: 0 when every command
# passed, 1 otherwise (2 for usage errors).
#
# The Kiln command is $KILN (default: `kiln` on PATH, else this checkout's dist/cli/index.js).
# A failure is not necessarily Kiln's fault: a template may need variables (-var-file) or plugins.
# Pass extra validate arguments with KILN_VALIDATE_ARGS (e.g. "-var-file=ci.pkrvars.hcl").
set -u

verbose=0
if [ "${1:-}" = "-v" ]; then
  verbose=1
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [-v] DIR [DIR...]" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${KILN:-}" ]; then
  read -r -a kiln <<<"$KILN"
elif command -v kiln >/dev/null 2>&1; then
  kiln=(kiln)
else
  kiln=(node "$here/../dist/cli/index.js")
fi
read -r -a validate_args <<<"${KILN_VALIDATE_ARGS:-}"

# Templates: directories with HCL2 files, then legacy JSON files, each sorted, found once.
list_templates() {
  local root
  for root in "$@"; do
    if [ ! -d "$root" ]; then
      echo "not a directory: $root" >&2
      continue
    fi
    find "$root" \( -name node_modules -o -name .git \) -prune -o \
      \( -name '*.pkr.hcl' -o -name '*.pkr.json' \) -type f -print |
      while IFS= read -r f; do dirname "$f"; done | sort -u | sed 's/^/hcl2 /'
    find "$root" \( -name node_modules -o -name .git \) -prune -o \
      -name '*.json' ! -name '*.pkr.json' ! -name '*.pkrvars.json' -type f -print | sort |
      while IFS= read -r f; do
        # A legacy template is a JSON object with a "builders" key.
        if grep -q '"builders"[[:space:]]*:' "$f" 2>/dev/null; then echo "json $f"; fi
      done
  done
}

failures=0
total=0
declare -A passed=([fmt]=0 [syntax]=0 [validate]=0)
declare -A ran=([fmt]=0 [syntax]=0 [validate]=0)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# run COLUMN DIR ARGS...: runs Kiln in DIR, prints the cell, counts.
cell=''
run() {
  local column=$1 dir=$2
  shift 2
  ran[$column]=$((ran[$column] + 1))
  (cd "$dir" && "${kiln[@]}" "$@") >"$out" 2>&1 </dev/null
  local code=$?
  if [ $code -eq 0 ]; then
    passed[$column]=$((passed[$column] + 1))
    cell=ok
  else
    failures=$((failures + 1))
    cell="FAIL($code)"
    if [ $verbose -eq 1 ]; then details+="    $column:"$'\n'"$(head -n 8 "$out" | sed 's/^/      /')"$'\n'; fi
  fi
}

printf '%-60s %-9s %-9s %-9s\n' TEMPLATE FMT SYNTAX VALIDATE
while read -r kind path; do
  [ -n "$path" ] || continue
  total=$((total + 1))
  details=''
  if [ "$kind" = hcl2 ]; then
    dir=$path
    target=.
    if compgen -G "$dir/*.pkr.hcl" >/dev/null; then
      run fmt "$dir" fmt -check .
      fmt=$cell
    else
      fmt=-
    fi
  else
    dir=$(dirname "$path")
    target=$(basename "$path")
    fmt=-
  fi
  run syntax "$dir" validate -syntax-only "$target"
  syntax=$cell
  run validate "$dir" validate "${validate_args[@]}" "$target"
  printf '%-60s %-9s %-9s %-9s\n' "$path" "$fmt" "$syntax" "$cell"
  [ -z "$details" ] || printf '%s' "$details"
done < <(list_templates "$@")

echo
printf 'templates: %d   fmt: %d/%d ok   syntax: %d/%d ok   validate: %d/%d ok\n' "$total" \
  "${passed[fmt]}" "${ran[fmt]}" "${passed[syntax]}" "${ran[syntax]}" "${passed[validate]}" "${ran[validate]}"
[ $failures -eq 0 ]
