"""`amanat guides xlsform` and `amanat import submissions`: fieldwork from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from amanat.errors import UsageError


def register(subparsers: argparse._SubParsersAction, guides: argparse._SubParsersAction) -> None:
    xlsform = guides.add_parser(
        "xlsform", help="Write a guide as an XLSForm for KoboToolbox and ODK Collect."
    )
    xlsform.add_argument("guide_id", metavar="GUIDE")
    xlsform.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
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
    xlsform.set_defaults(func=handle_xlsform)  # fmt: skip

    kinds = _shared_import_command(subparsers)
    sub = kinds.add_parser(
        "submissions",
        help="Import KoboToolbox / ODK Central submissions of a guide's XLSForm as assessments.",
    )
    sub.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="Kobo JSON/CSV/XLSX, ODK Central CSV/OData JSON, or ODK instances .zip",
    )
    sub.add_argument("--guide", required=True, metavar="GUIDE")
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
    sub.set_defaults(func=handle_import)  # fmt: skip


def _shared_import_command(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The kinds of `amanat import`, created by whichever app registers first and shared (the
    same rule as insights' `nested_subparsers`, which screening may not import: same floor)."""
    parser = subparsers.choices.get("import")
    if parser is None:
        parser = subparsers.add_parser(
            "import", help="Import data (ctdc, htcds, submissions, ...)."
        )
        kinds = parser.add_subparsers(dest="import_kind", metavar="KIND")
        kinds.required = True
        return kinds
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("`amanat import` exists but takes no sub-command")


def handle_xlsform(args: argparse.Namespace) -> int:
    from amanat.screening.fieldwork.xlsform import xlsform_bytes

    key = None
    if args.public_key is not None:
        try:
            key = args.public_key.read_bytes()
        except OSError as error:
            raise UsageError(f"{args.public_key}: {error.strerror}", field="public_key") from None
    data = xlsform_bytes(args.guide_id, args.langs, public_key_pem=key,
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
    from amanat.screening.fieldwork import odk_crypto, readers, remote

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


def _print_plan(plan) -> None:
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
    from tqdm import tqdm

    from amanat.accounts.models import User
    from amanat.screening.fieldwork import importer
    from amanat.screening.services import guide_for

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        raise UsageError(_("--user: no active user '%(name)s'.") % {"name": args.user},
                         field="user")  # fmt: skip
    guide_for(args.guide)  # an unknown guide is named before any file is read
    submissions = _submissions(args)
    if args.preview:
        _print_plan(importer.submissions_plan(user=user, guide_id=args.guide,
                                              submissions=submissions,
                                              confirm_new=args.confirm_new))  # fmt: skip
        return 0

    def progress(items):
        return tqdm(items, desc=_("Importing"), unit="", file=sys.stderr, disable=None)

    try:
        result = importer.submissions_import(
            user=user, guide_id=args.guide, submissions=submissions, language=args.language,
            skip_bad=args.skip_bad, confirm_new=args.confirm_new, progress=progress, source="cli",
        )  # fmt: skip
    except importer.SubmissionsRejected as error:
        _print_plan(error.plan)
        raise UsageError(
            _("%(count)s submission(s) have problems; nothing was imported (--skip-bad imports "
              "the others).") % {"count": error.plan.counts()["bad"]}, field="file",
        ) from None  # fmt: skip
    _print_plan(result.plan)
    print(_("Imported %(count)s assessment(s).") % {"count": len(result.assessment_ids)})
    return 0
