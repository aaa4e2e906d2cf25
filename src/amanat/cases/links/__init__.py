"""Cross-organisation person links: the NRM coordinator's "possibly the same person" queue.

A `PossibleMatch` pairs two persons held by different organisations (proposed by the batch
linkage `amanat dedup --database` or by `amanat persons scan`); the coordinator confirms it
(a `PersonLink`) or rejects it. Links never move data between organisations and never show on a
case worker's pages; they only let statistics count unique persons (ADR 0140).
"""
