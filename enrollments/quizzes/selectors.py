"""Reads for taking quizzes: can this person start, their attempts, an attempt laid out for the form
and for review. Nothing here reveals a correct answer before the attempt is submitted.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from content import public_cache
from courses.models import CoursePage, QuizKind, QuizPage
from enrollments.models import AttemptStatus, EnrollmentStatus, QuizAttempt, TrainingSession
from enrollments.quizzes.answers import field_name
from enrollments.quizzes.availability import Refusal, Window, session_window, start_refusal
from enrollments.quizzes.review import Visibility, review_visibility
from enrollments.quizzes.scoring import normalise_text, question_max, usable_answer

SESSION_KINDS = (QuizKind.PRE_TEST, QuizKind.POST_TEST)


@dataclass(frozen=True)
class Availability:
    can_start: bool
    reason: str | None  # a `Refusal` value when a new attempt cannot start
    session: TrainingSession | None
    window: Window | None
    attempts_used: int
    attempts_left: int | None  # None: no limit
    open_attempt: QuizAttempt | None
    submitted: list[QuizAttempt] = field(default_factory=list)


def _aware(day, at) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, at))


def window_of(*, session: TrainingSession, kind: str) -> Window | None:
    days = list(session.days.all())
    if not days:
        return None
    return session_window(kind=kind, first_day_ends=_aware(days[0], days[0].ends_at),
                          last_day_starts=_aware(days[-1], days[-1].starts_at),
                          last_day_ends=_aware(days[-1], days[-1].ends_at))


def quiz_course(quiz: QuizPage) -> CoursePage | None:
    """The course a quiz belongs to, whether it sits on the course or on one of its modules."""
    return CoursePage.objects.ancestor_of(quiz).first()


def _session_for(*, quiz: QuizPage, user: AbstractBaseUser, now: datetime) -> tuple[TrainingSession, Window] | None:
    """Of the sessions this person holds a place on, the one whose pre- or post-test applies now."""
    course = quiz_course(quiz)
    if course is None:
        return None
    sessions = (TrainingSession.objects
                .filter(course__translation_key=course.translation_key, enrollments__user=user,
                        enrollments__status__in=EnrollmentStatus.holding_seat())
                .prefetch_related("days").distinct())
    candidates = [(session, window) for session in sessions
                  if (window := window_of(session=session, kind=quiz.kind)) is not None]
    if not candidates:
        return None
    # Two windows can be open at once (a pre-test for next month while today's is still open): the one
    # closing first is the one the person is in the room for.
    open_now = sorted((c for c in candidates if c[1].refusal(now) is None), key=lambda c: c[1].closes_at or now)
    upcoming = sorted((c for c in candidates if c[1].opens_at and c[1].opens_at > now), key=lambda c: c[1].opens_at)
    recent = sorted(candidates, key=lambda c: c[1].closes_at or now, reverse=True)
    return (open_now or upcoming or recent)[0]


def availability(*, quiz: QuizPage, user: AbstractBaseUser, now: datetime | None = None) -> Availability:
    now = now or timezone.now()
    session = window = None
    if quiz.kind in SESSION_KINDS:
        chosen = _session_for(quiz=quiz, user=user, now=now)
        if chosen is None:
            return Availability(can_start=False, reason=Refusal.NEEDS_SESSION, session=None, window=None,
                                attempts_used=0, attempts_left=quiz.max_attempts or None, open_attempt=None)
        session, window = chosen
    attempts = list(QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key, session=session)
                    .select_related("version").order_by("number"))
    open_attempt = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    reason = start_refusal(max_attempts=quiz.max_attempts, attempts_used=len(attempts), window=window, now=now)
    return Availability(
        can_start=reason is None, reason=reason, session=session, window=window, attempts_used=len(attempts),
        attempts_left=max(0, quiz.max_attempts - len(attempts)) if quiz.max_attempts else None,
        open_attempt=open_attempt, submitted=[a for a in attempts if a.is_submitted],
    )


def quiz_page_context(*, quiz: QuizPage, user) -> dict:
    """What the quiz page shows of the reader: whether they may start, their open and submitted attempts."""
    return {"availability": availability(quiz=quiz, user=user) if user.is_authenticated else None}


@dataclass(frozen=True)
class QuizLink:
    """A quiz listed on its course or module page, with the reader's own results when logged in."""

    page: QuizPage
    best: QuizAttempt | None = None  # self-assessments have no best: `last` is the one that counts
    last: QuizAttempt | None = None
    in_progress: bool = False


def _quiz_link(quiz: QuizPage, attempts: list[QuizAttempt]) -> QuizLink:
    submitted = [a for a in attempts if a.status == AttemptStatus.SUBMITTED]
    last = max(submitted, key=lambda a: (a.submitted_at, a.pk), default=None)
    best = None
    if quiz.kind != QuizKind.SELF_ASSESSMENT:
        best = max(submitted, key=lambda a: (a.percent, a.submitted_at, a.pk), default=None)
    return QuizLink(page=quiz, best=best, last=last,
                    in_progress=any(a.status == AttemptStatus.IN_PROGRESS for a in attempts))


def quiz_links(*, quizzes: list[QuizPage], user) -> list[QuizLink]:
    """The quizzes a course or module page lists, each with the reader's results; one query at most."""
    attempts: dict = {quiz.translation_key: [] for quiz in quizzes}
    if quizzes and user.is_authenticated:
        rows = (QuizAttempt.objects.filter(user=user, quiz_key__in=list(attempts))
                .only("public_id", "quiz_key", "kind", "status", "number", "submitted_at", "score", "max_score",
                      "percent", "passed", "band"))
        for attempt in rows:
            attempts[attempt.quiz_key].append(attempt)
    return [_quiz_link(quiz, attempts[quiz.translation_key]) for quiz in quizzes]


def attempt_for(*, public_id: UUID, user: AbstractBaseUser) -> QuizAttempt | None:
    """The attempt, only for the person who owns it: anyone else gets None (and a 404)."""
    return (QuizAttempt.objects.select_related("version", "version__quiz", "session")
            .filter(public_id=public_id, user=user).first())


@dataclass(frozen=True)
class ChoiceView:
    id: str
    text: str
    selected: bool
    correct: bool | None = None  # only filled in for review, when solutions may be shown
    feedback: str = ""


@dataclass(frozen=True)
class QuestionView:
    number: int
    id: str
    type: str
    prompt: str
    max_points: Decimal
    field_name: str
    answer: object
    choices: list[ChoiceView]
    # Review only:
    points: Decimal | None = None
    correct: bool | None = None
    partly_correct: bool = False
    feedback: str = ""
    solution: str = ""


def _choices(definition: dict, question: dict, order: dict, answer) -> list[ChoiceView]:
    selected = set(answer) if isinstance(answer, list) else {answer}
    if question["type"] == "statement":
        return [ChoiceView(id=o["id"], text=o["label"], selected=o["id"] in selected) for o in definition["scale"]]
    if question["type"] == "true_false":
        from django.utils.translation import gettext as _

        return [ChoiceView(id="true", text=_("True"), selected="true" in selected),
                ChoiceView(id="false", text=_("False"), selected="false" in selected)]
    by_id = {choice["id"]: choice for choice in question.get("choices", [])}
    return [ChoiceView(id=cid, text=by_id[cid]["text"], selected=cid in selected)
            for cid in order.get("choices", {}).get(question["id"], by_id)]


def attempt_questions(*, attempt: QuizAttempt) -> list[QuestionView]:
    """The attempt's questions in its own order, with the answers saved so far; no right answers."""
    definition = attempt.version.definition
    by_id = {question["id"]: question for question in definition["questions"]}
    answers = attempt.answers if isinstance(attempt.answers, dict) else {}
    views = []
    for number, question_id in enumerate(attempt.order["questions"], start=1):
        question = by_id[question_id]
        answer = usable_answer(question, answers.get(question_id))
        views.append(QuestionView(
            number=number, id=question_id, type=question["type"], prompt=mark_safe(question["prompt"]),  # noqa: S308 - sanitised rich text from the admin
            max_points=question_max(definition=definition, question=question), field_name=field_name(question_id),
            answer=answer, choices=_choices(definition, question, attempt.order, answer),
        ))
    return views


@dataclass(frozen=True)
class AttemptReview:
    attempt: QuizAttempt
    visibility: Visibility
    questions: list[QuestionView]
    band: dict | None  # self-assessments: the band reached, with its advice


def _solution(question: dict) -> str:
    from django.utils.translation import gettext as _

    if question["type"] == "true_false":
        return _("True") if question["answer"] == "true" else _("False")
    if question["type"] == "short_text":
        # Spelling variants that count alike (apostrophes, case) are shown once.
        distinct: dict[str, str] = {}
        for answer in question["accepted_answers"]:
            distinct.setdefault(normalise_text(answer), answer)
        return " / ".join(distinct.values())
    if question["type"] == "numeric":
        tolerance = Decimal(question["tolerance"])
        number = Decimal(question["answer"]).normalize()
        return f"{number} ± {tolerance.normalize()}" if tolerance else str(number)
    return ""


def _reviewed(view: QuestionView, question: dict, points: Decimal, visibility: Visibility) -> QuestionView:
    correct = points == view.max_points and view.answer not in (None, "", [])
    choices = view.choices
    feedback = ""
    if visibility.feedback and question["type"] != "statement":
        feedback = question["feedback_correct"] if correct else question["feedback_incorrect"]
        by_id = {choice["id"]: choice for choice in question.get("choices", [])}
        choices = [ChoiceView(id=c.id, text=c.text, selected=c.selected,
                              correct=by_id[c.id]["correct"] if visibility.solutions and c.id in by_id else None,
                              feedback=by_id[c.id]["feedback"] if c.selected and c.id in by_id else "")
                   for c in view.choices]
    return QuestionView(
        number=view.number, id=view.id, type=view.type, prompt=view.prompt, max_points=view.max_points,
        field_name=view.field_name, answer=view.answer, choices=choices,
        points=points if visibility.marks else None,
        correct=correct if visibility.marks else None,
        partly_correct=visibility.marks and 0 < points < view.max_points,
        feedback=feedback,
        solution=_solution(question) if visibility.solutions else "",
    )


def attempt_review(*, attempt: QuizAttempt) -> AttemptReview:
    """A submitted attempt as its quiz's review setting allows its owner to see it."""
    definition = attempt.version.definition
    visibility = review_visibility(policy=definition["review"], kind=definition["kind"])
    by_id = {question["id"]: question for question in definition["questions"]}
    questions = [_reviewed(view, by_id[view.id], Decimal(attempt.question_scores.get(view.id, "0")), visibility)
                 for view in attempt_questions(attempt=attempt)]
    band = next((b for b in definition["bands"] if b["label"] == attempt.band), None) if attempt.band else None
    if band is not None:
        band = {**band, "advice": mark_safe(band["advice"])}  # noqa: S308 - sanitised rich text from the admin
    return AttemptReview(attempt=attempt, visibility=visibility, questions=questions, band=band)


@dataclass(frozen=True)
class SessionTest:
    """A pre- or post-test as one person's session shows it: where it is, its window, their result."""

    quiz: QuizPage
    window: Window
    submitted: QuizAttempt | None
    state: str  # "done", "in_progress", "open", or a `Refusal` value: "not_open_yet", "closed"


def _test_state(window: Window, attempts: list[QuizAttempt], now: datetime) -> str:
    if any(attempt.is_submitted for attempt in attempts):
        return "done"
    if attempts:
        return "in_progress"
    return window.refusal(now) or "open"


def session_tests(*, sessions: list[TrainingSession], user: AbstractBaseUser,
                  now: datetime | None = None, courses: list[CoursePage] | None = None) -> dict[int, list[SessionTest]]:
    """Pre- and post-tests of the person's sessions, by session id, in the reader's language.

    Three queries however many sessions (two given `courses`, the live course pages of at least these sessions in
    every language, as `enrollments.selectors.live_courses` reads them); the sessions' days must be prefetched.
    """
    if not sessions:
        return {}
    keys = {session.course.translation_key for session in sessions}
    pages = (CoursePage.objects.live().filter(translation_key__in=keys).select_related("locale") if courses is None
             else [course for course in courses if course.translation_key in keys])
    courses = {}
    for course in pages:
        if course.translation_key not in courses or course.locale.language_code == translation.get_language():
            courses[course.translation_key] = course
    if not courses:
        return {}
    under = Q()
    for course in courses.values():
        under |= Q(path__startswith=course.path, depth=course.depth + 1)
    quizzes = public_cache.cached(
        ("session-quizzes", public_cache.digest(course.pk for course in courses.values())),
        lambda: sorted(QuizPage.objects.live().filter(under, kind__in=SESSION_KINDS),
                       key=lambda quiz: (quiz.kind != QuizKind.PRE_TEST, quiz.path)))
    if not quizzes:
        return {}
    now = now or timezone.now()
    attempts = {}
    for attempt in (QuizAttempt.objects.filter(user=user, session__in=sessions, kind__in=SESSION_KINDS)
                    .order_by("number")):
        attempts.setdefault((attempt.session_id, attempt.quiz_key), []).append(attempt)
    tests: dict[int, list[SessionTest]] = {}
    for session in sessions:
        course = courses.get(session.course.translation_key)
        for quiz in (q for q in quizzes if course and q.path.startswith(course.path)):
            window = window_of(session=session, kind=quiz.kind)
            if window is None:
                continue
            mine = attempts.get((session.pk, quiz.translation_key), [])
            tests.setdefault(session.pk, []).append(SessionTest(
                quiz=quiz, window=window, submitted=next((a for a in mine if a.is_submitted), None),
                state=_test_state(window, mine, now),
            ))
    return tests
