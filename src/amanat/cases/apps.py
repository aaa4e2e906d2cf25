from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.cases"
    label = "cases"

    def ready(self) -> None:
        # Declaring the kinds registers their labels for the timeline.
        from amanat.cases import closure_reasons, events  # noqa: F401  (closure reasons' code list)
        from amanat.cases.identity.index import names_rekey
        from amanat.privacy.keys import register_rotation_hook

        # `amanat keys rotate` re-keys the name index too (ADR 0120).
        register_rotation_hook(names_rekey)
        from amanat.cases.links import register as register_links

        register_links()
        from amanat.accounts.roles import Perm
        from amanat.cases.approvals import register as register_approvals
        from amanat.core.landing import register_landing

        register_approvals()
        # Case workers land on their worklist (ADR 1621).
        register_landing(
            "cases", url_name="cases:dashboard", permission=Perm.CASE_VIEW, priority=50
        )
        from amanat.cases.names import fold_name

        # Load the folding rules and transliterators now, not in the first search of a process.
        fold_name("Аманат Amanat")
        from amanat.core.jobs import register_job

        register_job(
            "cases.retention",
            _retention,
            every=86400,
            description="erase personal data past its retention date (`amanat retention run`)",
        )


def _retention() -> dict:
    from amanat.cases.retention import retention_apply

    return retention_apply(dry_run=False)
