"""/healthz and /readyz: what a load balancer or an orchestrator asks each app process.

/healthz: is this process able to serve (database, shared cache, task table)? 503 names the failing check.
/readyz: may it take traffic yet (database reachable and every migration applied)? 503 during a deploy until
`migrate` has run. Both answer JSON without personal data, never cached, and set no cookie.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

Check = Callable[[], dict]


def _database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _cache() -> dict:
    cache = caches["default"]
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        raise RuntimeError("the cache did not return what was just written to it")
    return {}


def _tasks() -> dict:
    """The task table is readable; how long the oldest task due to run has waited (information: a stuck worker is
    not a reason to take an app server out of the pool)."""
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = None if oldest is None else round((timezone.now() - oldest).total_seconds())
    return {"oldest_ready_age_seconds": waited}


# Migrations in the code do not change while a process runs: once they are all applied, they stay applied.
_migrated = False


def _migrations() -> dict:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return {"ok": False, "pending": len(plan)}
        _migrated = True
    return {"pending": 0}


def _run(check: Check) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **check()}
    except Exception as exc:  # any failure is an answer here, not a 500
        logger.warning("Health check %s failed", check.__name__.lstrip("_"), exc_info=True)
        # The class only: a message may carry a host name or a password from a URL.
        result = {"ok": False, "error": type(exc).__name__}
    return {"ok": result.pop("ok"), "ms": round((time.perf_counter() - started) * 1000, 1), **result}


def _answer(checks: dict[str, Check]) -> JsonResponse:
    results = {name: _run(check) for name, check in checks.items()}
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"database": _database, "cache": _cache, "tasks": _tasks})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    return _answer({"database": _database, "migrations": _migrations})
