"""Training endpoints, one router per entity. Thin: parse, call one service or selector, present.

Trainers authenticate with a bearer token; events answer 404 unless the caller is one of the
event's trainers. The `/training/public/{token}/...` endpoints need no account: the
participant's link token is the key, and they expose only that participant's own forms
(test items without their answer keys).
"""

from .routers import ROUTERS

__all__ = ["ROUTERS"]
