"""The one progress helper of long commands: a tqdm bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from amanat.core.progress import Progress, track


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal_at_most_one_per_tenth():
    out = io.StringIO()
    with Progress("Importing", total=100, stream=out) as bar:
        for _ in range(100):
            bar.update()
    lines = out.getvalue().splitlines()
    assert lines[0] == "Importing..."
    assert lines[1:4] == ["Importing: 10/100", "Importing: 20/100", "Importing: 30/100"]
    assert lines[-1] == "Importing: done (100/100)"
    assert len(lines) == 11  # start, 10..90, done: never one line per item
    assert "\r" not in out.getvalue()  # no bar redraws in a log file


def test_without_a_total_only_start_and_done():
    out = io.StringIO()
    with Progress("Reading", stream=out) as bar:
        bar.update(5)
    assert out.getvalue().splitlines() == ["Reading...", "Reading: done (5)"]


def test_a_bar_on_a_terminal():
    out = Terminal()
    with Progress("Seeding", total=4, stream=out) as bar:
        for _ in range(4):
            bar.update()
    text = out.getvalue()
    assert "Seeding" in text and "4/4" in text and "100%" in text
    assert "Seeding: done" not in text  # the bar, not the plain lines


def test_track_yields_every_item(capsys):
    assert list(track(range(7), "Counting")) == list(range(7))
    assert capsys.readouterr().err.splitlines()[-1] == "Counting: done (7/7)"
