"""What a translation must keep of its source: placeholders, HTML tags, length (ADR 1403).

Each check returns a problem message or None; the import names the row and column with it.
"""

from __future__ import annotations

import re
from collections import Counter

# %(name)s, %s, %d, %.1f, %%; {name}, {0}, {} (str.format and the rule files' templates). No space
# flag: "95% confidence" is a percentage, not "% c".
_PRINTF = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-+#0]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACES = re.compile(r"\{[A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


def placeholders(text: str) -> Counter:
    found = Counter(m.group(0) for m in _PRINTF.finditer(text) if m.group(0) != "%%")
    found.update(m.group(0) for m in _BRACES.finditer(text))
    return found


def placeholder_problem(source: str, translation: str) -> str | None:
    expected, got = placeholders(source), placeholders(translation)
    if set(expected) == set(got):
        return None
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    parts = []
    if missing:
        parts.append("missing " + ", ".join(missing))
    if extra:
        parts.append("not in the source " + ", ".join(extra))
    return "placeholders differ from the English source: " + "; ".join(parts)


def _tags(text: str) -> tuple[Counter, str | None]:
    """The tag names used and the first nesting problem (None when balanced)."""
    names: Counter = Counter()
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        names[(closing, name)] += 1
        if name in _VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return names, f"</{name}> closes nothing open"
    if stack:
        return names, f"<{stack[-1]}> is not closed"
    return names, None


def html_problem(source: str, translation: str) -> str | None:
    expected, _ = _tags(source)
    got, nesting = _tags(translation)
    if nesting:
        return f"HTML tags are not balanced: {nesting}"
    if expected != got:
        return "HTML tags differ from the English source"
    return None


def length_problem(translation: str, max_length: int | None) -> str | None:
    if max_length is not None and len(translation) > max_length:
        return f"longer than the limit of {max_length} characters ({len(translation)})"
    return None


def problems(source: str, translation: str, max_length: int | None = None) -> list[str]:
    """Every problem of a non-empty translation of `source`."""
    if not translation:
        return []
    found = [
        placeholder_problem(source, translation),
        html_problem(source, translation),
        length_problem(translation, max_length),
    ]
    return [p for p in found if p]
