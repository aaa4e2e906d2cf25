"""The case facts table: the statistics' copy of the cases, kept in step from the timeline.

Every service that changes a case or its person records a timeline event (house rule, see
docs/engineering.md), so "which cases changed" is "the cases named by events after the
watermark" plus any case with an id above the highest one read. A refresh reads those cases
only (no COUNT, no scan of the primary key), writes their rows into `CaseFact` under one new
batch number `seq`, and moves the watermark, all in one transaction under the watermark row's
lock, so two processes or workers never refresh at once and a reader never sees half a batch.

Who refreshes: the `insights.facts_refresh` job of `amanat worker` (every 2 s), and a reader
that finds the watermark behind (bounded: at most MAX_EVENTS events and MAX_NEW_CASES new cases
per call; a larger backlog is the worker's). The first fill reads every case once (the worker,
or the first reader). `facts_reconcile` (hourly job) finds cases deleted outside any service.
See ADR 0031.
"""

from __future__ import annotations

import time
import uuid

from django.db import transaction
from django.utils import timezone

from amanat.cases.models import Case, CaseEvent
from amanat.insights.ctdc.from_cases import RAW_SCHEMA
from amanat.insights.models import CaseFact, FactWatermark

MAX_EVENTS = 20_000
MAX_NEW_CASES = 20_000
GAP_SECONDS = 120
WRITE_CHUNK = 5_000
FILL_RANGE = 20_000  # case ids per read of the first fill
FACT_COLUMNS = list(RAW_SCHEMA)


def top_ids() -> tuple[int, int]:
    """(highest timeline event id, highest case id): two index look-ups."""
    top_event = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    top_case = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return top_event, top_case


def watermark() -> FactWatermark:
    return FactWatermark.objects.filter(pk=1).first() or FactWatermark(pk=1)


def is_stale(mark: FactWatermark | None = None) -> bool:
    mark = mark or watermark()
    if not mark.filled or mark.gaps:
        return True
    return top_ids() != (mark.last_event_id, mark.last_case_id)


def facts_refresh(*, max_events: int = MAX_EVENTS, max_new_cases: int = MAX_NEW_CASES) -> dict:
    """Bring the case facts up to the timeline (bounded); a dict of what was done."""
    with transaction.atomic():
        FactWatermark.objects.get_or_create(pk=1)
        mark = FactWatermark.objects.select_for_update().get(pk=1)
        if not mark.filled:
            return _fill(mark)
        return _catch_up(mark, max_events=max_events, max_new_cases=max_new_cases)


def _write(case_ids: set[int], seq: int) -> int:
    """Replace the facts of `case_ids` by the cases' current rows (tombstones for the gone)."""
    from amanat.insights.casedata import raw_case_rows  # the one reader of the cases' columns

    written = 0
    ordered = sorted(case_ids)
    for start in range(0, len(ordered), WRITE_CHUNK):
        chunk = ordered[start : start + WRITE_CHUNK]
        rows = raw_case_rows(Case.objects.filter(pk__in=chunk)).rows(named=True)
        found = {row["case_id"] for row in rows}
        CaseFact.objects.filter(case_id__in=chunk).delete()
        facts = [CaseFact(**row, seq=seq) for row in rows]
        facts += [CaseFact(case_id=pk, deleted=True, seq=seq) for pk in chunk if pk not in found]
        CaseFact.objects.bulk_create(facts, batch_size=1000)
        written += len(facts)
    return written


def _fill(mark: FactWatermark) -> dict:
    from amanat.insights.casedata import raw_case_rows

    top_event, top_case = top_ids()
    mark.seq += 1
    CaseFact.objects.all().delete()
    written = 0
    last = 0
    while last < top_case:  # in primary-key ranges: memory bounded by one range
        upper = last + FILL_RANGE
        rows = raw_case_rows(Case.objects.filter(pk__gt=last, pk__lte=upper)).rows(named=True)
        CaseFact.objects.bulk_create(
            [CaseFact(**row, seq=mark.seq) for row in rows], batch_size=2000
        )
        written += len(rows)
        last = upper
    mark.generation = uuid.uuid4().hex
    mark.filled, mark.last_event_id, mark.last_case_id, mark.gaps = True, top_event, top_case, {}
    mark.refreshed_at = timezone.now()
    mark.save()
    return {"filled": written, "seq": mark.seq}


def _catch_up(mark: FactWatermark, *, max_events: int, max_new_cases: int) -> dict:
    now = time.time()
    events = list(
        CaseEvent.objects.filter(id__gt=mark.last_event_id)
        .order_by("id")
        .values_list("id", "case_id")[:max_events]
    )
    gap_ids = [int(i) for i in mark.gaps]
    found_gaps = list(CaseEvent.objects.filter(id__in=gap_ids).values_list("id", "case_id"))
    new_cases = list(
        Case.objects.filter(pk__gt=mark.last_case_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:max_new_cases]
    )
    changed = {case_id for _id, case_id in events + found_gaps} | set(new_cases)
    gaps = {
        key: seen
        for key, seen in mark.gaps.items()
        if int(key) not in {i for i, _c in found_gaps} and now - seen < GAP_SECONDS
    }
    if events:  # ids skipped below the newest one read: not committed yet, or rolled back
        seen = {i for i, _c in events}
        for missing in range(mark.last_event_id + 1, events[-1][0]):
            if missing not in seen:
                gaps[str(missing)] = now
        mark.last_event_id = events[-1][0]
    if new_cases:
        mark.last_case_id = new_cases[-1]
    written = 0
    if changed:
        mark.seq += 1
        written = _write(changed, mark.seq)
    mark.gaps = gaps
    mark.refreshed_at = timezone.now()
    mark.save()
    return {"events": len(events), "cases": written, "seq": mark.seq, "gaps": len(gaps)}


def facts_reconcile() -> dict:
    """Safety net (hourly job): tombstones for facts whose case is gone, rows for cases without
    a fact. Cases are never deleted by a service; this catches a deletion by hand. It reads
    every id once, in the worker, never on a request."""
    with transaction.atomic():
        FactWatermark.objects.get_or_create(pk=1)
        mark = FactWatermark.objects.select_for_update().get(pk=1)
        if not mark.filled:
            return _fill(mark)
        live = set(CaseFact.objects.filter(deleted=False).values_list("case_id", flat=True))
        cases = set(Case.objects.filter(pk__lte=mark.last_case_id).values_list("pk", flat=True))
        wrong = (live - cases) | (cases - live)
        if wrong:
            mark.seq += 1
            _write(wrong, mark.seq)
            mark.save()
        return {"repaired": len(wrong), "seq": mark.seq}
