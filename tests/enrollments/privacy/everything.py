"""A person with one (or `count`) of everything the site can hold about them, for the "Download my data" tests: a
profile with consent, places with attendance and certificates, completed modules, quiz attempts, a self-assessment,
applications with answers, an uploaded file and a decision, the reports' facts, and a request to erase."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from content.models import CallPage
from enrollments import services as learner_services
from enrollments.calls import services as call_services
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile
from enrollments.calls.uploads import check_upload
from enrollments.models import ErasureRequest, Profile
from lms.reports.facts import refresh_self_assessments, refresh_sessions
from tests.certificates.factories import issued_certificate
from tests.content.factories import add_call, question_ids
from tests.courses.factories import Tree, add_quiz
from tests.enrollments.calls.files import pdf_bytes, upload
from tests.enrollments.factories import (
    ApplicationFactory,
    EnrollmentFactory,
    ProfileFactory,
    schedule,
    statement_answers,
    submitted_attempt,
)
from tests.factories import CoordinatorFactory

ANSWERS = {"short_text": "Вчителька початкових класів", "long_text": "Хочу допомагати дітям.",
           "choice": "До 1 року", "consent": True}
INTERNAL_NOTE = "Комісія: сильна мотивація, але мало досвіду"


@dataclass
class Held:
    """What was made for one person: what the download must hold."""

    person: object
    certificates: list[Certificate] = field(default_factory=list)
    files: list[ApplicationFile] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)  # original name → bytes uploaded
    calls: list[CallPage] = field(default_factory=list)


def one_of_everything(person, tree: Tree, *, count: int = 1, full_name: str = "Олександра Щербак",
                      tag: str = "a", file_name: str = "Лист Олі.pdf") -> Held:
    """`count` trainings (each attended, certified, with a graded quiz and an application with a file), one module
    completed, one self-assessment, a consent to reporting and a pending erasure request. `tag` keeps two people's
    pages apart (slugs)."""
    ProfileFactory(user=person, full_name=full_name, reporting_consent_at=timezone.now(), sex="female",
                   age_band="35_44", displacement_status="idp", disability="no")
    held = Held(person=person)
    coordinator = CoordinatorFactory()
    learner_services.mark_module_complete(user=person, module=tree.modules[0])
    for number in range(count):
        session = schedule(course=tree.course, start_in=-3 - 10 * number, days=3, city="Кривий Ріг")
        held.certificates.append(issued_certificate(enrollment=EnrollmentFactory(session=session, user=person),
                                                    full_name=full_name))
        submitted_attempt(add_quiz(tree.course, slug=f"quiz-{tag}-{number}"), person)
        call = add_call(tree.home, slug=f"call-{tag}-{number}")
        held.calls.append(call)
        content = pdf_bytes(300 + number) + tag.encode()
        name = file_name if number == 0 else f"{number}-{file_name}"
        held.files.append(_application(person, call, name=name, content=content, coordinator=coordinator))
        held.contents[name] = content
        refresh_sessions([session.pk])
    quiz = add_quiz(tree.course, slug=f"wellbeing-{tag}", kind="self_assessment", title="Самооцінка виснаження")
    submitted_attempt(quiz, person, statement_answers(quiz, [1, 2, 0]))
    refresh_self_assessments([person.pk])
    Profile.objects.filter(user=person).update(full_name=full_name)
    ErasureRequest.objects.create(user=person)
    return held


def _application(person, call: CallPage, *, name: str, content: bytes, coordinator) -> ApplicationFile:
    ids = question_ids(call)
    application = ApplicationFactory(call=call, applicant=person, status="draft",
                                     answers={ids[kind]: value for kind, value in ANSWERS.items()})
    checked = check_upload(upload=upload(name, content), kinds=["pdf"], max_mb=2)
    with transaction.atomic():  # as the applicant's upload does: the service locks the question's file row
        record = call_services.store_file(application=application, question_id=ids["file"], checked=checked)
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(status="shortlisted", submitted_at=now)
    ApplicationChange.objects.create(application=application, changed_by=coordinator, changed_at=now,
                                     from_status="submitted", to_status="shortlisted", from_stage=0, to_stage=0,
                                     note=INTERNAL_NOTE)
    return record
