"""Writing the access log (enrollments/privacy/access.py): one query per view, repeats within the window skipped,
exports always written, nobody logged for their own records, old records pruned."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from enrollments.privacy import access
from enrollments.privacy.access import AccessWhat, prune_access_records, record_access, what_label
from enrollments.privacy.models import AccessKind, AccessRecord
from tests.enrollments.access_records import logged
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer():
    return TrainerFactory()


@pytest.fixture
def people():
    return [ParticipantFactory() for _ in range(3)]


def _view(viewer, subjects, **overrides):
    arguments = {"viewer": viewer, "subjects": subjects, "what": AccessWhat.ROSTER,
                 "object_label": "Ведення випадку · 2026-03-02", "path": "/uk/learning/trainer/days/1/"}
    return record_access(**{**arguments, **overrides})


def test_one_row_per_person_in_one_query(viewer, people, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert _view(viewer, people) == 3

    assert logged() == sorted((person.pk, viewer.pk, "view", "roster") for person in people)
    record = AccessRecord.objects.get(subject=people[0])
    assert record.object_label == "Ведення випадку · 2026-03-02" and record.path == "/uk/learning/trainer/days/1/"
    assert timezone.now() - record.at < timedelta(minutes=1)


def test_ids_and_users_alike_and_each_person_once(viewer, people):
    assert _view(viewer, [people[0], people[0].pk, people[1], None]) == 2
    assert {subject for subject, *_rest in logged()} == {people[0].pk, people[1].pk}


def test_nobody_is_logged_for_their_own_records(viewer, people, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _view(viewer, [viewer]) == 0
    assert _view(viewer, [viewer, people[0]]) == 1
    assert logged() == [(people[0].pk, viewer.pk, "view", "roster")]


def test_nobody_logged_in_writes_nothing(people):
    from django.contrib.auth.models import AnonymousUser

    assert _view(AnonymousUser(), people) == 0 and _view(None, people) == 0
    assert not AccessRecord.objects.exists()


def test_the_same_view_again_within_the_window_costs_no_query(viewer, people, django_assert_num_queries):
    _view(viewer, people)

    with django_assert_num_queries(0):
        assert _view(viewer, list(reversed(people))) == 0  # the same people in another order: the same view

    assert AccessRecord.objects.count() == 3


def test_a_view_showing_other_people_is_written_at_once(viewer, people):
    _view(viewer, people[:2])
    assert _view(viewer, people) == 3
    assert AccessRecord.objects.filter(subject=people[2]).count() == 1
    assert AccessRecord.objects.count() == 5


def test_another_viewer_page_or_thing_is_another_view(viewer, people):
    _view(viewer, people[:1])
    assert _view(TrainerFactory(), people[:1]) == 1
    assert _view(viewer, people[:1], path="/uk/learning/trainer/days/2/") == 1
    assert _view(viewer, people[:1], what=AccessWhat.SIGN_IN_SHEET) == 1
    assert AccessRecord.objects.count() == 4


def test_after_the_window_the_view_is_written_again(viewer, people, settings):
    settings.ACCESS_LOG_REPEAT_SECONDS = 600
    _view(viewer, people[:1])
    cache.clear()  # what ten minutes do to the remembered view

    assert _view(viewer, people[:1]) == 1
    assert AccessRecord.objects.count() == 2


def test_every_export_is_written(viewer, people):
    for _ in range(2):
        assert _view(viewer, people, kind=AccessKind.EXPORT, what=AccessWhat.APPLICATIONS_EXPORT) == 3
    assert len(logged(kind="export")) == 6


def test_a_large_export_is_written_in_batches(viewer, django_assert_max_num_queries):
    subjects = [ParticipantFactory().pk for _ in range(1200)]
    with django_assert_max_num_queries(len(subjects) // 100):  # batched, never a query per person
        assert _view(viewer, subjects, kind=AccessKind.EXPORT, what=AccessWhat.PARTICIPANT_EXPORT) == 1200
    assert AccessRecord.objects.filter(kind="export").count() == 1200


def test_without_a_cache_the_view_is_written_rather_than_lost(viewer, people, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(access.cache, "add", unreachable)
    assert _view(viewer, people) == 3
    assert _view(viewer, people) == 3


def test_a_failed_write_is_tried_again_on_the_next_view(viewer, people, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(AccessRecord.objects, "bulk_create", broken)
        with pytest.raises(DatabaseError):
            _view(viewer, people)

    assert _view(viewer, people) == 3


def test_labels_and_long_values_fit_the_columns(viewer, people):
    _view(viewer, people[:1], object_label="Довга назва " * 40, path="/" + "a" * 600)
    record = AccessRecord.objects.get()
    assert len(record.object_label) == 300 and len(record.path) == 500
    assert what_label("roster") == uk("Day roster")
    assert what_label("something_else") == "something_else"


def test_prune_deletes_only_older_records(viewer, people):
    _view(viewer, people)
    old = AccessRecord.objects.filter(subject__in=people[:2])
    old.update(at=timezone.now() - timedelta(days=800))

    assert prune_access_records(before=timezone.now() - timedelta(days=730)) == 2
    assert logged() == [(people[2].pk, viewer.pk, "view", "roster")]
    assert prune_access_records(before=timezone.now() - timedelta(days=730)) == 0
