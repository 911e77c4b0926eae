"""The progress rule: how far a learner is through an ordered list of modules."""

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Progress:
    total: int
    completed: int
    next_key: UUID | None  # the module to continue with; None when all are done or there are none

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.completed == self.total

    @property
    def has_started(self) -> bool:
        return self.completed > 0


def course_progress(*, module_keys: list[UUID], completed_keys: set[UUID]) -> Progress:
    """Count completed modules; continue with the first one, in course order, not yet completed."""
    done = [key for key in module_keys if key in completed_keys]
    next_key = next((key for key in module_keys if key not in completed_keys), None)
    return Progress(total=len(module_keys), completed=len(done), next_key=next_key)
