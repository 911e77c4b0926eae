"""Exports of a call: applications with answers and scores (CSV and Excel), and the accepted team list."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from enrollments.calls import decisions
from enrollments.calls.models import ApplicationFile
from tests.content.factories import add_call, question_ids
from tests.enrollments.calls.reviewing import apply, submit_review
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import CoordinatorFactory, ReviewerFactory
from tests.helpers import uk

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages

LATE_EVENING_UTC = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 00:30 on 2 July in Kyiv (summer time)
EXPORT_QUERIES = 13  # measured 11 with 1 application and with 8, each with a review and a file




@pytest.fixture
def call(tree):
    return add_call(tree.home, title="Вчителі для команди")


@pytest.fixture
def application(call):
    q = question_ids(call)
    application = apply(call, name="=HYPERLINK(\"http://evil\")", community="Марганецька громада", answers={
        q["short_text"]: "Вчителька", q["long_text"]: "+380 50 000 00 00", q["choice"]: ["Немає", "До 1 року"],
        q["consent"]: True})
    ApplicationFile.objects.create(application=application, question_id=q["file"],
                                   file=ContentFile(b"%PDF-1.4", name="letter.pdf"),
                                   original_name="Лист.pdf", content_type="application/pdf", size=8)
    submit_review(application, ReviewerFactory(), 5, 2)  # 80.0
    submit_review(application, ReviewerFactory(), 4, 5)  # 86.7
    return application


def export_url(call, what="applications", file_format="csv") -> str:
    name = "calls_admin:export_applications" if what == "applications" else "calls_admin:export_team"
    return reverse(name, args=[call.call_id, file_format])


def kyiv_time(heading: str) -> str:
    """A heading of moments as the export names it."""
    return uk("%(heading)s (Kyiv time)", heading=heading)


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so Excel reads UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_has_answers_under_question_labels_and_scores(admin, call, application):
    response = admin.get(export_url(call))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"call-{call.call_id}-applications-" in response["Content-Disposition"]
    header, row = read_csv(response)
    assert header[:9] == [uk("Number"), uk("Name"), uk("Community"), uk("Oblast"), uk("Profession"), uk("Status"),
                          uk("Stage"), kyiv_time(uk("Submitted")), kyiv_time(uk("Decided"))]
    assert header[9:14] == ["Ваша посада", "Чому ви хочете взяти участь?",
                            "Досвід роботи з дітьми, які пережили травму", "Мотиваційний лист",
                            "Я погоджуюся на обробку моїх персональних даних для відбору учасників."]
    assert header[14:] == [uk("%(criterion)s (average)", criterion="Мотивація"),
                           uk("%(criterion)s (average)", criterion="Досвід"), uk("Average total (%)"), uk("Reviews")]
    values = dict(zip(header, row, strict=True))
    assert values["Ваша посада"] == "Вчителька"
    assert values["Досвід роботи з дітьми, які пережили травму"] == "Немає; До 1 року"
    assert values["Мотиваційний лист"] == "Лист.pdf"
    assert values[uk("Community")] == "Марганецька громада" and values[uk("Stage")] == "1. Письмова заявка"
    assert row[14:] == ["4.5", "3.5", "83.4", "2"]


def test_csv_defuses_formulas_typed_by_applicants(admin, call, application):
    header, row = read_csv(admin.get(export_url(call)))
    values = dict(zip(header, row, strict=True))
    assert values[uk("Name")] == "'=HYPERLINK(\"http://evil\")"
    assert values["Чому ви хочете взяти участь?"] == "'+380 50 000 00 00"


def test_xlsx_opens_with_numbers_as_numbers_and_formulas_as_text(admin, call, application):
    response = admin.get(export_url(call, file_format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [list(line) for line in sheet.iter_rows(min_row=1, max_row=2)]
    values = {h.value: cell for h, cell in zip(header, row, strict=True)}
    name = values[uk("Name")]
    assert name.value == "=HYPERLINK(\"http://evil\")" and name.data_type == "s"
    assert values[uk("Average total (%)")].data_type == "n" and float(values[uk("Average total (%)")].value) == 83.4
    assert values[uk("Reviews")].value == 2
    assert values["Мотиваційний лист"].value == "Лист.pdf"
    assert sheet.max_row == 2


def test_control_characters_an_applicant_typed_do_not_break_the_xlsx(admin, call, application):
    q = question_ids(call)
    apply(call, name="Оля\x0bКоваль", answers={q["short_text"]: "Вчителька\x01\x1f", q["consent"]: True})
    response = admin.get(export_url(call, file_format="xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "ОляКоваль" in names


def test_csv_rows_are_in_the_admins_language_like_the_header(client, call, application):
    from wagtail.users.models import UserProfile

    english = CoordinatorFactory()
    UserProfile.get_for_user(english).__class__.objects.filter(user=english).update(preferred_language="en")
    client.force_login(english)
    response = client.get(export_url(call), HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 200
    header, row = read_csv(response)
    values = dict(zip(header, row, strict=True))
    assert values["Status"] == "Submitted" and values["Stage"] == "1. Письмова заявка"


def test_times_are_kyiv_time_in_csv_and_xlsx(admin, call):
    apply(call, name="Пізня заявка", submitted_at=LATE_EVENING_UTC)
    submitted = kyiv_time(uk("Submitted"))
    header, row = read_csv(admin.get(export_url(call)))
    assert dict(zip(header, row, strict=True))[submitted] == "2026-07-02 00:30"
    sheet = load_workbook(io.BytesIO(admin.get(export_url(call, file_format="xlsx")).content)).active
    header, row = sheet.iter_rows(min_row=1, max_row=2, values_only=True)
    assert dict(zip(header, row, strict=True))[submitted] == datetime(2026, 7, 2, 0, 30)


def test_drafts_are_not_exported(admin, call, application):
    apply(call, name="Чернетка", status="draft", submitted_at=None)
    rows = read_csv(admin.get(export_url(call)))
    assert len(rows) == 2 and "Чернетка" not in str(rows)


def test_only_the_calls_own_applications_are_exported(admin, tree, call, application):
    other = add_call(tree.home, slug="other")
    apply(other, name="Інший конкурс")
    rows = read_csv(admin.get(export_url(other)))
    assert [row[1] for row in rows[1:]] == ["Інший конкурс"]


@pytest.mark.parametrize("count", [1, 8])
def test_export_queries_do_not_grow_with_applications(admin, call, count, django_assert_max_num_queries):
    q = question_ids(call)
    for n in range(count):
        application = apply(call, name=f"Заявниця {n}")
        ApplicationFile.objects.create(application=application, question_id=q["file"],
                                       file=ContentFile(b"%PDF", name="a.pdf"), original_name=f"{n}.pdf",
                                       content_type="application/pdf", size=4)
        submit_review(application, ReviewerFactory(), 3, 3)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        rows = read_csv(admin.get(export_url(call)))
    assert len(rows) == count + 1


# --- Team list -----------------------------------------------------------------------------------

def test_team_list_has_the_accepted_with_contact_and_session(admin, tree, coordinator):
    session = TrainingSessionFactory(title="Травма-інформована школа")
    call = add_call(tree.home, slug="team", sessions=[session])
    accepted = apply(call, name="Марія Бондар", email="maria@example.org", community="Криворізька громада")
    apply(call, name="Не прийнята")
    decisions.move_application(application=accepted, move="accept", by=coordinator)
    rows = read_csv(admin.get(export_url(call, "team")))
    assert rows == [[uk("Name"), uk("Email"), uk("Community"), uk("Profession"), uk("Session")],
                    ["Марія Бондар", "maria@example.org", "Криворізька громада", uk("Teacher"),
                     "Травма-інформована школа"]]
    sheet = load_workbook(io.BytesIO(admin.get(export_url(call, "team", "xlsx")).content)).active
    assert [cell.value for cell in sheet[2]] == rows[1]


# --- Who may export ------------------------------------------------------------------------------

def test_reviewers_export_nothing(client, call, application):
    client.force_login(ReviewerFactory())
    for url in (export_url(call), export_url(call, "team"), export_url(call, file_format="xlsx")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_an_unknown_format_is_not_found(admin, call):
    assert admin.get(f"/admin/calls/{call.call_id}/export/applications.pdf", follow=True).status_code == 404
