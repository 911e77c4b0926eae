"""Upload checks (enrollments/calls/uploads.py): size, extension and the real content type read from the bytes,
never the browser's word."""

import re

import pytest

from enrollments.calls.uploads import (
    DOCX,
    JPEG,
    MB,
    PDF,
    PNG,
    UploadRejected,
    check_upload,
    clean_original_name,
    random_name,
    size_limit_mb,
    sniff,
)
from tests.enrollments.calls.files import docx_bytes, image_bytes, kinds_text, mismatch, pdf_bytes, upload
from tests.helpers import uk

PDF_ONLY, PDF_OR_WORD, IMAGES = ["pdf"], ["pdf", "docx"], ["image"]


def wrong_kind(kinds) -> str:
    return uk("This question accepts only: %(kinds)s.", kinds=kinds_text(kinds))


def too_large(limit: int) -> str:
    return uk("The file is larger than %(limit)d MB.", limit=limit)


@pytest.mark.parametrize(("name", "content", "kinds", "expected"), [
    ("лист.pdf", pdf_bytes(), PDF_ONLY, PDF),
    ("Лист.PDF", pdf_bytes(), PDF_OR_WORD, PDF),
    ("cv.docx", docx_bytes(), PDF_OR_WORD, DOCX),
    ("photo.png", image_bytes("PNG"), IMAGES, PNG),
    ("photo.jpg", image_bytes("JPEG"), IMAGES, JPEG),
    ("photo.jpeg", image_bytes("JPEG"), IMAGES, JPEG),
])
def test_real_files_of_an_accepted_kind_pass(name, content, kinds, expected):
    checked = check_upload(upload=upload(name, content, "application/octet-stream"), kinds=kinds, max_mb=2)
    assert checked.content_type == expected
    assert checked.size == len(content)
    assert checked.extension == name[name.rindex("."):].lower()


@pytest.mark.parametrize(("name", "content", "kinds", "says"), [
    ("letter.pdf", b"MZ\x90\x00 this is a program, not a PDF", PDF_ONLY, mismatch(".pdf", PDF_ONLY)),  # fake PDF
    ("letter.pdf", image_bytes("PNG"), PDF_ONLY, mismatch(".pdf", PDF_ONLY)),  # a PNG renamed .pdf
    ("letter.docx", docx_bytes(with_document=False), PDF_OR_WORD, mismatch(".docx", PDF_OR_WORD)),  # zip, not Word
    ("letter.docx", pdf_bytes(), PDF_OR_WORD, mismatch(".docx", PDF_OR_WORD)),  # a PDF renamed .docx
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, IMAGES, mismatch(".png", IMAGES)),  # PNG header, no image
    ("photo.png", image_bytes("JPEG"), IMAGES, mismatch(".png", IMAGES)),  # a JPEG named .png
    ("photo.png", image_bytes("PNG"), PDF_ONLY, wrong_kind(PDF_ONLY)),  # wrong kind for the question
    ("script.exe", pdf_bytes(), PDF_ONLY, wrong_kind(PDF_ONLY)),  # a PDF inside, but not named as one
    ("noextension", pdf_bytes(), PDF_ONLY, wrong_kind(PDF_ONLY)),
])
def test_wrong_or_disguised_files_are_refused(name, content, kinds, says):
    with pytest.raises(UploadRejected) as refused:
        check_upload(upload=upload(name, content, "application/pdf"), kinds=kinds, max_mb=2)
    assert str(refused.value) == says


def test_the_browsers_content_type_is_not_trusted():
    """A PNG sent as "application/pdf" under a .pdf name is still a PNG."""
    with pytest.raises(UploadRejected):
        check_upload(upload=upload("scan.pdf", image_bytes("PNG"), "application/pdf"), kinds=PDF_ONLY, max_mb=2)


def test_a_file_over_the_questions_limit_is_refused_and_one_at_the_limit_passes():
    at_limit = upload("big.pdf", pdf_bytes(2 * MB))
    assert check_upload(upload=at_limit, kinds=PDF_ONLY, max_mb=2).size == 2 * MB
    with pytest.raises(UploadRejected, match=re.escape(too_large(2))):
        check_upload(upload=upload("big.pdf", pdf_bytes(2 * MB + 1)), kinds=PDF_ONLY, max_mb=2)


def test_the_site_limit_caps_any_questions_limit():
    assert size_limit_mb(50) == 10
    assert size_limit_mb(3) == 3
    with pytest.raises(UploadRejected, match=re.escape(too_large(10))):
        check_upload(upload=upload("huge.pdf", pdf_bytes(10 * MB + 1)), kinds=PDF_ONLY, max_mb=50)


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRejected, match=re.escape(uk("The file is empty."))):
        check_upload(upload=upload("empty.pdf", b""), kinds=PDF_ONLY, max_mb=2)


def test_sniffing_leaves_the_file_ready_to_be_stored():
    file = upload("photo.png", image_bytes("PNG"))
    assert sniff(file) == PNG
    assert file.read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("name", "extension", "expected"), [
    ("Мотиваційний лист.pdf", ".pdf", "Мотиваційний лист.pdf"),
    ("../../etc/passwd.pdf", ".pdf", "passwd.pdf"),
    ("C:\\Users\\Оля\\Резюме.DOCX", ".docx", "Резюме.docx"),
    ('bad<name>:"x"|?*\x00\n.pdf', ".pdf", "bad name x.pdf"),
    (". .pdf", ".pdf", uk("file") + ".pdf"),
    ("a" * 300 + ".pdf", ".pdf", "a" * 116 + ".pdf"),
])
def test_original_names_are_cleaned_for_display(name, extension, expected):
    assert clean_original_name(name, extension) == expected


def test_stored_names_are_random_and_keep_only_the_extension():
    first, second = random_name(".pdf"), random_name(".pdf")
    assert first != second
    assert first.endswith(".pdf") and len(first) == 36
