"""Download my data (enrollments/privacy/views.py): the logged-in person's own data as JSON, as a readable page in
Ukrainian and English, and as a ZIP with the files they uploaded; nobody else's, never cached, not to be hammered."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.enrollments.privacy.everything import INTERNAL_NOTE, one_of_everything
from tests.factories import CoordinatorFactory, ParticipantFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

PAGE_URL = "/uk/learning/profile/data/"
JSON_URL = "/uk/learning/profile/data.json"
ZIP_URL = "/uk/learning/profile/data.zip"
PROFILE_URL = "/uk/learning/profile/"
# personal_data's 18 and the session's user; the page adds the layout's (menu, language links, site settings).
JSON_QUERIES = ZIP_QUERIES = 19
PAGE_QUERIES = 25  # 23 once the layout's shared parts are cached


@pytest.fixture
def held(tree, participant):
    return one_of_everything(participant, tree)


@pytest.fixture
def other(tree):
    """Another applicant to the same kind of calls, with everything of her own."""
    person = ParticipantFactory(email="iryna@example.org")
    return one_of_everything(person, tree, full_name="Ірина Бойко", tag="b", file_name="Резюме Ірини.pdf")


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def dated(extension: str) -> str:
    return f'attachment; filename="hromada-my-data-{timezone.localdate():%Y-%m-%d}.{extension}"'


def test_the_json_file_holds_everything_and_is_a_private_attachment(learner, participant, held,
                                                                    django_assert_max_num_queries):
    with django_assert_max_num_queries(JSON_QUERIES):
        response = learner.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == dated("json")
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == participant.email
    assert data["profile"]["full_name"] == "Олександра Щербак"
    assert data["enrollments"][0]["attendance"][0]["status"] == "present"
    assert data["quiz_attempts"][0]["answers"][0]["answer"] == "Оцінювання"
    assert data["applications"][0]["answers"][0]["answer"] == "Вчителька початкових класів"
    assert data["files"][0]["name"] == "Лист Олі.pdf"
    assert data["certificates"][0]["code"] == held.certificates[0].display_code
    assert "Олександра Щербак" in response.content.decode()  # written as letters, not \u escapes


def test_the_page_shows_everything_in_ukrainian(learner, participant, held, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = learner.get(PAGE_URL)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = text(response)
    assert f"<h1>{uk('Your data')}</h1>" in html
    for words in ("Олександра Щербак", participant.email, "Кривий Ріг · ", uk("Present"), uk("Enrolled"),
                  uk("Self-enrolled"), "Оцінювання", "Вчителька початкових класів",
                  "До 1 року", uk("Shortlisted"), "Письмова заявка", "Самооцінка виснаження",
                  held.certificates[0].display_code, held.certificates[0].code, uk("Waiting for review"),
                  uk("Case manager")):
        assert words in html, words
    assert "Житло, Здоров’я" in html or "Здоров’я, Житло" in html  # the choices ticked, in the order stored
    assert "<h3>Самооцінка виснаження, спроба 1</h3>" in html  # each attempt headed by its quiz
    file_url = f"/uk/learning/calls/files/{held.files[0].pk}/"
    assert f'<a href="{file_url}">Лист Олі.pdf</a>' in html
    assert f'href="{JSON_URL}"' in html and f'href="{ZIP_URL}"' in html
    assert INTERNAL_NOTE not in html


def test_the_page_in_english(client, participant, held):
    client.force_login(participant)
    response = client.get(PAGE_URL.replace("/uk/", "/en/"))

    assert response.status_code == 200
    html = text(response)
    for words in ("<h1>Your data</h1>", "Trainings and attendance", "Present", "Enrolled", "Self-enrolled",
                  "Applications to open calls", "Shortlisted", "Files you uploaded", "Certificates",
                  "Kyiv time", "Олександра Щербак", "Case manager",
                  '<h3><span lang="uk">Самооцінка виснаження</span>, attempt 1</h3>'):
        assert words in html, words
    assert 'href="/en/learning/profile/data.json"' in html


def test_the_zip_holds_the_json_the_page_and_the_files(learner, participant, held, django_assert_max_num_queries):
    with django_assert_max_num_queries(ZIP_QUERIES):
        response = learner.get(ZIP_URL)
        archive = zip_of(response)  # the files are read while the archive streams

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == dated("zip")
    assert response["Cache-Control"] == "private, no-store"
    assert archive.testzip() is None
    assert archive.namelist() == ["data.json", "data.html", "files/Лист Олі.pdf"]
    assert archive.read("files/Лист Олі.pdf") == held.contents["Лист Олі.pdf"]
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["full_name"] == "Олександра Щербак"
    assert data["files"][0]["in_archive"] == "files/Лист Олі.pdf"
    page = archive.read("data.html").decode()
    assert page.startswith("<!DOCTYPE html>")
    assert '<a href="files/Лист Олі.pdf">Лист Олі.pdf</a>' in page  # beside it in the archive, not on the site
    assert "Олександра Щербак" in page and held.certificates[0].display_code in page
    assert "/learning/calls/files/" not in page and "site-header" not in page


def test_another_persons_data_never_appears(learner, participant, held, other):
    downloads = [learner.get(url) for url in (JSON_URL, PAGE_URL)]
    archive = zip_of(learner.get(ZIP_URL))
    written = [text(response) for response in downloads] + [archive.read(name).decode() for name in
                                                            ("data.json", "data.html")]

    assert [response.status_code for response in downloads] == [200, 200]
    for document in written:
        assert "Олександра Щербак" in document
        for theirs in ("Ірина Бойко", "iryna@example.org", "Резюме Ірини", other.certificates[0].display_code,
                       "Конкурс call-b-0"):
            assert theirs not in document, theirs
    assert archive.namelist() == ["data.json", "data.html", "files/Лист Олі.pdf"]
    assert other.contents["Резюме Ірини.pdf"] not in b"".join(archive.read(name) for name in archive.namelist())


def test_staff_download_only_their_own(client, held, participant):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.get(JSON_URL, {"user": participant.pk, "user_id": participant.pk})

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["account"]["email"] == coordinator.email
    assert data["enrollments"] == [] and data["files"] == []
    assert "Олександра Щербак" not in response.content.decode()


@pytest.mark.parametrize("url", [PAGE_URL, JSON_URL, ZIP_URL])
def test_someone_logged_out_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/uk/accounts/login/?next={url}"


@pytest.mark.parametrize("url", [PAGE_URL, JSON_URL, ZIP_URL])
def test_only_reading_is_allowed(learner, url):
    response = learner.post(url)
    assert response.status_code == 405
    assert response.content == b""


def test_downloads_are_rate_limited_per_person(learner, participant, settings, client):
    settings.PERSONAL_DATA_RATE_LIMIT = "2/h"
    assert learner.get(PAGE_URL).status_code == 200
    assert learner.get(JSON_URL).status_code == 200

    refused = learner.get(ZIP_URL)  # one counter for the page and both files

    assert refused.status_code == 429
    assert uk("Too many requests") in text(refused)
    someone_else = ParticipantFactory()
    client.force_login(someone_else)
    assert client.get(JSON_URL).status_code == 200  # a counter per person, not per address


def test_the_profile_links_to_the_downloads(learner):
    response = learner.get(PROFILE_URL)

    assert response.status_code == 200
    html = text(response)
    assert f"<h2 id=\"your-data-heading\">{uk('Your data')}</h2>" in html
    assert f'<a href="{PAGE_URL}">{uk("See your data on a page")}</a>' in html
    assert f'<a href="{JSON_URL}" download>{uk("Download your data (JSON)")}</a>' in html
    assert f'<a href="{ZIP_URL}" download>{uk("Download your data with your files (ZIP)")}</a>' in html


def test_the_queries_do_not_grow_with_the_records(client, tree, participant):
    one_of_everything(participant, tree, count=1)
    busy = ParticipantFactory()
    one_of_everything(busy, tree, count=3, full_name="Ірина Бойко", tag="b")

    client.force_login(ParticipantFactory())
    for url in (JSON_URL, PAGE_URL, ZIP_URL):
        client.get(url)  # what the layout keeps for every reader alike (menu, language links) is now cached
    counts = {}
    for person in (participant, busy):
        client.force_login(person)
        for url in (JSON_URL, PAGE_URL, ZIP_URL):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200 and body
            counts.setdefault(url, []).append(len(queries))
    assert len(zipfile.ZipFile(io.BytesIO(body)).namelist()) == 2 + 3  # the busy person's three files
    assert counts == {JSON_URL: [counts[JSON_URL][0]] * 2, PAGE_URL: [counts[PAGE_URL][0]] * 2,
                      ZIP_URL: [counts[ZIP_URL][0]] * 2}, counts
    assert max(counts[JSON_URL] + counts[ZIP_URL]) <= JSON_QUERIES and max(counts[PAGE_URL]) <= PAGE_QUERIES


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "Галина <Стецюк>", '<span lang="uk">Галина &lt;Стецюк&gt;</span>'),
    ("en", "Kryvyi Rih", "Kryvyi Rih"),
    ("uk", "Галина", "Галина"),
    ("en", None, ""),
])
def test_what_was_written_in_ukrainian_is_marked_so_on_other_pages(language, text, expected):
    from django.utils import translation

    from enrollments.templatetags.personal_data import as_written

    with translation.override(language):
        assert as_written(text) == expected
