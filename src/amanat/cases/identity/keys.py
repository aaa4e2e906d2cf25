"""Which name keys a person gets, and how a key is cut (no Django: pure, fast, testable).

Per folded name token (from `amanat.cases.names`):
- ``t`` the token's folded key (Абдуллаев, Abdullayev -> abdulaev): every spelling variant the
  folding rules know;
- ``s`` its consonant skeleton (abdulaev -> bdlv): vowel slips and vowel-only spellings;
- ``h`` its first four letters and ``e`` its last four (tokens of 6 letters or more): one typo
  leaves at least one of them whole.
A key is the first `BITS[kind]` bits of an HMAC (ADR 0120 computes the lengths): at national
scale every value is shared by many people and many different names.
"""

from __future__ import annotations

import json
import re

from rapidfuzz.distance import OSA

from amanat.cases.names import FoldedName, fold_name

# Bit length per kind (ADR 0120): the number of distinct index values. Fewer bits, bigger
# buckets (more hiding, more candidates to rank); these keep each bucket at hundreds of people
# and several distinct names at 2 million people.
BITS = {"t": 11, "s": 10, "h": 9, "e": 9}
# How much a shared key counts when candidates are ranked in the database.
WEIGHTS = {"t": 4, "s": 2, "h": 1, "e": 1}
KINDS = tuple(BITS)

_VOWELS = re.compile(r"[aeiouy]+")
_REPEAT = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    return _REPEAT.sub(r"\1", _VOWELS.sub("", key))


def token_keys(key: str, *, typo_keys: bool = True) -> set[tuple[str, str]]:
    out = {("t", key)}
    bones = skeleton(key)
    if len(bones) >= 2:
        out.add(("s", bones))
    if typo_keys and len(key) >= 6:
        out.add(("h", key[:4]))
        out.add(("e", key[-4:]))
    return out


def name_keys(*names: str | FoldedName) -> set[tuple[str, str]]:
    """The plaintext keys (kind, value) of one or more names: what gets HMAC'd, never stored.

    A patronymic gets no head/tail keys: "-ovich", "-ovna", "uulu" endings would put a fifth of
    all people in one tail bucket (measured with name_key_buckets.py), costly and useless."""
    out: set[tuple[str, str]] = set()
    for name in names:
        folded = name if isinstance(name, FoldedName) else fold_name(name)
        for token in folded.tokens:
            if token.key and not token.particle:
                out |= token_keys(token.key, typo_keys=token.role != "patronymic")
    return out


def sealed_form(names: list[FoldedName]) -> str:
    """The folded keys of each name with its script, as JSON: stored encrypted on the person
    (`Person.name_folded`) so ranking needs no folding at search time."""
    out = []
    for name in names:
        if name.keys:
            script = "cyrillic" if any(t.script == "cyrillic" for t in name.tokens) else "latin"
            out.append([script, list(name.keys)])
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def read_sealed(text: str) -> list[tuple[str, tuple[str, ...]]]:
    if not text:
        return []
    return [(script, tuple(keys)) for script, keys in json.loads(text)]


def key_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """`amanat.cases.names.name_similarity` over stored keys: every token of the shorter name
    paired with one of the longer (best pairs first), 1 - OSA distance / longer length."""
    if not a or not b:
        return 0.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    scored = sorted(
        (
            (OSA.normalized_similarity(s, t), i, j)
            for i, s in enumerate(short)
            for j, t in enumerate(long)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_s: set[int] = set()
    used_l: set[int] = set()
    total = 0.0
    for similarity, i, j in scored:
        if i in used_s or j in used_l:
            continue
        used_s.add(i)
        used_l.add(j)
        total += similarity
    return round(total / len(short), 4)
