#!/usr/bin/python3
"""Growth plot for docs/prestanda.md: time (CPU, median of the repetitions) and peak memory of
BM_ProtectSweden/N against N, from Google Benchmark's JSON output.

    build/tests/bench/omrade_bench --benchmark_filter='BM_ProtectSweden/' --benchmark_repetitions=3 \\
        --benchmark_format=json --benchmark_out=protect_sweden.json
    /usr/bin/python3 tests/bench/rita_tillvaxt.py protect_sweden.json docs/prestanda_tillvaxt.svg [check.log]

With check.log (lines written by /usr/bin/time -f "N=<copies> user=%U ... maxrss_kb=%M" around
`omrade check`, see docs/prestanda.md) the medians of the whole `omrade check` are drawn as well.
Needs Debian's python3-matplotlib. The dashed line is linear growth from N = 1.
"""
import json
import re
import statistics
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402


def check_runs(path):
    """Median user time (s) and peak memory (MiB) of `omrade check` per N from a time log."""
    user, peak = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.search(r"N=(\d+).*user=([0-9.]+).*maxrss_kb=(\d+)", line)
            if m:
                n = int(m.group(1))
                user.setdefault(n, []).append(float(m.group(2)))
                peak.setdefault(n, []).append(int(m.group(3)) / 1024.0)
    ns = sorted(user)
    return ns, [statistics.median(user[n]) for n in ns], [statistics.median(peak[n]) for n in ns]


def main():
    source, target = sys.argv[1], sys.argv[2]
    check = check_runs(sys.argv[3]) if len(sys.argv) > 3 else None
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
    a.plot(ns, t, "o-", label="protect(), 74 tabeller (median)")
    a.plot(ns, [t[0] * n / ns[0] for n in ns], "--", color="grey", label="linjär från 1 län")
    if check:
        a.plot(check[0], check[1], "s-", color="tab:green", label="hela omrade check (median)")
        a.plot(check[0], [check[1][0] * n / check[0][0] for n in check[0]], ":", color="tab:green",
               label="linjär från 1 län (check)")
        a.set_yscale("log")
        a.set_xscale("log")
    a.set_xlabel("antal län (kopior av Kronoberg)")
    a.set_ylabel("CPU-tid, s")
    a.set_title("Röjandekontroll och omrade check")
    a.legend()
    b.plot(ns, p, "o-", color="tab:red", label="protect()")
    if check:
        b.plot(check[0], check[2], "s-", color="tab:green", label="omrade check")
        b.legend()
    b.set_xlabel("antal län (kopior av Kronoberg)")
    b.set_ylabel("högsta residenta minne, MiB")
    b.set_title("Minne (indata inräknade)")
    b.set_ylim(bottom=0)
    for n, x, y in zip(ns, t, p):
        print("%d län: %.3f s CPU, %.0f MiB" % (n, x, y))
    if check:
        for n, x, y in zip(*check):
            print("check, %d län: %.2f s användartid, %.0f MiB" % (n, x, y))
    fig.tight_layout()
    fig.savefig(target)


if __name__ == "__main__":
    main()
