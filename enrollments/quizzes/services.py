"""Writes for quiz attempts: start or resume, save answers as the participant goes, submit and score.

Scoring happens here, on the server, against the version frozen when the attempt started.
"""

from datetime import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from courses.models import QuizPage
from courses.quiz_definition import build_definition, fingerprint
from enrollments import batches
from enrollments.batches import Outcome
from enrollments.models import AttemptStatus, QuizAttempt, QuizVersion, TrainingSession
from enrollments.quizzes import selectors
from enrollments.quizzes.answers import parse_answers, submission_problems
from enrollments.quizzes.availability import deadline_for, is_past_deadline
from enrollments.quizzes.ordering import attempt_order
from enrollments.quizzes.scoring import score_attempt
from enrollments.selectors import held_place_ids
from enrollments.signals import announce_progress


class QuizUnavailable(Exception):
    """No new attempt can start; `availability` says why and when that changes."""

    def __init__(self, availability: selectors.Availability):
        super().__init__(availability.reason)
        self.availability = availability


class AttemptClosed(Exception):
    """The attempt was already submitted, or its time ran out and it has just been submitted."""

    def __init__(self, attempt: QuizAttempt, *, timed_out: bool = False):
        super().__init__(attempt.public_id)
        self.attempt = attempt
        self.timed_out = timed_out


class AnswersNeedAttention(Exception):
    """Submission refused until these answers are fixed; they stay saved meanwhile."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def freeze_version(*, quiz: QuizPage) -> QuizVersion:
    """The frozen version of the quiz's current content, created the first time it is needed."""
    definition = build_definition(quiz)
    score = score_attempt(definition=definition, answers={})
    version, _created = QuizVersion.objects.get_or_create(
        quiz=quiz, fingerprint=fingerprint(definition),
        defaults={"quiz_key": quiz.translation_key, "revision_id": quiz.live_revision_id, "kind": quiz.kind,
                  "title": quiz.title, "pass_mark": definition["pass_mark"], "max_score": score.max_points,
                  "definition": definition},
    )
    return version


def _lock_person(user: AbstractBaseUser) -> None:
    """Serialise one person's starts: a double tap on a slow phone must not open two attempts."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def start_attempt(*, quiz: QuizPage, user: AbstractBaseUser, now: datetime | None = None) -> QuizAttempt:
    """The person's open attempt at this quiz, or a new one if the rules allow it."""
    now = now or timezone.now()
    _lock_person(user)
    availability = selectors.availability(quiz=quiz, user=user, now=now)
    open_attempt = availability.open_attempt
    if open_attempt is not None:
        if not is_past_deadline(deadline=open_attempt.deadline, now=now):
            return open_attempt
        _score_and_close(open_attempt, now=now, auto=True)
        availability = selectors.availability(quiz=quiz, user=user, now=now)
    if not availability.can_start:
        raise QuizUnavailable(availability)
    version = freeze_version(quiz=quiz)
    return QuizAttempt.objects.create(
        user=user, version=version, quiz_key=quiz.translation_key, kind=quiz.kind, session=availability.session,
        number=availability.attempts_used + 1, order=attempt_order(definition=version.definition),
        started_at=now, saved_at=now, max_score=version.max_score, pass_mark=version.pass_mark,
        deadline=deadline_for(started_at=now, time_limit_minutes=version.definition["time_limit_minutes"]),
    )


def _locked(attempt: QuizAttempt) -> QuizAttempt:
    return QuizAttempt.objects.select_for_update().select_related("version").get(pk=attempt.pk)


def _close_if_finished(attempt: QuizAttempt, now: datetime) -> bool:
    """True when the attempt takes no more answers; one whose time ran out is submitted here."""
    if attempt.is_submitted:
        return True
    if is_past_deadline(deadline=attempt.deadline, now=now):
        _score_and_close(attempt, now=now, auto=True)
        return True
    return False


def save_answers(*, attempt: QuizAttempt, data, now: datetime | None = None) -> QuizAttempt:
    """Stores the answers in a posted form. Raises InvalidAnswers for a form that does not fit."""
    now = now or timezone.now()
    # The closing write must commit before AttemptClosed is raised, so the check sits in its own block.
    with transaction.atomic():
        attempt = _locked(attempt)
        already_submitted = attempt.is_submitted
        if not _close_if_finished(attempt, now):
            posted = parse_answers(definition=attempt.version.definition, data=data)
            saved = attempt.answers if isinstance(attempt.answers, dict) else {}
            answers = {**saved, **posted}
            attempt.answers = {question_id: answer for question_id, answer in answers.items() if answer is not None}
            attempt.saved_at = now
            attempt.save(update_fields=["answers", "saved_at"])
            return attempt
    raise AttemptClosed(attempt, timed_out=not already_submitted)


def submit_attempt(*, attempt: QuizAttempt, now: datetime | None = None) -> QuizAttempt:
    """Scores the saved answers and closes the attempt; save the last answers first."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        already_submitted = attempt.is_submitted
        if not _close_if_finished(attempt, now):
            problems = submission_problems(definition=attempt.version.definition, answers=attempt.answers,
                                           order=attempt.order["questions"])
            if problems:
                raise AnswersNeedAttention(problems)
            return _score_and_close(attempt, now=now, auto=False)
    raise AttemptClosed(attempt, timed_out=not already_submitted)


def _score_and_close(attempt: QuizAttempt, *, now: datetime, auto: bool) -> QuizAttempt:
    score = score_attempt(definition=attempt.version.definition, answers=attempt.answers)
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = min(now, attempt.deadline) if auto and attempt.deadline else now
    attempt.auto_submitted = auto
    attempt.score, attempt.max_score, attempt.percent = score.points, score.max_points, score.percent
    attempt.passed = score.passed
    attempt.band = score.band["label"] if score.band else ""
    attempt.question_scores = {question_id: str(result.points) for question_id, result in score.questions.items()}
    attempt.save()
    if attempt.passed:  # a passed quiz may complete what a place needs (a certificate)
        announce_progress(sender=QuizAttempt,
                          enrollment_ids=held_place_ids(user_id=attempt.user_id, session_id=attempt.session_id))
    return attempt


def close_overdue_attempts(*, now: datetime | None = None, session: TrainingSession | None = None,
                           quiz_key=None) -> Outcome[int]:
    """Submits, with what they saved, attempts whose time ran out while nobody was looking. One that cannot be
    closed is logged and skipped (its id in `skipped`): the results pages and the command go on with the rest."""
    now = now or timezone.now()
    overdue = QuizAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__isnull=False)
    if session is not None:
        overdue = overdue.filter(Q(session=session) | Q(user__enrollments__session=session)).distinct()
    if quiz_key is not None:
        overdue = overdue.filter(quiz_key=quiz_key)
    return batches.each(list(overdue.values_list("pk", flat=True)), partial(_close_overdue, now=now),
                        what="quiz attempt")


def _close_overdue(attempt_id: int, *, now: datetime) -> int:
    attempt = QuizAttempt.objects.select_for_update().select_related("version").get(pk=attempt_id)
    if attempt.is_submitted or not is_past_deadline(deadline=attempt.deadline, now=now):
        return 0
    _score_and_close(attempt, now=now, auto=True)
    return 1
