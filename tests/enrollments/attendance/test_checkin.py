"""The self check-in rule: signed day tokens and on-time versus late."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import signing

from enrollments.attendance import checkin
from enrollments.attendance.checkin import CheckInRefused, day_id_from_token, decide_check_in, make_token
from enrollments.models import AttendanceStatus

KYIV = ZoneInfo("Europe/Kyiv")
DAY = date(2025, 3, 11)
STARTS = datetime(2025, 3, 11, 9, 30, tzinfo=KYIV)


@pytest.mark.parametrize("day_id", [1, 42, 9_876_543_210])
def test_token_round_trip(day_id):
    assert day_id_from_token(make_token(day_id=day_id)) == day_id


def test_tokens_for_different_days_differ():
    assert make_token(day_id=1) != make_token(day_id=2)


def _replace_value(token: str, value: str) -> str:
    _, timestamp, signature = token.split(":")
    return f"{value}:{timestamp}:{signature}"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: _replace_value(token, "8"), id="other-day-id-same-signature"),
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature-changed"),
        pytest.param(lambda token: token.rsplit(":", 1)[0], id="signature-removed"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: "7", id="bare-id"),
        pytest.param(lambda token: "not a token at all", id="garbage"),
        pytest.param(lambda token: signing.TimestampSigner(salt="another.salt").sign("7"), id="other-salt"),
        pytest.param(lambda token: signing.Signer(salt="enrollments.checkin").sign("7"), id="no-timestamp"),
        pytest.param(lambda token: signing.TimestampSigner(salt="enrollments.checkin").sign("day-7"), id="not-an-id"),
    ],
)
def test_tampered_token_is_invalid(tamper):
    with pytest.raises(CheckInRefused) as refusal:
        day_id_from_token(tamper(make_token(day_id=7)))

    assert refusal.value.reason == checkin.INVALID


def _clock(monkeypatch, seconds: float) -> None:
    """Move the signing module's clock (only) to `seconds` since the epoch."""
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: seconds))


@pytest.mark.parametrize(
    ("age", "valid"),
    [
        (timedelta(0), True),
        (timedelta(minutes=1), True),
        (checkin.TOKEN_MAX_AGE, True),
        (checkin.TOKEN_MAX_AGE + timedelta(seconds=1), False),
        (timedelta(hours=1), False),
        (timedelta(days=1), False),
    ],
)
def test_token_expires_after_max_age(monkeypatch, age, valid):
    issued = 1_741_680_000.0
    _clock(monkeypatch, issued)
    token = make_token(day_id=7)
    _clock(monkeypatch, issued + age.total_seconds())

    if valid:
        assert day_id_from_token(token) == 7
    else:
        with pytest.raises(CheckInRefused) as refusal:
            day_id_from_token(token)
        assert refusal.value.reason == checkin.EXPIRED


def test_token_max_age_outlives_several_refreshes():
    """A participant scanning just before the QR code is redrawn still gets in."""
    assert checkin.TOKEN_MAX_AGE.total_seconds() >= 2 * checkin.TOKEN_REFRESH_SECONDS


@pytest.mark.parametrize(
    ("now", "late_after", "expected"),
    [
        pytest.param(datetime(2025, 3, 11, 7, 0, tzinfo=KYIV), 15, AttendanceStatus.PRESENT, id="early"),
        pytest.param(STARTS, 15, AttendanceStatus.PRESENT, id="at-start"),
        pytest.param(STARTS + timedelta(minutes=15), 15, AttendanceStatus.PRESENT, id="at-threshold"),
        pytest.param(STARTS + timedelta(minutes=15, seconds=1), 15, AttendanceStatus.LATE, id="just-after"),
        pytest.param(STARTS + timedelta(hours=5), 15, AttendanceStatus.LATE, id="afternoon"),
        pytest.param(STARTS + timedelta(minutes=1), 0, AttendanceStatus.LATE, id="no-grace"),
        pytest.param(STARTS + timedelta(minutes=45), 60, AttendanceStatus.PRESENT, id="long-grace"),
        pytest.param(datetime(2025, 3, 11, 7, 45, tzinfo=ZoneInfo("UTC")), 15, AttendanceStatus.PRESENT,
                     id="utc-clock-on-time"),
        pytest.param(datetime(2025, 3, 11, 7, 46, tzinfo=ZoneInfo("UTC")), 15, AttendanceStatus.LATE,
                     id="utc-clock-late"),
    ],
)
def test_decide_check_in_on_the_day(now, late_after, expected):
    decision = decide_check_in(day_date=DAY, day_starts=STARTS, now=now, late_after_minutes=late_after)

    assert decision.status == expected


@pytest.mark.parametrize(
    "now",
    [
        pytest.param(datetime(2025, 3, 10, 23, 59, tzinfo=KYIV), id="the-evening-before"),
        pytest.param(datetime(2025, 3, 12, 9, 30, tzinfo=KYIV), id="the-next-day"),
        pytest.param(datetime(2025, 4, 11, 9, 30, tzinfo=KYIV), id="a-month-later"),
    ],
)
def test_decide_check_in_refuses_other_days(now):
    with pytest.raises(CheckInRefused) as refusal:
        decide_check_in(day_date=DAY, day_starts=STARTS, now=now, late_after_minutes=15)

    assert refusal.value.reason == checkin.NOT_TODAY
