"""Existing open calls migrate: each call's rules leave its language versions for one Call row (content 0004–0005,
enrollments 0010), and applications, reviews and linked sessions follow."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("content", "0003_calls"), ("enrollments", "0009_application_place_before")]
AFTER = [("content", "0005_call_pages_keep_words"), ("enrollments", "0012_application_call_is_the_call")]
DEADLINE = datetime(2030, 3, 31, 20, 59, tzinfo=UTC)

# Going back and forth through migrations needs its own transactions; the database's contents (roles, the root
# page) are put back for the tests that run after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """Whatever happens in the test, the tests after it find every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def add_page(apps, model_name: str, *, position: int, locale, key, **fields):
    """A page row under the root, written as the historical model has it (no tree helpers in migrations)."""
    app_label, model = model_name.split(".")
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model.lower())[0]
    return apps.get_model(app_label, model).objects.create(
        path=f"0001{position:04d}", depth=2, numchild=0, url_path=f"/{fields['slug']}/", content_type=content_type,
        locale=locale, translation_key=key, live=True, draft_title=fields["title"], **fields)


def test_a_calls_rules_move_to_one_row_and_its_applications_reviews_and_sessions_follow():
    old = migrate(BEFORE)
    Locale = old.get_model("wagtailcore", "Locale")
    uk, en = Locale.objects.get(language_code="uk"), Locale.objects.get_or_create(language_code="en")[0]
    key = uuid.uuid4()
    course = add_page(old, "courses.CoursePage", position=909, locale=uk, key=uuid.uuid4(), title="Курс", slug="course",
                      summary="Курс")
    session = old.get_model("enrollments", "TrainingSession").objects.create(course=course, title="Курс", capacity=12)
    rules = {"communities": "Марганецька громада", "oblasts": ["dnipropetrovsk"], "professions": ["teacher"],
             "opens_at": DEADLINE - timedelta(days=20), "deadline": DEADLINE, "places": 12, "editing_allowed": False}
    ukrainian = add_page(old, "content.CallPage", position=901, locale=uk, key=key, title="Набір вчителів",
                         slug="teachers", **rules)
    english = add_page(old, "content.CallPage", position=902, locale=en, key=key, title="Teacher training",
                       slug="teachers-en", **rules)
    links = old.get_model("content", "CallPage").sessions.through  # as the page's admin form saved them
    links.objects.bulk_create([links(callpage_id=page.pk, trainingsession_id=session.pk)
                               for page in (ukrainian, english)])
    Stage, Criterion = old.get_model("content", "CallStage"), old.get_model("content", "CallCriterion")
    for page, titles in ((ukrainian, ("Письмова заявка", "Співбесіда")), (english, ("Written application",
                                                                                     "Interview"))):
        for order, title in enumerate(titles):
            Stage.objects.create(page=page, title=title, sort_order=order)
    motivation = Criterion.objects.create(page=ukrainian, title="Мотивація", weight=2, scale_max=5, sort_order=0)
    Criterion.objects.create(page=english, title="Motivation", weight=2, scale_max=5, sort_order=0)
    User = old.get_model("auth", "User")
    applicant, reviewer = User.objects.create(username="teacher"), User.objects.create(username="reviewer")
    Application = old.get_model("enrollments", "Application")
    application = Application.objects.create(call=english, call_key=key, applicant=applicant, status="submitted")
    old.get_model("enrollments", "Review").objects.create(application=application, reviewer=reviewer, stage=0,
                                                          marks={str(motivation.pk): 5})

    new = migrate(AFTER)

    [call] = new.get_model("content", "Call").objects.all()
    assert (call.name, call.communities, call.oblasts, call.professions) == (
        "Набір вчителів", "Марганецька громада", ["dnipropetrovsk"], ["teacher"])
    assert (call.deadline, call.places, call.editing_allowed) == (DEADLINE, 12, False)
    assert set(new.get_model("content", "CallPage").objects.values_list("call_id", flat=True)) == {call.pk}
    assert list(call.stages.order_by("sort_order").values_list("title_uk", "title_en")) == [
        ("Письмова заявка", "Written application"), ("Співбесіда", "Interview")]
    assert list(call.criteria.values_list("pk", "title_uk", "title_en")) == [(motivation.pk, "Мотивація", "Motivation")]
    migrated = new.get_model("enrollments", "Application").objects.get(pk=application.pk)
    assert migrated.call_id == call.pk
    assert new.get_model("enrollments", "Review").objects.get().marks == {str(motivation.pk): 5}  # ids kept
    assert list(new.get_model("enrollments", "CallSession").objects.values_list("call_id", "session_id")) == [
        (call.pk, session.pk)]
