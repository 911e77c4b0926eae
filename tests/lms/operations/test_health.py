"""/healthz and /readyz (lms/operations/health.py): what a load balancer reads, and that it names what failed."""

from datetime import timedelta

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lms.operations import health

pytestmark = pytest.mark.django_db


class BrokenCache(LocMemCache):
    """A cache whose server is gone."""

    def set(self, *args, **kwargs):
        raise ConnectionError("redis://:secret@cache.internal:6379 refused the connection")

    def get(self, *args, **kwargs):
        raise ConnectionError("redis://:secret@cache.internal:6379 refused the connection")


@pytest.fixture
def unmigrated(monkeypatch):
    """The process has not seen its migrations applied yet (each test starts from that, as a new process does)."""
    monkeypatch.setattr(health, "_migrated", False)


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": f"{__name__}.BrokenCache"}}


def test_healthz_reports_each_dependency(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())
    assert body["checks"]["tasks"]["oldest_ready_age_seconds"] is None


def test_healthz_tells_how_long_the_oldest_waiting_task_has_waited(client):
    waiting = DBTaskResult.objects.create(task_path="lms.x", args_kwargs={}, backend_name="default",
                                          run_after=timezone.now() - timedelta(minutes=5))
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    DBTaskResult.objects.create(task_path="lms.y", args_kwargs={}, backend_name="default", status="SUCCESSFUL",
                                run_after=timezone.now())

    tasks = client.get("/healthz").json()["checks"]["tasks"]

    assert tasks["ok"] is True
    assert 595 <= tasks["oldest_ready_age_seconds"] <= 605


@pytest.mark.usefixtures("broken_cache")
def test_healthz_is_503_and_names_the_failing_check(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {"ok": False, "ms": body["checks"]["cache"]["ms"], "error": "ConnectionError"}
    assert body["checks"]["database"]["ok"] is True
    assert "secret" not in response.content.decode()  # the error's message (a URL with a password) stays in the logs


@pytest.mark.usefixtures("broken_cache")
def test_a_failing_check_is_logged_with_its_cause(client, caplog):
    client.get("/healthz")

    record = next(r for r in caplog.records if r.name == "lms.operations.health")
    assert record.getMessage() == "Health check cache failed"
    assert record.exc_info[0] is ConnectionError


def test_healthz_fails_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(health, "_database", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_are_never_cached_and_set_no_cookie(client, url):
    response = client.get(url)

    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"
    assert not response.cookies


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_answer_whatever_the_language_without_a_redirect(client, url):
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="uk").status_code == 200


def test_probes_answer_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.usefixtures("unmigrated")
def test_readyz_is_ready_when_every_migration_is_applied(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["migrations"]["pending"] == 0
    assert health._migrated is True


@pytest.mark.usefixtures("unmigrated")
def test_readyz_is_503_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("one", False), ("two", False)])

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["migrations"]["ok"] is False
    assert body["checks"]["migrations"]["pending"] == 2
    assert body["checks"]["database"]["ok"] is True
    assert health._migrated is False  # asked again next time


def test_readyz_does_not_load_migrations_again_once_ready(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", True)
    monkeypatch.setattr(MigrationExecutor, "__init__", lambda *args, **kwargs: pytest.fail("loaded migrations"))

    assert client.get("/readyz").status_code == 200

