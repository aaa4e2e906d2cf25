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

import re

from amanat.cases.names import FoldedName, fold_name

# Bit length per kind (ADR 0120): the number of distinct index values. Fewer bits, bigger
# buckets (more hiding, more candidates to rank); these keep each bucket at hundreds of people
# and several distinct names at 2 million people.
BITS = {"t": 12, "s": 11, "h": 10, "e": 10}
# How much a shared key counts when candidates are ranked in the database.
WEIGHTS = {"t": 4, "s": 2, "h": 1, "e": 1}
KINDS = tuple(BITS)

_VOWELS = re.compile(r"[aeiouy]+")
_REPEAT = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    return _REPEAT.sub(r"\1", _VOWELS.sub("", key))


def token_keys(key: str) -> set[tuple[str, str]]:
    out = {("t", key)}
    bones = skeleton(key)
    if len(bones) >= 2:
        out.add(("s", bones))
    if len(key) >= 6:
        out.add(("h", key[:4]))
        out.add(("e", key[-4:]))
    return out


def name_keys(*names: str | FoldedName) -> set[tuple[str, str]]:
    """The plaintext keys (kind, value) of one or more names: what gets HMAC'd, never stored."""
    out: set[tuple[str, str]] = set()
    for name in names:
        folded = name if isinstance(name, FoldedName) else fold_name(name)
        for key in folded.keys:
            if key:
                out |= token_keys(key)
    return out
