#!/usr/bin/env python3
"""Writes the statistics-reader fixtures in this folder, shaped like real SCB exports.

Run from anywhere: python3 tests/data/statistics/make_fixtures.py
The generated files are committed; this script documents how they were made.

- scb_lang_1252.csv: long format as Swedish Excel saves it: Windows-1252, ';', decimal comma,
  space thousands separator, '..' (not published) and '-' (zero).
- scb_bred_text.xlsx: a wide table where every cell is text (as SCB's XLSX export and many
  hand-made sheets have it), so GDAL's header detection needs HEADERS=FORCE.
- scb_jsonstat2.json: a PX-Web API response in JSON-stat 2.0 (Region with _DeSO2025 suffix,
  Kon, ContentsCode, Tid), with a null value and status '..'.
"""
import json
import pathlib
import zipfile
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent


def write_csv():
    lines = [
        "desokod;indikator;ar;kon;taljare;namnare;varde",
        "0760A0010;röker dagligen;2024;totalt;123;1 071;11,5",
        "0760A0020;röker dagligen;2024;totalt;..;..;..",
        "0763A0010;röker dagligen;2024;totalt;-;5 105;0",
        "0760A0010;röker dagligen;2024;kvinnor;60;540;11,1",
        "0180C1010;röker dagligen;2024;totalt;9;800;1,1",
    ]
    (HERE / "scb_lang_1252.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_xlsx():
    rows = [
        ["desokod", "lag_ek_standard", "trangbodda"],
        ["0760A0010", "20,0", "7,4"],
        ["0760A0020", "15,0", ".."],
        ["0780C1010", "31,5", "12,25"],
    ]
    strings = []
    index = {}
    for row in rows:
        for cell in row:
            if cell not in index:
                index[cell] = len(strings)
                strings.append(cell)
    cols = "ABC"
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{cols[c]}{r}" t="s"><v>{index[v]}</v></c>' for c, v in enumerate(row))
        sheet_rows.append(f'<row r="{r}">{cells}</row>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}" xmlns:r="{rel}">'
            '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{ns}">'
            f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>',
        "xl/sharedStrings.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="{ns}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>",
    }
    path = HERE / "scb_bred_text.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def write_jsonstat():
    regions = ["0760A0010_DeSO2025", "0760A0020_DeSO2025", "0180C1010_DeSO2025"]
    sexes = ["1", "2"]
    contents = ["000007GN"]
    years = ["2023", "2024"]
    # value[i] with Region slowest, Tid fastest (row-major as JSON-stat prescribes).
    values = [
        1180, 1190, 1200, 1210,   # 0760A0010: man 2023, 2024; kvinnor 2023, 2024
        520, None, 530, 541,      # 0760A0020: man 2024 not published
        4100, 4110, 4200, 4215,   # 0180C1010 (Stockholm, outside Kronoberg)
    ]
    doc = {
        "class": "dataset",
        "label": "Folkmängden per region efter kön och år",
        "source": "SCB",
        "updated": "2025-02-21T07:00:00Z",
        "id": ["Region", "Kon", "ContentsCode", "Tid"],
        "size": [len(regions), len(sexes), len(contents), len(years)],
        "dimension": {
            "Region": {"label": "region", "category": {
                "index": {c: i for i, c in enumerate(regions)},
                "label": {c: c.split("_")[0] for c in regions}}},
            "Kon": {"label": "kön", "category": {
                "index": {"1": 0, "2": 1}, "label": {"1": "män", "2": "kvinnor"}}},
            "ContentsCode": {"label": "tabellinnehåll", "category": {
                "index": {"000007GN": 0}, "label": {"000007GN": "Folkmängd"},
                "unit": {"000007GN": {"base": "antal", "decimals": 0}}}},
            "Tid": {"label": "år", "category": {
                "index": {y: i for i, y in enumerate(years)}, "label": {y: y for y in years}}},
        },
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "value": values,
        "status": {"5": ".."},
        "version": "2.0",
    }
    (HERE / "scb_jsonstat2.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_csv()
    write_xlsx()
    write_jsonstat()
