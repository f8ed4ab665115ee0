#!/usr/bin/env python3
"""Counts (täljare/nämnare) for four SCB indicators in 2022 (DeSO 2018) and 2024 (DeSO 2025), so that
the change 2022 -> 2024 gets confidence intervals. Writes scb_deso2018_2022_antal.csv and
scb_deso2025_2024_antal.csv (long format: desokod,indikator,ar,taljare,namnare). Real SCB data only;
what is estimated is said here and in README.md.

2022 (scb_deso2018_2022/, DeSO 2018 codes, counts as published):
  scb_lag_ek_standard   low economic standard: täljare = percent x persons / 100 rounded (SCB
                        publishes a whole percent and the number of persons), nämnare = persons
  scb_arbetsloshet      unemployed / labour force (arbetskraften) 16-64
  scb_eftergymnasial    post-secondary education (< 3 years + 3 years or more) / all 25-64
                        (including "uppgift saknas")
  scb_utlandsk_bakgrund foreign background / population
2024 (scb_deso2025_indikatorer.csv, DeSO 2025, SCB publishes percentages only): täljare = percent x
  nämnare / 100 rounded, with nämnare
  scb_lag_ek_standard   population 31 Dec 2024 (pop)
  scb_arbetsloshet      estimated labour force: population 16-64 from the age bands (15-19 counted
                        as 4/5) x the 2022 share in the labour force of the DeSO (of the 2018 DeSO it
                        came from, for a split one)
  scb_eftergymnasial    population 25-64 from the age bands (scb_deso2025_befolkning_alder_kon.csv)
  scb_utlandsk_bakgrund population 31 Dec 2024 (pop); percent x pop is an integer within 0.01 here
An unpublished 2024 percentage gives empty counts (missing, never zero).
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OLD = os.path.join(HERE, "scb_deso2018_2022")


def table(name):
    with open(os.path.join(OLD, name), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return {r[0]: r[1:] for r in rows[1:]}


def main():
    low = table("lag_hog_ekonomisk_standard_2022.csv")
    work = table("arbetsmarknadsstatus_16_64_2022.csv")
    edu = table("utbildningsniva_25_64_2022.csv")
    bg = table("folkmangd_utlandsk_svensk_bakgrund_2022.csv")
    out2022 = []
    activity = {}
    for code in sorted(low):
        pct, persons = float(low[code][0]), int(low[code][2])
        out2022.append((code, "scb_lag_ek_standard", 2022, round(pct * persons / 100), persons))
        unemployed, labour, total = int(work[code][1]), int(work[code][2]), int(work[code][4])
        out2022.append((code, "scb_arbetsloshet", 2022, unemployed, labour))
        activity[code] = labour / total
        e = [int(v) for v in edu[code]]
        out2022.append((code, "scb_eftergymnasial", 2022, e[2] + e[3], sum(e)))
        out2022.append((code, "scb_utlandsk_bakgrund", 2022, int(bg[code][1]), int(bg[code][2])))
    write("scb_deso2018_2022_antal.csv", out2022)

    with open(os.path.join(HERE, "deso2018_deso2025_nyckel.csv"), encoding="utf-8") as f:
        parent = {r["deso2025"]: r["deso2018"] for r in csv.DictReader(f)}
    bands = {}
    with open(os.path.join(HERE, "scb_deso2025_befolkning_alder_kon.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            bands.setdefault(r["desokod"], {})[r["age_band"]] = int(r["total"])

    def ages(code, lo, hi):
        s = 0.0
        for band, n in bands[code].items():
            if band.endswith("+"):
                continue
            a, b = (int(x) for x in band.split("-"))
            if a >= lo and b <= hi:
                s += n
            elif a < lo <= b <= hi:
                s += n * (b - lo + 1) / (b - a + 1)
        return s

    out2024 = []
    with open(os.path.join(HERE, "scb_deso2025_indikatorer.csv"), encoding="utf-8") as f:
        for r in sorted(csv.DictReader(f), key=lambda r: r["desokod"]):
            code, pop = r["desokod"], int(r["pop"])
            dens = {
                "scb_lag_ek_standard": ("low_econ", pop),
                "scb_arbetsloshet": ("unemp", round(ages(code, 16, 64) * activity[parent[code]])),
                "scb_eftergymnasial": ("higher_ed", round(ages(code, 25, 64))),
                "scb_utlandsk_bakgrund": ("foreign", pop),
            }
            for ind, (col, den) in dens.items():
                if r[col] == "":
                    out2024.append((code, ind, 2024, "", den))
                else:
                    out2024.append((code, ind, 2024, round(float(r[col]) * den / 100), den))
    write("scb_deso2025_2024_antal.csv", out2024)


def write(name, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["desokod", "indikator", "ar", "taljare", "namnare"])
        w.writerows(rows)
    print(f"{name}: {len(rows)} rader")


if __name__ == "__main__":
    main()
