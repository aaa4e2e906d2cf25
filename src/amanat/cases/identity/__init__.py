"""Finding persons who may be the same person: keyed, truncated name indexes (ADR 0120).

`find_similar_persons` is the one entry point for every caller (case search, the duplicate
warning at registration, imports, the coordinator's cross-organisation queue). It audits nothing
itself: its callers audit what they show.
"""

from .search import PersonMatch, find_similar_persons

__all__ = ["PersonMatch", "find_similar_persons"]
