"""The demo site: the Ukrainian page tree from `curriculum/` (home, catalogue with courses and modules, news,
about), then its English translation; topics, the default site and its settings.

Pages, topics, sites and settings are what editors make in the Wagtail admin, with no service behind it: they
are written as models (`lms.demo.pages`). Each page is looked up by slug under its parent and created only when
missing, so running the import twice duplicates nothing and never overwrites an editor's work.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Locale, Page, Site

from content.models import HomePage, HomePageFeaturedCourse, NewsIndexPage, NewsPage, SiteSettings, StandardPage
from content.roles import grant_trainer_catalogue_access
from courses.models import CourseAudience, CourseIndexPage, CoursePage, CourseTrainer, ModulePage, Topic
from lms.demo.pages import child_page, publish, translated
from lms.demo.sources import (
    CourseSource,
    Document,
    first_paragraph,
    markdown_to_stream,
    paragraph,
    read_courses,
    read_news,
    read_yaml,
)

DEMO_ORGANISATION = {"uk": "ГО «Громада»", "en": "Hromada NGO"}
DEMO_CONTACT_EMAIL = "learning@example.org"


@dataclass
class DemoSite:
    """What the rest of the demo builds on: the home pages by language and the Ukrainian courses by slug."""

    homes: dict[str, HomePage]
    courses: dict[str, CoursePage]

    @property
    def english(self) -> Locale:
        return self.homes["en"].locale


def seed_site(*, trainer: AbstractBaseUser | None) -> DemoSite:
    """The site in Ukrainian and English; `trainer` (the demo trainer, when seeded) is listed on every course."""
    uk = Locale.objects.get_or_create(language_code="uk")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    site_texts = read_yaml("site.yml")
    topics = _seed_topics()

    # Ukrainian tree first: it is the source every translation is copied from.
    texts = site_texts["uk"]
    home = _home(uk, texts)
    catalogue = child_page(home, CourseIndexPage, "courses", title=texts["catalogue_title"],
                           intro=texts["catalogue_intro"].strip())
    news_index = child_page(home, NewsIndexPage, "news", title=texts["news_title"], intro=texts["news_intro"])
    child_page(home, StandardPage, "about", title=texts["about_title"], intro=texts["about_intro"],
               body=markdown_to_stream(texts["about_body"]))
    grant_trainer_catalogue_access(catalogue)

    sources = read_courses()
    courses_uk = [_seed_course(catalogue, source, "uk", topics, trainer) for source in sources]
    news_sources = read_news()
    for item in news_sources:
        child_page(news_index, NewsPage, item["uk"].meta["slug"], **news_fields(item["uk"]))
    if not home.featured_courses.exists():
        featured = [c for c, s in zip(courses_uk, sources, strict=True) if s.course["uk"].meta.get("featured")]
        home.featured_courses.set([HomePageFeaturedCourse(course=course, sort_order=position)
                                   for position, course in enumerate(featured)])
        publish(home)

    # English translation of the same tree.
    texts = site_texts["en"]
    home_en = translated(home, en, title=texts["home_title"], hero_title=texts["hero_title"],
                         mission=paragraph(texts["mission"]))
    catalogue_en = translated(catalogue, en, title=texts["catalogue_title"], intro=texts["catalogue_intro"].strip())
    grant_trainer_catalogue_access(catalogue_en)
    translated(news_index, en, title=texts["news_title"], intro=texts["news_intro"])
    about = StandardPage.objects.child_of(home).get(slug="about")
    translated(about, en, title=texts["about_title"], intro=texts["about_intro"],
               body=markdown_to_stream(texts["about_body"]))
    for course, source in zip(courses_uk, sources, strict=True):
        course_en = translated(course, en, **course_fields(source.course["en"]))
        _english_trainer_bios(course_en)
        for module_source in source.modules:
            module = ModulePage.objects.child_of(course).get(slug=module_source["uk"].meta["slug"])
            translated(module, en, **module_fields(module_source["en"]))
    for item in news_sources:
        news_uk = NewsPage.objects.child_of(news_index).get(slug=item["uk"].meta["slug"])
        translated(news_uk, en, **news_fields(item["en"]))

    return DemoSite(homes={"uk": home, "en": home_en},
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


def _home(locale: Locale, texts: dict) -> HomePage:
    """The Ukrainian home page, replacing Wagtail's welcome page as the default site's root."""
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = Page.objects.child_of(root).filter(content_type__model="page", slug="home").first()
        if welcome and not welcome.get_children().exists():
            welcome.delete()
        home = HomePage(title=texts["home_title"], hero_title=texts["hero_title"], slug="home",
                        mission=paragraph(texts["mission"]), locale=locale)
        root.add_child(instance=home)
        publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=settings.WAGTAIL_SITE_NAME)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    site_settings = SiteSettings.for_site(home.get_site())
    if not site_settings.organisation_name_uk:
        site_settings.organisation_name_uk = DEMO_ORGANISATION["uk"]
        site_settings.organisation_name_en = DEMO_ORGANISATION["en"]
        site_settings.contact_email = DEMO_CONTACT_EMAIL
        site_settings.save()
    return home


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
