"""A small programme with every figure known by hand: the fixed fixture the reports' exact figures are tested on.

One past three-day session of an 18-hour course in Dnipro oblast with 15 places:
- ten women who consented to reports (w1..w10: six social workers, four psychologists, of Dnipropetrovsk oblast),
  four men who consented (m1..m4: social workers, of Kharkiv oblast), one woman who did not consent (n1: a teacher,
  of Kharkiv oblast, so counted under "not stated" for sex);
- w1..w8, m1, m2 attended all three days; w9, w10, m3, m4 and n1 the first day only;
- the ten who attended every day took the pre-test (50 %) and the post-test: w1..w5 80 % (passed, mark 70),
  w6..w8, m1, m2 60 %;
- w1..w5 hold a valid certificate; a revoked one of m1 does not count;
- a waiting-list spot and a cancelled place are not places;
- on the strain self-check, w1..w6 answered "moderate" last (w1 had said "high" a month before), w7, w8 and m1..m3
  "high".
An open call of the project received 16 applications (6 submitted, 5 shortlisted, 5 accepted) and has 2 drafts.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from certificates.codes import new_code
from certificates.models import Certificate
from content.models import Call
from courses.models import CoursePage
from enrollments.models import Attendance, Profile, QuizAttempt, QuizVersion, TrainingSession
from lms.reports import facts
from lms.reports.models import Indicator, Project, Target
from tests.courses.factories import add_quiz
from tests.enrollments.factories import ApplicationFactory, EnrollmentFactory, in_days, schedule
from tests.factories import ParticipantFactory

PEOPLE = (  # name, sex, consent, profession, oblast, days attended, pre, post
    *(
        (
            f"w{n}",
            "female",
            True,
            "social_worker" if n <= 6 else "psychologist",
            "dnipropetrovsk",
            3 if n <= 8 else 1,
            50 if n <= 8 else None,
            (80 if n <= 5 else 60) if n <= 8 else None,
        )
        for n in range(1, 11)
    ),
    *(
        (
            f"m{n}",
            "male",
            True,
            "social_worker",
            "kharkiv",
            3 if n <= 2 else 1,
            50 if n <= 2 else None,
            60 if n <= 2 else None,
        )
        for n in range(1, 5)
    ),
    ("n1", "female", False, "teacher", "kharkiv", 1, None, None),
)


@dataclass
class World:
    session: TrainingSession
    project: Project
    call: Call
    people: dict


def build_world(course: CoursePage) -> World:
    CoursePage.objects.filter(pk=course.pk).update(duration_hours=Decimal(18))
    session = schedule(start_in=-10, days=3, course=course, oblast="dnipropetrovsk", format="in_person")
    days = list(session.days.order_by("date"))
    pre_quiz = add_quiz(course, slug="pre-test", kind="pre_test")
    post_quiz = add_quiz(course, slug="post-test", kind="post_test", pretest=pre_quiz, pass_mark=70)
    pre, post = _version(pre_quiz, "pre_test"), _version(post_quiz, "post_test")
    now = timezone.now()
    people = {}
    for name, sex, consent, profession, oblast, attended, pre_percent, post_percent in PEOPLE:
        user = ParticipantFactory(username=name)
        Profile.objects.create(
            user=user,
            full_name=f"Учасниця {name}",
            sex=sex,
            age_band="35_44",
            profession=profession,
            oblast=oblast,
            displacement_status="idp",
            disability="no",
            reporting_consent_at=now if consent else None,
        )
        place = EnrollmentFactory(session=session, user=user)
        for day in days[:attended]:
            Attendance.objects.create(enrollment=place, day=day, status="present", method="roster", marked_at=now)
        for version, percent in ((pre, pre_percent), (post, post_percent)):
            if percent is not None:
                _attempt(version, place, percent)
        people[name] = place
    for name in ("w1", "w2", "w3", "w4", "w5", "m1"):
        _certificate(people[name], revoked=name == "m1")
    strain = _version(add_quiz(course, slug="strain", kind="self_assessment"), "self_assessment")
    _attempt(strain, people["w1"], 90, band="Високе навантаження", when=now - timedelta(days=30))
    for number, name in enumerate(("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "m1", "m2", "m3")):
        _attempt(strain, people[name], 40, band="Помірне навантаження" if number < 6 else "Високе навантаження",
                 number=2 if name == "w1" else 1)
    EnrollmentFactory(session=session, status="waitlisted")
    EnrollmentFactory(session=session, status="cancelled")

    call = Call.objects.create(name="Набір учителів", deadline=now - timedelta(days=20))
    for status, count in (("submitted", 6), ("shortlisted", 5), ("accepted", 5), ("draft", 2)):
        for _ in range(count):
            ApplicationFactory(call=call, status=status, submitted_at=None if status == "draft" else now)
    project = Project.objects.create(
        name="Підтримка фахівців", donor="UNICEF", code="UA-2026-01", starts_on=in_days(-100), ends_on=in_days(100)
    )
    project.sessions.add(session)
    project.calls.add(call)
    for indicator, value, profession in (
        (Indicator.REACHED, 300, ""),
        (Indicator.WOMEN_SHARE, 60, ""),
        (Indicator.REACHED, 100, "social_worker"),
        (Indicator.APPLICATIONS, 40, ""),
    ):
        Target.objects.create(project=project, indicator=indicator, value=Decimal(value), profession=profession)
    facts.refresh_sessions([session.pk])
    facts.refresh_self_assessments()
    return World(session=session, project=project, call=call, people=people)


def _version(quiz, kind: str) -> QuizVersion:
    return QuizVersion.objects.create(
        quiz=quiz,
        quiz_key=quiz.translation_key,
        fingerprint=kind,
        kind=kind,
        title=quiz.title,
        pass_mark=70,
        max_score=Decimal(10),
        definition={},
    )


def _attempt(version: QuizVersion, place, percent: int, *, band: str = "", when=None, number: int = 1) -> QuizAttempt:
    when = when or timezone.now()
    tested = version.kind in ("pre_test", "post_test")
    return QuizAttempt.objects.create(
        user=place.user, version=version, quiz_key=version.quiz_key, kind=version.kind,
        session=place.session if tested else None, number=number, order={}, status="submitted", started_at=when,
        saved_at=when, submitted_at=when, score=Decimal(percent) / 10, max_score=Decimal(10), percent=Decimal(percent),
        passed=percent >= 70 if version.kind == "post_test" else None, pass_mark=70 if tested else None, band=band)


def _certificate(place, *, revoked: bool) -> Certificate:
    days = list(place.session.days.order_by("date"))
    return Certificate.objects.create(
        code=new_code(),
        kind="completion",
        enrollment=place,
        user=place.user,
        session=place.session,
        holder_name="Учасниця",
        holder_name_latin="Uchasnytsia",
        course_title="Курс",
        course_title_en="Course",
        first_day=days[0].date,
        last_day=days[-1].date,
        hours=Decimal(18),
        issuer="Громада",
        issuer_en="Hromada",
        status="revoked" if revoked else "valid",
    )
