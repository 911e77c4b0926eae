"""Reading participant lists (enrollments/imports/parsing.py): CSV and Excel, headers in either language, errors."""

import zipfile
from io import BytesIO

import pytest

from enrollments.imports import parsing
from enrollments.imports.parsing import ImportFileError, ParticipantRow, read_participants
from enrollments.models import EnrollmentStatus
from tests.enrollments.imports.files import HEADER, ROWS, csv_bytes, xlsx_bytes
from tests.helpers import uk


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
