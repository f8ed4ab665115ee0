#!/usr/bin/python3
"""Generate a SYNTHETIC listing matrix (listed patients per DeSO and vårdcentral) for Kronoberg.

SYNTETISKA DEMODATA: the region's real listing per DeSO is not public. This file only lets the
demo and the tests exercise the catchment method "listning" on realistic shapes.

Model (a doubly constrained gravity model):
  * residents per DeSO = the real population (scb_deso2025_befolkning_alder_kon.csv, Σ over
    bands) times r = Σ listed at located VCs / Σ population (so the matrix total is about the
    real number of listed patients);
  * the chance that a resident of DeSO d is listed at VC v is proportional to
    listed_v · exp(-distance(d, v) / BETA_M), distance in SWEREF 99 TM from the DeSO's
    representative point (PointOnSurface, as omrade uses) to the VC's registered position;
  * iterative proportional fitting makes the expected column totals match each VC's real
    listade_2025_05_01 (scaled by the same r) and the row totals the DeSO's residents;
  * each DeSO's residents are then drawn one by one from those chances with random.Random seeded
    from SEED and the DeSO code, so the file is byte-identical on every run.
VCs without a position (Hälsocentralen Falken) cannot be placed and are left out; VCs sharing
a position (the Växjö and Ljungby locality points) differ only by their listed totals.
Gränsbygdskliniken (Knäred, Halland) takes part like the others.

Needs Python 3 and GDAL's ogr2ogr (package gdal-bin, already a build dependency) to read the
GeoPackage and project the register's WGS84 positions. Regenerate from the repository root:
    python3 shapefiles/kronoberg/generera_demo_listning.py
"""

import csv
import io
import math
import os
import random
import subprocess

SEED = 20250501
BETA_M = 5000.0       # distance decay length (m)
IPF_ITERATIONS = 100

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "demo_listning_deso.csv")


def ogr_csv(args):
    text = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/"] + args, check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout
    return list(csv.DictReader(io.StringIO(text)))


def deso_points():
    rows = ogr_csv([os.path.join(HERE, "deso2025_kronoberg.gpkg"), "-dialect", "SQLITE", "-sql",
                    "SELECT desokod, ST_X(ST_PointOnSurface(geom)) AS x, "
                    "ST_Y(ST_PointOnSurface(geom)) AS y FROM deso"])
    return {r["desokod"]: (float(r["x"]), float(r["y"])) for r in rows}


def centres():
    rows = ogr_csv([os.path.join(HERE, "vardcentraler.csv"), "-oo", "X_POSSIBLE_NAMES=lon",
                    "-oo", "Y_POSSIBLE_NAMES=lat", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3006",
                    "-lco", "GEOMETRY=AS_XY", "-select", "vardcentral,listade_2025_05_01"])
    out = []
    for r in rows:
        if not r["X"]:
            continue  # no position: cannot take part in a distance model
        out.append((r["vardcentral"], (float(r["X"]), float(r["Y"])), float(r["listade_2025_05_01"])))
    return out


def population():
    pop = {}
    with open(os.path.join(HERE, "scb_deso2025_befolkning_alder_kon.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            pop[r["desokod"]] = pop.get(r["desokod"], 0) + int(r["total"])
    return pop


def main():
    points = deso_points()
    pop = population()
    vcs = centres()
    codes = sorted(points)
    r = min(1.0, sum(v[2] for v in vcs) / sum(pop[c] for c in codes))
    rows_target = [pop[c] * r for c in codes]
    cols_target = [v[2] * sum(rows_target) / sum(v[2] for v in vcs) for v in vcs]

    t = []
    for c in codes:
        x, y = points[c]
        t.append([v[2] * math.exp(-math.hypot(x - v[1][0], y - v[1][1]) / BETA_M) for v in vcs])
    for _ in range(IPF_ITERATIONS):
        for i, row in enumerate(t):
            s = sum(row)
            t[i] = [e * rows_target[i] / s for e in row]
        for j in range(len(vcs)):
            s = sum(row[j] for row in t)
            for row in t:
                row[j] *= cols_target[j] / s

    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["desokod", "vardcentral", "antal"])
        for i, c in enumerate(codes):
            rng = random.Random(f"{SEED}-{c}")
            n = round(rows_target[i])
            drawn = rng.choices(range(len(vcs)), weights=t[i], k=n)
            counts = [0] * len(vcs)
            for j in drawn:
                counts[j] += 1
            for j, v in enumerate(vcs):
                if counts[j] > 0:
                    w.writerow([c, v[0], counts[j]])
    print(f"skrev {OUT}")


if __name__ == "__main__":
    main()
