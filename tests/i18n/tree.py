"""A small copy of the package's translatable files, so import tests never touch the real ones."""

from __future__ import annotations

from pathlib import Path

import polib

RU_HEADER = {
    "Content-Type": "text/plain; charset=UTF-8",
    "Language": "ru",
    "Plural-Forms": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)"
    " ? 2 : 3);",
}
RULE_FILE = """id: colours
source: "test"
items:
  - {code: red, en: "Red <b>now</b>", ru: "Красный <b>сейчас</b>"}
  - {code: blue, en: "Blue for {name}", ru: "Синий для {name}"}
"""


def make_tree(root: Path) -> Path:
    """root/amanat with one interface catalogue (ru) and one rule file; returns the package."""
    package = root / "amanat"
    ru = package / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    ru.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = dict(RU_HEADER)
    po.append(
        polib.POEntry(msgid="Hello %(name)s", msgstr="Привет, %(name)s", flags=["python-format"])
    )
    po.append(polib.POEntry(msgid="Save", msgstr="Сохранить", flags=["max-length:12"]))
    po.append(polib.POEntry(msgid="Open", msgctxt="door", msgstr="Открыть"))
    po.append(
        polib.POEntry(
            msgid="%(count)d case",
            msgid_plural="%(count)d cases",
            msgstr_plural={
                0: "%(count)d дело",
                1: "%(count)d дела",
                2: "%(count)d дел",
                3: "%(count)d дела",
            },
            flags=["python-format"],
        )
    )
    po.save(str(ru))
    rules = package / "core" / "rules" / "vocabularies" / "colours.yaml"
    rules.parent.mkdir(parents=True)
    rules.write_text(RULE_FILE, encoding="utf-8")
    return package


def use_tree(monkeypatch, package: Path) -> None:
    from amanat.platform.translations import apply, inventory

    monkeypatch.setattr(inventory, "PACKAGE_ROOT", package)
    monkeypatch.setattr(apply, "PACKAGE_ROOT", package)
    inventory._rule_files.cache_clear()
