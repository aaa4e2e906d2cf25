"""`amanat synth`: differentially private synthetic data from a CTDC-format CSV."""

from __future__ import annotations

import argparse
import json
import math

from amanat.core.progress import step
from amanat.errors import UsageError
from amanat.insights.synth.dataset import read_ctdc_csv, write_csv
from amanat.insights.synth.pipeline import SynthesisResult, synthesize
from amanat.insights.synth.settings import SynthesisSettings


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{name} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"{name} must be a finite number, got {text!r}")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="differentially private synthetic data from a CTDC-format CSV",
        description=(
            "Aggregate-seeded DP synthesis (the method of CTDC's Global Synthetic Dataset): noisy "
            "counts of all attribute combinations up to the reporting length, then records sampled "
            "from them. Prints the privacy budget spent and the marginal errors."
        ),
    )
    parser.add_argument("--input", required=True, help="CTDC-format CSV (missing: empty or -99)")
    parser.add_argument("--epsilon", required=True, help="total privacy budget, e.g. 4")
    parser.add_argument("--out", required=True, help="synthetic CSV to write")
    parser.add_argument("--delta", default=None, help="default 1/(n ln n), n the noisy count")
    parser.add_argument("--reporting-length", default="3", help="longest combination counted")
    parser.add_argument("--columns", default=None, help="attribute columns, comma-separated")
    parser.add_argument("--seed", default=None, help="for reproducible tests; omit for releases")
    parser.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    parser.set_defaults(func=handle_synth, needs_database=False)  # reads files only


def settings_from_args(args: argparse.Namespace) -> SynthesisSettings:
    try:
        length = int(args.reporting_length)
        seed = None if args.seed is None else int(args.seed)
    except ValueError:
        raise UsageError("--reporting-length and --seed must be whole numbers") from None
    return SynthesisSettings(
        epsilon=_number("--epsilon", args.epsilon),
        delta=None if args.delta is None else _number("--delta", args.delta),
        reporting_length=length,
        seed=seed,
    )


def handle_synth(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    columns = None
    if args.columns is not None:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
        if not columns:
            raise UsageError("--columns: no column named")
    step(f"Reading {args.input}")
    frame = read_ctdc_csv(args.input, columns)
    step("Synthesising (noisy marginals, then sampling records)")
    result = synthesize(frame, settings)
    step(f"Writing {args.out}")
    write_csv(result.synthetic, args.out)
    if args.format == "json":
        print(json.dumps(result.report(), ensure_ascii=False, indent=2, default=str))
    else:
        print(format_text(result, args.out))
    return 0


def format_text(result: SynthesisResult, out: str) -> str:
    report = result.report()
    privacy = report["privacy"]
    lines = [report["method"], ""]
    lines.append(
        f"Privacy budget spent: epsilon {privacy['epsilon']:.4g}, delta {privacy['delta']:.3g}"
    )
    for entry in privacy["components"]:
        lines.append(
            f"  {entry['component']:<21} epsilon {entry['epsilon']:<8.4g} delta {entry['delta']:<9.3g}"
            f" {entry['mechanism']}"
        )
    records = report["records"]
    lines += [
        "",
        f"Records: input {records['input']} (noisy count {records['input_protected_count']}), "
        f"synthetic {records['synthetic']} written to {out}",
        "",
        "Utility kept (marginals of the synthetic data against the input):",
        "  way  cells  mean abs  max abs  mean rel  max rel  mean rel (>=100)  fabricated  suppressed",
    ]
    for error in result.utility:
        lines.append(
            f"  {error.way:>3}  {error.cells:>5}  {error.mean_absolute_error:>8.1f}  "
            f"{error.max_absolute_error:>7}  {error.mean_relative_error:>8.3f}  "
            f"{error.max_relative_error:>7.3f}  {error.mean_relative_error_large_cells:>16.3f}  "
            f"{error.cells_fabricated:>10}  {error.cells_suppressed:>10}"
        )
    lines += ["", report["caveat"]]
    return "\n".join(lines)
