"""The demo site (lms/demo/site.py): the page tree in both languages, topics, featured courses, the catalogues'
trainers; and seeding it again."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site

from content.models import HomePage, HomePageFeaturedCourse, NewsPage, StandardPage
from content.roles import TRAINER
from courses.models import CourseIndexPage, CoursePage, ModulePage, Topic
from courses.selectors import featured_courses
from enrollments.models import Profile
from tests.lms.demo.seeding import seed

DEMO_COURSES = {"case-management", "crisis-communication", "burnout-prevention"}


# --- Seeded ---------------------------------------------------------------------------------------

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
