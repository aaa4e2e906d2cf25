"""Database commands of the insights app: `import ctdc`, `datasets`, and (added below) exports
and reports. Each handler parses its arguments, calls one service or selector and prints."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from amanat.config.files import open_private, write_private
from amanat.core.cli_groups import nested_subparsers as nested_subparsers  # re-exported
from amanat.core.progress import step, track
from amanat.errors import UsageError
from amanat.insights.cli_htcds import handle_export_htcds, handle_export_htcds_file


def register(subparsers: argparse._SubParsersAction) -> None:
    imports = nested_subparsers(subparsers, "import", "Import data (ctdc, htcds, ...).")
    ctdc = imports.add_parser(
        "ctdc",
        help="Load a CTDC v6 CSV as a named, read-only research dataset.",
        description="Values the codebook does not allow are reported row by row; their rows are "
        "left out (or, with --strict, the whole file is refused).",
    )
    ctdc.add_argument("file", help="CTDC v6 CSV file to import", type=Path)
    ctdc.add_argument("--name", help="dataset name (default: the file's stem)")
    ctdc.add_argument("--strict", action="store_true", help="refuse the file on any problem")
    ctdc.add_argument("--citation", default="", help="how to cite the source")
    ctdc.add_argument("--user", help="importing user (default: the system operator)")
    ctdc.add_argument(
        "--format",
        help="report as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    ctdc.set_defaults(func=handle_import_ctdc)

    htcds_in = imports.add_parser(
        "htcds",
        help="Open cases from HTCDS v2.0 records (JSON or CSV), all or nothing.",
    )
    htcds_in.add_argument("file", help="HTCDS file to import", type=Path)
    htcds_in.add_argument(
        "--user",
        required=True,
        help="the importing case worker: cases belong to their organisation",
    )
    htcds_in.add_argument(
        "--format",
        dest="file_format",
        choices=("json", "csv"),
        help="default: from the file's extension",
    )
    htcds_in.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import records that may be persons the organisation already holds "
        "(reported and refused otherwise)",
    )
    htcds_in.set_defaults(func=handle_import_htcds)

    exports = nested_subparsers(subparsers, "export", "Export data (ctdc, htcds, ...).")
    ctdc_out = exports.add_parser(
        "ctdc",
        help="The platform's cases in CTDC v6 columns, k-anonymised (research consent only).",
    )
    ctdc_out.add_argument("--out", help="CSV file to write", type=Path, required=True)
    ctdc_out.add_argument("--k", type=int, default=None, help="default 11 (CTDC)")
    ctdc_out.add_argument("--quasi-identifiers", help="comma-separated CTDC columns")
    ctdc_out.add_argument(
        "--max-suppressed",
        type=float,
        default=None,
        help="largest share of records suppressed instead of generalised",
    )
    ctdc_out.add_argument("--user", help="exporting user (default: the system operator)")
    ctdc_out.set_defaults(func=handle_export_ctdc)
    from amanat.insights import cli_microdata  # `export microdata` (issue 15)

    cli_microdata.register(exports)

    htcds_out = exports.add_parser(
        "htcds",
        help="Cases of the user's organisation as HTCDS v2.0 records (JSON or CSV).",
    )
    htcds_out.add_argument("--out", help="file to write", type=Path, required=True)
    htcds_out.add_argument("--user", required=True, help="whose access rules apply")
    htcds_out.add_argument(
        "--purpose",
        required=True,
        help="an identifiable purpose: transfer, referral, required_by_law (see "
        "insights/htcds/export_purposes.yaml); for research use `export microdata`",
    )
    htcds_out.add_argument(
        "--legal-basis", default="", help="identifiable exports: a code of the purpose's list"
    )
    htcds_out.add_argument("--recipient", help="id of the receiving organisation")
    htcds_out.add_argument(
        "--password-file",
        type=Path,
        help="identifiable exports: file whose first line is the ZIP's password "
        "(default: asked on the terminal)",
    )
    htcds_out.add_argument(
        "--format",
        dest="file_format",
        choices=("json", "csv"),
        help="default: from the extension of --out",
    )
    htcds_out.add_argument("--cases", help="comma-separated case ids (default: all)")
    htcds_out.set_defaults(func=handle_export_htcds)
    htcds_file = exports.add_parser(
        "htcds-file",
        help="The encrypted file of an approved identifiable export request (its requester, once).",
    )
    htcds_file.add_argument("request", type=int, help="export request id")
    htcds_file.add_argument("--out", type=Path, required=True, help="a .zip file")
    htcds_file.add_argument("--user", required=True, help="the requester")
    htcds_file.add_argument(
        "--password-file", help="file holding the password of the .zip", type=Path
    )
    htcds_file.set_defaults(func=handle_export_htcds_file)

    report = subparsers.add_parser(
        "report",
        help="A DOCX research report (and/or an XLSX workbook of every table).",
        description="Suppressed statistics of the platform's cases or of a research dataset, "
        "with charts, a method and data note, and space for findings and recommendations.",
    )
    report.add_argument("--dataset", required=True, help="'cases' or a research dataset name")
    report.add_argument(
        "--lang", help="language of the report (default en)", choices=("en", "ru"), default="en"
    )
    report.add_argument("--countries", help="ISO codes, e.g. KZ,KG,TJ,UZ,TM")
    report.add_argument(
        "--match",
        help="how records belong to countries: identification "
        "(cases, default), citizenship, exploitation, either (datasets, default), "
        "both",
    )
    report.add_argument("--period", help="years, e.g. 2010-2017")
    report.add_argument("--regions", help="ISO 3166-2 regions of identification (cases)")
    report.add_argument("--threshold", help="suppress counts below this (default 10)")
    report.add_argument("--out", type=Path, required=True, help="FILE.docx or FILE.xlsx")
    report.add_argument("--xlsx", type=Path, help="also write the workbook of every table")
    report.add_argument("--user", help="requesting user (default: the system operator)")
    report.set_defaults(func=handle_report)

    datasets = subparsers.add_parser("datasets", help="List or remove research datasets.")
    commands = datasets.add_subparsers(dest="datasets_command", metavar="COMMAND")
    commands.required = True
    listing = commands.add_parser("list", help="Research datasets with their sizes.")
    listing.set_defaults(func=handle_datasets_list)
    show = commands.add_parser("show", help="One dataset and its import problems, row by row.")
    show.add_argument("name", help="the dataset's name (see `amanat datasets list`)")
    show.set_defaults(func=handle_datasets_show)
    delete = commands.add_parser("delete", help="Remove a research dataset.")
    delete.add_argument("name", help="the dataset's name (see `amanat datasets list`)")
    delete.add_argument("--user", help="the deleting user (default: the system operator)")
    delete.set_defaults(func=handle_datasets_delete)


def resolve_user(username: str | None, *, required: bool = False):
    """The active user named `username`, or None for the system operator."""
    if not username:
        if required:
            raise UsageError("--user is required: the export applies that user's access rules")
        return None
    from amanat.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UsageError(f"--user: no active user {username!r}")
    return user


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _problem_line(problem: dict) -> str:
    where = f"row {problem['row']}"
    if problem["column"]:
        where += f", column {problem['column']}"
    value = "" if problem["value"] is None else f" {problem['value']!r}:"
    return f"  {where}:{value} {problem['reason']}"


def handle_import_ctdc(args: argparse.Namespace) -> int:
    from amanat.insights.services import dataset_import_ctdc

    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    user = resolve_user(args.user)
    step(f"Importing {args.file.name}")
    result = dataset_import_ctdc(
        actor=user, path=args.file, name=args.name, strict=args.strict, citation=args.citation
    )
    report = result.as_dict()
    if args.format == "json":
        _print_json(report)
        return 0
    print(
        f"Imported research dataset '{report['name']}' from {report['source_file']}: "
        f"{report['records']} records loaded, {report['rows_rejected']} rows not loaded "
        f"(of {report['rows_in_file']}); years {report['years'][0]}-{report['years'][1]}."
    )
    if report["problems"]:
        print(f"{len(report['problems'])} problem(s), row by row (row = line of the file):")
        for problem in report["problems"]:
            print(_problem_line(problem))
    return 0


def handle_datasets_list(args: argparse.Namespace) -> int:
    from amanat.insights.selectors import dataset_list

    for ds in dataset_list(None):
        print(
            f"{ds.name}\t{ds.records} records\t{ds.rows_rejected} rows rejected\t"
            f"{ds.year_min}-{ds.year_max}\t{ds.source_file}\t{ds.imported_at:%Y-%m-%d}"
        )
    return 0


def handle_datasets_show(args: argparse.Namespace) -> int:
    from amanat.insights.selectors import dataset_get, dataset_problems

    ds = dataset_get(None, args.name)
    _print_json(
        {
            "name": ds.name,
            "source_file": ds.source_file,
            "sha256": ds.source_sha256,
            "citation": ds.citation,
            "rows_in_file": ds.rows_in_file,
            "records": ds.records,
            "rows_rejected": ds.rows_rejected,
            "years": [ds.year_min, ds.year_max],
            "imported_at": ds.imported_at.isoformat(),
            "problems": [p.as_dict() for p in dataset_problems(ds)],
        }
    )
    return 0


def handle_datasets_delete(args: argparse.Namespace) -> int:
    from amanat.insights.services import dataset_delete

    dataset_delete(actor=resolve_user(args.user), name=args.name)
    print(f"Removed research dataset '{args.name}'.")
    return 0


def _format(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("json", "csv"):
        raise UsageError(f"{path.name}: give --format json or csv")
    return suffix


def handle_import_htcds(args: argparse.Namespace) -> int:
    from amanat.insights.services import HtcdsRejected, htcds_import, parse_htcds

    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    user = resolve_user(args.user, required=True)
    fmt = _format(args.file, args.file_format)
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{args.file}: not UTF-8 text") from None
    step(f"Importing {args.file.name}")
    try:
        result = htcds_import(
            user=user,
            records=parse_htcds(text, fmt),
            fmt=fmt,
            allow_duplicates=args.allow_duplicates,
        )
    except HtcdsRejected as error:
        print(f"Nothing imported: {len(error.problems)} problem(s), record by record:")
        for problem in error.problems:
            print(f"  {problem}")
        raise UsageError(f"{args.file.name}: fix the problems above and import again") from None
    print(f"Imported {len(result.cases)} case(s): " + ", ".join(case.code for case in result.cases))
    return 0


def handle_export_ctdc(args: argparse.Namespace) -> int:
    from amanat.insights.ctdc.kanon import DEFAULT_MAX_SUPPRESSED_FRACTION
    from amanat.insights.ctdc.writer import write_ctdc_csv
    from amanat.insights.selectors import ctdc_export

    if args.k is not None and args.k < 2:
        raise UsageError("--k must be at least 2")
    fraction = (
        DEFAULT_MAX_SUPPRESSED_FRACTION if args.max_suppressed is None else args.max_suppressed
    )
    if not 0 <= fraction <= 1:
        raise UsageError("--max-suppressed must be between 0 and 1")
    qis = None
    if args.quasi_identifiers is not None:
        qis = [c.strip() for c in args.quasi_identifiers.split(",") if c.strip()]
        if not qis:
            raise UsageError("--quasi-identifiers: no column named")
    user = resolve_user(args.user)
    step("Exporting cases (CTDC, k-anonymised)")
    result = ctdc_export(user, k=args.k, quasi_identifiers=qis, max_suppressed_fraction=fraction)
    with open_private(args.out, "wb") as handle:
        write_ctdc_csv(result.frame, handle)
    _print_json({"out": str(args.out), **result.as_dict()})
    return 0


def handle_report(args: argparse.Namespace) -> int:
    import time

    from amanat.insights.params import parse_filters, parse_threshold
    from amanat.insights.report import build_docx, build_xlsx
    from amanat.insights.selectors import CASES_SOURCE, evidence

    suffix = args.out.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise UsageError("--out must end in .docx or .xlsx")
    if args.xlsx is not None and args.xlsx.suffix.lower() != ".xlsx":
        raise UsageError("--xlsx must end in .xlsx")
    started = time.perf_counter()
    user = resolve_user(args.user)
    filters = parse_filters(
        cases=args.dataset == CASES_SOURCE,
        countries=args.countries,
        match=args.match,
        period=args.period,
        regions=args.regions,
    )
    step(f"Computing statistics of '{args.dataset}'")
    result = evidence(
        user,
        args.dataset,
        filters=filters,
        threshold=parse_threshold(args.threshold),
        purpose="research report",
    )
    outputs = [(args.out, suffix)] + ([(args.xlsx, ".xlsx")] if args.xlsx else [])
    analyses = None
    if args.dataset == CASES_SOURCE and suffix == ".docx":
        from amanat.insights.analyses import report_analyses

        step("Computing the analyses")
        analyses = report_analyses(user)
    for path, kind in track(outputs, "Writing the report"):
        content = (
            build_docx(result, args.lang, analyses)
            if kind == ".docx"
            else build_xlsx(result, args.lang)
        )
        write_private(path, content)
    elapsed = time.perf_counter() - started
    print(
        f"Wrote {', '.join(str(p) for p, _ in outputs)}: {len(result.all_tables)} tables, "
        f"{result.records_in_scope} records in scope, {elapsed:.1f} s."
    )
    for item in result.omitted:
        print(f"  not included: {item['en']}")
    return 0
