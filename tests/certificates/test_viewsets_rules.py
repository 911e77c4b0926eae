"""Certificate rules in the admin (certificates/viewsets.py, `CertificateRuleViewSet`, with its form in
certificates/admin_forms.py): what the form accepts and refuses, the list, deleting, and who may."""

import pytest
from django.urls import reverse
from django.utils import translation

from certificates.admin_forms import CertificateRuleForm
from certificates.models import Certificate, CertificateRule
from courses.models import QuizPage
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import add_course, add_quiz, translate_tree
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages

INDEX_URL = "/admin/certificates/rules/"
ADD_URL = "/admin/certificates/rules/new/"
LIST_QUERIES = 13  # measured 11 with 1 rule and with 5
FORM_QUERIES = 30  # the rule form: measured 19 (add) and 27 (edit), the same with 1 quiz and with 4


def edit_url(rule) -> str:
    return reverse("certificate_rules:edit", args=[rule.pk])


def delete_url(rule) -> str:
    return reverse("certificate_rules:delete", args=[rule.pk])


@pytest.fixture
def quizzes(tree):
    """The course's pre- and post-test, and a graded quiz inside its first module."""
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    return {
        "pre": pre,
        "post": add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, title="Підсумковий тест"),
        "module_quiz": add_quiz(tree.modules[0], slug="check", kind="graded", title="Перевірка модуля"),
    }


@pytest.fixture
def other_course(tree):
    course = add_course(tree.catalogue, slug="supervision", title="Супервізія")
    add_quiz(course, slug="final", kind="graded", title="Тест супервізії")
    return course


def rule_data(*, course=None, session=None, kind="completion", attendance="every_day", percent="", quizzes=(),
              modules=(), active=True) -> dict:
    """POST data for the rule form."""
    data = {
        "course": course.pk if course else "", "session": session.pk if session else "", "kind": kind,
        "attendance": attendance, "min_attendance_percent": percent, "validity_months": "",
        "required_quizzes": [quiz.pk for quiz in quizzes], "required_modules": [module.pk for module in modules],
    }
    if active:
        data["active"] = "on"
    return data


def errors_of(response, field: str) -> list[str]:
    assert response.status_code == 200  # the form again, not a redirect and not a 500
    return response.context["form"].errors.get(field, [])


# --- What the form accepts -----------------------------------------------------------------------

def test_course_rule_with_its_post_test_and_module(admin, tree, quizzes):
    response = admin.post(ADD_URL, rule_data(course=tree.course, quizzes=[quizzes["post"], quizzes["module_quiz"]],
                                             modules=[tree.modules[1]], attendance="percent", percent="75"))
    assert response.status_code == 302
    rule = CertificateRule.objects.get()
    assert (rule.course, rule.session, rule.kind, rule.attendance, rule.min_attendance_percent) == (
        tree.course, None, "completion", "percent", 75)
    assert set(rule.required_quizzes.all()) == {quizzes["post"], quizzes["module_quiz"]}
    assert list(rule.required_modules.all()) == [tree.modules[1]]
    page = text(admin.get(INDEX_URL))
    assert "Ведення випадку" in page and uk("Certificate of completion") in page


def test_session_rule_takes_the_quizzes_of_its_course(admin, tree, quizzes):
    session = TrainingSessionFactory(course=tree.course, title="Ведення випадку — Суми")
    response = admin.post(ADD_URL, rule_data(session=session, kind="attendance", quizzes=[quizzes["post"]]))
    assert response.status_code == 302
    rule = CertificateRule.objects.get()
    assert (rule.session, rule.course, rule.kind) == (session, None, "attendance")
    assert "Ведення випадку — Суми" in text(admin.get(INDEX_URL))


def test_session_of_the_english_course_takes_the_ukrainian_quizzes(admin, tree, quizzes):
    english = translate_tree(tree)
    session = TrainingSessionFactory(course=english.course, title="Case management — Kyiv")
    response = admin.post(ADD_URL, rule_data(session=session, quizzes=[quizzes["post"]], modules=[tree.modules[0]]))
    assert response.status_code == 302
    assert CertificateRule.objects.get().required_quizzes.get() == quizzes["post"]


def test_form_offers_ukrainian_quizzes_with_a_pass_mark_labelled_by_course(admin, tree, quizzes, other_course,
                                                                          django_assert_max_num_queries):
    english = translate_tree(tree)
    english_quiz = quizzes["module_quiz"].copy_for_translation(english.modules[0].locale)
    english_quiz.title = "Module check"
    english_quiz.save_revision().publish()
    with django_assert_max_num_queries(FORM_QUERIES):
        response = admin.get(ADD_URL)
    assert response.status_code == 200
    page = text(response)
    assert "Ведення випадку — Підсумковий тест" in page
    assert "Ведення випадку — Перевірка модуля" in page
    assert "Супервізія — Тест супервізії" in page
    assert "Ведення випадку — Модуль 1" in page
    assert "Вхідний тест" not in page  # a pre-test has no pass mark
    assert "Module check" not in page and "Module 1" not in page  # English pages are not offered twice


# --- What it refuses -----------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["neither", "both"])
def test_course_or_session_exactly_one(admin, tree, target):
    session = TrainingSessionFactory(course=tree.course)
    data = rule_data(course=tree.course if target == "both" else None, session=session if target == "both" else None)
    response = admin.post(ADD_URL, data)
    assert errors_of(response, "course")
    message = "Choose either a course or one of its sessions, not both." if target == "both" else (
        "Choose the course (for all its sessions) or one session.")
    assert uk(message) in text(response)
    assert not CertificateRule.objects.exists()


def test_quiz_of_another_course_is_refused(admin, tree, other_course):
    foreign = QuizPage.objects.child_of(other_course).get()
    response = admin.post(ADD_URL, rule_data(course=tree.course, quizzes=[foreign]))
    assert errors_of(response, "required_quizzes")
    assert "Тест супервізії" in text(response)
    assert not CertificateRule.objects.exists()


def test_quiz_of_another_course_is_refused_for_a_session(admin, tree, other_course):
    session = TrainingSessionFactory(course=tree.course)
    foreign = QuizPage.objects.child_of(other_course).get()
    assert errors_of(admin.post(ADD_URL, rule_data(session=session, quizzes=[foreign])), "required_quizzes")
    assert not CertificateRule.objects.exists()


def test_module_of_another_course_is_refused(admin, tree, other_course):
    foreign = other_course.get_children().type(tree.modules[0].__class__).first().specific
    response = admin.post(ADD_URL, rule_data(course=tree.course, modules=[foreign]))
    assert errors_of(response, "required_modules")
    assert not CertificateRule.objects.exists()


@pytest.mark.parametrize("kind", ["pre_test", "self_assessment"])
def test_quiz_without_pass_mark_cannot_be_required(admin, tree, kind):
    quiz = add_quiz(tree.course if kind == "pre_test" else tree.modules[0], slug="no-mark", kind=kind,
                    title="Без прохідного балу")
    # Not offered at all; a rule that already has one (the quiz changed kind since) is told on saving.
    assert "Без прохідного балу" not in text(admin.get(ADD_URL))
    assert errors_of(admin.post(ADD_URL, rule_data(course=tree.course, quizzes=[quiz])), "required_quizzes")
    rule = CertificateRuleFactory(course=tree.course, quizzes=[quiz])
    response = admin.post(edit_url(rule), rule_data(course=tree.course, quizzes=[quiz]))
    [error] = errors_of(response, "required_quizzes")
    assert "Без прохідного балу" in error
    assert "Без прохідного балу" in text(response)


def test_percent_needs_a_share_and_every_day_ignores_it(admin, tree):
    response = admin.post(ADD_URL, rule_data(course=tree.course, attendance="percent", percent=""))
    assert uk("Give the share of the days that must be attended.") in errors_of(response, "min_attendance_percent")
    assert errors_of(admin.post(ADD_URL, rule_data(course=tree.course, attendance="percent", percent="120")),
                     "min_attendance_percent")
    response = admin.post(ADD_URL, rule_data(course=tree.course, attendance="every_day", percent="0"))
    assert response.status_code == 302
    assert CertificateRule.objects.get().min_attendance_percent == 80


def test_second_active_rule_of_a_kind_is_a_form_error(admin, tree):
    CertificateRuleFactory(course=tree.course, kind="completion")
    response = admin.post(ADD_URL, rule_data(course=tree.course, kind="completion"))
    [error] = errors_of(response, "kind")
    assert error in text(response)
    assert CertificateRule.objects.count() == 1
    # Inactive, or of the other kind: fine.
    assert admin.post(ADD_URL, rule_data(course=tree.course, kind="completion", active=False)).status_code == 302
    assert admin.post(ADD_URL, rule_data(course=tree.course, kind="attendance")).status_code == 302
    assert CertificateRule.objects.count() == 3


def test_second_active_rule_for_the_same_session_is_a_form_error(admin, tree):
    session = TrainingSessionFactory(course=tree.course)
    CertificateRuleFactory(course=None, session=session, kind="attendance")
    assert errors_of(admin.post(ADD_URL, rule_data(session=session, kind="attendance")), "kind")
    # A course rule next to a session rule is how a session overrides its course.
    assert admin.post(ADD_URL, rule_data(course=tree.course, kind="attendance")).status_code == 302


@pytest.fixture
def colleague_saves_first(monkeypatch, tree):
    """Another coordinator's active completion rule for the course, saved after this form was checked."""
    checked = CertificateRuleForm.is_valid

    def checked_then_a_colleague_saves(form):
        valid = checked(form)
        CertificateRuleFactory(course=tree.course, kind="completion")
        return valid

    monkeypatch.setattr(CertificateRuleForm, "is_valid", checked_then_a_colleague_saves)


def test_a_rule_saved_by_a_colleague_meanwhile_is_a_form_error_not_a_server_error(admin, tree, colleague_saves_first):
    response = admin.post(ADD_URL, rule_data(course=tree.course, kind="completion", percent="75"))

    [error] = errors_of(response, "kind")
    assert error == uk("%(where)s already has an active rule for this kind of certificate. Edit that rule, or make "
                       "it inactive before adding another.", where=uk("this course").capitalize())
    assert error in text(response)
    assert CertificateRule.objects.count() == 1  # the colleague's


def test_activating_a_rule_a_colleague_has_just_replaced_is_a_form_error(admin, tree, colleague_saves_first):
    rule = CertificateRuleFactory(course=tree.course, kind="completion", active=False)

    response = admin.post(edit_url(rule), rule_data(course=tree.course, kind="completion"))

    assert errors_of(response, "kind")
    rule.refresh_from_db()
    assert not rule.active


def test_active_rule_on_the_english_course_counts_as_the_same_course(admin, tree):
    english = translate_tree(tree)
    CertificateRuleFactory(course=english.course, kind="completion")
    assert errors_of(admin.post(ADD_URL, rule_data(course=tree.course, kind="completion")), "kind")


def test_editing_a_rule_keeps_it_single(admin, tree, quizzes, django_assert_max_num_queries):
    rule = CertificateRuleFactory(course=tree.course, quizzes=[quizzes["post"]])
    with django_assert_max_num_queries(FORM_QUERIES):
        response = admin.get(edit_url(rule))
    assert response.status_code == 200
    assert "Ведення випадку — Підсумковий тест" in text(response)
    response = admin.post(edit_url(rule), rule_data(course=tree.course, attendance="percent", percent="60"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.attendance, rule.min_attendance_percent, rule.required_quizzes.count()) == ("percent", 60, 0)


# --- The list and deleting -----------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 5])
def test_list_shows_rules_in_fixed_queries(admin, tree, quizzes, count, django_assert_max_num_queries):
    for number in range(count):
        session = TrainingSessionFactory(course=tree.course, title=f"Сесія {number}")
        CertificateRuleFactory(course=None, session=session, attendance="percent", quizzes=[quizzes["post"]],
                               modules=tree.modules)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = admin.get(INDEX_URL)
    assert response.status_code == 200
    page = text(response)
    assert all(f"Сесія {number}" in page for number in range(count))
    assert page.count(uk("At least %(percent)d %% of the days") % {"percent": 80}) == count


def test_deleting_a_rule_keeps_its_certificates(admin, tree):
    certificate = issued_certificate()
    rule = certificate.rule
    response = admin.get(delete_url(rule))
    assert response.status_code == 200
    with translation.override("uk"):
        expected = translation.ngettext(
            "Delete this rule? It will issue nothing more. The %(count)d certificate already issued under it "
            "stays as it is, valid unless revoked.",
            "Delete this rule? It will issue nothing more. The %(count)d certificates already issued under it "
            "stay as they are, valid unless revoked.", 1) % {"count": 1}
    assert expected in text(response)
    response = admin.post(delete_url(rule))
    assert response.status_code == 302
    assert not CertificateRule.objects.filter(pk=rule.pk).exists()
    certificate.refresh_from_db()
    assert (certificate.rule, certificate.status) == (None, "valid")
    assert Certificate.objects.count() == 1


def test_rules_are_for_coordinators_only(client, tree):
    rule = CertificateRuleFactory(course=tree.course)
    client.force_login(TrainerFactory())
    for url in (INDEX_URL, ADD_URL, edit_url(rule), delete_url(rule)):
        response = client.get(url)
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/", url
    client.logout()
    response = client.get(INDEX_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(delete_url(rule)).status_code == 302
    assert CertificateRule.objects.filter(pk=rule.pk).exists()
