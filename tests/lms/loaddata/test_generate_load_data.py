"""`generate_load_data` (lms/loaddata/): the XS scale on an empty site, exact and reproducible; `--clear` removes
what it wrote and nothing of the demo; reporting details only with consent."""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from certificates.codes import normalise_code
from certificates.models import Certificate
from content.models import Call
from enrollments.calls.models import Application
from enrollments.models import AttemptStatus, Attendance, Enrollment, Profile, QuizAttempt, TrainingSession
from lms.loaddata.bulk import LOAD_DOMAIN
from lms.loaddata.clear import load_users

TODAY = date(2026, 6, 15)
# What XS writes around TODAY with the default seed, on the demo as seeded without its accounts.
XS_COUNTS = {
    "auth.User": 203, "account.EmailAddress": 203, "auth.User_groups": 203, "enrollments.Profile": 203,
    "enrollments.TrainingSession": 10, "enrollments.SessionDay": 35, "enrollments.TrainingSession_trainers": 12,
    "enrollments.Enrollment": 319, "enrollments.Attendance": 860, "enrollments.QuizAttempt": 1_019,
    "certificates.Certificate": 164, "content.Call": 2, "content.CallStage": 4, "enrollments.Application": 40,
    "enrollments.ApplicationChange": 61, "reports.Project_sessions": 6,  # three in five sessions: the project
}


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_load_data", *args, "--today", TODAY.isoformat(), "--no-progress", stdout=out)
    return out.getvalue()


def table(output: str) -> dict[str, int]:
    """The rows per model a run printed."""
    return {line.split()[0]: int(line.split()[1].replace(",", "")) for line in output.splitlines()
            if line.startswith("  ") and line.split()[-1].replace(",", "").isdigit() and "." in line.split()[0]}


def digest() -> str:
    """A fingerprint of the load rows by what they say, not by their ids (which differ between runs)."""
    users = load_users()
    sessions = {pk: rank for rank, pk in enumerate(
        TrainingSession.objects.filter(trainers__in=users).distinct().order_by("pk").values_list("pk", flat=True))}
    rows = [
        *users.order_by("email").values_list("email", "first_name", "last_name", "date_joined"),
        *Profile.objects.filter(user__in=users).order_by("user__email").values_list(
            "user__email", "profession", "oblast", "community", "sex", "age_band", "displacement_status",
            "disability", "reporting_consent_at"),
        *[(sessions[pk], *rest) for pk, *rest in TrainingSession.objects.filter(pk__in=sessions).order_by("pk")
          .values_list("pk", "title", "city", "oblast", "capacity", "status", "created_at")],
        *[(sessions[pk], *rest) for pk, *rest in Enrollment.objects.filter(user__in=users).order_by("pk")
          .values_list("session_id", "user__email", "status", "source", "created_at")],
        *Attendance.objects.filter(enrollment__user__in=users).order_by("pk").values_list(
            "enrollment__user__email", "day__date", "status", "method", "marked_at"),
        *QuizAttempt.objects.filter(user__in=users).order_by("pk").values_list(
            "user__email", "kind", "number", "score", "percent", "passed", "band", "answers", "order", "public_id",
            "started_at"),
        *Certificate.objects.filter(user__in=users).order_by("pk").values_list(
            "code", "user__email", "kind", "holder_name_latin", "hours", "first_day", "issued_at"),
        *Application.objects.filter(applicant__in=users).order_by("pk").values_list(
            "call__name", "applicant__email", "status", "stage", "submitted_at", "decided_at"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="class")
def generated(django_db_setup, django_db_blocker):
    """`generate_load_data --scale XS` on an empty site (the demo is seeded first), once per class, rolled back."""
    with django_db_blocker.unblock(), override_settings(DEBUG=False), transaction.atomic():
        output = generate("--scale", "XS")
        yield output
        transaction.set_rollback(True)


@pytest.mark.usefixtures("generated")
class TestExtraSmall:
    @pytest.fixture(autouse=True)
    def _db(self, db):
        pass

    def test_the_scale_writes_exactly_what_it_wrote_before(self, generated):
        assert load_users().filter(email__startswith="load-0").count() == 200
        assert load_users().filter(email__startswith="load-trainer-").count() == 3
        assert TrainingSession.objects.filter(trainers__in=load_users()).distinct().count() == 10
        for label, count in XS_COUNTS.items():
            assert f"  {label:<36} {count:>10,}" in generated
        assert Application.objects.count() == 40  # the demo without its accounts has no applications
        assert Call.objects.filter(name__startswith="Load data: ").count() == 2

    def test_what_it_prints_is_what_is_in_the_database(self, generated):
        users = load_users()
        for label, count in {
            "enrollments.Enrollment": Enrollment.objects.filter(user__in=users).count(),
            "enrollments.Attendance": Attendance.objects.filter(enrollment__user__in=users).count(),
            "enrollments.QuizAttempt": QuizAttempt.objects.filter(user__in=users).count(),
            "certificates.Certificate": Certificate.objects.filter(user__in=users).count(),
        }.items():
            assert count > 0
            assert f"  {label:<36} {count:>10,}" in generated

    def test_addresses_are_reserved_and_nobody_can_log_in(self):
        for user in load_users():
            assert user.email.endswith(f"@{LOAD_DOMAIN}")
            assert not user.has_usable_password()

    def test_reporting_details_only_with_consent(self):
        profiles = Profile.objects.filter(user__in=load_users())
        without = profiles.filter(reporting_consent_at__isnull=True)
        assert 0 < without.count() < profiles.count() * 0.3  # about 15 %
        assert not without.exclude(sex="", age_band="", displacement_status="", disability="").exists()
        assert not profiles.filter(reporting_consent_at__isnull=False, sex="").exists()

    def test_attempts_are_submitted_and_the_post_test_is_higher_on_average(self):
        attempts = QuizAttempt.objects.filter(user__in=load_users())
        assert not attempts.exclude(status=AttemptStatus.SUBMITTED).exists()
        pre = [a.percent for a in attempts.filter(kind="pre_test")]
        post = [a.percent for a in attempts.filter(kind="post_test")]
        assert pre and post and sum(post) / len(post) > sum(pre) / len(pre) + 10

    def test_certificates_have_codes_of_the_site_form_and_went_to_people_who_attended(self):
        for certificate in Certificate.objects.filter(user__in=load_users()).select_related("enrollment"):
            assert normalise_code(certificate.code) == certificate.code
            marks = Attendance.objects.filter(enrollment=certificate.enrollment)
            assert marks.exists() and not marks.filter(status__in=("absent", "excused")).exists()

    def test_a_second_run_refuses(self):
        with pytest.raises(CommandError, match="--clear"):
            generate("--scale", "XS")


@override_settings(DEBUG=False)
def test_same_seed_same_data_and_clear_removes_only_load_data(db):
    call_command("seed_demo", "--users", stdout=StringIO())
    demo = {model: model.objects.count() for model in (get_user_model(), Enrollment, Attendance, QuizAttempt,
                                                        Certificate, Application, TrainingSession, Call)}

    written = table(generate("--scale", "XS"))
    first = digest()
    assert written == XS_COUNTS
    removed = table(generate("--clear"))  # exactly what it wrote, and the reports' facts about it
    # the reports' rows go with what they are about (the project, its tags, the facts): counted apart
    assert {label: count for label, count in removed.items() if not label.startswith("reports.")} == {
        label: count for label, count in written.items() if not label.startswith("reports.")}
    assert removed["reports.Project"] == 1
    assert {model: model.objects.count() for model in demo} == demo
    assert not load_users().exists()

    generate("--scale", "XS")
    assert digest() == first
    generate("--clear", "--scale", "XS", "--seed", "7")  # clears, then writes another seed's data
    assert digest() != first
