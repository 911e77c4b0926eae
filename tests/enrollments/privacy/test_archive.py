"""The ZIP of "Download my data" (enrollments/privacy/archive.py): uploaded files named so they unpack safely
anywhere and never hide one another, written chunk by chunk, read through their storage."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage

from enrollments.privacy.archive import MAX_NAME_LENGTH, StoredFile, archive_names, safe_file_name, stream_archive


@pytest.mark.parametrize(("name", "safe"), [
    ("Лист Олі.pdf", "Лист Олі.pdf"),  # Ukrainian names and spaces stay as the person wrote them
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("C:\\Users\\Оля\\CV.docx", "CV.docx"),
    ("/absolute/path.pdf", "path.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("резюме\x00.pdf\x1b", "резюме.pdf"),
    ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
    ("  пробіли   всередині  .pdf", "пробіли всередині.pdf"),
    ("..", "file"),
    ("", "file"),
    (".pdf", "pdf"),
    ("...", "file"),
])
def test_a_file_name_is_made_safe_to_unpack(name, safe):
    assert safe_file_name(name) == safe


def test_a_long_name_is_cut_with_its_extension_kept():
    safe = safe_file_name("я" * 300 + ".pdf")
    assert len(safe) == MAX_NAME_LENGTH
    assert safe.endswith("я.pdf")


def test_no_file_hides_another():
    assert archive_names(["CV.pdf", "cv.pdf", "CV.pdf", "../CV.pdf", "Лист.docx"]) == [
        "files/CV.pdf", "files/cv (2).pdf", "files/CV (3).pdf", "files/CV (4).pdf", "files/Лист.docx"]


def test_the_archive_holds_the_documents_then_the_files_read_from_their_storage():
    storage = InMemoryStorage()
    big = bytes(range(256)) * 1024  # larger than one chunk: written in pieces
    stored = storage.save("applications/1/a8f3.pdf", ContentFile(big))
    files = [StoredFile(storage=storage, name=stored, path="files/Лист.pdf"),
             StoredFile(storage=storage, name="applications/1/gone.pdf", path="files/Зник.pdf")]

    chunks = list(stream_archive(documents={"data.json": b"{}", "data.html": "<p>Дані</p>".encode()}, files=files))

    assert len(chunks) > 3
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.namelist() == ["data.json", "data.html", "files/Лист.pdf"]  # a vanished file is left out
    assert archive.read("files/Лист.pdf") == big
    assert archive.read("data.html").decode() == "<p>Дані</p>"
    assert archive.getinfo("files/Лист.pdf").compress_type == zipfile.ZIP_DEFLATED
