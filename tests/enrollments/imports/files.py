"""Participant lists as a coordinator uploads them, for the import tests: CSV and Excel bytes, a header, two rows."""

from io import BytesIO

from openpyxl import Workbook

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
