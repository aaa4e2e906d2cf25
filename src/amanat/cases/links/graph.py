"""Connected components of person links (union-find). Pure: no Django.

A confirmed link joins two persons; links are transitive for counting (A~B and B~C make one
person), so a "unique person" is a connected component of the link graph.
"""

from __future__ import annotations

from collections.abc import Iterable


def components(edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Each linked person id -> the smallest person id of its component (its representative).

    Persons without a link are absent: they are their own component.
    """
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            # The smaller id becomes the root, so the representative is stable and testable.
            low, high = (ra, rb) if ra < rb else (rb, ra)
            parent[high] = low
    return {node: find(node) for node in parent}


def count_unique(person_ids: Iterable[int], representative: dict[int, int]) -> int:
    """How many distinct persons `person_ids` name once linked persons are merged."""
    return len({representative.get(pid, pid) for pid in person_ids})
