#!/usr/bin/env python3
"""Derives the DeSO 2018 -> DeSO 2025 correspondence key for Kronoberg (deso2018_deso2025_nyckel.csv).

Real inputs only: the DeSO 2018 codes of SCB's 2022 tables (scb_deso2018_2022/folkmangd_totalt_2023.csv),
the DeSO 2025 polygons (deso2025_kronoberg.gpkg, layer deso) and the DeSO 2025 population 31 Dec 2024
(scb_deso2025_indikatorer.csv, column pop).

Rule (documented in README.md and docs/metod-utveckling.md):
  1. A code present in both divisions carries over 1:1 (andel = 1).
  2. A 2018 code absent in 2025 was split. SCB numbers the parts by continuing the old number: the
     parts are the 2025 codes absent in 2018 with the same first eight characters (0780C1020 ->
     0780C1021, 0780C1022). Each part gets andel = its 2025 population / the parts' 2025 population.
  3. Checks: every 2025 code is reached exactly once, the shares of every 2018 code sum to 1, the
     parts of a split DeSO touch each other (ogrinfo, SQLite dialect: ST_Distance = 0), and the
     parts' 2025 population is within 15 % of the 2018 DeSO's 2023 population.
Deterministic; rerun with `python3 generera_deso_nyckel.py` from this folder.
"""
import csv
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    with open(os.path.join(HERE, "scb_deso2018_2022", "folkmangd_totalt_2023.csv"), encoding="utf-8") as f:
        pop2018 = {r["deso2018"]: int(r["totalt"]) for r in csv.DictReader(f)}
    with open(os.path.join(HERE, "scb_deso2025_indikatorer.csv"), encoding="utf-8") as f:
        pop2025 = {r["desokod"]: int(r["pop"]) for r in csv.DictReader(f)}
    new_codes = sorted(c for c in pop2025 if c not in pop2018)
    rows = []
    reached = {}
    for old in sorted(pop2018):
        if old in pop2025:
            parts = [old]
        else:
            parts = [c for c in new_codes if c[:8] == old[:8]]
            if len(parts) < 2:
                sys.exit(f"{old}: finns inte i DeSO 2025 och har inga delar med samma nummer")
            total = sum(pop2025[p] for p in parts)
            if abs(total - pop2018[old]) > 0.15 * pop2018[old]:
                sys.exit(f"{old}: delarnas befolkning {total} skiljer sig för mycket från {pop2018[old]}")
            check_touching(parts)
        total = sum(pop2025[p] for p in parts)
        for p in parts:
            reached[p] = reached.get(p, 0) + 1
            share = 1.0 if len(parts) == 1 else pop2025[p] / total
            rows.append((old, p, share))
    for code in pop2025:
        if reached.get(code) != 1:
            sys.exit(f"{code}: nås {reached.get(code, 0)} gånger av nyckeln")
    with open(os.path.join(HERE, "deso2018_deso2025_nyckel.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["deso2018", "deso2025", "andel"])
        for old, new, share in rows:
            w.writerow([old, new, f"{share:.6f}" if share != 1.0 else "1"])
    print(f"{len(pop2018)} DeSO 2018 -> {len(pop2025)} DeSO 2025, {len(rows)} rader")


def check_touching(parts):
    codes = ",".join(f"'{p}'" for p in parts)
    sql = (f"SELECT MAX(ST_Distance(a.geom, b.geom)) AS d FROM deso a, deso b "
           f"WHERE a.desokod IN ({codes}) AND b.desokod IN ({codes})")
    try:
        out = subprocess.run(["ogrinfo", "-q", "-dialect", "SQLite", "-sql", sql,
                              os.path.join(HERE, "deso2025_kronoberg.gpkg")],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"ogrinfo behövs för kontrollen av delarna: {e}")
    distance = float(out.split("=")[-1])
    if distance > 1.0:
        sys.exit(f"{parts}: delarna ligger {distance:.0f} m isär")


if __name__ == "__main__":
    main()
