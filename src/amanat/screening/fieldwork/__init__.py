"""Fieldwork: guides as XLSForms for KoboToolbox and ODK Collect, and their submissions imported.

- `form`: the one description of a guide as a field form (groups, fields, skip logic), read by
  the XLSForm writer and by the import, so both agree on every name (ADR 0360).
- `xlsform`: the XLSForm workbook (survey, choices, settings).
- `readers`: submissions from KoboToolbox and ODK Central exports and ODK instance folders.
- `odk_crypto`: ODK encrypted submissions (ODK XForms encryption specification).
- `convert`: a submission's values as an engine answer set, with problems named by question.
- `importer`: preview and import (the service; atomic, audited, idempotent by instanceID).
- `remote`: pulling submissions from a KoboToolbox or ODK Central server.
"""
