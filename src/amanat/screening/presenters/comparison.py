"""Comparison over time: what changed between completed assessments of one guide."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.screening.presenters.indicators import indicator_index
from amanat.screening.presenters.labels import PROFILE_LABELS, guide_or_none, named_indicators


def _cell(value, previous, *, first: bool) -> dict:
    return {"value": value, "changed": not first and value != previous}


def comparison_view(assessments: list, language: str) -> dict:
    """Rows of what changed between completed assessments of one guide (oldest first)."""
    if not assessments:
        return {"columns": [], "rows": [], "changes": []}
    guide = guide_or_none(assessments[0].guide_id)
    index = indicator_index(guide, language)
    results = [a.result or {} for a in assessments]
    rows: list[dict] = []

    def add(title, values, kind="text"):
        cells = [_cell(v, values[n - 1] if n else None, first=n == 0) for n, v in enumerate(values)]
        rows.append({"title": title, "cells": cells, "kind": kind})

    add(
        _("Presumed victim of trafficking (engine)"),
        [(r.get("conclusion") or {}).get("presumed_victim") for r in results],
        "bool",
    )
    dimension_ids: list[tuple[int, str]] = []
    for r in results:
        for d in r.get("dimensions") or ():
            if d["id"] not in [i for i, _l in dimension_ids]:
                dimension_ids.append((d["id"], d["label"]))
    for number, title in dimension_ids:
        values = []
        for r in results:
            found = next((d for d in r.get("dimensions") or () if d["id"] == number), None)
            values.append(None if found is None else (found["positive"], len(found["present"])))
        add(_("Dimension %(id)s: %(label)s") % {"id": number, "label": title}, values, "dimension")
    if any(r.get("checklist") for r in results):
        add(
            _("Forced-labour indicators present"),
            [sum(1 for c in r.get("checklist") or () if c["present"]) for r in results],
        )
    if any(r.get("overall") for r in results):
        add(
            _("Overall vulnerability"),
            [
                ((r.get("overall") or {}).get("profile"), (r.get("overall") or {}).get("score"))
                for r in results
            ],
            "profile",
        )
        level_ids = [lv["id"] for lv in results[-1].get("levels") or () if lv["id"] != "structural"]
        level_titles = {lv["id"]: lv["label"] for r in results for lv in r.get("levels") or ()}
        for level_id in level_ids:
            values = []
            for r in results:
                lv = next((x for x in r.get("levels") or () if x["id"] == level_id), None)
                values.append((lv["profile"], lv["score"]) if lv else None)
            add(level_titles.get(level_id, level_id), values, "profile")
        add(
            _("Categories"),
            [tuple(c["label"] for c in r.get("categories") or ()) for r in results],
            "list",
        )
    changes = []
    for n in range(1, len(results)):
        before = set(results[n - 1].get("present") or ())
        after = set(results[n].get("present") or ())
        changes.append(
            {
                "assessment": assessments[n],
                "previous": assessments[n - 1],
                "added": named_indicators(sorted(after - before), index, language),
                "removed": named_indicators(sorted(before - after), index, language),
            }
        )
    return {
        "columns": assessments,
        "rows": rows,
        "changes": changes,
        "profile_labels": PROFILE_LABELS,
    }
