"""`screen(text)`: the red flags an advertisement raises, each with its phrases and its source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from amanat.rulefiles import load
from amanat.rulefiles.texts import resolve_text

from .language import detect_language
from .model import LANGUAGES, Indicator, IndicatorFile
from .patterns import compile_any, normalise, pattern_regex
from .ranking import RankingModel, default_model

INDICATORS_FILE = Path(__file__).resolve().parents[1] / "rules" / "indicators.yaml"
LOW, MEDIUM, HIGH = "low", "medium", "high"
_NEGATION_WINDOW = 2  # words between a negator and the phrase it cancels
_SENTENCE_END = re.compile(r"[.!?;\n]")


@dataclass(frozen=True)
class Match:
    indicator: str
    label: str
    grade: str
    weight: int
    source: str
    phrases: tuple[str, ...]
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    score: int
    level: str
    language: str | None
    matches: tuple[Match, ...]
    disclaimer: str
    version: str = ""
    negated: tuple[str, ...] = field(default=())
    # The ranking model's probability when it was asked (a low result with an indicator), and
    # whether it raised the level to medium (ADR 0913).
    model_probability: float | None = None
    raised_by_model: bool = False

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(match.indicator for match in self.matches)

    @property
    def destinations(self) -> tuple[str, ...]:
        """ISO country codes the matched phrases name, sorted, each once."""
        return tuple(sorted({code for match in self.matches for code in match.countries}))

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "level": self.level,
            "language": self.language,
            "indicators": [match.__dict__ for match in self.matches],
            "negated": list(self.negated),
            "destinations": list(self.destinations),
            "disclaimer": self.disclaimer,
            "version": self.version,
            "model": {
                "probability": None
                if self.model_probability is None
                else round(self.model_probability, 3),
                "raised": self.raised_by_model,
            },
        }


@dataclass(frozen=True)
class _Compiled:
    indicator: Indicator
    find: re.Pattern[str]
    unless: re.Pattern[str] | None
    negatable: bool


@dataclass(frozen=True)
class Screener:
    rules: IndicatorFile
    compiled: tuple[_Compiled, ...]
    negators: tuple[re.Pattern[str] | None, ...]
    ranking: RankingModel | None = None

    def screen(self, text: str, language: str | None = None, ui_language: str = "en") -> Result:
        normalised = normalise(text or "")
        matches: list[Match] = []
        negated: list[str] = []
        for item in self.compiled:
            phrases = _phrases(item, normalised, self.negators)
            if phrases is None:
                negated.append(item.indicator.id)
                continue
            if phrases:
                indicator = item.indicator
                label = resolve_text(indicator.label.model_dump(), ui_language)[0]
                matches.append(Match(indicator.id, label, indicator.grade, indicator.weight,
                                     indicator.source, phrases,
                                     _countries(indicator, phrases)))  # fmt: skip
        score = sum(match.weight for match in matches)
        levels = self.rules.levels
        level = HIGH if score >= levels.high else MEDIUM if score >= levels.medium else LOW
        probability, raised = None, False
        if level == LOW and matches and self.ranking is not None:
            # Asked only here: it may raise a low result with an indicator to medium, never
            # flag a text with none, never lower a level, never reach high.
            probability = self.ranking.probability(normalised)
            raised = probability >= self.ranking.threshold
            level = MEDIUM if raised else LOW
        disclaimer = resolve_text(self.rules.disclaimer.model_dump(), ui_language)[0]
        return Result(
            score=score,
            level=level,
            language=language or detect_language(normalised),
            matches=tuple(matches),
            disclaimer=disclaimer,
            version=self.rules.version,
            negated=tuple(negated),
            model_probability=probability,
            raised_by_model=raised,
        )


def _phrases(item: _Compiled, text: str, negators: tuple) -> tuple[str, ...] | None:
    """The phrases that raise the indicator; None if every one was negated, () if none matched."""
    found = [m for m in item.find.finditer(text) if m.group(0)]
    if not found:
        return ()
    spans = [m.span() for m in item.unless.finditer(text)] if item.unless else []
    kept: list[str] = []
    for m in found:
        start, end = m.span()
        if any(start < s_end and s_start < end for s_start, s_end in spans):
            continue  # inside a phrase that says the opposite: "без оплаты за трудоустройство"
        if item.negatable and _negated(negators, text, start, end, item.find):
            continue
        if m.group(0) not in kept:
            kept.append(m.group(0))
    return tuple(kept) if kept else None


def _countries(indicator: Indicator, phrases: tuple[str, ...]) -> tuple[str, ...]:
    found = {
        code
        for code, beginnings in indicator.countries.items()
        for phrase in phrases
        if any(
            word.startswith(normalise(beginning))
            for word in phrase.split()
            for beginning in beginnings
        )
    }
    return tuple(sorted(found))


def _negated(negators: tuple, text: str, start: int, end: int, find: re.Pattern[str]) -> bool:
    """A negator just before the phrase ("no fees", "без предоплаты"), just after it, as
    Turkic languages place it ("to'lov yo'q", "төлем жоқ"), or inside it, in a gap the pattern
    allows ("паспорт не сдаёте": the phrase still matches without the negator, so the negator
    was not part of it)."""
    before, after, inner = negators
    window = _SENTENCE_END.split(text[max(0, start - 60) : start])[-1]  # never across sentences
    if before is not None and before.search(window):
        return True
    if after is not None and after.match(text, end) is not None:
        return True
    if inner is None:
        return False
    phrase = text[start:end]
    return any(
        found.start() > 0 and find.search(phrase[: found.start()] + phrase[found.end() :])
        for found in inner.finditer(phrase)
    )


def _negator_regexes(rules: IndicatorFile) -> tuple[re.Pattern[str] | None, ...]:
    before = [(word, lang) for lang, n in rules.negators.items() for word in n.before]
    after = [(word, lang) for lang, n in rules.negators.items() for word in n.after]
    gap = r"[^\w.!?;\n]+"  # spaces and punctuation inside one sentence
    window = rf"(?:{gap}[\w']+){{0,{_NEGATION_WINDOW}}}"
    before_re = after_re = inner_re = None
    if before:
        words = "|".join(pattern_regex(word, lang) for word, lang in before)
        before_re = re.compile(rf"(?<![\w'])(?:{words}){window}[\W_]*$")
        inner_re = re.compile(rf"(?<![\w'])(?:{words})")
    if after:
        words = "|".join(pattern_regex(word, lang) for word, lang in after)
        after_re = re.compile(rf"{window}{gap}(?:{words})(?![\w'])")
    return before_re, after_re, inner_re


def build(rules: IndicatorFile, ranking: RankingModel | None = None) -> Screener:
    negators = _negator_regexes(rules)
    compiled = []
    for indicator in rules.indicators:
        patterns = [(p, lang) for lang in LANGUAGES for p in indicator.patterns.get(lang, [])]
        unless = [(p, lang) for lang in LANGUAGES for p in indicator.unless.get(lang, [])]
        compiled.append(
            _Compiled(
                indicator=indicator,
                find=compile_any(patterns, rules.concepts),
                unless=compile_any(unless, rules.concepts),
                negatable=indicator.negatable,
            )
        )
    return Screener(rules=rules, compiled=tuple(compiled), negators=negators, ranking=ranking)


@lru_cache(maxsize=4)
def _screener_for(path: str, stamp: tuple[int, int]) -> Screener:
    return build(load(path, IndicatorFile), default_model())


def get_screener(path: str | Path = INDICATORS_FILE) -> Screener:
    """The screener for the indicator file, rebuilt when the file changes."""
    stat = Path(path).stat()
    return _screener_for(str(path), (stat.st_mtime_ns, stat.st_size))


def screen(text: str, language: str | None = None, *, ui_language: str = "en") -> Result:
    """Screen one advertisement; `language` as given or detected (reported, never a filter)."""
    return get_screener().screen(text, language, ui_language)
