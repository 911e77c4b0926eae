"""Fixtures shared by the enrollments tests (records of what happened to people)."""

from functools import partial

import pytest
from django.db import connection

from tests.courses.factories import add_quiz, build_tree
from tests.enrollments.factories import ProfileFactory, TrainingSessionFactory
from tests.factories import TrainerFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit callbacks (the email queue) as a real commit would; tests run
    inside one transaction that never commits."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def course(db):
    """A course without modules: sessions need its page, not its content."""
    return build_tree(modules=0).course


@pytest.fixture
def postgresql():
    """Skips a test off PostgreSQL: row locks serialise concurrent writers there; SQLite serialises all writers
    anyway, so there is nothing to race. Decided at run time: the settings (DATABASE_URL) choose the database."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is enforced with PostgreSQL row locks; SQLite serialises all writers anyway.")


@pytest.fixture
def session(course):
    """A session of two places on `course`, three days from today: the third person waits."""
    return TrainingSessionFactory(course=course, capacity=2)


@pytest.fixture
def mail(mailoutbox):
    """The outbox, under the short name the services' tests read it by."""
    return mailoutbox


@pytest.fixture
def trainer(db):
    """A trainer whose profile gives her name, as the trainer's pages and printouts show it."""
    trainer = TrainerFactory()
    ProfileFactory(user=trainer, full_name="Олена Тренерка")
    return trainer


@pytest.fixture
def trainer_client(client, trainer):
    """The test client, logged in as `trainer`."""
    client.force_login(trainer)
    return client



@pytest.fixture
def admin_session(tree):
    """A session of five places on the tree's course, as the coordinator finds it in the admin."""
    return TrainingSessionFactory(course=tree.course, title="Ведення випадку — Дніпро", capacity=5)


@pytest.fixture
def pre_test(tree):
    """The course's pre-test (a quiz page right under the course)."""
    return add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")


# --- Background work: a real SMTP server, the database task backend ------------------------------------------

@pytest.fixture
def mail_server(settings):
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it (instead of the test settings'
    in-memory outbox). Set `mail_server.refusal` to make it refuse, `stop()` it to close its port."""
    from tests.enrollments.background_work import MailServer

    server = MailServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture
def database_tasks(settings):
    """Tasks go to django_tasks_db's database backend, as in production: they wait for `run_worker()` and a retry
    waits for its time (`let_time_pass`)."""
    from tests.enrollments.background_work import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS
