"""The name rule files (`cases/rules/names/*.yaml`) as pydantic models, read through rulefiles."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from amanat import rulefiles
from amanat.rulefiles import RuleModel

RULES = Path(__file__).resolve().parent.parent / "rules" / "names"

Role = Literal["given", "surname", "patronymic"]
Gender = Literal["m", "f"]


class Homoglyphs(RuleModel):
    source: str
    pairs: dict[str, str]


class CyrillicTable(RuleModel):
    source: str
    letters: dict[str, str]
    digraphs: dict[str, str] = {}


class Rewrite(RuleModel):
    from_: str = Field(alias="from", min_length=1)
    to: str
    where: Literal["anywhere", "start", "end", "between_vowels", "after_consonant"] = "anywhere"
    note: str = ""


class LatinTable(RuleModel):
    source: str
    letters: dict[str, str]
    rewrites: list[Rewrite]
    collapse_doubles: bool = True
    apostrophes: str = ""


class Particles(RuleModel):
    source: str
    words: dict[str, Gender]


class Ending(RuleModel):
    ending: str
    role: Role
    key: str
    gender: Gender | None = None
    min_stem: int = 2


class Endings(RuleModel):
    source: str
    rules: list[Ending]


class FoldingFile(RuleModel):
    version: int
    status: Literal["draft", "reviewed"]
    homoglyphs: Homoglyphs
    cyrillic: CyrillicTable
    latin: LatinTable
    patronymic_particles: Particles
    endings: Endings


class Language(RuleModel):
    icu: str | None
    source: str
    letters: dict[str, str]


class Detect(RuleModel):
    language: str
    letters: str


class RomanisationFile(RuleModel):
    status: Literal["draft", "reviewed"]
    languages: dict[str, Language]
    common: dict[str, str]
    detect: list[Detect]


@lru_cache(maxsize=1)
def folding_rules() -> FoldingFile:
    return rulefiles.load(
        RULES / "folding.yaml", FoldingFile, name="cases/rules/names/folding.yaml"
    )


@lru_cache(maxsize=1)
def romanisation_rules() -> RomanisationFile:
    return rulefiles.load(
        RULES / "romanisation.yaml", RomanisationFile, name="cases/rules/names/romanisation.yaml"
    )
