"""Certificate reads: which rules apply, a participant's record against them, and certificates to show.

Everything a page needs is read in a fixed number of queries, however many sessions, rules or
certificates there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from certificates.eligibility import Eligibility, Named, ParticipantRecord, Requirements, evaluate
from certificates.models import AttendanceRequirement, Certificate, CertificateRule, CertificateStatus
from certificates.validity import is_expired
from content import public_cache
from enrollments.attendance.rules import AttendancePolicy
from enrollments.models import (
    AttemptStatus,
    Attendance,
    Enrollment,
    EnrollmentStatus,
    ModuleCompletion,
    Profile,
    QuizAttempt,
    SessionDay,
    TrainingSession,
)
from enrollments.selectors import MyTraining

# --- Rules ---------------------------------------------------------------------------------------

def rules_for_sessions(sessions: list[TrainingSession]) -> dict[int, list[CertificateRule]]:
    """The active rules of each session by session id: its own, and its course's for the other kinds.

    `session.course` must be loaded (select_related) to read the course's translation key.
    """
    if not sessions:
        return {}
    course_keys = {session.course.translation_key for session in sessions}
    rules = list(
        CertificateRule.objects.filter(active=True)
        .filter(Q(session__in=sessions) | Q(course__translation_key__in=course_keys))
        .select_related("course")
        .prefetch_related("required_quizzes", "required_modules")
        .order_by("kind", "pk")
    )
    applicable: dict[int, list[CertificateRule]] = {}
    for session in sessions:
        own = {rule.kind: rule for rule in rules if rule.session_id == session.pk}
        for rule in rules:
            if rule.course_id and rule.course.translation_key == session.course.translation_key:
                own.setdefault(rule.kind, rule)
        applicable[session.pk] = sorted(own.values(), key=lambda rule: rule.kind)
    return applicable


def rules_refer_to(page_ids) -> bool:
    """Whether a certificate rule is for one of these pages (a course) or requires one (a quiz, a module)."""
    return CertificateRule.objects.filter(
        Q(course_id__in=page_ids) | Q(required_quizzes__in=page_ids) | Q(required_modules__in=page_ids)).exists()


def rules_for_session(session: TrainingSession) -> list[CertificateRule]:
    return rules_for_sessions([session])[session.pk]


def _localised_titles(pages: list[Page]) -> dict[UUID, str]:
    """Page titles in the reader's language where a live translation exists, by translation key."""
    titles = {page.translation_key: page.title for page in pages}
    if pages:
        language = get_language()
        translated = public_cache.cached(
            ("titles", language, public_cache.digest(titles)),
            lambda: dict(Page.objects.filter(translation_key__in=titles, locale__language_code=language, live=True)
                         .values_list("translation_key", "title")))
        titles.update(translated)
    return titles


def requirements_for_rules(rules: list[CertificateRule]) -> dict[int, Requirements]:
    """Each rule as plain requirements, by rule id; quiz and module titles in the reader's language."""
    pages = [page for rule in rules for page in (*rule.required_quizzes.all(), *rule.required_modules.all())]
    titles = _localised_titles(pages)

    def named(pages) -> tuple[Named, ...]:
        return tuple(Named(key=page.translation_key, title=titles[page.translation_key])
                     for page in sorted(pages, key=lambda page: page.path))

    return {
        rule.pk: Requirements(
            every_day=rule.attendance == AttendanceRequirement.EVERY_DAY,
            min_percent=rule.min_attendance_percent,
            quizzes=named(rule.required_quizzes.all()),
            modules=named(rule.required_modules.all()),
        )
        for rule in rules
    }


# --- Participants' records -----------------------------------------------------------------------

def _policy(session: TrainingSession) -> AttendancePolicy:
    return AttendancePolicy(late_counts=session.late_counts_as_attended,
                            excused_counts=session.excused_counts_as_attended)


def holder_name(user: AbstractBaseUser) -> str:
    """The name printed on a certificate: the profile's full name, else the account's; never the email."""
    try:
        full_name = user.profile.full_name
    except Profile.DoesNotExist:
        full_name = ""
    return " ".join(full_name.split()) or " ".join(user.get_full_name().split())


def participant_records(enrollments: list[Enrollment], *, today: date | None = None) -> dict[int, ParticipantRecord]:
    """Each enrollment's record by enrollment id, in five queries whatever their number.

    The enrollments need `session` and `user__profile` loaded (select_related).
    """
    today = today or timezone.localdate()
    if not enrollments:
        return {}
    session_ids = {e.session_id for e in enrollments}
    user_ids = {e.user_id for e in enrollments}
    days: dict[int, list[date]] = defaultdict(list)
    for session_id, day in SessionDay.objects.filter(session_id__in=session_ids).values_list("session_id", "date"):
        days[session_id].append(day)
    marks: dict[int, dict[date, str]] = defaultdict(dict)
    for enrollment_id, day, status in Attendance.objects.filter(
        enrollment__in=[e.pk for e in enrollments]
    ).values_list("enrollment_id", "day__date", "status"):
        marks[enrollment_id][day] = status
    passed: dict[tuple[int, int | None], set[UUID]] = defaultdict(set)
    for user_id, session_id, quiz_key in QuizAttempt.objects.filter(
        user_id__in=user_ids, status=AttemptStatus.SUBMITTED, passed=True
    ).filter(Q(session__isnull=True) | Q(session_id__in=session_ids)).values_list("user_id", "session_id", "quiz_key"):
        passed[(user_id, session_id)].add(quiz_key)
    completed: dict[int, set[UUID]] = defaultdict(set)
    for user_id, module_key in ModuleCompletion.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "module_key"):
        completed[user_id].add(module_key)

    records = {}
    for enrollment in enrollments:
        policy = _policy(enrollment.session)
        attended = {day for day, status in marks[enrollment.pk].items() if policy.counts_as_attended(status)}
        records[enrollment.pk] = ParticipantRecord(
            days=tuple(sorted(days[enrollment.session_id])),
            attended=frozenset(attended),
            today=today,
            # A quiz taken within this session (pre/post-tests) or on one's own (module quizzes) counts.
            passed_quizzes=frozenset(passed[(enrollment.user_id, enrollment.session_id)]
                                     | passed[(enrollment.user_id, None)]),
            completed_modules=frozenset(completed[enrollment.user_id]),
            holds_place=enrollment.status in EnrollmentStatus.holding_seat(),
            has_name=bool(holder_name(enrollment.user)),
        )
    return records


@dataclass(frozen=True)
class Outlook:
    """Where one participant stands on one rule of one session."""

    rule: CertificateRule
    eligibility: Eligibility
    certificate: Certificate | None  # the valid one of this kind, if issued


def outlooks_for(enrollments: list[Enrollment], *, today: date | None = None) -> dict[int, list[Outlook]]:
    """Per enrollment id: every applicable rule, what is missing, and the certificate if issued."""
    sessions = list({e.session_id: e.session for e in enrollments}.values())
    rules = rules_for_sessions(sessions)
    if not any(rules.values()):  # nothing to judge: spare the reads of records and certificates
        return {enrollment.pk: [] for enrollment in enrollments}
    records = participant_records(enrollments, today=today)
    issued = Certificate.objects.filter(enrollment__in=[e.pk for e in enrollments], status=CertificateStatus.VALID)
    return _judge(enrollments, rules=rules, records=records, issued=issued)


def _judge(enrollments: list[Enrollment], *, rules: dict[int, list[CertificateRule]],
           records: dict[int, ParticipantRecord], issued) -> dict[int, list[Outlook]]:
    """Each enrollment's outlooks from what was gathered: its rules, its record, the valid certificates issued."""
    requirements = requirements_for_rules([rule for session_rules in rules.values() for rule in session_rules])
    issued = {(certificate.enrollment_id, certificate.kind): certificate for certificate in issued
              if certificate.status == CertificateStatus.VALID}
    return {
        enrollment.pk: [
            Outlook(rule=rule, eligibility=evaluate(requirements=requirements[rule.pk], record=records[enrollment.pk]),
                    certificate=issued.get((enrollment.pk, rule.kind)))
            for rule in rules[enrollment.session_id]
        ]
        for enrollment in enrollments
    }


# --- Hours and what is printed -------------------------------------------------------------------

def course_titles(session: TrainingSession) -> tuple[str, str]:
    """The course title in Ukrainian and English (each falling back to the session's title)."""
    titles = dict(Page.objects.filter(translation_key=session.course.translation_key, live=True)
                  .values_list("locale__language_code", "title"))
    uk = titles.get("uk") or session.title_uk or session.title
    return uk, titles.get("en") or uk


# --- Certificates to show ------------------------------------------------------------------------

def certificates_of(*, user: AbstractBaseUser) -> list[Certificate]:
    """The user's certificates, newest first; revoked ones that were reissued are left out."""
    return list(
        Certificate.objects.filter(user=user).exclude(revocation_reason="reissued")
        .select_related("session").order_by("-issued_at", "-pk")
    )


def all_certificates_of(*, user: AbstractBaseUser) -> list[Certificate]:
    """Every certificate ever issued to the user, revoked and replaced ones too (their data download). One query."""
    return list(Certificate.objects.filter(user=user).order_by("issued_at", "pk"))


def _own_records(*, user: AbstractBaseUser, trainings: list[MyTraining], completed: dict[UUID, set[UUID]],
                 today: date) -> dict[int, ParticipantRecord]:
    """`participant_records` of one person's trainings from what My learning has read already (days, own marks,
    completed modules): only the passed quizzes are read, in one query."""
    session_ids = [t.session.pk for t in trainings]
    passed: dict[int | None, set[UUID]] = defaultdict(set)
    for session_id, quiz_key in QuizAttempt.objects.filter(
        user=user, status=AttemptStatus.SUBMITTED, passed=True
    ).filter(Q(session__isnull=True) | Q(session_id__in=session_ids)).values_list("session_id", "quiz_key"):
        passed[session_id].add(quiz_key)
    completed_modules = frozenset(key for keys in completed.values() for key in keys)
    has_name = bool(holder_name(user))
    records = {}
    for training in trainings:
        policy = _policy(training.session)
        records[training.enrollment.pk] = ParticipantRecord(
            days=tuple(sorted(record.day.date for record in training.days)),
            attended=frozenset(day for day, status in training.marks.items() if policy.counts_as_attended(status)),
            today=today,
            passed_quizzes=frozenset(passed[training.session.pk] | passed[None]),
            completed_modules=completed_modules,
            holds_place=training.enrollment.status in EnrollmentStatus.holding_seat(),
            has_name=has_name,
        )
    return records


def training_outlooks(*, user: AbstractBaseUser, trainings: list[MyTraining], certificates: list[Certificate],
                      completed: dict[UUID, set[UUID]], today: date | None = None,
                      ) -> list[tuple[MyTraining, list[tuple[Outlook, Certificate | None]]]]:
    """Per training the person has a place on: each rule's (outlook, revoked certificate or None).

    `trainings` are the person's own (`enrollments.selectors.my_sessions`, with their days and own marks),
    `certificates` theirs (`certificates_of`), `completed` their modules (`enrollments.selectors.module_completions`):
    what they hold is not read again. Trainings without a certificate rule are left out. All rules of all trainings
    in one batch; four or five queries however many trainings.
    """
    trainings = [t for t in trainings if t.enrollment.status in EnrollmentStatus.holding_seat() and not t.is_cancelled]
    for training in trainings:
        training.enrollment.user = user  # all the viewer's own: nothing reads the account again
    enrollments = [t.enrollment for t in trainings]
    sessions = [t.session for t in trainings]
    # Only shown here (issuing reads them afresh): kept per generation, which a rule's change bumps (lms.operations).
    rules = public_cache.cached(("certificate-rules", public_cache.digest(s.pk for s in sessions)),
                                lambda: rules_for_sessions(sessions))
    if not any(rules.values()):
        return []
    records = _own_records(user=user, trainings=trainings, completed=completed, today=today or timezone.localdate())
    outlooks = _judge(enrollments, rules=rules, records=records, issued=certificates)
    # A revoked certificate is never issued again by itself: say so rather than "being issued".
    revoked = {(c.enrollment_id, c.kind): c for c in reversed(certificates) if c.is_revoked}  # newest wins
    return [
        (training, [(outlook, revoked.get((training.enrollment.pk, outlook.rule.kind)))
                    for outlook in outlooks[training.enrollment.pk]])
        for training in trainings if outlooks[training.enrollment.pk]
    ]


def owned_certificate(*, code: str, user: AbstractBaseUser) -> Certificate | None:
    """The certificate with this code if it belongs to the user; None for anybody else's."""
    if not user.is_authenticated:
        return None
    return Certificate.objects.filter(code=code, user=user).first()


def certificate_by_code(code: str | None) -> Certificate | None:
    if not code:
        return None
    try:
        return Certificate.objects.get(code=code)  # unique: no ORDER BY, as first() would add
    except Certificate.DoesNotExist:
        return None


@dataclass(frozen=True)
class Verification:
    certificate: Certificate
    expired: bool

    @property
    def valid(self) -> bool:
        return not self.certificate.is_revoked and not self.expired


def verify(code: str | None, *, today: date | None = None) -> Verification | None:
    """What the public verification page says about a code; None for a code that was never issued."""
    certificate = certificate_by_code(code)
    if certificate is None:
        return None
    today = today or timezone.localdate()
    return Verification(certificate=certificate, expired=is_expired(expires_on=certificate.expires_on, today=today))


def erasure_preview(*, user: AbstractBaseUser, keep_certificates: bool) -> list[tuple[str, int]]:
    """What erasing the holder does to their certificates, for the coordinator's review of the request."""
    from django.utils.translation import gettext as _

    count = Certificate.objects.filter(user=user).count()
    if keep_certificates:
        return [(_("Certificates that keep the holder’s name, as they asked (still verifiable)"), count)]
    return [(_("Certificates that will say “issued to a person whose data was erased” (still verifiable)"), count)]
