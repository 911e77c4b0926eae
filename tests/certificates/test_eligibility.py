"""The certificate rule (certificates/eligibility.py): plain values in, what is missing out."""

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest
from django.utils import translation

from certificates.eligibility import (
    Eligibility,
    Missing,
    Named,
    ParticipantRecord,
    Requirements,
    describe,
    evaluate,
    required_days,
)

DAY_1, DAY_2, DAY_3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
DAYS = (DAY_1, DAY_2, DAY_3)
FIVE_DAYS = tuple(date(2026, 3, day) for day in range(2, 7))
AFTER = date(2026, 3, 10)  # the session is over
POST_TEST = Named(key=uuid4(), title="Підсумковий тест")
PRE_TEST = Named(key=uuid4(), title="Вхідний тест")
MODULE_1 = Named(key=uuid4(), title="Модуль 1. Перша психологічна допомога")
MODULE_2 = Named(key=uuid4(), title="Модуль 2. Кризова комунікація")

EVERY_DAY = Requirements(every_day=True)


def percent(share: int) -> Requirements:
    return Requirements(every_day=False, min_percent=share)


def record(*, days=DAYS, attended=DAYS, today=AFTER, **fields) -> ParticipantRecord:
    return ParticipantRecord(days=days, attended=frozenset(attended), today=today, **fields)


def codes(eligibility: Eligibility) -> list[tuple]:
    """What is missing, compactly: (code, day number) for days, (code, title) or (code, needed) for the rest."""
    return [(m.code, m.day_number or m.title or m.needed or None) for m in eligibility.missing]


# --- Every day ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("attended", "today", "expected"), [
    pytest.param(DAYS, AFTER, [], id="all-attended"),
    pytest.param(DAYS, DAY_3, [], id="all-attended-on-the-last-day"),
    pytest.param({DAY_1, DAY_3}, AFTER, [(Missing.MISSED_DAY, 2)], id="past-day-missed"),
    pytest.param({DAY_1, DAY_2}, DAY_3, [(Missing.ATTEND_DAY, 3)], id="today-not-yet-attended"),
    pytest.param({DAY_1}, DAY_2, [(Missing.ATTEND_DAY, 2), (Missing.ATTEND_DAY, 3)], id="today-and-future"),
    pytest.param(set(), DAY_2, [(Missing.MISSED_DAY, 1), (Missing.ATTEND_DAY, 2), (Missing.ATTEND_DAY, 3)],
                 id="missed-then-to-attend"),
    pytest.param(set(), date(2026, 2, 1), [(Missing.ATTEND_DAY, 1), (Missing.ATTEND_DAY, 2),
                                           (Missing.ATTEND_DAY, 3)], id="before-the-session"),
    pytest.param({DAY_1, DAY_2, date(2026, 3, 5)}, AFTER, [(Missing.MISSED_DAY, 3)],
                 id="an-unscheduled-day-does-not-replace-a-missed-one"),
])
def test_every_day_mode(attended, today, expected):
    assert codes(evaluate(requirements=EVERY_DAY, record=record(attended=attended, today=today))) == expected


def test_a_missing_day_carries_its_date_and_number_counted_in_date_order():
    shuffled = (DAY_3, DAY_1, DAY_2)  # the rule sorts the schedule itself

    [missing] = evaluate(requirements=EVERY_DAY, record=record(days=shuffled, attended={DAY_1, DAY_3})).missing

    assert (missing.code, missing.day, missing.day_number) == (Missing.MISSED_DAY, DAY_2, 2)


# --- A share of the days -------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "share", "needed"), [
    pytest.param(3, 80, 3, id="80%-of-3-is-3"),
    pytest.param(5, 80, 4, id="80%-of-5-is-4-exactly"),
    pytest.param(3, 50, 2, id="50%-of-3-is-2"),
    pytest.param(5, 60, 3, id="60%-of-5-is-3-exactly"),
    pytest.param(4, 75, 3, id="75%-of-4-is-3-exactly"),
    pytest.param(10, 81, 9, id="81%-of-10-rounds-up"),
    pytest.param(7, 100, 7, id="100%"),
    pytest.param(3, 1, 1, id="1%-still-needs-a-day"),
])
def test_required_days_round_up(total, share, needed):
    assert required_days(total=total, percent=share) == needed


@pytest.mark.parametrize(("days", "share", "attended", "expected"), [
    pytest.param(DAYS, 80, DAYS, [], id="80%-of-3:-3-attended"),
    pytest.param(DAYS, 80, {DAY_1, DAY_2}, [(Missing.ATTENDANCE_SHARE, 3)], id="80%-of-3:-2-not-enough"),
    pytest.param(FIVE_DAYS, 80, FIVE_DAYS[:4], [], id="80%-of-5:-4-exactly-at"),
    pytest.param(FIVE_DAYS, 80, FIVE_DAYS[1:], [], id="80%-of-5:-any-4"),
    pytest.param(FIVE_DAYS, 80, FIVE_DAYS[:3], [(Missing.ATTENDANCE_SHARE, 4)], id="80%-of-5:-3-just-below"),
    pytest.param(DAYS, 50, {DAY_1, DAY_3}, [], id="50%-of-3:-2-exactly-at"),
    pytest.param(DAYS, 50, {DAY_2}, [(Missing.ATTENDANCE_SHARE, 2)], id="50%-of-3:-1-just-below"),
    pytest.param(DAYS, 50, {DAY_1, date(2026, 3, 9)}, [(Missing.ATTENDANCE_SHARE, 2)],
                 id="unscheduled-days-do-not-count"),
])
def test_percent_mode(days, share, attended, expected):
    assert codes(evaluate(requirements=percent(share), record=record(days=days, attended=attended))) == expected


def test_a_short_share_says_how_many_are_needed_had_and_scheduled():
    [missing] = evaluate(requirements=percent(80), record=record(days=FIVE_DAYS, attended=FIVE_DAYS[:2])).missing

    assert (missing.needed, missing.have, missing.total) == (4, 2, 5)


def test_a_share_is_counted_whatever_the_day_and_reports_no_single_day():
    """Unlike every-day mode, a share does not name days: any of them will do."""
    [missing] = evaluate(requirements=percent(80), record=record(attended=set(), today=DAY_1)).missing

    assert (missing.code, missing.day, missing.day_number) == (Missing.ATTENDANCE_SHARE, None, None)


# --- Quizzes, modules, name, place, days ---------------------------------------------------------

@pytest.mark.parametrize(("requirements", "fields", "expected"), [
    pytest.param(replace(EVERY_DAY, quizzes=(POST_TEST,)), {"passed_quizzes": frozenset({POST_TEST.key})}, [],
                 id="quiz-passed"),
    pytest.param(replace(EVERY_DAY, quizzes=(POST_TEST,)), {}, [(Missing.PASS_QUIZ, POST_TEST.title)],
                 id="quiz-not-passed"),
    pytest.param(replace(EVERY_DAY, quizzes=(POST_TEST,)), {"passed_quizzes": frozenset({PRE_TEST.key})},
                 [(Missing.PASS_QUIZ, POST_TEST.title)], id="another-quiz-passed"),
    pytest.param(EVERY_DAY, {"passed_quizzes": frozenset({POST_TEST.key})}, [], id="quiz-passed-but-not-required"),
    pytest.param(replace(EVERY_DAY, modules=(MODULE_1,)), {"completed_modules": frozenset({MODULE_1.key})}, [],
                 id="module-completed"),
    pytest.param(replace(EVERY_DAY, modules=(MODULE_1, MODULE_2)), {"completed_modules": frozenset({MODULE_2.key})},
                 [(Missing.COMPLETE_MODULE, MODULE_1.title)], id="one-of-two-modules-not-completed"),
    pytest.param(EVERY_DAY, {"has_name": False}, [(Missing.NO_NAME, None)], id="no-name"),
    pytest.param(EVERY_DAY, {"days": ()}, [(Missing.NO_DAYS, None)], id="no-days-every-day"),
    pytest.param(percent(50), {"days": (), "attended": ()}, [(Missing.NO_DAYS, None)], id="no-days-percent"),
])
def test_quizzes_modules_name_and_days(requirements, fields, expected):
    assert codes(evaluate(requirements=requirements, record=record(**fields))) == expected


@pytest.mark.parametrize("fields", [
    pytest.param({}, id="otherwise-eligible"),
    pytest.param({"attended": (), "has_name": False, "days": ()}, id="missing-everything"),
])
def test_without_a_place_only_not_enrolled_is_reported(fields):
    requirements = replace(EVERY_DAY, quizzes=(POST_TEST,), modules=(MODULE_1,))

    eligibility = evaluate(requirements=requirements, record=record(holds_place=False, **fields))

    assert codes(eligibility) == [(Missing.NOT_ENROLLED, None)]
    assert not eligibility.eligible


def test_everything_missing_is_listed_in_order_days_quizzes_modules_name():
    requirements = Requirements(every_day=True, quizzes=(PRE_TEST, POST_TEST), modules=(MODULE_1, MODULE_2))
    participant = record(attended={DAY_1}, today=DAY_3, passed_quizzes=frozenset({PRE_TEST.key}), has_name=False)

    eligibility = evaluate(requirements=requirements, record=participant)

    assert not eligibility.eligible
    assert codes(eligibility) == [
        (Missing.MISSED_DAY, 2), (Missing.ATTEND_DAY, 3), (Missing.PASS_QUIZ, POST_TEST.title),
        (Missing.COMPLETE_MODULE, MODULE_1.title), (Missing.COMPLETE_MODULE, MODULE_2.title), (Missing.NO_NAME, None),
    ]


def test_nothing_missing_is_eligible():
    requirements = Requirements(every_day=True, quizzes=(POST_TEST,), modules=(MODULE_1,))
    participant = record(passed_quizzes=frozenset({POST_TEST.key}), completed_modules=frozenset({MODULE_1.key}))

    eligibility = evaluate(requirements=requirements, record=participant)

    assert eligibility.eligible and eligibility.missing == ()


# --- What the participant reads --------------------------------------------------------------------

@pytest.mark.parametrize(("missing", "english"), [
    pytest.param(Missing(Missing.ATTEND_DAY, day=DAY_3, day_number=3), "Attend day 3 (03/04/2026).", id="attend"),
    pytest.param(Missing(Missing.MISSED_DAY, day=DAY_2, day_number=2),
                 "Day 2 (03/03/2026) is not marked as attended. If you were there, ask your trainer to correct "
                 "the attendance.", id="missed"),
    pytest.param(Missing(Missing.ATTENDANCE_SHARE, needed=4, have=2, total=5),
                 "Attend at least 4 of the 5 days (2 so far).", id="share"),
    pytest.param(Missing(Missing.PASS_QUIZ, title="Post-test"), "Pass “Post-test”.", id="quiz"),
    pytest.param(Missing(Missing.COMPLETE_MODULE, title="Module 1"), "Complete the module “Module 1”.", id="module"),
    pytest.param(Missing(Missing.NO_NAME), "Add your full name to your profile: it is printed on the certificate.",
                 id="name"),
    pytest.param(Missing(Missing.NOT_ENROLLED), "Only people with a place on the session receive its certificate.",
                 id="place"),
    pytest.param(Missing(Missing.NO_DAYS), "The session has no days scheduled yet.", id="days"),
])
def test_messages_in_english(missing, english):
    with translation.override("en"):
        assert missing.message == english == describe(missing)


@pytest.mark.parametrize(("missing", "parts"), [
    pytest.param(Missing(Missing.ATTEND_DAY, day=DAY_3, day_number=3), ["3", "04.03.2026"], id="attend"),
    pytest.param(Missing(Missing.MISSED_DAY, day=DAY_2, day_number=2), ["2", "03.03.2026"], id="missed"),
    pytest.param(Missing(Missing.ATTENDANCE_SHARE, needed=4, have=2, total=5), ["4", "5", "2"], id="share"),
    pytest.param(Missing(Missing.PASS_QUIZ, title=POST_TEST.title), [POST_TEST.title], id="quiz"),
    pytest.param(Missing(Missing.COMPLETE_MODULE, title=MODULE_1.title), [MODULE_1.title], id="module"),
])
def test_messages_in_ukrainian_carry_the_numbers_dates_and_titles(missing, parts):
    with translation.override("uk"):
        message = missing.message
    assert message
    for part in parts:
        assert part in message
    assert "%(" not in message


def test_the_day_in_a_message_is_a_date_in_the_readers_format():
    missing = Missing(Missing.ATTEND_DAY, day=date(2026, 12, 31), day_number=1)

    with translation.override("uk"):
        assert "31.12.2026" in missing.message
    with translation.override("en"):
        assert "12/31/2026" in missing.message


def test_an_unknown_code_is_an_error_not_a_blank_message():
    with pytest.raises(ValueError, match="Unknown requirement"):
        describe(Missing("teleport"))
