#!/usr/bin/python3
"""Synthetic Sweden for the benchmarks (docs/prestanda.md): N recoded copies of the Kronoberg default
(shapefiles/kronoberg/) side by side.

Copy 0 keeps Kronoberg's codes (län 07); copy k >= 1 gets län code 10 + k - 1, so its DeSO codes
(0780C1010 -> 1080C1010 for k = 1) and kommun codes (0780 -> 1080) are new, its vårdcentraler are
named "<name> <k+1>" and its kommuner "<name> <k+1>". Geometry is translated on a grid of 4 × 15
places (160 km × 100 km per copy, Kronoberg is 155 km × 97 km) inside Sweden's SWEREF 99 TM extent; the vårdcentral register
is written in SWEREF 99 TM (x_sweref99tm, y_sweref99tm). Population, SCB statistics and the
SYNTHETIC demo health data are copied row by row under the new codes; nothing is random except the
address points, which use a fixed seed.

omrade.toml uses the nearest-vårdcentral catchment method (metod = "narmast") with --pilots
pilots spread evenly over the located vårdcentraler (default 1150 × N / 54, i.e. 1150 for N = 54,
21 per copy as in Sweden; capped at the number located).

Usage:
    /usr/bin/python3 tests/bench/generera_sverige.py --copies 54 --out /tmp/sverige54 [--pilots P]
                                    [--points 1000000] [--seed 13]
"""
import argparse
import csv
import math
import os
import random
import shutil
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", "..", "shapefiles", "kronoberg"))
# A grid of 4 columns × 15 rows (60 places) that stays inside SWEREF 99 TM's area of use, which
# omrade checks (x 180 000–1 000 000, y 6 050 000–7 750 000; Kronoberg spans x 396 134–550 838,
# y 6 246 032–6 343 950): columns at −160, 0, 160, 320 km, rows from −100 km to +1 300 km.
# Copy 0 sits at Kronoberg's own place (column 1, row 1).
COLUMNS = 4
ROWS = 15
STEP_X = 160000.0
STEP_Y = 100000.0

# Files of the default copied row by row, and the columns holding codes or names to recode.
TABLES = {
    "scb_deso2025_befolkning_alder_kon.csv": {"desokod": "deso", "kommunkod": "kommun"},
    "scb_deso2025_indikatorer.csv": {"desokod": "deso", "kommunkod": "kommun"},
    "scb_deso2018_2022_antal.csv": {"desokod": "deso"},
    "scb_deso2025_2024_antal.csv": {"desokod": "deso"},
    "deso2018_deso2025_nyckel.csv": {"deso2018": "deso", "deso2025": "deso"},
    "demo_halsa.csv": {"desokod": "deso"},
}


def lan_code(k):
    return "07" if k == 0 else "%02d" % (10 + k - 1)


def recode_deso(code, k):
    return lan_code(k) + code[2:] if code else code


def recode_kommun(code, k):
    return lan_code(k) + code[2:] if code else code


def rename(name, k):
    return name if k == 0 else "%s %d" % (name, k + 1)


def offset(k):
    if k >= COLUMNS * ROWS:
        raise SystemExit("generera_sverige.py: at most %d copies fit in Sweden" % (COLUMNS * ROWS))
    cell = (k + COLUMNS + 1) % (COLUMNS * ROWS)
    return (cell % COLUMNS - 1) * STEP_X, (cell // COLUMNS - 1) * STEP_Y


def recode(kind, value, k):
    if kind == "deso":
        return recode_deso(value, k)
    if kind == "kommun":
        return recode_kommun(value, k)
    return rename(value, k)


def copy_table(name, columns, copies, out):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    idx = {header.index(c): kind for c, kind in columns.items()}
    with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for k in range(copies):
            for row in rows:
                w.writerow([recode(idx[i], v, k) if i in idx else v for i, v in enumerate(row)])


def translated(geom, dx, dy):
    g = geom.Clone()
    def move(part):
        for i in range(part.GetGeometryCount()):
            move(part.GetGeometryRef(i))
        for j in range(part.GetPointCount()):
            x, y = part.GetX(j), part.GetY(j)
            part.SetPoint_2D(j, x + dx, y + dy)
    move(g)
    return g


def copy_layers(copies, out):
    src = ogr.Open(os.path.join(SRC, "deso2025_kronoberg.gpkg"))
    drv = ogr.GetDriverByName("GPKG")
    path = os.path.join(out, "deso2025_sverige.gpkg")
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    dst = drv.CreateDataSource(path)
    srs = src.GetLayerByName("deso").GetSpatialRef()
    polygons = []  # (deso code, geometry) of the written deso layer, for the address points
    for name in ("deso", "kommun"):
        layer = src.GetLayerByName(name)
        defn = layer.GetLayerDefn()
        out_layer = dst.CreateLayer(name, srs, ogr.wkbMultiPolygon)
        for i in range(defn.GetFieldCount()):
            out_layer.CreateField(defn.GetFieldDefn(i))
        features = [f for f in layer]
        dst.StartTransaction()
        for k in range(copies):
            dx, dy = offset(k)
            for f in features:
                g = f.GetGeometryRef()
                o = ogr.Feature(out_layer.GetLayerDefn())
                for i in range(defn.GetFieldCount()):
                    field = defn.GetFieldDefn(i).GetName()
                    v = f.GetField(i)
                    if field == "desokod" or field == "regsokod":
                        v = recode_deso(v, k) if field == "desokod" else v
                    elif field == "kommunkod":
                        v = recode_kommun(v, k)
                    elif field == "kommunnamn":
                        v = rename(v, k)
                    elif field == "lanskod":
                        v = lan_code(k)
                    o.SetField(i, v)
                moved = translated(g, dx, dy)
                o.SetGeometry(moved)
                out_layer.CreateFeature(o)
                if name == "deso":
                    polygons.append((o.GetField("desokod"), moved))
        dst.CommitTransaction()
    dst = None
    return polygons


def copy_register(copies, out):
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    sweref = osr.SpatialReference()
    sweref.ImportFromEPSG(3006)
    sweref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_sweref = osr.CoordinateTransformation(wgs, sweref)
    with open(os.path.join(SRC, "vardcentraler.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = [c for c in rows[0].keys() if c not in ("lat", "lon")] + ["x_sweref99tm", "y_sweref99tm"]
    located = []
    with open(os.path.join(out, "vardcentraler.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for k in range(copies):
            dx, dy = offset(k)
            for r in rows:
                o = {c: r[c] for c in header if c in r}
                o["vardcentral"] = rename(r["vardcentral"], k)
                o["kommunkod"] = recode_kommun(r["kommunkod"], k)
                o["x_sweref99tm"] = o["y_sweref99tm"] = ""
                if r.get("lat") and r.get("lon"):
                    x, y, _ = to_sweref.TransformPoint(float(r["lon"]), float(r["lat"]))
                    o["x_sweref99tm"] = "%.1f" % (x + dx)
                    o["y_sweref99tm"] = "%.1f" % (y + dy)
                    located.append(o["vardcentral"])
                w.writerow(o)
    return located


def write_config(out, located, pilots, copies):
    n = min(pilots, len(located))
    # Evenly spread over the located vårdcentraler (copy by copy), deterministic.
    chosen = [located[(i * len(located)) // n] for i in range(n)] if n else []
    shutil.copy(os.path.join(SRC, "indikatorer.toml"), os.path.join(out, "indikatorer.toml"))
    with open(os.path.join(out, "omrade.toml"), "w", encoding="utf-8") as f:
        f.write("# Generated by tests/bench/generera_sverige.py: %d copies of the Kronoberg default, "
                "%d pilots. The health statistics are SYNTHETIC.\n" % (copies, n))
        f.write('titel = "Områdesprofiler – syntetiskt Sverige (%d län)"\n' % copies)
        f.write('region = "Syntetiskt Sverige"\n\n')
        f.write('[omraden]\nkalla = "deso2025_sverige.gpkg|layername=deso"\nkod = "desokod"\nindelning = "DeSO2025"\n\n')
        f.write('[kommuner]\nkalla = "deso2025_sverige.gpkg|layername=kommun"\nkod = "kommunkod"\nnamn = "kommunnamn"\n\n')
        f.write('[befolkning]\nkalla = "scb_deso2025_befolkning_alder_kon.csv"\n\n')
        f.write('[[statistik]]\nkalla = "scb_deso2025_indikatorer.csv"\nformat = "bred"\nkod = "desokod"\nar = 2024\n\n')
        f.write('[[statistik]]\nkalla = "scb_deso2018_2022_antal.csv"\nformat = "lang"\nindelning = "DeSO2018"\n'
                'nyckel = "deso2018_deso2025_nyckel.csv"\n\n')
        f.write('[[statistik]]\nkalla = "scb_deso2025_2024_antal.csv"\nformat = "lang"\n\n')
        f.write('[[statistik]]\nkalla = "demo_halsa.csv"\nformat = "lang"\nsyntetisk = true\n\n')
        f.write('[vardcentraler]\nkalla = "vardcentraler.csv"\n\n')
        f.write('[upptagning]\nmetod = "narmast"\n\n')
        f.write('[indikatorer]\nkatalog = "indikatorer.toml"\n\n')
        f.write('[roj]\nmin_taljare = 5\nmin_namnare = 50\n')
        for i, name in enumerate(chosen):
            title = name.replace('"', "'")
            f.write('\n[[pilot]]\nid = "pilot%04d"\nvardcentral = "%s"\ntitel = "%s"\n' % (i + 1, title, title))
    return n


def write_points(out, polygons, total, seed):
    """`total` address points, spread over the DeSOs by population (largest remainder), uniform
    inside each polygon (rejection sampling in its bounding box), one field desokod (the DeSO the
    point was drawn in, for checking the counts)."""
    pop = {}
    with open(os.path.join(out, "scb_deso2025_indikatorer.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            pop[r["desokod"]] = float(r["pop"] or 0)
    weights = [pop.get(code, 0.0) for code, _ in polygons]
    s = sum(weights)
    quotas = [w * total / s for w in weights]
    counts = [int(math.floor(q)) for q in quotas]
    rest = total - sum(counts)
    for i in sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - counts[i]), i))[:rest]:
        counts[i] += 1
    rng = random.Random(seed)
    drv = ogr.GetDriverByName("FlatGeobuf")
    path = os.path.join(out, "adresser.fgb")
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    layer = ds.CreateLayer("adresser", srs, ogr.wkbPoint, ["SPATIAL_INDEX=YES"])
    layer.CreateField(ogr.FieldDefn("desokod", ogr.OFTString))
    defn = layer.GetLayerDefn()
    for (code, geom), n in zip(polygons, counts):
        minx, maxx, miny, maxy = geom.GetEnvelope()
        placed = 0
        pt = ogr.Geometry(ogr.wkbPoint)
        while placed < n:
            x = rng.uniform(minx, maxx)
            y = rng.uniform(miny, maxy)
            pt.SetPoint_2D(0, x, y)
            if not geom.Contains(pt):
                continue
            f = ogr.Feature(defn)
            f.SetField(0, code)
            f.SetGeometry(pt)
            layer.CreateFeature(f)
            placed += 1
    ds = None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=54)
    ap.add_argument("--out", required=True)
    ap.add_argument("--pilots", type=int, default=None,
                    help="pilots, default 1150 × copies / 54 (1150 for Sweden)")
    ap.add_argument("--points", type=int, default=0, help="address points (FlatGeobuf), 0 = none")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    if not 1 <= a.copies <= 89:
        sys.exit("--copies must be 1..89 (län codes 10..98 for the copies)")
    if a.pilots is None:
        a.pilots = round(1150 * a.copies / 54)
    os.makedirs(a.out, exist_ok=True)
    for name, columns in TABLES.items():
        copy_table(name, columns, a.copies, a.out)
    polygons = copy_layers(a.copies, a.out)
    located = copy_register(a.copies, a.out)
    n = write_config(a.out, located, a.pilots, a.copies)
    if a.points > 0:
        write_points(a.out, polygons, a.points, a.seed)
    print("%s: %d DeSO, %d vårdcentraler med läge, %d piloter, %d adresspunkter"
          % (a.out, len(polygons), len(located), n, a.points))


if __name__ == "__main__":
    main()
