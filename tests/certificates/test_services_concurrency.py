"""Never two valid certificates of a kind for one place, even when requests race: real threads on PostgreSQL.

A roster save, a self check-in and a passed post-test arriving together each queue an award for
the same place; a coordinator's bulk run may be going at the same time. Each thread has its own
connection, so the enrollment lock in `award_certificates` really serialises them. SQLite has a
single writer and nothing to race, so these run on PostgreSQL only (CI runs the suite on both).
"""

from collections import Counter

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from certificates import services, tasks
from certificates.models import Certificate, IssuingBatch
from certificates.services import CertificateError
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import build_tree
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory, attended_every_day
from tests.enrollments.threads import raised, run_together
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql():
    """Decided at run time: the settings (DATABASE_URL) choose the database, not the code."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is enforced with PostgreSQL row locks; SQLite serialises all writers anyway.")


@pytest.fixture
def place():
    """A place on a three-day session, every day attended: the course's completion certificate earned."""
    course = build_tree(modules=0).course
    session = TrainingSessionFactory(course=course)
    CertificateRuleFactory(course=course)
    enrollment = EnrollmentFactory(session=session, user=ProfileFactory(full_name="Юрій Зінченко").user)
    attended_every_day(enrollment)
    return enrollment


@pytest.fixture
def two_kinds(place):
    """The same place, where the session's own rule also gives a certificate of attendance."""
    CertificateRuleFactory(course=None, session=place.session, kind="attendance")
    return place


def actions(certificate: Certificate) -> Counter:
    return Counter(ModelLogEntry.objects.for_instance(certificate).values_list("action", flat=True))


def test_simultaneous_awards_issue_each_kind_once(two_kinds):
    place = two_kinds
    results = run_together([lambda: services.award_certificates(enrollment_id=place.pk)] * 6)

    assert raised(results) == []
    assert sorted(c.kind for result in results for c in result.issued) == ["attendance", "completion"]
    assert sum(result.already_had for result in results) == 2 * 5
    valid = Certificate.objects.filter(enrollment=place, status="valid")
    assert sorted(valid.values_list("kind", flat=True)) == ["attendance", "completion"]
    assert Certificate.objects.count() == 2
    assert ModelLogEntry.objects.filter(action=services.ISSUED).count() == 2


def test_awards_racing_a_bulk_run_issue_once(two_kinds):
    place = two_kinds
    coordinator = CoordinatorFactory()
    batch = IssuingBatch.objects.create(session=place.session, requested_by=coordinator)

    results = run_together([lambda: services.run_batch(batch_id=batch.pk)]
                           + [lambda: services.award_certificates(enrollment_id=place.pk)] * 4)

    assert raised(results) == []
    assert Certificate.objects.filter(enrollment=place, status="valid").count() == 2
    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.issued + batch.already_had) == ("done", 1, 2)


def test_simultaneous_bulk_starts_make_one_run(two_kinds):
    place = two_kinds
    coordinators = CoordinatorFactory.create_batch(4)

    results = run_together([lambda c=c: tasks.start_issuing_batch(session=place.session, by=c)
                            for c in coordinators])

    assert raised(results) == []
    # The first run is queued and, with the test settings' immediate tasks, runs on its commit; a start
    # that comes after it finished makes a new (empty-handed) run. Never two unfinished at once.
    batches = IssuingBatch.objects.all()
    assert sum(batch.issued for batch in batches) == 2
    assert not batches.exclude(status="done").exists()
    assert Certificate.objects.filter(status="valid").count() == 2


def test_simultaneous_reissues_make_one_new_certificate(place):
    original = issued_certificate(enrollment=place, full_name="Юрий Зинченко")
    coordinators = CoordinatorFactory.create_batch(4)

    results = run_together([lambda c=c: services.reissue_certificate(certificate=original, by=c,
                                                                     holder_name="Юрій Зінченко")
                            for c in coordinators])

    refusals = raised(results)
    assert len(refusals) == 3 and all(isinstance(error, CertificateError) for error in refusals), refusals
    [new] = [result for result in results if isinstance(result, Certificate)]
    original.refresh_from_db()
    assert (original.status, original.revocation_reason, original.replaced_by) == ("revoked", "reissued", new)
    valid = Certificate.objects.filter(enrollment=place, kind="completion", status="valid")
    assert list(valid) == [new] and new.holder_name_latin == "Yurii Zinchenko"
    assert actions(original) == {services.ISSUED: 1, services.REVOKED: 1}


def test_a_revocation_racing_a_reissue_leaves_one_consistent_outcome(place):
    original = issued_certificate(enrollment=place)
    coordinator = CoordinatorFactory()

    results = run_together([
        lambda: services.revoke_certificate(certificate=original, by=coordinator, reason="misconduct"),
        lambda: services.reissue_certificate(certificate=original, by=coordinator, holder_name="Юрій Зінченко"),
    ])

    original.refresh_from_db()
    assert original.is_revoked and actions(original)[services.REVOKED] == 1
    valid = list(Certificate.objects.filter(enrollment=place, kind="completion", status="valid"))
    if original.revocation_reason == "misconduct":  # the revocation came first: nothing to reissue
        assert isinstance(results[1], CertificateError) and valid == []
    else:  # the reissue came first; the revocation then found it already revoked
        assert raised(results) == [] and valid == [results[1]] and valid[0].replaces == original


def test_simultaneous_revocations_are_recorded_once(place):
    original = issued_certificate(enrollment=place)
    coordinators = CoordinatorFactory.create_batch(4)

    results = run_together([lambda c=c: services.revoke_certificate(certificate=original, by=c, reason="error")
                            for c in coordinators])

    assert raised(results) == []
    original.refresh_from_db()
    assert original.is_revoked and original.revoked_by in coordinators
    assert actions(original) == {services.ISSUED: 1, services.REVOKED: 1}
