"""Content overlays: the texts of a rule file in the languages it does not carry inline.

Rule files hold their texts inline in English and Russian (`{en: ..., ru: ...}`, or a code-list
item `{code: ..., en: ..., ru: ...}`). Kazakh, Kyrgyz, Tajik and Uzbek come from one gettext PO
file per rule file and language, so translators work in the format their tools know, each
language in its own file, and a text's review status travels with it:

    src/amanat/<app>/rules/<path>.yaml   ->   src/amanat/<app>/locale/<lang>/content/<path>.po

Contract of an overlay file (written by `extract`, filled by translators):
- one entry per text of the rule file: `msgctxt` is the text's place in the file (its key, see
  `text_nodes`), `msgid` the English text, `msgstr` the translation; an extracted comment
  `#. ru: ...` gives the Russian reference;
- an entry is *reviewed* when its translator comment has a line `reviewed: <name> <YYYY-MM-DD>`,
  otherwise a *draft*; an empty or fuzzy msgstr is untranslated;
- a translation applies only while its `msgid` equals the file's English text: when the English
  changes, `extract` marks the entry fuzzy (keeping the old translation for the translator) and it
  stops being shown until someone confirms it.

`load_data` merges the overlays into the parsed data before validation, so every model and every
screen sees `{en, ru, kk, ...}` as if the file carried them inline; an inline text wins over the
overlay. Bottom layer: yaml, polib and the standard library only.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

INLINE_LANGUAGES = ("en", "ru")
OVERLAY_LANGUAGES = ("kk", "ky", "tg", "uz")
TEXT_LANGUAGES = (*INLINE_LANGUAGES, *OVERLAY_LANGUAGES)
DRAFT = "draft"
REVIEWED = "reviewed"
_REVIEWED_LINE = re.compile(r"^reviewed:\s*(?P<by>.+?)\s+(?P<on>\d{4}-\d{2}-\d{2})\s*$", re.M)


@dataclass(frozen=True, slots=True)
class OverlayEntry:
    key: str
    source: str  # the English text the translation was made from
    text: str  # the translation ('' when untranslated)
    status: str  # DRAFT or REVIEWED
    reviewed_by: str = ""
    reviewed_on: str = ""
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.text) and not self.fuzzy


def is_text_node(value: Any) -> bool:
    """A mapping that carries one text in several languages: English as a string, and either
    Russian too (a code-list item may carry other attributes) or only language keys."""
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        return False
    return isinstance(value.get("ru"), str) or all(key in TEXT_LANGUAGES for key in value)


def text_nodes(data: Any) -> Iterator[tuple[str, dict]]:
    """Every text node of `data` with its key: the path of mapping keys and list items, a list
    item named by its `id` or `code` when it has one (so keys survive reordering), else by its
    position; e.g. `sections/consent/questions/informed_purpose/label`, `items/Feminine`."""
    seen: set[str] = set()
    for key, node in _walk(data, ()):
        unique = key
        counter = 2
        while unique in seen:  # two items with the same id: keep both, distinguishably
            unique = f"{key}#{counter}"
            counter += 1
        seen.add(unique)
        yield unique, node


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, dict]]:
    if is_text_node(value):
        yield "/".join(path) or ".", value
        for name, child in value.items():  # a code-list item may hold further texts
            if name not in TEXT_LANGUAGES:
                yield from _walk(child, (*path, str(name)))
        return
    if isinstance(value, dict):
        for name, child in value.items():
            yield from _walk(child, (*path, str(name)))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _walk(item, (*path, _item_name(item, position)))


def _item_name(item: Any, position: int) -> str:
    if isinstance(item, dict):
        for field in ("id", "code"):
            if isinstance(item.get(field), str | int) and not isinstance(item.get(field), bool):
                return str(item[field])
    return str(position)


def overlay_path(rule_path: str | Path, language: str) -> Path | None:
    """Where the `language` overlay of a rule file lives; None for a file outside `<app>/rules/`."""
    path = Path(rule_path).resolve()
    for parent in path.parents:
        if parent.name == "rules":
            relative = path.relative_to(parent).with_suffix(".po")
            return parent.parent / "locale" / language / "content" / relative
    return None


def overlay_signature(rule_path: str | Path) -> tuple:
    """What changes when an overlay of the file changes (part of the rule-file cache key)."""
    signature = []
    for language in OVERLAY_LANGUAGES:
        path = overlay_path(rule_path, language)
        if path is not None and path.is_file():
            stat = path.stat()
            signature.append((language, stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


_parsed: dict[tuple[str, int, int], dict[str, OverlayEntry]] = {}
_parsed_lock = threading.Lock()


def overlay_entries(rule_path: str | Path, language: str) -> dict[str, OverlayEntry]:
    """The entries of the `language` overlay of a rule file by key ({} when there is none)."""
    path = overlay_path(rule_path, language)
    if path is None or not path.is_file():
        return {}
    stat = path.stat()
    cache_key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _parsed_lock:
        if cache_key in _parsed:
            return _parsed[cache_key]
    entries = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgctxt:
            continue
        reviewed = _REVIEWED_LINE.search(entry.tcomment or "")
        entries[entry.msgctxt] = OverlayEntry(
            key=entry.msgctxt,
            source=entry.msgid,
            text=entry.msgstr,
            status=REVIEWED if reviewed else DRAFT,
            reviewed_by=reviewed.group("by") if reviewed else "",
            reviewed_on=reviewed.group("on") if reviewed else "",
            fuzzy="fuzzy" in entry.flags,
        )
    with _parsed_lock:
        _parsed[cache_key] = entries
    return entries


def apply_overlays(rule_path: str | Path, data: Any) -> Any:
    """`data` (parsed from the rule file) with every current overlay translation merged in."""
    overlays = {lang: overlay_entries(rule_path, lang) for lang in OVERLAY_LANGUAGES}
    if not any(overlays.values()):
        return data
    for key, node in text_nodes(data):
        for language, entries in overlays.items():
            entry = entries.get(key)
            if entry and entry.translated and entry.source == node["en"] and not node.get(language):
                node[language] = entry.text
    return data


def review_status(rule_path: str | Path, key: str, language: str) -> str | None:
    """DRAFT or REVIEWED for a text shown from an overlay; None when the overlay does not supply
    it (inline text, untranslated, or out of date)."""
    entry = overlay_entries(rule_path, language).get(key)
    return entry.status if entry and entry.translated else None
