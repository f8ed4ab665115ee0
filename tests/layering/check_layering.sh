#!/usr/bin/env bash
# The include-layering rules of docs/architecture.md, checked on the source tree:
#   geo/       knows no health: includes nothing from profiles/ or tools/
#   profiles/  no GDAL/GEOS/PROJ headers (nor geo's private headers that wrap them); each
#              folder includes only the folders below it (the table ALLOWED)
#   tools/     no GDAL/GEOS/PROJ headers: the CLI goes through geo/ and profiles/
# Usage: check_layering.sh SOURCE_DIR. Prints every violation as file:line: include (rule) and
# exits 1 when there is any.
set -euo pipefail

src=${1:?usage: check_layering.sh SOURCE_DIR}
cd "$src"

# GDAL/OGR/CPL, GEOS, PROJ headers, and geo's private wrappers of them.
gis='^#include *[<"]((gdal|ogr|ogrsf|cpl|gnm)[a-z0-9_]*\.h|geos_c\.h|geos/|geos\.h|proj\.h|proj/|proj_[a-z_]*\.h|geo/(gdal_session|geos_context|ogr_convert)\.hpp)'

# profiles/ folder → the profiles/ folders (and top-level files) it may include besides itself.
# "top:inputs" is profiles/inputs.hpp (stage 1); "top:build" is profiles/build.hpp (last stage).
declare -A ALLOWED=(
    [input]=""
    [stats]="input"
    [disclosure]=""
    [catchments]="input"
    [top:inputs]="input catchments"
    [engine]="input catchments stats disclosure top:inputs"
    [followup]="input stats disclosure engine"
    [output]="input catchments stats disclosure engine followup top:inputs"
    [report]="input catchments stats disclosure engine followup output top:inputs"
    [allocation]="input"
    [top:build]="input catchments stats disclosure engine followup output report allocation top:inputs"
)

violations=0
fail() {
    echo "$1: $2 ($3)"
    violations=$((violations + 1))
}

# The folder (or top-level stage) a profiles/ path belongs to.
folder_of() {
    local rel=${1#profiles/}
    case "$rel" in
        */*) echo "${rel%%/*}" ;;
        *) rel=${rel%.*}; echo "top:$rel" ;;
    esac
}

while IFS=: read -r file line text; do
    fail "$file:$line" "$text" "geo/ may not include profiles/ or tools/"
done < <(grep -rnE '^#include *"(profiles|tools)/' geo --include='*.cpp' --include='*.hpp' || true)

while IFS=: read -r file line text; do
    fail "$file:$line" "$text" "tools/ may not include GDAL/GEOS/PROJ headers"
done < <(grep -rnE "$gis" tools --include='*.cpp' --include='*.hpp' || true)

while IFS=: read -r file line text; do
    fail "$file:$line" "$text" "profiles/ may not include GDAL/GEOS/PROJ headers"
done < <(grep -rnE "$gis" profiles --include='*.cpp' --include='*.hpp' || true)

while IFS=: read -r file line text; do
    from=$(folder_of "$file")
    if [ -z "${ALLOWED[$from]+set}" ]; then
        fail "$file:$line" "$text" "profiles/$from is not in the layering table of tests/layering/check_layering.sh"
        continue
    fi
    target=$(sed -E 's/^#include *"([^"]*)".*/\1/' <<<"$text")
    to=$(folder_of "$target")
    [ "$to" = "$from" ] && continue
    ok=0
    for a in ${ALLOWED[$from]}; do [ "$a" = "$to" ] && ok=1; done
    [ $ok -eq 1 ] || fail "$file:$line" "$text" "profiles/${from#top:} may not include profiles/${to#top:}"
done < <(grep -rnE '^#include *"profiles/' profiles --include='*.cpp' --include='*.hpp' || true)

if [ $violations -gt 0 ]; then
    echo "check_layering: $violations violation(s) of the layering in docs/architecture.md"
    exit 1
fi
echo "check_layering: ok"
