"""Which release of the code is serving: part of the keys of what the shared cache keeps rendered (whole pages,
public fragments, page layouts), so that a deploy never serves markup or values the previous code produced.

The generation number counts changes to the data; it does not move when a deploy changes a template, a template tag
or a translation, and Redis keeps what the old code rendered for hours. RELEASE (an environment variable: a commit
id or a version, the same on every app server of one release) names the release; without it, each process takes a
digest of the names, sizes and modification times of the code it serves (the project's Python, templates and
compiled translations, and the static files' manifest), which a new checkout or install changes.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

# What decides the markup and values the caches keep, relative to BASE_DIR.
CODE = ("lms", "content", "courses", "enrollments", "certificates", "templates", "locale")
SUFFIXES = {".py", ".html", ".txt", ".mo"}
DIGEST_LENGTH = 12


@functools.cache
def release() -> str:
    """RELEASE when set, else a digest of the code on disk; computed once per process."""
    configured = str(getattr(settings, "RELEASE", "") or "").strip()
    return configured or code_digest(Path(settings.BASE_DIR), static_root=getattr(settings, "STATIC_ROOT", None))


def code_digest(base: Path, *, static_root: str | Path | None = None) -> str:
    digest = hashlib.sha256()
    files = [path for folder in CODE for path in (base / folder).rglob("*") if path.suffix in SUFFIXES]
    if static_root:
        files.append(Path(static_root) / "staticfiles.json")
    for path in sorted(files):
        try:
            found = path.stat()
        except OSError:  # gone meanwhile, or no manifest (DEBUG serves static files unhashed)
            continue
        digest.update(f"{path.relative_to(base) if path.is_relative_to(base) else path}:{found.st_size}:"
                      f"{found.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:DIGEST_LENGTH]
