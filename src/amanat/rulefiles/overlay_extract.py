"""Write or update the overlay PO files translators fill (see `translations` for the contract).

Like gettext's msgmerge: a new text gets an empty entry, a text whose English changed keeps its
old translation marked fuzzy (with the previous English), a text that is gone becomes obsolete,
and every translation and review comment already made is kept.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from pathlib import Path

import polib

from .loader import load_data
from .translations import OVERLAY_LANGUAGES, overlay_path, text_nodes

PLURAL_FORMS = "nplurals=2; plural=(n != 1);"  # content has no plurals; gettext wants a header


@dataclass(frozen=True, slots=True)
class Extracted:
    rule_file: Path
    overlay: Path
    texts: int
    translated: int
    outdated: int


def rule_files(root: Path) -> list[Path]:
    """Every YAML rule file under `root` (the amanat package) that has at least one text."""
    found = []
    for path in sorted(root.glob("*/rules/**/*.yaml")):
        data, _ = load_data(path, apply_overlays=False)
        if next(text_nodes(data), None) is not None:
            found.append(path)
    return found


def extract(rule_file: Path, language: str, *, package_root: Path) -> Extracted:
    """Create or update the `language` overlay of `rule_file`; returns what it now holds."""
    if language not in OVERLAY_LANGUAGES:
        raise ValueError(f"no overlay language '{language}' ({', '.join(OVERLAY_LANGUAGES)})")
    target = overlay_path(rule_file, language)
    if target is None:
        raise ValueError(f"{rule_file} is not inside an app's rules/ folder")
    data, _ = load_data(rule_file, apply_overlays=False)
    old = polib.pofile(str(target)) if target.is_file() else None
    previous = {e.msgctxt: e for e in old if e.msgctxt} if old is not None else {}
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = _metadata(old, language, rule_file, package_root)
    translated = outdated = 0
    keys = set()
    for key, node in text_nodes(data):
        keys.add(key)
        entry = polib.POEntry(msgctxt=key, msgid=node["en"], msgstr="")
        entry.comment = f"ru: {node['ru']}" if node.get("ru") else ""
        before = previous.get(key)
        if before is not None and before.msgstr:
            entry.msgstr = before.msgstr
            entry.tcomment = before.tcomment
            entry.flags = [flag for flag in before.flags if flag != "fuzzy"]
            if before.msgid != node["en"] and not before.obsolete:
                entry.flags.append("fuzzy")
                entry.previous_msgid = before.msgid
            elif "fuzzy" in before.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = before.previous_msgid
        if "fuzzy" in entry.flags:
            outdated += 1
        elif entry.msgstr:
            translated += 1
        catalogue.append(entry)
    for key, before in previous.items():
        if key not in keys and before.msgstr:
            gone = copy.deepcopy(before)  # the old catalogue stays as read, for the comparison
            gone.obsolete = True  # kept for the translator, never shown
            catalogue.append(gone)
    if old is not None and _entries_text(old) == _entries_text(catalogue):
        return Extracted(rule_file, target, len(keys), translated, outdated)  # no churn
    target.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(target))
    return Extracted(rule_file, target, len(keys), translated, outdated)


def _entries_text(catalogue) -> str:
    """The entries as text, without the header (whose creation date changes on every run)."""
    return "\n".join(str(entry) for entry in catalogue) + "".join(
        str(entry) for entry in catalogue.obsolete_entries()
    )


def _metadata(old, language: str, rule_file: Path, package_root: Path) -> dict:
    metadata = dict(old.metadata) if old is not None else {}
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
    metadata.setdefault("Project-Id-Version", "Amanat content")
    metadata.setdefault("X-Amanat-Review", "draft")
    metadata.update(
        {
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": metadata.get("Plural-Forms", PLURAL_FORMS),
            "X-Amanat-Source": rule_file.resolve().relative_to(package_root.resolve()).as_posix(),
            "POT-Creation-Date": now,
        }
    )
    return metadata
