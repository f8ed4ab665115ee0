#!/usr/bin/python3
"""Points to DeSO counts, side by side in one run (issue 13 item 4, docs/prestanda.md):
omrade aggregate-points, a read-only GDAL loop over the same file, PostGIS (indexed join) and
GeoPandas (sjoin).

N address points are drawn (fixed seed) over the DeSO polygons of AREAS: a DeSO is picked with
probability proportional to its population (SCB's `pop` in scb_deso2025_indikatorer.csv next to
AREAS), then a point uniformly in the DeSO's bounding box, so most points fall in that DeSO, some
in a neighbour and a few outside every DeSO. They are written as FlatGeobuf (EPSG:3006, GDAL's
default spatial index, which orders the features along a Hilbert curve) with ogr2ogr.

Timed, each the median of --runs runs (wall clock; user+sys CPU of the process as well):
  omrade     omrade aggregate-points --areas AREAS --points P.fgb --output ut.csv (end to end:
             read areas, read and test all points, write the CSV and the accounting)
  omrade -t1 the same with --threads 1
  läsning    a C++ loop (compiled here with g++ against GDAL) that opens P.fgb, ignores all fields
             and reads every feature's x and y with GetNextFeature: the reading omrade cannot avoid
  Arrow      the same loop with OGRLayer::GetArrowStream (WKB geometry column, x and y from WKB)
  PostGIS    a throw-away PostgreSQL cluster on 127.0.0.1 in mktemp -d; load with ogr2ogr (timed
             separately), CREATE INDEX ... USING gist on both tables, ANALYZE, then the query
             SELECT desokod, count(*) FROM deso JOIN punkter ON ST_Intersects(...) GROUP BY 1
             timed with psql's \\timing (the server may use parallel workers on both cores)
  GeoPandas  geopandas.read_file + sjoin(predicate="intersects") + groupby, on the first
             --geopandas-points points (default 1 000 000: one run takes minutes, 10 M would take
             most of an hour and GiB of memory), --geopandas-runs times (default 1); omrade is
             run on the same subset for that ratio

The counts per DeSO are compared: omrade counts a point once (lowest fid among covering DeSOs),
PostGIS and GeoPandas count it once per DeSO that covers it, so they must agree on every DeSO that
overlaps no other DeSO; the difference on the overlapping ones is reported.

Bench-only Debian packages: python3-geopandas python3-numpy python3-gdal postgresql-15-postgis-3 g++
(apt-get install python3-geopandas; the others are in tools/deps).

Usage:
    /usr/bin/python3 tests/bench/jamfor_punkter.py --omrade build/tools/omrade \\
        --areas /tmp/sverige54/deso2025_sverige.gpkg [--points 10000000] [--runs 3] [--work DIR]
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from osgeo import ogr

ogr.UseExceptions()

READ_LOOP = r"""
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <cstdio>
#include <memory>
int main(int argc, char** argv) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(argv[1], GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    OGRLayer* l = ds->GetLayer(0);
    std::vector<const char*> ign;
    for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) ign.push_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    ign.push_back("OGR_STYLE");
    ign.push_back(nullptr);
    l->SetIgnoredFields(ign.data());
    double sx = 0, sy = 0;
    long n = 0;
    while (OGRFeature* f = l->GetNextFeature()) {
        if (const OGRGeometry* g = f->GetGeometryRef()) {
            sx += g->toPoint()->getX();
            sy += g->toPoint()->getY();
        }
        ++n;
        delete f;
    }
    std::printf("%ld %.1f %.1f\n", n, sx, sy);
}
"""

READ_LOOP_ARROW = r"""
// Read-only loop over a point layer with OGRLayer::GetArrowStream (GDAL 3.6): WKB geometry column,
// all attribute fields ignored; sums x and y from the WKB.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <ogr_recordbatch.h>
#include <cstdio>
#include <cstring>
#include <memory>
int main(int argc, char** argv) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(argv[1], GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    OGRLayer* l = ds->GetLayer(0);
    std::vector<const char*> ign;
    for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) ign.push_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    ign.push_back(nullptr);
    l->SetIgnoredFields(ign.data());
    ArrowArrayStream stream;
    char* opts[] = {const_cast<char*>("MAX_FEATURES_IN_BATCH=65536"), nullptr};
    if (!l->GetArrowStream(&stream, opts)) return 1;
    ArrowSchema schema;
    stream.get_schema(&stream, &schema);
    int geom = -1;
    for (int i = 0; i < schema.n_children; ++i) if (std::strcmp(schema.children[i]->format, "z") == 0) geom = i;
    double sx = 0, sy = 0; long n = 0;
    for (;;) {
        ArrowArray a;
        if (stream.get_next(&stream, &a) != 0 || !a.release) break;
        const ArrowArray* g = a.children[geom];
        const int32_t* off = static_cast<const int32_t*>(g->buffers[1]);
        const uint8_t* data = static_cast<const uint8_t*>(g->buffers[2]);
        for (int64_t i = 0; i < g->length; ++i) {
            const uint8_t* w = data + off[i + g->offset];
            double x, y; std::memcpy(&x, w + 5, 8); std::memcpy(&y, w + 13, 8);
            sx += x; sy += y;
        }
        n += a.length;
        a.release(&a);
    }
    schema.release(&schema);
    stream.release(&stream);
    std::printf("%ld %.1f %.1f\n", n, sx, sy);
}
"""


def timed(cmd, **kw):
    """Runs cmd; returns (wall s, user+sys s of the child)."""
    t0 = time.monotonic()
    before = os.times()
    subprocess.run(cmd, check=True, **kw)
    wall = time.monotonic() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def load():
    return open("/proc/loadavg").read().split()[0]


def median_runs(label, cmd, runs, **kw):
    walls, cpus, loads = [], [], []
    for _ in range(runs):
        loads.append(load())
        w, c = timed(cmd, **kw)
        walls.append(w)
        cpus.append(c)
        print("  %s: %.2f s (cpu %.2f s, last 1 min load before: %s)" % (label, w, c, loads[-1]), flush=True)
    return statistics.median(walls), statistics.median(cpus), walls, loads


def make_points(areas, n, seed, path):
    src = ogr.Open(areas)
    layer = src.GetLayerByName("deso")
    pop = {}
    with open(os.path.join(os.path.dirname(areas), "scb_deso2025_indikatorer.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            pop[r["desokod"]] = float(r["pop"] or 0)
    env, w = [], []
    for feat in layer:
        env.append(feat.GetGeometryRef().GetEnvelope())  # minx, maxx, miny, maxy
        w.append(pop.get(feat.GetField("desokod"), 0.0))
    env = np.array(env)
    w = np.array(w) / sum(w)
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(w), size=n, p=w)
    e = env[pick]
    x = e[:, 0] + rng.random(n) * (e[:, 1] - e[:, 0])
    y = e[:, 2] + rng.random(n) * (e[:, 3] - e[:, 2])
    csv_path = path + ".csv"
    with open(csv_path, "w") as f:
        f.write("x,y\n")
        np.savetxt(f, np.column_stack([x, y]), fmt="%.3f", delimiter=",")
    subprocess.run(["ogr2ogr", "-f", "FlatGeobuf", path, csv_path, "-nln", "punkter", "-a_srs", "EPSG:3006",
                    "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y", "-nlt", "POINT"], check=True)
    os.remove(csv_path)


def omrade_counts(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["desokod"]: int(r["antal"]) for r in csv.DictReader(f)}


def compare(name, ref, other, overlapping):
    """Counts per DeSO: equal on DeSOs without overlap; difference on the overlapping ones."""
    bad = [k for k in ref if k not in overlapping and ref[k] != other.get(k, 0)]
    diff = sum(other.get(k, 0) - ref[k] for k in ref if k in overlapping)
    print("  %s mot omrade: %d DeSO utan överlapp skiljer sig; på de %d DeSO med överlapp räknar %s %+d punkter"
          % (name, len(bad), len(overlapping), name, diff))
    for k in bad[:10]:
        print("    %s: omrade %d, %s %d" % (k, ref[k], name, other.get(k, 0)))
    return len(bad), diff


class Postgis:
    def __init__(self, work):
        self.bin = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
        self.bin = "/usr/lib/postgresql/%s/bin" % self.bin
        self.port = 54000 + os.getpid() % 900
        self.home = tempfile.mkdtemp(prefix="omrade-postgis.")
        self.as_pg = []
        if os.getuid() == 0:
            self.as_pg = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.home, "postgres")
        os.chmod(self.home, 0o700)
        self.data = os.path.join(self.home, "pgdata")
        subprocess.run(self.as_pg + [self.bin + "/initdb", "-D", self.data, "-A", "trust", "-U", "omrade"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(self.as_pg + [self.bin + "/pg_ctl", "-D", self.data, "-l", os.path.join(self.home, "server.log"),
                                     "-w", "-o", "-h 127.0.0.1 -p %d -k %s -c fsync=off" % (self.port, self.home),
                                     "start"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([self.bin + "/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "omrade", "omrade"],
                       check=True)
        self.sql("CREATE EXTENSION postgis")
        self.pg = "PG:host=127.0.0.1 port=%d dbname=omrade user=omrade" % self.port

    def psql(self, *args, **kw):
        return subprocess.run([self.bin + "/psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "omrade",
                               "-d", "omrade", "-v", "ON_ERROR_STOP=1"] + list(args), check=True,
                              capture_output=True, text=True, **kw)

    def sql(self, q):
        return self.psql("-At", "-c", q).stdout

    def stop(self):
        subprocess.run(self.as_pg + [self.bin + "/pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.home, ignore_errors=True)


QUERY = ("SELECT d.desokod, count(*) FROM deso d JOIN punkter p ON ST_Intersects(d.geom, p.geom) "
         "GROUP BY d.desokod")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--omrade", required=True)
    ap.add_argument("--areas", required=True, help="GeoPackage with a layer deso (desokod)")
    ap.add_argument("--points", type=int, default=10_000_000)
    ap.add_argument("--geopandas-points", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--geopandas-runs", type=int, default=1,
                    help="GeoPandas runs (default 1: one run on 1 M points takes minutes)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--work", default=None)
    ap.add_argument("--no-postgis", action="store_true")
    ap.add_argument("--no-geopandas", action="store_true")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="jamfor_punkter.")
    os.makedirs(work, exist_ok=True)
    omrade = os.path.abspath(a.omrade)
    areas = os.path.abspath(a.areas)
    n = a.points
    big = os.path.join(work, "punkter_%d.fgb" % n)
    if not os.path.exists(big):
        t0 = time.monotonic()
        make_points(areas, n, a.seed, big)
        print("genererade %d punkter i %s på %.0f s" % (n, big, time.monotonic() - t0), flush=True)
    small_n = min(a.geopandas_points, n)
    small = os.path.join(work, "punkter_%d.fgb" % small_n)
    if not os.path.exists(small):
        subprocess.run(["ogr2ogr", "-f", "FlatGeobuf", small, big, "-limit", str(small_n)], check=True)

    print("maskin: %d kärnor, %s" % (os.cpu_count(), open("/proc/loadavg").read().strip()), flush=True)
    rows = []  # (what, points, median wall, median cpu, walls, loads)

    def run_omrade(points_file, label, extra=()):
        out = os.path.join(work, "ut_%s.csv" % label.replace(" ", "_"))
        cmd = [omrade, "aggregate-points", "--no-progress", "--areas", areas + "|layername=deso",
               "--points", points_file, "--output", out, "--overwrite"] + list(extra)
        r = median_runs(label, cmd, a.runs, stderr=subprocess.DEVNULL)
        return r, out

    m, omrade_out = run_omrade(big, "omrade")
    rows.append(("omrade aggregate-points", n) + m)
    m1, _ = run_omrade(big, "omrade --threads 1", ["--threads", "1"])
    rows.append(("omrade aggregate-points --threads 1", n) + m1)

    loop_src = os.path.join(work, "lasloop.cpp")
    loop_bin = os.path.join(work, "lasloop")
    with open(loop_src, "w") as f:
        f.write(READ_LOOP)
    cflags = subprocess.run(["gdal-config", "--cflags"], capture_output=True, text=True, check=True).stdout.split()
    libs = subprocess.run(["gdal-config", "--libs"], capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["g++", "-O2", "-o", loop_bin, loop_src] + cflags + libs, check=True)
    r = median_runs("läsning", [loop_bin, big], a.runs, stdout=subprocess.DEVNULL)
    rows.append(("läsning (GetNextFeature, bara x, y)", n) + r)
    with open(loop_src, "w") as f:
        f.write(READ_LOOP_ARROW)
    subprocess.run(["g++", "-O2", "-o", loop_bin + "_arrow", loop_src] + cflags + libs, check=True)
    r = median_runs("läsning Arrow", [loop_bin + "_arrow", big], a.runs, stdout=subprocess.DEVNULL)
    rows.append(("läsning (GetArrowStream, WKB, bara x, y)", n) + r)

    ref = omrade_counts(omrade_out)
    deso_n = len(ref)
    pg_row = None
    overlapping = set()
    if not a.no_postgis:
        pg = Postgis(work)
        try:
            pg.sql("SELECT 1")
            t0 = time.monotonic()
            subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg.pg, areas, "deso", "-nln", "deso",
                            "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=NONE"], check=True)
            subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg.pg, big, "-nln", "punkter",
                            "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=NONE", "-gt", "1000000"], check=True)
            pg.sql("CREATE INDEX ON deso USING gist (geom)")
            pg.sql("CREATE INDEX ON punkter USING gist (geom)")
            pg.sql("ANALYZE deso")
            pg.sql("ANALYZE punkter")
            load_s = time.monotonic() - t0
            print("  PostGIS: laddning, index och ANALYZE %.1f s" % load_s, flush=True)
            overlapping = set(pg.sql("SELECT DISTINCT a.desokod FROM deso a JOIN deso b ON a.desokod <> b.desokod "
                                     "AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '2********')").split())
            script = "\\timing on\n\\o /dev/null\n" + "".join(QUERY + ";\n" for _ in range(a.runs))
            t_loads = [load()]
            out = pg.psql("-f", "-", input=script).stdout
            times = [float(line.split()[1].replace(",", ".")) / 1000 for line in out.splitlines()
                     if line.startswith("Time:")]
            for t in times:
                print("  PostGIS: %.2f s" % t, flush=True)
            pg_counts = {}
            for line in pg.sql(QUERY).splitlines():
                k, v = line.split("|")
                pg_counts[k] = int(v)
            pg_row = ("PostGIS (indexerad fråga)", n, statistics.median(times), float("nan"), times, t_loads)
            rows.append(pg_row)
            pg_cmp = compare("PostGIS", ref, pg_counts, overlapping)
            explain = pg.sql("EXPLAIN " + QUERY)
            print("  PostGIS-plan:\n    " + explain.replace("\n", "\n    "))
        finally:
            pg.stop()

    gp_row = None
    if not a.no_geopandas:
        ms, omrade_small = run_omrade(small, "omrade %d" % small_n)
        rows.append(("omrade aggregate-points", small_n) + ms)
        gp_script = r"""
import sys, time, geopandas as gpd
t0 = time.monotonic()
deso = gpd.read_file(sys.argv[1], layer="deso")[["desokod", "geometry"]]
pts = gpd.read_file(sys.argv[2])
t1 = time.monotonic()
j = gpd.sjoin(pts, deso, predicate="intersects", how="inner")
c = j.groupby("desokod").size()
t2 = time.monotonic()
c.to_csv(sys.argv[3], header=["antal"])
print("läsning %.2f s, sjoin+groupby %.2f s" % (t1 - t0, t2 - t1), file=sys.stderr)
"""
        gp_out = os.path.join(work, "geopandas.csv")
        r = median_runs("GeoPandas %d" % small_n, ["/usr/bin/python3", "-c", gp_script, areas, small, gp_out],
                        a.geopandas_runs)
        gp_row = ("GeoPandas 0.12 (read_file + sjoin)", small_n) + r
        rows.append(gp_row)
        with open(gp_out, newline="") as f:
            gp_counts = {row["desokod"]: int(row["antal"]) for row in csv.DictReader(f)}
        if overlapping:
            compare("GeoPandas", omrade_counts(omrade_small), gp_counts, overlapping)

    print()
    print("| mätning | punkter | median vägg | median cpu | punkter/s | körningar (vägg) | belastning före |")
    print("|---|---|---|---|---|---|---|")
    for what, pts, wall, cpu, walls, loads in rows:
        print("| %s | %d | %.2f s | %s | %.2f M | %s | %s |" % (
            what, pts, wall, "–" if cpu != cpu else "%.2f s" % cpu, pts / wall / 1e6,
            ", ".join("%.2f" % w for w in walls), ", ".join(loads)))
    rate = {what + " " + str(pts): pts / wall for what, pts, wall, *_ in rows}
    om = rate["omrade aggregate-points %d" % n]
    print()
    print("omrade %d punkter: %.2f M punkter/s (mål ≥ 3 M/s)" % (n, om / 1e6))
    if pg_row:
        print("omrade / PostGIS (samma %d punkter, indexerad fråga): %.1f× (mål ≥ 3×)"
              % (n, om / (pg_row[1] / pg_row[2])))
    if gp_row:
        oms = rate["omrade aggregate-points %d" % small_n]
        print("omrade / GeoPandas (samma %d punkter): %.1f× (mål ≥ 50×)" % (small_n, oms / (gp_row[1] / gp_row[2])))
    print("DeSO: %d, med överlapp: %d" % (deso_n, len(overlapping)))


if __name__ == "__main__":
    sys.exit(main())
