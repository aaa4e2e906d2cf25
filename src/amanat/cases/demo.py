"""Demo data of the cases app beyond the platform's own cases (see amanat.platform.demo)."""

from __future__ import annotations


def seed(context) -> None:
    from amanat.cases.links.demo import seed as seed_links

    seed_links(context)
