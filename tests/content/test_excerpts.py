"""Excerpts (content/excerpts.py): a page's words as plain text, whatever markup they were written in."""

from wagtail.rich_text import RichText

from content.excerpts import page_excerpt, plain_text
from content.models import CallIndexPage, NewsPage, StandardPage


def test_plain_text_drops_tags_reads_entities_and_joins_white_space():
    assert plain_text("<p><strong>Кризове</strong>\n консультування &amp; <em>супровід</em></p>") == \
        "Кризове консультування & супровід"


def test_a_plain_summary_is_kept_as_typed():
    page = NewsPage(title="Новина", summary="Діти <5 років   і батьки", body=[("markdown", "Текст **тіла**")])

    assert page_excerpt(page) == "Діти <5 років і батьки"


def test_a_rich_text_introduction_loses_its_tags():
    page = CallIndexPage(title="Конкурси", intro="<p>Відкриті <b>конкурси</b> для громад</p>")

    assert page_excerpt(page) == "Відкриті конкурси для громад"


def test_without_a_description_the_body_is_read_from_every_kind_of_text_block():
    page = StandardPage(title="Сторінка", body=[
        ("heading", {"text": "Про нас", "level": "h2"}),
        ("paragraph", RichText("<p>Ми <a href=\"/x/\">навчаємо</a> фахівців.</p>")),
        ("markdown", "* перший пункт\n* другий _пункт_"),
        ("callout", {"kind": "tip", "title": "", "text": RichText("<p>Реєстрація <i>відкрита</i></p>")}),
    ])

    assert page_excerpt(page) == "Про нас Ми навчаємо фахівців. перший пункт другий пункт Реєстрація відкрита"


def test_an_excerpt_is_cut_to_its_words():
    page = StandardPage(title="Довга", body=[("markdown", " ".join(f"**слово{n}**" for n in range(100)))])

    assert page_excerpt(page, words=3) == "слово0 слово1 слово2…"


def test_a_page_without_words_has_no_excerpt():
    assert page_excerpt(StandardPage(title="Порожня")) == ""
