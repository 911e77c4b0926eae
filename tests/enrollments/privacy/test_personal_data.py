"""Everything held about one person (enrollments/privacy/personal_data.py), with the sections certificates and the
reports add through the `personal_data_sections` hook: theirs alone, complete, JSON-ready, in a fixed number of
queries."""

import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from enrollments.privacy.personal_data import moment, personal_data
from tests.enrollments.factories import ProfileFactory
from tests.enrollments.privacy.everything import INTERNAL_NOTE, one_of_everything
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db

QUERIES = 18  # account 2, places 3, titles 1, modules 1, attempts 1, applications 5, erasure 1, certificates 1, facts 3


@pytest.fixture
def held(tree, participant):
    return one_of_everything(participant, tree)


def test_a_moment_is_iso_8601_in_kyiv_time_with_its_offset():
    assert moment(datetime(2026, 3, 31, 20, 59, tzinfo=UTC)) == "2026-03-31T23:59:00+03:00"  # summer time
    assert moment(datetime(2026, 1, 15, 8, 0, tzinfo=UTC)) == "2026-01-15T10:00:00+02:00"
    assert moment(None) is None


def test_the_data_holds_one_of_everything(held, participant):
    data = personal_data(user=participant).data
    json.dumps(data)  # plain JSON: nothing left for an encoder to guess

    assert data["time_zone"] == "Europe/Kyiv"
    assert data["account"]["email"] == participant.email
    assert data["account"]["date_joined"] == moment(participant.date_joined)
    assert data["account"]["email_addresses"] == [{"email": participant.email, "verified": True, "primary": True}]
    profile = data["profile"]
    assert (profile["full_name"], profile["sex"], profile["age_band"]) == ("Олександра Щербак", "female", "35_44")
    assert profile["reporting_consent_at"].endswith(("+02:00", "+03:00"))
    assert [c["purpose"] for c in data["consents"]] == ["reporting", "application"]
    assert data["consents"][1]["text"] == "Я погоджуюся на обробку моїх персональних даних для відбору учасників."

    [place] = data["enrollments"]
    assert place["session"].startswith("Кривий Ріг · ")
    assert (place["status"], place["source"], place["course"]) == ("enrolled", "self", "Ведення випадку")
    assert [day["status"] for day in place["attendance"]] == ["present"] * 3
    assert place["attendance"][0]["method"] == "roster"
    assert place["attendance"][0]["date"] == place["first_day"]

    assert [c["module"] for c in data["module_completions"]] == [held_module_title(held)]

    graded, self_assessment = data["quiz_attempts"]
    assert (graded["quiz"], graded["status"], graded["score"], graded["max_score"]) == ("Тест quiz-a-0", "submitted",
                                                                                           6.0, 6.0)
    answers = {a["question"]: a for a in graded["answers"]}
    assert answers["Перший крок ведення випадку?"]["answer"] == "Оцінювання"  # the choice's words, not its id
    assert sorted(answers["Що входить в оцінювання потреб?"]["answer"]) == ["Житло", "Здоров’я"]
    assert answers["Згода клієнта потрібна."]["answer"] == uk("True")
    assert answers["Скільки годин у трьох днях по 6 годин?"] == {
        "question": "Скільки годин у трьох днях по 6 годин?", "answer": "18", "points": 1.0}
    assert self_assessment["band"] and [a["answer"] for a in self_assessment["answers"]] == ["Іноді", "Часто",
                                                                                              "Ніколи"]

    [application] = data["applications"]
    assert (application["call"], application["status"], application["stage"]) == (
        "Конкурс call-a-0", "shortlisted", {"number": 1, "title": "Письмова заявка"})
    shown = {a["question"]: a["answer"] for a in application["answers"]}
    assert shown["Ваша посада"] == "Вчителька початкових класів"
    assert shown["Досвід роботи з дітьми, які пережили травму"] == "До 1 року"
    assert shown["Мотиваційний лист"] == "Лист Олі.pdf"
    first_stage = {"number": 1, "title": "Письмова заявка"}
    assert application["history"] == [{"at": application["history"][0]["at"], "from_status": "submitted",
                                        "to_status": "shortlisted", "from_stage": first_stage, "to_stage": first_stage}]
    [upload] = data["files"]
    assert (upload["name"], upload["in_archive"], upload["size"]) == ("Лист Олі.pdf", "files/Лист Олі.pdf",
                                                                       held.files[0].size)
    assert upload["sha256"] == held.files[0].sha256

    [certificate] = data["certificates"]
    assert certificate["code"] == held.certificates[0].display_code
    assert certificate["verification_url"].endswith(f"/certificates/verify/{held.certificates[0].code}/")
    assert (certificate["status"], certificate["holder_name"]) == ("valid", "Олександра Щербак")
    [facts] = data["report_facts"]["places"]
    assert (facts["days_attended"], facts["certified"], facts["sex"]) == (3, True, "female")
    [wellbeing] = data["report_facts"]["self_assessments"]
    assert wellbeing["quiz"] == "Самооцінка виснаження"
    assert [r["status"] for r in data["erasure_requests"]] == ["requested"]


def held_module_title(held) -> str:
    from courses.models import ModulePage

    return ModulePage.objects.child_of(held.certificates[0].session.course).order_by("path").first().title


def test_the_panels_deliberation_stays_out(held, participant):
    """The applicant sees an application's status and stage; the committee's notes and names are not theirs."""
    text = json.dumps(personal_data(user=participant).data, ensure_ascii=False)
    assert INTERNAL_NOTE not in text
    assert "changed_by" not in text


def test_answers_a_quiz_hides_are_not_revealed(tree, participant):
    """A quiz that shows only the score keeps its points per question out of the download too."""
    from tests.courses.factories import add_quiz
    from tests.enrollments.factories import submitted_attempt

    ProfileFactory(user=participant)
    submitted_attempt(add_quiz(tree.course, slug="score-only", review="score"), participant)
    [attempt] = personal_data(user=participant).data["quiz_attempts"]
    assert attempt["score"] == 6.0
    assert all("points" not in answer for answer in attempt["answers"])
    assert attempt["answers"][0]["answer"] == "Оцінювання"


def test_another_persons_data_never_appears(tree, participant):
    one_of_everything(participant, tree)
    other = ParticipantFactory(email="iryna@example.org")
    theirs = one_of_everything(other, tree, full_name="Ірина Бойко", tag="b", file_name="Резюме Ірини.pdf")

    data = personal_data(user=participant)
    text = json.dumps(data.data, ensure_ascii=False)
    assert "Ірина Бойко" not in text and "iryna@example.org" not in text and "Резюме Ірини" not in text
    assert theirs.certificates[0].display_code not in text
    assert "Конкурс call-b-0" not in text
    assert [f.name for f in data.files] == [participant.applications.get().files.get().file.name]


def test_someone_who_never_did_anything_gets_empty_sections(participant):
    data = personal_data(user=participant).data
    assert data["profile"] is None
    for section in ("consents", "enrollments", "module_completions", "quiz_attempts", "applications", "files",
                    "erasure_requests", "certificates"):
        assert data[section] == [], section
    assert data["report_facts"] == {"places": [], "self_assessments": []}


def test_titles_and_words_follow_the_readers_language(held, participant):
    with translation.override("en"):
        data = personal_data(user=participant).data
    assert data["language"] == "en"
    true_false = next(a for a in data["quiz_attempts"][0]["answers"] if a["question"] == "Згода клієнта потрібна.")
    assert true_false["answer"] == "True"


def test_the_queries_do_not_grow_with_the_records(tree, participant):
    one_of_everything(participant, tree, count=1)
    busy = ParticipantFactory()
    one_of_everything(busy, tree, count=3, full_name="Ірина Бойко", tag="b")

    counts = []
    for person in (participant, busy):
        with CaptureQueriesContext(connection) as queries:
            data = personal_data(user=person).data
        counts.append(len(queries))
    assert len(data["enrollments"]) == len(data["applications"]) == len(data["certificates"]) == 3
    assert counts[0] == counts[1] <= QUERIES, counts
