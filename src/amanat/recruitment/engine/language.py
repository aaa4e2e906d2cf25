"""Which of the seven languages an advertisement is written in.

py3langid (a registry package whose model ships inside its wheel: nothing is downloaded) knows
all six languages and, limited to them, is right at least as often as the letters-and-words
heuristic below (ADR 0910: 279/279 ads and 92/98 one-sentence examples, against 279/279 and
88/98). It does not tell Uzbek's two scripts apart, and on a short sentence a letter only one
alphabet has (Tajik ӣ ӯ ҷ, Uzbek ў) is surer than its statistics, so those come from the
heuristic's letters. Without py3langid installed the heuristic alone answers. Screening never
depends on the answer: every language's patterns run on every text.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


_PACKAGE_LANGUAGES = ["ru", "en", "kk", "ky", "tg", "uz"]
_TAJIK_ONLY = re.compile("[ӣӯҷ]")
_UZBEK_CYRILLIC_ONLY = "ў"


@lru_cache(maxsize=1)
def _identifier():
    """py3langid limited to the six languages (loaded once per process), or None."""
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    except ImportError:  # pragma: no cover - documented fallback: the heuristic alone
        return None
    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=False)
    identifier.set_languages(_PACKAGE_LANGUAGES)
    return identifier


def detect_language(normalised: str) -> str | None:
    """`ru`, `en`, `kk`, `ky`, `tg`, `uz-Latn` or `uz-Cyrl` for lower-cased text; None if empty."""
    cyrillic = len(_CYRILLIC.findall(normalised))
    latin = len(_LATIN.findall(normalised))
    if not cyrillic and not latin:
        return None
    if _TAJIK_ONLY.search(normalised):
        return "tg"
    if _UZBEK_CYRILLIC_ONLY in normalised:
        return "uz-Cyrl"
    identifier = _identifier()
    if identifier is None:
        return detect_language_heuristic(normalised)
    language = identifier.classify(normalised)[0]
    if language == "uz":
        return "uz-Latn" if latin > cyrillic else "uz-Cyrl"
    return language


def detect_language_heuristic(normalised: str) -> str | None:
    """Letters one alphabet has and very common words (the fallback and the baseline)."""
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
