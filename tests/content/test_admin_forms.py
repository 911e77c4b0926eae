"""An open call's page in the admin (`content.admin_forms.CallPageForm`): it chooses its call, and a translation
keeps its Ukrainian version's call and pairs its questions with the Ukrainian ones. The call's rules are one row
that every language version shows, whenever and however a version is published."""

import io
import re
from datetime import date, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from content.models import Call, CallIndexPage, CallPage
from enrollments.calls.window import kyiv_moment
from tests.content.factories import add_call, publish_revision, translate_call
from tests.content.factories import publish as publish_page
from tests.courses.factories import translate_tree
from tests.enrollments.factories import TrainingSessionFactory
from tests.helpers import text, uk, uk_plural

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

NOW = timezone.now()



@pytest.fixture
def index(tree):
    return publish_page(tree.home, CallIndexPage(title="Відкриті конкурси", slug="calls"))


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["content", "callpage", parent.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def page_form(*, call, publish: bool = True, **fields) -> dict:
    """The call page's admin form as a browser posts it: words, and the call chosen."""
    data = nested_form_data({
        "title": "Навчання для вчителів", "slug": "teachers", "summary": "Набір вчителів.",
        "body": streamfield([]), "questions": streamfield([]), "call": str(call.pk) if call else "",
    })
    if publish:
        data["action-publish"] = "action-publish"
    return {**data, **fields}


def test_an_editor_publishes_a_page_for_a_call_and_it_shows_the_calls_rules(admin, index, client):
    call = add_call(index.get_parent(), slug="other").call  # a call with its rules, set under Open calls → Calls
    form = admin.get(add_url(index))

    response = admin.post(add_url(index), page_form(call=call))

    assert form.status_code == 200
    assert uk("The call's dates, places, eligibility, stages and rubric (Open calls → Calls): every language "
              "version of this page uses the same.") in text(form)
    assert response.status_code == 302
    page = CallPage.objects.get(slug="teachers")
    assert page.live and page.call == call
    shown = text(client.get(page.url))
    assert "Марганецька громада" in shown and "Письмова заявка" in shown and ">20<" in shown


def test_a_call_page_needs_a_call(admin, index):
    response = admin.post(add_url(index), page_form(call=None))

    assert response.status_code == 200
    assert re.search(r"call.*?" + re.escape(uk("This field is required.")), text(response), re.DOTALL)
    assert not CallPage.objects.exists()


def test_editors_are_offered_no_time_zone_but_kyiv(admin, tree):
    """Deadlines are typed in Kyiv time: the admin's account page lets nobody switch to another zone."""
    response = admin.get("/admin/account/")
    assert response.status_code == 200
    assert "current_time_zone" not in text(response)


# --- One call, two languages ---------------------------------------------------------------------------

@pytest.fixture
def bilingual(tree):
    translate_tree(tree)
    session = TrainingSessionFactory(city="Марганець")
    call = add_call(tree.home, sessions=[session], deadline=kyiv_moment(date(2030, 3, 31), time(23, 59)))
    return call, translate_call(call, title="Teacher training"), session


def test_the_english_version_keeps_the_ukrainian_versions_call(admin, bilingual):
    call, english, session = bilingual
    another = add_call(call.get_parent().get_parent(), slug="another").call

    form = admin.get(edit_url(english))
    refused = admin.post(edit_url(english), page_form(call=another, slug=english.slug, title="Teachers wanted"))
    kept = admin.post(edit_url(english), page_form(call=call.call, slug=english.slug, title="Teachers wanted"))

    assert form.status_code == 200
    assert uk("The questions are set on the Ukrainian version: here, translate their wording and options, in the "
              "same order. A question added only here is not asked; one missing here is asked in Ukrainian.") in (
        text(form))
    assert refused.status_code == 200
    assert uk("A translation takes part in the same call as its Ukrainian version: choose “%(call)s”.",
              call=call.call.name) in text(refused)
    assert kept.status_code == 302
    english.refresh_from_db()
    assert english.title == "Teachers wanted" and english.call_id == call.call_id


def test_both_languages_show_the_one_call_and_its_change(client, bilingual):
    call, english, session = bilingual
    Call.objects.filter(pk=call.call_id).update(places=33, deadline=kyiv_moment(date(2030, 4, 15), time(18, 0)))

    ukrainian, translated = text(client.get(call.url)), text(client.get(english.url))

    for html in (ukrainian, translated):
        assert ">33<" in html and "18:00" in html
        assert session.city in html  # the training both versions recruit for
    assert "Teacher training" in translated and "Teacher training" not in ukrainian


def test_an_english_draft_written_before_a_change_of_rules_is_published_with_the_new_ones(client, bilingual):
    call, english, session = bilingual
    english.title = "Teacher training: apply now"
    waiting = english.save_revision()  # e.g. waiting for approval in a workflow
    Call.objects.filter(pk=call.call_id).update(deadline=kyiv_moment(date(2030, 4, 15), time(18, 0)))

    waiting.publish()

    english = CallPage.objects.select_related("call").get(pk=english.pk)
    assert english.title == "Teacher training: apply now"
    assert english.call.deadline == kyiv_moment(date(2030, 4, 15), time(18, 0))
    assert "18:00" in text(client.get(english.url))


def test_a_scheduled_publish_changes_the_words_and_keeps_the_call(bilingual):
    call, english, session = bilingual
    publish_revision(call)  # published by an editor: its live revision stays live until the go-live time
    draft = CallPage.objects.get(pk=call.pk)
    draft.title = "Набір вчителів: друга хвиля"
    draft.go_live_at = NOW + timedelta(hours=1)
    revision = draft.save_revision()
    revision.publish()  # a go-live time ahead: scheduled, nothing changes yet
    assert CallPage.objects.get(pk=call.pk).title == call.title

    went_live = NOW - timedelta(minutes=1)  # the hour has passed: the command's next run publishes it
    revision.refresh_from_db()
    revision.content["go_live_at"] = went_live.isoformat()
    revision.approved_go_live_at = went_live
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())

    published = CallPage.objects.get(pk=call.pk)
    assert published.title == "Набір вчителів: друга хвиля" and published.call_id == call.call_id
    assert CallPage.objects.get(pk=english.pk).call_id == call.call_id


def choice_question_data(block_id: str, label: str, options: list[str]) -> dict:
    """The questions field as the admin posts it: one choice question, keeping its block id."""
    listed = {"count": str(len(options)),
              **{str(n): {"value": option, "deleted": "", "order": str(n)} for n, option in enumerate(options)}}
    return nested_form_data({"questions": {"count": "1", "0": {
        "type": "choice", "id": block_id, "deleted": "", "order": "0",
        "value": {"label": label, "help_text": "", "required": "on", "options": listed}}}})


def test_a_translated_choice_lists_as_many_options_as_the_ukrainian_one(admin, bilingual):
    call, english, session = bilingual
    [choice] = [block for block in call.questions if block.block_type == "choice"]  # three options in Ukrainian
    form = page_form(call=call.call, slug=english.slug, title="Teacher training")
    form = {key: value for key, value in form.items() if not key.startswith("questions-")}

    short = admin.post(edit_url(english), {**form, **choice_question_data(choice.id, "Experience", ["None", "Some"])})
    full = admin.post(edit_url(english),
                       {**form, **choice_question_data(choice.id, "Experience", ["None", "Some", "A lot"])})

    assert short.status_code == 200
    assert uk_plural("“%(question)s” has %(number)d option in Ukrainian: translate it.",
                     "“%(question)s” has %(number)d options in Ukrainian: translate each of them, in the same order.",
                     3, question="Experience", number=3) in text(short)
    assert full.status_code == 302
    english.refresh_from_db()
    assert [list(block.value["options"]) for block in english.questions] == [["None", "Some", "A lot"]]
