"""Training events through the database: imports, analysis from stored answers, pages, reports.

    python benchmarks/bench_training_db.py [--sizes 30x40,300x40] [--repeat 5]

Runs in a fresh scratch data folder (SQLite) unless AMANAT_DATA_DIR or DATABASE_URL is set; it
refuses a database that already holds training events. Every step goes through the real service
layer (validation, encryption of names and answers, the audit chain): a participant list and
the pre- and post-test answer sheets are imported from XLSX, then the analysis, the analysis page
(HTTP, with its SVG charts), the final DOCX report and the tables workbook are produced.
Reads are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time

if "AMANAT_DATA_DIR" not in os.environ and "DATABASE_URL" not in os.environ:
    os.environ["AMANAT_DATA_DIR"] = tempfile.mkdtemp(prefix="amanat-bench-training-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from amanat.accounts.services import organisation_create, user_create  # noqa: E402
from amanat.training import reports, selectors, services  # noqa: E402
from amanat.training.models import TrainingEvent  # noqa: E402

PASSWORD = "Benchmark-password-2026"  # noqa: S105 - a throw-away scratch database
ROLES = [
    "case_manager",
    "service_provider",
    "law_enforcement",
    "labour_inspector",
    "migration_officer",
    "nrm_coordinator",
]
ORG_TYPES = [
    "NGO",
    "LawEnforcement",
    "CentralGovernmentOrganisation",
    "LocalGovernmentOrganisation",
    "InternationalOrganisation",
]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def best(repeat: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def run_size(user, client: Client, n_people: int, n_items: int, repeat: int, seq: int) -> dict:
    rng = random.Random(seq)
    items = [
        services.item_create(
            user=user,
            code=f"S{seq}Q{j:02d}",
            data={
                "text": f"Question {j}",
                "item_type": "single",
                "module": f"M{1 + j % 4}",
                "options": [{"key": k, "text": k.lower()} for k in "ABCD"],
                "correct_answer": "B",
                "language": "en",
            },
        )
        for j in range(n_items)
    ]
    form = services.test_form_create(user=user, title=f"Test {seq}", item_ids=[i.pk for i in items])
    event = services.event_create(
        user=user,
        data={
            "title": f"Benchmark {n_people}x{n_items}",
            "kind": "training",
            "start_date": "2026-03-02",
            "end_date": "2026-03-04",
            "place": "Almaty",
            "country": "KZ",
            "test_form": form.pk,
        },
    )
    people = [("name", "organisation", "organisation_type", "nrm_role", "gender", "country")]
    for k in range(n_people):
        people.append(
            (
                f"Участник {k}",
                f"Организация {k % 17}",
                ORG_TYPES[k % 5],
                ROLES[k % 6],
                "Feminine" if k % 2 else "Masculine",
                "KZ",
            )
        )
    figures = {}
    start = time.perf_counter()
    created = services.participants_import(
        user=user, event_id=event.pk, file_name="people.xlsx", content=xlsx(people)
    )
    figures["import participants"] = time.perf_counter() - start
    header = ("participant", *(i.code for i in items))
    for phase, ability in (("pre", 0.4), ("post", 0.7)):
        rows = [header]
        for person in created:
            if phase == "post" and rng.random() < 0.05:
                continue
            rows.append(
                (
                    person.code,
                    *("B" if rng.random() < ability else rng.choice("ACD") for _ in items),
                )
            )
        content = xlsx(rows)
        start = time.perf_counter()
        services.test_responses_import(
            user=user, event_id=event.pk, file_name=f"{phase}.xlsx", content=content, phase=phase
        )
        figures[f"import {phase}-test sheets"] = time.perf_counter() - start
    figures["analysis from the database"], _r = best(
        repeat, lambda: selectors.test_results(user, event.pk)
    )
    figures["analysis page (HTTP, 3 SVG charts)"], response = best(
        repeat, lambda: client.get(f"/training/events/{event.pk}/analysis/")
    )
    assert response.status_code == 200, response.status_code
    data = selectors.report_data(user, event.pk, kind="final")
    figures["final report DOCX (en, 4 PNG charts)"], docx = best(
        repeat, lambda: reports.build_docx(data, "en")
    )
    figures["tables XLSX"], _x = best(repeat, lambda: reports.build_xlsx(data, "en"))
    figures["_docx_bytes"] = len(docx)
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="30x40,300x40")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    if TrainingEvent.objects.exists():
        print("refusing to run: this database already holds training events", file=sys.stderr)
        return 2
    org = organisation_create(actor=None, name="Benchmark office", org_type="NGO", country="KZ")
    user = user_create(
        actor=None, username="bench-trainer", organisation=org, roles=["trainer"], password=PASSWORD
    )
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"repeat {args.repeat}"
    )
    from amanat.platform.demo import DEMO_PASSWORD  # noqa: F401 - the demo module loads

    for seq, size in enumerate(args.sizes.split(","), start=1):
        n_people, n_items = (int(x) for x in size.lower().split("x"))
        figures = run_size(user, client, n_people, n_items, args.repeat, seq)
        print(
            f"\n{n_people} participants x {n_items} items "
            f"(final DOCX {figures.pop('_docx_bytes') / 1024:.0f} KiB)"
        )
        for name, seconds in figures.items():
            print(f"  {name:<40} {seconds * 1000:9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
