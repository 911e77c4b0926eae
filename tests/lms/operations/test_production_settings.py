"""The app server's settings (deploy/gunicorn.conf.py): read from the environment, access log as JSON lines with the
request id the app answered with. How Django's production settings read the environment: tests/lms/test_settings.py.
"""

import json
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"
VARIABLES = ("GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT",
             "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER", "FORWARDED_ALLOW_IPS", "LOG_FORMAT", "LOG_LEVEL")


@pytest.fixture
def gunicorn_conf(monkeypatch):
    """The configuration file's settings under a given environment."""

    def load(**env: str) -> dict:
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(GUNICORN_CONF))

    yield load
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in list(logging.getLogger(name).handlers):
            logging.getLogger(name).removeHandler(handler)


def gunicorn_config(settings: dict) -> Config:
    cfg = Config()
    for name, value in settings.items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def test_defaults_suit_one_app_server_behind_a_local_proxy(gunicorn_conf, monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)

    conf = gunicorn_conf()

    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == 9
    assert conf["worker_class"] == "sync"
    assert conf["preload_app"] is False
    assert (conf["timeout"], conf["graceful_timeout"]) == (30, 30)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (0, 1000)
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_the_environment_sets_address_workers_and_limits(gunicorn_conf):
    conf = gunicorn_conf(GUNICORN_BIND="0.0.0.0:8000, unix:/run/hromada/gunicorn.sock", WEB_CONCURRENCY="3",
                         GUNICORN_TIMEOUT="60", GUNICORN_MAX_REQUESTS="0", FORWARDED_ALLOW_IPS="10.0.0.5")

    assert conf["bind"] == ["0.0.0.0:8000", "unix:/run/hromada/gunicorn.sock"]
    assert conf["workers"] == 3
    assert conf["timeout"] == 60
    assert conf["max_requests"] == 0
    assert conf["forwarded_allow_ips"] == "10.0.0.5"
    cfg = gunicorn_config(conf)  # gunicorn itself accepts every value
    assert cfg.workers == 3 and cfg.address


def test_a_mistyped_number_stops_start_up(gunicorn_conf):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        gunicorn_conf(WEB_CONCURRENCY="four")


def access_line(conf: dict, capsys, *, headers: list[tuple[str, str]]) -> str:
    logger = conf["AccessLogger"](gunicorn_config(conf))
    capsys.readouterr()
    response = SimpleNamespace(status="404 Not Found", headers=headers, sent=1234)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/uk/search/", "QUERY_STRING": "q=my+diagnosis",
               "REMOTE_ADDR": "10.0.0.5", "HTTP_USER_AGENT": "Mozilla/5.0", "RAW_URI": "/uk/search/?q=my+diagnosis",
               "SERVER_PROTOCOL": "HTTP/1.1"}
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=42))
    return capsys.readouterr().err.strip()


def test_the_access_log_is_a_json_line_with_the_request_id(gunicorn_conf, capsys):
    line = access_line(gunicorn_conf(), capsys, headers=[("Content-Type", "text/html"), ("X-Request-ID", "abc123")])

    record = json.loads(line)
    assert record["logger"] == "gunicorn.access"
    assert record["message"] == "GET /uk/search/ 404"
    assert {key: record[key] for key in ("method", "path", "status", "bytes", "duration_ms", "request_id")} == {
        "method": "GET", "path": "/uk/search/", "status": 404, "bytes": 1234, "duration_ms": 42.0,
        "request_id": "abc123",
    }
    assert "diagnosis" not in line  # the query string stays out of the logs


def test_the_access_log_can_be_plain_text(gunicorn_conf, capsys):
    line = access_line(gunicorn_conf(LOG_FORMAT="text"), capsys, headers=[("X-Request-ID", "abc123")])

    assert line.endswith("INFO gunicorn.access [abc123] GET /uk/search/ 404")
