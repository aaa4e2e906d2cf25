"""Where the interviewer is among a guide's sections: which section a request shows, the
sections the skip logic hides, the side navigation, and where "next" and "previous" lead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amanat.screening.engine import Guide, visibility
from amanat.screening.presenters.interview import SectionView


@dataclass
class SectionNavigation:
    sections: list[SectionView]
    visible: list[str]  # ids of the sections the answers show, in order
    current: SectionView

    @property
    def current_hidden(self) -> bool:
        """The skip logic now hides the requested section."""
        return self.current.id not in self.visible

    def later(self) -> str | None:
        """The next section the answers show, if any."""
        return next(
            (
                s.id
                for s in self.sections
                if s.number > self.current.number and s.id in self.visible
            ),
            None,
        )

    def earlier(self) -> str | None:
        """The previous section the answers show, if any."""
        earlier = [
            s.id for s in self.sections if s.number < self.current.number and s.id in self.visible
        ]
        return earlier[-1] if earlier else None

    def target(self, action: str) -> str | None:
        """The section to go to after saving with `action`; None means the review page."""
        if action == "previous":
            return self.earlier() or self.current.id
        if action == "next":
            return self.later()
        return None

    @property
    def items(self) -> list[dict]:
        """The side navigation: every section, marked current and shown."""
        return [
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "current": s.id == self.current.id,
                "shown": s.id in self.visible,
            }
            for s in self.sections
        ]

    @property
    def is_first(self) -> bool:
        return not self.visible or self.current.id == self.visible[0]

    @property
    def is_last(self) -> bool:
        # "Next" goes to the next section the answers show, or to the review when none is left.
        return self.current.id == self.sections[-1].id


def section_navigation(
    guide: Guide, sections: list[SectionView], answers: dict[str, Any], requested: str | None
) -> SectionNavigation:
    """The navigation for the answers so far; `requested` (or else the first shown section) is
    the current one. The current section keeps only the questions to render: those hidden by
    answers on other pages are left out; those depending on this page are rendered and shown or
    hidden in the browser (or shown with their condition)."""
    shown = visibility(guide, answers)
    visible = shown.visible_sections()
    requested = requested or (visible[0] if visible else sections[0].id)
    current = next((s for s in sections if s.id == requested), sections[0])
    current.questions = [
        q for q in current.questions if q.depends_on_page or shown.questions.get(q.id, True)
    ]
    return SectionNavigation(sections=sections, visible=visible, current=current)
