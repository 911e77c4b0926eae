"""Public media from local disk (lms/operations/media.py): images and renditions, never private files or documents."""

import pytest
from django.utils.http import http_date

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n fake but enough"


@pytest.fixture
def media(settings):
    """MEDIA_ROOT and PRIVATE_MEDIA_ROOT side by side (tests/conftest.py gives each test its own), with files."""
    root, private = settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT
    for path, content in {
        root / "images" / "photo.width-800.png": PNG,
        root / "original_images" / "photo.png": PNG,
        root / "original_images" / "drawing.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        root / "uploads" / "notes.html": b"<script>alert(1)</script>",
        root / "documents" / "handbook.pdf": b"%PDF-1.7 private collection",
        private / "applications" / "passport.pdf": b"%PDF-1.7 someone's passport",
    }.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.usefixtures("media")
def test_a_rendition_is_served_inline_and_cached_long(client):
    response = client.get("/media/images/photo.width-800.png")

    assert response.status_code == 200
    assert body(response) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=2592000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies


@pytest.mark.usefixtures("media")
def test_an_original_image_is_served_with_a_shorter_cache(client):
    response = client.get("/media/original_images/photo.png")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("path", ["original_images/drawing.svg", "uploads/notes.html"])
def test_anything_but_a_raster_image_is_downloaded_not_shown(client, path):
    response = client.get(f"/media/{path}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.usefixtures("media")
def test_an_unchanged_file_is_not_sent_again(client):
    first = client.get("/media/images/photo.width-800.png")

    again = client.get("/media/images/photo.width-800.png", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("path", [
    "/media/images/missing.png",
    "/media/../private-media/applications/passport.pdf",
    "/media/%2e%2e/private-media/applications/passport.pdf",
    "/media/images/../../private-media/applications/passport.pdf",
    "/media//etc/passwd",
    "/media/documents/handbook.pdf",
    "/media/images/../documents/handbook.pdf",
])
def test_missing_private_and_outside_files_are_not_found(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"PDF" not in response.content


def test_private_files_inside_media_root_are_still_not_served(client, settings, media):
    """Should PRIVATE_MEDIA_ROOT ever lie inside MEDIA_ROOT (production refuses to start so), it stays private."""
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    (media / "private").mkdir()
    (media / "private" / "passport.png").write_bytes(PNG)

    assert client.get("/media/private/passport.png").status_code == 404


def test_a_symlink_out_of_media_root_is_not_followed(client, settings, media):
    (media / "images" / "escape.pdf").symlink_to(settings.PRIVATE_MEDIA_ROOT / "applications" / "passport.pdf")

    assert client.get("/media/images/escape.pdf").status_code == 404


@pytest.mark.usefixtures("media")
def test_nothing_is_served_when_the_web_server_serves_media(client, settings):
    settings.SERVE_MEDIA = False

    assert client.get("/media/images/photo.width-800.png").status_code == 404


@pytest.mark.usefixtures("media")
def test_nothing_is_served_from_disk_when_media_lives_in_object_storage(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "content.storage.PrivateStorage"}}

    assert client.get("/media/images/photo.width-800.png").status_code == 404


@pytest.mark.usefixtures("media")
def test_only_reads_are_answered(client):
    assert client.post("/media/images/photo.width-800.png").status_code == 405


def test_last_modified_is_the_files(client, media):
    path = media / "images" / "photo.width-800.png"

    response = client.get("/media/images/photo.width-800.png")

    assert response["Last-Modified"] == http_date(path.stat().st_mtime)
