"""Importing participants (enrollments/imports/services.py): accounts, places and emails, all or nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from content.roles import PARTICIPANT
from enrollments.imports import services
from enrollments.imports.parsing import read_participants
from enrollments.models import Enrollment, EnrollmentSource, EnrollmentStatus, Profile
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.enrollments.imports.files import HEADER, ROWS, csv_bytes
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages


@pytest.fixture
def session(tree):
    """Three places on the tree's course, not the conftest's two: an import of four fills them and waitlists."""
    return TrainingSessionFactory(course=tree.course, capacity=3)


def test_import_creates_accounts_and_enrolls_them(session, coordinator, mailoutbox, committed):
    rows = read_participants(content=csv_bytes(HEADER, *ROWS), filename="list.csv")

    with committed():
        plan = services.import_participants(session=session, rows=rows, by=coordinator)

    assert (plan.enrolled, plan.new_accounts) == (2, 2)
    user = get_user_model().objects.get(email="oleksandra@example.org")
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [PARTICIPANT]
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("oleksandra@example.org", False, True)
    profile = Profile.objects.get(user=user)
    assert (profile.full_name, profile.profession, profile.organisation, profile.oblast) == (
        "Олександра Щербак", "case_manager", "ЦНСП Марганець", "dnipropetrovsk")
    enrollment = Enrollment.objects.get(session=session, user=user)
    assert (enrollment.status, enrollment.source) == (EnrollmentStatus.ENROLLED, EnrollmentSource.IMPORTED)
    # New accounts: one email each, the welcome with the set-password link (tests/enrollments/test_emails_welcome.py)
    welcome = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + uk("You are on the training “%(title)s”: set your password",
                                                         title=session.title)
    assert sorted((message.to, message.subject) for message in mailoutbox) == [
        (["oleksandra@example.org"], welcome), (["yurii@example.org"], welcome)]
    assert all("/accounts/password/reset/key/" in message.body for message in mailoutbox)
    entry = ModelLogEntry.objects.get(action=services.IMPORT_LOG_ACTION)
    assert (entry.user_id, entry.object_id, entry.data["enrolled"]) == (coordinator.pk, str(session.pk), 2)


def test_import_skips_approval_and_waitlists_past_capacity(session, coordinator):
    session.approval_required = True
    session.save()
    EnrollmentFactory(session=session)
    lines = [f"Людина {n},p{n}@example.org" for n in range(4)]
    rows = read_participants(content=csv_bytes("name,email", *lines), filename="list.csv")

    services.import_participants(session=session, rows=rows, by=coordinator)

    statuses = list(Enrollment.objects.filter(session=session, source=EnrollmentSource.IMPORTED)
                    .order_by("user__email").values_list("status", flat=True))
    assert statuses == ["enrolled", "enrolled", "waitlisted", "waitlisted"]


def test_import_reuses_existing_accounts_and_never_overwrites_their_profile(session, coordinator):
    existing = ParticipantFactory(email="Oleksandra@Example.org")
    ProfileFactory(user=existing, full_name="Олександра Щербак-Коваль", profession="psychologist", organisation="")
    users_before = get_user_model().objects.count()
    rows = read_participants(content=csv_bytes(HEADER, *ROWS), filename="list.csv")

    plan = services.import_participants(session=session, rows=rows, by=coordinator)

    assert (plan.existing_accounts, plan.new_accounts) == (1, 1)
    assert get_user_model().objects.count() == users_before + 1
    existing.profile.refresh_from_db()
    assert (existing.profile.full_name, existing.profile.profession, existing.profile.organisation) == (
        "Олександра Щербак-Коваль", "psychologist", "ЦНСП Марганець")
    assert existing.has_usable_password()
    assert Enrollment.objects.get(session=session, user=existing).source == EnrollmentSource.IMPORTED


def test_people_already_on_the_session_keep_their_place(session, coordinator, mailoutbox, committed):
    waiting = EnrollmentFactory(session=session, status="waitlisted", user__email="oleksandra@example.org")
    rows = read_participants(content=csv_bytes(HEADER, *ROWS), filename="list.csv")

    with committed():
        plan = services.import_participants(session=session, rows=rows, by=coordinator)

    assert plan.already_on_session == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.source) == ("waitlisted", "self")
    assert [message.to for message in mailoutbox] == [["yurii@example.org"]]


def test_one_bad_row_imports_nothing(session, coordinator, mailoutbox, committed):
    rows = read_participants(content=csv_bytes(HEADER, *ROWS, "Хтось,not-an-email,,,"), filename="list.csv")
    users_before = get_user_model().objects.count()

    with committed(), pytest.raises(services.ImportRejected):
        services.import_participants(session=session, rows=rows, by=coordinator)

    assert get_user_model().objects.count() == users_before
    assert not Enrollment.objects.filter(session=session).exists()
    assert mailoutbox == []


def test_a_failure_midway_rolls_the_whole_import_back(session, coordinator, monkeypatch, mailoutbox, committed):
    rows = read_participants(content=csv_bytes(HEADER, *ROWS), filename="list.csv")
    users_before = get_user_model().objects.count()
    calls = []
    real = services._place_imported

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "_place_imported", fail_on_second)

    with committed(), pytest.raises(RuntimeError):
        services.import_participants(session=session, rows=rows, by=coordinator)

    assert get_user_model().objects.count() == users_before
    assert not Enrollment.objects.exists()
    assert not EmailAddress.objects.filter(email="oleksandra@example.org").exists()
    assert mailoutbox == []
