#!/usr/bin/python3
"""Generate SYNTETISKA DEMODATA (synthetic demo health statistics) per DeSO for Kronoberg.

No real health data per DeSO is public, so the demo uses invented counts that behave like real
ones: age-specific base rates applied to the real age structure, a log-linear socioeconomic
gradient from the DeSO's real SCB indicators, a persistent DeSO effect, a yearly trend and
binomial/Poisson sampling noise. The model is described in Swedish in docs/demodata.md.

Standard library only; deterministic: every random stream is random.Random(str) seeded from SEED,
the indicator and the DeSO code (Python hashes str seeds with SHA-512, not hash(), so
PYTHONHASHSEED does not matter), and all iteration is over explicitly sorted or listed keys.

Regenerate (from the repository root):
    python3 shapefiles/kronoberg/generera_demo_halsa.py
"""

import argparse
import csv
import math
import os
import random
import sys

SEED = 20250907

BASE_YEAR = 2024          # the age structure file is SCB's population 31 Dec 2024
YEARS = (2020, 2021, 2022, 2023, 2024)   # five years: PHE's recent trend needs five points
# The random streams are drawn in this order: 2022-2024 first, as when the demo had only those
# years, so that extending the series left the 2024 counts unchanged (the draws per year do not
# depend on the modelled level; binomial and Poisson sampling use a fixed number of uniforms).
DRAW_ORDER = (2022, 2023, 2024, 2020, 2021)
SEXES = ("totalt", "män", "kvinnor")   # output order; totalt = män + kvinnor exactly
SEX_COLUMNS = (("män", "men"), ("kvinnor", "women"))

BANDS = ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
         "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80+")

# Adult indicators use 18+: the ages 18-19 are taken as 2/5 of the band 15-19 (rounded).
ADULT_BANDS = ("18-19",) + BANDS[4:]
ELDERLY_BANDS = ("65-69", "70-74", "75-79", "80+")
PREMATURE_BANDS = BANDS[:15]          # 0-4 ... 70-74

# Cap on any modelled proportion, so that the multiplicative gradient never leaves [0, 1].
MAX_PROPORTION = 0.95

# Approximate, illustrative Swedish levels in per cent (mortality per 100 000), per sex and band
# in the order of the indicator's bands. Rounded from the rough national picture (diabetes
# register and prescriptions, Nationella folkhälsoenkäten, vaccination and cause-of-death
# statistics); they are not official figures.
BASE_RATES = {
    "diabetes": {
        "män":     (0.5, 0.6, 0.7, 0.9, 1.3, 2.0, 3.2, 4.8, 7.0, 9.5, 12.5, 15.0, 17.0, 17.5),
        "kvinnor": (0.4, 0.5, 0.6, 0.8, 1.0, 1.4, 2.1, 3.0, 4.3, 6.0, 8.0, 10.0, 12.0, 13.5),
    },
    "depression_angest": {
        "män":     (7.0, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.5, 4.0, 3.5, 3.5, 4.0, 5.0),
        "kvinnor": (14.0, 15.0, 13.0, 11.5, 10.5, 9.5, 8.5, 8.0, 7.0, 6.0, 5.0, 5.0, 5.5, 6.5),
    },
    "fetma": {
        "män":     (7.0, 9.0, 12.0, 14.0, 16.0, 17.0, 18.0, 19.0, 20.0, 20.0, 19.0, 18.0, 15.0, 11.0),
        "kvinnor": (7.0, 9.0, 11.0, 13.0, 15.0, 16.0, 17.0, 18.0, 19.0, 19.0, 19.0, 18.0, 16.0, 12.0),
    },
    "daglig_rokning": {
        "män":     (2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0, 8.0, 8.0, 7.0, 6.0, 4.0, 2.5),
        "kvinnor": (2.0, 3.0, 3.5, 4.0, 4.5, 5.5, 7.0, 8.5, 9.5, 9.5, 9.0, 8.0, 6.0, 3.5),
    },
    "influensavacc_65": {
        "män":     (44.0, 57.0, 66.0, 71.0),
        "kvinnor": (47.0, 59.0, 67.0, 70.0),
    },
    "halsosamtal_50": {
        "män":     (45.0,),
        "kvinnor": (58.0,),
    },
    "fortida_dodlighet": {
        "män":     (55, 8, 10, 32, 60, 65, 70, 85, 120, 185, 300, 480, 780, 1250, 2000),
        "kvinnor": (45, 6, 8, 17, 22, 25, 32, 45, 70, 115, 200, 320, 520, 820, 1350),
    },
}

# Per indicator: bands, kind, gradient coefficients per 10 percentage points of low_econ,
# higher_ed and unemp (log scale, centred at the population-weighted county mean), the standard
# deviation of the persistent DeSO effect (log scale), the relative change per year, the gap
# drift (change per year of the log-scale gradient per 10 points of low_econ: > 0 widens the gap
# between poor and rich DeSOs, < 0 narrows it) and the first year with data. The drifts are
# chosen so that every trend marker appears in the demo: rising, falling, no significant change
# (fetma) and, with only three years, "kan inte beräknas" (halsosamtal_50: change since the
# previous year instead).
INDICATORS = (
    # id                   bands            kind          b_low  b_edu  b_unemp sigma trend   gap   first
    ("diabetes",           ADULT_BANDS,     "proportion",  0.08, -0.08,  0.20,  0.10,  0.030, -0.030, 2020),
    ("depression_angest",  ADULT_BANDS,     "proportion",  0.06, -0.02,  0.12,  0.12,  0.040,  0.040, 2020),
    ("fetma",              ADULT_BANDS,     "proportion",  0.05, -0.10,  0.10,  0.10,  0.000,  0.000, 2020),
    ("daglig_rokning",     ADULT_BANDS,     "proportion",  0.08, -0.15,  0.20,  0.15, -0.070,  0.030, 2020),
    ("influensavacc_65",   ELDERLY_BANDS,   "proportion", -0.05,  0.04, -0.12,  0.06,  0.025, -0.020, 2020),
    ("halsosamtal_50",     ("50",),         "proportion", -0.06,  0.04, -0.15,  0.10,  0.030,  0.000, 2022),
    ("fortida_dodlighet",  PREMATURE_BANDS, "rate",        0.06, -0.08,  0.12,  0.10, -0.020, -0.020, 2020),
)

RATE_UNIT = {"proportion": 100.0, "rate": 100000.0}


class InputError(Exception):
    pass


def round_half_up(x):
    return int(math.floor(x + 0.5))


def read_csv(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise InputError(f"kan inte läsa {path}: {e.strerror}")


def read_population(path):
    """{desokod: {sex: {band: count}}} for the base year."""
    pop = {}
    for line, row in enumerate(read_csv(path), start=2):
        if row.get("age_band") not in BANDS:
            raise InputError(f"{path}:{line}: okänd åldersgrupp {row.get('age_band')!r}")
        by_sex = pop.setdefault(row["desokod"], {"män": {}, "kvinnor": {}})
        for sex, column in SEX_COLUMNS:
            try:
                by_sex[sex][row["age_band"]] = int(row[column])
            except (KeyError, TypeError, ValueError):
                raise InputError(f"{path}:{line}: fältet {column} är inget heltal")
    for code in sorted(pop):
        for sex, _ in SEX_COLUMNS:
            missing = [b for b in BANDS if b not in pop[code][sex]]
            if missing:
                raise InputError(f"{path}: {code} saknar åldersgrupperna {', '.join(missing)}")
    return pop


def read_indicators(path):
    """{desokod: {"low_econ", "higher_ed", "unemp", "growth": float}}."""
    out = {}
    for line, row in enumerate(read_csv(path), start=2):
        values = {}
        for field in ("low_econ", "higher_ed", "unemp", "growth"):
            try:
                values[field] = float(row[field])
            except (KeyError, TypeError, ValueError):
                raise InputError(f"{path}:{line}: fältet {field} saknas eller är inget tal "
                                 f"(DeSO {row.get('desokod')}); modellen behöver det")
        out[row["desokod"]] = values
    return out


def population_for_year(base, growth, year):
    """Back-project the base-year counts with the DeSO's yearly growth (per cent)."""
    factor = (1.0 + growth / 100.0) ** (year - BASE_YEAR)
    return {b: round_half_up(n * factor) for b, n in base.items()}


def denominators(bands, counts):
    """Band denominators for one DeSO, sex and year, with the derived bands 18-19 and 50."""
    out = {}
    for b in bands:
        if b == "18-19":
            out[b] = round_half_up(counts["15-19"] * 2 / 5)
        elif b == "50":
            out[b] = round_half_up(counts["50-54"] / 5)
        else:
            out[b] = counts[b]
    return out


def binomial(rng, n, p):
    return sum(1 for _ in range(n) if rng.random() < p)


def poisson(rng, lam):
    # Inversion; the bound only guards against rounding when u is within 1e-16 of 1.
    u = rng.random()
    k = 0
    term = math.exp(-lam)
    cdf = term
    limit = lam + 20.0 * math.sqrt(lam) + 20.0
    while u > cdf and k < limit:
        k += 1
        term *= lam / k
        cdf += term
    return k


def weighted_mean(values, weights, codes):
    total = sum(weights[c] for c in codes)
    return sum(values[c] * weights[c] for c in codes) / total


def generate(pop, ind, seed):
    """Returns (rows, model) with rows as output tuples in output order."""
    codes = sorted(pop)
    missing = [c for c in codes if c not in ind]
    if missing:
        raise InputError("DeSO utan indikatorer i indikatorfilen: " + ", ".join(missing))

    base_total = {c: sum(pop[c][s][b] for s, _ in SEX_COLUMNS for b in BANDS) for c in codes}
    centre = {f: weighted_mean({c: ind[c][f] for c in codes}, base_total, codes)
              for f in ("low_econ", "higher_ed", "unemp")}

    yearly = {c: {y: {s: population_for_year(pop[c][s], ind[c]["growth"], y)
                      for s, _ in SEX_COLUMNS}
                  for y in YEARS}
              for c in codes}

    rows = []
    model = {"centre": centre, "scale": {}, "expected": {}, "max_p": {}}
    for name, bands, kind, b_low, b_edu, b_unemp, sigma, trend, gap, first in INDICATORS:
        unit = RATE_UNIT[kind]
        rates = {s: dict(zip(bands, (r / unit for r in BASE_RATES[name][s])))
                 for s, _ in SEX_COLUMNS}
        for s, _ in SEX_COLUMNS:
            if len(BASE_RATES[name][s]) != len(bands):
                raise AssertionError(f"{name}/{s}: base rates do not match the bands")

        # One stream per indicator and DeSO: changing one indicator leaves the others alone.
        rngs = {c: random.Random(f"{seed}/{name}/{c}") for c in codes}
        relative = {}
        for c in codes:
            gradient = (b_low * (ind[c]["low_econ"] - centre["low_econ"])
                        + b_edu * (ind[c]["higher_ed"] - centre["higher_ed"])
                        + b_unemp * (ind[c]["unemp"] - centre["unemp"])) / 10.0
            relative[c] = math.exp(gradient + rngs[c].normalvariate(0.0, sigma))

        # Rescale so that the gradient and DeSO effects redistribute the county's expected
        # count in the base year without changing it.
        expected = {c: sum(n * rates[s][b]
                           for s, _ in SEX_COLUMNS
                           for b, n in denominators(bands, yearly[c][BASE_YEAR][s]).items())
                    for c in codes}
        scale = sum(expected.values()) / sum(expected[c] * relative[c] for c in codes)
        model["scale"][name] = scale
        model["max_p"][name] = 0.0

        for c in codes:
            rng = rngs[c]
            drift = gap * (ind[c]["low_econ"] - centre["low_econ"]) / 10.0
            by_year = {}
            for y in DRAW_ORDER:
                # The stream is drawn for every year so that an indicator's first year does not
                # change the values of the later ones.
                m = (relative[c] * scale * (1.0 + trend) ** (y - BASE_YEAR)
                     * math.exp(drift * (y - BASE_YEAR)))
                cells = {}
                base_expected = 0.0
                for s, _ in SEX_COLUMNS:
                    for b, n in denominators(bands, yearly[c][y][s]).items():
                        base_expected += n * rates[s][b]
                        if kind == "proportion":
                            p = rates[s][b] * m
                            model["max_p"][name] = max(model["max_p"][name], p)
                            x = binomial(rng, n, min(MAX_PROPORTION, p))
                        else:
                            x = poisson(rng, n * rates[s][b] * m)
                        cells[(s, b)] = (x, n)
                model["expected"][(name, c, y)] = base_expected
                if y < first:
                    continue
                for b in bands:
                    men, women = cells[("män", b)], cells[("kvinnor", b)]
                    cells[("totalt", b)] = (men[0] + women[0], men[1] + women[1])
                out = by_year.setdefault(y, [])
                for s in SEXES:
                    x = sum(cells[(s, b)][0] for b in bands)
                    n = sum(cells[(s, b)][1] for b in bands)
                    out.append((c, name, y, s, "totalt", x, n))
                    if kind == "rate":
                        for b in bands:
                            out.append((c, name, y, s, b) + cells[(s, b)])
            for y in YEARS:
                rows.extend(by_year.get(y, []))
    return rows, model


def pearson(xs, ys):
    mx = sum(xs) / len(xs)
    my = sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def print_check(rows, ind, model, out):
    """County crude values, correlations with low_econ across DeSOs and the gap between the
    fifths of DeSOs with the highest and lowest low_econ, for tuning the model."""
    last = YEARS[-1]
    print("Befolkningsviktat länsmedelvärde (gradientens centrum): " + ", ".join(
        f"{k} {v:.2f}" for k, v in sorted(model["centre"].items())), file=out)
    print(f"Länet {last}, kon totalt. r = Pearsons korrelation över DeSO med low_econ för det "
          f"råa värdet och för kvoten observerat/förväntat (O/F, förväntat = basnivåerna på "
          f"DeSO:ns åldersstruktur). Q5/Q1 = O/F i femtedelen DeSO med högst low_econ delat "
          f"med femtedelen med lägst.", file=out)
    print(f"{'indikator':18} {'täljare':>8} {'nämnare':>8} {'värde':>8} {'r rå':>7} "
          f"{'r O/F':>7} {'Q5/Q1':>6} {'<5':>4} {'max p':>6}", file=out)
    for name, _, kind, *_ in INDICATORS:
        sel = [r for r in rows if r[1] == name and r[2] == last and r[3] == "totalt"
               and r[4] == "totalt"]
        x = sum(r[5] for r in sel)
        n = sum(r[6] for r in sel)
        crude = [r[5] / r[6] for r in sel]
        expected = {r[0]: model["expected"][(name, r[0], last)] for r in sel}
        ratio = [r[5] / expected[r[0]] for r in sel]
        low = [ind[r[0]]["low_econ"] for r in sel]
        by_low = sorted(sel, key=lambda r: (ind[r[0]]["low_econ"], r[0]))
        fifth = len(by_low) // 5

        def oe(part):
            return sum(r[5] for r in part) / sum(expected[r[0]] for r in part)

        gap = oe(by_low[-fifth:]) / oe(by_low[:fifth])
        small = sum(1 for r in sel if r[5] < 5)
        max_p = f"{model['max_p'][name]:6.3f}" if kind == "proportion" else f"{'':6}"
        print(f"{name:18} {x:8d} {n:8d} {x / n * RATE_UNIT[kind]:8.2f} "
              f"{pearson(low, crude):7.3f} {pearson(low, ratio):7.3f} {gap:6.2f} {small:4d} "
              f"{max_p}", file=out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(
        description="Skapar SYNTETISKA DEMODATA (inte verkliga hälsodata) per DeSO för "
                    "Kronoberg. Modellen beskrivs i docs/demodata.md.")
    parser.add_argument("--befolkning", default=os.path.join(
        here, "scb_deso2025_befolkning_alder_kon.csv"),
        help="befolkning per DeSO, åldersgrupp och kön (standard: %(default)s)")
    parser.add_argument("--indikatorer", default=os.path.join(here, "scb_deso2025_indikatorer.csv"),
                        help="SCB-indikatorer per DeSO (standard: %(default)s)")
    parser.add_argument("-o", "--output", default=os.path.join(here, "demo_halsa.csv"),
                        help="utfil; '-' för stdout (standard: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="slumpfrö (standard: %(default)s; ändra inte för den incheckade filen)")
    parser.add_argument("--kontroll", action="store_true",
                        help="skriv länsvärden och korrelationer med low_econ till stderr")
    args = parser.parse_args()

    try:
        pop = read_population(args.befolkning)
        ind = read_indicators(args.indikatorer)
        rows, model = generate(pop, ind, args.seed)
    except InputError as e:
        print(f"generera_demo_halsa: {e}", file=sys.stderr)
        return 1

    header = ("desokod", "indikator", "ar", "kon", "aldersgrupp", "taljare", "namnare")
    if args.output == "-":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        # Written beside and renamed so a failed run never leaves half a file.
        tmp = args.output + ".tmp"
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, args.output)
        print(f"generera_demo_halsa: skrev {len(rows)} rader till {args.output} "
              f"(SYNTETISKA DEMODATA)", file=sys.stderr)
    if args.kontroll:
        print_check(rows, ind, model, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
