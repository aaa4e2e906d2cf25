"""Benchmark: DP synthetic data from the full shared CTDC file (issue 6 item 5).

Each run is a fresh child process, so its peak resident memory (ru_maxrss) is its own.
Run: cd /work/main && PYTHONPATH=src .venv/bin/python benchmarks/bench_synth.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

CTDC = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ctdc" / "ctdc_global_kanon_2018.csv"
)
EPSILONS = (4.0, 1.0)
SEED = 2024


def one_run(epsilon: float) -> dict:
    from amanat.insights.synth import SynthesisSettings, synthesize
    from amanat.insights.synth.dataset import read_ctdc_csv

    started = time.perf_counter()
    frame = read_ctdc_csv(CTDC)  # the 7 default CTDC columns
    result = synthesize(frame, SynthesisSettings(epsilon=epsilon, seed=SEED))
    seconds = time.perf_counter() - started
    return {
        "epsilon": epsilon,
        "delta": sum(entry.delta for entry in result.releases),
        "columns": len(frame.columns),
        "input": result.input_records,
        "synthetic": result.synthetic_records,
        "seconds": seconds,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "reported": [length.reported for length in result.lengths],
        "utility": [error.as_dict() for error in result.utility],
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one_run(float(sys.argv[2]))))
        return
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    )
    for epsilon in EPSILONS:
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(epsilon)],
            capture_output=True, text=True, check=True, env=os.environ,
        )  # fmt: skip
        run = json.loads(child.stdout)
        print(
            f"\nepsilon {run['epsilon']:g} (delta {run['delta']:.2g}), {run['columns']} columns, "
            f"reporting length 3: {run['input']} -> {run['synthetic']} records, "
            f"{run['seconds']:.1f} s, peak RSS {run['peak_rss_mib']:.0f} MiB, "
            f"combinations reported per length {run['reported']}"
        )
        print(
            "| way | cells | mean abs | max abs | mean rel | mean rel (input >= 100) | fabricated | suppressed |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for u in run["utility"]:
            print(
                f"| {u['way']} | {u['cells']} | {u['mean_absolute_error']:.1f} | {u['max_absolute_error']} "
                f"| {u['mean_relative_error']:.3f} | {u['mean_relative_error_large_cells']:.3f} "
                f"| {u['cells_fabricated']} | {u['cells_suppressed']} |"
            )


if __name__ == "__main__":
    main()
