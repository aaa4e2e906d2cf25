"""Write validated workbook changes into the PO files and compile the interface catalogues.

All or nothing: every file is built in memory first, then each is written to a temporary file
beside it and moved into place; a failure before the moves leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path

import polib

from amanat.platform.translations.inventory import (
    INTERFACE,
    PACKAGE_ROOT,
    REVIEWED,
    django_plural_forms,
    interface_path,
    reference_catalogues,
    rule_file_for,
)
from amanat.platform.translations.workbook import Change
from amanat.rulefiles.translations import _REVIEWED_LINE


def _new_interface_catalogue(path: Path, language: str) -> polib.POFile:
    reference = next(p for p in reference_catalogues() if interface_path(p, language) == path)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        **polib.pofile(str(reference)).metadata,
        "Language": language,
        "Plural-Forms": django_plural_forms(language),
        "X-Amanat-Review": "draft",
    }
    return catalogue


def _load(file: str, kind: str, language: str) -> polib.POFile:
    path = PACKAGE_ROOT / file
    if path.is_file():
        return polib.pofile(str(path), wrapwidth=0)
    if kind == INTERFACE:
        return _new_interface_catalogue(path, language)
    rule_file = rule_file_for(file, language)
    if rule_file is None:
        raise ValueError(f"{file}: no rule file has this overlay")
    # A new overlay holds every text of its rule file, as `extract` would write it; built in
    # memory, so nothing is on disk until every file is ready (all or nothing).
    from amanat.rulefiles.loader import load_data
    from amanat.rulefiles.overlay_extract import PLURAL_FORMS
    from amanat.rulefiles.translations import text_nodes

    data, _lines = load_data(rule_file, apply_overlays=False)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "Amanat content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
        "X-Amanat-Review": "draft",
        "X-Amanat-Source": rule_file.resolve().relative_to(PACKAGE_ROOT.resolve()).as_posix(),
    }
    for key, node in text_nodes(data):
        entry = polib.POEntry(msgctxt=key, msgid=node["en"], msgstr="")
        entry.comment = f"ru: {node['ru']}" if node.get("ru") else ""
        catalogue.append(entry)
    return catalogue


def _entry(catalogue: polib.POFile, change: Change) -> polib.POEntry:
    target = change.target
    context = target.context or None
    entry = catalogue.find(target.msgid, msgctxt=context)
    if entry is None or entry.obsolete:
        entry = polib.POEntry(msgid=target.msgid, msgctxt=context)
        if target.form is not None:
            ru = next(p for p in reference_catalogues() if target.file.startswith(_folder_of(p)))
            source = polib.pofile(str(ru)).find(target.msgid, msgctxt=context)
            entry.msgid_plural = source.msgid_plural if source else target.source
            entry.msgstr_plural = {}
        catalogue.append(entry)
    return entry


def _folder_of(reference: Path) -> str:
    return reference.parents[2].resolve().relative_to(PACKAGE_ROOT).as_posix() + "/"


def _set_review(entry: polib.POEntry, change: Change, today: str) -> None:
    lines = [line for line in (entry.tcomment or "").splitlines() if not _REVIEWED_LINE.match(line)]
    if change.status == REVIEWED:
        lines.append(f"reviewed: {change.reviewer} {today}")
    entry.tcomment = "\n".join(lines)


def apply_changes(language: str, changes: list[Change]) -> list[str]:
    """Write `changes`; returns the files written (package-relative)."""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    by_file: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_file[change.target.file].append(change)
    built: dict[str, polib.POFile] = {}
    for file, file_changes in by_file.items():
        catalogue = _load(file, file_changes[0].target.kind, language)
        for change in file_changes:
            entry = _entry(catalogue, change)
            if change.target.form is None:
                entry.msgstr = change.translation
            else:
                entry.msgstr_plural = {
                    **entry.msgstr_plural,
                    change.target.form: change.translation,
                }
            if change.changes_text and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")  # the translator has answered the changed source
                entry.previous_msgid = None
            _set_review(entry, change, today)
        built[file] = catalogue
    _write_all(built)
    return sorted(built)


def _write_all(built: dict[str, polib.POFile]) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for file, catalogue in built.items():
            path = PACKAGE_ROOT / file
            path.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(path, catalogue.__unicode__().encode("utf-8")), path))
            if path.parent.name == "LC_MESSAGES":
                mo = path.with_suffix(".mo")
                staged.append((_stage(mo, catalogue.to_binary()), mo))
    except BaseException:
        for temporary, _path in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)


def _stage(path: Path, content: bytes) -> Path:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.chmod(name, 0o644)  # catalogues are source files of the package, readable by the server
    return Path(name)
