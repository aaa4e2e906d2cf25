"""Fieldwork for screening guides: the guides as XLSForms and their submissions imported.

Screening's adapter to the shared fieldwork layer (ADR 0545): the format-neutral parts (form
description, XLSForm writer, readers, ODK decryption, server pull) are `amanat.core.fieldwork`,
the import planner and command line `amanat.cases.fieldwork`.

- `form`: a guide as a field form (groups, fields, skip logic), read by the writer and the import.
- `xpath`: the guide's conditions as XPath `relevant` expressions.
- `xlsform`: a built-in guide's XLSForm.
- `convert`: a submission's values as an engine answer set.
- `importer`: the adapter (`GuideAdapter`) and screening's preview and import entry points.
- `cli`: adds `guides xlsform` and `import submissions` (defined in `cases.fieldwork.cli`).
"""
