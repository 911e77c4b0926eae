"""The spreadsheet writers every export shares: cells, CSV and Excel files (no database)."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from enrollments.spreadsheets import (
    BOM,
    XLSX_TYPE,
    csv_cell,
    csv_response,
    dated_name,
    download,
    local_moment,
    moment,
    moment_heading,
    number,
    safe_text,
    xlsx_cell,
    xlsx_response,
    yes_no,
)
from tests.helpers import uk

NOON_UTC = datetime(2026, 3, 1, 12, 5, tzinfo=UTC)  # 14:05 in Kyiv (winter time)


# --- Cells ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "shown"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+380 50 000 00 00", "'+380 50 000 00 00"), ("-1", "'-1"),
    ("@cmd", "'@cmd"), ("\tTab", "'\tTab"), ("\rReturn", "'\rReturn"),
    ("Олена = вчителька", "Олена = вчителька"), ("", ""), (None, ""), ("'quoted", "'quoted"),
])
def test_safe_text_never_lets_a_cell_start_a_formula(value, shown):
    assert safe_text(value) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("4.00"), "4"), (Decimal("72.50"), "72.5"), (Decimal("-83.3"), "-83.3"), (-5, "-5"), (0, "0"),
    (Decimal("1E+1"), "10"), (None, ""),
])
def test_numbers_have_a_decimal_point_and_no_trailing_zeros(value, shown):
    assert number(value) == shown


def test_moments_are_local_time_to_the_minute():
    assert moment(NOON_UTC) == "2026-03-01 14:05"
    assert moment(None) == ""


def test_moments_are_kyiv_time_whatever_the_current_zone():
    late_evening = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # already 2 July in Kyiv (summer time)
    with timezone.override("UTC"):  # a streamed file is written after the view, outside any zone it chose
        assert local_moment(late_evening) == datetime(2026, 7, 2, 0, 30)
        assert local_moment(late_evening).tzinfo is None  # Excel stores no zone
        assert moment(late_evening) == "2026-07-02 00:30"
        assert xlsx_cell(late_evening) == datetime(2026, 7, 2, 0, 30)


def test_moment_headings_name_the_zone():
    with translation.override("en"):
        assert moment_heading(gettext_lazy("Submitted")) == "Submitted (Kyiv time)"


def test_yes_and_no_are_in_the_reader_language():
    assert (yes_no(True), yes_no(False), yes_no(None)) == (uk("yes"), uk("no"), "")


@pytest.mark.parametrize(("value", "shown"), [
    (NOON_UTC, "2026-03-01 14:05"), (True, "yes"), (False, "no"), (7, "7"), (Decimal("-5.0"), "-5"),
    ("-5", "'-5"), ("=1+1", "'=1+1"), (None, ""), (gettext_lazy("Reviews"), "Reviews"),
])
def test_csv_cells_take_plain_values(value, shown):
    with translation.override("en"):
        assert csv_cell(value) == shown


def test_xlsx_cells_keep_numbers_drop_the_zone_and_what_excel_refuses():
    assert xlsx_cell(NOON_UTC) == datetime(2026, 3, 1, 14, 5)
    with translation.override("en"):
        assert xlsx_cell(gettext_lazy("Reviews")) == "Reviews"
    assert xlsx_cell("Оля\x0bКоваль\x01") == "ОляКоваль"
    assert (xlsx_cell(Decimal("83.4")), xlsx_cell(2), xlsx_cell(None)) == (Decimal("83.4"), 2, None)


def test_file_names_are_dated_the_day_of_the_export():
    assert dated_name("session-12", "knowledge-gain") == f"session-12-knowledge-gain-{timezone.localdate():%Y-%m-%d}"


# --- Files ---------------------------------------------------------------------------------------

def test_csv_is_streamed_with_a_bom_and_read_in_the_language_of_the_request():
    read = []

    def rows():
        for row in (["=HYPERLINK(\"x\")", Decimal("-5"), True], ["Олена", 3, None]):
            read.append(row)
            yield row

    with translation.override("en"):
        response = csv_response(filename="call-1-team-2026-03-01", header=["Name", "Gain", "Passed"], rows=rows())

    assert response.streaming and read == []  # nothing is read before the file is sent
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="call-1-team-2026-03-01.csv"'
    with translation.override("uk"):  # the response is sent after the view has left its language
        body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    assert list(csv.reader(io.StringIO(body[1:]))) == [
        ["Name", "Gain", "Passed"], ["'=HYPERLINK(\"x\")", "-5", "yes"], ["Олена", "3", ""]]


def test_xlsx_has_a_bold_frozen_header_numbers_as_numbers_and_formulas_as_text():
    title = "Заявки на відкритий конкурс для вчителів 2026"
    response = xlsx_response(filename="call-1-applications", title=title, header=["Ім'я", "Бал", "Подано"],
                             rows=[["=1+1", Decimal("83.4"), NOON_UTC]])

    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="call-1-applications.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == title[:31] and len(sheet.title) == 31  # Excel's limit
    assert [cell.font.bold for cell in sheet[1]] == [True, True, True] and sheet.freeze_panes == "A2"
    name, score, sent = sheet[2]
    assert (name.value, name.data_type) == ("=1+1", "s")
    assert (float(score.value), score.data_type) == (83.4, "n")
    assert sent.value == datetime(2026, 3, 1, 14, 5)


@pytest.mark.parametrize(("file_format", "content_type"), [("csv", "text/csv; charset=utf-8"), ("xlsx", XLSX_TYPE)])
def test_download_writes_the_same_rows_in_either_format(file_format, content_type):
    response = download(file_format=file_format, filename="session-1-gain", title="Приріст",
                        header=["Ім'я", "Бал"], rows=[["Олена", 3]])

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="session-1-gain.{file_format}"'
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.title == "Приріст"
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Ім'я", "Бал"], ["Олена", 3]]
    else:
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert list(csv.reader(io.StringIO(body))) == [["Ім'я", "Бал"], ["Олена", "3"]]
