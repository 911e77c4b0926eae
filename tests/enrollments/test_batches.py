"""Runs over many records (enrollments/batches.py): a record that raises is logged and skipped, its writes undone,
and the run goes on with the rest."""

import pytest

from courses.models import Topic
from enrollments.batches import Outcome, each, skipped_error

pytestmark = pytest.mark.django_db


def file_topic(slug: str) -> int:
    Topic.objects.create(slug=slug, name_uk=slug, name_en=slug)
    if slug == "bad":
        raise ValueError("a record no one expected")
    return 1


def test_a_record_that_raises_is_skipped_with_its_writes_and_the_rest_are_handled(caplog):
    outcome = each(["one", "bad", "two"], file_topic, what="topic")

    assert (outcome.done, outcome.skipped) == (2, ["bad"])
    assert sorted(Topic.objects.values_list("slug", flat=True)) == ["one", "two"]
    assert "Skipped topic 'bad': it could not be handled." in caplog.text
    assert "ValueError: a record no one expected" in caplog.text


def test_a_command_fails_naming_what_it_skipped():
    assert skipped_error(Outcome(done=3), what="reminder(s)") is None
    error = skipped_error(Outcome(done=3, skipped=[7, 9]), what="session(s)")
    assert str(error) == ("Skipped 2 session(s) that could not be handled (7, 9); the log has each one's error. "
                          "The others were handled.")
    assert error.returncode == 1
