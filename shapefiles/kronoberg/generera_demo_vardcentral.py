#!/usr/bin/python3
"""Generate SYNTETISKA DEMODATA: the follow-up of listed patients per vårdcentral, 2023–2025.

Invented counts for all 32 vårdcentraler of vardcentraler.csv, shaped on the county figures of the
region's delårsrapport (mars 2025) as quoted in issue 12: medicinsk bedömning inom tre dagar per
tertial (about 13 units at 90 % or more, 9 at 81–89 %, 10 at 80 % or less), antibiotikarecept per
1 000 listade (county about 273), olämpliga läkemedel bland listade 75+, hälsosamtal bland listade
50-åringar (5.4 % in January–March, about 12 % a year), fast läkarkontakt, artros (röntgade innan grundbehandling 71 % 2023, 60 %
2024; fysiskt aktiva ett år efter). Some units have "Ingen data". The model is described in Swedish
in docs/demodata.md; the file is labelled syntetisk in omrade.toml and the catalogue.

Standard library only and cheap; deterministic: every random stream is random.Random(str) seeded
from SEED, the indicator and the vårdcentral name (str seeds are hashed with SHA-512, so
PYTHONHASHSEED does not matter), and iteration follows the register's order.

Regenerate (from the repository root):
    python3 shapefiles/kronoberg/generera_demo_vardcentral.py
"""

import csv
import math
import os
import random

SEED = 20251201
HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = (2023, 2024, 2025)
TERTIALS = tuple(f"{y}T{t}" for y in YEARS for t in (1, 2, 3))


def binomial(rng, n, p):
    """Binomial draw: exact Bernoulli sum for small n, normal approximation (rounded) above."""
    p = min(max(p, 0.0), 1.0)
    if n <= 300:
        return sum(1 for _ in range(n) if rng.random() < p)
    x = round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))
    return min(max(x, 0), n)


def poisson(rng, lam):
    """Poisson draw by the normal approximation (all means here are above 100)."""
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def register():
    with open(os.path.join(HERE, "vardcentraler.csv"), encoding="utf-8") as f:
        return [(r["vardcentral"], int(r["listade_2025_05_01"])) for r in csv.DictReader(f)]


def spread(rng, names, values):
    """Deal the values to the vårdcentraler in a seeded random order."""
    order = list(names)
    rng.shuffle(order)
    return dict(zip(order, values))


def main():
    centres = register()
    names = [n for n, _ in centres]
    rows = []

    # Medicinsk bedömning inom tre dagar, per tertial. Level in 2025T1 dealt so that 13 are at
    # 90 % or more, 9 between 81 and 89 %, 10 at 80 % or less; a drift of up to ±1.5 points per
    # tertial (towards the region's goal for most) and binomial noise on the contacts.
    deal = random.Random(f"{SEED}-bedomning-deal")
    levels = ([90.5 + 6 * k / 12 for k in range(13)] + [81.5 + 7 * k / 8 for k in range(9)] +
              [66 + 13.5 * k / 9 for k in range(10)])
    level_2025t1 = spread(deal, names, levels)
    for name, listed in centres:
        rng = random.Random(f"{SEED}-bedomning-{name}")
        drift = rng.uniform(-0.8, 1.5)
        for i, period in enumerate(TERTIALS):
            contacts = max(30, round(listed * 0.055 * rng.uniform(0.85, 1.15)))
            p = (level_2025t1[name] + drift * (i - 6)) / 100
            if name == "Hälsocentralen Falken" and period == "2024T2":
                rows.append((name, "vc_bedomning_3d", period, "Ingen data", "Ingen data"))
                continue
            rows.append((name, "vc_bedomning_3d", period, binomial(rng, contacts, min(p, 0.995)), contacts))

    # Antibiotikarecept per 1 000 listade per år: county about 273, units from about 200 to 360.
    deal = random.Random(f"{SEED}-antibiotika-deal")
    base = spread(deal, names, [205 + 150 * k / 31 for k in range(32)])
    for name, listed in centres:
        rng = random.Random(f"{SEED}-antibiotika-{name}")
        for i, year in enumerate(YEARS):
            lam = listed * (base[name] - 6 * (i - 1)) / 1000
            rows.append((name, "vc_antibiotika", str(year), poisson(rng, lam), listed))

    # Olämpliga läkemedel bland listade 75+ (the denominators about 11 % of the listed); about
    # 13 units meet the target of at most 5 % in 2025.
    deal = random.Random(f"{SEED}-olampliga-deal")
    base = spread(deal, names, [3.2 + 4.8 * k / 31 for k in range(32)])
    for name, listed in centres:
        rng = random.Random(f"{SEED}-olampliga-{name}")
        elderly = round(listed * rng.uniform(0.08, 0.15))
        for i, year in enumerate(YEARS):
            p = (base[name] + 0.4 * (1 - i)) / 100
            rows.append((name, "vc_olampliga_lakemedel_75", str(year), binomial(rng, elderly, p), elderly))

    # Hälsosamtal bland listade 50-åringar (about 1.3 % of the listed are 50). The delårsrapport's
    # 5.4 % is for January–March; over a year about 12 %, so that the small units have numerators
    # below the disclosure threshold.
    for name, listed in centres:
        rng = random.Random(f"{SEED}-halsosamtal-{name}")
        fifty = max(20, round(listed * rng.uniform(0.011, 0.015)))
        unit = rng.uniform(0.5, 1.8)
        if name == "Teleborg":
            unit = 2.6  # the pilot's health dialogues stand out (synthetic)
        for i, year in enumerate(YEARS):
            p = 0.12 * unit * (1 + 0.15 * (i - 1))
            rows.append((name, "vc_halsosamtal_50", str(year), binomial(rng, fifty, p), fifty))

    # Fast läkarkontakt: most between 30 and 80 %, two units under 10 %.
    deal = random.Random(f"{SEED}-fastlakare-deal")
    base = spread(deal, names, [7.0, 9.0] + [30 + 50 * k / 29 for k in range(30)])
    for name, listed in centres:
        rng = random.Random(f"{SEED}-fastlakare-{name}")
        for i, year in enumerate(YEARS):
            p = (base[name] + 2 * (i - 2)) / 100
            rows.append((name, "vc_fast_lakarkontakt", str(year), binomial(rng, listed, max(p, 0.01)), listed))

    # Artros: röntgade innan grundbehandling (county 71 % 2023, 60 % 2024, target at most 50 %)
    # and fysiskt aktiva 150 min/vecka ett år efter (target at least 80 %). 16–210 patients a unit;
    # eight units have "Ingen data" (no one treated in the programme, or not reported).
    no_data = set(random.Random(f"{SEED}-artros-ingen").sample(names, 8))
    for name, listed in centres:
        rng = random.Random(f"{SEED}-artros-{name}")
        patients = max(8, round(listed * rng.uniform(0.008, 0.016)))
        unit_xray = rng.uniform(-15, 15)
        unit_active = rng.uniform(-12, 10)
        for i, year in enumerate(YEARS):
            if name in no_data and (i > 0 or rng.random() < 0.5):
                rows.append((name, "vc_artros_rontgen", str(year), "Ingen data", "Ingen data"))
                rows.append((name, "vc_artros_aktiva", str(year), "Ingen data", "Ingen data"))
                continue
            n = max(5, round(patients * rng.uniform(0.8, 1.2)))
            p_xray = ((71, 60, 54)[i] + unit_xray) / 100
            rows.append((name, "vc_artros_rontgen", str(year), binomial(rng, n, p_xray), n))
            p_active = (78 + unit_active) / 100
            rows.append((name, "vc_artros_aktiva", str(year), binomial(rng, n, min(p_active, 0.99)), n))

    out = os.path.join(HERE, "demo_vardcentral.csv")
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("vardcentral", "indikator", "period", "taljare", "namnare"))
        w.writerows(rows)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
