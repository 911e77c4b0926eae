"""Reading the demo's sources (lms/demo/sources.py): Markdown with callout fences, and the course files."""

import pytest
from wagtail.rich_text import RichText

from lms.demo.sources import LANGUAGES, markdown_to_stream, read_courses

DEMO_COURSES = {"case-management", "crisis-communication", "burnout-prevention"}
MIN_MODULE_WORDS = 500


# --- markdown_to_stream (pure) ---------------------------------------------------------------

def test_markdown_without_fences_is_one_markdown_block():
    text = "## Intake\n\nAsk what happened."
    assert markdown_to_stream(text) == [("markdown", text)]


def test_blank_markdown_gives_no_blocks():
    assert markdown_to_stream("  \n\n ") == []


def test_callout_fence_splits_the_text_around_it():
    text = (
        "Before the tip.\n\n"
        "::: tip Ask about sleep\n"
        "People in acute stress **rarely** sleep well.\n"
        ":::\n\n"
        "After the tip."
    )
    blocks = markdown_to_stream(text)

    assert [kind for kind, _ in blocks] == ["markdown", "callout", "markdown"]
    assert blocks[0] == ("markdown", "Before the tip.")
    assert blocks[2] == ("markdown", "After the tip.")
    callout = blocks[1][1]
    assert callout["kind"] == "tip"
    assert callout["title"] == "Ask about sleep"
    assert isinstance(callout["text"], RichText)
    assert callout["text"].source == "<p>People in acute stress <strong>rarely</strong> sleep well.</p>"


@pytest.mark.parametrize("kind", ["tip", "note", "warning"])
def test_each_callout_kind_is_recognised(kind):
    [(block_type, value)] = markdown_to_stream(f"::: {kind} Title\nBody text.\n:::")
    assert block_type == "callout"
    assert value["kind"] == kind
    assert value["title"] == "Title"
    assert value["text"].source == "<p>Body text.</p>"


def test_callout_without_title_and_consecutive_callouts():
    blocks = markdown_to_stream("::: note\nFirst.\n:::\n::: warning Careful\nSecond.\n:::")
    assert [(kind, value["kind"], value["title"]) for kind, value in blocks] == [
        ("callout", "note", ""), ("callout", "warning", "Careful"),
    ]


def test_unknown_fence_kind_stays_markdown():
    text = "::: danger Title\nBody.\n:::"
    assert markdown_to_stream(text) == [("markdown", text)]


def test_callout_text_is_sanitised():
    [(_, value)] = markdown_to_stream(
        "::: warning Safety\n"
        "<script>alert(1)</script>[call](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
        ":::"
    )
    source = value["text"].source
    assert "<script" not in source
    assert "javascript:" not in source
    assert "onerror" not in source
    assert "call" in source


# --- read_courses (pure, reads lms/demo/curriculum) --------------------------------------------

@pytest.fixture(scope="module")
def sources():
    return read_courses()


def test_curriculum_has_the_three_demo_courses(sources):
    assert len(sources) >= 3
    assert {source.slug for source in sources} >= DEMO_COURSES


def test_every_course_has_both_languages_and_required_front_matter(sources):
    for source in sources:
        assert set(source.course) == set(LANGUAGES), source.slug
        for lang, doc in source.course.items():
            meta = doc.meta
            for key in ("slug", "title", "summary", "topic", "audience", "format", "duration_hours"):
                assert meta.get(key) not in (None, "", []), f"{source.slug} {lang}: {key}"
            assert meta["slug"] == source.slug
            assert meta["format"] in {"self_paced", "in_person", "blended"}
            assert float(meta["duration_hours"]) > 0
            assert doc.body.strip(), f"{source.slug} {lang}: empty description"
        assert source.course["uk"].meta["topic"] == source.course["en"].meta["topic"]


def test_every_course_has_at_least_three_substantial_modules_in_both_languages(sources):
    for source in sources:
        assert len(source.modules) >= 3, source.slug
        for module in source.modules:
            assert set(module) == set(LANGUAGES)
            assert module["uk"].meta["slug"] == module["en"].meta["slug"]
            for lang, doc in module.items():
                where = f"{source.slug}/{doc.meta.get('slug')} ({lang})"
                assert doc.meta.get("slug"), where
                assert doc.meta.get("title"), where
                assert int(doc.meta["estimated_minutes"]) > 0, where
                assert len(doc.body.split()) >= MIN_MODULE_WORDS, where


def test_module_slugs_are_unique_within_a_course(sources):
    for source in sources:
        slugs = [module["uk"].meta["slug"] for module in source.modules]
        assert len(slugs) == len(set(slugs)), source.slug
