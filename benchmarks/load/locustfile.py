"""The mixed workload of issue 13: caseworkers searching, opening and creating cases and reading
their referral lists, through the JSON API with bearer tokens (run by `run.py`, which passes
the tokens and case ids in LOAD_SEED, a JSON file).

Each user offers LOAD_RATE requests per second (locust's constant_throughput), so 50 users
offer 50 x LOAD_RATE requests/s and the run shows whether the server keeps up, and at what p95.
`CeilingUser` asks for /healthz as fast as it can: the stack's ceiling on this machine.
LOAD_MAX_REQUESTS stops the run after that many requests, whatever the time left.
"""

from __future__ import annotations

import json
import os
import random

from locust import FastHttpUser, constant, constant_throughput, events, task

SEED = json.loads(open(os.environ.get("LOAD_SEED", "seed.json"), encoding="utf-8").read())  # noqa: SIM115
RATE = float(os.environ.get("LOAD_RATE", "4"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
SURNAMES = ["Иванов", "Садыков", "Каримова", "Рахимов", "Абдуллаева", "Тестов"]


@events.request.add_listener
def _stop_after_max(**_kwargs) -> None:
    runner = _stop_after_max.runner
    if MAX_REQUESTS and runner and runner.stats.total.num_requests >= MAX_REQUESTS:
        runner.quit()


_stop_after_max.runner = None


@events.init.add_listener
def _remember_runner(environment, **_kwargs) -> None:
    _stop_after_max.runner = environment.runner


class Caseworker(FastHttpUser):
    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        account = random.choice(SEED["accounts"])
        self.headers = {"Authorization": f"Bearer {account['token']}"}
        self.case_ids = account["case_ids"]
        self.codes = account["codes"]

    @task(4)
    def open_case(self) -> None:
        case_id = random.choice(self.case_ids)
        self.client.get(f"/api/cases/{case_id}", headers=self.headers, name="open case")

    @task(3)
    def search(self) -> None:
        query = random.choice(self.codes) if random.random() < 0.5 else random.choice(SURNAMES)
        self.client.get("/api/cases", params={"query": query}, headers=self.headers, name="search")

    @task(2)
    def referral_list(self) -> None:
        box = random.choice(("incoming", "outgoing"))
        self.client.get(
            "/api/referrals", params={"box": box}, headers=self.headers, name="referral list"
        )

    @task(1)
    def create_case(self) -> None:
        body = {
            "first_name": random.choice(["Айгуль", "Бахтиёр", "Нурлан", "Зарина"]),
            "last_name": "".join(
                random.choice("бвгдклмнпрст") + random.choice("аеиоу") for _ in range(4)
            ),
            "confirm_not_duplicate": True,
        }
        with self.client.post(
            "/api/cases", json=body, headers=self.headers, name="create case", catch_response=True
        ) as response:
            if response.status_code == 201:
                self.case_ids.append(response.json()["id"])
                response.success()


class CeilingUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")
