"""Language detection for job advertisements: accuracy and speed of the candidates (ADR 0910).

Run: PYTHONPATH=src .venv/bin/python benchmarks/bench_language.py
Optional comparison: `pip install lingua-language-detector` first (not a dependency).
Data: the labelled set and both held-out sets (tests/recruitment/data, 279 ads) and the 98
one-sentence examples of tests/recruitment/examples.py (14 indicators x 7 languages: the hard
case, a few words without a letter of their own). CPU time per text, after a warm-up.
Candidates: the letters-and-words heuristic (ADR 0900); py3langid limited to the six languages
(it answers `uz` for both scripts: counted right for uz-Latn and uz-Cyrl); lingua limited to
Russian, English and Kazakh (it has no Kyrgyz, Tajik or Uzbek); and what the engine uses.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.recruitment.examples import EXAMPLES  # noqa: E402

from amanat.recruitment.engine import detect_language, detect_language_heuristic, normalise  # noqa: E402

DATA = ROOT / "tests" / "recruitment" / "data"
FOLD = {"uz-Latn": "uz", "uz-Cyrl": "uz"}


def _sets() -> list[tuple[str, str]]:
    rows = []
    for name in ("labelled_ads.csv", "heldout_ads.csv", "heldout2_ads.csv"):
        with (DATA / name).open(encoding="utf-8", newline="") as handle:
            rows += [(row["language"], row["text"]) for row in csv.DictReader(handle)]
    return rows


def _candidates() -> list[tuple[str, object, bool]]:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    package = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=False)
    package.set_languages(["ru", "en", "kk", "ky", "tg", "uz"])
    found = [
        ("heuristic (ADR 0900)", detect_language_heuristic, False),
        ("py3langid, six languages", lambda text: package.classify(text)[0], True),
    ]
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        print("lingua-language-detector not installed: left out")
    else:
        lingua = LanguageDetectorBuilder.from_languages(
            Language.RUSSIAN, Language.ENGLISH, Language.KAZAKH
        ).build()

        def lingua_detect(text: str) -> str | None:
            language = lingua.detect_language_of(text)
            return language.iso_code_639_1.name.lower() if language else None

        found.append(("lingua, ru/en/kk (no ky, tg, uz)", lingua_detect, True))
    found.append(("engine: py3langid + letters", detect_language, False))
    return found


def main() -> None:
    data = {"279 advertisements": _sets(),
            "98 one-sentence examples": [(lang, text) for by in EXAMPLES.values()
                                         for lang, text in by.items()]}  # fmt: skip
    for label, detect, fold in _candidates():
        for name, rows in data.items():
            texts = [normalise(text) for _, text in rows]
            for text in texts[:20]:
                detect(text)  # warm-up (model loading)
            started = time.process_time()
            answers = [detect(text) for text in texts]
            seconds = time.process_time() - started
            right = sum(answer == (FOLD.get(gold, gold) if fold else gold)
                        for (gold, _), answer in zip(rows, answers, strict=True))  # fmt: skip
            print(f"{label:34} {name:26} {right:3}/{len(rows)} right, "
                  f"{seconds * 1e6 / len(rows):5.0f} us/text")  # fmt: skip


if __name__ == "__main__":
    main()
