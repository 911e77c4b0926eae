"""The pseudonymised participant export names nobody, yet it is these people's records: the access log says whose."""

import pytest
from django.contrib.auth.models import Permission

from enrollments.privacy.models import AccessRecord
from lms.reports import exports
from lms.reports.models import ExportJob
from tests.enrollments.access_records import logged
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

PARTICIPANTS = "/admin/reports/participants/{}/"
PARTICIPANT_QUERIES = 14  # tests/lms/reports/test_exports.py


@pytest.fixture
def world(tree):
    from tests.lms.reports.world import build_world

    return build_world(tree.course)


@pytest.fixture
def analyst(client):
    user = CoordinatorFactory()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="reports",
                                                     codename="export_participants"))
    client.force_login(user)
    return user


def _people(world) -> set[int]:
    return {place.user_id for place in world.people.values()}


def test_each_export_logs_every_person_in_it(client, world, analyst, django_assert_max_num_queries):
    with django_assert_max_num_queries(PARTICIPANT_QUERIES):
        response = client.get(PARTICIPANTS.format("csv"), {"project": world.project.pk})
    assert response.status_code == 200 and len(b"".join(response.streaming_content).splitlines()) == 16
    client.get(PARTICIPANTS.format("xlsx"), {"project": world.project.pk})

    rows = logged()
    assert {subject for subject, *_rest in rows} == _people(world) and len(rows) == 2 * len(_people(world))
    assert {(viewer, kind, what) for _subject, viewer, kind, what in rows} == {
        (analyst.pk, "export", "participant_export")}
    record = AccessRecord.objects.first()
    assert record.path == PARTICIPANTS.format("xlsx") and "UA-2026-01" in record.object_label


def test_a_background_export_is_logged_when_its_file_is_downloaded(client, world, analyst, monkeypatch,
                                                                   django_capture_on_commit_callbacks, settings,
                                                                   tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setattr(exports, "BACKGROUND_FROM", 10)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PARTICIPANTS.format("csv") + f"?project={world.project.pk}")
    export = ExportJob.objects.get()
    assert not AccessRecord.objects.exists()  # asked for, not yet downloaded

    response = client.get(f"/admin/reports/participants/exports/{export.pk}/file/")

    assert response.status_code == 200 and len(b"".join(response.streaming_content).splitlines()) == 16
    assert {subject for subject, *_rest in logged(kind="export")} == _people(world)
    assert AccessRecord.objects.count() == len(_people(world))


def test_a_refused_export_logs_nothing(client, world):
    client.force_login(CoordinatorFactory())
    assert client.get(PARTICIPANTS.format("csv"), {"project": world.project.pk}).status_code in (302, 403)
    assert not AccessRecord.objects.exists()
