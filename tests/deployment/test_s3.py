"""Media and private files in S3-compatible object storage (MEDIA_STORAGE=s3, lms/operations/storage.py), against a
local moto server: what editors upload is public under media/, what applicants upload stays private under private/
and reaches only those the app lets see it."""

import io
import urllib.error
import urllib.request

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from enrollments.calls.models import ApplicationFile
from lms.reports import exports
from lms.reports.models import ExportJob
from tests.content.factories import add_call, add_news
from tests.enrollments.calls.files import pdf_bytes, upload
from tests.enrollments.calls.pages import COMPLETE, apply_url, posted
from tests.enrollments.factories import ProfileFactory
from tests.factories import CoordinatorFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def anonymous_get(url: str) -> tuple[int, bytes]:
    """A GET from anyone on the internet: no keys, no signature."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the local test server
            return response.status, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, b""


def keys(s3_client, bucket: str) -> set[str]:
    return {item["Key"] for item in s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (320, 240), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_editor_uploads_an_image_and_its_renditions_are_public_in_the_bucket(
        client, tree, s3_bucket, s3_client, s3_endpoint, settings):
    client.force_login(CoordinatorFactory())
    response = client.post(reverse("wagtailimages:add"), {
        "title": "Тренінг у Марганці", "collection": Collection.get_first_root_node().pk,
        "file": upload("training.png", png_bytes(), "image/png")})

    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get()
    assert f"media/{image.file.name}" in keys(s3_client, s3_bucket)
    assert anonymous_get(image.file.url)[0] == 403  # the original, with whatever its camera wrote, is not public
    assert not (settings.MEDIA_ROOT / image.file.name).exists()  # nothing on this machine's disk
    assert image.file.storage is default_storage  # Wagtail's field follows STORAGES["default"]

    rendition = image.get_rendition("fill-100x100")
    assert f"media/{rendition.file.name}" in keys(s3_client, s3_bucket)
    assert rendition.url.startswith(f"{s3_endpoint}/{s3_bucket}/media/images/")
    assert "Signature" not in rendition.url  # a plain link that cached pages may keep
    status, body = anonymous_get(rendition.url)
    assert status == 200 and PillowImage.open(io.BytesIO(body)).size == (100, 100)

    news = add_news(tree.news, slug="training", image=image, image_alt="Учасники тренінгу")
    page = client.get(news.url).content.decode()
    shown = image.get_rendition("width-800")
    assert f'src="{shown.url}"' in page and shown.url.startswith(f"{s3_endpoint}/{s3_bucket}/media/images/")
    assert f"media/{shown.file.name}" in keys(s3_client, s3_bucket)


def test_a_document_is_kept_in_the_bucket_and_served_through_the_site(client, s3_bucket, s3_client, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"  # as production sets it: Wagtail checks collection privacy
    client.force_login(CoordinatorFactory())
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "Програма тренінгу", "collection": Collection.get_first_root_node().pk,
        "file": upload("programme.pdf", pdf_bytes())})

    assert response.status_code == 302, response.content[:2000]
    document = get_document_model().objects.get()
    assert f"media/{document.file.name}" in keys(s3_client, s3_bucket)
    assert anonymous_get(document.file.url)[0] == 403  # only through the site, never a bucket link
    client.logout()
    served = client.get(document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == pdf_bytes()


@pytest.fixture
def applicant(participant):
    ProfileFactory(user=participant, community="Марганецька громада", profession="teacher")
    return participant


def test_an_applicants_file_is_private_in_the_bucket_and_served_only_through_the_app(
        client, tree, applicant, s3_bucket, s3_client, s3_endpoint, settings):
    call = add_call(tree.home)
    client.force_login(applicant)
    response = client.post(apply_url(call), posted(call, "submit", **COMPLETE, file=upload("Лист.pdf", pdf_bytes())))
    assert response.status_code == 302

    record = ApplicationFile.objects.get()
    key = f"private/{record.file.name}"
    assert key in keys(s3_client, s3_bucket)
    assert s3_client.get_object(Bucket=s3_bucket, Key=key)["Body"].read() == pdf_bytes()
    assert not settings.PRIVATE_MEDIA_ROOT.exists() or not any(settings.PRIVATE_MEDIA_ROOT.rglob("*.pdf"))
    assert anonymous_get(f"{s3_endpoint}/{s3_bucket}/{key}")[0] == 403  # the plain link opens nothing
    assert anonymous_get(record.file.url) == (200, pdf_bytes())  # a signed link, short-lived, would

    download = f"/uk/learning/calls/files/{record.pk}/"
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(ParticipantFactory())
    assert client.get(download).status_code == 404
    client.logout()
    refused = client.get(download)
    assert refused.status_code == 302 and refused.url.startswith("/uk/accounts/login/?next=")


def test_a_background_participant_export_is_written_to_the_private_bucket(
        client, tree, s3_bucket, s3_client, s3_endpoint, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(exports, "BACKGROUND_FROM", 0)  # every export in the background, however small
    analyst = CoordinatorFactory()
    analyst.user_permissions.add(Permission.objects.get(content_type__app_label="reports",
                                                        codename="export_participants"))
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/reports/participants/csv/")

    export = ExportJob.objects.get()
    assert export.status == "done"
    key = f"private/{export.file.name}"
    assert key in keys(s3_client, s3_bucket)
    assert anonymous_get(f"{s3_endpoint}/{s3_bucket}/{key}")[0] == 403

    response = client.get(f"/admin/reports/participants/exports/{export.pk}/file/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content == s3_client.get_object(Bucket=s3_bucket, Key=key)["Body"].read()
    assert content.startswith(b"\xef\xbb\xbf")  # the CSV as spreadsheets open it
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private, no-store")  # the admin adds its own never_cache
    client.force_login(CoordinatorFactory())  # without the export permission
    assert client.get(f"/admin/reports/participants/exports/{export.pk}/file/").status_code in (302, 403)
