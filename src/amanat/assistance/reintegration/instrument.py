"""The reintegration sustainability instrument (indicators, scales, weights) read from YAML."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "rules" / "rss_indicators.yaml"


class InstrumentError(ValueError):
    """The data file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Label:
    en: str
    ru: str

    def get(self, language: str | None) -> str:
        return self.ru if (language or "").startswith("ru") else self.en


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


def _label(raw: object, where: str) -> Label:
    if not isinstance(raw, dict) or not raw.get("en") or not raw.get("ru"):
        raise InstrumentError(f"{where}: needs non-empty 'en' and 'ru'")
    return Label(str(raw["en"]), str(raw["ru"]))


def _weight(raw: object, where: str) -> float:
    try:
        weight = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InstrumentError(f"{where}: weight {raw!r} is not a number") from None
    if weight < 0:
        raise InstrumentError(f"{where}: weight {weight} is negative")
    return weight


def _option(raw: dict, where: str) -> Option:
    value = raw.get("value")
    if value is not None:
        value = float(value)
        if not 0.0 <= value <= 1.0:
            raise InstrumentError(f"{where}: value {value} is outside [0, 1]")
    return Option(str(raw["code"]), value, _label(raw.get("label"), where))


@lru_cache(maxsize=8)
def load_instrument(path: Path = DEFAULT_PATH) -> Instrument:
    path = Path(path)
    raw_bytes = path.read_bytes()
    data = yaml.safe_load(raw_bytes.decode("utf-8"))
    if not isinstance(data, dict) or not data.get("source"):
        raise InstrumentError(f"{path.name}: a 'source' block is required")
    if not str(data.get("version") or "").strip():
        raise InstrumentError(f"{path.name}: a 'version' is required")

    dimensions = {
        d["code"]: Dimension(
            d["code"],
            _weight(d.get("weight"), f"dimension {d['code']}"),
            _label(d.get("label"), d["code"]),
        )
        for d in data["dimensions"]
    }
    non_answers = [_option(raw, f"non_answers {raw.get('code')}") for raw in data["non_answers"]]
    for option in non_answers:
        if option.value is not None:
            raise InstrumentError(f"non_answers {option.code}: must have no value")
    scales: dict[str, list[Option]] = {
        name: [_option(raw, f"scale {name} option {raw.get('code')}") for raw in options]
        for name, options in data["scales"].items()
    }

    indicators: dict[str, Indicator] = {}
    for raw in data["indicators"]:
        code = raw["code"]
        where = f"indicator {code}"
        if code in indicators:
            raise InstrumentError(f"{where}: duplicate code")
        if raw["dimension"] not in dimensions:
            raise InstrumentError(f"{where}: unknown dimension {raw['dimension']!r}")
        if raw["scale"] not in scales:
            raise InstrumentError(f"{where}: unknown scale {raw['scale']!r}")
        options = {option.code: option for option in scales[raw["scale"]] + non_answers}
        indicators[code] = Indicator(
            code=code,
            dimension=raw["dimension"],
            weight=_weight(raw.get("weight"), where),
            scale=raw["scale"],
            options=options,
            topics=tuple(raw.get("topics") or ()),
            label=_label(raw.get("label"), where),
            question=_label(raw.get("question"), f"{where} question"),
        )
    for dimension in dimensions:
        if not any(i.dimension == dimension for i in indicators.values()):
            raise InstrumentError(f"dimension {dimension}: has no indicators")
    return Instrument(
        dimensions=dimensions,
        indicators=indicators,
        source=data["source"],
        disclaimer=_label(data.get("disclaimer"), "disclaimer"),
        version=str(data["version"]).strip(),
        digest=hashlib.sha256(raw_bytes).hexdigest()[:16],
    )
