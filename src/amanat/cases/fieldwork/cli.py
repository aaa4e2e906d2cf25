"""`amanat import submissions` and the XLSForm export, for every registered field form.

Defined once here; screening (which owns `amanat guides`) and assistance both call
`register_submissions`, which adds the command the first time only (ADR 0545).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from amanat.core.cli_groups import nested_subparsers, subcommand
from amanat.errors import UsageError


def add_xlsform_command(guides: argparse._SubParsersAction) -> None:
    xlsform = guides.add_parser(
        "xlsform",
        help="Write a guide (screening, or the needs assessment) as an XLSForm for KoboToolbox "
        "and ODK Collect.",
    )
    xlsform.add_argument(
        "guide_id", help="the guide's id (see `amanat guides list`)", metavar="GUIDE"
    )
    xlsform.add_argument(
        "--out",
        help="the XLSForm file to write (.xlsx)",
        required=True,
        type=Path,
        metavar="FILE.xlsx",
    )
    xlsform.add_argument(
        "--langs",
        metavar="ru,en,...",
        help="label languages, the first is the default (default: ru,en)",
    )
    xlsform.add_argument(
        "--public-key",
        type=Path,
        metavar="FILE",
        help="RSA public key (PEM): the phones encrypt every submission",
    )
    xlsform.add_argument(
        "--submission-url",
        metavar="URL",
        help="where encrypted submissions are sent (the server's form URL)",
    )
    xlsform.set_defaults(func=handle_xlsform, needs_database=False)  # reads files only


def register_submissions(subparsers: argparse._SubParsersAction) -> None:
    kinds = nested_subparsers(subparsers, "import", "Import data (ctdc, htcds, submissions, ...).")
    if subcommand(kinds, "submissions") is not None:
        return
    sub = kinds.add_parser(
        "submissions",
        help="Import KoboToolbox / ODK Central submissions of a guide's XLSForm (screening "
        "assessments, needs assessments).",
    )
    sub.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="Kobo JSON/CSV/XLSX, ODK Central CSV/OData JSON, or ODK instances .zip",
    )
    sub.add_argument(
        "--guide", help="the guide the submissions answer", required=True, metavar="GUIDE"
    )
    sub.add_argument(
        "--user",
        required=True,
        metavar="USERNAME",
        help="the account the import is made as (its access rules apply)",
    )
    sub.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good submissions and report the bad (default: all or nothing)",
    )
    sub.add_argument(
        "--preview", action="store_true", help="report what would happen; write nothing"
    )
    sub.add_argument(
        "--confirm-new",
        action="store_true",
        help="register new persons even where the organisation may already hold them "
        "(default: report the possible duplicates and leave them out)",
    )
    sub.add_argument("--language", default="ru", help="interview language recorded (default ru)")
    sub.add_argument(
        "--private-key",
        metavar="FILE",
        help="RSA private key (PEM) for encrypted submissions (or AMANAT_FIELDWORK_PRIVATE_KEY)",
    )
    sub.add_argument(
        "--from-server",
        metavar="URL",
        help="KoboToolbox server URL, or ODK Central project URL (.../v1/projects/N)",
    )
    sub.add_argument(
        "--token",
        help="API token (or AMANAT_FIELDWORK_TOKEN); email:password for "
        "basic authentication on ODK Central",
    )
    sub.add_argument(
        "--form", metavar="ID", help="the form on the server (Kobo asset uid, ODK form id)"
    )
    sub.set_defaults(func=handle_import)


def handle_xlsform(args: argparse.Namespace) -> int:
    from amanat.cases.fieldwork.registry import adapter_for

    key = None
    if args.public_key is not None:
        try:
            key = args.public_key.read_bytes()
        except OSError as error:
            raise UsageError(f"{args.public_key}: {error.strerror}", field="public_key") from None
    data = adapter_for(args.guide_id).xlsform(args.langs, public_key_pem=key,
                                              submission_url=args.submission_url or "")  # fmt: skip
    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(_("--out: the file name must end in .xlsx."), field="out")
    try:
        args.out.write_bytes(data)
    except OSError as error:
        raise UsageError(f"{args.out}: {error.strerror}", field="out") from None
    print(args.out)
    return 0


def _submissions(args: argparse.Namespace) -> list:
    from amanat.core.fieldwork import odk_crypto, readers, remote

    if args.from_server:
        if args.file is not None:
            raise UsageError(_("Give FILE or --from-server, not both."), field="file")
        token = args.token or settings.AMANAT_FIELDWORK_TOKEN
        return remote.pull(args.from_server, token, args.form or "")
    if args.file is None:
        raise UsageError(_("Give FILE or --from-server URL."), field="file")
    key = odk_crypto.private_key_from(args.private_key, settings.AMANAT_FIELDWORK_PRIVATE_KEY)

    def decrypt(root, flat, files, where):
        return odk_crypto.decrypt_instance(key, root, flat, files, where)

    return readers.read_submissions(args.file, decrypt if key is not None else None)


def print_plan(plan) -> None:
    counts = plan.counts()
    print(_("new cases: %(create)s, existing cases: %(update)s, already imported: "
            "%(duplicate)s, consent not given: %(no_consent)s, possible duplicates left out: "
            "%(possible_duplicate)s, with problems: %(bad)s") % counts)  # fmt: skip
    for instance_id, where, codes in plan.possible_duplicates():
        print(_("%(instance)s (%(where)s): the person may already be registered: %(codes)s. Put "
                "the case code in the submission, or --confirm-new.")
              % {"instance": instance_id, "where": where, "codes": ", ".join(codes)},
              file=sys.stderr)  # fmt: skip
    for instance_id, where, question, message in plan.problems():
        print(f"{instance_id} ({where}): {question}: {message}", file=sys.stderr)


def handle_import(args: argparse.Namespace) -> int:
    from amanat.accounts.models import User
    from amanat.cases.fieldwork import importer
    from amanat.cases.fieldwork.registry import adapter_for
    from amanat.core.progress import track

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        raise UsageError(_("--user: no active user '%(name)s'.") % {"name": args.user},
                         field="user")  # fmt: skip
    adapter = adapter_for(args.guide)  # an unknown guide is named before any file is read
    submissions = _submissions(args)
    if args.preview:
        print_plan(importer.submissions_plan(adapter=adapter, user=user, submissions=submissions,
                                             confirm_new=args.confirm_new))  # fmt: skip
        return 0

    def progress(items):
        return track(items, str(_("Importing")))

    try:
        result = importer.submissions_import(
            adapter=adapter, user=user, submissions=submissions, language=args.language,
            skip_bad=args.skip_bad, confirm_new=args.confirm_new, progress=progress, source="cli",
        )  # fmt: skip
    except importer.SubmissionsRejected as error:
        print_plan(error.plan)
        raise UsageError(
            _("%(count)s submission(s) have problems; nothing was imported (--skip-bad imports "
              "the others).") % {"count": error.plan.counts()["bad"]}, field="file",
        ) from None  # fmt: skip
    print_plan(result.plan)
    print(adapter.imported_message(len(result.record_ids)))
    return 0
