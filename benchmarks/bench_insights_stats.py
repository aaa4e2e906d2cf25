"""Statistics over 1,000,000 CTDC-format records (resampled from the shared CTDC file).

Run: cd /work/main && PYTHONPATH=src .venv/bin/python benchmarks/bench_insights_stats.py [ROWS]
Prints, for every statistic family, the median and max time of 5 runs on the whole data and on
the Central Asian filter, the peak Python-heap allocation of one run (tracemalloc) and the
process's peak resident memory (getrusage).
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import polars as pl

from amanat.insights.ctdc.kanon import k_anonymise
from amanat.insights.ctdc.reader import read_ctdc
from amanat.insights.stats import STATISTICS, Filters, Period, PlaceFilter, crosstab

SHARED = Path(__file__).resolve().parents[2] / "shared/data/ctdc/ctdc_global_kanon_2018.csv"
RUNS = 5


def timed(function, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def traced_peak_mb(function) -> float:
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    start = time.perf_counter()
    source, _ = read_ctdc(SHARED)
    read_ms = (time.perf_counter() - start) * 1000
    data = source.sample(rows, with_replacement=True, seed=2024)
    print(f"read shared file ({source.height} records): {read_ms:.0f} ms")
    print(f"resampled to {data.height:,} rows, {data.estimated_size('mb'):.0f} MB in polars")
    central_asia = Filters(period=Period(2010, 2017), place=PlaceFilter.named("central_asia"))
    print("| statistic | all rows median ms | max ms | Central Asia 2010-2017 median ms | max ms |")
    print("|---|---|---|---|---|")
    for name, function in STATISTICS.items():
        whole = timed(lambda f=function: f(data))
        filtered = timed(lambda f=function: f(data, filters=central_asia))
        print(
            f"| {name} | {whole[0]:.0f} | {whole[1]:.0f} | {filtered[0]:.0f} | {filtered[1]:.0f} |"
        )
    cross = timed(lambda: crosstab(data, "citizenship", "CountryOfExploitation"))
    print(f"| crosstab citizenship x CountryOfExploitation | {cross[0]:.0f} | {cross[1]:.0f} | | |")
    kanon = timed(lambda: k_anonymise(data), runs=1)
    print(f"| k_anonymise (k=11, default quasi-identifiers) | {kanon[0]:.0f} | | | |")
    peak = traced_peak_mb(lambda: [f(data) for f in STATISTICS.values()])
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak Python-heap allocation during all statistics (tracemalloc): {peak:.1f} MB")
    print(f"peak resident memory of the process (getrusage): {rss_mb:.0f} MB")
    print(f"polars {pl.__version__}, threads {pl.thread_pool_size()}")


if __name__ == "__main__":
    main()
