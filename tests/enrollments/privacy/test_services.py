"""Removing what is due (enrollments/privacy/services.py): reporting details, applications not accepted with their
files, the access log; idempotent, per record, and dry when asked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrollments.models import AccessRecord, Application, ApplicationChange, ApplicationFile, Profile, Review
from enrollments.privacy import services
from tests.enrollments.factories import ApplicationFactory, EnrollmentFactory, ProfileFactory, in_days, schedule
from tests.enrollments.privacy.conftest import with_file
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory

pytestmark = pytest.mark.django_db
MONTHS = {"reporting_details": 12, "rejected_applications": 6, "access_log": 24}
DETAILS = {"sex": "female", "age_band": "35_44", "displacement_status": "idp", "disability": "no"}


def described(*, consented_days_ago: int = 800, **fields) -> Profile:
    return ProfileFactory(user=ParticipantFactory(), reporting_consent_at=timezone.now() - timedelta(
        days=consented_days_ago), **DETAILS, **fields)


def details(profile: Profile) -> tuple:
    profile.refresh_from_db()
    return (profile.sex, profile.age_band, profile.displacement_status, profile.disability,
            profile.reporting_consent_at is not None)


# --- Reporting details ---------------------------------------------------------------------------------------

def test_reporting_details_go_a_period_after_the_last_training_and_the_rest_of_the_profile_stays(tree):
    long_ago, recent = (schedule(start_in=offset, days=2, course=tree.course) for offset in (-400, -30))
    trained_long_ago, trained_recently, trains_soon, never_trained, consented_lately = (
        described(), described(), described(), described(), described(consented_days_ago=100))
    EnrollmentFactory(session=long_ago, user=trained_long_ago.user)
    EnrollmentFactory(session=long_ago, user=trained_recently.user)
    EnrollmentFactory(session=recent, user=trained_recently.user)
    EnrollmentFactory(session=long_ago, user=trains_soon.user)
    EnrollmentFactory(session=schedule(start_in=10, days=0, course=tree.course), user=trains_soon.user)  # no days

    outcome = services.remove_reporting_details(months=12, today=timezone.localdate())

    assert (outcome.removed, outcome.skipped) == (2, [])
    assert details(trained_long_ago) == details(never_trained) == ("", "", "", "", False)
    for kept in (trained_recently, trains_soon, consented_lately):
        assert details(kept) == ("female", "35_44", "idp", "no", True)
    trained_long_ago.refresh_from_db()
    assert (trained_long_ago.full_name, trained_long_ago.profession) == ("Олександра Щербак", "case_manager")


def test_a_cancelled_place_or_a_cancelled_training_does_not_keep_the_details(tree):
    person = described()
    EnrollmentFactory(session=schedule(start_in=-30, days=1, course=tree.course), user=person.user,
                      status="cancelled")
    EnrollmentFactory(session=schedule(start_in=-20, days=1, course=tree.course, status="cancelled"),
                      user=person.user)

    assert services.remove_reporting_details(months=12, today=timezone.localdate()).removed == 1
    assert details(person) == ("", "", "", "", False)


def test_a_second_run_removes_nothing_and_a_dry_run_nothing_at_all():
    person = described()

    assert services.remove_reporting_details(months=12, today=timezone.localdate(), dry_run=True).removed == 1
    assert details(person) == ("female", "35_44", "idp", "no", True)
    assert services.remove_reporting_details(months=12, today=timezone.localdate()).removed == 1
    assert services.remove_reporting_details(months=12, today=timezone.localdate()).removed == 0


def test_one_person_who_cannot_be_handled_is_skipped_and_the_others_are_not(monkeypatch):
    first, second = described(), described()
    original = services.blank_reporting_details

    def failing_for_first(*, user_id):
        if user_id == first.user_id:
            raise RuntimeError("row locked")
        return original(user_id=user_id)

    monkeypatch.setattr(services, "blank_reporting_details", failing_for_first)
    outcome = services.remove_reporting_details(months=12, today=timezone.localdate())

    assert (outcome.removed, outcome.skipped) == (1, [first.user_id])
    assert details(first)[0] == "female" and details(second)[0] == ""


# --- Applications not accepted -------------------------------------------------------------------------------

def test_an_application_not_selected_keeps_what_reports_count_and_loses_answers_name_and_files(rejected, old_call):
    stored = rejected.files.get().file.name
    storage = rejected.files.get().file.storage
    assert storage.exists(stored)
    Review.objects.create(application=rejected, reviewer=ReviewerFactory(), stage=0, marks={"a": 4},
                          comment="Сильна мотивація, слабкий досвід")
    ApplicationChange.objects.create(application=rejected, changed_at=timezone.now(), from_status="submitted",
                                     to_status="rejected", to_stage=0, note="Телефонувала, переїхала")
    accepted = ApplicationFactory(call=old_call, status="accepted", answers={"motivation": "Так"})
    in_review = ApplicationFactory(call=old_call, status="submitted", answers={"motivation": "Чекаю"})
    draft = ApplicationFactory(call=old_call, status="draft", submitted_at=None, answers={"motivation": "Чернетка"})
    with_file(draft, "draft.pdf")

    outcome = services.remove_rejected_applications(months=6, today=timezone.localdate())

    assert (outcome.removed, outcome.skipped) == (2, [])
    rejected.refresh_from_db()
    assert (rejected.answers, rejected.full_name, rejected.community) == ({}, "", "")
    assert (rejected.status, rejected.oblast, rejected.profession, rejected.call_id) == (
        "rejected", "dnipropetrovsk", "teacher", old_call.pk)
    assert rejected.submitted_at is not None
    assert not ApplicationFile.objects.exists() and not storage.exists(stored)
    assert list(Review.objects.values_list("comment", "marks")) == [("", {"a": 4})]
    assert list(ApplicationChange.objects.values_list("note", flat=True)) == [""]
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert set(Application.objects.values_list("pk", flat=True)) == {rejected.pk, accepted.pk, in_review.pk}
    accepted.refresh_from_db()
    in_review.refresh_from_db()
    assert accepted.answers == {"motivation": "Так"} and in_review.answers == {"motivation": "Чекаю"}

    assert services.remove_rejected_applications(months=6, today=timezone.localdate()).removed == 0


def test_an_application_decided_lately_waits_its_period_from_the_decision(rejected):
    rejected.decided_at = timezone.now() - timedelta(days=30)
    rejected.save()

    assert services.remove_rejected_applications(months=6, today=timezone.localdate()).removed == 0
    assert services.remove_rejected_applications(months=6, today=in_days(160)).removed == 1


def test_a_file_the_storage_cannot_delete_leaves_its_application_whole_for_the_next_run(rejected, old_call,
                                                                                         monkeypatch):
    withdrawn = ApplicationFactory(call=old_call, status="withdrawn", answers={"motivation": "Передумала"},
                                   decided_at=old_call.deadline)
    with_file(withdrawn, "letter.pdf")
    storage = rejected.files.get().file.storage
    delete = storage.delete

    def refusing(name):
        if name.endswith("cv.pdf"):
            raise OSError("read-only file system")
        delete(name)

    monkeypatch.setattr(storage, "delete", refusing)
    outcome = services.remove_rejected_applications(months=6, today=timezone.localdate())

    assert (outcome.removed, outcome.skipped) == (1, [rejected.pk])
    rejected.refresh_from_db()
    assert rejected.answers and rejected.files.count() == 1  # rolled back, tried again next night
    assert not withdrawn.files.exists() and Application.objects.get(pk=withdrawn.pk).answers == {}


# --- Access log ----------------------------------------------------------------------------------------------

def test_access_records_older_than_the_period_are_deleted():
    coordinator, subject = CoordinatorFactory(), ParticipantFactory()
    old, edge, recent = (AccessRecord.objects.create(viewer=coordinator, subject=subject, what="roster")
                         for _ in range(3))
    today = timezone.localdate()
    AccessRecord.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=800))
    AccessRecord.objects.filter(pk=edge.pk).update(at=timezone.now() - timedelta(days=700))

    assert services.remove_access_records(months=24, today=today, dry_run=True).removed == 1
    assert services.remove_access_records(months=24, today=today).removed == 1
    assert set(AccessRecord.objects.values_list("pk", flat=True)) == {edge.pk, recent.pk}
    assert services.remove_access_records(months=24, today=today).removed == 0


def test_every_purpose_is_applied_and_reported_in_order(rejected):
    described()
    outcomes = services.apply_retention(months=MONTHS, today=timezone.localdate())
    assert [(outcome.purpose, outcome.removed) for outcome in outcomes] == [
        ("reporting_details", 1), ("rejected_applications", 1), ("access_log", 0)]
