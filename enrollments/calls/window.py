"""When a call takes applications: its opening and deadline, moments in Europe/Kyiv time.

Editors type the deadline as a Kyiv wall-clock time ("31 March, 23:59"); Django stores it in UTC, so
a daylight-saving change between now and then is handled by the time zone database, not by us.
The deadline itself still counts: an application sent at 23:59:00 for a 23:59 deadline is in time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")


class CallState(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    opens_at: datetime | None
    deadline: datetime

    @classmethod
    def of(cls, call) -> "Window":
        """The window of a call (anything with `opens_at` and `deadline`, such as `content.models.Call`)."""
        return cls(opens_at=call.opens_at, deadline=call.deadline)

    def state(self, now: datetime) -> CallState:
        if self.opens_at is not None and now < self.opens_at:
            return CallState.UPCOMING
        return CallState.OPEN if now <= self.deadline else CallState.CLOSED


def kyiv_moment(day: date, at: time) -> datetime:
    """A Kyiv wall-clock moment as an aware datetime (UTC+2 in winter, UTC+3 in summer)."""
    return datetime.combine(day, at, tzinfo=KYIV)
