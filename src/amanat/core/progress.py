"""Progress of a long command (demo seeding, imports, exports, reports, synthetic data).

One helper for every command: on a terminal a tqdm bar on stderr; otherwise (a pipe, a log file,
a cron job) plain lines, at most one per tenth of the work, so a log stays readable. Output goes
to stderr so a command's own output (CSV on stdout) is never mixed with it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")


class Progress:
    """`with Progress("Seeding cases", total=200) as bar: ... bar.update()`."""

    def __init__(self, label: str, *, total: int | None = None, stream: IO[str] | None = None):
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self._bar = None
        self._next_line = 0
        if _is_terminal(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, file=self.stream, leave=True)
        else:
            self._line(f"{label}...")
            self._next_line = self._step()

    def _step(self) -> int:
        return max(1, (self.total or 0) // 10) if self.total else 0

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def update(self, count: int = 1) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
        elif self.total and self.done >= self._next_line and self.done < self.total:
            self._line(f"{self.label}: {self.done}/{self.total}")
            self._next_line = self.done + self._step()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._next_line >= 0:
            count = f"{self.done}/{self.total}" if self.total else str(self.done)
            self._line(f"{self.label}: done ({count})")
            self._next_line = -1

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def track(items: Iterable[T], label: str, *, total: int | None = None) -> Iterator[T]:
    """Iterate over `items`, showing progress; `total` defaults to len(items) when it has one."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(label, total=total) as bar:
        for item in items:
            yield item
            bar.update()


def step(label: str) -> None:
    """One line for a stage without a count ("Demo data: referrals...")."""
    print(f"{label}...", file=sys.stderr, flush=True)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
