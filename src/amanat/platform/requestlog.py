"""One line per request on the server's console, for `amanat serve` with waitress or gunicorn:
method, path, status, duration. Never the query string: a search or a filter may carry a name
or a phone number, and console logs are kept and shared without care."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import IO


class RequestLog:
    """WSGI wrapper; the duration runs until the response body is fully sent."""

    def __init__(self, app: Callable, stream: IO[str] | None = None):
        self.app = app
        self.stream = stream

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        seen: dict[str, str] = {}

        def recording_start_response(status: str, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        body = self.app(environ, recording_start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._line(environ, seen.get("status", "-"), time.perf_counter() - started)

    def _line(self, environ: dict, status: str, seconds: float) -> None:
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        stream = self.stream if self.stream is not None else sys.stdout
        print(f"{stamp} {method} {path} {status} {seconds * 1000:.0f} ms", file=stream, flush=True)
