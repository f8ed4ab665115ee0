#!/usr/bin/python3
"""Growth plot for docs/prestanda.md: time (CPU, median of the repetitions) and peak memory of
BM_ProtectSweden/N against N, from Google Benchmark's JSON output.

    build/tests/bench/omrade_bench --benchmark_filter='BM_ProtectSweden/' --benchmark_repetitions=3 \\
        --benchmark_format=json --benchmark_out=protect_sweden.json
    /usr/bin/python3 tests/bench/rita_tillvaxt.py protect_sweden.json docs/prestanda_tillvaxt.svg

Needs Debian's python3-matplotlib. The dashed line is linear growth from N = 1.
"""
import json
import re
import statistics
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    cpu, peak = {}, {}
    for b in runs:
        if b.get("run_type") != "iteration":
            continue
        m = re.match(r"BM_ProtectSweden/(\d+)", b["name"])
        if not m:
            continue
        n = int(m.group(1))
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        cpu.setdefault(n, []).append(b["cpu_time"] * scale)
        peak.setdefault(n, []).append(b["topp_MiB"])
    ns = sorted(cpu)
    t = [statistics.median(cpu[n]) for n in ns]
    p = [statistics.median(peak[n]) for n in ns]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    a.plot(ns, t, "o-", label="uppmätt (median)")
    a.plot(ns, [t[0] * n / ns[0] for n in ns], "--", color="grey", label="linjär från 1 län")
    a.set_xlabel("antal län (kopior av Kronoberg)")
    a.set_ylabel("CPU-tid, s")
    a.set_title("Röjandekontroll, alla 74 tabeller")
    a.legend()
    b.plot(ns, p, "o-", color="tab:red")
    b.set_xlabel("antal län (kopior av Kronoberg)")
    b.set_ylabel("högsta residenta minne, MiB")
    b.set_title("Minne (indata inräknade)")
    b.set_ylim(bottom=0)
    for n, x, y in zip(ns, t, p):
        print("%d län: %.3f s CPU, %.0f MiB" % (n, x, y))
    fig.tight_layout()
    fig.savefig(target)


if __name__ == "__main__":
    main()
