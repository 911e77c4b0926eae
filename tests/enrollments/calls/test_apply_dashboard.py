"""My learning: each application with its call, status, stage, deadline and, while it can change, an edit link."""

from datetime import timedelta

import pytest

from tests.content.factories import add_call, translate_call
from tests.enrollments.calls.clock import DEADLINE
from tests.enrollments.calls.pages import in_kyiv, visible
from tests.enrollments.factories import ApplicationFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

MY_LEARNING_URL = "/uk/learning/"
MY_LEARNING_QUERIES = 24  # 22 measured with 1 and with 5 applications; 3 of them list the applications


@pytest.fixture
def call(tree):
    return add_call(tree.home, deadline=DEADLINE)


def section(response) -> str:
    page = text(response)
    start = page.index('id="applications-heading"')
    return page[start:page.index("</section>", start)]


def test_no_application_no_section(learner, tree, frozen):
    response = learner.get(MY_LEARNING_URL)
    assert response.status_code == 200
    assert uk("My applications") not in text(response)


def test_a_submitted_application_shows_its_stage_deadline_and_an_edit_link(learner, participant, call, frozen):
    ApplicationFactory(call=call, applicant=participant, status="submitted", stage=1)
    response = learner.get(MY_LEARNING_URL)
    assert response.status_code == 200
    mine = section(response)
    assert '<a href="/uk/calls/call/">Конкурс call</a>' in mine
    assert uk("Submitted") in mine
    assert uk("Stage %(number)s of %(total)s: %(title)s", number=2, total=2, title="Співбесіда") in mine
    assert f'{uk("Deadline:")} {in_kyiv("31 березня 2026, 23:59")}' in visible(mine)
    assert f'href="/uk/learning/calls/{call.pk}/apply/"' in mine
    assert uk("Change your application") in mine


def test_a_draft_is_to_be_continued(learner, participant, call, frozen):
    ApplicationFactory(call=call, applicant=participant, status="draft", submitted_at=None)
    mine = section(learner.get(MY_LEARNING_URL))
    assert uk("Draft") in mine and uk("Continue your application") in mine
    assert uk("Stage %(number)s of %(total)s: %(title)s", number=1, total=2, title="Письмова заявка") not in mine


@pytest.mark.parametrize("reason", ["deadline", "no_editing", "shortlisted"])
def test_an_application_that_can_no_longer_change_has_no_edit_link(learner, participant, tree, frozen, reason):
    call = add_call(tree.home, deadline=DEADLINE, editing_allowed=reason != "no_editing")
    status = "shortlisted" if reason == "shortlisted" else "submitted"
    ApplicationFactory(call=call, applicant=participant, status=status)
    if reason == "deadline":
        frozen(DEADLINE + timedelta(seconds=1))
    mine = section(learner.get(MY_LEARNING_URL))
    assert uk("Change your application") not in mine
    assert uk("View your application") in mine


def test_only_ones_own_applications_are_listed(learner, participant, call, frozen):
    ApplicationFactory(call=call)  # someone else's
    assert uk("My applications") not in text(learner.get(MY_LEARNING_URL))


@pytest.mark.parametrize("count", [1, 5])
def test_query_count_does_not_grow(learner, participant, tree, frozen, count, django_assert_max_num_queries):
    for number in range(count):
        call = add_call(tree.home, slug=f"call-{number}", deadline=DEADLINE)
        ApplicationFactory(call=call, applicant=participant, stage=number % 2)
    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = learner.get(MY_LEARNING_URL)
    assert response.status_code == 200
    assert section(response).count(uk("Change your application")) == count


# --- Stages in English -------------------------------------------------------------------------------

STAGE = "Stage %(number)s of %(total)s: %(title)s"


@pytest.fixture
def english(call):
    """The call's English page; its stages have English titles."""
    for stage, title in zip(call.call.stages.order_by("sort_order"), ("Written application", "Interview"),
                            strict=True):
        stage.title_en = title
        stage.save()
    return translate_call(call, title="Teachers for the team")


def test_english_readers_see_the_stage_in_english(learner, participant, call, english, frozen):
    ApplicationFactory(call=call, applicant=participant, status="submitted", stage=1)

    mine = section(learner.get("/en/learning/"))
    page = text(learner.get(f"/en/learning/calls/{english.pk}/apply/"))

    assert STAGE % {"number": 2, "total": 2, "title": "Interview"} in mine
    assert STAGE % {"number": 2, "total": 2, "title": "Interview"} in page


def test_a_stage_without_an_english_title_is_shown_in_ukrainian_among_the_english_ones(
        learner, participant, client, call, english, frozen):
    from content.models import CallStage

    CallStage.objects.create(call=call.call, title_uk="Тестове завдання", sort_order=2)
    ApplicationFactory(call=call, applicant=participant, status="submitted", stage=2)

    mine = section(learner.get("/en/learning/"))
    call_page = text(learner.get(english.url))

    assert STAGE % {"number": 3, "total": 3, "title": "Тестове завдання"} in mine
    assert "Тестове завдання" in call_page and "Interview" in call_page  # all three, as one list
