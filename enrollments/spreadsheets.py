"""Spreadsheet files people download: CSV that Excel opens with its Cyrillic intact, and Excel workbooks.

Rows are plain values (text, whole and decimal numbers, moments, yes/no, None for nothing) and every export
writes them alike: numbers with a decimal point and no trailing zeros, yes and no in the reader's language, and
moments in the site's time (Kyiv), as every page shows them: 2026-03-01 14:05 in CSV, a date and time without a
zone in Excel, under a heading that names the zone (`moment_heading`). Text that came from people never reaches
a spreadsheet as a formula: a CSV cell starting with = + - @ (or a tab or carriage return) gets a leading
apostrophe, an Excel cell is stored as text. CSV is streamed (UTF-8 with a byte-order mark, so Excel keeps the
Cyrillic); an Excel file is built in the request, which is fine for hundreds or a few thousand rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Cells ---------------------------------------------------------------------------------------

def safe_text(value: object) -> str:
    """Text as a spreadsheet should show it, never as a formula; empty for no value."""
    value = str(value or "")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def number(value: Decimal | int | None) -> str:
    """4.00 → "4", 72.50 → "72.5", -5 → "-5" (a number, not a formula); empty for no value."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def local_moment(value: datetime) -> datetime:
    """The moment as the site's clock (Kyiv, settings.TIME_ZONE) reads it, without a zone.

    The one place where exports turn a moment into local time: CSV text, Excel cells (which hold no zone) and the
    admin's own exports all call it, so a file says what the pages said. The site's zone, not the current one: a
    streamed file is written after the view has returned, and the admin offers no other zone anyway.
    """
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)


def moment_heading(heading: object) -> str:
    """A column heading for moments, naming their zone: "Submitted (Kyiv time)"."""
    return _("%(heading)s (Kyiv time)") % {"heading": heading}


def moment(value: datetime | None) -> str:
    """2026-03-01 14:05 in the site's time (Kyiv); empty for no value."""
    return local_moment(value).strftime("%Y-%m-%d %H:%M") if value else ""


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def csv_cell(value: object) -> str:
    """One plain value as CSV text: moments, yes/no and numbers formatted, anything else as safe text."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (int, Decimal)):
        return number(value)
    return safe_text(value)


def xlsx_cell(value: object) -> object:
    """One plain value as Excel stores it: numbers stay numbers, moments lose their zone, text loses what Excel
    refuses."""
    if isinstance(value, datetime):
        return local_moment(value)  # Excel has no time zones: the site's own (Kyiv) time, as the admin shows it
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters a form let through; Excel refuses them
    return value


# --- Files ---------------------------------------------------------------------------------------

def dated_name(*parts: str) -> str:
    """A file name without its extension, dated the day of the export: e.g. session-12-knowledge-gain-2026-06-01."""
    return "-".join([*parts, timezone.localdate().isoformat()])


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A streamed `<filename>.csv` download of the header and rows, each cell through `csv_cell`.

    Rows may be a generator: they are read while the response is sent, in the request's language.
    """
    writer = csv.writer(_Echo())
    language = translation.get_language()  # the rows are written after the view returns, outside its language

    def lines() -> Iterator[str]:
        with translation.override(language):
            yield BOM + writer.writerow([csv_cell(cell) for cell in header])
            for row in rows:
                yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(*, filename: str, title: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A `<filename>.xlsx` download: one sheet named `title`, a bold frozen header, each cell through `xlsx_cell`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    for row in [header, *rows]:
        sheet.append([xlsx_cell(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that starts with "=": keep it text, never a formula
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def download(*, file_format: str, filename: str, title: str, header: Sequence,
             rows: Iterable[Sequence]) -> HttpResponse:
    """The same header and rows as `<filename>.csv` or, for "xlsx", an Excel workbook with a sheet named `title`.

    Every download is offered in both: CSV for any program, Excel for a reader whose Excel would guess the
    CSV's encoding or separator wrong (a Ukrainian Excel expects semicolons).
    """
    if file_format == "xlsx":
        return xlsx_response(filename=filename, title=title, header=header, rows=rows)
    return csv_response(filename=filename, header=header, rows=rows)
