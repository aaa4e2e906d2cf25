"""Where the assistance data files are read from: the shipped defaults, or a path in settings.

Settings (optional): AMANAT_RSS_INDICATORS_FILE, AMANAT_NEEDS_GUIDE_FILE,
AMANAT_FOLLOWUP_SCHEDULE_FILE. (The statistics threshold is the platform's one setting,
AMANAT_STATS_THRESHOLD: amanat.privacy.suppression.stats_threshold.)
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from amanat.assistance import followup_schedule
from amanat.assistance.needs import DEFAULT_PATH as NEEDS_PATH
from amanat.assistance.needs import NeedsGuide, load_needs_guide
from amanat.assistance.reintegration import Instrument, load_instrument
from amanat.assistance.reintegration.instrument import DEFAULT_PATH as RSS_PATH


def _path(name: str, default: Path) -> Path:
    return Path(getattr(settings, name, None) or default)


def instrument() -> Instrument:
    return load_instrument(_path("AMANAT_RSS_INDICATORS_FILE", RSS_PATH))


def needs_guide() -> NeedsGuide:
    return load_needs_guide(_path("AMANAT_NEEDS_GUIDE_FILE", NEEDS_PATH))


def schedule_defaults() -> followup_schedule.ScheduleConfig:
    return followup_schedule.load_schedule_config(
        _path("AMANAT_FOLLOWUP_SCHEDULE_FILE", followup_schedule.DEFAULT_PATH)
    )
