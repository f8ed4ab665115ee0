#!/usr/bin/env bash
# Real PostgreSQL/PostGIS on 127.0.0.1: load the Kronoberg DeSO layer into a throw-away cluster
# and check that `omrade check` and `omrade build` read areas from a PG: source exactly as from
# the GeoPackage. Usage: postgis_source_test.sh OMRADE_BINARY KRONOBERG_DIR WORK_DIR
set -euo pipefail
omrade=$1
kron=$2
work=$3

rm -rf "$work"
mkdir -p "$work"
# shellcheck source=pg_cluster.sh
. "$(dirname "$0")/pg_cluster.sh"
ogr2ogr -f PostgreSQL "$pg" "$kron/deso2025_kronoberg.gpkg" deso -nln deso -lco SCHEMA=public >/dev/null

# A config identical to the demo, with the areas read from PostGIS.
sed -e "s#^kalla = \"deso2025_kronoberg.gpkg|layername=deso\"#kalla = \"$pg|layername=public.deso\"#" \
    -e "/PG:host/!s#^kalla = \"#kalla = \"$kron/#" -e "s#^katalog = \"#katalog = \"$kron/#" -e "s#^nyckel = \"#nyckel = \"$kron/#" -e "s#^listning = \"#listning = \"$kron/#" "$kron/omrade.toml" > "$work/omrade.toml"
grep -q "PG:host" "$work/omrade.toml" || { echo "config rewrite failed"; exit 1; }

"$omrade" check --config "$work/omrade.toml" --json > "$work/check.json"
python3 - "$work/check.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["omraden"]["antal"] == 115, r["omraden"]["antal"]
assert r["indata"][0]["kalla"].startswith("PG:"), r["indata"][0]
PY
"$omrade" build --no-progress --config "$work/omrade.toml" --out "$work/out" 2> "$work/build.log"
"$omrade" build --no-progress --out "$work/out_gpkg" 2> "$work/build_gpkg.log"
for p in teleborg tingsryd; do
    cmp "$work/out/$p/geojson/deso.geojson" "$work/out_gpkg/$p/geojson/deso.geojson"
done
echo "postgis: 115 DeSO read from PostGIS; deso layers identical to the GeoPackage run"
