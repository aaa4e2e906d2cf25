"""`fold_name`: a name split into tokens, each with its key, role guess and the rules applied."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fold import PARTICLE_KEY, apply_ending, fold_word, particles
from .rules import Gender, Role
from .script import detect_language, romanise

_SPLIT = re.compile(r"[\s,;/()]+")
_JOIN = re.compile(r"[-.\u2010-\u2015]")  # Abdul-Aziz is one name: hyphens and dots join


@dataclass(frozen=True)
class FoldedToken:
    text: str  # as written
    key: str  # what matching, and a blind index, compare
    role: Role
    script: str  # "cyrillic" or "latin"
    language: str | None  # for Cyrillic: ru, kk, ky, tg or uz (a guess from the letters)
    latin: str  # the standard Latin spelling (Cyrillic) or the text (Latin)
    gender: Gender | None  # from a gendered ending or particle, when there is one
    particle: bool  # uulu, kyzy, o'g'li...: marks the previous token as the father's name
    steps: tuple[str, ...]


@dataclass(frozen=True)
class FoldedName:
    text: str
    tokens: tuple[FoldedToken, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """One key per name token, particles left out (they carry no identity)."""
        return tuple(t.key for t in self.tokens if not t.particle)

    @property
    def key(self) -> str:
        """The whole name as one order-free key: its token keys sorted and joined."""
        return " ".join(sorted(self.keys))

    def explain(self) -> list[str]:
        """Per token, what it was read as and which rules produced its key."""
        lines = []
        for t in self.tokens:
            origin = f"{t.script}, {t.language}" if t.language else t.script
            gender = f", {'feminine' if t.gender == 'f' else 'masculine'}" if t.gender else ""
            lines.append(
                f"{t.text} -> {t.key} ({t.role}{gender}; {origin}): "
                + ("; ".join(t.steps) or "unchanged")
            )
        return lines


def fold_name(text: str, *, language: str | None = None) -> FoldedName:
    """Fold a full name as typed (any order, either script). `language` overrides the guess
    from the letters for Cyrillic tokens (e.g. the case's country); it changes only `latin`."""
    words = [_JOIN.sub("", w) for w in _SPLIT.split(text or "")]
    raw = [w for w in words if w]
    markers = particles()
    tokens: list[dict] = []
    for word in raw:
        folded = fold_word(word)
        steps = list(folded.steps)
        token = {"text": word, "script": folded.script, "gender": None, "particle": False}
        if folded.key in markers:
            token.update(key=PARTICLE_KEY, role="patronymic", particle=True)
            token["gender"] = markers[folded.key]
            steps.append("patronymic particle")
            if tokens and not tokens[-1]["particle"]:
                tokens[-1]["role"] = "patronymic"
                tokens[-1]["steps"].append("father's name (before a patronymic particle)")
        else:
            key, ending = apply_ending(folded.key)
            token["key"] = key
            token["role"] = ending.rule.role if ending else "given"
            if ending:
                token["gender"] = ending.rule.gender
                if key != folded.key:
                    steps.append(f"ending -{ending.rule.ending} read as -{ending.key}")
        if folded.script == "cyrillic":
            lang = language or detect_language(word.casefold())
            latin, standard = romanise(word.casefold(), lang)
            token.update(
                language=lang, latin=" ".join(w[:1].upper() + w[1:] for w in latin.split())
            )
            steps.append(f"standard Latin by {standard}")
        else:
            token.update(language=None, latin=word)
        token["steps"] = steps
        tokens.append(token)
    return FoldedName(
        text=text,
        tokens=tuple(
            FoldedToken(
                text=t["text"],
                key=t["key"],
                role=t["role"],
                script=t["script"],
                language=t["language"],
                latin=t["latin"],
                gender=t["gender"],
                particle=t["particle"],
                steps=tuple(t["steps"]),
            )
            for t in tokens
        ),
    )
