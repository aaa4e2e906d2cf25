"""The optional ranking model (ADR 0913): a logistic regression on character n-grams, trained on
the project's labelled advertisements by `tests/recruitment/data/train_ranking_model.py` and
shipped as `rules/ranking_model.json`. Scored here in pure Python (no scikit-learn at run time),
exactly as scikit-learn's TfidfVectorizer(analyzer="char_wb", sublinear_tf=True) and
LogisticRegression compute it.

It never flags on its own and never replaces the explanation: the screen asks it only about an
advertisement that is low yet raised at least one indicator, and raises that one to medium when
the probability reaches the file's threshold (recorded in the result, shown on the page).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parents[1] / "rules" / "ranking_model.json"
_WHITE_SPACE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class RankingModel:
    features: dict[str, tuple[float, float]]  # n-gram -> (idf, coefficient)
    intercept: float
    threshold: float
    ngram_range: tuple[int, int]

    def ngrams(self, text: str) -> list[str]:
        """scikit-learn's `char_wb` n-grams: each word padded with one space on each side."""
        low, high = self.ngram_range
        found: list[str] = []
        for word in _WHITE_SPACE.sub(" ", text).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                offset = 0
                found.append(padded[offset : offset + n])
                while offset + n < len(padded):
                    offset += 1
                    found.append(padded[offset : offset + n])
                if offset == 0:  # a word shorter than n counts once
                    break
        return found

    def probability(self, normalised: str) -> float:
        counts: dict[str, int] = {}
        for gram in self.ngrams(normalised):
            if gram in self.features:
                counts[gram] = counts.get(gram, 0) + 1
        if not counts:
            return 1 / (1 + math.exp(-self.intercept))
        weights = {g: (1 + math.log(c)) * self.features[g][0] for g, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        score = self.intercept + sum(w / norm * self.features[g][1] for g, w in weights.items())
        return 1 / (1 + math.exp(-score))


def load_model(path: str | Path = MODEL_FILE) -> RankingModel | None:
    """The model, or None when the file is absent (the screen then works on indicators alone)."""
    path = Path(path)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return RankingModel(
        features={gram: (idf, coef) for gram, (idf, coef) in data["features"].items()},
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        ngram_range=(int(data["ngram_range"][0]), int(data["ngram_range"][1])),
    )


@lru_cache(maxsize=1)
def default_model() -> RankingModel | None:
    return load_model()
