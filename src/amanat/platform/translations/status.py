"""Coverage and review of each language, per file: `amanat translations status` and the page."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from amanat.platform.translations.inventory import (
    CONTENT,
    DRAFT,
    INTERFACE,
    OUTDATED,
    REVIEWED,
    language_reports,
)


@dataclass(frozen=True)
class Coverage:
    kind: str
    file: str
    total: int
    translated: int
    reviewed: int
    draft: int
    outdated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def file_coverage(language: str) -> list[Coverage]:
    return [
        Coverage(
            report.kind,
            report.file,
            report.entries,
            report.count(DRAFT, REVIEWED),
            report.count(REVIEWED),
            report.count(DRAFT),
            report.count(OUTDATED),
        )
        for report in language_reports(language)
    ]


def totals(files: list[Coverage], kind: str) -> Coverage:
    chosen = [f for f in files if f.kind == kind]
    return Coverage(
        kind, "", *(sum(getattr(f, name) for f in chosen)
                    for name in ("total", "translated", "reviewed", "draft", "outdated"))
    )  # fmt: skip


def language_status(language: str) -> dict:
    files = file_coverage(language)
    return {
        "language": language,
        **{kind: _summary(totals(files, kind)) for kind in (INTERFACE, CONTENT)},
        "files": [{**asdict(f), "percent": round(f.percent, 1)} for f in files],
    }


def _summary(coverage: Coverage) -> dict:
    values = asdict(coverage)
    del values["kind"], values["file"]
    return {**values, "percent": round(coverage.percent, 1)}


def status_text(statuses: list[dict]) -> str:
    lines = []
    for status in statuses:
        lines.append(f"{status['language']}:")
        for kind in (INTERFACE, CONTENT):
            s = status[kind]
            lines.append(
                f"  {kind:<9} {s['translated']:>5}/{s['total']:<5} translated ({s['percent']}%),"
                f" {s['reviewed']} reviewed, {s['draft']} draft, {s['outdated']} out of date"
            )
        for f in status["files"]:
            lines.append(
                f"    {f['file']}: {f['translated']}/{f['total']} ({f['percent']}%),"
                f" {f['reviewed']} reviewed, {f['draft']} draft"
                + (f", {f['outdated']} out of date" if f["outdated"] else "")
            )
    return "\n".join(lines)
