"""Open calls on the site: the editor's form, the list of calls, and the "Open calls" box of the home and news pages."""

import io
import re
from datetime import date, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from content import selectors
from content.admin_forms import clean_community_lines
from content.models import CallIndexPage, CallPage
from enrollments.calls.window import KYIV, kyiv_moment
from tests.factories import CoordinatorFactory, TrainingSessionFactory, add_call, translate_tree
from tests.factories import publish as publish_page
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

NOW = timezone.now()
CALL_LINK = re.compile(r'<h[23]><a href="(/\w\w/calls/[^"]+/)">([^<]+)</a></h[23]>')


def call_titles(html: str) -> list[str]:
    return [title for _url, title in CALL_LINK.findall(html)]


def box(html: str) -> str:
    """The "Open calls" box of a page, or "" when it has none."""
    match = re.search(r'<section class="panel open-calls".*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


def apply_by(deadline) -> str:
    """The deadline line of the box and of the list, as a Ukrainian reader sees it (in Kyiv time)."""
    local = timezone.localtime(deadline, KYIV)
    return uk("Apply by %(date)s, %(time)s (Kyiv time)", date=date_format(local, "DATE_FORMAT"),
              time=f"{local:%H:%M}")


# --- The editor's form ---------------------------------------------------------------------------

@pytest.fixture
def editor(client, tree):
    client.force_login(CoordinatorFactory())
    return client


@pytest.fixture
def index(tree):
    return publish_page(tree.home, CallIndexPage(title="Відкриті конкурси", slug="calls"))


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["content", "callpage", parent.pk])


def call_form(*, stages=("Письмова заявка", "Співбесіда"), criteria=(("Мотивація", "2", "5"),),
              publish: bool = True, **fields) -> dict:
    """The admin form as a browser posts it; `fields` replace single values (lists post several values).

    A stage is a title, or the row's form data (e.g. with "DELETE" for one removed in the form).
    """
    data = nested_form_data({
        "title": "Навчання для вчителів", "slug": "teachers", "summary": "Набір вчителів.",
        "body": streamfield([]), "questions": streamfield([]),
        "communities": "Марганецька громада", "opens_at": "", "deadline": "2030-03-31 23:59", "places": "12",
        "editing_allowed": "on",
        "stages": inline_formset([stage if isinstance(stage, dict) else {"title": stage, "description": ""}
                                  for stage in stages]),
        "criteria": inline_formset([{"title": title, "description": "", "weight": weight, "scale_max": scale}
                                    for title, weight, scale in criteria]),
    })
    if publish:
        data["action-publish"] = "action-publish"
    return {**data, **fields}


def test_the_add_form_offers_checkboxes_and_only_sessions_that_can_take_people(editor, index):
    open_session = TrainingSessionFactory(city="Марганець")
    TrainingSessionFactory(city="Суми", status="completed")

    response = editor.get(add_url(index))

    assert response.status_code == 200
    html = text(response)
    assert 'type="checkbox" name="oblasts" value="dnipropetrovsk"' in html
    assert 'type="checkbox" name="professions" value="teacher"' in html
    assert re.search(rf'type="checkbox" name="sessions" value="{open_session.pk}"', html)
    assert "Марганець" in html and "Суми" not in html
    assert uk("Who may apply") in html and uk("Review rubric") in html


def test_an_editor_publishes_a_call_with_its_eligibility_stages_rubric_and_session(editor, index):
    session = TrainingSessionFactory(city="Марганець")

    response = editor.post(add_url(index), call_form(
        oblasts=["dnipropetrovsk", "zaporizhzhia"], professions=["teacher"], sessions=[str(session.pk)],
        communities="  Марганецька   громада \n\nКриворізька громада\nмарганецька міська громада\n",
        opens_at="2030-03-01 09:00"))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    call = CallPage.objects.get(slug="teachers")
    assert call.live
    assert (call.oblasts, call.professions) == (["dnipropetrovsk", "zaporizhzhia"], ["teacher"])
    assert call.communities == "Марганецька громада\nКриворізька громада"
    assert list(call.sessions.all()) == [session]
    assert [stage.title for stage in call.stages.all()] == ["Письмова заявка", "Співбесіда"]
    assert [(c.title, c.weight, c.scale_max) for c in call.criteria.all()] == [("Мотивація", 2, 5)]
    # Typed in Kyiv time: 23:59 on 31 March 2030 (summer time, UTC+3) is 20:59 UTC.
    assert call.deadline == kyiv_moment(date(2030, 3, 31), time(23, 59))
    assert call.deadline.astimezone(KYIV).hour == 23


@pytest.mark.parametrize(("change", "message"), [
    ({"opens_at": "2030-04-01 09:00"}, "The deadline must come after the opening."),
    ({"opens_at": "2030-03-31 23:59"}, "The deadline must come after the opening."),
    ({"stages": ()}, "Add at least one stage, e.g. “Written application”."),
    ({"stages": ({"title": "Письмова заявка", "description": "", "DELETE": "1"},)},
     "Add at least one stage, e.g. “Written application”."),
    ({"criteria": (("Мотивація", "0", "5"),)}, "A weight must be more than 0."),
    ({"criteria": (("Мотивація", "-1", "5"),)}, "A weight must be more than 0."),
    ({"criteria": (("Мотивація", "1", "0"),)}, "The highest mark must be at least 1."),
])
def test_the_form_refuses_a_call_that_cannot_work(editor, index, change, message):
    form_args = {key: value for key, value in change.items() if key in ("stages", "criteria")}
    fields = {key: value for key, value in change.items() if key not in form_args}

    response = editor.post(add_url(index), call_form(**form_args, **fields))

    assert response.status_code == 200
    assert uk(message) in text(response)
    assert not CallPage.objects.exists()


def test_a_draft_may_be_saved_before_its_stages_are_written(editor, index):
    response = editor.post(add_url(index), call_form(stages=(), publish=False))

    assert response.status_code == 302
    call = CallPage.objects.get(slug="teachers")
    assert not call.live and not call.stages.exists()


def test_a_call_linked_to_a_session_that_has_since_finished_must_drop_it(editor, tree):
    session = TrainingSessionFactory(city="Марганець")
    call = add_call(tree.home, sessions=[session])
    session.status = "completed"
    session.save()
    url = reverse("wagtailadmin_pages:edit", args=[call.pk])

    form = editor.get(url)
    response = editor.post(url, call_form(slug=call.slug, sessions=[str(session.pk)]))

    assert form.status_code == 200
    assert re.search(rf'name="sessions" value="{session.pk}"[^>]*checked', text(form))  # shown, to be removed
    assert response.status_code == 200
    names = f"{session.title} ({session.get_status_display()})"
    assert uk_plural("This session can no longer take people; remove it from the call: %(names)s.",
                     "These sessions can no longer take people; remove them from the call: %(names)s.", 1,
                     names=names) in text(response)
    call.refresh_from_db()
    assert call.title == "Конкурс call"  # nothing saved


@pytest.mark.parametrize(("typed", "kept"), [
    ("Марганецька громада", "Марганецька громада"),
    ("  Марганецька\tгромада  \n\n  \nКриворізька громада", "Марганецька громада\nКриворізька громада"),
    ("Марганецька громада\nМарганецька міська територіальна громада\nмарганецька", "Марганецька громада"),
    ("", ""),
])
def test_communities_are_kept_one_per_line_without_blanks_or_repeats(typed, kept):
    assert clean_community_lines(typed) == kept


# --- The list of calls ---------------------------------------------------------------------------

@pytest.fixture
def calls(tree):
    """Two open, two upcoming and two closed calls, added in no particular order, plus a draft."""
    days = timedelta(days=1)
    made = {
        "open-late": add_call(tree.home, slug="open-late", title="Відкритий пізній", deadline=NOW + 10 * days),
        "closed-old": add_call(tree.home, slug="closed-old", title="Закритий давно", deadline=NOW - 30 * days),
        "upcoming-late": add_call(tree.home, slug="upcoming-late", title="Майбутній пізній",
                                  opens_at=NOW + 5 * days, deadline=NOW + 40 * days),
        "open-soon": add_call(tree.home, slug="open-soon", title="Відкритий скоро", deadline=NOW + 3 * days,
                              opens_at=NOW - 3 * days),
        "closed-recent": add_call(tree.home, slug="closed-recent", title="Закритий нещодавно",
                                  deadline=NOW - 1 * days),
        "upcoming-soon": add_call(tree.home, slug="upcoming-soon", title="Майбутній скоро",
                                  opens_at=NOW + 2 * days, deadline=NOW + 60 * days),
    }
    draft = add_call(tree.home, slug="draft", title="Чернетка")
    draft.unpublish()
    return made


def test_index_lists_open_calls_first_then_upcoming_then_closed(client, calls):
    response = client.get("/uk/calls/")

    assert response.status_code == 200
    html = text(response)
    assert call_titles(html) == ["Відкритий скоро", "Відкритий пізній", "Майбутній скоро", "Майбутній пізній",
                                 "Закритий нещодавно", "Закритий давно"]
    assert "Чернетка" not in html
    with translation.override("uk"):
        open_label = translation.pgettext("call state", "Open")
        closed_label = translation.pgettext("call state", "Closed")
    assert html.count(f'<span class="badge badge--done">{open_label}</span>') == 2
    assert html.count(f'<span class="badge">{closed_label}</span>') == 2
    assert apply_by(calls["open-soon"].deadline) in html
    assert calls["open-soon"].summary in html


def test_index_is_paginated(client, calls, monkeypatch):
    monkeypatch.setattr(selectors, "CALLS_PER_PAGE", 4)

    first = client.get("/uk/calls/")
    second = client.get("/uk/calls/", {"page": 2})

    assert first.status_code == second.status_code == 200
    assert call_titles(text(first)) == ["Відкритий скоро", "Відкритий пізній", "Майбутній скоро", "Майбутній пізній"]
    assert call_titles(text(second)) == ["Закритий нещодавно", "Закритий давно"]
    assert uk("Page %(number)s of %(total)s", number=1, total=2) in text(first)
    assert 'href="?page=2" rel="next"' in text(first)


def test_empty_index_says_so(client, index):
    response = client.get("/uk/calls/")

    assert response.status_code == 200
    assert uk("There are no calls yet.") in text(response)


def test_a_call_is_open_up_to_its_deadline_inclusive(tree):
    call = add_call(tree.home, slug="edge")
    index = call.get_parent().specific

    at_deadline = selectors.calls_in_order(index_page=index, now=call.deadline).get()
    just_after = selectors.calls_in_order(index_page=index, now=call.deadline + timedelta(microseconds=1)).get()

    assert (at_deadline.state_rank, just_after.state_rank) == (0, 2)
    assert [c.pk for c in selectors.open_calls(locale_id=call.locale_id, now=call.deadline)] == [call.pk]
    assert selectors.open_calls(locale_id=call.locale_id, now=call.deadline + timedelta(seconds=1)) == []


INDEX_QUERIES = 13


@pytest.mark.parametrize("count", [1, 5])
def test_index_queries_do_not_grow_with_calls(client, tree, count, django_assert_max_num_queries):
    for number in range(count):
        add_call(tree.home, slug=f"call-{number}", deadline=NOW + timedelta(days=number + 1))
    client.get("/uk/calls/")  # warm Wagtail's site root paths, as any earlier visitor would

    with django_assert_max_num_queries(INDEX_QUERIES):
        response = client.get("/uk/calls/")

    assert response.status_code == 200
    assert len(call_titles(text(response))) == count


# --- The "Open calls" box on the home and news pages ---------------------------------------------

def test_home_and_news_announce_open_calls_only(client, tree):
    open_call = add_call(tree.home, slug="open", title="Набір вчителів",
                         deadline=kyiv_moment(timezone.localdate() + timedelta(days=20), time(23, 59)))
    add_call(tree.home, slug="upcoming", title="Ще не відкрито", opens_at=NOW + timedelta(days=1),
             deadline=NOW + timedelta(days=30))
    add_call(tree.home, slug="closed", title="Уже закрито", deadline=NOW - timedelta(days=1))

    for url in ("/uk/", "/uk/news/"):
        response = client.get(url)
        assert response.status_code == 200
        announced = box(text(response))
        assert uk("Open calls") in announced
        assert call_titles(announced) == ["Набір вчителів"]
        assert f'href="{open_call.url}"' in announced
        assert apply_by(open_call.deadline) in announced
        assert "23:59" in announced  # Kyiv time, whatever the server's clock zone
        assert 'href="/uk/calls/"' in announced


def test_the_box_disappears_once_the_call_closes(client, tree):
    add_call(tree.home, slug="open", title="Набір вчителів", deadline=NOW + timedelta(days=1))
    add_call(tree.home, slug="closed", title="Уже закрито", deadline=NOW - timedelta(days=1))
    assert box(text(client.get("/uk/")))

    CallPage.objects.filter(slug="open").update(deadline=NOW - timedelta(minutes=1))

    for url in ("/uk/", "/uk/news/"):
        response = client.get(url)
        assert response.status_code == 200
        assert box(text(response)) == ""
        assert 'id="open-calls-heading"' not in text(response)
        assert "<h1>" in text(response)


def test_each_language_announces_its_own_calls_in_its_own_words(client, tree):
    english = translate_tree(tree)
    call = add_call(tree.home, slug="teachers", title="Набір вчителів")
    index_en = call.get_parent().copy_for_translation(english.home.locale)
    index_en.save_revision().publish()
    call_en = call.copy_for_translation(english.home.locale).specific
    call_en.title = "Teacher training"
    call_en.save_revision().publish()
    add_call(tree.home, slug="uk-only", title="Лише українською")

    response = client.get("/en/")
    news = client.get("/en/news/")

    assert response.status_code == news.status_code == 200
    for html in (text(response), text(news)):
        announced = box(html)
        assert call_titles(announced) == ["Teacher training"]
        assert "Open calls" in announced and "Apply by" in announced and "(Kyiv time)" in announced
        assert "Набір вчителів" not in html and "Лише українською" not in html
        assert 'href="/en/calls/teachers/"' in announced
    assert call_titles(box(text(client.get("/uk/")))) == ["Набір вчителів", "Лише українською"]


HOME_QUERIES = 15
NEWS_QUERIES = 14


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize(("url", "budget"), [("/uk/", HOME_QUERIES), ("/uk/news/", NEWS_QUERIES)])
def test_announcing_calls_keeps_a_flat_query_budget(client, tree, count, url, budget, django_assert_max_num_queries):
    for number in range(count):
        add_call(tree.home, slug=f"call-{number}", title=f"Конкурс {number}", deadline=NOW + timedelta(days=number + 1))
    client.get(url)  # warm Wagtail's site root paths, as any earlier visitor would

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200
    assert len(call_titles(box(text(response)))) == count


def test_the_box_shows_the_nearest_deadlines_first_and_no_more_than_five(client, tree):
    for number in (3, 1, 6, 2, 5, 4):
        add_call(tree.home, slug=f"call-{number}", title=f"Конкурс {number}", deadline=NOW + timedelta(days=number))

    response = client.get("/uk/")

    assert response.status_code == 200
    assert call_titles(box(text(response))) == [f"Конкурс {number}" for number in range(1, 6)]


def test_call_index_body_uses_the_page_intro(client, tree):
    call = add_call(tree.home, slug="intro")
    index = call.get_parent().specific
    index.intro = "<p>Конкурсний набір до груп.</p>"
    index.save_revision().publish()

    response = client.get("/uk/calls/")

    assert response.status_code == 200
    assert "Конкурсний набір до груп." in text(response)
    assert date_format(timezone.localtime(call.deadline, KYIV), "DATE_FORMAT") in text(response)


def test_editors_are_offered_no_time_zone_but_kyiv(client, db):
    """Deadlines are typed in Kyiv time: the admin's account page lets nobody switch to another zone."""
    from tests.factories import CoordinatorFactory

    client.force_login(CoordinatorFactory())
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert "current_time_zone" not in text(response)


# --- One call, two languages: the rules are the Ukrainian version's ----------------------------------

@pytest.fixture
def bilingual(tree):
    from wagtail.models import Locale

    from tests.factories import translate_tree

    translate_tree(tree)
    session = TrainingSessionFactory(city="Марганець")
    call = add_call(tree.home, sessions=[session], deadline=kyiv_moment(date(2030, 3, 31), time(23, 59)))
    english = call.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True).specific
    english.title = "Teacher training"
    english.save_revision().publish()
    return call, CallPage.objects.get(pk=english.pk), session


def test_publishing_the_ukrainian_version_gives_the_english_one_its_rules(editor, bilingual):
    call, english, session = bilingual
    other = TrainingSessionFactory(city="Кривий Ріг")
    url = reverse("wagtailadmin_pages:edit", args=[call.pk])

    response = editor.post(url, call_form(slug=call.slug, deadline="2030-04-15 18:00", places="20",
                                          professions=["teacher", "psychologist"], sessions=[str(other.pk)],
                                          communities="Криворізька громада"))

    assert response.status_code == 302
    english.refresh_from_db()
    assert english.deadline == kyiv_moment(date(2030, 4, 15), time(18, 0))
    assert (english.places, english.professions, english.communities) == (
        20, ["teacher", "psychologist"], "Криворізька громада")
    assert list(english.sessions.all()) == [other]
    assert english.title == "Teacher training"  # the text stays the translation's own


def test_a_scheduled_publish_gives_the_english_version_its_rules_at_go_live(bilingual):
    call, english, session = bilingual
    later = TrainingSessionFactory(city="Кривий Ріг")
    draft = CallPage.objects.get(pk=call.pk)
    draft.deadline, draft.places = kyiv_moment(date(2030, 4, 15), time(18, 0)), 20
    draft.go_live_at = NOW + timedelta(hours=1)
    draft.sessions = [later]
    revision = draft.save_revision()
    revision.publish()  # a go-live time ahead: scheduled, nothing changes yet
    english.refresh_from_db()
    assert english.deadline == call.deadline and list(english.sessions.all()) == [session]

    went_live = NOW - timedelta(minutes=1)  # the hour has passed: the command's next run publishes it
    revision.refresh_from_db()
    revision.content["go_live_at"] = went_live.isoformat()
    revision.approved_go_live_at = went_live
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())

    english.refresh_from_db()
    assert english.deadline == kyiv_moment(date(2030, 4, 15), time(18, 0)) and english.places == 20
    assert list(english.sessions.all()) == [later]
    assert english.title == "Teacher training"


def test_an_english_draft_written_before_a_change_of_rules_does_not_bring_the_old_ones_back(bilingual):
    call, english, session = bilingual
    later = TrainingSessionFactory(city="Кривий Ріг")
    english.title = "Teacher training: apply now"
    waiting = english.save_revision()  # e.g. waiting for approval in a workflow
    ukrainian = CallPage.objects.get(pk=call.pk)
    ukrainian.deadline = kyiv_moment(date(2030, 4, 15), time(18, 0))
    ukrainian.sessions = [later]
    ukrainian.save_revision().publish()

    waiting.publish()

    english.refresh_from_db()
    assert english.title == "Teacher training: apply now"
    assert english.deadline == kyiv_moment(date(2030, 4, 15), time(18, 0))
    assert list(english.sessions.all()) == [later]


def choice_question_data(block_id: str, label: str, options: list[str]) -> dict:
    """The questions field as the admin posts it: one choice question, keeping its block id."""
    listed = {"count": str(len(options)),
              **{str(n): {"value": option, "deleted": "", "order": str(n)} for n, option in enumerate(options)}}
    return nested_form_data({"questions": {"count": "1", "0": {
        "type": "choice", "id": block_id, "deleted": "", "order": "0",
        "value": {"label": label, "help_text": "", "required": "on", "options": listed}}}})


def test_a_translated_choice_lists_as_many_options_as_the_ukrainian_one(editor, bilingual):
    call, english, session = bilingual
    [choice] = [block for block in call.questions if block.block_type == "choice"]  # three options in Ukrainian
    url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    form = call_form(slug=english.slug, title="Teacher training")
    form = {key: value for key, value in form.items() if not key.startswith("questions-")}

    short = editor.post(url, {**form, **choice_question_data(choice.id, "Experience", ["None", "Some"])})
    full = editor.post(url, {**form, **choice_question_data(choice.id, "Experience", ["None", "Some", "A lot"])})

    assert short.status_code == 200
    assert uk_plural("“%(question)s” has %(number)d option in Ukrainian: translate it.",
                     "“%(question)s” has %(number)d options in Ukrainian: translate each of them, in the same order.",
                     3, question="Experience", number=3) in text(short)
    assert full.status_code == 302
    english.refresh_from_db()
    assert [list(block.value["options"]) for block in english.questions] == [["None", "Some", "A lot"]]


def test_the_english_form_shows_the_rules_read_only_and_keeps_them(editor, bilingual):
    call, english, session = bilingual
    url = reverse("wagtailadmin_pages:edit", args=[english.pk])

    form = editor.get(url)
    response = editor.post(url, call_form(slug=english.slug, title="Teachers wanted", deadline="2030-05-01 09:00",
                                          places="99", sessions=[]))

    assert form.status_code == 200
    assert re.search(r'name="deadline"[^>]*disabled', text(form))
    assert uk("Set on the Ukrainian version of the call, for every language.") in text(form)
    assert uk("The questions are set on the Ukrainian version: here, translate their wording and options, in the "
              "same order. A question added only here is not asked; one missing here is asked in Ukrainian.") in (
        text(form))
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.title == "Teachers wanted"
    assert english.deadline == call.deadline and english.places == call.places
    assert list(english.sessions.all()) == [session]

