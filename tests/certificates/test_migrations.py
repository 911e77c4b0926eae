"""Certificate data migrates: hours a rule stated move to its sessions (certificates 0004), so a certificate issued
after the migration prints what one issued before it did."""

import uuid
from decimal import Decimal

import pytest

from tests.content.test_migrations import _back_to_the_latest_schema, add_page, migrate  # noqa: F401 - the fixture

BEFORE = [("certificates", "0003_records_protect_what_they_point_at"), ("enrollments", "0018_session_training_hours")]
AFTER = [("certificates", "0004_hours_come_from_the_session")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_rules_hours_move_to_its_sessions_and_a_sessions_rule_wins_for_its_own():
    old = migrate(BEFORE)
    uk = old.get_model("wagtailcore", "Locale").objects.get(language_code="uk")
    Session = old.get_model("enrollments", "TrainingSession")
    Rule = old.get_model("certificates", "CertificateRule")
    course, other = (add_page(old, "courses.CoursePage", position=position, locale=uk, key=uuid.uuid4(),
                              title="Курс", slug=f"course-{position}", summary="Курс") for position in (921, 922))
    plain, own, stated, elsewhere = (
        Session.objects.create(course=course, title="Курс", capacity=2),
        Session.objects.create(course=course, title="Курс", capacity=2),
        Session.objects.create(course=course, title="Курс", capacity=2, hours=Decimal("12")),
        Session.objects.create(course=other, title="Курс", capacity=2),
    )
    Rule.objects.create(course=course, kind="completion", hours=Decimal("16"))
    Rule.objects.create(session=own, kind="participation", hours=Decimal("6"))
    Rule.objects.create(course=other, kind="completion", hours=Decimal("9"), active=False)  # issues nothing

    new = migrate(AFTER)

    hours = dict(new.get_model("enrollments", "TrainingSession").objects.values_list("pk", "hours"))
    assert [hours[session.pk] for session in (plain, own, stated, elsewhere)] == [
        Decimal("16"), Decimal("6"), Decimal("12"), None]
    assert "hours" not in {field.name for field in new.get_model("certificates", "CertificateRule")._meta.fields}
