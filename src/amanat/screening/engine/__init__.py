"""The screening engine: guides as data, scored by pure Python (no Django import).

Public API (everything else in this package is internal):

    builtin_guides() -> dict[str, Guide]      the guides in amanat/screening/rules/guides/
    get_builtin(guide_id) -> Guide            one of them, or GuideError naming the known ids
    load_guide(path, known_guides) -> Guide   a guide file (a composite needs the guides it feeds)
    load_directory(path) -> dict[str, Guide]  every *.yaml guide in a folder
    screen(guide, answer_set, language="en") -> ScreeningResult
    screen_many(guide, answer_sets, language="en") -> list[ScreeningResult]
    gc_paused(size)                           context manager for large batches (see engine.py)
    resolve(text, language) -> ResolvedText   label lookup with the fallback requested -> ru -> en
    guide_to_dict(guide), guide_summary(guide) plain data for the CLI and the API
    check_answer_set(guide, answer_set) -> CheckedAnswerSet   validate and canonicalise for storage
    visibility(guide, answers) -> Visibility  which sections and questions the skip logic shows

An answer set is `{"present": [indicator ids], "answers": {question id: value},
"facts": {"age": n, "act_established": bool, "presumed_victim": bool,
"structural_factors": [ids]}}`; any part may be absent. Answers: yes_no "yes"/"no"/"unknown"
(or true/false), single_choice an option id, multiple_choice a list of option ids, number, date
"YYYY-MM-DD", text.

`ScreeningResult.to_dict()` gives dimensions, conclusion {presumed_victim, explanation},
checklist, levels, overall, categories, the rules applied with their citations and a fixed
disclaimer: the result is an operational indicator, not a legal determination. Delphi results
build their DimensionResult objects and explanation sentences on first access (ADR 0353).

Errors: GuideError (file, path, problem) and AnswerSetError (item, problem); both are
`amanat.errors.ValidationError`, so the API answers 422 and the CLI exits with code 2.
"""

from .engine import gc_paused, screen, screen_many
from .errors import AnswerSetError, GuideError
from .export import condition_to_dict, guide_summary, guide_to_dict
from .interview import CheckedAnswerSet, Visibility, check_answer_set, visibility
from .loader import builtin_guides, get_builtin, load_directory, load_guide
from .model import Guide
from .result import ScreeningResult
from .text import ResolvedText, resolve

__all__ = [
    "AnswerSetError",
    "CheckedAnswerSet",
    "Guide",
    "GuideError",
    "ResolvedText",
    "ScreeningResult",
    "Visibility",
    "builtin_guides",
    "check_answer_set",
    "condition_to_dict",
    "gc_paused",
    "get_builtin",
    "guide_summary",
    "guide_to_dict",
    "load_directory",
    "load_guide",
    "resolve",
    "screen",
    "screen_many",
    "visibility",
]
