"""Participant import: reading and checking files (pure), the plan, the service and the two admin steps."""

import zipfile
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from content.roles import PARTICIPANT
from enrollments.imports import parsing, services
from enrollments.imports.parsing import ImportFileError, ParticipantRow, read_participants
from enrollments.imports.planning import Outcome, plan_import
from enrollments.models import Enrollment, EnrollmentSource, EnrollmentStatus, Profile
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

PREVIEW_QUERIES = 20  # measured 18 with 5 rows and with 200 (half of them existing accounts)
UPLOAD_PAGE_QUERIES = 13  # measured 11
HEADER = "name,email,profession,organisation,oblast"
ROWS = [
    "Олександра Щербак,oleksandra@example.org,case_manager,ЦНСП Марганець,dnipropetrovsk",
    "Юрій Зінченко,yurii@example.org,social_worker,УСЗН Кривий Ріг,dnipropetrovsk",
]


def csv_bytes(*lines: str, delimiter: str = ",", bom: bool = False) -> bytes:
    body = "\r\n".join(line.replace(",", delimiter) for line in lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + body.encode()


def xlsx_bytes(*rows: list) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(line: int = 2, *, email: str = "a@example.org", name: str = "Анна", status: str = "",
        errors: tuple = ()) -> ParticipantRow:
    return ParticipantRow(line=line, name=name, email=email, status=status, errors=errors)


# --- Reading files (pure) --------------------------------------------------------------------------

@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", False), (",", True), (";", True)])
def test_csv_with_comma_or_semicolon_with_or_without_bom(delimiter, bom):
    rows = read_participants(content=csv_bytes(HEADER, *ROWS, delimiter=delimiter, bom=bom), filename="list.csv")

    assert [(r.line, r.name, r.email, r.profession, r.organisation, r.oblast, r.errors) for r in rows] == [
        (2, "Олександра Щербак", "oleksandra@example.org", "case_manager", "ЦНСП Марганець", "dnipropetrovsk", ()),
        (3, "Юрій Зінченко", "yurii@example.org", "social_worker", "УСЗН Кривий Ріг", "dnipropetrovsk", ()),
    ]


def test_quoted_csv_cells_keep_their_commas():
    content = csv_bytes(HEADER, '"Щербак, Олександра",o@example.org,,"ГО ""Світло"", Дніпро",')
    [only] = read_participants(content=content, filename="list.csv")
    assert only.name == "Щербак, Олександра"
    assert only.organisation == 'ГО "Світло", Дніпро'


def test_xlsx_is_read_from_its_first_sheet():
    content = xlsx_bytes(["Name", "Email", "Profession", "Organisation", "Oblast"],
                         ["Марія Ткаченко", "Maria@Example.org", "Teacher", "Ліцей № 5", "Kharkiv oblast"],
                         [None, None, None, None, None],
                         ["Петро Іваненко", "petro@example.org", None, 12345, None])

    rows = read_participants(content=content, filename="Список.XLSX")

    assert [(r.line, r.name, r.email, r.profession, r.organisation, r.oblast, r.errors) for r in rows] == [
        (2, "Марія Ткаченко", "maria@example.org", "teacher", "Ліцей № 5", "kharkiv", ()),
        (4, "Петро Іваненко", "petro@example.org", "", "12345", "", ()),
    ]


def test_ukrainian_headers_and_labels_in_either_language_any_case():
    content = csv_bytes(
        "ПІБ;Ел. пошта;Професія;Організація;Область",
        "Олена Коваленко;olena@example.org;ПСИХОЛОГ;ГО «Громада»;місто Київ",
        "Ігор Бондар;igor@example.org;Фахівець із ведення випадку;ЦНСП;Дніпропетровська область",
        "Ніна Сидоренко;nina@example.org;speech therapist;;Kyiv city",
        "Іван Мороз;ivan@example.org;Social Worker;;Дніпропетровська",
        delimiter=";",
    )

    rows = read_participants(content=content, filename="list.csv")

    assert [(r.profession, r.oblast, r.errors) for r in rows] == [
        ("psychologist", "kyiv_city", ()),
        ("case_manager", "dnipropetrovsk", ()),
        ("speech_therapist", "kyiv_city", ()),
        ("social_worker", "dnipropetrovsk", ()),
    ]


@pytest.mark.parametrize("header", ["Ім'я", "Ім’я", "ПІБ", "піб", "Full name", "NAME"])
def test_name_column_aliases(header):
    [only] = read_participants(content=csv_bytes(f"{header},Email", "Анна Мельник,anna@example.org"),
                               filename="list.csv")
    assert (only.name, only.email, only.errors) == ("Анна Мельник", "anna@example.org", ())


def test_unknown_columns_are_ignored_and_the_order_is_free():
    content = csv_bytes("№,Область,Email,Телефон,ПІБ", "1,Одеська область,o@example.org,+380,Ольга Руденко")
    [only] = read_participants(content=content, filename="list.csv")
    assert (only.name, only.email, only.oblast, only.errors) == ("Ольга Руденко", "o@example.org", "odesa", ())


def test_bad_rows_get_errors_and_good_rows_none():
    content = csv_bytes(
        HEADER + ",status",
        ",noname@example.org,,,",
        "Без пошти,,,,",
        "Погана пошта,not-an-email,,,",
        "Невідома професія,p@example.org,astronaut,,",
        "Невідома область,r@example.org,,,Atlantis",
        "Невідомий статус,s@example.org,,,,maybe",
        "Скасований статус,c@example.org,,,,cancelled",
        "Все гаразд,ok@example.org,teacher,,lviv,waitlisted",
    )

    rows = read_participants(content=content, filename="list.csv")

    assert [r.errors for r in rows] == [
        (uk("Name is missing."),),
        (uk("Email is missing."),),
        (uk("“%(email)s” is not a valid email address.") % {"email": "not-an-email"},),
        (uk("Unknown profession “%(value)s”.") % {"value": "astronaut"},),
        (uk("Unknown oblast “%(value)s”.") % {"value": "Atlantis"},),
        (uk("Unknown status “%(value)s”: use “enrolled” or “waitlisted”.") % {"value": "maybe"},),
        (uk("Status “%(value)s” cannot be imported: use “enrolled” or “waitlisted”.") % {"value": "cancelled"},),
        (),
    ]
    assert rows[-1].status == EnrollmentStatus.WAITLISTED


def test_duplicate_email_in_the_file_is_an_error_on_the_later_row():
    content = csv_bytes(HEADER, *ROWS, "Олександра Щ.,OLEKSANDRA@example.org,,,")

    rows = read_participants(content=content, filename="list.csv")

    assert [r.errors for r in rows] == [(), (), (uk("The same email as row %(line)s.") % {"line": 2},)]


def test_ambiguous_short_place_name_is_not_guessed():
    """"Kyiv" could be the city or the oblast; "Київ" (the city) and "Київська" (the oblast) are clear."""
    content = csv_bytes("name,email,oblast", "А,a@example.org,Kyiv", "Б,b@example.org,Київ", "В,c@example.org,Київська")
    rows = read_participants(content=content, filename="list.csv")
    assert [(r.oblast, bool(r.errors)) for r in rows] == [("", True), ("kyiv_city", False), ("kyiv_oblast", False)]


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"name,email\n" + b"x" * parsing.MAX_BYTES, "big.csv",
     "The file is larger than 2 MB. Split the list into smaller files."),
    (b"This is a text file, not a workbook.", "participants.xlsx",
     "This file is named .xlsx but is not an Excel spreadsheet. "
     "Save it from Excel or LibreOffice as .xlsx, or as CSV UTF-8."),
    (b"PK\x03\x04 not really a zip archive", "participants.xlsx",
     "The spreadsheet could not be opened. Save it again as .xlsx, or as CSV UTF-8."),
    ("ПІБ,Email\nАнна,a@example.org\n".encode("cp1251"), "list.csv",
     "The file is not in UTF-8. In Excel choose “CSV UTF-8 (comma delimited)” "
     "when saving; in LibreOffice choose the UTF-8 character set."),
    (b"name,email\n", "list.pdf", "Upload a .csv or .xlsx file."),
    (b"  \n", "list.csv", "The file is empty."),
    (b"name,email\n", "list.csv", "The file has a header row but no participants."),
])
def test_unusable_files_are_refused_with_a_clear_message(content, filename, message):
    with pytest.raises(ImportFileError) as refusal:
        read_participants(content=content, filename=filename)
    assert str(refusal.value) == uk(message)


def test_a_zip_that_is_not_a_spreadsheet_is_refused():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportFileError):
        read_participants(content=buffer.getvalue(), filename="list.xlsx")


def test_a_spreadsheet_renamed_to_csv_is_refused():
    with pytest.raises(ImportFileError):
        read_participants(content=xlsx_bytes(["name", "email"], ["А", "a@example.org"]), filename="list.csv")


def test_required_columns_are_named_when_missing():
    with pytest.raises(ImportFileError) as refusal:
        read_participants(content=csv_bytes("ПІБ,Телефон", "Анна,+380"), filename="list.csv")
    assert "email" in str(refusal.value)


def test_more_than_a_thousand_rows_is_refused():
    lines = [f"Людина {n},person{n}@example.org" for n in range(parsing.MAX_ROWS + 1)]
    with pytest.raises(ImportFileError) as refusal:
        read_participants(content=csv_bytes("name,email", *lines), filename="list.csv")
    assert str(refusal.value) == uk("The file has more than %(max)s participants. Split it into smaller files.") % {
        "max": parsing.MAX_ROWS}


def test_a_thousand_rows_are_fine():
    lines = [f"Людина {n},person{n}@example.org" for n in range(parsing.MAX_ROWS)]
    rows = read_participants(content=csv_bytes("name,email", *lines), filename="list.csv")
    assert len(rows) == parsing.MAX_ROWS
    assert not any(r.errors for r in rows)


def test_rows_survive_the_round_trip_through_the_session():
    original = ParticipantRow(line=3, name="А", email="a@example.org", profession="teacher", oblast="lviv",
                              errors=("x",))
    assert ParticipantRow.from_dict(original.to_dict()) == original


# --- The plan (pure) -----------------------------------------------------------------------------

def test_plan_gives_seats_while_they_remain_then_the_waiting_list():
    rows = [row(2, email="a@example.org"), row(3, email="b@example.org"), row(4, email="c@example.org")]

    plan = plan_import(rows=rows, existing_emails={"b@example.org"}, statuses_by_email={}, seats_left=2)

    assert [(p.outcome, p.status) for p in plan.rows] == [
        (Outcome.NEW_ACCOUNT, EnrollmentStatus.ENROLLED),
        (Outcome.EXISTING_ACCOUNT, EnrollmentStatus.ENROLLED),
        (Outcome.NEW_ACCOUNT, EnrollmentStatus.WAITLISTED),
    ]
    assert (plan.enrolled, plan.waitlisted, plan.new_accounts, plan.existing_accounts) == (2, 1, 2, 1)
    assert plan.is_valid


def test_plan_keeps_people_already_on_the_session_and_gives_a_cancelled_place_again():
    rows = [row(2, email="on@example.org"), row(3, email="gone@example.org"), row(4, email="wait@example.org")]

    plan = plan_import(
        rows=rows, existing_emails={"on@example.org", "gone@example.org", "wait@example.org"},
        statuses_by_email={"on@example.org": "enrolled", "gone@example.org": "cancelled",
                           "wait@example.org": "pending"},
        seats_left=5,
    )

    assert [(p.outcome, p.status) for p in plan.rows] == [
        (Outcome.ALREADY_ON_SESSION, "enrolled"),
        (Outcome.EXISTING_ACCOUNT, "enrolled"),
        (Outcome.ALREADY_ON_SESSION, "pending"),
    ]
    assert (plan.already_on_session, plan.enrolled) == (2, 1)


def test_plan_puts_a_waitlisted_row_on_the_waiting_list_even_with_seats():
    plan = plan_import(rows=[row(status="waitlisted")], existing_emails=set(), statuses_by_email={}, seats_left=3)
    assert plan.rows[0].status == EnrollmentStatus.WAITLISTED


def test_plan_with_an_invalid_row_is_invalid():
    plan = plan_import(rows=[row(2), row(3, email="b@example.org", errors=("bad",))], existing_emails=set(),
                       statuses_by_email={}, seats_left=3)
    assert not plan.is_valid
    assert plan.invalid == 1
    assert plan.rows[1].outcome == Outcome.INVALID


# --- The service -----------------------------------------------------------------------------------

@pytest.fixture
def session(tree):
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
    assert sorted(message.to[0] for message in mailoutbox) == ["oleksandra@example.org", "yurii@example.org"]
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


# --- The two admin steps ---------------------------------------------------------------------------

def import_url(session) -> str:
    return reverse("enrollments_admin:session_import", args=[session.pk])


def confirm_url(session) -> str:
    return reverse("enrollments_admin:session_import_confirm", args=[session.pk])


def upload(client, session, content: bytes, filename: str = "list.csv"):
    return client.post(import_url(session), {"file": SimpleUploadedFile(filename, content)})


def token_from(response) -> str:
    return response.context["confirm_form"].initial["token"]


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_upload_page_explains_the_format(admin_client, session, django_assert_max_num_queries):
    with django_assert_max_num_queries(UPLOAD_PAGE_QUERIES):
        response = admin_client.get(import_url(session))

    assert response.status_code == 200
    page = text(response)
    assert uk("Upload a participant list") in page
    assert 'type="file"' in page
    assert 'accept=".csv,.xlsx' in page
    assert session.title in page


def test_preview_says_what_each_row_will_do_and_writes_nothing(admin_client, session, mailoutbox):
    session.capacity = 2
    session.save()
    EnrollmentFactory(session=session, user__email="yurii@example.org")
    ParticipantFactory(email="maria@example.org")
    users_before, enrollments_before = get_user_model().objects.count(), Enrollment.objects.count()
    content = csv_bytes(HEADER, *ROWS, "Марія Ткаченко,maria@example.org,teacher,,kharkiv",
                        "Петро Іваненко,petro@example.org,,,")

    response = upload(admin_client, session, content)

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


def test_confirming_imports_the_previewed_rows_and_shows_a_summary(admin_client, session, mailoutbox, committed):
    preview = upload(admin_client, session, csv_bytes(HEADER, *ROWS, delimiter=";", bom=True))

    with committed():
        response = admin_client.post(confirm_url(session), {"token": token_from(preview)})

    assert response.status_code == 200
    page = text(response)
    assert uk("Summary") in page
    assert uk("Account created") in page
    assert uk("Open the roster") in page
    assert set(Enrollment.objects.filter(session=session).values_list("user__email", "status", "source")) == {
        ("oleksandra@example.org", "enrolled", "imported"), ("yurii@example.org", "enrolled", "imported"),
    }
    assert len(mailoutbox) == 2


def test_confirming_twice_imports_once(admin_client, session):
    preview = upload(admin_client, session, csv_bytes(HEADER, *ROWS))
    token = token_from(preview)
    admin_client.post(confirm_url(session), {"token": token})

    response = admin_client.post(confirm_url(session), {"token": token})

    assert response.status_code == 302
    assert response["Location"] == import_url(session)
    assert Enrollment.objects.filter(session=session).count() == 2


def test_a_forged_token_imports_nothing(admin_client, session):
    upload(admin_client, session, csv_bytes(HEADER, *ROWS))

    response = admin_client.post(confirm_url(session), {"token": "guessed"}, follow=True)

    assert response.status_code == 200
    assert uk("This preview is no longer available. Upload the file again.") in text(response)
    assert not Enrollment.objects.exists()


def test_xlsx_upload_with_ukrainian_headers(admin_client, session):
    content = xlsx_bytes(["ПІБ", "Ел. пошта", "Професія", "Організація", "Область"],
                         ["Марія Ткаченко", "maria@example.org", "педагог", "Ліцей № 5", "Харківська область"])

    preview = upload(admin_client, session, content, "учасники.xlsx")
    admin_client.post(confirm_url(session), {"token": token_from(preview)})

    profile = Profile.objects.get(user__email="maria@example.org")
    assert (profile.full_name, profile.profession, profile.oblast) == ("Марія Ткаченко", "teacher", "kharkiv")
    assert Enrollment.objects.get(session=session, user__email="maria@example.org").status == "enrolled"


def test_rows_with_errors_are_shown_and_cannot_be_confirmed(admin_client, session):
    content = csv_bytes(HEADER, *ROWS, "Олександра,oleksandra@example.org,,,", "Хтось,bad-email,,,")

    response = upload(admin_client, session, content)

    assert response.status_code == 200
    page = text(response)
    assert uk("The same email as row %(line)s.") % {"line": 2} in page
    assert uk("“%(email)s” is not a valid email address.") % {"email": "bad-email"} in page
    assert uk("Import these participants") not in page
    assert response.context["confirm_form"] is None
    assert admin_client.post(confirm_url(session), {"token": "anything"}).status_code == 302
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"a" * (parsing.MAX_BYTES + 1), "list.csv", "The file is larger than 2 MB. Split the list into smaller files."),
    (b"name,email\nfake,fake@example.org\n", "list.xlsx",
     "This file is named .xlsx but is not an Excel spreadsheet. "
     "Save it from Excel or LibreOffice as .xlsx, or as CSV UTF-8."),
])
def test_bad_files_get_a_form_error_and_nothing_is_saved(admin_client, session, content, filename, message):
    response = upload(admin_client, session, content, filename)

    assert response.status_code == 200
    assert uk(message) in text(response)
    assert "plan" not in response.context
    assert not Enrollment.objects.exists()


def test_no_file_is_a_form_error(admin_client, session):
    response = admin_client.post(import_url(session), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_trainers_and_participants_cannot_import(client, session):
    for user, expected in ((TrainerFactory(), "/admin/"), (ParticipantFactory(), "/accounts/login/")):
        client.force_login(user)
        for response in (client.get(import_url(session)),
                         upload(client, session, csv_bytes(HEADER, *ROWS))):
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert expected in response["Location"]
    assert not Enrollment.objects.exists()


def test_unknown_session_is_404(admin_client, db):
    # LocaleMiddleware first redirects an unknown /admin/ path to its /uk/ twin, which is a 404 too.
    response = admin_client.get(reverse("enrollments_admin:session_import", args=[999999]), follow=True)
    assert response.status_code == 404


def test_cancelled_session_takes_no_import(admin_client, session):
    session.status = "cancelled"
    session.save()
    response = admin_client.get(import_url(session), follow=True)
    assert response.status_code == 200
    assert uk("This session is cancelled: nobody can be imported into it.") in text(response)


def test_imported_people_join_the_participant_group(admin_client, session):
    preview = upload(admin_client, session, csv_bytes(HEADER, *ROWS))
    admin_client.post(confirm_url(session), {"token": token_from(preview)})
    participants = Group.objects.get(name=PARTICIPANT).user_set
    assert set(participants.values_list("email", flat=True)) >= {"oleksandra@example.org", "yurii@example.org"}


def test_imported_people_are_told_about_their_place(admin_client, session, committed):
    preview = upload(admin_client, session, csv_bytes(HEADER, *ROWS[:1]))
    with committed():
        admin_client.post(confirm_url(session), {"token": token_from(preview)})
    [message] = mail.outbox
    assert message.to == ["oleksandra@example.org"]
    assert session.title in message.subject


@pytest.mark.parametrize("count", [5, 200])
def test_preview_query_budget_stays_flat(admin_client, session, count, django_assert_max_num_queries):
    for number in range(0, count, 2):  # every other person already has an account
        ParticipantFactory(email=f"p{number}@example.org")
    lines = [f"Людина {number},p{number}@example.org" for number in range(count)]

    with django_assert_max_num_queries(PREVIEW_QUERIES):
        response = upload(admin_client, session, csv_bytes("name,email", *lines))

    assert response.status_code == 200
    assert response.context["plan"].existing_accounts == (count + 1) // 2
    assert f"p{count - 1}@example.org" in text(response)
