"""What the bench asks for, chosen from the data in the bench database, printed as JSON.

Run inside the project with the server's settings: `python -m bench.targets` (DJANGO_SETTINGS_MODULE, DATABASE_URL
as for the server). It also makes, once, what the demo lacks for the bench: a finished three-day session of
40 people run by the demo trainer (the roster), and a fresh open attempt at a graded quiz for the saving and the
submitting participant (participant1 saves, participant2 submits, so neither closes the other's).
"""

import json
from datetime import timedelta
from urllib.parse import quote

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from content.roles import COORDINATOR, PARTICIPANT, TRAINER  # noqa: E402
from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizKind, QuizPage  # noqa: E402
from enrollments.accounts import create_account  # noqa: E402
from enrollments.models import SessionStatus, TrainingSession  # noqa: E402
from enrollments.quizzes import services as quiz_services  # noqa: E402
from lms.demo.people import DEMO_PASSWORD, account, email_of, emails_of  # noqa: E402
from lms.demo.sessions import create_session, place  # noqa: E402

LANGUAGE = "uk"
ROSTER_PEOPLE = 40
ROSTER_CITY = "Бенчмарк"  # the bench's own session is found by this city
DEMO_COURSE = "crisis-communication"  # the demo's course with a session under way and participants on it


def _course() -> CoursePage:
    return CoursePage.objects.live().filter(slug=DEMO_COURSE, locale__language_code=LANGUAGE).first() \
        or CoursePage.objects.live().filter(locale__language_code=LANGUAGE).first()


@transaction.atomic
def roster_session(course: CoursePage) -> TrainingSession:
    """A three-day session ending today with 40 people, run by the demo trainer (made once)."""
    session = TrainingSession.objects.filter(course=course, city_uk=ROSTER_CITY).first()
    if session is None:
        today = timezone.localdate()
        session = create_session(course=course, dates=[today - timedelta(days=2), today - timedelta(days=1), today],
                                 venue_uk="Зала 1", city_uk=ROSTER_CITY, venue_en="Hall 1", city_en="Bench",
                                 oblast="dnipropetrovsk", capacity=ROSTER_PEOPLE, approval_required=False,
                                 status=SessionStatus.OPEN)
        session.trainers.add(account(email_of(TRAINER)))
    for number in range(1, ROSTER_PEOPLE + 1):
        email = f"bench-roster-{number:02d}@bench.example.org"
        user = account(email) or create_account(email=email, role=PARTICIPANT, first_name=f"Учасник {number:02d}",
                                                last_name="Бенчмарк", verified=True)
        place(session=session, user=user)
    return session


def quiz_attempt(user) -> str:
    """The public id of an open attempt of `user` at a graded quiz (their open one, or a new one), preferring quizzes
    with unlimited attempts and no time limit: each run's submit then starts on a fresh attempt."""
    quizzes = QuizPage.objects.live().filter(kind=QuizKind.GRADED, locale__language_code=LANGUAGE)
    for quiz in sorted(quizzes, key=lambda quiz: (quiz.max_attempts != 0, bool(quiz.time_limit_minutes), quiz.path)):
        try:
            return str(quiz_services.start_attempt(quiz=quiz, user=user).public_id)
        except quiz_services.QuizUnavailable:
            continue
    raise SystemExit(f"No graded quiz that {user.email} can start.")


def _attempt_urls(public_id: str, action: str) -> dict:
    """The attempt's page (whose form gives the body) and where the bench posts it."""
    return {"page": reverse("quiz_attempt", kwargs={"public_id": public_id}),
            "post": reverse(action, kwargs={"public_id": public_id})}


def counts() -> str:
    """The size of the data, in a line."""
    from django.contrib.auth import get_user_model

    from enrollments.models import Attendance, Enrollment, QuizAttempt

    return (f"{get_user_model().objects.count():,} accounts, {TrainingSession.objects.count():,} sessions, "
            f"{Enrollment.objects.count():,} places, {Attendance.objects.count():,} attendance marks, "
            f"{QuizAttempt.objects.count():,} quiz attempts, {Certificate.objects.count():,} certificates")


def targets() -> dict:
    course = _course()
    module = ModulePage.objects.live().child_of(course).order_by("path").first()
    catalogue = CourseIndexPage.objects.live().filter(locale__language_code=LANGUAGE).first()
    session = roster_session(course)
    roster_day = session.days.order_by("date").last()
    participants = [account(email) for email in sorted(emails_of(PARTICIPANT))]
    certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    word = course.title.split()[0]
    with translation.override(LANGUAGE):
        return {
            "counts": counts(),
            "accounts": {"participant": participants[0].email, "submitter": participants[1].email,
                         "trainer": email_of(TRAINER), "coordinator": email_of(COORDINATOR),
                         "password": DEMO_PASSWORD},
            "home": f"/{LANGUAGE}/",
            "catalogue": catalogue.url,
            "course": course.url,
            "module": module.url,
            "my_learning": reverse("my_learning"),
            "roster": reverse("roster", kwargs={"day_id": roster_day.pk}),
            "roster_people": session.enrollments.count(),
            "quiz_save": _attempt_urls(quiz_attempt(participants[0]), "quiz_attempt_save"),
            "quiz_submit": _attempt_urls(quiz_attempt(participants[1]), "quiz_attempt_submit"),
            "certificate": reverse("verify_certificate", kwargs={"code": certificate.code}) if certificate else None,
            "search": f"{reverse('search')}?q={quote(word)}",
            "report": reverse("reports_admin:programme"),
        }


if __name__ == "__main__":
    print(json.dumps(targets()))
