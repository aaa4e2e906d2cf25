"""Privacy budget accounting: a ledger that refuses to overspend.

Releases compose sequentially: the worst-case privacy loss of several releases from the same data is
the sum of their budgets (CTDC Global Synthetic Dataset codebook v2, Appendix I). One
`PrivacyBudget` can therefore be shared by several releases; each spend is checked before any noise
is drawn, so a refused release has consumed nothing.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from amanat.errors import AmanatError

# Floating-point slack: splitting 4.0 into 0.02 + 3.98 must not look like an overspend.
TOLERANCE = 1e-9


class BudgetExceeded(AmanatError):
    """A spend would take the ledger past its epsilon or delta limit."""

    status_code = 409
    default_code = "budget_exceeded"


@dataclass(frozen=True)
class BudgetEntry:
    """One line of the ledger: what was released, at what privacy cost, by which mechanism."""

    component: str
    epsilon: float
    delta: float
    mechanism: str
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class PrivacyBudget:
    """An (epsilon, delta) allowance under basic sequential composition.

    `delta=None` means the caller has not capped delta: spends are still recorded and summed.
    """

    epsilon: float
    delta: float | None = None
    entries: list[BudgetEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise BudgetExceeded(
                f"privacy budget epsilon must be a positive number, got {self.epsilon}"
            )
        if self.delta is not None and not (0 <= self.delta < 1):
            raise BudgetExceeded(f"privacy budget delta must be in [0, 1), got {self.delta}")

    @property
    def spent_epsilon(self) -> float:
        return math.fsum(entry.epsilon for entry in self.entries)

    @property
    def spent_delta(self) -> float:
        return math.fsum(entry.delta for entry in self.entries)

    @property
    def remaining_epsilon(self) -> float:
        return max(0.0, self.epsilon - self.spent_epsilon)

    @property
    def remaining_delta(self) -> float | None:
        return None if self.delta is None else max(0.0, self.delta - self.spent_delta)

    def require(self, epsilon: float, delta: float = 0.0) -> None:
        """Raise `BudgetExceeded` unless (epsilon, delta) still fits; records nothing."""
        if epsilon < 0 or delta < 0:
            raise BudgetExceeded(f"a spend cannot be negative (epsilon={epsilon}, delta={delta})")
        if self.spent_epsilon + epsilon > self.epsilon + TOLERANCE:
            raise BudgetExceeded(
                f"privacy budget exceeded: epsilon {epsilon:g} requested, "
                f"{self.remaining_epsilon:g} of {self.epsilon:g} remaining"
            )
        if (
            self.delta is not None
            and self.spent_delta + delta > self.delta + TOLERANCE * self.delta
        ):
            raise BudgetExceeded(
                f"privacy budget exceeded: delta {delta:g} requested, "
                f"{self.remaining_delta:g} of {self.delta:g} remaining"
            )

    def spend(
        self, component: str, epsilon: float, delta: float = 0.0, *, mechanism: str, note: str = ""
    ) -> BudgetEntry:
        self.require(epsilon, delta)
        entry = BudgetEntry(component, float(epsilon), float(delta), mechanism, note)
        self.entries.append(entry)
        return entry

    def ledger(self) -> dict:
        return {
            "limit": {"epsilon": self.epsilon, "delta": self.delta},
            "entries": [entry.as_dict() for entry in self.entries],
            "spent": {"epsilon": self.spent_epsilon, "delta": self.spent_delta},
            "remaining": {"epsilon": self.remaining_epsilon, "delta": self.remaining_delta},
            "composition": "basic sequential composition: epsilons and deltas add up",
        }
