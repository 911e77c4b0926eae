"""The two admin steps of an import (enrollments/admin_views.py): upload and preview, then confirm."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.roles import PARTICIPANT
from enrollments.imports import parsing
from enrollments.imports.planning import Outcome
from enrollments.models import Enrollment, Profile
from tests.enrollments.factories import EnrollmentFactory
from tests.enrollments.imports.files import HEADER, ROWS, csv_bytes, xlsx_bytes
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

PREVIEW_QUERIES = 20  # measured 18 with 5 rows and with 200 (half of them existing accounts)
UPLOAD_PAGE_QUERIES = 13  # measured 11


def import_url(session) -> str:
    return reverse("enrollments_admin:session_import", args=[session.pk])


def confirm_url(session) -> str:
    return reverse("enrollments_admin:session_import_confirm", args=[session.pk])


def upload(client, session, content: bytes, filename: str = "list.csv"):
    return client.post(import_url(session), {"file": SimpleUploadedFile(filename, content)})


def token_from(response) -> str:
    return response.context["confirm_form"].initial["token"]


def test_upload_page_explains_the_format(admin, admin_session, django_assert_max_num_queries):
    with django_assert_max_num_queries(UPLOAD_PAGE_QUERIES):
        response = admin.get(import_url(admin_session))

    assert response.status_code == 200
    page = text(response)
    assert uk("Upload a participant list") in page
    assert 'type="file"' in page
    assert 'accept=".csv,.xlsx' in page
    assert admin_session.title in page


def test_preview_says_what_each_row_will_do_and_writes_nothing(admin, admin_session, mailoutbox):
    admin_session.capacity = 2
    admin_session.save()
    EnrollmentFactory(session=admin_session, user__email="yurii@example.org")
    ParticipantFactory(email="maria@example.org")
    users_before, enrollments_before = get_user_model().objects.count(), Enrollment.objects.count()
    content = csv_bytes(HEADER, *ROWS, "Марія Ткаченко,maria@example.org,teacher,,kharkiv",
                        "Петро Іваненко,petro@example.org,,,")

    response = upload(admin, admin_session, content)

    assert response.status_code == 200
    page = text(response)
    assert uk("Nothing has been imported yet.") in page
    assert uk("Already on this session") in page
    assert uk("Will create account") in page
    assert uk("Existing account") in page
    assert uk("will be enrolled") in page
    assert uk("will go on the waiting list") in page
    assert "Олександра Щербак" in page
    assert uk("Case manager") in page
    plan = response.context["plan"]
    assert [(p.row.email, p.outcome, p.status) for p in plan.rows] == [
        ("oleksandra@example.org", Outcome.NEW_ACCOUNT, "enrolled"),
        ("yurii@example.org", Outcome.ALREADY_ON_SESSION, "enrolled"),
        ("maria@example.org", Outcome.EXISTING_ACCOUNT, "waitlisted"),
        ("petro@example.org", Outcome.NEW_ACCOUNT, "waitlisted"),
    ]
    assert uk("Import these participants") in page
    assert (get_user_model().objects.count(), Enrollment.objects.count()) == (users_before, enrollments_before)
    assert mailoutbox == []


def test_confirming_imports_the_previewed_rows_and_shows_a_summary(admin, admin_session, mailoutbox, committed):
    preview = upload(admin, admin_session, csv_bytes(HEADER, *ROWS, delimiter=";", bom=True))

    with committed():
        response = admin.post(confirm_url(admin_session), {"token": token_from(preview)})

    assert response.status_code == 200
    page = text(response)
    assert uk("Summary") in page
    assert uk("Account created") in page
    assert uk("Open the roster") in page
    assert set(Enrollment.objects.filter(session=admin_session).values_list("user__email", "status", "source")) == {
        ("oleksandra@example.org", "enrolled", "imported"), ("yurii@example.org", "enrolled", "imported"),
    }
    assert len(mailoutbox) == 2


def test_confirming_twice_imports_once(admin, admin_session):
    preview = upload(admin, admin_session, csv_bytes(HEADER, *ROWS))
    token = token_from(preview)
    admin.post(confirm_url(admin_session), {"token": token})

    response = admin.post(confirm_url(admin_session), {"token": token})

    assert response.status_code == 302
    assert response["Location"] == import_url(admin_session)
    assert Enrollment.objects.filter(session=admin_session).count() == 2


def test_a_forged_token_imports_nothing(admin, admin_session):
    upload(admin, admin_session, csv_bytes(HEADER, *ROWS))

    response = admin.post(confirm_url(admin_session), {"token": "guessed"}, follow=True)

    assert response.status_code == 200
    assert uk("This preview is no longer available. Upload the file again.") in text(response)
    assert not Enrollment.objects.exists()


def test_xlsx_upload_with_ukrainian_headers(admin, admin_session):
    content = xlsx_bytes(["ПІБ", "Ел. пошта", "Професія", "Організація", "Область"],
                         ["Марія Ткаченко", "maria@example.org", "педагог", "Ліцей № 5", "Харківська область"])

    preview = upload(admin, admin_session, content, "учасники.xlsx")
    admin.post(confirm_url(admin_session), {"token": token_from(preview)})

    profile = Profile.objects.get(user__email="maria@example.org")
    assert (profile.full_name, profile.profession, profile.oblast) == ("Марія Ткаченко", "teacher", "kharkiv")
    assert Enrollment.objects.get(session=admin_session, user__email="maria@example.org").status == "enrolled"


def test_rows_with_errors_are_shown_and_cannot_be_confirmed(admin, admin_session):
    content = csv_bytes(HEADER, *ROWS, "Олександра,oleksandra@example.org,,,", "Хтось,bad-email,,,")

    response = upload(admin, admin_session, content)

    assert response.status_code == 200
    page = text(response)
    assert uk("The same email as row %(line)s.") % {"line": 2} in page
    assert uk("“%(email)s” is not a valid email address.") % {"email": "bad-email"} in page
    assert uk("Import these participants") not in page
    assert response.context["confirm_form"] is None
    assert admin.post(confirm_url(admin_session), {"token": "anything"}).status_code == 302
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"a" * (parsing.MAX_BYTES + 1), "list.csv", "The file is larger than 2 MB. Split the list into smaller files."),
    (b"name,email\nfake,fake@example.org\n", "list.xlsx",
     "This file is named .xlsx but is not an Excel spreadsheet. "
     "Save it from Excel or LibreOffice as .xlsx, or as CSV UTF-8."),
])


def test_bad_files_get_a_form_error_and_nothing_is_saved(admin, admin_session, content, filename, message):
    response = upload(admin, admin_session, content, filename)

    assert response.status_code == 200
    assert uk(message) in text(response)
    assert "plan" not in response.context
    assert not Enrollment.objects.exists()


def test_no_file_is_a_form_error(admin, admin_session):
    response = admin.post(import_url(admin_session), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_trainers_and_participants_cannot_import(client, admin_session):
    for user, expected in ((TrainerFactory(), "/admin/"), (ParticipantFactory(), "/accounts/login/")):
        client.force_login(user)
        for response in (client.get(import_url(admin_session)),
                         upload(client, admin_session, csv_bytes(HEADER, *ROWS))):
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert expected in response["Location"]
    assert not Enrollment.objects.exists()


def test_unknown_session_is_404(admin, db):
    # LocaleMiddleware first redirects an unknown /admin/ path to its /uk/ twin, which is a 404 too.
    response = admin.get(reverse("enrollments_admin:session_import", args=[999999]), follow=True)
    assert response.status_code == 404


def test_cancelled_session_takes_no_import(admin, admin_session):
    admin_session.status = "cancelled"
    admin_session.save()
    response = admin.get(import_url(admin_session), follow=True)
    assert response.status_code == 200
    assert uk("This session is cancelled: nobody can be imported into it.") in text(response)


def test_imported_people_join_the_participant_group(admin, admin_session):
    preview = upload(admin, admin_session, csv_bytes(HEADER, *ROWS))
    admin.post(confirm_url(admin_session), {"token": token_from(preview)})
    participants = Group.objects.get(name=PARTICIPANT).user_set
    assert set(participants.values_list("email", flat=True)) >= {"oleksandra@example.org", "yurii@example.org"}


def test_imported_people_are_told_about_their_place(admin, admin_session, committed):
    preview = upload(admin, admin_session, csv_bytes(HEADER, *ROWS[:1]))
    with committed():
        admin.post(confirm_url(admin_session), {"token": token_from(preview)})
    [message] = mail.outbox
    assert message.to == ["oleksandra@example.org"]
    assert admin_session.title in message.subject


@pytest.mark.parametrize("count", [5, 200])
def test_preview_query_budget_stays_flat(admin, admin_session, count, django_assert_max_num_queries):
    for number in range(0, count, 2):  # every other person already has an account
        ParticipantFactory(email=f"p{number}@example.org")
    lines = [f"Людина {number},p{number}@example.org" for number in range(count)]

    with django_assert_max_num_queries(PREVIEW_QUERIES):
        response = upload(admin, admin_session, csv_bytes("name,email", *lines))

    assert response.status_code == 200
    assert response.context["plan"].existing_accounts == (count + 1) // 2
    assert f"p{count - 1}@example.org" in text(response)
