"""Score one reintegration sustainability assessment: pure Python, no Django.

Dimension score = weighted mean of the values of its answered indicators, the weights
renormalised over the answered ones. Composite = weighted mean of the dimension scores that
exist, the dimension weights renormalised the same way. Everything is in [0, 1], rounded to
4 decimals, and the explanation lists every answer, value, weight and what was left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from amanat.assistance.reintegration.instrument import DEFAULT_PATH, Instrument, load_instrument
from amanat.errors import ValidationError

DIGITS = 4


class InvalidAnswer(ValidationError):
    """An answer names an unknown indicator or option; `field` is the indicator code."""

    default_code = "invalid_answer"


@dataclass(frozen=True)
class ReintegrationScore:
    economic: float | None
    social: float | None
    psychosocial: float | None
    composite: float | None
    explanation: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "economic": self.economic,
            "social": self.social,
            "psychosocial": self.psychosocial,
            "composite": self.composite,
            "explanation": self.explanation,
        }


def validate_answers(
    answers: Mapping[str, object], instrument: Instrument
) -> dict[str, str | None]:
    """Check every answer before scoring anything; raise `InvalidAnswer` naming the first bad one."""
    if not isinstance(answers, Mapping):
        raise InvalidAnswer(
            f"answers must be an object mapping indicator codes to option codes, "
            f"got {type(answers).__name__}"
        )
    clean: dict[str, str | None] = {}
    for code, answer in answers.items():
        indicator = instrument.indicators.get(code)
        if indicator is None:
            raise InvalidAnswer(
                f"unknown indicator {code!r}; known: {', '.join(instrument.indicators)}",
                field=str(code),
            )
        if answer is None:  # explicitly left blank: missing
            clean[code] = None
            continue
        if not isinstance(answer, str):
            raise InvalidAnswer(
                f"indicator {code!r}: answer must be an option code (text), got {answer!r}",
                field=code,
            )
        if answer not in indicator.options:
            raise InvalidAnswer(
                f"indicator {code!r}: answer {answer!r} is not one of: "
                f"{', '.join(indicator.options)}",
                field=code,
            )
        clean[code] = answer
    return clean


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def score_answers(
    answers: Mapping[str, object], *, instrument: Instrument | None = None, path: Path | None = None
) -> ReintegrationScore:
    instrument = instrument or load_instrument(path or DEFAULT_PATH)
    clean = validate_answers(answers, instrument)

    dimension_scores: dict[str, float | None] = {}
    dimension_explanations: dict[str, dict] = {}
    for dimension in instrument.dimensions.values():
        rows = []
        scored = []
        for indicator in instrument.indicators_of(dimension.code):
            answer = clean.get(indicator.code)
            value = None if answer is None else indicator.options[answer].value
            if answer is None:
                status = "missing"
            elif value is None:
                status = "not_scored"  # not applicable, don't know, refused
            else:
                status = "scored"
                scored.append((indicator, value))
            rows.append(
                {
                    "indicator": indicator.code,
                    "answer": answer,
                    "value": value,
                    "weight": indicator.weight,
                    "status": status,
                }
            )
        total_weight = sum(indicator.weight for indicator, _ in scored)
        full_weight = sum(row["weight"] for row in rows)
        score = (
            sum(indicator.weight * value for indicator, value in scored) / total_weight
            if total_weight > 0
            else None
        )
        for row in rows:
            if row["status"] == "scored" and total_weight > 0:
                row["effective_weight"] = _round(row["weight"] / total_weight)
                row["contribution"] = _round(row["weight"] * row["value"] / total_weight)
            else:
                row["effective_weight"] = 0.0
                row["contribution"] = None
        left_out = [row["indicator"] for row in rows if row["status"] != "scored"]
        if score is None:
            note = "no scored answers: dimension score is null and left out of the composite"
        elif left_out:
            note = (
                f"scored from {len(scored)} of {len(rows)} indicators; weights renormalised over "
                f"the answered ones ({total_weight:g} of {full_weight:g}); "
                f"left out: {', '.join(left_out)}"
            )
        else:
            note = f"all {len(rows)} indicators scored"
        dimension_scores[dimension.code] = score
        dimension_explanations[dimension.code] = {
            "score": _round(score),
            "indicators_scored": len(scored),
            "indicators_total": len(rows),
            "weights_renormalised": bool(left_out) and score is not None,
            "left_out": left_out,
            "note": note,
            "indicators": rows,
        }

    used = [code for code, score in dimension_scores.items() if score is not None]
    unused = [code for code, score in dimension_scores.items() if score is None]
    used_weight = sum(instrument.dimensions[code].weight for code in used)
    composite = (
        sum(instrument.dimensions[c].weight * dimension_scores[c] for c in used) / used_weight  # type: ignore[operator]
        if used_weight > 0
        else None
    )
    if composite is None:
        composite_note = "no dimension could be scored: composite is null"
    elif unused:
        composite_note = (
            f"composite of {', '.join(used)} only; {', '.join(unused)} had no scored answers"
        )
    else:
        composite_note = "composite of all dimensions"
    explanation = {
        "method": (
            "Weighted mean of answer values (0 = least, 1 = most sustainable) per dimension, "
            "then of dimension scores; weights renormalised over what was answered."
        ),
        "weights": instrument.source.get("weights_status", ""),
        "source": instrument.source.get("document", ""),
        "instrument_version": instrument.version,
        "disclaimer": instrument.disclaimer.en,
        "dimensions": dimension_explanations,
        "composite": {
            "score": _round(composite),
            "dimensions_used": used,
            "dimensions_missing": unused,
            "dimension_weights": {
                code: _round(instrument.dimensions[code].weight / used_weight)
                if used_weight
                else 0.0
                for code in used
            },
            "note": composite_note,
        },
    }
    return ReintegrationScore(
        economic=_round(dimension_scores.get("economic")),
        social=_round(dimension_scores.get("social")),
        psychosocial=_round(dimension_scores.get("psychosocial")),
        composite=_round(composite),
        explanation=explanation,
    )
