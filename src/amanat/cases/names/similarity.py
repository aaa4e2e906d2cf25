"""How alike two names are, over their folded keys, in any order; and why."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .folded import FoldedName, FoldedToken, fold_name

# Two names at or above this score are treated as possibly the same person's (chosen on the
# test table tests/cases/name_pairs.csv: see ADR 0201 for the recall and precision measured).
THRESHOLD = 0.85


@dataclass(frozen=True)
class TokenMatch:
    a: FoldedToken
    b: FoldedToken
    similarity: float


@dataclass(frozen=True)
class MatchExplanation:
    score: float
    pairs: tuple[TokenMatch, ...]
    unmatched: tuple[FoldedToken, ...]  # tokens of the longer name left without a partner
    notes: tuple[str, ...]

    def lines(self) -> list[str]:
        out = [f"score {self.score:.2f}"]
        for p in self.pairs:
            how = "same key" if p.a.key == p.b.key else f"keys {p.a.key} / {p.b.key}"
            out.append(f"{p.a.text} ~ {p.b.text}: {p.similarity:.2f} ({how})")
        out.extend(f"not compared: {t.text}" for t in self.unmatched)
        out.extend(self.notes)
        return out


def _as_folded(name: str | FoldedName) -> FoldedName:
    return name if isinstance(name, FoldedName) else fold_name(name)


def explain_match(a: str | FoldedName, b: str | FoldedName) -> MatchExplanation:
    """Pair every token of the shorter name with one of the longer (best pairs first, so word
    order does not count) and average the pairs' similarity: 1 - OSA edit distance / length of
    the longer key (a transposition is one edit). Extra tokens of the longer name (a patronymic
    the query left out) do not lower the score."""
    fa, fb = _as_folded(a), _as_folded(b)
    ta = [t for t in fa.tokens if not t.particle]
    tb = [t for t in fb.tokens if not t.particle]
    if not ta or not tb:
        return MatchExplanation(0.0, (), tuple(ta or tb), ())
    swap = len(ta) > len(tb)
    short, long = (tb, ta) if swap else (ta, tb)
    scored = sorted(
        (
            (OSA.normalized_similarity(s.key, t.key), i, j)
            for i, s in enumerate(short)
            for j, t in enumerate(long)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_s: set[int] = set()
    used_l: set[int] = set()
    pairs: list[TokenMatch] = []
    for similarity, i, j in scored:
        if i in used_s or j in used_l:
            continue
        used_s.add(i)
        used_l.add(j)
        s, t = short[i], long[j]
        pairs.append(TokenMatch(t, s, similarity) if swap else TokenMatch(s, t, similarity))
    score = sum(p.similarity for p in pairs) / len(short)
    notes = []
    for p in pairs:
        if p.a.gender and p.b.gender and p.a.gender != p.b.gender:
            notes.append(f"{p.a.text} / {p.b.text}: masculine and feminine forms of one name")
    unmatched = tuple(t for j, t in enumerate(long) if j not in used_l)
    return MatchExplanation(round(score, 4), tuple(pairs), unmatched, tuple(notes))


def name_similarity(a: str | FoldedName, b: str | FoldedName) -> float:
    """0.0 (nothing alike) to 1.0 (same keys), order-insensitive; see `explain_match`."""
    return explain_match(a, b).score
