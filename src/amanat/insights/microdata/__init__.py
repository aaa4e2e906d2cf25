"""De-identified microdata for researchers (`amanat export microdata`, issue 15, ADR 1524).

`spec` reads the declaration (variables, quasi-identifiers, hierarchies: rules/microdata);
`build` derives, k-anonymises and encodes; `files` writes SPSS, Stata or CSV with pyreadstat and
the codebook (XLSX and DOCX). The database side (research consent, audit) is
`insights.selectors.microdata`.
"""
