"""Files as applicants upload them, for the upload, apply and file tests: real PDF, Word and image bytes, the upload
a browser sends, and the refusal for bytes that are not what their name says."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.helpers import uk


def pdf_bytes(size: int = 0) -> bytes:
    """A minimal PDF, padded to `size` bytes when asked."""
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body + b"%" * max(0, size - len(body))


def docx_bytes(*, with_document: bool = True) -> bytes:
    """A minimal Word document: a zip with the content types and, unless told otherwise, word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        if with_document:
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def image_bytes(image_format: str = "PNG") -> bytes:
    """A tiny real image in `image_format`."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(buffer, image_format)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """An uploaded file; the content type is what a browser (or an attacker) claims, and is never read."""
    return SimpleUploadedFile(name, content, content_type=content_type)


KIND_NAMES = {"pdf": "PDF", "docx": "Word document (.docx)", "image": "Photo or scan (JPEG, PNG)"}


def kinds_text(kinds) -> str:
    """The accepted kinds of file as the refusals name them to a Ukrainian reader."""
    return ", ".join(uk(KIND_NAMES[kind]) for kind in kinds)


def mismatch(extension: str, kinds) -> str:
    """The refusal for bytes that are not what the name says, as a Ukrainian reader sees it."""
    return uk("The file's content does not match its name (%(extension)s), or the file is damaged. Save it "
              "again as %(kinds)s and upload it.", extension=extension, kinds=kinds_text(kinds))
