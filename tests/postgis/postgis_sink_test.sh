#!/usr/bin/env bash
# Real PostgreSQL/PostGIS on 127.0.0.1: `omrade build --postgis` on the embedded default writes
# every pilot's layers, the county layers and omrade_bygge into one schema, and reading the
# tables back gives the GeoPackage's features, attributes and geometries. A rerun replaces
# exactly omrade's tables (a foreign table in the schema survives), a run that fails or is killed
# in the middle of its transaction leaves the previous contents, and a database without PostGIS
# or a user without rights gets a clear message. Usage: postgis_sink_test.sh OMRADE_BINARY WORK_DIR
set -euo pipefail
omrade=$1
work=$2

rm -rf "$work"
mkdir -p "$work"
# shellcheck source=pg_cluster.sh
. "$(dirname "$0")/pg_cluster.sh"
psql_q() { "${pg_psql[@]}" -A -t -c "$1"; }
fail() { echo "FEL: $*" >&2; exit 1; }

# A table of someone else's in the schema, before omrade ever wrote there.
psql_q "CREATE SCHEMA omrade; CREATE TABLE omrade.egen_tabell (id int PRIMARY KEY, namn text); INSERT INTO omrade.egen_tabell VALUES (1, 'behåll mig')" >/dev/null

# 1. The round trip.
"$omrade" build --no-progress --out "$work/out" --postgis "$pg" 2> "$work/build1.log" || { cat "$work/build1.log"; fail "bygget med --postgis"; }
grep -q "till PostGIS-schemat omrade i en transaktion" "$work/build1.log" || fail "ingen rad om PostGIS i $work/build1.log"
mkdir -p "$work/pg"
python3 - "$work" "$pg" <<'PY'
import json, subprocess, sys, os
work, pg = sys.argv[1], sys.argv[2]
report = json.load(open(f"{work}/out/byggrapport.json"))
pilots = [p["id"] for p in report["piloter"]]
assert len(pilots) >= 2, pilots

def export(src, sql=None, layer=None, dialect=None):
    """Features of a layer or query as GeoJSON in EPSG:3006 with full precision."""
    out = f"{work}/pg/tmp.geojson"
    if os.path.exists(out): os.remove(out)
    cmd = ["ogr2ogr", "-f", "GeoJSON", "-lco", "RFC7946=NO", "-lco", "COORDINATE_PRECISION=15", out, src]
    if sql: cmd += ["-sql", sql]
    if dialect: cmd += ["-dialect", dialect]
    if layer: cmd += [layer]
    subprocess.run(cmd, check=True, capture_output=True)
    return json.load(open(out))["features"]

def flat(coords):
    if isinstance(coords[0], (int, float)): return [coords]
    return [p for c in coords for p in flat(c)]

def same_geometry(a, b, where):
    if a is None or b is None:
        assert a is None and b is None, where
        return
    assert a["type"] == b["type"], (where, a["type"], b["type"])
    pa, pb = flat(a["coordinates"]), flat(b["coordinates"])
    assert len(pa) == len(pb), (where, len(pa), len(pb))
    worst = max(abs(x - y) for p, q in zip(pa, pb) for x, y in zip(p, q))
    assert worst <= 1e-6, (where, worst)  # metres in SWEREF 99 TM

def same_properties(a, b, where):
    assert a.keys() == b.keys(), (where, sorted(a.keys() ^ b.keys()))
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, float) or isinstance(y, float):
            assert x is not None and y is not None and abs(x - y) <= 1e-9 * max(1, abs(x)), (where, k, x, y)
        else:
            assert x == y, (where, k, x, y)

counts = {}
compared = 0
for p in pilots:
    gpkg = f"{work}/out/{p}/{p}.gpkg"
    layers = [l for l in subprocess.run(["ogrinfo", "-q", "-so", gpkg], check=True, capture_output=True, text=True).stdout.split("\n") if l.strip()]
    names = [l.split(":", 1)[1].strip().split(" ")[0] for l in layers]
    names = [n for n in names if n != "layer_styles"]
    assert "deso" in names and "kommuner" in names, names
    for name in names:
        want = export(gpkg, layer=name)
        if name == "kommuner":
            # The table holds every kommun of the set once; a pilot's GeoPackage its surroundings.
            codes = ", ".join(f"'{f['properties']['kommunkod']}'" for f in want)
            got = export(pg, sql=f"SELECT * FROM omrade.kommuner WHERE kommunkod IN ({codes}) ORDER BY fid")
        else:
            got = export(pg, sql=f"SELECT * FROM omrade.{name} WHERE pilot_id = '{p}' ORDER BY fid")
            for f in got:
                assert f["properties"].pop("pilot_id") == p
            counts[name] = counts.get(name, 0) + len(got)
        for f in got: f["properties"].pop("fid", None)
        assert len(got) == len(want), (p, name, len(got), len(want))
        # The GeoJSON output of the same build carries the same attributes (in WGS84).
        geojson = json.load(open(f"{work}/out/{p}/geojson/{name}.geojson"))["features"]
        assert len(geojson) == len(want), (p, name)
        for i, (g, w, j) in enumerate(zip(got, want, geojson)):
            where = f"{p}/{name} objekt {i}"
            same_properties(g["properties"], w["properties"], where)
            same_properties(g["properties"], j["properties"], where + " (GeoJSON)")
            same_geometry(g["geometry"], w["geometry"], where)
            compared += 1
# Every kommun of the demo's DeSOs (Kronoberg's 8), once.
counts["kommuner"] = len(export(pg, sql="SELECT * FROM omrade.kommuner"))
assert counts["kommuner"] == 8, counts["kommuner"]
json.dump({"pilots": pilots, "counts": counts}, open(f"{work}/pg/counts.json", "w"))
print(f"postgis_sink: {compared} objekt lika i PostGIS och GeoPackage ({len(pilots)} piloter)")
PY

# Row counts in the registry = the tables; primary keys, GiST indexes, EPSG:3006.
registry=$(psql_q "SELECT tabell || '=' || antal_rader FROM omrade.omrade_tabeller ORDER BY tabell")
for row in $registry; do
    t=${row%=*}; n=${row#*=}
    [ "$(psql_q "SELECT count(*) FROM omrade.$t")" = "$n" ] || fail "omrade.$t: antal rader ≠ registret ($n)"
done
for t in deso upptagningsomrade vardcentraler kommuner; do
    echo "$registry" | grep -q "^$t=" || fail "$t saknas i omrade.omrade_tabeller"
    [ "$(psql_q "SELECT srid FROM geometry_columns WHERE f_table_schema = 'omrade' AND f_table_name = '$t'")" = 3006 ] || fail "$t: inte EPSG:3006"
    psql_q "SELECT indexdef FROM pg_indexes WHERE schemaname = 'omrade' AND tablename = '$t'" | grep -q "USING gist (geom)" || fail "$t: inget GiST-index"
    [ "$(psql_q "SELECT count(*) FROM pg_constraint WHERE conrelid = 'omrade.$t'::regclass AND contype = 'p'")" = 1 ] || fail "$t: ingen primärnyckel"
done
python3 - "$work" "$registry" <<'PY'
import json, sys
work, registry = sys.argv[1], dict(r.split("=") for r in sys.argv[2].split())
c = json.load(open(f"{work}/pg/counts.json"))["counts"]
for t, n in c.items():
    assert int(registry[t]) == n, (t, registry[t], n)
assert "omrade_bygge" in registry and "egen_tabell" not in registry, registry
PY
[ "$(psql_q "SELECT varde FROM omrade.omrade_bygge WHERE post = 'konfiguration_sha256'")" = \
  "$(sha256sum "$(psql_q "SELECT varde FROM omrade.omrade_bygge WHERE post = 'konfiguration'")" | cut -d' ' -f1)" ] || fail "konfiguration_sha256"
psql_q "SELECT varde FROM omrade.omrade_bygge WHERE post = 'syntetiska_data'" | grep -q "^ja: SYNTETISKA DEMODATA" || fail "syntetiska_data"
psql_q "SELECT varde FROM omrade.omrade_bygge WHERE post = 'byggrapport'" | python3 -c "import json,sys; r=json.load(sys.stdin); assert r['piloter']"
[ "$(psql_q "SELECT namn FROM omrade.egen_tabell")" = "behåll mig" ] || fail "egen_tabell"

# What the schema holds, as one text to compare after every later run.
snapshot() {
    for t in $(psql_q "SELECT tabell FROM omrade.omrade_tabeller WHERE tabell <> 'omrade_bygge' ORDER BY tabell"); do
        echo "$t $(psql_q "SELECT count(*) || ' ' || md5(string_agg(t::text, '|' ORDER BY fid)) FROM omrade.$t t")"
    done
    psql_q "SELECT tabell, antal_rader FROM omrade.omrade_tabeller ORDER BY tabell"
    psql_q "SELECT varde FROM omrade.omrade_bygge WHERE post = 'byggd'"
    psql_q "SELECT * FROM omrade.egen_tabell"
}
snapshot > "$work/snapshot1.txt"

# 2. A rerun with one pilot replaces the tables: no rows of the other pilots remain.
first=$(python3 -c "import json; print(json.load(open('$work/pg/counts.json'))['pilots'][0])")
"$omrade" build --no-progress --out "$work/out2" --pilot "$first" --postgis "$pg" 2> "$work/build2.log" || { cat "$work/build2.log"; fail "andra bygget"; }
grep -q "ersatte" "$work/build2.log" || fail "andra bygget säger inte att tabeller ersattes"
[ "$(psql_q "SELECT string_agg(DISTINCT pilot_id, ',') FROM omrade.deso")" = "$first" ] || fail "rader från andra piloter finns kvar"
[ "$(psql_q "SELECT count(*) FROM omrade.deso")" = "$(ogrinfo -q -sql 'SELECT count(*) AS n FROM deso' "$work/out2/$first/$first.gpkg" | sed -n 's/.*n (Integer[0-9]*) = //p')" ] || fail "deso efter omkörning med en pilot"
[ "$(psql_q "SELECT namn FROM omrade.egen_tabell")" = "behåll mig" ] || fail "egen_tabell efter omkörning"

# 3. The full build again: the same contents as the first time, no duplicates.
"$omrade" build --no-progress --out "$work/out" --overwrite --postgis "$pg" 2> "$work/build3.log" || { cat "$work/build3.log"; fail "tredje bygget"; }
snapshot > "$work/snapshot3.txt"
diff <(grep -v '^[0-9-]*T[0-9:]*Z$' "$work/snapshot1.txt") <(grep -v '^[0-9-]*T[0-9:]*Z$' "$work/snapshot3.txt") || fail "tredje bygget skiljer sig från det första"
[ "$(psql_q "SELECT count(*) FROM (SELECT pilot_id, desokod FROM omrade.deso GROUP BY 1, 2 HAVING count(*) > 1) d")" = 0 ] || fail "dubbletter i deso"
snapshot > "$work/before_failures.txt"
cp "$work/out/byggrapport.json" "$work/byggrapport_before_failures.json"

# 4. Runs that fail leave the schema (and the output folder) as they were.
# A table of the same name as one of omrade's that omrade did not write: refused before the
# build, nothing changes.
psql_q "CREATE SCHEMA annat; CREATE TABLE annat.deso (id int)" >/dev/null
if "$omrade" build --no-progress --out "$work/out5" --postgis "$pg" --schema annat 2> "$work/build5.log"; then fail "främmande tabell ersattes"; fi
grep -q "tabellen annat.deso finns redan men skrevs inte här" "$work/build5.log" || { cat "$work/build5.log"; fail "meddelandet om en främmande tabell"; }
[ "$(psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'annat'")" = 1 ] || fail "schemat annat ändrades"
[ ! -e "$work/out5" ] || fail "utmappen skrevs trots felet"

# In the middle of the transaction: another session holds a SHARE lock on the registry, which the
# build reads at the start and updates last, so the build has dropped and rewritten every data
# table when it waits. Failing there (lock_timeout) or killed there (SIGKILL), it changes nothing.
PGAPPNAME=omrade_las "${pg_psql[@]}" -c "BEGIN; LOCK TABLE omrade.omrade_tabeller IN SHARE MODE; SELECT pg_sleep(600)" >/dev/null 2>&1 &
locker=$!
until [ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'omrade_las' AND wait_event = 'PgSleep'")" = 1 ]; do sleep 0.1; done
if PGOPTIONS="-c lock_timeout=500" "$omrade" build --no-progress --out "$work/out" --overwrite --postgis "$pg" 2> "$work/build6.log"; then fail "bygget gick igenom trots låset"; fi
grep -q "registertabellen kan inte skrivas (canceling statement due to lock timeout); inget ändrades i schemat" "$work/build6.log" || { cat "$work/build6.log"; fail "meddelandet när transaktionen avbryts"; }
PGAPPNAME=omrade_dodas "$omrade" build --no-progress --out "$work/out" --overwrite --postgis "$pg" 2> "$work/build7.log" &
builder=$!
waiting=0
for _ in $(seq 1 600); do  # until the build waits for the registry
    waiting=$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'omrade_tabeller' AND NOT l.granted")
    [ "$waiting" -gt 0 ] && break
    sleep 0.2
done
[ "$waiting" -gt 0 ] || fail "bygget kom aldrig fram till registret"
kill -KILL "$builder"
wait "$builder" 2>/dev/null || true
psql_q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'omrade_las'" >/dev/null
wait "$locker" 2>/dev/null || true
# The killed build's server process notices the lost client once the lock is free, and rolls back.
for _ in $(seq 1 300); do
    [ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE datname = 'omrade' AND pid <> pg_backend_pid() AND backend_type = 'client backend'")" = 0 ] && break
    sleep 0.2
done
diff "$work/before_failures.txt" <(snapshot) || fail "schemat ändrades av ett bygge som avbröts eller dödades mitt i"
cmp "$work/out/byggrapport.json" "$work/byggrapport_before_failures.json" || fail "utmappen byttes trots att PostGIS misslyckades"

# 5. Clear messages: a database without PostGIS, a user without rights; nothing written.
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U omrade utan_postgis
if "$omrade" build --no-progress --out "$work/out8" --postgis "${pg/dbname=omrade/dbname=utan_postgis}" 2> "$work/build8.log"; then fail "utan PostGIS"; fi
grep -q "PostGIS saknas i databasen 'utan_postgis'.*CREATE EXTENSION postgis" "$work/build8.log" || { cat "$work/build8.log"; fail "meddelandet utan PostGIS"; }
psql_q "CREATE ROLE lasare LOGIN" >/dev/null
if "$omrade" build --no-progress --out "$work/out9" --postgis "${pg/user=omrade/user=lasare}" 2> "$work/build9.log"; then fail "utan rättigheter"; fi
grep -q "användaren 'lasare' får inte skapa tabeller i schemat 'omrade'.*GRANT CREATE ON SCHEMA omrade TO lasare" "$work/build9.log" || { cat "$work/build9.log"; fail "meddelandet utan rättigheter"; }
if "$omrade" build --no-progress --out "$work/out9" --postgis "${pg/user=omrade/user=lasare}" --schema nytt 2> "$work/build10.log"; then fail "utan rätt att skapa schema"; fi
grep -q "schemat 'nytt' finns inte och användaren 'lasare' får inte skapa scheman" "$work/build10.log" || { cat "$work/build10.log"; fail "meddelandet utan rätt att skapa schema"; }
[ ! -e "$work/out8" ] && [ ! -e "$work/out9" ] || fail "utmappen skrevs trots felet"
echo "postgis_sink: omkörning ersätter, egen_tabell orörd, avbrutna och dödade körningar ändrar inget"
