"""The demo site: the site's skeleton (`lms.operations.skeleton`: home, catalogue, news, open calls, about and
privacy pages in Ukrainian and English, the default site and its settings) in the demo's words from
`curriculum/site.yml`, then the demo's courses, modules and news in Ukrainian and their English translations, and
the topics.

Pages, topics, sites and settings are what editors make in the Wagtail admin, with no service behind it: they
are written as models, through the skeleton and `lms.demo.pages`, as `manage.py setup_site` writes a fresh site's.
Each page is looked up under its parent and created only when missing, so running the import twice duplicates
nothing and never overwrites an editor's work.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Locale

from content.models import CallIndexPage, HomePage, HomePageFeaturedCourse, NewsPage
from courses.models import CourseAudience, CourseIndexPage, CoursePage, CourseTrainer, ModulePage, Topic
from lms.demo.pages import child_page, publish, translated
from lms.demo.sources import (
    LANGUAGES,
    CourseSource,
    Document,
    first_paragraph,
    markdown_to_stream,
    read_courses,
    read_news,
    read_yaml,
)
from lms.operations.skeleton import build_skeleton, default_words

DEMO_ORGANISATION = {"uk": "ГО «Громада»", "en": "Hromada NGO"}
DEMO_CONTACT_EMAIL = "learning@example.org"


@dataclass
class DemoSite:
    """What the rest of the demo builds on: the home pages and open-calls indexes by language and the Ukrainian
    courses by slug."""

    homes: dict[str, HomePage]
    calls: dict[str, CallIndexPage]
    courses: dict[str, CoursePage]

    @property
    def english(self) -> Locale:
        return self.homes["en"].locale


def seed_site(*, trainer: AbstractBaseUser | None) -> DemoSite:
    """The site in Ukrainian and English; `trainer` (the demo trainer, when seeded) is listed on every course."""
    site_texts = read_yaml("site.yml")
    words = {lang: replace(default_words(lang, organisation=DEMO_ORGANISATION[lang]), **site_texts[lang])
             for lang in LANGUAGES}
    skeleton = build_skeleton(organisation=DEMO_ORGANISATION, words=words, contact_email=DEMO_CONTACT_EMAIL)
    catalogue, news_index = skeleton.catalogues["uk"], skeleton.news["uk"]
    topics = _seed_topics()

    # Ukrainian courses and news first: they are the source every translation is copied from.
    sources = read_courses()
    courses_uk = [_seed_course(catalogue, source, "uk", topics, trainer) for source in sources]
    news_sources = read_news()
    for item in news_sources:
        child_page(news_index, NewsPage, item["uk"].meta["slug"], **news_fields(item["uk"]))

    # Their English translations, under the skeleton's English catalogue and news.
    en = skeleton.english
    for course, source in zip(courses_uk, sources, strict=True):
        course_en = translated(course, en, **course_fields(source.course["en"]))
        _english_trainer_bios(course_en)
        for module_source in source.modules:
            module = ModulePage.objects.child_of(course).get(slug=module_source["uk"].meta["slug"])
            translated(module, en, **module_fields(module_source["en"]))
    for item in news_sources:
        news_uk = NewsPage.objects.child_of(news_index).get(slug=item["uk"].meta["slug"])
        translated(news_uk, en, **news_fields(item["en"]))

    featured = [course for course, source in zip(courses_uk, sources, strict=True)
                if source.course["uk"].meta.get("featured")]
    for home in skeleton.homes.values():
        _feature(home, featured)
    return DemoSite(homes=skeleton.homes, calls=skeleton.calls,
                    courses={source.slug: course for course, source in zip(courses_uk, sources, strict=True)})


def course_fields(doc: Document) -> dict:
    meta = doc.meta
    return {
        "title": meta["title"],
        "summary": meta.get("summary", ""),
        "format": meta.get("format", "self_paced"),
        "delivery_language": meta.get("language", "uk"),
        "duration_hours": Decimal(str(meta.get("duration_hours", 1))),
        "prerequisites": meta.get("prerequisites", "") or "",
        "learning_outcomes": [("outcome", text) for text in meta.get("learning_outcomes", [])],
        "description": markdown_to_stream(doc.body),
    }


def module_fields(doc: Document) -> dict:
    return {
        "title": doc.meta["title"],
        "summary": doc.meta.get("summary") or first_paragraph(doc.body),
        "estimated_minutes": int(doc.meta.get("estimated_minutes", 20)),
        "body": markdown_to_stream(doc.body),
    }


def news_fields(doc: Document) -> dict:
    return {"title": doc.meta["title"], "date": doc.meta["date"], "summary": doc.meta.get("summary", ""),
            "body": markdown_to_stream(doc.body)}


def _feature(home: HomePage, courses: list[CoursePage]) -> None:
    """The home page's featured courses, in its language, unless an editor has chosen some."""
    if home.featured_courses.exists():
        return
    in_language = [course.get_translation_or_none(home.locale) or course for course in courses]
    home.featured_courses.set([HomePageFeaturedCourse(course=course, sort_order=position)
                               for position, course in enumerate(in_language)])
    publish(home)


def _seed_topics() -> dict[str, Topic]:
    return {
        row["slug"]: Topic.objects.get_or_create(slug=row["slug"], defaults={"name_uk": row["uk"],
                                                                            "name_en": row["en"]})[0]
        for row in read_yaml("topics.yml")
    }


def _seed_course(catalogue: CourseIndexPage, source: CourseSource, lang: str, topics: dict[str, Topic],
                 trainer: AbstractBaseUser | None) -> CoursePage:
    doc = source.course[lang]
    existing = CoursePage.objects.child_of(catalogue).filter(slug=doc.meta["slug"]).first()
    if existing:
        course = existing
    else:
        course = CoursePage(slug=doc.meta["slug"], locale_id=catalogue.locale_id,
                            topic=topics.get(doc.meta.get("topic")), **course_fields(doc))
        course.audiences = [CourseAudience(profession=p) for p in doc.meta.get("audience", [])]
        if trainer is not None:
            course.trainers = [CourseTrainer(user=trainer, bio=_trainer_bio(lang))]
        catalogue.add_child(instance=course)
        publish(course)
    for module_source in source.modules:
        module_doc = module_source[lang]
        child_page(course, ModulePage, module_doc.meta["slug"], **module_fields(module_doc))
    return course


def _english_trainer_bios(course: CoursePage) -> None:
    """The English course was copied from the Ukrainian one, trainers' Ukrainian bios with it: write the English."""
    trainers = list(course.trainers.all())
    stale = [trainer for trainer in trainers if trainer.bio == _trainer_bio("uk")]
    for trainer in stale:
        trainer.bio = _trainer_bio("en")
    if stale:
        course.trainers = trainers
        publish(course)


def _trainer_bio(lang: str) -> str:
    if lang == "uk":
        return "Психолог і супервізор, 12 років працює з родинами та командами в громадах."
    return "Psychologist and supervisor with 12 years of work with families and teams in communities."
