"""Checks on a file an applicant uploads: size, extension and what the bytes really are.

The browser's content type is never trusted: the kind is read from the file itself (PDF header,
the parts of a Word zip, an image Pillow can verify), and must agree with both the file's extension
and the kinds the question accepts. A file is stored under a random name; the original name, cleaned,
is kept only for display.
"""

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from content.call_blocks import FILE_KINDS, MAX_FILE_MB

MB = 1024 * 1024
PDF, DOCX, JPEG, PNG = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "image/jpeg", "image/png")
# The extensions each real content type may carry.
EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class UploadRejected(ValueError):
    """The file cannot be accepted; the message says why, for the applicant."""


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file that passed the checks, with what it really is."""

    upload: UploadedFile
    content_type: str
    extension: str
    original_name: str
    size: int
    sha256: str = ""  # of the bytes: a file sent again (a double tap, a second tab) is recognised and not rewritten


def size_limit_mb(max_mb: int | None) -> int:
    """The question's limit, never above the site's."""
    return min(max_mb or MAX_FILE_MB, MAX_FILE_MB)


def sniff(upload) -> str | None:
    """The content type the bytes show (PDF, DOCX, JPEG or PNG), or None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())  # the directory only: nothing is unpacked
            return DOCX if {"word/document.xml", "[Content_Types].xml"} <= names else None
        if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
            return {"JPEG": JPEG, "PNG": PNG}.get(image_format)
    except (zipfile.BadZipFile, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return None


def clean_original_name(name: str, extension: str) -> str:
    """The name shown for the file: no folders, control or reserved characters, at most 120 characters."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = os.path.splitext(base)[0]
    stem = " ".join(_UNSAFE.sub(" ", stem).split()).strip(". ")[:120 - len(extension)]
    return f"{stem or _('file')}{extension}"


def content_hash(upload) -> str:
    """The SHA-256 of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def random_name(extension: str) -> str:
    """The name a file is stored under: unguessable, so a path never tells whose file it is."""
    return f"{secrets.token_hex(16)}{extension}"


def accepted_extensions(kinds) -> list[str]:
    return [ext for kind in kinds if kind in FILE_KINDS for ext in FILE_KINDS[kind][2]]


def check_upload(*, upload: UploadedFile, kinds, max_mb: int | None) -> CheckedUpload:
    """The upload with its real content type, or UploadRejected saying what is wrong with it."""
    limit = size_limit_mb(max_mb)
    if upload.size > limit * MB:
        raise UploadRejected(_("The file is larger than %(limit)d MB.") % {"limit": limit})
    if upload.size == 0:
        raise UploadRejected(_("The file is empty."))
    extension = os.path.splitext(upload.name or "")[1].lower()
    allowed_types = {content_type for kind in kinds if kind in FILE_KINDS for content_type in FILE_KINDS[kind][1]}
    allowed_names = ", ".join(str(FILE_KINDS[kind][0]) for kind in kinds if kind in FILE_KINDS)
    if extension not in accepted_extensions(kinds):
        raise UploadRejected(_("This question accepts only: %(kinds)s.") % {"kinds": allowed_names})
    content_type = sniff(upload)
    if content_type is None or extension not in EXTENSIONS[content_type]:
        raise UploadRejected(_("The file's content does not match its name (%(extension)s), or the file is "
                               "damaged. Save it again as %(kinds)s and upload it.")
                             % {"extension": extension, "kinds": allowed_names})
    if content_type not in allowed_types:  # e.g. a real PNG named .png where only .pdf is asked for
        raise UploadRejected(_("This question accepts only: %(kinds)s.") % {"kinds": allowed_names})
    return CheckedUpload(upload=upload, content_type=content_type, extension=extension,
                         original_name=clean_original_name(upload.name or "", extension), size=upload.size,
                         sha256=content_hash(upload))
