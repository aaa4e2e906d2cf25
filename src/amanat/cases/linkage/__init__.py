"""Batch record linkage (Splink) over the project's name normalisation. ADR 0130.

`features` turns input rows into comparison features, `model` trains and runs the Splink model,
`pipeline` runs a whole file (no Django in these three); `cli` is `amanat dedup`, `database`
the coordinator's run over the database persons.
"""
