#!/usr/bin/env bash
# Real PostgreSQL/PostGIS on 127.0.0.1: load the Kronoberg DeSO layer into a throw-away cluster
# and check that `omrade check` and `omrade build` read areas from a PG: source exactly as from
# the GeoPackage. Usage: postgis_source_test.sh OMRADE_BINARY KRONOBERG_DIR WORK_DIR
set -euo pipefail
omrade=$1
kron=$2
work=$3
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=$((54000 + $$ % 900))

rm -rf "$work"
mkdir -p "$work"
as_pg=()
# The cluster, its socket and log live in a fresh directory under /tmp, removed on exit: the build
# tree may lie where the server cannot even enter (a clone under /root), and a Unix socket path
# may not be longer than 107 bytes (a clone deep in a home directory). PostgreSQL refuses to run
# as root: as root the server runs as the postgres system user, which then owns that directory;
# as an ordinary user the server runs as that user.
pghome=$(mktemp -d "${TMPDIR:-/tmp}/omrade-postgis.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
    chown postgres: "$pghome"
fi
chmod 700 "$pghome"
pgdata="$pghome/pgdata"
cleanup() {
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
    [ -f "$pghome/server.log" ] && cp "$pghome/server.log" "$work/server.log" 2>/dev/null
    rm -rf "$pghome"
    return 0
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U omrade >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pghome/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $pghome -c fsync=off" start >/dev/null

"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U omrade omrade
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U omrade -d omrade -c "CREATE EXTENSION postgis" >/dev/null
pg="PG:host=127.0.0.1 port=$port dbname=omrade user=omrade"
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
