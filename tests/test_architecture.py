"""The architecture rules that a reviewer would otherwise check by hand (issue 11).

- The import-linter contracts in pyproject.toml (the layers; pure engines import no Django).
- No module under src/amanat over MAX_LINES lines (migrations aside), except those named in
  SIZE_EXCEPTIONS, each citing the ADR that justifies it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "amanat"
MAX_LINES = 400

# Module (relative to src/amanat) -> the ADR that justifies it. Empty since the renovation's
# splits landed (ADR 0012); a future exception names its module and its ADR here.
SIZE_EXCEPTIONS: dict[str, str] = {}


def _lint_imports() -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "importlinter.cli"]
    return subprocess.run(
        [*command, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_contracts_are_kept():
    """Layers (nothing imports upward) and pure engines: `lint-imports` must pass."""
    result = _lint_imports()
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"
    assert "0 broken" in result.stdout


def _line_counts() -> dict[str, int]:
    counts = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        with path.open(encoding="utf-8") as handle:
            counts[path.relative_to(PACKAGE).as_posix()] = sum(1 for _ in handle)
    return counts


def test_no_module_over_the_size_limit_outside_the_named_exceptions():
    too_long = {
        name: lines
        for name, lines in _line_counts().items()
        if lines > MAX_LINES and name not in SIZE_EXCEPTIONS
    }
    assert too_long == {}, (
        f"Modules over {MAX_LINES} lines: split them by entity (docs/engineering.md), or name "
        f"them in SIZE_EXCEPTIONS with an ADR that says why: {too_long}"
    )


def test_every_size_exception_cites_an_adr_and_is_still_needed():
    counts = _line_counts()
    for name, adr in SIZE_EXCEPTIONS.items():
        assert adr.startswith("docs/decisions/") and (ROOT / adr).is_file(), (name, adr)
        assert name in (ROOT / adr).read_text(encoding="utf-8"), f"{adr} does not name {name}"
    stale = sorted(name for name in SIZE_EXCEPTIONS if counts.get(name, 0) <= MAX_LINES)
    assert stale == [], f"No longer over {MAX_LINES} lines (or gone): remove from the list: {stale}"
