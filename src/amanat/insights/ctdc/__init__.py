"""CTDC (Counter-Trafficking Data Collaborative) data: codebook v6, reader, k-anonymiser.

Pure Python (polars, no Django): the same functions serve the CLI, the web and a later import of
the platform's own cases in CTDC v6 columns.
"""
