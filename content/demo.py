"""The demo site: builds the Ukrainian page tree from `content/curriculum/`, then its English translation.

Idempotent by design: each page is looked up by slug under its parent and created only when
missing, so running the import twice duplicates nothing and never overwrites an editor's work.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from content.markdown import render_markdown
from content.models import HomePage, HomePageFeaturedCourse, NewsIndexPage, NewsPage, SiteSettings, StandardPage
from content.roles import COORDINATOR, PARTICIPANT, REVIEWER, TRAINER, grant_trainer_catalogue_access
from courses.models import CourseAudience, CourseIndexPage, CoursePage, CourseTrainer, ModulePage, Topic
from enrollments.accounts import create_account
from enrollments.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    SessionDay,
    SessionFormat,
    SessionStatus,
    TrainingSession,
)

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
LANGUAGES = ("uk", "en")
CALLOUT = re.compile(r"^::: *(tip|note|warning) *(.*?)\n(.*?)^:::[ \t]*$", re.MULTILINE | re.DOTALL)

DEMO_ORGANISATION = "ГО «Громада» / Hromada NGO"
DEMO_CONTACT_EMAIL = "learning@example.org"
DEMO_PASSWORD = "hromada-demo-2026"  # noqa: S105 - printed by `make run`, dev only


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    profession: str = ""
    organisation: str = ""
    oblast: str = ""
    community: str = ""


DEMO_USERS = (
    DemoUser("coordinator@example.org", "Олена Коваленко", COORDINATOR, "other", "ГО «Громада»", "kyiv_city", "Київ"),
    DemoUser("trainer@example.org", "Андрій Мельник", TRAINER, "psychologist", "ГО «Громада»", "dnipropetrovsk",
             "Дніпровська громада"),
    DemoUser("participant1@example.org", "Олександра Щербак", PARTICIPANT, "case_manager",
             "Центр надання соціальних послуг", "dnipropetrovsk", "Марганецька громада"),
    DemoUser("participant2@example.org", "Юрій Зінченко", PARTICIPANT, "social_worker",
             "Управління соціального захисту", "dnipropetrovsk", "Криворізька громада"),
    # A teacher from Kryvyi Rih: eligible for the demo open call (content/demo_calls.py), which she applies to.
    DemoUser("participant3@example.org", "Марія Ткаченко", PARTICIPANT, "teacher", "Криворізький ліцей № 5",
             "dnipropetrovsk", "Криворізька громада"),
    DemoUser("reviewer@example.org", "Ганна Бойко", REVIEWER, "psychologist", "ГО «Громада»", "dnipropetrovsk",
             "Дніпровська громада"),
)


# --- Reading the curriculum (pure) -------------------------------------------------------------

@dataclass
class Document:
    """One Markdown file: its front matter and body."""

    meta: dict
    body: str


@dataclass
class CourseSource:
    slug: str
    course: dict[str, Document]  # language → course.<lang>.md
    modules: list[dict[str, Document]] = field(default_factory=list)  # in file-name order


def read_document(path: Path) -> Document:
    post = frontmatter.load(path)
    return Document(meta=dict(post.metadata), body=post.content)


def read_courses(directory: Path = CURRICULUM_DIR) -> list[CourseSource]:
    courses = []
    for folder in sorted(p for p in directory.iterdir() if (p / "course.uk.md").exists()):
        source = CourseSource(slug=folder.name, course={lang: read_document(folder / f"course.{lang}.md")
                                                        for lang in LANGUAGES})
        stems = sorted({p.name.split(".")[0] for p in folder.glob("[0-9]*.uk.md")})
        source.modules = [{lang: read_document(folder / f"{stem}.{lang}.md") for lang in LANGUAGES} for stem in stems]
        courses.append(source)
    return courses


def read_news(directory: Path = CURRICULUM_DIR / "news") -> list[dict[str, Document]]:
    stems = sorted({p.name.split(".")[0] for p in directory.glob("*.uk.md")})
    return [{lang: read_document(directory / f"{stem}.{lang}.md") for lang in LANGUAGES} for stem in stems]


def markdown_to_stream(text: str) -> list[tuple[str, object]]:
    """Markdown with `::: tip Title` fences → body blocks: Markdown chunks and callouts."""
    blocks: list[tuple[str, object]] = []
    position = 0
    for match in CALLOUT.finditer(text):
        before = text[position:match.start()].strip()
        if before:
            blocks.append(("markdown", before))
        kind, title, inner = match.groups()
        blocks.append(("callout", {"kind": kind, "title": title.strip(),
                                   "text": RichText(str(render_markdown(inner.strip())))}))
        position = match.end()
    rest = text[position:].strip()
    if rest:
        blocks.append(("markdown", rest))
    return blocks


# --- Writing pages -------------------------------------------------------------------------------

def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The live child of `parent` with this slug, created and published if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    return _publish(page)


def _translation(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation into `locale`, copied and filled in if missing."""
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    return _publish(translated)


def _course_fields(doc: Document) -> dict:
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


def first_paragraph(markdown_text: str, limit: int = 300) -> str:
    """The first plain paragraph of a Markdown text, as a one-line summary."""
    for block in markdown_text.split("\n\n"):
        block = " ".join(block.split())
        if block and not block.startswith(("#", ":::", "|", "-", "*", ">", "1.")):
            return block if len(block) <= limit else block[:limit].rsplit(" ", 1)[0] + "…"
    return ""


def _module_fields(doc: Document) -> dict:
    return {
        "title": doc.meta["title"],
        "summary": doc.meta.get("summary") or first_paragraph(doc.body),
        "estimated_minutes": int(doc.meta.get("estimated_minutes", 20)),
        "body": markdown_to_stream(doc.body),
    }


def _news_fields(doc: Document) -> dict:
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
                        mission=RichText(f"<p>{texts['mission'].strip()}</p>"), locale=locale)
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=settings.WAGTAIL_SITE_NAME)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    site_settings = SiteSettings.for_site(home.get_site())
    if not site_settings.organisation_name:
        site_settings.organisation_name = DEMO_ORGANISATION
        site_settings.contact_email = DEMO_CONTACT_EMAIL
        site_settings.save()
    return home


@dataclass
class SeedReport:
    pages_created: int
    users: list[DemoUser]
    sessions: list[str] = field(default_factory=list)  # one line per demo training session
    quiz_notes: list[str] = field(default_factory=list)  # what to try with the demo quizzes
    certificate_notes: list[str] = field(default_factory=list)  # the demo certificates and where to check them
    call_notes: list[str] = field(default_factory=list)  # the demo open call: who applies, reviews, decides


@transaction.atomic
def seed_demo(*, with_users: bool) -> SeedReport:
    pages_before = Page.objects.count()
    uk = Locale.objects.get_or_create(language_code="uk")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    site_texts = yaml.safe_load((CURRICULUM_DIR / "site.yml").read_text(encoding="utf-8"))
    topics = _seed_topics()
    users = _seed_users() if with_users else {}

    # Ukrainian tree first: it is the source every translation is copied from.
    texts = site_texts["uk"]
    home = _home(uk, texts)
    catalogue = _child(home, CourseIndexPage, "courses", title=texts["catalogue_title"],
                       intro=texts["catalogue_intro"].strip())
    news_index = _child(home, NewsIndexPage, "news", title=texts["news_title"], intro=texts["news_intro"])
    _child(home, StandardPage, "about", title=texts["about_title"], intro=texts["about_intro"],
           body=markdown_to_stream(texts["about_body"]))
    grant_trainer_catalogue_access(catalogue)

    sources = read_courses()
    courses_uk = [_seed_course(catalogue, source, "uk", topics, users.get(TRAINER)) for source in sources]
    news_sources = read_news()
    for item in news_sources:
        _child(news_index, NewsPage, item["uk"].meta["slug"], **_news_fields(item["uk"]))
    if not home.featured_courses.exists():
        featured = [c for c, s in zip(courses_uk, sources, strict=True) if s.course["uk"].meta.get("featured")]
        home.featured_courses.set([HomePageFeaturedCourse(course=course, sort_order=position)
                                   for position, course in enumerate(featured)])
        _publish(home)

    # English translation of the same tree.
    texts = site_texts["en"]
    home_en = _translation(home, en, title=texts["home_title"], hero_title=texts["hero_title"],
                           mission=RichText(f"<p>{texts['mission'].strip()}</p>"))
    catalogue_en = _translation(catalogue, en, title=texts["catalogue_title"], intro=texts["catalogue_intro"].strip())
    grant_trainer_catalogue_access(catalogue_en)
    _translation(news_index, en, title=texts["news_title"], intro=texts["news_intro"])
    about = StandardPage.objects.child_of(home).get(slug="about")
    _translation(about, en, title=texts["about_title"], intro=texts["about_intro"],
                 body=markdown_to_stream(texts["about_body"]))
    for course, source in zip(courses_uk, sources, strict=True):
        _translation(course, en, **_course_fields(source.course["en"]))
        for module_source in source.modules:
            module = ModulePage.objects.child_of(course).get(slug=module_source["uk"].meta["slug"])
            _translation(module, en, **_module_fields(module_source["en"]))
    for item in news_sources:
        news_uk = NewsPage.objects.child_of(news_index).get(slug=item["uk"].meta["slug"])
        _translation(news_uk, en, **_news_fields(item["en"]))

    courses = {source.slug: course for course, source in zip(courses_uk, sources, strict=True)}
    sessions = _seed_sessions(courses)
    from content.demo_quizzes import seed_demo_quizzes  # imported here: it builds on this module

    quizzes = seed_demo_quizzes(courses=courses, locale=en, with_users=with_users)
    # The finished session's results were just seeded: its certificates are issued here, at once, since
    # the automatic check after each mark and quiz waits for this transaction to commit.
    from content.demo_certificates import seed_demo_certificates

    certificates = seed_demo_certificates(courses=courses, quizzes=quizzes.pages, finished=quizzes.sessions)
    from content.demo_calls import seed_demo_calls

    calls = seed_demo_calls(homes={"uk": home, "en": home_en}, courses=courses, with_users=with_users)
    call_sessions = [calls.session] if calls.session else []
    return SeedReport(pages_created=Page.objects.count() - pages_before,
                      users=list(DEMO_USERS) if with_users else [],
                      sessions=[describe_session(session) for session in [*sessions, *quizzes.sessions,
                                                                          *call_sessions]],
                      quiz_notes=quizzes.notes, certificate_notes=certificates.notes, call_notes=calls.notes)


def _seed_topics() -> dict[str, Topic]:
    rows = yaml.safe_load((CURRICULUM_DIR / "topics.yml").read_text(encoding="utf-8"))
    return {
        row["slug"]: Topic.objects.get_or_create(slug=row["slug"], defaults={"name_uk": row["uk"],
                                                                            "name_en": row["en"]})[0]
        for row in rows
    }


def _seed_course(catalogue: CourseIndexPage, source: CourseSource, lang: str, topics: dict[str, Topic],
                 trainer) -> CoursePage:
    doc = source.course[lang]
    existing = CoursePage.objects.child_of(catalogue).filter(slug=doc.meta["slug"]).first()
    if existing:
        course = existing
    else:
        course = CoursePage(slug=doc.meta["slug"], locale_id=catalogue.locale_id,
                            topic=topics.get(doc.meta.get("topic")), **_course_fields(doc))
        course.audiences = [CourseAudience(profession=p) for p in doc.meta.get("audience", [])]
        if trainer is not None:
            course.trainers = [CourseTrainer(user=trainer, bio=_trainer_bio(lang))]
        catalogue.add_child(instance=course)
        _publish(course)
    for module_source in source.modules:
        module_doc = module_source[lang]
        _child(course, ModulePage, module_doc.meta["slug"], **_module_fields(module_doc))
    return course


def _trainer_bio(lang: str) -> str:
    if lang == "uk":
        return "Психолог і супервізор, 12 років працює з родинами та командами в громадах."
    return "Psychologist and supervisor with 12 years of work with families and teams in communities."


def _seed_users() -> dict[str, object]:
    """Demo accounts with verified email addresses, created once; one per role is returned by role."""
    User = get_user_model()
    by_role: dict[str, object] = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            first, _, last = demo.full_name.partition(" ")
            user = create_account(email=demo.email, role=demo.role, password=DEMO_PASSWORD, verified=True,
                                  first_name=first, last_name=last, full_name=demo.full_name,
                                  profession=demo.profession, organisation=demo.organisation, oblast=demo.oblast,
                                  community=demo.community)
        by_role.setdefault(demo.role, user)
    return by_role


# --- Training sessions ---------------------------------------------------------------------------

DAY_STARTS, DAY_ENDS = time(9, 30), time(17, 0)


@dataclass(frozen=True)
class DemoSession:
    course_slug: str
    city: str
    oblast: str
    venue: str
    capacity: int
    approval_required: bool
    enroll_participants: bool
    starts: str  # "today", "in_two_weeks" or "next_month"


DEMO_SESSIONS = (
    # Happening now: the trainer marks day 1 in the demo, participants check in by QR on day 2.
    DemoSession("crisis-communication", "Дніпро", "dnipropetrovsk",
                "Центр надання соціальних послуг, просп. Дмитра Яворницького, 75, зала 2", 30, False, True, "today"),
    # In two weeks: its pre-test is open whatever the hour the demo is run.
    DemoSession("crisis-communication", "Запоріжжя", "zaporizhzhia",
                "Запорізький обласний центр соціальних служб, вул. Незалежної України, 41", 20, False, True,
                "in_two_weeks"),
    # Next month, with requests a coordinator approves.
    DemoSession("case-management", "Київ", "kyiv_city", "Київський центр громадських ініціатив, вул. Хрещатик, 10",
                25, True, False, "next_month"),
)


def demo_session_dates(*, starts: str, today: date) -> list[date]:
    """Three consecutive days: from today, from two weeks on, or from the first Monday of next month."""
    if starts == "today":
        start = today
    elif starts == "in_two_weeks":
        start = today + timedelta(days=14)
    else:
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        start = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    return [start + timedelta(days=offset) for offset in range(3)]


def _seed_sessions(courses: dict[str, CoursePage]) -> list[TrainingSession]:
    """The demo sessions, created once (looked up by course and city); the demo trainer and participants
    are added when their accounts exist. Attendance is never pre-marked: the demo marks it live.
    """
    User = get_user_model()
    trainer = User.objects.filter(email__iexact=next(d.email for d in DEMO_USERS if d.role == TRAINER)).first()
    participants = list(User.objects.filter(email__in=[d.email for d in DEMO_USERS if d.role == PARTICIPANT])
                        .order_by("email"))
    sessions = []
    for demo in DEMO_SESSIONS:
        course = courses.get(demo.course_slug)
        if course is None:
            continue
        session = TrainingSession.objects.filter(course=course, city=demo.city).first() or _create_session(
            course, demo)
        if trainer is not None:
            session.trainers.add(trainer)
        if demo.enroll_participants:
            for user in participants:
                Enrollment.objects.get_or_create(session=session, user=user, defaults={
                    "status": EnrollmentStatus.ENROLLED, "source": EnrollmentSource.IMPORTED})
        sessions.append(session)
    return sessions


def _create_session(course: CoursePage, demo: DemoSession) -> TrainingSession:
    dates = demo_session_dates(starts=demo.starts, today=timezone.localdate())
    topics = list(ModulePage.objects.child_of(course).order_by("path").values_list("title", flat=True))
    closes = timezone.make_aware(datetime.combine(dates[0] - timedelta(days=1), time(18, 0)))
    session = TrainingSession(
        course=course, title=course.title, language="uk", format=SessionFormat.IN_PERSON, venue=demo.venue,
        city=demo.city, oblast=demo.oblast, capacity=demo.capacity, approval_required=demo.approval_required,
        status=SessionStatus.OPEN, enrollment_closes_at=closes if closes > timezone.now() else None,
    )
    session.days = [
        SessionDay(date=day, starts_at=DAY_STARTS, ends_at=DAY_ENDS, topic=topics[index] if index < len(topics) else "")
        for index, day in enumerate(dates)
    ]
    session.save()
    return session


def describe_session(session: TrainingSession) -> str:
    """One line for the seed output: what, where, when, and how many people are on it."""
    days = [day.date for day in session.days.all()]
    when = f"{days[0]:%d.%m.%Y}–{days[-1]:%d.%m.%Y}" if days else "—"
    enrolled = session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()
    approval = ", approval required" if session.approval_required else ""
    return f"{session.title} — {session.city}, {when}, {enrolled}/{session.capacity} enrolled{approval} (#{session.pk})"
