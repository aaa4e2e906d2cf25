"""The field-submission import every field form shares (ADR 0545): the plan (what each submission
would become), the case it belongs to (by code, or a new person through the duplicate check),
idempotence by instanceID, all or nothing, and the command line. The owning app supplies an
adapter (`adapter.FormAdapter`) and registers it (`registry`); the format-neutral parts are in
`amanat.core.fieldwork`.
"""
