#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets, corpus/<target>/, from the project's real inputs
(shapefiles/kronoberg/, tests/data/) and the bad-input cases of tests/data/bad/. Kept small: text
files cut to their first lines, geometry files of a few features. Run from anywhere; needs
ogr2ogr (gdal-bin) and sqlite3 for the GeoJSON/GeoPackage seeds. The output is committed; rerun after the
inputs change (it replaces the corpus folders)."""
import hashlib
import pathlib
import shutil
import subprocess
import tempfile

here = pathlib.Path(__file__).resolve().parent
root = here.parents[1]
demo = root / "shapefiles" / "kronoberg"
data = root / "tests" / "data"
bad = data / "bad"
MAX_LINES = 25
MAX_BYTES = 16384


def head(path, lines=MAX_LINES):
    raw = path.read_bytes()
    cut = b"".join(raw.splitlines(keepends=True)[:lines])
    return cut[:MAX_BYTES]


class Corpus:
    def __init__(self, target):
        self.dir = here / "corpus" / target
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.seen = set()

    def add(self, name, content):
        digest = hashlib.sha1(content).hexdigest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        (self.dir / name).write_bytes(content)


def bad_cases(prefix):
    return sorted(p for p in bad.iterdir() if p.is_dir() and p.name.startswith(prefix))


def ogr(args):
    subprocess.run(["ogr2ogr", *args], check=True, capture_output=True)


table = Corpus("fuzz_table")
for name in ["scb_deso2025_befolkning_alder_kon.csv", "scb_deso2025_indikatorer.csv", "demo_halsa.csv",
             "scb_deso2018_2022_antal.csv", "demo_omradesansvar.csv", "demo_listning_deso.csv",
             "deso2018_deso2025_nyckel.csv", "listning_2025.csv", "demo_vardcentral.csv"]:
    table.add("demo_" + name, head(demo / name))
table.add("scb_lang_1252.csv", head(data / "statistics" / "scb_lang_1252.csv"))
for p in sorted((data / "build").glob("*.csv")):
    table.add("build_" + p.name, head(p))
for prefix, file in [("befolkning_", "befolkning.csv"), ("statistik_", "statistik.csv"),
                     ("upptagning_", "upptagning.csv"), ("listning_", "listning.csv")]:
    for case in bad_cases(prefix):
        if (case / file).exists():
            table.add(case.name + ".csv", head(case / file))

jsonstat = Corpus("fuzz_jsonstat")
jsonstat.add("scb_jsonstat2.json", (data / "statistics" / "scb_jsonstat2.json").read_bytes())
for case in bad_cases("jsonstat_"):
    jsonstat.add(case.name + ".json", (case / "statistik.json").read_bytes()[:MAX_BYTES])

config = Corpus("fuzz_config")
base = (demo / "omrade.toml").read_bytes()
config.add("demo_omrade.toml", base)
for case in bad_cases("konfig_") + bad_cases("kontroll_"):
    for part in sorted(case.glob("*.toml")):
        text = part.read_bytes()
        config.add(case.name + "_" + part.name, base + b"\n" + text if part.name == "extra.toml" else text)

catalogue = Corpus("fuzz_catalogue")
catalogue.add("demo_indikatorer.toml", (demo / "indikatorer.toml").read_bytes())
for case in bad_cases("katalog_"):
    for name in ["katalog.toml", "indikatorer.toml"]:
        if (case / name).exists():
            catalogue.add(case.name + "_" + name, (case / name).read_bytes()[:MAX_BYTES])

areas = Corpus("fuzz_areas")
care = Corpus("fuzz_care_centres")
with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    # Three real DeSO of the demo, simplified, in SWEREF 99 TM and in WGS84, as GeoJSON and GeoPackage.
    where = "desokod IN ('0780C1010','0780C1020','0763A0010')"
    for name, extra in [("demo_3006.geojson", ["-lco", "COORDINATE_PRECISION=0"]),
                        ("demo_4326.geojson", ["-t_srs", "EPSG:4326", "-lco", "COORDINATE_PRECISION=5"])]:
        ogr(["-f", "GeoJSON", *extra, "-simplify", "200", "-where", where, "-select", "desokod",
             str(tmp / name), str(demo / "deso2025_kronoberg.gpkg"), "deso"])
        areas.add(name, (tmp / name).read_bytes())
    ogr(["-f", "GPKG", "-simplify", "500", "-where", where, "-select", "desokod", "-nln", "deso",
         str(tmp / "demo.gpkg"), str(demo / "deso2025_kronoberg.gpkg"), "deso"])
    # SQLite's smallest page size: the same database in a quarter of the bytes.
    subprocess.run(["sqlite3", str(tmp / "demo.gpkg"), "PRAGMA page_size=512; VACUUM;"], check=True)
    areas.add("demo.gpkg", (tmp / "demo.gpkg").read_bytes())
    # The register as points: a GeoJSON layer with the attributes of the CSV.
    reg = tmp / "vardcentraler.csv"
    reg.write_bytes(head(demo / "vardcentraler.csv", 6))
    ogr(["-f", "GeoJSON", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326",
         str(tmp / "vc.geojson"), str(reg)])
    care.add("demo_vardcentraler.geojson", (tmp / "vc.geojson").read_bytes())
areas.add("formats_deso3_wgs84.geojson", (data / "formats" / "deso3_wgs84.geojson").read_bytes())
areas.add("build_dubbletter.geojson", (data / "build" / "dubbletter.geojson").read_bytes())
for case in bad_cases("omraden_"):
    for p in sorted(case.glob("omraden.*")):
        if p.suffix in (".geojson", ".gpkg") and p.stat().st_size <= MAX_BYTES:
            areas.add(case.name + p.suffix, p.read_bytes())

care.add("demo_vardcentraler.csv", head(demo / "vardcentraler.csv"))
for case in bad_cases("vardcentraler_") + bad_cases("kontroll_vardcentral"):
    if (case / "vardcentraler.csv").exists():
        care.add(case.name + ".csv", head(case / "vardcentraler.csv"))

for c in [table, jsonstat, config, catalogue, areas, care]:
    files = list(c.dir.iterdir())
    print(f"{c.dir.name}: {len(files)} filer, {sum(f.stat().st_size for f in files)} byte")
