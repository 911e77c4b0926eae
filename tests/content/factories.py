"""Builders for content's pages: live pages without revisions (publishing tests use `publish_revision`), news,
and open calls with their call."""

from django.utils import timezone
from wagtail.models import Locale, Page

from content.models import NewsIndexPage, NewsPage


def publish(parent: Page, page: Page) -> Page:
    """Adds `page` under `parent` as a live page, without a revision: what a reader sees of a published page.

    Publishing through revisions costs four times as much (revisions, log entries, workflow checks); tests of
    publishing itself use `publish_revision`.
    """
    page.locale_id = parent.locale_id
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)
    return page


def publish_revision(page: Page, **fields) -> Page:
    """Saves `fields` on the page as a new revision and publishes it, as an editor does in the admin."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate_page(page: Page, locale: Locale, **fields) -> Page:
    """A live translation of `page` into `locale` with `fields` changed, as if translated and published."""
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.live, copy.has_unpublished_changes = True, False
    copy.first_published_at = copy.last_published_at = timezone.now()
    copy.save()
    return copy


def add_news(index: NewsIndexPage, *, slug: str, **fields) -> NewsPage:
    fields.setdefault("title", f"Новина {slug}")
    return publish(index, NewsPage(slug=slug, **fields))


def call_questions() -> list[tuple[str, dict]]:
    """One question of each kind, as stream data for CallPage.questions."""
    return [
        ("short_text", {"label": "Ваша посада", "help_text": "", "required": True}),
        ("long_text", {"label": "Чому ви хочете взяти участь?", "help_text": "", "required": True,
                       "max_words": 300}),
        ("choice", {"label": "Досвід роботи з дітьми, які пережили травму", "help_text": "", "required": True,
                    "options": ["Немає", "До 1 року", "Понад 1 рік"], "multiple": False}),
        ("file", {"label": "Мотиваційний лист", "help_text": "", "required": False, "kinds": ["pdf", "docx"],
                  "max_mb": 2}),
        ("consent", {"text": "Я погоджуюся на обробку моїх персональних даних для відбору учасників."}),
    ]


CALL_RULES = ("communities", "oblasts", "professions", "opens_at", "deadline", "places", "editing_allowed")


def _worded(item) -> tuple[str, str]:
    """A stage's or criterion's title given as "Ukrainian" or ("Ukrainian", "English")."""
    return (item, "") if isinstance(item, str) else item


def add_call(parent: Page, *, slug: str = "call", stages: tuple = ("Письмова заявка", "Співбесіда"),
             criteria: tuple = (("Мотивація", 2, 5), ("Досвід", 1, 5)), **fields):
    """A published call page under `parent` (a home page: a call index is added when missing), with its call.

    Defaults: teachers from Marhanets and Kryvyi Rih, open now, deadline in 10 days, two stages, a two-criterion
    rubric and one question of each kind. The call's rules (`CALL_RULES`, `sessions`) go to its `Call` row; a
    stage or criterion title is "Ukrainian" or ("Ukrainian", "English").
    """
    from datetime import timedelta

    from content.models import Call, CallCriterion, CallIndexPage, CallPage, CallStage
    from enrollments.models import CallSession

    if not isinstance(parent.specific, CallIndexPage):
        index = CallIndexPage.objects.child_of(parent).first() or publish(
            parent, CallIndexPage(title="Відкриті конкурси", slug="calls"))
        parent = index
    rules = {name: fields.pop(name) for name in CALL_RULES if name in fields}
    rules.setdefault("communities", "Марганецька громада\nКриворізька громада")
    rules.setdefault("professions", ["teacher"])
    rules.setdefault("deadline", timezone.now() + timedelta(days=10))
    sessions = fields.pop("sessions", [])
    fields.setdefault("title", f"Конкурс {slug}")
    fields.setdefault("summary", "Набір вчителів до команди тренерів.")
    fields.setdefault("questions", call_questions())
    call = Call(name=fields["title"], **rules)
    call.stages = [CallStage(title_uk=uk, title_en=en, sort_order=n)
                   for n, (uk, en) in enumerate(map(_worded, stages))]
    call.criteria = [CallCriterion(title_uk=_worded(title)[0], title_en=_worded(title)[1], weight=weight,
                                   scale_max=scale, sort_order=n)
                     for n, (title, weight, scale) in enumerate(criteria)]
    call.save()
    CallSession.objects.bulk_create([CallSession(call=call, session=session) for session in sessions])
    return CallPage.objects.select_related("call").get(pk=publish(parent, CallPage(slug=slug, call=call, **fields)).pk)


def translate_call(page, **fields):
    """The call page's live English version (its tree translated first where needed), with `fields` changed."""
    from content.models import CallPage

    english = Locale.objects.get_or_create(language_code="en")[0]
    index = page.get_parent()
    translated_index = index.get_translations().filter(locale=english).first()
    if translated_index is None:
        translated_index = index.specific.copy_for_translation(english, copy_parents=True)
    if not translated_index.live:
        translated_index.live, translated_index.has_unpublished_changes = True, False
        translated_index.save()
    fields.setdefault("title", f"Call {page.slug}")
    translated = translate_page(page, english, **fields)
    return CallPage.objects.select_related("call").get(pk=translated.pk)


def question_ids(page) -> dict[str, str]:
    """A call page's question block ids by kind (the default call has one question of each kind)."""
    return {block.block_type: block.id for block in page.questions}
