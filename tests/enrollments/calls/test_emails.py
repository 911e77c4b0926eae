"""Decision emails (enrollments/calls/emails.py): one bilingual message per decision, from the templates coordinators
edit (test_viewsets.py), after commit."""

import pytest

from content.models import CallStage
from enrollments.calls import decisions, emails
from enrollments.calls.models import DecisionEmail, DecisionKind
from tests.content.factories import add_call, translate_call
from tests.enrollments.calls.reviewing import apply
from tests.enrollments.factories import SessionDayFactory, TrainingSessionFactory

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages


@pytest.fixture
def call(tree):
    return add_call(tree.home, title="Вчителі для команди")


def decide(application, move, by, capture):
    with capture(execute=True):
        return decisions.move_application(application=application, move=move, by=by)


def english_version(call, *, title: str, stages: list[str]):
    """The call page in English, and English titles for the call's stages."""
    for stage, name in zip(CallStage.objects.filter(call=call.call).order_by("sort_order"), stages, strict=True):
        stage.title_en = name
        stage.save()
    return translate_call(call, title=title)


def test_the_migration_provides_every_decision_email(db):
    assert set(DecisionEmail.objects.values_list("kind", flat=True)) == set(DecisionKind.values)
    for email in DecisionEmail.objects.all():
        assert not email.full_clean() and "{name}" in email.body_uk and "{name}" in email.body_en


def test_acceptance_sends_one_email_ukrainian_first_then_english(tree, coordinator, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(title="Травма-інформована школа", days=0)
    for day in (12, 13):
        SessionDayFactory(session=session, date=f"2030-03-{day}")
    call = add_call(tree.home, title="Вчителі для команди", sessions=[session])
    english_version(call, title="Teachers for the team", stages=["Written application", "Interview"])
    application = apply(call, name="Марія Бондар", email="maria@example.org")
    decide(application, "accept", coordinator, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.to == ["maria@example.org"]
    assert message.subject == ("[Hromada LMS] Вітаємо! Вас відібрано: «Вчителі для команди» / "
                               "Congratulations! You are selected: “Teachers for the team”")
    ukrainian, english = message.body.split(emails.SEPARATOR)
    assert ukrainian.startswith("Вітаємо, Марія Бондар!")
    assert "«Вчителі для команди»" in ukrainian and "«Травма-інформована школа» (12–13 березня 2030)" in ukrainian
    assert english.startswith("Dear Марія Бондар,")
    assert "“Teachers for the team”" in english and "“Травма-інформована школа” (12–13 March 2030)" in english
    assert "http://127.0.0.1:8000/uk/learning/" in ukrainian and "http://127.0.0.1:8000/en/learning/" in english
    assert "{" not in message.body


def test_an_acceptance_that_enrolls_nobody_says_nothing_about_a_training(call, coordinator, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    decide(apply(call, name="Марія Бондар"), "accept", coordinator, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    ukrainian, english = message.body.split(emails.SEPARATOR)
    assert "прийнято." in ukrainian and "has been accepted." in english
    assert "«»" not in message.body and "“”" not in message.body and "()" not in message.body
    assert "зараховано" not in ukrainian and "enrolled" not in english


def test_a_session_without_days_is_named_without_dates(tree, coordinator, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(title="Травма-інформована школа", days=0)
    call = add_call(tree.home, title="Вчителі для команди", sessions=[session])
    decide(apply(call), "accept", coordinator, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert "You are enrolled in the training “Травма-інформована школа”.\n" in message.body
    assert "()" not in message.body


def test_next_stage_names_the_new_stage_in_each_language(call, coordinator, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    english_version(call, title="Teachers for the team", stages=["Written application", "Interview"])
    decide(apply(call), "next_stage", coordinator, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert "«Співбесіда»" in message.body and "“Interview”" in message.body
    assert "Письмова заявка" not in message.body


def test_without_an_english_version_the_ukrainian_titles_are_used(call, coordinator, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    decide(apply(call), "shortlist", coordinator, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject.endswith("Your application to “Вчителі для команди” is shortlisted")


def test_an_edited_template_is_what_applicants_receive(call, coordinator, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    DecisionEmail.objects.filter(kind="rejected").update(
        subject_uk="Відповідь щодо {call}", body_uk="Дякуємо, {name}. Етап: {stage}. {unknown}",
        subject_en="About {call}", body_en="Thank you, {name}. {name.__class__}")
    decide(apply(call, name="Олег"), "reject", coordinator, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject == "[Hromada LMS] Відповідь щодо Вчителі для команди / About Вчителі для команди"
    assert message.body == ("Дякуємо, Олег. Етап: Письмова заявка. {unknown}" + emails.SEPARATOR
                            + "Thank you, Олег. {name.__class__}\n")


def test_a_missing_template_falls_back_to_the_default(call, coordinator, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    DecisionEmail.objects.filter(kind="shortlisted").delete()
    decide(apply(call), "shortlist", coordinator, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert "внесено до короткого списку" in message.subject


def test_nothing_is_sent_before_the_commit_nor_on_reopening(call, coordinator, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    application = apply(call)
    with django_capture_on_commit_callbacks() as callbacks:
        decisions.move_application(application=application, move="reject", by=coordinator)
    assert mailoutbox == [] and len(callbacks) == 1
    decide(application, "reopen", coordinator, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_bulk_decisions_email_each_applicant_once(call, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    applications = [apply(call, email=f"a{n}@example.org") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        decisions.move_applications(applications=applications, move="shortlist", by=coordinator)
    assert sorted(message.to[0] for message in mailoutbox) == ["a0@example.org", "a1@example.org", "a2@example.org"]
