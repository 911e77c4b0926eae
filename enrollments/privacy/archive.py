"""The ZIP a person downloads of their own data: data.json, the readable page, and the files they uploaded.

`safe_file_name` and `archive_names` are the rule for naming an uploaded file inside the archive (pure);
`stream_archive` writes the archive chunk by chunk as the response is sent, so a person with many large files never
holds the whole archive in memory, and the files are read through their storage (local disk or a private bucket).
"""

from __future__ import annotations

import io
import logging
import os
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.files.storage import Storage

logger = logging.getLogger(__name__)

FILES_FOLDER = "files"
MAX_NAME_LENGTH = 120  # characters: some unzip tools and file systems refuse longer names
FALLBACK_NAME = "file"
# Refused by Windows, or meaning something to a shell or an unzip tool; control characters are dropped too.
_FORBIDDEN = set('<>:"/\\|?*')
CHUNK_SIZE = 64 * 1024


def safe_file_name(name: str) -> str:
    """An uploaded file's original name made safe to unpack anywhere: no folders (a "../" would climb out of the
    folder it is unpacked into), no control or reserved characters, no leading dots (hidden files), at most
    MAX_NAME_LENGTH characters with the extension kept; "file" when nothing is left."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name
                   if char not in _FORBIDDEN and not unicodedata.category(char).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    stem, extension = os.path.splitext(name)
    if len(extension) > 16:  # not an extension, just a dot in a long name
        stem, extension = name, ""
    name = stem[:MAX_NAME_LENGTH - len(extension)].rstrip(" .") + extension
    return name if name.strip(" .") and name not in (".", "..") and stem.strip(" .") else FALLBACK_NAME + extension


def archive_names(names: Iterable[str]) -> list[str]:
    """Each name's path in the archive (files/<safe name>), in order; a repeated name gets " (2)", " (3)"… before
    its extension, so no file hides another."""
    taken: set[str] = set()
    paths = []
    for name in names:
        safe = safe_file_name(name)
        stem, extension = os.path.splitext(safe)
        candidate, number = safe, 1
        while candidate.casefold() in taken:  # case-insensitive file systems (Windows, macOS) would merge them
            number += 1
            candidate = f"{stem} ({number}){extension}"
        taken.add(candidate.casefold())
        paths.append(f"{FILES_FOLDER}/{candidate}")
    return paths


@dataclass(frozen=True)
class StoredFile:
    """One uploaded file to put in the archive: where it lies in its storage, and its path in the archive."""

    storage: Storage
    name: str
    path: str


class _Pipe(io.RawIOBase):
    """Where zipfile writes: it keeps what was written until the generator hands it on. Not seekable, so zipfile
    writes each entry's sizes after its data (a data descriptor) instead of seeking back."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def stream_archive(*, documents: dict[str, bytes], files: list[StoredFile]) -> Iterator[bytes]:
    """The ZIP of `documents` (path → bytes) then `files`, chunk by chunk. A file missing from its storage is left
    out (and logged) rather than breaking a download already under way."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in documents.items():
            archive.writestr(path, content)
            yield pipe.take()
        for stored in files:
            try:
                handle = stored.storage.open(stored.name, "rb")
            except (FileNotFoundError, OSError):
                logger.warning("An uploaded file is missing from its storage: %s", stored.name)
                continue
            with handle, archive.open(stored.path, "w") as entry:
                for chunk in handle.chunks(CHUNK_SIZE):
                    entry.write(chunk)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()
