"""Real processes for the deployment tests: PostgreSQL databases, gunicorn instances with production settings, a task
worker, and a small HTTP client that keeps cookies like a browser.

Nothing here uses Django's test database or test client: the site runs as in production, in other processes, and
the tests see it only through HTTP and the database. The test modules import what they need from here (the
package's conftest.py belongs to the S3 tests).
"""

import atexit
import contextlib
import functools
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from bench import servers

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
DEMO_PASSWORD = "hromada-demo-2026"  # noqa: S105 - lms/demo/people.py, the demo's accounts (seed_demo --users)
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
PUBLIC_HOST = "localhost"  # in ALLOWED_HOSTS; the instances listen on 127.0.0.1


# --- What the tests need from the machine ------------------------------------------------------------------------
def missing(reason: str) -> None:
    """Skip, or fail where CI promises the machine has everything (REQUIRE_SYSTEM_PACKAGES=1)."""
    if os.environ.get("REQUIRE_SYSTEM_PACKAGES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SYSTEM_PACKAGES=1)", pytrace=False)
    pytest.skip(reason)


def postgres_server() -> str:
    """The server of the run's DATABASE_URL, when it is PostgreSQL, with its maintenance database `postgres` (the one
    named may not exist: pytest-django makes its own `test_…`): these tests create and drop their own databases there.

    The SQLite run skips (its PostgreSQL twin in CI runs them); on PostgreSQL, missing client tools fail in CI.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs real processes on PostgreSQL: set DATABASE_URL=postgres://… (CI's PostgreSQL run does)")
    for tool in ("pg_dump", "pg_restore", "createdb", "psql"):
        if not shutil.which(tool):
            missing(f"{tool} is not installed (postgresql-client)")
    server = database_url(url, "postgres")
    [(server_version,)] = sql(server, "SHOW server_version_num")
    dump_version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    client_major = int(re.search(r"(\d+)(?:\.\d+)?", dump_version).group(1))
    if client_major < int(server_version) // 10000:
        missing(f"{dump_version.strip()} cannot dump PostgreSQL {server_version}: install postgresql-client-"
                f"{int(server_version) // 10000}")
    return server


def redis_url() -> str:
    """A Redis database of the deployment tests' own, which they may empty: db 14, one below per pytest-xdist worker
    (gw1 → 13…). Not 15, where the other tests keep their keys."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            answer = connection.recv(16)
    except OSError:
        answer = b""
    if not answer.startswith(b"+PONG"):
        missing(f"needs Redis at {REDIS_HOST}:{REDIS_PORT}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{max(1, 14 - int(worker or 0))}"


# --- Databases ---------------------------------------------------------------------------------------------------
def database_url(server: str, name: str) -> str:
    """The server's URL with another database name (query options kept)."""
    base, _, options = server.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{options}" if options else "")


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"


def sql(url: str, statement: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def create_database(server: str, name: str, *, template: str | None = None) -> str:
    sql(server, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return database_url(server, name)


def drop_database(server: str, name: str) -> None:
    sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- The app's processes -----------------------------------------------------------------------------------------
def free_port() -> int:
    """A free loopback port below the ephemeral range, from a random start: xdist workers start clusters at once."""
    return servers.free_port(random.randrange(20000, 31000))


@dataclass
class Site:
    """One deployment: its database, Redis, folders; every process of it gets the same production environment."""

    server: str
    database: str
    redis: str
    folder: Path
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @property
    def database_url(self) -> str:
        return database_url(self.server, self.database)

    def env(self, *, port: int = 8000, **extra: str) -> dict[str, str]:
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
        return {
            **{name: os.environ[name] for name in keep if name in os.environ},
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis,
            "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "false",
            "TASKS_BACKEND": "database",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private-media"),
            "STATIC_ROOT": str(_collectstatic()[0]),
            "LOG_FORMAT": "text",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def manage(self, *args: str, timeout: float = 300, **extra: str) -> str:
        """`manage.py …` against this site's database; its output, or the test fails with it."""
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(**extra), capture_output=True, text=True,
            timeout=timeout,
        )
        if result.returncode:
            pytest.fail(f"manage.py {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}",
                        pytrace=False)
        return result.stdout

    def shell(self, code: str, **extra: str) -> dict:
        """Run Python in `manage.py shell`; the last line it prints is JSON."""
        return json.loads(self.manage("shell", "-c", code, **extra).strip().splitlines()[-1])

    def query(self, statement: str, params: tuple = ()) -> list[tuple]:
        return sql(self.database_url, statement, params)


@functools.cache
def _collectstatic() -> tuple[Path, subprocess.Popen]:
    folder = Path(tempfile.mkdtemp(prefix="lms-static-"))
    atexit.register(shutil.rmtree, folder, True)
    # Production settings read these at import; collectstatic connects to neither the database nor Redis.
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "lms.settings.production",
           "STATIC_ROOT": str(folder), "SECRET_KEY": "collectstatic", "ALLOWED_HOSTS": "localhost",
           "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "REDIS_URL": "redis://127.0.0.1:1/0",
           "WAGTAILADMIN_BASE_URL": "http://localhost", "LOG_FORMAT": "text"}
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env,
    )
    return folder, process


def start_collectstatic() -> None:
    """Collect static files in the background (~15 s of compressing), beside the database's migrations."""
    _collectstatic()


def static_root() -> Path:
    """Static files collected once per test process: production settings serve them from WhiteNoise's manifest."""
    folder, process = _collectstatic()
    if process.wait(300):
        pytest.fail("collectstatic failed", pytrace=False)
    return folder


class Process:
    """A process of the site (gunicorn's master, a task worker) in a process group of its own, logging to a file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name, self.command, self.env, self.log = name, command, env, log
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603 - our own commands
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, number: int) -> None:
        self.popen.send_signal(number)

    def stop(self, timeout: float = 30) -> int | None:
        """TERM (a graceful stop: requests in hand are finished), then KILL of its own group if it hangs."""
        if not self.running:
            return self.popen.returncode if self.popen else None
        self.popen.terminate()
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            return self.popen.wait(10)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


class AppServer(Process):
    """gunicorn with production settings on 127.0.0.1:port, with deploy/gunicorn.conf.py when there is one."""

    def __init__(self, site: Site, name: str, port: int, *, workers: int = 2):
        self.port = port
        config = ["--config", str(GUNICORN_CONFIG)] if GUNICORN_CONFIG.exists() else []
        command = [GUNICORN, *config, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                   "--graceful-timeout", "20", "--no-control-socket", "lms.wsgi:application"]
        env = site.env(port=port, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))
        super().__init__(name, command, env, site.folder / f"{name}.log")

    def start(self) -> None:
        static_root()  # WhiteNoise's manifest must be complete before the first page is drawn
        super().start()

    def wait_ready(self, timeout: float = 120) -> str:
        """Until /healthz answers 200 (or, where there is none, the home page does); the path that answered."""
        deadline = time.monotonic() + timeout
        client = Client()
        while time.monotonic() < deadline:
            if not self.running:
                pytest.fail(f"{self.name} exited:\n{self.tail()}", pytrace=False)
            with contextlib.suppress(OSError):
                health = client.request(self.port, "GET", "/healthz", timeout=5)
                if health.status == 200:
                    return "/healthz"
                if health.status == 404 and client.request(self.port, "GET", "/uk/", timeout=10).status == 200:
                    return "/uk/"
            time.sleep(0.2)
        pytest.fail(f"{self.name} did not answer within {timeout} s:\n{self.tail()}", pytrace=False)


def task_worker(site: Site, name: str = "worker") -> Process:
    """`db_worker` for every queue, polling twice a second."""
    command = [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5", "--no-startup-delay"]
    return Process(name, command, site.env(), site.folder / f"{name}.log")


# --- HTTP as a browser speaks it ---------------------------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: Message
    text: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class Client:
    """Cookies and forms over plain HTTP to loopback ports.

    Production marks cookies Secure; a browser would not send them over http://, but there is no TLS proxy in front of
    these processes, so this client sends every cookie it was given. Every request names the same host whichever
    port it goes to, as a proxy in front of both instances would pass the public name.
    """

    def __init__(self, *, frozen_cookies: dict[str, str] | None = None):
        # Frozen: send these and keep none (a load of many threads sharing one log-in).
        self.frozen = frozen_cookies is not None
        self.cookies: dict[str, str] = dict(frozen_cookies or {})

    def request(self, port: int, method: str, path: str, form: dict | list | None = None,
                timeout: float = 30) -> Response:
        body = urlencode(form, doseq=True) if form is not None else None
        # One public name for both instances, as behind the proxy: the page cache keys pages by host.
        headers = {"Host": PUBLIC_HOST, "Accept-Language": "uk", "Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for value in [] if self.frozen else answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, text)

    def get(self, port: int, path: str, *, follow: bool = True) -> Response:
        response = self.request(port, "GET", path)
        for _ in range(5):
            if not (follow and response.status in (301, 302, 303, 307, 308)):
                break
            location = urlsplit(urljoin(path, response.header("Location")))
            path = location.path + (f"?{location.query}" if location.query else "")
            response = self.request(location.port or port, "GET", path)
        return response

    def submit(self, port: int, path: str, *, form_index: int | None = None, has_field: str = "csrfmiddlewaretoken",
               changes: dict | None = None, extra: list[tuple[str, str]] = ()) -> Response:
        """GET the page, fill its form as a browser would send it (with `changes`, and `extra` fields such as the
        submit button's name), POST it to the form's action. Redirects are not followed."""
        page = self.get(port, path)
        assert page.status == 200, f"GET {path}: {page.status}"
        forms = [f for f in parse_forms(page.text) if f.method == "post" and has_field in f.names()]
        assert forms, f"no POST form with {has_field} on {path}"
        form = forms[form_index or 0]
        fields = [(name, value) for name, value in form.fields if name not in (changes or {})]
        fields += list((changes or {}).items()) + list(extra)
        return self.request(port, "POST", form.action or path, fields)

    def log_in(self, port: int, email: str, password: str) -> None:
        answer = self.submit(port, "/uk/accounts/login/", has_field="password",
                             changes={"login": email, "password": password})
        assert answer.status == 302, f"log-in of {email} answered {answer.status}:\n{answer.text[:2000]}"


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    controls: set[str] = field(default_factory=set)  # every named control, also unticked boxes and buttons

    def names(self) -> set[str]:
        return self.controls


class _FormParser(HTMLParser):
    """Every form's successful controls, as a browser would submit them without pressing a named button."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, selected values, all values

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(Form(attrs.get("action") or "", (attrs.get("method") or "get").lower()))
        elif not self.forms or "disabled" in attrs:
            return
        if tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            self.forms[-1].controls.add(attrs["name"])
        if tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1].fields.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = (attrs["name"], [])
        elif tag == "select" and attrs.get("name"):
            self._select = (attrs["name"], [], [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._select[2].append(value)
            if "selected" in attrs:
                self._select[1].append(value)

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.forms[-1].fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            name, selected, options = self._select
            for value in selected or options[:1]:
                self.forms[-1].fields.append((name, value))
            self._select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def wait_for(check, *, timeout: float, interval: float = 0.5, what: str = "the condition"):
    """Poll `check()` until it returns something truthy; that value, or the test fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s", pytrace=False)
        time.sleep(interval)


# --- A seeded database, built once per test run and copied for each test module --------------------------------
@dataclass(frozen=True)
class Seeded:
    database: str
    media: Path
    lock: Path


_seeded: dict[str, Seeded] = {}


@contextlib.contextmanager
def _locked(path: Path):
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def seeded_template(config: pytest.Config, server: str, redis: str) -> Seeded:
    """A database migrated and filled by `seed_demo --users` (~1 min), kept as a template: `CREATE DATABASE …
    TEMPLATE` copies it in a second for each module.

    pytest-xdist's workers of one run share it through a state file under a lock: the first builds it while the others
    wait, and the last whose session ends drops it.
    """
    if server in _seeded:
        return _seeded[server]
    start_collectstatic()
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:16] or str(os.getpid())
    state_file = Path(tempfile.gettempdir()) / f"lms-deploy-seeded-{run}.json"
    lock = state_file.with_suffix(".lock")
    with _locked(lock):
        state = json.loads(state_file.read_text()) if state_file.exists() else None
        if state is None:
            state = _build_seeded(server, redis)
        state["users"] += 1
        state_file.write_text(json.dumps(state))

    def release():
        with _locked(lock):
            state = json.loads(state_file.read_text())
            state["users"] -= 1
            if state["users"] > 0:
                state_file.write_text(json.dumps(state))
                return
            drop_database(server, state["database"])
            shutil.rmtree(state["folder"], ignore_errors=True)
            state_file.unlink()
        lock.unlink(missing_ok=True)

    config.add_cleanup(release)
    _seeded[server] = Seeded(state["database"], Path(state["folder"]) / "media", lock)
    return _seeded[server]


def _build_seeded(server: str, redis: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="lms-seeded-"))
    site = Site(server=server, database=unique_name("lms_deploy_seeded"), redis=redis, folder=folder)
    create_database(server, site.database)
    try:
        # The demo's own awards and emails run at once: no worker yet.
        site.manage("migrate", "--no-input", "-v", "0", TASKS_BACKEND="immediate")
        site.manage("seed_demo", "--users", TASKS_BACKEND="immediate")
    except BaseException:
        drop_database(server, site.database)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return {"database": site.database, "folder": str(folder), "users": 0}


def copy_of(seeded: Seeded, server: str, redis: str, prefix: str) -> Site:
    """A fresh site (database and media) copied from the seeded template; one copy at a time, since PostgreSQL copies
    a template only while nobody else is connected to it."""
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    site = Site(server=server, database=unique_name(prefix.replace("-", "_")), redis=redis, folder=folder)
    with _locked(seeded.lock):
        create_database(server, site.database, template=seeded.database)
    if seeded.media.exists():
        shutil.copytree(seeded.media, folder / "media")
    return site
