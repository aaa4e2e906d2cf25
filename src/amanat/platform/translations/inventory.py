"""Every translatable text of one language, interface and content, as rows (ADR 1403).

Two kinds of file hold a language's texts:
- `interface`: the gettext catalogues `src/amanat/**/locale/<lang>/LC_MESSAGES/django.po`; the
  Russian catalogue of the same folder is the list of messages (every message has Russian);
- `content`: the overlays `src/amanat/<app>/locale/<lang>/content/<path>.po` of the rule files
  (`amanat.rulefiles.translations`); the rule file is the list of texts.
A catalogue or overlay that does not exist yet still lists every text, untranslated, so coverage,
export and import cover it. An entry is reviewed when its translator comment has a line
`reviewed: <name> <YYYY-MM-DD>`; otherwise a translated entry is a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib

import amanat
from amanat.rulefiles import translations as overlays
from amanat.rulefiles.loader import load_data
from amanat.rulefiles.translations import _REVIEWED_LINE, OVERLAY_LANGUAGES, text_nodes

PACKAGE_ROOT = Path(amanat.__file__).resolve().parent
INTERFACE, CONTENT = "interface", "content"
UNTRANSLATED, DRAFT, REVIEWED, OUTDATED = "untranslated", "draft", "reviewed", "outdated"
_MAX_LENGTH = re.compile(r"^max-length:(\d+)$")


@dataclass
class Row:
    """One text (one plural form of a plural message) in one language."""

    kind: str
    file: str  # the language's PO file, relative to the package (it may not exist yet)
    context: str  # msgctxt: the text's key in a rule file, a message's context
    source: str  # English (the plural source for forms > 0)
    russian: str
    translation: str
    status: str
    form: int | None = None  # plural form index; None for a message without plural
    reviewed_by: str = ""
    where: str = ""  # source references, the rule file, comments for the translator
    max_length: int | None = None
    msgid: str = ""  # the entry's msgid (== source except for plural forms > 0)

    @property
    def identity(self) -> tuple:
        return (self.file, self.context, self.msgid, self.form)


@dataclass
class FileReport:
    kind: str
    file: str
    rows: list[Row] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return len({(r.context, r.msgid) for r in self.rows})

    def count(self, *statuses: str) -> int:
        return len({(r.context, r.msgid) for r in self.rows if r.status in statuses})


def _relative(path: Path) -> str:
    return path.resolve().relative_to(PACKAGE_ROOT).as_posix()


def _review(entry: polib.POEntry) -> tuple[str, str]:
    match = _REVIEWED_LINE.search(entry.tcomment or "")
    return (REVIEWED, match.group("by")) if match else (DRAFT, "")


def _max_length(entry: polib.POEntry | None) -> int | None:
    for flag in entry.flags if entry is not None else ():
        match = _MAX_LENGTH.match(flag)
        if match:
            return int(match.group(1))
    return None


def reference_catalogues() -> list[Path]:
    """The Russian interface catalogues: one per folder that holds messages."""
    return sorted(PACKAGE_ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))


def interface_path(reference: Path, language: str) -> Path:
    return reference.parents[2] / language / "LC_MESSAGES" / "django.po"


def _interface_report(reference: Path, language: str) -> FileReport:
    target = interface_path(reference, language)
    report = FileReport(INTERFACE, _relative(target))
    current = polib.pofile(str(target)) if target.is_file() else None
    nplurals = plural_count(current, language)
    for ru in polib.pofile(str(reference)):
        if ru.obsolete or not ru.msgid:
            continue
        entry = current.find(ru.msgid, msgctxt=ru.msgctxt) if current is not None else None
        where = ", ".join(f"{p}:{n}" if n else p for p, n in ru.occurrences[:3])
        where = "; ".join(x for x in (where, ru.comment) if x)
        status, by = _review(entry) if entry is not None else (UNTRANSLATED, "")
        if entry is not None and "fuzzy" in entry.flags:
            status = OUTDATED
        if ru.msgid_plural:
            forms = entry.msgstr_plural if entry is not None else {}
            for index in range(nplurals):
                text = forms.get(index, "") or ""
                report.rows.append(
                    Row(
                        INTERFACE,
                        report.file,
                        ru.msgctxt or "",
                        ru.msgid if index == 0 and nplurals > 1 else ru.msgid_plural,
                        ru.msgstr_plural.get(min(index, len(ru.msgstr_plural) - 1), ""),
                        text,
                        status if text else UNTRANSLATED,
                        index,
                        by,
                        where,
                        _max_length(ru),
                        ru.msgid,
                    )  # fmt: skip
                )
        else:
            text = entry.msgstr if entry is not None else ""
            report.rows.append(
                Row(
                    INTERFACE,
                    report.file,
                    ru.msgctxt or "",
                    ru.msgid,
                    ru.msgstr,
                    text,
                    status if text else UNTRANSLATED,
                    None,
                    by,
                    where,
                    _max_length(ru),
                    ru.msgid,
                )  # fmt: skip
            )
    return report


def plural_count(catalogue: polib.POFile | None, language: str) -> int:
    """nplurals of the catalogue's Plural-Forms, else of Django's own catalogue for `language`."""
    header = (catalogue.metadata.get("Plural-Forms", "") if catalogue is not None else "") or (
        django_plural_forms(language)
    )
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match.group(1)) if match else 2


@lru_cache(maxsize=8)
def django_plural_forms(language: str) -> str:
    import django

    path = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    if path.is_file():
        return polib.pofile(str(path)).metadata.get("Plural-Forms", "")
    return "nplurals=2; plural=(n != 1);"


@lru_cache(maxsize=1)
def _rule_files() -> tuple[Path, ...]:
    # Imported here: the page's URLconf loads this module, and overlay_extract binds
    # `overlay_path` by name when first imported (tests replace that function for a while).
    from amanat.rulefiles.overlay_extract import rule_files

    return tuple(rule_files(PACKAGE_ROOT))


def _content_report(rule_file: Path, language: str) -> FileReport:
    target = overlays.overlay_path(rule_file, language)
    report = FileReport(CONTENT, _relative(target))
    data, _lines = load_data(rule_file, apply_overlays=False)
    current = polib.pofile(str(target)) if target.is_file() else None
    entries = {e.msgctxt: e for e in current if e.msgctxt and not e.obsolete} if current else {}
    for key, node in text_nodes(data):
        entry = entries.get(key)
        text = entry.msgstr if entry is not None else ""
        status, by = _review(entry) if entry is not None else (UNTRANSLATED, "")
        if entry is not None and ("fuzzy" in entry.flags or entry.msgid != node["en"]):
            status = OUTDATED
        report.rows.append(
            Row(
                CONTENT,
                report.file,
                key,
                node["en"],
                node.get("ru") or "",
                text,
                status if text else UNTRANSLATED,
                None,
                by,
                _relative(rule_file),
                _max_length(entry),
                node["en"],
            )  # fmt: skip
        )
    return report


def language_reports(language: str, kinds: tuple[str, ...] = (INTERFACE, CONTENT)):
    """Every file of `language`, interface catalogues first, with its rows."""
    reports = []
    if INTERFACE in kinds:
        reports += [_interface_report(p, language) for p in reference_catalogues()]
    if CONTENT in kinds and language in OVERLAY_LANGUAGES:
        reports += [_content_report(p, language) for p in _rule_files()]
    return reports


def rule_file_for(overlay_file: str, language: str) -> Path | None:
    """The rule file whose `language` overlay is `overlay_file` (package-relative)."""
    for path in _rule_files():
        if _relative(overlays.overlay_path(path, language)) == overlay_file:
            return path
    return None
