"""The self check-in rule: short-lived signed tokens bound to one session day, and on-time versus late."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing

from enrollments.models import AttendanceStatus

TOKEN_MAX_AGE = timedelta(minutes=10)  # covers logging in after the scan; the code on screen changes every minute
TOKEN_REFRESH_SECONDS = 60
_SALT = "enrollments.checkin"  # the module's first path; kept, as a new salt would void every code on screen


class CheckInRefused(Exception):
    """A check-in that must change nothing; `reason` is one of the REASON_* codes."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


EXPIRED = "expired"
INVALID = "invalid"
OTHER_DAY = "other_day"
NOT_TODAY = "not_today"
NOT_ENROLLED = "not_enrolled"
ALREADY = "already_checked_in"


def make_token(*, day_id: int) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(day_id))


def day_id_from_token(token: str) -> int:
    """The day a token was issued for; raises CheckInRefused when it is forged or too old."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=TOKEN_MAX_AGE)
        return int(value)
    except signing.SignatureExpired as error:
        raise CheckInRefused(EXPIRED) from error
    # ValueError: correctly signed with our key but not by make_token (no timestamp, not a day id).
    except (signing.BadSignature, ValueError) as error:
        raise CheckInRefused(INVALID) from error


@dataclass(frozen=True)
class CheckInDecision:
    status: str


def decide_check_in(*, day_date: date, day_starts: datetime, now: datetime, late_after_minutes: int) -> CheckInDecision:
    """Only on the day itself; present until `late_after_minutes` past the start, late after that."""
    if day_date != now.date():
        raise CheckInRefused(NOT_TODAY)
    late = now > day_starts + timedelta(minutes=late_after_minutes)
    return CheckInDecision(status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT)
