"""Cyrillic -> Latin romanisations for benchmarks/records_generator.py (the generator's own
tables, deliberately independent of amanat.cases.names, the engine under test)."""

from __future__ import annotations

from functools import lru_cache

_VOWELS = set("аеёиоуыэюяәөүұіӣӯў")
_SIGNS = set("ъь")

# Letter tables: Cyrillic -> Latin. Lower case; the first letter is capitalised afterwards.
_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ҳ": "kh", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ў": "u",
}  # fmt: skip
# ICAO 9303 (machine-readable passports, 7th ed. 2015, Part 3 section 6 table A): the base table.
_ICAO = dict(_BASE)
# BGN/PCGN Russian (1947): й y, ю yu, я ya, ё yë written yo, е ye at the start and after vowels.
_BGN = {**_BASE, "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ъ": "", "ң": "ng", "ғ": "gh"}
# Informal (what people type on a phone): h for х, j for ж, y for й and ы, one letter for щ.
_INFORMAL = {
    **_BASE, "х": "h", "ж": "j", "й": "y", "ы": "y", "ю": "yu", "я": "ya", "ё": "yo",
    "щ": "sh", "ц": "c", "ъ": "", "ң": "ng", "ҳ": "h",
}  # fmt: skip
# Uzbek Latin alphabet (1995, amended 2019 usage): x for х, q, o' and g' with an apostrophe.
_UZ = {
    **_BASE, "х": "x", "ж": "j", "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ц": "s",
    "ъ": "'", "ў": "o'", "қ": "q", "ғ": "g'", "ҳ": "h", "щ": "sh",
}  # fmt: skip
# Tajik passports: ҷ j, ҳ h, қ q, ғ gh, ӣ i, ӯ u.
_TJ = {**_BASE, "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ҳ": "h", "қ": "q", "ғ": "gh"}
SCHEMES = {"icao": _ICAO, "bgn": _BGN, "informal": _INFORMAL, "uz": _UZ, "tj": _TJ}
_YE_INITIAL = {"bgn", "informal", "uz", "tj"}  # е -> ye at the start and after a vowel
_LATIN_CHOICE = {  # romanisations seen per language, with weights (illustrative)
    "ru": (("icao", 0.45), ("bgn", 0.25), ("informal", 0.30)),
    "kk": (("icao", 0.50), ("bgn", 0.15), ("informal", 0.35)),
    "ky": (("icao", 0.50), ("bgn", 0.15), ("informal", 0.35)),
    "tg": (("tj", 0.40), ("icao", 0.25), ("informal", 0.35)),
    "uz": (("uz", 0.50), ("icao", 0.25), ("informal", 0.25)),
}
APOSTROPHES = ("'", "ʻ", "`", "’")  # o' g' as typed: ASCII, the official ʻ, backtick, right quote
# National letters typed on a Russian keyboard.
_RUSSIAN_KEYBOARD = str.maketrans("әғқңөұүһіҳҷӣӯўӘҒҚҢӨҰҮҺІҲҶӢӮЎ", "агкноуухихжиууАГКНОУУХИХЖИУУ")


@lru_cache(maxsize=200_000)
def romanise(word: str, scheme: str) -> str:
    """One Cyrillic word in one romanisation, first letter capitalised."""
    table = SCHEMES[scheme]
    out = []
    low = word.lower()
    prev = ""
    for i, ch in enumerate(low):
        if ch == "е" and scheme in _YE_INITIAL and (i == 0 or prev in _VOWELS or prev in _SIGNS):
            out.append("ye")
        elif ch == "д" and scheme == "informal" and low[i + 1 : i + 2] == "ж":
            out.append("")  # дж -> j informally (Джамшед -> Jamshed)
        else:
            out.append(table.get(ch, ch))
        prev = ch
    text = "".join(out)
    return text[:1].upper() + text[1:]


def _romanise_text(text: str, scheme: str) -> str:
    return " ".join(romanise(w, scheme) for w in text.split())
