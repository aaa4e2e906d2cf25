"""Which of the seven languages an advertisement is written in: letters and common words.

No registry package fits (ADR 0900): langdetect and lingua know neither Kyrgyz, Tajik nor Uzbek,
and langdetect takes about 8 ms an advertisement, eight times the whole budget. The letters that
only one Cyrillic alphabet has, and a few very common words, separate the seven well enough for
the report; screening never depends on it, since every language's patterns run on every text
(advertisements mix Russian with Kazakh or Uzbek in one sentence).
"""

from __future__ import annotations

import re

# Letters one alphabet has and the others (of these seven) do not, or rarely.
_LETTERS = {
    "kk": "әіұһ",
    "ky": "",
    "tg": "ӣӯҷ",
    "uz-Cyrl": "ў",
}
_WORDS = {
    "kk": {"жұмыс", "және", "үшін", "жалақы", "қажет", "жоқ", "тегін", "айына", "емес"},
    "ky": {"жумуш", "жана", "үчүн", "айлык", "акысыз", "жок", "менен", "бекер", "эмес", "кыздар"},
    "tg": {"кор", "барои", "дар", "ройгон", "лозим", "мешавад", "нест", "бо", "ба", "аз"},
    "uz-Cyrl": {"иш", "учун", "керак", "билан", "йўқ", "ойлик", "бепул", "ишга", "эмас", "шарт"},
    "uz-Latn": {
        "ish",
        "uchun",
        "va",
        "maosh",
        "kerak",
        "bilan",
        "yo'q",
        "oylik",
        "bepul",
        "ishga",
        "emas",
        "shart",
    },
    "en": {"the", "and", "for", "work", "job", "we", "you", "with", "to", "salary", "no"},
    "ru": {"и", "в", "на", "для", "работа", "работу", "без", "зарплата", "от", "с", "не"},
}
_TOKEN = re.compile(r"[\w']+")
_CYRILLIC = re.compile(r"[а-яёәіңғүұқөһӣӯҷҳў]")
_LATIN = re.compile(r"[a-z]")


def detect_language(normalised: str) -> str | None:
    """`ru`, `en`, `kk`, `ky`, `tg`, `uz-Latn` or `uz-Cyrl` for lower-cased text; None if empty."""
    cyrillic = len(_CYRILLIC.findall(normalised))
    latin = len(_LATIN.findall(normalised))
    if not cyrillic and not latin:
        return None
    tokens = _TOKEN.findall(normalised)
    if latin > cyrillic:
        candidates = ("uz-Latn", "en")
        # o' and g' are Uzbek letters; q is rare in English and frequent in Uzbek.
        uzbek = sum(normalised.count(mark) for mark in ("o'", "g'", "q"))
        scores = {"uz-Latn": uzbek, "en": 0}
    else:
        # Kyrgyz before Kazakh: on a tie (ң, ө, ү and no letter only Kazakh has) it is Kyrgyz.
        candidates = ("ky", "kk", "tg", "uz-Cyrl", "ru")
        scores = {language: 0 for language in candidates}
        for language, letters in _LETTERS.items():
            scores[language] += 3 * sum(normalised.count(letter) for letter in letters)
        # ң, ө, ү are Kazakh and Kyrgyz; қ, ғ are Kazakh, Tajik and Uzbek; ҳ is Tajik and Uzbek.
        shared = {"ky": "ңөү", "kk": "ңөүқғ", "tg": "қғҳ", "uz-Cyrl": "қғҳ"}
        for language, letters in shared.items():
            scores[language] += sum(normalised.count(letter) for letter in letters)
    for token in tokens:
        for language in candidates:
            if token in _WORDS[language]:
                scores[language] += 2
    best = max(candidates, key=lambda language: (scores[language], -candidates.index(language)))
    if scores[best] == 0:
        return candidates[-1]  # plain Cyrillic is Russian, plain Latin English
    return best
