"""Reading a participant list (CSV or XLSX) into checked rows. Pure: no database.

A coordinator uploads the list an NGO partner sent: one row per person with name, email, profession,
organisation and oblast (optionally a status: enrolled or waiting list). Headers and values may be in
English or Ukrainian. `read_participants` turns the file into rows with their errors; `planning.plan_import`
then says, row by row, what importing them would do on a given session.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from content.choices import Oblast, Profession
from enrollments.models import EnrollmentStatus

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a 2 MB spreadsheet never unpacks to more; a zip bomb does
XLSX_MAGIC = b"PK\x03\x04"
NAME_MAX_LENGTH = 200
ORGANISATION_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254

REQUIRED_COLUMNS = ("name", "email")
HEADER_ALIASES = {
    "name": ("name", "full name", "participant", "піб", "п.і.б.", "п. і. б.", "ім'я", "ім'я та прізвище",
             "прізвище, ім'я", "прізвище ім'я", "прізвище, ім'я, по батькові", "прізвище ім'я по батькові"),
    "email": ("email", "e-mail", "email address", "ел. пошта", "ел.пошта", "ел пошта", "електронна пошта",
              "e-mail адреса", "пошта", "імейл"),
    "profession": ("profession", "occupation", "професія", "посада"),
    "organisation": ("organisation", "organization", "організація", "установа"),
    "oblast": ("oblast", "region", "область", "регіон"),
    "status": ("status", "статус"),
}
IMPORTABLE_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)
STATUS_ALIASES = {
    EnrollmentStatus.ENROLLED: ("enrolled", "enrol", "enroll", "зараховано", "зарахований", "зарахована",
                                "учасник", "учасниця"),
    EnrollmentStatus.WAITLISTED: ("waitlisted", "waitlist", "waiting list", "waiting", "у списку очікування",
                                  "список очікування", "очікування", "резерв"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be used; the message tells the coordinator what to do."""


@dataclass(frozen=True)
class ParticipantRow:
    """One person read from the file, normalised, with what is wrong with the row (nothing if valid)."""

    line: int  # the row number as the spreadsheet shows it (the header is row 1)
    name: str
    email: str  # lower-case
    profession: str = ""  # a Profession code
    organisation: str = ""
    oblast: str = ""  # an Oblast code
    status: str = ""  # "" (a seat while there is one), "enrolled" or "waitlisted"
    errors: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        """Plain JSON-friendly values, to keep the rows between preview and confirmation."""
        return {"line": self.line, "name": self.name, "email": self.email, "profession": self.profession,
                "organisation": self.organisation, "oblast": self.oblast, "status": self.status,
                "errors": list(self.errors)}

    @classmethod
    def from_dict(cls, data: dict) -> ParticipantRow:
        return cls(**{**data, "errors": tuple(data.get("errors", ()))})

    @property
    def profession_label(self) -> str:
        return Profession(self.profession).label if self.profession else ""

    @property
    def oblast_label(self) -> str:
        return Oblast(self.oblast).label if self.oblast else ""


# --- Reading the file --------------------------------------------------------------------------

def read_participants(*, content: bytes, filename: str) -> list[ParticipantRow]:
    """Every participant row of an uploaded CSV or XLSX file; raises ImportFileError when unusable."""
    return parse_rows(read_table(content=content, filename=filename))


def read_table(*, content: bytes, filename: str) -> list[list[str]]:
    """The cells of the file, row by row, as stripped strings.

    The type is decided by the content, not trusted from the name: an .xlsx must really be a
    spreadsheet (a zip archive openpyxl can open), and a .csv must be UTF-8 text (with or without a BOM).
    """
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB. Split the list into smaller files."))
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if extension == "xlsx":
        if not content.startswith(XLSX_MAGIC):
            raise ImportFileError(_("This file is named .xlsx but is not an Excel spreadsheet. "
                                    "Save it from Excel or LibreOffice as .xlsx, or as CSV UTF-8."))
        return _read_xlsx(content)
    if content.startswith(XLSX_MAGIC):
        raise ImportFileError(_("This file is named .csv but is a spreadsheet archive. Rename it to .xlsx."))
    return _read_csv(content)


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content:
        raise ImportFileError(_("This file is not a text CSV file. Save it as CSV UTF-8."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is not in UTF-8. In Excel choose “CSV UTF-8 (comma delimited)” "
                                "when saving; in LibreOffice choose the UTF-8 character set.")) from error
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                                     delimiter=delimiter)]
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    unreadable = ImportFileError(_("The spreadsheet could not be opened. Save it again as .xlsx, or as CSV UTF-8."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if "[Content_Types].xml" not in {member.filename for member in members}:
                raise unreadable
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(_("The spreadsheet is too large once unpacked."))
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged or foreign archive
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        filled = 0
        for values in sheet.iter_rows(values_only=True):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                filled += 1
                if filled > MAX_ROWS + 1:  # the header and MAX_ROWS people: enough to know it is too long
                    rows.append(cells)
                    break
            rows.append(cells)
        return rows
    except Exception as error:  # a damaged sheet inside a valid archive
        raise unreadable from error
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Checking the rows -------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Case-, space- and apostrophe-insensitive form of a header or a value."""
    text = text.replace("’", "'").replace("ʼ", "'").replace("`", "'").replace("_", " ")
    return " ".join(text.casefold().strip(" *:").split())


def header_columns(header: list[str]) -> dict[str, int]:
    """Which column of the file holds which field; unknown headers are ignored."""
    by_alias = {normalise(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = by_alias.get(normalise(cell))
        if name and name not in columns:
            columns[name] = index
    return columns


SHORTENED_WORDS = (" oblast", " область", " city", "місто ")


@cache
def _choice_lookup(choices: type[TextChoices], language_codes: tuple[str, ...]) -> dict[str, str]:
    """Codes, labels in every language, and labels without "oblast"/"city" when that is unambiguous."""
    lookup: dict[str, str] = {}
    shortened: dict[str, set[str]] = {}
    for value, label in choices.choices:
        spellings = {value}
        for language_code in language_codes:
            with translation.override(language_code):
                spellings.add(str(label))
        for spelling in spellings:
            lookup[normalise(spelling)] = value
            for word in SHORTENED_WORDS:
                if word in spelling:
                    shortened.setdefault(normalise(spelling.replace(word, "")), set()).add(value)
    for spelling, values in shortened.items():
        if len(values) == 1:  # "Kyiv" could be the city or the oblast: not accepted
            lookup.setdefault(spelling, values.pop())
    return lookup


def choice_value(choices: type[TextChoices], text: str) -> str | None:
    """The choice's code for a code or label in any site language (case-insensitive); None if unknown."""
    language_codes = tuple(code for code, _name in settings.LANGUAGES)
    return _choice_lookup(choices, language_codes).get(normalise(text))


def status_value(text: str) -> str | None:
    """"enrolled" or "waitlisted" from a code or a usual word for it in English or Ukrainian; None if unknown."""
    key = normalise(text)
    for status, aliases in STATUS_ALIASES.items():
        if key in {normalise(alias) for alias in aliases}:
            return status
    return choice_value(EnrollmentStatus, text)


def parse_rows(table: list[list[str]]) -> list[ParticipantRow]:
    """Rows of people from the table's cells: the first non-empty row is the header."""
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    (_header_line, header), *body = numbered
    columns = header_columns(header)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(_(
            "The first row must name the columns. Required: name (ПІБ) and email (Ел. пошта); "
            "optional: profession, organisation, oblast, status. Missing: %(missing)s."
        ) % {"missing": ", ".join(missing)})
    if not body:
        raise ImportFileError(_("The file has a header row but no participants."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s participants. Split it into smaller files.")
                              % {"max": MAX_ROWS})

    rows = []
    first_line_of_email: dict[str, int] = {}
    for line, cells in body:
        values = {name: (cells[index].strip() if index < len(cells) else "") for name, index in columns.items()}
        row = check_row(line=line, values=values)
        if row.email and not email_error(row.email):
            if row.email in first_line_of_email:
                row = _with_error(row, _("The same email as row %(line)s.") % {"line": first_line_of_email[row.email]})
            else:
                first_line_of_email[row.email] = line
        rows.append(row)
    return rows


def email_error(email: str) -> str:
    """What is wrong with an (already lower-cased) email address, or "" if nothing."""
    if not email:
        return _("Email is missing.")
    try:
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not a valid email address.") % {"email": email}
    return ""


def _with_error(row: ParticipantRow, error: str) -> ParticipantRow:
    return ParticipantRow(**{**row.to_dict(), "errors": (*row.errors, error)})


def check_row(*, line: int, values: dict[str, str]) -> ParticipantRow:
    """One row, normalised, with every problem found in it."""
    errors = []
    name = " ".join(values.get("name", "").split())
    if not name:
        errors.append(_("Name is missing."))
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(_("The name is longer than %(max)s characters.") % {"max": NAME_MAX_LENGTH})

    email = values.get("email", "").strip().lower().removeprefix("mailto:")
    if error := email_error(email):
        errors.append(error)

    organisation = " ".join(values.get("organisation", "").split())
    if len(organisation) > ORGANISATION_MAX_LENGTH:
        errors.append(_("The organisation is longer than %(max)s characters.") % {"max": ORGANISATION_MAX_LENGTH})

    profession = _choice(lambda text: choice_value(Profession, text), values.get("profession", ""), errors,
                         _("Unknown profession “%(value)s”."))
    oblast = _choice(lambda text: choice_value(Oblast, text), values.get("oblast", ""), errors,
                     _("Unknown oblast “%(value)s”."))
    status = _choice(status_value, values.get("status", ""), errors,
                     _("Unknown status “%(value)s”: use “enrolled” or “waitlisted”."))
    if status and status not in IMPORTABLE_STATUSES:
        errors.append(_("Status “%(value)s” cannot be imported: use “enrolled” or “waitlisted”.")
                      % {"value": values.get("status", "")})
        status = ""
    return ParticipantRow(line=line, name=name, email=email, profession=profession, organisation=organisation,
                          oblast=oblast, status=status, errors=tuple(errors))


def _choice(lookup: Callable[[str], str | None], text: str, errors: list[str], message: str) -> str:
    text = text.strip()
    if not text:
        return ""
    value = lookup(text)
    if value is None:
        errors.append(message % {"value": text})
        return ""
    return value
