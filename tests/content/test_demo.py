"""The demo curriculum: reading the Markdown sources, and the idempotent `seed_demo` import."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site
from wagtail.rich_text import RichText

from content.demo import DEMO_USERS, LANGUAGES, SeedReport, markdown_to_stream, read_courses
from content.models import HomePage, HomePageFeaturedCourse, NewsPage, StandardPage
from content.roles import COORDINATOR, PARTICIPANT, REVIEWER, TRAINER
from courses.models import CourseIndexPage, CoursePage, ModulePage, Topic
from courses.selectors import featured_courses
from enrollments.models import Profile
from tests.content.seeding import seed

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


# --- read_courses (pure, reads content/curriculum) --------------------------------------------

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


# --- seed_demo -----------------------------------------------------------------------------------

def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "emails": EmailAddress.objects.count(),
        "profiles": Profile.objects.count(),
        "topics": Topic.objects.count(),
        "featured": HomePageFeaturedCourse.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "sites": Site.objects.count(),
    }


def home_for(language_code: str) -> HomePage:
    return HomePage.objects.get(locale__language_code=language_code)


def test_seed_without_users_creates_no_accounts(db, settings):
    settings.DEBUG = False
    output = seed()
    assert get_user_model().objects.count() == 0
    assert "@example.org" not in output
    assert CoursePage.objects.count() == 2 * len(DEMO_COURSES)
    assert not CoursePage.objects.filter(trainers__isnull=False).exists()


@pytest.mark.parametrize(
    ("flag", "debug", "with_users"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_demo_accounts_only_on_request_or_in_debug(monkeypatch, settings, flag, debug, with_users):
    calls = []
    monkeypatch.setattr("content.management.commands.seed_demo.seed_demo",
                        lambda **kwargs: calls.append(kwargs) or SeedReport(pages_created=0, users=[]))
    settings.DEBUG = debug

    seed(**({"users": True} if flag else {}))

    assert calls == [{"with_users": with_users}]


class TestSeededDemoSite:
    """The import writes some sixty pages and takes seconds, so it runs once for these tests.

    Grouped in a class only to scope that one fixture: like Django's `setUpTestData`, the seed
    happens inside a transaction that is rolled back after the class, and each test runs in its
    own savepoint inside it.
    """

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_ukrainian_home_is_the_site_root_and_english_home_its_translation(self):
        uk, en = home_for("uk"), home_for("en")
        assert uk.live and en.live
        assert en.translation_key == uk.translation_key
        assert uk.hero_title and en.hero_title and en.hero_title != uk.hero_title
        assert Site.objects.get(is_default_site=True).root_page_id == uk.pk
        # Wagtail's welcome page is gone rather than left beside the new home.
        assert not Page.objects.filter(depth=2, content_type__model="page").exists()

    @pytest.mark.parametrize("language_code", ["uk", "en"])
    def test_catalogue_has_the_three_courses_with_live_modules(self, language_code):
        catalogue = CourseIndexPage.objects.child_of(home_for(language_code)).live().get()
        courses = CoursePage.objects.child_of(catalogue).live()
        assert {course.slug for course in courses} == DEMO_COURSES
        for course in courses:
            assert course.locale.language_code == language_code
            assert course.summary
            assert course.topic is not None
            assert course.audiences.exists()
            assert len(course.learning_outcomes) > 0
            modules = ModulePage.objects.child_of(course).live()
            assert modules.count() >= 3, course.slug
            for module in modules:
                assert module.locale.language_code == language_code
                assert module.estimated_minutes > 0
                assert len(module.body) > 0

    def test_english_pages_are_translations_of_the_ukrainian_ones(self):
        uk, en = Locale.objects.get(language_code="uk"), Locale.objects.get(language_code="en")
        for model in (CourseIndexPage, CoursePage, ModulePage, NewsPage, StandardPage):
            pages = model.objects.filter(locale=uk)
            assert pages.exists(), model.__name__
            for page in pages:
                english = model.objects.filter(locale=en, translation_key=page.translation_key).first()
                assert english is not None, f"{model.__name__} {page.slug} has no English translation"
                assert english.live
                assert english.slug == page.slug
                assert english.title != page.title, f"{model.__name__} {page.slug}: title not translated"
                assert english.get_parent().translation_key == page.get_parent().translation_key

    def test_english_module_text_comes_from_the_english_source(self):
        course = CoursePage.objects.get(locale__language_code="en", slug="case-management")
        module = ModulePage.objects.child_of(course).get(slug="assessing-family-needs")
        assert module.title == "Assessing family needs and vulnerabilities"
        first = module.body[0]
        assert first.block_type == "markdown"
        assert first.value.startswith("Assessment is the foundation of case management")

    def test_callout_fences_become_callout_blocks(self):
        course = CoursePage.objects.get(locale__language_code="uk", slug="burnout-prevention")
        module = ModulePage.objects.child_of(course).get(slug="self-care-practices")
        callouts = {(b.value["kind"], b.value["title"]) for b in module.body if b.block_type == "callout"}
        assert callouts >= {("warning", "Якщо стає гірше"), ("tip", "Звертатися по допомогу — професійно")}
        assert all(":::" not in b.value for b in module.body if b.block_type == "markdown")

    def test_topics_are_created_and_courses_filed_under_them(self):
        assert set(Topic.objects.values_list("slug", flat=True)) >= {
            "case-management", "crisis-communication", "wellbeing",
        }
        for course in CoursePage.objects.filter(slug="burnout-prevention"):
            assert course.topic.slug == "wellbeing"

    def test_featured_courses_are_shown_in_each_language(self):
        uk, en = home_for("uk"), home_for("en")
        featured_uk = featured_courses(home=uk)
        featured_en = featured_courses(home=en)
        assert featured_uk
        assert {c.locale.language_code for c in featured_uk} == {"uk"}
        assert {c.locale.language_code for c in featured_en} == {"en"}
        assert [c.translation_key for c in featured_en] == [c.translation_key for c in featured_uk]

    def test_demo_users_have_their_roles_and_verified_addresses(self, demo_output):
        User = get_user_model()
        demo_emails = {demo.email for demo in DEMO_USERS}
        assert User.objects.filter(email__in=demo_emails).count() == len(DEMO_USERS) == 6
        # The other accounts attended the finished demo session (content/demo_results.py): no one logs in as them.
        assert not any(user.has_usable_password() for user in User.objects.exclude(email__in=demo_emails))
        assert sorted(d.role for d in DEMO_USERS) == sorted([COORDINATOR, TRAINER, PARTICIPANT, PARTICIPANT,
                                                             PARTICIPANT, REVIEWER])
        for demo in DEMO_USERS:
            user = User.objects.get(email=demo.email)
            assert list(user.groups.values_list("name", flat=True)) == [demo.role]
            address = EmailAddress.objects.get(user=user)
            assert (address.email, address.verified, address.primary) == (demo.email, True, True)
            assert user.has_usable_password()
            assert not user.is_superuser and not user.is_staff
            assert user.profile.full_name == demo.full_name
            assert demo.email in demo_output

    def test_demo_trainer_is_listed_on_the_courses(self):
        trainer = get_user_model().objects.get(email="trainer@example.org")
        for course in CoursePage.objects.all():
            assert [row.user_id for row in course.trainers.all()] == [trainer.pk], course.url_path

    def test_trainers_may_author_in_both_catalogues(self):
        catalogues = CourseIndexPage.objects.all()
        assert catalogues.count() == 2
        for catalogue in catalogues:
            codenames = set(
                GroupPagePermission.objects.filter(page=catalogue, group__name=TRAINER)
                .values_list("permission__codename", flat=True)
            )
            assert codenames == {"add_page", "change_page"}, catalogue.locale.language_code

    def test_seeding_again_creates_nothing_and_keeps_editor_changes(self):
        course = CoursePage.objects.get(locale__language_code="uk", slug="case-management")
        course.title = "Змінено редактором"
        course.save_revision().publish()
        before = counts()

        output = seed(users=True)

        assert counts() == before
        assert "(0 pages created)" in output
        course.refresh_from_db()
        assert course.title == "Змінено редактором"
