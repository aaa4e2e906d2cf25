"""`amanat export microdata`: de-identified, k-anonymised microdata for researchers (SPSS, Stata
or CSV) with its codebook (XLSX and DOCX) and anonymisation report (issue 15, ADR 1524)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from amanat.config.files import write_private
from amanat.errors import UsageError

LANGUAGES = ("en", "ru")


def register(exports) -> None:
    """Add `microdata` to the `export` group (`exports` from `nested_subparsers`)."""
    parser = exports.add_parser(
        "microdata",
        help="De-identified microdata (research consent only), k-anonymised, with a codebook.",
        description="Writes FILE (SPSS .sav, Stata .dta or CSV), FILE-codebook.xlsx, "
        "FILE-codebook.docx and FILE-anonymisation.json beside it.",
    )
    parser.add_argument(
        "--format",
        dest="file_format",
        required=True,
        choices=("sav", "dta", "csv"),
        help="SPSS (sav), Stata (dta) or CSV",
    )
    parser.add_argument("--k", type=int, default=None, help="default 5 (microdata.yaml)")
    parser.add_argument(
        "--out", type=Path, required=True, help="file to write (format from --format)"
    )
    parser.add_argument(
        "--max-suppressed",
        type=float,
        default=None,
        help="share of records that may be suppressed after generalisation (default 0.05)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="labels' language")
    parser.add_argument("--user", help="exporting user (default: the system operator)")
    parser.set_defaults(func=handle_export_microdata)


def _companions(out: Path) -> dict[str, Path]:
    stem = out.with_suffix("")
    return {
        "codebook_xlsx": stem.with_name(stem.name + "-codebook.xlsx"),
        "codebook_docx": stem.with_name(stem.name + "-codebook.docx"),
        "report": stem.with_name(stem.name + "-anonymisation.json"),
    }


def handle_export_microdata(args: argparse.Namespace) -> int:
    from amanat.insights.cli_data import resolve_user
    from amanat.insights.microdata.files import (
        write_codebook_docx,
        write_codebook_xlsx,
        write_microdata,
    )
    from amanat.insights.selectors.microdata import microdata_export

    fmt = args.file_format
    if args.out.suffix.lower() != f".{fmt}":
        raise UsageError(f"--out must end in .{fmt} for --format {fmt}")
    if not args.out.parent.is_dir():
        raise UsageError(f"--out: no such folder {args.out.parent}")
    if args.k is not None and args.k < 2:
        raise UsageError("--k must be at least 2")
    if args.max_suppressed is not None and not 0 <= args.max_suppressed <= 1:
        raise UsageError("--max-suppressed must be between 0 and 1")
    user = resolve_user(args.user)
    micro = microdata_export(user, k=args.k, max_suppressed_fraction=args.max_suppressed, fmt=fmt)
    files = _companions(args.out)
    write_microdata(micro, args.out, fmt, lang=args.lang)
    write_codebook_xlsx(micro, files["codebook_xlsx"], lang=args.lang)
    write_codebook_docx(micro, files["codebook_docx"], lang=args.lang)
    summary = {
        "out": str(args.out),
        **{name: str(path) for name, path in files.items()},
        "records_written": micro.text.height,
        **micro.extra,
        "k_anonymity": micro.report.as_dict(),
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2, default=str)
    write_private(files["report"], text + "\n")
    print(text)
    return 0
