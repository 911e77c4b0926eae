"""A session's quiz results in the tests: people who took its pre- and post-tests, and where trainers read them."""

import csv
import io
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, graded_answers, submitted_attempt
from tests.factories import ParticipantFactory

ALL = frozenset({"single_choice", "multiple_choice", "true_false", "short_text", "numeric"})


def moment(session, day_index: int, at: time) -> datetime:
    day = list(session.days.all())[day_index]
    return timezone.make_aware(datetime.combine(day.date, at))


def person(session, name: str, organisation: str = "ЦСС Марганець"):
    user = ParticipantFactory()
    ProfileFactory(user=user, full_name=name, organisation=organisation)
    EnrollmentFactory(session=session, user=user)
    return user


def take_pre_and_post(quizzes, session, user, *, pre=frozenset(), post=ALL):
    submitted_attempt(quizzes["pre"], user, graded_answers(quizzes["pre"], right=pre),
                      when=moment(session, 0, time(9, 0)))
    submitted_attempt(quizzes["post"], user, graded_answers(quizzes["post"], right=post),
                      when=moment(session, 2, time(16, 0)))


def overview_url(session) -> str:
    return reverse("session_quiz_results", args=[session.pk])


def detail_url(session, quiz) -> str:
    return reverse("session_quiz_detail", args=[session.pk, quiz.translation_key])


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))

