"""Where each page type may live: the tree shape editors can build in the admin.

At the root of the tests because the tree spans two apps: content's home page holds courses' catalogue, and a rule
on one side (`subpage_types`) must agree with the other's (`parent_page_types`); no single models module owns it.
"""

import pytest
from wagtail.models import Page

from content.models import CallIndexPage, CallPage, HomePage, NewsIndexPage, NewsPage, StandardPage
from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizPage
from tests.content.factories import add_news, publish
from tests.courses.factories import add_course

ALL_TYPES = [HomePage, StandardPage, NewsIndexPage, NewsPage, CourseIndexPage, CoursePage, ModulePage, QuizPage,
             CallIndexPage, CallPage]

ALLOWED_PARENTS = {
    HomePage: {Page},
    StandardPage: {HomePage, StandardPage},
    NewsIndexPage: {HomePage},
    NewsPage: {NewsIndexPage},
    CourseIndexPage: {HomePage},
    CoursePage: {CourseIndexPage},
    ModulePage: {CoursePage},
    QuizPage: {CoursePage, ModulePage},
    CallIndexPage: {HomePage},
    CallPage: {CallIndexPage},
}

ALLOWED_CHILDREN = {
    HomePage: {StandardPage, NewsIndexPage, CourseIndexPage, CallIndexPage},
    StandardPage: {StandardPage},
    NewsIndexPage: {NewsPage},
    NewsPage: set(),
    CourseIndexPage: {CoursePage},
    CoursePage: {ModulePage, QuizPage},
    ModulePage: {QuizPage},
    QuizPage: set(),
    CallIndexPage: {CallPage},
    CallPage: set(),
}


@pytest.fixture
def pages(tree) -> dict[str, Page]:
    """One live page of every type (and the tree root), keyed by a short name."""
    about = publish(tree.home, StandardPage(title="Про нас", slug="about"))
    return {
        "root": Page.get_first_root_node(),
        "home": tree.home,
        "standard": about,
        "news index": tree.news,
        "news": add_news(tree.news, slug="enrollment-open"),
        "catalogue": tree.catalogue,
        "course": tree.course,
        "module": tree.modules[0],
    }


@pytest.mark.parametrize(
    ("model", "parents"),
    [
        (HomePage, {"root"}),
        (StandardPage, {"home", "standard"}),
        (NewsIndexPage, {"home"}),
        (NewsPage, {"news index"}),
        (CourseIndexPage, {"home"}),
        (CoursePage, {"catalogue"}),
        (ModulePage, {"course"}),
        (QuizPage, {"course", "module"}),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else None,
)
def test_page_type_can_be_created_only_under_its_parents(pages, model, parents):
    creatable_under = {name for name, parent in pages.items() if model.can_create_at(parent)}
    assert creatable_under == parents


@pytest.mark.parametrize("model", ALL_TYPES, ids=lambda model: model.__name__)
def test_allowed_parent_page_models(model):
    assert set(model.allowed_parent_page_models()) == ALLOWED_PARENTS[model]


@pytest.mark.parametrize("model", ALL_TYPES, ids=lambda model: model.__name__)
def test_allowed_subpage_models(model):
    assert set(model.allowed_subpage_models()) == ALLOWED_CHILDREN[model]


def test_parent_and_child_rules_agree():
    """Every declared child lists its parent back, so no rule is silently dropped by Wagtail."""
    for parent, children in ALLOWED_CHILDREN.items():
        for child in children:
            assert parent in ALLOWED_PARENTS[child], (parent.__name__, child.__name__)


@pytest.mark.parametrize("model", ALL_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_is_creatable_by_editors(model):
    assert model.is_creatable


def test_module_can_move_between_courses_but_not_out_of_them(tree, pages):
    other_course = add_course(tree.catalogue, slug="burnout-prevention", modules=0)
    module = pages["module"]
    assert module.can_move_to(other_course)
    for name in ("catalogue", "home", "standard", "news index", "root"):
        assert not module.can_move_to(pages[name]), name
