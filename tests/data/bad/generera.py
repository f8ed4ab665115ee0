#!/usr/bin/env python3
"""Writes the bad-input corpus (tests/data/bad/<fall>/): one fault per case, small files.

Each case folder holds `fall.txt` (description, expected message fragments, extra arguments)
and the files that replace parts of the base configuration written by
tests/e2e/test_bad_inputs.cpp: `<del>.toml` replaces that part (omraden, kommuner, befolkning,
statistik, vardcentraler, upptagning, indikatorer, pilot) and `extra.toml` is appended.
@FALL@ in them stands for the case folder, @DEMO@ for shapefiles/kronoberg. Run from anywhere:
    python3 tests/data/bad/generera.py
It removes and rewrites every case folder it knows (and nothing else).
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {}


def case(name, description, expect, files, args=None, command="build"):
    assert name not in CASES, name
    CASES[name] = (description, expect, files, args or [], command)


def square(x, y, s=800.0):
    return [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]


def areas_geojson(features, crs="urn:ogc:def:crs:EPSG::3006", with_crs=True):
    fc = {"type": "FeatureCollection", "name": "deso", "features": features}
    if with_crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(fc, ensure_ascii=False)


def feature(code, geometry):
    return {"type": "Feature", "properties": {"desokod": code}, "geometry": geometry}


def mp(*polys):
    return {"type": "MultiPolygon", "coordinates": list(polys)}


GOOD = [feature("0763C1010", mp(square(497000, 6265000))), feature("0763C1020", mp(square(498000, 6265000)))]
OMR = '[omraden]\nkalla = "@FALL@/omraden.geojson"\n'
OMR_CSV = '[omraden]\nkalla = "@FALL@/omraden.csv"\n'
OMR_GPKG = '[omraden]\nkalla = "@FALL@/omraden.gpkg"\n'
POP = '[befolkning]\nkalla = "@FALL@/befolkning.csv"\n'
POP_HEAD = "desokod,kommunkod,age_band,men,women,total\n"
STAT_LONG = '[[statistik]]\nkalla = "@FALL@/statistik.csv"\nformat = "lang"\n'
STAT_WIDE = '[[statistik]]\nkalla = "@FALL@/statistik.csv"\nformat = "bred"\nar = 2024\n'
STAT_JSON = '[[statistik]]\nkalla = "@FALL@/statistik.json"\nformat = "jsonstat"\n'
LONG_HEAD = "desokod,indikator,ar,kon,aldersgrupp,taljare,namnare\n"
VC = '[vardcentraler]\nkalla = "@FALL@/vardcentraler.csv"\n'
VC_HEAD = "vardcentral,kommunkod,lat,lon,lage\n"
TINGSRYD = "Tingsryd,0763,56.5230897,14.9819491,osm\n"
TAB = '[upptagning]\nmetod = "tabell"\nkalla = "@FALL@/upptagning.csv"\n'
LIST = '[upptagning]\nmetod = "listning"\nkalla = "@FALL@/listning.csv"\nvikt = "antal"\n'
KAT = '[indikatorer]\nkatalog = "@FALL@/katalog.toml"\n'
DEMO_HALSA = '[[statistik]]\nkalla = "@DEMO@/demo_halsa.csv"\nformat = "lang"\nsyntetisk = true\n'


def indicator(id_, typ="andel", kalla=None, extra=""):
    enhet = "per 100 000" if typ in ("kvot", "dsr") else "%"
    s = (f'[[indikator]]\nid = "{id_}"\nnamn = "X"\nbeskrivning = "Testindikator."\ndatakalla = "Test"\n'
         f'enhet = "{enhet}"\ntyp = "{typ}"\npolaritet = "neutral"\ndoman = "D"\n')
    if kalla:
        s += f'kalla = "{kalla}"\n'
    return s + extra


# ---- areas (omraden): GeoJSON, CSV with WKT, GeoPackage ----
# The other inputs shrunk to the two DeSOs of the small area files, so that a fault that is not
# fatal while reading the areas (check's invalid geometry) is the only one.
AREA_CONTEXT = {
    "befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,40,38,78\n0763C1020,0763,0-4,41,39,80\n",
    "statistik.toml": STAT_WIDE, "statistik.csv": "desokod,low_econ\n0763C1010,12.5\n0763C1020,14.0\n",
    "upptagning.toml": TAB, "upptagning.csv": "desokod,vardcentral\n0763C1010,Tingsryd\n0763C1020,Tingsryd\n",
}


def area_case(name, description, expect, files, **kw):
    case(name, description, expect, {**AREA_CONTEXT, **files}, **kw)


area_case("omraden_tom_fil", "a 0-byte GeoJSON", ["omraden.geojson"], {"omraden.toml": OMR, "omraden.geojson": ""})
area_case("omraden_inga_objekt", "a FeatureCollection with no features", ["omraden.geojson", "inga objekt"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([])})
area_case("omraden_avkortad", "GeoJSON cut off in the middle", ["omraden.geojson"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson(GOOD)[:180]})
area_case("omraden_falsk_gpkg", "a text file that only pretends to be a GeoPackage", ["omraden.gpkg"],
     {"omraden.toml": OMR_GPKG, "omraden.gpkg": "det här är ingen GeoPackage\n"})
area_case("omraden_binar_gpkg", "random bytes named .gpkg", ["omraden.gpkg"],
     {"omraden.toml": OMR_GPKG, "omraden.gpkg": bytes(range(256)) * 8})
area_case("omraden_null_geometri", "a DeSO with a NULL geometry: the message names the DeSO code",
     ["omraden.geojson", "0763C1020", "saknar geometri", "'geometri'"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([GOOD[0], feature("0763C1020", None)])})
area_case("omraden_tom_geometri", "an empty MultiPolygon", ["omraden.geojson", "0763C1020", "saknar geometri"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([GOOD[0], feature("0763C1020", mp())])})
area_case("omraden_punkt", "a point where a polygon belongs", ["omraden.geojson", "0763C1020", "punkt"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson(
         [GOOD[0], feature("0763C1020", {"type": "Point", "coordinates": [498000, 6265000]})])})
area_case("omraden_sjalvskarande", "a self-intersecting (bow-tie) DeSO: check reports it and fails",
     ["ogiltiga geometrier", "omraden.geojson"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([GOOD[0], feature("0763C1020", mp(
         [[[498000, 6265000], [498800, 6265800], [498800, 6265000], [498000, 6265800], [498000, 6265000]]]))])},
     command="check")
area_case("omraden_dubbel_kod", "the same DeSO code twice", ["omraden.geojson", "0763C1010", "två gånger"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([GOOD[0], feature("0763C1010", mp(square(499000, 6265000)))])})
area_case("omraden_felformad_kod", "a code that is no DeSO code", ["omraden.geojson", "'0763X1020'", "ingen DeSO-kod", "fid"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([GOOD[0], feature("0763X1020", mp(square(498000, 6265000)))])})
area_case("omraden_kod_saknas", "a DeSO without a code", ["omraden.geojson", "områdeskoden saknas"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([GOOD[0], feature("", mp(square(498000, 6265000)))])})
area_case("omraden_annan_indelning", "a code of the other DeSO version", ["omraden.geojson", "DeSO2018", "DeSO2025"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson(
         [GOOD[0], feature("0763C1020_DeSO2018", mp(square(498000, 6265000)))])})
area_case("omraden_kodfalt_saknas", "the configured code field is not in the layer", ["omraden.geojson", "'desokod'", "deso_kod"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson(GOOD).replace('"desokod"', '"deso_kod"')})
area_case("omraden_utan_crs", "WKT polygons with no coordinate reference system", ["omraden.csv", "koordinatsystem"],
     {"omraden.toml": OMR_CSV, "omraden.csv": "desokod,WKT\n0763C1010,\"POLYGON((497000 6265000,497800 6265000,497800 6265800,497000 6265000))\"\n"})
area_case("omraden_fel_crs", "SWEREF 99 TM metres declared as WGS84 degrees", ["omraden.geojson", "fid 0", "'geometri'", "koordinatsystem"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson(GOOD, crs="urn:ogc:def:crs:OGC:1.3:CRS84")})
area_case("omraden_omkastade_koordinater", "northing/easting swapped: the areas lie far outside Sweden",
     ["omraden.geojson", "0763C1010", "utanför Sverige"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson(
         [feature("0763C1010", mp([[[6265000, 497000], [6265000, 497800], [6265800, 497800], [6265000, 497000]]]))])})
area_case("omraden_lang_kod", "an absurdly long code: the message stays short", ["omraden.geojson", "ingen DeSO-kod", "tecken)"],
     {"omraden.toml": OMR, "omraden.geojson": areas_geojson([feature("0763C" + "9" * 100000, mp(square(497000, 6265000)))])})

# ---- population (befolkning) ----
POPROWS = "0763C1010,0763,0-4,40,38,78\n0763C1010,0763,5-9,41,39,80\n"
case("befolkning_bara_rubrik", "a population file with only its header row", ["befolkning.csv", "bara rubrikraden"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD})
case("befolkning_tom_fil", "a 0-byte population file", ["befolkning.csv", "tom"], {"befolkning.toml": POP, "befolkning.csv": ""})
case("befolkning_utf16", "UTF-16 (as Excel's 'Unicode text')", ["befolkning.csv", "UTF-16"],
     {"befolkning.toml": POP, "befolkning.csv": (POP_HEAD + POPROWS).encode("utf-16")})
case("befolkning_binar", "binary data", ["befolkning.csv", "binära"],
     {"befolkning.toml": POP, "befolkning.csv": b"desokod,x\n" + bytes(range(256))})
case("befolkning_negativ", "a negative count", ["befolkning.csv", "rad 3", "0763C1010", "'women'", "negativt"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,40,38,78\n0763C1010,0763,5-9,41,-39,80\n"})
case("befolkning_nan", "NaN as a count", ["befolkning.csv", "rad 2", "'men'", "'nan'"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,nan,38,78\n"})
case("befolkning_inf", "inf as a count", ["befolkning.csv", "rad 2", "'total'", "'inf'"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,40,38,inf\n"})
case("befolkning_ej_tal", "text where a count belongs", ["befolkning.csv", "rad 3", "'men'", "'fyrtio'"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,40,38,78\n0763C1010,0763,5-9,fyrtio,39,80\n"})
case("befolkning_dubbel_grupp", "an age band twice for one DeSO", ["befolkning.csv", "rad 3", "0763C1010", "två gånger"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,40,38,78\n0763C1010,0763,0-4,41,39,80\n"})
case("befolkning_okand_kod", "a DeSO code that does not exist in a kommun of the areas",
     ["befolkning.csv", "rad 2", "'0763A0099'"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763A0099,0763,0-4,40,38,78\n"})
case("befolkning_felstavad_kolumn", "'wmen' for 'women'", ["befolkning.csv", "'women'", "kolumnen saknas", "menade du 'wmen'"],
     {"befolkning.toml": POP, "befolkning.csv": "desokod,kommunkod,age_band,men,wmen,total\n0763C1010,0763,0-4,40,38,78\n"})
case("befolkning_blandade_avgransare", "a header with ',' and rows with ';'", ["befolkning.csv", "rad 2"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010;0763;0-4;40;38;78\n"})
case("befolkning_avkortad", "a file cut off inside a quoted field", ["befolkning.csv"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + POPROWS + '0763C1020,0763,"0-4'})
case("befolkning_annat_lan", "every row of another county: no usable rows", ["befolkning.csv", "ingen av", "2 rader"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0180C1010,0180,0-4,40,38,78\n0180C1010,0180,5-9,41,39,80\n"})
case("befolkning_kod_annan_indelning", "a code with the _DeSO2018 suffix", ["befolkning.csv", "rad 2", "DeSO2018"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010_DeSO2018,0763,0-4,40,38,78\n"})
case("befolkning_ingen_i_piloten", "population only outside the pilot's DeSOs: the pilot has 0 residents",
     ["tingsryd", "befolkningen 0"],
     {"befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0780C1010,0780,0-4,40,38,78\n"})

# ---- statistics, long and wide CSV ----
case("statistik_bara_rubrik", "a statistics file with only its header row", ["statistik.csv", "bara rubrikraden"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD})
case("statistik_felstavad_namnare", "'namnre' for 'namnare': not a silently missing denominator",
     ["statistik.csv", "'namnre'", "menade du 'namnare'"],
     {"statistik.toml": STAT_LONG, "statistik.csv": "desokod,indikator,ar,kon,aldersgrupp,taljare,namnre\n0763C1010,x,2024,totalt,totalt,5,100\n"})
case("statistik_taljare_over_namnare", "a numerator above its denominator (148 %) in the profile year",
     ["statistik.csv", "rad 3", "0763C1020", "'taljare'", "148"],
     {"statistik.toml": STAT_LONG, "indikatorer.toml": KAT, "katalog.toml": indicator("x"),
      "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,50,100\n0763C1020,x,2024,totalt,totalt,148,100\n"})
case("statistik_kvot_utan_namnare", "a rate with numerators but no denominator column",
     ["statistik.csv", "rad 2", "0763C1010", "'namnare'", "nämnaren saknas"],
     {"statistik.toml": STAT_LONG, "indikatorer.toml": KAT, "katalog.toml": indicator("x", typ="kvot"),
      "statistik.csv": "desokod,indikator,ar,taljare\n0763C1010,x,2024,5\n"})
case("statistik_inget_for_profilaret", "an indicator whose every row is '..' (not published)",
     ["katalog.toml", "'indikator.x.kalla'", "inga användbara värden"],
     {"statistik.toml": STAT_LONG, "indikatorer.toml": KAT, "katalog.toml": indicator("x"),
      "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,..,..\n0763C1020,x,2024,totalt,totalt,..,..\n"})
case("statistik_negativ", "a negative numerator", ["statistik.csv", "rad 2", "'taljare'", "negativa"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,-5,100\n"})
case("statistik_nan", "NaN as a denominator", ["statistik.csv", "rad 2", "'namnare'", "'NaN'"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,5,NaN\n"})
case("statistik_inf", "-inf as a numerator", ["statistik.csv", "rad 2", "'taljare'", "'-inf'"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,-inf,100\n"})
case("statistik_okand_kod", "an unknown DeSO code in a kommun of the areas", ["statistik.csv", "rad 2", "'desokod'", "0763A0099"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763A0099,x,2024,totalt,totalt,5,100\n"})
case("statistik_felformad_kod", "an 8-character code", ["statistik.csv", "rad 2", "'07631010'", "9 tecken"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "07631010,x,2024,totalt,totalt,5,100\n"})
case("statistik_annan_indelning", "a DeSO 2018 code in a DeSO 2025 source", ["statistik.csv", "rad 2", "DeSO2018"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010_DeSO2018,x,2024,totalt,totalt,5,100\n"})
case("statistik_ej_artal", "a year that is no year", ["statistik.csv", "rad 2", "'ar'", "'tjugo'"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,x,tjugo,totalt,totalt,5,100\n"})
case("statistik_dubbel_rad", "the same key twice", ["statistik.csv", "rad 3", "0763C1010", "upprepar"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,5,100\n0763C1010,x,2024,totalt,totalt,6,100\n"})
case("statistik_utf16", "UTF-16 statistics", ["statistik.csv", "UTF-16"],
     {"statistik.toml": STAT_LONG, "statistik.csv": (LONG_HEAD + "0763C1010,x,2024,totalt,totalt,5,100\n").encode("utf-16-le")
      .join([b"\xff\xfe", b""])})
case("statistik_indikator_saknas", "no 'indikator' column", ["statistik.csv", "'indikator'", "kolumnen saknas"],
     {"statistik.toml": STAT_LONG, "statistik.csv": "desokod,ar,taljare,namnare\n0763C1010,2024,5,100\n"})
case("statistik_tom_indikator", "an empty indicator name", ["statistik.csv", "rad 2", "indikatorn saknas"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,,2024,totalt,totalt,5,100\n"})
case("statistik_blandade_avgransare", "rows with ';' under a ',' header", ["statistik.csv", "rad 2"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010;x;2024;totalt;totalt;5;100\n"})
case("statistik_annat_lan", "only rows of another county", ["statistik.csv", "ingen av"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0180C1010,x,2024,totalt,totalt,5,100\n"})
case("statistik_bred_ej_tal", "a wide table with text in a value column", ["statistik.csv", "rad 3", "'low_econ'", "'hög'"],
     {"statistik.toml": STAT_WIDE, "statistik.csv": "desokod,low_econ\n0763C1010,12.5\n0763C1020,hög\n"})
case("statistik_bred_kodkolumn_saknas", "a wide table without the code column", ["statistik.csv", "'desokod'", "kolumnen saknas"],
     {"statistik.toml": STAT_WIDE, "statistik.csv": "omrade,low_econ\n0763C1010,12.5\n"})
case("statistik_lang_cell", "an absurdly long cell: the message stays short", ["statistik.csv", "rad 2", "'taljare'", "tecken)"],
     {"statistik.toml": STAT_LONG, "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt," + "7" * 100000 + "x,100\n"})

# ---- statistics, SCB JSON-stat2 ----
case("jsonstat_tom", "a 0-byte JSON-stat file", ["statistik.json"], {"statistik.toml": STAT_JSON, "statistik.json": ""})
case("jsonstat_avkortad", "JSON cut off", ["statistik.json"],
     {"statistik.toml": STAT_JSON, "statistik.json": '{"class":"dataset","id":["Region"],"size":[2],"dimension":{"Region":'})
case("jsonstat_inte_dataset", "valid JSON that is no JSON-stat dataset", ["statistik.json"],
     {"statistik.toml": STAT_JSON, "statistik.json": '{"hej": [1, 2, 3]}'})
JS = {"class": "dataset", "id": ["Region", "ContentsCode", "Tid"], "size": [2, 1, 1],
      "dimension": {"Region": {"category": {"index": {"0763C1010": 0, "0763C1020": 1}}},
                    "ContentsCode": {"category": {"index": {"pop": 0}, "label": {"pop": "Folkmängd"}}},
                    "Tid": {"category": {"index": {"2024": 0}}}},
      "value": [100, 200]}
bad = dict(JS, value=[100])
case("jsonstat_fel_antal_varden", "fewer values than the dimensions' product", ["statistik.json", "värden"],
     {"statistik.toml": STAT_JSON, "statistik.json": json.dumps(bad)})
bad = json.loads(json.dumps(JS))
del bad["dimension"]["Region"]
bad["id"] = ["ContentsCode", "Tid"]
bad["size"] = [1, 1]
bad["value"] = [100]
case("jsonstat_region_saknas", "no Region dimension", ["statistik.json", "Region"],
     {"statistik.toml": STAT_JSON, "statistik.json": json.dumps(bad)})
bad = dict(JS, value=[100, "mycket"])
case("jsonstat_ej_tal", "a value that is a string", ["statistik.json"],
     {"statistik.toml": STAT_JSON, "statistik.json": json.dumps(bad)})

# ---- vårdcentral register ----
SMALL_TABLE = {"upptagning.toml": TAB, "upptagning.csv": "desokod,vardcentral\n0763C1010,Tingsryd\n"}


def vc_case(name, description, expect, files, **kw):
    case(name, description, expect, {**SMALL_TABLE, **files}, **kw)


vc_case("vardcentraler_bara_rubrik", "a register with only its header: the pilot's VC is missing",
     ["Tingsryd", "finns inte i vårdcentralsregistret"], {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD})
vc_case("vardcentraler_koordinater_saknas", "no coordinate columns", ["vardcentraler.csv", "koordinatkolumner"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": "vardcentral,kommunkod\nTingsryd,0763\n"})
vc_case("vardcentraler_omkastade", "latitude and longitude swapped: thousands of km away",
     ["vardcentraler.csv", "rad 2", "Tingsryd", "förväxlade"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + "Tingsryd,0763,14.9819491,56.5230897,osm\n"})
vc_case("vardcentraler_lat_utanfor", "a latitude above 90", ["vardcentraler.csv", "rad 2", "'lat'", "läge på jorden"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + "Tingsryd,0763,156.52,14.98,osm\n"})
vc_case("vardcentraler_dubbel", "a VC twice", ["vardcentraler.csv", "rad 3", "två gånger"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + TINGSRYD + TINGSRYD})
vc_case("vardcentraler_en_koordinat", "only one coordinate", ["vardcentraler.csv", "rad 2", "bara en av koordinaterna"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + "Tingsryd,0763,56.52,,osm\n"})
vc_case("vardcentraler_ej_tal", "text as a latitude", ["vardcentraler.csv", "rad 2", "'lat'", "'femtiosex'"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + "Tingsryd,0763,femtiosex,14.98,osm\n"})
vc_case("vardcentraler_felstavad_kolumn", "'vardcental' for 'vardcentral'", ["vardcentraler.csv", "menade du 'vardcental'"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": "vardcental,kommunkod,lat,lon\nTingsryd,0763,56.52,14.98\n"})
vc_case("vardcentraler_narmast_utan_lage", "nearest-VC method and the pilot's VC has no position: no empty profile",
     ["tingsryd", "inga DeSO", "saknar läge"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + "Tingsryd,0763,,,okand\nLessebo,0761,56.75,15.27,osm\n",
      "upptagning.toml": '[upptagning]\nmetod = "narmast"\n'})

# ---- catchment table (tabell) ----
TAB_HEAD = "desokod,vardcentral\n"
case("upptagning_okand_kod", "an unknown DeSO code", ["upptagning.csv", "rad 2", "0763A0099"],
     {"upptagning.toml": TAB, "upptagning.csv": TAB_HEAD + "0763A0099,Tingsryd\n"})
case("upptagning_okand_vardcentral", "a VC not in the register", ["upptagning.csv", "rad 2", "Tingsrud"],
     {"upptagning.toml": TAB, "upptagning.csv": TAB_HEAD + "0763C1010,Tingsrud\n"})
case("upptagning_dubbel", "a (DeSO, VC) row twice", ["upptagning.csv", "rad 3", "0763C1010"],
     {"upptagning.toml": TAB, "upptagning.csv": TAB_HEAD + "0763C1010,Tingsryd\n0763C1010,Tingsryd\n"})
case("upptagning_andelar_over_ett", "shares summing above 1 for a DeSO", ["upptagning.csv", "0763C1010"],
     {"upptagning.toml": TAB + 'vikt = "andel"\n', "upptagning.csv": "desokod,vardcentral,andel\n0763C1010,Tingsryd,0.7\n0763C1010,Lessebo,0.6\n"})
case("upptagning_andel_noll", "a share of 0", ["upptagning.csv", "rad 2", "'andel'"],
     {"upptagning.toml": TAB + 'vikt = "andel"\n', "upptagning.csv": "desokod,vardcentral,andel\n0763C1010,Tingsryd,0\n"})
case("upptagning_bara_rubrik", "a header-only table: the pilot gets no DeSO", ["tingsryd", "inga DeSO"],
     {"upptagning.toml": TAB, "upptagning.csv": TAB_HEAD})

# ---- listing (listning) ----
LIST_HEAD = "desokod,vardcentral,antal\n"
case("listning_negativ", "a negative listing count", ["listning.csv", "rad 2", "'antal'"],
     {"upptagning.toml": LIST, "listning.csv": LIST_HEAD + "0763C1010,Tingsryd,-4\n"})
case("listning_okand_vardcentral", "a VC not in the register", ["listning.csv", "rad 2", "Tingsrud"],
     {"upptagning.toml": LIST, "listning.csv": LIST_HEAD + "0763C1010,Tingsrud,40\n"})
case("listning_dubbel", "a (DeSO, VC) row twice", ["listning.csv", "rad 3", "0763C1010"],
     {"upptagning.toml": LIST, "listning.csv": LIST_HEAD + "0763C1010,Tingsryd,40\n0763C1010,Tingsryd,41\n"})
case("listning_antal_saknas", "no count column", ["listning.csv", "'antal'"],
     {"upptagning.toml": LIST, "listning.csv": "desokod,vardcentral\n0763C1010,Tingsryd\n"})
case("listning_bara_rubrik", "a header-only listing: the pilot gets no DeSO", ["tingsryd", "inga DeSO"],
     {"upptagning.toml": LIST, "listning.csv": LIST_HEAD})

# ---- configuration (omrade.toml) ----
case("konfig_okand_nyckel", "an unknown key", ["omrade.toml", "'roj.min_talare'", "okänd nyckel"],
     {"extra.toml": "[roj]\nmin_talare = 5\n"})
case("konfig_fel_typ", "a number written as text", ["omrade.toml", "'roj.min_taljare'", "ska vara ett tal"],
     {"extra.toml": '[roj]\nmin_taljare = "fem"\n'})
case("konfig_syntaxfel", "invalid TOML", ["omrade.toml", "ogiltig TOML"], {"extra.toml": "[roj\nmin_taljare = 5\n"})
case("konfig_omraden_saknas", "no [omraden]", ["omrade.toml", "[omraden]", "saknas"], {"omraden.toml": ""})
case("konfig_okand_metod", "an unknown catchment method", ["omrade.toml", "upptagning", "narmaste"],
     {"upptagning.toml": '[upptagning]\nmetod = "narmaste"\n'})
case("konfig_kontroll_negativ", "a negative [kontroll] threshold", ["omrade.toml", "kontroll", "negativa"],
     {"extra.toml": "[kontroll]\nmax_avstand_km = -1\n"})
case("konfig_pilot_id", "a pilot id that is no folder name", ["omrade.toml", "'pilot.id'", "mappnamn"],
     {"pilot.toml": '[[pilot]]\nid = "Tings ryd/"\nvardcentral = "Tingsryd"\n'})
case("konfig_binar", "a binary file as configuration", ["omrade.toml"], {"extra.toml": bytes(range(1, 32)) * 4})

# ---- indicator catalogue ----
case("katalog_okand_nyckel", "an unknown key", ["katalog.toml", "okänd nyckel"],
     {"indikatorer.toml": KAT, "statistik.toml": DEMO_HALSA, "katalog.toml": indicator("diabetes", extra='farg = "röd"\n')})
case("katalog_fel_typ", "polarity as a number", ["katalog.toml", "polaritet"],
     {"indikatorer.toml": KAT, "statistik.toml": DEMO_HALSA,
      "katalog.toml": indicator("diabetes").replace('polaritet = "neutral"', "polaritet = 1")})
case("katalog_okand_kalla", "a source no statistics file has", ["katalog.toml", "'indikator.x.kalla'", "finns_inte"],
     {"indikatorer.toml": KAT, "statistik.toml": DEMO_HALSA, "katalog.toml": indicator("x", kalla="finns_inte")})
case("katalog_syntaxfel", "invalid TOML", ["katalog.toml"],
     {"indikatorer.toml": KAT, "statistik.toml": DEMO_HALSA, "katalog.toml": "[[indikator]\nid = \"x\"\n"})
case("katalog_saknas", "a catalogue file that does not exist", ["katalog.toml"], {"indikatorer.toml": KAT})

# ---- plausibility checks under --strikt ----
vc_case("kontroll_vardcentral_langt_bort", "a VC 300 km outside the areas (not a lat/lon swap)",
     ["vardcentraler.csv", "Långtbort", "km utanför", "--strikt"],
     {"vardcentraler.toml": VC, "vardcentraler.csv": VC_HEAD + TINGSRYD + "Långtbort,0180,59.33,18.07,osm\n"},
     args=["--strikt"])
case("kontroll_befolkning_avviker", "the population file 50 % below the statistics' population",
     ["befolkning.csv", "skiljer sig", "--strikt"],
     {"extra.toml": '[kontroll]\nbefolkning_statistik = "pop"\nmax_befolkningsavvikelse = 0.05\n',
      "befolkning.toml": POP, "befolkning.csv": POP_HEAD + "0763C1010,0763,0-4,200,200,400\n0763C1020,0763,0-4,200,200,400\n"},
     args=["--strikt"])
case("kontroll_fel_ar", "[kontroll] ar = 2025 but the data are 2024", ["omrade.toml", "2025", "--strikt"],
     {"extra.toml": "[kontroll]\nar = 2025\n"}, args=["--strikt"])
case("kontroll_ar_mot_kolumn", "[[statistik]] ar = 2023 but the ar column says 2024", ["statistik.csv", "rad 2", "ar = 2023"],
     {"statistik.toml": STAT_LONG + "ar = 2023\n", "statistik.csv": LONG_HEAD + "0763C1010,x,2024,totalt,totalt,5,100\n"},
     args=["--strikt"])


def write_case(name, description, expect, files, args, command):
    d = os.path.join(HERE, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "fall.txt"), "w", encoding="utf-8") as f:
        f.write(f"# {description}\n")
        if command != "build":
            f.write(f"kommando {command}\n")
        for a in args:
            f.write(f"argument {a}\n")
        for e in expect:
            f.write(f"forvantat {e}\n")
    for fname, content in files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(d, fname), mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(content)


if __name__ == "__main__":
    for name, c in CASES.items():
        write_case(name, *c)
    print(f"{len(CASES)} fall i {HERE}")
