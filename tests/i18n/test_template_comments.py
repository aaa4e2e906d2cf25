"""Django's `{# ... #}` comment is one line only: a multi-line one is printed on the page as text
(the case page showed a developer note, in English, to every user in every language)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"


def test_no_template_comment_spans_lines():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.glob("**/templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert found == []
