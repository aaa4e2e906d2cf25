"""The reintegration sustainability instrument (indicators, scales, weights) read from YAML."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from amanat import rulefiles
from amanat.assistance.reintegration.schema import InstrumentFile, OptionEntry
from amanat.assistance.rulemodels import Label, LabelEntry

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "rules" / "rss_indicators.yaml"


class InstrumentError(rulefiles.RuleFileError):
    """The data file is malformed; each problem names its file, line, place and entry."""


@dataclass(frozen=True)
class Option:
    code: str
    value: float | None  # None: recorded but not scored (not applicable, don't know, refused)
    label: Label


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    weight: float
    scale: str
    options: dict[str, Option]  # the scale's options followed by the non-answers
    topics: tuple[str, ...]
    label: Label
    question: Label


@dataclass(frozen=True)
class Dimension:
    code: str
    weight: float
    label: Label


@dataclass(frozen=True)
class Instrument:
    dimensions: dict[str, Dimension]
    indicators: dict[str, Indicator]
    source: dict
    disclaimer: Label
    version: str = ""
    digest: str = ""  # first 16 hex digits of the file's SHA-256: which exact file scored

    def indicators_of(self, dimension: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.dimension == dimension]


def _label(raw: LabelEntry) -> Label:
    return Label.of(raw)


def _option(raw: OptionEntry) -> Option:
    return Option(raw.code, raw.value, _label(raw.label))


@lru_cache(maxsize=8)
def load_instrument(path: Path = DEFAULT_PATH) -> Instrument:
    path = Path(path)
    data = rulefiles.load(path, InstrumentFile, error=InstrumentError)
    dimensions = {d.code: Dimension(d.code, d.weight, _label(d.label)) for d in data.dimensions}
    non_answers = [_option(raw) for raw in data.non_answers]
    scales = {name: [_option(raw) for raw in options] for name, options in data.scales.items()}
    indicators = {
        raw.code: Indicator(
            code=raw.code,
            dimension=raw.dimension,
            weight=raw.weight,
            scale=raw.scale,
            # the scale's options followed by the non-answers
            options={option.code: option for option in scales[raw.scale] + non_answers},
            topics=tuple(raw.topics),
            label=_label(raw.label),
            question=_label(raw.question),
        )
        for raw in data.indicators
    }
    return Instrument(
        dimensions=dimensions,
        indicators=indicators,
        source=data.source,
        disclaimer=_label(data.disclaimer),
        version=str(data.version),
        # which exact file scored (read again: rulefiles keeps only the validated model)
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:16],
    )
