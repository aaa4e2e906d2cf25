"""Demo data of the cases app beyond the platform's own cases (see amanat.platform.demo)."""

from __future__ import annotations


def seed(context) -> None:
    from amanat.cases.demo_more import seed as seed_more
    from amanat.cases.links.demo import seed as seed_links

    seed_more(context)  # an Uzbek NGO and Kazakhstan's 2015-2016 cohort (issue 15)
    seed_links(context)
