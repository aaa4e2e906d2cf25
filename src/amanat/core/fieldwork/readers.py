"""Submissions from the files KoboToolbox and ODK Central give, as flat records.

- KoboToolbox API v2 JSON: the `results` array of /api/v2/assets/<uid>/data/ (or the array
  itself); keys are group paths (`consent/consent_interview`, `meta/instanceID`), plus `_uuid`.
- KoboToolbox XLSX and CSV exports (XML values, headers with or without group paths, `/`).
- ODK Central CSV export (group paths joined with `-`, `meta-instanceID`, `KEY`, `FormVersion`)
  and OData JSON (`value` array, `__id`, `__system.formVersion`, groups as nested objects).
- ODK instance folders, as ODK Collect and Briefcase keep them (a .zip or a folder of
  `<instance>/submission.xml`), plain or encrypted (see `odk_crypto`).

Every record is matched to the form's field names by the last element of its key, since field
names are unique in a form; anything else (Kobo's `_id`, `_tags`, split multiple-choice columns)
is ignored. Errors are `UsageError`s (the CLI exits 2) naming the file and the row or record.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.utils.translation import gettext as _

from amanat.errors import UsageError
from amanat.tables import CSV_DELIMITERS, Table, TableError, read_table, rows_from_records

MAX_SUBMISSIONS = 100_000
INSTANCE_KEYS = ("meta/instanceid", "meta-instanceid", "instanceid", "__id", "key", "_uuid")
VERSION_KEYS = ("__system/formversion", "formversion")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass
class Submission:
    where: str  # "row 4", "record 2", "instance folder x": for messages
    instance_id: str
    values: dict[str, Any]  # flat key (case-folded path) -> value
    version: str = ""
    decrypted: bool = False
    encrypted: dict[str, Any] = field(default_factory=dict)  # manifest of an encrypted one


def canonical_instance_id(raw: Any) -> str:
    """`uuid:<uuid>` whatever the source (Kobo's `_uuid` has no prefix)."""
    text = str(raw or "").strip()
    if _UUID.match(text):
        return f"uuid:{text.lower()}"
    if text.lower().startswith("uuid:") and _UUID.match(text[5:]):
        return f"uuid:{text[5:].lower()}"
    return text


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        path = f"{prefix}{key}".casefold()
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}/"))
        else:
            flat[path] = value
    return flat


def _identify(flat: dict[str, Any], where: str) -> Submission:
    instance = ""
    for key in INSTANCE_KEYS:
        if flat.get(key) not in (None, ""):
            instance = canonical_instance_id(flat[key])
            break
    if not instance:
        raise UsageError(
            _("%(where)s: no instanceID (meta/instanceID, __id, KEY or _uuid).") % {"where": where},
            field="instanceID",
        )
    version = next((str(flat[k]) for k in VERSION_KEYS if flat.get(k) not in (None, "")), "")
    return Submission(where=where, instance_id=instance, values=flat, version=version)


def _too_many(source: str) -> UsageError:
    return UsageError(
        _("%(source)s: more than %(max)s submissions; split the file.")
        % {"source": source, "max": MAX_SUBMISSIONS}
    )


def from_records(records: Any, source: str) -> list[Submission]:
    """Kobo API v2 (`results`) or ODK Central OData (`value`) JSON, already parsed."""
    if isinstance(records, Mapping):
        for key in ("results", "value"):
            if isinstance(records.get(key), list):
                records = records[key]
                break
        else:
            raise UsageError(
                _("%(source)s: expected a JSON object with a 'results' (KoboToolbox) or 'value' "
                  "(ODK Central) array.") % {"source": source}, field="file",
            )  # fmt: skip
    if not isinstance(records, list):
        raise UsageError(
            _("%(source)s: expected a JSON array of submissions.") % {"source": source},
            field="file",
        )
    if len(records) > MAX_SUBMISSIONS:
        raise _too_many(source)
    submissions = []
    for n, record in enumerate(records, start=1):
        where = _("%(source)s, record %(n)s") % {"source": source, "n": n}
        if not isinstance(record, Mapping):
            raise UsageError(_("%(where)s: expected an object.") % {"where": where}, field="file")
        submissions.append(_identify(_flatten(record), where))
    return submissions


def read_json(data: bytes, source: str) -> list[Submission]:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UsageError(
            _("%(source)s: not UTF-8 text (byte %(byte)s).")
            % {"source": source, "byte": error.start}, field="file",
        ) from None  # fmt: skip
    except json.JSONDecodeError as error:
        raise UsageError(
            _("%(source)s: not valid JSON (line %(line)s, column %(column)s).")
            % {"source": source, "line": error.lineno, "column": error.colno}, field="file",
        ) from None  # fmt: skip
    return from_records(parsed, source)


def read_table_file(path: Path) -> list[Submission]:
    return _from_table(read_table(path, required=(), keep_extra=True))


def _table_from_bytes(data: bytes, name: str) -> Table:
    """A CSV or XLSX upload read in memory (an upload is never written to disk in plaintext)."""
    if name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TableError(
                name, _("not UTF-8 text (byte %(byte)s)") % {"byte": error.start}
            ) from None
        first_line = text.split("\n", 1)[0]
        delimiter = max(CSV_DELIMITERS, key=first_line.count)
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise TableError(
                name, _("not a readable CSV file (%(error)s)") % {"error": error}
            ) from None
    else:
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
            raise TableError(
                name, _("not a readable XLSX workbook (%(error)s)") % {"error": error}
            ) from None
        try:
            records = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    if not records or not any(records[0]):
        raise TableError(name, _("the header row is empty"), row=1)
    return rows_from_records(name, records, required=(), keep_extra=True)


def _from_table(table: Table) -> list[Submission]:
    if not any(key in table.columns for key in INSTANCE_KEYS):
        raise TableError(
            table.source,
            _("no instanceID column (meta/instanceID, meta-instanceID, KEY or _uuid)"),
            row=1, column="meta/instanceID",
        )  # fmt: skip
    if len(table.rows) > MAX_SUBMISSIONS:
        raise _too_many(table.source)
    submissions = []
    for row in table.rows:
        where = _("%(source)s, row %(row)s") % {"source": table.source, "row": row.number}
        flat = {key: value for key, value in row.values.items() if value != ""}
        if not any(flat.get(k) for k in INSTANCE_KEYS):
            raise TableError(table.source, _("no instanceID in this row"), row=row.number,
                             column="meta/instanceID")  # fmt: skip
        submissions.append(_identify(flat, where))
    return submissions


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_submission_xml(data: bytes, where: str) -> tuple[ElementTree.Element, dict[str, Any]]:
    """An XForms instance (or an encryption manifest): its root and leaf paths -> text."""
    try:
        root = safe_fromstring(data, forbid_dtd=True)  # no DTD, no entity expansion, ever
    except DefusedXmlException:
        raise UsageError(
            _("%(where)s: XML with a DOCTYPE is refused.") % {"where": where}
        ) from None
    except ElementTree.ParseError as error:
        raise UsageError(
            _("%(where)s: not well-formed XML (%(error)s).") % {"where": where, "error": error},
            field="file",
        ) from None
    flat: dict[str, Any] = {}

    def walk(element: ElementTree.Element, prefix: str) -> None:
        for child in element:
            path = f"{prefix}{_local(child.tag)}"
            if len(child):
                walk(child, f"{path}/")
            else:
                flat[path.casefold()] = (child.text or "").strip()

    walk(root, "")
    return root, flat


def instance_files(path: Path | io.BytesIO, name: str) -> Iterator[tuple[str, dict[str, bytes]]]:
    """(instance name, {file name: bytes}) for each instance folder in a .zip or a folder."""
    groups: dict[str, dict[str, bytes]] = {}
    if isinstance(path, Path) and path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.is_file():
                folder = str(file.parent.relative_to(path))
                groups.setdefault(folder, {})[file.name] = file.read_bytes()
    else:
        try:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.is_dir():
                        continue
                    if info.file_size > 50 * 1024 * 1024:
                        raise UsageError(_("%(name)s: a file in the archive is too large.")
                                         % {"name": name}, field="file")  # fmt: skip
                    folder, _sep, file_name = info.filename.rpartition("/")
                    groups.setdefault(folder, {})[file_name] = archive.read(info)
        except zipfile.BadZipFile:
            raise UsageError(_("%(name)s: not a readable .zip archive.") % {"name": name},
                             field="file") from None  # fmt: skip
    for folder, files in sorted(groups.items()):
        if "submission.xml" in files:
            yield folder or ".", files


def read_instances(
    path: Path | io.BytesIO, decrypt: Any = None, *, name: str = ""
) -> list[Submission]:
    """ODK instance folders; `decrypt(root, flat, files, where) -> bytes` opens encrypted ones."""
    name = name or getattr(path, "name", "")
    submissions = []
    for folder, files in instance_files(path, name):
        where = _("%(source)s, instance %(folder)s") % {"source": name, "folder": folder}
        root, flat = parse_submission_xml(files["submission.xml"], where)
        decrypted = False
        if root.get("encrypted") == "yes":
            if decrypt is None:
                raise UsageError(
                    _("%(where)s: the submission is encrypted; give the private key "
                      "(--private-key FILE).") % {"where": where}, field="private_key",
                )  # fmt: skip
            plain = decrypt(root, flat, files, where)
            root, flat = parse_submission_xml(plain, where)
            decrypted = True
        submission = _identify(flat, where)
        submission.version = root.get("version") or ""
        submission.decrypted = decrypted
        submissions.append(submission)
    if not submissions:
        raise UsageError(_("%(source)s: no submission.xml found.") % {"source": name},
                         field="file")  # fmt: skip
    if len(submissions) > MAX_SUBMISSIONS:
        raise _too_many(name)
    return submissions


def read_upload(data: bytes, name: str, decrypt: Any = None) -> list[Submission]:
    """The submissions of an uploaded file, read in memory."""
    suffix = Path(name).suffix.lower()
    if not data:
        raise UsageError(_("%(name)s: the file is empty.") % {"name": name}, field="file")
    if suffix == ".json":
        return read_json(data, name)
    if suffix in (".csv", ".xlsx"):
        return _from_table(_table_from_bytes(data, name))
    if suffix == ".zip":
        return read_instances(io.BytesIO(data), decrypt, name=name)
    raise UsageError(
        _("%(name)s: unsupported file type; use .json, .csv, .xlsx or .zip.") % {"name": name},
        field="file",
    )


def read_submissions(path: Path, decrypt: Any = None) -> list[Submission]:
    """Every submission in FILE, by its type."""
    if not path.exists():
        raise UsageError(_("%(name)s: file not found.") % {"name": path.name}, field="file")
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".zip":
        return read_instances(path, decrypt)
    if suffix == ".json":
        return read_json(path.read_bytes(), path.name)
    if suffix in (".csv", ".xlsx"):
        return read_table_file(path)
    if suffix == ".xml":
        _root, flat = parse_submission_xml(path.read_bytes(), path.name)
        return [_identify(flat, path.name)]
    raise UsageError(
        _("%(name)s: unsupported file type; use .json, .csv, .xlsx, .xml or .zip.")
        % {"name": path.name}, field="file",
    )  # fmt: skip


def keys_of(submissions: Iterable[Submission]) -> set[str]:
    keys: set[str] = set()
    for submission in submissions:
        keys.update(submission.values)
    return keys
