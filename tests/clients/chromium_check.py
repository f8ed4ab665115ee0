#!/usr/bin/python3
"""Real-client test of the printable reports: builds the demo with the omrade binary, then lets
headless Chromium print every profil.html (and index.html) to PDF and take a screenshot, with all
host names unresolvable and a network log, and checks with poppler that each report has 2-10 A4
pages carrying the section headings and the demo label (2-10 with the Utveckling section), and
the follow-up out/uppfoljning/uppfoljning.html (funnel plots, levels, every vårdcentral) with each
pilot's section "Inom vårdcentralen".

Standard library only. Exit 0 = pass, 1 = fail, 77 = Chromium or poppler missing (skip).
Artefacts: <artifacts>/<pilot>.pdf, <pilot>.png, <pilot>-sida<N>.png, index.pdf, index.png,
uppfoljning.pdf, uppfoljning.png, uppfoljning-sida<N>.png.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HEADINGS = [
    "Områdesprofil",
    "Nyckeltal",
    "Indikatorer",
    "Utveckling över tid",
    "Minskar skillnaderna i länet?",
    "Ryggradsdiagram",
    "Kartor",
    "DeSO i upptagningsområdet",
    "Känslighet för val av upptagningsområde",
    "Metod och undertryckning",
    "Ursprung",
]
DEMO_LABEL = "SYNTETISKA DEMODATA – inte verkliga hälsodata"
A4_POINTS = (595.0, 842.0)  # 210 × 297 mm

failures = []


def fail(message):
    failures.append(message)
    print("FEL: " + message, file=sys.stderr)


def external_references(html):
    """Everything in the HTML that would make a browser fetch something."""
    found = []
    for m in re.finditer(r"\b(?:src|srcset|href|xlink:href|poster|data)\s*=\s*[\"']([^\"']*)[\"']", html, re.I):
        found.append(m.group(0))
    for m in re.finditer(r"url\(\s*['\"]?([^)'\"]*)", html, re.I):
        if not m.group(1).startswith("#"):
            found.append(m.group(0))
    for pattern in (r"https?://", r"<link\b", r"@import", r"@font-face", r"<iframe\b", r"<object\b", r"<embed\b"):
        found += re.findall(pattern, html, re.I)
    return found


def page_requests(netlog_path):
    """URL requests started on behalf of the page (not Chromium's own background requests)."""
    with open(netlog_path, encoding="utf-8") as f:
        text = f.read()
    # Chromium may leave the log without its closing bracket when it exits quickly.
    try:
        log = json.loads(text)
    except json.JSONDecodeError:
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for e in log.get("events", []):
        p = e.get("params", {})
        if names.get(e.get("type")) == "URL_REQUEST_START_JOB" and "url" in p and p.get("initiator") != "not an origin":
            urls.append(p.get("url", ""))
    return urls


def chromium(args, profile, log_path, timeout=180):
    cmd = [
        "chromium", "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr", "--v=0", "--log-net-log=" + log_path,
    ] + args
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return r


def check_page(html_path, name, artifacts, scratch, headings, page_range):
    url = "file://" + os.path.abspath(html_path)
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    refs = external_references(html)
    if True:
        # The overview links to the pilots' files, the reports and the follow-up to each other;
        # links are navigation, not loads, but they must be relative and point at files that exist.
        for m in re.finditer(r'href="([^"]*)"', html):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):
                fail(f"{name}: absolut länk {target}")
            elif not target.startswith("#"):
                if not os.path.exists(os.path.join(os.path.dirname(html_path), target)):
                    fail(f"{name}: länken {target} pekar inte på någon fil")
        refs = [r for r in refs if not r.lower().startswith("href=")]
        if refs:
            fail(f"{name}: externa referenser i HTML: {refs[:5]}")

    pdf = os.path.join(artifacts, name + ".pdf")
    png = os.path.join(artifacts, name + ".png")
    for target, extra in ((pdf, ["--no-pdf-header-footer", "--print-to-pdf=" + pdf]),
                          (png, ["--window-size=1000,1400", "--hide-scrollbars", "--screenshot=" + png])):
        if os.path.exists(target):
            os.remove(target)
        profile = tempfile.mkdtemp(prefix="chromium-", dir=scratch)
        netlog = os.path.join(scratch, name + "-" + os.path.basename(target) + ".netlog.json")
        r = chromium(extra + [url], profile, netlog)
        if r.returncode != 0 or not os.path.exists(target):
            fail(f"{name}: chromium avslutades med {r.returncode} utan {os.path.basename(target)}:\n{r.stderr[-2000:]}")
            continue
        console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line]
        if console:
            fail(f"{name}: meddelanden i konsolen: {console[:5]}")
        requests = page_requests(netlog)
        if requests:
            fail(f"{name}: sidan försökte hämta över nätet: {requests[:5]}")

    if not os.path.exists(pdf):
        return
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    print(f"{name}: {pages} sidor, {size.group(1)} x {size.group(2)} pt")
    lo, hi = page_range
    if not lo <= pages <= hi:
        fail(f"{name}: {pages} sidor, väntat {lo}–{hi}")
    w, h = float(size.group(1)), float(size.group(2))
    if abs(w - A4_POINTS[0]) > 2 or abs(h - A4_POINTS[1]) > 2:
        fail(f"{name}: sidstorlek {w} x {h} pt är inte A4 stående")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for heading in headings:
        if heading not in flat:
            fail(f"{name}: rubriken '{heading}' saknas i PDF:en")
    # Page images for a person to look at.
    subprocess.run(["pdftoppm", "-png", "-r", "50", pdf, os.path.join(artifacts, name + "-sida")], check=True)
    return flat


def check_inside(pilot, centre, page, text, followup):
    """Inom vårdcentralen: the pilot's own value of every follow-up indicator, a funnel with the
    pilot marked per indicator, and the residents' measure beside it where the catalogue has one."""
    if "Inom vårdcentralen" not in text:
        fail(f"{pilot}: avsnittet 'Inom vårdcentralen' saknas i PDF:en")
        return
    section = page[page.find('id="inom"'):]
    section = section[:section.find("</section>")]
    funnels = section.count('aria-label="Trattdiagram')
    if funnels != len(followup["indikatorer"]):
        fail(f"{pilot}: {funnels} trattdiagram för {len(followup['indikatorer'])} indikatorer")
    for ind in followup["indikatorer"]:
        unit = next((u for u in ind["vardcentraler"] if u["vardcentral"] == centre), None)
        if unit is None:
            fail(f"{pilot}: {ind['id']} saknar vårdcentralen {centre}")
            continue
        if ind["namn"] not in section:
            fail(f"{pilot}: '{ind['namn']}' saknas i Inom vårdcentralen")
        if unit["senaste"]["status"] == "undertryckt" and "undertryckt" not in section:
            fail(f"{pilot}: undertryckt {ind['id']} visas inte som undertryckt")
    if "Invånarna i området" not in section:
        fail(f"{pilot}: kolumnen för invånarna (runt och inom) saknas")
    if '>' + centre + '</text>' not in section:
        fail(f"{pilot}: vårdcentralen är inte utmärkt i trattdiagrammen")


def check_followup(out, followup, args, synthetic):
    """The county follow-up: every indicator with its funnel plot and table of all vårdcentraler,
    the count per level, every funnel state and target level present in the demo."""
    html = os.path.join(out, "uppfoljning", "uppfoljning.html")
    names = [" ".join(i["namn"].split()) for i in followup["indikatorer"]]
    text = check_page(html, "uppfoljning", args.artifacts, args.scratch,
                      ["Uppföljning inom vårdcentralerna", "Metod"] + names, (3, 24))
    if text is None:
        return
    if synthetic and DEMO_LABEL not in text:
        fail("uppfoljning: demomärkningen saknas i PDF:en")
    with open(html, encoding="utf-8") as f:
        page = f.read()
    if page.count('aria-label="Trattdiagram') != len(followup["indikatorer"]):
        fail("uppfoljning: inte ett trattdiagram per indikator")
    states, levels_seen = set(), set()
    for ind in followup["indikatorer"]:
        for line in ind["sammanfattning"]:
            if line not in text:
                fail(f"uppfoljning: '{line}' saknas i PDF:en")
        for u in ind["vardcentraler"]:
            if u["vardcentral"] not in text:
                fail(f"uppfoljning: {u['vardcentral']} saknas i tabellen för {ind['id']}")
                break
            if u["tratt"]:
                states.add(u["tratt"])
            if u["malniva"]:
                levels_seen.add((ind["id"], u["malniva"]))
        if ind.get("malvarde", {}).get("etiketter"):
            for label in ind["malvarde"]["etiketter"]:
                if (ind["id"], label) not in levels_seen:
                    fail(f"uppfoljning: nivån '{label}' för {ind['id']} förekommer inte i demon")
        # Outside 99.8 %: named in the funnel plot.
        for u in ind["vardcentraler"]:
            if u["tratt"] in ("hogre_998", "lagre_998") and '>' + u["vardcentral"] + '</text>' not in page:
                fail(f"uppfoljning: {u['vardcentral']} är utanför 99,8 % men namnges inte")
                break
    if states != {"hogre_998", "hogre_95", "lagre_998", "lagre_95", "inom"}:
        fail(f"uppfoljning: alla lägen i trattdiagrammet förekommer inte i demon: {sorted(states)}")
    if "Ingen data" not in text and "ingen data" not in text:
        fail("uppfoljning: 'Ingen data' förklaras inte")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--omrade", required=True, help="the omrade binary")
    ap.add_argument("--scratch", required=True, help="scratch folder (emptied)")
    ap.add_argument("--artifacts", required=True, help="where PDFs and PNGs are kept")
    ap.add_argument("--config", help="config file (default: the embedded demo)")
    args = ap.parse_args()

    for tool in ("chromium", "pdfinfo", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} saknas; installera paketen i tools/deps/test-chromium.txt", file=sys.stderr)
            return 77

    shutil.rmtree(args.scratch, ignore_errors=True)
    os.makedirs(args.scratch)
    os.makedirs(args.artifacts, exist_ok=True)
    out = os.path.join(args.scratch, "out")
    cmd = [args.omrade, "build", "--out", out, "--no-progress"]
    if args.config:
        cmd[2:2] = ["--config", args.config]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print(r.stdout + r.stderr, file=sys.stderr)
        fail(f"omrade build avslutades med {r.returncode}")
        return 1
    with open(os.path.join(out, "byggrapport.json"), encoding="utf-8") as f:
        report = json.load(f)
    synthetic = report.get("syntetiska_data", False)
    followup = None
    if "uppfoljning" in report:
        with open(os.path.join(out, "uppfoljning", "uppfoljning.json"), encoding="utf-8") as f:
            followup = json.load(f)

    pilots = [p["id"] for p in report["piloter"]]
    if not pilots:
        fail("bygget gav inga piloter")
    for pilot in pilots:
        html = os.path.join(out, pilot, "profil.html")
        if not os.path.exists(html):
            fail(f"{pilot}: profil.html saknas")
            continue
        # 2-12 pages: the profile (up to 10) and "Inom vårdcentralen" when the build has a follow-up.
        text = check_page(html, pilot, args.artifacts, args.scratch, HEADINGS, (2, 12))
        if text is None:
            continue
        if synthetic and DEMO_LABEL not in text:
            fail(f"{pilot}: demomärkningen '{DEMO_LABEL}' saknas i PDF:en")
        title = next(p for p in report["piloter"] if p["id"] == pilot)["vardcentral"]
        if title not in text:
            fail(f"{pilot}: vårdcentralens namn '{title}' saknas i PDF:en")
        if "undertryckt" not in text:
            fail(f"{pilot}: förklaringen av undertryckta värden saknas")
        # The indicator engine's comparisons reach the printed page (not only "ej jämförd").
        if not any(word in text for word in ("bättre", "sämre", "likvärdigt", "högre", "lägre")):
            fail(f"{pilot}: ingen jämförelse med länet i PDF:en")
        # Every indicator of profil.json is printed with its name.
        with open(os.path.join(out, pilot, "profil.json"), encoding="utf-8") as f:
            profile = json.load(f)
        for ind in profile["indikatorer"]:
            if " ".join(ind["namn"].split()) not in text:
                fail(f"{pilot}: indikatorn '{ind['namn']}' saknas i PDF:en")
        # Utveckling: one line chart and one SII chart per indicator with a series (not counts),
        # the area's trend/change words of profil.json in the table, the gap verdict, the
        # DeSO 2018 conversion said where it was used.
        with open(html, encoding="utf-8") as f:
            page = f.read()
        series = [i for i in profile["indikatorer"] if len(i["serie"]["ar"]) >= 2 and i["typ"] != "antal"]
        charts = page.count('class="serie"')
        if not series or charts != 2 * len(series):
            fail(f"{pilot}: {charts} diagram i Utveckling för {len(series)} indikatorer med serie")
        for ind in series:
            word = ind["kon"][0]["upptagningsomrade"]["serie"]["utveckling"]["ord"]
            if word not in text:
                fail(f"{pilot}: utvecklingen '{word}' för {ind['id']} saknas i PDF:en")
            verdict = ind["kon"][0]["lan"]["serie"]["skillnad"]["ord"]
            if verdict not in text:
                fail(f"{pilot}: bedömningen av skillnaden '{verdict}' för {ind['id']} saknas i PDF:en")
        if any(i["serie"]["omraknade_ar"] for i in series) and "omräknad från DeSO 2018" not in text:
            fail(f"{pilot}: omräkningen från DeSO 2018 sägs inte i PDF:en")
        words = {i["kon"][0]["upptagningsomrade"]["serie"]["utveckling"]["ord"] for i in series}
        if not words & {"förbättras", "försämras", "ökar", "minskar"}:
            fail(f"{pilot}: ingen säker förändring alls i demon ({words})")
        if followup is not None:
            check_inside(pilot, title, page, text, followup)

    if followup is not None:
        check_followup(out, followup, args, synthetic)

    index = os.path.join(out, "index.html")
    if not os.path.exists(index):
        fail("index.html saknas")
    else:
        text = check_page(index, "index", args.artifacts, args.scratch, ["Piloter", "Alla vårdcentraler i länet", "Ursprung"], (1, 6))
        if text is not None and "QGIS-projekt" not in text:
            fail("index: länken till QGIS-projektet saknas")
        if text is not None and text.count("Utveckling:") != len(pilots):
            fail(f"index: {text.count('Utveckling:')} rader 'Utveckling:' för {len(pilots)} piloter")
        if text is not None and synthetic and DEMO_LABEL not in text:
            fail("index: demomärkningen saknas i PDF:en")
        if text is not None and followup is not None:
            if "Inom vårdcentralerna: uppföljning av listade patienter" not in text:
                fail("index: avsnittet om uppföljningen saknas")
            with open(index, encoding="utf-8") as f:
                if 'href="uppfoljning/uppfoljning.html"' not in f.read():
                    fail("index: länken till uppföljningen saknas")
            for ind in followup["indikatorer"]:
                for line in ind["sammanfattning"]:
                    if line not in text:
                        fail(f"index: '{line}' saknas")

    if failures:
        print(f"{len(failures)} fel", file=sys.stderr)
        return 1
    print(f"klart: {len(pilots)} rapporter och index.html granskade i Chromium; bilder i {args.artifacts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
