"""Fieldwork mechanics every field form shares, whatever app owns the questionnaire (ADR 0545).

- `form`: the description of a field form (groups, fields, choice lists, the form tag).
- `xlsform`: the XLSForm workbook (survey, choices, settings) of any such description.
- `values`: matching export keys to fields and parsing the collection tools' values.
- `readers`: submissions from KoboToolbox and ODK Central exports and ODK instance folders.
- `odk_crypto`: ODK encrypted submissions (ODK XForms encryption specification).
- `remote`: pulling submissions from a KoboToolbox or ODK Central server.

The apps own their adapters (screening's guides, assistance's needs assessment); the import
planner they share, which needs cases, lives in `amanat.cases.fieldwork`.
"""
