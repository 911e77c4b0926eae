"""The certificates the demo's course rules would have issued on the load sessions that have ended: written with
`bulk_create`, each with the snapshot `certificates.services` prints (titles, dates, city, hours, issuer and
signatories) and a code of the same form as `certificates.codes.new_code`, drawn from the seeded generator so
runs are identical."""

import math
import random
from datetime import date, timedelta

from certificates.codes import ALPHABET, LENGTH
from certificates.models import AttendanceRequirement, Certificate, CertificateRule, CertificateSettings
from certificates.transliteration import to_latin
from certificates.validity import expiry_date
from courses.models import CoursePage
from enrollments.models import EnrollmentStatus
from lms.loaddata.bulk import Writer, at
from lms.loaddata.people import Person
from lms.loaddata.quizzes import tests_of
from lms.loaddata.sessions import DAY_ENDS, PlannedSession, course_words


def load_code(rng: random.Random) -> str:
    return "".join(rng.choices(ALPHABET, k=LENGTH))


def issuer() -> tuple[str, str, list[dict]]:
    """Who issues and signs, from the certificate settings (the demo fills them)."""
    settings = CertificateSettings.load()
    name = settings.issuer or "Hromada LMS"
    signatories = [{"name": person, "name_latin": to_latin(person), "role": role, "role_en": role_en or role,
                    "signature_id": signature}
                   for person, role, role_en, signature in (
                       (settings.signatory_1_name, settings.signatory_1_role, settings.signatory_1_role_en,
                        settings.signatory_1_signature_id),
                       (settings.signatory_2_name, settings.signatory_2_role, settings.signatory_2_role_en,
                        settings.signatory_2_signature_id)) if person]
    return name, settings.issuer_en or to_latin(name), signatories


def earned(rule: CertificateRule, *, days: int, attended: int, post_test_passed: bool, post_test_key) -> bool:
    """The rule's attendance and quizzes, for the rules the demo has (no module requirements)."""
    needed = days if rule.attendance == AttendanceRequirement.EVERY_DAY else math.ceil(
        days * rule.min_attendance_percent / 100)
    quizzes = {quiz.translation_key for quiz in rule.required_quizzes.all()}
    return (attended >= needed and not rule.required_modules.exists()
            and (not quizzes or (quizzes == {post_test_key} and post_test_passed)))


def create_certificates(*, writer: Writer, rng: random.Random, plans: list[PlannedSession],
                        courses: dict[str, CoursePage], people: dict[int, Person], passed: set[int],
                        today: date) -> None:
    rules = {slug: list(CertificateRule.objects.filter(course__translation_key=course.translation_key,
                                                      active=True).prefetch_related("required_quizzes"))
             for slug, course in courses.items()}
    post_keys = {slug: (tests_of(course)[1].translation_key if tests_of(course)[1] else None)
                 for slug, course in courses.items()}
    titles = {slug: course_words(course) for slug, course in courses.items()}
    name, name_en, signatories = issuer()
    latin: dict[str, str] = {}

    def certificates():
        for plan in plans:
            if not plan.has_ended(today) or not rules.get(plan.course_slug):
                continue
            title = titles[plan.course_slug]
            hours = plan.hours if plan.hours is not None else courses[plan.course_slug].duration_hours
            issued = at(plan.days[-1][1], DAY_ENDS) + timedelta(hours=2)
            for place in plan.places:
                if place.status != EnrollmentStatus.ENROLLED:
                    continue
                holder = people[place.user_pk].full_name
                for rule in rules[plan.course_slug]:
                    if not earned(rule, days=len(plan.days), attended=place.days_attended,
                                  post_test_passed=place.pk in passed, post_test_key=post_keys[plan.course_slug]):
                        continue
                    yield Certificate(
                        code=load_code(rng), kind=rule.kind, enrollment_id=place.pk, user_id=place.user_pk,
                        session_id=plan.pk, rule=rule, holder_name=holder,
                        holder_name_latin=latin.setdefault(holder, to_latin(holder)),
                        course_title=title["title"], course_title_en=title["title_en"] or title["title"],
                        first_day=plan.days[0][1], last_day=plan.days[-1][1], city=plan.city, hours=hours,
                        issuer=name, issuer_en=name_en, signatories=signatories, issued_at=issued,
                        expires_on=expiry_date(issued_on=plan.days[-1][1], months=rule.validity_months))

    writer.insert(Certificate, certificates())
