"""Demo data: a past three-day training of trainers in Almaty with 25 participants, pre- and
post-tests, evaluations and group work, and a planned regional workshop.

Everything is invented; names reuse the fictional lists of amanat.platform.demo. The content is in
Russian, the working language of such trainings in Central Asia.
"""

from .curriculum import CURRICULUM
from .event import GROUP_WORK, INTERIM_ANALYSIS, ORGANISATIONS
from .items import EVALUATION_QUESTIONS, ITEMS, OPEN_IMPROVE, OPEN_USEFUL
from .seed import seed

__all__ = [
    "CURRICULUM",
    "EVALUATION_QUESTIONS",
    "ITEMS",
    "OPEN_IMPROVE",
    "OPEN_USEFUL",
    "GROUP_WORK",
    "INTERIM_ANALYSIS",
    "ORGANISATIONS",
    "seed",
]
