"""Fixtures of the certificate tests: a named coordinator in the admin, a certificate issued, and a session's
places for the writes and the bulk runs."""

import pytest

from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory, attended_every_day
from tests.factories import CoordinatorFactory


@pytest.fixture
def certificate(tree):
    """A certificate issued to Олександра Щербак for the tree's course (modules that need another one override it)."""
    return issued_certificate(full_name="Олександра Щербак")


@pytest.fixture
def coordinator(db):
    """A coordinator with a name, so the pages that say who did what can be read."""
    return CoordinatorFactory(first_name="Ірина", last_name="Коваль")



@pytest.fixture
def place(tree):
    """Юрій Зінченко's place on a three-day session in Дніпро (9:30–17:00), every day attended.

    The receivers' and the concurrency tests build a place of their own under the same name.
    """
    session = TrainingSessionFactory(course=tree.course, title="Ведення випадку — Дніпро")
    enrollment = EnrollmentFactory(session=session, user=ProfileFactory(full_name="Юрій Зінченко").user)
    attended_every_day(enrollment)
    return enrollment


@pytest.fixture
def crowd(tree, place):
    """On `place`'s session: one who earned it, one who already has it, one who did not attend, one waiting."""
    session = place.session
    CertificateRuleFactory(course=tree.course)
    had = EnrollmentFactory(session=session, user=ProfileFactory(full_name="Марія Ткаченко").user)
    issued_certificate(enrollment=had, full_name="Марія Ткаченко")
    absent = EnrollmentFactory(session=session, user=ProfileFactory(full_name="Олександра Щербак").user)
    waiting = EnrollmentFactory(session=session, status="waitlisted")
    attended_every_day(waiting)
    return {"earned": place, "had": had, "absent": absent, "waiting": waiting}
