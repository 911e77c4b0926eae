"""The demo's certificates: who issues and signs them, the rules of two demo courses, and the
certificates earned on the finished Kryvyi Rih session (`lms/demo/results.py`).

The crisis-communication course gives a certificate of completion for attending every day and
passing the post-test; case management, a certificate of attendance for every day. On the finished
session, participant2 and the attendees who passed the post-test have theirs; participant1 has not
taken the post-test yet, so hers is issued the moment she passes it in the demo.

Certificates are awarded by `certificates.services.award_certificates`, as the automatic check after each
mark and quiz does. The settings and the rules are a coordinator's admin entries (*Certificate settings*,
*Certificate rules*), with no service behind them: they are written as models.

Idempotent like the rest of the demo: settings fill only blank fields, a rule is created only when
the course has none of its kind (even an inactive one an editor switched off), and awarding never
issues a certificate twice.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from certificates import services
from certificates.models import (
    AttendanceRequirement,
    Certificate,
    CertificateKind,
    CertificateRule,
    CertificateSettings,
)
from certificates.qr import verification_path
from courses.models import CoursePage, QuizPage
from enrollments.models import EnrollmentStatus, TrainingSession
from lms.demo.results import COURSE, POST_TEST

SETTINGS = {
    "issuer": "ГО «Громада»",
    "issuer_en": "NGO Hromada",
    "signatory_1_name": "Олена Коваленко",
    "signatory_1_role": "Координаторка навчальних програм",
    "signatory_1_role_en": "Learning programme coordinator",
    "signatory_2_name": "Андрій Мельник",
    "signatory_2_role": "Тренер, психолог",
    "signatory_2_role_en": "Trainer, psychologist",
}
COMPLETION_COURSE = COURSE  # crisis-communication: every day and the post-test
ATTENDANCE_COURSE = "case-management"  # every day
HOLDER = "participant2@example.org"  # attended every day of the finished session and passed the post-test
LEARNER = "participant1@example.org"  # attended every day; takes the post-test herself in the demo


@dataclass
class DemoCertificatesReport:
    rules: list[CertificateRule] = field(default_factory=list)
    issued: list[Certificate] = field(default_factory=list)  # by this run of the seed
    notes: list[str] = field(default_factory=list)  # what to try, for the seed output


def seed_demo_certificates(*, courses: dict[str, CoursePage], quizzes: dict[tuple[str, str], QuizPage],
                           finished: list[TrainingSession]) -> DemoCertificatesReport:
    """Settings and rules always; with the finished session (demo accounts), its certificates too."""
    seed_settings()
    report = DemoCertificatesReport(rules=seed_rules(courses=courses, quizzes=quizzes))
    for session in finished:
        report.issued += award_session(session, now=_end_of(session))
        report.notes += notes(session)
    return report


def seed_settings() -> CertificateSettings:
    settings = CertificateSettings.load()
    blank = {name: value for name, value in SETTINGS.items() if not getattr(settings, name)}
    for name, value in blank.items():
        setattr(settings, name, value)
    if blank:
        settings.save()
    return settings


def seed_rules(*, courses: dict[str, CoursePage], quizzes: dict[tuple[str, str], QuizPage]) -> list[CertificateRule]:
    rules = []
    if course := courses.get(COMPLETION_COURSE):
        post_test = quizzes.get(POST_TEST)
        rules.append(_rule(course, CertificateKind.COMPLETION, quizzes=(post_test,) if post_test else ()))
    if course := courses.get(ATTENDANCE_COURSE):
        rules.append(_rule(course, CertificateKind.ATTENDANCE))
    return rules


def _rule(course: CoursePage, kind: str, *, quizzes: tuple[QuizPage, ...] = ()) -> CertificateRule:
    """The course's rule of this kind (on any language's page), created when it has none."""
    existing = (CertificateRule.objects.filter(course__translation_key=course.translation_key, kind=kind)
                .order_by("-active", "pk").first())
    if existing:
        return existing
    rule = CertificateRule.objects.create(course=course, kind=kind, attendance=AttendanceRequirement.EVERY_DAY,
                                          validity_months=None)
    rule.required_quizzes.set(quizzes)
    return rule


def award_session(session: TrainingSession, *, now: datetime) -> list[Certificate]:
    """What everyone with a place on the session has earned, issued as the automatic check would have."""
    issued = []
    places = session.enrollments.filter(status__in=EnrollmentStatus.holding_seat()).order_by("pk")
    for enrollment_id in places.values_list("pk", flat=True):
        # The demo's people have made-up addresses: nobody to email.
        issued += services.award_certificates(enrollment_id=enrollment_id, now=now, notify=False).issued
    return issued


def _end_of(session: TrainingSession) -> datetime:
    """The close of the last day, when the last marks of the paper sheet were entered."""
    last = session.days.order_by("date").last()
    return timezone.make_aware(datetime.combine(last.date, last.ends_at))


def notes(session: TrainingSession) -> list[str]:
    """For the seed output: the holder's certificate and its public page, and who has one."""
    valid = Certificate.objects.filter(session=session, status="valid").select_related("user")
    lines = [f"{valid.count()} valid certificates for the {session.city} session."]
    for certificate in valid.filter(user__email=HOLDER):
        lines.append(f"{HOLDER} has certificate {certificate.display_code}: {verification_path(certificate.code)}")
    if session.enrollments.filter(user__email=LEARNER).exists() and not valid.filter(user__email=LEARNER).exists():
        lines.append(f"{LEARNER} receives hers on passing the post-test of the {session.city} session.")
    return lines
