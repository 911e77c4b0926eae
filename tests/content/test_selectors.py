"""The list of open calls and the "Open calls" box of the home and news pages (`content.selectors`)."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from content import selectors
from content.models import Call, CallIndexPage
from enrollments.calls.window import KYIV, kyiv_moment
from tests.content.factories import add_call, translate_call
from tests.content.factories import publish as publish_page
from tests.courses.factories import translate_tree
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

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


@pytest.fixture
def index(tree):
    return publish_page(tree.home, CallIndexPage(title="Відкриті конкурси", slug="calls"))


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
    assert apply_by(calls["open-soon"].call.deadline) in html
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

    deadline = call.call.deadline
    at_deadline = selectors.calls_in_order(index_page=index, now=deadline).get()
    just_after = selectors.calls_in_order(index_page=index, now=deadline + timedelta(microseconds=1)).get()

    assert (at_deadline.state_rank, just_after.state_rank) == (0, 2)
    assert [c.pk for c in selectors.open_calls(locale_id=call.locale_id, now=deadline)] == [call.pk]
    assert selectors.open_calls(locale_id=call.locale_id, now=deadline + timedelta(seconds=1)) == []


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
        assert apply_by(open_call.call.deadline) in announced
        assert "23:59" in announced  # Kyiv time, whatever the server's clock zone
        assert 'href="/uk/calls/"' in announced


def test_the_box_disappears_once_the_call_closes(client, tree):
    add_call(tree.home, slug="open", title="Набір вчителів", deadline=NOW + timedelta(days=1))
    add_call(tree.home, slug="closed", title="Уже закрито", deadline=NOW - timedelta(days=1))
    assert box(text(client.get("/uk/")))

    Call.objects.filter(pages__slug="open").update(deadline=NOW - timedelta(minutes=1))

    for url in ("/uk/", "/uk/news/"):
        response = client.get(url)
        assert response.status_code == 200
        assert box(text(response)) == ""
        assert 'id="open-calls-heading"' not in text(response)
        assert "<h1>" in text(response)


def test_each_language_announces_its_own_calls_in_its_own_words(client, tree):
    translate_tree(tree)
    call = add_call(tree.home, slug="teachers", title="Набір вчителів")
    translate_call(call, title="Teacher training")
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
