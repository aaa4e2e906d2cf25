"""A read replica for statistics (ADR 0021): `DATABASE_REPLICA_URL` adds the database alias
"replica". Nothing is sent there implicitly (a caseworker must read their own writes); code that
may read slightly old data, the statistics, asks for `read_alias()` explicitly."""

from __future__ import annotations

from django.conf import settings

REPLICA = "replica"


def read_alias() -> str:
    """The alias for read-only statistics queries: the replica when one is configured."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


class PrimaryRouter:
    """Every read and write on the primary; migrations never on the replica (it follows the
    primary's own, by streaming replication)."""

    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
