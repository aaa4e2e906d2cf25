"""Small-cell suppression for the statistics tables: the platform's one rule, in amanat.privacy."""

from amanat.privacy.suppression import (
    DEFAULT_THRESHOLD,
    MINIMUM_THRESHOLD,
    PRIMARY,
    SECONDARY,
    describe,
    suppress,
    suppress_rows,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MINIMUM_THRESHOLD",
    "PRIMARY",
    "SECONDARY",
    "describe",
    "suppress",
    "suppress_rows",
]
