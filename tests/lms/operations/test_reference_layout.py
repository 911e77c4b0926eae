"""The reference layout (deploy/systemd, deploy/cron, deploy/nginx, Procfile): every unit and timer is valid and
complete, every command they name exists and takes the options given, the cron file runs what the timers run when
they run it, and nginx accepts its file and sets the headers the production settings trust."""

import importlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.test import RequestFactory

from content.call_blocks import MAX_FILE_MB
from enrollments.imports import parsing
from lms.client_address import client_ip
from lms.operations.scheduled import SCHEDULABLE
from tests.enrollments.background_work import DATABASE_TASKS

ROOT = Path(settings.BASE_DIR)
SYSTEMD = ROOT / "deploy" / "systemd"
CRON = ROOT / "deploy" / "cron" / "hromada-lms"
NGINX = ROOT / "deploy" / "nginx" / "hromada-lms.conf"
PROCFILE = ROOT / "Procfile"
INSTALLED_APP = "/srv/hromada-lms"
SERVICES = sorted(SYSTEMD.glob("*.service"))
TIMERS = sorted(SYSTEMD.glob("*.timer"))
LONG_RUNNING = {"hromada-web.service", "hromada-worker@.service"}
SOME_QUEUES = "default,bulk"  # for the worker template's instance (%I)
MB = 1024 * 1024


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections and their keys, each with every value it is given (Environment= may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        assert not line.endswith("\\"), f"{path.name}: keep each setting on one line"
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, equals, value = line.partition("=")
        assert current is not None and equals, f"{path.name}: not a setting: {line!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def one(unit: dict, section: str, key: str) -> str:
    values = unit.get(section, {}).get(key, [])
    assert len(values) == 1, f"[{section}] {key}= should be set once, it is {values}"
    return values[0]


def manage_args(command_line: str) -> list[str]:
    """What follows `manage.py` in a command line (empty when it runs something else, e.g. gunicorn)."""
    words = shlex.split(command_line)
    return words[words.index("manage.py") + 1:] if "manage.py" in words else []


def scheduled_args(command_line: str) -> tuple[str, ...]:
    args = manage_args(command_line)
    assert args[:1] == ["run_scheduled"], f"a scheduled job runs through run_scheduled: {command_line}"
    return tuple(args[1:])


def timer_jobs() -> dict[str, tuple[str, ...]]:
    """Each timer's OnCalendar, with the run_scheduled arguments of the service it starts."""
    jobs = {}
    for timer in TIMERS:
        service = parse_unit(SYSTEMD / one(parse_unit(timer), "Timer", "Unit"))
        jobs[one(parse_unit(timer), "Timer", "OnCalendar")] = scheduled_args(one(service, "Service", "ExecStart"))
    return jobs


def cron_jobs() -> list[tuple[str, str]]:
    """(minute and hour, command) of each line of the cron file."""
    jobs = []
    for line in CRON.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        minute, hour, day, month, weekday, user, command = line.split(None, 6)
        assert (day, month, weekday, user) == ("*", "*", "*", "hromada"), line
        jobs.append((f"{minute} {hour}", command.split(" 2>&1")[0]))
    return jobs


def procfile() -> dict[str, str]:
    return dict(line.split(": ", 1) for line in PROCFILE.read_text(encoding="utf-8").splitlines() if line.strip())


def every_command_line() -> list[tuple[str, str]]:
    """(where, command line) of every process the layout starts."""
    lines = [(unit.name, one(parse_unit(unit), "Service", "ExecStart")) for unit in SERVICES]
    lines += [(CRON.name, command) for _when, command in cron_jobs()]
    lines += [(f"Procfile {name}", command) for name, command in procfile().items()]
    return lines


# --- systemd ----------------------------------------------------------------------------------------------------

def test_the_layout_has_the_app_the_workers_and_a_timer_per_job():
    names = {path.name for path in SERVICES}
    assert names >= LONG_RUNNING
    assert {scheduled_args(command)[0] for _where, command in every_command_line()
            if manage_args(command)[:1] == ["run_scheduled"]} == set(SCHEDULABLE)


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_each_service_runs_as_the_app_user_with_its_environment_and_hardening(path):
    unit = parse_unit(path)

    assert one(unit, "Unit", "Description")
    assert one(unit, "Service", "User") == "hromada"
    assert one(unit, "Service", "EnvironmentFile") == "/etc/hromada-lms/env"
    assert one(unit, "Service", "WorkingDirectory") == INSTALLED_APP
    assert one(unit, "Service", "NoNewPrivileges") == "true"
    assert one(unit, "Service", "ProtectSystem") == "strict"
    assert "/var/lib/hromada-lms" in one(unit, "Service", "ReadWritePaths").split()
    if path.name in LONG_RUNNING:
        assert one(unit, "Service", "Restart") == "on-failure"
        assert one(unit, "Install", "WantedBy") == "multi-user.target"
    else:
        assert one(unit, "Service", "Type") == "oneshot"
        assert (SYSTEMD / path.name.replace(".service", ".timer")).exists(), "a job without its timer"


@pytest.mark.parametrize("path", TIMERS, ids=lambda path: path.name)
def test_each_timer_starts_its_service_on_a_schedule_spread_over_a_few_seconds(path):
    timer = parse_unit(path)

    assert (SYSTEMD / one(timer, "Timer", "Unit")).exists()
    assert one(timer, "Timer", "Unit") == path.name.replace(".timer", ".service")
    assert one(timer, "Timer", "OnCalendar")
    assert one(timer, "Timer", "RandomizedDelaySec")
    # Every missed run is caught up after a reboot, except reminders: a catch-up at night would email people then.
    assert one(timer, "Timer", "Persistent") == ("false" if "reminders" in path.name else "true")
    assert one(timer, "Install", "WantedBy") == "timers.target"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_verifies_every_unit_and_timer(tmp_path):
    # The units name the installed app's virtualenv; here, this one's (systemd checks that the program exists).
    for path in [*SERVICES, *TIMERS]:
        text = path.read_text(encoding="utf-8").replace(f"{INSTALLED_APP}/.venv/bin/",
                                                        f"{Path(sys.executable).parent}/")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    names = sorted(path.name for path in [*SERVICES, *TIMERS])

    result = subprocess.run(  # noqa: S603 - our own files
        ["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path,  # noqa: S607
        capture_output=True, text=True, timeout=60, check=False)

    ours = [line for line in (result.stdout + result.stderr).splitlines() if "hromada" in line]
    assert result.returncode == 0 and ours == [], result.stdout + result.stderr


# --- Every command named exists and takes its options ------------------------------------------------------------

def test_every_command_named_exists_takes_its_options_and_is_schedulable_when_scheduled(settings):
    settings.TASKS = DATABASE_TASKS  # db_worker and prune_db_task_results accept only a database backend
    commands = get_commands()
    for where, command_line in every_command_line():
        args = [arg.replace("%I", SOME_QUEUES) for arg in manage_args(command_line)]
        if not args:
            assert " -c deploy/gunicorn.conf.py " in command_line and command_line.endswith(" lms.wsgi"), where
            assert (ROOT / "deploy" / "gunicorn.conf.py").exists() and (ROOT / "lms" / "wsgi.py").exists()
            continue
        name, options = args[0], args[1:]
        assert name in commands, f"{where}: no command {name!r}"
        if name == "run_scheduled":
            assert options[0] in SCHEDULABLE, f"{where}: {options[0]!r} is not on run_scheduled's list"
            name, options = options[0], options[1:]
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        parsed = parser.parse_args(options)  # exits (SystemExit) on an unknown option
        if name == "db_worker":
            assert set(parsed.queue_name.split(",")) <= set(settings.TASK_QUEUES), where
        if name == "prune_db_task_results":
            assert parsed.queue_name == "*", f"{where}: without it only the default queue is pruned"


def test_the_procfile_runs_every_queue_with_emails_on_their_own():
    processes = procfile()
    queues = {name: manage_args(command)[manage_args(command).index("--queue-name") + 1].split(",")
              for name, command in processes.items() if "db_worker" in command}

    assert {"release", "web", "worker_emails", "worker_default"} <= processes.keys()
    assert manage_args(processes["release"])[:1] == ["migrate"]
    assert queues["worker_emails"] == ["emails"]
    assert sorted(queue for names in queues.values() for queue in names) == sorted(settings.TASK_QUEUES)


# --- cron -------------------------------------------------------------------------------------------------------

def cron_time(on_calendar: str) -> str:
    """The cron minute and hour of the OnCalendar forms the timers use (*, a value, a range, every n minutes)."""
    match = re.fullmatch(r"\*-\*-\* (?P<hour>[^:]+):(?P<minute>[^:]+):00(?: Europe/Kyiv)?", on_calendar)
    assert match, f"an OnCalendar this test cannot translate: {on_calendar}"

    def field(value: str) -> str:
        if value == "*":
            return "*"
        if "/" in value:
            start, step = value.split("/")
            assert int(start) == 0, value
            return f"*/{int(step)}"
        if ".." in value:
            return "-".join(str(int(part)) for part in value.split(".."))
        return str(int(value))

    return f"{field(match['minute'])} {field(match['hour'])}"


def test_the_cron_file_runs_what_the_timers_run_when_they_run_it():
    from_timers = sorted((cron_time(calendar), args) for calendar, args in timer_jobs().items())
    from_cron = sorted((when, scheduled_args(command)) for when, command in cron_jobs())

    assert from_cron == from_timers
    assert "CRON_TZ=Europe/Kyiv" in CRON.read_text(encoding="utf-8").splitlines()
    assert not any("flock" in command for _when, command in cron_jobs())  # run_scheduled locks


# --- nginx ------------------------------------------------------------------------------------------------------

def nginx_directives() -> list[tuple[int, str]]:
    """(indentation, directive) of each line of the nginx file that is not a comment."""
    return [(len(line) - len(line.lstrip()), line.strip()) for line in NGINX.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl"))
                    and os.environ.get("REQUIRE_SYSTEM_PACKAGES") != "1",  # CI installs nginx: it must not skip there
                    reason="nginx or openssl not installed: make install-deploy-tools")
def test_nginx_accepts_the_configuration(tmp_path):
    subprocess.run(  # noqa: S603 - fixed arguments
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", "/CN=lms.example.org", "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        capture_output=True, check=True, timeout=60)
    site = (NGINX.read_text(encoding="utf-8")
            .replace("/etc/letsencrypt/live/lms.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/letsencrypt/live/lms.example.org/privkey.pem", str(tmp_path / "key.pem"))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    mime_types = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n{mime_types}\ninclude {tmp_path}/site.conf;\n}}\n", encoding="utf-8")

    result = subprocess.run(  # noqa: S603 - our own file
        ["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),  # noqa: S607
         "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=60, check=False)

    if result.returncode and "Permission denied" in result.stderr:
        pytest.skip(f"nginx -t needs root here: {result.stderr}")
    assert result.returncode == 0, result.stderr


def test_nginx_sets_the_headers_the_production_settings_trust(monkeypatch, tmp_path):
    from tests.lms.test_settings import ENVIRONMENT_VARIABLES, PRODUCTION, production_env

    for key in ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(key, raising=False)
    for key, value in production_env(tmp_path, TRUSTED_PROXY_COUNT="1").items():
        monkeypatch.setenv(key, value)
    sys.modules.pop(PRODUCTION, None)
    try:
        production = importlib.import_module(PRODUCTION)
    finally:
        sys.modules.pop(PRODUCTION, None)
    directives = nginx_directives()
    headers = {line.split()[1]: line.split()[2].rstrip(";") for _indent, line in directives
               if line.startswith("proxy_set_header ")}

    # The scheme: the header SECURE_PROXY_SSL_HEADER reads, always overwritten with this proxy's own.
    meta_key, https = production.SECURE_PROXY_SSL_HEADER
    assert (meta_key, https) == ("HTTP_X_FORWARDED_PROTO", "https")
    assert headers["X-Forwarded-Proto"] == "$scheme"
    # The client: one proxy appends to X-Forwarded-For, and the settings trust exactly one.
    assert production.ALLAUTH_TRUSTED_PROXY_COUNT == 1
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert "TRUSTED_PROXY_COUNT=1" in NGINX.read_text(encoding="utf-8")
    assert headers["Host"] == "$host" and headers["X-Request-ID"] == "$request_id"
    # Set once at the server's level: a location setting its own would silently drop these.
    assert {indent for indent, line in directives if line.startswith("proxy_set_header ")} == {4}


def test_the_app_counts_the_client_nginx_appended_not_one_a_client_wrote(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # A client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it really came from.
    request = RequestFactory().get("/uk/search/", REMOTE_ADDR="10.0.0.2",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    assert client_ip(request) == "203.0.113.7"


def test_nginx_retries_only_what_is_safe_and_lets_every_upload_through():
    directives = dict(line.rstrip(";").split(None, 1) for _indent, line in nginx_directives()
                      if line.split()[0] in {"proxy_next_upstream", "client_max_body_size"})
    size = directives["client_max_body_size"]

    assert "non_idempotent" not in directives["proxy_next_upstream"]  # a POST is never sent to a second server
    assert set(directives["proxy_next_upstream"].split()) == {"error", "timeout", "http_502"}
    assert size.endswith("m")
    assert int(size[:-1]) * MB >= max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
                                      MAX_FILE_MB * MB, parsing.MAX_BYTES)


def test_nginx_keeps_documents_and_private_files_behind_the_app_and_health_checks_out_of_the_log():
    text = NGINX.read_text(encoding="utf-8")
    blocks = dict(re.findall(r"location (\^~ /media/documents/|= /healthz|/media/) \{(.*?)\}", text, re.S))

    assert "alias /var/lib/hromada-lms/media/;" in blocks["/media/"]
    assert "return 404;" in blocks["^~ /media/documents/"]
    assert "access_log off;" in blocks["= /healthz"]
    assert "private-media" not in re.sub(r"#.*", "", text)
