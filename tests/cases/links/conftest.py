from tests.cases.links.world import world  # noqa: F401  (the shared fixture)
